"""Check a case out of the partnership's server to this laptop, and back in.

Checking out copies every record of the case into the laptop's own encrypted database (its
SQLCipher file, under the laptop's key), where it can be worked on with no network, e.g. in a
secure room. The server notes who holds the case, on which computer and since when; the case
stays readable there, and others may still change it.

Checking in merges the laptop's copy into the server record by record, field by field, against
the case as it was when it was checked out: what only one side changed is taken from that side;
where both changed the same field differently, or one side deleted a record the other changed,
the check-in stops with the conflicts listed and nothing written, until each is decided (keep
this laptop's version, or the server's). Records added on the laptop are added on the server.
The laptop's audit entries for the case are carried into the server's trail, each under its own
date and name; then the hold is released and the copy leaves the laptop.
"""

from __future__ import annotations

import datetime as dt
import platform
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dhr_desk.domain import Case, CaseHold, CheckedOutCopy
from dhr_desk.errors import DhrDeskError, NotFoundError
from dhr_desk.records import case_by_reference, kinds
from dhr_desk.records import case_rows as cr
from dhr_desk.storage import audit
from dhr_desk.storage.audit import AuditEntry, AuditEvent
from dhr_desk.storage.database import Database
from dhr_desk.storage.schema import utcnow

Choice = Literal["mine", "theirs"]
NEW = "new:"  # the key of a record added on the laptop (its id there follows)


class CheckOutError(DhrDeskError):
    """A case cannot be checked out or in as asked (held by someone else, already here…)."""

    exit_code = 16


class CheckInConflicts(DhrDeskError):
    """Both sides changed the same thing: nothing was written; each conflict needs a choice."""

    exit_code = 17

    def __init__(self, message: str, conflicts: list[Conflict]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


# --------------------------------------------------------------------------- what is shown
def _when(moment: dt.datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


@dataclass(frozen=True)
class Hold:
    """Who holds a case checked out (on the server)."""

    held_by: str
    held_at: dt.datetime
    device: str

    def sentence(self) -> str:
        when = _when(self.held_at)
        on = f" on {self.device}" if self.device else ""
        return f"Checked out by {self.held_by}{on} since {when}."


@dataclass(frozen=True)
class Copy:
    """This laptop's copy of a case checked out from a server."""

    server: str
    checked_out_by: str
    checked_out_at: dt.datetime

    def sentence(self) -> str:
        when = _when(self.checked_out_at)
        return (
            f"Checked out from {self.server} by {self.checked_out_by} on {when}. Check it in "
            "when you are back on the network: your changes are then merged into the server."
        )


@dataclass(frozen=True)
class FieldDifference:
    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class Conflict:
    """One record both sides touched. ``what``: ``both changed``, ``deleted here`` (changed on
    the server) or ``deleted on the server`` (changed here)."""

    table: str
    key: str
    noun: str
    label: str
    what: str
    fields: tuple[FieldDifference, ...]

    @property
    def ident(self) -> str:
        return f"{self.table}:{self.key}"

    def sentence(self) -> str:
        thing = f"The {self.noun} “{self.label}”" if self.label else f"A {self.noun}"
        if self.what == "deleted here":
            return f"{thing} was deleted on this laptop and changed on the server."
        if self.what == "deleted on the server":
            return f"{thing} was changed on this laptop and deleted on the server."
        names = ", ".join(f.field.replace("_", " ") for f in self.fields)
        return f"{thing} was changed on both sides: {names}."


@dataclass
class CheckOutResult:
    reference: str
    records: int
    hold: Hold


@dataclass
class CheckInResult:
    reference: str
    updated: int = 0
    added: int = 0
    deleted: int = 0
    history: int = 0
    decided: int = 0
    notes: list[str] = field(default_factory=list)

    def sentence(self) -> str:
        from dhr_desk.words import plural

        return (
            f"{self.reference} is checked in: {plural(self.updated, 'record')} changed, "
            f"{self.added} added and {self.deleted} deleted on the server; "
            f"{plural(self.history, 'audit entry', 'audit entries')} from this laptop kept in "
            "the server's trail. The copy has left this laptop."
        )


# --------------------------------------------------------------------------- the server side
def device_name() -> str:
    return platform.node() or "this laptop"


def hold_of(db: Database, case_id: int) -> Hold | None:
    with db.reading() as session:
        hold = session.get(CaseHold, case_id)
        return Hold(hold.held_by, hold.held_at, hold.device) if hold is not None else None


def held_cases(db: Database) -> list[tuple[str, Hold]]:
    """Every case checked out: its reference and who holds it."""
    with db.reading() as session:
        rows = session.execute(
            select(Case.reference, CaseHold)
            .join(CaseHold, CaseHold.case_id == Case.id)
            .order_by(Case.reference)
        ).all()
        return [(ref, Hold(h.held_by, h.held_at, h.device)) for ref, h in rows]


def copy_of(db: Database, case_id: int) -> Copy | None:
    with db.reading() as session:
        copy = session.get(CheckedOutCopy, case_id)
        if copy is None:
            return None
        return Copy(copy.server, copy.checked_out_by, copy.checked_out_at)


def _user(session: Session) -> str:
    return str(session.info.get("os_user") or audit.os_user())


def _server_name(db: Database) -> str:
    if db.address is not None:
        return str(db.address.url())
    return str(db.path) if db.path is not None else "the server"


def check_out(server: Database, laptop: Database, reference: str) -> CheckOutResult:
    """Copy the case into the laptop's database and note on the server who holds it."""
    device = device_name()
    with laptop.reading() as session:
        here = session.scalar(select(Case).where(Case.reference == reference.strip()))
        if here is not None:
            copy = session.get(CheckedOutCopy, here.id)
            raise CheckOutError(
                f"{reference} is already checked out to this laptop; check it in first."
                if copy is not None
                else f"This laptop's database already has a case {reference}; nothing was "
                "checked out."
            )
    token = uuid.uuid4().hex
    with server.session() as session:
        case = case_by_reference(session, reference.strip())
        hold = session.get(CaseHold, case.id)
        if hold is not None:
            raise CheckOutError(
                f"{case.reference} is already checked out: "
                + Hold(hold.held_by, hold.held_at, hold.device).sentence()
                + " Nothing was changed."
            )
        rows = cr.read_case(session, case.id)
        hold = CaseHold(case_id=case.id, held_by=_user(session), device=device, token=token)
        session.add(hold)
        audit.record(
            session,
            AuditEvent("check_out", "case", str(case.id), case.id, {"device": device}),
        )
        case_id, ref, held = case.id, case.reference, Hold(hold.held_by, utcnow(), device)
    try:
        with laptop.session() as session:
            made = cr.insert_rows(session, rows)
            local_case = made[cr.CASE][str(case_id)]
            session.add(
                CheckedOutCopy(
                    case_id=local_case,
                    server=_server_name(server),
                    server_case_id=case_id,
                    token=token,
                    checked_out_by=held.held_by,
                    base=rows,
                    ids={t: {str(v): k for k, v in m.items()} for t, m in made.items()},
                )
            )
            audit.record(
                session,
                AuditEvent(
                    "check_out", "case", str(local_case), local_case, {"from": _server_name(server)}
                ),
            )
    except BaseException:
        _release(server, case_id, token)  # the laptop has no copy: the server holds nothing
        raise
    return CheckOutResult(ref, cr.count(rows), held)


def _release(server: Database, case_id: int, token: str | None, why: str = "") -> bool:
    with server.session() as session:
        hold = session.get(CaseHold, case_id)
        if hold is None or (token is not None and hold.token != token):
            return False
        session.delete(hold)
        if why:
            audit.record(
                session, AuditEvent("release", "case", str(case_id), case_id, {"why": why})
            )
        return True


def release(server: Database, reference: str, why: str) -> Hold:
    """Release a hold without its copy (a laptop lost or wiped): a manager's decision, audited.
    A copy checked in later is still merged against its base."""
    if not why.strip():
        raise CheckOutError("Say why the hold is released (it is kept in the audit trail).")
    with server.reading() as session:
        case = case_by_reference(session, reference.strip())
        hold = session.get(CaseHold, case.id)
    if hold is None:
        raise CheckOutError(f"{case.reference} is not checked out.")
    _release(server, case.id, None, why.strip())
    return Hold(hold.held_by, hold.held_at, hold.device)


# --------------------------------------------------------------------------- merging
@dataclass
class _Plan:
    updates: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    inserts: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    decided: int = 0
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # new key → server key


_LABELS = (
    "reference",
    "title",
    "real_name",
    "name",
    "step",
    "summary",
    "description",
    "event",
    "text",
    "location",
    "agency_id",
)


def _label(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    for name in _LABELS:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 60 else text[:57] + "…"
    return ""


def _noun(table: str) -> str:
    try:
        return kinds.named(table).noun
    except NotFoundError:
        return table.replace("_", " ")


def _conflict(
    table: str,
    key: str,
    what: str,
    base: dict[str, Any] | None,
    mine: dict[str, Any] | None,
    theirs: dict[str, Any] | None,
    fields: list[str],
) -> Conflict:
    b, m, t = base or {}, mine or {}, theirs or {}
    return Conflict(
        table,
        key,
        _noun(table),
        _label(mine or theirs or base),
        what,
        tuple(FieldDifference(f, b.get(f), m.get(f), t.get(f)) for f in fields),
    )


def _field(b: Any, m: Any, t: Any, added_both: bool) -> str:
    """``keep`` the server's value, ``take`` this laptop's, or a ``clash``."""
    if m == t:
        return "keep"
    if added_both:  # added on both sides: what one side left empty is not a change
        if m in (None, ""):
            return "keep"
        return "take" if t in (None, "") else "clash"
    if m == b:
        return "keep"
    return "take" if t == b else "clash"


def _fields_merge(
    base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """What changes on the server (field → mine) and the fields both sides changed apart."""
    changes: dict[str, Any] = {}
    clashes: list[str] = []
    for name in sorted(set(mine) | set(theirs)):
        b = base.get(name) if base is not None else None
        outcome = _field(b, mine.get(name), theirs.get(name), base is None)
        if outcome == "take":
            changes[name] = mine.get(name)
        elif outcome == "clash":
            clashes.append(name)
    return changes, clashes


def _decide(plan: _Plan, decisions: dict[str, Choice], conflict: Conflict) -> Choice | None:
    """The decision taken on a conflict, or ``None`` (then it is listed for a decision)."""
    choice = decisions.get(conflict.ident)
    if choice is None:
        plan.conflicts.append(conflict)
    else:
        plan.decided += 1
    return choice


def _changed(row: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    return sorted(n for n in row if row.get(n) != (base or {}).get(n))


def _merge_record(
    plan: _Plan, table: str, key: str, rows: tuple[Any, Any, Any], decisions: dict[str, Choice]
) -> None:
    base, mine, theirs = rows
    if mine is not None and theirs is not None:
        changes, clashes = _fields_merge(base, mine, theirs)
        if clashes:
            clash = _conflict(table, key, "both changed", base, mine, theirs, clashes)
            choice = _decide(plan, decisions, clash)
            if choice is None:
                return
            if choice == "mine":
                changes.update({name: mine.get(name) for name in clashes})
        if changes:
            plan.updates.append((table, key, changes))
    elif base is None or mine == theirs:
        return  # added on the server only, or deleted on both sides
    elif mine is None:  # deleted here
        if theirs == base:
            plan.deletes.append((table, key))
            return
        what = _conflict(table, key, "deleted here", base, None, theirs, _changed(theirs, base))
        if _decide(plan, decisions, what) == "mine":
            plan.deletes.append((table, key))
    elif mine != base:  # deleted on the server, changed here
        what = _conflict(
            table, key, "deleted on the server", base, mine, None, _changed(mine, base)
        )
        if _decide(plan, decisions, what) == "mine":
            plan.inserts.append((table, key, mine))


def _match_new(
    spec: cr.CaseTable, mine: dict[str, Any], theirs: dict[str, dict[str, Any]], claimed: set[str]
) -> str | None:
    """The server record a record added here is the same as (the same unique columns: an agency
    involved in the case on both sides), if any."""
    for columns in spec.unique:
        wanted = tuple(mine.get(c) for c in columns)
        if None in wanted:
            continue
        for key, values in theirs.items():
            if key not in claimed and tuple(values.get(c) for c in columns) == wanted:
                return key
    return None


def plan_merge(
    base: cr.Rows, mine: cr.Rows, theirs: cr.Rows, decisions: dict[str, Choice]
) -> _Plan:
    plan = _Plan()
    for spec in cr.case_tables():
        table = spec.name
        b, m, t = base.get(table, {}), mine.get(table, {}), theirs.get(table, {})
        claimed = set(m)
        for key in sorted(set(b) | set(m) | set(t), key=_order):  # added ones first
            if key.startswith(NEW):
                row = _aliased(m[key], spec, plan.aliases)
                same = _match_new(spec, row, t, claimed)
                if same is None:
                    plan.inserts.append((table, key, row))
                    continue
                claimed.add(same)
                plan.aliases.setdefault(table, {})[key] = same
                _merge_record(plan, table, same, (None, row, t[same]), decisions)
                continue
            if key in plan.aliases.get(table, {}).values():
                continue  # merged with a record added here
            mine_row = _aliased(m[key], spec, plan.aliases) if key in m else None
            _merge_record(plan, table, key, (b.get(key), mine_row, t.get(key)), decisions)
    return plan


def _order(key: str) -> tuple[int, int]:
    return (0, int(key[len(NEW) :])) if key.startswith(NEW) else (1, int(key))


def _aliased(
    row: dict[str, Any], spec: cr.CaseTable, aliases: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """A row whose references to records added here that turned out to be server records
    point at those."""
    out = dict(row)
    for column, target in spec.refs.items():
        value = out.get(column)
        if isinstance(value, str) and value in aliases.get(target, {}):
            out[column] = aliases[target][value]
    return out


# --------------------------------------------------------------------------- checking in
def _mine(session: Session, copy: CheckedOutCopy) -> cr.Rows:
    """The laptop's records of the case, keyed as the server knows them (added ones ``new:N``)."""
    local = cr.read_case(session, copy.case_id)
    ids: dict[str, dict[str, str]] = copy.ids
    specs = cr.by_name()

    def key(table: str, local_key: str) -> str:
        return ids.get(table, {}).get(local_key) or f"{NEW}{local_key}"

    out: cr.Rows = {}
    for table, rows in local.items():
        spec = specs[table]
        converted: dict[str, dict[str, Any]] = {}
        for local_key, values in rows.items():
            row = dict(values)
            for column, target in spec.refs.items():
                if row.get(column) is not None:
                    row[column] = key(target, str(row[column]))
            converted[key(table, local_key)] = row
        out[table] = converted
    return out


def check_in(
    laptop: Database,
    server: Database,
    reference: str,
    decisions: dict[str, Choice] | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckInResult:
    """Merge the laptop's copy into the server and remove it from the laptop.

    Raises :class:`CheckInConflicts` (nothing written anywhere) while a conflict has no
    decision in ``decisions`` (conflict ident → ``"mine"`` or ``"theirs"``).
    """
    say = progress or (lambda _text: None)
    decisions = decisions or {}
    with laptop.reading() as session:
        case = case_by_reference(session, reference.strip())
        copy = session.get(CheckedOutCopy, case.id)
        if copy is None:
            raise CheckOutError(
                f"{case.reference} was not checked out from a server; nothing to check in."
            )
        mine = _mine(session, copy)
        history = _history(session, copy)
        token, server_case, base, copy_ids = copy.token, copy.server_case_id, copy.base, copy.ids
    say("Comparing with the server…")
    result = CheckInResult(case.reference)
    with server.session() as session:
        if session.get(Case, server_case) is None:
            raise CheckOutError(
                f"{case.reference} is no longer on the server (deleted, or not visible to you). "
                "Your copy stays on this laptop: export it as a case file to keep it."
            )
        if _already_checked_in(session, server_case, token):
            result.notes.append(
                "The server already had this check-in (the copy had not been removed here)."
            )
            _remove_copy(laptop, case.id)
            return result
        theirs = cr.read_case(session, server_case)
        plan = plan_merge(base, mine, theirs, decisions)
        if plan.conflicts:
            raise CheckInConflicts(
                f"Nothing was checked in: {_count(plan.conflicts)} changed on both sides. "
                "Decide for each which version to keep, then check in again.",
                plan.conflicts,
            )
        say("Writing the changes on the server…")
        created = _apply(session, plan, theirs, result)
        result.history = _carry_history(session, history, server_case, copy_ids, created)
        result.decided = plan.decided
        hold = session.get(CaseHold, server_case)
        if hold is not None and hold.token == token:
            session.delete(hold)
        elif hold is None:
            result.notes.append("The server's hold had already been released.")
        audit.record(
            session,
            AuditEvent(
                "check_in",
                "case",
                str(server_case),
                server_case,
                {
                    "device": device_name(),
                    "changed": result.updated,
                    "added": result.added,
                    "deleted": result.deleted,
                    "decided": plan.decided,
                    "token": token,
                },
            ),
        )
    say("Removing the copy from this laptop…")
    _remove_copy(laptop, case.id)
    return result


def _remove_copy(laptop: Database, case_id: int) -> None:
    with laptop.session() as session:
        local = session.get(Case, case_id)
        if local is not None:
            session.delete(local)


def _already_checked_in(session: Session, server_case: int, token: str) -> bool:
    """Whether this copy's check-in was written on the server already (the laptop stopped
    before it removed its copy): checking it in again would add its new records twice."""
    done = session.scalars(
        select(AuditEntry.changes).where(
            AuditEntry.case_id == server_case, AuditEntry.action == "check_in"
        )
    )
    return any(isinstance(c, dict) and c.get("token") == token for c in done)


def _count(conflicts: list[Conflict]) -> str:
    from dhr_desk.words import plural

    return plural(len(conflicts), "record")


def _apply(
    session: Session, plan: _Plan, theirs: cr.Rows, result: CheckInResult
) -> dict[str, dict[str, int]]:
    """Write the plan; returns table → added key → the server's new id."""
    specs = cr.by_name()
    created: dict[str, dict[str, int]] = {}
    gone = set(plan.deletes)

    def resolve(table: str, key: str) -> int | None:
        if key.startswith(NEW):
            alias = plan.aliases.get(table, {}).get(key)
            return int(alias) if alias else created.get(table, {}).get(key)
        if (table, key) in gone:
            return None
        if key in theirs.get(table, {}):
            return int(key)
        return created.get(table, {}).get(key)  # restored here

    agencies = cr.Agencies(session)
    _insert(session, plan, theirs, result, (resolve, agencies), created)
    for table, key, changes in plan.updates:
        spec = specs[table]
        obj = session.get(spec.model, int(key))
        if obj is None:
            continue
        values = cr.to_object_values(session, spec, changes, resolve, agencies)
        for attr, value in values.items():
            setattr(obj, attr, value)
        result.updated += 1
    session.flush()
    for table, key in reversed(plan.deletes):  # children before their parents
        obj = session.get(specs[table].model, int(key))
        if obj is not None:
            session.delete(obj)
            session.flush()
            result.deleted += 1
    return created


def _insert(
    session: Session,
    plan: _Plan,
    theirs: cr.Rows,
    result: CheckInResult,
    finders: tuple[cr.Resolve, cr.Agencies],
    created: dict[str, dict[str, int]],
) -> None:
    resolve, agencies = finders
    by_table: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for table, key, row in plan.inserts:
        by_table.setdefault(table, []).append((key, row))
    for spec in cr.case_tables():  # parents before children
        rows = by_table.get(spec.name, [])
        if spec.numbered:
            _renumber(spec, rows, theirs.get(spec.name, {}), result)
        objs: list[tuple[str, Any]] = []
        for key, row in rows:
            values = cr.to_object_values(session, spec, row, resolve, agencies)
            if any(values.get(spec.attribute(c)) is None for c in spec.required):
                result.notes.append(
                    f"A {_noun(spec.name)} added here was not kept: the record it belonged to "
                    "was deleted on the server."
                )
                continue
            obj = spec.model(**values)
            session.add(obj)
            objs.append((key, obj))
        session.flush()
        created[spec.name] = {key: int(obj.id) for key, obj in objs}
        result.added += len(objs)


def _renumber(
    spec: cr.CaseTable,
    rows: list[tuple[str, dict[str, Any]]],
    theirs: dict[str, dict[str, Any]],
    result: CheckInResult,
) -> None:
    """Records numbered in order (meetings, decisions, recommendations) added on both sides
    would share a number: the laptop's ones follow the server's."""
    taken = {(v.get(spec.owner), v.get("number")) for v in theirs.values()}
    for _key, row in rows:
        owner, number = row.get(spec.owner), row.get("number")
        if (owner, number) not in taken:
            taken.add((owner, number))
            continue
        new = 1 + max((n for o, n in taken if o == owner and isinstance(n, int)), default=0)
        result.notes.append(
            f"{_noun(spec.name).capitalize()} {number} added here is now number {new}: the "
            f"server had added its own {_noun(spec.name)} {number} meanwhile."
        )
        row["number"] = new
        taken.add((owner, new))


def _history(session: Session, copy: CheckedOutCopy) -> list[AuditEntry]:
    """The laptop's entries for the case since it arrived (the copy's own arrival left out)."""
    arrival = session.scalar(
        select(func.max(AuditEntry.id)).where(
            AuditEntry.case_id == copy.case_id, AuditEntry.action == "check_out"
        )
    )
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.case_id == copy.case_id, AuditEntry.id > (arrival or 0))
            .order_by(AuditEntry.id)
        )
    )


def _carry_history(
    session: Session,
    entries: list[AuditEntry],
    server_case: int,
    ids: dict[str, dict[str, str]],
    created: dict[str, dict[str, int]],
) -> int:
    """Each of the laptop's entries, kept in the server's trail as an ``offline`` entry under
    its own date and name, filed under the server's id of its record (the server's own entries
    record what the merge wrote)."""
    for entry in entries:
        here = entry.entity_id
        there = ids.get(entry.entity, {}).get(here) or created.get(entry.entity, {}).get(
            f"{NEW}{here}"
        )
        audit.record(
            session,
            AuditEvent(
                f"offline_{entry.action}"[:20],
                entry.entity,
                str(there) if there is not None else "",
                server_case,
                {
                    "at": entry.at.isoformat(),
                    "by": entry.os_user,
                    "laptop_id": entry.entity_id,
                    "changes": entry.changes,
                },
            ),
        )
    return len(entries)


def checked_out(db: Database) -> Iterator[tuple[str, Copy]]:
    """This laptop's checked-out cases: reference and copy."""
    with db.reading() as session:
        for reference, copy in session.execute(
            select(Case.reference, CheckedOutCopy).join(
                CheckedOutCopy, CheckedOutCopy.case_id == Case.id
            )
        ):
            yield reference, Copy(copy.server, copy.checked_out_by, copy.checked_out_at)


# --------------------------------------------------------------------------- for the app
def status(db: Database, case_id: int) -> tuple[str, str] | None:
    """What a case's workspace says of its travels: ``("held", sentence)`` where it is held
    (the server), ``("copy", sentence)`` where it is a copy (the laptop), or ``None``."""
    hold = hold_of(db, case_id)
    if hold is not None:
        return ("held", hold.sentence())
    copy = copy_of(db, case_id)
    return ("copy", copy.sentence()) if copy is not None else None


def server_of(db: Database, case_id: int) -> str:
    """The address of the server a laptop's copy came from."""
    copy = copy_of(db, case_id)
    if copy is None:
        raise CheckOutError("This case was not checked out from a server; nothing to check in.")
    return copy.server
