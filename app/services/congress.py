# mypy: disable-error-code="arg-type"
"""Workers' congress (职工代表大会): terms, meetings, representatives, attendance, votes and the checks.

Used by the motions service (meetings, representatives) and by the contracts module for the vote on a draft
contract: :func:`record_vote` and :func:`total_representatives`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.errors import DomainError, NotFound
from app.i18n import _
from app.models import Department, Member
from app.models.congress import (
    CongressMeeting,
    CongressTerm,
    CongressVote,
    MeetingAttendance,
    Representative,
)
from app.rules import congress as rules
from app.rules.congress import Finding, VoteResult
from app.rules.profile import current_profile
from app.storage.db import Database
from app.validation.dates import DateError, parse_date

CATEGORIES = ("一线职工", "专业技术人员", "中层以上管理人员", "领导人员")
END_KINDS = ("撤换", "辞去", "调离", "离职", "届满")
ATTENDANCE = ("出席", "请假", "缺席")
IN_UNION = ("active", "retained")


def _date(v: Any, fld: str, label: str, *, required: bool = True) -> date | None:
    try:
        d = parse_date(v)
    except DateError as e:
        raise DomainError("congress.date", f"{label}：{e}", fld) from None
    if d is None and required:
        raise DomainError("congress.date", _("请填写{label}").format(label=label), fld)
    return d


def _need_date(v: Any, fld: str, label: str) -> date:
    d = _date(v, fld, label)
    assert d is not None
    return d


# ---------------------------------------------------------------------------------------------------------------
# Terms and meetings


def create_term(db: Database, number: int, start: Any, end: Any, *, assembly: bool = False,
                notes: str = "") -> CongressTerm:
    s_d = _need_date(start, "start_date", _("换届日期"))
    e_d = _need_date(end, "end_date", _("届满日期"))
    if e_d <= s_d:
        raise DomainError("congress.term_dates", _("届满日期应晚于换届日期"), "end_date")
    with db.session(write=True) as s:
        if s.exec(select(CongressTerm).where(CongressTerm.number == number)).first():
            raise DomainError("congress.term_exists", _("第{n}届已经存在").format(n=number), "number")
        t = CongressTerm(number=number, start_date=s_d, end_date=e_d, assembly=assembly, notes=notes)
        s.add(t)
        s.flush()
        s.refresh(t)
        return t


def list_terms(db: Database) -> list[CongressTerm]:
    with db.session() as s:
        return list(s.exec(select(CongressTerm).order_by(CongressTerm.number)).all())


def get_term(db: Database, term_id: int) -> CongressTerm:
    with db.session() as s:
        t = s.get(CongressTerm, term_id)
        if t is None:
            raise NotFound("congress.term_not_found", _("没有这一届职工代表大会（编号 {id}）").format(id=term_id))
        return t


def current_term(db: Database, today: date | None = None) -> CongressTerm | None:
    """The term in office on ``today`` (else the latest one)."""
    today = today or date.today()
    terms = list_terms(db)
    for t in reversed(terms):
        if t.start_date <= today:
            return t
    return terms[-1] if terms else None


def meeting_label(term_number: int, meeting_number: int, assembly: bool = False) -> str:
    if assembly:
        return _("第{t}届职工大会第{m}次会议").format(t=term_number, m=meeting_number)
    return _("第{t}届职工代表大会第{m}次会议").format(t=term_number, m=meeting_number)


@dataclass
class MeetingInfo:
    id: int
    term_id: int
    term_number: int
    number: int
    label: str
    title: str
    held_on: date | None
    closed_on: date | None
    place: str
    collect_from: date | None
    collect_until: date | None
    reported_on: date | None
    report_due: date | None
    total: int
    present: int


def create_meeting(db: Database, term_id: int, *, number: int | None = None, title: str = "",
                   held_on: Any = None, closed_on: Any = None, place: str = "", collect_from: Any = None,
                   collect_until: Any = None, present_count: int | None = None) -> CongressMeeting:
    h = _date(held_on, "held_on", _("开幕日期"), required=False)
    c = _date(closed_on, "closed_on", _("闭幕日期"), required=False) or h
    cf = _date(collect_from, "collect_from", _("征集开始日期"), required=False)
    cu = _date(collect_until, "collect_until", _("征集截止日期"), required=False)
    if h and c and c < h:
        raise DomainError("congress.meeting_dates", _("闭幕日期不能早于开幕日期"), "closed_on")
    if cf and cu and cu < cf:
        raise DomainError("congress.collect_dates", _("提案征集截止日期不能早于开始日期"), "collect_until")
    with db.session(write=True) as s:
        t = s.get(CongressTerm, term_id)
        if t is None:
            raise NotFound("congress.term_not_found", _("没有这一届职工代表大会（编号 {id}）").format(id=term_id))
        if number is None:
            number = int(s.execute(sa_select(func.coalesce(func.max(CongressMeeting.number), 0)).where(
                CongressMeeting.term_id == term_id)).scalar_one()) + 1
        elif s.exec(select(CongressMeeting).where(CongressMeeting.term_id == term_id,
                                                  CongressMeeting.number == number)).first():
            raise DomainError("congress.meeting_exists", _("第{t}届第{m}次会议已经存在").format(
                t=t.number, m=number), "number")
        m = CongressMeeting(term_id=term_id, number=number, title=title or meeting_label(t.number, number,
                                                                                        t.assembly),
                            held_on=h, closed_on=c, place=place, collect_from=cf, collect_until=cu,
                            present_count=present_count)
        s.add(m)
        s.flush()
        s.refresh(m)
        return m


def update_meeting(db: Database, meeting_id: int, **values: Any) -> CongressMeeting:
    allowed = {"title", "held_on", "closed_on", "place", "collect_from", "collect_until", "present_count",
               "reported_on", "notes"}
    with db.session(write=True) as s:
        m = _meeting(s, meeting_id)
        for k, v in values.items():
            if k not in allowed:
                raise DomainError("congress.field", _("不能修改字段：{f}").format(f=k), k)
            if k in ("held_on", "closed_on", "collect_from", "collect_until", "reported_on"):
                v = _date(v, k, k, required=False)
            setattr(m, k, v)
        s.add(m)
        s.flush()
        s.refresh(m)
        return m


def set_reported(db: Database, meeting_id: int, on: Any) -> CongressMeeting:
    """Record the day the meeting was reported to the higher-level union (Shanghai Art. 37)."""
    d = _need_date(on, "reported_on", _("报告日期"))
    return update_meeting(db, meeting_id, reported_on=d)


def _meeting(s: Session, meeting_id: int) -> CongressMeeting:
    m = s.get(CongressMeeting, meeting_id)
    if m is None:
        raise NotFound("congress.meeting_not_found", _("没有这次会议（编号 {id}）").format(id=meeting_id))
    return m


def list_meetings(db: Database, term_id: int | None = None) -> list[MeetingInfo]:
    profile = current_profile(db)
    with db.session() as s:
        stmt = select(CongressMeeting, CongressTerm).join(CongressTerm,
                                                          CongressTerm.id == CongressMeeting.term_id)
        if term_id is not None:
            stmt = stmt.where(CongressMeeting.term_id == term_id)
        rows = s.exec(stmt.order_by(CongressTerm.number, CongressMeeting.number)).all()
        out = []
        for m, t in rows:
            on = m.held_on or date.today()
            out.append(MeetingInfo(
                m.id, t.id, t.number, m.number, meeting_label(t.number, m.number, t.assembly),  # type: ignore
                m.title, m.held_on, m.closed_on, m.place, m.collect_from, m.collect_until, m.reported_on,
                rules.report_deadline(m.closed_on, profile) if m.closed_on else None,
                _total(s, t.id, on), _present(s, m)))  # type: ignore[arg-type]
        return out


def get_meeting(db: Database, meeting_id: int) -> MeetingInfo:
    for m in list_meetings(db):
        if m.id == meeting_id:
            return m
    raise NotFound("congress.meeting_not_found", _("没有这次会议（编号 {id}）").format(id=meeting_id))


def find_meeting(db: Database, text: str | None) -> MeetingInfo:
    """A meeting by "届-次" (e.g. "5-2"), by id, or the latest one when ``text`` is empty."""
    meetings = list_meetings(db)
    if not meetings:
        raise NotFound("congress.no_meeting", _("还没有职工代表大会会议"))
    if not text:
        return meetings[-1]
    t = text.strip()
    for m in meetings:
        if t in (f"{m.term_number}-{m.number}", m.label, m.title):
            return m
    raise NotFound("congress.meeting_not_found", _("没有会议“{s}”；请写成“届-次”，例如 {ex}").format(
        s=t, ex=f"{meetings[-1].term_number}-{meetings[-1].number}"))


# ---------------------------------------------------------------------------------------------------------------
# Representatives


@dataclass
class RepRow:
    id: int
    term_id: int
    member_id: int
    name: str
    sex: str
    dispatched: bool
    member_status: str
    constituency_id: int | None
    constituency: str
    category: str
    observer: bool
    elected_on: date
    ended_on: date | None
    end_kind: str
    end_reason: str
    replaces_id: int | None
    post: str
    mobile: str

    def in_office(self, on: date) -> bool:
        return self.elected_on <= on and (self.ended_on is None or self.ended_on > on)


def _in_office(stmt: Any, on: date) -> Any:
    return stmt.where(col(Representative.elected_on) <= on).where(
        col(Representative.ended_on).is_(None) | (col(Representative.ended_on) > on))


def total_representatives(db: Database, term_id: int, on: date | None = None) -> int:
    """All voting representatives in office on ``on`` — the base of the quorum and of every passing rule.
    For a 职工大会 (general assembly) term: all staff."""
    with db.session() as s:
        return _total(s, term_id, on or date.today())


def _total(s: Session, term_id: int, on: date) -> int:
    term = s.get(CongressTerm, term_id)
    if term is not None and term.assembly:  # 职工大会: every member of staff has a vote
        from app.models import Organisation

        org = s.exec(select(Organisation).order_by(Organisation.id)).first()
        if org is not None and org.staff_count:
            return int(org.staff_count)
        return int(s.execute(sa_select(func.count()).select_from(Member).where(
            col(Member.status).in_(IN_UNION))).scalar_one())
    stmt = sa_select(func.count()).select_from(Representative).where(Representative.term_id == term_id,
                                                                     col(Representative.observer).is_(False))  # type: ignore
    return int(s.execute(_in_office(stmt, on)).scalar_one())


def _check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise DomainError("congress.category", _("代表类别应为：{v}").format(v="、".join(CATEGORIES)), "category")


def elect_representative(db: Database, term_id: int, member_id: int, category: str, elected_on: Any, *,
                         constituency_id: int | None = None, observer: bool = False,
                         replaces_id: int | None = None) -> Representative:
    """Record an election (or a by-election when ``replaces_id`` names the representative replaced)."""
    _check_category(category)
    d = _need_date(elected_on, "elected_on", _("当选日期"))
    with db.session(write=True) as s:
        return _elect(s, term_id, member_id, category, d, constituency_id, observer, replaces_id)


def _elect(s: Session, term_id: int, member_id: int, category: str, d: date, constituency_id: int | None,
           observer: bool, replaces_id: int | None) -> Representative:
    t = s.get(CongressTerm, term_id)
    if t is None:
        raise NotFound("congress.term_not_found", _("没有这一届职工代表大会（编号 {id}）").format(id=term_id))
    m = s.get(Member, member_id)
    if m is None:
        raise NotFound("member.not_found", _("会员不存在（编号 {id}）").format(id=member_id))
    if m.status not in IN_UNION:
        raise DomainError("congress.not_member", _("{name}不是在会会员，不能当选职工代表").format(name=m.name),
                          "member_id")
    if d < t.start_date or d > t.end_date:
        raise DomainError("congress.elected_on", _("当选日期 {d} 不在第{n}届任期（{a} 至 {b}）内").format(
            d=d, n=t.number, a=t.start_date, b=t.end_date), "elected_on")
    dup = s.exec(_in_office(select(Representative).where(Representative.term_id == term_id,
                                                         Representative.member_id == member_id), d)).first()
    if dup is not None:
        raise DomainError("congress.duplicate", _("{name}已经是本届职工代表").format(name=m.name), "member_id")
    rep = Representative(term_id=term_id, member_id=member_id, category=category, elected_on=d,
                         constituency_id=constituency_id if constituency_id is not None else m.department_id,
                         observer=observer, replaces_id=replaces_id)
    s.add(rep)
    s.flush()
    s.refresh(rep)
    return rep


def end_representative(db: Database, rep_id: int, on: Any, kind: str, reason: str = "", *,
                       recall_for: int | None = None, recall_base: int | None = None) -> Representative:
    """End a representative's mandate: 撤换 (recall, needs the constituency's vote), 辞去, 调离, 离职, 届满."""
    d = _need_date(on, "ended_on", _("终止日期"))
    profile = current_profile(db)
    with db.session(write=True) as s:
        return _end(s, profile, rep_id, d, kind, reason, recall_for, recall_base)


def _end(s: Session, profile: str, rep_id: int, d: date, kind: str, reason: str, recall_for: int | None,
         recall_base: int | None) -> Representative:
    if kind not in END_KINDS:
        raise DomainError("congress.end_kind", _("终止方式应为：{v}").format(v="、".join(END_KINDS)), "end_kind")
    rep = s.get(Representative, rep_id)
    if rep is None:
        raise NotFound("congress.rep_not_found", _("没有这名代表（编号 {id}）").format(id=rep_id))
    if rep.ended_on is not None:
        raise DomainError("congress.already_ended", _("该代表资格已于 {d} 终止").format(d=rep.ended_on))
    if d < rep.elected_on:
        raise DomainError("congress.ended_on", _("终止日期不能早于当选日期 {d}").format(d=rep.elected_on),
                          "ended_on")
    if kind == "撤换":
        if rules.rule(rules.AREA, "recall_ratio", profile).value:
            if recall_for is None or not recall_base:
                raise DomainError("congress.recall_votes", _("撤换代表须填写原选区职工人数和同意人数"), "recall_for")
            m = s.get(Member, rep.member_id)
            found = rules.check_recall(m.name if m else "", recall_for, recall_base, profile)
            if found:
                raise DomainError("congress.recall", found[0].message + "（" + found[0].cite + "）", "recall_for")
        if not reason:
            raise DomainError("congress.recall_reason", _("撤换代表须写明理由"), "end_reason")
    rep.ended_on, rep.end_kind, rep.end_reason = d, kind, reason
    rep.recall_for, rep.recall_base = recall_for, recall_base
    s.add(rep)
    s.flush()
    s.refresh(rep)
    return rep


def replace_representative(db: Database, old_id: int, member_id: int, on: Any, *, category: str,
                           end_kind: str = "调离", reason: str = "", recall_for: int | None = None,
                           recall_base: int | None = None) -> Representative:
    """补选: end the old mandate and elect the successor in the same constituency — one transaction."""
    _check_category(category)
    d = _need_date(on, "elected_on", _("补选日期"))
    profile = current_profile(db)
    with db.session(write=True) as s:
        old = _end(s, profile, old_id, d, end_kind, reason, recall_for, recall_base)
        return _elect(s, old.term_id, member_id, category, d, old.constituency_id, old.observer, old.id)


def list_representatives(db: Database, term_id: int, *, on: date | None = None,
                         include_ended: bool = False) -> list[RepRow]:
    with db.session() as s:
        stmt = (select(Representative, Member, Department)
                .join(Member, Member.id == Representative.member_id)
                .join(Department, Department.id == Representative.constituency_id, isouter=True)
                .where(Representative.term_id == term_id))
        if not include_ended:
            stmt = _in_office(stmt, on or date.today())
        rows = s.exec(stmt.order_by(Department.sort_order, Department.name, Member.name_pinyin)).all()
    return [RepRow(r.id, r.term_id, m.id, m.name, m.sex, m.dispatched, m.status, r.constituency_id,  # type: ignore
                   d.name if d else "", r.category, r.observer, r.elected_on, r.ended_on, r.end_kind, r.end_reason,
                   r.replaces_id, m.post, m.mobile) for r, m, d in rows]


def find_representative(db: Database, term_id: int, name: str) -> RepRow:
    hits = [r for r in list_representatives(db, term_id) if r.name == name.strip()]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFound("congress.rep_not_found", _("本届职工代表中没有“{n}”").format(n=name))
    raise DomainError("congress.rep_ambiguous", _("本届有{k}名代表叫“{n}”").format(k=len(hits), n=name))


# ---------------------------------------------------------------------------------------------------------------
# Attendance and votes


def record_attendance(db: Database, meeting_id: int, statuses: Mapping[int, str]) -> int:
    """Save the sign-in list ({representative id: 出席/请假/缺席}); returns the number present."""
    for st in statuses.values():
        if st not in ATTENDANCE:
            raise DomainError("congress.attendance", _("出席情况应为：{v}").format(v="、".join(ATTENDANCE)))
    with db.session(write=True) as s:
        m = _meeting(s, meeting_id)
        for rid, st in statuses.items():
            rep = s.get(Representative, rid)
            if rep is None or rep.term_id != m.term_id:
                raise DomainError("congress.attendance_rep", _("代表（编号 {id}）不属于本届").format(id=rid))
            row = s.get(MeetingAttendance, (meeting_id, rid))
            if row is None:
                s.add(MeetingAttendance(meeting_id=meeting_id, representative_id=rid, status=st))
            else:
                row.status = st
                s.add(row)
        s.flush()
        return _present(s, m)


def attendance(db: Database, meeting_id: int) -> dict[int, str]:
    with db.session() as s:
        return {r.representative_id: r.status for r in s.exec(
            select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id)).all()}


def _present(s: Session, m: CongressMeeting) -> int:
    """Present voting representatives: from the sign-in list when kept, else the number entered."""
    n_rows = s.execute(sa_select(func.count()).select_from(MeetingAttendance).where(
        MeetingAttendance.meeting_id == m.id)).scalar_one()
    if n_rows:
        return int(s.execute(sa_select(func.count()).select_from(MeetingAttendance).join(
            Representative, Representative.id == MeetingAttendance.representative_id).where(
            MeetingAttendance.meeting_id == m.id, MeetingAttendance.status == "出席",
            col(Representative.observer).is_(False))).scalar_one())  # type: ignore[union-attr]
    return int(m.present_count or 0)


def meeting_present(db: Database, meeting_id: int) -> int:
    with db.session() as s:
        return _present(s, _meeting(s, meeting_id))


def record_vote(db: Database, meeting_id: int, item_title: str, for_: int, against: int, abstain: int,
                secret: bool, *, important: bool = False, present: int | None = None,
                voted_on: Any = None, basis: str = "congress") -> VoteResult:
    """Record the vote on one agenda item and decide it: quorum (≥ 2/3 of ALL representatives present) and the
    profile's passing rule (过半数 / 半数以上 of ALL representatives). Returns the result with its reasons.
    ``basis="contract"``: the draft of a collective contract, decided by the contract rule (集体合同规定 Art. 36)."""
    title = (item_title or "").strip()
    if not title:
        raise DomainError("congress.vote_title", _("请填写表决事项"), "title")
    for fld, n in (("for", for_), ("against", against), ("abstain", abstain)):
        if n is None or int(n) < 0:
            raise DomainError("congress.vote_count", _("票数不能为负数"), fld)
    profile = current_profile(db)
    with db.session(write=True) as s:
        m = _meeting(s, meeting_id)
        on = _date(voted_on, "voted_on", _("表决日期"), required=False) or m.held_on or date.today()
        total = _total(s, m.term_id, on)
        if present is None:
            present = _present(s, m)
        if present > total:
            raise DomainError("congress.present", _("出席人数{p}超过全体代表人数{t}").format(p=present, t=total),
                              "present")
        if for_ + against + abstain > present:
            raise DomainError("congress.vote_sum", _(
                "赞成、反对、弃权合计{n}票，超过出席人数{p}").format(n=for_ + against + abstain, p=present), "for")
        result = rules.decide_vote(title, for_, against, abstain, total, present, profile,
                                   important=important, secret=secret, basis=basis)
        seq = int(s.execute(sa_select(func.coalesce(func.max(CongressVote.seq), 0)).where(
            CongressVote.meeting_id == meeting_id)).scalar_one()) + 1
        v = CongressVote(meeting_id=meeting_id, seq=seq, title=title, important=important, secret=secret,
                         votes_for=for_, votes_against=against, votes_abstain=abstain, total=total,
                         present=present, rule="contract" if basis == "contract" else result.rule,
                         passed=result.passed, voted_on=on)
        s.add(v)
        s.flush()
        result.vote_id = v.id
        return result


def list_votes(db: Database, meeting_id: int) -> list[VoteResult]:
    profile = current_profile(db)
    with db.session() as s:
        rows = s.exec(select(CongressVote).where(CongressVote.meeting_id == meeting_id)
                      .order_by(CongressVote.seq)).all()
    out = []
    for v in rows:
        r = rules.decide_vote(v.title, v.votes_for, v.votes_against, v.votes_abstain, v.total, v.present, profile,
                              important=v.important, secret=v.secret,
                              basis="contract" if v.rule == "contract" else "congress")
        r.passed, r.vote_id = v.passed, v.id  # as decided at the time (the profile may change later)
        out.append(r)
    return out


def delete_vote(db: Database, vote_id: int) -> None:
    with db.session(write=True) as s:
        v = s.get(CongressVote, vote_id)
        if v is None:
            raise NotFound("congress.vote_not_found", _("没有这项表决"))
        s.delete(v)


# ---------------------------------------------------------------------------------------------------------------
# Checks


def staff_numbers(db: Database) -> tuple[int, int, int]:
    """(staff, female staff, dispatched staff): the union's registered numbers, else counted from the roster."""
    from app.services.org import get_org

    org = get_org(db)
    with db.session() as s:
        base = sa_select(func.count()).select_from(Member).where(Member.status.in_(IN_UNION))  # type: ignore
        counted = int(s.execute(base).scalar_one())
        women = int(s.execute(base.where(Member.sex == "女")).scalar_one())
        dispatched = int(s.execute(base.where(Member.dispatched.is_(True))).scalar_one())  # type: ignore
    staff = org.staff_count if org and org.staff_count else counted
    female = org.female_staff_count if org and org.female_staff_count else women
    return staff, female, dispatched


def composition_facts(db: Database, term_id: int, on: date | None = None) -> rules.CompositionFacts:
    term = get_term(db, term_id)
    staff, female, dispatched = staff_numbers(db)
    reps = [rules.RepFacts(r.name, r.category, r.sex, r.dispatched, r.observer, r.member_status in IN_UNION)
            for r in list_representatives(db, term_id, on=on)]
    return rules.CompositionFacts(staff, female, dispatched, reps, term.assembly)


def check(db: Database, today: date | None = None) -> list[Finding]:
    """Every composition, term and meeting finding of the congress, errors first."""
    today = today or date.today()
    profile = current_profile(db)
    terms = list_terms(db)
    if not terms:
        return [Finding("congress.no_term", "warning", _("还没有登记职工代表大会的届次和代表"),
                        rules.rule(rules.AREA, "meetings_per_year", profile).cite)]
    out: list[Finding] = []
    term = current_term(db, today)
    assert term is not None
    out.extend(rules.check_composition(composition_facts(db, term.id, today), profile))  # type: ignore[arg-type]
    meetings = list_meetings(db)
    for t in terms:
        dates = [m.held_on for m in meetings if m.term_id == t.id and m.held_on]
        out.extend(rules.check_term(t.number, t.start_date, t.end_date, dates, today,
                                    any(o.number > t.number for o in terms), profile))
    for m in meetings:
        if m.term_id != term.id:
            continue
        if m.held_on and m.held_on <= today:
            q = rules.quorum(m.present, m.total, profile)
            if m.present and not q.ok:
                out.append(Finding("congress.quorum", "error", _(
                    "出席{p}人，不足全体代表{t}人的三分之二（需{n}人），会议不能召开").format(
                    p=m.present, t=m.total, n=q.needed), q.cite, m.label))
        for v in list_votes(db, m.id):
            out.extend(rules.check_vote(v, m.label, profile))
        out.extend(rules.check_meeting_report(m.label, m.closed_on, m.reported_on, today, profile))
    with db.session() as s:
        recalls = s.exec(select(Representative, Member).join(Member, Member.id == Representative.member_id)
                         .where(Representative.end_kind == "撤换")).all()
    for r, mem in recalls:
        out.extend(rules.check_recall(mem.name, r.recall_for, r.recall_base, profile))
    return rules.sort_findings(out)


def _demo_step(ctx: Any) -> None:
    from app.services.congress_demo import demo_step

    demo_step(ctx)


def _reminders(db: Database) -> list[Any]:
    """Start-page reminders: meeting reports due upward, the yearly meeting, the end of the term."""
    from app.services.reminders import Reminder

    today = date.today()
    out: list[Any] = []
    for m in list_meetings(db):
        if m.report_due and m.reported_on is None:
            sev = "overdue" if today > m.report_due else "warning"
            out.append(Reminder(m.report_due, _("{label}的情况应报告上一级工会").format(label=m.label), "congress",
                                sev, str(m.id)))
    term = current_term(db, today)
    if term is not None and not any(n.number > term.number for n in list_terms(db)):
        if term.end_date < today:
            out.append(Reminder(term.end_date, _("第{n}届职工代表大会已届满，请组织换届").format(n=term.number),
                                "congress", "overdue"))
        elif (term.end_date - today).days <= 90:
            out.append(Reminder(term.end_date, _("第{n}届职工代表大会将于 {d} 届满").format(
                n=term.number, d=term.end_date), "congress", "warning"))
    return out


def _register() -> None:
    from app.services import demo, reminders

    demo.register(40, "congress", _demo_step)
    reminders.register("congress", _reminders)


_register()
