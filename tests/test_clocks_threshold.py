"""The Community Trigger threshold test: qualifying complaints, counting, each local rule, and
the reasons that go into the decision letter."""

from __future__ import annotations

from typing import Any

import pytest
from clocks_support import D, case_in, count, open_trigger

from dhr_desk import records
from dhr_desk.domain import Complaint, Decision, DecisionKind, DecisionOutcome, Person
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.storage.database import Database
from dhr_desk.workflow import (
    ThresholdResult,
    case_deadlines,
    record_threshold_decision,
    steps,
    threshold_test,
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


def test_three_qualifying_complaints_by_the_applicant_meet_the_threshold(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-03-01", "2025-03-05", reported_to="Police")
    complain(db, ref, "2025-04-10", "2025-04-10", reported_to="Council ASB team")
    complain(db, ref, "2025-05-20", "2025-05-25", reported_to="Example Homes")
    result = run(db, ref)
    assert result.met
    assert [line.qualifying for line in result.complaints] == [True, True, True]
    assert (
        "The threshold of 3 qualifying complaints by the applicant is met: there are 3 "
        "qualifying complaints (complaints 1, 2 and 3)." in result.reasons
    )
    assert result.reasons[-1] == "The threshold for an ASB case review is therefore met."
    assert result.complaints[1].why == (
        "Incident of 10 April 2025 reported to Council ASB team on 10 April 2025: a qualifying "
        "complaint (made within the month beginning with the incident, and the application "
        "within six months of it)."
    )


def run(db: Database, ref: str, **kw: Any) -> ThresholdResult:
    with db.session() as s:
        return threshold_test(s, case_in(s, ref), **kw)


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
    assert (
        "The threshold of 3 qualifying complaints by the applicant is not met: there are 2 "
        "qualifying complaints (complaints 1 and 3)." in result.reasons
    )
    assert result.reasons[-1] == "The threshold for an ASB case review is therefore not met."


def test_an_application_more_than_six_months_after_a_complaint_leaves_it_out(
    db: Database,
) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-01-01", "2025-01-01")  # six months beginning 1 Jan end 30 June
    complain(db, ref, "2025-01-02", "2025-01-02")  # ... beginning 2 Jan end 1 July: qualifies
    result = run(db, ref)
    assert [line.qualifying for line in result.complaints] == [False, True]
    assert "which ended on 30 June 2025" in result.complaints[0].why


def test_one_incident_reported_to_several_agencies_counts_once(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01", reported_to="Police", incident_ref="INC-7")
    complain(db, ref, "2025-06-01", "2025-06-02", reported_to="Council", incident_ref="INC-7")
    complain(db, ref, "2025-06-10", "2025-06-10", reported_to="Police")
    complain(db, ref, "2025-06-10", "2025-06-10", reported_to="Example Homes")  # same day/person
    result = run(db, ref)
    assert [line.counted for line in result.complaints] == [True, False, True, False]
    assert all(line.qualifying for line in result.complaints)
    assert "the same incident as complaint 1, so it counts once" in result.complaints[1].why
    assert "the same incident as complaint 3" in result.complaints[3].why
    assert not result.met
    assert "there are 2 qualifying complaints (complaints 1 and 3)" in result.reasons[1]


def test_complaints_from_different_people_about_the_same_matter(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    people = [neighbour(db, ref, f"Neighbour {n}") for n in range(5)]
    for n, person in enumerate(people[:4]):
        complain(
            db,
            ref,
            f"2025-06-{n + 1:02d}",
            f"2025-06-{n + 1:02d}",
            complainant_id=person,
            matter="Noise from flat 3",
        )
    result = run(db, ref)
    assert not result.met
    assert (
        "The threshold of 5 qualifying complaints from 5 different people about the same matter "
        "is not met: the most about one matter is 4 people." in result.reasons
    )
    complain(db, ref, "2025-06-20", "2025-06-21", complainant_id=people[4], matter="")
    result = run(db, ref)  # an empty matter is the application's matter
    assert result.met
    assert any("5 different people made qualifying complaints" in r for r in result.reasons)
    # Complaints by others are not the applicant's own.
    assert "by the applicant is not met: there is no qualifying complaint." in result.reasons[1]


def test_a_single_hate_incident_meets_the_threshold_when_the_rule_is_on(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-03", is_hate_incident=True)
    result = run(db, ref)
    assert result.met
    assert (
        "A qualifying complaint about a hate incident or crime meets the threshold on its own: "
        "complaint 1." in result.reasons
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
    assert "No qualifying complaint was about a hate incident or crime." in result.reasons
    assert result.complaints[0].why.endswith("; recorded as a hate incident.")


def test_the_local_number_may_be_lower_than_three_but_never_higher(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-06-05", "2025-06-05")
    assert not run(db, ref).met
    settings.set_many(db, {"ct_threshold_complaints": 2})
    assert run(db, ref).met
    settings.set_many(db, {"ct_threshold_complaints": 5})
    result = run(db, ref)
    assert "above the statutory maximum of 3, so 3 was used" in result.reasons[1]
    assert not result.met


def test_complaints_after_the_application_or_the_as_of_day_are_left_out(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    complain(db, ref, "2025-07-02", "2025-07-03")
    result = run(db, ref)
    assert "made after the application of 1 July 2025, so not relied on" in (
        result.complaints[1].why
    )
    assert len(run(db, ref, as_of=D(2025, 7, 1)).complaints) == 1


def test_the_vulnerable_victim_discretion_is_named_when_not_met(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01", victim_vulnerable=True)
    result = run(db, ref)
    assert not result.met
    assert "may use its discretion" in result.reasons[-1]


def test_an_incident_dated_after_its_report_is_refused(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    with pytest.raises(ValidationError) as err:
        complain(db, ref, "2025-06-10", "2025-06-01")
    assert "10 June 2025 is after the incident was reported on 1 June 2025" in str(err.value)
    assert count(db, Complaint) == 0


def test_recording_the_decision_keeps_the_reasons_for_the_letter(db: Database) -> None:
    ref = open_trigger(db, "2025-07-01")
    complain(db, ref, "2025-06-01", "2025-06-01")
    with db.session() as s:
        decision = record_threshold_decision(s, case_in(s, ref), "2025-07-10", "Chair of the CSP")
        assert decision.outcome == DecisionOutcome.NOT_MET
    with db.session() as s:
        case = case_in(s, ref)
        [stored] = [d for d in case.decisions if d.kind == DecisionKind.THRESHOLD]
        assert stored.decided_on == D(2025, 7, 10) and stored.decided_by == "Chair of the CSP"
        assert stored.detail.startswith("The application was received on 1 July 2025.")
        assert "The complaints considered:\n1. Incident of 1 June 2025" in stored.detail
        assert stored.rationale == "The threshold for an ASB case review is therefore not met."
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
