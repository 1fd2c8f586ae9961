"""Counting words of Chinese law (民法典 第一千二百五十九条): "以上、以下、以内、届满" include the number itself;
"不满、超过、以外" exclude it. So "半数以上" passes at exactly half, "过半数" needs strictly more than half.

All comparisons are exact (integers and fractions), never floating point.
"""

from __future__ import annotations

from fractions import Fraction

CITE = "《民法典》第一千二百五十九条"


def at_least(count: int, base: int, ratio: Fraction | str | float) -> bool:
    """count ≥ ratio × base — "…以上" (e.g. 三分之二以上, 半数以上)."""
    r = Fraction(ratio) if not isinstance(ratio, Fraction) else ratio
    return Fraction(count) >= r * base


def more_than(count: int, base: int, ratio: Fraction | str | float) -> bool:
    """count > ratio × base — "超过…", "过半数"."""
    r = Fraction(ratio) if not isinstance(ratio, Fraction) else ratio
    return Fraction(count) > r * base


def at_most(count: int, base: int, ratio: Fraction | str | float) -> bool:
    """count ≤ ratio × base — "…以下/以内/不超过" (e.g. 中层以上管理人员不超过20%)."""
    r = Fraction(ratio) if not isinstance(ratio, Fraction) else ratio
    return Fraction(count) <= r * base


def min_needed_at_least(base: int, ratio: Fraction | str | float) -> int:
    """The smallest count that satisfies "ratio × base 以上"."""
    r = Fraction(ratio) if not isinstance(ratio, Fraction) else ratio
    need = r * base
    return int(need) if need.denominator == 1 else int(need) + 1


def min_needed_more_than(base: int, ratio: Fraction | str | float) -> int:
    """The smallest count that satisfies "超过 ratio × base" / "过半数"."""
    r = Fraction(ratio) if not isinstance(ratio, Fraction) else ratio
    return int(r * base) + 1


def passes(count: int, base: int, ratio: Fraction | str | float, rule: str) -> bool:
    """``rule`` is "at_least" (以上, inclusive) or "more_than" (过/超过, exclusive) — as a profile names it."""
    if rule == "at_least":
        return at_least(count, base, ratio)
    if rule == "more_than":
        return more_than(count, base, ratio)
    raise ValueError(f"unknown counting rule {rule!r}")
