"""The rules of law for collective contracts at their edges (pure functions, no database)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.errors import DomainError
from app.rules import contracts as r
from app.rules import workdays as wd
from app.services.contracts import chinese_numeral

# ---- the vote (Art. 36): ≥ 2/3 present, ≥ half of ALL in favour ----------------------------------------------


def test_quorum_exactly_two_thirds_passes_one_less_fails():
    assert r.check_vote(30, 20, 15).quorum            # 20 = 2/3 × 30
    res = r.check_vote(30, 19, 15)
    assert not res.quorum and not res.passed
    assert res.need_present == 20
    assert res.findings[0].code == "vote.quorum" and "第三十六条" in res.findings[0].cite


def test_quorum_rounds_up_when_two_thirds_is_not_whole():
    assert r.check_vote(31, 21, 16).quorum            # 2/3 × 31 = 20.67 → 21 needed
    assert not r.check_vote(31, 20, 16).quorum


def test_exactly_half_of_all_passes_nationally():
    res = r.check_vote(30, 20, 15)                    # 半数以上 includes half
    assert res.passed and res.need_for == 15
    assert not r.check_vote(30, 20, 14).passed


def test_majority_base_is_all_representatives_not_those_present():
    # 14 of 20 present is 70 %, but 14 of all 30 is less than half
    res = r.check_vote(30, 20, 14)
    assert res.quorum and not res.majority
    assert any(f.code == "vote.majority" for f in res.findings)


def test_zhejiang_needs_more_than_half():
    res = r.check_vote(30, 20, 15, profile="zhejiang")  # 过半数 excludes half
    assert not res.passed and res.need_for == 16
    assert "浙江" in res.findings[0].cite
    assert r.check_vote(30, 20, 16, profile="zhejiang").passed


@pytest.mark.parametrize("args,field", [((30, 31, 10), "present"), ((30, 20, 15, 4, 2), "in_favour"),
                                        ((0, 0, 0), "total"), ((30, -1, 0), "present")])
def test_impossible_vote_figures_are_refused(args, field):
    with pytest.raises(DomainError) as e:
        r.check_vote(*args)
    assert e.value.field == field


# ---- representatives (Arts. 19–24, 28, 31, 33) --------------------------------------------------------------


def team(n_worker=3, n_employer=3, **kw):
    reps = [r.Rep("worker", "主席", chief=True, union_chair=True)]
    reps += [r.Rep("worker", f"职工{i}") for i in range(n_worker - 1)]
    reps += [r.Rep("employer", "总经理", chief=True)]
    reps += [r.Rep("employer", f"经理{i}") for i in range(n_employer - 1)]
    return reps


def codes(check):
    return {f.code for f in check.findings}


def test_exactly_three_a_side_is_enough_two_is_not():
    ok = r.check_representatives(team(3, 3), recorder="记录员")
    assert ok.ok and not codes(ok)
    few = r.check_representatives(team(2, 2), recorder="记录员")
    assert "reps.too_few" in codes(few) and not few.ok


def test_zhejiang_large_firm_needs_five_and_employer_may_not_outnumber():
    assert "reps.too_few" in codes(r.check_representatives(team(4, 4), recorder="x", large_firm=True, profile="zhejiang"))
    assert r.check_representatives(team(5, 5), recorder="x", large_firm=True, profile="zhejiang").ok
    # Zhejiang allows fewer employer representatives, not more
    assert r.check_representatives(team(5, 4), recorder="x", profile="zhejiang").ok
    assert "reps.unequal" in codes(r.check_representatives(team(4, 5), recorder="x", profile="zhejiang"))
    # nationally the numbers must be equal
    assert "reps.unequal" in codes(r.check_representatives(team(5, 4), recorder="x"))


def test_one_chief_each():
    reps = team()
    reps[1].chief = True
    c = r.check_representatives(reps, recorder="x")
    assert "reps.chief_count" in codes(c)
    reps = [x for x in team() if not (x.side == "employer" and x.chief)] + [r.Rep("employer", "新经理")]
    assert "reps.chief_count" in codes(r.check_representatives(reps, recorder="x"))


def test_worker_chief_is_union_chair_unless_authorised():
    reps = team()
    reps[0].union_chair = False
    c = r.check_representatives(reps, recorder="x")
    assert "reps.worker_chief" in codes(c) and "第二十条" in next(f for f in c.findings if f.code == "reps.worker_chief").cite
    reps[0].authorisation = "2026-03-01 工会主席委托书"
    assert r.check_representatives(reps, recorder="x").ok


def test_outsiders_at_most_one_third():
    reps = team(3, 3)
    reps[-1].outsider = True                                       # 1 of 3 = exactly 1/3: allowed
    assert r.check_representatives(reps, recorder="x").ok
    reps5 = team(5, 5)
    reps5[-1].outsider = reps5[-2].outsider = True                 # 2 of 5 > 1/3
    assert "reps.outsiders" in codes(r.check_representatives(reps5, recorder="x"))
    reps6 = team(6, 6)
    reps6[-1].outsider = reps6[-2].outsider = True                 # 2 of 6 = 1/3
    assert r.check_representatives(reps6, recorder="x").ok


def test_chief_may_not_be_an_outsider():
    reps = team()
    reps[3].outsider = True   # the employer chief
    assert "reps.chief_outsider" in codes(r.check_representatives(reps, recorder="x"))


def test_nobody_on_both_sides():
    reps = team()
    reps[-1] = r.Rep("employer", "职工0")
    assert "reps.both_sides" in codes(r.check_representatives(reps, recorder="x"))
    # the same member under the same key counts even when the name is written differently
    reps = team()
    reps[1].person_key = "uuid-1"
    reps[-1] = r.Rep("employer", "别名", person_key="uuid-1")
    assert "reps.both_sides" in codes(r.check_representatives(reps, recorder="x"))


def test_recorder_is_not_a_representative():
    assert "reps.recorder_is_rep" in codes(r.check_representatives(team(), recorder="职工0"))
    c = r.check_representatives(team(), recorder="")
    assert "reps.no_recorder" in codes(c) and c.ok   # a warning only


def test_vacancy_refilled_within_fifteen_days_across_month_end():
    reps = team(4, 3)
    reps[1].left_on = date(2026, 1, 20)             # 15 days → 2026-02-04 (Wednesday)
    reps[1].appointed_on = date(2026, 1, 1)
    open_ = r.check_representatives(reps, recorder="x", today=date(2026, 2, 4))
    f = next(x for x in open_.findings if x.code == "reps.vacancy_open")
    assert f.due == date(2026, 2, 4) and f.severity == "warning"
    late = r.check_representatives(reps, recorder="x", today=date(2026, 2, 5))
    assert "reps.vacancy_overdue" in codes(late)
    reps.append(r.Rep("worker", "补选", appointed_on=date(2026, 2, 1)))
    assert not {"reps.vacancy_open", "reps.vacancy_overdue"} & codes(
        r.check_representatives(reps, recorder="x", today=date(2026, 3, 1)))


def test_worker_rep_whose_labour_contract_ends_during_duty_is_flagged():
    reps = team()
    reps[1].labour_contract_end = date(2026, 6, 30)
    c = r.check_representatives(reps, recorder="x", duty_end=date(2026, 12, 31))
    f = next(x for x in c.findings if x.code == "reps.contract_ends")
    assert "2026-06-30" in f.message and "第二十八条" in f.cite
    reps[1].labour_contract_end = date(2026, 12, 31)
    assert "reps.contract_ends" not in codes(r.check_representatives(reps, recorder="x", duty_end=date(2026, 12, 31)))


# ---- day counts ----------------------------------------------------------------------------------------------


def test_reply_deadline_twenty_days_across_month_end():
    assert r.reply_deadline(date(2026, 1, 25)).due == date(2026, 2, 14)   # a Saturday made a working day (调休)
    assert r.reply_deadline(date(2025, 12, 20)).due == date(2026, 1, 9)


def test_deadline_on_a_rest_day_moves_to_the_next_working_day():
    # 2026-03-01 + 20 = 2026-03-21 (Saturday) → Monday 2026-03-23 (民法典 Art. 203)
    dl = r.reply_deadline(date(2026, 3, 1))
    assert dl.due == date(2026, 3, 23) and "第二百零三条" in dl.cite
    # 2026-09-15 + 20 = 2026-10-05, inside the National Day holiday → 2026-10-08
    assert r.reply_deadline(date(2026, 9, 15)).due == date(2026, 10, 8)


def test_zhejiang_reply_in_working_days_skips_spring_festival():
    # received Tue 2026-02-10; 2-14 (Sat) is a working day; 2-15…2-23 holiday; 2-28 (Sat) working day
    assert r.reply_deadline(date(2026, 2, 10), "zhejiang").due == date(2026, 3, 2)


def test_filing_and_review_periods():
    assert r.filing_deadline(date(2026, 1, 25)).due == date(2026, 2, 4)
    assert r.review_end(date(2026, 2, 10)).due == date(2026, 2, 25)
    assert r.in_force_date(date(2026, 2, 10)) == date(2026, 2, 26)
    # a filing period that ends on 2026-01-31 (Saturday) moves to Monday 2026-02-02
    assert r.filing_deadline(date(2026, 1, 21)).due == date(2026, 2, 2)


def test_zhejiang_draft_goes_to_the_congress_within_fifteen_working_days():
    assert r.vote_submit_deadline(date(2026, 9, 25)) is None            # national: no fixed period
    # agreed Fri 2026-09-25 (a holiday): 9-28…9-30 (3), 10-1…10-7 holiday, 10-8, 10-9, Sat 10-10 made a working
    # day (6), 10-12…10-16 (11), 10-19…10-22 (15)
    assert r.vote_submit_deadline(date(2026, 9, 25), "zhejiang").due == date(2026, 10, 22)


def test_renewal_window_three_months_before_expiry():
    assert r.renewal_window_start(date(2026, 12, 31)).due == date(2026, 10, 1)
    assert r.renewal_window_start(date(2028, 2, 28)).due == date(2027, 11, 29)   # expiry 2028-02-29 (leap year)
    assert r.renewal_window_start(date(2026, 12, 31), "zhejiang").due == date(2026, 10, 3)  # 90 days


def test_month_arithmetic_clamps_to_month_end():
    assert wd.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert wd.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert wd.add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert wd.term_end(date(2026, 1, 1), 3) == date(2028, 12, 31)
    assert wd.term_end(date(2026, 3, 1), 1) == date(2027, 2, 28)


def test_working_days_know_holidays_and_make_up_days():
    assert not wd.is_working_day(date(2025, 10, 8))       # National Day / Mid-Autumn 2025
    assert wd.is_working_day(date(2025, 9, 28))           # Sunday made a working day
    assert wd.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2   # 2-14 and 2-24
    assert wd.calendar_covers(date(2026, 5, 1)) and not wd.calendar_covers(date(2030, 5, 1))


def test_a_year_without_a_notice_still_rests_on_the_fixed_date_holidays():
    """2027 has no State Council notice yet: 元旦 (a Friday) is still a rest day, so two working days after
    Wednesday 2026-12-30 end on Monday 2027-01-04, not on the holiday."""
    assert not wd.is_working_day(date(2027, 1, 1)) and not wd.is_working_day(date(2027, 10, 1))
    assert not wd.is_working_day(date(2030, 5, 2)) and wd.is_working_day(date(2030, 5, 6))
    assert wd.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert wd.add_days(date(2026, 12, 2), 30) == date(2027, 1, 4)  # the last day, 2027-01-01, is a holiday


def test_may_second_is_a_fixed_holiday_only_from_2025():
    """5月2日 became a holiday with the 2024 amendment of 全国年节及纪念日放假办法 (国务院令第795号, in force
    2025-01-01). A year without a notice before 2025 rests on 5-1 only; from 2025 on 5-1 and 5-2."""
    assert not wd.calendar_covers(date(2023, 5, 2)) and not wd.calendar_covers(date(2029, 5, 2))
    assert wd.is_working_day(date(2023, 5, 2))                 # a Tuesday, 2023 not in the calendar
    assert not wd.is_working_day(date(2023, 5, 1))             # 劳动节 itself was a holiday before 2025 too
    assert wd.add_working_days(date(2023, 4, 28), 2) == date(2023, 5, 3)
    assert not wd.is_working_day(date(2029, 5, 2))             # a Wednesday, from 2025 a holiday
    assert wd.add_working_days(date(2029, 4, 30), 1) == date(2029, 5, 3)
    assert not wd.is_working_day(date(2024, 5, 2))             # listed years keep their notice
    assert not wd.is_working_day(date(2023, 10, 2)) and not wd.is_working_day(date(2023, 10, 3))  # 国庆节 unchanged


def test_term_between_one_and_three_years():
    assert not r.check_term(date(2026, 1, 1), date(2028, 12, 31))
    assert r.check_term(date(2026, 1, 1), date(2029, 1, 1))[0].code == "contract.term.length"
    assert r.check_term(date(2026, 1, 1), date(2026, 12, 30))[0].code == "contract.term.length"
    assert not r.check_term(date(2026, 1, 1), date(2026, 12, 31))


# ---- drafts --------------------------------------------------------------------------------------------------


def test_completeness_warns_about_the_four_items():
    found = r.check_completeness("comprehensive", [], ["劳动报酬", "企业按月支付工资。"])
    assert {f.code for f in found} >= {"contract.missing.term", "contract.missing.change", "contract.missing.disputes",
                                        "contract.missing.liability"}
    assert all(f.severity == "warning" and "第八条" in f.cite for f in found)


def test_completeness_sees_the_items_by_tag_or_by_words():
    found = r.check_completeness("comprehensive", ["term"], ["变更和解除的程序", "因履行本合同发生争议的处理", "违约责任"])
    assert not [f for f in found if f.code.startswith("contract.missing.")]


def test_minimum_wage_national_at_least_zhejiang_above():
    m = Fraction(2490)
    assert not r.check_minimum_wage(Fraction(2490), m)                        # 不得低于: equal is fine
    assert r.check_minimum_wage(Fraction("2489.99"), m)[0].code == "contract.wage.below_minimum"
    assert r.check_minimum_wage(Fraction(2490), m, "zhejiang")[0].code == "contract.wage.below_minimum"  # 应当高于
    assert not r.check_minimum_wage(Fraction("2490.01"), m, "zhejiang")
    assert r.check_minimum_wage(Fraction(2000), None)[0].code == "contract.wage.no_minimum"


def test_minimum_wage_is_a_dated_setting():
    entries = [(date(2021, 8, 1), 2280), (date(2024, 3, 1), 2490)]
    assert r.minimum_wage_on(date(2024, 2, 29), entries) == 2280
    assert r.minimum_wage_on(date(2024, 3, 1), entries) == 2490
    assert r.minimum_wage_on(date(2020, 1, 1), entries) is None


@pytest.mark.parametrize("n,text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
                                    (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五")])
def test_chinese_numerals(n, text):
    assert chinese_numeral(n) == text


def test_a_special_contract_cites_the_regulation_of_its_own_region():
    """浙江省集体合同条例 binds employers in Zhejiang only (its Art. 2): elsewhere a 专项合同 is pointed to the
    national law (劳动合同法 Art. 52), in Zhejiang to the article of the regulation on that kind of contract."""
    national = r.check_completeness("wage", [], ["劳动报酬"], "national")
    zhejiang = r.check_completeness("wage", [], ["劳动报酬"], "zhejiang")
    special = [f for f in national if f.code == "contract.missing.wage"]
    assert special and "浙江" not in special[0].cite and "第五十二条" in special[0].cite
    assert "《浙江省集体合同条例》第十九条" in [f for f in zhejiang if f.code == "contract.missing.wage"][0].cite
    women = [f for f in r.check_completeness("women", [], [], "shanghai") if f.code == "contract.missing.women"]
    assert women and "浙江" not in women[0].cite
