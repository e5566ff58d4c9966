"""Demo DHR 'Sarah' (DHR-2025-003): agency returns, recommendations and action plan, family
contact log and the register of documents. Entirely fictional."""

from __future__ import annotations

from dhr_desk.casefile.demo._build import (
    AMBULANCE,
    CHILDRENS,
    HOSPITALS,
    HOUSING,
    ICB,
    MENTAL_HEALTH,
    POLICE,
    WOMENS_AID,
    digest,
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
        "key": "r8",
        "agency": AMBULANCE,
        "return_type": "chronology",
        "requested_on": "2025-05-06",
        "due_on": "2025-06-30",
        "received_on": "2025-06-12",
        "imported_file": "EMAS chronology DHR-2025-003.xlsx",
        "imported_sha256": digest("EMAS chronology DHR-2025-003.xlsx"),
        "imported_at": "2025-06-12T10:14:00+00:00",
        "imported_entries": 1,
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

# Each document's versions from 1, as DHR Desk numbers them: the Terms of Reference were
# circulated as a draft and then agreed; the overview report went through three drafts.
DOCUMENTS = [
    {
        "kind": "terms_of_reference",
        "title": "Terms of Reference – DHR Sarah",
        "version": 1,
        "edition": "full",
        "file_format": "docx",
        "draft": True,
        "file_name": "DHR-2025-003 Terms of Reference v1 DRAFT.docx",
        "sha256": digest("DHR-2025-003 ToR v1"),
        "generated_at": "2025-04-22T14:20:05+00:00",
        "generated_by": "rdunmore",
        "distributions": [
            {
                "recipient": "Dr Ruth Okafor",
                "sent_on": "2025-04-22",
                "sha256": digest("ToR v1 Okafor"),
                "file_name": "ToR v1 DRAFT - Okafor.docx",
            },
        ],
    },
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
        "title": "Overview report – first draft for the panel",
        "version": 1,
        "file_format": "pdf",
        "draft": True,
        "file_name": "DHR-2025-003 Overview v1 DRAFT.pdf",
        "sha256": digest("DHR-2025-003 Overview v1"),
        "generated_at": "2025-12-11T11:15:00+00:00",
        "generated_by": "rdunmore",
    },
    {
        "kind": "overview_report",
        "title": "Overview report – second draft for the panel",
        "version": 2,
        "file_format": "pdf",
        "draft": True,
        "file_name": "DHR-2025-003 Overview v2 DRAFT.pdf",
        "sha256": digest("DHR-2025-003 Overview v2"),
        "generated_at": "2026-02-05T10:05:00+00:00",
        "generated_by": "rdunmore",
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
        "version": 1,
        "edition": "published",
        "file_format": "pdf",
        "draft": False,
        "file_name": "DHR Sarah Overview Report.pdf",
        "sha256": digest("DHR-2025-003 Published v5"),
        "generated_at": "2026-10-19T11:05:30+00:00",
        "generated_by": "rdunmore",
    },
]
