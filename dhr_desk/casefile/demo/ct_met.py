"""Demo Community Trigger: threshold met, case review meeting held, outcome and action plan.

Entirely fictional.
"""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    ADULT_CARE,
    COUNCIL,
    HOUSING,
    POLICE,
    agency,
    case_file,
    digest,
    milestones,
)

REFERENCE = "CT-2026-009"

THRESHOLD_DETAIL = """Complaints relied on: 6. Qualifying complaints: 4 (incidents counted once \
when reported to several agencies). Threshold: 3. A hate incident within six months also meets \
the local threshold on its own.
1. Youths banging on windows, 3 Feb 2026, reported to Vale Homes 4 Feb 2026: qualifying.
2. Eggs thrown at the door, 21 Feb 2026, reported to Northshire Police 21 Feb 2026: qualifying.
3. Same incident reported to Vale Homes 23 Feb 2026: counted once with 2.
4. Racist abuse shouted at the victim, 30 Mar 2026, reported to Northshire Police 30 Mar 2026: \
qualifying; hate incident.
5. Wheelchair ramp damaged, 18 Apr 2026, reported to Ashford Vale Borough Council \
20 Apr 2026: qualifying.
6. Noise from youths, 2 Oct 2025, reported to Vale Homes 3 Oct 2025: not qualifying - the \
application was made more than six months after the complaint."""


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "community_trigger",
            "title": "CT Mrs N (Orchard Court)",
            "stage": "outcome_letter",
            "summary": "Persistent harassment of a disabled older woman by a group of youths, "
            "including racist abuse. Threshold met; action plan agreed.",
            "created_at": "2026-05-11T09:15:52+00:00",
        },
        agencies=[
            agency(HOUSING, had_contact=True, contact_name="Marcus Bell"),
            agency(POLICE, had_contact=True, contact_name="PS Gareth Lamb, Neighbourhood Team"),
            agency(COUNCIL, had_contact=True, contact_name="ASB Officer"),
            agency(ADULT_CARE, had_contact=False, contact_name="Duty Social Worker"),
        ],
        people=[
            {
                "key": "p1",
                "real_name": "Patricia Ndlovu",
                "pseudonym": "Mrs N",
                "role": "victim",
                "date_of_birth": "1953-10-02",
                "address": "2 Orchard Court, Ashford Vale AV2 6OC",
                "contact": "01632 960733",
                "sex": "Female",
                "ethnicity": "Black British (Zimbabwean heritage)",
                "disability": "Wheelchair user (multiple sclerosis)",
                "notes": "Lives alone. Prefers contact through her son.",
            },
            {
                "key": "p2",
                "real_name": "Tendai Ndlovu",
                "role": "applicant",
                "relationship_to_victim": "son",
                "contact": "tendai.ndlovu@mail.example",
            },
            {
                "key": "p3",
                "real_name": "Shirley Banks",
                "role": "neighbour",
                "relationship_to_victim": "neighbour",
                "address": "4 Orchard Court",
            },
            {
                "key": "p4",
                "real_name": "Group of youths (four identified)",
                "role": "subject_of_complaint",
                "pseudonym": "Youths",
                "notes": "Names held by Northshire Police under reference NP-ASB-26-114.",
            },
        ],
        milestones=milestones(
            ("application", "2026-05-11"),
            ("acknowledged", "2026-05-13"),
            ("threshold_decision", "2026-05-27"),
            ("victim_invited", "2026-05-29", "Mrs N chose to give an impact statement"),
            ("case_review_meeting", "2026-06-17"),
            (
                "victim_consulted",
                "2026-06-23",
                "Draft action plan talked through with Mrs N and her son at home",
            ),
            ("outcome_letter", "2026-06-26"),
        ),
        decisions=[
            {
                "kind": "threshold",
                "decided_on": "2026-05-27",
                "outcome": "met",
                "rationale": "Four qualifying complaints, including a racially aggravated hate "
                "incident, against a vulnerable victim.",
                "decided_by": "Community Trigger threshold panel",
                "communicated_on": "2026-05-27",
                "detail": THRESHOLD_DETAIL,
            },
            {
                "kind": "outcome",
                "decided_on": "2026-06-17",
                "outcome": "recommendations",
                "rationale": "Agencies had responded to each report on its own; nobody had seen "
                "the whole pattern or the impact on Mrs N. Four recommendations agreed.",
                "decided_by": "Case review meeting, independent chair Alan Pryce",
                "communicated_on": "2026-06-26",
            },
        ],
        agency_returns=[
            {
                "agency": HOUSING,
                "return_type": "information",
                "requested_on": "2026-05-13",
                "due_on": "2026-05-22",
                "received_on": "2026-05-20",
            },
            {
                "agency": POLICE,
                "return_type": "information",
                "requested_on": "2026-05-13",
                "due_on": "2026-05-22",
                "last_chased_on": "2026-05-22",
                "times_chased": 1,
                "received_on": "2026-05-25",
            },
            {
                "agency": COUNCIL,
                "return_type": "information",
                "requested_on": "2026-05-13",
                "due_on": "2026-05-22",
                "received_on": "2026-05-19",
            },
        ],
        meetings=[
            {
                "kind": "case_review",
                "number": 1,
                "held_on": "2026-06-17",
                "start_time": "14:00",
                "location": "Meeting Room 3, Civic Centre, Ashford Vale",
                "status": "held",
                "agenda": "Introductions\nThe victim's impact statement\nEach agency's history "
                "and response\nWhat more can be done\nAction plan and single point of contact",
                "minutes": "The chair read Mrs N's impact statement. Police described two arrests "
                "and Community Protection Warnings issued to two of the youths. Vale Homes had "
                "logged six reports but had not linked them to police reports. The council had "
                "repaired the ramp. Agreed that the reports were handled as separate incidents and "
                "that Mrs N had stopped going out after dark.",
                "victim_invited": True,
                "impact_statement": "I have lived here 22 years. I used to sit in the garden "
                "in the evening. Now I keep the curtains shut from four o'clock and I jump "
                "at every knock. When they shouted those words at me I felt I did not belong "
                "in my own home.",
                "attendance": [
                    {
                        "name": "Alan Pryce",
                        "organisation": "Independent chair (Stourby CSP)",
                        "status": "attended",
                    },
                    {"name": "Tendai Ndlovu", "organisation": "Applicant", "status": "attended"},
                    {"name": "PS Gareth Lamb", "organisation": POLICE, "status": "attended"},
                    {"name": "Marcus Bell", "organisation": HOUSING, "status": "attended"},
                    {"name": "Leanne Shaw", "organisation": COUNCIL, "status": "attended"},
                    {
                        "name": "Duty Social Worker",
                        "organisation": ADULT_CARE,
                        "status": "apologies",
                    },
                    {"name": "Rachel Dunmore", "organisation": COUNCIL, "status": "attended"},
                ],
                "actions": [
                    {
                        "description": "Send the outcome letter and action plan to Mrs N and her "
                        "son",
                        "owner": "Rachel Dunmore",
                        "due_on": "2026-06-26",
                        "done_on": "2026-06-26",
                    },
                ],
            },
        ],
        recommendations=[
            {
                "number": 1,
                "lead_agency": POLICE,
                "text": "Targeted patrols at Orchard Court and "
                "escalation to Community Behaviour Orders for the identified youths.",
                "actions": [
                    {
                        "description": "Patrol plan for Orchard Court, 16:00–22:00, for 8 weeks",
                        "lead_agency": POLICE,
                        "target_on": "2026-08-31",
                        "completed_on": "2026-08-28",
                        "status": "complete",
                        "outcome": "No further incidents reported during the patrol plan.",
                    },
                    {
                        "description": "Apply for Criminal Behaviour Orders on conviction",
                        "lead_agency": POLICE,
                        "target_on": "2026-12-31",
                        "status": "in_progress",
                        "progress": [
                            {
                                "reported_on": "2026-09-30",
                                "note": "Two youths charged; "
                                "CBO applications prepared for sentencing.",
                            }
                        ],
                    },
                ],
            },
            {
                "number": 2,
                "lead_agency": HOUSING,
                "text": "Vale Homes to link reports from the "
                "same address and install a video doorbell and window film at Mrs N's home.",
                "actions": [
                    {
                        "description": "Install video doorbell and window film",
                        "lead_agency": HOUSING,
                        "target_on": "2026-07-17",
                        "completed_on": "2026-07-09",
                        "status": "complete",
                    },
                ],
            },
            {
                "number": 3,
                "lead_agency": ADULT_CARE,
                "text": "Offer Mrs N a Care Act assessment including support to go out safely.",
                "actions": [
                    {
                        "description": "Care Act assessment",
                        "lead_agency": ADULT_CARE,
                        "target_on": "2026-07-31",
                        "status": "complete",
                        "completed_on": "2026-07-24",
                        "outcome": "Assessment completed; befriending service arranged.",
                    },
                ],
            },
            {
                "number": 4,
                "lead_agency": COUNCIL,
                "text": "A single point of contact for Mrs N "
                "with a fortnightly call for three months.",
                "actions": [
                    {
                        "description": "Fortnightly calls by the ASB officer",
                        "lead_agency": COUNCIL,
                        "target_on": "2026-09-30",
                        "status": "complete",
                        "completed_on": "2026-09-29",
                        "progress": [
                            {
                                "reported_on": "2026-07-15",
                                "note": "Mrs N feels safer; sitting in the garden again.",
                            },
                            {
                                "reported_on": "2026-09-29",
                                "note": "Final call; case closed with Mrs N's agreement.",
                            },
                        ],
                    },
                ],
            },
        ],
        application={
            "received_on": "2026-05-11",
            "channel": "form",
            "applicant": "p2",
            "victim": "p1",
            "on_behalf_of_victim": True,
            "consent_obtained_on": "2026-05-09",
            "matter": "Youths gathering outside my mother's flat, banging on the windows, "
            "throwing eggs, damaging her ramp and shouting racist abuse.",
            "victim_vulnerable": True,
            "acknowledged_on": "2026-05-13",
            "single_point_of_contact": "Leanne Shaw, ASB Officer",
            "reasonable_adjustments": "Large-print letters; contact through her son; visits at "
            "home (wheelchair user).",
        },
        complaints=[
            {
                "incident_on": "2025-10-02",
                "reported_on": "2025-10-03",
                "reported_to": HOUSING,
                "complainant": "p1",
                "matter": "youths",
                "incident_ref": "I0",
                "description": "Noise from youths in the courtyard.",
            },
            {
                "incident_on": "2026-02-03",
                "reported_on": "2026-02-04",
                "reported_to": HOUSING,
                "agency_reference": "VH-ASB-2026-0052",
                "complainant": "p1",
                "matter": "youths",
                "incident_ref": "I1",
                "description": "Banging on windows after dark.",
            },
            {
                "incident_on": "2026-02-21",
                "reported_on": "2026-02-21",
                "reported_to": POLICE,
                "agency_reference": "NP-0226-1408",
                "complainant": "p2",
                "matter": "youths",
                "incident_ref": "I2",
                "description": "Eggs thrown at the front door.",
            },
            {
                "incident_on": "2026-02-21",
                "reported_on": "2026-02-23",
                "reported_to": HOUSING,
                "agency_reference": "VH-ASB-2026-0077",
                "complainant": "p3",
                "matter": "youths",
                "incident_ref": "I2",
                "description": "Neighbour reported the egg throwing.",
            },
            {
                "incident_on": "2026-03-30",
                "reported_on": "2026-03-30",
                "reported_to": POLICE,
                "agency_reference": "NP-0326-2210",
                "complainant": "p1",
                "matter": "youths",
                "incident_ref": "I3",
                "description": "Racist abuse shouted at Mrs N.",
                "is_hate_incident": True,
            },
            {
                "incident_on": "2026-04-18",
                "reported_on": "2026-04-20",
                "reported_to": COUNCIL,
                "complainant": "p2",
                "matter": "youths",
                "incident_ref": "I4",
                "description": "Wheelchair ramp handrail pulled off.",
            },
        ],
        documents=[
            {
                "kind": "ct_outcome_letter",
                "title": "Case review outcome letter",
                "file_format": "pdf",
                "draft": False,
                "file_name": "CT-2026-009 outcome letter.pdf",
                "sha256": digest("CT-2026-009 outcome"),
                "generated_at": "2026-06-26T10:30:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "Patricia Ndlovu (via Tendai Ndlovu)",
                        "sent_on": "2026-06-26",
                        "sha256": digest("CT-2026-009 outcome Ndlovu"),
                    }
                ],
            },
        ],
    )
