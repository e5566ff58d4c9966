"""A step recorded by mistake can be taken back, with a reason kept in the audit trail."""

from __future__ import annotations

import pytest
from clocks_support import D, audit_actions, case_in, count, open_dhr

from dhr_desk.cli import main
from dhr_desk.domain import Milestone
from dhr_desk.errors import ValidationError
from dhr_desk.storage.database import Database
from dhr_desk.workflow import case_deadlines, record_step, remove_step, steps


def test_taking_back_a_step_reopens_it_and_its_clock(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "decision", D(2025, 2, 25))
        record_step(s, case, "home_office_informed", D(2025, 2, 27))
        assert case.stage == "home_office_informed"
    with db.session() as s:
        remove_step(s, case_in(s, ref), "decision", "Recorded on the wrong case")
    with db.session() as s:
        case = case_in(s, ref)
        assert {m.step for m in case.milestones} == {"notification", "home_office_informed"}
        assert case.stage == "home_office_informed"
        state = {st.code: st.state for st in steps(s, case)}
        assert state["decision"] == "next"
        decision = next(
            d for d in case_deadlines(s, case, D(2025, 3, 5)) if d.code == "dhr_decision"
        )
        assert decision.state == "overdue" and decision.done_on is None
    [event] = audit_actions(db, "remove_step")
    assert event.changes == {
        "step": "decision",
        "occurred_on": "2025-02-25",
        "reason": "Recorded on the wrong case",
    }


def test_taking_back_the_furthest_step_moves_the_stage_back(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 25))
    with db.session() as s:
        remove_step(s, case_in(s, ref), "decision", "Typed in error")
    with db.session() as s:
        assert case_in(s, ref).stage == "notification"


def test_what_cannot_be_taken_back_is_refused_and_nothing_changes(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 25))
    before = count(db, Milestone)
    cases = [
        ("decision", "", "give the reason"),
        ("submitted", "oops", "is not recorded"),
        ("notification", "oops", "opens the case"),
    ]
    for step, reason, message in cases:
        with pytest.raises(ValidationError, match=message), db.session() as s:
            remove_step(s, case_in(s, ref), step, reason)
    assert count(db, Milestone) == before
    assert audit_actions(db, "remove_step") == []


def test_the_command_line_takes_back_a_step(db: Database, data_dir, capsys) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 25))
    db.close()
    args = ["--data-dir", str(data_dir.root), "step", ref, "decision"]
    assert main([*args, "--remove", "Wrong case"]) == 0
    assert "taken back" in capsys.readouterr().out
    assert main(args) == 2
    assert "--on" in capsys.readouterr().err


def test_a_step_also_shown_by_another_record_is_not_silently_kept(db: Database) -> None:
    from dhr_desk import records
    from dhr_desk.domain import Decision

    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "decision", D(2025, 2, 25))
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "review", "decided_on": "2025-02-25", "outcome": "review"},
        )
    with pytest.raises(ValidationError, match="another record of the case"), db.session() as s:
        remove_step(s, case_in(s, ref), "decision", "Wrong case")
    with db.session() as s:
        assert "decision" in {m.step for m in case_in(s, ref).milestones}
    assert audit_actions(db, "remove_step") == []


def test_taking_back_an_acknowledgement_clears_its_date(db: Database) -> None:
    from clocks_support import open_trigger

    ref = open_trigger(db, "2025-04-14")
    with db.session() as s:
        record_step(s, case_in(s, ref), "acknowledged", D(2025, 4, 15))
        assert case_in(s, ref).application.acknowledged_on == D(2025, 4, 15)
    with db.session() as s:
        remove_step(s, case_in(s, ref), "acknowledged", "Letter never sent")
    with db.session() as s:
        case = case_in(s, ref)
        assert case.application.acknowledged_on is None
        assert {st.code: st.state for st in steps(s, case)}["acknowledged"] == "next"
