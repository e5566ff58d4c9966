"""Demo DHR 'Sarah' (DHR-2025-003): the panel and its four meetings. Entirely fictional."""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    COUNCIL,
    HOSPITALS,
    HOUSING,
    ICB,
    POLICE,
    WOMENS_AID,
)

PANEL: list[dict[str, Any]] = [
    {
        "key": "pm1",
        "name": "Dr Ruth Okafor",
        "job_title": "Independent Chair and Author",
        "role": "chair_and_author",
        "email": "ruth.okafor@independent-reviews.example",
        "independent": True,
        "independence_statement": "Dr Okafor has no connection with any agency in Northshire "
        "and has not worked for any of them. She completed the Home Office DHR chair training "
        "and has chaired eleven reviews.",
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm2",
        "name": "Rachel Dunmore",
        "job_title": "Community Safety Manager",
        "role": "coordinator",
        "agency": COUNCIL,
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm3",
        "name": "DI Helen Cartwright",
        "job_title": "Detective Inspector, Public Protection",
        "agency": POLICE,
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm4",
        "name": "Simon Achebe",
        "job_title": "Designated Professional for Safeguarding Adults",
        "agency": ICB,
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm5",
        "name": "Fiona Grant",
        "job_title": "Named Nurse, Safeguarding Adults",
        "agency": HOSPITALS,
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm6",
        "name": "Marcus Bell",
        "job_title": "Head of Housing Services",
        "agency": HOUSING,
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm7",
        "name": "Nadia Rahman",
        "job_title": "IDVA Service Manager",
        "agency": WOMENS_AID,
        "independent": True,
        "independence_statement": "Specialist domestic abuse adviser to the panel.",
        "joined_on": "2025-03-31",
    },
    {
        "key": "pm8",
        "name": "Claire Mottram",
        "job_title": "Minute taker, Community Safety Team",
        "role": "minute_taker",
        "agency": COUNCIL,
        "joined_on": "2025-03-31",
    },
]


def _attendance(present: list[str], apologies: list[str]) -> list[dict[str, Any]]:
    people = {m["key"]: m for m in PANEL}
    rows = []
    for key in present + apologies:
        member = people[key]
        rows.append(
            {
                "name": member["name"],
                "organisation": member.get("agency", "Independent"),
                "status": "attended" if key in present else "apologies",
                "panel_member": key,
            }
        )
    return rows


MEETINGS = [
    {
        "kind": "panel",
        "number": 1,
        "held_on": "2025-04-28",
        "start_time": "10:00",
        "location": "Committee Room 2, Civic Centre, Ashford Vale",
        "status": "held",
        "agenda": "Welcome, introductions and confidentiality\nIndependence of the chair\n"
        "Terms of Reference and review period\nAgencies in scope\nFamily engagement plan\n"
        "Liaison with the SIO and CPS on disclosure\nTimetable\nAny other business",
        "minutes": "1. The chair explained the purpose of a DHR: to learn lessons, not to "
        "apportion blame. Members signed the confidentiality agreement.\n2. Terms of Reference "
        "agreed with amendments: review period 1 January 2022 to 18 January 2025; key lines of "
        "enquiry to include coercive control, the 2024 DASH risk assessment and the MARAC "
        "referral threshold, Sarah's contact with her GP about low mood, and barriers to "
        "disclosure for a woman in employment.\n3. Adult Social Care confirmed no contact and "
        "will not be asked for a return.\n4. DI Cartwright reported that the criminal trial is "
        "listed for September 2025; the SIO asks that panel members do not interview witnesses "
        "before it. The chair will write to the SIO.\n5. The family wish to be involved; Emma "
        "and Lisa have accepted AAFDA advocacy.",
        "attendance": _attendance(["pm1", "pm2", "pm3", "pm4", "pm5", "pm6", "pm7", "pm8"], []),
        "actions": [
            {
                "description": "Circulate final Terms of Reference to panel and family",
                "owner": "Rachel Dunmore",
                "due_on": "2025-05-02",
                "done_on": "2025-05-01",
            },
            {
                "description": "Send IMR requests with template and due date",
                "owner": "Rachel Dunmore",
                "due_on": "2025-05-06",
                "done_on": "2025-05-06",
            },
            {
                "description": "Write to the SIO about disclosure and witness contact",
                "owner": "Dr Ruth Okafor",
                "due_on": "2025-05-09",
                "done_on": "2025-05-08",
            },
        ],
    },
    {
        "kind": "panel",
        "number": 2,
        "held_on": "2025-09-29",
        "start_time": "13:30",
        "location": "Microsoft Teams",
        "status": "held",
        "agenda": "Update on criminal proceedings\nPresentation and challenge of IMRs\n"
        "Gaps in the combined chronology\nFamily contact update",
        "minutes": "1. The perpetrator pleaded guilty and was sentenced on 12 September 2025; the "
        "pause ended on 15 September.\n2. Police IMR: the 2024 call was graded standard risk "
        "although the DASH recorded strangulation; the panel asked why the MARAC threshold was "
        "not applied on professional judgement.\n3. GP (ICB) IMR: three consultations for low "
        "mood; routine enquiry about domestic abuse was not made.\n4. Hospital IMR: the "
        "emergency department recorded 'fall at home'; no safeguarding question was asked.\n"
        "5. Vale Homes: damage to the front door was repaired twice without enquiry.\n"
        "6. Emma told the chair that her mother had been 'walking on eggshells' for years.",
        "attendance": _attendance(["pm1", "pm2", "pm3", "pm4", "pm5", "pm7", "pm8"], ["pm6"]),
        "actions": [
            {
                "description": "Police to supplement IMR on the risk grading of the 2024 call",
                "owner": "DI Helen Cartwright",
                "due_on": "2025-10-24",
                "done_on": "2025-10-22",
            },
            {
                "description": "Vale Homes to provide repairs log with reasons recorded",
                "owner": "Marcus Bell",
                "due_on": "2025-10-24",
                "done_on": "2025-10-31",
            },
        ],
    },
    {
        "kind": "panel",
        "number": 3,
        "held_on": "2025-11-24",
        "start_time": "10:00",
        "location": "Committee Room 2, Civic Centre, Ashford Vale",
        "status": "held",
        "agenda": "Combined chronology\nEmerging themes\nEquality and diversity\nFamily's account",
        "minutes": "The panel agreed four themes: (1) strangulation not recognised as a marker "
        "of escalating risk; (2) health settings missing chances for routine enquiry; (3) "
        "repeated property damage not seen as a possible sign of abuse; (4) Sarah's fear that "
        "disclosure would cost her her job in a school. Lisa attended for the family item with "
        "her AAFDA advocate and described Sarah as 'the one who organised every birthday'.",
        "attendance": _attendance(["pm1", "pm2", "pm3", "pm4", "pm6", "pm7", "pm8"], ["pm5"]),
        "actions": [
            {
                "description": "Chair to draft analysis and emerging recommendations",
                "owner": "Dr Ruth Okafor",
                "due_on": "2026-01-12",
                "done_on": "2026-01-09",
            }
        ],
    },
    {
        "kind": "panel",
        "number": 4,
        "held_on": "2026-01-26",
        "start_time": "10:00",
        "location": "Microsoft Teams",
        "status": "held",
        "agenda": "Draft overview report\nRecommendations and action plan\n"
        "Sharing the draft with the family",
        "minutes": "The panel agreed six recommendations and the action plan. The draft will go "
        "to Emma and Lisa through their advocate, with a meeting offered before sign-off.",
        "attendance": _attendance(["pm1", "pm2", "pm3", "pm4", "pm5", "pm6", "pm8"], ["pm7"]),
        "actions": [
            {
                "description": "Send draft to the family via AAFDA advocate",
                "owner": "Rachel Dunmore",
                "due_on": "2026-03-09",
                "done_on": "2026-03-09",
            },
            {
                "description": "Agencies to confirm action plan owners and target dates",
                "owner": "All agency panel members",
                "due_on": "2026-02-27",
                "done_on": "2026-03-02",
            },
        ],
    },
]
