"""The steps of each kind of review: done, next, blocked; out-of-order steps and overrides."""

from __future__ import annotations

import pytest
from clocks_support import D, audit_actions, case_in, count, open_dhr, open_trigger
from sqlalchemy import select

from dhr_desk import records
from dhr_desk.domain import Case, CaseKind, Decision, Milestone
from dhr_desk.errors import ValidationError
from dhr_desk.storage.database import Database
from dhr_desk.workflow import add_pause, record_step, resume_case, steps


def _states(db: Database, ref: str) -> dict[str, tuple[str, str]]:
    with db.session() as s:
        return {st.code: (st.state, st.why) for st in steps(s, case_in(s, ref))}


def test_a_new_dhr_knows_what_is_done_next_and_not_yet(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    states = _states(db, ref)
    assert states["notification"][0] == "done"
    assert states["scoping"][0] == "next" and states["decision"][0] == "next"
    assert states["home_office_informed"] == (
        "blocked",
        "'Decision whether to hold a review' has not been recorded yet",
    )
    assert states["published"][0] == "blocked"
    with db.session() as s:
        first = steps(s, case_in(s, ref))[0]
        assert (first.code, first.done_on) == ("notification", D(2025, 1, 31))


def test_publishing_before_the_qa_outcome_is_refused_without_an_override(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    before = count(db, Milestone)
    with pytest.raises(ValidationError) as err, db.session() as s:
        record_step(s, case_in(s, ref), "published", D(2025, 6, 1))
    assert "'Home Office QA Panel: the report may be published' has not been recorded" in str(
        err.value
    )
    assert "override" in str(err.value)
    assert count(db, Milestone) == before
    with db.session() as s:
        record_step(
            s,
            case_in(s, ref),
            "published",
            D(2025, 6, 1),
            note="Published with the Home Office letter",
            override_reason="Home Office letter of 20 May 2025 approved publication by email",
        )
    with db.session() as s:
        case = case_in(s, ref)
        assert case.stage == "published"
        milestone = next(m for m in case.milestones if m.step == "published")
        assert milestone.override_reason.startswith("Home Office letter")
    [event] = audit_actions(db, "override")
    assert event.entity == "milestone" and event.entity_id == "published"
    assert event.changes["reason"].startswith("Home Office letter")
    assert event.changes["occurred_on"] == "2025-06-01"
    assert any("QA Panel" in why for why in event.changes["overridden"])
    assert _states(db, ref)["published"][0] == "done"


def test_publishing_waits_for_the_end_of_criminal_proceedings(db: Database) -> None:
    ref = open_dhr(db, "2024-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        for step, day in [
            ("decision", D(2024, 2, 20)),
            ("chair_appointed", D(2024, 3, 1)),
            ("tor_agreed", D(2024, 3, 15)),
            ("draft_completed", D(2024, 6, 1)),
            ("panel_sign_off", D(2024, 6, 20)),
            ("csp_sign_off", D(2024, 7, 1)),
            ("submitted", D(2024, 7, 10)),
            ("qa_approved", D(2024, 10, 1)),
        ]:
            record_step(s, case, step, day)
        add_pause(s, case, "criminal_trial", D(2024, 9, 1), "Retrial listed")
    assert "criminal proceedings have not ended" in _states(db, ref)["published"][1]
    with (
        pytest.raises(ValidationError, match="criminal proceedings have not ended"),
        db.session() as s,
    ):
        record_step(s, case_in(s, ref), "published", D(2024, 11, 1))
    with db.session() as s:
        resume_case(s, case_in(s, ref), D(2024, 11, 20))
    with (
        pytest.raises(ValidationError, match="'Family told the publication date' has not been"),
        db.session() as s,
    ):
        record_step(s, case_in(s, ref), "published", D(2024, 12, 2))
    with db.session() as s:
        record_step(s, case_in(s, ref), "family_told_publication", D(2024, 11, 25))
        record_step(s, case_in(s, ref), "published", D(2024, 12, 2))
    assert audit_actions(db, "override") == []


def test_a_resubmit_outcome_from_the_qa_panel_holds_publication(db: Database) -> None:
    ref = open_dhr(db, "2024-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        for step, day in [
            ("decision", D(2024, 2, 20)),
            ("chair_appointed", D(2024, 3, 1)),
            ("tor_agreed", D(2024, 3, 15)),
            ("draft_completed", D(2024, 6, 1)),
            ("panel_sign_off", D(2024, 6, 20)),
            ("csp_sign_off", D(2024, 7, 1)),
            ("submitted", D(2024, 7, 10)),
        ]:
            record_step(s, case, step, day)
        records.add_in(
            s, Decision, case.id, {"kind": "qa", "decided_on": "2024-10-01", "outcome": "resubmit"}
        )
    why = _states(db, ref)["qa_approved"]
    assert why == (
        "blocked",
        "the Home Office QA Panel asked on 1 October 2024 for the report to be revised and "
        "resubmitted",
    )
    with db.session() as s:
        records.add_in(
            s,
            Decision,
            case_in(s, ref).id,
            {"kind": "qa", "decided_on": "2025-01-15", "outcome": "may_publish"},
        )
    states = _states(db, ref)
    assert states["qa_approved"][0] == "done"  # the QA letter itself records the step
    assert states["family_told_publication"][0] == "next"


def test_a_threshold_decision_before_an_application_is_refused(db: Database) -> None:
    with db.session() as s:
        case = Case(reference="CT-IMPORTED-1", kind=CaseKind.COMMUNITY_TRIGGER, title="CT 1")
        s.add(case)
    with (
        pytest.raises(ValidationError, match="'Application received' has not been recorded"),
        db.session() as s,
    ):
        record_step(s, case_in(s, "CT-IMPORTED-1"), "threshold_decision", D(2025, 5, 1))
    assert count(db, Milestone) == 0


def test_a_step_dated_before_the_step_it_needs_is_refused(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with pytest.raises(ValidationError) as err, db.session() as s:
        record_step(s, case_in(s, ref), "decision", "2025-01-20")
    assert "was recorded on 31 January 2025, after 20 January 2025" in str(err.value)


def test_recording_a_step_again_corrects_its_date_only_with_a_reason(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 25))
    with (
        pytest.raises(ValidationError, match="already recorded on 25 February 2025"),
        db.session() as s,
    ):
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 24))
    with db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2025, 2, 24), override_reason="Typing error")
    with db.session() as s:
        [decision] = [m for m in case_in(s, ref).milestones if m.step == "decision"]
        assert decision.occurred_on == D(2025, 2, 24)
    assert len(audit_actions(db, "override")) == 1


def test_bad_steps_and_dates_get_plain_messages(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with pytest.raises(ValidationError, match="has no step called 'decided'"), db.session() as s:
        record_step(s, case_in(s, ref), "decided", D(2025, 2, 25))
    with pytest.raises(ValidationError, match="February 2025 has 28 days"), db.session() as s:
        record_step(s, case_in(s, ref), "decision", "2025-02-29")
    with pytest.raises(ValidationError, match="is in the future"), db.session() as s:
        record_step(s, case_in(s, ref), "decision", D(2099, 1, 1))
    assert count(db, Milestone) == 1


def test_a_decision_not_to_review_blocks_the_review_steps(db: Database) -> None:
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "decision", D(2025, 2, 20))
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "review", "decided_on": "2025-02-20", "outcome": "no_review"},
        )
    states = _states(db, ref)
    assert states["home_office_informed"][0] == "next"
    assert states["chair_appointed"] == ("blocked", "the decision was not to hold a review")


def test_trigger_steps_follow_the_threshold_outcome(db: Database) -> None:
    ref = open_trigger(db, "2025-05-06")
    states = _states(db, ref)
    assert states["application"][0] == "done"
    assert states["acknowledged"][0] == "next" and states["threshold_decision"][0] == "next"
    assert states["appeal_received"][0] == "blocked"
    with db.session() as s:
        case = case_in(s, ref)
        records.add_in(
            s,
            Decision,
            case.id,
            {"kind": "threshold", "decided_on": "2025-05-16", "outcome": "not_met"},
        )
    states = _states(db, ref)
    assert states["threshold_decision"][0] == "done"
    assert states["case_review_meeting"] == (
        "blocked",
        "the threshold for a case review was not met",
    )
    assert states["appeal_received"][0] == "optional"
    with db.session() as s:
        case = case_in(s, ref)
        assert case.stage == "application"
        record_step(s, case, "acknowledged", D(2025, 5, 7))
        assert case.stage == "acknowledged"
        assert s.scalar(select(Milestone.step).where(Milestone.step == "acknowledged"))
