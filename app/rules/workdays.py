"""Day counting for deadlines: calendar days, working days, months — exact across month ends and holidays.

Counting (《民法典》第二百零一条): a period counted in days starts on the day AFTER the event (the day of receipt
or signing is not counted). 第二百零三条: when the last day of a period is a statutory rest day, the period ends
on the next working day.

Working days are Monday–Friday minus the public holidays, plus the weekend days that are made working days
(调休). The holiday list is data: ``resources/calendar/cn_public_holidays.json`` (State Council notices for the
years it lists — see its ``source``). For a year not in that list the weekends and the fixed-date holidays of
《全国年节及纪念日放假办法》 (元旦, 劳动节, 国庆节 — ``fixed_dates``) are rest days, but not the lunar holidays or the
调休 of that year's notice; :func:`calendar_covers` tells the caller so it can say that the result is approximate.
A fixed date may carry the first year it applies (``{"date": "05-02", "from": 2025}``: 5月2日 is a holiday only
since the 2024 amendment, 国务院令第795号, in force 2025-01-01); a plain ``"MM-DD"`` applies to every year.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

from app.i18n import _
from app.resources import load_json

CITE_START = "《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算"
CITE_END = "《民法典》第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日"


@cache
def _fixed_dates() -> dict[tuple[int, int], int]:
    """(month, day) -> the first year the date is a holiday (0: every year)."""
    data = load_json("calendar", "cn_public_holidays.json")
    out: dict[tuple[int, int], int] = {}
    for entry in data.get("fixed_dates", []):
        md, first = (entry, 0) if isinstance(entry, str) else (str(entry["date"]), int(entry.get("from") or 0))
        out[(int(md[:2]), int(md[3:]))] = first
    return out


def _fixed_holiday(d: date) -> bool:
    first = _fixed_dates().get((d.month, d.day))
    return first is not None and d.year >= first


@cache
def _calendar() -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    data = load_json("calendar", "cn_public_holidays.json")
    hol: set[date] = set()
    work: set[date] = set()
    years: set[int] = set()
    for y, entry in data["years"].items():
        years.add(int(y))
        hol.update(date.fromisoformat(d) for d in entry.get("holidays", []))
        work.update(date.fromisoformat(d) for d in entry.get("workdays", []))
    return frozenset(hol), frozenset(work), frozenset(years)


def calendar_source() -> str:
    return str(load_json("calendar", "cn_public_holidays.json")["source"])


def approximate_note() -> str:
    """What to say next to a date counted in a year the holiday calendar does not cover."""
    return _("约：程序未收录该年的放假安排，只扣除了周末和元旦、劳动节、国庆节；请对照当年国务院办公厅的通知")


def calendar_covers(d: date) -> bool:
    """True when the holiday list knows the year of ``d`` (otherwise only weekends and the fixed dates in force
    that year are rest days)."""
    return d.year in _calendar()[2]


def is_working_day(d: date) -> bool:
    hol, work, years = _calendar()
    if d in work:
        return True
    if d in hol:
        return False
    if d.year not in years and _fixed_holiday(d):
        return False
    return d.weekday() < 5


def next_working_day(d: date) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_days(start: date, days: int, *, roll_to_working_day: bool = True) -> date:
    """The last day of a period of ``days`` calendar days after ``start`` (start not counted)."""
    end = start + timedelta(days=days)
    return next_working_day(end) if roll_to_working_day else end


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (start not counted)."""
    d = start
    n = 0
    while n < days:
        d += timedelta(days=1)
        if is_working_day(d):
            n += 1
    return d


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end] — how many working days after ``start`` ``end`` is."""
    n = 0
    d = start
    while d < end:
        d += timedelta(days=1)
        if is_working_day(d):
            n += 1
    return n


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later (or earlier, negative); clamped to the month's last day (1-31 + 1 month = 2-28/29)."""
    m0 = d.month - 1 + months
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def term_end(start: date, years: int = 0, months: int = 0) -> date:
    """The last day of a term that starts on ``start`` and lasts the given years/months (2026-01-01 + 1y → 2026-12-31)."""
    return add_months(start, years * 12 + months) - timedelta(days=1)
