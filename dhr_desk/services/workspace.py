"""What the case workspace shows and saves: a case's records by kind, the chronology as rows,
the case's audit history, and saving a record (with an agency named in words) in one
transaction.

Every function opens one unit of work; nothing here knows about windows or widgets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import MANYTOONE, Session, joinedload

import dhr_desk.chronology  # noqa: F401 - the chronology registers its save rules
import dhr_desk.publication  # noqa: F401 - registers the pseudonym register's save rule
import dhr_desk.workflow  # noqa: F401 - the clocks register their save rules and settings
from dhr_desk import records
from dhr_desk.domain import (
    Advocate,
    Agency,
    AuditEntry,
    Case,
    CaseAgency,
    CaseKind,
    ChronologyEntry,
    Distribution,
    GeneratedDocument,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    PanelMember,
    Person,
)
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.records import fields, kinds
from dhr_desk.records.kinds import AGENCY_FIELD, RecordKind
from dhr_desk.storage.database import Database

T = TypeVar("T")


def field_problem(model: type[Any], key: str, value: Any) -> str | None:
    """What is wrong with a value typed into a field, in the words the save would use (None
    when it would be accepted): the same parser every save path runs."""
    try:
        fields.coerce_column(model, key, value)
    except fields.FieldError as exc:
        return str(exc)
    return None


def date_problem(text: str, *, required: bool = False) -> str | None:
    """What is wrong with a typed date (None when it is a real date, or empty and optional)."""
    try:
        day = fields.parse_date(text)
    except fields.FieldError as exc:
        return str(exc)
    return "The date is required" if required and day is None else None


def read_date(text: str) -> dt.date | None:
    """A typed date, or None when it is empty or not a date."""
    try:
        return fields.parse_date(text)
    except fields.FieldError:
        return None


def options(model: type[Any], key: str) -> list[tuple[str, str]]:
    """The choices of an enumerated field as (stored value, label), in their order."""
    return [
        (member.value, str(getattr(member, "label", member.value)))
        for member in fields.enum_of(model, key)
    ]


def kind(name: str) -> RecordKind:
    """The kind of record called ``name`` (e.g. ``meeting``, ``agency_return``)."""
    return kinds.named(name)


def kind_of(model: type[Any]) -> RecordKind:
    return kinds.of(model)


def get_case(db: Database, case_id: int) -> Case:
    """The case's own fields (its lists are loaded by :func:`children`)."""
    with db.reading() as session:
        return records.get_in(session, Case, case_id)


def update_case(
    db: Database,
    case_id: int,
    values: dict[str, Any],
    *,
    confirmed: bool = False,
    seen: int | None = None,
) -> Case:
    """Change the case's own fields (title, summary, notification, review period…). The
    reference is not among them: it changes only through :func:`cases.change_reference`, with
    a reason kept in the audit trail. ``seen`` is the version the summary was opened on
    (:func:`opened`): a save over someone else's later change is refused
    (:class:`~dhr_desk.errors.ChangedMeanwhileError`)."""
    if "coordinator" in values:  # a sign-in on the server; nothing to say on a laptop
        values = dict(values)
        coordinator = str(values.pop("coordinator") or "").strip() or None
        if db.is_server:
            values["coordinator"] = coordinator
    with db.session() as session:
        if "reference" in values:
            current = records.get_in(session, Case, case_id).reference
            if str(values["reference"] or "").strip() != current:
                raise ValidationError(
                    "Nothing was saved:",
                    [
                        (
                            "reference",
                            "is changed only with Change reference…, which asks for the reason",
                        )
                    ],
                )
            values = {k: v for k, v in values.items() if k != "reference"}
        return records.update_in(session, Case, case_id, values, confirmed=confirmed, seen=seen)


def _joined(model: type[Any], *, but: type[Any] | None = None) -> list[Any]:
    """Load the records a record points to (its agency, its person…) with it, so that they
    can be read after the session ends (``but`` the parent a list is read under)."""
    return [
        joinedload(rel.class_attribute)
        for rel in inspect(model).relationships
        if rel.direction is MANYTOONE and rel.mapper.class_ is not but
    ]


def children(db: Database, model: type[T], parent_id: int) -> list[T]:
    """The records of ``model`` under one parent (a case, meeting, recommendation…), in order."""
    record_kind = kinds.of(model)
    options = _joined(model, but=record_kind.parent)
    with db.reading() as session:
        column = getattr(model, record_kind.parent_key)
        order = getattr(model, "id")  # noqa: B009 - every model has an id
        stmt = select(model).where(column == parent_id).options(*options).order_by(order)
        return list(session.scalars(stmt).unique())


def new_values(db: Database, model: type[Any], parent_id: int | None) -> dict[str, Any]:
    """What a new record's form starts with: the model's defaults, the next number where
    records are numbered, and a meeting of the kind the case holds (panel or case review)."""
    record_kind = kinds.of(model)
    values = record_kind.column_defaults()
    if parent_id is None:
        return values
    with db.reading() as session:
        if record_kind.numbered:
            column = getattr(model, record_kind.parent_key)
            count = session.scalar(
                select(func.count()).select_from(model).where(column == parent_id)
            )
            values["number"] = int(count or 0) + 1
        if model is Meeting:
            case = records.get_in(session, Case, parent_id)
            values["kind"] = (
                MeetingKind.PANEL if case.kind == CaseKind.DHR else MeetingKind.CASE_REVIEW
            )
    return values


def _resolve_agency(session: Session, model: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    if AGENCY_FIELD not in values:
        return values
    values = dict(values)
    name = str(values.pop(AGENCY_FIELD) or "").strip()
    column = kinds.of(model).agency_column
    if not column:
        raise ValidationError(
            "Nothing was saved:", [(AGENCY_FIELD, "is not a field of this record")]
        )
    if not name:
        column_attr = inspect(model).column_attrs[column].columns[0]
        if not column_attr.nullable:
            raise ValidationError("Nothing was saved:", [(AGENCY_FIELD, "is required")])
        values[column] = None
        return values
    values[column] = records.agency_named(session, name).id
    return values


def save(
    db: Database,
    model: type[T],
    parent_id: int,
    record_id: int | None,
    values: dict[str, Any],
    *,
    confirmed: bool = False,
    seen: int | None = None,
) -> T:
    """Add (``record_id`` None) or change one record, in one transaction.

    ``seen`` is the version of the record the form was opened on (:func:`version`): if someone
    else saved it since, nothing is saved and
    :class:`~dhr_desk.errors.ChangedMeanwhileError` says who and when, with both versions.

    An ``agency`` value is an agency's name: it is found or created, and an agency named in a
    case's record is also listed among the case's agencies. Something unusual (an entry after
    the date of death) raises :class:`~dhr_desk.errors.NeedsConfirmation` and saves nothing
    until it is saved again with ``confirmed``.
    """
    with db.session() as session:
        if seen is not None and record_id is not None:
            current = records.get_in(session, model, record_id)
            records.check_version(session, current, seen, values)
        clean = _resolve_agency(session, model, values)
        column = kinds.of(model).agency_column
        agency_id = clean.get(column) if column else None
        if agency_id is not None and model is not CaseAgency:
            _involve(session, model, parent_id, record_id, agency_id)
        if record_id is None:
            obj = records.add_in(session, model, parent_id, clean, confirmed=confirmed)
        else:
            obj = records.update_in(session, model, record_id, clean, confirmed=confirmed)
        session.flush()
        session.refresh(obj)
        return obj


def version(db: Database, model: type[Any], record_id: int) -> int:
    """The version of a record as a form opens it (pass it back to :func:`save` as ``seen``)."""
    return records.version(db, model, record_id)


def opened(db: Database, model: type[T], record_id: int) -> tuple[T, int]:
    """A record as a form opens it, with its version (pass it back to :func:`save` or
    :func:`update_case` as ``seen``). Both are read from one snapshot, the version first: a
    change saved in between can only make a later save ask, never pass unnoticed."""
    with db.reading() as session:
        seen = records.version_in(session, model, record_id)
        key = getattr(model, "id")  # noqa: B009 - every model has an id
        obj = session.scalars(
            select(model).where(key == record_id).options(*_joined(model))
        ).first()
        if obj is None:
            raise NotFoundError(f"That {kinds.of(model).noun} no longer exists.")
        return obj, seen


def _involve(
    session: Session, model: type[Any], parent_id: int, record_id: int | None, agency_id: int
) -> None:
    """List an agency named in a record among the case's agencies (before the record is
    checked: a return must come from an agency of the case)."""
    owner = records.get_in(session, model, record_id) if record_id is not None else None
    parent = kinds.of(model).parent
    holder = owner if owner is not None else (session.get(parent, parent_id) if parent else None)
    case_id = _case_of(session, holder) if holder is not None else None
    agency = session.get(Agency, agency_id)
    if case_id is not None and agency is not None:
        records.involve_agency(session, case_id, agency)


def _case_of(session: Session, obj: Any) -> int | None:
    """The case a record (or the case itself) belongs to, up through the records it hangs
    from."""
    while obj is not None and not isinstance(obj, Case):
        parent = kinds.of(type(obj)).parent
        if parent is None:
            return None
        obj = session.get(parent, getattr(obj, kinds.of(type(obj)).parent_key))
    return None if obj is None else int(obj.id)


def remove(db: Database, model: type[Any], record_id: int) -> None:
    records.delete(db, model, record_id)


def agency_names(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Agency.name).order_by(Agency.name)))


def people_choices(db: Database, case_id: int) -> list[tuple[int, str]]:
    """(id, "Real name (pseudonym, role)") for every person in the case."""
    with db.reading() as session:
        rows = session.scalars(select(Person).where(Person.case_id == case_id).order_by(Person.id))
        return [(p.id, _person_label(p)) for p in rows]


def _person_label(person: Person) -> str:
    extra = ", ".join(x for x in (person.pseudonym, person.role.label) if x)
    return f"{person.real_name} ({extra})" if extra else person.real_name


def choices(db: Database, case_id: int, name: str) -> list[tuple[int, str]]:
    """The records a form can pick from by ``name``: ``people``, ``panel`` or ``advocates``."""
    if name == "people":
        return people_choices(db, case_id)
    if name == "panel":
        return panel_choices(db, case_id)
    if name == "advocates":
        return [(a.id, a.name) for a in children(db, Advocate, case_id)]
    raise ValueError(f"no list of choices called {name!r}")


def panel_choices(db: Database, case_id: int) -> list[tuple[int, str]]:
    with db.reading() as session:
        rows = session.scalars(
            select(PanelMember).where(PanelMember.case_id == case_id).order_by(PanelMember.id)
        )
        return [(m.id, m.name) for m in rows]


def invite_panel(db: Database, meeting_id: int) -> int:
    """Add every current panel member to a meeting's attendance list (once). Returns how many."""
    with db.session() as session:
        meeting = records.get_in(session, Meeting, meeting_id)
        present = {a.panel_member_id for a in meeting.attendance if a.panel_member_id}
        added = 0
        for member in session.scalars(
            select(PanelMember).where(PanelMember.case_id == meeting.case_id)
        ):
            if member.id in present or member.left_on is not None:
                continue
            session.add(
                MeetingAttendance(
                    meeting_id=meeting.id,
                    panel_member_id=member.id,
                    name=member.name,
                    organisation=member.agency.name if member.agency else "",
                )
            )
            added += 1
        return added


# --------------------------------------------------------------------------- chronology
@dataclass(frozen=True)
class ChronologyRow:
    id: int
    occurred_on: dt.date
    occurred_time: str
    agency: str
    source: str
    event: str
    action_decision: str
    comment: str


def chronology_rows(db: Database, case_id: int) -> list[ChronologyRow]:
    """The combined chronology in date order: one query, whatever its length."""
    stmt = (
        select(
            ChronologyEntry.id,
            ChronologyEntry.occurred_on,
            ChronologyEntry.occurred_time,
            Agency.name,
            ChronologyEntry.source,
            ChronologyEntry.event,
            ChronologyEntry.action_decision,
            ChronologyEntry.comment,
        )
        .outerjoin(Agency, Agency.id == ChronologyEntry.agency_id)
        .where(ChronologyEntry.case_id == case_id)
        .order_by(ChronologyEntry.occurred_on, ChronologyEntry.occurred_time, ChronologyEntry.id)
    )
    with db.reading() as session:
        return [
            ChronologyRow(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7])
            for r in session.execute(stmt)
        ]


def chronology_row(db: Database, entry_id: int) -> ChronologyRow:
    with db.reading() as session:
        entry = session.get(ChronologyEntry, entry_id)
        if entry is None:
            raise NotFoundError("That chronology entry no longer exists.")
        return ChronologyRow(
            entry.id,
            entry.occurred_on,
            entry.occurred_time,
            entry.agency.name if entry.agency else "",
            entry.source,
            entry.event,
            entry.action_decision,
            entry.comment,
        )


# --------------------------------------------------------------------------- documents register
@dataclass(frozen=True)
class RegisterRow:
    document_id: int
    kind: str
    title: str
    version: int
    edition: str
    file_format: str
    draft: bool
    file_name: str
    generated_at: dt.datetime
    recipients: tuple[str, ...]


def document_register(db: Database, case_id: int) -> list[RegisterRow]:
    """Every generated document of the case, newest first, with who received a copy."""
    with db.reading() as session:
        docs = list(
            session.scalars(
                select(GeneratedDocument)
                .where(GeneratedDocument.case_id == case_id)
                .order_by(GeneratedDocument.generated_at.desc(), GeneratedDocument.id.desc())
            )
        )
        sent: dict[int, list[str]] = {}
        if docs:
            for dist in session.scalars(
                select(Distribution).where(Distribution.document_id.in_([d.id for d in docs]))
            ):
                sent.setdefault(dist.document_id, []).append(
                    f"{dist.recipient} ({dist.sent_on.isoformat()})"
                )
        return [
            RegisterRow(
                d.id,
                d.kind,
                d.title,
                d.version,
                d.edition.value,
                d.file_format,
                d.draft,
                d.file_name,
                d.generated_at,
                tuple(sent.get(d.id, [])),
            )
            for d in docs
        ]


# --------------------------------------------------------------------------- audit history
@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    os_user: str
    action: str
    entity: str
    entity_id: str
    changed: str


_PLUMBING = {"id", "case_id", "meeting_id", "recommendation_id", "action_id", "document_id"}


def audit_history(db: Database, case_id: int, limit: int = 2000) -> list[AuditRow]:
    """What changed in this case, newest first: when, by whom, which record, which fields."""
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.case_id == case_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    with db.reading() as session:
        out = []
        for entry in session.scalars(stmt):
            changes = entry.changes or {}
            out.append(
                AuditRow(
                    entry.at,
                    entry.os_user,
                    entry.action,
                    entry.entity.replace("_", " "),
                    entry.entity_id,
                    ", ".join(k.replace("_", " ") for k in sorted(changes) if k not in _PLUMBING),
                )
            )
        return out


def count_chronology(db: Database, case_id: int) -> int:
    with db.reading() as session:
        return int(
            session.scalar(
                select(func.count(ChronologyEntry.id)).where(ChronologyEntry.case_id == case_id)
            )
            or 0
        )


def parent_id(db: Database, model: type[Any], record_id: int) -> int | None:
    """The id of the record a record hangs from (a meeting's case, an action's recommendation)."""
    key = kinds.of(model).parent_key
    with db.reading() as session:
        obj = session.get(model, record_id)
        return None if obj is None or not key else getattr(obj, key)
