"""Publication safety for the app and the command line: the pseudonym register of a case (in
full, as the published edition reads it), the publication check with its findings, accepting a
finding or overriding a condition of the gate with a reason (both audited), taking a clearance
back, and adding a name or place to the register from a finding.

Every function opens one unit of work; the check builds documents in memory and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

import dhr_desk.workflow  # noqa: F401 - the clocks register their save rules and settings
from dhr_desk import records
from dhr_desk.documents import PublicationCheck, check_publication, publication_set
from dhr_desk.documents.generate import Cancelled, Progress
from dhr_desk.documents.published import FINDING, GATE, PublicationRefused
from dhr_desk.domain import Case, PseudonymEntry, PublicationClearance, RegisterKind
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.publication import (
    KIND_LABELS,
    Condition,
    Finding,
    case_register,
)
from dhr_desk.publication.gate import LABELS as CONDITION_LABELS
from dhr_desk.publication.gate import OVERRIDABLE
from dhr_desk.records import settings
from dhr_desk.storage import audit
from dhr_desk.storage.audit import os_user
from dhr_desk.storage.database import Database

__all__ = [
    "CONDITION_LABELS",
    "KIND_LABELS",
    "OVERRIDABLE",
    "ClearanceRow",
    "Condition",
    "Finding",
    "PublicationCheck",
    "PublicationRefused",
    "RegisterLine",
    "accept",
    "add_to_register",
    "check",
    "check_case",
    "clearances",
    "override",
    "publication_set",
    "register_lines",
    "withdraw",
]


def _reference(db: Database, case_id: int) -> str:
    with db.session() as session:
        return records.get_in(session, Case, case_id).reference


def check(
    db: Database,
    reference: str,
    kinds: tuple[str, ...] = (),
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PublicationCheck:
    """The publication check of the case's published documents (see
    :func:`dhr_desk.documents.check_publication`)."""
    return check_publication(db, reference, kinds, today, progress, cancelled)


def check_case(
    db: Database,
    case_id: int,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PublicationCheck:
    """The publication check of a case by its id (the app runs it off the GUI thread)."""
    return check_publication(db, _reference(db, case_id), (), None, progress, cancelled)


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise ValidationError(
            "Nothing was saved:", [("reason", "give the reason (it is kept in the audit trail)")]
        )
    return text


def accept(
    db: Database,
    case_id: int,
    finding: Finding,
    reason: str,
    *,
    everywhere: bool = False,
    on: dt.date | None = None,
) -> int:
    """Accept a finding with a reason: it no longer blocks the final published edition.
    ``everywhere``: every finding of the same kind and text (a helpline number the report
    gives on purpose). Returns the clearance's id."""
    text = _reason(reason)
    key = finding.everywhere_key if everywhere else finding.key
    with db.session() as session:
        records.get_in(session, Case, case_id)
        row = PublicationClearance(
            case_id=case_id,
            subject=FINDING,
            key=key,
            kind=finding.kind,
            text=finding.text[:500],
            location="everywhere" if everywhere else finding.where[:500],
            reason=text,
            cleared_on=on or dt.date.today(),
            cleared_by=os_user(),
        )
        changes = {"kind": finding.kind, "where": row.location, "reason": text}
        return _cleared(session, row, "accept", "publication_clearance", changes)


def _cleared(
    session: Any, row: PublicationClearance, action: str, entity: str, changes: dict[str, Any]
) -> int:
    """Keep an acceptance or an override, with its audit entry; its id."""
    session.add(row)
    audit.record(
        session,
        audit.AuditEvent(
            action=action,
            entity=entity,
            entity_id=row.key,
            case_id=row.case_id,
            changes=changes,
        ),
    )
    session.flush()
    return int(row.id)


def override(
    db: Database, case_id: int, condition: str, reason: str, on: dt.date | None = None
) -> int:
    """Override a condition of the publication gate (QA outcome, family told the date,
    criminal proceedings) with a reason. Open findings cannot be overridden: each is settled
    on its own. Returns the clearance's id."""
    code = condition.strip().lower()
    if code not in OVERRIDABLE:
        known = ", ".join(OVERRIDABLE)
        raise ValidationError(
            f"'{condition}' is not a condition that can be overridden; the conditions are: "
            f"{known}. Open findings are settled one by one (fixed, added to the register, or "
            "accepted with a reason)."
        )
    text = _reason(reason)
    with db.session() as session:
        records.get_in(session, Case, case_id)
        row = PublicationClearance(
            case_id=case_id,
            subject=GATE,
            key=code,
            kind="",
            text=CONDITION_LABELS[code],
            location="publication gate",
            reason=text,
            cleared_on=on or dt.date.today(),
            cleared_by=os_user(),
        )
        changes = {"condition": CONDITION_LABELS[code], "reason": text}
        return _cleared(session, row, "override", "publication_gate", changes)


@dataclass(frozen=True)
class ClearanceRow:
    id: int
    subject: str  # "finding" or "gate"
    key: str
    kind: str
    text: str
    location: str
    reason: str
    cleared_on: dt.date
    cleared_by: str

    @property
    def what(self) -> str:
        if self.subject == GATE:
            return f"Override: {self.text}"
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{label} '{self.text}' ({self.location})"


def clearances(db: Database, case_id: int) -> list[ClearanceRow]:
    """What was accepted or overridden for the case, oldest first."""
    with db.session() as session:
        rows = session.scalars(
            select(PublicationClearance)
            .where(PublicationClearance.case_id == case_id)
            .order_by(PublicationClearance.id)
        )
        return [
            ClearanceRow(
                r.id,
                r.subject,
                r.key,
                r.kind,
                r.text,
                r.location,
                r.reason,
                r.cleared_on,
                r.cleared_by,
            )
            for r in rows
        ]


def withdraw(db: Database, clearance_id: int, reason: str) -> None:
    """Take back an acceptance or an override (the finding or condition blocks again)."""
    text = _reason(reason)
    with db.session() as session:
        row = session.get(PublicationClearance, clearance_id)
        if row is None:
            raise NotFoundError("That acceptance or override no longer exists.")
        audit.record(
            session,
            audit.AuditEvent(
                action="withdraw",
                entity="publication_clearance",
                entity_id=row.key,
                case_id=row.case_id,
                changes={"text": row.text, "reason": text},
            ),
        )
        session.delete(row)


def add_to_register(
    db: Database,
    case_id: int,
    name: str,
    kind: RegisterKind | str,
    shown_as: str = "",
    other_names: str = "",
) -> int:
    """Add a line to the pseudonym register (from a finding: the name or place it found);
    published editions then replace it. Returns the new line's id."""
    entry = records.add(
        db,
        PseudonymEntry,
        case_id,
        {
            "kind": RegisterKind(kind) if isinstance(kind, str) else kind,
            "name": name,
            "shown_as": shown_as,
            "other_names": other_names,
        },
    )
    return int(entry.id)


@dataclass(frozen=True)
class RegisterLine:
    """One line of the register in full: who or what is hidden, how else it is written, what
    a published edition shows instead, and where the register found it."""

    what: str  # person, professional, place, address, date of birth, identifier, watch list
    name: str
    other_names: str
    shown_as: str
    source: str


def register_lines(db: Database, case_id: int, today: dt.date | None = None) -> list[RegisterLine]:
    """Everyone and everything a published edition of the case hides, from every part of the
    case and the settings."""
    with db.session() as session:
        case = records.get_in(session, Case, case_id)
        values = {
            key: settings.get_in(session, key)
            for key in ("coordinator_name", "csp_chair_name", "published_area")
        }
        staff = [
            (str(values["coordinator_name"]), "the Review Coordinator"),
            (str(values["csp_chair_name"]), "the Chair of the CSP"),
        ]
        register = case_register(
            case,
            staff=[(n, r) for n, r in staff if n],
            area=str(values["published_area"]),
            on=today,
        )
        out = [
            RegisterLine(
                "person" if e.person else "professional",
                e.names[0],
                ", ".join(e.names[1:]),
                e.shown_as,
                e.source,
            )
            for e in register.names
        ]
        out += [
            RegisterLine(
                "address" if p.address else "place",
                p.names[0],
                ", ".join(p.names[1:]),
                p.shown_as,
                p.source,
            )
            for p in register.places
        ]
        out += [
            RegisterLine("date of birth", b.day.strftime("%d/%m/%Y"), "", f"aged {b.age}", b.source)
            for b in register.births
        ]
        out += [
            RegisterLine("identifier", i.text, "", i.shown_as, i.source)
            for i in register.identifiers
        ]
        out += [RegisterLine("watch list", t, "", "(pointed out)", s) for t, s in register.watch]
        return out
