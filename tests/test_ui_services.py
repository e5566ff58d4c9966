"""The Qt-free services behind the desktop app: the dashboard, saving workspace records (with an
agency named in words), the chronology rows, the audit history, inviting the panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event, select

from dhr_desk.domain import (
    Action,
    AgencyReturn,
    CaseAgency,
    ChronologyEntry,
    Meeting,
    PanelMember,
    Recommendation,
)
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases, dashboard, workspace


@pytest.fixture
def dhr(db: Any) -> Any:
    return cases.new_dhr(
        db,
        {"notification_received_on": "2025-01-06", "notified_by": "DI K"},
        {"real_name": "Joanne Example"},
    )


def test_dashboard_lists_what_needs_doing(db: Any, dhr: Any) -> None:
    as_of = dt.date(2025, 3, 1)
    workspace.save(db, Meeting, dhr.id, None, {"kind": "panel", "held_on": "2025-03-10"})
    workspace.save(db, Meeting, dhr.id, None, {"kind": "panel", "held_on": "2025-02-10"})
    workspace.save(
        db,
        AgencyReturn,
        dhr.id,
        None,
        {
            "agency": "Example Police",
            "return_type": "imr",
            "requested_on": "2025-01-10",
            "due_on": "2025-02-20",
        },
    )
    rec = workspace.save(db, Recommendation, dhr.id, None, {"number": 1, "text": "Train staff"})
    workspace.save(
        db, Action, rec.id, None, {"description": "Run training", "target_on": "2025-02-01"}
    )
    workspace.save(db, Action, rec.id, None, {"description": "Later", "target_on": "2025-06-01"})
    board = dashboard.build(db, as_of)
    # the decision (1 month after notification) is overdue, from the clocks
    assert any(i.state == "overdue" and i.area == "stages" for i in board.deadlines)
    assert [i.due_on for i in board.meetings] == [dt.date(2025, 3, 10)]  # past ones left out
    (ret,) = board.returns
    assert ret.area == "agencies" and ret.state == "overdue" and "Example Police" in ret.what
    (action,) = board.actions
    assert action.area == "recommendations" and action.days_left == -28
    assert board.overdue_count >= 3


def test_saving_a_record_names_its_agency_in_words(db: Any, dhr: Any) -> None:
    ret = workspace.save(
        db,
        AgencyReturn,
        dhr.id,
        None,
        {"agency": "Example ICB", "return_type": "chronology", "requested_on": "2025-02-01"},
    )
    assert ret.agency.name == "Example ICB"
    links = workspace.children(db, CaseAgency, dhr.id)
    assert [link.agency.name for link in links] == ["Example ICB"]
    with pytest.raises(ValidationError) as raised:
        workspace.save(db, AgencyReturn, dhr.id, None, {"agency": "", "return_type": "imr"})
    assert ("agency", "is required") in raised.value.problems
    with pytest.raises(ValidationError) as raised:
        workspace.save(db, AgencyReturn, dhr.id, ret.id, {"received_on": "2025-02-30"})
    assert raised.value.problems[0][0] == "received_on"
    assert workspace.children(db, AgencyReturn, dhr.id)[0].received_on is None


def test_chronology_rows_come_in_date_order_from_one_query(db: Any, dhr: Any) -> None:
    with db.session() as session:
        for n in range(300):
            session.add(
                ChronologyEntry(
                    case_id=dhr.id,
                    occurred_on=dt.date(2024, 1, 1) + dt.timedelta(days=(n * 7) % 365),
                    occurred_time="" if n % 2 else "09:30",
                    source="Agency chronology",
                    event=f"Event {n}",
                )
            )
    workspace.save(
        db,
        ChronologyEntry,
        dhr.id,
        None,
        {
            "occurred_on": "2023-12-31",
            "agency": "Example Police",
            "source": "IMR",
            "event": "Earliest",
        },
    )
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        rows = workspace.chronology_rows(db, dhr.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert len(rows) == 301
    assert rows[0].event == "Earliest" and rows[0].agency == "Example Police"
    assert [r.occurred_on for r in rows] == sorted(r.occurred_on for r in rows)


def test_audit_history_and_inviting_the_panel(db: Any, dhr: Any) -> None:
    workspace.save(db, PanelMember, dhr.id, None, {"name": "Dr Chair", "role": "chair"})
    workspace.save(
        db,
        PanelMember,
        dhr.id,
        None,
        {"name": "Left Early", "role": "member", "left_on": "2025-01-31"},
    )
    meeting = workspace.save(db, Meeting, dhr.id, None, {"kind": "panel", "held_on": "2025-02-10"})
    assert workspace.invite_panel(db, meeting.id) == 1  # not those who have left
    assert workspace.invite_panel(db, meeting.id) == 0  # nobody twice
    history = workspace.audit_history(db, dhr.id)
    assert history[0].entity == "meeting attendance"
    assert any(h.entity == "panel member" and "name" in h.changed for h in history)
    with db.session() as session:
        assert session.scalar(select(Meeting.number).where(Meeting.id == meeting.id)) == 1


def test_update_case_refuses_a_reference_in_use(db: Any, dhr: Any) -> None:
    other = cases.new_dhr(db, {"notification_received_on": "2025-02-06", "notified_by": "DI K"})
    with pytest.raises(ValidationError) as raised:
        workspace.update_case(db, other.id, {"reference": dhr.reference})
    assert raised.value.problems[0][0] == "reference"
    assert workspace.update_case(db, other.id, {"title": "Adult B"}).title == "Adult B"
