"""Where one case stands: its steps, its deadlines, recording a step, pausing and resuming the
clock — each call one unit of work over :mod:`dhr_desk.workflow`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk import workflow
from dhr_desk.domain import Case, Pause
from dhr_desk.errors import NotFoundError
from dhr_desk.storage.database import Database


def _case(session: Any, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError("That case no longer exists.")
    return case


def steps(db: Database, case_id: int) -> list[Any]:
    """Every step of the case in order, each done (with its date), next, blocked or optional."""
    with db.session() as session:
        return list(workflow.steps(session, _case(session, case_id)))


def deadlines(db: Database, case_id: int, as_of: dt.date | None = None) -> list[Any]:
    """The case's clocks as of a day: each deadline with its due date and state."""
    with db.session() as session:
        return list(
            workflow.case_deadlines(session, _case(session, case_id), as_of or dt.date.today())
        )


def record_step(
    db: Database,
    case_id: int,
    step: str,
    on: dt.date | str,
    note: str = "",
    override_reason: str = "",
) -> None:
    with db.session() as session:
        workflow.record_step(
            session, _case(session, case_id), step, on, note=note, override_reason=override_reason
        )


def remove_step(db: Database, case_id: int, step: str, reason: str) -> None:
    with db.session() as session:
        workflow.remove_step(session, _case(session, case_id), step, reason)


def add_pause(
    db: Database, case_id: int, reason: Any, started_on: dt.date | str, detail: str = ""
) -> Pause:
    with db.session() as session:
        pause: Pause = workflow.add_pause(
            session, _case(session, case_id), reason, started_on, detail=detail
        )
        return pause


def resume_pause(db: Database, pause_id: int, resumed_on: dt.date | str) -> Pause:
    with db.session() as session:
        pause = session.get(Pause, pause_id)
        if pause is None:
            raise NotFoundError("That pause no longer exists.")
        workflow.resume_pause(session, pause, resumed_on)
        return pause


def threshold(db: Database, case_id: int, as_of: dt.date | None = None) -> Any:
    """The Community Trigger threshold test as it stands (``.met``, ``.reasons``, ``.text``)."""
    with db.session() as session:
        return workflow.threshold_test(session, _case(session, case_id), as_of)


def record_threshold_decision(
    db: Database, case_id: int, decided_on: dt.date | str, decided_by: str
) -> None:
    with db.session() as session:
        workflow.record_threshold_decision(session, _case(session, case_id), decided_on, decided_by)
