"""Rules of the workers' congress: composition, term, meetings, quorum and votes — each finding with its citation.

Pure functions over plain values (no database): the service gathers the facts, these decide. The numbers come
from ``resources/profiles/congress.toml`` through :func:`app.rules.profile.rule`; every count goes through
:mod:`app.rules.counting` (exact fractions, 民法典 Art. 1259 counting words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from app.i18n import N_, _
from app.rules import counting, workdays
from app.rules.profile import rule

AREA = "congress"
CATEGORIES = (N_("一线职工"), N_("专业技术人员"), N_("中层以上管理人员"), N_("领导人员"))
MANAGER_CATEGORIES = ("中层以上管理人员", "领导人员")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str          # error | warning | info
    message: str
    cite: str = ""
    subject: str = ""      # what it is about (a meeting, a representative …)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def severity_label(sev: str) -> str:
    return {"error": _("错误"), "warning": _("提醒"), "info": _("提示")}.get(sev, sev)


def _frac(v: object) -> Fraction:
    return Fraction(str(v))


def _pct(fr: Fraction) -> str:
    return f"{float(fr) * 100:.1f}%"


# ---------------------------------------------------------------------------------------------------------------
# Representative count


def required_representatives(staff: int, profile: str = "national") -> int:
    """The minimum number of representatives for ``staff`` employees under the profile's rule."""
    spec = rule(AREA, "rep_count", profile).value
    if spec["kind"] == "ratio":
        need = counting.min_needed_at_least(staff, _frac(spec["ratio"]))
        return max(int(spec["min"]), min(need, int(spec.get("cap") or need)))
    need = 0
    for from_staff, base, base_staff, per, add in spec["bands"]:
        if staff >= from_staff:
            need = base + (add * ((staff - base_staff) // per) if per else 0)
    return need


# ---------------------------------------------------------------------------------------------------------------
# Composition


@dataclass(frozen=True)
class RepFacts:
    """What the composition check needs to know of one representative in office."""

    name: str
    category: str
    sex: str
    dispatched: bool = False
    observer: bool = False
    in_union: bool = True


@dataclass
class CompositionFacts:
    staff: int
    female_staff: int
    dispatched_staff: int
    reps: list[RepFacts] = field(default_factory=list)
    assembly: bool = False  # a 职工大会: every member attends, no representatives to check


@dataclass(frozen=True)
class CompositionSummary:
    voting: int
    observers: int
    managers: int
    frontline: int
    women: int
    dispatched: int
    required: int


def summarise(facts: CompositionFacts, profile: str = "national") -> CompositionSummary:
    voting = [r for r in facts.reps if not r.observer]
    return CompositionSummary(
        voting=len(voting), observers=len(facts.reps) - len(voting),
        managers=sum(1 for r in voting if r.category in MANAGER_CATEGORIES),
        frontline=sum(1 for r in voting if r.category == "一线职工"),
        women=sum(1 for r in voting if r.sex == "女"),
        dispatched=sum(1 for r in facts.reps if r.dispatched),
        required=required_representatives(facts.staff, profile),
    )


def check_composition(facts: CompositionFacts, profile: str = "national") -> list[Finding]:
    out: list[Finding] = []
    small = rule(AREA, "assembly_below_staff", profile)
    # "shall": 上海条例 第四条 — 一百人以上应当召开职工代表大会, below it 一般召开职工大会. "may": the text only says a
    # smaller unit 可以 hold a 职工大会 (浙江条例 第七条; nationally 职工人数较少, the number being ours), so a larger
    # one holding a 职工大会 is advised, not told, to hold a 职工代表大会.
    ar = rule(AREA, "assembly_rule", profile)
    if ar.value not in ("may", "shall"):
        raise ValueError(f"congress.assembly_rule: bad rule {ar.value!r}")
    shall = ar.value == "shall"
    if facts.assembly:
        if facts.staff >= int(small.value):
            if shall:
                msg = _("本单位有职工{staff}人，已达{n}人，应当召开职工代表大会而不是职工大会")
            else:
                msg = _("本单位有职工{staff}人，已达{n}人；可以召开职工大会的是不足{n}人的单位（见依据），"
                        "建议召开职工代表大会")
            out.append(Finding("congress.assembly_large", "warning", msg.format(staff=facts.staff, n=small.value),
                               ar.cite or small.cite))
        return out
    s = summarise(facts, profile)
    if facts.staff and facts.staff < int(small.value):
        if shall:
            msg = _("本单位职工不足{n}人，一般召开职工大会；如实行代表大会制度，代表不得少于{m}名")
        else:
            msg = _("本单位职工不足{n}人，可以召开职工大会；如召开职工代表大会，代表不得少于{m}名")
        out.append(Finding("congress.small_unit", "info", msg.format(n=small.value, m=s.required), small.cite))
    r = rule(AREA, "rep_count", profile)
    if s.voting < s.required:
        out.append(Finding("congress.rep_count", "error", _(
            "职工{staff}人，职工代表应不少于{need}名，现有{have}名（缺{gap}名）").format(
            staff=facts.staff, need=s.required, have=s.voting, gap=s.required - s.voting), r.cite))
    if s.voting:
        mr = rule(AREA, "managers_max_ratio", profile)
        sev = str(rule(AREA, "managers_severity", profile).value)
        ratio = _frac(mr.value)
        if not counting.at_most(s.managers, s.voting, ratio):
            limit = int(ratio * s.voting)
            out.append(Finding("congress.managers", sev, _(
                "中层以上管理人员和领导人员{m}名，占代表总数{pct}，超过{lim}（最多{max}名）").format(
                m=s.managers, pct=_pct(Fraction(s.managers, s.voting)), lim=_pct(ratio), max=limit), mr.cite))
        fr = rule(AREA, "frontline_majority", profile)
        if fr.value and not counting.more_than(s.frontline, s.voting, Fraction(1, 2)):
            out.append(Finding("congress.frontline", "warning", _(
                "一线职工代表{n}名，占{pct}，未达到过半数（应以一线职工为主体）").format(
                n=s.frontline, pct=_pct(Fraction(s.frontline, s.voting))), fr.cite))
        out.extend(_women(facts, s, profile))
    out.extend(_dispatched(facts, s, profile))
    for rep in facts.reps:
        if not rep.in_union:
            out.append(Finding("congress.rep_left", "warning", _(
                "代表{name}已不在会员名册的在会人员中，应当由原选区依照民主程序及时补选").format(name=rep.name),
                rule(AREA, "vacancy", profile).cite, rep.name))
    return out


def _women(facts: CompositionFacts, s: CompositionSummary, profile: str) -> list[Finding]:
    wr = rule(AREA, "women_rule", profile)
    if not facts.female_staff:
        return []
    if wr.value == "present":
        if s.women == 0:
            return [Finding("congress.women", "warning", _("本单位有女职工{n}人，但职工代表中没有女职工代表").format(
                n=facts.female_staff), wr.cite)]
        return []
    if not facts.staff:
        return []
    share = Fraction(facts.female_staff, facts.staff)
    if counting.at_least(s.women, s.voting, share):
        return []
    need = counting.min_needed_at_least(s.voting, share)
    sev = "error" if wr.value == "proportional" else "warning"
    return [Finding("congress.women", sev, _(
        "女职工代表{w}名，占{pct}，低于女职工在职工中的比例{share}（至少{need}名）").format(
        w=s.women, pct=_pct(Fraction(s.women, s.voting)), share=_pct(share), need=need), wr.cite)]


def _dispatched(facts: CompositionFacts, s: CompositionSummary, profile: str) -> list[Finding]:
    dr = rule(AREA, "dispatched_rule", profile)
    if dr.value == "none":
        return []
    voting_dispatched = sum(1 for r in facts.reps if r.dispatched and not r.observer)
    if dr.value == "observers":
        out = []
        if facts.dispatched_staff and s.dispatched == 0:
            out.append(Finding("congress.dispatched", "warning", _(
                "本单位有被派遣劳动者{n}人，应当有适当比例的被派遣劳动者代表列席会议").format(
                n=facts.dispatched_staff), dr.cite))
        if voting_dispatched:
            out.append(Finding("congress.dispatched_voting", "info", _(
                "{n}名被派遣劳动者登记为正式代表；按本地规定被派遣劳动者代表列席会议（无表决权），请核对").format(
                n=voting_dispatched), dr.cite))
        return out
    if facts.dispatched_staff and s.dispatched == 0:
        return [Finding("congress.dispatched", "warning", _(
            "本单位有劳务派遣职工{n}人，职工代表中应当有适当比例的劳务派遣职工代表").format(
            n=facts.dispatched_staff), dr.cite)]
    return []


# ---------------------------------------------------------------------------------------------------------------
# Term and meetings


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def term_years(profile: str = "national") -> tuple[str, tuple[int, ...]]:
    """The profile's term rule: ``("range", (lo, hi))`` — any length from lo to hi years (上海条例 第二十二条
    三年至五年) — or ``("one_of", (3, 5))`` — exactly one of those lengths (浙江条例 第十四条 with 工会法 第十六条
    三年或者五年). A bare ``[lo, hi]`` in the profile is a range."""
    v = rule(AREA, "term_years", profile).value
    if isinstance(v, dict):
        kind, years = str(v["kind"]), tuple(int(y) for y in v["years"])
    else:
        kind, years = "range", tuple(int(y) for y in v)
    if kind not in ("range", "one_of") or not years or (kind == "range" and len(years) != 2):
        raise ValueError(f"congress.term_years: bad rule {v!r}")
    return kind, years


_TERM_SLACK = timedelta(days=92)  # elections are held around the anniversary, not on it (our own allowance)


def _is_about_years(start: date, last: date, years: int) -> bool:
    """``last`` (the day after the term's end) falls within three months of ``years`` after ``start``."""
    return abs(last - add_years(start, years)) <= _TERM_SLACK


def _or_list(values: Iterable[int]) -> str:
    items = [str(v) for v in values]
    text = items[0]
    for item in items[1:]:
        text = _("{a}或{b}").format(a=text, b=item)
    return text


def check_term(number: int, start: date, end: date, meeting_dates: Iterable[date], today: date,
               has_successor: bool, profile: str = "national") -> list[Finding]:
    out: list[Finding] = []
    label = _("第{n}届").format(n=number)
    tr = rule(AREA, "term_years", profile)
    kind, years = term_years(profile)
    last = end + timedelta(days=1)  # a term "2024-03-01 to 2027-02-28" is three full years
    if kind == "one_of":  # 浙江 第十四条: "一般" the union's term — a warning, with a few months' allowance
        if not any(_is_about_years(start, last, y) for y in years):
            out.append(Finding("congress.term_length", "warning", _(
                "{label}任期 {a} 至 {b}，届期应为{years}年").format(label=label, a=start, b=end,
                                                                   years=_or_list(years)), tr.cite, label))
    else:
        lo, hi = years
        if last < add_years(start, lo) or last > add_years(start, hi):
            out.append(Finding("congress.term_length", "error", _(
                "{label}任期 {a} 至 {b}，不在{lo}至{hi}年之间").format(label=label, a=start, b=end, lo=lo, hi=hi),
                tr.cite, label))
    if not has_successor and today > end:
        ext = int(rule(AREA, "term_extension_years", profile).value or 0)
        er = rule(AREA, "term_extension_years", profile)
        if ext and today <= add_years(end, ext):
            out.append(Finding("congress.term_expired", "warning", _(
                "{label}已于 {d} 届满，尚未换届；延期不得超过{n}年（至 {last}）").format(
                label=label, d=end, n=ext, last=add_years(end, ext)), er.cite, label))
        else:
            out.append(Finding("congress.term_expired", "error", _(
                "{label}已于 {d} 届满，尚未换届").format(label=label, d=end), tr.cite, label))
    mr = rule(AREA, "meetings_per_year", profile)
    per_year = int(mr.value)
    held: dict[int, int] = {}
    for d in meeting_dates:
        held[d.year] = held.get(d.year, 0) + 1
    last_year = min(end.year, today.year - 1)
    for year in range(start.year, last_year + 1):
        if held.get(year, 0) < per_year:
            out.append(Finding("congress.no_meeting", "error", _(
                "{label}在{y}年没有召开职工代表大会（每年至少{n}次）").format(label=label, y=year, n=per_year),
                mr.cite, label))
    if start <= today <= end and held.get(today.year, 0) < per_year:
        out.append(Finding("congress.meeting_due", "info", _(
            "{y}年尚未召开职工代表大会，请在年内召开").format(y=today.year), mr.cite, label))
    return out


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    needed: int
    ok: bool
    cite: str


def quorum(present: int, total: int, profile: str = "national") -> Quorum:
    qr = rule(AREA, "quorum_ratio", profile)
    ratio = _frac(qr.value)
    return Quorum(present, total, counting.min_needed_at_least(total, ratio),
                  total > 0 and counting.at_least(present, total, ratio), qr.cite)


@dataclass
class VoteResult:
    """A vote on one item with everything needed to show why it passed or failed."""

    title: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    total: int              # all voting representatives (the base is ALL, not those present)
    present: int
    quorum_needed: int
    quorum_ok: bool
    rule: str               # more_than (过半数) | at_least (半数以上)
    pass_needed: int
    passed: bool
    secret: bool
    secret_required: bool
    cite: str
    quorum_cite: str
    vote_id: int | None = None
    basis: str = "congress"  # the rule it was decided by: "congress" (this profile) | "contract" (集体合同规定 Art. 36)

    @property
    def rule_label(self) -> str:
        return rule_label(self.rule)

    def explain(self) -> str:
        if not self.quorum_ok:
            return _("出席{p}人，不足全体代表{t}人的三分之二（需{n}人），会议不能表决").format(
                p=self.present, t=self.total, n=self.quorum_needed)
        verdict = _("通过") if self.passed else _("未通过")
        return _("赞成{f}票，全体代表{t}人，{rule}需{n}票：{v}").format(
            f=self.votes_for, t=self.total, rule=self.rule_label, n=self.pass_needed, v=verdict)


def rule_label(code: str) -> str:
    return _("过半数") if code == "more_than" else _("半数以上")


def secret_required(important: bool, profile: str = "national") -> bool:
    mode = rule(AREA, "secret_ballot", profile).value
    return mode == "all" or (mode == "important" and important)


# The vote on a collective contract's draft at a congress meeting is decided by the contract rule (《集体合同规定》
# 第三十六条 and the profile's contracts entries), not by the congress's general rule: both records of it must agree.
BASES = ("congress", "contract")


def _basis_rules(basis: str, profile: str) -> tuple[str, Fraction, str, Fraction, str]:
    """(pass code, pass ratio, pass cite, quorum ratio, quorum cite) of the rule a vote is decided by."""
    if basis == "contract":
        area = "contracts"
        pr, pratio, q = (rule(area, "vote_pass_rule", profile), rule(area, "vote_pass_ratio", profile),
                         rule(area, "vote_quorum_ratio", profile))
        return str(pr.value), _frac(pratio.value), f"{pratio.cite}；{pr.cite}", _frac(q.value), q.cite
    pr, q = rule(AREA, "pass_rule", profile), rule(AREA, "quorum_ratio", profile)
    return str(pr.value), _frac(rule(AREA, "pass_ratio", profile).value), pr.cite, _frac(q.value), q.cite


def decide_vote(title: str, votes_for: int, against: int, abstain: int, total: int, present: int,
                profile: str = "national", *, important: bool = False, secret: bool = False,
                basis: str = "congress") -> VoteResult:
    """Count a vote: quorum (≥ 2/3 of ALL present) and the passing rule of the profile over ALL representatives.
    ``basis="contract"``: a collective contract's draft, decided by the contract rule (Art. 36: 半数以上)."""
    code, ratio, cite, q_ratio, q_cite = _basis_rules(basis, profile)
    q_ok = total > 0 and counting.at_least(present, total, q_ratio)
    needed = (counting.min_needed_more_than(total, ratio) if code == "more_than"
              else counting.min_needed_at_least(total, ratio))
    passed = q_ok and total > 0 and counting.passes(votes_for, total, ratio, code)
    return VoteResult(title, votes_for, against, abstain, total, present,
                      counting.min_needed_at_least(total, q_ratio), q_ok, code, needed, passed,
                      secret, secret_required(important, profile), cite, q_cite, basis=basis)


def check_vote(v: VoteResult, subject: str, profile: str = "national") -> list[Finding]:
    out: list[Finding] = []
    if not v.quorum_ok:
        out.append(Finding("congress.quorum", "error", _(
            "“{t}”表决时出席{p}人，不足全体代表{n}人的三分之二（需{need}人），表决无效").format(
            t=v.title, p=v.present, n=v.total, need=v.quorum_needed), v.quorum_cite, subject))
    if v.secret_required and not v.secret:
        out.append(Finding("congress.secret", "warning", _("“{t}”应当采用无记名投票").format(t=v.title),
                           rule(AREA, "secret_ballot", profile).cite, subject))
    return out


def report_deadline(closed_on: date, profile: str = "national") -> date | None:
    """The last day to report the meeting to the higher-level union, or None when the profile sets no period.

    Shanghai: 《上海市职工代表大会条例》第三十七条 — within seven working days from the day the congress closes
    (``report_working_days`` in the profile). The closing day is not counted and working days are those of
    :mod:`app.rules.workdays` (public holidays and 调休 working weekends from the holiday calendar; for a year the
    calendar does not list, only weekends and the fixed-date holidays — see :func:`workdays.calendar_covers`).
    """
    n = int(rule(AREA, "report_working_days", profile).value or 0)
    return workdays.add_working_days(closed_on, n) if n else None


def check_meeting_report(subject: str, closed_on: date | None, reported_on: date | None, today: date,
                         profile: str = "national") -> list[Finding]:
    if closed_on is None:
        return []
    due = report_deadline(closed_on, profile)
    if due is None:
        return []
    cite = rule(AREA, "report_working_days", profile).cite
    if reported_on is None:
        if today > due:
            return [Finding("congress.report_late", "error", _(
                "会议 {c} 闭幕，应于 {d} 前报告上一级工会，尚未报告").format(c=closed_on, d=due), cite, subject)]
        return [Finding("congress.report_due", "info", _("会议情况请于 {d} 前报告上一级工会").format(d=due),
                        cite, subject)]
    if reported_on > due:
        return [Finding("congress.report_late", "warning", _(
            "会议情况于 {r} 报告上一级工会，晚于期限 {d}").format(r=reported_on, d=due), cite, subject)]
    return []


def check_recall(name: str, votes_for: int | None, base: int | None, profile: str = "national") -> list[Finding]:
    rr = rule(AREA, "recall_ratio", profile)
    if not rr.value or votes_for is None or not base:
        return []
    if counting.at_least(votes_for, base, _frac(rr.value)):
        return []
    return [Finding("congress.recall", "error", _(
        "撤换代表{name}：同意{f}人，未达到原选区全体职工{b}人的半数以上（需{n}人）").format(
        name=name, f=votes_for, b=base, n=counting.min_needed_at_least(base, _frac(rr.value))), rr.cite, name)]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: order.get(f.severity, 9))
