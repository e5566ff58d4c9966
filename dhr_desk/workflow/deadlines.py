"""Deadlines, computed on read from the recorded steps, the rules, the pauses and the calendar.

Nothing here is stored: editing a rule, adding a closure day or recording a pause changes every
open deadline the next time it is read. ``as_of`` sees the case as it stood on that day: steps,
pauses and returns dated later have not happened yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dhr_desk.domain import (
    AgencyReturn,
    Case,
    CaseKind,
    DeadlineRule,
    DeadlineUnit,
    Decision,
    DecisionOutcome,
    Meeting,
    Pause,
    ReturnType,
)
from dhr_desk.records import settings
from dhr_desk.workflow.calendar import WorkingCalendar, calendar_for
from dhr_desk.workflow.deadline_rules import (
    AGENCY_RETURN,
    CT_AGENCY_RETURN,
    DEFAULT_RULES,
    RETURN_RULES,
    WINDOWS,
)
from dhr_desk.workflow.periods import add_months, long_date
from dhr_desk.workflow.stages import CaseFacts, facts_of

settings.register_defaults({"warning_days": 14, "warning_working_days": 3})

STATES = ("overdue", "due_soon", "later", "paused", "met")
_RETURN_NAMES = {
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
class _Policy:
    rules: list[DeadlineRule]
    calendar: WorkingCalendar
    warning_days: int
    warning_working_days: int


def _policy(session: Session) -> _Policy:
    found = list(session.scalars(select(DeadlineRule)))
    if not found:  # a database without the seeded rules: the defaults, unsaved
        found = [DeadlineRule(**rule.as_row()) for rule in DEFAULT_RULES]
    return _Policy(
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


def _applies(rule: DeadlineRule, facts: CaseFacts) -> bool:
    if rule.code == "dhr_completion":
        return facts.review_outcome != DecisionOutcome.NO_REVIEW
    if rule.code in ("ct_review_meeting", "ct_outcome_letter"):
        return facts.threshold_outcome != DecisionOutcome.NOT_MET
    if rule.code == "ct_appeal_threshold":
        return facts.threshold_outcome == DecisionOutcome.NOT_MET
    return True


def _make(
    case: Case,
    policy: _Policy,
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
    )


def _upto(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None


def _return_deadlines(
    case: Case, policy: _Policy, rule: DeadlineRule | None, as_of: dt.date
) -> list[Deadline]:
    out = []
    for ret in case.returns:
        requested = _upto(ret.requested_on, as_of)
        if requested is None:
            continue
        if ret.due_on is not None:
            original, unit = ret.due_on, DeadlineUnit.CALENDAR_DAYS
        elif rule is not None:
            original = due_date(requested, rule.amount, rule.unit, policy.calendar)
            unit = rule.unit
        else:
            continue
        name = _RETURN_NAMES.get(ret.return_type, ret.return_type.label)
        out.append(
            _make(
                case,
                policy,
                code=AGENCY_RETURN if case.kind == CaseKind.DHR else CT_AGENCY_RETURN,
                label=f"{name} from {ret.agency.display_name}",
                start=requested,
                original_due=original,
                unit=unit,
                done_on=_upto(ret.received_on, as_of),
                as_of=as_of,
                return_id=ret.id,
            )
        )
    return out


def _window_done(
    case: Case, dates: dict[str, dt.date], rule: DeadlineRule, start: dt.date, as_of: dt.date
) -> dt.date | None:
    """The first request made inside this window (an earlier request answered another one)."""
    made = [a.requested_on for a in case.appeals if start <= a.requested_on <= as_of]
    recorded = dates.get(rule.done_event)
    if recorded is not None and recorded >= start:
        made.append(recorded)
    return min(made, default=None)


def _deadlines(case: Case, policy: _Policy, as_of: dt.date) -> list[Deadline]:
    facts = facts_of(case, as_of)
    dates = facts.dates
    out: list[Deadline] = []
    return_rule = next(
        (r for r in policy.rules if r.code in RETURN_RULES and r.case_kind == case.kind), None
    )
    has_returns = any(r.requested_on is not None for r in case.returns)
    for rule in policy.rules:
        if rule.case_kind != case.kind or not _applies(rule, facts):
            continue
        if rule.code in RETURN_RULES and has_returns:
            continue  # one deadline per requested return instead
        start = dates.get(rule.start_event)
        if start is None:
            continue
        out.append(
            _make(
                case,
                policy,
                code=rule.code,
                label=rule.label,
                start=start,
                original_due=due_date(start, rule.amount, rule.unit, policy.calendar),
                unit=rule.unit,
                done_on=(
                    _window_done(case, dates, rule, start, as_of)
                    if rule.code in WINDOWS
                    else dates.get(rule.done_event)
                ),
                as_of=as_of,
                window=rule.code in WINDOWS,
            )
        )
    out.extend(_return_deadlines(case, policy, return_rule, as_of))
    return out


def _sort_key(item: Deadline) -> tuple[int, dt.date, str, str]:
    return (item.due_on is None, item.due_on or dt.date.max, item.reference, item.label)


def case_deadlines(session: Session, case: Case, as_of: dt.date | None = None) -> list[Deadline]:
    """Every deadline of ``case`` as of ``as_of`` (default today), met ones included."""
    return sorted(_deadlines(case, _policy(session), as_of or dt.date.today()), key=_sort_key)


def _cases_query(as_of: dt.date) -> Any:
    return (
        select(Case)
        .where(or_(Case.closed_on.is_(None), Case.closed_on > as_of))
        .options(
            selectinload(Case.milestones),
            selectinload(Case.pauses),
            selectinload(Case.decisions).load_only(
                Decision.kind, Decision.decided_on, Decision.number, Decision.outcome
            ),
            selectinload(Case.returns).selectinload(AgencyReturn.agency),
            selectinload(Case.application),
            selectinload(Case.meetings).load_only(Meeting.kind, Meeting.status, Meeting.held_on),
            selectinload(Case.appeals),
        )
        .order_by(Case.reference)
    )


def open_deadlines(session: Session, as_of: dt.date | None = None) -> list[Deadline]:
    """Every deadline not yet met across all open cases, soonest first (paused ones last)."""
    day = as_of or dt.date.today()
    policy = _policy(session)
    out: list[Deadline] = []
    for case in session.scalars(_cases_query(day)):
        out.extend(d for d in _deadlines(case, policy, day) if d.is_open)
    return sorted(out, key=_sort_key)
