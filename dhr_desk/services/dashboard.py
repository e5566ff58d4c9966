"""The coordinator's dashboard: what needs doing next, across every open case.

Four lists, each item pointing at the place in a case where it is dealt with (``area``):

* deadlines overdue or due soon (from the clocks in :mod:`dhr_desk.workflow`);
* meetings planned from today on;
* agency returns requested and not yet received (from the clocks, soonest first);
* action-plan actions not closed whose target date has passed;

and, worked out in the same pass over the cases, the next thing to do on each case (for the
case list).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from dhr_desk import workflow
from dhr_desk.domain import (
    Action,
    ActionStatus,
    AgencyReturn,
    Case,
    Meeting,
    MeetingStatus,
    Recommendation,
)
from dhr_desk.records import kinds
from dhr_desk.storage.database import Database

# The workspace area a deadline opens (the desktop app maps each area to a page).
AREA_STAGES = "stages"


@dataclass(frozen=True)
class Item:
    """One line of the dashboard. ``record_kind``/``record_id`` name the record it is about
    (a meeting, an agency return, an action), which opens in its kind's ``area``."""

    case_id: int
    reference: str
    area: str
    what: str
    due_on: dt.date | None
    state: str  # overdue / due_soon / later / planned
    days_left: int | None
    record_kind: str = ""
    record_id: int | None = None


def _record_item(
    model: type[Any],
    record_id: int,
    case_id: int,
    reference: str,
    what: str,
    due_on: dt.date | None,
    state: str,
    days_left: int | None,
) -> Item:
    kind = kinds.of(model)
    return Item(case_id, reference, kind.area, what, due_on, state, days_left, kind.name, record_id)


@dataclass
class Dashboard:
    """``cases`` counts every case in the database (none: a first run), ``open_cases`` those
    not closed."""

    as_of: dt.date
    deadlines: list[Item] = field(default_factory=list)
    meetings: list[Item] = field(default_factory=list)
    returns: list[Item] = field(default_factory=list)
    actions: list[Item] = field(default_factory=list)
    cases: int = 0
    open_cases: int = 0
    next_steps: dict[int, workflow.NextStep] = field(default_factory=dict)

    @property
    def overdue_count(self) -> int:
        lists = (self.deadlines, self.returns, self.actions)
        return sum(1 for items in lists for i in items if i.state == "overdue")

    def overdue_in(self, items: list[Item]) -> int:
        return sum(1 for i in items if i.state == "overdue")


def build(db: Database, as_of: dt.date | None = None) -> Dashboard:
    """Everything the dashboard shows, as of a day (today by default)."""
    as_of = as_of or dt.date.today()
    board = Dashboard(as_of)
    with db.reading() as session:
        board.cases = int(session.scalar(select(func.count(Case.id))) or 0)
        board.open_cases = int(
            session.scalar(select(func.count(Case.id)).where(Case.closed_on.is_(None))) or 0
        )
        running, board.next_steps = workflow.overview(session, as_of)
        board.deadlines, board.returns = _deadlines(running, as_of)
        open_case = Case.closed_on.is_(None)

        meetings = session.execute(
            select(Meeting, Case.reference)
            .join(Case, Case.id == Meeting.case_id)
            .where(open_case, Meeting.status == MeetingStatus.PLANNED, Meeting.held_on >= as_of)
            .order_by(Meeting.held_on, Meeting.start_time)
        )
        for meeting, reference in meetings:
            when = f" at {meeting.start_time}" if meeting.start_time else ""
            board.meetings.append(
                _record_item(
                    Meeting,
                    meeting.id,
                    meeting.case_id,
                    reference,
                    f"{meeting.kind.label} meeting {meeting.number}{when}",
                    meeting.held_on,
                    "planned",
                    (meeting.held_on - as_of).days,
                )
            )

        actions = session.execute(
            select(Action, Recommendation.number, Recommendation.case_id, Case.reference)
            .join(Recommendation, Recommendation.id == Action.recommendation_id)
            .join(Case, Case.id == Recommendation.case_id)
            .where(
                Action.completed_on.is_(None),
                Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
                Action.target_on < as_of,
            )
            .order_by(Action.target_on)
        )
        for action, number, case_id, reference in actions:
            text = " ".join(action.description.split())  # whole: the app wraps it
            board.actions.append(
                _record_item(
                    Action,
                    action.id,
                    case_id,
                    reference,
                    f"Recommendation {number}: {text}",
                    action.target_on,
                    "overdue",
                    (action.target_on - as_of).days if action.target_on else None,
                )
            )
    return board


def _deadlines(running: list[workflow.Deadline], as_of: dt.date) -> tuple[list[Item], list[Item]]:
    """From the clocks: overdue and due-soon deadlines, and every agency return still out."""
    deadlines: list[Item] = []
    returns: list[Item] = []
    for d in running:
        if d.return_id is not None:
            returns.append(
                _record_item(
                    AgencyReturn,
                    d.return_id,
                    d.case_id,
                    d.reference,
                    d.label,
                    d.due_on,
                    d.state,
                    d.days_left if d.due_on is not None else None,
                )
            )
        elif d.record_kind and d.record_id is not None and d.state in ("overdue", "due_soon"):
            deadlines.append(  # e.g. a published document to take down: opens its record
                _record_item(
                    kinds.named(d.record_kind).model,
                    d.record_id,
                    d.case_id,
                    d.reference,
                    d.label,
                    d.due_on,
                    d.state,
                    d.days_left if d.due_on is not None else None,
                )
            )
        elif d.state in ("overdue", "due_soon"):
            deadlines.append(
                Item(
                    d.case_id,
                    d.reference,
                    AREA_STAGES,
                    d.label,
                    d.due_on,
                    d.state,
                    d.days_left if d.due_on is not None else None,
                )
            )
    deadlines.sort(key=lambda i: (i.state != "overdue", i.due_on or as_of))
    return deadlines, returns
