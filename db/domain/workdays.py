"""Working days under the Chinese State Council holiday calendar.

The calendar comes from the ``chinese_calendar`` package (pip name ``chinesecalendar``), which knows
public holidays and make-up working days (调休) only for the years it was released with. For a later
year, the calendar the officer entered or imported (kept in the ledger, installed through
:func:`db.domain.holidays.install`) is used. For a year without either we fall back to Monday–Friday
and flag the result as *approximate*, so that the UI can say "按周一至周五估算"; once that year's
calendar arrives, the same call gives the exact answer.

Every function returns ``(value, approximate)``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar

from db.domain import holidays

_ONE_DAY = timedelta(days=1)


@cache
def has_calendar_data(year: int) -> bool:
    """Whether ``chinese_calendar`` knows the holidays of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def calendar_known(year: int) -> bool:
    """Whether working days of ``year`` are exact: ``chinese_calendar`` or an installed calendar knows it."""
    return has_calendar_data(year) or holidays.installed(year) is not None


def missing_calendar_year(today: date) -> int | None:
    """The year whose calendar the officer should enter now, or ``None``.

    This year's when it is unknown; next year's from :data:`db.domain.holidays.REMIND_FROM_MONTH`
    (November, when the State Council usually publishes it).
    """
    if not calendar_known(today.year):
        return today.year
    if today.month >= holidays.REMIND_FROM_MONTH and not calendar_known(today.year + 1):
        return today.year + 1
    return None


def is_workday(d: date) -> tuple[bool, bool]:
    """``(is a working day, approximate)``.

    Weekends and statutory holidays are days off; make-up working days on a weekend count as working
    days. Without calendar data for the year, Monday–Friday are working days and the answer is approximate.
    """
    if has_calendar_data(d.year):
        return bool(chinese_calendar.is_workday(d)), False
    entered = holidays.installed(d.year)
    if entered is not None:
        return entered.is_workday(d), False
    return d.weekday() < 5, True


def add_workdays(start: date, n: int) -> tuple[date, bool]:
    """The ``n``-th working day after ``start`` (before it when ``n`` is negative), and ``approximate``.

    ``start`` itself is not counted, so ``add_workdays(friday, 1)`` is the next working day.
    ``n == 0`` returns ``start`` unchanged.
    """
    step = _ONE_DAY if n >= 0 else -_ONE_DAY
    remaining = abs(n)
    current = start
    approximate = False
    while remaining:
        current += step
        working, approx = is_workday(current)
        approximate |= approx
        if working:
            remaining -= 1
    return current, approximate


def next_workday(d: date) -> tuple[date, bool]:
    """``d`` if it is a working day, otherwise the next working day."""
    working, approximate = is_workday(d)
    if working:
        return d, approximate
    later, approx = add_workdays(d, 1)
    return later, approximate or approx


def workdays_between(start: date, end: date) -> tuple[int, bool]:
    """Number of working days ``d`` with ``start < d <= end``, and ``approximate``.

    Negative when ``end`` is before ``start``. For a working day ``end``,
    ``add_workdays(start, workdays_between(start, end)[0])[0] == end``.
    """
    if end < start:
        count, approximate = workdays_between(end, start)
        return -count, approximate
    count = 0
    approximate = False
    current = start
    while current < end:
        current += _ONE_DAY
        working, approx = is_workday(current)
        approximate |= approx
        count += working
    return count, approximate
