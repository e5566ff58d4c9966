"""Deadlines computed from steps, rules, pauses and the calendar, with exact dates."""

from __future__ import annotations

import datetime as dt

import pytest
from clocks_support import D, audit_actions, case_in, count, open_dhr, open_trigger
from sqlalchemy import select

from dhr_desk import records
from dhr_desk.domain import AgencyReturn, Decision, DecisionKind, DecisionOutcome, Pause
from dhr_desk.errors import ValidationError
from dhr_desk.storage.database import Database
from dhr_desk.workflow import (
    Deadline,
    add_closure_days,
    add_pause,
    case_deadlines,
    open_deadlines,
    record_step,
    resume_case,
    update_rule,
)


def _by_code(items: list[Deadline]) -> dict[str, Deadline]:
    return {d.code: d for d in items if d.return_id is None}


def deadlines_of(db: Database, ref: str, as_of: dt.date) -> dict[str, Deadline]:
    with db.session() as s:
        return _by_code(case_deadlines(s, case_in(s, ref), as_of))


# ----------------------------------------------------------------------- DHR
def test_decision_due_one_month_after_notification_clamped_to_february(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    item = deadlines_of(db, ref, D(2025, 2, 20))["dhr_decision"]
    assert item.start_on == D(2025, 1, 31)
    assert item.due_on == item.original_due_on == D(2025, 2, 28)
    assert (item.state, item.days_left, item.paused_days) == ("due_soon", 8, 0)
    assert deadlines_of(db, ref, D(2025, 2, 1))["dhr_decision"].state == "later"
    late = deadlines_of(db, ref, D(2025, 3, 3))["dhr_decision"]
    assert (late.state, late.days_left) == ("overdue", -3)


def test_completion_due_six_months_after_the_decision_and_met_by_submission(
    db: Database,
) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 25))
    items = deadlines_of(db, ref, D(2025, 3, 1))
    assert items["dhr_decision"].state == "met" and items["dhr_decision"].done_on == D(2025, 2, 25)
    assert items["dhr_completion"].due_on == D(2025, 8, 25)
    assert items["dhr_completion"].state == "later"
    with db.session() as s:
        case = case_in(s, ref)
        for step, day in [
            ("chair_appointed", D(2025, 3, 10)),
            ("tor_agreed", D(2025, 3, 20)),
            ("draft_completed", D(2025, 7, 1)),
            ("panel_sign_off", D(2025, 7, 15)),
            ("csp_sign_off", D(2025, 7, 30)),
            ("submitted", D(2025, 9, 1)),
        ]:
            record_step(s, case, step, day)
    done = deadlines_of(db, ref, D(2025, 9, 2))["dhr_completion"]
    assert done.state == "met" and done.note == "met 7 days late"
    with db.session() as s:
        assert [d.code for d in open_deadlines(s, D(2025, 9, 2))] == []


def test_a_deadline_crossing_two_pauses_moves_by_both(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "decision", D(2025, 2, 25))
        add_pause(s, case, "criminal_trial", D(2025, 3, 1), "Crown Court trial")
    # While the trial pause is open the completion deadline is held, the decision stays met.
    held = deadlines_of(db, ref, D(2025, 3, 20))
    assert held["dhr_completion"].state == "paused"
    assert held["dhr_completion"].due_on is None
    assert held["dhr_completion"].days_left == (D(2025, 8, 25) - D(2025, 3, 1)).days
    assert held["dhr_completion"].paused_days == 19
    assert held["dhr_decision"].state == "met"
    with db.session() as s:
        resume_case(s, case_in(s, ref), D(2025, 3, 31))  # 30 days
        add_pause(s, case_in(s, ref), "inquest", "2025-05-01")
    with db.session() as s:
        resume_case(s, case_in(s, ref), "2025-05-11")  # 10 days
    item = deadlines_of(db, ref, D(2025, 6, 1))["dhr_completion"]
    assert item.original_due_on == D(2025, 8, 25)
    assert item.due_on == D(2025, 10, 4)  # 25 August + 30 + 10 days
    assert item.paused_days == 40
    assert item.state == "later"
    # As things stood before the second pause, only the first had moved it.
    before = deadlines_of(db, ref, D(2025, 4, 15))["dhr_completion"]
    assert before.due_on == D(2025, 9, 24) and before.paused_days == 30


def test_an_open_pause_shows_as_paused_on_the_list_of_what_is_due(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        add_pause(s, case_in(s, ref), "iopc", D(2025, 2, 10))
    with db.session() as s:
        items = open_deadlines(s, D(2025, 3, 15))
    assert [(d.reference, d.code, d.state, d.due_on) for d in items] == [
        (ref, "dhr_decision", "paused", None)
    ]
    assert items[0].note == "paused since 10 February 2025"


def test_a_deadline_already_overdue_when_a_pause_starts_stays_overdue(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        add_pause(s, case_in(s, ref), "inquest", D(2025, 3, 10))
        resume_case(s, case_in(s, ref), D(2025, 4, 10))
    item = deadlines_of(db, ref, D(2025, 4, 15))["dhr_decision"]
    assert item.due_on == D(2025, 2, 28) and item.state == "overdue" and item.paused_days == 0


def test_a_rule_edited_mid_case_recomputes_every_open_deadline(db: Database) -> None:
    first = open_dhr(db, "2025-01-31")
    second = open_dhr(db, "2025-03-03")
    with db.session() as s:
        record_step(s, case_in(s, first), "decision", D(2025, 2, 25))
        record_step(s, case_in(s, second), "decision", D(2025, 3, 20))
    assert deadlines_of(db, first, D(2025, 4, 1))["dhr_completion"].due_on == D(2025, 8, 25)
    with db.session() as s:
        update_rule(s, "dhr_completion", amount=12)  # the 2024 draft guidance figure
    assert deadlines_of(db, first, D(2025, 4, 1))["dhr_completion"].due_on == D(2026, 2, 25)
    assert deadlines_of(db, second, D(2025, 4, 1))["dhr_completion"].due_on == D(2026, 3, 20)
    # The met decision deadline keeps its history; the change is in the audit trail.
    assert deadlines_of(db, first, D(2025, 4, 1))["dhr_decision"].state == "met"
    changes = [e.changes for e in audit_actions(db, "update") if e.entity == "deadline_rule"]
    assert {"amount": [6, 12]} in changes
    with db.session() as s:
        update_rule(s, "dhr_completion", amount=26, unit="weeks")
    assert deadlines_of(db, first, D(2025, 4, 1))["dhr_completion"].due_on == D(2025, 8, 26)
    with db.session() as s:
        update_rule(s, "dhr_completion", active="no")
    assert "dhr_completion" not in deadlines_of(db, first, D(2025, 4, 1))


def test_bad_rule_changes_are_refused_and_change_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        update_rule(s, "ct_threshold", amount="ten", unit="fortnights")
    text = str(err.value)
    assert "'ten' is not a whole number" in text and "'fortnights' is not one of" in text
    with pytest.raises(ValidationError, match="between 0 and"), db.session() as s:
        update_rule(s, "ct_threshold", amount=-1)
    with db.session() as s:
        from dhr_desk.workflow import rules

        found = {r.code: r for r in rules(s)}
        assert (found["ct_threshold"].amount, found["ct_threshold"].unit.value) == (
            10,
            "working_days",
        )


def test_no_review_decision_removes_the_completion_deadline(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "review", "decided_on": "2025-02-20", "outcome": "no_review"},
        )
    items = deadlines_of(db, ref, D(2025, 3, 1))
    assert items["dhr_decision"].done_on == D(2025, 2, 20)
    assert "dhr_completion" not in items


def test_each_agency_return_is_its_own_deadline(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "decision", D(2025, 2, 25))
        police = records.agency_named(s, "Example Constabulary", short_name="Police")
        icb = records.agency_named(s, "Example Integrated Care Board")
        housing = records.agency_named(s, "Example Homes")
        for agency in (police, icb, housing):  # a return comes from an agency of the case
            records.involve_agency(s, case.id, agency)
        records.add_in(
            s,
            AgencyReturn,
            case.id,
            {"agency_id": police.id, "return_type": "imr", "requested_on": "2025-03-03"},
        )
        records.add_in(
            s,
            AgencyReturn,
            case.id,
            {
                "agency_id": icb.id,
                "return_type": "chronology",
                "requested_on": "2025-03-03",
                "due_on": "2025-05-01",
            },
        )
        records.add_in(
            s,
            AgencyReturn,
            case.id,
            {
                "agency_id": housing.id,
                "return_type": "short_report",
                "requested_on": "2025-03-03",
                "received_on": "2025-04-01",
            },
        )
    with db.session() as s:
        items = [d for d in open_deadlines(s, D(2025, 4, 10)) if d.return_id is not None]
    assert [(d.label, d.due_on, d.state) for d in items] == [
        ("IMR from Police", D(2025, 4, 14), "due_soon"),  # 3 March + 6 weeks
        ("Chronology from Example Integrated Care Board", D(2025, 5, 1), "later"),
    ]
    with db.session() as s:
        update_rule(s, "dhr_agency_return", amount=8)
    with db.session() as s:
        items = [d for d in open_deadlines(s, D(2025, 4, 10)) if d.return_id is not None]
    assert items[0].due_on == D(2025, 4, 28)
    assert items[1].due_on == D(2025, 5, 1)  # its own due date is kept


def test_community_trigger_agency_information_has_its_own_rule(db: Database) -> None:
    ref = open_trigger(db, "2025-04-14")
    with db.session() as s:
        case = case_in(s, ref)
        police = records.agency_named(s, "Example Constabulary", short_name="Police")
        records.involve_agency(s, case.id, police)
        records.add_in(
            s,
            AgencyReturn,
            case.id,
            {"agency_id": police.id, "return_type": "information", "requested_on": "2025-04-17"},
        )
    with db.session() as s:
        [item] = [d for d in open_deadlines(s, D(2025, 4, 22)) if d.return_id is not None]
    # Thursday 17 April + 5 working days, over Good Friday and Easter Monday: Monday 28 April
    assert (item.code, item.due_on, item.state) == ("ct_agency_return", D(2025, 4, 28), "later")
    with db.session() as s:
        update_rule(s, "ct_agency_return", amount=10)
    with db.session() as s:
        [item] = [d for d in open_deadlines(s, D(2025, 4, 22)) if d.return_id is not None]
    assert item.due_on == D(2025, 5, 6)  # over the early May bank holiday (Monday 5 May)
    with db.session() as s:  # the DHR rule does not touch it
        update_rule(s, "dhr_agency_return", amount=1)
        [item] = [d for d in open_deadlines(s, D(2025, 4, 22)) if d.return_id is not None]
    assert item.due_on == D(2025, 5, 6)


def test_closed_cases_have_no_open_deadlines(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case_in(s, ref).closed_on = D(2025, 2, 5)
    with db.session() as s:
        assert open_deadlines(s, D(2025, 3, 1)) == []
        assert open_deadlines(s, D(2025, 2, 3))[0].code == "dhr_decision"


# ----------------------------------------------------------------------- pauses: bad input
def test_bad_pauses_get_a_plain_message_and_change_nothing(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        add_pause(s, case_in(s, ref), "criminal_trial", D(2025, 3, 1))
    with (
        pytest.raises(ValidationError, match="before the pause started on 1 March 2025"),
        db.session() as s,
    ):
        resume_case(s, case_in(s, ref), D(2025, 2, 27))
    with (
        pytest.raises(ValidationError, match="overlaps the criminal trial pause"),
        db.session() as s,
    ):
        add_pause(s, case_in(s, ref), "inquest", D(2025, 4, 1))
    with db.session() as s:
        resume_case(s, case_in(s, ref), D(2025, 3, 31))
    with (
        pytest.raises(ValidationError, match=r"overlaps .* \(to 31 March 2025\)"),
        db.session() as s,
    ):
        add_pause(s, case_in(s, ref), "sar", D(2025, 3, 15))
    with pytest.raises(ValidationError, match="has no open pause"), db.session() as s:
        resume_case(s, case_in(s, ref), D(2025, 4, 30))
    with pytest.raises(ValidationError, match="not one of"), db.session() as s:
        add_pause(s, case_in(s, ref), "holiday", D(2025, 5, 1))
    with db.session() as s:
        pauses = list(s.scalars(select(Pause)))
        assert [(p.started_on, p.resumed_on) for p in pauses] == [(D(2025, 3, 1), D(2025, 3, 31))]
    # A new pause may start on the day the last one ended.
    with db.session() as s:
        add_pause(s, case_in(s, ref), "sar", D(2025, 3, 31))
    assert count(db, Pause) == 2


def test_the_overlap_rule_guards_the_generic_record_editor_too(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case_id = case_in(s, ref).id
    records.add(
        db, Pause, case_id, {"reason": "inquest", "started_on": "2025-03-01", "resumed_on": ""}
    )
    with pytest.raises(ValidationError, match="overlaps"):
        records.add(
            db,
            Pause,
            case_id,
            {"reason": "sar", "started_on": "2025-01-01", "resumed_on": "2025-03-02"},
        )
    assert count(db, Pause) == 1


# ----------------------------------------------------------------------- Community Trigger
def test_trigger_received_on_a_bank_holiday_weekend(db: Database) -> None:
    ref = open_trigger(db, "2025-05-03")  # Saturday; Monday 5 May is a bank holiday
    items = deadlines_of(db, ref, D(2025, 5, 6))
    assert items["ct_acknowledge"].due_on == D(2025, 5, 8)
    assert items["ct_threshold"].due_on == D(2025, 5, 20)
    assert items["ct_acknowledge"].state == "due_soon"  # 2 working days left: warning is 3
    assert items["ct_threshold"].state == "later"
    assert "ct_review_meeting" not in items


def test_trigger_over_christmas_follows_the_council_closure_days(db: Database) -> None:
    ref = open_trigger(db, "2025-12-23")
    assert deadlines_of(db, ref, D(2025, 12, 23))["ct_threshold"].due_on == D(2026, 1, 9)
    with db.session() as s:
        add_closure_days(s, D(2025, 12, 29), D(2025, 12, 31), "Christmas closure")
    items = deadlines_of(db, ref, D(2025, 12, 23))
    assert items["ct_acknowledge"].due_on == D(2026, 1, 2)
    assert items["ct_threshold"].due_on == D(2026, 1, 14)


def test_trigger_steps_after_the_threshold_decision(db: Database) -> None:
    ref = open_trigger(db, "2025-05-03")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "acknowledged", D(2025, 5, 7))
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": DecisionKind.THRESHOLD, "decided_on": "2025-05-16", "outcome": "met"},
        )
    items = deadlines_of(db, ref, D(2025, 5, 19))
    assert items["ct_acknowledge"].state == "met"
    assert case_in_application_ack(db, ref) == D(2025, 5, 7)
    assert items["ct_threshold"].done_on == D(2025, 5, 16)
    # 15 working days from Friday 16 May 2025 skip the spring bank holiday (26 May).
    assert items["ct_review_meeting"].due_on == D(2025, 6, 9)
    assert "ct_appeal_threshold" not in items
    with db.session() as s:
        record_step(s, case_in(s, ref), "case_review_meeting", D(2025, 6, 5))
    items = deadlines_of(db, ref, D(2025, 6, 6))
    assert items["ct_outcome_letter"].due_on == D(2025, 6, 12)
    with db.session() as s:
        record_step(s, case_in(s, ref), "victim_consulted", D(2025, 6, 9))
        record_step(s, case_in(s, ref), "outcome_letter", D(2025, 6, 10))
    window = deadlines_of(db, ref, D(2025, 6, 11))["ct_appeal_outcome"]
    assert window.due_on == D(2025, 7, 8) and window.state == "later"
    closed = deadlines_of(db, ref, D(2025, 7, 9))["ct_appeal_outcome"]
    assert closed.state == "met" and "with no request" in closed.note
    with db.session() as s:
        assert open_deadlines(s, D(2025, 7, 9)) == []


def case_in_application_ack(db: Database, ref: str) -> dt.date | None:
    with db.session() as s:
        app = case_in(s, ref).application
        assert app is not None
        return app.acknowledged_on


def test_a_not_met_decision_opens_the_appeal_window_instead_of_a_meeting(db: Database) -> None:
    ref = open_trigger(db, "2025-05-03")
    with db.session() as s:
        records.add_in(
            s,
            Decision,
            case_in(s, ref).id,
            {"kind": "threshold", "decided_on": "2025-05-16", "outcome": DecisionOutcome.NOT_MET},
        )
    items = deadlines_of(db, ref, D(2025, 5, 19))
    assert "ct_review_meeting" not in items
    assert items["ct_appeal_threshold"].due_on == D(2025, 6, 16)
    assert items["ct_appeal_threshold"].label.startswith("Window to ask")


def test_warning_periods_are_settings(db: Database) -> None:
    from dhr_desk.records import settings

    ref = open_dhr(db, "2025-01-31")
    settings.set_many(db, {"warning_days": 3})
    assert deadlines_of(db, ref, D(2025, 2, 20))["dhr_decision"].state == "later"
    assert deadlines_of(db, ref, D(2025, 2, 25))["dhr_decision"].state == "due_soon"


def test_a_request_about_the_threshold_does_not_close_the_outcome_window(db: Database) -> None:
    from dhr_desk.domain import Appeal

    ref = open_trigger(db, "2025-05-03")
    with db.session() as s:
        case = case_in(s, ref)
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "threshold", "decided_on": "2025-05-16", "outcome": "not_met"},
        )
        records.add_in(s, Appeal, case.id, {"requested_on": "2025-05-20"})
    items = deadlines_of(db, ref, D(2025, 5, 21))
    assert items["ct_appeal_threshold"].state == "met"
    assert items["ct_appeal_threshold"].done_on == D(2025, 5, 20)
    with db.session() as s:
        case = case_in(s, ref)
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "threshold", "decided_on": "2025-06-02", "outcome": "met", "number": 2},
        )
        record_step(s, case, "case_review_meeting", D(2025, 6, 16))
        record_step(s, case, "victim_consulted", D(2025, 6, 18))
        record_step(s, case, "outcome_letter", D(2025, 6, 20))
    window = deadlines_of(db, ref, D(2025, 6, 23))["ct_appeal_outcome"]
    assert (window.start_on, window.done_on, window.state) == (D(2025, 6, 20), None, "later")
