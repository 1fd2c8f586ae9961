"""Privacy (PIPL): consent for sensitive fields, and audit entries for deliberate acts (unmasking, export).

Changes to personal data are audited automatically on flush (app/storage/tracking.py); this module records the
acts that are not data changes, and guards sensitive fields behind a recorded consent (Art. 29).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import text as sql_text
from sqlmodel import Session, select

from app.errors import DomainError
from app.i18n import N_, _
from app.models import AuditLog, Consent
from app.storage.db import Database
from app.validation.dates import parse_date

# Consent scopes. Modules may add their own scope names.
SCOPES: dict[str, str] = {
    "hardship.sensitive": N_("困难帮扶：健康、残疾、收入、银行账户、子女信息（敏感个人信息）"),
    "hardship.publicity": N_("困难帮扶：在公示名单中公开"),
}


def record_audit(db: Database | None, action: str, *, table: str = "", uuid: str = "", label: str = "",
                 text: str = "", session: Session | None = None) -> None:
    """Write one audit entry (who, when, what) for an act such as "unmask", "export", "print"."""
    def add(s: Session) -> None:
        s.add(AuditLog(actor=s.info.get("actor", ""), action=action, table_name=table, record_uuid=uuid,
                       record_label=label, changes=text))

    if session is not None:
        add(session)
        return
    assert db is not None
    with db.session(write=True) as s:
        add(s)


def active_consent(s: Session, subject_uuid: str, scope: str, on: date | None = None) -> Consent | None:
    on = on or date.today()
    rows = s.exec(select(Consent).where(Consent.subject_uuid == subject_uuid, Consent.scope == scope)).all()
    for c in rows:
        if c.given_on <= on and (c.withdrawn_on is None or c.withdrawn_on > on):
            return c
    return None


def has_consent(db: Database, subject_uuid: str, scope: str) -> bool:
    with db.session() as s:
        return active_consent(s, subject_uuid, scope) is not None


def require_consent(s: Session, subject_uuid: str, scope: str, field: str | None = None) -> None:
    """Raise unless a consent for ``scope`` is in force for the subject (call inside the writing session)."""
    if active_consent(s, subject_uuid, scope) is None:
        raise DomainError("privacy.no_consent",
                          _("填写这些信息需要本人单独同意（《个人信息保护法》第二十九条）。请先登记同意书：{scope}")
                          .format(scope=_(SCOPES.get(scope, scope))), field)


def record_consent(db: Database, subject_uuid: str, scope: str, given_on: object, *, method: str = "书面",
                   evidence: str = "", note: str = "") -> Consent:
    d = parse_date(given_on)
    if d is None:
        raise DomainError("privacy.consent_date", _("请填写同意日期"), "given_on")
    if d > date.today():
        raise DomainError("privacy.consent_date", _("同意日期不能晚于今天"), "given_on")
    with db.session(write=True) as s:
        c = Consent(subject_uuid=subject_uuid, scope=scope, given_on=d, method=method, evidence=evidence,
                    note=note)
        s.add(c)
        s.flush()
        s.refresh(c)
        return c


def withdraw_consent(db: Database, consent_id: int, on: object | None = None) -> Consent:
    d = parse_date(on) if on else date.today()
    with db.session(write=True) as s:
        c = s.get(Consent, consent_id)
        if c is None:
            raise DomainError("privacy.consent_missing", _("同意记录不存在"))
        c.withdrawn_on = d
        s.add(c)
        s.flush()
        s.refresh(c)
        return c


# ---------------------------------------------------------------------------------------------------------------
# Sensitive fields (Art. 28/29): any module guards its writes with check_sensitive

SENSITIVE_FIELDS: dict[str, str] = {
    "health": N_("健康状况"), "disability": N_("残疾情况"), "income": N_("收入"), "bank_account": N_("银行账户"),
    "bank_name": N_("开户银行"), "children": N_("子女信息"),
}


def check_sensitive(s: Session, subject_uuid: str, values: dict[str, object],
                    scope: str = "hardship.sensitive") -> None:
    """Raise ``privacy.no_consent`` when ``values`` fills a sensitive field without a consent in force."""
    filled = [k for k, v in values.items() if k in SENSITIVE_FIELDS and v not in (None, "", 0, [], {})]
    if filled:
        require_consent(s, subject_uuid, scope, filled[0])


def list_consents(db: Database, subject_uuid: str) -> list[Consent]:
    with db.session() as s:
        return list(s.exec(select(Consent).where(Consent.subject_uuid == subject_uuid)
                           .order_by(Consent.given_on.desc())).all())  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------------------------
# Unmasking: deliberate, one record at a time, audit-logged


def unmask_member(db: Database, member_id: int, field: str, reason: str = "") -> str:
    """The clear ID or phone number of one member; the act is written to the audit log."""
    from app.models import Member

    if field not in ("id_number", "mobile"):
        raise DomainError("privacy.unmask_field", _("只能显示证件号码或手机号码"), "field")
    with db.session(write=True) as s:
        m = s.get(Member, member_id)
        if m is None:
            raise DomainError("privacy.no_member", _("会员不存在（编号 {id}）").format(id=member_id))
        label = _("证件号码") if field == "id_number" else _("手机号码")
        record_audit(None, "unmask", table="member", uuid=m.uuid, label=m.name,
                     text=(label + ("：" + reason if reason else "")), session=s)
        return str(getattr(m, field) or "")


# ---------------------------------------------------------------------------------------------------------------
# The audit log: view, filter, export (PIPL Art. 56: kept at least 3 years)

AUDIT_ACTIONS: dict[str, str] = {
    "create": N_("新增"), "update": N_("修改"), "delete": N_("删除"), "unmask": N_("查看完整号码"),
    "export": N_("导出"), "print": N_("打印"), "anonymise": N_("匿名化"), "restore": N_("恢复备份"),
    "handover": N_("交接导出"), "consent": N_("同意书"), "import": N_("导入"),
}
AUDIT_KEEP_YEARS = 3
# What the audit log calls each table; modules add theirs.
AUDIT_TABLES: dict[str, str] = {
    "member": N_("会员"), "membership_event": N_("会籍变化"), "department": N_("部门"), "consent": N_("同意书"),
    "audit_log": N_("审计日志"), "organisation": N_("工会信息"), "congress_representative": N_("职工代表"),
    "motion": N_("提案"), "contract": N_("集体合同"), "hardship_file": N_("困难职工档案"),
    "hardship_member": N_("家庭成员"), "hardship_aid": N_("帮扶记录"), "hardship_visit": N_("走访慰问"),
    "sync_bundle_export": N_("上报数据包"),
}

# What the audit log calls the fields of the other tables (member and hardship fields have their own labels).
AUDIT_FIELD_LABELS: dict[str, str] = {
    "department": N_("部门/班组"), "events": N_("会籍变化"),
    "term_id": N_("届次"), "member_id": N_("会员"), "constituency_id": N_("选区"), "category": N_("类别"),
    "observer": N_("列席代表"), "elected_on": N_("当选日期"), "replaces_id": N_("接替的代表"), "ended_on": N_("终止日期"),
    "end_kind": N_("终止方式"), "end_reason": N_("终止原因"), "recall_for": N_("撤换理由"), "recall_base": N_("撤换所依据的人数"),
    "subject_uuid": N_("对象"), "scope": N_("范围"), "given_on": N_("同意日期"), "method": N_("方式"), "evidence": N_("证明材料"),
    "withdrawn_on": N_("撤回日期"), "note": N_("备注"), "contract_id": N_("集体合同"), "side": N_("协商方"), "chief": N_("首席代表"),
    "outsider": N_("外聘代表"), "union_chair": N_("工会主席"), "authorisation": N_("授权"),
    "labour_contract_end": N_("劳动合同到期日"), "appointed_on": N_("产生日期"), "left_on": N_("离任日期"),
    "left_reason": N_("离任原因"), "file_id": N_("困难职工档案"), "aid_type": N_("帮扶类型"), "amount": N_("金额"),
    "paid_on": N_("发放日期"), "year": N_("年度"), "fund": N_("资金来源"), "signature": N_("签收"), "student_name": N_("学生姓名"),
    "school": N_("学校"), "major": N_("专业"), "admission_on": N_("入学时间"), "study_years": N_("学制"), "tuition": N_("学费"),
    "visit_id": N_("走访慰问"), "kind": N_("类型"), "filename": N_("文件名"), "mime": N_("文件类型"), "size": N_("大小"),
    "sha256": N_("校验值"), "added_on": N_("添加日期"), "starts_on": N_("开始日期"), "ends_on": N_("结束日期"), "rule": N_("条件"),
    "cash": N_("慰问金"), "goods": N_("慰问品"), "goods_value": N_("慰问品价值"), "on_date": N_("日期"), "from_state": N_("原状态"),
    "to_state": N_("新状态"), "level": N_("层级"), "result": N_("结果"), "opinion": N_("意见"), "person": N_("经办人"),
    "category_computed": N_("测算类别"), "category_override": N_("调整后的类别"), "override_reason": N_("调整理由"),
    "per_capita": N_("家庭人均月收入"), "state": N_("状态"), "state_since": N_("状态起始日期"), "filed_on": N_("建档日期"),
    "next_recheck_on": N_("下次复核日期"), "exit_kind": N_("退出方式"), "exit_on": N_("退出日期"), "exit_reason": N_("退出原因"),
    "month": N_("月份"), "sort_order": N_("顺序"), "valid_from": N_("起始日期"), "monthly": N_("月标准"), "region": N_("地区"),
    "source": N_("依据"), "done": N_("已完成"), "visited_on": N_("走访日期"), "visitors": N_("走访人员"), "reason": N_("原因"),
}

@dataclass(frozen=True)
class AuditFilter:
    since: date | None = None
    until: date | None = None
    actor: str = ""
    action: str = ""
    table: str = ""
    text: str = ""   # part of the record's label, uuid or change text


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    table: str
    record_uuid: str
    label: str
    changes: str

    @property
    def action_label(self) -> str:
        return _(AUDIT_ACTIONS.get(self.action, self.action))

    @property
    def table_label(self) -> str:
        return _(AUDIT_TABLES[self.table]) if self.table in AUDIT_TABLES else self.table

    def local_time(self) -> str:
        return self.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def changes_text(self) -> str:
        """Old → new per field, readable ("手机号码：138****0000 → 139****1111")."""
        try:
            data = json.loads(self.changes) if self.changes.startswith("{") else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return self.changes
        from app.services.roster_import import import_audit_ref

        ref = import_audit_ref(data)
        if ref is not None:
            return _("从文件“{file}”第{row}行导入").format(file=ref[0], row=ref[1])
        if self.action == "import" and "created" in data:  # the summary of a roster import
            return _("文件 {file}：新增{c}名，更新{u}名，无变化{n}名，跳过{s}行，有问题未导入{i}行").format(
                file=data.get("file", ""), c=data.get("created", 0), u=data.get("updated", 0),
                n=data.get("unchanged", 0), s=data.get("skipped", 0), i=data.get("invalid", 0))
        if self.table == "sync_bundle_export":
            return _bundle_export_text(data)
        parts = []
        for k, v in data.items():
            old, new = (v + [None, None])[:2] if isinstance(v, list) else (None, v)
            money = k.endswith("_fen")
            parts.append(f"{self.field_label(k[:-4] if money else k)}："
                         f"{_shown(old, money)} → {_shown(new, money)}")
        return "；".join(parts)

    def field_label(self, name: str) -> str:
        """A field of this entry's table in words (the field's own name when it has no label)."""
        if self.table == "member":
            from app.services.roster import FIELD_LABELS as labels
        elif self.table.startswith("hardship_"):
            from app.services.hardship import FIELD_LABELS as labels
        else:
            labels = {}
        label = labels.get(name) or AUDIT_FIELD_LABELS.get(name)
        return _(label) if label else name


def _bundle_export_text(data: dict[str, Any]) -> str:
    """An upward bundle sent, with the labels of 上报数据 → 已发送的数据包 (it showed seq/kind/purpose/to/counts)."""
    from app.sync import exporter, policy

    def as_dict(v: Any) -> dict[str, Any]:
        return v if isinstance(v, dict) else {}

    counts = as_dict(data.get("counts"))
    records, tombstones = as_dict(counts.get("records")), as_dict(counts.get("tombstones"))
    content = exporter.records_text(records)
    if sum(tombstones.values()):
        content += "；" + _("删除 {n}").format(n=sum(tombstones.values()))
    parts = [(_("序号"), data.get("seq", "")), (_("类型"), exporter.kind_label(str(data.get("kind", "")))),
             (_("级别"), data.get("level", "")), (_("接收方"), data.get("to", ""))]
    if data.get("purpose"):
        purpose = str(data["purpose"])
        parts.append((_("用途"), _(policy.PURPOSES[purpose]) if purpose in policy.PURPOSES else purpose))
    parts.append((_("内容（数量）"), content))
    return "；".join(f"{label}：{value}" for label, value in parts)


def _shown(v: Any, money: bool = False) -> str:
    """A value as the audit log shows it: yes/no in words, amounts kept in fen as yuan."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return _("是") if v else _("否")
    if money and isinstance(v, int):
        return f"¥{v / 100:,.2f}"
    return str(v)


def _audit_where(stmt: Any, f: AuditFilter) -> Any:
    if f.since:
        stmt = stmt.where(AuditLog.at >= datetime.combine(f.since, time.min).astimezone(UTC))
    if f.until:
        stmt = stmt.where(AuditLog.at < datetime.combine(f.until + timedelta(days=1), time.min).astimezone(UTC))
    if f.actor:
        stmt = stmt.where(AuditLog.actor == f.actor)
    if f.action:
        stmt = stmt.where(AuditLog.action == f.action)
    if f.table:
        stmt = stmt.where(AuditLog.table_name == f.table)
    if f.text:
        like = f"%{f.text}%"
        stmt = stmt.where(or_(AuditLog.record_label.like(like), AuditLog.record_uuid == f.text,  # type: ignore
                              AuditLog.changes.like(like)))  # type: ignore[attr-defined]
    return stmt


def audit_entries(db: Database, f: AuditFilter | None = None, *, limit: int = 500,
                  offset: int = 0) -> list[AuditRow]:
    """Audit entries matching ``f``, newest first."""
    stmt = _audit_where(select(AuditLog), f or AuditFilter())
    stmt = stmt.order_by(AuditLog.id.desc()).offset(offset).limit(limit)  # type: ignore[union-attr]
    with db.session() as s:
        return [AuditRow(a.id or 0, a.at, a.actor, a.action, a.table_name, a.record_uuid, a.record_label,
                         a.changes) for a in s.exec(stmt).all()]


def audit_count(db: Database, f: AuditFilter | None = None) -> int:
    stmt = _audit_where(select(func.count()).select_from(AuditLog), f or AuditFilter())
    with db.session() as s:
        return int(s.exec(stmt).one())


def audit_actors(db: Database) -> list[str]:
    with db.session() as s:
        return sorted(a for a in s.exec(select(AuditLog.actor).distinct()).all() if a)


def export_audit(db: Database, path: Path, f: AuditFilter | None = None) -> int:
    """Write the matching audit entries to an .xlsx file (atomically). Returns the number of rows."""
    import xlsxwriter

    from app.fileio import atomic_write

    rows = audit_entries(db, f, limit=10_000_000)
    with atomic_write(path, "wb") as fh:
        wb = xlsxwriter.Workbook(fh, {"in_memory": True})
        ws = wb.add_worksheet(_("审计日志"))
        bold = wb.add_format({"bold": True})
        heads = [_("时间"), _("操作人"), _("操作"), _("数据表"), _("记录"), _("记录编号"), _("内容")]
        for c, h in enumerate(heads):
            ws.write(0, c, h, bold)
        for r, a in enumerate(rows, start=1):
            ws.write_row(r, 0, [a.local_time(), a.actor, a.action_label, a.table_label, a.label, a.record_uuid,
                                a.changes_text()])
        ws.set_column(0, 0, 20)
        ws.set_column(1, 3, 12)
        ws.set_column(4, 4, 16)
        ws.set_column(5, 5, 38)
        ws.set_column(6, 6, 80)
        ws.freeze_panes(1, 0)
        wb.close()
    record_audit(db, "export", table="audit_log", label=_("审计日志"),
                 text=_("{n} 条，导出到 {path}").format(n=len(rows), path=path.name))
    return len(rows)


# ---------------------------------------------------------------------------------------------------------------
# Retention (Art. 47): members who left are anonymised after the period the union sets; statistics stay

RETENTION_META_KEY = "privacy.retention_years"
LEFT_STATUSES = ("transferred_out", "expelled", "withdrawn")
LEAVING_EVENTS = ("转出", "除名", "退会")
ANON_PREFIX = "（已匿名）"
# Other modules register a function (session, member_uuids) that clears their personal data about those members.
ANONYMISERS: list[Callable[[Session, list[str]], None]] = []


def retention_years(db: Database) -> int | None:
    with db.engine.connect() as conn:
        v = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (RETENTION_META_KEY,)).scalar()
    try:
        return int(v) if v else None
    except ValueError:
        return None


def set_retention_years(db: Database, years: int | None) -> None:
    if years is not None and not 1 <= years <= 50:
        raise DomainError("privacy.retention", _("保存期限应在 1 到 50 年之间"), "years")
    with db.session(write=True) as s:
        s.execute(sql_text("INSERT INTO meta(key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET "
                           "value = excluded.value"), {"k": RETENTION_META_KEY, "v": str(years or "")})


@dataclass(frozen=True)
class AnonCandidate:
    member_id: int
    uuid: str
    name: str
    left_on: date | None


def anonymise_candidates(db: Database, today: date | None = None, years: int | None = None) -> list[AnonCandidate]:
    """Members who left more than the retention period ago and are not yet anonymised."""
    from app.models import Member, MembershipEvent

    years = years if years is not None else retention_years(db)
    if not years:
        return []
    today = today or date.today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    left = (select(MembershipEvent.member_id, func.max(MembershipEvent.on_date).label("left_on"))
            .where(MembershipEvent.kind.in_(LEAVING_EVENTS))  # type: ignore[attr-defined]
            .group_by(MembershipEvent.member_id).subquery())  # type: ignore[arg-type]
    stmt = (select(Member.id, Member.uuid, Member.name, left.c.left_on)
            .join(left, left.c.member_id == Member.id)
            .where(Member.status.in_(LEFT_STATUSES), left.c.left_on <= cutoff,  # type: ignore
                   ~Member.name.startswith(ANON_PREFIX))  # type: ignore
            .order_by(left.c.left_on))
    with db.session() as s:
        return [AnonCandidate(int(r[0] or 0), r[1], r[2], r[3])
                for r in s.exec(stmt).all()]  # type: ignore[call-overload]


def anonymise_left_members(db: Database, today: date | None = None, years: int | None = None) -> int:
    """Anonymise every candidate in one transaction: names, ID and phone numbers, places, notes and the names
    in their audit entries are removed; sex, birth year, dates, department, post and membership events stay."""
    from app.models import Member, MembershipEvent

    cands = anonymise_candidates(db, today, years)
    if not cands:
        return 0
    from app.storage.backup import create_backup

    create_backup(db, "anonymise")
    uuids = [c.uuid for c in cands]
    with db.session(write=True) as s:
        s.info["audit_disabled"] = True  # the update entries would keep the old values
        for c in cands:
            m = s.get(Member, c.member_id)
            if m is None:
                continue
            code = m.uuid[:8]
            m.name = f"{ANON_PREFIX}{code}"
            m.name_pinyin, m.name_initials = "", ""
            m.id_number, m.id_rev, m.mobile, m.mobile_rev = None, "", "", ""
            if m.birth_date:
                m.birth_date = date(m.birth_date.year, 1, 1)
            m.hukou_place = m.native_place = m.notes = m.card_number = ""
            s.add(m)
            for ev in s.exec(select(MembershipEvent).where(MembershipEvent.member_id == m.id)).all():
                if ev.note or ev.reason:
                    ev.note, ev.reason = "", ""
                    s.add(ev)
        s.flush()
        from app.services.registry import load_all

        load_all()  # modules register their anonymisers on import
        for fn in ANONYMISERS:
            fn(s, uuids)
        s.execute(sql_text("UPDATE audit_log SET record_label = :l, changes = '' WHERE record_uuid = :u"),
                  [{"l": f"{ANON_PREFIX}{u[:8]}", "u": u} for u in uuids])
        for u in uuids:
            s.add(AuditLog(actor=s.info.get("actor", ""), action="anonymise", table_name="member", record_uuid=u,
                           record_label=f"{ANON_PREFIX}{u[:8]}", changes=""))
    return len(cands)


# ---------------------------------------------------------------------------------------------------------------
# Idle lock (a per-computer setting)


def idle_lock_minutes() -> int:
    from app import settings

    try:
        return max(0, int(settings.get("idle_lock_minutes", 0) or 0))
    except (TypeError, ValueError):
        return 0


def set_idle_lock_minutes(minutes: int) -> None:
    from app import settings

    if not 0 <= minutes <= 240:
        raise DomainError("privacy.idle_minutes", _("闲置锁定时间应在 0（不锁定）到 240 分钟之间"), "minutes")
    settings.set_values(idle_lock_minutes=minutes)
