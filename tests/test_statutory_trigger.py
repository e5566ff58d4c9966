"""The July 2025 ASB Case Review guidance: the victim's steps (invited, consulted on the action
plan, told when and why the case closes) with their letters; one time limit to ask for a review,
used by the clocks and the letters alike; every escalation route named; accessible channels;
the label; and the threshold letter naming the rule met."""

from __future__ import annotations

import pytest
from clocks_support import case_in, open_trigger
from statutory_support import D, built, complain, trigger_decided

from dhr_desk import records
from dhr_desk.domain import Appeal, Person, TriggerApplication
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.services import cases, policy, progress, workspace
from dhr_desk.storage.database import Database
from dhr_desk.workflow import case_deadlines, record_step


def _states(db: Database, ref: str) -> dict[str, tuple[str, str]]:
    return {s.code: (s.state, s.why) for s in progress.steps(db, cases.id_of(db, ref))}


def _window(db: Database, ref: str, code: str, day: object) -> object:
    with db.session() as s:
        items = {d.code: d for d in case_deadlines(s, case_in(s, ref), day)}  # type: ignore[arg-type]
    return items[code].due_on


def test_the_victims_steps_follow_the_guidance_in_order(db: Database) -> None:
    ref = trigger_decided(db, "met")
    states = _states(db, ref)
    assert states["victim_invited"] == ("next", "")
    assert states["victim_consulted"][0] == "blocked"
    assert states["closure_explained"] == (
        "blocked",
        "the outcome letter with the action plan has not been sent",
    )
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "victim_invited", D(2025, 5, 19), note="Impact statement by phone")
        record_step(s, case, "case_review_meeting", D(2025, 6, 5))
    with pytest.raises(ValidationError) as err, db.session() as s:
        record_step(s, case_in(s, ref), "outcome_letter", D(2025, 6, 10))
    assert (
        "'Victim consulted on the action plan before it is final' has not been recorded yet"
        in str(err.value)
    )
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "victim_consulted", D(2025, 6, 9))
        record_step(s, case, "outcome_letter", D(2025, 6, 10))
        record_step(s, case, "closure_explained", D(2025, 9, 1))
    states = _states(db, ref)
    assert [states[c][0] for c in ("victim_invited", "victim_consulted", "closure_explained")] == [
        "done",
        "done",
        "done",
    ]


def test_when_the_threshold_is_not_met_the_victim_is_told_the_case_closes_without_a_meeting(
    db: Database,
) -> None:
    ref = trigger_decided(db, "not_met")
    states = _states(db, ref)
    assert states["victim_invited"] == ("blocked", "the threshold for a case review was not met")
    assert states["closure_explained"] == ("next", "")


def test_one_time_limit_to_ask_for_a_review_is_used_by_the_clock_and_the_letters(
    db: Database,
) -> None:
    ref = trigger_decided(db, "not_met")
    due = _window(db, ref, "ct_appeal_threshold", D(2025, 5, 19))
    # 20 working days from Friday 16 May 2025, past the spring bank holiday of 26 May.
    assert due == D(2025, 6, 16)
    letter = built(db, "ct_threshold_not_met", ref)
    assert (
        "Please write to me within 20 working days of the decision, that is by 16 June 2025,"
        in letter
    )
    assert "21 days" not in letter
    policy.change_rule(db, "ct_review_request", amount=1, unit="months")
    assert _window(db, ref, "ct_appeal_threshold", D(2025, 5, 19)) == D(2025, 6, 16)
    policy.change_rule(db, "ct_review_request", amount=15, unit="working_days")
    assert _window(db, ref, "ct_appeal_threshold", D(2025, 5, 19)) == D(2025, 6, 9)
    assert "within 15 working days of the decision, that is by 9 June 2025," in built(
        db, "ct_threshold_not_met", ref
    )
    policy.change_rule(db, "ct_review_request", active="no")
    letter = built(db, "ct_threshold_not_met", ref)
    assert "Please write to me, saying why you think the decision is wrong." in letter


def test_the_outcome_letter_gives_the_same_window_from_the_day_it_is_sent(db: Database) -> None:
    ref = trigger_decided(db, "met")
    with db.session() as s:
        case = case_in(s, ref)
        record_step(s, case, "case_review_meeting", D(2025, 6, 5))
        record_step(s, case, "victim_consulted", D(2025, 6, 9))
        record_step(s, case, "outcome_letter", D(2025, 6, 10))
    assert _window(db, ref, "ct_appeal_outcome", D(2025, 6, 11)) == D(2025, 7, 8)
    letter = built(db, "ct_outcome_letter", ref)
    assert "within 20 working days of this letter, that is by 8 July 2025." in letter
    assert (
        "The action plan takes account of the views you gave us on the draft on 9 June 2025"
        in letter
    )


def test_the_acknowledgement_of_a_request_gives_the_clocks_date_for_the_decision(
    db: Database,
) -> None:
    ref = trigger_decided(db, "not_met")
    with db.session() as s:
        records.add_in(s, Appeal, case_in(s, ref).id, {"requested_on": "2025-06-02"})
    [decide] = [
        d
        for d in progress.deadlines(db, cases.id_of(db, ref), D(2025, 6, 3))
        if d.code == "ct_appeal_decide"
    ]
    assert (decide.label, decide.due_on) == (
        "Decide the request for a review of 2 June 2025",
        D(2025, 6, 30),
    )
    letter = built(db, "ct_appeal_ack", ref)
    assert "We aim to write to you with the outcome by 30 June 2025." in letter
    assert (
        "Your request will be considered by a senior officer of the partnership who was not "
        "involved in the decision." in letter
    )


def _decided_appeal(db: Database, ref: str, route: str, outcome: str = "not_upheld") -> None:
    with db.session() as s:
        records.add_in(
            s,
            Appeal,
            case_in(s, ref).id,
            {
                "requested_on": "2025-06-02",
                "route": route,
                "decided_on": "2025-06-20",
                "outcome": outcome,
                "reasons": "The complaints were counted correctly.",
            },
        )


def test_the_appeal_decision_names_every_route_open_with_the_pcc_where_named(
    db: Database,
) -> None:
    ref = trigger_decided(db, "not_met")
    _decided_appeal(db, ref, "Independent chair from Westshire CSP")
    letter = built(db, "ct_appeal_decision", ref)
    assert "This decision completes the local procedure. If you remain unhappy, these routes" in (
        letter
    )
    assert "Local Government and Social Care Ombudsman" in letter
    assert "Housing Ombudsman" in letter and "Independent Office for Police Conduct" in letter
    assert "Police and Crime Commissioner" not in letter  # the local procedure names none

    settings.set_many(db, {"ct_pcc_name": "the Police and Crime Commissioner for Northshire"})
    letter = built(db, "ct_appeal_decision", ref)
    assert (
        "You can ask the Police and Crime Commissioner for Northshire to review how your case was "
        "handled: the local procedure names the Commissioner's office as the next step."
    ) in letter
    assert letter.index("Police and Crime Commissioner") < letter.index("Ombudsman")


def test_a_request_the_pcc_already_decided_does_not_send_the_applicant_back_to_the_pcc(
    db: Database,
) -> None:
    ref = trigger_decided(db, "not_met")
    settings.set_many(db, {"ct_pcc_name": "the Police and Crime Commissioner for Northshire"})
    _decided_appeal(db, ref, "Office of the Police and Crime Commissioner for Northshire")
    with db.session() as s:
        agency = records.agency_named(s, "Northshire Police", sector="Police")
        records.involve_agency(s, case_in(s, ref).id, agency)
    letter = built(db, "ct_appeal_decision", ref)
    assert "You can ask the Police and Crime Commissioner" not in letter
    assert "Local Government and Social Care Ombudsman" in letter
    assert "Independent Office for Police Conduct" in letter
    assert "Housing Ombudsman" not in letter  # no housing provider in this case


def test_the_closure_letter_says_when_and_why_the_case_closes(db: Database) -> None:
    ref = trigger_decided(db, "not_met")
    with db.session() as s:
        case = case_in(s, ref)
        case.closed_on = D(2025, 6, 20)
        case.closure_reason = "No request for a review was made and mediation helped."
        assert case.application is not None
        case.application.single_point_of_contact = "Leanne Shaw, ASB Officer"
    letter = built(db, "ct_closure", ref)
    assert "I am Leanne Shaw, ASB Officer, your single point of contact" in letter
    assert "your case closes on 20 June 2025." in letter
    assert "Why the case is closing: No request for a review was made and mediation helped." in (
        letter
    )


def test_the_victim_is_asked_about_the_draft_action_plan_with_the_outcome_clocks_date(
    db: Database,
) -> None:
    ref = trigger_decided(db, "met")
    with db.session() as s:
        record_step(s, case_in(s, ref), "case_review_meeting", D(2025, 6, 5))
    letter = built(db, "ct_action_plan_consultation", ref)
    assert "The agencies met on 5 June 2025" in letter
    assert "Before the action plan is final, we would like to know what you think of it." in letter
    # The outcome letter is due 5 working days after the meeting: the same date.
    assert _window(db, ref, "ct_outcome_letter", D(2025, 6, 6)) == D(2025, 6, 12)
    assert "We will send you the final action plan by 12 June 2025" in letter
    assert "# The draft action plan" in letter  # in the letter's own words, not a DHR table


def test_accessible_channels_and_adjustments_are_recorded_and_answered(db: Database) -> None:
    ref = open_trigger(
        db,
        "2025-05-01",
        channel="bsl",
        reasonable_adjustments="A British Sign Language interpreter at every meeting.",
    )
    [app] = workspace.children(db, TriggerApplication, cases.id_of(db, ref))
    assert app.channel.label == "British Sign Language (video relay or interpreter)"
    letter = built(db, "ct_acknowledgement", ref)
    assert "which we received in British Sign Language on 1 May 2025" in letter
    assert (
        "You asked us to make these adjustments, and we will: A British Sign Language "
        "interpreter at every meeting." in letter
    )
    other = open_trigger(db, "2025-05-02")
    assert "If you need us to do anything differently so that you can take part" in built(
        db, "ct_acknowledgement", other
    )


def test_the_agency_request_prompts_agencies_and_asks_for_every_report_by_anyone(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-05-01")
    with db.session() as s:
        agency = records.agency_named(s, "Northshire Police")
        records.involve_agency(s, case_in(s, ref).id, agency)
    letter = built(db, "ct_information_request", ref, today=D(2025, 5, 2))
    assert "received an application for an ASB Case Review (Community Trigger)" in letter
    assert "whoever made it" in letter
    assert "for the second time within six months, please tell them about the ASB Case Review" in (
        letter
    )
    # The agency-information clock: 5 working days from the request, 2 May → 12 May 2025.
    assert "please send me by 12 May 2025 every report" in letter


def test_the_default_label_is_the_july_2025_name_everywhere_documents_name_the_review(
    db: Database,
) -> None:
    assert policy.setting(db, "ct_label") == "ASB Case Review (Community Trigger)"
    ref = open_trigger(db, "2025-05-01")
    letter = built(db, "ct_acknowledgement", ref)
    assert "for an ASB Case Review (Community Trigger), which we received by email" in letter
    assert "ASB Case Review (Community Trigger) application — " in letter
    settings.set_many(db, {"ct_label": "Community Trigger"})
    assert "for a Community Trigger, which we received" in built(db, "ct_acknowledgement", ref)


def test_the_threshold_letter_names_the_rule_met_and_the_complaints_counted_and_not(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    with db.session() as s:
        neighbour = records.add_in(
            s, Person, case_in(s, ref).id, {"real_name": "Nina Neighbour", "role": "neighbour"}
        ).id
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-08", "2025-06-09", complainant_id=neighbour)
    complain(db, ref, "2025-06-15", "2025-06-15")
    complain(db, ref, "2025-03-01", "2025-05-01")  # reported too late to qualify
    progress.decide_threshold(db, cases.id_of(db, ref), "2025-07-10", "Chair of the CSP")
    letter = built(db, "ct_threshold_met", ref)
    assert (
        "the threshold for a case review has been met (decided on 10 July 2025), under the "
        "statutory rule (section 104(4) of the Act)." in letter
    )
    counted = letter[letter.index("The complaints we counted were:") :]
    assert "made by another person." in counted
    not_counted = letter[letter.index("The complaints we did not count, and why:") :]
    assert not_counted.splitlines()[1] == (
        "1. Incident of 1 March 2025 reported to Police on 1 May 2025: not a qualifying "
        "complaint, because it was made after the month beginning with the incident (which "
        "ended on 31 March 2025)."
    )
    assert "Nina" not in letter and "Neighbour" not in letter
