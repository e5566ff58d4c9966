"""Keep, list and drop drafts: the unsaved edits of open forms (see :mod:`dhr_desk.domain.drafts`).

Every write here runs with the audit trail off for its session: a draft is scratch, rewritten
every few seconds while the coordinator types, and the record it becomes is audited when saved.
A draft never leaves the encrypted database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Enum, String, delete, func, select
from sqlalchemy.orm import Session

from dhr_desk.domain import Case, Draft
from dhr_desk.domain.drafts import draft_slot
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.records import kinds
from dhr_desk.storage.database import Database
from dhr_desk.storage.schema import utcnow

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class DraftPlace:
    """Where a form's edits belong: the case, its page, the record (none for a new one)."""

    case_id: int
    area: str
    record_kind: str
    parent_id: int | None
    record_id: int | None
    title: str

    @property
    def slot(self) -> str:
        return draft_slot(self.record_kind, self.parent_id, self.record_id)


@dataclass(frozen=True)
class KeptDraft:
    """A draft as the restore list shows it."""

    id: int
    case_id: int
    case_reference: str
    place: DraftPlace
    content: dict[str, Scalar]
    saved_at: dt.datetime
    first_words: str = ""  # the first text typed (not a choice or a date), to recognise it
    version: int | None = None  # of the record the edits were typed against (None: new)

    @property
    def is_new_record(self) -> bool:
        return self.place.record_id is None


@contextlib.contextmanager
def _scratch(db: Database) -> Iterator[Session]:
    """A unit of work that writes no audit entry (drafts only)."""
    with db.session() as session:
        session.info["audit_disabled"] = True
        yield session


def _checked(content: dict[str, Any]) -> dict[str, Scalar]:
    """Field values as typed: names to text, numbers, yes/no or nothing (a JSON object)."""
    if not isinstance(content, dict) or not all(isinstance(k, str) for k in content):
        raise ValidationError("A draft holds field names and their values.")
    bad = [k for k, v in content.items() if not isinstance(v, str | int | float | bool | None)]
    if bad:
        raise ValidationError(f"A draft cannot hold the value of {', '.join(sorted(bad))}.")
    json.dumps(content)  # fails loudly on anything JSON cannot hold
    return dict(content)


def keep(
    db: Database,
    place: DraftPlace,
    content: dict[str, Any],
    draft_id: int | None = None,
    *,
    version: int | None = None,
) -> int:
    """Keep a form's values as its draft (replacing the one kept before); returns its id.

    ``draft_id`` is the draft this form kept last time: a form restored from a draft goes on
    writing to it, even if its place changed (a new record whose first save failed, say).
    ``version`` is the version of the record the form was opened on: restored, the draft is
    saved against it, so a change someone else made in between is not overwritten unseen.
    """
    values = _checked(content)
    with _scratch(db) as session:
        if session.scalar(select(Case.id).where(Case.id == place.case_id)) is None:
            raise NotFoundError("That case no longer exists.")
        row = session.get(Draft, draft_id) if draft_id is not None else None
        other = session.scalar(select(Draft).where(Draft.slot == place.slot))
        if row is None:
            row = other
        elif other is not None and other is not row:
            session.delete(other)  # this form's edits supersede an older draft of the record
            session.flush()
        if row is None:
            row = Draft(slot=place.slot, content=values)
            session.add(row)
        row.slot = place.slot
        row.case_id = place.case_id
        row.area = place.area
        row.record_kind = place.record_kind
        row.parent_id = place.parent_id
        row.record_id = place.record_id
        row.title = place.title
        row.content = values
        row.record_version = version if place.record_id is not None else None
        row.saved_at = utcnow()
        session.flush()
        return int(row.id)


def discard(db: Database, draft_id: int) -> None:
    """Drop a draft (its record was saved, or its edits deliberately discarded)."""
    with _scratch(db) as session:
        session.execute(delete(Draft).where(Draft.id == draft_id))


def discard_all(db: Database) -> int:
    """Drop every draft; returns how many there were."""
    with _scratch(db) as session:
        return int(session.execute(delete(Draft)).rowcount or 0)  # type: ignore[attr-defined]


def _first_words(record_kind: str, content: dict[str, Any]) -> str:
    try:
        columns = kinds.named(record_kind).model.__table__.columns
    except NotFoundError:
        return ""
    for key, value in content.items():
        column = columns.get(key)
        if (
            isinstance(value, str)
            and value.strip()
            and column is not None
            and isinstance(column.type, String)
            and not isinstance(column.type, Enum)
        ):
            return value
    return ""


def _kept(row: Draft, reference: str) -> KeptDraft:
    return KeptDraft(
        id=row.id,
        case_id=row.case_id,
        case_reference=reference,
        place=DraftPlace(
            row.case_id, row.area, row.record_kind, row.parent_id, row.record_id, row.title
        ),
        content=dict(row.content),
        saved_at=row.saved_at,
        first_words=_first_words(row.record_kind, row.content),
        version=row.record_version,
    )


def kept(db: Database) -> list[KeptDraft]:
    """Every draft, by case reference then oldest first."""
    with db.session() as session:
        rows = session.execute(
            select(Draft, Case.reference)
            .join(Case, Case.id == Draft.case_id)
            .order_by(Case.reference, Draft.saved_at, Draft.id)
        ).all()
        return [_kept(row, reference) for row, reference in rows]


def get(db: Database, draft_id: int) -> KeptDraft | None:
    with db.session() as session:
        found = session.execute(
            select(Draft, Case.reference)
            .join(Case, Case.id == Draft.case_id)
            .where(Draft.id == draft_id)
        ).first()
        return _kept(found[0], found[1]) if found is not None else None


def count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(Draft.id))) or 0)


__all__ = ["DraftPlace", "KeptDraft", "count", "discard", "discard_all", "get", "keep", "kept"]
