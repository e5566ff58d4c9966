"""Demo Community Trigger at appeal: threshold not met, the applicant asked for a review.

Entirely fictional.
"""

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

REFERENCE = "CT-2026-012"

THRESHOLD_DETAIL = """Complaints relied on: 3. Qualifying complaints: 2 (one incident reported \
to two agencies counts once). Threshold: 3.
1. Drug dealing in the stairwell, 4 Jul 2026, reported to Northshire Police 5 Jul 2026: \
qualifying.
2. Same incident reported to Vale Homes 7 Jul 2026: counted once with 1.
3. Needles left on the landing, 9 Aug 2026, reported to Vale Homes 10 Aug 2026: qualifying."""


def document() -> dict[str, Any]:
    return case_file(
        {
            "reference": REFERENCE,
            "kind": "community_trigger",
            "title": "CT Mr P (Kingfisher House)",
            "stage": "threshold_decision",
            "summary": "Drug-related ASB in a block of flats. Threshold not met; the applicant "
            "says two reports were about different nights.",
            "created_at": "2026-08-24T13:37:29+00:00",
        },
        agencies=[
            agency(POLICE, had_contact=True),
            agency(
                HOUSING, had_contact=True, contact_name="Neighbourhood Officer, Kingfisher House"
            ),
            agency(COUNCIL, had_contact=False),
        ],
        people=[
            {
                "key": "p1",
                "real_name": "Samuel Price",
                "pseudonym": "Mr P",
                "role": "applicant",
                "date_of_birth": "1988-01-14",
                "address": "Flat 31, Kingfisher House, Riverside, Ashford Vale AV7 1KH",
                "contact": "07700 900219",
            },
        ],
        milestones=milestones(
            ("application", "2026-08-24"),
            ("acknowledged", "2026-08-26"),
            ("threshold_decision", "2026-09-08"),
            ("appeal_received", "2026-09-21"),
        ),
        decisions=[
            {
                "kind": "threshold",
                "decided_on": "2026-09-08",
                "outcome": "not_met",
                "rationale": "Two qualifying complaints; police and Vale Homes reports of 4 July "
                "treated as one incident. Signposted to Crimestoppers and the Vale Homes ASB "
                "team; told of the right to ask for a review within 20 working days.",
                "decided_by": "Community Trigger threshold panel",
                "communicated_on": "2026-09-08",
                "detail": THRESHOLD_DETAIL,
            },
        ],
        agency_returns=[
            {
                "agency": POLICE,
                "return_type": "information",
                "requested_on": "2026-08-26",
                "due_on": "2026-09-04",
                "received_on": "2026-09-03",
            },
            {
                "agency": HOUSING,
                "return_type": "information",
                "requested_on": "2026-08-26",
                "due_on": "2026-09-04",
                "received_on": "2026-09-04",
            },
        ],
        application={
            "received_on": "2026-08-24",
            "channel": "phone",
            "reasonable_adjustments": "Calls after 3.30 p.m. (school run); no letters to the "
            "flat's shared post box: collect from the housing office.",
            "applicant": "p1",
            "victim": "p1",
            "matter": "Drug dealing and drug use in the stairwell of Kingfisher House; needles "
            "left on the landing; my children cannot use the stairs.",
            "acknowledged_on": "2026-08-26",
            "single_point_of_contact": "Rachel Dunmore, Community Safety Team",
        },
        complaints=[
            {
                "incident_on": "2026-07-04",
                "reported_on": "2026-07-05",
                "reported_to": POLICE,
                "agency_reference": "NP-0726-0355",
                "complainant": "p1",
                "matter": "drugs",
                "incident_ref": "K1",
                "description": "Dealing in the stairwell, 11 p.m.",
            },
            {
                "incident_on": "2026-07-04",
                "reported_on": "2026-07-07",
                "reported_to": HOUSING,
                "agency_reference": "VH-ASB-2026-0466",
                "complainant": "p1",
                "matter": "drugs",
                "incident_ref": "K1",
                "description": "Report to the housing officer.",
            },
            {
                "incident_on": "2026-08-09",
                "reported_on": "2026-08-10",
                "reported_to": HOUSING,
                "agency_reference": "VH-ASB-2026-0529",
                "complainant": "p1",
                "matter": "drugs",
                "incident_ref": "K2",
                "description": "Needles on the third-floor landing.",
            },
        ],
        appeals=[
            {
                "requested_on": "2026-09-21",
                "grounds": "My report to Vale Homes on 7 July was "
                "about a second incident on the night of 6 July, not the one I reported to the "
                "police. The housing officer wrote down the wrong date.",
                "route": "the Office of the Police and Crime Commissioner for Northshire",
                "acknowledged_on": "2026-09-23",
                "outcome": "pending",
            },
        ],
        documents=[
            {
                "kind": "ct_threshold_not_met",
                "title": "Threshold decision letter",
                "file_format": "pdf",
                "draft": False,
                "file_name": "CT-2026-012 threshold decision.pdf",
                "sha256": digest("CT-2026-012 threshold"),
                "generated_at": "2026-09-08T15:45:00+00:00",
                "generated_by": "rdunmore",
                "distributions": [
                    {
                        "recipient": "Samuel Price",
                        "sent_on": "2026-09-08",
                        "sha256": digest("CT-2026-012 threshold Price"),
                    }
                ],
            },
        ],
    )
