"""Deadlines, computed on read from the recorded steps, the rules, the pauses and the calendar.

Nothing here is stored: editing a rule, adding a closure day or recording a pause changes every
open deadline the next time it is read. ``as_of`` sees the case as it stood on that day: steps,
pauses and returns dated later have not happened yet.
"""

from __future__ import annotations

import datetime as dt
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
    Publication,
)
from dhr_desk.workflow.case_facts import CaseFacts, facts_of
from dhr_desk.workflow.deadline_items import (
    RETURN_NAMES,
    STATES,
    Deadline,
    Policy,
    apply_pauses,
    due_date,
    make,
    policy_of,
    upto,
)
from dhr_desk.workflow.deadline_records import EXPANDERS, Expansion, take_down_on
from dhr_desk.workflow.deadline_rules import (
    AGENCY_RETURN,
    CT_AGENCY_RETURN,
    RETURN_RULES,
    TAKE_DOWN,
)

__all__ = [
    "STATES",
    "Deadline",
    "apply_pauses",
    "case_deadlines",
    "due_date",
    "open_deadlines",
    "take_down_on",
]


def _applies(rule: DeadlineRule, facts: CaseFacts) -> bool:
    if rule.code == "dhr_completion":
        return facts.review_outcome != DecisionOutcome.NO_REVIEW
    if rule.code in ("ct_review_meeting", "ct_outcome_letter"):
        return facts.threshold_outcome != DecisionOutcome.NOT_MET
    return True


def _return_deadlines(
    case: Case, policy: Policy, rule: DeadlineRule | None, as_of: dt.date
) -> list[Deadline]:
    out = []
    for ret in case.returns:
        requested = upto(ret.requested_on, as_of)
        if requested is None:
            continue
        if ret.due_on is not None:
            original, unit = ret.due_on, DeadlineUnit.CALENDAR_DAYS
        elif rule is not None:
            original = due_date(requested, rule.amount, rule.unit, policy.calendar)
            unit = rule.unit
        else:
            continue
        name = RETURN_NAMES.get(ret.return_type, ret.return_type.label)
        out.append(
            make(
                case,
                policy,
                code=AGENCY_RETURN if case.kind == CaseKind.DHR else CT_AGENCY_RETURN,
                label=f"{name} from {ret.agency.display_name}",
                start=requested,
                original_due=original,
                unit=unit,
                done_on=upto(ret.received_on, as_of),
                as_of=as_of,
                return_id=ret.id,
            )
        )
    return out


def _deadlines(case: Case, policy: Policy, as_of: dt.date) -> list[Deadline]:
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
        expand = EXPANDERS.get(rule.code)
        if expand is not None:
            out.extend(expand(Expansion(case, policy, rule, facts, as_of)))
            continue
        start = dates.get(rule.start_event)
        if start is None:
            continue
        out.append(
            make(
                case,
                policy,
                code=rule.code,
                label=rule.label,
                start=start,
                original_due=due_date(start, rule.amount, rule.unit, policy.calendar),
                unit=rule.unit,
                done_on=dates.get(rule.done_event),
                as_of=as_of,
            )
        )
    out.extend(_return_deadlines(case, policy, return_rule, as_of))
    return out


def _sort_key(item: Deadline) -> tuple[int, dt.date, str, str]:
    return (item.due_on is None, item.due_on or dt.date.max, item.reference, item.label)


def case_deadlines(session: Session, case: Case, as_of: dt.date | None = None) -> list[Deadline]:
    """Every deadline of ``case`` as of ``as_of`` (default today), met ones included."""
    return sorted(_deadlines(case, policy_of(session), as_of or dt.date.today()), key=_sort_key)


def case_options() -> list[Any]:
    """Loader options that bring, with the cases, everything their steps and deadlines read
    (one query per kind of record, whatever the number of cases)."""
    return [
        selectinload(Case.milestones),
        selectinload(Case.pauses),
        selectinload(Case.decisions).load_only(
            Decision.kind, Decision.decided_on, Decision.number, Decision.outcome
        ),
        selectinload(Case.returns).selectinload(AgencyReturn.agency),
        selectinload(Case.application),
        selectinload(Case.meetings).load_only(Meeting.kind, Meeting.status, Meeting.held_on),
        selectinload(Case.appeals),
        selectinload(Case.submissions),
        selectinload(Case.publications),
    ]


def _cases_query(as_of: dt.date) -> Any:
    """Open cases, and closed ones with a published document still up (its take-down date is
    the only clock a closed case keeps)."""
    still_up = Case.publications.any(Publication.taken_down_on.is_(None))
    return (
        select(Case)
        .where(or_(Case.closed_on.is_(None), Case.closed_on > as_of, still_up))
        .options(*case_options())
        .order_by(Case.reference)
    )


def open_deadlines(session: Session, as_of: dt.date | None = None) -> list[Deadline]:
    """Every deadline not yet met across all open cases, soonest first (paused ones last)."""
    day = as_of or dt.date.today()
    policy = policy_of(session)
    out: list[Deadline] = []
    for case in session.scalars(_cases_query(day)):
        closed = case.closed_on is not None and case.closed_on <= day
        out.extend(
            d
            for d in _deadlines(case, policy, day)
            if d.is_open and (not closed or d.code == TAKE_DOWN)
        )
    return sorted(out, key=_sort_key)
