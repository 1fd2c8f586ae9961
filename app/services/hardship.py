"""Hardship files, visits and aid (困难职工帮扶、走访慰问、送温暖).

Files follow the lifecycle 申请 → 入户调查 → 公示 → 审批 → 在档 → yearly 复核 → 解困/脱困/退档 (→ 回访, 返困).
Sensitive personal information (health, disability, income, bank account, children — PIPL Art. 28) is written
only while the household's separate consent "hardship.sensitive" is in force (Art. 29); this is enforced here, not
only in the window. A 公示 list contains only households with the "hardship.publicity" consent (Art. 25), with
masked ID numbers. Every change is audited by the flush hook (app/storage/tracking.py). Money is in fen.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.errors import DomainError, NotFound, Problem, ValidationFailed
from app.i18n import N_, _
from app.models import Consent, Member
from app.models.hardship import (
    HardshipAid,
    HardshipAttachment,
    HardshipBudget,
    HardshipCampaign,
    HardshipEvent,
    HardshipFile,
    HardshipIncome,
    HardshipMember,
    HardshipStandard,
    HardshipVisit,
)
from app.rules import hardship as rules
from app.rules.hardship import ACCIDENT, DEEP, RELATIVE, Classification, Finding, Standard, to_fen, yuan
from app.rules.profile import current_profile, rule
from app.services import demo, privacy
from app.storage.db import Database
from app.validation import codes, idnumber, phone
from app.validation.dates import DateError, parse_date
from app.validation.text import clean

SENSITIVE = "hardship.sensitive"
PUBLICITY = "hardship.publicity"

APPLIED, SURVEY, PUBLICITY_STATE, APPROVAL, FILED, REJECTED = "申请", "入户调查", "公示", "审批", "在档", "未通过"
EXIT_STATES = ("解困", "脱困", "退档")
STATES: dict[str, str] = {
    APPLIED: N_("申请"), SURVEY: N_("入户调查"), PUBLICITY_STATE: N_("公示"), APPROVAL: N_("审批"),
    FILED: N_("在档"), REJECTED: N_("未通过"), "解困": N_("解困"), "脱困": N_("脱困"), "退档": N_("退档"),
}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    APPLIED: (SURVEY,),
    SURVEY: (PUBLICITY_STATE, APPROVAL),   # straight to 审批 when the household did not consent to a 公示
    PUBLICITY_STATE: (APPROVAL,),
    APPROVAL: (FILED, REJECTED),
    FILED: EXIT_STATES,
    REJECTED: (APPLIED,),
    "解困": (APPLIED,), "脱困": (APPLIED,), "退档": (APPLIED,),   # 返困: a new application
}
OPEN_STATES = (APPLIED, SURVEY, PUBLICITY_STATE, APPROVAL, FILED)

CAUSES = ("因病", "因残", "子女就学", "下岗失业", "意外灾害", "单亲", "低收入", "工伤", "其他")
VISIT_KINDS = ("送温暖", "节日慰问", "住院探视", "日常走访")
AID_TYPES = ("生活救助", "医疗救助", "金秋助学", "法律援助")
VISIT_FUND_TYPE = "走访慰问"   # visit cash counts under this type in caps and the ledger
LEDGER_TYPES = (*AID_TYPES, VISIT_FUND_TYPE)
FUNDS = ("工会经费", "上级帮扶资金", "社会捐助", "行政拨款")
SIGNATURES = ("未签收", "已签收", "代签")
EVIDENCE_KINDS = ("诊断证明", "残疾证", "收入证明", "户口本", "低保证", "医疗票据", "录取通知书", "照片", "其他")
CHILD_RELATIONS = ("子", "女", "儿子", "女儿", "子女", "孙子", "孙女", "外孙", "外孙女")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Stored words shown translated (_(value)) in lists and documents.
_VOCABULARY = (
    N_("送温暖"), N_("节日慰问"), N_("住院探视"), N_("日常走访"), N_("生活救助"), N_("医疗救助"), N_("金秋助学"),
    N_("法律援助"), N_("走访慰问"), N_("工会经费"), N_("上级帮扶资金"), N_("社会捐助"), N_("行政拨款"), N_("未签收"),
    N_("已签收"), N_("代签"), N_("诊断证明"), N_("残疾证"), N_("收入证明"), N_("户口本"), N_("低保证"), N_("医疗票据"),
    N_("录取通知书"), N_("照片"), N_("其他"), N_("状态"), N_("审核"), N_("复核"), N_("回访"), N_("改类别"), N_("同意"),
    N_("不同意"), N_("稳定"), N_("返困"), N_("解困评估"), N_("因病"), N_("因残"), N_("子女就学"), N_("下岗失业"),
    N_("意外灾害"), N_("单亲"), N_("低收入"), N_("工伤"), N_("未填"),
)

FIELD_LABELS: dict[str, str] = {
    "name": N_("姓名"), "sex": N_("性别"), "ethnicity": N_("民族"), "id_number": N_("身份证号"),
    "birth_date": N_("出生日期"), "political_status": N_("政治面貌"), "health": N_("健康状况"),
    "disability": N_("残疾类别"), "work_status": N_("工作状态"), "model_worker_type": N_("劳模类型"),
    "mobile": N_("手机号码"), "address": N_("现居住地"), "work_unit": N_("工作单位"), "file_no": N_("档案编号"),
    "housing_type": N_("住房类型"), "housing_area": N_("建筑面积"), "marital_status": N_("婚姻状况"),
    "single_parent": N_("是否单亲"), "household_size": N_("家庭人口"), "own_monthly_income": N_("本人月均收入"),
    "other_annual_income": N_("家庭其他年收入"), "rigid_expense": N_("刚性支出（年）"),
    "medical_insurance": N_("医保状况"), "zero_employment": N_("是否零就业家庭"), "dibao": N_("低保金额"),
    "accident_cost": N_("意外/疾病/灾害支出"), "accident_covered": N_("其中保险和救助已支付"),
    "accident_desc": N_("意外情况说明"), "main_cause": N_("主要致困原因"), "secondary_causes": N_("次要致困原因"),
    "reason_text": N_("致困原因简述"), "bank_name": N_("开户银行"), "bank_account": N_("银行账号"),
    "account_holder": N_("账户名"), "notes": N_("备注"), "applied_on": N_("申报时间"),
    "monthly_income": N_("月收入"), "relation": N_("关系"), "identity": N_("身份"),
    "school_or_unit": N_("单位或学校"), "evidence": N_("证明材料"), "household_income": N_("家庭月收入"),
}
MONEY_FIELDS = {"own_monthly_income": "own_monthly_income_fen", "other_annual_income": "other_annual_income_fen",
                "rigid_expense": "rigid_expense_fen", "dibao": "dibao_fen", "accident_cost": "accident_cost_fen",
                "accident_covered": "accident_covered_fen"}
TEXT_FIELDS = ("name", "ethnicity", "political_status", "health", "disability", "work_status", "model_worker_type",
               "address", "work_unit", "file_no", "housing_type", "housing_area", "marital_status",
               "medical_insurance", "accident_desc", "reason_text", "bank_name", "account_holder", "notes")
BOOL_FIELDS = ("single_parent", "zero_employment")
EDITABLE = (*TEXT_FIELDS, *BOOL_FIELDS, *MONEY_FIELDS, "sex", "id_number", "birth_date", "mobile",
            "household_size", "main_cause", "secondary_causes", "bank_account", "applied_on")
# Sensitive personal information (PIPL Art. 28): needs the "hardship.sensitive" consent to be written.
SENSITIVE_FIELDS = ("health", "disability", "own_monthly_income", "other_annual_income", "rigid_expense", "dibao",
                    "accident_cost", "accident_covered", "accident_desc", "bank_name", "bank_account",
                    "account_holder")
FIGURE_FIELDS = ("own_monthly_income", "other_annual_income", "rigid_expense", "household_size", "accident_cost",
                 "accident_covered")


def label(fld: str) -> str:
    return _(FIELD_LABELS.get(fld, fld))


def state_label(state: str) -> str:
    return _(STATES.get(state, state))


# ---------------------------------------------------------------------------------------------------------------
# Plain result objects


@dataclass(frozen=True)
class FileRow:
    id: int
    name: str
    id_number: str          # raw: lists and prints mask it
    category: str
    state: str
    main_cause: str
    household_size: int
    per_capita_fen: int | None
    next_recheck_on: date | None
    member_id: int | None


@dataclass
class FileDetail:
    file: HardshipFile
    members: list[HardshipMember]
    attachments: list[HardshipAttachment]    # without their bytes
    events: list[HardshipEvent]
    consents: dict[str, Consent | None]
    classification: Classification | None
    computation_error: str = ""

    @property
    def sensitive_allowed(self) -> bool:
        return self.consents.get(SENSITIVE) is not None

    @property
    def publicity_allowed(self) -> bool:
        return self.consents.get(PUBLICITY) is not None


@dataclass(frozen=True)
class Reminder:
    file_id: int
    name: str
    kind: str        # 复核 / 解困评估 / 回访
    due_on: date
    message: str
    cite: str = ""


@dataclass(frozen=True)
class LedgerRow:
    aid_type: str
    budget_fen: int | None
    paid_fen: int
    count: int

    @property
    def remaining_fen(self) -> int | None:
        return None if self.budget_fen is None else self.budget_fen - self.paid_fen


@dataclass
class CampaignProgress:
    campaign: HardshipCampaign
    done: list[tuple[HardshipVisit, str]] = field(default_factory=list)   # (visit, household name)
    left: list[tuple[HardshipVisit, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Helpers


def _today(on: object | None) -> date:
    try:
        d = parse_date(on) if on not in (None, "") else None
    except DateError as e:
        raise DomainError("hardship.date", str(e), "date") from None
    return d or date.today()


def _date(v: object, fld: str) -> date | None:
    try:
        return parse_date(v)
    except DateError as e:
        raise DomainError("hardship.date", f"{label(fld)}：{e}", fld) from None


def _file(s: Session, file_id: int) -> HardshipFile:
    f = s.get(HardshipFile, file_id)
    if f is None:
        raise NotFound("hardship.not_found", _("困难职工档案 {id} 不存在").format(id=file_id))
    return f


def _require(s: Session, f: HardshipFile, fld: str, scope: str = SENSITIVE) -> None:
    """Refuse to write ``fld`` unless the household's consent for ``scope`` is in force (PIPL Art. 29)."""
    if privacy.active_consent(s, f.uuid, scope) is None:
        raise DomainError(
            "privacy.no_consent",
            _("“{field}”属于敏感个人信息，需先登记本人的单独同意（《个人信息保护法》第二十九条；本程序要求书面形式）：{scope}").format(
                field=label(fld), scope=_(privacy.SCOPES.get(scope, scope))), fld)


def _event(s: Session, f: HardshipFile, kind: str, on: date, **kw: Any) -> HardshipEvent:
    e = HardshipEvent(file_id=f.id, kind=kind, on_date=on, **kw)  # type: ignore[arg-type]
    s.add(e)
    return e


def _fid(f: HardshipFile) -> int:
    assert f.id is not None
    return f.id


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _profile(db: Database) -> str:
    return current_profile(db)


def is_child(relation: str, birth_date: date | None, on: date | None = None) -> bool:
    on = on or date.today()
    if relation in CHILD_RELATIONS:
        return True
    if birth_date is not None:
        return _age(birth_date, on) < 18
    return False


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _uniq(seq: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in seq:
        if x and x not in out:
            out.append(x)
    return out


# ---------------------------------------------------------------------------------------------------------------
# 低保 standard


def set_standard(db: Database, valid_from: object, monthly_yuan: object, *, region: str = "",
                 source: str = "") -> HardshipStandard:
    """Record the local 低保 standard in force from ``valid_from`` (replaces one with the same date)."""
    d = _date(valid_from, "valid_from")
    if d is None:
        raise DomainError("hardship.standard_date", _("请填写低保标准的起始日期"), "valid_from")
    fen = to_fen(monthly_yuan, _("低保标准"), "monthly")
    if fen is None or fen <= 0:
        raise DomainError("hardship.standard_amount", _("低保标准应为大于0的金额（元/人·月）"), "monthly")
    with db.session(write=True) as s:
        st = s.exec(select(HardshipStandard).where(HardshipStandard.valid_from == d)).first()
        if st is None:
            st = HardshipStandard(valid_from=d, monthly_fen=fen)
        st.monthly_fen, st.region, st.source = fen, clean(region), clean(source)
        s.add(st)
        s.flush()
        s.refresh(st)
    for f in list_files(db, states=(APPLIED, SURVEY, PUBLICITY_STATE, APPROVAL, FILED)):
        reclassify(db, f.id)
    return st


def standards(db: Database) -> list[Standard]:
    """The union's recorded standards; the regional profile's list when none is recorded."""
    with db.session() as s:
        rows = s.exec(select(HardshipStandard).order_by(col(HardshipStandard.valid_from))).all()
    if rows:
        return [Standard(r.valid_from, r.monthly_fen, r.source or r.region) for r in rows]
    return rules.profile_standards(_profile(db))


def standard_on(db: Database, on: date | None = None) -> Standard:
    return rules.standard_on(standards(db), on or date.today())


# ---------------------------------------------------------------------------------------------------------------
# Consent


def consents(db: Database, file_id: int, on: date | None = None) -> dict[str, Consent | None]:
    with db.session() as s:
        f = _file(s, file_id)
        return {scope: privacy.active_consent(s, f.uuid, scope, on) for scope in (SENSITIVE, PUBLICITY)}


def give_consent(db: Database, file_id: int, scope: str, given_on: object, *, method: str = "书面",
                 evidence: str = "", note: str = "") -> Consent:
    """Record the household's separate consent (the subject is the household file)."""
    if scope not in (SENSITIVE, PUBLICITY):
        raise DomainError("hardship.consent_scope", _("未知的同意范围：{scope}").format(scope=scope), "scope")
    with db.session() as s:
        f = _file(s, file_id)
    return privacy.record_consent(db, f.uuid, scope, given_on, method=method, evidence=evidence, note=note)


def withdraw_consent(db: Database, file_id: int, scope: str, on: object | None = None, *,
                     erase: bool = True) -> None:
    """Withdraw a consent. For the sensitive scope, ``erase`` deletes the sensitive data (PIPL Art. 47)."""
    with db.session() as s:
        f = _file(s, file_id)
        c = privacy.active_consent(s, f.uuid, scope)
    if c is None:
        raise DomainError("hardship.no_consent_to_withdraw", _("没有生效的同意可撤回"), "scope")
    privacy.withdraw_consent(db, c.id, on)  # type: ignore[arg-type]
    if scope == SENSITIVE and erase:
        erase_sensitive(db, file_id)


def erase_sensitive(db: Database, file_id: int) -> None:
    """Delete the household's sensitive data: health, disability, income, bank, children's rows, evidence."""
    with db.session(write=True) as s:
        f = _file(s, file_id)
        _erase_sensitive_in(s, f)
        _event(s, f, "同意", date.today(), opinion=_("撤回敏感信息同意，已删除敏感信息"))


def _erase_sensitive_in(s: Session, f: HardshipFile) -> None:
    """Clear the sensitive fields, children's rows, evidence and monthly incomes of one file (no commit)."""
    file_id = f.id
    for fld in SENSITIVE_FIELDS:
        if fld in MONEY_FIELDS:
            setattr(f, MONEY_FIELDS[fld], None)
        else:
            setattr(f, fld, "")
    s.add(f)
    for m in s.exec(select(HardshipMember).where(HardshipMember.file_id == file_id)).all():
        if is_child(m.relation, m.birth_date):
            s.delete(m)
        else:
            m.health, m.monthly_income_fen = "", None
            s.add(m)
    for a in s.exec(select(HardshipAttachment).where(HardshipAttachment.file_id == file_id,
                                                     col(HardshipAttachment.visit_id).is_(None))).all():
        s.delete(a)
    for inc in s.exec(select(HardshipIncome).where(HardshipIncome.file_id == file_id)).all():
        s.delete(inc)


def anonymise_members(s: Session, member_uuids: list[str]) -> None:
    """When the union anonymises members who left (PIPL Art. 47, app.services.privacy), their household files
    lose every identifying and sensitive detail too; category, state, dates, visits and aid amounts stay for the
    statistics. Runs inside the anonymisation's own transaction."""
    if not member_uuids:
        return
    ids = list(s.exec(select(Member.id).where(col(Member.uuid).in_(member_uuids))).all())
    if not ids:
        return
    for f in s.exec(select(HardshipFile).where(col(HardshipFile.member_id).in_(ids))).all():
        _erase_sensitive_in(s, f)
        f.name = privacy.ANON_PREFIX + f.uuid[:8]
        for fld in ("id_number", "mobile", "address", "work_unit", "account_holder", "notes", "reason_text",
                    "accident_desc", "bank_name", "bank_account", "file_no"):
            setattr(f, fld, "")
        s.add(f)
        for m in s.exec(select(HardshipMember).where(HardshipMember.file_id == f.id)).all():
            m.name, m.id_number, m.school_or_unit = privacy.ANON_PREFIX, "", ""
            s.add(m)
        for a in s.exec(select(HardshipAttachment).where(HardshipAttachment.file_id == f.id)).all():
            s.delete(a)  # photos of visits too
        for v in s.exec(select(HardshipVisit).where(HardshipVisit.file_id == f.id)).all():
            v.notes = ""
            s.add(v)


privacy.ANONYMISERS.append(anonymise_members)


# ---------------------------------------------------------------------------------------------------------------
# Files


def _clean_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Normalise the editable values of a file (model column names; money in fen). Raises ValidationFailed."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for k, v in raw.items():
        if k not in EDITABLE:
            continue
        try:
            if k in MONEY_FIELDS:
                fen = to_fen(v, label(k), k)
                if fen is not None and fen < 0:
                    raise DomainError("hardship.negative", _("{label}：不能为负数").format(label=label(k)), k)
                out[MONEY_FIELDS[k]] = fen
            elif k in BOOL_FIELDS:
                out[k] = v if isinstance(v, bool) else codes.parse_yes_no(v, label(k))
            elif k in ("birth_date", "applied_on"):
                out[k] = _date(v, k)
            elif k == "household_size":
                try:
                    n = int(str(v).strip())
                except ValueError:
                    raise DomainError("hardship.household_size", _("家庭人口应为整数"), k) from None
                if not 1 <= n <= 30:
                    raise DomainError("hardship.household_size", _("家庭人口应在1到30人之间（含职工本人）"), k)
                out[k] = n
            elif k == "sex":
                out[k] = codes.normalise_code("sex", v, label(k))
            elif k == "id_number":
                out[k] = _id_number(v, k)
            elif k == "mobile":
                msg = phone.check_mobile(v)
                if msg:
                    raise DomainError("hardship.mobile", f"{label(k)}：{msg}", k)
                out[k] = phone.normalise(v)
            elif k == "bank_account":
                acct = clean(v).replace(" ", "")
                if acct and not acct.isdigit():
                    raise DomainError("hardship.bank_account", _("银行账号只能是数字"), k)
                out[k] = acct
            elif k == "main_cause":
                out[k] = _cause(v, k)
            elif k == "secondary_causes":
                items = v if isinstance(v, list | tuple) else str(v or "").replace("，", "、").replace(",", "、").split("、")
                causes = _uniq(_cause(x, k) for x in items)
                out[k] = "、".join(causes)
            elif k in ("notes", "reason_text", "accident_desc"):
                out[k] = str(v or "").strip()
            else:
                out[k] = clean(v)
        except (DomainError, codes.CodeError) as e:
            msg = e.message if isinstance(e, DomainError) else str(e)
            code = e.code if isinstance(e, DomainError) else "hardship.code"
            problems.append(Problem(code, k, msg))
    if "name" in out and not out["name"]:
        problems.append(Problem("hardship.name", "name", _("姓名：必填")))
    if problems:
        raise ValidationFailed(problems)
    return out


def _id_number(v: object, fld: str) -> str:
    s = idnumber.normalise(v)
    if not s:
        return ""
    try:
        return idnumber.parse(s).number
    except idnumber.IdNumberError as e:
        raise DomainError("hardship.id_number", f"{label(fld)}：{e.message}", fld) from None


def _cause(v: object, fld: str) -> str:
    s = clean(v)
    if s and s not in CAUSES:
        raise DomainError("hardship.cause", _("{label}“{value}”不在列表中，可填：{values}").format(
            label=label(fld), value=s, values="、".join(CAUSES)), fld)
    return s


def _apply(s: Session, f: HardshipFile, values: dict[str, Any], prof: str) -> bool:
    """Set cleaned values on ``f``; enforce consent for sensitive fields. Returns whether figures changed."""
    inv = {v: k for k, v in MONEY_FIELDS.items()}
    figures = False
    for col_name, v in values.items():
        fld = inv.get(col_name, col_name)
        old = getattr(f, col_name)
        if old == v:
            continue
        if fld in SENSITIVE_FIELDS and v not in (None, ""):
            _require(s, f, fld)
        setattr(f, col_name, v)
        if fld in FIGURE_FIELDS:
            figures = True
    secondary = [c for c in f.secondary_causes.split("、") if c]
    max_sec = int(rule(rules.AREA, "max_secondary_causes", prof).value)
    if len(secondary) > max_sec:
        raise DomainError("hardship.causes", _("次要致困原因最多{n}项").format(n=max_sec), "secondary_causes")
    if f.main_cause and f.main_cause in secondary:
        raise DomainError("hardship.causes", _("主要致困原因不应同时列为次要原因"), "secondary_causes")
    s.add(f)
    return figures


def create_file(db: Database, member_id: int, values: dict[str, Any] | None = None, *,
                applied_on: object | None = None) -> HardshipFile:
    """Open a household file for a member (state 申请). Person fields are prefilled from the roster."""
    vals = _clean_values(values or {})
    on = _today(applied_on)
    prof = _profile(db)
    with db.session(write=True) as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("hardship.member", _("会员 {id} 不存在").format(id=member_id), "member_id")
        open_file = s.exec(select(HardshipFile).where(HardshipFile.member_id == member_id,
                                                      col(HardshipFile.state).in_(OPEN_STATES))).first()
        if open_file is not None:
            raise DomainError("hardship.duplicate_file",
                              _("{name} 已有未结束的困难档案（编号 {id}，{state}）").format(
                                  name=m.name, id=open_file.id, state=state_label(open_file.state)), "member_id")
        f = HardshipFile(member_id=member_id, name=m.name, sex=m.sex, ethnicity=m.ethnicity,
                         id_number=m.id_number or "", birth_date=m.birth_date, political_status=m.political_status,
                         work_status=m.employment_status, mobile=m.mobile, work_unit=m.work_unit,
                         model_worker_type="劳模" if m.model_worker else "", state=APPLIED, state_since=on,
                         applied_on=on)
        s.add(f)
        s.flush()
        _apply(s, f, vals, prof)
        if not f.file_no:
            f.file_no = f"KN{on.year}{f.id:04d}"
        _event(s, f, "状态", on, to_state=APPLIED, opinion=_("建档申请"))
        s.flush()
        s.refresh(f)
        fid = f.id
    reclassify(db, fid)  # type: ignore[arg-type]
    return get_file(db, fid).file  # type: ignore[arg-type]


def update_file(db: Database, file_id: int, values: dict[str, Any],
                household: list[dict[str, Any]] | None = None) -> FileDetail:
    """Change a file's fields (and, when given, its household table) in one transaction; the classification is
    recomputed from the figures."""
    vals = _clean_values(values)
    prof = _profile(db)
    stds = standards(db)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        _apply(s, f, vals, prof)
        if household is not None:
            _replace_household(s, f, household)
        _reclassify(s, f, stds, prof)
    return get_file(db, file_id)


def annual_income_fen(f: HardshipFile) -> int | None:
    """家庭年度总收入 = 本人月均收入 × 12 + 家庭其他年收入 (the form's definition)."""
    if f.own_monthly_income_fen is None and f.other_annual_income_fen is None:
        return None
    return (f.own_monthly_income_fen or 0) * 12 + (f.other_annual_income_fen or 0)


def _compute(f: HardshipFile, stds: list[Standard], prof: str, on: date | None = None) -> Classification | None:
    annual = annual_income_fen(f)
    if annual is None:
        return None
    return rules.classify(annual_income_fen=annual, rigid_expense_fen=f.rigid_expense_fen or 0,
                          household_size=f.household_size, standard=rules.standard_on(stds, on or date.today()),
                          accident_cost_fen=f.accident_cost_fen or 0,
                          accident_covered_fen=f.accident_covered_fen or 0, profile=prof)


def compute(db: Database, f: HardshipFile, on: date | None = None) -> Classification | None:
    """The classification the figures give (None while the income is not filled in)."""
    return _compute(f, standards(db), _profile(db), on)


def _reclassify(s: Session, f: HardshipFile, stds: list[Standard], prof: str,
                on: date | None = None) -> Classification | None:
    """Recompute the category (kept as is when overridden by hand). No standard in force: left unclassified."""
    try:
        c = _compute(f, stds, prof, on)
    except DomainError as e:
        if e.code != "hardship.no_standard":
            raise
        c = None
    new_computed = c.category if c else ""
    pc = None if c is None else int(round(c.per_capita))
    if f.category_computed != new_computed or f.per_capita_fen != pc or (
            not f.category_override and f.category != new_computed):
        f.category_computed = new_computed
        f.per_capita_fen = pc
        if not f.category_override:
            f.category = new_computed
        s.add(f)
    return c


def reclassify(db: Database, file_id: int, on: date | None = None) -> Classification | None:
    """Recompute the category from the figures and the standard in force."""
    prof = _profile(db)
    stds = standards(db)
    with db.session(write=True) as s:
        return _reclassify(s, _file(s, file_id), stds, prof, on)


def override_category(db: Database, file_id: int, category: str, reason: str, *, on: object | None = None) -> None:
    """Set the category by hand (a reason is required); ``category=""`` returns to the computed one."""
    d = _today(on)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if category == "":
            f.category_override, f.override_reason, f.category = False, "", f.category_computed
            _event(s, f, "改类别", d, result=f.category, opinion=_("恢复按收入计算的类别"))
        else:
            if category not in rules.CATEGORIES:
                raise DomainError("hardship.category", _("困难类别只能是：{v}").format(v="、".join(rules.CATEGORIES)),
                                  "category")
            reason = (reason or "").strip()
            if not reason:
                raise DomainError("hardship.override_reason", _("手动调整困难类别必须填写理由"), "override_reason")
            old = f.category
            f.category, f.category_override, f.override_reason = category, True, reason
            _event(s, f, "改类别", d, result=category, opinion=_("{old} → {new}：{reason}").format(
                old=rules.category_label(old), new=rules.category_label(category), reason=reason))
        s.add(f)


def set_household(db: Database, file_id: int, rows: list[dict[str, Any]]) -> list[HardshipMember]:
    """Replace the household members table (家庭成员，不含职工本人).

    Health and income of any member, and any row about a child, are sensitive: they need the consent.
    """
    with db.session(write=True) as s:
        return _replace_household(s, _file(s, file_id), rows)


def _replace_household(s: Session, f: HardshipFile, rows: list[dict[str, Any]]) -> list[HardshipMember]:
    today = date.today()
    file_id = _fid(f)
    new: list[HardshipMember] = []
    for i, r in enumerate(rows, start=1):
        name = clean(r.get("name"))
        if not name:
            raise DomainError("hardship.member_name", _("家庭成员第{n}行：姓名必填").format(n=i), "name")
        relation = clean(r.get("relation"))
        try:
            idn = _id_number(r.get("id_number"), "id_number")
            born = _date(r.get("birth_date"), "birth_date")
        except DomainError as e:
            raise DomainError(e.code, _("家庭成员第{n}行：{msg}").format(n=i, msg=e.message), e.field) from None
        if idn and born is None:
            born = idnumber.parse(idn).birth_date
        try:
            sex = codes.normalise_code("sex", r.get("sex"), label("sex"))
        except codes.CodeError as e:
            raise DomainError("hardship.code", _("家庭成员第{n}行：{msg}").format(n=i, msg=e), "sex") from None
        if not sex and idn:
            sex = idnumber.parse(idn).sex
        health = clean(r.get("health"))
        income = to_fen(r.get("monthly_income"), label("monthly_income"), "monthly_income")
        if is_child(relation, born, today):
            _require(s, f, "children")
        if health:
            _require(s, f, "health")
        if income is not None:
            _require(s, f, "monthly_income")
        new.append(HardshipMember(file_id=file_id, name=name, relation=relation, sex=sex, id_number=idn,
                                  birth_date=born, health=health, monthly_income_fen=income,
                                  identity=clean(r.get("identity")), school_or_unit=clean(r.get("school_or_unit")),
                                  sort_order=i))
    for old in s.exec(select(HardshipMember).where(HardshipMember.file_id == file_id)).all():
        s.delete(old)
    s.flush()
    s.add_all(new)
    s.flush()
    for m in new:
        s.refresh(m)
    return new


FIELD_LABELS["children"] = N_("子女信息")


def add_attachment(db: Database, file_id: int, kind: str, filename: str, data: bytes, *, mime: str = "",
                   note: str = "", visit_id: int | None = None, on: object | None = None) -> HardshipAttachment:
    """Keep a scan or photo inside the (encrypted) database. Evidence of a file needs the sensitive consent;
    photos of a visit do not."""
    if not data:
        raise DomainError("hardship.attachment_empty", _("文件是空的"), "evidence")
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise DomainError("hardship.attachment_size", _("文件太大（{mb} MB）：单个附件不超过20 MB").format(
            mb=len(data) // (1024 * 1024)), "evidence")
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if visit_id is None:
            _require(s, f, "evidence")
        elif s.get(HardshipVisit, visit_id) is None:
            raise NotFound("hardship.visit_missing", _("走访记录 {id} 不存在").format(id=visit_id))
        a = HardshipAttachment(file_id=file_id, visit_id=visit_id, kind=clean(kind) or _("其他"),
                               filename=Path(filename).name, mime=mime or _guess_mime(filename), size=len(data),
                               sha256=hashlib.sha256(data).hexdigest(), added_on=_today(on), note=note, blob_data=data)
        s.add(a)
        s.flush()
        s.refresh(a)
        return a


def _guess_mime(name: str) -> str:
    ext = Path(name).suffix.lower()
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf",
            ".tif": "image/tiff", ".tiff": "image/tiff"}.get(ext, "application/octet-stream")


def attachment_data(db: Database, attachment_id: int) -> tuple[HardshipAttachment, bytes]:
    """An attachment and its bytes (opening one is recorded in the audit log)."""
    with db.session(write=True) as s:
        a = s.get(HardshipAttachment, attachment_id)
        if a is None:
            raise NotFound("hardship.attachment_missing", _("附件 {id} 不存在").format(id=attachment_id))
        privacy.record_audit(None, "view", table="hardship_attachment", uuid=a.uuid, label=a.filename, session=s)
        return a, bytes(a.blob_data)


def remove_attachment(db: Database, attachment_id: int) -> None:
    with db.session(write=True) as s:
        a = s.get(HardshipAttachment, attachment_id)
        if a is None:
            raise NotFound("hardship.attachment_missing", _("附件 {id} 不存在").format(id=attachment_id))
        s.delete(a)


def get_file(db: Database, file_id: int) -> FileDetail:
    with db.session() as s:
        f = _file(s, file_id)
        members = list(s.exec(select(HardshipMember).where(HardshipMember.file_id == file_id)
                              .order_by(col(HardshipMember.sort_order))).all())
        atts = list(s.exec(select(HardshipAttachment).where(HardshipAttachment.file_id == file_id)
                           .order_by(col(HardshipAttachment.id))).all())
        for a in atts:
            s.expunge(a)
            a.blob_data = b""
        events = list(s.exec(select(HardshipEvent).where(HardshipEvent.file_id == file_id)
                             .order_by(col(HardshipEvent.on_date), col(HardshipEvent.id))).all())
        cons = {scope: privacy.active_consent(s, f.uuid, scope) for scope in (SENSITIVE, PUBLICITY)}
    err = ""
    try:
        c = compute(db, f)
    except DomainError as e:
        c, err = None, e.message
    return FileDetail(f, members, atts, events, cons, c, err)


def list_files(db: Database, *, category: str | None = None, state: str | None = None,
               states: Iterable[str] | None = None, search: str = "") -> list[FileRow]:
    q = select(HardshipFile)
    if category is not None:
        q = q.where(HardshipFile.category == category)
    if state:
        q = q.where(HardshipFile.state == state)
    if states is not None:
        q = q.where(col(HardshipFile.state).in_(list(states)))
    if search:
        q = q.where(col(HardshipFile.name).contains(search) | col(HardshipFile.id_number).endswith(search))
    with db.session() as s:
        rows = s.exec(q.order_by(col(HardshipFile.id))).all()
        return [FileRow(f.id, f.name, f.id_number, f.category, f.state, f.main_cause, f.household_size,  # type: ignore[arg-type]
                        f.per_capita_fen, f.next_recheck_on, f.member_id) for f in rows]


# ---------------------------------------------------------------------------------------------------------------
# Lifecycle


def advance(db: Database, file_id: int, to_state: str, *, on: object | None = None, note: str = "",
            reason: str = "") -> HardshipFile:
    """Move a file to its next state. Exits need a reason; 在档 needs every approval level's consent."""
    d = _today(on)
    prof = _profile(db)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        allowed = TRANSITIONS.get(f.state, ())
        if to_state not in allowed:
            raise DomainError("hardship.transition", _("档案处于“{a}”，不能直接转为“{b}”（可转为：{c}）").format(
                a=state_label(f.state), b=state_label(to_state), c="、".join(state_label(x) for x in allowed) or "—"),
                "state")
        if f.state_since and d < f.state_since:
            raise DomainError("hardship.date_order", _("日期 {d} 早于上一步的日期 {p}").format(
                d=d.isoformat(), p=f.state_since.isoformat()), "date")
        if to_state == PUBLICITY_STATE and privacy.active_consent(s, f.uuid, PUBLICITY) is None:
            raise DomainError("privacy.no_consent", _("本户未同意公示（《个人信息保护法》第二十五条）：不能列入公示名单。"
                                                      "请先登记公示同意，或在入户调查后直接转入审批"), "publicity")
        if to_state == FILED:
            levels = list(rule(rules.AREA, "approval_levels", prof).value)
            approved = {e.level for e in s.exec(select(HardshipEvent).where(
                HardshipEvent.file_id == file_id, HardshipEvent.kind == "审核", HardshipEvent.result == "同意",
                col(HardshipEvent.on_date) >= (f.applied_on or date.min))).all()}
            missing = [lv for lv in levels if lv not in approved]
            if missing:
                raise DomainError("hardship.approval_missing", _("还缺少以下审核意见（同意）：{m}").format(
                    m="、".join(missing)), "review")
            if not f.category:
                raise DomainError("hardship.no_category", _("尚无困难类别：请先填写收入等情况或手动认定类别"), "category")
        if to_state in EXIT_STATES and not (reason or "").strip():
            raise DomainError("hardship.exit_reason", _("{s}必须填写原因").format(s=state_label(to_state)), "reason")
        old = f.state
        f.state, f.state_since = to_state, d
        if to_state == FILED:
            f.filed_on = d
            f.next_recheck_on = _add_months(d, int(rule(rules.AREA, "recheck_months", prof).value))
            f.exit_kind, f.exit_on, f.exit_reason = "", None, ""
        elif to_state in EXIT_STATES:
            f.exit_kind, f.exit_on, f.exit_reason = to_state, d, reason.strip()
            f.next_recheck_on = None
        elif to_state == APPLIED:
            f.applied_on, f.filed_on, f.next_recheck_on = d, None, None
        s.add(f)
        kind_note = note or reason
        if to_state == APPLIED and old in EXIT_STATES:
            kind_note = kind_note or _("返困，重新申请")
        _event(s, f, "状态", d, from_state=old, to_state=to_state, opinion=kind_note)
        s.flush()
        s.refresh(f)
        return f


def add_review(db: Database, file_id: int, level: str, result: str, opinion: str = "", *, person: str = "",
               on: object | None = None) -> HardshipEvent:
    """An approval opinion of one level (本单位工会, 上级工会 …) with its date. ``result``: 同意 / 不同意."""
    d = _today(on)
    if result not in ("同意", "不同意"):
        raise DomainError("hardship.review_result", _("审核结果只能是“同意”或“不同意”"), "result")
    if not clean(level):
        raise DomainError("hardship.review_level", _("请填写审核单位（如本单位工会、上级工会）"), "level")
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if f.state not in (SURVEY, PUBLICITY_STATE, APPROVAL):
            raise DomainError("hardship.review_state", _("只有入户调查、公示或审批中的档案可以填写审核意见"), "state")
        e = _event(s, f, "审核", d, level=clean(level), result=result, opinion=opinion.strip(), person=clean(person))
        s.flush()
        s.refresh(e)
        return e


def recheck(db: Database, file_id: int, *, on: object | None = None, note: str = "", person: str = "") -> HardshipFile:
    """The yearly re-check of a file in 在档: recompute the category, set the next due date."""
    d = _today(on)
    prof = _profile(db)
    c = reclassify(db, file_id, d)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if f.state != FILED:
            raise DomainError("hardship.recheck_state", _("只有在档的档案需要年度复核"), "state")
        f.next_recheck_on = _add_months(d, int(rule(rules.AREA, "recheck_months", prof).value))
        s.add(f)
        result = rules.category_label(c.category) if c else ""
        _event(s, f, "复核", d, result=result[:10], opinion=note.strip(), person=clean(person))
        s.flush()
        s.refresh(f)
        return f


def add_followup(db: Database, file_id: int, *, on: object | None = None, note: str = "", person: str = "",
                 returned: bool = False) -> HardshipEvent:
    """A follow-up call to a household that left; ``returned`` (返困) reopens the file as a new application."""
    d = _today(on)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if f.state not in EXIT_STATES:
            raise DomainError("hardship.followup_state", _("回访只针对已解困、脱困或退档的家庭"), "state")
        e = _event(s, f, "回访", d, result="返困" if returned else "稳定", opinion=note.strip(), person=clean(person))
        s.flush()
        s.refresh(e)
        eid = e.id
    if returned:
        advance(db, file_id, APPLIED, on=d, note=_("回访发现返困"))
    with db.session() as s:
        return s.get(HardshipEvent, eid)  # type: ignore[return-value]


def record_income(db: Database, file_id: int, month: object, household_income: object, *,
                  rigid_expense: object = 0, household_size: int | None = None) -> HardshipIncome:
    """A month's household income (sensitive): feeds the exit-review prompt."""
    m = _month(month) if isinstance(month, str) else _date(month, "month")
    if m is None:
        raise DomainError("hardship.month", _("请填写月份（如 2025-03）"), "month")
    m = m.replace(day=1)
    inc = to_fen(household_income, label("household_income"), "household_income")
    if inc is None or inc < 0:
        raise DomainError("hardship.money", _("家庭月收入：请填写金额"), "household_income")
    rig = to_fen(rigid_expense, label("rigid_expense"), "rigid_expense") or 0
    with db.session(write=True) as s:
        f = _file(s, file_id)
        _require(s, f, "household_income")
        row = s.exec(select(HardshipIncome).where(HardshipIncome.file_id == file_id,
                                                  HardshipIncome.month == m)).first()
        if row is None:
            row = HardshipIncome(file_id=file_id, month=m, household_income_fen=inc)
        row.household_income_fen, row.rigid_expense_fen = inc, rig
        row.household_size = household_size or f.household_size
        s.add(row)
        s.flush()
        s.refresh(row)
        return row


def _month(s: str) -> date | None:
    try:
        return parse_date(s, allow_month=True)
    except DateError as e:
        raise DomainError("hardship.month", str(e), "month") from None


def _exit_prompt(category: str, rows: list[tuple[date, int, int, int]], stds: list[Standard],
                 prof: str) -> Finding | None:
    """rows: (month, household income, rigid expense, household size) of one file."""
    if not rows:
        return None
    months = [(m, Fraction(inc - rig, max(1, n))) for m, inc, rig, n in rows]
    try:
        std = rules.standard_on(stds, max(m for m, *_r in rows))
    except DomainError:
        return None
    return rules.exit_review(months, rules.filing_line(category or RELATIVE, std.monthly_fen, prof), prof)


def exit_prompt(db: Database, file_id: int) -> Finding | None:
    """The exit-review prompt for a file in 在档 (income not below its filing line for N months)."""
    with db.session() as s:
        f = _file(s, file_id)
        rows = [(r.month, r.household_income_fen, r.rigid_expense_fen, r.household_size) for r in s.exec(
            select(HardshipIncome).where(HardshipIncome.file_id == file_id)).all()]
    if f.state != FILED:
        return None
    return _exit_prompt(f.category, rows, standards(db), _profile(db))


def reminders(db: Database, today: date | None = None) -> list[Reminder]:
    """Re-checks due (within the profile's notice), exit reviews to consider, follow-up calls due.

    A few queries for the whole union (no query per file): the page and the start page call this often."""
    today = today or date.today()
    prof = _profile(db)
    stds = standards(db)
    notice = int(rule(rules.AREA, "recheck_remind_days", prof).value)
    fu_every = int(rule(rules.AREA, "followup_months", prof).value)
    fu_period = int(rule(rules.AREA, "followup_period_months", prof).value)
    recheck_cite = rule(rules.AREA, "recheck_months", prof).cite
    followup_cite = rule(rules.AREA, "followup_months", prof).cite
    F = HardshipFile
    out: list[Reminder] = []
    with db.session() as s:
        files = s.exec(select(F.id, F.name, F.state, F.category, F.next_recheck_on, F.exit_on)
                       .where(col(F.state).in_((FILED, *EXIT_STATES)))).all()
        last_call = dict(s.exec(select(HardshipEvent.file_id, func.max(HardshipEvent.on_date))
                                .where(HardshipEvent.kind == "回访").group_by(col(HardshipEvent.file_id))).all())
        incomes: dict[int, list[tuple[date, int, int, int]]] = {}
        for fid, m, inc, rig, n in s.exec(
                select(HardshipIncome.file_id, HardshipIncome.month, HardshipIncome.household_income_fen,
                       HardshipIncome.rigid_expense_fen, HardshipIncome.household_size)
                .join(F, col(F.id) == HardshipIncome.file_id).where(F.state == FILED)).all():
            incomes.setdefault(fid, []).append((m, inc, rig, n))
    soon = today + timedelta(days=notice)
    for fid, name, state, category, next_recheck, exit_on in files:
        if state == FILED:
            if next_recheck and next_recheck <= soon:
                msg = (_("年度复核已逾期（应于 {d} 前完成）") if next_recheck < today else _("年度复核将于 {d} 到期"))
                out.append(Reminder(fid, name, "复核", next_recheck, msg.format(d=next_recheck.isoformat()),
                                    recheck_cite))
            p = _exit_prompt(category, incomes.get(fid, []), stds, prof)
            if p is not None:
                out.append(Reminder(fid, name, "解困评估", today, p.message, p.cite))
        elif exit_on:
            last = max(d for d in (exit_on, last_call.get(fid)) if d is not None)
            due = _add_months(last, fu_every)
            if due <= today and due <= _add_months(exit_on, fu_period):
                out.append(Reminder(fid, name, "回访", due, _("{k}后回访到期（上次：{d}）").format(
                    k=state_label(state), d=last.isoformat()), followup_cite))
    return sorted(out, key=lambda r: (r.due_on, r.file_id))


# ---------------------------------------------------------------------------------------------------------------
# Visits and campaigns


def _in_year(column: Any, year: int) -> Any:
    """``column`` (a date) falls in ``year`` — as a range, so the column's index is used."""
    return (col(column) >= date(year, 1, 1)) & (col(column) < date(year + 1, 1, 1))


def _paid_in_year(s: Session, file_id: int, aid_type: str, year: int, exclude_visit: int | None = None) -> int:
    if aid_type == VISIT_FUND_TYPE:
        q = select(func.coalesce(func.sum(HardshipVisit.cash_fen), 0)).where(
            HardshipVisit.file_id == file_id, col(HardshipVisit.done).is_(True),
            _in_year(HardshipVisit.visited_on, year))
        if exclude_visit is not None:
            q = q.where(HardshipVisit.id != exclude_visit)
        return int(s.exec(q).one())
    return int(s.exec(select(func.coalesce(func.sum(HardshipAid.amount_fen), 0)).where(
        HardshipAid.file_id == file_id, HardshipAid.aid_type == aid_type, HardshipAid.year == year)).one())


def _spent_in_year(s: Session, aid_type: str, year: int) -> int:
    if aid_type == VISIT_FUND_TYPE:
        return int(s.exec(select(func.coalesce(func.sum(HardshipVisit.cash_fen), 0)).where(
            col(HardshipVisit.done).is_(True), _in_year(HardshipVisit.visited_on, year))).one())
    return int(s.exec(select(func.coalesce(func.sum(HardshipAid.amount_fen), 0)).where(
        HardshipAid.aid_type == aid_type, HardshipAid.year == year)).one())


def _check_money_out(s: Session, file_id: int, aid_type: str, amount: int, on: date, prof: str,
                     exclude_visit: int | None = None) -> None:
    """Yearly cap per household (profile) and the year's budget: both "以内" (the limit itself is allowed)."""
    if amount <= 0:
        return
    cap = rules.check_cap(aid_type, _paid_in_year(s, file_id, aid_type, on.year, exclude_visit), amount, prof)
    if cap is not None:
        raise DomainError(cap.code, cap.message + _("（依据：{cite}）").format(cite=cap.cite), "amount")
    b = s.exec(select(HardshipBudget).where(HardshipBudget.year == on.year, HardshipBudget.aid_type == aid_type)).first()
    if b is not None:
        spent = _spent_in_year(s, aid_type, on.year)
        if exclude_visit is not None:
            v = s.get(HardshipVisit, exclude_visit)
            if v is not None and v.done and v.visited_on and v.visited_on.year == on.year:
                spent -= v.cash_fen
        if spent + amount > b.amount_fen:
            raise DomainError("hardship.over_budget", _("{t}：{y}年预算 {b} 元，已支出 {p} 元，本次 {a} 元将超出预算（余额 {r} 元）")
                              .format(t=_(aid_type), y=on.year, b=yuan(b.amount_fen), p=yuan(spent), a=yuan(amount),
                                      r=yuan(b.amount_fen - spent)), "amount")


def _visit_values(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in raw.items():
        if k == "kind":
            if v not in VISIT_KINDS:
                raise DomainError("hardship.visit_kind", _("走访类型只能是：{v}").format(v="、".join(VISIT_KINDS)), k)
            out[k] = v
        elif k in ("cash", "goods_value"):
            fen = to_fen(v, _("慰问金") if k == "cash" else _("物品价值"), k) or 0
            if fen < 0:
                raise DomainError("hardship.negative", _("金额不能为负数"), k)
            out[k + "_fen"] = fen
        elif k == "visited_on":
            out[k] = _date(v, k)
        elif k == "signature":
            if v not in SIGNATURES:
                raise DomainError("hardship.signature", _("签收状态只能是：{v}").format(v="、".join(SIGNATURES)), k)
            out[k] = v
        elif k in ("visitors", "goods", "fund"):
            out[k] = clean(v)
        elif k == "notes":
            out[k] = str(v or "").strip()
        elif k == "done":
            out[k] = bool(v)
    return out


def add_visit(db: Database, file_id: int, values: dict[str, Any]) -> HardshipVisit:
    """Record a visit that happened (done) — or plan one (``done=False``)."""
    vals = {"kind": "日常走访", "done": True, **values}
    v = _visit_values(vals)
    prof = _profile(db)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        if v.get("done"):
            v.setdefault("visited_on", date.today())
            if v["visited_on"] is None:
                v["visited_on"] = date.today()
            _check_money_out(s, file_id, VISIT_FUND_TYPE, v.get("cash_fen", 0), v["visited_on"], prof)
        visit = HardshipVisit(file_id=f.id, **v)  # type: ignore[arg-type]
        s.add(visit)
        s.flush()
        s.refresh(visit)
        return visit


def complete_visit(db: Database, visit_id: int, values: dict[str, Any] | None = None) -> HardshipVisit:
    """Tick off a planned visit (date, visitors, cash and goods actually given, signature)."""
    v = _visit_values({**(values or {}), "done": True})
    prof = _profile(db)
    with db.session(write=True) as s:
        visit = s.get(HardshipVisit, visit_id)
        if visit is None:
            raise NotFound("hardship.visit_missing", _("走访记录 {id} 不存在").format(id=visit_id))
        for k, val in v.items():
            setattr(visit, k, val)
        if visit.visited_on is None:
            visit.visited_on = date.today()
        _check_money_out(s, visit.file_id, VISIT_FUND_TYPE, visit.cash_fen, visit.visited_on, prof,
                         exclude_visit=visit.id)
        s.add(visit)
        s.flush()
        s.refresh(visit)
        return visit


def list_visits(db: Database, *, year: int | None = None, campaign_id: int | None = None,
                file_id: int | None = None, done: bool | None = None) -> list[tuple[HardshipVisit, HardshipFile]]:
    q = select(HardshipVisit, HardshipFile).join(HardshipFile, col(HardshipFile.id) == HardshipVisit.file_id)
    if year is not None:
        q = q.outerjoin(HardshipCampaign, col(HardshipCampaign.id) == HardshipVisit.campaign_id).where(
            (_in_year(HardshipVisit.visited_on, year))
            | (col(HardshipVisit.visited_on).is_(None) & (HardshipCampaign.year == year)))
    if campaign_id is not None:
        q = q.where(HardshipVisit.campaign_id == campaign_id)
    if file_id is not None:
        q = q.where(HardshipVisit.file_id == file_id)
    if done is not None:
        q = q.where(col(HardshipVisit.done).is_(done))
    with db.session() as s:
        return [(v, f) for v, f in s.exec(q.order_by(col(HardshipVisit.visited_on), col(HardshipVisit.id))).all()]


def campaign_candidates(db: Database, categories: Iterable[str], extra_file_ids: Iterable[int] = ()) -> list[FileRow]:
    """Households a campaign picks: every 在档 file of ``categories`` plus the selected ones (e.g. all 深度困难
    + selected 相对困难)."""
    cats = set(categories)
    extra = set(extra_file_ids)
    return [r for r in list_files(db, state=FILED) if r.category in cats or r.id in extra]


def create_campaign(db: Database, name: str, year: int, *, kind: str = "送温暖", categories: Iterable[str] = (DEEP,),
                    extra_file_ids: Iterable[int] = (), cash: object = 0, goods: str = "", goods_value: object = 0,
                    fund: str = "", starts_on: object | None = None, ends_on: object | None = None) -> HardshipCampaign:
    """Create a campaign and the visit tasks of its households (one transaction)."""
    name = clean(name)
    if not name:
        raise DomainError("hardship.campaign_name", _("请填写活动名称"), "name")
    if kind not in VISIT_KINDS:
        raise DomainError("hardship.visit_kind", _("走访类型只能是：{v}").format(v="、".join(VISIT_KINDS)), "kind")
    cats = list(categories)
    for c in cats:
        if c not in rules.CATEGORIES:
            raise DomainError("hardship.category", _("困难类别只能是：{v}").format(v="、".join(rules.CATEGORIES)),
                              "categories")
    picked = campaign_candidates(db, cats, extra_file_ids)
    if not picked:
        raise DomainError("hardship.campaign_empty", _("按所选规则没有在档的困难家庭"), "categories")
    cash_fen = to_fen(cash, _("慰问金"), "cash") or 0
    gv_fen = to_fen(goods_value, _("物品价值"), "goods_value") or 0
    extra = sorted(set(extra_file_ids))
    rule_text = _("在档的{cats}").format(cats="、".join(rules.category_label(c) for c in cats) or "—")
    if extra:
        rule_text += _("，另选 {n} 户").format(n=len([r for r in picked if r.category not in cats]))
    with db.session(write=True) as s:
        camp = HardshipCampaign(name=name, kind=kind, year=int(year), starts_on=_date(starts_on, "starts_on"),
                                ends_on=_date(ends_on, "ends_on"), rule=rule_text, cash_fen=cash_fen,
                                goods=clean(goods), goods_value_fen=gv_fen, fund=clean(fund))
        s.add(camp)
        s.flush()
        for r in picked:
            s.add(HardshipVisit(file_id=r.id, campaign_id=camp.id, kind=kind, done=False, cash_fen=cash_fen,
                                goods=camp.goods, goods_value_fen=gv_fen, fund=camp.fund))
        s.flush()
        s.refresh(camp)
        return camp


def list_campaigns(db: Database, year: int | None = None) -> list[HardshipCampaign]:
    q = select(HardshipCampaign)
    if year is not None:
        q = q.where(HardshipCampaign.year == year)
    with db.session() as s:
        return list(s.exec(q.order_by(col(HardshipCampaign.id))).all())


def campaign_progress(db: Database, campaign_id: int) -> CampaignProgress:
    with db.session() as s:
        camp = s.get(HardshipCampaign, campaign_id)
        if camp is None:
            raise NotFound("hardship.campaign_missing", _("走访活动 {id} 不存在").format(id=campaign_id))
    p = CampaignProgress(camp)
    for v, f in list_visits(db, campaign_id=campaign_id):
        (p.done if v.done else p.left).append((v, f.name))
    return p


# ---------------------------------------------------------------------------------------------------------------
# Aid payments, budgets, the fund ledger


def _aid_values(raw: dict[str, Any]) -> dict[str, Any]:
    t = raw.get("aid_type", "")
    if t not in AID_TYPES:
        raise DomainError("hardship.aid_type", _("救助类别只能是：{v}").format(v="、".join(AID_TYPES)), "aid_type")
    amount = to_fen(raw.get("amount"), _("金额"), "amount")
    if amount is None or amount <= 0:
        raise DomainError("hardship.amount", _("金额：请填写大于0的金额"), "amount")
    paid_on = _date(raw.get("paid_on"), "paid_on") or date.today()
    out: dict[str, Any] = {"aid_type": t, "amount_fen": amount, "paid_on": paid_on, "year": paid_on.year,
                           "fund": clean(raw.get("fund")), "note": str(raw.get("note") or "").strip()}
    if raw.get("signature"):
        if raw["signature"] not in SIGNATURES:
            raise DomainError("hardship.signature", _("签收状态只能是：{v}").format(v="、".join(SIGNATURES)), "signature")
        out["signature"] = raw["signature"]
    if t == "金秋助学":
        out["student_name"] = clean(raw.get("student_name"))
        out["school"] = clean(raw.get("school"))
        if not out["student_name"] or not out["school"]:
            raise DomainError("hardship.study", _("金秋助学：请填写学生姓名和录取院校"), "school")
        out["major"] = clean(raw.get("major"))
        out["admission_on"] = _date(raw.get("admission_on"), "admission_on")
        yrs = raw.get("study_years")
        out["study_years"] = int(yrs) if yrs not in (None, "") else None
        out["tuition_fen"] = to_fen(raw.get("tuition"), _("学杂费/年"), "tuition")
    return out


def check_payment(db: Database, file_id: int, values: dict[str, Any]) -> list[Finding]:
    """What paying this would trigger: cap and budget (errors), possible duplicate (warning)."""
    v = _aid_values(values)
    prof = _profile(db)
    out: list[Finding] = []
    with db.session() as s:
        f = _file(s, file_id)
        if f.state != FILED:
            out.append(Finding("hardship.not_filed", "warning", _("本户档案不在“在档”状态（{s}）").format(
                s=state_label(f.state))))
        try:
            _check_money_out(s, file_id, v["aid_type"], v["amount_fen"], v["paid_on"], prof)
        except DomainError as e:
            out.append(Finding(e.code, "error", e.message))
        earlier = [(a.id, a.paid_on, a.amount_fen) for a in s.exec(select(HardshipAid).where(
            HardshipAid.file_id == file_id, HardshipAid.aid_type == v["aid_type"])).all()]
    dup = rules.find_duplicates(earlier, v["paid_on"], v["amount_fen"], prof)  # type: ignore[arg-type]
    if dup:
        out.append(dup)
    return out


def add_payment(db: Database, file_id: int, values: dict[str, Any], *, confirm_duplicate: bool = False) -> HardshipAid:
    """Pay aid. Over the yearly cap or the budget: refused. A possible duplicate: refused until confirmed."""
    v = _aid_values(values)
    findings = check_payment(db, file_id, values)
    errors = [x for x in findings if x.severity == "error"]
    if errors:
        raise DomainError(errors[0].code, errors[0].message, "amount")
    dups = [x for x in findings if x.code == "hardship.duplicate"]
    if dups and not confirm_duplicate:
        raise ValidationFailed([Problem(d.code, "paid_on", d.message, "warning") for d in dups])
    prof = _profile(db)
    with db.session(write=True) as s:
        f = _file(s, file_id)
        _check_money_out(s, file_id, v["aid_type"], v["amount_fen"], v["paid_on"], prof)
        if v["aid_type"] == "金秋助学":
            _require(s, f, "children")
        a = HardshipAid(file_id=f.id, **v)  # type: ignore[arg-type]
        s.add(a)
        s.flush()
        s.refresh(a)
        return a


def list_payments(db: Database, *, year: int | None = None, file_id: int | None = None,
                  aid_type: str | None = None) -> list[tuple[HardshipAid, HardshipFile]]:
    q = select(HardshipAid, HardshipFile).join(HardshipFile, col(HardshipFile.id) == HardshipAid.file_id)
    if year is not None:
        q = q.where(HardshipAid.year == year)
    if file_id is not None:
        q = q.where(HardshipAid.file_id == file_id)
    if aid_type:
        q = q.where(HardshipAid.aid_type == aid_type)
    with db.session() as s:
        return [(a, f) for a, f in s.exec(q.order_by(col(HardshipAid.paid_on), col(HardshipAid.id))).all()]


def get_payment(db: Database, aid_id: int) -> tuple[HardshipAid, HardshipFile]:
    with db.session() as s:
        a = s.get(HardshipAid, aid_id)
        if a is None:
            raise NotFound("hardship.aid_missing", _("救助记录 {id} 不存在").format(id=aid_id))
        return a, _file(s, a.file_id)


def set_budget(db: Database, year: int, aid_type: str, amount: object, *, fund: str = "") -> HardshipBudget:
    if aid_type not in LEDGER_TYPES:
        raise DomainError("hardship.aid_type", _("类别只能是：{v}").format(v="、".join(LEDGER_TYPES)), "aid_type")
    fen = to_fen(amount, _("预算"), "amount")
    if fen is None or fen < 0:
        raise DomainError("hardship.amount", _("预算：请填写金额"), "amount")
    with db.session(write=True) as s:
        b = s.exec(select(HardshipBudget).where(HardshipBudget.year == year,
                                                HardshipBudget.aid_type == aid_type)).first()
        spent = _spent_in_year(s, aid_type, year)
        if fen < spent:
            raise DomainError("hardship.budget_below_spent", _("{t}：{y}年已支出 {p} 元，预算不能少于已支出金额").format(
                t=_(aid_type), y=year, p=yuan(spent)), "amount")
        if b is None:
            b = HardshipBudget(year=year, aid_type=aid_type, amount_fen=fen)
        b.amount_fen, b.fund = fen, clean(fund)
        s.add(b)
        s.flush()
        s.refresh(b)
        return b


def ledger(db: Database, year: int) -> list[LedgerRow]:
    """Budget, paid and remaining per aid type for ``year`` (visit cash under 走访慰问)."""
    with db.session() as s:
        budgets = {b.aid_type: b.amount_fen for b in s.exec(select(HardshipBudget).where(HardshipBudget.year == year))}
        rows: list[LedgerRow] = []
        for t in LEDGER_TYPES:
            if t == VISIT_FUND_TYPE:
                n = int(s.exec(select(func.count()).select_from(HardshipVisit).where(
                    col(HardshipVisit.done).is_(True), HardshipVisit.cash_fen > 0,
                    _in_year(HardshipVisit.visited_on, year))).one())
            else:
                n = int(s.exec(select(func.count()).select_from(HardshipAid).where(
                    HardshipAid.aid_type == t, HardshipAid.year == year)).one())
            rows.append(LedgerRow(t, budgets.get(t), _spent_in_year(s, t, year), n))
    return rows


def export_ledger_xlsx(db: Database, year: int, path: str | Path) -> Path:
    """The fund ledger for the finance office: a summary sheet and one line per payment (IDs masked)."""
    import io

    import xlsxwriter

    from app.fileio import atomic_write_bytes
    from app.privacy_mask import mask_id

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    money = wb.add_format({"num_format": "#,##0.00"})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet(_("汇总"))
    ws.write_row(0, 0, [_("类别"), _("预算（元）"), _("已支出（元）"), _("余额（元）"), _("笔数")], bold)
    for i, r in enumerate(ledger(db, year), start=1):
        ws.write(i, 0, _(r.aid_type))
        if r.budget_fen is not None:
            ws.write_number(i, 1, r.budget_fen / 100, money)
            ws.write_number(i, 3, (r.remaining_fen or 0) / 100, money)
        ws.write_number(i, 2, r.paid_fen / 100, money)
        ws.write_number(i, 4, r.count)
    ws.set_column(0, 4, 14)
    ws2 = wb.add_worksheet(_("明细"))
    ws2.write_row(0, 0, [_("日期"), _("类别"), _("姓名"), _("身份证号"), _("金额（元）"), _("资金来源"), _("签收"), _("备注")], bold)
    r_i = 1
    items: list[tuple[date, str, HardshipFile, int, str, str, str]] = []
    for a, f in list_payments(db, year=year):
        items.append((a.paid_on, a.aid_type, f, a.amount_fen, a.fund, a.signature, a.note))
    for v, f in list_visits(db, year=year, done=True):
        if v.cash_fen and v.visited_on:
            items.append((v.visited_on, VISIT_FUND_TYPE, f, v.cash_fen, v.fund, v.signature, v.kind))
    for d, t, f, amt, fund, sig, note in sorted(items, key=lambda x: (x[0], x[1])):
        ws2.write_row(r_i, 0, [d.isoformat(), _(t), f.name, mask_id(f.id_number)])
        ws2.write_number(r_i, 4, amt / 100, money)
        ws2.write_row(r_i, 5, [fund, _(sig), note])
        r_i += 1
    ws2.set_column(0, 7, 14)
    wb.close()
    p = Path(path)
    atomic_write_bytes(p, buf.getvalue())
    privacy.record_audit(db, "export", table="hardship_aid", label=p.name, text=f"ledger {year}")
    return p


# ---------------------------------------------------------------------------------------------------------------
# 公示 and totals


def publicity_rows(db: Database, file_ids: Iterable[int] | None = None) -> tuple[list[FileRow], int]:
    """Households that may be listed publicly (consent "hardship.publicity" in force), and how many were left out.

    Default: every file currently in 公示."""
    rows = list_files(db, state=PUBLICITY_STATE) if file_ids is None else [
        r for r in list_files(db) if r.id in set(file_ids)]
    out: list[FileRow] = []
    with db.session() as s:
        for r in rows:
            f = _file(s, r.id)
            if privacy.active_consent(s, f.uuid, PUBLICITY) is not None:
                out.append(r)
    return out, len(rows) - len(out)


def totals(db: Database, year: int) -> dict[str, Any]:
    """Aggregates for the upward bundle (L0): never names, health or bank details.

    ``files_by_category`` and ``files_by_main_cause`` count files in 在档 now; ``files_by_state`` every file by its
    current state; ``new_files`` and ``exits`` count state changes during ``year``; ``visits`` (done, by type),
    ``aid_paid_fen`` and ``aid_households`` by type (visit cash under 走访慰问).
    """
    F, V, A, E = HardshipFile, HardshipVisit, HardshipAid, HardshipEvent
    with db.session() as s:
        by_cat = {c or "未达标": n for c, n in s.exec(select(F.category, func.count()).where(F.state == FILED)
                                                    .group_by(col(F.category))).all()}
        by_state = dict(s.exec(select(F.state, func.count()).group_by(col(F.state))).all())
        by_cause = {c or "未填": n for c, n in s.exec(select(F.main_cause, func.count()).where(F.state == FILED)
                                                  .group_by(col(F.main_cause))).all()}
        moves = dict(s.exec(select(E.to_state, func.count()).where(
            E.kind == "状态", _in_year(E.on_date, year)).group_by(col(E.to_state))).all())
        visit_rows = s.exec(select(V.kind, V.file_id, V.cash_fen, V.goods_value_fen).where(
            _in_year(V.visited_on, year), col(V.done).is_(True))).all()
        aid = {t: (int(p), int(h)) for t, p, h in s.exec(select(
            A.aid_type, func.sum(A.amount_fen), func.count(func.distinct(A.file_id))).where(A.year == year)
            .group_by(col(A.aid_type))).all()}
    paid = {t: aid.get(t, (0, 0))[0] for t in AID_TYPES}
    households = {t: aid.get(t, (0, 0))[1] for t in AID_TYPES}
    visits: dict[str, int] = {}
    for kind, _fid, _cash, _gv in visit_rows:
        visits[kind] = visits.get(kind, 0) + 1
    paid[VISIT_FUND_TYPE] = sum(r[2] for r in visit_rows)
    households[VISIT_FUND_TYPE] = len({r[1] for r in visit_rows if r[2] > 0})
    goods = sum(r[3] for r in visit_rows)
    return {
        "year": year,
        "files_by_category": by_cat,
        "files_by_state": by_state,
        "files_by_main_cause": by_cause,
        "new_files": int(moves.get(FILED, 0)),
        "exits": {k: int(v) for k, v in moves.items() if k in EXIT_STATES},
        "visits": visits,
        "visit_goods_value_fen": int(goods),
        "aid_paid_fen": paid,
        "aid_households": households,
    }


def _demo_step(ctx: Any) -> None:
    from app.services.hardship_demo import step

    step(ctx)


def _start_page_reminders(db: Database) -> list[Any]:
    """Start-page reminders: re-checks due or overdue, exit reviews to consider, follow-up calls due."""
    from app.services.reminders import Reminder as StartReminder

    today = date.today()
    out = []
    for r in reminders(db, today):
        sev = "overdue" if r.kind == "复核" and r.due_on < today else "warning" if r.kind != "回访" else "info"
        out.append(StartReminder(r.due_on, _("困难帮扶 · {name}：{msg}").format(name=r.name, msg=r.message), "hardship",
                                 sev, str(r.file_id)))
    return out


def _register() -> None:
    from app.services import reminders as start_reminders

    demo.register(60, "hardship", _demo_step)
    start_reminders.register("hardship", _start_page_reminders)


_register()

__all__ = [
    "ACCIDENT", "AID_TYPES", "CAUSES", "DEEP", "RELATIVE", "STATES", "VISIT_KINDS", "add_attachment", "add_followup",
    "add_payment", "add_review", "add_visit", "advance", "campaign_progress", "create_campaign", "create_file",
    "get_file", "give_consent", "ledger", "list_files", "override_category", "recheck", "reminders", "set_household",
    "totals", "update_file",
]
