"""Records that cannot be true are refused, whichever way they arrive (the app, the command line,
a case file): nobody is born after they died, nothing that has already happened is dated in the
future, a review period ends after it starts, a return comes from an agency of the case.

What is possible but unusual — a chronology entry after the date of death, or outside the
review period — is not refused: the save waits until the coordinator confirms it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Action,
    ActionProgress,
    Advocate,
    AgencyReturn,
    Appeal,
    Case,
    CaseAgency,
    ChronologyEntry,
    Complaint,
    Decision,
    FamilyContact,
    Meeting,
    MeetingStatus,
    Milestone,
    Pause,
    Person,
    PersonRole,
    TriggerApplication,
)
from dhr_desk.records.fields import REFERENCE_PATTERN, REFERENCE_RULE, long_date
from dhr_desk.records.saving import rule

Problems = list[tuple[str, str]]

# Dates that say something has happened: none may be later than today.
HAPPENED: dict[type[Any], tuple[str, ...]] = {
    Case: ("notification_received_on", "date_of_death", "closed_on"),
    Person: ("date_of_birth", "date_of_death"),
    Advocate: ("offered_on",),
    FamilyContact: ("contacted_on",),
    CaseAgency: ("scoping_sent_on", "records_secured_on"),
    AgencyReturn: ("requested_on", "last_chased_on", "received_on", "quality_checked_on"),
    ChronologyEntry: ("occurred_on",),
    Decision: ("decided_on", "communicated_on"),
    Milestone: ("occurred_on",),
    Pause: ("resumed_on",),
    Action: ("completed_on",),
    ActionProgress: ("reported_on",),
    TriggerApplication: ("received_on", "consent_obtained_on", "acknowledged_on"),
    Complaint: ("incident_on", "reported_on"),
    Appeal: ("requested_on", "acknowledged_on", "decided_on"),
}


def _case(session: Session, case_id: int | None) -> Case | None:
    if case_id is None:
        return None
    with session.no_autoflush:
        return session.get(Case, case_id)


def _not_in_future(fields: tuple[str, ...]) -> Callable[[Session, Any], Problems]:
    def check(_session: Session, obj: Any) -> Problems:
        today = dt.date.today()
        problems = []
        for name in fields:
            day = getattr(obj, name, None)
            if isinstance(day, dt.date) and day > today:
                problems.append(
                    (name, f"{long_date(day)} is in the future; record it once it has happened")
                )
        return problems

    check.__name__ = "not_in_future"
    return check


for _model, _fields in HAPPENED.items():
    rule(_model)(_not_in_future(_fields))


def _in_order(obj: Any, first: str, then: str, words: str) -> Problems:
    """``then`` may not come before ``first`` (both dates of ``obj``)."""
    start, end = getattr(obj, first), getattr(obj, then)
    if start is None or end is None or end >= start:
        return []
    return [(then, f"{long_date(end)} is before {words} ({long_date(start)})")]


@rule(Case)
def _reference_shape(_session: Session, case: Case) -> Problems:
    reference = case.reference or ""
    if re.fullmatch(REFERENCE_PATTERN, reference):
        return []
    return [("reference", f"is not a case reference: {REFERENCE_RULE}")]


@rule(Case)
def _case_dates(_session: Session, case: Case) -> Problems:
    problems = _in_order(
        case, "review_period_start", "review_period_end", "the review period starts"
    )
    death, notified = case.date_of_death, case.notification_received_on
    if death and notified and death > notified:
        problems.append(
            (
                "date_of_death",
                f"{long_date(death)} is after the notification was received "
                f"({long_date(notified)})",
            )
        )
    return problems


@rule(Person)
def _born_before_death(session: Session, person: Person) -> Problems:
    born = person.date_of_birth
    if born is None:
        return []
    problems = _in_order(person, "date_of_birth", "date_of_death", "their date of birth")
    case = _case(session, person.case_id)
    died = case.date_of_death if case is not None else None
    if person.role == PersonRole.VICTIM and died is not None and born > died:
        problems.append(
            (
                "date_of_birth",
                f"{long_date(born)} is after the date of death of the review ({long_date(died)})",
            )
        )
    return problems


@rule(AgencyReturn)
def _return_in_order(session: Session, ret: AgencyReturn) -> Problems:
    problems = _in_order(ret, "requested_on", "received_on", "it was requested")
    problems += _in_order(ret, "received_on", "quality_checked_on", "it was received")
    if ret.case_id is not None and ret.agency_id is not None:
        with session.no_autoflush:
            involved = session.scalar(
                select(CaseAgency.id).where(
                    CaseAgency.case_id == ret.case_id, CaseAgency.agency_id == ret.agency_id
                )
            )
        if involved is None:
            problems.append(
                ("agency_id", "is not an agency of this case: add it to the case's agencies first")
            )
    return problems


@rule(Meeting)
def _held_meetings_are_past(_session: Session, meeting: Meeting) -> Problems:
    day = meeting.held_on
    if meeting.status == MeetingStatus.HELD and day is not None and day > dt.date.today():
        return [
            ("held_on", f"{long_date(day)} is in the future, so the meeting cannot be held yet")
        ]
    return []


def _last_day(day: dt.date, precision: Any) -> dt.date:
    """The last day a chronology date known to the month, season or year may be."""
    value = getattr(precision, "value", precision) or "day"
    months = {"month": 1, "season": 3, "year": 12}.get(value, 0)
    if not months:
        return day
    year, month = divmod(day.month - 1 + months, 12)
    return dt.date(day.year + year, month + 1, 1) - dt.timedelta(days=1)


@rule(ChronologyEntry, warning=True)
def _entry_within_the_review(session: Session, entry: ChronologyEntry) -> Problems:
    """An entry after the death, or outside the review period, is possible (an agency's later
    contact with the family) but worth a second look."""
    day = entry.occurred_on
    case = _case(session, entry.case_id)
    if day is None or case is None:
        return []
    last = _last_day(day, entry.date_precision)  # a month, season or year runs to its end
    if case.date_of_death is not None and day > case.date_of_death:
        return [
            (
                "occurred_on",
                f"{long_date(day)} is after the date of death ({long_date(case.date_of_death)})",
            )
        ]
    start, end = case.review_period_start, case.review_period_end
    if (start is not None and last < start) or (end is not None and day > end):
        period = (
            f"{long_date(start) if start else 'the start'} to {long_date(end) if end else 'now'}"
        )
        return [("occurred_on", f"{long_date(day)} is outside the review period ({period})")]
    return []
