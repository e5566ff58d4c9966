"""The next thing to do on each case, and when it is due: for the case list and a case's summary.

Worked out from the same steps and deadlines as the Stages page, for every case at once in a
fixed handful of queries (the cases with their steps, pauses, decisions, returns, application,
meetings and appeals), whatever the number of cases.

Which thing comes next: a deadline overdue or due soon first (the most urgent); otherwise, of the
steps the guidance says can come next, the one whose deadline is soonest (or, with none dated,
the first in the guidance's order); otherwise the soonest deadline still running.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dhr_desk.domain import Case, Publication
from dhr_desk.workflow.deadlines import (
    Deadline,
    Policy,
    _deadlines,
    _sort_key,
    case_options,
    policy_of,
)
from dhr_desk.workflow.stages import steps


@dataclass(frozen=True)
class NextStep:
    """The next thing to do on one case. ``state`` is that of its deadline (``overdue``,
    ``due_soon``, ``later``, ``paused``), ``""`` when nothing dates it, ``closed`` for a closed
    case and ``done`` when every step is done. ``overdue`` counts the case's overdue deadlines."""

    case_id: int
    what: str
    due_on: dt.date | None = None
    state: str = ""
    days_left: int | None = None
    step: str = ""
    overdue: int = 0


def _receive(label: str) -> str:
    """An agency return's deadline as a thing to do: "Receive the IMR from Northshire Police"."""
    first = label.split(" ", 1)[0]
    if not first.isupper():
        label = label[:1].lower() + label[1:]
    return f"Receive the {label}"


def _from_deadline(case: Case, deadline: Deadline, done_event: str, overdue: int) -> NextStep:
    what = _receive(deadline.label) if deadline.return_id is not None else deadline.label
    return NextStep(
        case.id,
        what,
        deadline.due_on,
        deadline.state,
        deadline.days_left if deadline.due_on is not None else None,
        done_event,
        overdue,
    )


def next_step_of(
    session: Session,
    case: Case,
    as_of: dt.date,
    policy: Policy | None = None,
    running: list[Deadline] | None = None,
) -> NextStep:
    """The next thing to do on ``case`` as of ``as_of`` (the case loaded with its records;
    ``running``: its deadlines not yet met, soonest first, when already worked out)."""
    if case.closed_on is not None and case.closed_on <= as_of:
        return NextStep(case.id, f"Closed on {case.closed_on.isoformat()}", state="closed")
    rules_policy = policy if policy is not None else policy_of(session)
    done_events = {rule.code: rule.done_event for rule in rules_policy.rules}
    if running is None:
        found = (d for d in _deadlines(case, rules_policy, as_of) if d.is_open)
        running = sorted(found, key=_sort_key)
    overdue = sum(1 for d in running if d.state == "overdue")
    if running and running[0].state in ("overdue", "due_soon"):
        first = running[0]
        return _from_deadline(case, first, done_events.get(first.code, ""), overdue)
    following = [s for s in steps(session, case) if s.state == "next"]
    for deadline in running:  # soonest first: the next step a deadline is running for
        step = next((s for s in following if s.code == done_events.get(deadline.code)), None)
        if step is not None:
            return NextStep(
                case.id,
                step.label,
                deadline.due_on,
                deadline.state,
                deadline.days_left if deadline.due_on is not None else None,
                step.code,
                overdue,
            )
    if following:
        step = following[0]
        return NextStep(case.id, step.label, step=step.code, overdue=overdue)
    if running:
        first = running[0]
        return _from_deadline(case, first, done_events.get(first.code, ""), overdue)
    return NextStep(case.id, "Every step is done: the case can be closed", state="done")


def next_steps(
    session: Session, as_of: dt.date | None = None, case_ids: Iterable[int] | None = None
) -> dict[int, NextStep]:
    """The next thing to do on every case (or on those of ``case_ids``), by case id."""
    return overview(session, as_of, case_ids)[1]


def overview(
    session: Session, as_of: dt.date | None = None, case_ids: Iterable[int] | None = None
) -> tuple[list[Deadline], dict[int, NextStep]]:
    """In one pass over the cases: every deadline not yet met of the open cases, soonest first
    (as :func:`open_deadlines`), and the next thing to do on every case. Closed cases are
    listed without loading their records."""
    day = as_of or dt.date.today()
    policy = policy_of(session)
    wanted = list(case_ids) if case_ids is not None else None
    # a closed case keeps one clock while a published document is up: its take-down date
    still_up = Case.publications.any(Publication.taken_down_on.is_(None))
    closed = select(Case).where(Case.closed_on.is_not(None), Case.closed_on <= day, ~still_up)
    still_open = select(Case).where(or_(Case.closed_on.is_(None), Case.closed_on > day, still_up))
    if wanted is not None:
        closed = closed.where(Case.id.in_(wanted))
        still_open = still_open.where(Case.id.in_(wanted))
    found = {case.id: next_step_of(session, case, day, policy) for case in session.scalars(closed)}
    deadlines: list[Deadline] = []
    for case in session.scalars(still_open.options(*case_options())):
        running = sorted((d for d in _deadlines(case, policy, day) if d.is_open), key=_sort_key)
        deadlines.extend(running)
        found[case.id] = next_step_of(session, case, day, policy, running)
    return sorted(deadlines, key=_sort_key), found
