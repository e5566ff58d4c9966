"""Local closure days: days the council is closed (e.g. 29–31 December) and which therefore do
not count as working days. Adding or removing one changes every working-day deadline at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import ClosureDay
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.workflow.calendar import WorkingCalendar
from dhr_desk.workflow.periods import as_date, long_date

DEFAULT_LABEL = "Council closure"


def closure_days(session: Session, year: int | None = None) -> list[ClosureDay]:
    stmt = select(ClosureDay).order_by(ClosureDay.day)
    if year is not None:
        stmt = stmt.where(ClosureDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return list(session.scalars(stmt))


def add_closure_day(session: Session, day: dt.date | str, label: str = DEFAULT_LABEL) -> ClosureDay:
    """Mark ``day`` as a council closure day (refused if it is one already)."""
    when = as_date(day, "day")
    text = (label or "").strip() or DEFAULT_LABEL
    if len(text) > 200:
        raise ValidationError("Nothing was saved:", [("label", "is longer than 200 characters")])
    existing = session.scalar(select(ClosureDay).where(ClosureDay.day == when))
    if existing is not None:
        raise ValidationError(
            f"Nothing was saved: {long_date(when)} is already a closure day ({existing.label})."
        )
    row = ClosureDay(day=when, label=text)
    session.add(row)
    session.flush()
    return row


def add_closure_days(
    session: Session, first: dt.date | str, last: dt.date | str, label: str = DEFAULT_LABEL
) -> list[ClosureDay]:
    """Mark every working day from ``first`` to ``last`` as a closure day (weekends, bank
    holidays and days already closed are left as they are)."""
    start, end = as_date(first, "day"), as_date(last, "to")
    if end < start:
        raise ValidationError(f"Nothing was saved: {long_date(end)} is before {long_date(start)}.")
    if (end - start).days > 366:
        raise ValidationError("Nothing was saved: a closure runs for at most a year at a time.")
    have = {c.day for c in closure_days(session)}
    bank = WorkingCalendar()
    added = []
    day = start
    while day <= end:
        if day not in have and bank.is_working_day(day):
            added.append(add_closure_day(session, day, label))
        day += dt.timedelta(days=1)
    return added


def remove_closure_day(session: Session, day: dt.date | str) -> None:
    when = as_date(day, "day")
    row = session.scalar(select(ClosureDay).where(ClosureDay.day == when))
    if row is None:
        raise NotFoundError(f"{long_date(when)} is not a closure day; nothing was changed.")
    session.delete(row)
    session.flush()
