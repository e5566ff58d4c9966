"""Month and week arithmetic for statutory periods (DOMAIN.md §3, time rules).

* "N months after X" is the same day of the month N months later, clamped to the last day of a
  shorter month: 31 January + 1 month = 28 February (29 in a leap year).
* "The period of N months beginning with X" includes X and ends on the day before the
  corresponding date N months later (beginning 10 March → ends 9 April). Where the later month
  has no corresponding date (beginning 31 January, 1 month), the period ends on the last day of
  that month (28 February): the corresponding-date rule of the courts, which never gives the
  applicant fewer days than a shorter starting day would.
"""

from __future__ import annotations

import calendar
import datetime as dt

from dhr_desk.errors import ValidationError
from dhr_desk.records.fields import FieldError, parse_date
from dhr_desk.records.fields import long_date as long_date  # written here for the clocks


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def period_end(beginning_with: dt.date, months: int) -> dt.date:
    """Last day of the period of ``months`` months beginning with ``beginning_with``."""
    later = add_months(beginning_with, months)
    if later.day != beginning_with.day:  # no corresponding date: the month's last day
        return later
    return later - dt.timedelta(days=1)


def add_weeks(day: dt.date, weeks: int) -> dt.date:
    return day + dt.timedelta(weeks=weeks)


def as_date(value: dt.date | str, name: str) -> dt.date:
    """Parse a date given as a date or as text; a plain ValidationError naming ``name``."""
    try:
        parsed = parse_date(value)
    except FieldError as exc:
        raise ValidationError("Nothing was saved:", [(name, str(exc))]) from exc
    if parsed is None:
        raise ValidationError("Nothing was saved:", [(name, "is required")])
    return parsed
