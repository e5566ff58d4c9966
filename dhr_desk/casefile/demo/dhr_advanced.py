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
    milestones,
)
from dhr_desk.casefile.demo.dhr_advanced_chronology import CHRONOLOGY, LINKS
from dhr_desk.casefile.demo.dhr_advanced_panel import MEETINGS, PANEL
from dhr_desk.casefile.demo.dhr_advanced_plan import (
    DOCUMENTS,
    FAMILY_CONTACTS,
    RECOMMENDATIONS,
    RETURNS,
)

REFERENCE = "DHR-2025-003"

PEOPLE: list[dict[str, Any]] = [
    {
        "key": "p1",
        "real_name": "Karen Holloway",
        "other_names": "Kaz\nKaren Pearson",
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

PSEUDONYM_REGISTER: list[dict[str, Any]] = [
    {
        "kind": "workplace",
        "name": "St Anne's Church of England Primary School",
        "other_names": "St Anne's Primary\nSt Anne's",
        "shown_as": "the primary school where Sarah worked",
    },
    {
        "kind": "professional",
        "name": "Dr Imran Qureshi",
        "shown_as": "the family's GP",
        "notes": "Named in the ICB chronology.",
    },
    {
        "kind": "watch",
        "name": "Biscuit",
        "notes": "Sarah's dog, named in press reports of the trial.",
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


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "dhr",
            "title": "DHR 'Sarah'",
            "stage": "published",
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
            ("family_told_publication", "2026-09-14", "Publication planned for 26 October 2026"),
            ("published", "2026-10-26", "On the partnership's website with the QA Panel letter"),
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
                "decided_on": "2026-07-16",
                "outcome": "resubmit",
                "rationale": "The Panel asked for the Terms of Reference to be tailored to "
                "Sarah's employment, for the equality and diversity section to be expanded, and "
                "for two dates of birth left in the chronology to be removed.",
                "decided_by": "Home Office QA Panel",
                "communicated_on": "2026-07-16",
            },
            {
                "kind": "qa",
                "number": 2,
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
        chronology_links=LINKS,
        recommendations=RECOMMENDATIONS,
        early_learning=EARLY_LEARNING,
        submissions=SUBMISSIONS,
        publications=PUBLICATIONS,
        application=None,
        pseudonym_register=PSEUDONYM_REGISTER,
        publication_clearances=[
            {
                "subject": "finding",
                "key": "all:phone:0808 2000 247",
                "kind": "phone",
                "text": "0808 2000 247",
                "location": "everywhere",
                "reason": "The national domestic abuse helpline, given in the report on purpose.",
                "cleared_on": "2026-09-14",
                "cleared_by": "coordinator",
            }
        ],
        documents=DOCUMENTS,
    )


EARLY_LEARNING = [
    {
        "number": 1,
        "learning": "Non-fatal strangulation reported in 2023 was graded standard risk: the "
        "DASH answer was recorded but not weighed as a marker of homicide risk.",
        "action": "Northshire Police told every public protection officer that a report of "
        "non-fatal strangulation is referred to MARAC, and changed the DASH form so that the "
        "answer cannot be left ungraded.",
        "lead_agency": POLICE,
        "agreed_on": "2025-07-14",
        "agreed_at": "Panel meeting 2",
        "target_on": "2025-09-30",
        "completed_on": "2025-09-22",
        "outcome": "Guidance issued on 22 September 2025; MARAC referrals for strangulation "
        "doubled in the next quarter.",
    },
    {
        "number": 2,
        "learning": "Sarah's GP practice did not ask about domestic abuse when she attended "
        "with injuries and poor sleep.",
        "action": "The ICB added routine enquiry about domestic abuse to the practice nurses' "
        "training programme for 2025–26.",
        "lead_agency": ICB,
        "agreed_on": "2025-11-24",
        "agreed_at": "Panel meeting 3",
        "target_on": "2026-03-31",
    },
]

# The Home Office QA cycle: submitted with a copy to the Commissioner, sent back once, then
# resubmitted and passed.
SUBMISSIONS = [
    {"sent_on": "2026-05-28", "recipient": "home_office"},
    {"sent_on": "2026-05-28", "recipient": "commissioner"},
    {
        "sent_on": "2026-08-20",
        "recipient": "home_office",
        "action_plan": False,
        "other_documents": "a table of the changes made in answer to the Panel's letter",
        "note": "Resubmission after the QA letter of 16 July 2026",
    },
]

PUBLICATIONS = [
    {
        "document": document_kind,
        "published_on": "2026-10-26",
        "location": "https://www.saferashfordvale.example/reviews/dhr-sarah",
    }
    for document_kind in ("overview_report", "executive_summary", "action_plan")
] + [
    {
        "document": "home_office_letter",
        "published_on": "2026-10-26",
        "location": "https://www.saferashfordvale.example/reviews/dhr-sarah",
        "note": "The QA Panel's letter of 10 September 2026, published with the report",
    }
]


def agency_council() -> dict[str, Any]:
    return agency(COUNCIL, in_scope=False, notes="Commissioning partner; coordinates the review.")
