"""Pauses: the clock stops while a parallel proceeding runs (criminal trial, inquest, IOPC
investigation, SAR, CSPR or another).

A pause that starts on S and ends when work resumes on R moves every deadline still running on
S later by R − S days; several pauses add up; while a pause is open its deadlines show as paused.
The rules below are checked on every save path (app, command line, import): a resume date before
the start, and two pauses of the same case that overlap, are refused.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import Case, Pause, PauseReason
from dhr_desk.errors import ValidationError
from dhr_desk.workflow.periods import as_date, long_date


@records.rule(Pause)
def _resume_after_start(_session: Session, pause: Pause) -> list[tuple[str, str]]:
    start, end = pause.started_on, pause.resumed_on
    if start is None or end is None or end >= start:
        return []
    return [
        (
            "resumed_on",
            f"{long_date(end)} is before the pause started on {long_date(start)}",
        )
    ]


def _overlaps(
    a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None
) -> bool:
    """Do the half-open spans [start, end) overlap (an open pause runs on for ever)?"""
    a_before_b = a_end is not None and a_end <= b_start
    b_before_a = b_end is not None and b_end <= a_start
    return not (a_before_b or b_before_a)


def _describe(pause: Pause) -> str:
    until = f"to {long_date(pause.resumed_on)}" if pause.resumed_on else "still open"
    return f"the {pause.reason.label.lower()} pause from {long_date(pause.started_on)} ({until})"


@records.rule(Pause)
def _no_overlap(session: Session, pause: Pause) -> list[tuple[str, str]]:
    if pause.started_on is None or pause.case_id is None:
        return []
    with session.no_autoflush:
        others = session.scalars(
            select(Pause).where(Pause.case_id == pause.case_id, Pause.id != (pause.id or -1))
        ).all()
    problems = []
    for other in others:
        if other is pause:
            continue
        if _overlaps(pause.started_on, pause.resumed_on, other.started_on, other.resumed_on):
            problems.append(("started_on", f"this pause overlaps {_describe(other)}"))
    return problems


def open_pause(case: Case) -> Pause | None:
    return next((p for p in case.pauses if p.resumed_on is None), None)


def add_pause(
    session: Session,
    case: Case,
    reason: PauseReason | str,
    started_on: dt.date | str,
    detail: str = "",
) -> Pause:
    """Stop the clock of ``case`` from ``started_on`` for a parallel proceeding."""
    pause = records.add_in(
        session,
        Pause,
        case.id,
        {"reason": reason, "started_on": as_date(started_on, "started_on"), "detail": detail},
    )
    if pause not in case.pauses:
        case.pauses.append(pause)
    return pause


def resume_pause(session: Session, pause: Pause, resumed_on: dt.date | str) -> Pause:
    """Restart the clock: every deadline running when the pause started moves on by its length."""
    day = as_date(resumed_on, "resumed_on")
    if pause.resumed_on is not None:
        raise ValidationError(f"Nothing was saved: {_describe(pause)} has already ended.")
    return records.update_in(session, Pause, pause.id, {"resumed_on": day})


def resume_case(session: Session, case: Case, resumed_on: dt.date | str) -> Pause:
    """Resume the open pause of ``case``."""
    pause = open_pause(case)
    if pause is None:
        raise ValidationError(f"Nothing was saved: {case.reference} has no open pause.")
    return resume_pause(session, pause, resumed_on)


def paused_days(pause: Pause, as_of: dt.date) -> int:
    """How long the clock has been stopped by ``pause`` as of ``as_of``."""
    end = pause.resumed_on if pause.resumed_on is not None and pause.resumed_on <= as_of else as_of
    return max(0, (end - pause.started_on).days)
