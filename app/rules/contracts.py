"""Rules of law for collective contracts (集体合同), each finding with its severity and citation.

Sources: 《集体合同规定》(劳动和社会保障部令第22号, 2004), 《劳动合同法》Arts. 51–56, 《浙江省集体合同条例》(2010).
The numbers come from the regional profile ``resources/profiles/contracts.toml``; every count goes through
:mod:`app.rules.counting` (exact fractions, 民法典 Art. 1259 counting words). Pure functions: no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from app.i18n import N_, _
from app.rules import counting, workdays
from app.rules.profile import rule, value

AREA = "contracts"
ERROR, WARNING, INFO = "error", "warning", "info"

# Contract kinds (劳动合同法 Art. 52; 集体合同规定 Art. 3).
KINDS: dict[str, str] = {
    "comprehensive": N_("综合集体合同"),
    "wage": N_("工资专项集体合同"),
    "women": N_("女职工权益保护专项集体合同"),
    "safety": N_("劳动安全卫生专项集体合同"),
}
KINDS_CITE = "《劳动合同法》第五十一条、第五十二条；《集体合同规定》第三条"

# Content items (集体合同规定 Art. 8) and the special contracts' topics. Keys are stable (clause library, drafts).
TOPICS: dict[str, str] = {
    "remuneration": N_("劳动报酬"),
    "hours": N_("工作时间"),
    "rest": N_("休息休假"),
    "safety": N_("劳动安全与卫生"),
    "insurance": N_("补充保险和福利"),
    "special_protection": N_("女职工和未成年工特殊保护"),
    "training": N_("职业技能培训"),
    "labour_contract": N_("劳动合同管理"),
    "rewards": N_("奖惩"),
    "layoffs": N_("裁员"),
    "term": N_("集体合同期限"),
    "change": N_("变更、解除集体合同的程序"),
    "disputes": N_("履行集体合同发生争议时的协商处理办法"),
    "liability": N_("违反集体合同的责任"),
    "other": N_("双方认为应当协商的其他内容"),
    # 工资专项
    "wage_system": N_("工资分配制度、工资标准和分配形式"),
    "wage_level": N_("职工年度平均工资水平及其调整幅度"),
    "wage_allowances": N_("奖金、津贴、补贴等分配办法"),
    "wage_payment": N_("工资支付办法"),
    "wage_minimum": N_("本单位最低工资"),
    # 女职工权益保护专项
    "women_prohibited": N_("女职工禁忌从事的劳动"),
    "women_periods": N_("经期、孕期、产期、哺乳期的劳动保护"),
    "women_health": N_("女职工定期健康检查"),
    "women_training": N_("女职工的教育和培训"),
    # 劳动安全卫生专项
    "safety_responsibility": N_("劳动安全卫生责任制"),
    "safety_conditions": N_("劳动条件和安全技术措施"),
    "safety_ppe": N_("劳动防护用品发放标准"),
    "safety_health_checks": N_("职业健康检查"),
    "safety_occupational": N_("职业病危害防护"),
}
TOPICS_BY_KIND: dict[str, tuple[str, ...]] = {
    "comprehensive": ("remuneration", "hours", "rest", "safety", "insurance", "special_protection", "training",
                      "labour_contract", "rewards", "layoffs", "term", "change", "disputes", "liability", "other"),
    "wage": ("wage_system", "wage_level", "wage_allowances", "wage_payment", "wage_minimum", "term", "change",
             "disputes", "liability"),
    "women": ("women_prohibited", "women_periods", "women_health", "women_training", "term", "change", "disputes",
              "liability"),
    "safety": ("safety_responsibility", "safety_conditions", "safety_ppe", "safety_health_checks",
               "safety_occupational", "term", "change", "disputes", "liability"),
}
# The items whose absence the completeness check warns about, with words that show them in a clause's text.
REQUIRED_TOPICS: dict[str, tuple[str, ...]] = {
    "term": ("期限", "有效期"),
    "change": ("变更", "解除"),
    "disputes": ("争议",),
    "liability": ("违约", "违反本合同", "违反本协议", "违反集体合同", "法律责任"),
}
SPECIAL_KINDS = ("wage", "women", "safety")  # 专项集体合同; their sources are the profile's special_cite_<kind>

SIDES: dict[str, str] = {"worker": N_("职工方"), "employer": N_("企业方")}


def kind_label(kind: str) -> str:
    return _(KINDS.get(kind, kind))


def topic_label(topic: str) -> str:
    return _(TOPICS.get(topic, topic))


def side_label(side: str) -> str:
    return _(SIDES.get(side, side))


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str            # error | warning | info
    message: str
    cite: str
    field: str | None = None
    due: date | None = None  # for findings about a deadline

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _r(key: str, profile: str):  # noqa: ANN202 — a profile Rule
    return rule(AREA, key, profile)


# ---------------------------------------------------------------------------------------------------------------
# Drafts


def topics_in_text(text: str) -> set[str]:
    """Required items that a clause's text (chapter title + article) shows by its words."""
    return {t for t, words in REQUIRED_TOPICS.items() if any(w in text for w in words)}


def check_completeness(kind: str, tagged: Iterable[str], texts: Iterable[str], profile: str = "national") -> list[Finding]:
    """Warn when 期限, 变更解除程序, 争议处理 or 违约责任 is missing (集体合同规定 Art. 8 items 11–14).

    ``tagged``: topics the articles are tagged with (from the clause library or the editor); ``texts``: the
    chapter titles and articles, searched for the words that show an item when it was written without a tag.
    """
    present = set(tagged)
    for t in texts:
        present |= topics_in_text(t)
    cite = _r("contents_cite", profile).cite
    out = []
    for topic in REQUIRED_TOPICS:
        if topic not in present:
            out.append(Finding(f"contract.missing.{topic}", WARNING,
                               _("合同缺少“{item}”的条款").format(item=topic_label(topic)), cite, "draft"))
    if kind in SPECIAL_KINDS:
        missing = [t for t in TOPICS_BY_KIND[kind] if t not in REQUIRED_TOPICS and t not in present]
        if missing:
            out.append(Finding(f"contract.missing.{kind}", INFO,
                               _("专项合同通常还包括：{items}").format(items="、".join(topic_label(t) for t in missing)),
                               _r(f"special_cite_{kind}", profile).cite, "draft"))
    return out


BLANK = re.compile(r"【[\s\u3000]*】")
BLANKS_CITE = N_("本程序的条款库：参考条款中的“【　】”处须按双方协商的结果填写，签订和报送审查的合同文本不应留有空白")


def check_blanks(articles: Iterable[tuple[str, str]]) -> list[Finding]:
    """Blanks “【　】” of the clause library still unfilled: ``articles`` are (number, text), e.g. ("第十六条", …)."""
    where, count = [], 0
    for number, text in articles:
        k = len(BLANK.findall(text))
        if k:
            where.append(number)
            count += k
    if not where:
        return []
    shown = "、".join(where[:6]) + (_("等{n}条").format(n=len(where)) if len(where) > 6 else "")
    return [Finding("contract.blank", WARNING, _("{where}还有{n}处空白“【　】”未填写").format(where=shown, n=count),
                    _(BLANKS_CITE), "draft")]


def minimum_wage_on(on: date, entries: Sequence[tuple[date, Fraction | int | float | str]]) -> Fraction | None:
    """The minimum wage in force on ``on`` from dated entries (effective_from, yuan)."""
    best: tuple[date, Fraction] | None = None
    for start, yuan in entries:
        if start <= on and (best is None or start >= best[0]):
            best = (start, Fraction(str(yuan)))
    return best[1] if best else None


def check_minimum_wage(lowest_wage: Fraction | None, minimum: Fraction | None, profile: str = "national") -> list[Finding]:
    """A 工资专项's lowest wage against the local monthly minimum wage (劳动合同法 Art. 55; Zhejiang Art. 5: 高于)."""
    r = _r("minimum_wage_rule", profile)
    if minimum is None:
        return [Finding("contract.wage.no_minimum", WARNING,
                        _("没有设置当地月最低工资标准，无法检查工资标准；请在“设置”中填写"), r.cite, "minimum_wage")]
    if lowest_wage is None:
        return [Finding("contract.wage.no_lowest", WARNING,
                        _("工资专项合同没有填写本单位最低工资（元/月）"), r.cite, "lowest_wage")]
    ok = counting.more_than(int(lowest_wage * 100), int(minimum * 100), 1) if r.value == "more_than" else \
        counting.at_least(int(lowest_wage * 100), int(minimum * 100), 1)
    if not ok:
        word = _("应当高于") if r.value == "more_than" else _("不得低于")
        return [Finding("contract.wage.below_minimum", ERROR,
                        _("本单位最低工资 {w} 元{word}当地最低工资标准 {m} 元").format(
                            w=money(lowest_wage), word=word, m=money(minimum)), r.cite, "lowest_wage")]
    return []


def money(v: Fraction | float | int | None) -> str:
    if v is None:
        return ""
    q = Fraction(str(v)) if not isinstance(v, Fraction) else v
    cents = round(q * 100)
    return f"{cents // 100}.{cents % 100:02d}"


def check_term(start: date | None, end: date | None, profile: str = "national") -> list[Finding]:
    """Term of 1–3 years (集体合同规定 Art. 38; Zhejiang Art. 30)."""
    r = _r("term_years", profile)
    lo, hi = r.value
    if start is None or end is None:
        return [Finding("contract.term.missing", WARNING, _("没有填写合同期限的起止日期"), r.cite, "term")]
    if end < start:
        return [Finding("contract.term.order", ERROR, _("合同期限的终止日期早于起始日期"), r.cite, "term_end")]
    if end < workdays.term_end(start, lo) or end > workdays.term_end(start, hi):
        return [Finding("contract.term.length", ERROR,
                        _("合同期限应为{lo}至{hi}年（{start} 起，终止日期应在 {a} 至 {b} 之间）").format(
                            lo=lo, hi=hi, start=start.isoformat(), a=workdays.term_end(start, lo).isoformat(),
                            b=workdays.term_end(start, hi).isoformat()), r.cite, "term_end")]
    return []


# ---------------------------------------------------------------------------------------------------------------
# Deadlines


@dataclass(frozen=True)
class Deadline:
    due: date
    cite: str
    approximate: bool = False   # the holiday calendar does not cover the year: weekends only


def _days(start: date, key: str, profile: str, kind: str = "calendar") -> Deadline:
    r = _r(key, profile)
    n = int(r.value)
    if kind == "working":
        due = workdays.add_working_days(start, n)
    else:
        due = workdays.add_days(start, n)
    cite = r.cite if kind == "working" else f"{r.cite}；{workdays.CITE_END}"
    return Deadline(due, cite, not workdays.calendar_covers(due))


def reply_deadline(received_on: date, profile: str = "national") -> Deadline:
    """The other side answers a written 要约 in writing (20 days; Zhejiang 10 working days)."""
    return _days(received_on, "reply_days", profile, str(value(AREA, "reply_day_kind", profile)))


def filing_deadline(signed_on: date, profile: str = "national") -> Deadline:
    """The employer files the signed contract within 10 days of signing (Art. 42)."""
    return _days(signed_on, "filing_days", profile)


def review_end(received_on: date, profile: str = "national") -> Deadline:
    """The labour administration's 15 days from receipt; no objection by then → in force (Art. 47)."""
    return _days(received_on, "review_days", profile)


def in_force_date(received_on: date, profile: str = "national") -> date:
    """The day the contract takes effect when no objection came: the day after the review period ends."""
    from datetime import timedelta

    return review_end(received_on, profile).due + timedelta(days=1)


def vacancy_deadline(vacant_on: date, profile: str = "national") -> Deadline:
    """A vacancy among the representatives is refilled within 15 days (Art. 31)."""
    return _days(vacant_on, "vacancy_refill_days", profile)


def vote_submit_deadline(agreed_on: date, profile: str = "national") -> Deadline | None:
    """Zhejiang: the agreed draft goes to the congress within 15 working days (Art. 24); national: no fixed period."""
    if not int(value(AREA, "vote_submit_working_days", profile)):
        return None
    return _days(agreed_on, "vote_submit_working_days", profile, "working")


def publish_deadline(in_force_on: date, profile: str = "national") -> Deadline | None:
    """Zhejiang: publish within 5 working days of taking effect (Art. 35); national: promptly (no fixed days)."""
    r = _r("publish_days", profile)
    if not int(r.value):
        return None
    return _days(in_force_on, "publish_days", profile, "working")


def renewal_window_start(term_end: date, profile: str = "national") -> Deadline:
    """First day either side may ask to renew: the contract expires at the end of ``term_end``; the window is the
    last 3 months before that (Art. 38; Zhejiang: the last 90 days, Art. 30). 2026-12-31 → 2026-10-01."""
    from datetime import timedelta

    expiry = term_end + timedelta(days=1)
    days = int(value(AREA, "renewal_window_days", profile))
    if days:
        return Deadline(expiry - timedelta(days=days), _r("renewal_window_days", profile).cite)
    months = int(value(AREA, "renewal_window_months", profile))
    return Deadline(workdays.add_months(expiry, -months), _r("renewal_window_months", profile).cite)


# ---------------------------------------------------------------------------------------------------------------
# Representatives


@dataclass
class Rep:
    """One negotiation representative as the rules see them."""

    side: str                         # worker | employer
    name: str
    person_key: str = ""              # member uuid / id number — who they are, for "nobody on both sides"
    chief: bool = False
    outsider: bool = False            # 本单位以外的专业人员
    union_chair: bool = False         # the worker chief is the union chair …
    authorisation: str = ""           # … unless a written 委托书 is recorded (its date / reference)
    labour_contract_end: date | None = None
    left_on: date | None = None       # vacancy (更换、辞任 …)
    appointed_on: date | None = None

    @property
    def key(self) -> str:
        return self.person_key or self.name.strip()


@dataclass
class RepCheck:
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def check_representatives(reps: Sequence[Rep], *, recorder: str = "", recorder_key: str = "", large_firm: bool = False,
                          duty_end: date | None = None, today: date | None = None,
                          profile: str = "national") -> RepCheck:
    today = today or date.today()
    out = RepCheck()
    f = out.findings
    active = [r for r in reps if r.left_on is None]
    by_side = {s: [r for r in active if r.side == s] for s in SIDES}
    out.counts = {s: len(v) for s, v in by_side.items()}

    # numbers per side
    key = "min_representatives_large" if large_firm else "min_representatives"
    rmin = _r(key, profile)
    for side, rs in by_side.items():
        if len(rs) < int(rmin.value):
            f.append(Finding("reps.too_few", ERROR, _("{side}协商代表{n}人，每方应不少于{m}人").format(
                side=side_label(side), n=len(rs), m=rmin.value), rmin.cite, side))
    rnum = _r("side_numbers_rule", profile)
    w, e = len(by_side["worker"]), len(by_side["employer"])
    if rnum.value == "employer_at_most":
        if e > w:
            f.append(Finding("reps.unequal", ERROR, _("企业方代表（{e}人）多于职工方代表（{w}人）").format(e=e, w=w),
                             rnum.cite))
    elif w != e:
        f.append(Finding("reps.unequal", ERROR, _("双方代表人数应当对等：职工方{w}人，企业方{e}人").format(w=w, e=e),
                         rnum.cite))

    # chiefs
    rchief = _r("chief_rule_cite", profile)
    for side, rs in by_side.items():
        chiefs = [r for r in rs if r.chief]
        if len(chiefs) != 1:
            f.append(Finding("reps.chief_count", ERROR, _("{side}应当确定一名首席代表（现有{n}名）").format(
                side=side_label(side), n=len(chiefs)), rchief.cite, side))
        for c in chiefs:
            if c.outsider:
                f.append(Finding("reps.chief_outsider", ERROR, _("首席代表{name}是本单位以外人员；首席代表不得由非本单位人员担任").format(
                    name=c.name), rchief.cite, side))
            if side == "worker" and not c.union_chair and not c.authorisation.strip():
                f.append(Finding("reps.worker_chief", ERROR,
                                 _("职工方首席代表{name}不是工会主席，也没有登记工会主席的书面委托书").format(name=c.name),
                                 rchief.cite, "worker"))

    # outsiders ≤ 1/3 of the side
    rout = _r("outsider_max_ratio", profile)
    ratio = Fraction(str(rout.value))
    for side, rs in by_side.items():
        n_out = sum(1 for r in rs if r.outsider)
        if rs and not counting.at_most(n_out, len(rs), ratio):
            f.append(Finding("reps.outsiders", ERROR, _("{side}本单位以外的代表{n}人，超过本方代表{t}人的三分之一").format(
                side=side_label(side), n=n_out, t=len(rs)), rout.cite, side))

    # nobody on both sides
    rboth = _r("both_sides_cite", profile)
    worker_keys = {r.key: r for r in active if r.side == "worker"}
    for r in active:
        if r.side == "employer" and r.key in worker_keys:
            f.append(Finding("reps.both_sides", ERROR, _("{name}同时是双方的协商代表").format(name=r.name), rboth.cite))

    # recorder
    rrec = _r("recorder_cite", profile)
    if not recorder.strip():
        f.append(Finding("reps.no_recorder", WARNING, _("还没有确定记录员"), rrec.cite, "recorder"))
    else:
        rk = recorder_key or recorder.strip()
        if any(r.key == rk or r.name.strip() == recorder.strip() for r in active):
            f.append(Finding("reps.recorder_is_rep", ERROR, _("记录员{name}是协商代表；记录员应由非协商代表担任").format(
                name=recorder), rrec.cite, "recorder"))

    # vacancies refilled within 15 days
    for r in reps:
        if r.left_on is None:
            continue
        refilled = any(o.side == r.side and o.left_on is None and o.appointed_on is not None
                       and o.appointed_on >= r.left_on for o in reps)
        if refilled:
            continue
        dl = vacancy_deadline(r.left_on, profile)
        if today > dl.due:
            f.append(Finding("reps.vacancy_overdue", ERROR, _("{side}代表{name}于{d}离任，应在{due}前补齐，已逾期").format(
                side=side_label(r.side), name=r.name, d=r.left_on.isoformat(), due=dl.due.isoformat()),
                dl.cite, r.side, dl.due))
        else:
            f.append(Finding("reps.vacancy_open", WARNING, _("{side}代表{name}于{d}离任，应在{due}前补齐").format(
                side=side_label(r.side), name=r.name, d=r.left_on.isoformat(), due=dl.due.isoformat()),
                dl.cite, r.side, dl.due))

    # worker representatives whose labour contract ends during their duty
    rext = _r("labour_contract_extension_cite", profile)
    if duty_end is not None:
        for r in by_side["worker"]:
            if r.labour_contract_end is not None and not r.outsider and r.labour_contract_end < duty_end:
                f.append(Finding("reps.contract_ends", WARNING,
                                 _("职工方代表{name}的劳动合同于{d}到期，早于代表职责结束（{end}）；劳动合同依法顺延至职责履行完毕").format(
                                     name=r.name, d=r.labour_contract_end.isoformat(), end=duty_end.isoformat()),
                                 rext.cite, "worker"))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The congress vote (Art. 36)


@dataclass(frozen=True)
class VoteResult:
    total: int
    present: int
    in_favour: int
    quorum: bool            # ≥ 2/3 of all present
    majority: bool          # ≥ half (national) / > half (Zhejiang) of ALL in favour
    need_present: int
    need_for: int
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return self.quorum and self.majority


def check_vote(total: int, present: int, in_favour: int, against: int = 0, abstain: int = 0,
               profile: str = "national") -> VoteResult:
    """Whether the congress (or all staff) adopted the draft. The base of the majority is ALL, not those present."""
    from app.errors import DomainError

    for name, v in (("total", total), ("present", present), ("in_favour", in_favour), ("against", against),
                    ("abstain", abstain)):
        if v < 0:
            raise DomainError("vote.negative", _("票数不能为负数"), name)
    if total < 1:
        raise DomainError("vote.total", _("应到代表人数至少为1"), "total")
    if present > total:
        raise DomainError("vote.present", _("实到人数（{p}）多于应到人数（{t}）").format(p=present, t=total), "present")
    if in_favour + against + abstain > present:
        raise DomainError("vote.sum", _("赞成、反对、弃权合计（{s}）多于实到人数（{p}）").format(
            s=in_favour + against + abstain, p=present), "in_favour")
    rq = _r("vote_quorum_ratio", profile)
    rp = _r("vote_pass_ratio", profile)
    rr = _r("vote_pass_rule", profile)
    q_ratio, p_ratio = Fraction(str(rq.value)), Fraction(str(rp.value))
    quorum = counting.at_least(present, total, q_ratio)
    majority = counting.passes(in_favour, total, p_ratio, str(rr.value))
    need_present = counting.min_needed_at_least(total, q_ratio)
    need_for = (counting.min_needed_more_than(total, p_ratio) if rr.value == "more_than"
                else counting.min_needed_at_least(total, p_ratio))
    fs = []
    if not quorum:
        fs.append(Finding("vote.quorum", ERROR, _("出席{p}人，不足全体{t}人的三分之二（至少{n}人）").format(
            p=present, t=total, n=need_present), rq.cite, "present"))
    if not majority:
        word = _("过半数") if rr.value == "more_than" else _("半数以上")
        fs.append(Finding("vote.majority", ERROR, _("赞成{f}票，未达全体{t}人的{word}（至少{n}票）").format(
            f=in_favour, t=total, word=word, n=need_for), f"{rp.cite}；{rr.cite}", "in_favour"))
    return VoteResult(total, present, in_favour, quorum, majority, need_present, need_for, tuple(fs))
