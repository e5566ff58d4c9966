"""Where a case stands and moving it on: its steps, its deadlines, recording or taking back a
step, pausing and resuming the clock, and the Community Trigger threshold.

Each call is one committed unit of work over :mod:`dhr_desk.workflow`, for the desktop app and
the command line alike (the command line turns a case reference into an id first, with
:func:`dhr_desk.services.cases.id_of`).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dhr_desk import records, workflow
from dhr_desk.domain import Case, Decision, DecisionKind, Milestone, Pause, PauseReason
from dhr_desk.storage.database import Database
from dhr_desk.workflow import Deadline, StepStatus, ThresholdResult


def _case(session: Session, case_id: int) -> Case:
    return records.get_in(session, Case, case_id)


def steps(db: Database, case_id: int) -> list[StepStatus]:
    """Every step of the case in order, each done (with its date), next, blocked or optional."""
    with db.reading() as session:
        return list(workflow.steps(session, _case(session, case_id)))


def deadlines(db: Database, case_id: int, as_of: dt.date | None = None) -> list[Deadline]:
    """The case's clocks as of a day (today by default), met ones included."""
    with db.reading() as session:
        return list(workflow.case_deadlines(session, _case(session, case_id), as_of))


def return_deadlines(
    db: Database, case_id: int, as_of: dt.date | None = None
) -> dict[int, Deadline]:
    """The clock of each requested agency return of the case, by return id: its due date
    (the one recorded on the return, or the agency-return rule's from the request date, moved
    by pauses) and whether it is met, running late or paused."""
    return {d.return_id: d for d in deadlines(db, case_id, as_of) if d.return_id is not None}


def open_deadlines(db: Database, as_of: dt.date | None = None) -> list[Deadline]:
    """The deadlines still running in every open case, soonest first, paused last."""
    with db.reading() as session:
        return list(workflow.open_deadlines(session, as_of))


def record_step(
    db: Database,
    case_id: int,
    step: str,
    on: dt.date | str,
    note: str = "",
    override_reason: str = "",
) -> Milestone:
    """Record a step as done; refused with the reason when the guidance forbids it yet, unless
    an override reason is given (and audited)."""
    with db.session() as session:
        return workflow.record_step(
            session, _case(session, case_id), step, on, note=note, override_reason=override_reason
        )


def remove_step(db: Database, case_id: int, step: str, reason: str) -> None:
    """Take back a step recorded by mistake, with the reason (audited)."""
    with db.session() as session:
        workflow.remove_step(session, _case(session, case_id), step, reason)


def add_pause(
    db: Database,
    case_id: int,
    reason: PauseReason | str,
    started_on: dt.date | str,
    detail: str = "",
    resumed_on: dt.date | str | None = None,
) -> Pause:
    """Stop the case's clock from ``started_on`` (and, for a pause already over, resume it on
    ``resumed_on``): one unit of work, checked by the clocks' pause rules."""
    with db.session() as session:
        pause = workflow.add_pause(
            session, _case(session, case_id), reason, started_on, detail=detail
        )
        if resumed_on:
            workflow.resume_pause(session, pause, resumed_on)
        return pause


def resume_pause(db: Database, pause_id: int, resumed_on: dt.date | str) -> Pause:
    with db.session() as session:
        pause = records.get_in(session, Pause, pause_id)
        workflow.resume_pause(session, pause, resumed_on)
        return pause


def resume_case(db: Database, case_id: int, resumed_on: dt.date | str) -> Pause:
    """Resume the case's running pause."""
    with db.session() as session:
        return workflow.resume_case(session, _case(session, case_id), resumed_on)


def threshold(db: Database, case_id: int, as_of: dt.date | None = None) -> ThresholdResult:
    """The Community Trigger threshold test as it stands (``.met``, ``.reasons``, ``.text``)."""
    with db.reading() as session:
        return workflow.threshold_test(session, _case(session, case_id), as_of)


def decide_threshold(
    db: Database,
    case_id: int,
    decided_on: dt.date | str,
    decided_by: str,
    override_reason: str = "",
    grounds: str | tuple[str, ...] = (),
    discretion_reasons: str = "",
) -> tuple[Decision, ThresholdResult]:
    """Record the threshold decision as the test stood on ``decided_on``; returns the decision
    and the result it was made on. With ``grounds`` (persistence, harm, adequacy,
    vulnerability) and reasons, the partnership decides it is met under its local procedure
    (s104(5)) although the test says not."""
    chosen = workflow.parse_grounds(grounds) if isinstance(grounds, str) else tuple(grounds)
    discretion = (
        workflow.Discretion(chosen, discretion_reasons)
        if chosen or discretion_reasons.strip()
        else None
    )
    with db.session() as session:
        case = _case(session, case_id)
        decision = workflow.record_threshold_decision(
            session, case, decided_on, decided_by, override_reason, discretion
        )
        return decision, workflow.decision_result(session, case, decision.decided_on, discretion)


def threshold_decisions(db: Database, case_id: int) -> list[Decision]:
    """The threshold decisions recorded for the case, the first first."""
    with db.session() as session:
        found = [d for d in _case(session, case_id).decisions if d.kind == DecisionKind.THRESHOLD]
        return sorted(found, key=lambda d: (d.decided_on, d.number, d.id))


def discretion_grounds() -> dict[str, str]:
    """The grounds on which the threshold may be decided met by discretion (s104(5))."""
    return dict(workflow.GROUNDS)


def pauses(db: Database, case_id: int) -> list[Pause]:
    """The case's pauses, earliest first."""
    with db.reading() as session:
        return sorted(_case(session, case_id).pauses, key=lambda p: (p.started_on, p.id))
