"""Congress rules at their edges: exactly half, exactly 2/3, exactly 20%, each profile's numbers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.rules import congress as rules
from app.rules.congress import CompositionFacts, RepFacts


def reps(managers: int, others: int, women: int = 0, **kw) -> list[RepFacts]:
    out = [RepFacts(f"m{i}", "中层以上管理人员", "男", **kw) for i in range(managers)]
    out += [RepFacts(f"w{i}", "一线职工", "男", **kw) for i in range(others)]
    for i in range(women):
        out[-1 - i] = RepFacts(f"f{i}", "一线职工", "女")
    return out


# -- passing rules: 过半数 (national, Zhejiang) vs 半数以上 (Shanghai), base = ALL representatives -------------

@pytest.mark.parametrize("profile, exactly_half_passes", [("national", False), ("zhejiang", False),
                                                          ("shanghai", True)])
def test_exactly_half_of_all(profile, exactly_half_passes):
    r = rules.decide_vote("决议", 50, 10, 7, total=100, present=67, profile=profile)
    assert r.quorum_ok
    assert r.passed is exactly_half_passes
    assert r.pass_needed == (50 if exactly_half_passes else 51)
    assert rules.decide_vote("决议", 51, 0, 0, 100, 67, profile).passed


def test_base_is_all_representatives_not_those_present():
    # 40 of 67 present voted for: a clear majority of those present, but not of all 100
    r = rules.decide_vote("决议", 40, 0, 27, total=100, present=67, profile="national")
    assert r.quorum_ok and not r.passed
    assert "全体代表100人" in r.explain()


@pytest.mark.parametrize("total, present, ok", [(30, 20, True), (30, 19, False), (100, 67, True),
                                                (100, 66, False), (31, 21, True), (31, 20, False)])
def test_quorum_two_thirds_inclusive(total, present, ok):
    q = rules.quorum(present, total)
    assert q.ok is ok
    r = rules.decide_vote("x", present, 0, 0, total, present)
    assert r.quorum_ok is ok
    if not ok:
        assert not r.passed and "不足" in r.explain()


def test_odd_total_half():
    # 31 representatives: 过半数 needs 16, 半数以上 needs 16 too (15.5 rounded up)
    assert rules.decide_vote("x", 16, 0, 0, 31, 31, "national").pass_needed == 16
    assert rules.decide_vote("x", 16, 0, 0, 31, 31, "shanghai").pass_needed == 16
    assert not rules.decide_vote("x", 15, 0, 0, 31, 31, "shanghai").passed


# -- managers ≤ 20%: exactly 20% is allowed ------------------------------------------------------------------

def _facts(rs, staff=300, female=0, dispatched=0):
    return CompositionFacts(staff=staff, female_staff=female, dispatched_staff=dispatched, reps=rs)


@pytest.mark.parametrize("profile", ["national", "shanghai", "zhejiang"])
def test_managers_exactly_twenty_percent(profile):
    ok = rules.check_composition(_facts(reps(12, 48)), profile)
    assert not [f for f in ok if f.code == "congress.managers"]
    bad = rules.check_composition(_facts(reps(13, 47)), profile)
    found = [f for f in bad if f.code == "congress.managers"]
    assert found and found[0].is_error
    assert "13" in found[0].message and found[0].cite


def test_cites_differ_by_profile():
    sh = [f for f in rules.check_composition(_facts(reps(20, 40)), "shanghai") if f.code == "congress.managers"]
    zj = [f for f in rules.check_composition(_facts(reps(20, 40)), "zhejiang") if f.code == "congress.managers"]
    assert "上海市职工代表大会条例" in sh[0].cite and "第十六条" in sh[0].cite
    assert "浙江省企业民主管理条例" in zj[0].cite and "第十一条" in zj[0].cite


# -- representative counts per profile --------------------------------------------------------------------------

@pytest.mark.parametrize("profile, staff, need", [
    ("national", 80, 30), ("national", 1000, 50), ("national", 1001, 51), ("national", 5000, 100),
    ("shanghai", 99, 30), ("shanghai", 100, 30), ("shanghai", 250, 35), ("shanghai", 2999, 170),
    ("shanghai", 3000, 175), ("shanghai", 8000, 175),
    ("zhejiang", 99, 30), ("zhejiang", 100, 40), ("zhejiang", 350, 54), ("zhejiang", 1000, 100),
    ("zhejiang", 3500, 140), ("zhejiang", 4999, 160), ("zhejiang", 5000, 200),
])
def test_required_representatives(profile, staff, need):
    assert rules.required_representatives(staff, profile) == need


def test_too_few_representatives_is_an_error():
    found = [f for f in rules.check_composition(_facts(reps(5, 25), staff=350), "zhejiang")
             if f.code == "congress.rep_count"]
    assert found and found[0].is_error and "54" in found[0].message


# -- women's share ---------------------------------------------------------------------------------------------

def test_women_share_zhejiang_exact_edge():
    # 40% women among staff; 60 representatives need 24 women — exactly equal is enough
    assert not [f for f in rules.check_composition(_facts(reps(6, 54, women=24), staff=300, female=120),
                                                   "zhejiang") if f.code == "congress.women"]
    found = [f for f in rules.check_composition(_facts(reps(6, 54, women=23), staff=300, female=120), "zhejiang")
             if f.code == "congress.women"]
    assert found and found[0].is_error and "24" in found[0].message
    soft = [f for f in rules.check_composition(_facts(reps(6, 54, women=23), staff=300, female=120), "shanghai")
            if f.code == "congress.women"]
    assert soft and soft[0].severity == "warning"


def test_dispatched_observers_zhejiang():
    found = {f.code for f in rules.check_composition(_facts(reps(6, 54), dispatched=40), "zhejiang")}
    assert "congress.dispatched" in found
    with_obs = reps(6, 54) + [RepFacts("派遣", "一线职工", "男", dispatched=True, observer=True)]
    assert "congress.dispatched" not in {f.code for f in rules.check_composition(_facts(with_obs, dispatched=40),
                                                                               "zhejiang")}
    assert "congress.dispatched" not in {f.code for f in rules.check_composition(_facts(reps(6, 54),
                                                                               dispatched=40), "shanghai")}


def test_frontline_majority_shanghai_only():
    rs = reps(12, 18) + [RepFacts(f"t{i}", "专业技术人员", "男") for i in range(30)]  # frontline 18 of 60
    assert "congress.frontline" in {f.code for f in rules.check_composition(_facts(rs), "shanghai")}
    assert "congress.frontline" not in {f.code for f in rules.check_composition(_facts(rs), "national")}


# -- 职工大会 or 职工代表大会 by staff size: only Shanghai says 应当 at 100 or more ---------------------------------

def _assembly(staff):
    return CompositionFacts(staff=staff, female_staff=0, dispatched_staff=0, assembly=True)


def _codes(findings, code):
    return [f for f in findings if f.code == code]


def test_large_assembly_shanghai_must_hold_a_congress():
    # 上海条例 第四条: 职工人数在一百人以上的企事业单位应当召开职工代表大会 (以上 includes 100)
    found = _codes(rules.check_composition(_assembly(100), "shanghai"), "congress.assembly_large")
    assert found and found[0].severity == "warning"
    assert "应当召开职工代表大会" in found[0].message
    assert "第四条" in found[0].cite and "一百人以上" in found[0].cite
    assert not _codes(rules.check_composition(_assembly(99), "shanghai"), "congress.assembly_large")


@pytest.mark.parametrize("profile", ["zhejiang", "national"])
def test_large_assembly_elsewhere_is_advice_not_an_obligation(profile):
    # 浙江条例 第七条 only says 职工不满一百人的企业，可以召开职工大会; it has no 应当 for 100 or more
    found = _codes(rules.check_composition(_assembly(150), profile), "congress.assembly_large")
    assert found and found[0].severity in ("warning", "info")
    assert "应当" not in found[0].message and "建议" in found[0].message
    assert "150" in found[0].message and "100" in found[0].message
    assert not _codes(rules.check_composition(_assembly(99), profile), "congress.assembly_large")


def test_large_assembly_zhejiang_cites_article_seven():
    found = _codes(rules.check_composition(_assembly(100), "zhejiang"), "congress.assembly_large")
    assert "浙江省企业民主管理条例" in found[0].cite and "第七条" in found[0].cite
    assert "可以召开职工大会" in found[0].cite and "应当" not in found[0].cite


@pytest.mark.parametrize("profile, says, not_says", [("zhejiang", "可以召开职工大会", "一般召开"),
                                                     ("national", "可以召开职工大会", "一般召开"),
                                                     ("shanghai", "一般召开职工大会", "可以召开")])
def test_small_unit_says_what_the_profile_says(profile, says, not_says):
    found = _codes(rules.check_composition(_facts(reps(6, 30), staff=80), profile), "congress.small_unit")
    assert found and found[0].severity == "info"
    assert says in found[0].message and not_says not in found[0].message


def test_national_assembly_threshold_is_the_programs_own():
    # 企业民主管理规定 says 职工人数较少的企业 without a number: the 100 must not be put in its mouth
    from app.rules.profile import rule

    r = rule("congress", "assembly_below_staff", "national")
    assert r.value == 100
    assert "职工人数较少" in r.cite and "本程序" in r.cite and "工作标准" in r.cite


# -- term, meetings, report deadline, recall ---------------------------------------------------------------------

def test_term_length_and_yearly_meeting():
    ok = rules.check_term(3, date(2022, 3, 1), date(2025, 2, 28), [date(2022, 4, 1), date(2023, 4, 1),
                                                                  date(2024, 4, 1)], date(2024, 12, 1), False)
    assert not [f for f in ok if f.is_error]
    bad = rules.check_term(3, date(2022, 3, 1), date(2028, 3, 1), [date(2022, 4, 1)], date(2024, 12, 1), False)
    codes = [f.code for f in bad if f.is_error]
    assert "congress.term_length" in codes and codes.count("congress.no_meeting") == 1  # 2023 missing


def _term(start, years, profile):
    end = rules.add_years(start, years) - timedelta(days=1)
    return [f for f in rules.check_term(1, start, end, [], start, True, profile) if f.code == "congress.term_length"]


@pytest.mark.parametrize("profile", ["national", "shanghai"])
def test_term_is_a_range_of_three_to_five_years(profile):
    # 上海条例 第二十二条 "三年至五年" (and 企业民主管理规定 "三至五年"): any length in between
    start = date(2022, 3, 1)
    assert not _term(start, 3, profile) and not _term(start, 4, profile) and not _term(start, 5, profile)
    assert _term(start, 2, profile) and _term(start, 6, profile)
    assert not [f for f in rules.check_term(1, start, date(2026, 8, 31), [], start, True, profile)
                if f.code == "congress.term_length"]  # 4½ years


def test_term_zhejiang_is_three_or_five_years_not_four():
    # 浙江条例 第十四条: 届期一般与本企业工会届期相同; 工会法 第十六条: 基层工会委员会每届任期三年或者五年
    start = date(2022, 3, 1)
    assert not _term(start, 3, "zhejiang") and not _term(start, 5, "zhejiang")
    four = _term(start, 4, "zhejiang")
    assert four and four[0].severity == "warning"  # "一般": advice, not a breach
    assert "3" in four[0].message and "5" in four[0].message
    assert "第十四条" in four[0].cite and "第十六条" in four[0].cite and "三年或者五年" in four[0].cite
    assert _term(start, 2, "zhejiang") and _term(start, 6, "zhejiang")
    odd = [f for f in rules.check_term(1, start, date(2026, 8, 31), [], start, True, "zhejiang")
           if f.code == "congress.term_length"]
    assert odd  # 4½ years is neither 3 nor 5


def test_term_zhejiang_allows_an_election_a_few_weeks_off_the_anniversary():
    start = date(2022, 3, 15)
    assert not [f for f in rules.check_term(1, start, date(2025, 3, 1), [], start, True, "zhejiang")
                if f.code == "congress.term_length"]  # 3 years less two weeks
    assert [f for f in rules.check_term(1, start, date(2025, 9, 30), [], start, True, "zhejiang")
            if f.code == "congress.term_length"]      # 3½ years


def test_term_zhejiang_starting_on_29_february():
    start = date(2024, 2, 29)
    assert not _term(start, 3, "zhejiang")                                    # ends 2027-02-27
    assert not [f for f in rules.check_term(1, start, date(2027, 2, 28), [], start, True, "zhejiang")
                if f.code == "congress.term_length"]                          # or on 2027-02-28


def test_term_expired_shanghai_allows_one_year_delay():
    end = date(2024, 2, 28)
    late = rules.check_term(3, date(2021, 3, 1), end, [], date(2024, 12, 1), False, "shanghai")
    assert [f.severity for f in late if f.code == "congress.term_expired"] == ["warning"]
    later = rules.check_term(3, date(2021, 3, 1), end, [], date(2025, 3, 1), False, "shanghai")
    assert [f.severity for f in later if f.code == "congress.term_expired"] == ["error"]
    assert [f.severity for f in rules.check_term(3, date(2021, 3, 1), end, [], date(2024, 12, 1), False,
                                                 "national") if f.code == "congress.term_expired"] == ["error"]


def test_report_within_seven_working_days_shanghai():
    closed = date(2026, 11, 20)  # a Friday
    assert rules.report_deadline(closed, "shanghai") == date(2026, 12, 1)
    assert rules.report_deadline(closed, "national") is None
    assert not rules.check_meeting_report("m", closed, date(2026, 12, 1), date(2026, 12, 10), "shanghai")
    late = rules.check_meeting_report("m", closed, None, date(2026, 12, 2), "shanghai")
    assert late[0].is_error and "第三十七条" in late[0].cite
    assert rules.check_meeting_report("m", closed, date(2026, 12, 2), date(2026, 12, 10),
                                      "shanghai")[0].severity == "warning"


def test_report_deadline_counts_working_days_of_the_holiday_calendar():
    # 第三十七条 "闭会之日起七个工作日内": working days are those of app.rules.workdays (holidays and 调休 known)
    from app.rules import workdays

    ordinary = date(2026, 6, 1)  # a Monday, no holiday in the next seven working days
    assert rules.report_deadline(ordinary, "shanghai") == date(2026, 6, 10)
    # 国庆节 2025: 10-01..10-08 off, Saturday 10-11 a working day
    assert rules.report_deadline(date(2025, 9, 30), "shanghai") == date(2025, 10, 16)
    # 春节 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 working days
    assert rules.report_deadline(date(2026, 2, 13), "shanghai") == date(2026, 3, 2)
    for closed in (ordinary, date(2025, 9, 30), date(2026, 2, 13)):
        assert rules.report_deadline(closed, "shanghai") == workdays.add_working_days(closed, 7)
    # the report check uses the same deadline
    assert not rules.check_meeting_report("m", date(2025, 9, 30), date(2025, 10, 16), date(2025, 10, 20),
                                          "shanghai")
    assert not rules.check_meeting_report("m", date(2025, 9, 30), None, date(2025, 10, 16), "shanghai")[0].is_error
    late = rules.check_meeting_report("m", date(2025, 9, 30), None, date(2025, 10, 17), "shanghai")
    assert late[0].is_error and "2025-10-16" in late[0].message


def test_recall_needs_half_of_constituency_shanghai():
    assert not rules.check_recall("张三", 20, 40, "shanghai")          # exactly half: 半数以上
    assert rules.check_recall("张三", 19, 40, "shanghai")[0].is_error
    assert not rules.check_recall("张三", 1, 40, "national")            # national sets no number


def test_secret_ballot_required():
    assert rules.secret_required(True, "national") and not rules.secret_required(False, "national")
    assert rules.secret_required(False, "shanghai") and rules.secret_required(False, "zhejiang")
    v = rules.decide_vote("工资专项集体合同", 40, 0, 0, 60, 50, "national", important=True, secret=False)
    assert [f.code for f in rules.check_vote(v, "m")] == ["congress.secret"]
