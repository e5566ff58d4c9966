"""Demo DHR paused for a criminal trial, agency returns outstanding.

Entirely fictional. "Ola" (pseudonym), a Polish national, died in August 2025; her former
partner is charged with her murder and the trial is listed for 2027.
"""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    COUNCIL,
    HOSPITALS,
    HOUSING,
    ICB,
    POLICE,
    PROBATION,
    RECOVERY,
    WOMENS_AID,
    agency,
    case_file,
    digest,
    milestones,
)
from dhr_desk.casefile.demo.dhr_paused_records import CHRONOLOGY, MEETINGS, PANEL, RETURNS

REFERENCE = "DHR-2025-007"


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "dhr",
            "title": "DHR 'Ola'",
            "stage": "returns_requested",
            "summary": "Woman, 31, Polish national, found dead at her flat; former partner "
            "charged with murder. Review paused at the request of the SIO pending trial.",
            "notification_received_on": "2025-08-11",
            "notified_by": "DSupt Graham Lowry, Northshire Police Major Crime",
            "date_of_death": "2025-08-02",
            "place_of_death": "Flat 12, Weaver Court, Northam",
            "circumstances": "Head injuries. Former partner, subject to a restraining order, "
            "arrested on 4 August 2025 and charged with murder.",
            "review_period_start": "2023-01-01",
            "review_period_end": "2025-08-02",
            "lines_of_enquiry": "Management of the restraining order and breaches\nProbation "
            "supervision and risk management\nAccess to services for a non-English speaker; "
            "use of interpreters\nStalking after separation\nSubstance misuse of the "
            "perpetrator",
            "created_at": "2025-08-11T11:03:47+00:00",
        },
        agencies=[
            agency(
                POLICE,
                scoping_sent_on="2025-08-18",
                had_contact=True,
                records_secured_on="2025-08-20",
                contact_name="DS Aaron Clegg",
            ),
            agency(
                PROBATION,
                scoping_sent_on="2025-08-18",
                had_contact=True,
                records_secured_on="2025-08-22",
            ),
            agency(
                ICB, scoping_sent_on="2025-08-18", had_contact=True, records_secured_on="2025-08-29"
            ),
            agency(HOSPITALS, scoping_sent_on="2025-08-18", had_contact=True),
            agency(
                WOMENS_AID,
                scoping_sent_on="2025-08-18",
                had_contact=True,
                records_secured_on="2025-08-21",
            ),
            agency(HOUSING, scoping_sent_on="2025-08-18", had_contact=False, in_scope=False),
            agency(
                RECOVERY,
                scoping_sent_on="2025-08-18",
                had_contact=True,
                records_secured_on="2025-09-01",
            ),
            agency(COUNCIL, in_scope=False, notes="Commissioning partner."),
        ],
        people=[
            {
                "key": "p1",
                "real_name": "Aleksandra Nowicka",
                "pseudonym": "Ola",
                "role": "victim",
                "date_of_birth": "1994-04-21",
                "date_of_death": "2025-08-02",
                "address": "Flat 12, Weaver Court, Northam NS6 3WC",
                "sex": "Female",
                "ethnicity": "White – other (Polish)",
                "religion": "Roman Catholic",
                "nationality": "Polish (EU settled status)",
                "first_language": "Polish",
                "notes": "Worked night shifts at a food distribution warehouse. Interpreter "
                "needed for formal settings.",
            },
            {
                "key": "p2",
                "real_name": "Lee Barton",
                "pseudonym": "Ryan",
                "role": "perpetrator",
                "relationship_to_victim": "former partner",
                "date_of_birth": "1989-12-03",
                "address": "HMP Northam (remanded)",
                "sex": "Male",
                "ethnicity": "White British",
                "other_identifiers": "PNC 07/338120F",
            },
            {
                "key": "p3",
                "real_name": "Grażyna Nowicka",
                "pseudonym": "Ola's mother",
                "role": "family",
                "relationship_to_victim": "mother",
                "address": "ul. Lipowa 8, 62-800 Kalisz, Poland",
                "contact": "+48 600 100 200",
                "first_language": "Polish",
            },
            {
                "key": "p4",
                "real_name": "Magdalena Wójcik",
                "pseudonym": "Friend B",
                "role": "friend",
                "relationship_to_victim": "friend and colleague",
                "contact": "07700 900562",
            },
        ],
        advocates=[
            {
                "key": "a1",
                "name": "Tomasz Lewandowski",
                "organisation": "AAFDA (Polish-speaking advocate)",
                "contact": "t.lewandowski@aafda.example",
                "offered_on": "2025-09-16",
                "accepted": True,
                "person": "p3",
            },
        ],
        family_contacts=[
            {
                "person": "p3",
                "contacted_on": "2025-09-16",
                "contacted_by": "Rachel Dunmore",
                "method": "via_police_flo",
                "purpose": "First letter in Polish and English with the "
                "Home Office leaflet; offer of advocacy",
                "outcome": "Delivered by the FLO with a "
                "Polish interpreter; mother wishes to take part.",
                "leaflet_given": True,
            },
            {
                "person": "p3",
                "contacted_on": "2025-10-07",
                "contacted_by": "Dr Ruth Okafor",
                "method": "via_advocate",
                "advocate": "a1",
                "purpose": "Video call with the chair",
                "outcome": "Mother asked why the restraining order did not protect her daughter.",
            },
            {
                "person": "p4",
                "contacted_on": "2025-11-03",
                "contacted_by": "Dr Ruth Okafor",
                "method": "phone",
                "purpose": "Invitation to contribute",
                "outcome": "Willing to speak after the trial; she is a prosecution witness.",
            },
        ],
        panel_members=PANEL,
        milestones=milestones(
            ("notification", "2025-08-11"),
            ("scoping", "2025-08-18"),
            ("decision", "2025-09-04"),
            ("home_office_informed", "2025-09-09"),
            ("family_informed", "2025-09-16"),
            ("chair_appointed", "2025-10-20"),
            ("tor_agreed", "2025-11-17"),
            ("returns_requested", "2025-11-24"),
        ),
        decisions=[
            {
                "kind": "review",
                "decided_on": "2025-09-04",
                "outcome": "review",
                "rationale": "Death of a woman aged 31 following violence by her former partner; "
                "s9 criteria met.",
                "decided_by": "Councillor Martin Ellery, CSP chair",
                "communicated_on": "2025-09-09",
            },
        ],
        pauses=[
            {
                "reason": "criminal_trial",
                "detail": "Trial listed at Northshire Crown Court for "
                "8 February 2027. The SIO and CPS asked that IMR authors do not interview "
                "witnesses and that IMRs are disclosed to the CPS before the panel sees them.",
                "started_on": "2025-12-08",
                "resumed_on": None,
            },
        ],
        agency_returns=RETURNS,
        meetings=MEETINGS,
        chronology=CHRONOLOGY,
        recommendations=[],
        application=None,
        complaints=[],
        appeals=[],
        documents=[
            {
                "kind": "home_office_decision",
                "title": "Home Office notification of the decision to review",
                "file_format": "pdf",
                "draft": False,
                "file_name": "DHR-2025-007 Home Office decision.pdf",
                "sha256": digest("DHR-2025-007 Home Office decision"),
                "generated_at": "2025-09-09T10:48:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "Home Office DHR team",
                        "sent_on": "2025-09-09",
                        "sha256": digest("DHR-2025-007 decision HO"),
                        "file_name": "Home Office decision.pdf",
                    }
                ],
            },
            {
                "kind": "imr_request",
                "title": "IMR request – Northshire Police",
                "file_format": "pdf",
                "draft": False,
                "file_name": "DHR-2025-007 IMR request Police.pdf",
                "sha256": digest("DHR-2025-007 IMR request Police"),
                "generated_at": "2025-11-24T09:30:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "DS Aaron Clegg",
                        "sent_on": "2025-11-24",
                        "sha256": digest("DHR-2025-007 IMR request Clegg"),
                        "file_name": "IMR request Police.pdf",
                    }
                ],
            },
        ],
    )
