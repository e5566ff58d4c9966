"""Fictional but realistic cases for the document tests, made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dhr_desk import records
from dhr_desk.domain import (
    Action,
    Advocate,
    AgencyReturn,
    Appeal,
    ChronologyEntry,
    Decision,
    FamilyContact,
    Meeting,
    MeetingAction,
    MeetingAttendance,
    Milestone,
    PanelMember,
    Pause,
    Person,
    Recommendation,
)
from dhr_desk.records import settings
from dhr_desk.services import cases
from dhr_desk.storage.database import Database

D = dt.date

# Every real name in the fixtures: none may appear in a published edition.
DHR_REAL_NAMES = (
    "Sarah Louise Whitfield",
    "Whitfield",
    "Daniel Croft",
    "Croft",
    "Margaret Whitfield",
    "Alison Reyes",
    "Tom Hargreaves",
    "Hargreaves",
    "Priya Shah",
    "Keith Lomax",
    "Lomax",
    "Joanne Pike",
)
DHR_DOB = "1988-04-17"
DHR_ADDRESS = "14 Larch Close"
CT_REAL_NAMES = ("Aisha Rahman", "Rahman", "Gary Dobbs", "Dobbs")


@dataclass(frozen=True)
class Fixture:
    dhr: str
    ct: str
    chronology_entries: int


def make_dhr(db: Database, chronology: int = 40) -> str:
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-02-03",
            "notified_by": "DI Tom Hargreaves, Major Crime",
            "date_of_death": "2025-01-28",
            "place_of_death": "her home, 14 Larch Close",
            "circumstances": "Sarah Louise Whitfield was found at home with stab wounds; Daniel "
            "Croft was arrested at the scene.",
            "review_period_start": "2021-01-01",
            "review_period_end": "2025-01-28",
            "title": "Hannah (DHR 2025/01)",
            "summary": "Hannah was a 36-year-old nurse who lived with Mark for five years.",
            "lines_of_enquiry": "Coercive control and economic abuse\nRisk assessment: DASH and "
            "MARAC referral\nBarriers for a victim working in health services",
        },
        victim={
            "real_name": "Sarah Louise Whitfield",
            "pseudonym": "Hannah",
            "date_of_birth": DHR_DOB,
            "address": "14 Larch Close, Eastfield, EF4 2QT",
            "sex": "Female",
            "ethnicity": "White British",
        },
        perpetrator={
            "real_name": "Daniel Croft",
            "pseudonym": "Mark",
            "date_of_birth": "1984-09-02",
            "relationship_to_victim": "partner",
            "sex": "Male",
            "ethnicity": "White British",
        },
    )
    cid = case.id
    records.add(
        db,
        Person,
        cid,
        {
            "real_name": "Margaret Whitfield",
            "pseudonym": "Jean",
            "role": "family",
            "relationship_to_victim": "mother",
            "address": "3 Orchard Row, Westbury, WB1 7HD",
        },
    )
    with db.session() as s:
        police = records.agency_named(s, "Eastshire Police", short_name="Police")
        icb = records.agency_named(s, "Eastshire Integrated Care Board", short_name="ICB")
        housing = records.agency_named(s, "Eastfield Homes", short_name="Housing")
        ids = {"police": police.id, "icb": icb.id, "housing": housing.id}
        for name, agency in (("police", police), ("icb", icb), ("housing", housing)):
            link = records.involve_agency(s, cid, agency)
            link.scoping_sent_on = D(2025, 2, 5)
            link.had_contact = name != "housing"
            link.records_secured_on = D(2025, 2, 10) if name != "housing" else None
            link.contact_name = "Priya Shah" if name == "icb" else ""
    records.add(
        db,
        Decision,
        cid,
        {
            "kind": "review",
            "decided_on": "2025-02-24",
            "outcome": "review",
            "rationale": "The criteria in section 9 are met: Daniel Croft was Sarah's partner.",
            "decided_by": "Keith Lomax, Chair of the CSP",
        },
    )
    for step, on in (("decision", "2025-02-24"), ("home_office_informed", "2025-02-27")):
        records.add(db, Milestone, cid, {"step": step, "occurred_on": on})
    records.add(
        db,
        AgencyReturn,
        cid,
        {
            "agency_id": ids["police"],
            "return_type": "imr",
            "requested_on": "2025-03-10",
            "due_on": "2025-05-05",
            "author_name": "Joanne Pike",
            "author_independent": True,
        },
    )
    records.add(
        db,
        AgencyReturn,
        cid,
        {
            "agency_id": ids["icb"],
            "return_type": "imr",
            "requested_on": "2025-03-10",
            "due_on": "2025-05-05",
            "received_on": "2025-04-30",
        },
    )
    chair = records.add(
        db,
        PanelMember,
        cid,
        {
            "name": "Dr Alison Reyes",
            "job_title": "Independent Chair and Author",
            "role": "chair_and_author",
            "independent": True,
            "independence_statement": "Alison Reyes has no connection with any agency in "
            "Eastshire and has never managed anyone involved.",
        },
    )
    records.add(
        db,
        PanelMember,
        cid,
        {
            "name": "DI Tom Hargreaves",
            "job_title": "Detective Inspector",
            "agency_id": ids["police"],
            "role": "member",
        },
    )
    records.add(
        db,
        PanelMember,
        cid,
        {
            "name": "Priya Shah",
            "job_title": "Designated Nurse, Safeguarding",
            "agency_id": ids["icb"],
            "role": "member",
        },
    )
    meeting = records.add(
        db,
        Meeting,
        cid,
        {
            "kind": "panel",
            "number": 1,
            "held_on": "2025-03-20",
            "start_time": "10:00",
            "location": "Committee Room 2, Eastfield Town Hall",
            "status": "held",
            "minutes": "Dr Alison Reyes welcomed the panel.\n\nDI Tom Hargreaves explained that "
            "Daniel Croft is charged with murder; the trial is listed for October.",
        },
    )
    records.add(
        db,
        MeetingAttendance,
        meeting.id,
        {"name": "Dr Alison Reyes", "organisation": "Independent", "status": "attended"},
    )
    records.add(
        db,
        MeetingAttendance,
        meeting.id,
        {"name": "Priya Shah", "organisation": "ICB", "status": "apologies"},
    )
    records.add(
        db,
        MeetingAction,
        meeting.id,
        {
            "description": "Ask Eastfield Homes to search repairs records for Sarah Whitfield",
            "owner": "Priya Shah",
            "due_on": "2025-04-03",
        },
    )
    records.add(
        db,
        Meeting,
        cid,
        {
            "kind": "panel",
            "number": 2,
            "held_on": "2025-05-15",
            "status": "planned",
            "location": "Online",
        },
    )
    records.add(
        db,
        Pause,
        cid,
        {
            "reason": "criminal_trial",
            "started_on": "2025-04-01",
            "resumed_on": "2025-06-01",
            "detail": "R v Croft",
        },
    )
    advocate = records.add(
        db,
        Advocate,
        cid,
        {
            "name": "Ruth Bell",
            "organisation": "AAFDA",
            "offered_on": "2025-03-01",
            "accepted": True,
        },
    )
    records.add(
        db,
        FamilyContact,
        cid,
        {
            "contacted_on": "2025-03-01",
            "method": "letter",
            "purpose": "First letter and leaflet",
            "outcome": "Margaret Whitfield replied by phone",
            "advocate_id": advocate.id,
        },
    )
    rec = records.add(
        db,
        Recommendation,
        cid,
        {
            "number": 1,
            "text": "Eastshire Police to audit DASH completion for repeat callers.",
            "scope": "local",
            "lead_agency_id": ids["police"],
        },
    )
    records.add(
        db,
        Action,
        rec.id,
        {
            "description": "Audit 100 DASH forms",
            "target_on": "2025-12-31",
            "milestones": "Audit tool agreed",
        },
    )
    records.add(
        db,
        Action,
        rec.id,
        {"description": "Train call handlers to flag repeat callers", "target_on": "2026-03-31"},
    )
    records.add(
        db,
        Recommendation,
        cid,
        {
            "number": 2,
            "text": "GP practices to ask about abuse when a patient presents with anxiety.",
            "scope": "regional",
            "source": "ICB",
        },
    )
    agencies = ["police", "icb", "housing"]
    with db.session() as s:
        for i in range(chronology):
            day = D(2021, 1, 1) + dt.timedelta(days=i * 7 % 1400)
            s.add(
                ChronologyEntry(
                    case_id=cid,
                    occurred_on=day,
                    occurred_time=f"{8 + i % 10:02d}:{i % 60:02d}",
                    agency_id=ids[agencies[i % 3]],
                    source=f"{agencies[i % 3].upper()} record {1000 + i}",
                    event=f"Entry {i}: Sarah Whitfield told the officer that Daniel Croft "
                    "checks her phone and controls her money.",
                    action_decision="DASH completed: medium risk" if i % 4 == 0 else "",
                    comment="Missed opportunity to refer to MARAC" if i % 5 == 0 else "",
                    key_event=i % 10 == 3,
                )
            )
    _ = chair
    return case.reference


def make_trigger(db: Database) -> str:
    case = cases.new_trigger(
        db,
        {
            "received_on": "2025-06-02",
            "channel": "email",
            "matter": "Loud music and threats from the flat above, Gary Dobbs at number 9",
        },
        {"real_name": "Aisha Rahman", "pseudonym": "Ms A", "address": "7 Mill Lane, EF2 9LP"},
    )
    cid = case.id
    records.add(
        db,
        Person,
        cid,
        {"real_name": "Gary Dobbs", "pseudonym": "Mr D", "role": "subject_of_complaint"},
    )
    with db.session() as s:
        council = records.agency_named(s, "Eastfield Borough Council ASB Team")
        records.involve_agency(s, cid, council)
        records.involve_agency(
            s, cid, records.agency_named(s, "Eastshire Police", short_name="Police")
        )
    from dhr_desk.domain import Complaint
    from dhr_desk.workflow import record_threshold_decision

    for i, day in enumerate(("2025-03-01", "2025-04-02", "2025-05-03", "2025-05-20")):
        records.add(
            db,
            Complaint,
            cid,
            {
                "incident_on": day,
                "reported_on": day,
                "reported_to": "Police" if i % 2 else "Council",
                "description": "Music and shouting at 2am",
            },
        )
    with db.session() as s:
        found = records.case_by_reference(s, case.reference)
        record_threshold_decision(s, found, D(2025, 6, 16), "Community Safety Manager")
    records.add(
        db,
        Meeting,
        cid,
        {
            "kind": "case_review",
            "number": 1,
            "held_on": "2025-07-01",
            "status": "held",
            "victim_invited": True,
            "impact_statement": "Aisha Rahman has not slept properly since March.",
        },
    )
    records.add(
        db,
        Decision,
        cid,
        {
            "kind": "outcome",
            "decided_on": "2025-07-01",
            "outcome": "recommendations",
            "rationale": "Agencies agreed a joint visit to Gary Dobbs.",
        },
    )
    rec = records.add(
        db, Recommendation, cid, {"number": 1, "text": "Joint warning visit.", "scope": "local"}
    )
    records.add(
        db,
        Action,
        rec.id,
        {"description": "Police and council visit number 9", "target_on": "2025-07-15"},
    )
    records.add(
        db,
        Appeal,
        cid,
        {
            "requested_on": "2025-07-10",
            "grounds": "The plan is too slow",
            "route": "An independent chair from Westshire CSP",
            "decided_on": "2025-07-28",
            "outcome": "not_upheld",
            "reasons": "The actions are proportionate.",
        },
    )
    return case.reference


def make_cases(db: Database, chronology: int = 40) -> Fixture:
    settings.set_many(
        db,
        {
            "council_name": "Eastfield Borough Council",
            "partnership_name": "Safer Eastfield Partnership",
            "coordinator_name": "Lena Ford",
            "coordinator_email": "dhr@eastfield.example",
            "csp_chair_name": "Keith Lomax",
        },
    )
    return Fixture(make_dhr(db, chronology), make_trigger(db), chronology)


def case_database(folder: Path, chronology: int = 40) -> tuple[Database, Fixture]:
    """A fresh encrypted database in ``folder`` holding the fictional cases."""
    from store_support import set_up

    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir

    data = set_up(DataDir(folder))
    db = store.open_database(data)
    return db, make_cases(db, chronology)
