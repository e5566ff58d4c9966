"""The kinds of record a case holds: what each is called, what it hangs from, where the app
lists it, and how a form names its agency.

This is the one description of the record kinds. The generic save (:mod:`.saving`), the case
file sections (:mod:`dhr_desk.casefile.spec`), the dashboard's links into a case and the desktop
app's pages are all derived from it, so a new kind of record is described here once.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from dhr_desk.errors import NotFoundError

# The field a form uses to name an agency in words; the save finds or creates the agency.
AGENCY_FIELD = "agency"


@dataclass(frozen=True)
class RecordKind:
    """One kind of record.

    ``parent``/``parent_key``: the record it hangs from and the foreign key that says which
    (``None``/``""`` for the case itself and for agencies, which stand across cases).
    ``area``: the area of a case's workspace that lists it (the dashboard opens it there).
    ``agency_column``: the column filled from an agency named in words (``AGENCY_FIELD``).
    ``numbered``: a new record's ``number`` continues from the records beside it.
    """

    model: type[Any]
    noun: str
    parent: type[Any] | None = Case
    parent_key: str = "case_id"
    area: str = ""
    agency_column: str = ""
    numbered: bool = False

    @property
    def name(self) -> str:
        return str(self.model.__tablename__)

    def column_defaults(self) -> dict[str, Any]:
        """The values a new record starts with: the model's plain (non-callable) defaults."""
        out: dict[str, Any] = {}
        for attr in inspect(self.model).column_attrs:
            column = attr.columns[0]
            default = column.default
            if default is None or column.primary_key or column.foreign_keys:
                continue
            value = getattr(default, "arg", None)
            if value is None or callable(value) or value == "":
                continue
            out[attr.key] = value
        return out

    def field_names(self) -> set[str]:
        """The names a form or a file may give for this kind: its columns, and ``agency``."""
        names = {a.key for a in inspect(self.model).column_attrs}
        if self.agency_column:
            names.add(AGENCY_FIELD)
        return names


KINDS: tuple[RecordKind, ...] = (
    RecordKind(Case, "case", parent=None, parent_key="", area="summary"),
    RecordKind(Agency, "agency", parent=None, parent_key=""),
    RecordKind(Person, "person", area="people"),
    RecordKind(PseudonymEntry, "register entry", area="register"),
    RecordKind(PublicationClearance, "clearance", area="publication_check"),
    RecordKind(Advocate, "advocate", area="family"),
    RecordKind(FamilyContact, "contact", area="family"),
    RecordKind(CaseAgency, "agency", area="agencies", agency_column="agency_id"),
    RecordKind(AgencyReturn, "return", area="agencies", agency_column="agency_id"),
    RecordKind(PanelMember, "panel member", area="panel", agency_column="agency_id"),
    RecordKind(Meeting, "meeting", area="meetings", numbered=True),
    RecordKind(
        MeetingAttendance, "attendee", parent=Meeting, parent_key="meeting_id", area="meetings"
    ),
    RecordKind(
        MeetingAction, "meeting action", parent=Meeting, parent_key="meeting_id", area="meetings"
    ),
    RecordKind(ChronologyEntry, "chronology entry", area="chronology", agency_column="agency_id"),
    RecordKind(ChronologyLink, "duplicate link", area="chronology"),
    RecordKind(Pause, "pause", area="pauses"),
    RecordKind(Decision, "decision", area="stages", numbered=True),
    RecordKind(Milestone, "step", area="stages"),
    RecordKind(
        Recommendation,
        "recommendation",
        area="recommendations",
        agency_column="lead_agency_id",
        numbered=True,
    ),
    RecordKind(
        Action,
        "action",
        parent=Recommendation,
        parent_key="recommendation_id",
        area="recommendations",
        agency_column="lead_agency_id",
    ),
    RecordKind(
        ActionProgress,
        "progress report",
        parent=Action,
        parent_key="action_id",
        area="recommendations",
    ),
    RecordKind(
        EarlyLearning,
        "early learning",
        area="early_learning",
        agency_column="lead_agency_id",
        numbered=True,
    ),
    RecordKind(Submission, "submission", area="submissions"),
    RecordKind(Publication, "publication", area="submissions"),
    RecordKind(TriggerApplication, "application", area="application"),
    RecordKind(Complaint, "complaint", area="application"),
    RecordKind(Appeal, "appeal", area="appeals"),
    RecordKind(GeneratedDocument, "document", area="documents"),
    RecordKind(
        Distribution, "copy", parent=GeneratedDocument, parent_key="document_id", area="documents"
    ),
)

_BY_MODEL: dict[type[Any], RecordKind] = {k.model: k for k in KINDS}
_BY_NAME: dict[str, RecordKind] = {k.name: k for k in KINDS}


def of(model: type[Any]) -> RecordKind:
    """The kind of a model class."""
    try:
        return _BY_MODEL[model]
    except KeyError:
        raise KeyError(f"{model.__name__} is not a kind of record") from None


def named(name: str) -> RecordKind:
    """The kind called ``name`` (its table name, e.g. ``agency_return``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise NotFoundError(f"There is no kind of record called '{name}'.") from None


def under(parent: type[Any]) -> Iterator[RecordKind]:
    """The kinds that hang from ``parent``."""
    return (k for k in KINDS if k.parent is parent)


def chain_to_case(kind: RecordKind) -> list[RecordKind]:
    """``kind`` and the kinds above it up to (not including) the case: an action → its
    recommendation."""
    out = [kind]
    while out[-1].parent not in (None, Case):
        parent = out[-1].parent
        assert parent is not None
        out.append(of(parent))
    return out
