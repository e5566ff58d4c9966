"""Where a case stands and moving it on: its steps, its deadlines, recording or taking back a
step, pausing and resuming the clock, and the Community Trigger threshold.

Each call is one committed unit of work over :mod:`dhr_desk.workflow`, for the desktop app and
the command line alike (the command line turns a case reference into an id first, with
:func:`dhr_desk.services.cases.id_of`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from dhr_desk import records, workflow
from dhr_desk.domain import (
    Case,
    Complaint,
    Decision,
    DecisionKind,
    Milestone,
    Pause,
    PauseReason,
    TriggerApplication,
)
from dhr_desk.storage.database import Database
from dhr_desk.workflow import Deadline, StepStatus, ThresholdResult


def _case(session: Session, case_id: int) -> Case:
    return records.get_in(session, Case, case_id)


def steps(db: Database, case_id: int) -> list[StepStatus]:
    """Every step of the case in order, each done (with its date), next, blocked or optional."""
    with db.reading() as session:
        return list(workflow.steps(session, _case(session, case_id)))


def opened_steps(db: Database, case_id: int) -> tuple[list[StepStatus], int]:
    """The steps as the Stages page opens them, with the version of the case's steps (pass it
    back to :func:`record_step` or :func:`remove_step` as ``seen``). The version is read
    first: a step recorded in between can only make the save ask, never pass unnoticed."""
    with db.reading() as session:
        seen = records.part_version_in(session, case_id, [Milestone])
        return list(workflow.steps(session, _case(session, case_id))), seen


def _step_texts(milestone: Milestone | None, label: str) -> dict[str, Any]:
    if milestone is None:
        return {"step": label, "occurred_on": "", "note": "", "override_reason": ""}
    return {
        "step": label,
        "occurred_on": milestone.occurred_on.isoformat(),
        "note": milestone.note,
        "override_reason": milestone.override_reason,
    }


def _check_step(
    session: Session, case: Case, step: str, seen: int | None, yours: dict[str, Any]
) -> None:
    """Refuse to record or take back a step that someone else recorded, corrected or took
    back after the page was opened at version ``seen`` (other steps may have moved on: the
    guidance's order is checked afresh anyway)."""
    if seen is None:
        return
    definition = workflow.step_named(case.kind, step)
    existing = next((m for m in case.milestones if m.step == definition.code), None)
    ids = {str(existing.id)} if existing is not None else set()
    theirs_changes = [
        c
        for c in records.part_changes_after(session, case.id, [Milestone], seen)
        if c.entity_id in ids or c.changes.get("step") == definition.code
    ]
    if not theirs_changes:
        return
    changed = {k for c in theirs_changes for k in c.changes} & set(yours) | {"occurred_on"}
    records.refuse(
        theirs_changes[-1].change,
        "step",
        _step_texts(existing, definition.label),
        {"step": definition.label, **yours},
        changed,
    )


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
    *,
    seen: int | None = None,
) -> Milestone:
    """Record a step as done; refused with the reason when the guidance forbids it yet, unless
    an override reason is given (and audited). ``seen`` is the version of the steps the page
    opened (:func:`opened_steps`): recording over someone else's later change of the same step
    is refused (:class:`~dhr_desk.errors.ChangedMeanwhileError`)."""
    with db.session() as session:
        case = _case(session, case_id)
        typed = {"occurred_on": str(on), "note": note, "override_reason": override_reason}
        _check_step(session, case, step, seen, typed)
        return workflow.record_step(
            session, case, step, on, note=note, override_reason=override_reason
        )


def remove_step(
    db: Database, case_id: int, step: str, reason: str, *, seen: int | None = None
) -> None:
    """Take back a step recorded by mistake, with the reason (audited). ``seen`` as for
    :func:`record_step`."""
    with db.session() as session:
        case = _case(session, case_id)
        typed = {"occurred_on": "", "note": "", "override_reason": reason}
        _check_step(session, case, step, seen, typed)
        workflow.remove_step(session, case, step, reason)


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


def resume_pause(
    db: Database, pause_id: int, resumed_on: dt.date | str, *, seen: int | None = None
) -> Pause:
    """Restart the clock on ``resumed_on``. ``seen`` is the version of the pause as it was
    opened: resuming over someone else's later change of it (they resumed it, or moved its
    start) is refused (:class:`~dhr_desk.errors.ChangedMeanwhileError`)."""
    with db.session() as session:
        pause = records.get_in(session, Pause, pause_id)
        if seen is not None:
            records.check_version(session, pause, seen, {"resumed_on": resumed_on})
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


# What the threshold test reads and what it records: a change to any of them after the page
# was opened means the decision would be made on a test the person has not seen.
THRESHOLD_PART = (Complaint, TriggerApplication, Decision)


@dataclass(frozen=True)
class ThresholdView:
    """The threshold test as the Threshold page opens it: the result, the decisions
    recorded, the version of what they are read from (pass it back to
    :func:`decide_threshold` as ``seen``) and the same in words (:func:`threshold_texts`)."""

    result: ThresholdResult
    decisions: list[Decision]
    version: int
    texts: dict[str, str]


def _threshold_decisions(case: Case) -> list[Decision]:
    found = [d for d in case.decisions if d.kind == DecisionKind.THRESHOLD]
    return sorted(found, key=lambda d: (d.decided_on, d.number, d.id))


def _decision_text(decided_on: str, decided_by: str, outcome: str) -> str:
    return f"{outcome}: decided {decided_on} by {decided_by}".strip()


def _threshold_texts(result: ThresholdResult, decisions: list[Decision]) -> dict[str, str]:
    latest = decisions[-1] if decisions else None
    return {
        "test": result.verdict,
        "complaints": (
            f"{len(result.complaints)} considered, {len(result.counted)} counted towards the "
            "threshold"
        ),
        "decision": ""
        if latest is None
        else _decision_text(latest.decided_on.isoformat(), latest.decided_by, latest.outcome.label),
    }


def opened_threshold(db: Database, case_id: int) -> ThresholdView:
    """The threshold test and its decisions with their version, read version first."""
    with db.reading() as session:
        seen = records.part_version_in(session, case_id, THRESHOLD_PART)
        case = _case(session, case_id)
        result = workflow.threshold_test(session, case)
        decisions = _threshold_decisions(case)
        return ThresholdView(result, decisions, seen, _threshold_texts(result, decisions))


def _check_threshold(
    session: Session, case: Case, seen: int | None, decided_on: str, decided_by: str
) -> None:
    """Refuse a decision made on a test read before someone else changed a complaint, the
    application or the threshold decisions."""
    if seen is None:
        return
    ids = {str(d.id) for d in case.decisions if d.kind != DecisionKind.THRESHOLD}
    later = [
        c
        for c in records.part_changes_after(session, case.id, THRESHOLD_PART, seen)
        if c.entity_id not in ids or c.changes.get("kind") == DecisionKind.THRESHOLD.value
    ]
    if not later:
        return
    theirs = _threshold_texts(workflow.threshold_test(session, case), _threshold_decisions(case))
    yours = {"decision": _decision_text(decided_on, decided_by.strip(), "Not recorded yet")}
    records.refuse(later[-1].change, "case's threshold", theirs, yours, set(theirs))


def decide_threshold(
    db: Database,
    case_id: int,
    decided_on: dt.date | str,
    decided_by: str,
    override_reason: str = "",
    grounds: str | tuple[str, ...] = (),
    discretion_reasons: str = "",
    *,
    seen: int | None = None,
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
        _check_threshold(session, case, seen, str(decided_on), decided_by)
        decision = workflow.record_threshold_decision(
            session, case, decided_on, decided_by, override_reason, discretion
        )
        return decision, workflow.decision_result(session, case, decision.decided_on, discretion)


def threshold_decisions(db: Database, case_id: int) -> list[Decision]:
    """The threshold decisions recorded for the case, the first first."""
    with db.session() as session:
        return _threshold_decisions(_case(session, case_id))


def discretion_grounds() -> dict[str, str]:
    """The grounds on which the threshold may be decided met by discretion (s104(5))."""
    return dict(workflow.GROUNDS)


def pauses(db: Database, case_id: int) -> list[Pause]:
    """The case's pauses, earliest first."""
    with db.reading() as session:
        return sorted(_case(session, case_id).pauses, key=lambda p: (p.started_on, p.id))
