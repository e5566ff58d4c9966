"""A case built to test publication safety: identifiers written the ways agency returns write
them (capitals, halves of hyphenated names, initials, nicknames, line ends, soft hyphens,
plurals, particles, short names, curly and missing apostrophes, accents, surnames that are also
words, people recorded outside the people of the case, postcodes, phones, NHS numbers, e-mail,
dates of birth in other forms) beside ordinary words that look like names.

``SURVIVORS`` are patterns that must never appear in a published edition (the registered
identifiers and their forms); ``ORDINARY`` are words that must come through untouched;
``EXPECTED_FINDINGS`` is exactly what the publication check reports for the case.
"""

from __future__ import annotations

import datetime as dt
import re

from dhr_desk import records
from dhr_desk.domain import (
    Action,
    ChronologyEntry,
    Decision,
    Meeting,
    PanelMember,
    Person,
    PseudonymEntry,
    Recommendation,
)
from dhr_desk.records import settings
from dhr_desk.services import cases
from dhr_desk.storage.database import Database

SHY = "\u00ad"
CURLY = "\u2019"

# (occurred on, agency, source, event, action / decision, comment)
CHRONOLOGY = [
    (
        "2023-01-09",
        "Northshire Police",
        "Police log",
        "JANE called 999 saying SMITH-WHITFIELD had been hit; jane tearful on the call.",
        "Officers attended Larchmere Ave.",
        "",
    ),
    (
        "2023-01-10",
        "Northshire Police",
        "DASH form",
        "Mrs Whitfield told officers that Ms Smith was her maiden name. J.S. and JSW appear on "
        "the form; P.S-P. completed it.",
        "DASH scored as medium.",
        "",
    ),
    (
        "2023-02-14",
        "Oakfield Primary School",
        "School record",
        "Lily-Mae missed school. Staff said Lily was withdrawn. Janey collected her.",
        "Referral made.",
        "",
    ),
    (
        "2023-03-01",
        "Northshire ICB",
        "GP record",
        f"Jane Smith-\nWhitfield seen with bruising; Ja{SHY}ne said Bobby and Kaz were "
        "at the house. The Smith-Whitfields had moved in 2021.",
        "GP advised.",
        "",
    ),
    (
        "2023-03-20",
        "Northshire Police",
        "Custody record",
        "Mr van der Berg arrested; Berg denied it. Robert was bailed.",
        "Bail conditions set.",
        "",
    ),
    (
        "2023-04-02",
        "Vale Homes Housing Association",
        "Housing file",
        f"Jo said Jo's flat was cold. Mrs O{CURLY}Brien (mother) and OBrien signed the "
        "form; Zoe Bronte was a witness.",
        "Repairs raised.",
        "",
    ),
    (
        "2023-05-11",
        "Northshire Police",
        "Witness statements",
        "Ms May, Ms Vale, Mr Constable and Mrs Harper gave statements. Di Harper said she saw "
        "Di at the door. Harper said she had heard shouting.",
        "Statements filed.",
        "",
    ),
    (
        "2023-05-12",
        "Northshire Police",
        "Panel notes",
        "OKAFOR asked for the file; DS Lloyd-Evans sent it. Jane worked at Brightwell Care "
        "Home; the dog Bella was rehomed.",
        "",
        "",
    ),
    (
        "2023-06-01",
        "Northshire ICB",
        "GP record",
        "Jane's home postcode MK9 3EJ (also written MK93EJ and mk9 3ej) near the Larchmere "
        "estate; mobile 07700 900123 or +44 7700 900123; NHS no 485 777 3456; e-mail "
        "jane.sw@example.org.",
        "",
        "",
    ),
    (
        "2023-06-02",
        "Northshire ICB",
        "GP record",
        "Date of birth recorded as 12th March 1985, March 12, 1985, 12-03-1985 and 12/03/85; "
        "her son (DOB 03/04/2010) was registered too.",
        "",
        "",
    ),
    (
        "2023-06-20",
        "Northshire Police",
        "Police log",
        "Crime ref 42/123456/23. Case no. T20247001. Vehicle AB12 CDE seen. Mr Okonkwo called "
        "from 01632 960123; his NI number QQ 12 34 56 C, NHS 943 476 5919, postcode EF4 2QT, "
        "e-mail duty.team@example.org. Jane was given the helpline number 0808 2000 247.",
        "",
        "",
    ),
    (
        "2023-07-04",
        "Northshire Police",
        "Officer's notes",
        "The rose bush by the vale had died; staff may mark the file and the constable will "
        "attend. In May 2023 the family moved.",
        "",
        "",
    ),
]

REGISTER = [
    # kind, name, other names, shown as
    ("school", "Oakfield Primary School", "Oakfield Primary", "a primary school"),
    ("workplace", "Brightwell Care Home", "Brightwell", "a care home"),
    ("watch", "Bella", "", ""),
]

PEOPLE = [
    # real name, other names, pseudonym, role, relationship
    ("Robert van der Berg", "Bobby", "Mark", "perpetrator", "partner"),
    ("Karen O'Brien", "Kaz", "Joan", "family", "mother"),
    ("Lily-Mae Whitfield", "", "Child B", "child", "daughter"),
    ("Jo Pike", "", "Lucy", "friend", "friend"),
    ("Zoë Brontë", "", "Amy", "friend", "friend"),
    ("Di Harper", "", "Sue", "family", "aunt"),
    ("Rose May", "", "Nina", "neighbour", "neighbour"),
    ("Ann Vale", "", "Adult V", "witness", "neighbour"),
    ("Peter Constable", "", "Adult P", "witness", "neighbour"),
    ("Priya Shah-Patel", "", "Adult S", "friend", "friend"),
]

TITLE = "DHR Jane S-W (Larchmere Avenue, MK9 3EJ)"

SURVIVORS = [
    r"\bjane\b",
    r"smith\s*-\s*whitfield",
    r"\bwhitfield",
    r"\bsmith\b",
    r"\bjaney\b",
    r"van\s+der\s+berg",
    r"\bberg\b",
    r"\brobert\b",
    r"\bbobby\b",
    r"o['’]?\s?brien",
    r"\bkaz\b",
    r"\bkaren\b",
    r"lily-mae",
    r"(?-i:\bJo\b)",
    r"\bpike\b",
    r"zo[eë]\s+bront[eë]",
    r"bront[eë]",
    r"(?-i:\bDi\b)",
    r"\b(?:mrs|ms|mr)\.?\s+(?:harper|may|vale|constable)\b",
    r"\bokafor\b",
    r"\bchidi\b",
    r"lloyd-evans",
    r"\bgareth\b",
    r"shah-patel",
    r"\bpriya\b",
    r"(?-i:\bJSW\b)",
    r"(?-i:\bJ\.S\.)",
    r"(?-i:P\.S-P\.)",
    r"(?-i:\bS-W\b)",
    r"larchmere\s+av",
    r"mk9\s*3ej",
    r"07700",
    r"7700\s*900123",
    r"485\s*777\s*3456",
    r"jane\.sw@",
    r"12/03/1985",
    r"12-03-1985",
    r"12/03/85",
    r"12th\s+march\s+1985",
    r"march\s+12,\s+1985",
    r"1985-03-12",
    r"03/04/2010",
    r"brightwell",
    r"oakfield",
]
ORDINARY = [
    "The rose bush by the vale had died",
    "staff may mark the file and the constable will attend",
    "In May 2023 the family moved",
    "Vale Homes Housing Association",
]

# kind, text as written: exactly what the check finds in the case's published documents.
EXPECTED_FINDINGS = {
    ("possible_name", "Lily"),
    ("possible_name", "Harper"),
    ("possible_name", "Mr Okonkwo"),
    ("place", "Larchmere"),
    ("watch_list", "Bella"),
    ("police_reference", "42/123456/23"),
    ("court_reference", "T20247001"),
    ("vehicle_registration", "AB12 CDE"),
    ("phone", "01632 960123"),
    ("phone", "0808 2000 247"),
    ("ni_number", "QQ 12 34 56 C"),
    ("nhs_number", "943 476 5919"),
    ("postcode", "EF4 2QT"),
    ("email", "duty.team@example.org"),
}


def survivors_in(text: str) -> list[str]:
    """The registered identifiers (as patterns) that ``text`` still shows."""
    flat = " ".join(text.replace(SHY, "").split())
    return [p for p in SURVIVORS if re.search(p, flat, re.I)]


def make_corpus_case(db: Database) -> str:
    """The case, through the services; returns its reference."""
    settings.set_many(
        db,
        {
            "partnership_name": "Safer Northshire Partnership",
            "council_name": "Northshire Council",
            "coordinator_name": "Helen Cartwright",
            "published_area": "Northshire",
        },
    )
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2024-01-15",
            "notified_by": "DS Gareth Lloyd-Evans, Major Crime Unit",
            "date_of_death": "2024-01-12",
            "title": TITLE,
            "summary": "Jane Smith-Whitfield (known as Janey) lived at 27 Larchmere Avenue with "
            "Robert van der Berg.",
            "circumstances": "JANE was found at home; Bobby was arrested.",
            "review_period_start": "2022-01-01",
            "review_period_end": "2024-01-12",
        },
        victim={
            "real_name": "Jane Smith-Whitfield",
            "other_names": "Janey\nJane Smith",
            "pseudonym": "Hannah",
            "pseudonym_agreed_with_family": True,
            "date_of_birth": "1985-03-12",
            "address": "27 Larchmere Avenue, Milton Keynes MK9 3EJ",
            "contact": "07700 900123; jane.sw@example.org",
            "other_identifiers": "NHS 485 777 3456",
            "sex": "Female",
        },
    )
    cid = case.id
    for real, others, pseudonym, role, relationship in PEOPLE:
        records.add(
            db,
            Person,
            cid,
            {
                "real_name": real,
                "other_names": others,
                "pseudonym": pseudonym,
                "role": role,
                "relationship_to_victim": relationship,
            },
        )
    for kind, name, others, shown in REGISTER:
        records.add(
            db,
            PseudonymEntry,
            cid,
            {"kind": kind, "name": name, "other_names": others, "shown_as": shown},
        )
    with db.session() as s:
        agencies = {}
        for name in ("Northshire Police", "Northshire ICB", "Vale Homes Housing Association"):
            agencies[name] = records.agency_named(s, name)
            records.involve_agency(s, cid, agencies[name])
        school = records.agency_named(s, "Oakfield Primary School")
        agencies[school.name] = school
        ids = {name: agency.id for name, agency in agencies.items()}
    records.add(
        db,
        PanelMember,
        cid,
        {
            "name": "Chidi Okafor",
            "job_title": "Independent Chair and Author",
            "role": "chair_and_author",
            "independent": True,
            "independence_statement": "Chidi Okafor has no connection with any agency involved.",
        },
    )
    records.add(
        db,
        Decision,
        cid,
        {
            "kind": "review",
            "decided_on": "2024-02-01",
            "outcome": "review",
            "rationale": "Jane Smith-Whitfield died at the hands of her partner.",
            "decided_by": "Helen Cartwright",
        },
    )
    records.add(
        db,
        Meeting,
        cid,
        {
            "kind": "panel",
            "number": 1,
            "held_on": "2024-03-01",
            "status": "held",
            "minutes": "OKAFOR chaired. The panel discussed Mrs Whitfield and Robert.",
        },
    )
    rec = records.add(
        db,
        Recommendation,
        cid,
        {
            "number": 1,
            "text": "Northshire Police to review how JSW's calls were graded.",
            "scope": "local",
        },
    )
    records.add(
        db,
        Action,
        rec.id,
        {"description": "Audit calls from Larchmere Ave", "target_on": "2025-03-31"},
    )
    for day, agency, source, event, action, comment in CHRONOLOGY:
        records.add(
            db,
            ChronologyEntry,
            cid,
            {
                "occurred_on": day,
                "agency_id": ids.get(agency),
                "source": source,
                "event": event,
                "action_decision": action,
                "comment": comment,
            },
        )
    return str(case.reference)


TODAY = dt.date(2025, 6, 2)
