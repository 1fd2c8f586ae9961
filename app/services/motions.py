# mypy: disable-error-code="arg-type"
"""Motions (提案) of the workers' congress: the 提案表, its handling as a state machine, the dashboard, statistics
and the drafted handling report (提案工作报告).

States and the steps between them (every step is a :class:`MotionEvent`: who, when, what)::

    collecting 征集 ──review──▶ reviewing 审查
    reviewing ──accept──▶ accepted 立案 ──assign──▶ assigned 交办 ──start──▶ handling 办理 ──reply──▶ replied 答复
    reviewing ──merge──▶ merged 并案          reviewing ──reject──▶ rejected 不予立案（作意见建议处理）
    replied ──rate──▶ rated 已评价 ──close──▶ closed 办结 ──archive──▶ archived 归档
    rated ──return──▶ returned 退回重办 ──start──▶ handling
    merged / rejected ──archive──▶ archived
    (assigned, handling, returned) ──supervise (督办)──▶ same state, when overdue

Anything else is refused with the reason.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.errors import DomainError, NotFound, Problem, ValidationFailed
from app.i18n import N_, _
from app.models import Department, Member
from app.models.congress import (
    CongressMeeting,
    CongressTerm,
    Motion,
    MotionAttachment,
    MotionCosigner,
    MotionEvent,
    MotionReport,
    Representative,
)
from app.rules.profile import current_profile, rule
from app.services import congress
from app.storage.db import Database
from app.validation.dates import DateError, parse_date

STATES: dict[str, str] = {
    "collecting": N_("征集"), "reviewing": N_("审查中"), "accepted": N_("已立案"), "merged": N_("已并案"),
    "rejected": N_("不予立案"), "assigned": N_("已交办"), "handling": N_("办理中"), "replied": N_("已答复"),
    "rated": N_("已评价"), "returned": N_("退回重办"), "closed": N_("办结"), "archived": N_("归档"),
}
ACTIONS: dict[str, str] = {
    "submit": N_("提交"), "review": N_("提交审查"), "accept": N_("立案"), "merge": N_("并案"),
    "reject": N_("不予立案"), "assign": N_("交办"), "start": N_("开始办理"), "reply": N_("答复"),
    "rate": N_("提案人评价"), "return": N_("退回重办"), "close": N_("办结"), "archive": N_("归档"),
    "supervise": N_("督办"), "edit": N_("修改"), "attach": N_("添加附件"),
}
# action -> (states it may start from, the state it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "review": (("collecting",), "reviewing"),
    "accept": (("reviewing",), "accepted"),
    "merge": (("reviewing",), "merged"),
    "reject": (("reviewing",), "rejected"),
    "assign": (("accepted",), "assigned"),
    "start": (("assigned", "returned"), "handling"),
    "reply": (("handling",), "replied"),
    "rate": (("replied",), "rated"),
    "return": (("rated",), "returned"),
    "close": (("rated",), "closed"),
    "archive": (("closed", "merged", "rejected"), "archived"),
    "supervise": (("assigned", "handling", "returned"), None),
}
OPEN_STATES = ("assigned", "handling", "returned")       # under handling: can be overdue
ACCEPTED_STATES = ("accepted", "assigned", "handling", "replied", "rated", "returned", "closed")
CATEGORIES = (N_("生产经营"), N_("劳动保护"), N_("工资福利"), N_("生活后勤"), N_("教育培训"), N_("民主管理"),
              N_("其他"))
RATINGS = ("满意", "基本满意", "不满意")
IMPLEMENTATION: dict[str, str] = {"A": N_("已解决"), "B": N_("列入计划"), "C": N_("因条件限制暂不能解决")}
REPLY_KINDS = (N_("书面答复"), N_("当面答复"), N_("电话答复"))


def state_label(code: str) -> str:
    return _(STATES.get(code, code))


def action_label(code: str) -> str:
    return _(ACTIONS.get(code, code))


def _d(v: Any, fld: str, label: str, *, required: bool = True) -> date | None:
    try:
        d = parse_date(v)
    except DateError as e:
        raise DomainError("motion.date", f"{label}：{e}", fld) from None
    if d is None and required:
        raise DomainError("motion.date", _("请填写{label}").format(label=label), fld)
    return d


# ---------------------------------------------------------------------------------------------------------------
# Read models


@dataclass
class MotionRow:
    """One line of the motions list."""

    id: int
    number: str
    title: str
    state: str
    category: str
    proposer: str
    lead_department: str
    due_on: date | None
    submitted_on: date
    overdue: bool

    @property
    def state_label(self) -> str:
        return state_label(self.state)


@dataclass
class MotionDetail:
    motion: Motion
    meeting_label: str
    term_id: int
    proposer: str
    proposer_sex: str
    cosigners: list[tuple[int, str]]                 # (representative id, name)
    lead_department: str
    assist_department_names: list[str]
    merged_into_number: str
    merged_children: list[str]
    attachments: list[tuple[int, str, int]]          # (id, filename, size)
    events: list[MotionEvent] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        m = self.motion
        return m.state in OPEN_STATES and m.due_on is not None and m.due_on < date.today()


# ---------------------------------------------------------------------------------------------------------------
# Creating and editing




def _validate_text(values: dict[str, Any]) -> list[Problem]:
    problems = []
    title = str(values.get("title") or "").strip()
    if not title:
        problems.append(Problem("motion.title", "title", _("案由：请填写提案的题目")))
    elif len(title) > 200:
        problems.append(Problem("motion.title", "title", _("案由：不能超过200字")))
    cat = values.get("category") or ""
    if cat and cat not in CATEGORIES:
        problems.append(Problem("motion.category", "category", _("类别应为：{v}").format(
            v="、".join(_(c) for c in CATEGORIES))))
    return problems


def _next_number(s: Session, meeting: CongressMeeting, term: CongressTerm) -> tuple[int, str]:
    seq = int(s.execute(sa_select(func.coalesce(func.max(Motion.seq), 0)).where(
        Motion.meeting_id == meeting.id)).scalar_one()) + 1
    return seq, f"{term.number}-{meeting.number}-{seq:03d}"


def submit(db: Database, meeting_id: int, proposer_id: int, values: dict[str, Any],
           cosigner_ids: Sequence[int] = (), *, on: Any = None, actor: str | None = None) -> Motion:
    """File a 提案表 during the collection window of ``meeting_id``. The proposer and the co-signers must be
    representatives of that term in office; the proposer cannot co-sign their own motion."""
    problems = _validate_text(values)
    submitted = _d(on, "submitted_on", _("提交日期"), required=False) or date.today()
    if problems:
        raise ValidationFailed(problems)
    with db.session(write=True) as s:
        meeting = s.get(CongressMeeting, meeting_id)
        if meeting is None:
            raise NotFound("congress.meeting_not_found", _("没有这次会议（编号 {id}）").format(id=meeting_id))
        term = s.get(CongressTerm, meeting.term_id)
        assert term is not None
        if meeting.collect_from and submitted < meeting.collect_from:
            raise DomainError("motion.window", _("提案征集从 {a} 开始，{d} 还不能提交").format(
                a=meeting.collect_from, d=submitted), "submitted_on")
        if meeting.collect_until and submitted > meeting.collect_until:
            raise DomainError("motion.window", _("提案征集已于 {b} 截止，{d} 不能再提交").format(
                b=meeting.collect_until, d=submitted), "submitted_on")
        proposer = _rep_in_office(s, proposer_id, term, submitted, "proposer_id")
        member = s.get(Member, proposer.member_id)
        assert member is not None
        if proposer_id in cosigner_ids:
            raise DomainError("motion.self_cosign", _("提案人不能作为自己提案的附议人"), "cosigners")
        for cid in dict.fromkeys(cosigner_ids):
            _rep_in_office(s, cid, term, submitted, "cosigners")
        dept = s.get(Department, proposer.constituency_id) if proposer.constituency_id else None
        seq, number = _next_number(s, meeting, term)
        m = Motion(meeting_id=meeting_id, number=number, seq=seq, title=str(values["title"]).strip(),
                   category=values.get("category") or "其他", proposer_id=proposer_id,
                   proposer_dept=values.get("proposer_dept") or (dept.name if dept else ""),
                   proposer_post=values.get("proposer_post") or member.post,
                   proposer_contact=values.get("proposer_contact") or member.mobile,
                   reasons=values.get("reasons") or "", suggestions=values.get("suggestions") or "",
                   submitted_on=submitted, state="collecting")
        s.add(m)
        s.flush()
        for cid in dict.fromkeys(cosigner_ids):
            s.add(MotionCosigner(motion_id=m.id, representative_id=cid))  # type: ignore[arg-type]
        _event(s, db, m, "submit", "", "collecting", submitted, actor, "")
        s.flush()
        s.refresh(m)
        return m


def _rep_in_office(s: Session, rep_id: int, term: CongressTerm, on: date, fld: str) -> Representative:
    rep = s.get(Representative, rep_id)
    if rep is None or rep.term_id != term.id:
        raise DomainError("motion.not_representative", _("提案人和附议人须是第{n}届职工代表").format(n=term.number),
                          fld)
    if rep.elected_on > on or (rep.ended_on is not None and rep.ended_on <= on):
        m = s.get(Member, rep.member_id)
        raise DomainError("motion.not_in_office", _("{name}在 {d} 不是在任职工代表").format(
            name=m.name if m else rep_id, d=on), fld)
    return rep


def update(db: Database, motion_id: int, values: dict[str, Any], cosigner_ids: Sequence[int] | None = None, *,
           actor: str | None = None) -> Motion:
    """Edit the proposer's part of the form — only while it is still being collected or reviewed."""
    editable = ("title", "category", "reasons", "suggestions", "proposer_dept", "proposer_post", "proposer_contact")
    merged = {k: v for k, v in values.items() if k in editable}
    with db.session(write=True) as s:
        m = _motion(s, motion_id)
        if m.state not in ("collecting", "reviewing"):
            raise DomainError("motion.locked", _("提案已{state}，提案内容不能再修改").format(
                state=state_label(m.state)))
        problems = _validate_text({"title": m.title, **merged})
        if problems:
            raise ValidationFailed(problems)
        for k, v in merged.items():
            setattr(m, k, v.strip() if isinstance(v, str) else v)
        if cosigner_ids is not None:
            meeting = s.get(CongressMeeting, m.meeting_id)
            term = s.get(CongressTerm, meeting.term_id) if meeting else None
            assert term is not None
            if m.proposer_id in cosigner_ids:
                raise DomainError("motion.self_cosign", _("提案人不能作为自己提案的附议人"), "cosigners")
            for cid in cosigner_ids:
                _rep_in_office(s, cid, term, m.submitted_on, "cosigners")
            for c in s.exec(select(MotionCosigner).where(MotionCosigner.motion_id == m.id)).all():
                s.delete(c)
            s.flush()
            for cid in dict.fromkeys(cosigner_ids):
                s.add(MotionCosigner(motion_id=m.id, representative_id=cid))  # type: ignore[arg-type]
        s.add(m)
        _event(s, db, m, "edit", m.state, m.state, date.today(), actor, "、".join(sorted(merged)))
        s.flush()
        s.refresh(m)
        return m


def add_attachment(db: Database, motion_id: int, path: str | Path | None = None, *, filename: str = "",
                   data: bytes | None = None, actor: str | None = None) -> int:
    """Attach a file (stored in the database). Returns the attachment id."""
    if data is None:
        p = Path(str(path))
        if not p.is_file():
            raise DomainError("motion.attachment", _("找不到文件：{f}").format(f=p), "attachment")
        data = p.read_bytes()
        filename = filename or p.name
    if len(data) > 20 * 1024 * 1024:
        raise DomainError("motion.attachment_size", _("附件不能超过20 MB：{f}").format(f=filename), "attachment")
    with db.session(write=True) as s:
        m = _motion(s, motion_id)
        a = MotionAttachment(motion_id=motion_id, filename=filename[:200] or "attachment", size=len(data),
                             data=data)
        s.add(a)
        s.flush()
        _event(s, db, m, "attach", m.state, m.state, date.today(), actor, a.filename)
        return int(a.id)  # type: ignore[arg-type]


def attachment_data(db: Database, attachment_id: int) -> tuple[str, bytes]:
    with db.session() as s:
        a = s.get(MotionAttachment, attachment_id)
        if a is None:
            raise NotFound("motion.attachment_not_found", _("附件不存在"))
        return a.filename, a.data


# ---------------------------------------------------------------------------------------------------------------
# The state machine


def allowed_actions(state: str) -> list[str]:
    return [a for a, (froms, _to) in TRANSITIONS.items() if state in froms]


def _motion(s: Session, motion_id: int) -> Motion:
    m = s.get(Motion, motion_id)
    if m is None:
        raise NotFound("motion.not_found", _("提案不存在（编号 {id}）").format(id=motion_id))
    return m


def _event(s: Session, db: Database, m: Motion, action: str, frm: str, to: str, on: date | None,
           actor: str | None, note: str) -> None:
    s.add(MotionEvent(motion_id=m.id, action=action, from_state=frm, to_state=to, on_date=on,  # type: ignore
                      actor=actor or db.actor, note=note))


def _refuse(m: Motion, action: str) -> DomainError:
    froms = TRANSITIONS[action][0]
    return DomainError("motion.transition", _(
        "提案 {no} 当前为“{state}”，不能{act}（只有“{need}”的提案可以{act}）").format(
        no=m.number, state=state_label(m.state), act=action_label(action),
        need="”或“".join(state_label(f) for f in froms)))


def transition(db: Database, motion_id: int, action: str, *, on: Any = None, actor: str | None = None,
               **data: Any) -> Motion:
    """Perform one step of the lifecycle. Refuses, with the reason, any step the rules forbid."""
    if action not in TRANSITIONS:
        raise DomainError("motion.action", _("未知的提案操作：{a}").format(a=action))
    when = _d(on, "on", _("日期"), required=False) or date.today()
    data["_profile"] = current_profile(db)  # read before the write transaction (one connection per thread)
    with db.session(write=True) as s:
        m = _motion(s, motion_id)
        froms, to = TRANSITIONS[action]
        if m.state not in froms:
            raise _refuse(m, action)
        frm = m.state
        note = getattr(_Steps, action)(s, db, m, when, data) or ""
        if to is not None:
            m.state = to
        s.add(m)
        _event(s, db, m, action, frm, m.state, when, actor, note)
        s.flush()
        s.refresh(m)
        return m


class _Steps:
    """What each step checks and writes; returns the note kept in the timeline."""

    @staticmethod
    def review(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        return ""

    @staticmethod
    def accept(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        need = int(rule("congress", "cosigners_min", data["_profile"]).value)
        have = int(s.execute(sa_select(func.count()).select_from(MotionCosigner).where(
            MotionCosigner.motion_id == m.id)).scalar_one())
        if have < need:
            cite = rule("congress", "cosigners_min", data["_profile"]).cite
            raise DomainError("motion.cosigners", _(
                "提案 {no} 只有{have}名附议人，立案需要{need}名以上职工代表附议（{cite}）").format(
                no=m.number, have=have, need=need, cite=cite), "cosigners")
        if not m.reasons.strip() or not m.suggestions.strip():
            raise DomainError("motion.incomplete", _("提案 {no} 缺少理由或建议，不能立案").format(no=m.number),
                              "reasons" if not m.reasons.strip() else "suggestions")
        m.disposition, m.reviewed_on = "立案", when
        m.review_opinion = str(data.get("opinion") or _("同意立案"))
        return m.review_opinion

    @staticmethod
    def merge(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        parent_id = data.get("into")
        if isinstance(parent_id, str):
            found = s.exec(select(Motion).where(Motion.number == parent_id.strip())).first()
            parent_id = found.id if found else None
        parent = s.get(Motion, parent_id) if parent_id else None
        if parent is None:
            raise DomainError("motion.merge_target", _("并案须指定并入的提案"), "into")
        if parent.id == m.id:
            raise DomainError("motion.merge_self", _("提案不能并入自己"), "into")
        if parent.disposition != "立案":
            raise DomainError("motion.merge_target", _("只能并入已立案的提案；{no} 当前为“{st}”").format(
                no=parent.number, st=state_label(parent.state)), "into")
        m.disposition, m.reviewed_on, m.merged_into_id = "并案", when, parent.id
        m.review_opinion = str(data.get("opinion") or _("与第{no}号提案内容相近，并案办理").format(no=parent.number))
        return m.review_opinion

    @staticmethod
    def reject(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        reason = str(data.get("reason") or "").strip()
        if not reason:
            raise DomainError("motion.reject_reason", _(
                "不予立案须写明理由（如：不属于职工代表大会职权范围、属个人诉求），并转作意见建议处理"), "reason")
        m.disposition, m.reviewed_on, m.review_opinion = "不予立案", when, reason
        return reason

    @staticmethod
    def assign(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        lead = data.get("lead")
        if isinstance(lead, str):
            lead = _department_id(s, lead)
        if not lead or s.get(Department, lead) is None:
            raise DomainError("motion.lead", _("交办须指定主办部门"), "lead")
        assist = [(_department_id(s, a) if isinstance(a, str) else int(a)) for a in data.get("assist") or ()]
        if lead in assist:
            raise DomainError("motion.assist", _("主办部门不能同时是协办部门"), "assist")
        due = _d(data.get("due"), "due", _("办理期限"), required=False)
        if due is None:
            due = when + timedelta(days=int(rule("congress", "reply_days", data["_profile"]).value))
        if due <= when:
            raise DomainError("motion.due", _("办理期限应晚于交办日期 {d}").format(d=when), "due")
        m.lead_department_id, m.assist_departments = lead, ",".join(str(a) for a in assist)
        m.assigned_on, m.due_on = when, due
        names = [_dept_name(s, lead)] + [_dept_name(s, a) for a in assist]
        return _("主办：{lead}；协办：{assist}；期限 {due}").format(
            lead=names[0], assist="、".join(names[1:]) or _("无"), due=due)

    @staticmethod
    def start(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        return str(data.get("note") or "")

    @staticmethod
    def reply(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        text = str(data.get("text") or "").strip()
        if not text:
            raise DomainError("motion.reply_text", _("答复须填写答复内容"), "text")
        cls = str(data.get("implementation") or "").strip().upper()
        if cls not in IMPLEMENTATION:
            raise DomainError("motion.implementation", _("请选择落实情况：A 已解决、B 列入计划、C 因条件限制暂不能解决"),
                              "implementation")
        note = str(data.get("note") or "").strip()
        if cls == "C" and not note:
            raise DomainError("motion.implementation_note", _("落实情况为 C（暂不能解决）时须向提案人说明原因"),
                              "note")
        m.reply_text, m.implementation, m.implementation_note = text, cls, note
        m.reply_number = str(data.get("number") or "").strip()
        m.reply_kind = str(data.get("kind") or "书面答复")
        m.handler, m.signer = str(data.get("handler") or ""), str(data.get("signer") or "")
        m.replied_on = when
        m.rating_attitude = m.rating_result = ""
        return _("落实情况 {c}（{label}）").format(c=cls, label=_(IMPLEMENTATION[cls]))

    @staticmethod
    def rate(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        att, res = str(data.get("attitude") or ""), str(data.get("result") or "")
        for fld, v in (("attitude", att), ("result", res)):
            if v not in RATINGS:
                raise DomainError("motion.rating", _("评价应为：满意、基本满意、不满意"), fld)
        m.rating_attitude, m.rating_result, m.rated_on = att, res, when
        return _("办理态度：{a}；办理结果：{r}").format(a=att, r=res)

    @staticmethod
    def return_(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        if "不满意" not in (m.rating_attitude, m.rating_result):
            raise DomainError("motion.return_satisfied", _("提案人对办理表示满意或基本满意，不需要退回重办"))
        reason = str(data.get("reason") or "").strip()
        if not reason:
            raise DomainError("motion.return_reason", _("退回重办须写明提案人不满意的理由"), "reason")
        m.return_reason, m.returns = reason, m.returns + 1
        due = _d(data.get("due"), "due", _("办理期限"), required=False)
        m.due_on = due or when + timedelta(days=int(rule("congress", "reply_days", data["_profile"]).value))
        if m.due_on <= when:
            raise DomainError("motion.due", _("办理期限应晚于退回日期 {d}").format(d=when), "due")
        return _("{reason}（重办期限 {due}）").format(reason=reason, due=m.due_on)

    @staticmethod
    def close(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        note = str(data.get("note") or "").strip()
        if "不满意" in (m.rating_attitude, m.rating_result):
            if m.returns == 0:
                raise DomainError("motion.close_unsatisfied", _(
                    "提案人对办理不满意，应先退回重办，不能直接办结"))
            if not note:
                raise DomainError("motion.close_note", _(
                    "重办后提案人仍不满意：办结须写明提案审查委员会的意见"), "note")
        m.closed_on = when
        return note

    @staticmethod
    def archive(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        m.archived_on = when
        return ""

    @staticmethod
    def supervise(s: Session, db: Database, m: Motion, when: date, data: dict[str, Any]) -> str:
        if m.due_on is None or m.due_on >= when:
            raise DomainError("motion.not_overdue", _("提案 {no} 未超过办理期限（{d}），不需要督办").format(
                no=m.number, d=m.due_on))
        m.supervisions += 1
        return str(data.get("note") or _("已超期 {n} 天").format(n=(when - m.due_on).days))


setattr(_Steps, "return", _Steps.return_)  # noqa: B010 — "return" is a keyword


def _department_id(s: Session, name: str) -> int:
    d = s.exec(select(Department).where(Department.name == name.strip())).first()
    if d is None:
        raise DomainError("motion.department", _("没有名为“{d}”的部门").format(d=name), "lead")
    return int(d.id)  # type: ignore[arg-type]


def _dept_name(s: Session, dept_id: int | None) -> str:
    d = s.get(Department, dept_id) if dept_id else None
    return d.name if d else ""


# convenience wrappers (the UI and the CLI read better with names)
def review(db: Database, motion_id: int, **kw: Any) -> Motion:
    return transition(db, motion_id, "review", **kw)


def accept(db: Database, motion_id: int, opinion: str = "", **kw: Any) -> Motion:
    return transition(db, motion_id, "accept", opinion=opinion, **kw)


def merge(db: Database, motion_id: int, into: int | str, opinion: str = "", **kw: Any) -> Motion:
    return transition(db, motion_id, "merge", into=into, opinion=opinion, **kw)


def reject(db: Database, motion_id: int, reason: str, **kw: Any) -> Motion:
    return transition(db, motion_id, "reject", reason=reason, **kw)


def assign(db: Database, motion_id: int, lead: int | str, assist: Iterable[int | str] = (), due: Any = None,
           **kw: Any) -> Motion:
    return transition(db, motion_id, "assign", lead=lead, assist=list(assist), due=due, **kw)


def start(db: Database, motion_id: int, **kw: Any) -> Motion:
    return transition(db, motion_id, "start", **kw)


def reply(db: Database, motion_id: int, text: str, implementation: str, note: str = "", number: str = "",
          handler: str = "", signer: str = "", kind: str = "书面答复", **kw: Any) -> Motion:
    return transition(db, motion_id, "reply", text=text, implementation=implementation, note=note, number=number,
                      handler=handler, signer=signer, kind=kind, **kw)


def rate(db: Database, motion_id: int, attitude: str, result: str, **kw: Any) -> Motion:
    return transition(db, motion_id, "rate", attitude=attitude, result=result, **kw)


def send_back(db: Database, motion_id: int, reason: str, due: Any = None, **kw: Any) -> Motion:
    return transition(db, motion_id, "return", reason=reason, due=due, **kw)


def close(db: Database, motion_id: int, note: str = "", **kw: Any) -> Motion:
    return transition(db, motion_id, "close", note=note, **kw)


def archive(db: Database, motion_id: int, **kw: Any) -> Motion:
    return transition(db, motion_id, "archive", **kw)


def supervise(db: Database, motion_id: int, note: str = "", **kw: Any) -> Motion:
    return transition(db, motion_id, "supervise", note=note, **kw)


# ---------------------------------------------------------------------------------------------------------------
# Queries


@dataclass
class Filters:
    meeting_id: int | None = None
    states: tuple[str, ...] = ()
    category: str = ""
    department_id: int | None = None
    query: str = ""
    overdue: bool = False


def _filtered(stmt: Any, f: Filters | None, today: date) -> Any:
    if f is None:
        return stmt
    if f.meeting_id is not None:
        stmt = stmt.where(Motion.meeting_id == f.meeting_id)
    if f.states:
        stmt = stmt.where(col(Motion.state).in_(f.states))
    if f.category:
        stmt = stmt.where(Motion.category == f.category)
    if f.department_id is not None:
        stmt = stmt.where(Motion.lead_department_id == f.department_id)
    if f.query:
        q = f"%{f.query.strip()}%"
        stmt = stmt.where(or_(col(Motion.title).like(q), col(Motion.number).like(q)))
    if f.overdue:
        stmt = stmt.where(col(Motion.state).in_(OPEN_STATES), col(Motion.due_on) < today)
    return stmt


def search_ids(db: Database, filters: Filters | None = None) -> list[int]:
    """Motion ids in list order (meeting, then number) — the table model fetches rows for them lazily."""
    stmt = _filtered(sa_select(Motion.id), filters, date.today())
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(stmt.order_by(Motion.meeting_id, Motion.seq)).all()]


_ROWS_SQL = text(
    "SELECT m.id, m.number, m.title, m.state, m.category, mem.name, d.name, m.due_on, m.submitted_on "
    "FROM motion m JOIN congress_representative r ON r.id = m.proposer_id JOIN member mem ON mem.id = r.member_id "
    "LEFT JOIN department d ON d.id = m.lead_department_id WHERE m.id IN (SELECT value FROM json_each(:ids))")


def rows_by_ids(db: Database, ids: Sequence[int]) -> dict[int, MotionRow]:
    """Rows for a page of the list (one query with the ids as a JSON array: no per-id bind parameters)."""
    today = date.today()
    out: dict[int, MotionRow] = {}
    if not ids:
        return out
    with db.engine.connect() as conn:
        for r in conn.execute(_ROWS_SQL, {"ids": json.dumps([int(i) for i in ids])}).all():
            due = date.fromisoformat(r[7]) if isinstance(r[7], str) else r[7]
            sub = date.fromisoformat(r[8]) if isinstance(r[8], str) else r[8]
            out[r[0]] = MotionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", due, sub,
                                  r[3] in OPEN_STATES and due is not None and due < today)
    return out


def list_motions(db: Database, filters: Filters | None = None) -> list[MotionRow]:
    ids = search_ids(db, filters)
    rows = rows_by_ids(db, ids)
    return [rows[i] for i in ids if i in rows]


def default_meeting(db: Database, text: str | None = None) -> congress.MeetingInfo:
    """The meeting named by ``text`` ("届-次"), else the latest meeting that has motions (a meeting held only to
    vote on a contract has none), else the latest meeting."""
    if text:
        return congress.find_meeting(db, text)
    with db.engine.connect() as conn:
        ids = {r[0] for r in conn.execute(sa_select(Motion.meeting_id).distinct()).all()}
    meetings = [m for m in congress.list_meetings(db) if m.id in ids]
    return meetings[-1] if meetings else congress.find_meeting(db, None)


def find(db: Database, number: str) -> Motion:
    with db.session() as s:
        m = s.exec(select(Motion).where(Motion.number == number.strip())).first()
    if m is None:
        raise NotFound("motion.not_found", _("没有案号为 {no} 的提案（案号形如 5-2-001，见 uniondesk motions list）").format(
            no=number))
    return m


def detail(db: Database, motion_id: int) -> MotionDetail:
    with db.session() as s:
        m = _motion(s, motion_id)
        meeting = s.get(CongressMeeting, m.meeting_id)
        term = s.get(CongressTerm, meeting.term_id) if meeting else None
        assert meeting is not None and term is not None
        prop = s.exec(select(Member).join(Representative, Representative.member_id == Member.id)
                      .where(Representative.id == m.proposer_id)).one()
        cos = s.exec(select(Representative.id, Member.name)
                     .join(Member, Member.id == Representative.member_id)
                     .join(MotionCosigner, MotionCosigner.representative_id == Representative.id)
                     .where(MotionCosigner.motion_id == m.id).order_by(Member.name_pinyin)).all()
        assist = [_dept_name(s, int(a)) for a in m.assist_departments.split(",") if a]
        parent = s.get(Motion, m.merged_into_id) if m.merged_into_id else None
        children = [c.number for c in s.exec(select(Motion).where(Motion.merged_into_id == m.id)).all()]
        atts = [(a.id, a.filename, a.size) for a in s.exec(
            select(MotionAttachment.id, MotionAttachment.filename, MotionAttachment.size)
            .where(MotionAttachment.motion_id == m.id)).all()]
        events = list(s.exec(select(MotionEvent).where(MotionEvent.motion_id == m.id)
                             .order_by(MotionEvent.at, MotionEvent.id)).all())
        return MotionDetail(m, meeting.title or congress.meeting_label(term.number, meeting.number, term.assembly),
                            term.id, prop.name, prop.sex, [(int(c[0]), c[1]) for c in cos],
                            _dept_name(s, m.lead_department_id), assist, parent.number if parent else "", children,
                            atts, events)  # type: ignore[arg-type]


def timeline(db: Database, motion_id: int) -> list[MotionEvent]:
    return detail(db, motion_id).events


# ---------------------------------------------------------------------------------------------------------------
# Dashboard


@dataclass
class Dashboard:
    counts: dict[str, int]                      # state -> number
    overdue_by_department: dict[str, list[MotionRow]]
    awaiting_rating: list[MotionRow]
    total: int


def state_counts(db: Database, meeting_id: int | None = None) -> tuple[dict[str, int], int]:
    """({state: number}, number overdue) — what the list's state filter shows, two small aggregate queries."""
    counts = {st: 0 for st in STATES}
    stmt = sa_select(Motion.state, func.count()).group_by(Motion.state)
    over = sa_select(func.count()).select_from(Motion).where(col(Motion.state).in_(OPEN_STATES),
                                                             col(Motion.due_on) < date.today())
    if meeting_id is not None:
        stmt = stmt.where(Motion.meeting_id == meeting_id)
        over = over.where(Motion.meeting_id == meeting_id)
    with db.engine.connect() as conn:
        counts.update({r[0]: int(r[1]) for r in conn.execute(stmt).all()})
        return counts, int(conn.execute(over).scalar_one())


def dashboard(db: Database, meeting_id: int | None = None, today: date | None = None) -> Dashboard:
    today = today or date.today()
    with db.session() as s:
        stmt = sa_select(Motion.state, func.count()).group_by(Motion.state)
        if meeting_id is not None:
            stmt = stmt.where(Motion.meeting_id == meeting_id)
        counts = {st: 0 for st in STATES}
        counts.update({r[0]: int(r[1]) for r in s.execute(stmt).all()})
    overdue = list_motions(db, Filters(meeting_id=meeting_id, overdue=True))
    by_dept: dict[str, list[MotionRow]] = defaultdict(list)
    for r in sorted(overdue, key=lambda r: (r.due_on or today)):
        if r.due_on is not None and r.due_on < today:
            by_dept[r.lead_department or _("未指定部门")].append(r)
    waiting = list_motions(db, Filters(meeting_id=meeting_id, states=("replied",)))
    return Dashboard(counts, dict(sorted(by_dept.items(), key=lambda kv: -len(kv[1]))), waiting,
                     sum(counts.values()))


# ---------------------------------------------------------------------------------------------------------------
# Statistics and the handling report


@dataclass
class Rates:
    """The figures reported to the next congress. Each rate is an exact fraction (None when the base is 0)."""

    label: str
    submitted: int = 0
    reviewed: int = 0          # decided by the review committee (立案 / 并案 / 不予立案)
    accepted: int = 0          # 立案 (incl. 并案)
    handled: int = 0           # 立案 motions that take a reply (并案 motions are answered with their parent)
    assigned: int = 0          # of those, already 交办
    replied: int = 0
    impl_a: int = 0
    impl_b: int = 0
    impl_c: int = 0
    rated: int = 0
    satisfied: int = 0         # 满意 + 基本满意 (result)
    fully_satisfied: int = 0   # 满意 (result)

    @staticmethod
    def _rate(n: int, base: int) -> Fraction | None:
        return Fraction(n, base) if base else None

    @property
    def acceptance(self) -> Fraction | None:      # 立案率
        return self._rate(self.accepted, self.reviewed)

    @property
    def reply_rate(self) -> Fraction | None:      # 办复率
        return self._rate(self.replied, self.handled)

    @property
    def done_a(self) -> Fraction | None:          # 落实率 (A)
        return self._rate(self.impl_a, self.replied)

    @property
    def done_ab(self) -> Fraction | None:         # 落实率 (A+B)
        return self._rate(self.impl_a + self.impl_b, self.replied)

    @property
    def satisfaction(self) -> Fraction | None:    # 满意率 (满意 + 基本满意)
        return self._rate(self.satisfied, self.rated)


def pct(r: Fraction | None) -> str:
    return "—" if r is None else f"{float(r) * 100:.1f}%"


@dataclass
class Statistics:
    meeting_label: str
    overall: Rates
    by_department: list[Rates]
    by_category: list[Rates]


def statistics(db: Database, meeting_id: int | None = None) -> Statistics:
    """立案率, 办复率, 落实率 (A, A+B), 满意率 — overall, by lead department and by category."""
    assigned = col(Motion.assigned_on).is_not(None)
    replied = col(Motion.replied_on).is_not(None)
    keys = (Motion.disposition, Motion.implementation, assigned, replied, Motion.rating_result, Motion.category,
            Department.name)
    stmt = sa_select(*keys, func.count()).join(
        Department, Department.id == Motion.lead_department_id, isouter=True).group_by(*keys)
    if meeting_id is not None:
        stmt = stmt.where(Motion.meeting_id == meeting_id)
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()  # one row per combination, not per motion
    label = congress.get_meeting(db, meeting_id).label if meeting_id is not None else _("全部会议")
    overall = Rates(label)
    by_dept: dict[str, Rates] = {}
    by_cat: dict[str, Rates] = {}
    for disp, impl, was_assigned, was_replied, result, cat, dept, n in rows:
        cat = cat or "其他"
        if cat not in by_cat:
            by_cat[cat] = Rates(cat)
        groups = [overall, by_cat[cat]]
        if dept:
            if dept not in by_dept:
                by_dept[dept] = Rates(dept)
            groups.append(by_dept[dept])
        for g in groups:
            g.submitted += n
            g.reviewed += n if disp else 0
            if disp in ("立案", "并案"):
                g.accepted += n
            if disp == "立案":
                g.handled += n
                g.assigned += n if was_assigned else 0
                if was_replied:
                    g.replied += n
                    g.impl_a += n if impl == "A" else 0
                    g.impl_b += n if impl == "B" else 0
                    g.impl_c += n if impl == "C" else 0
                if result in RATINGS:
                    g.rated += n
                    g.satisfied += n if result in ("满意", "基本满意") else 0
                    g.fully_satisfied += n if result == "满意" else 0
    return Statistics(label, overall, sorted(by_dept.values(), key=lambda r: -r.handled),
                      sorted(by_cat.values(), key=lambda r: -r.submitted))


def draft_report(db: Database, meeting_id: int) -> str:
    """The 提案工作报告 drafted from the figures, in prose the chair can edit. Headings are lines with "一、"."""
    meeting = congress.get_meeting(db, meeting_id)
    st = statistics(db, meeting_id)
    o = st.overall
    with db.session() as s:
        disp = Counter(r[0] for r in s.execute(sa_select(Motion.disposition).where(
            Motion.meeting_id == meeting_id)).all())
    merged, rejected = disp.get("并案", 0), disp.get("不予立案", 0)
    if not o.submitted:     # no rates to give ("立案率为—" says nothing): say so in words
        return "\n\n".join([
            _("各位代表："),
            _("现将{label}提案的征集和办理情况报告如下，请予审议。").format(label=meeting.label),
            _("一、提案征集情况"),
            _("本次会议未收到提案，没有需要审查、立案和办理的提案。"),
            _("二、下一步工作"),
            _("工会将继续做好提案征集工作，引导职工代表围绕企业发展和职工切身利益提出提案，"
              "并在下次职工代表大会上报告提案工作情况。"),
        ])
    lines = [
        _("各位代表："),
        _("现将{label}提案的征集、审查和办理情况报告如下，请予审议。").format(label=meeting.label),
        _("一、提案征集和审查情况"),
        _("本次会议共征集提案{n}件，提案审查委员会已审查{v}件，立案{a}件（其中并案{m}件），立案率为{rate}；"
          "不予立案{r}件，已转有关部门作为意见建议处理。").format(
            n=o.submitted, v=o.reviewed, a=o.accepted, m=merged, rate=pct(o.acceptance), r=rejected),
        _("二、提案办理情况"),
        _("立案提案（不含并案）{h}件，已交有关部门办理{g}件，已答复{rep}件，办复率为{rate}。"
          "其中已解决（A类）{a}件，列入计划解决（B类）{b}件，因条件限制暂不能解决（C类）{c}件，"
          "落实率（A类）为{ra}，落实率（A+B类）为{rab}。").format(
            h=o.handled, g=o.assigned, rep=o.replied, rate=pct(o.reply_rate), a=o.impl_a, b=o.impl_b, c=o.impl_c,
            ra=pct(o.done_a), rab=pct(o.done_ab)),
        _("提案人对{n}件提案的办理结果作出评价，满意和基本满意{s}件，满意率为{rate}。").format(
            n=o.rated, s=o.satisfied, rate=pct(o.satisfaction)) if o.rated else _("提案人尚未对办理结果作出评价。"),
    ]
    if st.by_department:
        parts = [_("{d}承办{n}件、办复率{r}、满意率{s}").format(d=d.label, n=d.handled, r=pct(d.reply_rate),
                                                        s=pct(d.satisfaction)) if d.rated else
                 _("{d}承办{n}件、办复率{r}、暂无评价").format(d=d.label, n=d.handled, r=pct(d.reply_rate))
                 for d in st.by_department]
        lines.append(_("各承办部门的办理情况：") + "；".join(parts) + "。")
    if st.by_category:
        lines.append(_("按类别分：") + "；".join(_("{c}{n}件").format(c=_(c.label), n=c.submitted)
                                               for c in st.by_category) + "。")
    overdue = dashboard(db, meeting_id).overdue_by_department
    lines.append(_("三、存在的问题"))
    if overdue:
        lines.append(_("目前仍有{n}件提案超过办理期限未答复，涉及{d}，工会已进行督办。").format(
            n=sum(len(v) for v in overdue.values()), d="、".join(overdue)))
    else:
        lines.append(_("提案均在办理期限内答复。"))
    if o.impl_c:
        lines.append(_("有{n}件提案因条件限制暂不能解决，承办部门已向提案人说明原因，条件成熟后应继续推进。").format(
            n=o.impl_c))
    lines += [
        _("四、下一步工作"),
        _("工会将继续督促承办部门做好提案落实工作，对列入计划的提案跟踪办理结果，对提案人不满意的提案督促重新办理，"
          "并在下次职工代表大会上报告落实情况。"),
    ]
    return "\n\n".join(lines)


def report_text(db: Database, meeting_id: int) -> tuple[str, bool]:
    """(text, edited): the chair's edited report if saved, else a fresh draft."""
    with db.session() as s:
        r = s.exec(select(MotionReport).where(MotionReport.meeting_id == meeting_id)).first()
    if r is not None and r.text.strip():
        return r.text, True
    return draft_report(db, meeting_id), False


def save_report(db: Database, meeting_id: int, text: str) -> None:
    """Keep the chair's edited report (an empty text goes back to the generated draft)."""
    with db.session(write=True) as s:
        r = s.exec(select(MotionReport).where(MotionReport.meeting_id == meeting_id)).first()
        if r is None:
            s.add(MotionReport(meeting_id=meeting_id, text=text))
        else:
            r.text = text
            s.add(r)


def _reminders(db: Database) -> list[Any]:
    """Start-page reminders: overdue motions (督办) and replies awaiting the proposer's rating."""
    from app.services.reminders import Reminder

    out: list[Any] = []
    today = date.today()
    for r in list_motions(db, Filters(overdue=True)):
        out.append(Reminder(r.due_on, _("提案 {no}“{t}”已超过办理期限（{dept}）").format(
            no=r.number, t=r.title, dept=r.lead_department or _("未指定部门")), "motions", "overdue", r.number))
    waiting = list_motions(db, Filters(states=("replied",)))
    if waiting:
        out.append(Reminder(today, _("{n}件提案已答复，等待提案人评价").format(n=len(waiting)), "motions", "info"))
    return out


def _register() -> None:
    from app.services import reminders

    reminders.register("motions", _reminders)


_register()


def aggregates(db: Database) -> dict[str, Any]:
    """Figures for an L0 (aggregates only) upward bundle: the congress's composition, meetings and motion rates.
    No names, no personal data."""
    from app.rules.congress import summarise

    out: dict[str, Any] = {"terms": len(congress.list_terms(db)), "meetings": {}, "composition": None,
                           "motions": {}}
    term = congress.current_term(db)
    if term is not None:
        s = summarise(congress.composition_facts(db, int(term.id)), current_profile(db))  # type: ignore[arg-type]
        out["composition"] = {"term": term.number, "representatives": s.voting, "observers": s.observers,
                              "required": s.required, "managers": s.managers, "frontline": s.frontline,
                              "women": s.women, "dispatched": s.dispatched}
    for m in congress.list_meetings(db):
        counts, overdue = state_counts(db, m.id)
        o = statistics(db, m.id).overall
        out["meetings"][f"{m.term_number}-{m.number}"] = {
            "held_on": m.held_on.isoformat() if m.held_on else None, "total": m.total, "present": m.present,
            "votes": len(congress.list_votes(db, m.id)), "reported_on": m.reported_on.isoformat()
            if m.reported_on else None}
        out["motions"][f"{m.term_number}-{m.number}"] = {
            "by_state": counts, "overdue": overdue, "submitted": o.submitted, "accepted": o.accepted,
            "replied": o.replied, "impl_a": o.impl_a, "impl_b": o.impl_b, "impl_c": o.impl_c, "rated": o.rated,
            "satisfied": o.satisfied}
    return out
