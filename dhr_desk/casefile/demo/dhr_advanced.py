"""Demo DHR well advanced: report through Home Office QA, action plan being monitored.

Entirely fictional. "Sarah" (pseudonym) was killed by her husband at their home in Ashford Vale
in January 2025; he pleaded guilty and was sentenced in September 2025.
"""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    ADULT_CARE,
    AMBULANCE,
    CHILDRENS,
    COUNCIL,
    HOSPITALS,
    HOUSING,
    ICB,
    MENTAL_HEALTH,
    POLICE,
    WOMENS_AID,
    agency,
    case_file,
    chronology,
    digest,
    milestones,
)

REFERENCE = "DHR-2025-003"

PEOPLE: list[dict[str, Any]] = [
    {
        "key": "p1",
        "real_name": "Karen Holloway",
        "pseudonym": "Sarah",
        "pseudonym_agreed_with_family": True,
        "role": "victim",
        "date_of_birth": "1978-06-09",
        "date_of_death": "2025-01-18",
        "address": "27 Larkspur Close, Ashford Vale AV3 8LC",
        "sex": "Female",
        "gender_identity": "Woman",
        "ethnicity": "White British",
        "religion": "None stated",
        "disability": "Depression (treated by GP)",
        "sexual_orientation": "Heterosexual",
        "nationality": "British",
        "first_language": "English",
        "other_identifiers": "NHS 943 476 5919",
        "notes": "Teaching assistant at a primary school for 14 years; described by colleagues "
        "as warm, funny and devoted to her daughter and her allotment.",
    },
    {
        "key": "p2",
        "real_name": "Darren Holloway",
        "pseudonym": "Mark",
        "role": "perpetrator",
        "relationship_to_victim": "husband",
        "date_of_birth": "1975-11-30",
        "address": "HMP Northam",
        "sex": "Male",
        "ethnicity": "White British",
        "nationality": "British",
        "first_language": "English",
        "other_identifiers": "PNC 95/112734K",
        "notes": "Pleaded guilty to murder; life sentence, minimum term 19 years (September 2025).",
    },
    {
        "key": "p3",
        "real_name": "Chloe Holloway",
        "pseudonym": "Emma",
        "pseudonym_agreed_with_family": True,
        "role": "family",
        "relationship_to_victim": "daughter",
        "date_of_birth": "2004-02-17",
        "address": "Flat 4, 9 Beech Road, Northam NS5 2BR",
        "contact": "07700 900431",
        "sex": "Female",
    },
    {
        "key": "p4",
        "real_name": "Julie Pearson",
        "pseudonym": "Lisa",
        "pseudonym_agreed_with_family": True,
        "role": "family",
        "relationship_to_victim": "sister",
        "address": "3 Mill Lane, Stourby SY2 4ML",
        "contact": "julie.pearson@mail.example",
        "sex": "Female",
    },
    {
        "key": "p5",
        "real_name": "Angela Price",
        "pseudonym": "Colleague A",
        "role": "colleague",
        "relationship_to_victim": "friend and colleague",
        "contact": "07700 900877",
    },
]

AGENCIES = [
    agency(
        POLICE,
        scoping_sent_on="2025-02-03",
        had_contact=True,
        records_secured_on="2025-02-24",
        contact_name="DS Tom Whitlock, Major Crime",
    ),
    agency(ICB, scoping_sent_on="2025-02-03", had_contact=True, records_secured_on="2025-02-27"),
    agency(
        HOSPITALS, scoping_sent_on="2025-02-03", had_contact=True, records_secured_on="2025-03-03"
    ),
    agency(
        MENTAL_HEALTH,
        scoping_sent_on="2025-02-03",
        had_contact=True,
        records_secured_on="2025-03-05",
        notes="Talking therapies contact only (2023).",
    ),
    agency(ADULT_CARE, scoping_sent_on="2025-02-03", had_contact=False, in_scope=False),
    agency(
        CHILDRENS,
        scoping_sent_on="2025-02-03",
        had_contact=True,
        records_secured_on="2025-03-04",
        notes="Contact in 2016-2018 when the daughter was at school; outside the review period "
        "but summarised as background.",
    ),
    agency(
        HOUSING, scoping_sent_on="2025-02-03", had_contact=True, records_secured_on="2025-02-28"
    ),
    agency(
        WOMENS_AID, scoping_sent_on="2025-02-03", had_contact=True, records_secured_on="2025-02-26"
    ),
    agency(
        AMBULANCE, scoping_sent_on="2025-02-03", had_contact=True, records_secured_on="2025-03-10"
    ),
]

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


ALL = ["pm1", "pm2", "pm3", "pm4", "pm5", "pm6", "pm7", "pm8"]

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

CHRONOLOGY = (
    chronology(
        POLICE,
        (
            "2022-03-12",
            "23:40",
            "Police IMR; incident log 0322-1187",
            "Neighbour called police reporting shouting and a woman screaming at the address.",
            "Officers attended; both parties said it was a verbal argument. No DASH completed.",
            "A DASH should have been completed at any domestic incident (force policy).",
        ),
        (
            "2023-07-04",
            "01:15",
            "Police IMR; incident log 0723-0094",
            "Sarah called 999 saying "
            "her husband had pushed her against a wall and would not let her leave.",
            "Mark arrested for assault; released on bail with conditions. DASH: medium risk.",
            "Sarah withdrew support the next day; no victim-less prosecution considered.",
        ),
        (
            "2023-07-05",
            "",
            "Police IMR; custody record",
            "Sarah withdrew her statement, saying she did not want him to lose his job.",
            "No further action.",
            "",
        ),
        (
            "2024-05-18",
            "22:05",
            "Police IMR; incident log 0524-1560",
            "Daughter called police: Mark had put his hands round Sarah's neck during an argument.",
            "Mark arrested. "
            "DASH completed: 13 ticks including strangulation; graded standard risk.",
            "The "
            "grading is not consistent with the DASH answers; MARAC referral on professional "
            "judgement was not considered.",
        ),
        (
            "2024-05-19",
            "",
            "Police IMR; custody record",
            "Mark charged with non-fatal "
            "strangulation; remanded, then bailed with a condition not to enter Larkspur Close.",
            "Referral to the IDVA service made.",
            "",
        ),
        (
            "2024-08-30",
            "",
            "Police IMR",
            "CPS discontinued the strangulation charge: Sarah declined to attend court.",
            "Case closed. Bail conditions ended.",
            "No safety planning contact recorded after the charge was dropped.",
        ),
        (
            "2024-10-02",
            "",
            "Police IMR; PNC check",
            "Mark stopped for a driving matter; "
            "officer noted a previous domestic incident on the PNC.",
            "Words of advice.",
            "",
        ),
        (
            "2025-01-03",
            "19:30",
            "Police IMR; incident log 0125-0112",
            "Caller (Sarah) rang 101 "
            "asking how to get a non-molestation order, then ended the call.",
            "Call handler gave the NWA helpline number; no callback or welfare check.",
            "The call was not linked "
            "to the address history showing strangulation eight months earlier.",
        ),
        (
            "2025-01-18",
            "07:52",
            "Police IMR; incident log 0125-0841",
            "Emma found her mother dead at home. Mark was arrested nearby.",
            "Homicide investigation; SIO appointed.",
            "",
        ),
    )
    + chronology(
        ICB,
        (
            "2022-09-14",
            "",
            "GP records (ICB IMR)",
            "Sarah saw her GP for low mood and poor sleep.",
            "Sertraline started; review in 4 weeks.",
            "No routine enquiry about domestic abuse.",
        ),
        (
            "2022-10-12",
            "",
            "GP records (ICB IMR)",
            "Medication review: mood slightly better; mentions 'stress at home'.",
            "Continue medication.",
            "'Stress at home' was not explored.",
        ),
        (
            "2023-07-11",
            "",
            "GP records (ICB IMR)",
            "Consultation for bruising to upper arms; Sarah said she had fallen on the allotment.",
            "Advice given.",
            "Injury pattern not "
            "consistent with a fall; a week after the police call-out, which the GP did not know "
            "of.",
        ),
        (
            "2024-06-03",
            "",
            "GP records (ICB IMR)",
            "Sarah asked for a sick note for stress; tearful.",
            "Fit note 2 weeks; referral to talking therapies.",
            "",
        ),
        (
            "2024-07-22",
            "",
            "GP records (ICB IMR)",
            "Letter from talking therapies: assessment completed.",
            "Filed.",
            "",
        ),
        (
            "2024-08-12",
            "",
            "GP records (ICB IMR)",
            "Discharge letter from talking therapies after missed appointments.",
            "Filed; no follow-up.",
            "The practice did not contact Sarah to ask why.",
        ),
        (
            "2024-11-20",
            "",
            "GP records (ICB IMR)",
            "Telephone review; Sarah said things were 'better now he is back home'.",
            "Continue sertraline.",
            "A cue to enquire that was missed.",
        ),
    )
    + chronology(
        HOSPITALS,
        (
            "2023-07-05",
            "03:20",
            "Emergency department record (NHFT IMR)",
            "Attended with a wrist injury, said she fell down stairs.",
            "X-ray; sprain; discharged.",
            "Not asked about domestic abuse although attending at 3 a.m. with her husband present.",
        ),
        (
            "2024-05-19",
            "00:40",
            "Emergency department record (NHFT IMR)",
            "Attended with neck pain and a hoarse voice, brought by police.",
            "Examined; discharged with analgesia.",
            "Non-fatal strangulation noted by police but not in the clinical record; no "
            "safeguarding referral.",
        ),
    )
    + chronology(
        MENTAL_HEALTH,
        (
            "2024-06-24",
            "",
            "Talking therapies record (NPT IMR)",
            "Telephone assessment; Sarah described anxiety and 'feeling trapped'.",
            "Offered 6 sessions of guided self-help.",
            "",
        ),
        (
            "2024-08-05",
            "",
            "Talking therapies record (NPT IMR)",
            "Discharged after two missed appointments.",
            "Letter to GP.",
            "No attempt to understand why she missed them.",
        ),
    )
    + chronology(
        HOUSING,
        (
            "2023-02-08",
            "",
            "Repairs log (Vale Homes IMR)",
            "Front door lock and frame replaced; tenant reported 'forced entry'.",
            "Repair completed.",
            "Not queried.",
        ),
        (
            "2024-05-21",
            "",
            "Repairs log (Vale Homes IMR)",
            "Internal door replaced; 'kicked in'.",
            "Repair recharged to tenant.",
            "Three days after the strangulation call-out; "
            "no information shared with the housing officer.",
        ),
        (
            "2024-06-12",
            "",
            "Rent account (Vale Homes IMR)",
            "Sole tenancy in Sarah's name; Mark listed as a household member.",
            "",
            "",
        ),
        (
            "2024-09-16",
            "",
            "Housing officer notes (Vale Homes IMR)",
            "Annual tenancy visit; Mark answered the door and spoke for Sarah.",
            "Visit completed.",
            "Opportunity to speak to Sarah alone missed.",
        ),
    )
    + chronology(
        WOMENS_AID,
        (
            "2024-05-20",
            "",
            "IDVA case record (NWA IMR)",
            "Referral received from police (standard risk).",
            "Three calls attempted over a week.",
            "",
        ),
        (
            "2024-05-24",
            "",
            "IDVA case record (NWA IMR)",
            "Fourth call attempted; a man answered and said Sarah was out.",
            "Call ended without identifying the service.",
            "Good practice in protecting the contact.",
        ),
        (
            "2024-05-28",
            "",
            "IDVA case record (NWA IMR)",
            "Spoke to Sarah briefly; she said it was not safe to talk.",
            "Safe word and times agreed.",
            "",
        ),
        (
            "2024-06-10",
            "",
            "IDVA case record (NWA IMR)",
            "No contact at agreed times.",
            "Case closed after 14 days without engagement, per policy.",
            "The closure policy did not consider the severity of the incident.",
        ),
    )
    + chronology(
        CHILDRENS,
        (
            "2022-01-10",
            "",
            "Children's services summary",
            "Background: 2016-2018 school reports of Emma being anxious about 'arguments at home'.",
            "Early help offered and declined (2017).",
            "Outside the review period; included as background.",
        ),
    )
    + chronology(
        AMBULANCE,
        (
            "2025-01-18",
            "07:58",
            "Patient report form (EMAS)",
            "Crew attended; life extinct.",
            "Police on scene.",
            "",
        ),
    )
    + chronology(
        None,
        (
            "2024-12-24",
            "",
            "Family (Lisa, interview with chair)",
            "At Christmas Sarah told her "
            "sister she was afraid of Mark and was saving money to leave.",
            "",
            "Not known to any agency.",
        ),
        (
            "2025-01-10",
            "",
            "Colleague A (interview with chair)",
            "Sarah asked a colleague "
            "about refuge spaces and said she would 'sort it after the holidays'.",
            "",
            "",
        ),
    )
)

RETURNS = [
    {
        "agency": POLICE,
        "return_type": "imr",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "received_on": "2025-09-19",
        "quality_checked_on": "2025-09-24",
        "author_name": "DS Karen Lister, Review Unit",
        "author_independent": True,
        "notes": "Due date moved after the pause for the criminal trial.",
    },
    {
        "agency": ICB,
        "return_type": "imr",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "received_on": "2025-09-22",
        "quality_checked_on": "2025-09-25",
        "author_name": "Dr Imran Siddiqui, Named GP",
        "author_independent": True,
    },
    {
        "agency": HOSPITALS,
        "return_type": "imr",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "last_chased_on": "2025-09-15",
        "times_chased": 1,
        "received_on": "2025-09-26",
        "quality_checked_on": "2025-09-29",
        "author_name": "Janet Forsyth, Safeguarding Lead",
        "author_independent": True,
    },
    {
        "agency": MENTAL_HEALTH,
        "return_type": "short_report",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "received_on": "2025-09-12",
        "quality_checked_on": "2025-09-17",
        "author_name": "Owen Harte, Clinical Lead",
        "author_independent": True,
    },
    {
        "agency": CHILDRENS,
        "return_type": "information",
        "requested_on": "2025-05-06",
        "due_on": "2025-06-30",
        "received_on": "2025-06-18",
    },
    {
        "agency": HOUSING,
        "return_type": "imr",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "last_chased_on": "2025-10-03",
        "times_chased": 2,
        "received_on": "2025-10-10",
        "quality_checked_on": "2025-10-16",
        "author_name": "Priya Chandra, Quality Manager",
        "author_independent": True,
        "notes": "Supplementary repairs log received 31 October 2025.",
    },
    {
        "agency": WOMENS_AID,
        "return_type": "imr",
        "requested_on": "2025-05-06",
        "due_on": "2025-10-31",
        "received_on": "2025-09-18",
        "quality_checked_on": "2025-09-24",
        "author_name": "Gemma Lowe, Operations Manager",
        "author_independent": True,
    },
    {
        "agency": AMBULANCE,
        "return_type": "chronology",
        "requested_on": "2025-05-06",
        "due_on": "2025-06-30",
        "received_on": "2025-06-12",
    },
]

RECOMMENDATIONS = [
    {
        "number": 1,
        "scope": "local",
        "lead_agency": POLICE,
        "text": "Northshire Police to ensure that any report of non-fatal strangulation is "
        "graded at least high risk and referred to MARAC.",
        "actions": [
            {
                "description": "Amend the domestic abuse risk policy and DASH supervision "
                "checklist so that strangulation triggers a high-risk grading.",
                "lead_agency": POLICE,
                "milestones": "Policy amended (April 2026); supervisors briefed (May 2026).",
                "target_on": "2026-06-30",
                "completed_on": "2026-05-29",
                "outcome": "Policy live; dip sample of 50 cases in July showed 100% compliance.",
                "status": "complete",
                "progress": [
                    {
                        "reported_on": "2026-04-14",
                        "note": "Draft policy approved by the Public Protection board.",
                    },
                    {
                        "reported_on": "2026-05-29",
                        "note": "All supervisors briefed; policy published on the intranet.",
                    },
                ],
            }
        ],
    },
    {
        "number": 2,
        "scope": "local",
        "lead_agency": ICB,
        "text": "Northshire ICB to promote routine enquiry about domestic abuse in primary care "
        "for patients presenting with low mood, anxiety or unexplained injuries.",
        "actions": [
            {
                "description": "Deliver IRIS-style domestic abuse training to all GP practices "
                "in Ashford Vale.",
                "lead_agency": ICB,
                "milestones": "12 of 19 practices trained by October 2026.",
                "target_on": "2027-03-31",
                "status": "in_progress",
                "progress": [
                    {"reported_on": "2026-07-01", "note": "Training programme commissioned."},
                    {
                        "reported_on": "2026-10-15",
                        "note": "12 practices trained; remaining "
                        "sessions booked for January–March 2027.",
                    },
                ],
            },
            {
                "description": "Add a domestic abuse prompt to the mental health template in "
                "GP clinical systems.",
                "lead_agency": ICB,
                "target_on": "2026-12-31",
                "status": "open",
            },
        ],
    },
    {
        "number": 3,
        "scope": "local",
        "lead_agency": HOSPITALS,
        "text": "Northshire Hospitals to ensure emergency department staff ask about domestic "
        "abuse when a patient is brought in by police, and record non-fatal strangulation.",
        "actions": [
            {
                "description": "Introduce a strangulation assessment pathway in the "
                "emergency department.",
                "lead_agency": HOSPITALS,
                "target_on": "2026-09-30",
                "status": "in_progress",
                "milestones": "Pathway drafted; awaiting clinical governance approval.",
                "progress": [
                    {
                        "reported_on": "2026-09-22",
                        "note": "Approval delayed to the November clinical governance meeting.",
                    }
                ],
            }
        ],
    },
    {
        "number": 4,
        "scope": "local",
        "lead_agency": HOUSING,
        "text": "Vale Homes to treat repeated damage to doors and locks as a possible "
        "indicator of domestic abuse and to see tenants alone at tenancy visits.",
        "actions": [
            {
                "description": "Add a domestic abuse question to the repairs triage script "
                "and train repairs call handlers.",
                "lead_agency": HOUSING,
                "target_on": "2026-08-31",
                "completed_on": "2026-08-14",
                "outcome": "Script live; 41 staff trained; DAHA accreditation work started.",
                "status": "complete",
            }
        ],
    },
    {
        "number": 5,
        "scope": "local",
        "lead_agency": WOMENS_AID,
        "text": "Northshire Women's Aid to review its closure policy so that cases after "
        "strangulation are not closed for non-engagement without a multi-agency discussion.",
        "actions": [
            {
                "description": "Revise the IDVA non-engagement policy.",
                "lead_agency": WOMENS_AID,
                "target_on": "2026-07-31",
                "completed_on": "2026-07-20",
                "status": "complete",
                "outcome": "Policy revised; non-engagement cases now discussed at the daily "
                "risk meeting.",
            }
        ],
    },
    {
        "number": 6,
        "scope": "national",
        "text": "The Home Office to consider guidance for employers in schools on supporting "
        "staff who disclose domestic abuse.",
        "source": "overview",
        "actions": [
            {
                "description": "CSP chair to write to the Home Office and the Department for "
                "Education.",
                "target_on": "2026-10-31",
                "completed_on": "2026-10-08",
                "status": "complete",
                "outcome": "Letters sent; acknowledgement received from the Home Office.",
            }
        ],
    },
]

FAMILY_CONTACTS = [
    {
        "person": "p3",
        "contacted_on": "2025-03-04",
        "contacted_by": "Rachel Dunmore",
        "method": "via_police_flo",
        "purpose": "First letter, Home Office leaflet and offer of AAFDA advocacy",
        "outcome": "Letter delivered by the family liaison officer.",
        "leaflet_given": True,
    },
    {
        "person": "p4",
        "contacted_on": "2025-03-04",
        "contacted_by": "Rachel Dunmore",
        "method": "letter",
        "purpose": "First letter, Home Office leaflet and offer of AAFDA advocacy",
        "outcome": "Lisa phoned back on 10 March and accepted advocacy.",
        "leaflet_given": True,
    },
    {
        "person": "p3",
        "contacted_on": "2025-05-14",
        "contacted_by": "Dr Ruth Okafor",
        "method": "in_person",
        "advocate": "a1",
        "purpose": "Meet the chair; Terms of Reference",
        "outcome": "Emma asked that the review look at why the 2024 charge was dropped.",
    },
    {
        "person": "p4",
        "contacted_on": "2025-10-20",
        "contacted_by": "Dr Ruth Okafor",
        "method": "in_person",
        "advocate": "a1",
        "purpose": "Interview for the review",
        "outcome": "Lisa described Sarah's life and her plans to leave; agreed the pseudonym "
        "'Sarah'.",
    },
    {
        "person": "p3",
        "contacted_on": "2026-03-09",
        "contacted_by": "Rachel Dunmore",
        "method": "via_advocate",
        "advocate": "a1",
        "purpose": "Draft overview report shared",
        "outcome": "Sent by secure email to the advocate.",
    },
    {
        "person": "p3",
        "contacted_on": "2026-03-30",
        "contacted_by": "Dr Ruth Okafor",
        "method": "in_person",
        "advocate": "a1",
        "purpose": "Family comments on the draft",
        "outcome": "Emma and Lisa asked for a tribute to be added; the preface was rewritten with "
        "them.",
    },
    {
        "person": "p4",
        "contacted_on": "2026-09-14",
        "contacted_by": "Rachel Dunmore",
        "method": "phone",
        "advocate": "a1",
        "purpose": "Home Office QA outcome and publication date",
        "outcome": "Family content with publication in November 2026.",
    },
]

DOCUMENTS = [
    {
        "kind": "terms_of_reference",
        "title": "Terms of Reference – DHR Sarah",
        "version": 2,
        "edition": "full",
        "file_format": "docx",
        "draft": False,
        "file_name": "DHR-2025-003 Terms of Reference v2.docx",
        "sha256": digest("DHR-2025-003 ToR v2"),
        "generated_at": "2025-05-01T09:12:41+00:00",
        "generated_by": "rdunmore",
        "distributions": [
            {
                "recipient": "Dr Ruth Okafor",
                "sent_on": "2025-05-01",
                "sha256": digest("ToR v2 Okafor"),
                "file_name": "ToR v2 - Okafor.docx",
            },
            {
                "recipient": "Beverley Ashton (AAFDA) for the family",
                "sent_on": "2025-05-01",
                "sha256": digest("ToR v2 family"),
                "file_name": "ToR v2 - family.pdf",
                "password_protected": True,
            },
        ],
    },
    {
        "kind": "imr_request",
        "title": "IMR request – Northshire Police",
        "version": 1,
        "file_format": "pdf",
        "draft": False,
        "file_name": "DHR-2025-003 IMR request Police.pdf",
        "sha256": digest("DHR-2025-003 IMR Police"),
        "generated_at": "2025-05-06T10:02:09+00:00",
        "generated_by": "rdunmore",
        "distributions": [
            {
                "recipient": "DCI Priya Nair",
                "sent_on": "2025-05-06",
                "sha256": digest("IMR Police Nair"),
                "file_name": "IMR request Police.pdf",
            },
        ],
    },
    {
        "kind": "overview_report",
        "title": "Overview report – draft for the family",
        "version": 3,
        "file_format": "pdf",
        "draft": True,
        "file_name": "DHR-2025-003 Overview v3 DRAFT.pdf",
        "sha256": digest("DHR-2025-003 Overview v3"),
        "generated_at": "2026-03-06T16:40:00+00:00",
        "generated_by": "rdunmore",
        "distributions": [
            {
                "recipient": "Beverley Ashton (AAFDA) for the family",
                "sent_on": "2026-03-09",
                "sha256": digest("Overview v3 family"),
                "file_name": "Overview v3 - family.pdf",
                "password_protected": True,
            },
        ],
    },
    {
        "kind": "overview_report",
        "title": "Overview report – published edition",
        "version": 5,
        "edition": "published",
        "file_format": "pdf",
        "draft": False,
        "file_name": "DHR Sarah Overview Report.pdf",
        "sha256": digest("DHR-2025-003 Published v5"),
        "generated_at": "2026-10-19T11:05:30+00:00",
        "generated_by": "rdunmore",
    },
]


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "dhr",
            "title": "DHR 'Sarah'",
            "stage": "family_told_publication",
            "summary": "Woman, 46, killed by her husband at home. Police and IDVA contact in "
            "2023-2024 including non-fatal strangulation graded standard risk.",
            "notification_received_on": "2025-01-27",
            "notified_by": "DCI Priya Nair, Northshire Police Major Crime",
            "date_of_death": "2025-01-18",
            "place_of_death": "Home address, Larkspur Close, Ashford Vale",
            "circumstances": "Stab wounds. Husband arrested at the scene; later pleaded guilty "
            "to murder.",
            "review_period_start": "2022-01-01",
            "review_period_end": "2025-01-18",
            "lines_of_enquiry": "Coercive and controlling behaviour\nRisk assessment: DASH, "
            "MARAC threshold, response to non-fatal strangulation\nRoutine enquiry in health "
            "settings\nBarriers to disclosure for a woman in employment\nEquality and "
            "diversity\nWho Sarah was",
            "created_at": "2025-01-27T14:22:05+00:00",
        },
        agencies=AGENCIES + [agency_council()],
        people=PEOPLE,
        advocates=[
            {
                "key": "a1",
                "name": "Beverley Ashton",
                "organisation": "AAFDA",
                "contact": "b.ashton@aafda.example",
                "offered_on": "2025-03-04",
                "accepted": True,
                "person": "p3",
            }
        ],
        family_contacts=FAMILY_CONTACTS,
        panel_members=PANEL,
        milestones=milestones(
            ("notification", "2025-01-27"),
            ("scoping", "2025-02-03", "Scoping and secure-records letters to 10 agencies"),
            ("decision", "2025-02-20"),
            ("home_office_informed", "2025-02-25"),
            ("family_informed", "2025-03-04"),
            ("chair_appointed", "2025-03-31", "Dr Ruth Okafor; panel formed the same day"),
            ("tor_agreed", "2025-04-28"),
            ("returns_requested", "2025-05-06"),
            ("returns_received", "2025-10-31", "Last: Vale Homes supplementary repairs log"),
            ("draft_completed", "2026-03-06"),
            ("family_saw_draft", "2026-03-09", "Through the AAFDA advocate"),
            ("panel_sign_off", "2026-04-20"),
            ("csp_sign_off", "2026-05-14"),
            ("submitted", "2026-05-28", "Copy sent to the Domestic Abuse Commissioner"),
            ("qa_approved", "2026-09-10", "May be published; minor amendments to the chronology"),
            ("family_told_publication", "2026-09-14", "Publication planned for 23 November 2026"),
        ),
        decisions=[
            {
                "kind": "review",
                "decided_on": "2025-02-20",
                "outcome": "review",
                "rationale": "The criteria in s9 of the 2004 Act are met: death of a woman aged 46 "
                "following violence by her husband.",
                "decided_by": "Councillor Martin Ellery, CSP chair",
                "communicated_on": "2025-02-25",
            },
            {
                "kind": "qa",
                "decided_on": "2026-09-10",
                "outcome": "may_publish",
                "rationale": "The Quality Assurance Panel commended the tribute to Sarah and the "
                "clarity of the recommendations; asked for dates in the executive summary "
                "chronology to be anonymised.",
                "decided_by": "Home Office QA Panel",
                "communicated_on": "2026-09-10",
            },
        ],
        pauses=[
            {
                "reason": "criminal_trial",
                "detail": "Trial at Northshire Crown Court; the SIO "
                "asked that witnesses are not interviewed before it. Guilty plea 12 September "
                "2025.",
                "started_on": "2025-05-19",
                "resumed_on": "2025-09-15",
            }
        ],
        agency_returns=RETURNS,
        meetings=MEETINGS,
        chronology=CHRONOLOGY,
        recommendations=RECOMMENDATIONS,
        application=None,
        documents=DOCUMENTS,
    )


def agency_council() -> dict[str, Any]:
    return agency(COUNCIL, in_scope=False, notes="Commissioning partner; coordinates the review.")
