"""统一社会信用代码 (Unified Social Credit Code), GB 32100-2015. Some real codes fail: callers warn, not block."""

from __future__ import annotations

from app.i18n import _
from app.validation.text import clean

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalise(raw: object) -> str:
    return clean(raw).replace(" ", "").upper()


def check(raw: object) -> str | None:
    """None when valid, else a message saying what is wrong."""
    s = normalise(raw)
    if len(s) != 18:
        return _("统一社会信用代码应为18位，现在是{n}位").format(n=len(s))
    bad = [c for c in s if c not in ALPHABET]
    if bad:
        return _("统一社会信用代码含有不允许的字符：{chars}（不使用 I、O、Z、S、V）").format(chars="".join(bad))
    total = sum(ALPHABET.index(c) * w for c, w in zip(s[:17], WEIGHTS, strict=True))
    expected = ALPHABET[(31 - total % 31) % 31]
    if s[17] != expected:
        return _("统一社会信用代码校验位不符：最后一位按规则应为 {c}").format(c=expected)
    return None
