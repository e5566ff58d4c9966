"""Gathering a case's chronology: the template for each agency, importing an agency's return
(read, check, fix or skip, then all or nothing), the combined chronology with its filters and
edits, likely duplicates and the coordinator's links, the timeline and the gaps.

Each function is one unit of work; the app and the command line call the same ones. Reading a
return (:func:`read_return`) writes nothing; :func:`import_return` writes the plan whole.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

import dhr_desk.chronology  # noqa: F401 - registers the chronology's save rules and settings
import dhr_desk.workflow  # noqa: F401 - the clocks register their save rules and settings
from dhr_desk import records
from dhr_desk.chronology import dates, drawing, headings, importing
from dhr_desk.chronology.combined import CombinedRow, Filters, combined_rows, filtered
from dhr_desk.chronology.dates import DateProblem, PartialDate
from dhr_desk.chronology.duplicates import LikelyDuplicate, likely_duplicates, linked_groups
from dhr_desk.chronology.gaps import Gaps, find_gaps
from dhr_desk.chronology.importing import ImportRefused, ImportResult
from dhr_desk.chronology.plan import UNUSUAL, ImportPlan, PlannedRow, SetAside, build_plan
from dhr_desk.chronology.sources import read_source
from dhr_desk.chronology.templates import TemplateFacts, TemplateSubject, chronology_template
from dhr_desk.chronology.timeline import (
    Line,
    Measure,
    Rect,
    Text,
    TimelineEntry,
    TimelineFacts,
    TimelineLayout,
    approximate,
    lay_out,
)
from dhr_desk.domain import (
    Agency,
    AgencyReturn,
    Case,
    CaseAgency,
    ChronologyEntry,
    ChronologyLink,
    DatePrecision,
    Person,
    PersonRole,
    ReturnType,
)
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.records import settings
from dhr_desk.storage.atomic import write_bytes_atomic
from dhr_desk.storage.database import Database

__all__ = [
    "CombinedRow",
    "Filters",
    "Gaps",
    "ImportPlan",
    "ImportRefused",
    "ImportResult",
    "LikelyDuplicate",
    "Line",
    "PartialDate",
    "PlannedRow",
    "Rect",
    "SetAside",
    "Text",
    "TimelineLayout",
]

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
FIELDS = headings.FIELDS
FIELD_LABELS = headings.FIELD_LABELS
TEMPLATE_FORMATS = ("xlsx", "docx")
PICTURE_FORMATS = ("png", "svg")


def _case(session: Session, case_id: int) -> Case:
    return records.get_in(session, Case, case_id)


# ------------------------------------------------------------------------------ dates
def read_partial(text: str) -> tuple[PartialDate, str]:
    """A date typed the UK way (3/4/2019, April 2019, Spring 2019, 2019) and any time with it;
    raises ValidationError in plain words."""
    try:
        read = dates.read_date(text)
    except DateProblem as exc:
        raise ValidationError("Nothing was saved:", [("date", str(exc))]) from None
    return read.date, read.time


def date_problem(text: str, *, required: bool = True) -> str | None:
    """What is wrong with a typed chronology date (None when it reads)."""
    if not text.strip():
        return "The date is required" if required else None
    try:
        dates.read_date(text)
    except DateProblem as exc:
        return str(exc)
    return None


def filter_date(text: str, *, end: bool = False) -> dt.date | None:
    """A date typed into a filter: the first (or, for ``end``, the last) day it can be."""
    if not text.strip():
        return None
    try:
        read = dates.read_date(text).date
    except DateProblem:
        return None
    return read.end if end else read.start


# ------------------------------------------------------------------------------ template
def _due_on(session: Session, case: Case, agency: Agency) -> dt.date | None:
    """The due date of the agency's chronology (or IMR) return, from the clocks."""
    from dhr_desk.workflow import case_deadlines

    wanted = {
        r.id
        for r in case.returns
        if r.agency_id == agency.id and r.return_type in (ReturnType.CHRONOLOGY, ReturnType.IMR)
    }
    for item in case_deadlines(session, case, dt.date.today()):
        if item.return_id in wanted and item.due_on is not None:
            return item.due_on
    explicit = [r.due_on for r in case.returns if r.id in wanted and r.due_on is not None]
    return explicit[0] if explicit else None


def _template_facts(session: Session, case: Case, agency_name: str) -> TemplateFacts:
    agency = session.scalar(select(Agency).where(Agency.name == agency_name.strip()))
    if agency is None:
        raise NotFoundError(
            f"There is no agency called '{agency_name}'; add it to the case's agencies first."
        )
    dhr_label = settings.get_in(session, "dhr_label")
    review = (
        "Domestic Abuse Related Death Review"
        if dhr_label == "DARDR"
        else ("Domestic Homicide Review")
    )
    subjects = tuple(
        TemplateSubject(p.real_name, p.role.label, p.date_of_birth, p.other_identifiers)
        for p in case.people
        if p.role in (PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.CHILD)
    )
    return TemplateFacts(
        reference=case.reference,
        review_name=review,
        partnership=str(settings.get_in(session, "partnership_name")),
        agency=agency.name,
        marking=str(settings.get_in(session, "protective_marking")),
        period_start=case.review_period_start,
        period_end=case.review_period_end or case.date_of_death,
        due_on=_due_on(session, case, agency),
        coordinator=str(settings.get_in(session, "coordinator_name") or ""),
        coordinator_email=str(settings.get_in(session, "coordinator_email") or ""),
        subjects=subjects,
    )


def template_bytes(db: Database, case_id: int, agency: str, file_format: str) -> bytes:
    """The chronology template for one agency of the case (.xlsx or .docx)."""
    with db.session() as session:
        facts = _template_facts(session, _case(session, case_id), agency)
    return chronology_template(facts, file_format)


def write_template(db: Database, case_id: int, agency: str, file_format: str, output: Path) -> Path:
    """Write the template to ``output`` (replaced whole, never half-written)."""
    fmt = file_format.strip().lower().lstrip(".")
    if fmt not in TEMPLATE_FORMATS:
        raise ValidationError(
            "Nothing was written:", [("format", f"'{file_format}' is not xlsx or docx")]
        )
    if Path(output).suffix.lower().lstrip(".") != fmt:
        raise ValidationError(
            "Nothing was written:", [("output", f"the file name should end in .{fmt}")]
        )
    data = template_bytes(db, case_id, agency, fmt)
    write_bytes_atomic(Path(output), data)
    return Path(output)


# ------------------------------------------------------------------------------ importing
def read_return(
    db: Database,
    case_id: int,
    path: Path,
    agency: str,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportPlan:
    """Read an agency's return into a plan (every row to add and every problem); writes
    nothing. ``mapping`` names columns (heading → field) over those remembered for the agency."""
    agency = " ".join(agency.split())
    if not agency:
        raise ValidationError(
            "Nothing was imported:", [("agency", "name the agency the return is from")]
        )
    try:
        chosen = {k: headings.parse_field(v) for k, v in (mapping or {}).items()}
    except ValueError as exc:
        raise ValidationError("Nothing was imported:", [("map", str(exc))]) from None
    with db.session() as session:
        case = _case(session, case_id)
        facts = importing.case_facts(session, case)
        remembered = importing.remembered_mapping(session, agency)
    source = read_source(Path(path), sheet, progress, cancelled)
    plan = build_plan(source, agency, facts, remembered=remembered, chosen=chosen, sheet=sheet)
    with db.session() as session:
        found = importing.already_imported(session, case_id, source.sha256)
        if found is not None:
            plan.refused = importing.refused_as_imported(found, source.name)
        known = session.scalar(select(Agency).where(Agency.name == agency))
        if known is not None:
            count = importing.entries_of_agency(session, case_id, known.id)
            if count:
                noun = "entry" if count == 1 else "entries"
                plan.notices.append(
                    f"{agency} already has {count:,} {noun} in this chronology; these are added "
                    "to them."
                )
    return plan


def replan(db: Database, case_id: int, plan: ImportPlan, mapping: Mapping[str, str]) -> ImportPlan:
    """The same file read again with the columns named differently (heading → field); the
    coordinator's fixes and skips are lost, as the rows may now read differently."""
    try:
        chosen = {k: headings.parse_field(v) for k, v in mapping.items()}
    except ValueError as exc:
        raise ValidationError("Nothing was imported:", [("map", str(exc))]) from None
    with db.session() as session:
        facts = importing.case_facts(session, _case(session, case_id))
        remembered = importing.remembered_mapping(session, plan.agency)
    fresh = build_plan(
        plan.file, plan.agency, facts, remembered=remembered, chosen=chosen, sheet=plan.sheet
    )
    fresh.refused = plan.refused
    fresh.notices = [*fresh.notices, *(n for n in plan.notices if "already has" in n)]
    return fresh


def to_confirm(plan: ImportPlan) -> list[PlannedRow]:
    """The rows an import confirms by being made: entries dated after the death or outside
    the review period (possible, but worth a second look)."""
    return [r for r in plan.to_add if any(w.startswith(UNUSUAL) for w in r.warnings)]


def import_return(
    db: Database,
    case_id: int,
    plan: ImportPlan,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    today: dt.date | None = None,
    accept_warnings: bool = True,
) -> ImportResult:
    """Write the plan in one transaction: every entry, or nothing. Refused while a row still
    has a problem (fix or skip it), and for a file already imported into the case. Entries
    after the death or outside the review period are shown as warnings in the plan; importing
    it confirms them, unless ``accept_warnings`` is false (then they are refused until
    confirmed)."""
    with db.session() as session:
        case = _case(session, case_id)
        return importing.write_plan(
            session,
            plan,
            case,
            today=today,
            progress=progress,
            cancelled=cancelled,
            confirmed=accept_warnings,
        )


def remembered_mapping(db: Database, agency: str) -> dict[str, str]:
    with db.session() as session:
        return importing.remembered_mapping(session, agency)


# ------------------------------------------------------------------------------ the entries
def rows(db: Database, case_id: int) -> list[CombinedRow]:
    """The combined chronology in date order."""
    with db.session() as session:
        return combined_rows(session, case_id)


def row(db: Database, entry_id: int) -> CombinedRow:
    with db.session() as session:
        entry = session.get(ChronologyEntry, entry_id)
        if entry is None:
            raise NotFoundError("That chronology entry no longer exists.")
        found = combined_rows(session, entry.case_id, entry_ids=[entry_id])
        return found[0]


_ENTRY_FIELDS = (
    "date",
    "occurred_time",
    "agency",
    "person_id",
    "source",
    "event",
    "action_decision",
    "comment",
    "key_event",
)


def _entry_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in values if k not in _ENTRY_FIELDS]
    if unknown:
        raise ValidationError(
            "Nothing was saved:", [(k, "is not a field of a chronology entry") for k in unknown]
        )
    out = {k: v for k, v in values.items() if k != "date"}
    if "date" in values:
        text = str(values["date"] or "")
        if not text.strip():
            raise ValidationError("Nothing was saved:", [("date", "is required")])
        try:
            read = dates.read_date(text)
        except DateProblem as exc:
            raise ValidationError("Nothing was saved:", [("date", str(exc))]) from None
        out["occurred_on"] = read.date.start
        out["date_precision"] = read.date.precision.value
        if read.time and not str(values.get("occurred_time") or "").strip():
            out["occurred_time"] = read.time
    if "person_id" in out and out["person_id"] in ("", None):
        out["person_id"] = None
    return out


def save_entry(
    db: Database,
    case_id: int,
    entry_id: int | None,
    values: Mapping[str, Any],
    *,
    confirmed: bool = False,
    seen: int | None = None,
) -> CombinedRow:
    """Add (``entry_id`` None) or change an entry. ``date`` is typed the UK way and may be
    partial ("April 2019"); ``agency`` is an agency's name. An entry after the death or outside
    the review period raises :class:`~dhr_desk.errors.NeedsConfirmation` and is saved only
    with ``confirmed``. ``seen`` is the version the form opened (:func:`opened_row`): a save
    over someone else's later change is refused
    (:class:`~dhr_desk.errors.ChangedMeanwhileError`)."""
    clean = _entry_values(values)
    if entry_id is None and "occurred_on" not in clean:
        raise ValidationError("Nothing was saved:", [("date", "is required")])
    with db.session() as session:
        person = clean.get("person_id")
        if person is not None:
            found = session.get(Person, int(person))
            if found is None or found.case_id != case_id:
                raise ValidationError(
                    "Nothing was saved:", [("person_id", "is not a person of this case")]
                )
    from dhr_desk.services.workspace import save

    entry = save(db, ChronologyEntry, case_id, entry_id, clean, confirmed=confirmed, seen=seen)
    return row(db, entry.id)


def opened_row(db: Database, entry_id: int) -> tuple[CombinedRow, int]:
    """An entry as its form opens it, with its version (pass it back to :func:`save_entry` as
    ``seen``). The version is read first: a change saved in between can only make the save
    ask, never pass unnoticed."""
    version = records.version(db, ChronologyEntry, entry_id)
    return row(db, entry_id), version


def opened_rows(db: Database, case_id: int) -> tuple[list[CombinedRow], int]:
    """The combined chronology as the table opens it, with the version it was read at: the
    last change of any of the case's entries (pass it back to :func:`save_entry` or
    :func:`set_key_event` as ``seen`` for any entry of the table). The version is read first:
    a change saved in between can only make a save ask, never pass unnoticed."""
    with db.reading() as session:
        seen = records.part_version_in(session, case_id, [ChronologyEntry])
        return combined_rows(session, case_id), seen


def set_key_event(
    db: Database, entry_id: int, key_event: bool, *, seen: int | None = None
) -> CombinedRow:
    """Mark an entry as a key event of the summary chronology (or not). ``seen`` as for
    :func:`save_entry`: ticking an entry someone else changed since it was read is refused
    (:class:`~dhr_desk.errors.ChangedMeanwhileError`)."""
    with db.session() as session:
        entry = records.get_in(session, ChronologyEntry, entry_id)
        if seen is not None:
            records.check_version(session, entry, seen, {"key_event": bool(key_event)})
        entry.key_event = bool(key_event)
    return row(db, entry_id)


def delete_entry(db: Database, entry_id: int) -> None:
    """Remove an entry and the coordinator's links to it (recorded in the audit trail)."""
    with db.session() as session:
        entry = records.get_in(session, ChronologyEntry, entry_id)
        for link in session.scalars(
            select(ChronologyLink).where(
                or_(ChronologyLink.entry_id == entry_id, ChronologyLink.other_id == entry_id)
            )
        ):
            session.delete(link)
        session.flush()
        session.delete(entry)


def people(db: Database, case_id: int) -> list[tuple[int, str]]:
    """(id, "Real name (pseudonym, role)") of the case's people, for the person filter."""
    with db.session() as session:
        found = session.scalars(select(Person).where(Person.case_id == case_id).order_by(Person.id))
        return [
            (p.id, f"{p.real_name} ({', '.join(x for x in (p.pseudonym, p.role.label) if x)})")
            for p in found
        ]


def person_filter(db: Database, person_id: int) -> tuple[int, tuple[str, ...]]:
    """(person id, the names text may call them by) for :class:`Filters`."""
    with db.session() as session:
        person = records.get_in(session, Person, person_id)
        names = {person.real_name, person.pseudonym}
        parts = person.real_name.split()
        names.update(p for p in parts if len(p) >= 3)
        if person.role in (PersonRole.VICTIM, PersonRole.PERPETRATOR):
            names.add(person.role.label)
        return person.id, tuple(sorted(n for n in names if n))


def person_named(db: Database, case_id: int, name: str) -> int:
    """The id of the case's person with this real name or pseudonym (any case of letters)."""
    wanted = " ".join(name.split()).casefold()
    with db.session() as session:
        found = list(session.scalars(select(Person).where(Person.case_id == case_id)))
    for person in found:
        if wanted in (person.real_name.casefold(), (person.pseudonym or "").casefold()):
            return person.id
    known = ", ".join(p.real_name for p in found) or "nobody yet"
    raise ValidationError(f"No person of this case is called '{name}' (the people: {known}).")


def agencies(db: Database, case_id: int) -> list[str]:
    """The agencies of the case and of its entries, by name."""
    with db.session() as session:
        linked = session.scalars(
            select(Agency.name)
            .join(CaseAgency, CaseAgency.agency_id == Agency.id)
            .where(CaseAgency.case_id == case_id)
            .order_by(CaseAgency.id)
        )
        named = session.scalars(
            select(Agency.name)
            .join(ChronologyEntry, ChronologyEntry.agency_id == Agency.id)
            .where(ChronologyEntry.case_id == case_id)
            .distinct()
        )
        out = list(dict.fromkeys(linked))
        return out + sorted(set(named) - set(out))


# ------------------------------------------------------------------------------ duplicates
@dataclass(frozen=True)
class LinkRow:
    id: int
    first: CombinedRow
    second: CombinedRow
    same_event: bool
    decided_on: dt.date | None
    note: str


def _decided(session: Session, case_id: int) -> list[ChronologyLink]:
    return list(
        session.scalars(
            select(ChronologyLink)
            .where(ChronologyLink.case_id == case_id)
            .order_by(ChronologyLink.id)
        )
    )


def duplicates(
    db: Database, case_id: int, rows_: list[CombinedRow] | None = None
) -> list[LikelyDuplicate]:
    """Likely duplicates across agencies not yet decided by the coordinator, in date order
    (among ``rows_`` when the combined chronology is already at hand)."""
    with db.session() as session:
        if rows_ is None:
            rows_ = combined_rows(session, case_id)
        decided = [(link.entry_id, link.other_id) for link in _decided(session, case_id)]
    return likely_duplicates(rows_, decided)


def links(db: Database, case_id: int) -> list[LinkRow]:
    with db.session() as session:
        found = _decided(session, case_id)
        ids = {i for link in found for i in (link.entry_id, link.other_id)}
        by_id = {r.id: r for r in combined_rows(session, case_id, entry_ids=ids)} if ids else {}
        return [
            LinkRow(
                link.id,
                by_id[link.entry_id],
                by_id[link.other_id],
                link.same_event,
                link.decided_on,
                link.note,
            )
            for link in found
            if link.entry_id in by_id and link.other_id in by_id
        ]


def groups(db: Database, case_id: int) -> dict[int, int]:
    """Entry id → the first entry of the event it is linked to (entries linked as one event)."""
    with db.session() as session:
        pairs = [
            (link.entry_id, link.other_id) for link in _decided(session, case_id) if link.same_event
        ]
    return linked_groups(pairs)


def decide(
    db: Database,
    case_id: int,
    first_id: int,
    second_id: int,
    same_event: bool,
    note: str = "",
    on: dt.date | None = None,
) -> int:
    """Record the coordinator's word on a pair: the same event (linked) or not the same. Both
    entries are kept. Deciding a pair again replaces the earlier word. Returns the link's id."""
    low, high = sorted((int(first_id), int(second_id)))
    if low == high:
        raise ValidationError(
            "Nothing was saved:", [("entry", "an entry cannot be linked with itself")]
        )
    with db.session() as session:
        for entry_id in (low, high):
            entry = records.get_in(session, ChronologyEntry, entry_id)
            if entry.case_id != case_id:
                raise ValidationError(
                    "Nothing was saved:", [("entry", f"entry {entry_id} belongs to another case")]
                )
        link = session.scalar(
            select(ChronologyLink).where(
                ChronologyLink.entry_id == low, ChronologyLink.other_id == high
            )
        )
        values = {"same_event": same_event, "note": note, "decided_on": on or dt.date.today()}
        if link is None:
            link = records.add_in(
                session, ChronologyLink, case_id, {"entry_id": low, "other_id": high, **values}
            )
        else:
            link = records.update_in(session, ChronologyLink, link.id, values)
        return int(link.id)


def undo_decision(db: Database, link_id: int) -> None:
    """Take back a link (the pair may be flagged again)."""
    with db.session() as session:
        session.delete(records.get_in(session, ChronologyLink, link_id))


# ------------------------------------------------------------------------------ the picture
def _facts(case: Case) -> TimelineFacts:
    return TimelineFacts(
        f"{case.reference}: contacts by agency",
        case.review_period_start,
        case.review_period_end,
        case.date_of_death,
    )


def timeline_entries(
    shown: list[CombinedRow], label: Callable[[str], str] = lambda text: text
) -> list[TimelineEntry]:
    return [
        TimelineEntry(
            r.id,
            r.occurred_on,
            r.date.end,
            r.agency or "Other sources",
            r.key_event,
            label(r.event) if r.key_event else "",
        )
        for r in shown
    ]


def timeline(
    db: Database,
    case_id: int,
    *,
    filters: Filters | None = None,
    width: float = 1400.0,
    measure: Measure = approximate,
    rows_: list[CombinedRow] | None = None,
    cancelled: Cancelled | None = None,
) -> TimelineLayout:
    """The timeline of the case (or of the entries the filters keep), laid out ``width`` wide."""
    with db.session() as session:
        case = _case(session, case_id)
        facts = _facts(case)
        all_rows = rows_ if rows_ is not None else combined_rows(session, case_id)
    shown = filtered(all_rows, filters) if filters is not None else all_rows
    lanes = [a for a in agencies(db, case_id) if any(r.agency == a for r in shown)]
    if any(not r.agency for r in shown):
        lanes.append("Other sources")

    def check() -> None:
        if cancelled is not None and cancelled():
            raise importing.ImportCancelled()

    return lay_out(
        timeline_entries(shown), facts, width, lanes=lanes or None, measure=measure, check=check
    )


def write_timeline(
    db: Database,
    case_id: int,
    output: Path,
    width: float = 1400.0,
    filters: Filters | None = None,
) -> Path:
    """The timeline (of the entries the filters keep) as a picture: .png or .svg (vector)."""
    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in PICTURE_FORMATS:
        raise ValidationError(
            "Nothing was written:", [("output", "the file name should end in .png or .svg")]
        )
    layout = timeline(db, case_id, width=width, measure=drawing.measure(), filters=filters)
    data = drawing.to_png(layout) if fmt == "png" else drawing.to_svg(layout).encode("utf-8")
    write_bytes_atomic(Path(output), data)
    return Path(output)


def gaps(db: Database, case_id: int) -> Gaps:
    with db.session() as session:
        case = _case(session, case_id)
        period = (case.review_period_start, case.review_period_end or case.date_of_death)
        in_scope = list(
            session.scalars(
                select(Agency.name)
                .join(CaseAgency, CaseAgency.agency_id == Agency.id)
                .where(
                    CaseAgency.case_id == case_id,
                    CaseAgency.in_scope.is_(True),
                    or_(CaseAgency.had_contact.is_(None), CaseAgency.had_contact.is_(True)),
                )
                .order_by(CaseAgency.id)
            )
        )
        found = combined_rows(session, case_id)
    return find_gaps(found, in_scope, *period)


def imported_returns(db: Database, case_id: int) -> list[AgencyReturn]:
    """The returns imported into the case, with file name, SHA-256, when and how many entries."""
    with db.session() as session:
        return list(
            session.scalars(
                select(AgencyReturn)
                .where(AgencyReturn.case_id == case_id, AgencyReturn.imported_sha256 != "")
                .order_by(AgencyReturn.imported_at)
            )
        )


PRECISIONS = tuple(p.value for p in DatePrecision)
