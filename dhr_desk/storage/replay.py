"""Replay the audit trail and compare its result with every table.

Every insert, update and delete of a record is in the audit trail with its column values
(:func:`dhr_desk.storage.audit._column_changes`), so replaying the trail gives the state each
record should be in. A record that differs from it, exists without an insert entry, or is
missing though its deletion was never recorded was changed outside DHR Desk.

What the trail cannot know is handled explicitly:

* rows the schema migrations seed (the deadline rules) are compared with the rows the same
  migrations write into an empty database (a *baseline*, matched by primary key or by a unique
  column), with any recorded changes applied on top;
* deletions the database makes itself (``ON DELETE CASCADE`` / ``SET NULL``) follow each
  recorded deletion;
* a value the trail never mentions may be empty or the column's default (a column a later
  migration added to records written before it);
* models marked ``__audited__ = False`` (and a table named ``draft``) are not compared.

A data migration that writes records later must record them in the audit trail, or be added
to the baseline here.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Engine,
    Enum,
    Integer,
    String,
    Table,
    UniqueConstraint,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper

from dhr_desk.storage.audit import ROW_ACTIONS, AuditEntry, audited
from dhr_desk.storage.schema import Base, UTCDateTime

NOT_COMPARED = frozenset({"draft", AuditEntry.__tablename__})


@dataclass(frozen=True)
class Finding:
    """One record that does not agree with the audit trail."""

    table: str
    record: str  # its primary key as text
    what: str  # "differs" / "unrecorded" / "missing"
    fields: tuple[str, ...] = ()

    def sentence(self) -> str:
        name = f"{self.table.replace('_', ' ')} {self.record}"
        if self.what == "differs":
            return (
                f"{name} differs from what the audit trail says was written "
                f"({', '.join(self.fields)})"
            )
        if self.what == "unrecorded":
            return f"{name} exists, but the audit trail never recorded it being added"
        return f"{name} is missing, but the audit trail never recorded its deletion"


@dataclass
class ReplayResult:
    records: int = 0  # records compared
    entries: int = 0  # audit entries replayed
    findings: list[Finding] = field(default_factory=list)


# --------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class _Model:
    table: Table
    keys: dict[str, str]  # column name → attribute key (the name the trail uses)
    primary: tuple[str, ...]  # attribute keys of the primary key, in order
    uniques: tuple[tuple[str, ...], ...]  # attribute keys of each unique constraint
    types: dict[str, Any]  # attribute key → column type
    defaults: dict[str, Any]  # attribute key → canonical scalar default
    converters: dict[str, Callable[[Any], Any]]  # attribute key → its canonical form


def _models() -> dict[str, _Model]:
    out: dict[str, _Model] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        table = mapper.local_table
        if not isinstance(table, Table) or table.name in NOT_COMPARED or not audited(cls):
            continue
        out[table.name] = _model(mapper, table)
    return out


def _model(mapper: Mapper[Any], table: Table) -> _Model:
    keys = {c.name: mapper.get_property_by_column(c).key for c in table.columns}
    uniques = [
        tuple(keys[c.name] for c in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    uniques += [(keys[c.name],) for c in table.columns if c.unique]
    types = {keys[c.name]: c.type for c in table.columns}
    defaults: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            defaults[keys[column.name]] = canonical(column.type, getattr(default, "arg", None))
        elif isinstance(getattr(column.server_default, "arg", None), str):
            # A text default the database fills in (case.partnership: "local")
            arg = column.server_default.arg  # type: ignore[union-attr]
            defaults[keys[column.name]] = canonical(column.type, arg)
    return _Model(
        table,
        keys,
        tuple(keys[c.name] for c in mapper.primary_key),
        tuple(dict.fromkeys(uniques)),
        types,
        defaults,
        {key: converter(kind) for key, kind in types.items()},
    )


# --------------------------------------------------------------------------- values
def _moment(value: Any) -> str:
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat()


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _other(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _text(value: Any) -> Any:
    return value if type(value) is str else _other(value)


def _integer(value: Any) -> int:
    return int(value.value if isinstance(value, enum.Enum) else value)


def converter(kind: Any) -> Callable[[Any], Any]:
    """How a column's values are put in one form, chosen once per column."""
    if isinstance(kind, UTCDateTime):
        return _moment
    if isinstance(kind, Date):
        return _day
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Integer) and not isinstance(kind, Enum):
        return _integer
    if isinstance(kind, JSON):
        return _json
    if isinstance(kind, String) and not isinstance(kind, Enum):
        return _text
    return _other


def canonical(kind: Any, value: Any) -> Any:
    """One form for a value as the trail records it (JSON) and as the table returns it."""
    return _convert(converter(kind), value)


def _convert(convert: Callable[[Any], Any], value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return convert(value)
    except (TypeError, ValueError, AttributeError):
        return repr(value)


def _canonical_row(model: _Model, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    converters = model.converters
    for key, value in values.items():
        if value is None or value == "":
            continue
        convert = converters.get(key)
        if convert is not None:
            plain = _convert(convert, value)
            if plain is not None:
                out[key] = plain
    return out


def _ident(model: _Model, values: dict[str, Any]) -> str:
    parts = [values.get(k) for k in model.primary]
    return ",".join(str(p) for p in parts) if all(p is not None for p in parts) else ""


def _rows(conn: Connection, model: _Model) -> Iterator[dict[str, Any]]:
    for row in conn.execute(select(model.table)).mappings():
        yield _canonical_row(model, {model.keys[name]: value for name, value in row.items()})


# --------------------------------------------------------------------------- baseline
@functools.cache
def _baseline_rows(head: str) -> dict[str, list[dict[str, Any]]]:
    """The rows the migrations write into an empty database (read once per process)."""
    from dhr_desk.storage import migrate
    from dhr_desk.storage.database import make_plain_engine

    engine = make_plain_engine("sqlite://")
    try:
        migrate.upgrade(engine, head)
        models = _models()
        with engine.connect() as conn:
            found = {name: list(_rows(conn, model)) for name, model in models.items()}
    finally:
        engine.dispose()
    return {name: rows for name, rows in found.items() if rows}


# --------------------------------------------------------------------------- replay
class _Expected:
    """The state the trail gives: rows it inserted, and changes to rows it did not insert."""

    def __init__(self, models: dict[str, _Model]) -> None:
        self.models = models
        self.rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.base_changes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.base_deleted: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ever_inserted: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._children = _children(models)

    def apply(self, table: str, ident: str, action: str, changes: dict[str, Any]) -> None:
        model = self.models[table]
        if action == "insert":
            inserted = _canonical_row(model, changes)
            ident = ident or _ident(model, inserted)
            self.rows[table][ident] = inserted
            self.ever_inserted[table].append(inserted)
        elif action == "update":
            row = self.rows[table].get(ident)
            for key, change in changes.items():
                if key not in model.types or not isinstance(change, list) or len(change) != 2:
                    continue
                plain = _convert(model.converters[key], change[1])
                if row is None:  # a record the trail did not insert (a seeded one)
                    self.base_changes[table].setdefault(ident, {})[key] = plain
                elif plain is None:
                    row.pop(key, None)
                else:
                    row[key] = plain
        elif action == "delete":
            self.delete(table, ident, _canonical_row(model, changes))

    def delete(self, table: str, ident: str, values: dict[str, Any] | None = None) -> None:
        if self.rows[table].pop(ident, None) is None:
            self.base_changes[table].pop(ident, None)
            if values is not None:
                self.base_deleted[table].append(values)
        for child, key, action in self._children.get(table, ()):
            for child_ident, row in list(self.rows[child].items()):
                if str(row.get(key)) != ident:
                    continue
                if action == "CASCADE":
                    self.delete(child, child_ident)
                else:  # SET NULL
                    row.pop(key, None)


def _children(models: dict[str, _Model]) -> dict[str, list[tuple[str, str, str]]]:
    """Parent table → (child table, attribute key, ON DELETE action) of single-column FKs."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for name, model in models.items():
        for fk in model.table.foreign_keys:
            action = (fk.ondelete or "").upper()
            parent = fk.column.table.name
            if action in ("CASCADE", "SET NULL") and parent in models:
                column = fk.parent
                assert isinstance(column, Column)
                out[parent].append((name, model.keys[column.name], action))
    return out


def _entries(conn: Connection) -> Iterator[tuple[str, str, str, Any]]:
    cols = AuditEntry.__table__.c
    query = (
        select(cols.action, cols.entity, cols.entity_id, cols.changes)
        .where(cols.action.in_(sorted(ROW_ACTIONS)))
        .order_by(cols.id)
    )
    for row in conn.execute(query):
        yield row[0], row[1], row[2], row[3]


def replay(engine: Engine, head: str, limit: int = 20) -> ReplayResult:
    """Compare every audited table with what the audit trail says was written."""
    models = _models()
    result = ReplayResult()
    expected = _Expected(models)
    baseline = _baseline_rows(head)
    with engine.connect() as conn:
        for action, entity, entity_id, changes in _entries(conn):
            if entity in models and isinstance(changes, dict):
                expected.apply(entity, entity_id or "", action, changes)
                result.entries += 1
        for name, model in models.items():
            actual = {_ident(model, row): row for row in _rows(conn, model)}
            result.records += len(actual)
            result.findings += _compare(model, expected, actual, baseline.get(name, []))
            if len(result.findings) >= limit:
                break
    return result


def _compare(
    model: _Model,
    expected: _Expected,
    actual: dict[str, dict[str, Any]],
    baseline: list[dict[str, Any]],
) -> list[Finding]:
    name = model.table.name
    found: list[Finding] = []
    rows = expected.rows[name]
    matched_baseline: set[int] = set()
    for ident, row in actual.items():
        if ident in rows:
            differs = _differences(model, rows[ident], row)
        else:
            index = _match(model, baseline, ident, row)
            if index is None:
                found.append(Finding(name, ident, "unrecorded"))
                continue
            matched_baseline.add(index)
            base = {k: v for k, v in baseline[index].items() if k not in model.primary}
            base.update(expected.base_changes[name].get(ident, {}))
            current = {k: v for k, v in row.items() if k not in model.primary}
            want = {k: v for k, v in base.items() if v is not None}
            differs = _differences(model, want, current)
        if differs:
            found.append(Finding(name, ident, "differs", differs))
    for ident in rows:
        if ident not in actual:
            found.append(Finding(name, ident, "missing"))
    accounted = expected.base_deleted[name] + expected.ever_inserted[name]
    for index, base_row in enumerate(baseline):
        if index in matched_baseline or any(_same_key(model, base_row, r) for r in accounted):
            continue
        found.append(Finding(name, _ident(model, base_row) or "?", "missing"))
    return found


def _differences(model: _Model, want: dict[str, Any], have: dict[str, Any]) -> tuple[str, ...]:
    fields = []
    for key in model.types:
        expected, actual = want.get(key), have.get(key)
        if expected == actual:
            continue
        if expected is None and key not in want and actual == model.defaults.get(key):
            continue  # a column the trail never mentions holds its default
        fields.append(key)
    return tuple(fields)


def _match(
    model: _Model, baseline: list[dict[str, Any]], ident: str, row: dict[str, Any]
) -> int | None:
    """The baseline row a record not inserted through the trail stands for."""
    for index, base in enumerate(baseline):
        if _ident(model, base) == ident and (not model.uniques or _same_key(model, base, row)):
            return index
    for index, base in enumerate(baseline):
        if model.uniques and _same_key(model, base, row):
            return index
    return None


def _same_key(model: _Model, a: dict[str, Any], b: dict[str, Any]) -> bool:
    if not model.uniques:
        return _ident(model, a) == _ident(model, b)
    return any(
        all(a.get(k) is not None and a.get(k) == b.get(k) for k in unique)
        for unique in model.uniques
    )


def summary(findings: Iterable[Finding], total: int) -> str:
    shown = [f.sentence() for f in findings]
    more = total - len(shown)
    return "; ".join(shown) + (f"; and {more:,} more" if more > 0 else "")
