"""The pieces a deadline is made of: the rule's due date, the pauses that move it, and its
state on a day (overdue, due soon, later, paused or met). Nothing here is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import Case, DeadlineRule, DeadlineUnit, Pause, ReturnType
from dhr_desk.records import settings
from dhr_desk.workflow.calendar import WorkingCalendar, calendar_for
from dhr_desk.workflow.deadline_rules import DEFAULT_RULES
from dhr_desk.workflow.periods import add_months, long_date

settings.register_defaults({"warning_days": 14, "warning_working_days": 3})

STATES = ("overdue", "due_soon", "later", "paused", "met")
RETURN_NAMES = {
    ReturnType.IMR: "IMR",
    ReturnType.CHRONOLOGY: "Chronology",
    ReturnType.SHORT_REPORT: "Short report",
    ReturnType.INFORMATION: "Information return",
}


@dataclass(frozen=True)
class Deadline:
    """One deadline of one case as of a day.

    ``due_on`` is None while a pause holds it; ``original_due_on`` ignores pauses; ``days_left``
    is negative when overdue (for a paused deadline: the days that were left when it stopped);
    ``paused_days`` is how far pauses have moved it.
    """

    case_id: int
    reference: str
    kind: str
    code: str
    label: str
    start_on: dt.date
    due_on: dt.date | None
    original_due_on: dt.date
    done_on: dt.date | None
    state: str
    days_left: int
    paused_days: int
    note: str = ""
    return_id: int | None = None
    # The record a deadline is dated by, where it is not an agency return (a publication).
    record_kind: str = ""
    record_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.state != "met"

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out


@dataclass(frozen=True)
class Policy:
    rules: list[DeadlineRule]
    calendar: WorkingCalendar
    warning_days: int
    warning_working_days: int


def policy_of(session: Session) -> Policy:
    found = list(session.scalars(select(DeadlineRule)))
    if not found:  # a database without the seeded rules: the defaults, unsaved
        found = [DeadlineRule(**rule.as_row()) for rule in DEFAULT_RULES]
    return Policy(
        rules=[rule for rule in found if rule.active],
        calendar=calendar_for(session),
        warning_days=int(settings.get_in(session, "warning_days")),
        warning_working_days=int(settings.get_in(session, "warning_working_days")),
    )


def due_date(start: dt.date, amount: int, unit: DeadlineUnit, calendar: WorkingCalendar) -> dt.date:
    """The day ``amount`` ``unit`` after ``start``."""
    if unit == DeadlineUnit.CALENDAR_DAYS:
        return start + dt.timedelta(days=amount)
    if unit == DeadlineUnit.WEEKS:
        return start + dt.timedelta(weeks=amount)
    if unit == DeadlineUnit.MONTHS:
        return add_months(start, amount)
    return calendar.add_working_days(start, amount)


@dataclass(frozen=True)
class _Moved:
    due_on: dt.date | None  # None: held by a pause open on as_of
    paused_days: int
    paused_since: dt.date | None
    left_when_paused: int


def apply_pauses(
    start: dt.date,
    due: dt.date,
    done_on: dt.date | None,
    pauses: list[Pause],
    as_of: dt.date,
    unit: DeadlineUnit,
    calendar: WorkingCalendar,
) -> _Moved:
    """Move ``due`` by every pause that began while the deadline was still running.

    A deadline is running on the pause's first day S when it had started by S, was not met
    before S and was not already past its due date. A working-day deadline moved onto a day off
    moves on to the next working day.
    """
    moved = 0
    for pause in sorted(pauses, key=lambda p: p.started_on):
        begin = pause.started_on
        if begin > as_of or start > begin:
            continue
        if done_on is not None and done_on < begin:
            continue
        if due < begin:
            continue  # already overdue when the clock stopped: it stays overdue
        if pause.resumed_on is None or pause.resumed_on > as_of:
            return _Moved(None, moved + (as_of - begin).days, begin, (due - begin).days)
        length = (pause.resumed_on - begin).days
        moved += length
        due += dt.timedelta(days=length)
        if unit == DeadlineUnit.WORKING_DAYS:
            due = calendar.day_zero(due)
    return _Moved(due, moved, None, 0)


def make(
    case: Case,
    policy: Policy,
    *,
    code: str,
    label: str,
    start: dt.date,
    original_due: dt.date,
    unit: DeadlineUnit,
    done_on: dt.date | None,
    as_of: dt.date,
    window: bool = False,
    return_id: int | None = None,
    record: tuple[str, int] | None = None,
) -> Deadline:
    moved = apply_pauses(start, original_due, done_on, case.pauses, as_of, unit, policy.calendar)
    note = ""
    if done_on is not None:
        state = "met"
        days_left = (moved.due_on - done_on).days if moved.due_on else 0
        if days_left < 0 and not window:
            note = f"met {-days_left} day{'s' if days_left < -1 else ''} late"
    elif moved.due_on is None:
        state = "paused"
        days_left = moved.left_when_paused
        assert moved.paused_since is not None
        note = f"paused since {long_date(moved.paused_since)}"
    else:
        days_left = (moved.due_on - as_of).days
        if days_left < 0:
            soon = False
        elif unit == DeadlineUnit.WORKING_DAYS:
            left = policy.calendar.working_days_between(as_of, moved.due_on)
            soon = left <= policy.warning_working_days
        else:
            soon = days_left <= policy.warning_days
        if days_left < 0 and window:
            state, note = "met", f"closed on {long_date(moved.due_on)} with no request"
        elif days_left < 0:
            state = "overdue"
        else:
            state = "due_soon" if soon else "later"
    return Deadline(
        case_id=case.id,
        reference=case.reference,
        kind=case.kind.value,
        code=code,
        label=label,
        start_on=start,
        due_on=moved.due_on,
        original_due_on=original_due,
        done_on=done_on,
        state=state,
        days_left=days_left,
        paused_days=moved.paused_days,
        note=note,
        return_id=return_id,
        record_kind=record[0] if record else "",
        record_id=record[1] if record else None,
    )


def upto(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None
