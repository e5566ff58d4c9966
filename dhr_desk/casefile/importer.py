"""Import case files: each file checked completely, then written whole in one transaction, or
not at all.

The write goes through the ORM unit of work (``add_all`` and a few flushes), so every record is
checked by the field guards and recorded in the audit trail in the same transaction as the
case. A process killed mid-import leaves the database as it was: SQLite never commits half a
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import dhr_desk.chronology  # noqa: F401 - registers the save rules for chronology entries
import dhr_desk.publication  # noqa: F401 - registers the pseudonym register's save rule
import dhr_desk.workflow  # noqa: F401 - registers the save rules for pauses and complaints
from dhr_desk import records
from dhr_desk.casefile.checks import AgencyItem, Item, Plan, plan_document
from dhr_desk.casefile.reader import CaseFileError, check_header, read
from dhr_desk.casefile.sealed import Unsealer
from dhr_desk.casefile.spec import AGENCY, Section
from dhr_desk.domain import Agency, Case, CaseAgency
from dhr_desk.errors import DhrDeskError, NeedsConfirmation, ValidationError
from dhr_desk.storage.audit import AuditEvent, record
from dhr_desk.storage.database import Database

Progress = Callable[[int, int, str], None]  # (done, total, what is happening)
Cancelled = Callable[[], bool]
_CHECK_EVERY = 500
# Added to each reason that a confirmation would accept (the command line's option; the app
# asks instead).
CONFIRM_HINT = " (confirm with --accept-warnings)"


class ImportCancelled(DhrDeskError):
    exit_code = 130


class _CheckedOnly(Exception):
    """Raised inside the unit of work to roll back a check-only import."""


class CaseFileRejected(ValidationError):
    """The file was checked and has problems; ``problems`` lists each as (JSON path, reason).
    ``confirmable``: every problem is unusual but possible, and confirming imports the file."""

    def __init__(
        self, label: str, problems: list[tuple[str, str]], confirmable: bool = False
    ) -> None:
        super().__init__(_refused(label, len(problems)), problems)
        self.confirmable = confirmable


@dataclass
class ImportOutcome:
    """What happened to one file: imported whole, or refused with every reason."""

    source: str
    imported: bool
    message: str
    reference: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    records: int = 0
    confirmable: bool = False  # refused only for what a confirmation accepts

    def lines(self) -> list[str]:
        return [self.message] + [f"  {path}: {reason}" for path, reason in self.problems]


def _refused(source: str, count: int) -> str:
    noun = "problem" if count == 1 else "problems"
    return f"{source} was not imported ({count} {noun}); nothing from it was written:"


def import_cases(
    db: Database,
    paths: Iterable[Path | str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    check_only: bool = False,
    confirmed: bool = False,
    unsealer: Unsealer | None = None,
) -> list[ImportOutcome]:
    """Import each file on its own (all or nothing per file). Returns one outcome per file.

    ``progress(done, total, message)`` is called as the work goes on; when ``cancelled()``
    returns true the file being imported is abandoned (nothing of it written) and the rest are
    not started. With ``check_only`` every check runs, including those made as the case is
    written, and then everything is rolled back: ``imported`` says whether the file would be.
    What is unusual but possible (an entry after the date of death) refuses the file unless
    ``confirmed``: the problems say what to confirm. Encrypted case files are opened with
    ``unsealer``.
    """
    files = [Path(p) for p in paths]
    outcomes: list[ImportOutcome] = []
    for index, path in enumerate(files):
        label = path.name
        if cancelled is not None and cancelled():
            outcomes += [
                ImportOutcome(p.name, False, f"{p.name} was not imported: the import was stopped.")
                for p in files[index:]
            ]
            break
        if progress:
            progress(0, 1, f"Reading {label} ({index + 1} of {len(files)})")
        try:
            case_file = read(path, unsealer)
        except CaseFileError as exc:
            outcomes.append(ImportOutcome(label, False, str(exc)))
            continue
        source = {"file": label, "sha256": case_file.sha256, "bytes": case_file.size}
        outcome = import_document(
            db,
            case_file.document,
            label,
            progress=progress,
            cancelled=cancelled,
            source=source,
            check_only=check_only,
            confirmed=confirmed,
        )
        outcomes.append(outcome)
        if not outcome.imported and cancelled is not None and cancelled():
            outcomes += [
                ImportOutcome(p.name, False, f"{p.name} was not imported: the import was stopped.")
                for p in files[index + 1 :]
            ]
            break
    return outcomes


def import_document(
    db: Database,
    document: dict[str, Any],
    label: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    source: dict[str, Any] | None = None,
    check_only: bool = False,
    confirmed: bool = False,
) -> ImportOutcome:
    """Check and write one case file document in one transaction (rolled back if check_only)."""
    try:
        with db.session() as session:
            case = import_into(
                session,
                document,
                label,
                progress=progress,
                cancelled=cancelled,
                source=source,
                confirmed=confirmed,
            )
            reference, count = case.reference, session.info.pop("casefile_records", 0)
            if check_only:
                raise _CheckedOnly()
    except CaseFileRejected as exc:
        return ImportOutcome(
            label, False, exc.args[0], problems=exc.problems, confirmable=exc.confirmable
        )
    except ImportCancelled:
        return ImportOutcome(label, False, f"{label} was not imported: the import was stopped.")
    except _CheckedOnly:
        message = f"{label}: no problems; importing it would add {reference} ({count:,} records)."
        return ImportOutcome(label, True, message, reference, [], count)
    except CaseFileError as exc:
        return ImportOutcome(label, False, str(exc))
    except ValidationError as exc:  # a guard on flush: should have been caught by the checks
        problems = exc.problems or [("$", str(exc))]
        return ImportOutcome(label, False, _refused(label, len(problems)), problems=problems)
    return ImportOutcome(
        label, True, f"{label}: imported {reference} ({count:,} records).", reference, [], count
    )


def import_into(
    session: Session,
    document: dict[str, Any],
    label: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    source: dict[str, Any] | None = None,
    confirmed: bool = False,
    partnership: str | None = None,
) -> Case:
    """Check ``document`` and add its case to ``session`` (the caller commits or rolls back).

    ``partnership``: the partnership the case is filed under on a shared server (else the
    receiving database's own: the signed-in person's, or ``local`` on a laptop).

    Raises CaseFileRejected listing every problem, or CaseFileError (one sentence) for a file
    that is not a case file or a reference already in use.
    """
    check_header(document, label)
    if progress:
        progress(0, 1, f"Checking {label}")
    plan, problems = plan_document(document, session)
    if plan.reference and _exists(session, plan.reference):
        raise CaseFileError(
            f"{label} holds the case {plan.reference}, which is already in the database; "
            "nothing from it was imported. (To replace it, delete the case first.)"
        )
    if problems:
        raise CaseFileRejected(label, problems)
    writer = _Writer(session, plan, label, progress, cancelled)
    case = writer.write(partnership)
    rule_problems = writer.check_rules(confirmed)
    if rule_problems:
        confirmable = all(reason.endswith(CONFIRM_HINT) for _path, reason in rule_problems)
        raise CaseFileRejected(label, rule_problems, confirmable)
    record(
        session,
        AuditEvent(
            "import",
            "case",
            str(case.id),
            case.id,
            {**(source or {"source": label}), "reference": case.reference},
        ),
    )
    if cancelled is not None and cancelled():
        raise ImportCancelled(f"{label} was not imported: the import was stopped.")
    if progress:
        progress(writer.done, plan.record_count, f"Saving {label}")
    session.info["casefile_records"] = len(writer.created)
    return case


def _exists(session: Session, reference: str) -> bool:
    return session.scalar(select(Case.id).where(Case.reference == reference)) is not None


class _Writer:
    def __init__(
        self,
        session: Session,
        plan: Plan,
        label: str,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        self.session = session
        self.plan = plan
        self.label = label
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.ids: dict[str, dict[str, Any]] = {}  # target → key or agency name → object
        self.created: list[tuple[Item | None, str, Any]] = []  # (item, path, object)

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.done % _CHECK_EVERY < n:
            if self.cancelled is not None and self.cancelled():
                raise ImportCancelled(f"{self.label} was not imported: the import was stopped.")
            if self.progress:
                self.progress(self.done, self.plan.record_count, f"Writing {self.label}")

    def flush(self) -> None:
        try:
            self.session.flush()
        except IntegrityError as exc:  # pragma: no cover - the checks should prevent it
            raise CaseFileRejected(
                self.label, [("$", f"the database refused the case: {exc.orig}")]
            ) from exc

    def write(self, partnership: str | None = None) -> Case:
        if self.progress:
            self.progress(0, self.plan.record_count, f"Writing {self.label}")
        case = Case(**self.plan.case)
        if partnership is not None:
            case.partnership = partnership
        self.session.add(case)
        self.created.append((None, "$.case", case))
        self.tick()
        self.flush()
        self.case = case
        self.agencies(self.plan.agencies)
        self.flush()
        # Records others refer to by key first, then everything that refers to them.
        order = ("people", "panel_members", "advocates", "agency_returns", "chronology")
        for name in order:
            self.add_all(self.plan.sections[name])
            self.flush()
        for name, items in self.plan.sections.items():
            if name not in order:
                self.add_all(items)
        self.flush()
        return case

    def agencies(self, items: list[AgencyItem]) -> None:
        names = [a.name for a in items]
        existing = (
            {a.name: a for a in self.session.scalars(select(Agency).where(Agency.name.in_(names)))}
            if names
            else {}
        )
        found: dict[str, Any] = {}
        for item in items:
            agency = existing.get(item.name)
            if agency is None:
                agency = Agency(**item.details)
                self.session.add(agency)
                self.created.append((None, item.path, agency))
            found[item.name] = agency
            if item.involvement is not None:
                link = CaseAgency(case_id=self.case.id, agency=agency, **item.involvement)
                self.session.add(link)
                self.created.append((None, f"{item.path}.involvement", link))
                self.tick()
            self.tick()
        self.ids[AGENCY] = found

    def build(self, item: Item) -> Any:
        section: Section = item.section
        obj = item.obj if item.obj is not None else section.model(**item.values)
        for ref in section.refs:
            value = item.refs.get(ref.name)
            target = self.ids[ref.target][value] if value is not None else None
            setattr(obj, ref.column, target.id if target is not None else None)
        if item.key is not None:
            self.ids.setdefault(section.name, {})[item.key] = obj
        for relationship, children in item.children:
            getattr(obj, relationship).extend(self.build(child) for child in children)
        self.created.append((item, item.path, obj))
        self.tick()
        return obj

    def add_all(self, items: list[Item]) -> None:
        objs = []
        for item in items:
            obj = self.build(item)
            setattr(obj, item.section.parent_column, self.case.id)
            objs.append(obj)
        self.session.add_all(objs)

    def check_rules(self, confirmed: bool) -> list[tuple[str, str]]:
        """The domain rules registered with ``records.rule`` for each record written (and the
        warnings, unless they are ``confirmed``)."""
        problems: list[tuple[str, str]] = []
        for item, path, obj in self.created:
            try:
                records.check(self.session, obj, confirmed=confirmed)
            except NeedsConfirmation as exc:
                names = {r.column: r.name for r in item.section.refs} if item else {}
                problems += [
                    (f"{path}.{names.get(f, f)}", f"{reason}{CONFIRM_HINT}")
                    for f, reason in exc.problems
                ]
            except ValidationError as exc:
                names = {r.column: r.name for r in item.section.refs} if item else {}
                problems += [(f"{path}.{names.get(f, f)}", reason) for f, reason in exc.problems]
        return problems
