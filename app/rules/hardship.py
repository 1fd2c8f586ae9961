"""Rules of hardship files and aid (困难职工认定、救助上限、重复发放、解困提示), each with its source.

Money is handled in fen (integer cents): every sum and comparison is exact. Classification (Qingdao formula,
DOMAIN §5): per-person monthly income = (annual household income − 刚性支出) ÷ 12 ÷ household size.

Edges, by the counting rule of 民法典 Art. 1259 (app/rules/counting.py) — "低于/不满" exclude the number itself,
"超过" excludes it, "以内" includes it:
- exactly the 低保 standard is *not* below it → not 深度困难 (it is 相对困难 when below 2 ×);
- exactly 2 × the standard is *not* below it → not 相对困难;
- a cost of exactly 80% of the annual income is *not* more than 80% → not 意外致困;
- a payment that brings the year's total to exactly the cap is within the cap (以内) → allowed;
- a month at exactly the filing line is no longer below it → counts towards the exit review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from app.errors import DomainError
from app.i18n import N_, _
from app.rules import counting
from app.rules.profile import rule

AREA = "hardship"
DEEP, RELATIVE, ACCIDENT, NONE = "深度困难", "相对困难", "意外致困", ""
CATEGORIES: dict[str, str] = {DEEP: N_("深度困难"), RELATIVE: N_("相对困难"), ACCIDENT: N_("意外致困")}


def category_label(code: str) -> str:
    return _(CATEGORIES[code]) if code in CATEGORIES else _("未达建档标准")


# ---------------------------------------------------------------------------------------------------------------
# Money


def to_fen(raw: Any, label: str = "", fld: str | None = None) -> int | None:
    """Yuan as written ("1,234.5", "1234.50元", 1234, Decimal) -> fen; '' / None -> None. Exact, no floats."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise DomainError("hardship.money", _("{label}：金额无效").format(label=label), fld)
    if isinstance(raw, int):
        return raw * 100
    s = str(raw).strip().replace(",", "").replace("，", "").replace("元", "").replace("¥", "").replace("￥", "")
    if not s:
        return None
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise DomainError("hardship.money", _("{label}：“{value}”不是金额（例：1234.50）").format(
            label=label, value=raw), fld) from None
    if not d.is_finite():
        raise DomainError("hardship.money", _("{label}：金额无效").format(label=label), fld)
    cents = d * 100
    if cents != cents.to_integral_value():
        raise DomainError("hardship.money", _("{label}：金额最多两位小数（到分）").format(label=label), fld)
    return int(cents)


def yuan(fen: int | Fraction | None, *, sep: bool = True) -> str:
    """Fen -> "1,234.56" (rounded half up to the fen for display only)."""
    if fen is None:
        return ""
    f = Fraction(fen)
    d = (Decimal(f.numerator) / Decimal(f.denominator) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{d:,.2f}" if sep else f"{d:.2f}"


# ---------------------------------------------------------------------------------------------------------------
# Findings


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str   # "error" blocks, "warning" is shown, "info" explains
    message: str
    cite: str = ""


# ---------------------------------------------------------------------------------------------------------------
# The 低保 standard


@dataclass(frozen=True)
class Standard:
    valid_from: date
    monthly_fen: int
    source: str


def profile_standards(profile: str = "national") -> list[Standard]:
    r = rule(AREA, "dibao_standard", profile)
    out = []
    for e in r.value:
        fen = to_fen(e["yuan"])
        assert fen is not None
        out.append(Standard(date.fromisoformat(e["from"]), fen, r.cite))
    return sorted(out, key=lambda s: s.valid_from)


def standard_on(standards: list[Standard], on: date) -> Standard:
    """The standard in force on ``on`` (the latest one that started on or before it)."""
    best: Standard | None = None
    for s in sorted(standards, key=lambda s: s.valid_from):
        if s.valid_from <= on:
            best = s
    if best is None:
        raise DomainError("hardship.no_standard",
                          _("{on} 没有生效的低保标准：请先在“困难帮扶 → 低保标准”中登记本地低保标准及其起始日期").format(on=on.isoformat()),
                          "dibao_standard")
    return best


# ---------------------------------------------------------------------------------------------------------------
# Classification


@dataclass
class Classification:
    category: str                 # 深度困难 / 相对困难 / 意外致困 / "" (below no line)
    per_capita: Fraction          # fen per person per month, exact
    standard: Standard
    steps: list[str] = field(default_factory=list)   # the computation, one line each, for the user
    cite: str = ""

    @property
    def label(self) -> str:
        return category_label(self.category)

    def text(self) -> str:
        return "\n".join(self.steps)


def _ratio(key: str, profile: str) -> tuple[Fraction, str]:
    r = rule(AREA, key, profile)
    return Fraction(str(r.value)), r.cite


def filing_line(category: str, standard_fen: int, profile: str = "national") -> Fraction:
    """The per-person monthly income (fen) below which a household qualifies for ``category``."""
    deep, _c = _ratio("deep_multiple", profile)
    rel, _c = _ratio("relative_multiple", profile)
    return (deep if category == DEEP else rel) * standard_fen


def classify(*, annual_income_fen: int, rigid_expense_fen: int, household_size: int, standard: Standard,
             accident_cost_fen: int = 0, accident_covered_fen: int = 0, profile: str = "national") -> Classification:
    """Classify a household from its figures. Raises DomainError for impossible figures."""
    if household_size < 1:
        raise DomainError("hardship.household_size", _("家庭人口至少为1人（含职工本人）"), "household_size")
    if annual_income_fen < 0 or rigid_expense_fen < 0:
        raise DomainError("hardship.negative", _("收入和刚性支出不能为负数"), "other_annual_income")
    deep, deep_cite = _ratio("deep_multiple", profile)
    rel, rel_cite = _ratio("relative_multiple", profile)
    acc, acc_cite = _ratio("accident_ratio", profile)
    net = annual_income_fen - rigid_expense_fen
    per_capita = Fraction(net, 12 * household_size)
    base = 12 * household_size * standard.monthly_fen   # the standard over a year for the whole household
    exact = per_capita.denominator == 1
    approx = "" if exact else "≈"
    steps = [
        _("家庭年收入 {inc} 元 － 刚性支出 {rig} 元 ＝ {net} 元").format(
            inc=yuan(annual_income_fen), rig=yuan(rigid_expense_fen), net=yuan(net)),
        _("{net} 元 ÷ 12个月 ÷ {n}人 ＝ 人均月收入 {approx}{pc} 元").format(
            net=yuan(net), n=household_size, approx=approx, pc=yuan(per_capita)),
        _("低保标准 {std} 元/人·月（{since} 起执行）").format(std=yuan(standard.monthly_fen),
                                                     since=standard.valid_from.isoformat()),
    ]
    counting_note = _("“低于”不含本数、“超过”不含本数（{cite}）").format(cite=counting.CITE)
    category, cite = NONE, ""
    # "低于" = 不满: exactly the line is not below it.  net < ratio × base  ⇔  not (net ≥ ratio × base)
    if not counting.at_least(net, base, deep):
        category, cite = DEEP, deep_cite
        steps.append(_("{pc} 元 低于 低保标准 {line} 元 → 深度困难").format(
            pc=yuan(per_capita), line=yuan(deep * standard.monthly_fen)))
    else:
        cost = max(0, accident_cost_fen - accident_covered_fen)
        if cost and annual_income_fen > 0 and counting.more_than(cost, annual_income_fen, acc):
            category, cite = ACCIDENT, acc_cite
            steps.append(_("意外/疾病/灾害支出（扣除保险和救助后）{cost} 元 超过 家庭年收入 {inc} 元 的 {pct}% → 意外致困")
                         .format(cost=yuan(cost), inc=yuan(annual_income_fen), pct=_pct(acc)))
        elif cost and annual_income_fen == 0:
            category, cite = ACCIDENT, acc_cite
            steps.append(_("意外/疾病/灾害支出 {cost} 元，家庭年收入为0 → 意外致困").format(cost=yuan(cost)))
        elif not counting.at_least(net, base, rel):
            category, cite = RELATIVE, rel_cite
            if cost:
                steps.append(_("意外/疾病/灾害支出 {cost} 元 未超过 家庭年收入的 {pct}%").format(
                    cost=yuan(cost), pct=_pct(acc)))
            steps.append(_("{pc} 元 不低于 低保标准、低于 {m}倍低保标准 {line} 元 → 相对困难").format(
                pc=yuan(per_capita), m=_num(rel), line=yuan(rel * standard.monthly_fen)))
        else:
            if cost:
                steps.append(_("意外/疾病/灾害支出 {cost} 元 未超过 家庭年收入的 {pct}%").format(
                    cost=yuan(cost), pct=_pct(acc)))
            steps.append(_("{pc} 元 不低于 {m}倍低保标准 {line} 元 → 未达建档标准").format(
                pc=yuan(per_capita), m=_num(rel), line=yuan(rel * standard.monthly_fen)))
    steps.append(counting_note)
    if cite:
        steps.append(_("依据：{cite}").format(cite=cite))
    return Classification(category, per_capita, standard, steps, cite)


def _pct(r: Fraction) -> str:
    p = r * 100
    return str(p.numerator) if p.denominator == 1 else f"{float(p):.2f}"


def _num(r: Fraction) -> str:
    return str(r.numerator) if r.denominator == 1 else f"{float(r):g}"


# ---------------------------------------------------------------------------------------------------------------
# Aid: yearly caps and duplicate payments


def yearly_cap_fen(aid_type: str, profile: str = "national") -> tuple[int | None, str]:
    r = rule(AREA, "yearly_caps", profile)
    raw = r.value.get(aid_type)
    return (to_fen(raw) if raw is not None else None), r.cite


def check_cap(aid_type: str, paid_this_year_fen: int, amount_fen: int, profile: str = "national") -> Finding | None:
    """"每户每年…以内": the year's total including this payment may equal the cap, not exceed it."""
    cap, cite = yearly_cap_fen(aid_type, profile)
    if cap is None:
        return None
    total = paid_this_year_fen + amount_fen
    if counting.at_most(total, cap, 1):
        return None
    left = max(0, cap - paid_this_year_fen)
    return Finding("hardship.cap", "error",
                   _("{t}：本户今年已发放 {paid} 元，再发 {amt} 元将超过每户每年上限 {cap} 元（最多还可发 {left} 元）").format(
                       t=_(aid_type), paid=yuan(paid_this_year_fen), amt=yuan(amount_fen), cap=yuan(cap),
                       left=yuan(left)), cite)


def find_duplicates(existing: list[tuple[int, date, int]], paid_on: date, amount_fen: int,
                    profile: str = "national") -> Finding | None:
    """Possible duplicate: the same household got the same aid type within the window (days, inclusive).

    ``existing``: (id, paid_on, amount_fen) of the household's earlier payments of the same type.
    """
    r = rule(AREA, "duplicate_window_days", profile)
    window = int(r.value)
    close = [(i, d, a) for i, d, a in existing if abs((paid_on - d).days) <= window]
    if not close:
        return None
    i, d, a = sorted(close, key=lambda t: abs((paid_on - t[1]).days))[0]
    same = _("，金额相同") if a == amount_fen else ""
    return Finding("hardship.duplicate", "warning",
                   _("可能重复发放：本户在 {d} 已领取同类救助 {amt} 元（相隔 {n} 天{same}）").format(
                       d=d.isoformat(), amt=yuan(a), n=abs((paid_on - d).days), same=same), r.cite)


# ---------------------------------------------------------------------------------------------------------------
# Exit review prompt


def exit_review(months: list[tuple[date, Fraction]], line: Fraction, profile: str = "national") -> Finding | None:
    """Prompt an exit review when the latest N recorded months (consecutive calendar months) all had a per-person
    income not below the filing line (profile: N = 6). ``months``: (first day of month, per-person fen)."""
    r = rule(AREA, "exit_review_months", profile)
    n = int(r.value)
    if len(months) < n:
        return None
    last = sorted(months)[-n:]
    for (m1, _v1), (m2, _v2) in zip(last, last[1:], strict=False):
        if (m2.year * 12 + m2.month) - (m1.year * 12 + m1.month) != 1:
            return None
    if all(v >= line for _m, v in last):
        return Finding("hardship.exit_review", "warning",
                       _("家庭人均月收入已连续{n}个月不低于建档标准 {line} 元（{a} 至 {b}）：请进行解困/脱困评估").format(
                           n=n, line=yuan(line), a=f"{last[0][0]:%Y-%m}", b=f"{last[-1][0]:%Y-%m}"), r.cite)
    return None
