"""Roster (会员名册): members, membership history, departments, search.

Validation lives in :func:`validate_member` — the editor, the importer and the exporter all use it.
Pinyin keys and the reversed ID/phone columns are computed here on every write, never per query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import and_, delete, func, or_, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.errors import DomainError, NotFound, Problem, ValidationFailed
from app.i18n import N_, _
from app.models import Department, Member, MemberNameGram, MembershipEvent
from app.pinyin import name_keys
from app.storage.db import Database
from app.validation import codes, dates, idnumber, phone
from app.validation.dates import DateError, parse_date
from app.validation.text import clean

# ---------------------------------------------------------------------------------------------------------------
# Field catalogue: the one description of a member's fields (labels are translatable source strings).

FIELD_LABELS: dict[str, str] = {
    "name": N_("姓名"), "sex": N_("性别"), "birth_date": N_("出生日期"), "ethnicity": N_("民族"),
    "employment_status": N_("就业状况"), "id_type": N_("有效证件类别"), "id_number": N_("证件号码"),
    "education": N_("学历"), "skill_level": N_("技术等级"), "mobile": N_("移动电话"), "hukou_type": N_("户籍类型"),
    "hukou_place": N_("户籍所在地"), "political_status": N_("政治面貌"), "work_unit": N_("工作单位"),
    "native_place": N_("籍贯"), "migrant_worker": N_("是否农民工会员"), "department_id": N_("部门/班组"),
    "post": N_("岗位"), "hire_date": N_("入职日期"), "join_date": N_("入会日期"), "card_number": N_("会员卡号"),
    "dispatched": N_("劳务派遣"), "model_worker": N_("劳模"), "notes": N_("备注"),
}
EDITABLE_FIELDS = tuple(FIELD_LABELS)
CODED_FIELDS = {
    "sex": "sex", "ethnicity": "ethnicity", "employment_status": "employment_status", "id_type": "id_type",
    "education": "education", "skill_level": "skill_level", "hukou_type": "hukou_type",
    "political_status": "political_status",
}
DATE_FIELDS = ("birth_date", "hire_date", "join_date")
BOOL_FIELDS = ("migrant_worker", "dispatched", "model_worker")
RESIDENT_ID = "居民身份证"
# how validate_member reads each field (one dict lookup per value instead of a chain of tuple searches)
_FIELD_KINDS: dict[str, str] = {
    **{f: "text" for f in EDITABLE_FIELDS}, **{f: "code" for f in CODED_FIELDS},
    **{f: "date" for f in DATE_FIELDS}, **{f: "bool" for f in BOOL_FIELDS},
    "mobile": "mobile", "id_number": "id_number", "department_id": "department_id", "notes": "notes",
}

EVENT_KINDS = (N_("入会"), N_("转入"), N_("保留"), N_("转出"), N_("除名"), N_("退会"))  # shown with code_label
STATUSES: dict[str, str] = {
    "active": N_("在会"), "retained": N_("保留会籍"), "transferred_out": N_("已转出"),
    "expelled": N_("已除名"), "withdrawn": N_("已退会"),
}
EVENT_STATUS = {"入会": "active", "转入": "active", "保留": "retained", "转出": "transferred_out",
                "除名": "expelled", "退会": "withdrawn"}
IN_UNION_STATUSES = ("active", "retained")


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


def status_label(code: str) -> str:
    return _(STATUSES.get(code, code))


# ---------------------------------------------------------------------------------------------------------------
# Validation


@dataclass
class CleanMember:
    values: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _err(code: str, fld: str, msg: str) -> Problem:
    return Problem(code, fld, f"{field_label(fld)}：{msg}")


_NO_VALUE: Any = object()  # a field that gives no value (its problem says why)
# Kinds whose result depends on the value alone and whose values repeat from row to row (民族, 学历, dates …):
# an importer passes a memo and each distinct value is read once. Names, ID and phone numbers are one per person.
_MEMO_KINDS = frozenset({"text", "code", "date", "bool", "notes"})
_NOT_MEMO = frozenset({"name", "card_number", "notes"})  # one per person (or free text): remembering costs memory
_MEMO_FIELDS = frozenset(f for f, kind in _FIELD_KINDS.items() if kind in _MEMO_KINDS and f not in _NOT_MEMO)


def _read_field(k: str, kind: str, v: Any) -> tuple[Any, Problem | None]:
    """One field's normalised value (or ``_NO_VALUE``) and its problem, if any."""
    if kind == "text":
        return (_clean_text(v) if v.__class__ is str and len(v) <= 200 else clean(v)), None
    if kind == "code":
        code = CODED_FIELDS[k]
        hit = codes.known_code(code, v)  # the usual case: a value seen before, no label needed
        if hit is not None:
            return hit, None
        try:
            return codes.normalise_code(code, v, field_label(k)), None
        except codes.CodeError as e:
            return _NO_VALUE, Problem("member.code", k, str(e))
    if kind == "date":
        try:
            return parse_date(v), None
        except DateError as e:
            return _NO_VALUE, _err("member.date", k, str(e))
    if kind == "bool":
        if isinstance(v, bool):
            return v, None
        hit = codes.known_code("yes_no", v)
        if hit is not None:
            return hit == "是", None
        try:
            return codes.parse_yes_no(v, field_label(k)), None
        except codes.CodeError as e:
            return _NO_VALUE, Problem("member.code", k, str(e))
    if kind == "mobile":
        number = phone.normalise(v)
        msg = phone.check_normalised(number)
        return number, (_err("member.mobile", k, msg) if msg else None)
    if kind == "id_number":
        return idnumber.normalise(v) or None, None
    if kind == "department_id":
        try:
            return (int(v) if v not in (None, "") else None), None
        except (TypeError, ValueError, OverflowError):
            return _NO_VALUE, _err("member.department", k, _("部门不存在（编号 {id}）").format(id=v))
    return str(v or "").strip(), None  # notes


def validate_member(raw: dict[str, Any], *, partial: bool = False,
                    memo: dict[tuple[str, type, Any], tuple[Any, tuple[Problem, ...]]] | None = None) -> CleanMember:
    """Normalise and check a member's values. Returns the cleaned values and every problem found.

    ``partial``: only the given fields are checked (an update); required fields are not demanded.
    Cross-field rules (ID number vs 出生日期 and 性别) apply whenever both sides are present.
    ``memo``: a dict kept across many calls (an import) to read each repeating value once.
    """
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    kinds = _FIELD_KINDS
    for k, v in raw.items():
        kind = kinds.get(k)
        if kind is None:
            continue
        if memo is not None and k in _MEMO_FIELDS:
            key = (k, v.__class__, v)  # the type too: 1, 1.0 and True are equal keys but not the same cell
            hit = memo.get(key)
            if hit is None:  # the value's problems, its text problems included, are remembered with it
                value, problem = _read_field(k, kind, v)
                first = [problem] if problem is not None else []
                if value.__class__ is str and value:
                    first += _text_problems({k: value})
                hit = memo[key] = (value, tuple(first))
            value, known = hit
            if value is not _NO_VALUE:
                out[k] = value
            if known:
                problems.extend(known)
            continue
        value, problem = _read_field(k, kind, v)
        if value is not _NO_VALUE:
            out[k] = value
        if problem is not None:
            problems.append(problem)

    if not partial or "name" in raw:
        name = out.get("name", "")
        if not name:
            problems.append(_err("member.name.required", "name", _("必填")))
        elif len(name) > 50:
            problems.append(_err("member.name.length", "name", _("不能超过50个字")))

    id_type = out.get("id_type") or (RESIDENT_ID if not partial else None)
    if not partial and not out.get("id_type"):
        out["id_type"] = RESIDENT_ID
    id_num = out.get("id_number")
    if "id_number" in out or not partial:
        if not id_num:
            if not partial:
                problems.append(_err("member.id.required", "id_number", _("必填（会员实名制）")))
        elif id_type in (RESIDENT_ID, None):
            try:
                info = idnumber.parse(id_num)
            except idnumber.IdNumberError as e:
                problems.append(Problem("member." + e.code, "id_number", e.message))
            else:
                out["id_number"] = info.number
                bd = out.get("birth_date")
                if bd is None and "birth_date" not in problems_fields(problems):
                    out["birth_date"] = info.birth_date
                elif bd is not None and bd != info.birth_date:
                    problems.append(_err("member.birth_mismatch", "birth_date",
                                         _("与证件号码中的出生日期 {d} 不一致").format(d=info.birth_date.isoformat())))
                sex = out.get("sex")
                if not sex:
                    out["sex"] = info.sex
                elif sex != info.sex:
                    problems.append(_err("member.sex_mismatch", "sex",
                                         _("与证件号码不一致（证件号码第17位表示{sex}）").format(sex=info.sex)))
        elif len(id_num) > 30:
            problems.append(_err("member.id.length", "id_number", _("不能超过30个字符")))
    if not partial and not out.get("sex") and "id_number" not in problems_fields(problems):
        problems.append(_err("member.sex.required", "sex", _("必填")))
    problems.extend(_text_problems(out if memo is None else {k: v for k, v in out.items() if k not in _MEMO_FIELDS}))

    today = dates.today()
    for k in DATE_FIELDS:
        d = out.get(k)
        if d and d > today:
            problems.append(_err("member.date.future", k, _("不能晚于今天")))
    bd, hd, jd = out.get("birth_date"), out.get("hire_date"), out.get("join_date")
    if bd and jd and jd < bd:
        problems.append(_err("member.join_before_birth", "join_date", _("早于出生日期")))
    if bd and hd and hd < bd:
        problems.append(_err("member.hire_before_birth", "hire_date", _("早于出生日期")))
    return CleanMember(out, problems)


@lru_cache(maxsize=32768)
def _clean_text(v: str) -> str:
    """:func:`clean` remembered: 工作单位, 户籍所在地, 籍贯 … repeat on every row of a roster."""
    return clean(v)


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def _max_length(name: str) -> int | None:
    col_ = Member.__table__.c.get(name)  # type: ignore[attr-defined]
    return getattr(col_.type, "length", None) if col_ is not None else None


def _text_problems(values: dict[str, Any]) -> list[Problem]:
    """Text that cannot be stored as it is: too long for its column, or with invisible control characters."""
    out: list[Problem] = []
    texts = [(k, v) for k, v in values.items() if v.__class__ is str and v]
    control = _CONTROL_RE.search("\n".join([v for _k, v in texts])) is not None  # one search for the usual case
    limits = _text_limits()
    for k, v in texts:
        limit = limits.get(k)
        if limit and len(v) > limit:
            out.append(_err("member.too_long", k, _("不能超过{n}个字").format(n=limit)))
        if control and _CONTROL_RE.search(v):
            out.append(_err("member.control_chars", k, _("含有不可见的控制字符，请删除后重新填写")))
    return out


@cache
def _text_limits() -> dict[str, int]:
    """Column lengths of the member's text fields (name and ID number have their own messages)."""
    return {k: n for k in EDITABLE_FIELDS if k not in ("name", "id_number") and (n := _max_length(k))}


def problems_fields(problems: Iterable[Problem]) -> set[str]:
    return {p.field for p in problems if p.field}


def derived_columns(name: str, id_number: str | None, mobile: str | None) -> dict[str, str]:
    """The search columns computed at write time (pinyin keys, reversed ID and phone)."""
    py, ini = name_keys(name)
    return {"name_pinyin": py, "name_initials": ini, "id_rev": (id_number or "")[::-1],
            "mobile_rev": (mobile or "")[::-1]}


def _derive(m: Member) -> None:
    for k, v in derived_columns(m.name, m.id_number, m.mobile).items():
        setattr(m, k, v)


# ---------------------------------------------------------------------------------------------------------------
# Plain result objects


@dataclass(frozen=True)
class MemberRow:
    """What a list shows. ID and phone are raw here; lists and prints mask them (app.privacy)."""

    id: int
    name: str
    sex: str
    birth_date: date | None
    id_number: str | None
    mobile: str
    department: str
    post: str
    join_date: date | None
    status: str
    migrant_worker: bool
    dispatched: bool
    model_worker: bool


_ROW_COLS = (
    Member.id, Member.name, Member.sex, Member.birth_date, Member.id_number, Member.mobile,
    Department.name, Member.post, Member.join_date, Member.status, Member.migrant_worker,
    Member.dispatched, Member.model_worker,
)


@dataclass(frozen=True)
class DepartmentNode:
    id: int
    name: str
    parent_id: int | None
    kind: str
    member_count: int
    children: list[DepartmentNode] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Members: create / update / delete


def _check_unique_id(s: Session, id_number: str | None, exclude_id: int | None) -> None:
    if not id_number:
        return
    q = sa_select(Member.id, Member.name).where(Member.id_number == id_number)
    if exclude_id is not None:
        q = q.where(Member.id != exclude_id)
    hit = s.execute(q).first()
    if hit:
        raise DomainError("member.id.duplicate",
                          _("证件号码 {num} 已属于会员 {name}（一个证件号码只能对应一名会员）").format(
                              num=idnumber.mask(id_number), name=hit[1]), "id_number")


def _check_department(s: Session, dept_id: int | None) -> None:
    if dept_id is not None and s.get(Department, dept_id) is None:
        raise DomainError("member.department", _("部门不存在（编号 {id}）").format(id=dept_id), "department_id")


def create_member(db: Database, values: dict[str, Any], *, join_event: bool = True,
                  uuid: str | None = None) -> Member:
    """Add a member. A 入会 event on the join date (or today) starts the membership history."""
    cm = validate_member(values)
    if not cm.ok:
        raise ValidationFailed(cm.errors)
    with db.session(write=True) as s:
        return _insert_member(s, cm.values, join_event=join_event, uuid=uuid)


def _insert_member(s: Session, values: dict[str, Any], *, join_event: bool = True,
                   uuid: str | None = None, member_id: int | None = None) -> Member:
    _check_unique_id(s, values.get("id_number"), None)
    _check_department(s, values.get("department_id"))
    m = Member(**values)
    if member_id is not None:
        m.id = member_id
    if uuid:
        m.uuid = uuid
    if join_event and m.join_date is None:
        m.join_date = date.today()
    _derive(m)
    s.add(m)
    s.flush()
    if join_event:
        assert m.id is not None and m.join_date is not None
        s.add(MembershipEvent(member_id=m.id, kind="入会", on_date=m.join_date))
    s.flush()
    s.refresh(m)
    return m


def update_member(db: Database, member_id: int, values: dict[str, Any]) -> Member:
    """Change some fields of a member. Cross-field checks use the stored values for fields not given."""
    with db.session(write=True) as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=member_id))
        merged = {k: getattr(m, k) for k in EDITABLE_FIELDS}
        merged.update(values)
        cm = validate_member(merged)
        # only report problems of fields the caller touched or cross-field ones caused by them
        if not cm.ok:
            raise ValidationFailed(cm.errors)
        _check_unique_id(s, cm.values.get("id_number"), member_id)
        _check_department(s, cm.values.get("department_id"))
        for k, v in cm.values.items():
            if getattr(m, k) != v:
                setattr(m, k, v)
        _derive(m)
        s.add(m)
        s.flush()
        s.refresh(m)
        return m


# Records of other modules that point at a member. A RESTRICT reference (a workers' congress representative)
# keeps the member from being deleted; a SET NULL one (a hardship file, a negotiation representative) is unlinked
# and linked again when the deletion is undone.
_REFERENCE_LABELS: dict[str, str] = {
    "congress_representative": N_("职工代表名单"), "contract_representative": N_("集体合同协商代表"),
    "hardship_file": N_("困难职工档案"),
}


@cache
def _member_references() -> tuple[tuple[Any, str, str], ...]:
    """(mapped class, column, ondelete) for every synced table with a foreign key to member.id."""
    from sqlmodel import SQLModel

    from app.models.base import SyncedTable

    member = Member.__table__  # type: ignore[attr-defined]
    classes = {str(mp.class_.__tablename__): mp.class_ for mp in SQLModel._sa_registry.mappers
               if issubclass(mp.class_, SyncedTable)}
    out = []
    for t in SQLModel.metadata.sorted_tables:
        if t.name in ("membership_event",) or t.name not in classes:
            continue  # the member's own history travels in the snapshot
        for fk in t.foreign_keys:
            if fk.column.table is member:
                out.append((classes[t.name], fk.parent.name, (fk.ondelete or "").upper()))
    return tuple(out)


def delete_member(db: Database, member_id: int) -> dict[str, Any]:
    """Delete a member (and their history). Returns a snapshot that :func:`restore_member` can bring back.

    Refused (``member.in_use``) while a record of another module needs the member (a congress representative);
    records that only point at the member (a hardship file) are unlinked, and the snapshot says which.
    """
    with db.session(write=True) as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=member_id))
        links: dict[str, list[str]] = {}
        for cls, column, ondelete in _member_references():
            rows = s.exec(select(cls).where(getattr(cls, column) == member_id)).all()
            if not rows:
                continue
            table = cls.__tablename__
            if ondelete not in ("SET NULL", "CASCADE"):
                raise DomainError("member.in_use", _(
                    "会员 {name} 在{what}中，不能删除。会员离开工会时，请在会籍记录中登记“转出”或“退会”。").format(
                    name=m.name, what=_(_REFERENCE_LABELS.get(table, table))))
            if ondelete == "SET NULL":
                links[f"{table}.{column}"] = [r.uuid for r in rows]
                for r in rows:  # through the session, so the change is tracked (rv, audit) like any other
                    setattr(r, column, None)
                    s.add(r)
        snap = member_snapshot(s, m)
        snap["links"] = links
        for ev in s.exec(select(MembershipEvent).where(MembershipEvent.member_id == member_id)).all():
            s.delete(ev)
        s.flush()  # the events (with their tombstones) and the unlinked records first, then the member
        s.delete(m)
        return snap


def member_snapshot(s: Session, m: Member) -> dict[str, Any]:
    events = s.exec(select(MembershipEvent).where(MembershipEvent.member_id == m.id)
                    .order_by(MembershipEvent.on_date, MembershipEvent.id)).all()  # type: ignore[arg-type]
    return {
        "id": m.id,
        "uuid": m.uuid,
        "values": {k: getattr(m, k) for k in EDITABLE_FIELDS},
        "events": [{"uuid": e.uuid, "kind": e.kind, "on_date": e.on_date, "reason": e.reason, "note": e.note}
                   for e in events],
    }


def restore_member(db: Database, snap: dict[str, Any]) -> Member:
    """Undo of a delete: the same member (same uuid, and the same id while it is free) with the same history,
    linked again to the records the deletion unlinked (those that have not been linked to someone else since)."""
    with db.session(write=True) as s:
        old_id = snap.get("id")
        free = old_id is not None and s.get(Member, old_id) is None
        m = _insert_member(s, dict(snap["values"]), join_event=False, uuid=snap["uuid"],
                           member_id=old_id if free else None)
        assert m.id is not None
        for e in snap["events"]:
            s.add(MembershipEvent(member_id=m.id, kind=e["kind"], on_date=e["on_date"], reason=e["reason"],
                                  note=e["note"], uuid=e["uuid"]))
        links = snap.get("links") or {}
        if links:
            classes = {f"{cls.__tablename__}.{column}": (cls, column) for cls, column, _o in _member_references()}
            for key, uuids in links.items():
                if key not in classes:
                    continue
                cls, column = classes[key]
                for r in s.exec(select(cls).where(col(cls.uuid).in_(uuids))).all():
                    if getattr(r, column) is None:
                        setattr(r, column, m.id)
                        s.add(r)
        s.flush()
        _refresh_status(s, m)
        s.flush()
        s.refresh(m)
        return m


def member_id_by_uuid(db: Database, uuid: str) -> int | None:
    """The member's id now (a deletion that was undone may have given the member a new one)."""
    with db.engine.connect() as conn:
        return conn.execute(sa_select(Member.id).where(Member.uuid == uuid)).scalar()


def get_member(db: Database, member_id: int) -> Member:
    with db.session() as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=member_id))
        return m


def find_by_id_number(db: Database, id_number: str) -> Member | None:
    with db.session() as s:
        return s.exec(select(Member).where(Member.id_number == idnumber.normalise(id_number))).first()


def resolve_member(db: Database, query: str) -> Member:
    """An ID number or a name that matches exactly one member; otherwise a DomainError listing the candidates."""
    q = query.strip()
    m = find_by_id_number(db, q)
    if m is not None:
        return m
    with db.session() as s:
        hits = s.exec(select(Member).where(Member.name == q).limit(21)).all()
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFound("member.not_found", _("没有找到会员：{q}").format(q=q))
    lines = [f"{h.name} {idnumber.mask(h.id_number)}" for h in hits[:20]]
    raise DomainError("member.ambiguous", _("有{n}名会员叫“{q}”，请改用证件号码：\n{list}").format(
        n=len(hits), q=q, list="\n".join(lines)))


# ---------------------------------------------------------------------------------------------------------------
# Membership history


def _refresh_status(s: Session, m: Member) -> None:
    last = s.exec(select(MembershipEvent).where(MembershipEvent.member_id == m.id)
                  .order_by(MembershipEvent.on_date.desc(), MembershipEvent.id.desc())).first()  # type: ignore
    status = EVENT_STATUS.get(last.kind, "active") if last else "active"
    if m.status != status:
        m.status = status
        s.add(m)


def list_events(db: Database, member_id: int) -> list[MembershipEvent]:
    with db.session() as s:
        return list(s.exec(select(MembershipEvent).where(MembershipEvent.member_id == member_id)
                           .order_by(MembershipEvent.on_date, MembershipEvent.id)).all())  # type: ignore[arg-type]


def add_event(db: Database, member_id: int, kind: str, on_date: Any, reason: str = "", note: str = "",
              *, uuid: str | None = None) -> MembershipEvent:
    if kind not in EVENT_KINDS:
        raise DomainError("event.kind", _("会籍变化类型应为：{v}").format(v="、".join(EVENT_KINDS)), "kind")
    try:
        d = parse_date(on_date)
    except DateError as e:
        raise DomainError("event.date", str(e), "on_date") from None
    if d is None:
        raise DomainError("event.date", _("请填写会籍变化日期"), "on_date")
    if d > date.today():
        raise DomainError("event.date", _("会籍变化日期不能晚于今天"), "on_date")
    if reason:
        try:
            reason = codes.normalise_code("membership_change_reason", reason, _("会籍变化原因"))
        except codes.CodeError:
            reason = clean(reason)  # free text is allowed here; the code list is a suggestion
    with db.session(write=True) as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=member_id))
        ev = MembershipEvent(member_id=member_id, kind=kind, on_date=d, reason=reason, note=note)
        if uuid:
            ev.uuid = uuid
        s.add(ev)
        s.flush()
        _refresh_status(s, m)
        s.refresh(ev)
        return ev


def delete_event(db: Database, event_id: int) -> None:
    with db.session(write=True) as s:
        ev = s.get(MembershipEvent, event_id)
        if ev is None:
            raise NotFound("event.not_found", _("会籍记录不存在"))
        m = s.get(Member, ev.member_id)
        s.delete(ev)
        s.flush()
        if m is not None:
            _refresh_status(s, m)


# ---------------------------------------------------------------------------------------------------------------
# Departments


def list_departments(db: Database) -> list[DepartmentNode]:
    """The department tree (roots first, children sorted by sort_order then pinyin of the name)."""
    with db.session() as s:
        rows = s.execute(sa_select(Department.id, Department.name, Department.parent_id, Department.kind,
                                   Department.sort_order)).all()
        counts: dict[int | None, int] = dict(s.execute(sa_select(Member.department_id, func.count()).where(
            Member.status.in_(IN_UNION_STATUSES)).group_by(Member.department_id)).all())  # type: ignore
    nodes = {r[0]: DepartmentNode(r[0], r[1], r[2], r[3], counts.get(r[0], 0)) for r in rows}
    order = {r[0]: (r[4], name_keys(r[1])[0]) for r in rows}
    roots: list[DepartmentNode] = []
    for n in nodes.values():
        parent = nodes.get(n.parent_id) if n.parent_id else None
        (parent.children if parent else roots).append(n)
    for n in nodes.values():
        n.children.sort(key=lambda c: order[c.id])
    roots.sort(key=lambda c: order[c.id])
    return roots


def department_paths(db: Database) -> dict[int, str]:
    """id -> "生产部/一班" for every department."""
    out: dict[int, str] = {}

    def walk(nodes: Sequence[DepartmentNode], prefix: str) -> None:
        for n in nodes:
            out[n.id] = prefix + n.name
            walk(n.children, out[n.id] + "/")

    walk(list_departments(db), "")
    return out


def create_department(db: Database, name: str, parent_id: int | None = None, kind: str = "部门") -> Department:
    name = clean(name)
    if not name:
        raise DomainError("department.name", _("请填写部门名称"), "name")
    with db.session(write=True) as s:
        if parent_id is not None and s.get(Department, parent_id) is None:
            raise DomainError("department.parent", _("上级部门不存在"), "parent_id")
        dup = s.exec(select(Department).where(Department.name == name, Department.parent_id == parent_id)).first()
        if dup:
            raise DomainError("department.duplicate", _("同一上级下已有名为“{n}”的部门").format(n=name), "name")
        d = Department(name=name, parent_id=parent_id, kind=kind)
        s.add(d)
        s.flush()
        s.refresh(d)
        return d


def rename_department(db: Database, dept_id: int, name: str) -> Department:
    name = clean(name)
    if not name:
        raise DomainError("department.name", _("请填写部门名称"), "name")
    with db.session(write=True) as s:
        d = s.get(Department, dept_id)
        if d is None:
            raise NotFound("department.not_found", _("部门不存在"))
        d.name = name
        s.add(d)
        s.flush()
        s.refresh(d)
        return d


def delete_department(db: Database, dept_id: int) -> None:
    with db.session(write=True) as s:
        d = s.get(Department, dept_id)
        if d is None:
            raise NotFound("department.not_found", _("部门不存在"))
        if s.exec(select(Department).where(Department.parent_id == dept_id)).first():
            raise DomainError("department.has_children", _("“{n}”下还有班组或子部门，请先删除或移走它们").format(n=d.name))
        n = s.execute(sa_select(func.count()).select_from(Member).where(col(Member.department_id) == dept_id)).scalar()
        if n:
            raise DomainError("department.has_members",
                              _("“{n}”下还有{c}名会员，请先把他们调到其他部门").format(n=d.name, c=n))
        s.delete(d)


def subtree_ids(db: Database, dept_id: int) -> list[int]:
    with db.session() as s:
        rows = s.execute(text(
            "WITH RECURSIVE t(id) AS (SELECT :d UNION ALL SELECT department.id FROM department JOIN t "
            "ON department.parent_id = t.id) SELECT id FROM t"), {"d": dept_id}).all()
    return [r[0] for r in rows]


def find_department_by_path(db: Database, path: str) -> int | None:
    """The department named by its path ("生产部/一班") or, when that is unique, by its own name ("一班").

    A name that several departments share is refused (``department.ambiguous``, listing their paths) rather
    than answered with whichever comes first."""
    path = clean(path)
    paths = department_paths(db)
    for did, p in paths.items():
        if p == path:
            return did
    hits = sorted((p, did) for did, p in paths.items() if p.split("/")[-1] == path)
    if len(hits) > 1:
        raise DomainError("department.ambiguous", _("有{n}个部门/班组叫“{name}”，请写出完整路径：{paths}").format(
            n=len(hits), name=path, paths="、".join(p for p, _did in hits)), "department")
    return hits[0][1] if hits else None


# ---------------------------------------------------------------------------------------------------------------
# Search


@dataclass(frozen=True)
class Filters:
    department_id: int | None = None   # includes the department's subtree
    statuses: tuple[str, ...] = ()    # () = every status
    sex: str | None = None
    migrant_worker: bool | None = None
    dispatched: bool | None = None
    model_worker: bool | None = None


SORT_KEYS = {
    "name": Member.name_pinyin, "sex": Member.sex, "birth_date": Member.birth_date,
    "department": Department.name, "join_date": Member.join_date, "status": Member.status,
    "post": Member.post, "id": Member.id,
}


def _prefix_range(col: Any, prefix: str) -> Any:
    """``col`` starts with ``prefix`` as an index range (LIKE would not use the index)."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(col >= prefix, col < upper)


def query_condition(query: str) -> Any | None:
    """The WHERE clause for a search box text: a name fragment, full pinyin or initials, ID/phone tail."""
    q = clean(query).replace(" ", "")
    if not q:
        return None
    qlow = q.lower()
    if qlow.rstrip("x").isdigit() and len(q) >= 2:
        num = q.upper()
        conds = [_prefix_range(Member.id_rev, num[::-1])]
        if num.isdigit():
            conds.append(_prefix_range(Member.mobile_rev, num[::-1]))
            if len(num) == 18 or len(num) == 11:
                conds.append(Member.id_number == num)
        return or_(*conds)
    if qlow.isascii() and qlow.isalpha():
        return or_(_prefix_range(Member.name_initials, qlow), _prefix_range(Member.name_pinyin, qlow))
    # A name fragment: the 1-2 character pieces table narrows by index; longer fragments are then checked.
    grams = sa_select(MemberNameGram.member_id).where(MemberNameGram.gram == q[:2])
    cond = Member.id.in_(grams)  # type: ignore[union-attr]
    if len(q) > 2:
        cond = and_(cond, Member.name.contains(q, autoescape=True))  # type: ignore[attr-defined]
    return cond


def _filtered(stmt: Any, db: Database, query: str, filters: Filters | None) -> Any:
    cond = query_condition(query)
    if cond is not None:
        stmt = stmt.where(cond)
    f = filters or Filters()
    if f.department_id is not None:
        stmt = stmt.where(Member.department_id.in_(subtree_ids(db, f.department_id)))  # type: ignore
    if f.statuses:
        stmt = stmt.where(Member.status.in_(f.statuses))  # type: ignore[attr-defined]
    if f.sex:
        stmt = stmt.where(Member.sex == f.sex)
    for name in ("migrant_worker", "dispatched", "model_worker"):
        v = getattr(f, name)
        if v is not None:
            stmt = stmt.where(getattr(Member, name) == v)
    return stmt


def search_ids(db: Database, query: str = "", filters: Filters | None = None, sort: str = "name",
               descending: bool = False) -> list[int]:
    """Ids of every matching member in display order (the lazy table model fetches rows by id)."""
    stmt = sa_select(Member.id)
    if sort == "department":
        stmt = stmt.outerjoin(Department, Member.department_id == Department.id)
    stmt = _filtered(stmt, db, query, filters)
    key = SORT_KEYS.get(sort, Member.name_pinyin)
    stmt = stmt.order_by(key.desc() if descending else key, Member.id)
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt)]


def search(db: Database, query: str = "", filters: Filters | None = None, limit: int = 50,
           offset: int = 0) -> list[MemberRow]:
    """Matching members, sorted by pinyin."""
    stmt = sa_select(*_ROW_COLS).outerjoin(Department, Member.department_id == Department.id)
    stmt = _filtered(stmt, db, query, filters).order_by(Member.name_pinyin, Member.id).limit(limit).offset(offset)
    with db.engine.connect() as conn:
        return [MemberRow(*r) for r in conn.execute(stmt)]


def count(db: Database, query: str = "", filters: Filters | None = None) -> int:
    stmt = _filtered(sa_select(func.count()).select_from(Member), db, query, filters)
    with db.engine.connect() as conn:
        return int(conn.execute(stmt).scalar() or 0)


def rows_by_ids(db: Database, ids: Sequence[int]) -> dict[int, MemberRow]:
    """Rows for a page of ids (one query per page)."""
    out: dict[int, MemberRow] = {}
    if not ids:
        return out
    with db.engine.connect() as conn:
        for i in range(0, len(ids), 900):
            chunk = list(ids[i:i + 900])
            stmt = sa_select(*_ROW_COLS).outerjoin(Department, Member.department_id == Department.id).where(
                Member.id.in_(chunk))  # type: ignore[union-attr]
            for r in conn.execute(stmt):
                out[r[0]] = MemberRow(*r)
    return out


def iter_members(db: Database, ids: Sequence[int] | None = None, batch: int = 2000) -> Iterable[Member]:
    """Full member objects in pinyin order (for exports), streamed in batches."""
    if ids is None:
        ids = search_ids(db)
    for i in range(0, len(ids), batch):
        chunk = list(ids[i:i + batch])
        with db.session() as s:
            got = {m.id: m for m in s.exec(select(Member).where(Member.id.in_(chunk))).all()}  # type: ignore
        for mid in chunk:
            if mid in got:
                yield got[mid]


def last_event_by_member(db: Database, ids: Sequence[int]) -> dict[int, MembershipEvent]:
    out: dict[int, MembershipEvent] = {}
    with db.session() as s:
        for i in range(0, len(ids), 900):
            chunk = list(ids[i:i + 900])
            for ev in s.exec(select(MembershipEvent).where(MembershipEvent.member_id.in_(chunk))  # type: ignore
                             .order_by(MembershipEvent.on_date, MembershipEvent.id)).all():  # type: ignore
                out[ev.member_id] = ev
    return out


def purge_all(db: Database) -> None:
    """Remove every member and department without tombstones (tests and benchmarks only)."""
    with db.session(write=True) as s:
        s.execute(delete(MembershipEvent))
        s.execute(delete(Member))
        s.execute(delete(Department))
