"""The ASB Case Review threshold test: qualifying complaints (s104(11)), the statutory rule —
N complaints about the behaviour, by anyone (s104(4)) — first and unswitchable, the local routes
that can only add a way to "met" (s104(5)), counting once per incident, and the reasons that go
into the decision letter."""

from __future__ import annotations

from typing import Any

import pytest
from clocks_support import D, case_in, count, open_trigger

from dhr_desk import records
from dhr_desk.domain import (
    Complaint,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Person,
    Setting,
)
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.services import progress
from dhr_desk.storage.database import Database
from dhr_desk.workflow import (
    ThresholdResult,
    case_deadlines,
    record_threshold_decision,
    split_detail,
    steps,
    threshold_test,
)

STATUTORY_MET = "The threshold for an ASB case review is therefore met, under the statutory rule "
NOT_MET = (
    "The threshold for an ASB case review is therefore not met: neither the statutory rule nor "
    "any local route is met."
)


def complain(db: Database, ref: str, incident: str, reported: str, **extra: Any) -> None:
    with db.session() as s:
        records.add_in(
            s,
            Complaint,
            case_in(s, ref).id,
            {"incident_on": incident, "reported_on": reported, "reported_to": "Police", **extra},
        )


def neighbour(db: Database, ref: str, name: str) -> int:
    with db.session() as s:
        return records.add_in(
            s, Person, case_in(s, ref).id, {"real_name": name, "role": "neighbour"}
        ).id


def run(db: Database, ref: str, **kw: Any) -> ThresholdResult:
    with db.session() as s:
        return threshold_test(s, case_in(s, ref), **kw)


def statutory_sentence(result: ThresholdResult) -> str:
    [sentence] = [r for r in result.reasons if r.startswith("The statutory threshold")]
    return sentence


def test_three_qualifying_complaints_by_the_applicant_meet_the_statutory_rule(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-03-01", "2025-03-05", reported_to="Police")
    complain(db, ref, "2025-04-10", "2025-04-10", reported_to="Council ASB team")
    complain(db, ref, "2025-05-20", "2025-05-25", reported_to="Example Homes")
    result = run(db, ref)
    assert result.met and result.basis == "statutory"
    assert [line.counted for line in result.complaints] == [True, True, True]
    assert result.reasons == [
        "The application was received on 1 July 2025. 3 complaints were considered, of which 3 "
        "are qualifying complaints about the behaviour the application relates to, counted "
        "towards the threshold.",
        "Reports of one incident to several agencies were counted once, as the local procedure "
        "provides.",
        "The statutory threshold of 3 qualifying complaints about the anti-social behaviour the "
        "application relates to, made by anyone (section 104(4) of the Anti-social Behaviour, "
        "Crime and Policing Act 2014), is met: there are 3 qualifying complaints (complaints 1, "
        "2 and 3).",
        "The threshold for an ASB case review is therefore met, under the statutory rule "
        "(section 104(4) of the Act).",
    ]
    assert result.complaints[1].why == (
        "Incident of 10 April 2025 reported to Council ASB team on 10 April 2025: a qualifying "
        "complaint (made within the month beginning with the incident, and the application "
        "within six months of it), made by the applicant."
    )


def test_two_by_the_applicant_and_one_by_a_neighbour_about_the_same_behaviour_is_met(
    db: Database,
) -> None:
    """The case the Act is written for: complaints by anyone about the behaviour count."""
    ref = open_trigger(db, "2025-07-01")
    other = neighbour(db, ref, "Nina Neighbour")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-08", "2025-06-09", reported_to="Council", complainant_id=other)
    complain(db, ref, "2025-06-15", "2025-06-15")
    result = run(db, ref)
    assert result.met and [r.code for r in result.met_by] == ["statutory"]
    assert statutory_sentence(result).endswith(
        "is met: there are 3 qualifying complaints (complaints 1, 2 and 3)."
    )
    assert result.complaints[1].why.endswith(", made by another person.")
    assert "Nina" not in result.text  # another complainant is never named
    assert result.reasons[-1].startswith(STATUTORY_MET)


def test_three_complaints_by_three_other_people_and_none_by_the_applicant_is_met(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    for n in range(3):
        person = neighbour(db, ref, f"Neighbour {n}")
        complain(db, ref, f"2025-06-0{n + 1}", f"2025-06-0{n + 1}", complainant_id=person)
    result = run(db, ref)
    assert result.met and result.basis == "statutory"
    assert all(not line.by_applicant for line in result.complaints)


def test_a_complaint_about_other_behaviour_is_kept_but_never_counted(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-05", "2025-06-05")
    complain(db, ref, "2025-06-09", "2025-06-09", relates_to_application=False, matter="parking")
    result = run(db, ref)
    assert not result.met
    assert [line.counted for line in result.complaints] == [True, True, False]
    assert result.complaints[2].why == (
        "Incident of 9 June 2025 reported to Police on 9 June 2025: a qualifying complaint, but "
        "about other behaviour than the application relates to, so not counted."
    )
    assert result.reasons[-2] == NOT_MET


def test_a_complaint_made_after_the_month_beginning_with_the_incident_does_not_qualify(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-03-10", "2025-04-09")  # last day of the month beginning 10 March
    complain(db, ref, "2025-03-10", "2025-04-10", incident_ref="late")  # one day too late
    complain(db, ref, "2025-05-01", "2025-05-02")
    result = run(db, ref)
    assert [line.qualifying for line in result.complaints] == [True, False, True]
    assert not result.met
    assert result.complaints[1].why == (
        "Incident of 10 March 2025 reported to Police on 10 April 2025: not a qualifying "
        "complaint, because it was made after the month beginning with the incident (which "
        "ended on 9 April 2025)."
    )
    assert statutory_sentence(result).endswith(
        "is not met: there are 2 qualifying complaints (complaints 1 and 3)."
    )


def test_an_application_more_than_six_months_after_a_complaint_leaves_it_out(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-01-01", "2025-01-01")  # six months beginning 1 Jan end 30 June
    complain(db, ref, "2025-01-02", "2025-01-02")  # ... beginning 2 Jan end 1 July: qualifies
    result = run(db, ref)
    assert [line.qualifying for line in result.complaints] == [False, True]
    assert "which ended on 30 June 2025" in result.complaints[0].why


def test_one_incident_reported_to_several_agencies_counts_once_unless_the_procedure_says_not(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01", reported_to="Police", incident_ref="INC-7")
    complain(db, ref, "2025-06-01", "2025-06-02", reported_to="Council", incident_ref="INC-7")
    complain(db, ref, "2025-06-10", "2025-06-10", reported_to="Police")
    complain(db, ref, "2025-06-10", "2025-06-10", reported_to="Example Homes")  # same day/person
    result = run(db, ref)
    assert [line.counted for line in result.complaints] == [True, False, True, False]
    assert "the same incident as complaint 1, so it counts once" in result.complaints[1].why
    assert "the same incident as complaint 3" in result.complaints[3].why
    assert not result.met and result.counted_once
    assert statutory_sentence(result).endswith("(complaints 1 and 3).")

    settings.set_many(db, {"ct_count_incident_once": False})
    result = run(db, ref)
    assert result.met and not result.counted_once
    assert [line.counted for line in result.complaints] == [True, True, True, True]
    assert result.reasons[1] == (
        "Each report was counted on its own, including reports of one incident to several "
        "agencies, as the local procedure provides."
    )


def test_the_local_route_for_the_applicant_adds_a_way_to_met_below_the_statutory_number(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    other = neighbour(db, ref, "Nina Neighbour")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-05", "2025-06-05")
    complain(
        db, ref, "2025-06-06", "2025-06-06", relates_to_application=False, complainant_id=other
    )
    assert not run(db, ref).met  # route off by default
    settings.set_many(db, {"ct_threshold_applicant": 2})
    result = run(db, ref)
    assert result.met and result.basis == "applicant"
    assert (
        "The local route of 2 qualifying complaints by the applicant is met: there are 2 "
        "qualifying complaints (complaints 1 and 2)." in result.reasons
    )
    assert result.reasons[-1] == (
        "The threshold for an ASB case review is therefore met, under the local route for "
        "qualifying complaints by the applicant."
    )
    assert statutory_sentence(result).endswith(
        "is not met: there are 2 qualifying complaints (complaints 1 and 2)."
    )


def test_the_local_route_for_several_people_about_the_same_matter(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    people = [neighbour(db, ref, f"Neighbour {n}") for n in range(2)]
    complain(db, ref, "2025-06-01", "2025-06-01", complainant_id=people[0], matter="noise")
    complain(db, ref, "2025-06-02", "2025-06-02", complainant_id=people[1], matter="")
    result = run(db, ref)
    assert not result.met
    assert (
        "The local route of 5 qualifying complaints from 5 different people about the same "
        "matter is not met: the most about one matter is 1 person." in result.reasons
    )
    settings.set_many(db, {"ct_threshold_people": 2})
    result = run(db, ref)
    assert not result.met  # "noise" and the application's matter are different matters
    with db.session() as s:
        case_in(s, ref).complaints[0].matter = ""
    result = run(db, ref)  # an empty matter is the application's matter
    assert result.met and result.basis == "people"
    assert any("2 different people made qualifying complaints" in r for r in result.reasons)


def test_a_local_route_not_met_is_not_mentioned_once_the_threshold_is_met(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    for day in ("01", "02", "03"):
        complain(db, ref, f"2025-06-{day}", f"2025-06-{day}")
    result = run(db, ref)
    assert result.met
    assert not any(r.startswith("The local route") for r in result.reasons)
    assert {r.code: r.met for r in result.rules} == {
        "statutory": True,
        "people": False,
        "hate": False,
    }


def test_a_single_hate_incident_meets_the_threshold_when_the_local_route_is_on(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-03", is_hate_incident=True)
    result = run(db, ref)
    assert result.met and result.basis == "hate"
    assert (
        "Under the local procedure a qualifying complaint about a hate incident or crime meets "
        "the threshold on its own: complaint 1." in result.reasons
    )
    settings.set_many(db, {"ct_threshold_hate": False})
    result = run(db, ref)
    assert not result.met
    assert not any("hate" in r for r in result.reasons)


def test_a_hate_incident_that_does_not_qualify_does_not_meet_it(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-04-01", "2025-05-15", is_hate_incident=True)
    result = run(db, ref)
    assert not result.met
    assert "No qualifying complaint counted was about a hate incident or crime." in result.reasons
    assert result.complaints[0].why.endswith("; recorded as a hate incident.")


def test_the_local_number_may_be_lower_than_three_but_never_higher_nor_off(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-05", "2025-06-05")
    assert not run(db, ref).met
    settings.set_many(db, {"ct_threshold_complaints": 2})
    result = run(db, ref)
    assert result.met and statutory_sentence(result).startswith(
        "The statutory threshold of 2 qualifying complaints"
    )
    for refused in (4, 0):
        with pytest.raises(ValidationError, match="must be from 1 to 3: the Act sets at most 3"):
            settings.set_many(db, {"ct_threshold_complaints": refused})
    for stored, said in (
        (5, "The local number of 5 complaints is above the statutory maximum of 3, so 3 was used."),
        (0, "The local number of 0 cannot switch the statutory rule off, so 3 was used."),
    ):
        with db.session() as s:  # a value saved before the limits existed
            s.merge(Setting(key="ct_threshold_complaints", value=stored))
        result = run(db, ref)
        assert said in result.reasons and not result.met


def test_complaints_after_the_application_or_the_as_of_day_are_left_out(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-07-02", "2025-07-03")
    result = run(db, ref)
    assert "made after the application of 1 July 2025, so not relied on" in (
        result.complaints[1].why
    )
    assert len(run(db, ref, as_of=D(2025, 7, 1)).complaints) == 1


def test_not_met_names_the_discretion_left_and_the_vulnerable_victim(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01", victim_vulnerable=True)
    result = run(db, ref)
    assert not result.met
    assert result.verdict_sentences[0] == NOT_MET
    assert "section 104(5)" in result.verdict_sentences[1]
    assert "may use its discretion" in result.reasons[-1]
    settings.set_many(db, {"ct_threshold_discretion": False})
    assert not any("104(5)" in r for r in run(db, ref).reasons)


def test_an_incident_dated_after_its_report_is_refused(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    with pytest.raises(ValidationError) as err:
        complain(db, ref, "2025-06-10", "2025-06-01")
    assert "10 June 2025 is after the incident was reported on 1 June 2025" in str(err.value)
    assert count(db, Complaint) == 0


def test_recording_the_decision_keeps_the_reasons_and_the_rule_met_for_the_letter(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-01-01", "2025-03-01")  # made too long after the incident
    with db.session() as s:
        decision = record_threshold_decision(s, case_in(s, ref), "2025-07-10", "Chair of the CSP")
        assert decision.outcome == DecisionOutcome.NOT_MET and decision.basis == ""
    with db.session() as s:
        case = case_in(s, ref)
        [stored] = [d for d in case.decisions if d.kind == DecisionKind.THRESHOLD]
        assert stored.decided_on == D(2025, 7, 10) and stored.decided_by == "Chair of the CSP"
        parts = split_detail(stored.detail)
        assert parts.reasons[0].startswith("The application was received on 1 July 2025.")
        assert parts.counted == [
            "2. Incident of 1 June 2025 reported to Police on 1 June 2025: a qualifying "
            "complaint (made within the month beginning with the incident, and the application "
            "within six months of it), made by the applicant."
        ]
        assert parts.not_counted == [
            "1. Incident of 1 January 2025 reported to Police on 1 March 2025: not a qualifying "
            "complaint, because it was made after the month beginning with the incident (which "
            "ended on 31 January 2025)."
        ]
        assert stored.rationale.startswith(NOT_MET)
        assert case.stage == "threshold_decision"
        states = {st.code: st.state for st in steps(s, case)}
        assert states["threshold_decision"] == "done"
        assert states["case_review_meeting"] == "blocked"
        codes = {d.code for d in case_deadlines(s, case, D(2025, 7, 11))}
        assert "ct_appeal_threshold" in codes and "ct_review_meeting" not in codes
    with pytest.raises(ValidationError, match="already recorded"), db.session() as s:
        record_threshold_decision(s, case_in(s, ref), "2025-07-11", "Chair")
    with pytest.raises(ValidationError, match="decided_by: is required"), db.session() as s:
        record_threshold_decision(s, case_in(s, ref), "2025-07-11", " ")
    assert count(db, Decision) == 1


def test_a_decision_recorded_before_the_statutory_rule_still_splits_for_the_letter() -> None:
    parts = split_detail(
        "The application was received on 1 July 2025.\n\nThe complaints considered:\n"
        "1. Incident of 1 June 2025 reported to Police on 1 June 2025: a qualifying complaint."
    )
    assert parts.reasons == ["The application was received on 1 July 2025."]
    assert parts.considered == [
        "1. Incident of 1 June 2025 reported to Police on 1 June 2025: a qualifying complaint."
    ]
    assert parts.counted == [] and parts.not_counted == []


def test_the_partnership_may_decide_it_is_met_by_discretion_with_grounds_and_reasons(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01", victim_vulnerable=True)
    complain(db, ref, "2025-06-01", "2025-06-01")
    with db.session() as s:
        case_id = case_in(s, ref).id
    for grounds, reasons, message in (
        ("harm", "", "reasons: are required"),
        ((), "Serious harm", "grounds: give at least one of"),
        ("cruelty", "x", "'cruelty' is not a ground for discretion"),
    ):
        with pytest.raises(ValidationError, match=message):
            progress.decide_threshold(db, case_id, "2025-07-10", "Chair", "", grounds, reasons)
    assert count(db, Decision) == 0
    decision, result = progress.decide_threshold(
        db,
        case_id,
        "2025-07-10",
        "Chair of the CSP",
        grounds="harm, vulnerability",
        discretion_reasons="The victim's mental health is deteriorating.",
    )
    assert decision.outcome == DecisionOutcome.MET and decision.basis == "discretion"
    said = (
        "Although neither the statutory rule nor any local route is met, the partnership decided "
        "that the threshold is met under its local procedure (section 104(5)), having regard to "
        "the harm caused, or the potential for harm to be caused, by the behaviour; and the "
        "victim's vulnerability. The victim's mental health is deteriorating."
    )
    assert result.reasons[-2:] == [
        said,
        "The threshold for an ASB case review is therefore met, under the partnership's "
        "discretion under its local procedure (section 104(5)).",
    ]
    assert NOT_MET not in result.reasons
    assert said in decision.detail and decision.rationale == result.reasons[-1]


def test_no_one_can_use_discretion_when_the_threshold_is_met_or_the_procedure_forbids_it(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    with db.session() as s:
        case_id = case_in(s, ref).id
    settings.set_many(db, {"ct_threshold_discretion": False})
    with pytest.raises(ValidationError, match="does not allow"):
        progress.decide_threshold(db, case_id, "2025-07-10", "Chair", "", "harm", "Harm")
    for day in ("01", "02", "03"):
        complain(db, ref, f"2025-06-{day}", f"2025-06-{day}")
    with pytest.raises(ValidationError, match="already met under the statutory rule"):
        progress.decide_threshold(db, case_id, "2025-07-10", "Chair", "", "harm", "Harm")
    assert count(db, Decision) == 0


def test_a_dhr_has_no_threshold_test(db: Database) -> None:
    from clocks_support import open_dhr

    ref = open_dhr(db, "2025-01-31")
    with pytest.raises(ValidationError, match="has no threshold test"):
        run(db, ref)


def test_a_decision_reconsidered_after_a_review_request_is_kept_beside_the_first(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-05", "2025-06-05")
    with db.session() as s:
        record_threshold_decision(s, case_in(s, ref), "2025-07-10", "CSP chair")
    settings.set_many(db, {"ct_threshold_complaints": 2})  # local procedure lowered on review
    with db.session() as s:
        second = record_threshold_decision(
            s, case_in(s, ref), "2025-08-01", "Independent chair", "Reconsidered on appeal"
        )
        assert (second.number, second.outcome) == (2, DecisionOutcome.MET)
    with db.session() as s:
        case = case_in(s, ref)
        outcomes = [(d.number, d.outcome) for d in case.decisions]
        assert outcomes == [(1, DecisionOutcome.NOT_MET), (2, DecisionOutcome.MET)]
        items = {d.code: d for d in case_deadlines(s, case, D(2025, 8, 4))}
        assert items["ct_review_meeting"].start_on == D(2025, 8, 1)
        assert "ct_appeal_threshold" not in items
