"""What each kind of record shows in its list and its form (labels in the domain's words).

``PAGES`` gives, for each kind of record a case workspace lists (by the kind's name in
:mod:`dhr_desk.records.kinds`), its page title, its form and its list columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ui.forms import (
    AGENCY,
    BOOL,
    CHOICE,
    DATE,
    ENUM,
    INT,
    MULTILINE,
    TIME,
    TRISTATE,
    Field,
)

Column = tuple[str, Callable[[Any], Any]]


def col(header: str, attr: str) -> Column:
    """A list column showing one attribute of the record."""
    return header, lambda obj: getattr(obj, attr)


def _agency(obj: Any) -> str:
    agency = getattr(obj, "lead_agency", None) or getattr(obj, "agency", None)
    return agency.name if agency is not None else ""


CASE_SUMMARY = [
    Field("reference", "Reference", read_only=True, hint="Change it with Change reference…"),
    Field("title", "Working title", required=True, hint="Published-safe: never a real name"),
    Field("summary", "Summary", MULTILINE),
    Field("notification_received_on", "Notification received", DATE),
    Field("notified_by", "Notified by"),
    Field("date_of_death", "Date of death", DATE),
    Field("place_of_death", "Place of death"),
    Field("circumstances", "Circumstances", MULTILINE),
    Field("suspected_suicide", "Suspected suicide", BOOL),
    Field("joint_review_with", "Joint review with", hint="e.g. SAR"),
    Field("review_period_start", "Review period from", DATE),
    Field("review_period_end", "Review period to", DATE),
    Field("lines_of_enquiry", "Key lines of enquiry", MULTILINE),
    Field("web_link", "Publication web link"),
    Field(
        "coordinator",
        "Coordinator",
        hint="On the partnership's server: the sign-in who changes this case (a manager "
        "gives it to someone else)",
    ),
    Field("closed_on", "Closed on", DATE),
]

CT_SUMMARY = [
    Field("reference", "Reference", read_only=True, hint="Change it with Change reference…"),
    Field("title", "Working title", required=True),
    Field("summary", "Summary", MULTILINE),
    Field(
        "coordinator",
        "Coordinator",
        hint="On the partnership's server: the sign-in who changes this case (a manager "
        "gives it to someone else)",
    ),
    Field("closed_on", "Closed on", DATE),
    Field(
        "closure_reason",
        "Why the case closes",
        MULTILINE,
        hint="As the single point of contact tells the victim (the closure letter)",
    ),
]

PERSON = [
    Field("real_name", "Real name", required=True),
    Field(
        "other_names",
        "Other names",
        MULTILINE,
        hint="Aliases and nicknames, maiden and former names: one a line (never published)",
    ),
    Field("pseudonym", "Pseudonym", hint="Used in every published document"),
    Field("pseudonym_agreed_with_family", "Pseudonym agreed with family", BOOL),
    Field("role", "Role", ENUM, required=True),
    Field("relationship_to_victim", "Relationship to victim"),
    Field("date_of_birth", "Date of birth", DATE),
    Field("date_of_death", "Date of death", DATE),
    Field("address", "Address"),
    Field("contact", "Contact (phone / email)"),
    Field("sex", "Sex"),
    Field("gender_identity", "Gender identity"),
    Field("ethnicity", "Ethnicity"),
    Field("religion", "Religion or belief"),
    Field("disability", "Disability"),
    Field("sexual_orientation", "Sexual orientation"),
    Field("nationality", "Nationality"),
    Field("first_language", "First language"),
    Field("other_identifiers", "Other identifiers", hint="NHS number, PNC id…"),
    Field("notes", "Notes", MULTILINE),
]
PERSON_COLUMNS: list[Column] = [
    col("Real name", "real_name"),
    col("Pseudonym", "pseudonym"),
    col("Role", "role"),
    col("Relationship", "relationship_to_victim"),
    col("Date of birth", "date_of_birth"),
]

CASE_AGENCY = [
    Field("agency", "Agency", AGENCY, required=True),
    Field("scoping_sent_on", "Scoping letter sent", DATE),
    Field("had_contact", "Had contact", TRISTATE),
    Field("records_secured_on", "Records secured", DATE),
    Field("in_scope", "In scope", BOOL),
    Field("contact_name", "Contact name"),
    Field("contact_email", "Contact email"),
    Field("notes", "Notes", MULTILINE),
]
CASE_AGENCY_COLUMNS: list[Column] = [
    ("Agency", _agency),
    col("Scoping sent", "scoping_sent_on"),
    col("Had contact", "had_contact"),
    col("Records secured", "records_secured_on"),
    col("In scope", "in_scope"),
]

AGENCY_RETURN = [
    Field("agency", "Agency", AGENCY, required=True),
    Field("return_type", "Return", ENUM, required=True),
    Field("requested_on", "Requested", DATE),
    Field("due_on", "Due", DATE),
    Field("last_chased_on", "Last chased", DATE),
    Field("times_chased", "Times chased", INT),
    Field("received_on", "Received", DATE),
    Field("quality_checked_on", "Quality checked", DATE),
    Field("author_name", "Author"),
    Field("author_independent", "Author independent of the case", TRISTATE),
    Field("notes", "Notes", MULTILINE),
]
AGENCY_RETURN_COLUMNS: list[Column] = [
    ("Agency", _agency),
    col("Return", "return_type"),
    col("Requested", "requested_on"),
    col("Due", "due_on"),
    col("Chased", "last_chased_on"),
    col("Received", "received_on"),
    col("Checked", "quality_checked_on"),
]

PANEL_MEMBER = [
    Field("name", "Name", required=True),
    Field("job_title", "Job title"),
    Field("agency", "Agency", AGENCY),
    Field("role", "Role on the panel", ENUM, required=True),
    Field("email", "Email"),
    Field("independent", "Independent", BOOL),
    Field("independence_statement", "Independence statement", MULTILINE),
    Field("joined_on", "Joined", DATE),
    Field("left_on", "Left", DATE),
]
PANEL_COLUMNS: list[Column] = [
    col("Name", "name"),
    col("Role", "role"),
    ("Agency", _agency),
    col("Job title", "job_title"),
    col("Independent", "independent"),
]

MEETING = [
    Field("kind", "Meeting", ENUM, required=True),
    Field("number", "Number", INT),
    Field("held_on", "Date", DATE, required=True),
    Field("start_time", "Start time", TIME),
    Field("location", "Location"),
    Field("status", "Status", ENUM, required=True),
    Field("agenda", "Agenda (one item a line)", MULTILINE),
    Field("minutes", "Minutes", MULTILINE),
    Field("victim_invited", "Victim invited", BOOL),
    Field("impact_statement", "Impact statement", MULTILINE),
]
MEETING_COLUMNS: list[Column] = [
    col("No.", "number"),
    col("Meeting", "kind"),
    col("Date", "held_on"),
    col("Time", "start_time"),
    col("Status", "status"),
    col("Location", "location"),
]

ATTENDANCE = [
    Field("name", "Name", required=True),
    Field("organisation", "Organisation"),
    Field("status", "Attendance", ENUM, required=True),
    Field("panel_member_id", "Panel member", CHOICE, choices="panel"),
]
ATTENDANCE_COLUMNS: list[Column] = [
    col("Name", "name"),
    col("Organisation", "organisation"),
    col("Attendance", "status"),
]

MEETING_ACTION = [
    Field("description", "Action", required=True),
    Field("owner", "Owner"),
    Field("due_on", "Due", DATE),
    Field("done_on", "Done", DATE),
]
MEETING_ACTION_COLUMNS: list[Column] = [
    col("Action", "description"),
    col("Owner", "owner"),
    col("Due", "due_on"),
    col("Done", "done_on"),
]

CHRONOLOGY = [
    Field(
        "occurred_on",
        "Date",
        DATE,
        required=True,
        hint="Day first: 03/04/2019 or 3 April 2019; or only April 2019, Spring 2019, 2019",
    ),
    Field("occurred_time", "Time", TIME),
    Field("agency", "Agency", AGENCY),
    Field("person_id", "About (person)", CHOICE, choices="people"),
    Field("source", "Source of information", required=True),
    Field("event", "Event", MULTILINE, required=True),
    Field("action_decision", "Action / decision", MULTILINE),
    Field("comment", "Comment / analysis", MULTILINE),
    Field("key_event", "Key event (in the summary chronology)", BOOL),
]

FAMILY_CONTACT = [
    Field("contacted_on", "Date", DATE, required=True),
    Field("person_id", "Family member", CHOICE, choices="people"),
    Field("contacted_by", "Contacted by"),
    Field("method", "How", ENUM, required=True),
    Field("purpose", "Purpose"),
    Field("outcome", "Outcome", MULTILINE),
    Field("advocate_id", "Advocate present", CHOICE, choices="advocates"),
    Field("leaflet_given", "Home Office leaflet given", BOOL),
]
FAMILY_CONTACT_COLUMNS: list[Column] = [
    col("Date", "contacted_on"),
    ("Who", lambda o: o.person.real_name if o.person else ""),
    col("How", "method"),
    col("Purpose", "purpose"),
    col("Outcome", "outcome"),
]

ADVOCATE = [
    Field("name", "Name", required=True),
    Field("organisation", "Organisation", hint="e.g. AAFDA"),
    Field("contact", "Contact"),
    Field("offered_on", "Offered", DATE),
    Field("accepted", "Accepted", TRISTATE),
    Field("person_id", "For family member", CHOICE, choices="people"),
]
ADVOCATE_COLUMNS: list[Column] = [
    col("Name", "name"),
    col("Organisation", "organisation"),
    col("Offered", "offered_on"),
    col("Accepted", "accepted"),
]

PAUSE = [
    Field("reason", "Parallel proceeding", ENUM, required=True),
    Field("detail", "Detail"),
    Field("started_on", "Paused from", DATE, required=True),
    Field("resumed_on", "Work resumed", DATE),
]
PAUSE_COLUMNS: list[Column] = [
    col("Proceeding", "reason"),
    col("Detail", "detail"),
    col("From", "started_on"),
    col("Resumed", "resumed_on"),
    ("Days", lambda p: (p.resumed_on - p.started_on).days if p.resumed_on else "running"),
]

RECOMMENDATION = [
    Field("number", "Number", INT, required=True),
    Field("text", "Recommendation", MULTILINE, required=True),
    Field("scope", "Scope", ENUM, required=True),
    Field("source", "Source", hint="overview, or the agency whose IMR made it"),
    Field("agency", "Lead agency", AGENCY),
]
RECOMMENDATION_COLUMNS: list[Column] = [
    col("No.", "number"),
    col("Recommendation", "text"),
    col("Scope", "scope"),
    ("Lead agency", _agency),
]

ACTION = [
    Field("description", "Action to take", MULTILINE, required=True),
    Field("agency", "Lead agency", AGENCY),
    Field("milestones", "Key milestones", MULTILINE),
    Field("target_on", "Target date", DATE),
    Field("status", "Status", ENUM, required=True),
    Field("completed_on", "Completed", DATE),
    Field("outcome", "Outcome", MULTILINE),
]
ACTION_COLUMNS: list[Column] = [
    col("Action", "description"),
    ("Lead agency", _agency),
    col("Target", "target_on"),
    col("Status", "status"),
    col("Completed", "completed_on"),
]

ACTION_PROGRESS = [
    Field("reported_on", "Reported", DATE, required=True),
    Field("note", "Progress", MULTILINE, required=True),
]
ACTION_PROGRESS_COLUMNS: list[Column] = [col("Reported", "reported_on"), col("Progress", "note")]

DECISION = [
    Field("kind", "Decision", ENUM, required=True),
    Field("number", "Number", INT),
    Field("decided_on", "Decided on", DATE, required=True),
    Field("outcome", "Outcome", ENUM, required=True),
    Field("decided_by", "Decided by"),
    Field("rationale", "Rationale", MULTILINE),
    Field("communicated_on", "Communicated on", DATE),
    Field("detail", "Detail", MULTILINE),
]
DECISION_COLUMNS: list[Column] = [
    col("Decision", "kind"),
    col("Date", "decided_on"),
    col("Outcome", "outcome"),
    col("By", "decided_by"),
]

MILESTONE = [
    Field("step", "Step", required=True),
    Field("occurred_on", "Date", DATE, required=True),
    Field("note", "Note", MULTILINE),
    Field("override_reason", "Reason for recording out of order"),
]
MILESTONE_COLUMNS: list[Column] = [
    col("Step", "step"),
    col("Date", "occurred_on"),
    col("Note", "note"),
]

APPLICATION = [
    Field("received_on", "Received", DATE, required=True),
    Field("channel", "Channel", ENUM, required=True),
    Field("applicant_id", "Applicant", CHOICE, choices="people"),
    Field("victim_id", "Victim", CHOICE, choices="people"),
    Field("on_behalf_of_victim", "On the victim's behalf", BOOL),
    Field("consent_obtained_on", "Consent obtained", DATE),
    Field("matter", "Behaviour complained of", MULTILINE),
    Field("victim_vulnerable", "Victim vulnerable", BOOL),
    Field("acknowledged_on", "Acknowledged", DATE),
    Field("single_point_of_contact", "Single point of contact"),
    Field(
        "reasonable_adjustments",
        "Reasonable adjustments",
        MULTILINE,
        hint="Large print, Easy Read, an interpreter, calls at set times…",
    ),
]
APPLICATION_COLUMNS: list[Column] = [
    col("Received", "received_on"),
    col("Channel", "channel"),
    col("Acknowledged", "acknowledged_on"),
]

COMPLAINT = [
    Field("incident_on", "Incident date", DATE, required=True),
    Field("reported_on", "Reported on", DATE, required=True),
    Field("reported_to", "Reported to", required=True),
    Field("agency_reference", "Agency reference"),
    Field("complainant_id", "Complainant", CHOICE, choices="people"),
    Field("incident_ref", "Incident", hint="Same incident reported to several agencies"),
    Field("matter", "Matter"),
    Field("description", "Description"),
    Field("is_hate_incident", "Hate incident or crime", BOOL),
    Field("relates_to_application", "About the behaviour the application relates to", BOOL),
]
COMPLAINT_COLUMNS: list[Column] = [
    col("Incident", "incident_on"),
    col("Reported", "reported_on"),
    col("To", "reported_to"),
    col("Matter", "matter"),
    col("Hate", "is_hate_incident"),
    col("Counts", "relates_to_application"),
]

EARLY_LEARNING = [
    Field("number", "Number", INT, required=True),
    Field("learning", "Learning identified", MULTILINE, required=True),
    Field("action", "Action agreed", MULTILINE, required=True),
    Field("agency", "Lead agency", AGENCY),
    Field("agreed_on", "Agreed on", DATE, required=True),
    Field("agreed_at", "Agreed at", hint="e.g. Panel meeting 2"),
    Field("target_on", "Target date", DATE),
    Field("completed_on", "Completed", DATE),
    Field("outcome", "Outcome", MULTILINE),
]
EARLY_LEARNING_COLUMNS: list[Column] = [
    col("No.", "number"),
    col("Learning", "learning"),
    ("Lead agency", _agency),
    col("Agreed", "agreed_on"),
    col("Completed", "completed_on"),
]

SUBMISSION = [
    Field("sent_on", "Sent on", DATE, required=True),
    Field("recipient", "Sent to", ENUM, required=True),
    Field("overview_report", "Overview report sent", BOOL),
    Field("executive_summary", "Executive summary sent", BOOL),
    Field("action_plan", "Action plan sent", BOOL),
    Field("other_documents", "Also sent", hint="Separate with semicolons"),
    Field("note", "Note", MULTILINE),
]
SUBMISSION_COLUMNS: list[Column] = [
    col("Sent on", "sent_on"),
    col("To", "recipient"),
    ("What was sent", lambda s: ", ".join(s.documents())),
]

PUBLICATION = [
    Field("document", "Document", ENUM, required=True),
    Field("published_on", "Published on", DATE, required=True),
    Field("location", "Where", hint="Web address or place"),
    Field(
        "take_down_on",
        "To come down on",
        DATE,
        hint="Only when not the retention rule's date (Settings → Deadlines)",
    ),
    Field("taken_down_on", "Taken down on", DATE),
    Field("note", "Note", MULTILINE),
]
PUBLICATION_COLUMNS: list[Column] = [
    col("Document", "document"),
    col("Published", "published_on"),
    col("Where", "location"),
    col("Taken down", "taken_down_on"),
]

APPEAL = [
    Field("requested_on", "Requested", DATE, required=True),
    Field("grounds", "Grounds", MULTILINE),
    Field("route", "Route"),
    Field("acknowledged_on", "Acknowledged", DATE),
    Field("decided_on", "Decided", DATE),
    Field("outcome", "Outcome", ENUM, required=True),
    Field("decided_by", "Decided by"),
    Field("reasons", "Reasons", MULTILINE),
]
APPEAL_COLUMNS: list[Column] = [
    col("Requested", "requested_on"),
    col("Route", "route"),
    col("Decided", "decided_on"),
    col("Outcome", "outcome"),
]


PSEUDONYM_ENTRY = [
    Field("kind", "What it is", ENUM, required=True),
    Field("name", "Name or place as recorded", required=True, hint="Never published"),
    Field(
        "other_names",
        "Other ways it is written",
        MULTILINE,
        hint="Aliases, nicknames, short forms: one a line",
    ),
    Field(
        "shown_as",
        "Shown instead",
        hint="A pseudonym, a role (“the GP”) or a description (“a primary school”)",
    ),
    Field("agreed_with_family", "Pseudonym agreed with family", BOOL),
    Field("notes", "Notes", MULTILINE),
]
PSEUDONYM_COLUMNS: list[Column] = [
    col("What", "kind"),
    col("Name or place", "name"),
    col("Shown instead", "shown_as"),
    col("Other ways written", "other_names"),
]


@dataclass(frozen=True)
class PageSpec:
    title: str
    fields: list[Field]
    columns: list[Column]


PAGES: dict[str, PageSpec] = {
    "person": PageSpec("People", PERSON, PERSON_COLUMNS),
    "pseudonym_entry": PageSpec("Pseudonym register", PSEUDONYM_ENTRY, PSEUDONYM_COLUMNS),
    "case_agency": PageSpec("Agencies", CASE_AGENCY, CASE_AGENCY_COLUMNS),
    "agency_return": PageSpec("Returns", AGENCY_RETURN, AGENCY_RETURN_COLUMNS),
    "panel_member": PageSpec("Review panel", PANEL_MEMBER, PANEL_COLUMNS),
    "meeting": PageSpec("Meetings", MEETING, MEETING_COLUMNS),
    "meeting_attendance": PageSpec("Attendance", ATTENDANCE, ATTENDANCE_COLUMNS),
    "meeting_action": PageSpec("Actions", MEETING_ACTION, MEETING_ACTION_COLUMNS),
    "family_contact": PageSpec("Family contact", FAMILY_CONTACT, FAMILY_CONTACT_COLUMNS),
    "advocate": PageSpec("Advocacy", ADVOCATE, ADVOCATE_COLUMNS),
    "pause": PageSpec("Pauses and parallel proceedings", PAUSE, PAUSE_COLUMNS),
    "recommendation": PageSpec(
        "Recommendations and action plan", RECOMMENDATION, RECOMMENDATION_COLUMNS
    ),
    "action": PageSpec("Actions", ACTION, ACTION_COLUMNS),
    "action_progress": PageSpec("Progress", ACTION_PROGRESS, ACTION_PROGRESS_COLUMNS),
    "decision": PageSpec("Decisions", DECISION, DECISION_COLUMNS),
    "milestone": PageSpec("Steps", MILESTONE, MILESTONE_COLUMNS),
    "trigger_application": PageSpec("Application", APPLICATION, APPLICATION_COLUMNS),
    "complaint": PageSpec("Complaints", COMPLAINT, COMPLAINT_COLUMNS),
    "appeal": PageSpec("Requests to review the decision", APPEAL, APPEAL_COLUMNS),
    "early_learning": PageSpec(
        "Early learning: actions agreed before the review ends",
        EARLY_LEARNING,
        EARLY_LEARNING_COLUMNS,
    ),
    "submission": PageSpec(
        "Submissions to the Home Office and the Commissioner", SUBMISSION, SUBMISSION_COLUMNS
    ),
    "publication": PageSpec("Publication", PUBLICATION, PUBLICATION_COLUMNS),
}

# Forms without a list of their own: the case's summary and the chronology's entry form.
FORMS: dict[str, list[Field]] = {
    "case": CASE_SUMMARY,
    "chronology_entry": CHRONOLOGY,
}
