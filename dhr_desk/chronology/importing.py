"""Write an import plan: every entry of an agency's return in one transaction, or nothing.

The return the entries came from records the file's name and SHA-256 and becomes received; the
agency is listed among the case's agencies; the column mapping is remembered for the agency;
the import is one event in the audit trail. A file already imported into the case is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.chronology.headings import FIELDS, normal
from dhr_desk.chronology.plan import UNUSUAL, CaseFacts, ImportPlan, Subject
from dhr_desk.domain import (
    AgencyReturn,
    Case,
    ChronologyEntry,
    Person,
    PersonRole,
    ReturnType,
)
from dhr_desk.errors import DhrDeskError, NeedsConfirmation, ValidationError
from dhr_desk.records import settings
from dhr_desk.storage.audit import AuditEvent, record
from dhr_desk.storage.schema import utcnow

MAPS_SETTING = "chronology_column_maps"
settings.register_defaults({MAPS_SETTING: {}})

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]
_CHUNK = 500


class ImportRefused(ValidationError):
    """The plan cannot be written as it stands; nothing was written."""


class ImportCancelled(DhrDeskError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("The import was stopped; nothing was written.")


@dataclass(frozen=True)
class ImportResult:
    reference: str
    agency: str
    file_name: str
    sha256: str
    entries: int
    skipped: int
    return_id: int

    @property
    def message(self) -> str:
        skipped = f"; {self.skipped:,} row(s) skipped" if self.skipped else ""
        noun = "entry" if self.entries == 1 else "entries"
        return (
            f"Imported {self.entries:,} {noun} from {self.file_name} into {self.reference} "
            f"({self.agency}){skipped}. The return is recorded as received."
        )


def case_facts(session: Session, case: Case) -> CaseFacts:
    """The review period, the death and the people a return's rows are checked against."""
    people = session.scalars(select(Person).where(Person.case_id == case.id).order_by(Person.id))
    subjects = []
    for person in people:
        names = {person.real_name, person.pseudonym, person.role.label}
        parts = person.real_name.split()
        if len(parts) > 1:
            names.update((parts[0], parts[-1], f"{parts[0][:1]} {parts[-1]}"))
        if person.role == PersonRole.PERPETRATOR:
            names.update(("Alleged perpetrator", "Suspect", "Perpetrator"))
        subjects.append(Subject(person.id, tuple(n for n in names if n and n.strip())))
    return CaseFacts(
        case.reference,
        case.review_period_start,
        case.review_period_end,
        case.date_of_death,
        tuple(subjects),
    )


def remembered_mapping(session: Session, agency: str) -> dict[str, str]:
    """The columns the coordinator named for this agency's returns before (heading → field)."""
    maps = settings.get_in(session, MAPS_SETTING)
    found = maps.get(agency.strip(), {}) if isinstance(maps, dict) else {}
    return (
        {str(k): str(v) for k, v in found.items() if v in FIELDS} if isinstance(found, dict) else {}
    )


def remember_mapping(session: Session, agency: str, mapping: dict[str, str]) -> None:
    maps = settings.get_in(session, MAPS_SETTING)
    maps = dict(maps) if isinstance(maps, dict) else {}
    maps[agency.strip()] = {normal(k): v for k, v in mapping.items() if normal(k)}
    settings.set_in(session, MAPS_SETTING, maps)


def already_imported(session: Session, case_id: int, sha256: str) -> AgencyReturn | None:
    return session.scalar(
        select(AgencyReturn).where(
            AgencyReturn.case_id == case_id, AgencyReturn.imported_sha256 == sha256
        )
    )


def refused_as_imported(found: AgencyReturn, file_name: str) -> str:
    when = found.imported_at.date() if found.imported_at else None
    on = f" on {when.day} {when:%B %Y}" if when else ""
    return (
        f"{file_name} was already imported into this case{on} ({found.imported_entries:,} "
        f"entries from {found.agency.name}, file '{found.imported_file}'); nothing was imported "
        "again."
    )


def entries_of_agency(session: Session, case_id: int, agency_id: int) -> int:
    return int(
        session.scalar(
            select(func.count(ChronologyEntry.id)).where(
                ChronologyEntry.case_id == case_id, ChronologyEntry.agency_id == agency_id
            )
        )
        or 0
    )


def _the_return(session: Session, case_id: int, agency_id: int) -> AgencyReturn:
    """The agency's requested chronology (else IMR) not yet imported, or a new chronology return."""
    returns = session.scalars(
        select(AgencyReturn)
        .where(
            AgencyReturn.case_id == case_id,
            AgencyReturn.agency_id == agency_id,
            AgencyReturn.imported_sha256 == "",
        )
        .order_by(AgencyReturn.id)
    )
    waiting = list(returns)
    for wanted in (ReturnType.CHRONOLOGY, ReturnType.IMR):
        for ret in waiting:
            if ret.return_type == wanted:
                return ret
    ret = AgencyReturn(case_id=case_id, agency_id=agency_id, return_type=ReturnType.CHRONOLOGY)
    session.add(ret)
    session.flush()
    return ret


def _check_plan(plan: ImportPlan) -> None:
    problems = plan.with_problems
    if problems:
        raise ImportRefused(
            f"{plan.file.name} was not imported: {len(problems):,} row(s) still have a problem; "
            "fix or skip each of them. Nothing was written:",
            [(r.place, "; ".join(r.problems)) for r in problems],
        )
    if not plan.to_add:
        empty = plan.empty_rows + plan.trailing_empty
        raise ImportRefused(
            f"{plan.file.name} holds no entries to import"
            + (f" (after its headings: {empty:,} empty rows)" if empty else "")
            + "; nothing was written."
        )


def _check_confirmed(plan: ImportPlan) -> None:
    unusual = [r for r in plan.to_add if any(w.startswith(UNUSUAL) for w in r.warnings)]
    if unusual:
        raise NeedsConfirmation(
            f"{plan.file.name} was not imported: {len(unusual):,} entr"
            f"{'y needs' if len(unusual) == 1 else 'ies need'} confirming (dated after the death "
            "or outside the review period); nothing was written:",
            [(r.place, "; ".join(w for w in r.warnings if w.startswith(UNUSUAL))) for r in unusual],
        )


def write_plan(
    session: Session,
    plan: ImportPlan,
    case: Case,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    confirmed: bool = True,
) -> ImportResult:
    """Add the plan's entries to ``case`` in ``session`` (the caller commits). ``confirmed``:
    the entries the plan warns of (after the death, outside the review period) were shown and
    accepted."""
    _check_plan(plan)
    if not confirmed:
        _check_confirmed(plan)
    report = progress or (lambda _f, _m: None)
    found = already_imported(session, case.id, plan.file.sha256)
    if found is not None:
        raise ImportRefused(refused_as_imported(found, plan.file.name))
    agency = records.agency_named(session, plan.agency)
    records.involve_agency(session, case.id, agency)
    ret = _the_return(session, case.id, agency.id)
    rows = plan.to_add
    for start in range(0, len(rows), _CHUNK):
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        report(0.1 + 0.8 * start / len(rows), f"Adding entries from {plan.file.name}")
        objects = [
            _entry(case.id, agency.id, ret.id, row.entry) for row in rows[start : start + _CHUNK]
        ]
        for obj in objects:
            records.check(session, obj, confirmed=confirmed)
        session.add_all(objects)
        session.flush()
    ret.received_on = ret.received_on or today or dt.date.today()
    ret.imported_file = plan.file.name[:200]
    ret.imported_sha256 = plan.file.sha256
    ret.imported_at = utcnow()
    ret.imported_entries = len(rows)
    remember_mapping(session, plan.agency, plan.mapping())
    record(
        session,
        AuditEvent(
            "import",
            "agency_return",
            str(ret.id),
            case.id,
            {
                "file": plan.file.name,
                "sha256": plan.file.sha256,
                "agency": agency.name,
                "entries": len(rows),
                "skipped": len(plan.skipped),
            },
        ),
    )
    session.flush()
    if cancelled is not None and cancelled():
        raise ImportCancelled()
    report(1.0, f"Imported {plan.file.name}")
    return ImportResult(
        case.reference,
        agency.name,
        plan.file.name,
        plan.file.sha256,
        len(rows),
        len(plan.skipped),
        ret.id,
    )


def _entry(case_id: int, agency_id: int, return_id: int, entry: Any) -> ChronologyEntry:
    return ChronologyEntry(
        case_id=case_id,
        occurred_on=entry.date.start,
        date_precision=entry.date.precision,
        occurred_time=entry.time,
        agency_id=agency_id,
        person_id=entry.person_id,
        source=entry.source,
        event=entry.event,
        action_decision=entry.action,
        comment=entry.comment,
        key_event=False,
        return_id=return_id,
        import_row=entry.place[:200],
    )
