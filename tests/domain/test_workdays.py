"""Working days on the State Council calendar, with the Monday–Friday fallback beyond its data."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.domain.workdays import add_workdays, has_calendar_data, is_workday, next_workday, workdays_between

# 2025 National Day + Mid-Autumn: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are make-up workdays.
NATIONAL_DAY_2025 = [date(2025, 10, d) for d in range(1, 9)]
# 2026 Spring Festival: 02-15..02-23 off; Saturdays 02-14 and 02-28 are make-up workdays.
SPRING_FESTIVAL_2026 = [date(2026, 2, d) for d in range(15, 24)]


@pytest.mark.parametrize("day", NATIONAL_DAY_2025 + SPRING_FESTIVAL_2026)
def test_statutory_holidays_are_days_off(day: date) -> None:
    assert is_workday(day) == (False, False)


@pytest.mark.parametrize("day", [date(2025, 9, 28), date(2025, 10, 11), date(2026, 2, 14), date(2026, 2, 28)])
def test_make_up_weekend_days_are_workdays(day: date) -> None:
    assert day.weekday() >= 5
    assert is_workday(day) == (True, False)


def test_ordinary_week() -> None:
    assert is_workday(date(2025, 11, 3)) == (True, False)  # Monday
    assert is_workday(date(2025, 11, 8)) == (False, False)  # Saturday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 9, 26), 1, date(2025, 9, 28)),  # Friday → the make-up Sunday
        (date(2025, 9, 30), 1, date(2025, 10, 9)),  # over the whole holiday
        (date(2025, 10, 10), 1, date(2025, 10, 11)),  # Friday → the make-up Saturday
        (date(2025, 9, 26), 5, date(2025, 10, 10)),
        (date(2025, 9, 26), 10, date(2025, 10, 16)),
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 14), 1, date(2026, 2, 24)),  # over the Spring Festival
        (date(2026, 2, 27), 1, date(2026, 2, 28)),
        (date(2026, 2, 24), -1, date(2026, 2, 14)),  # backwards
        (date(2025, 10, 5), 0, date(2025, 10, 5)),
    ],
)
def test_add_workdays_across_holidays(start: date, n: int, expected: date) -> None:
    assert add_workdays(start, n) == (expected, False)


def test_years_without_data_fall_back_to_monday_to_friday() -> None:
    assert has_calendar_data(2026) and not has_calendar_data(2027)
    # 2027-01-01 is New Year's Day in reality, but without data it counts as an (approximate) workday.
    assert is_workday(date(2027, 1, 1)) == (True, True)
    assert is_workday(date(2027, 1, 2)) == (False, True)
    assert add_workdays(date(2027, 1, 1), 1) == (date(2027, 1, 4), True)
    assert add_workdays(date(2027, 10, 1), 5) == (date(2027, 10, 8), True)
    assert is_workday(date(2003, 1, 6)) == (True, True)


def test_crossing_into_a_year_without_data_is_approximate() -> None:
    assert add_workdays(date(2026, 12, 30), 1) == (date(2026, 12, 31), False)
    assert add_workdays(date(2026, 12, 31), 1) == (date(2027, 1, 1), True)
    assert workdays_between(date(2026, 12, 28), date(2027, 1, 8)) == (9, True)


def test_workdays_between() -> None:
    assert workdays_between(date(2025, 9, 26), date(2025, 10, 16)) == (10, False)
    assert workdays_between(date(2025, 10, 16), date(2025, 9, 26)) == (-10, False)
    assert workdays_between(date(2025, 10, 1), date(2025, 10, 8)) == (0, False)
    assert workdays_between(date(2025, 10, 1), date(2025, 10, 1)) == (0, False)


def test_next_workday() -> None:
    assert next_workday(date(2025, 10, 1)) == (date(2025, 10, 9), False)
    assert next_workday(date(2025, 10, 9)) == (date(2025, 10, 9), False)


_DAYS = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))


@given(_DAYS, st.integers(min_value=1, max_value=60))
def test_add_workdays_lands_on_a_workday(start: date, n: int) -> None:
    end, approximate = add_workdays(start, n)
    assert end > start
    assert is_workday(end)[0]
    assert workdays_between(start, end) == (n, approximate)


@given(_DAYS, st.integers(min_value=1, max_value=30))
def test_add_workdays_backwards_returns_the_last_workday_not_after_start(start: date, n: int) -> None:
    end, _ = add_workdays(start, n)
    back, _ = add_workdays(end, -n)
    assert back <= start
    assert is_workday(back)[0]
    assert workdays_between(back, start)[0] == 0
    assert add_workdays(back, n)[0] == end
