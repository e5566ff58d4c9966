"""Demo Community Trigger where the threshold is not met. Entirely fictional."""

from __future__ import annotations

from typing import Any

from dhr_desk.casefile.demo._build import (
    COUNCIL,
    HOUSING,
    POLICE,
    agency,
    case_file,
    digest,
    milestones,
)

REFERENCE = "CT-2026-004"

THRESHOLD_DETAIL = """Complaints relied on: 4. Qualifying complaints: 2. Threshold: 3.
1. Noise (party), incident 19 Jul 2025, reported to Ashford Vale Borough Council 21 Jul 2025: \
not qualifying - the application was made more than six months after the complaint.
2. Noise (dog, music), incident 8 Nov 2025, reported to Vale Homes 10 Nov 2025: qualifying.
3. Noise (party), incident 31 Dec 2025, reported to Ashford Vale Borough Council 9 Feb 2026: \
not qualifying - reported more than one month after the incident.
4. Verbal abuse over the fence, incident 14 Feb 2026, reported to Northshire Police \
15 Feb 2026: qualifying.
No hate incident; the applicant is not considered vulnerable under the local procedure."""


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "community_trigger",
            "title": "CT Mr F (Hawthorn Road)",
            "stage": "closure_explained",
            "summary": "Noise and verbal abuse from neighbours; two qualifying complaints.",
            "closed_on": "2026-03-13",
            "closure_reason": "The threshold for a case review was not met. The agencies go on "
            "responding to new reports, and Northshire Mediation has offered to help with the "
            "neighbours.",
            "created_at": "2026-03-02T10:41:18+00:00",
        },
        agencies=[
            agency(COUNCIL, had_contact=True, contact_name="Environmental Protection Officer"),
            agency(HOUSING, had_contact=True, contact_name="Neighbourhood Officer"),
            agency(POLICE, had_contact=True, contact_name="PCSO Amy Foster"),
        ],
        people=[
            {
                "key": "p1",
                "real_name": "Gordon Fairclough",
                "role": "applicant",
                "pseudonym": "Mr F",
                "date_of_birth": "1961-08-25",
                "address": "16 Hawthorn Road, Ashford Vale AV5 2HR",
                "contact": "01632 960418",
            },
            {
                "key": "p2",
                "real_name": "Kyle Dempsey",
                "role": "subject_of_complaint",
                "pseudonym": "Neighbour",
                "address": "14 Hawthorn Road, Ashford Vale AV5 2HR",
            },
        ],
        milestones=milestones(
            ("application", "2026-03-02"),
            ("acknowledged", "2026-03-04"),
            ("threshold_decision", "2026-03-13"),
            (
                "closure_explained",
                "2026-03-13",
                "Told by phone with the decision letter; mediation offered",
            ),
        ),
        decisions=[
            {
                "kind": "threshold",
                "decided_on": "2026-03-13",
                "outcome": "not_met",
                "rationale": "Two qualifying complaints against a threshold of three; the "
                "agencies' responses (noise monitoring, tenancy warning, words of advice) were "
                "proportionate. Signposted to Northshire Mediation; told of the right to ask for "
                "the decision to be reviewed within 20 working days.",
                "decided_by": "Community Trigger threshold panel (council, police, Vale Homes)",
                "communicated_on": "2026-03-13",
                "detail": THRESHOLD_DETAIL,
            },
        ],
        agency_returns=[
            {
                "agency": COUNCIL,
                "return_type": "information",
                "requested_on": "2026-03-04",
                "due_on": "2026-03-11",
                "received_on": "2026-03-09",
            },
            {
                "agency": HOUSING,
                "return_type": "information",
                "requested_on": "2026-03-04",
                "due_on": "2026-03-11",
                "received_on": "2026-03-10",
            },
            {
                "agency": POLICE,
                "return_type": "information",
                "requested_on": "2026-03-04",
                "due_on": "2026-03-11",
                "received_on": "2026-03-11",
            },
        ],
        application={
            "received_on": "2026-03-02",
            "channel": "email",
            "applicant": "p1",
            "victim": "p1",
            "matter": "Loud music late at night, a dog barking for hours and "
            "verbal abuse from the neighbours at number 14.",
            "acknowledged_on": "2026-03-04",
            "single_point_of_contact": "Rachel Dunmore, Community Safety Team",
        },
        complaints=[
            {
                "incident_on": "2025-07-19",
                "reported_on": "2025-07-21",
                "reported_to": COUNCIL,
                "agency_reference": "EP/25/0712",
                "complainant": "p1",
                "matter": "noise",
                "description": "Party until 3 a.m.",
            },
            {
                "incident_on": "2025-11-08",
                "reported_on": "2025-11-10",
                "reported_to": HOUSING,
                "agency_reference": "VH-ASB-2025-0381",
                "complainant": "p1",
                "matter": "noise",
                "description": "Dog barking all afternoon; loud music in the evening.",
            },
            {
                "incident_on": "2025-12-31",
                "reported_on": "2026-02-09",
                "reported_to": COUNCIL,
                "agency_reference": "EP/26/0088",
                "complainant": "p1",
                "matter": "noise",
                "description": "New Year's Eve party until 4 a.m.",
            },
            {
                "incident_on": "2026-02-14",
                "reported_on": "2026-02-15",
                "reported_to": POLICE,
                "agency_reference": "NP-0226-0911",
                "complainant": "p1",
                "matter": "verbal abuse",
                "description": "Shouted at over the garden fence.",
            },
        ],
        documents=[
            {
                "kind": "ct_threshold_not_met",
                "title": "Threshold decision letter",
                "file_format": "pdf",
                "draft": False,
                "file_name": "CT-2026-004 threshold decision.pdf",
                "sha256": digest("CT-2026-004 threshold"),
                "generated_at": "2026-03-13T14:02:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "Gordon Fairclough",
                        "sent_on": "2026-03-13",
                        "sha256": digest("CT-2026-004 threshold Fairclough"),
                    }
                ],
            },
        ],
    )
