"""The audit trail: every insert, update and delete, chained by hash, recorded in the same
transaction as the change itself (so a rolled-back change leaves no entry, and no change is
committed without one).
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import getpass
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Integer, String, event, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from dhr_desk.storage.schema import SHORT, Base, IdMixin, UTCDateTime, utcnow


class AuditEntry(IdMixin, Base):
    """One entry of the append-only trail, chained to the previous one by SHA-256."""

    __tablename__ = "audit_entry"

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    os_user: Mapped[str] = mapped_column(String(SHORT))
    action: Mapped[str] = mapped_column(String(20))  # insert / update / delete / override / …
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives deletion
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


GENESIS = "0" * 64
_PENDING = "dhr_desk_audit_pending"
_SKIP_COLUMNS: frozenset[str] = frozenset()  # every column is recorded
# Parent attributes followed to find the case an entity belongs to.
_PARENTS = ("meeting", "recommendation", "action", "document")
CASE_TABLE = "case"  # the table whose rows are cases (entries are filed by case)


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some service accounts
        return "unknown"


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def entry_digest(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _fields(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "at": entry["at"].isoformat(),
        "os_user": entry["os_user"],
        "action": entry["action"],
        "entity": entry["entity"],
        "entity_id": entry["entity_id"],
        "case_id": entry["case_id"],
        "changes": entry["changes"],
    }


def case_id_of(obj: Any) -> int | None:
    """The case a record belongs to, following parents (a meeting action → its meeting).

    Parents are found by their foreign key in the session, because during a flush a pending
    record's relationships are not loaded yet.
    """
    session = object_session(obj)
    for _ in range(4):
        if obj is None:
            return None
        if getattr(obj, "__tablename__", None) == CASE_TABLE:
            return int(obj.id) if obj.id is not None else None
        case_id = getattr(obj, "case_id", None)
        if case_id is not None:
            return int(case_id)
        mapper = inspect(type(obj))
        parent_rel = next((r for r in mapper.relationships if r.key in _PARENTS), None)
        if parent_rel is None or session is None:
            return None
        fk_column = next(iter(parent_rel.local_columns))
        fk_value = getattr(obj, mapper.get_property_by_column(fk_column).key)
        obj = session.get(parent_rel.mapper.class_, fk_value) if fk_value is not None else None
    return None


def _identity(obj: Any) -> str:
    state = inspect(obj)
    key = state.identity or ()
    return ",".join(str(k) for k in key) if key else ""


def _column_changes(obj: Any, action: str) -> dict[str, Any]:
    state = inspect(obj)
    keys = [a.key for a in state.mapper.column_attrs if a.key not in _SKIP_COLUMNS]
    changes: dict[str, Any] = {}
    if action == "insert":  # the values as written (no history needed: all of it is new)
        values = state.dict
        for name in keys:
            value = values.get(name)
            if value is not None and value != "":
                changes[name] = _plain(value)
        return changes
    for name in keys:
        hist = state.attrs[name].history
        if action == "update":
            if hist.has_changes():
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old != new:
                    changes[name] = [_plain(old), _plain(new)]
        else:  # delete: keep what was removed
            value = hist.unchanged[0] if hist.unchanged else (hist.deleted or [None])[0]
            if value is not None and value != "":
                changes[name] = _plain(value)
    return changes


@dataclass
class AuditEvent:
    """A non-row event to record (an override, an import, a generated document…)."""

    action: str
    entity: str
    entity_id: str
    case_id: int | None
    changes: dict[str, Any]


def record(session: Session, event_: AuditEvent) -> None:
    """Queue an event; it is written with the next flush or at commit, in the same transaction."""
    session.info.setdefault(_PENDING, []).append(event_)


def _write(connection: Connection, entries: list[dict[str, Any]]) -> None:
    if not entries:
        return
    prev = connection.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    prev = prev or GENESIS
    rows = []
    for entry in entries:
        digest = entry_digest(prev, _fields(entry))
        rows.append({**entry, "prev_hash": prev, "hash": digest})
        prev = digest
    connection.execute(insert(AuditEntry), rows)


def _entries_from_flush(session: Session) -> list[dict[str, Any]]:
    now = utcnow()
    user = session.info.get("os_user") or os_user()
    out: list[dict[str, Any]] = []

    def add(obj: Any, action: str) -> None:
        if isinstance(obj, AuditEntry):
            return
        changes = _column_changes(obj, action)
        if action == "update" and not changes:
            return
        out.append(
            {
                "at": now,
                "os_user": user,
                "action": action,
                "entity": type(obj).__tablename__,
                "entity_id": _identity(obj),
                "case_id": case_id_of(obj) if action != "delete" else _deleted_case_id(obj),
                "changes": changes,
            }
        )

    for obj in _ordered(session.new):
        add(obj, "insert")
    for obj in _ordered(session.dirty):
        if session.is_modified(obj, include_collections=False):
            add(obj, "update")
    for obj in _ordered(session.deleted):
        add(obj, "delete")
    for ev in session.info.pop(_PENDING, []):
        out.append(
            {
                "at": now,
                "os_user": user,
                "action": ev.action,
                "entity": ev.entity,
                "entity_id": ev.entity_id,
                "case_id": ev.case_id,
                "changes": {k: _plain(v) for k, v in ev.changes.items()},
            }
        )
    return out


def _deleted_case_id(obj: Any) -> int | None:
    try:
        return case_id_of(obj)
    except Exception:  # noqa: BLE001 - parent already gone
        return None


def _ordered(objs: Iterable[Any]) -> list[Any]:
    return sorted(objs, key=lambda o: (type(o).__name__, _identity(o)))


def _after_flush(session: Session, _ctx: Any) -> None:
    if session.info.get("audit_disabled"):
        return
    _write(session.connection(), _entries_from_flush(session))


def _before_commit(session: Session) -> None:
    if session.info.get(_PENDING):
        _write(session.connection(), _entries_from_flush(session))


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def install(session_class: type[Session] = Session) -> None:
    """Attach the audit hooks (idempotent) to every session of ``session_class``."""
    if event.contains(session_class, "after_flush", _after_flush):
        return
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_soft_rollback", lambda s, _t: _after_rollback(s))


@dataclass
class ChainProblem:
    entry_id: int
    reason: str


def verify_chain(connection: Connection, limit: int = 20) -> tuple[int, list[ChainProblem]]:
    """Recompute every hash. Returns the number of entries checked and what is wrong."""
    problems: list[ChainProblem] = []
    prev = GENESIS
    count = 0
    cols = AuditEntry.__table__.c
    result = connection.execute(select(AuditEntry.__table__).order_by(cols.id))
    for row in result.mappings():
        count += 1
        if row["prev_hash"] != prev:
            problems.append(
                ChainProblem(row["id"], "does not follow the entry before it (one removed?)")
            )
        entry = dict(row)
        at = entry["at"]
        if isinstance(at, dt.datetime) and at.tzinfo is None:
            entry["at"] = at.replace(tzinfo=dt.UTC)
        expected = entry_digest(row["prev_hash"], _fields(entry))
        if expected != row["hash"]:
            problems.append(ChainProblem(row["id"], "its content was changed after it was written"))
        prev = row["hash"]
        if len(problems) >= limit:
            break
    return count, problems


__all__ = ["AuditEntry", "AuditEvent", "install", "record", "verify_chain"]
