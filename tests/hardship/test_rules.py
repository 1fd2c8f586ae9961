"""Classification, caps, duplicates and the exit prompt at their exact edges (民法典 Art. 1259 counting)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.errors import DomainError
from app.rules import hardship as r

STD = r.Standard(date(2024, 1, 1), 75_000, "test")  # 750.00 yuan per person per month


def classify(annual_yuan: str, rigid_yuan: str = "0", size: int = 3, cost: str = "0", covered: str = "0"):
    return r.classify(annual_income_fen=r.to_fen(annual_yuan), rigid_expense_fen=r.to_fen(rigid_yuan),
                      household_size=size, standard=STD, accident_cost_fen=r.to_fen(cost),
                      accident_covered_fen=r.to_fen(covered))


def test_per_capita_formula_and_computation_shown():
    c = classify("36000", "6000", size=4)
    # (36000 − 6000) ÷ 12 ÷ 4 = 625.00 < 750 → 深度困难
    assert c.per_capita == Fraction(62_500)
    assert c.category == r.DEEP
    text = c.text()
    assert "36,000.00" in text and "6,000.00" in text and "625.00" in text and "750.00" in text
    assert "深度困难" in text and "民法典" in text


def test_exactly_the_standard_is_not_deep_but_relative():
    # 750 × 12 × 3 = 27000 → per capita exactly 750.00: "低于" excludes the number itself
    c = classify("27000")
    assert c.per_capita == 75_000
    assert c.category == r.RELATIVE
    one_fen_less = classify("26999.99")
    assert one_fen_less.category == r.DEEP


def test_exactly_twice_the_standard_is_not_relative():
    c = classify("54000")          # per capita exactly 1500.00 = 2 × 750
    assert c.category == r.NONE
    assert "未达建档标准" in c.text()
    assert classify("53999.99").category == r.RELATIVE


def test_accident_exactly_80_percent_is_not_accident():
    # income 60000 → per capita 1666.67 (above 2×); cost exactly 80% = 48000: "超过" excludes it
    assert classify("60000", cost="48000").category == r.NONE
    assert classify("60000", cost="48000.01").category == r.ACCIDENT
    # what insurance and aid covered does not count
    assert classify("60000", cost="60000", covered="12000").category == r.NONE


def test_deep_wins_over_accident_and_rigid_expense_counts():
    assert classify("20000", cost="19000").category == r.DEEP
    # medical bills as 刚性支出 push a household under the line
    assert classify("54000", rigid_yuan="27000").category == r.RELATIVE   # exactly the standard
    assert classify("54000", rigid_yuan="27000.01").category == r.DEEP


def test_non_exact_per_capita_is_compared_exactly():
    # 26999.99 / 36 = 749.99972… shown rounded as 750.00 but still below the standard
    c = classify("26999.99")
    assert c.category == r.DEEP
    assert "≈750.00" in c.text()


def test_bad_figures_are_refused():
    with pytest.raises(DomainError) as e:
        classify("1000", size=0)
    assert e.value.field == "household_size"
    with pytest.raises(DomainError):
        r.to_fen("12.345", "金额")
    with pytest.raises(DomainError):
        r.to_fen("abc", "金额")
    assert r.to_fen("1,234.5元") == 123_450


def test_standard_is_dated():
    stds = [r.Standard(date(2023, 1, 1), 70_000, ""), r.Standard(date(2024, 7, 1), 80_000, "")]
    assert r.standard_on(stds, date(2024, 6, 30)).monthly_fen == 70_000
    assert r.standard_on(stds, date(2024, 7, 1)).monthly_fen == 80_000
    with pytest.raises(DomainError) as e:
        r.standard_on(stds, date(2022, 12, 31))
    assert e.value.code == "hardship.no_standard"
    assert r.profile_standards("shanghai")[-1].monthly_fen == 151_000


def test_cap_is_inclusive():
    cap, cite = r.yearly_cap_fen("生活救助")
    assert cap == 500_000 and cite
    assert r.check_cap("生活救助", 300_000, 200_000) is None        # exactly the cap: 以内
    f = r.check_cap("生活救助", 300_000, 200_001)
    assert f is not None and f.severity == "error" and "2,000.00" in f.message


def test_duplicate_window():
    earlier = [(1, date(2025, 1, 10), 50_000)]
    f = r.find_duplicates(earlier, date(2025, 2, 9), 50_000)     # 30 days: inside the window (inclusive)
    assert f is not None and f.severity == "warning" and "金额相同" in f.message
    assert r.find_duplicates(earlier, date(2025, 2, 10), 50_000) is None


def test_exit_review_needs_six_consecutive_months_not_below_the_line():
    line = Fraction(75_000)
    months = [(date(2025, m, 1), Fraction(75_000)) for m in range(1, 7)]   # exactly the line: no longer below
    assert r.exit_review(months, line) is not None
    assert r.exit_review(months[:5], line) is None
    dip = months[:5] + [(date(2025, 6, 1), Fraction(74_999))]
    assert r.exit_review(dip, line) is None
    gap = months[:5] + [(date(2025, 8, 1), Fraction(90_000))]
    assert r.exit_review(gap, line) is None
