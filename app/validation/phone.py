"""Mobile and landline numbers."""

from __future__ import annotations

import re

from app.i18n import _
from app.validation.text import clean

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}(\d{1,6})?$")
_SEPARATORS_RE = re.compile(r"[\s\-－—()（）.]")


def normalise(raw: object) -> str:
    s = clean(raw)
    s = _SEPARATORS_RE.sub("", s)
    if s.startswith("+86"):
        s = s[3:]
    elif s.startswith("0086"):
        s = s[4:]
    elif s.startswith("86") and len(s) == 13:
        s = s[2:]
    return s


def check_mobile(raw: object) -> str | None:
    return check_normalised(normalise(raw))


def check_normalised(s: str) -> str | None:
    """:func:`check_mobile` of a number :func:`normalise` already gave."""
    if not s:
        return None
    if MOBILE_RE.match(s) or LANDLINE_RE.match(s):
        return None
    if s.isdigit() and len(s) != 11:
        return _("手机号码应为11位数字，现在是{n}位").format(n=len(s))
    return _("手机号码格式不正确：{value}").format(value=s)


def mask(number: str | None) -> str:
    if not number:
        return ""
    n = str(number)
    if len(n) < 7:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]
