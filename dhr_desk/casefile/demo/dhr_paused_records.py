"""Demo DHR 'Ola' (DHR-2025-007): panel, agency returns, the first meeting and the chronology.

Entirely fictional.
"""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    COUNCIL,
    HOSPITALS,
    ICB,
    POLICE,
    PROBATION,
    RECOVERY,
    WOMENS_AID,
    chronology,
)

PANEL: list[dict[str, Any]] = [
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
]

RETURNS: list[dict[str, Any]] = [
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
]

MEETINGS: list[dict[str, Any]] = [
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
]

CHRONOLOGY: list[dict[str, Any]] = (
    chronology(
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
            "Breach of the restraining order in September not known to the probation practitioner.",
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
    )
)
