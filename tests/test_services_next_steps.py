"""The services behind the window's guidance: each case's next step and due date (in a fixed
number of queries), a saved case's reference changed only with a reason, and a case file's
refusals said in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event

from dhr_desk.domain import AgencyReturn, Decision, Pause
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases, dashboard, progress, workspace
from dhr_desk.services.casefiles import place_in_words
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 3, 1)


def queries(db: Database, work: Callable[[], object]) -> int:
    seen = [0]

    def count(*_args: Any) -> None:
        seen[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen[0]


def new_dhr(db: Database, received: str) -> Any:
    return cases.new_dhr(db, {"notification_received_on": received, "notified_by": "DI K"})


def test_the_most_urgent_deadline_comes_first(db: Database) -> None:
    late = new_dhr(db, "2025-01-06")  # the decision was due on 6 February
    step = cases.next_step(db, late.id, TODAY)
    assert (step.what, step.state, step.due_on) == (
        "Decide whether to hold a review",
        "overdue",
        dt.date(2025, 2, 6),
    )
    assert step.days_left == -23 and step.overdue == 1 and step.step == "decision"


def test_otherwise_the_next_step_with_the_soonest_deadline(db: Database) -> None:
    case = new_dhr(db, "2025-02-20")
    step = cases.next_step(db, case.id, TODAY)
    assert step.what == "Decision whether to hold a review"
    assert (step.due_on, step.state, step.days_left) == (dt.date(2025, 3, 20), "later", 19)


def test_a_return_still_out_reads_as_a_thing_to_do_and_a_pause_holds_it(db: Database) -> None:
    case = new_dhr(db, "2024-10-01")
    workspace.save(
        db,
        Decision,
        case.id,
        None,
        {"kind": "review", "decided_on": "2024-10-20", "outcome": "review"},
    )
    workspace.save(
        db,
        AgencyReturn,
        case.id,
        None,
        {
            "agency": "Example Police",
            "return_type": "imr",
            "requested_on": "2025-01-02",
            "due_on": "2025-02-14",
        },
    )
    step = cases.next_step(db, case.id, TODAY)
    assert step.what == "Receive the IMR from Example Police" and step.state == "overdue"
    clock = progress.return_deadlines(db, case.id, TODAY)
    assert [d.due_on for d in clock.values()] == [dt.date(2025, 2, 14)]
    workspace.save(
        db, Pause, case.id, None, {"reason": "criminal_trial", "started_on": "2025-01-10"}
    )
    held = cases.next_step(db, case.id, TODAY)  # the trial holds the return: not overdue now
    assert held.overdue == 0 and held.what == "Agencies asked about contact and to secure records"
    assert [d.state for d in progress.return_deadlines(db, case.id, TODAY).values()] == ["paused"]


def test_a_closed_case_says_so(db: Database) -> None:
    case = new_dhr(db, "2025-01-06")
    workspace.update_case(db, case.id, {"closed_on": "2025-02-01"})
    step = cases.next_step(db, case.id, TODAY)
    assert (step.what, step.state) == ("Closed on 2025-02-01", "closed")


def test_every_cases_next_step_takes_the_same_few_queries_however_many_cases(
    db: Database,
) -> None:
    for day in ("2025-01-06", "2025-02-01"):
        new_dhr(db, day)
    few = queries(db, lambda: cases.next_steps(db, TODAY))
    for day in ("2025-01-07", "2025-01-08", "2025-01-09", "2025-01-10", "2025-01-11"):
        new_dhr(db, day)
    assert queries(db, lambda: cases.next_steps(db, TODAY)) == few
    board = dashboard.build(db, TODAY)  # the dashboard works them out in the same pass
    assert board.next_steps == cases.next_steps(db, TODAY) and len(board.next_steps) == 7


def test_the_reference_changes_only_with_a_reason(db: Database) -> None:
    first, second = new_dhr(db, "2025-01-06"), new_dhr(db, "2025-02-06")
    with pytest.raises(ValidationError) as refused:
        workspace.update_case(db, second.id, {"reference": "DHR-2025-099", "title": "B"})
    assert refused.value.problems[0][0] == "reference"
    workspace.update_case(db, second.id, {"reference": second.reference, "title": "B"})
    with pytest.raises(ValidationError) as refused:
        cases.change_reference(db, second.id, "DHR-2025-099", "  ")
    assert refused.value.problems == [("reason", "is required: it is kept in the case's history")]
    with pytest.raises(ValidationError) as refused:
        cases.change_reference(db, second.id, first.reference, "numbering")
    assert refused.value.problems == [
        ("reference", f"{first.reference} is already used by another case")
    ]
    with pytest.raises(ValidationError) as refused:
        cases.change_reference(db, second.id, "../DHR-2025-099", "numbering")
    assert refused.value.problems[0][1].startswith("is not a case reference: use letters")
    changed = cases.change_reference(db, second.id, " DHR-2025-099 ", "numbering")
    assert changed.reference == "DHR-2025-099"
    assert workspace.get_case(db, second.id).title == "B"


def test_a_place_in_a_case_file_is_said_as_a_person_would() -> None:
    assert place_in_words("$.people[2].date_of_birth") == "Person 3, date of birth"
    assert place_in_words("$.meetings[0].attendance[1].name") == "Meeting 1, attendee 2, name"
    assert place_in_words("$.case.title") == "The case, title"
    assert place_in_words("$") == "The file"
