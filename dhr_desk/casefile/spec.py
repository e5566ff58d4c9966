"""The shape of a case file: which records it holds, in which lists, and how they refer to each
other.

Every field of a record is a column of the domain model under the same name, so the format
follows the model: the export, the import and the JSON Schema are all derived from the sections
below. Links between records use local keys (``"p1"``, ``"a2"``, ``"pm3"``) assigned on export;
agencies are referred to by name, their identity across cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect

from dhr_desk.domain import (
    Action,
    ActionProgress,
    Advocate,
    Agency,
    AgencyReturn,
    Appeal,
    Case,
    CaseAgency,
    ChronologyEntry,
    ChronologyLink,
    Complaint,
    Decision,
    Distribution,
    EarlyLearning,
    FamilyContact,
    GeneratedDocument,
    Meeting,
    MeetingAction,
    MeetingAttendance,
    Milestone,
    PanelMember,
    Pause,
    Person,
    PseudonymEntry,
    Publication,
    PublicationClearance,
    Recommendation,
    Submission,
    TriggerApplication,
)
from dhr_desk.records import kinds

FORMAT_NAME = "dhr-desk-case"
FORMAT_VERSION = 1

# What a reference points at: a keyed list, or an agency by name.
PERSON = "people"
ADVOCATE = "advocates"
PANEL_MEMBER = "panel_members"
AGENCY_RETURN = "agency_returns"
CHRONOLOGY_ENTRY = "chronology"
AGENCY = "agencies"


@dataclass(frozen=True)
class Ref:
    """A link to another record: ``name`` in the file, ``column`` (a foreign key) in the model."""

    name: str
    column: str
    target: str  # PERSON, ADVOCATE, PANEL_MEMBER, AGENCY_RETURN, CHRONOLOGY_ENTRY or AGENCY
    required: bool = False


@dataclass(frozen=True)
class Section:
    """A list of records of one model (or a single record when ``single``)."""

    name: str
    model: type[Any]
    description: str
    key_prefix: str | None = None  # records are referred to by key ("p1", "p2"…)
    refs: tuple[Ref, ...] = ()
    children: tuple[tuple[str, Section], ...] = ()  # (relationship on the parent, section)
    order: tuple[str, ...] = ("id",)  # export order (the record id always breaks ties)
    single: bool = False
    extra_excluded: tuple[str, ...] = ()

    @property
    def parent_column(self) -> str:
        """The foreign key to the parent record, set by the importer ("" for the case itself)."""
        return kinds.of(self.model).parent_key

    @property
    def excluded(self) -> set[str]:
        return {"id", self.parent_column, *(r.column for r in self.refs), *self.extra_excluded}

    @property
    def fields(self) -> list[str]:
        """The model's columns carried as plain values, in the model's order."""
        return [a.key for a in inspect(self.model).column_attrs if a.key not in self.excluded]

    @property
    def ref_by_name(self) -> dict[str, Ref]:
        return {r.name: r for r in self.refs}


CASE = Section(
    "case",
    Case,
    description="The case itself: reference, kind, title, stage and the notification details.",
    single=True,
    # where the case is kept and who coordinates it there: set by the receiving database
    extra_excluded=("partnership", "coordinator"),
)

AGENCY_DETAILS = Section(
    "agencies",
    Agency,
    description=(
        "Every agency the case mentions, by name (names are agencies' identity across cases). "
        "'involvement' holds the agency's part in this case (scoping, records secured)."
    ),
)

INVOLVEMENT = Section(
    "involvement",
    CaseAgency,
    description="The agency's involvement in this case, or null if it is only mentioned.",
    single=True,
    extra_excluded=("agency_id",),
)

PEOPLE = Section(
    PERSON,
    Person,
    "People in the case with their real name and the pseudonym published text uses.",
    key_prefix="p",
)
ADVOCATES = Section(
    ADVOCATE,
    Advocate,
    "Specialist advocacy offered to the family (e.g. AAFDA).",
    key_prefix="a",
    refs=(Ref("person", "person_id", PERSON),),
)
FAMILY_CONTACTS = Section(
    "family_contacts",
    FamilyContact,
    "The family contact log: date, who, how, purpose, outcome.",
    refs=(Ref("person", "person_id", PERSON), Ref("advocate", "advocate_id", ADVOCATE)),
    order=("contacted_on", "id"),
)
PANEL = Section(
    PANEL_MEMBER,
    PanelMember,
    "The review panel (DHR) or the case review attendees' standing list.",
    key_prefix="pm",
    refs=(Ref("agency", "agency_id", AGENCY),),
)
MILESTONES = Section(
    "milestones",
    Milestone,
    "Workflow steps completed, one per step code.",
    order=("occurred_on", "id"),
)
DECISIONS = Section(
    "decisions",
    Decision,
    "Decisions: to review, threshold, case review outcome, Home Office QA.",
    order=("decided_on", "id"),
)
PAUSES = Section(
    "pauses",
    Pause,
    "Parallel proceedings that stopped the clock.",
    order=("started_on", "id"),
)
RETURNS = Section(
    AGENCY_RETURN,
    AgencyReturn,
    "IMRs, agency chronologies and reports: requested, due, chased, received, checked; for an "
    "imported chronology, the file's name and SHA-256.",
    key_prefix="r",
    refs=(Ref("agency", "agency_id", AGENCY, required=True),),
)
ATTENDANCE = Section(
    "attendance",
    MeetingAttendance,
    "Who was invited, attended or sent apologies.",
    refs=(Ref("panel_member", "panel_member_id", PANEL_MEMBER),),
)
MEETING_ACTIONS = Section("actions", MeetingAction, "Actions agreed at the meeting.")
MEETINGS = Section(
    "meetings",
    Meeting,
    "Panel meetings (DHR) and case review meetings (Community Trigger).",
    children=(("attendance", ATTENDANCE), ("actions", MEETING_ACTIONS)),
    order=("held_on", "id"),
)
CHRONOLOGY = Section(
    CHRONOLOGY_ENTRY,
    ChronologyEntry,
    "The combined chronology; every entry keeps its source, and an imported entry the return "
    "and the place in the file it came from.",
    key_prefix="c",
    refs=(
        Ref("agency", "agency_id", AGENCY),
        Ref("person", "person_id", PERSON),
        Ref("agency_return", "return_id", AGENCY_RETURN),
    ),
    order=("occurred_on", "occurred_time", "id"),
)
CHRONOLOGY_LINKS = Section(
    "chronology_links",
    ChronologyLink,
    "The coordinator's word on likely duplicates: two entries that are one event seen by two "
    "agencies (same_event true), or not the same. Both entries are always kept.",
    refs=(
        Ref("entry", "entry_id", CHRONOLOGY_ENTRY, required=True),
        Ref("other", "other_id", CHRONOLOGY_ENTRY, required=True),
    ),
)
PROGRESS = Section(
    "progress",
    ActionProgress,
    "Progress reported on the action.",
    order=("reported_on", "id"),
)
ACTIONS = Section(
    "actions",
    Action,
    "The action plan rows for the recommendation.",
    refs=(Ref("lead_agency", "lead_agency_id", AGENCY),),
    children=(("progress", PROGRESS),),
)
RECOMMENDATIONS = Section(
    "recommendations",
    Recommendation,
    "Recommendations with their actions, leads, milestones and completion.",
    refs=(Ref("lead_agency", "lead_agency_id", AGENCY),),
    children=(("actions", ACTIONS),),
    order=("number", "id"),
)
EARLY_LEARNING = Section(
    "early_learning",
    EarlyLearning,
    "DHR: learning acted on before the review ended, with the action agreed and its outcome.",
    refs=(Ref("lead_agency", "lead_agency_id", AGENCY),),
    order=("number", "id"),
)
SUBMISSIONS = Section(
    "submissions",
    Submission,
    "DHR: each sending of the report to the Home Office QA Panel or the Domestic Abuse "
    "Commissioner, and which documents went.",
    order=("sent_on", "id"),
)
PUBLICATIONS = Section(
    "publications",
    Publication,
    "DHR: each document published, where and when, and when it is to come down.",
    order=("published_on", "id"),
)
APPLICATION = Section(
    "application",
    TriggerApplication,
    "The Community Trigger application (null for a DHR).",
    refs=(Ref("applicant", "applicant_id", PERSON), Ref("victim", "victim_id", PERSON)),
    single=True,
)
COMPLAINTS = Section(
    "complaints",
    Complaint,
    "The complaints the Community Trigger application relies on.",
    refs=(Ref("complainant", "complainant_id", PERSON),),
)
APPEALS = Section(
    "appeals",
    Appeal,
    "Requests to review a threshold decision or an outcome, and their decisions.",
    order=("requested_on", "id"),
)
DISTRIBUTIONS = Section(
    "distributions",
    Distribution,
    "Copies made for named recipients.",
)
PSEUDONYM_REGISTER = Section(
    "pseudonym_register",
    PseudonymEntry,
    "The pseudonym register's own lines: names and places the case holds outside its people "
    "(professionals, others named, workplaces, schools, addresses) and its watch list.",
)
CLEARANCES = Section(
    "publication_clearances",
    PublicationClearance,
    "Findings of the publication check accepted, and conditions of the publication gate "
    "overridden, each with its reason.",
)
DOCUMENTS = Section(
    "documents",
    GeneratedDocument,
    "The register of generated documents (the register only: no document content).",
    children=(("distributions", DISTRIBUTIONS),),
)

# The lists directly under the case, in file order. Agencies come first, then keyed records
# before the records that refer to them.
CASE_SECTIONS: tuple[Section, ...] = (
    PEOPLE,
    ADVOCATES,
    FAMILY_CONTACTS,
    PANEL,
    MILESTONES,
    DECISIONS,
    PAUSES,
    RETURNS,
    MEETINGS,
    CHRONOLOGY,
    CHRONOLOGY_LINKS,
    RECOMMENDATIONS,
    EARLY_LEARNING,
    SUBMISSIONS,
    PUBLICATIONS,
    APPLICATION,
    COMPLAINTS,
    APPEALS,
    PSEUDONYM_REGISTER,
    CLEARANCES,
    DOCUMENTS,
)

TOP_LEVEL = ("format", "format_version", "created_with", "case", "agencies") + tuple(
    s.name for s in CASE_SECTIONS
)


def all_sections() -> list[Section]:
    """Every section including nested ones (for the schema and the documentation)."""
    out: list[Section] = [CASE, AGENCY_DETAILS, INVOLVEMENT]

    def walk(section: Section) -> None:
        out.append(section)
        for _rel, child in section.children:
            walk(child)

    for section in CASE_SECTIONS:
        walk(section)
    return out
