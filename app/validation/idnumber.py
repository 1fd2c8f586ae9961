"""Resident ID numbers (居民身份证号码), GB 11643-1999.

17 digits + a check character: Σ(digit_i × weight_i) mod 11 indexes ``10X98765432``. Digits 1–6 the area code
(first two: a province-level code), 7–14 the birth date, 17th odd = male. 15-digit legacy numbers upgrade by
inserting "19" before the year and adding the check character.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from app.i18n import _
from app.validation import dates
from app.validation.text import clean

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # the standard's; check_char uses 2^k mod 11
CHECK_CHARS = "10X98765432"
# Province-level administrative codes (GB/T 2260): the first two digits of every real ID number.
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
}
ID18_RE = re.compile(r"^[0-9]{17}[0-9X]$")
_ID15_RE = re.compile(r"[0-9]{15}")
_SCIENTIFIC_RE = re.compile(r"\d+(\.\d+)?E\+?\d+")
ID_PATTERN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")  # finds a candidate anywhere in text


def check_char(first17: str) -> str:
    """The check character of 17 digits: Σ(digit × weight) mod 11 indexes ``CHECK_CHARS``.

    The weights are 2^(17-i) mod 11, and 13 ≡ 2 (mod 11), so the sum is 2 × (the digits read in base 13) mod 11:
    one ``int()`` in C instead of 17 multiplications in Python (an import checks 100,000 numbers).
    """
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("17 digits expected")
    return CHECK_CHARS[2 * int(first17, 13) % 11]



def excel_number_text(v: float) -> str:
    """How Excel shows a long number in a General cell: 1.10105E+17."""
    mant, exp = f"{v:.5E}".split("E")
    mant = mant.rstrip("0").rstrip(".")
    return f"{mant}E+{int(exp)}"


def normalise(raw: object) -> str:
    """Trim, half-width, drop inner spaces, upper-case the X.

    A number cell of 16 or more digits (an ID number Excel stored as a number, keeping only 15 significant digits)
    becomes the text Excel shows for it (1.10105E+17) so :func:`parse` can say that the last digits are lost.
    """
    if isinstance(raw, float) and not math.isfinite(raw):
        return str(raw)  # inf / nan from a spreadsheet: reported as not an ID number by parse()
    if isinstance(raw, int | float) and not isinstance(raw, bool) and abs(raw) >= 1e15:
        return excel_number_text(float(raw))
    return clean(raw).replace(" ", "").replace("-", "").upper()


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # 男 / 女


class IdNumberError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def upgrade15(number15: str) -> str:
    """A 15-digit legacy number (YYMMDD, 19xx) to its 18-digit form."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_char(first17)


def parse(raw: object) -> IdInfo:
    """Validate an ID number; return what it encodes, or raise :class:`IdNumberError` saying what is wrong."""
    s = normalise(raw)
    if not s:
        raise IdNumberError("id.empty", _("证件号码为空"))
    if _ID15_RE.fullmatch(s):
        s = upgrade15(s)
    if _SCIENTIFIC_RE.fullmatch(s):
        raise IdNumberError("id.scientific", _("证件号码被 Excel 存成了数字（{value}），末几位已经丢失，"
                                               "请在原表中把该列设为文本后重新填写").format(value=s))
    if len(s) != 18:
        raise IdNumberError("id.length", _("证件号码应为18位，现在是{n}位").format(n=len(s)))
    if not ID18_RE.match(s):
        raise IdNumberError("id.chars", _("证件号码只能由17位数字和最后一位数字或X组成"))
    if s[:2] not in PROVINCES:
        raise IdNumberError("id.area", _("证件号码前两位（{code}）不是有效的省级行政区划代码").format(code=s[:2]))
    try:
        born = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise IdNumberError("id.birth", _("证件号码中的出生日期 {d} 不存在").format(d=s[6:14])) from None
    if born.year < 1900 or born > dates.today():
        raise IdNumberError("id.birth", _("证件号码中的出生日期 {d} 不合理").format(d=s[6:14]))
    expected = check_char(s[:17])
    if s[17] != expected and s.endswith("000"):
        raise IdNumberError("id.scientific", _("证件号码 {value} 末三位是000，校验位也不对：很可能在 Excel 中被存成了数字，"
                                               "末几位已经丢失，请对照身份证重新填写").format(value=s))
    if s[17] != expected:
        raise IdNumberError("id.checksum", _("证件号码校验位错误：最后一位应为 {c}，请核对是否有输错的数字").format(c=expected))
    sex = "男" if int(s[16]) % 2 == 1 else "女"
    return IdInfo(s, born, sex)


def is_valid(raw: object) -> bool:
    try:
        parse(raw)
    except IdNumberError:
        return False
    return True


def mask(number: str | None) -> str:
    """110105********002X style: area code and the last 4 visible."""
    if not number:
        return ""
    n = str(number)
    if _SCIENTIFIC_RE.fullmatch(n):
        return n  # what Excel made of a number (1.10105E+17): its six digits are the area code, the rest is lost
    if len(n) <= 8:
        return n[:1] + "*" * (len(n) - 1)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]
