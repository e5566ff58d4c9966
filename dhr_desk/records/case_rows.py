"""Every record of one case as plain rows: read from one database and written into another.

A case checked out to a laptop travels as these rows, and comes back through them. Each row is
``{column: plain value}`` (dates and times in ISO 8601, enums by value) keyed by table and by the
record's key; a foreign key to an agency holds the agency's *name* (agencies stand across cases
and each database numbers its own), and a foreign key to another record of the case holds that
record's key. The tables are found from the schema itself, so a new kind of record travels
without a line here.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Column, Date, Enum, Table, UniqueConstraint, select
from sqlalchemy.orm import Session

from dhr_desk.domain import Agency, Base, Case, CaseHold, CheckedOutCopy, Draft
from dhr_desk.records.kinds import KINDS
from dhr_desk.records.saving import agency_named
from dhr_desk.storage.audit import AuditEntry
from dhr_desk.storage.schema import UTCDateTime

Rows = dict[str, dict[str, dict[str, Any]]]  # table → key → column → plain value

CASE = Case.__tablename__
AGENCY = Agency.__tablename__
# Not records of the case: the travel notes themselves, scratch drafts and the trail.
_NOT_CARRIED = {t.__tablename__ for t in (CaseHold, CheckedOutCopy, Draft, AuditEntry, Agency)}


@dataclass(frozen=True)
class CaseTable:
    """A table whose rows belong to a case: ``owner`` is the column that says which record it
    hangs from (``case_id``, or e.g. ``meeting_id`` for an attendance) and ``owner_table`` that
    record's table; ``refs`` its other foreign keys to records of the case, ``agencies`` its
    foreign keys to agencies, ``unique`` its unique column sets (a record's identity besides its
    id), ``required`` the foreign keys that cannot be empty."""

    table: Table
    model: type[Any]
    owner: str
    owner_table: str
    refs: dict[str, str]
    agencies: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...]
    required: frozenset[str]
    numbered: bool

    @property
    def name(self) -> str:
        return str(self.table.name)

    def attribute(self, column: str) -> str:
        return str(self.model.__mapper__.get_property_by_column(self.table.c[column]).key)


def _models() -> dict[str, type[Any]]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


@cache
def case_tables() -> tuple[CaseTable, ...]:
    """The case's own table first, then every table hanging from it, parents before children."""
    models = _models()
    owners = {k.name: (k.parent_key, k.parent.__tablename__) for k in KINDS if k.parent}
    numbered = {k.name for k in KINDS if k.numbered}
    out: list[CaseTable] = []
    carried = {CASE}
    for table in Base.metadata.sorted_tables:
        if table.name in _NOT_CARRIED or table.name == CASE or "id" not in table.c:
            continue
        fks = {
            c.name: next(iter(c.foreign_keys)).column.table.name for c in table.c if c.foreign_keys
        }
        owner, owner_table = owners.get(table.name, ("case_id", CASE))
        if owner not in fks or fks[owner] not in carried:
            continue
        carried.add(table.name)
        out.append(
            CaseTable(
                table=table,
                model=models[table.name],
                owner=owner,
                owner_table=owner_table,
                refs={c: t for c, t in fks.items() if t != AGENCY},
                agencies=tuple(c for c, t in fks.items() if t == AGENCY),
                unique=tuple(
                    tuple(c.name for c in con.columns)
                    for con in table.constraints
                    if isinstance(con, UniqueConstraint)
                ),
                required=frozenset(c for c in fks if not table.c[c].nullable),
                numbered=table.name in numbered and "number" in table.c,
            )
        )
    case_table = Case.__table__
    assert isinstance(case_table, Table)
    head = CaseTable(
        table=case_table,
        model=Case,
        owner="",
        owner_table="",
        refs={},
        agencies=(),
        unique=(("reference",),),
        required=frozenset(),
        numbered=False,
    )
    return (head, *out)


def by_name() -> dict[str, CaseTable]:
    return {t.name: t for t in case_tables()}


# --------------------------------------------------------------------------- values
def plain(value: Any) -> Any:
    """A model value as JSON: enums by value, dates and times in ISO 8601."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def python(column: Column[Any], value: Any) -> Any:
    """A plain value back as the column's Python value."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        when = dt.datetime.fromisoformat(value)
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(value)
    return value


# --------------------------------------------------------------------------- reading
def read_case(session: Session, case_id: int) -> Rows:
    """Every record of the case, keyed by its id in this database (as text)."""
    names = dict(session.execute(select(Agency.id, Agency.name)).all())
    rows: Rows = {}
    ids: dict[str, list[int]] = {CASE: [case_id]}
    for spec in case_tables():
        table = spec.table
        owners = ids.get(spec.owner_table, []) if spec.owner else [case_id]
        found: dict[str, dict[str, Any]] = {}
        key_column = table.c[spec.owner] if spec.owner else table.c.id
        for start in range(0, len(owners), 500):
            chunk = owners[start : start + 500]
            for row in session.execute(select(table).where(key_column.in_(chunk))).mappings():
                values = {c: plain(v) for c, v in row.items() if c != "id"}
                for column in spec.agencies:
                    if values.get(column) is not None:
                        values[column] = names[values[column]]
                for column in spec.refs:
                    if values.get(column) is not None:
                        values[column] = str(values[column])
                found[str(row["id"])] = values
        rows[spec.name] = found
        ids[spec.name] = [int(k) for k in found]
    return rows


def count(rows: Rows) -> int:
    return sum(len(r) for r in rows.values())


# --------------------------------------------------------------------------- writing
Resolve = Callable[[str, str], int | None]


class Agencies:
    """This database's agency ids by name, each looked up (or made) once per transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        if name not in self.ids:
            with self.session.no_autoflush:
                self.ids[name] = int(agency_named(self.session, name).id)
        return self.ids[name]


def to_object_values(
    session: Session,
    spec: CaseTable,
    values: dict[str, Any],
    resolve: Resolve,
    agencies: Agencies | None = None,
) -> dict[str, Any]:
    """A plain row as attribute → Python value for this database: agencies found (or made) by
    name, references to other records turned into this database's ids by ``resolve(table,
    key)`` (``None`` when the record is not here)."""
    agency_id = agencies or Agencies(session)
    out: dict[str, Any] = {}
    for column, value in values.items():
        if column not in spec.table.c:
            continue  # a column this version does not know
        if value is not None and column in spec.agencies:
            value = agency_id(str(value))
        elif value is not None and column in spec.refs:
            value = resolve(spec.refs[column], str(value))
        else:
            value = python(spec.table.c[column], value)
        out[spec.attribute(column)] = value
    return out


def insert_rows(
    session: Session,
    rows: Rows,
    *,
    resolve_outside: Resolve | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> dict[str, dict[str, int]]:
    """Write every row as a new record (audited as inserts); returns table → key → new id.

    ``overrides`` sets columns of each table's rows (the case's reference on arrival).
    """
    made: dict[str, dict[str, int]] = {}
    agencies = Agencies(session)

    def resolve(table: str, key: str) -> int | None:
        if key in made.get(table, {}):
            return made[table][key]
        return resolve_outside(table, key) if resolve_outside else None

    for spec in case_tables():
        batch: list[tuple[str, Any]] = []
        for key, values in rows.get(spec.name, {}).items():
            attrs = to_object_values(session, spec, values, resolve, agencies)
            attrs.update((overrides or {}).get(spec.name, {}))
            obj = spec.model(**attrs)
            session.add(obj)
            batch.append((key, obj))
        session.flush()
        made[spec.name] = {key: int(obj.id) for key, obj in batch}
    return made


def owned(rows: Rows, table: str) -> Iterable[tuple[str, dict[str, Any]]]:
    return rows.get(table, {}).items()
