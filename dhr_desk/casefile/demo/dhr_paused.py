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
    chronology,
    digest,
    milestones,
)

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
        panel_members=[
            {
                "key": "pm1",
                "name": "Dr Ruth Okafor",
                "job_title": "Independent Chair and Author",
                "role": "chair_and_author",
                "independent": True,
                "joined_on": "2025-10-20",
                "email": "ruth.okafor@independent-reviews.example",
                "independence_statement": "No connection with any Northshire agency.",
            },
            {
                "key": "pm2",
                "name": "Rachel Dunmore",
                "job_title": "Community Safety Manager",
                "role": "coordinator",
                "agency": COUNCIL,
                "joined_on": "2025-10-20",
            },
            {
                "key": "pm3",
                "name": "DI Helen Cartwright",
                "job_title": "Detective Inspector",
                "agency": POLICE,
                "joined_on": "2025-10-20",
            },
            {
                "key": "pm4",
                "name": "Joanne Kerr",
                "job_title": "Senior Probation Officer",
                "agency": PROBATION,
                "joined_on": "2025-10-20",
            },
            {
                "key": "pm5",
                "name": "Simon Achebe",
                "job_title": "Designated Professional",
                "agency": ICB,
                "joined_on": "2025-10-20",
            },
            {
                "key": "pm6",
                "name": "Nadia Rahman",
                "job_title": "IDVA Service Manager",
                "agency": WOMENS_AID,
                "joined_on": "2025-10-20",
            },
            {
                "key": "pm7",
                "name": "Dev Mistry",
                "job_title": "Service Manager",
                "agency": RECOVERY,
                "joined_on": "2025-10-20",
            },
        ],
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
        agency_returns=[
            {
                "agency": POLICE,
                "return_type": "imr",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
                "received_on": "2026-01-16",
                "author_name": "DS Karen Lister",
                "author_independent": True,
                "notes": "Received; held for CPS disclosure review.",
            },
            {
                "agency": PROBATION,
                "return_type": "imr",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
                "last_chased_on": "2026-02-02",
                "times_chased": 2,
                "notes": "Author on long-term leave; new author being identified.",
            },
            {
                "agency": ICB,
                "return_type": "imr",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
                "received_on": "2026-01-28",
            },
            {
                "agency": HOSPITALS,
                "return_type": "short_report",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
                "last_chased_on": "2026-01-26",
                "times_chased": 1,
            },
            {
                "agency": WOMENS_AID,
                "return_type": "imr",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
                "received_on": "2026-01-12",
            },
            {
                "agency": RECOVERY,
                "return_type": "chronology",
                "requested_on": "2025-11-24",
                "due_on": "2026-01-19",
            },
        ],
        meetings=[
            {
                "kind": "panel",
                "number": 1,
                "held_on": "2025-11-17",
                "start_time": "14:00",
                "location": "Committee Room 1, Civic Centre, Ashford Vale",
                "status": "held",
                "agenda": "Introductions and confidentiality\nTerms of Reference\nParallel "
                "proceedings and disclosure\nFamily engagement (interpreting)\nTimetable",
                "minutes": "Terms of Reference agreed. DI Cartwright reported the trial date; the "
                "panel agreed to request IMRs now so that records are analysed while memories are "
                "fresh, but to pause interviews and panel analysis until the verdict.",
                "attendance": [
                    {
                        "name": "Dr Ruth Okafor",
                        "organisation": "Independent",
                        "status": "attended",
                        "panel_member": "pm1",
                    },
                    {
                        "name": "Rachel Dunmore",
                        "organisation": COUNCIL,
                        "status": "attended",
                        "panel_member": "pm2",
                    },
                    {
                        "name": "DI Helen Cartwright",
                        "organisation": POLICE,
                        "status": "attended",
                        "panel_member": "pm3",
                    },
                    {
                        "name": "Joanne Kerr",
                        "organisation": PROBATION,
                        "status": "apologies",
                        "panel_member": "pm4",
                    },
                    {
                        "name": "Simon Achebe",
                        "organisation": ICB,
                        "status": "attended",
                        "panel_member": "pm5",
                    },
                    {
                        "name": "Nadia Rahman",
                        "organisation": WOMENS_AID,
                        "status": "attended",
                        "panel_member": "pm6",
                    },
                    {
                        "name": "Dev Mistry",
                        "organisation": RECOVERY,
                        "status": "absent",
                        "panel_member": "pm7",
                    },
                ],
                "actions": [
                    {
                        "description": "Send IMR requests",
                        "owner": "Rachel Dunmore",
                        "due_on": "2025-11-24",
                        "done_on": "2025-11-24",
                    },
                    {
                        "description": "Write to the Home Office about the pause",
                        "owner": "Rachel Dunmore",
                        "due_on": "2025-12-12",
                        "done_on": "2025-12-10",
                    },
                ],
            },
            {
                "kind": "panel",
                "number": 2,
                "held_on": "2027-03-15",
                "start_time": "10:00",
                "location": "Microsoft Teams",
                "status": "planned",
                "agenda": "Outcome of the trial\nIMR presentations\nFamily engagement",
            },
        ],
        chronology=chronology(
            POLICE,
            (
                "2023-11-19",
                "02:10",
                "Police IMR",
                "Ola reported that Ryan had slapped her and smashed her phone.",
                "Ryan arrested; DASH medium risk; interpreter by phone.",
                "",
            ),
            (
                "2024-02-06",
                "",
                "Police IMR; court record",
                "Ryan convicted of assault by beating; restraining order for 2 years.",
                "",
                "",
            ),
            (
                "2024-09-14",
                "23:55",
                "Police IMR",
                "Ola reported Ryan waiting outside her work.",
                "Breach recorded; Ryan not located that night.",
                "Stalking not considered.",
            ),
            (
                "2025-05-30",
                "",
                "Police IMR",
                "Second reported breach (messages via a friend).",
                "Words of advice to Ryan.",
                "No referral to MARAC.",
            ),
        )
        + chronology(
            PROBATION,
            (
                "2024-02-20",
                "",
                "Probation case record",
                "Ryan starts a community order with Building Better Relationships requirement.",
                "",
                "",
            ),
            (
                "2024-10-01",
                "",
                "Probation case record",
                "Ryan failed two appointments; warning letter.",
                "",
                "Breach of the restraining order in September not known to "
                "the probation practitioner.",
            ),
        )
        + chronology(
            WOMENS_AID,
            (
                "2023-11-21",
                "",
                "IDVA case record",
                "Referral from police; first call needed an interpreter, not available.",
                "Call rearranged.",
                "",
            ),
            (
                "2023-11-24",
                "",
                "IDVA case record",
                "Safety plan completed with a Polish interpreter.",
                "Target hardening requested.",
                "",
            ),
        )
        + chronology(
            RECOVERY,
            (
                "2025-03-11",
                "",
                "Service record",
                "Ryan self-referred for cocaine and alcohol use.",
                "Key worker allocated.",
                "",
            ),
        )
        + chronology(
            ICB,
            (
                "2024-09-23",
                "",
                "GP records",
                "Ola attended with anxiety and insomnia; told the "
                "GP through a family friend who interpreted.",
                "Sleep hygiene advice.",
                "Using a friend as interpreter may have prevented disclosure.",
            ),
        ),
        recommendations=[],
        application=None,
        complaints=[],
        appeals=[],
        documents=[
            {
                "kind": "pause_notification",
                "title": "Letter to the Home Office – review paused",
                "file_format": "pdf",
                "draft": False,
                "file_name": "DHR-2025-007 Home Office pause letter.pdf",
                "sha256": digest("DHR-2025-007 pause letter"),
                "generated_at": "2025-12-10T15:21:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "Home Office DHR team",
                        "sent_on": "2025-12-10",
                        "sha256": digest("pause letter HO"),
                        "file_name": "pause letter.pdf",
                    }
                ],
            },
        ],
    )
