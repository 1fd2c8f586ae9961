"""Dates as people and spreadsheets write them: 2023/5/1, 2023-05-01, 2023.5.1, 2023年5月1日, 20230501,
Excel serial numbers (1900 date system) and date/datetime objects."""

from __future__ import annotations

import re
import time as _time
from datetime import date, datetime, timedelta
from functools import lru_cache

from app.i18n import _
from app.validation.text import clean

_SEP_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YM_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_EXCEL_EPOCH = date(1899, 12, 30)


class DateError(ValueError):
    pass


_today: tuple[float, float, date] = (0.0, 0.0, date.min)  # (valid from, valid until, the day)


def today() -> date:
    """``date.today()``, remembered until the next local midnight (or a change of the clock): checking 100,000 rows
    asks for it 300,000 times."""
    global _today
    now = _time.time()
    start, end, day = _today
    if not start <= now < end:
        day = date.today()
        start = datetime.combine(day, datetime.min.time()).timestamp()
        end = datetime.combine(day + timedelta(days=1), datetime.min.time()).timestamp()
        _today = (start, end, day)
    return day


def parse_date(raw: object, *, allow_month: bool = False) -> date | None:
    """Parse a date; '' / None -> None; anything unreadable raises :class:`DateError` with a message."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _from_serial(float(raw), raw)
    if raw.__class__ is str and len(raw) <= 40 and not allow_month:  # type: ignore[attr-defined]
        return _parse_text(raw)  # type: ignore[arg-type]
    return _parse_text_uncached(clean(raw), allow_month)


@lru_cache(maxsize=16384)
def _parse_text(raw: str) -> date | None:
    """Dates written as text repeat a lot in a roster: remembered (errors are raised again each time)."""
    return _parse_text_uncached(clean(raw), False)


def _parse_text_uncached(s: str, allow_month: bool) -> date | None:
    if not s:
        return None
    m = _SEP_RE.match(s)
    if m:
        return _make(m.group(1), m.group(2), m.group(3), s)
    m = _COMPACT_RE.match(s)
    if m:
        return _make(m.group(1), m.group(2), m.group(3), s)
    if allow_month:
        m = _YM_RE.match(s)
        if m:
            return _make(m.group(1), m.group(2), "1", s)
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        return _from_serial(float(s), s)
    raise DateError(_("无法识别的日期：{value}（可写作 2023-05-01、2023/5/1 或 2023年5月1日）").format(value=s))


def _from_serial(v: float, raw: object) -> date:
    if not 1 <= v < 2958466:
        raise DateError(_("无法识别的日期：{value}").format(value=raw))
    return _EXCEL_EPOCH + timedelta(days=int(v))


def _make(y: str, m: str, d: str, raw: str) -> date:
    try:
        out = date(int(y), int(m), int(d))
    except ValueError:
        raise DateError(_("日期不存在：{value}").format(value=raw)) from None
    if out.year < 1900:
        raise DateError(_("日期不合理：{value}").format(value=raw))
    return out


def format_date(d: date | None) -> str:
    return d.isoformat() if d else ""
