"""Working days of England and Wales and month arithmetic, with exact dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.storage.database import Database
from dhr_desk.workflow import (
    WorkingCalendar,
    add_closure_day,
    add_closure_days,
    add_months,
    add_working_days,
    calendar_for,
    closure_days,
    period_end,
    remove_closure_day,
    working_days_between,
)

D = dt.date


# ----------------------------------------------------------------------- months (DOMAIN §3)
@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # clamped to a short February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 3, 10), 6, D(2025, 9, 10)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # across the year end, clamped
        (D(2025, 10, 31), 1, D(2025, 11, 30)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2025, 3, 31), -1, D(2025, 2, 28)),
    ],
)
def test_n_months_after_is_the_same_day_clamped_to_the_month_end(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        (D(2025, 3, 10), 1, D(2025, 4, 9)),  # DOMAIN.md's own example
        (D(2025, 3, 10), 6, D(2025, 9, 9)),
        (D(2025, 2, 1), 1, D(2025, 2, 28)),
        (D(2024, 1, 29), 1, D(2024, 2, 28)),  # 29 February 2024 exists: the day before it
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the last day of February
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
    ],
)
def test_a_period_beginning_with_a_day_ends_the_day_before_the_corresponding_date(
    start: dt.date, months: int, last_day: dt.date
) -> None:
    assert period_end(start, months) == last_day


# ----------------------------------------------------------------------- bank holidays
def test_easter_christmas_substitute_and_one_off_days_are_not_working_days() -> None:
    cal = WorkingCalendar()
    not_working = {
        D(2025, 4, 18): "Good Friday",
        D(2025, 4, 21): "Easter Monday",
        D(2025, 5, 5): "May Day",
        D(2025, 12, 25): "Christmas Day",
        D(2025, 12, 26): "Boxing Day",
        D(2022, 12, 27): "Christmas Day (observed)",  # Christmas 2022 fell on a Sunday
        D(2021, 12, 28): "Boxing Day (observed)",
        D(2022, 1, 3): "New Year's Day (observed)",
        D(2022, 6, 3): "Platinum Jubilee",  # one-off proclaimed days
        D(2022, 9, 19): "State Funeral",
        D(2023, 5, 8): "Coronation",
        D(2020, 5, 8): "May Day",  # moved for VE Day
    }
    for day, name in not_working.items():
        assert not cal.is_working_day(day), day
        assert name in (cal.why_not_working(day) or ""), day
    assert cal.is_working_day(D(2020, 5, 4))  # the usual early May Monday was worked in 2020
    assert cal.why_not_working(D(2025, 4, 19)) == "Saturday"
    assert cal.is_working_day(D(2025, 4, 22))


def test_any_year_works_offline() -> None:
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2040, 3, 30))  # Good Friday 2040 (Easter Day 1 April)
    assert not cal.is_working_day(D(2040, 4, 2))  # Easter Monday 2040
    assert not cal.is_working_day(D(1999, 4, 5))  # Easter Monday 1999
    assert cal.is_working_day(D(2040, 4, 3))


# ----------------------------------------------------------------------- counting
def test_easter_working_days() -> None:
    # Received on Maundy Thursday 17 April 2025 (day 0); Friday and Monday are bank holidays.
    assert add_working_days(D(2025, 4, 17), 1) == D(2025, 4, 22)
    assert add_working_days(D(2025, 4, 17), 2) == D(2025, 4, 23)
    assert working_days_between(D(2025, 4, 17), D(2025, 4, 23)) == 2
    assert working_days_between(D(2025, 4, 23), D(2025, 4, 17)) == -2


def test_a_request_received_on_a_bank_holiday_weekend_counts_from_the_next_working_day() -> None:
    # Saturday 3 May 2025; Monday 5 May is the early May bank holiday: day 0 is Tuesday 6 May.
    assert add_working_days(D(2025, 5, 3), 0) == D(2025, 5, 6)
    assert add_working_days(D(2025, 5, 3), 2) == D(2025, 5, 8)
    assert add_working_days(D(2025, 5, 3), 10) == D(2025, 5, 20)


def test_christmas_with_and_without_council_closure_days() -> None:
    # Received Tuesday 23 December 2025.
    assert add_working_days(D(2025, 12, 23), 10) == D(2026, 1, 9)
    closed = WorkingCalendar([D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)])
    assert add_working_days(D(2025, 12, 23), 10, closed) == D(2026, 1, 14)
    assert add_working_days(D(2025, 12, 23), 2, closed) == D(2026, 1, 2)
    assert closed.why_not_working(D(2025, 12, 30)) == "Council closure"


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 6), -1)


# ----------------------------------------------------------------------- closure days
def test_closure_days_are_kept_in_the_database_and_change_the_calendar(db: Database) -> None:
    with db.session() as s:
        add_closure_day(s, "2025-12-29", "Christmas closure")
        added = add_closure_days(s, D(2025, 12, 27), D(2025, 12, 31), "Christmas closure")
    # 27 and 28 are a weekend and 29 is already closed: only 30 and 31 are added.
    assert [c.day for c in added] == [D(2025, 12, 30), D(2025, 12, 31)]
    with db.session() as s:
        cal = calendar_for(s)
        assert cal.add_working_days(D(2025, 12, 23), 10) == D(2026, 1, 14)
        assert [c.day for c in closure_days(s, 2025)] == [
            D(2025, 12, 29),
            D(2025, 12, 30),
            D(2025, 12, 31),
        ]
    with db.session() as s:
        remove_closure_day(s, "31/12/2025")
    with db.session() as s:
        assert calendar_for(s).is_working_day(D(2025, 12, 31))


def test_bad_closure_days_get_a_plain_message_and_change_nothing(db: Database) -> None:
    with db.session() as s:
        add_closure_day(s, D(2025, 12, 29))
    with pytest.raises(ValidationError, match="already a closure day"), db.session() as s:
        add_closure_day(s, D(2025, 12, 29))
    with pytest.raises(ValidationError, match="February 2025 has 28 days"), db.session() as s:
        add_closure_day(s, "2025-02-30")
    with pytest.raises(NotFoundError, match="not a closure day"), db.session() as s:
        remove_closure_day(s, D(2025, 12, 30))
    with pytest.raises(ValidationError, match="is before"), db.session() as s:
        add_closure_days(s, D(2025, 12, 31), D(2025, 12, 29))
    with db.session() as s:
        assert [c.day for c in closure_days(s)] == [D(2025, 12, 29)]


# ----------------------------------------------------------------------- properties
_CLOSED = WorkingCalendar([D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31), D(2026, 8, 28)])


def _counted_one_by_one(start: dt.date, end: dt.date) -> int:
    day, count = _CLOSED.day_zero(start), 0
    while day < end:
        day += dt.timedelta(days=1)
        count += _CLOSED.is_working_day(day)
    return count


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2027, 12, 31)),
    days=st.integers(min_value=0, max_value=400),
)
def test_counting_and_adding_working_days_agree(start: dt.date, days: int) -> None:
    due = _CLOSED.add_working_days(start, days)
    assert _CLOSED.is_working_day(due)
    assert _CLOSED.working_days_between(start, due) == days
    later = start + dt.timedelta(days=days)
    assert _CLOSED.working_days_between(start, later) == _counted_one_by_one(start, later)
