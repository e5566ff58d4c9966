"""Working days in England and Wales, offline, for any year.

A working day is Monday to Friday, not a bank holiday (from the ``holidays`` package, which
computes every year's bank holidays offline, including substitute days such as 27 December 2022
and one-off proclaimed days such as the 2022 Platinum Jubilee or the 2023 Coronation), and not a
local closure day the council has set (:class:`~dhr_desk.domain.ClosureDay`, e.g. 29–31
December).

Counting follows DOMAIN.md §3: something received on a non-working day counts as received on the
next working day (day 0), and "N working days" is the Nth working day after day 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import ClosureDay

_WEEKEND = ("Saturday", "Sunday")
_MAX_SCAN = 3660  # ten years of days: no real calendar has that many non-working days in a row


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> dict[dt.date, str]:
    """The England and Wales bank holidays of ``year`` (date → name)."""
    table = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in sorted(table.items()) if day.year == year}


class WorkingCalendar:
    """Bank holidays of England and Wales plus the council's own closure days."""

    def __init__(self, closures: Iterable[dt.date] | dict[dt.date, str] = ()) -> None:
        if isinstance(closures, dict):
            self.closures: dict[dt.date, str] = dict(closures)
        else:
            self.closures = {day: "Council closure" for day in closures}
        self._added: dict[tuple[dt.date, int], dt.date] = {}

    def why_not_working(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (``"Saturday"``, ``"Good Friday"``…), else None."""
        if day.weekday() >= 5:
            return _WEEKEND[day.weekday() - 5]
        holiday = bank_holidays(day.year).get(day)
        if holiday:
            return holiday
        return self.closures.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return self.why_not_working(day) is None

    def day_zero(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day."""
        for _ in range(_MAX_SCAN):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day found within ten years")

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after day 0 (``start``, or the next working day)."""
        if days < 0:
            raise ValueError("a number of working days cannot be negative")
        key = (start, days)
        if key not in self._added:
            self._added[key] = self._count_on(start, days)
        return self._added[key]

    def _count_on(self, start: dt.date, days: int) -> dt.date:
        day = self.day_zero(start)
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end is earlier).

        With ``start`` as day 0, ``working_days_between(start, add_working_days(start, n)) == n``.
        Counted by arithmetic on whole weeks, so a span of years costs no more than a week.
        """
        if end < start:
            return -self.working_days_between(end, start)
        day0 = self.day_zero(start)
        if end <= day0:
            return 0
        return _weekdays_after(day0, end) - len(self._weekdays_off(day0, end))

    def _weekdays_off(self, after: dt.date, upto: dt.date) -> set[dt.date]:
        """Bank holidays and closure days falling on a weekday in (after, upto]."""
        off: set[dt.date] = set()
        for year in range(after.year, upto.year + 1):
            off.update(d for d in bank_holidays(year) if after < d <= upto and d.weekday() < 5)
        off.update(d for d in self.closures if after < d <= upto and d.weekday() < 5)
        return off


def _weekdays_after(after: dt.date, upto: dt.date) -> int:
    """Mondays to Fridays in (after, upto]."""
    weeks, extra = divmod((upto - after).days, 7)
    first = after.weekday()
    return weeks * 5 + sum(1 for i in range(1, extra + 1) if (first + i) % 7 < 5)


def calendar_for(session: Session) -> WorkingCalendar:
    """The working calendar with the closure days recorded in this database."""
    rows = session.execute(select(ClosureDay.day, ClosureDay.label)).all()
    return WorkingCalendar({row.day: row.label or "Council closure" for row in rows})


def add_working_days(start: dt.date, days: int, calendar: WorkingCalendar | None = None) -> dt.date:
    """The ``days``-th working day after ``start`` (bank holidays only, unless a calendar with
    closure days is given)."""
    return (calendar or WorkingCalendar()).add_working_days(start, days)


def working_days_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar | None = None
) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return (calendar or WorkingCalendar()).working_days_between(start, end)
