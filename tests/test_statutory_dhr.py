"""DHRs since 2024: the Victims and Prisoners Act 2024 s19 setting (DARDR, the report sent to
the Commissioner), the Home Office QA cycle round by round with its resubmission clock,
publications and their take-down dates, and early learning in the action plan and overview."""

from __future__ import annotations

import pytest
from clocks_support import case_in, count
from statutory_support import D, built, dhr_signed_off, qa_letter

from dhr_desk import records
from dhr_desk.domain import Case, Publication, Submission
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.services import cases, dashboard, policy, progress, review_cycle
from dhr_desk.storage.database import Database
from dhr_desk.workflow import case_deadlines, open_deadlines, record_step, steps


def _id(db: Database, ref: str) -> int:
    return cases.id_of(db, ref)


def _states(db: Database, ref: str) -> dict[str, tuple[str, object]]:
    return {s.code: (s.state, s.done_on) for s in progress.steps(db, _id(db, ref))}


def _deadlines(db: Database, ref: str, day: object) -> list[tuple[str, object, str]]:
    with db.session() as s:
        items = case_deadlines(s, case_in(s, ref), day)  # type: ignore[arg-type]
        return [(d.label, d.due_on, d.state) for d in items]


def test_before_s19_is_in_force_the_commissioner_step_is_optional_and_the_label_is_dhr(
    db: Database,
) -> None:
    ref = dhr_signed_off(db)
    assert _states(db, ref)["sent_to_commissioner"] == ("optional", None)
    assert built(db, "home_office_decision", ref).count("Domestic Homicide Review") >= 1
    settings.set_many(db, {"vpa_s19_in_force": True})
    assert _states(db, ref)["sent_to_commissioner"] == ("next", None)
    text = built(db, "home_office_decision", ref)
    assert "Domestic Abuse Related Death Review" in text
    assert "Domestic Homicide Review" not in text
    from dhr_desk.documents.generate import build_only

    assert build_only(db, "home_office_decision", ref).subject.startswith("DARDR DHR-2025-")


def test_the_commissioner_step_waits_for_the_partnership_sign_off_once_s19_is_in_force(
    db: Database,
) -> None:
    ref = dhr_signed_off(db, upto="panel_sign_off")
    settings.set_many(db, {"vpa_s19_in_force": True})
    assert _states(db, ref)["sent_to_commissioner"][0] == "blocked"
    with pytest.raises(ValidationError, match="Signed off by the partnership|signed off by the"):
        review_cycle.record_submission(db, _id(db, ref), "2025-07-20", "commissioner")
    assert count(db, Submission) == 0


def test_a_first_submission_before_the_sign_off_is_refused_like_the_step(db: Database) -> None:
    ref = dhr_signed_off(db, upto="panel_sign_off")
    with pytest.raises(ValidationError) as err:
        review_cycle.record_submission(db, _id(db, ref), "2025-07-20")
    assert (
        "sent_on: 'Submitted to the Home Office Quality Assurance Panel' cannot be dated 20 July "
        "2025: 'Report signed off by the partnership' has not been recorded yet. If it must be, "
        "record the step itself first with an override and the reason" in str(err.value)
    )
    assert count(db, Submission) == 0
    with db.session() as s:
        record_step(
            s, case_in(s, ref), "submitted", D(2025, 7, 20), override_reason="Chair's email"
        )
    review_cycle.record_submission(db, _id(db, ref), "2025-07-20")
    assert count(db, Submission) == 1


def test_the_qa_cycle_keeps_every_round_and_a_resubmission_clock_for_each_letter(
    db: Database,
) -> None:
    ref = dhr_signed_off(db)
    case_id = _id(db, ref)
    review_cycle.record_submission(db, case_id, "2025-08-04")
    review_cycle.record_submission(db, case_id, "2025-08-04", "commissioner")
    states = _states(db, ref)
    assert states["submitted"] == ("done", D(2025, 8, 4))
    assert states["sent_to_commissioner"] == ("done", D(2025, 8, 4))
    # The completion clock (6 months from the decision of 20 February) is met by the first.
    with db.session() as s:
        completion = {d.code: d for d in case_deadlines(s, case_in(s, ref), D(2025, 8, 5))}
        assert completion["dhr_completion"].done_on == D(2025, 8, 4)

    qa_letter(db, ref, "2025-10-06", "resubmit", "Terms of Reference not tailored")
    assert (
        "Resubmit to the Home Office QA Panel (QA letter of 6 October 2025)",
        D(2026, 1, 6),
        "later",
    ) in _deadlines(db, ref, D(2025, 10, 7))
    review_cycle.record_submission(
        db, case_id, "2025-11-17", action_plan=False, other_documents="a table of changes"
    )
    qa_letter(db, ref, "2025-12-15", "resubmit", "Dates of birth left in the chronology")
    review_cycle.record_submission(db, case_id, "2026-01-12", executive_summary=False)
    qa_letter(db, ref, "2026-02-09", "may_publish")

    rounds = review_cycle.qa_rounds(db, case_id)
    assert [(r.number, r.sent_on, r.qa_letter_on, r.outcome, r.resubmit_by) for r in rounds] == [
        (1, D(2025, 8, 4), D(2025, 10, 6), "resubmit", D(2026, 1, 6)),
        (2, D(2025, 11, 17), D(2025, 12, 15), "resubmit", D(2026, 3, 15)),
        (3, D(2026, 1, 12), D(2026, 2, 9), "may_publish", None),
    ]
    assert rounds[0].to_commissioner == [
        (D(2025, 8, 4), ["the overview report", "the executive summary", "the action plan"])
    ]
    assert rounds[1].documents == [
        "the overview report",
        "the executive summary",
        "a table of changes",
    ]
    resubmissions = [
        (label, state)
        for label, _due, state in _deadlines(db, ref, D(2026, 2, 10))
        if label.startswith("Resubmit")
    ]
    assert resubmissions == [
        ("Resubmit to the Home Office QA Panel (QA letter of 6 October 2025)", "met"),
        ("Resubmit to the Home Office QA Panel (QA letter of 15 December 2025)", "met"),
    ]
    assert _states(db, ref)["qa_approved"] == ("done", D(2026, 2, 9))


def test_the_resubmission_clock_is_a_rule_the_coordinator_can_change(db: Database) -> None:
    ref = dhr_signed_off(db)
    review_cycle.record_submission(db, _id(db, ref), "2025-08-04")
    qa_letter(db, ref, "2025-10-06", "resubmit")
    policy.change_rule(db, "dhr_resubmission", amount=6, unit="weeks")
    [due] = [d for label, d, _s in _deadlines(db, ref, D(2025, 10, 7)) if label.startswith("Res")]
    assert due == D(2025, 11, 17)
    assert review_cycle.qa_rounds(db, _id(db, ref))[0].resubmit_by == D(2025, 11, 17)


def test_the_submission_letter_states_what_was_sent_to_whom_and_when(db: Database) -> None:
    ref = dhr_signed_off(db)
    case_id = _id(db, ref)
    review_cycle.record_submission(db, case_id, "2025-08-04", executive_summary=False)
    text = built(db, "submission_letter", ref)
    assert "On 4 August 2025 we sent the Panel the overview report and the action plan." in text
    assert "Commissioner" not in text  # nothing went to the Commissioner, and s19 is not in force

    settings.set_many(db, {"vpa_s19_in_force": True})
    text = built(db, "submission_letter", ref)
    assert "[Author to write: Section 9 of the 2004 Act, as amended by section 19" in text

    review_cycle.record_submission(db, case_id, "2025-08-06", "commissioner", action_plan=False)
    text = built(db, "submission_letter", ref)
    assert (
        "On 6 August 2025 we sent the Domestic Abuse Commissioner the overview report and the "
        "executive summary, as section 9 of the Domestic Violence, Crime and Victims Act 2004 "
        "requires since its amendment by section 19 of the Victims and Prisoners Act 2024."
    ) in text

    qa_letter(db, ref, "2025-10-06", "resubmit")
    review_cycle.record_submission(db, case_id, "2025-11-17")
    text = built(db, "submission_letter", ref)
    assert "Resubmission of Domestic Abuse Related Death Review" in text
    assert "In answer to the Panel's letter of 6 October 2025" in text
    assert "On 17 November 2025 we sent the Panel the overview report, the executive summary" in (
        text
    )
    assert "we sent the Domestic Abuse Commissioner" not in text  # not in this round


def _approved(db: Database) -> str:
    ref = dhr_signed_off(db)
    review_cycle.record_submission(db, _id(db, ref), "2025-08-04")
    qa_letter(db, ref, "2025-10-06", "may_publish")
    return ref


def test_publishing_before_the_family_is_told_is_refused_then_dated_and_kept_up_by_the_rule(
    db: Database,
) -> None:
    ref = _approved(db)
    case_id = _id(db, ref)
    with pytest.raises(ValidationError, match="'Family told the publication date' has not been"):
        review_cycle.record_publication(db, case_id, "overview_report", "2025-11-03")
    assert count(db, Publication) == 0
    with db.session() as s:
        record_step(s, case_in(s, ref), "family_told_publication", D(2025, 10, 20))
    review_cycle.record_publication(
        db, case_id, "overview_report", "2025-11-03", "https://csp.example/dhr-1"
    )
    review_cycle.record_publication(
        db, case_id, "executive_summary", "2025-11-03", take_down="2026-05-01"
    )
    assert _states(db, ref)["published"] == ("done", D(2025, 11, 3))
    views = {v.document: v for v in review_cycle.publications(db, case_id)}
    assert views["overview_report"].take_down_on == D(2026, 11, 3)  # 12 months, the default
    assert views["executive_summary"].take_down_on == D(2026, 5, 1)  # its own date
    policy.change_rule(db, "dhr_take_down", amount=24)  # the local retention policy
    views = {v.document: v for v in review_cycle.publications(db, case_id)}
    assert views["overview_report"].take_down_on == D(2027, 11, 3)
    assert (
        "Take down the overview report (published 3 November 2025)",
        D(2027, 11, 3),
        "later",
    ) in (_deadlines(db, ref, D(2025, 11, 4)))


def test_a_reminder_before_the_take_down_date_shows_on_the_dashboard_even_once_closed(
    db: Database,
) -> None:
    ref = _approved(db)
    case_id = _id(db, ref)
    with db.session() as s:
        record_step(s, case_in(s, ref), "family_told_publication", D(2025, 10, 20))
    review_cycle.record_publication(db, case_id, "overview_report", "2025-11-03")
    with db.session() as s:
        case_in(s, ref).closed_on = D(2026, 3, 1)
    board = dashboard.build(db, D(2026, 10, 1))
    assert not [i for i in board.deadlines if i.what.startswith("Take down")]
    board = dashboard.build(db, D(2026, 10, 21))  # 13 days before: within the warning period
    [item] = [i for i in board.deadlines if i.what.startswith("Take down")]
    assert (item.reference, item.due_on, item.state) == (ref, D(2026, 11, 3), "due_soon")
    assert (item.area, item.record_kind) == ("submissions", "publication")
    with db.session() as s:
        # A closed case keeps only this clock.
        assert [d.code for d in open_deadlines(s, D(2026, 11, 4))] == ["dhr_take_down"]
    review_cycle.record_take_down(db, case_id, "overview_report", "2026-11-02")
    with db.session() as s:
        assert open_deadlines(s, D(2026, 11, 4)) == []
    with pytest.raises(ValidationError, match="is not recorded as published and still up"):
        review_cycle.record_take_down(db, case_id, "overview_report", "2026-11-02")


def test_a_take_down_before_publication_is_refused(db: Database) -> None:
    ref = _approved(db)
    with db.session() as s:
        record_step(s, case_in(s, ref), "family_told_publication", D(2025, 10, 20))
    with pytest.raises(ValidationError, match="1 October 2025 is before it was published"):
        review_cycle.record_publication(
            db, _id(db, ref), "overview_report", "2025-11-03", take_down="2025-10-01"
        )


def test_early_learning_is_shown_in_the_action_plan_and_the_overview_report(db: Database) -> None:
    ref = dhr_signed_off(db)
    with db.session() as s:
        case = case_in(s, ref)
        agency = records.agency_named(s, "Northshire Police")
        records.add_in(
            s,
            _early(),
            case.id,
            {
                "number": 1,
                "learning": "Strangulation was graded standard risk.",
                "action": "DASH guidance changed.",
                "lead_agency_id": agency.id,
                "agreed_on": "2025-04-14",
                "agreed_at": "Panel meeting 2",
                "completed_on": "2025-05-30",
                "outcome": "Guidance issued.",
            },
        )
    plan = built(db, "action_plan", ref)
    assert "# Early learning: actions taken during the review" in plan
    assert (
        "1 | Strangulation was graded standard risk. | DASH guidance changed. (agreed 14/04/2025, "
        "Panel meeting 2) | Northshire Police |  | 30/05/2025: Guidance issued."
    ) in plan
    overview = built(db, "overview_report", ref)
    assert "# Learning acted on during the review" in overview
    assert (
        "1. Strangulation was graded standard risk. DASH guidance changed. (Northshire Police)"
        in (overview)
    )
    assert overview.index("# Learning acted on") < overview.index("# 19 Recommendations")
    assert overview.count("| DASH guidance changed. (agreed 14/04/2025") == 1  # Appendix A


def _early() -> type:
    from dhr_desk.domain import EarlyLearning

    return EarlyLearning


def test_a_community_trigger_has_no_submissions(db: Database) -> None:
    from clocks_support import open_trigger

    ref = open_trigger(db, "2025-07-01")
    with pytest.raises(ValidationError, match="only a DHR is submitted"):
        review_cycle.record_submission(db, _id(db, ref), "2025-08-01")
    with db.session() as s:
        assert s.get(Case, _id(db, ref)) is not None
        assert steps(s, case_in(s, ref))  # unchanged
