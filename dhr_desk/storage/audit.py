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

from sqlalchemy import JSON, Index, Integer, String, event, insert, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session

from dhr_desk.storage.schema import SHORT, Base, IdMixin, UTCDateTime, utcnow


class AuditEntry(IdMixin, Base):
    """One entry of the append-only trail, chained to the previous one by SHA-256."""

    __tablename__ = "audit_entry"
    # The last change of one record: its version, for saves made at the same time.
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

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
_HEADS = "dhr_desk_audit_heads"
ANCHOR = "dhr_desk_anchor"  # session.info key: the keeper of the database's audit anchor
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
    """The record's primary key as text ("12"; "1,2" for a composite key).

    A record inserted by the flush being recorded has no identity key yet, so its key is read
    from the values just written.
    """
    state = inspect(obj)
    key = state.identity
    if key is None:
        values = [
            state.dict.get(state.mapper.get_property_by_column(c).key)
            for c in state.mapper.primary_key
        ]
        key = tuple(values) if all(v is not None for v in values) else None
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


ROW_ACTIONS = frozenset({"insert", "update", "delete"})  # written by the flush hook only


def audited(cls: type) -> bool:
    """Whether writes to a model are recorded (a model opts out with ``__audited__ = False``)."""
    return bool(getattr(cls, "__audited__", True))


def record(session: Session, event_: AuditEvent) -> None:
    """Queue an event; it is written with the next flush or at commit, in the same transaction."""
    if event_.action in ROW_ACTIONS:
        raise ValueError(f"'{event_.action}' entries are written for records only")
    session.info.setdefault(_PENDING, []).append(event_)


@dataclass(frozen=True)
class Head:
    """The end of the trail: how many entries it holds and the hash of the last one."""

    entries: int
    hash: str


EMPTY = Head(0, GENESIS)


def read_head(connection: Connection) -> Head:
    if connection.dialect.name == "postgresql":
        # On the shared server a person reads only their partnership's entries; the trail's
        # last entry, which every writer chains to, comes from the server (migration 0012).
        last = connection.execute(text("SELECT id, hash FROM dhr_desk_audit_head()")).first()
        if last is not None and last[0] is None:
            last = None
    else:
        last = connection.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
    return Head(int(last[0]), str(last[1])) if last else EMPTY


def _write(connection: Connection, entries: list[dict[str, Any]]) -> tuple[Head, Head] | None:
    """Append entries after the last one (ids follow on: entry n is the n-th). Returns the
    head before and after."""
    if not entries:
        return None
    before = read_head(connection)
    prev = before.hash
    rows = []
    for number, entry in enumerate(entries, start=before.entries + 1):
        digest = entry_digest(prev, _fields(entry))
        rows.append({**entry, "id": number, "prev_hash": prev, "hash": digest})
        prev = digest
    connection.execute(insert(AuditEntry), rows)
    return before, Head(before.entries + len(rows), prev)


def _written(session: Session, heads: tuple[Head, Head] | None) -> None:
    """Keep the head before this transaction's first entry and after its last one."""
    if heads is not None:
        kept = session.info.setdefault(_HEADS, [heads[0], heads[1]])
        kept[1] = heads[1]


def transaction_heads(session: Session) -> tuple[Head, Head] | None:
    """(head before, head after) the entries this session's transaction wrote, if any."""
    kept = session.info.get(_HEADS)
    return (kept[0], kept[1]) if kept else None


def _entries_from_flush(session: Session) -> list[dict[str, Any]]:
    now = utcnow()
    user = session.info.get("os_user") or os_user()
    out: list[dict[str, Any]] = []

    def add(obj: Any, action: str) -> None:
        if isinstance(obj, AuditEntry) or not audited(type(obj)):
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
    _written(session, _write(session.connection(), _entries_from_flush(session)))


def _before_commit(session: Session) -> None:
    """Write what is left (the last changes, queued events), then tell the anchor.

    The anchor (see :mod:`dhr_desk.storage.anchor`) is told the new head while this
    transaction still holds the write lock, before the commit.
    """
    if session.new or session.dirty or session.deleted:
        session.flush()  # the entries of the last changes go in before the head is read
    if session.info.get(_PENDING):
        _written(session, _write(session.connection(), _entries_from_flush(session)))
    heads = transaction_heads(session)
    keeper = session.info.get(ANCHOR)
    if keeper is not None and heads is not None:
        keeper.intend(*heads)


def _after_commit(session: Session) -> None:
    heads = session.info.pop(_HEADS, None)
    keeper = session.info.get(ANCHOR)
    if keeper is not None and heads:
        keeper.settle(heads[1])


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_HEADS, None)


def install(session_class: type[Session] = Session) -> None:
    """Attach the audit hooks (idempotent) to every session of ``session_class``."""
    if event.contains(session_class, "after_flush", _after_flush):
        return
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_commit", _after_commit)
    event.listen(session_class, "after_soft_rollback", lambda s, _t: _after_rollback(s))


@dataclass(frozen=True)
class Change:
    """The last recorded change of one record: its number in the trail is the record's
    version (a save made from an older version is refused), with who made it and when."""

    version: int
    who: str
    at: dt.datetime
    action: str


def last_change(connection: Connection | Session, entity: str, entity_id: str) -> Change | None:
    row = connection.execute(
        select(AuditEntry.id, AuditEntry.os_user, AuditEntry.at, AuditEntry.action)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .where(AuditEntry.action.in_(ROW_ACTIONS))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return _change(row)


def _change(row: Any) -> Change:
    at = row[2] if row[2].tzinfo is not None else row[2].replace(tzinfo=dt.UTC)
    return Change(int(row[0]), str(row[1]), at, str(row[3]))


@dataclass(frozen=True)
class RowChange:
    """One change of a record of a case after a version: which record, and what it held or
    was changed (an insert or delete keeps every value; an update, ``[old, new]`` per field)."""

    change: Change
    entity_id: str
    changes: dict[str, Any]


def case_part_version(
    connection: Connection | Session, case_id: int, entities: Iterable[str]
) -> int:
    """The version of one part of a case (its steps, its complaints and decisions…): the
    number of the last audit entry that changed a record of those tables in the case (0 if
    none did)."""
    found = connection.execute(
        select(AuditEntry.id)
        .where(AuditEntry.case_id == case_id, AuditEntry.entity.in_(list(entities)))
        .where(AuditEntry.action.in_(ROW_ACTIONS))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar()
    return int(found) if found is not None else 0


def fields_changed_after(
    connection: Connection | Session, entity: str, entity_id: str, after: int
) -> set[str]:
    """The fields of one record changed after the version ``after`` (every field, for a
    record inserted or deleted since)."""
    found: set[str] = set()
    for changes in connection.execute(
        select(AuditEntry.changes)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .where(AuditEntry.action.in_(ROW_ACTIONS), AuditEntry.id > after)
    ).scalars():
        found.update(changes or {})
    return found


def changes_after(
    connection: Connection | Session, case_id: int, entities: Iterable[str], after: int
) -> list[RowChange]:
    """Every change of the case's records of ``entities`` after the version ``after``, oldest
    first."""
    rows = connection.execute(
        select(
            AuditEntry.id,
            AuditEntry.os_user,
            AuditEntry.at,
            AuditEntry.action,
            AuditEntry.entity_id,
            AuditEntry.changes,
        )
        .where(AuditEntry.case_id == case_id, AuditEntry.entity.in_(list(entities)))
        .where(AuditEntry.action.in_(ROW_ACTIONS), AuditEntry.id > after)
        .order_by(AuditEntry.id)
    )
    return [RowChange(_change(row), str(row[4]), dict(row[5] or {})) for row in rows]


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
        if row["id"] != count:
            problems.append(
                ChainProblem(row["id"], f"is numbered {row['id']}, but it is entry {count}")
            )
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


__all__ = ["AuditEntry", "AuditEvent", "Head", "install", "read_head", "record", "verify_chain"]
