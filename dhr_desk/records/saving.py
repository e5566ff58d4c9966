"""Add, change and remove the records of a case, one validated transaction each.

Domain rules that span fields (a resume date before its start, an incident after its report)
are registered with :func:`rule` by the module that owns them, and run before every save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from dhr_desk.domain import Agency, Case, CaseAgency
from dhr_desk.errors import (
    ChangedMeanwhileError,
    NeedsConfirmation,
    NotFoundError,
    ValidationError,
)
from dhr_desk.records import kinds
from dhr_desk.records.fields import validated
from dhr_desk.storage import audit
from dhr_desk.storage.database import Database

T = TypeVar("T")
Rule = Callable[[Session, Any], list[tuple[str, str]]]

_RULES: dict[type[Any], list[Rule]] = {}
_WARNINGS: dict[type[Any], list[Rule]] = {}


def rule(model: type[Any], *, warning: bool = False) -> Callable[[Rule], Rule]:
    """Register a cross-field check for ``model``: returns ``[(field, reason), …]``.

    A ``warning`` rule names what is possible but unusual: the save waits for the person to
    confirm it (:class:`~dhr_desk.errors.NeedsConfirmation`) instead of refusing it.
    """

    def register(fn: Rule) -> Rule:
        (_WARNINGS if warning else _RULES).setdefault(model, []).append(fn)
        return fn

    return register


def warnings(session: Session, obj: Any) -> list[tuple[str, str]]:
    """What the warning rules say of a record (empty when nothing needs confirming)."""
    return [problem for fn in _WARNINGS.get(type(obj), []) for problem in fn(session, obj)]


def check(session: Session, obj: Any, *, confirmed: bool = False) -> None:
    """Run the rules registered for the record's model; raise one error listing every problem.

    The layers that own rules register them when they are imported (the clocks, for pauses and
    complaints); :mod:`dhr_desk.services` imports them all, so every save path sees every rule.
    """
    problems: list[tuple[str, str]] = []
    for fn in _RULES.get(type(obj), []):
        problems.extend(fn(session, obj))
    if problems:
        raise ValidationError("Nothing was saved:", problems)
    unusual = [] if confirmed else warnings(session, obj)
    if unusual:
        raise NeedsConfirmation("Nothing was saved yet: please confirm", unusual)


def get_in(session: Session, model: type[T], record_id: int) -> T:
    """The record, or a plain "no longer exists" (someone deleted it meanwhile)."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(f"That {kinds.of(model).noun} no longer exists.")
    return obj


def case_by_reference(session: Session, reference: str) -> Case:
    case = session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise NotFoundError(f"There is no case with the reference {reference}.")
    return case


def add_in(
    session: Session,
    model: type[T],
    parent_id: int,
    values: dict[str, Any],
    *,
    confirmed: bool = False,
) -> T:
    kind = kinds.of(model)
    if kind.parent is None:
        raise ValueError(f"a {kind.noun} does not hang from another record")
    get_in(session, kind.parent, parent_id)
    clean = validated(model, values, new=True)
    obj = model(**clean)
    setattr(obj, kind.parent_key, parent_id)
    session.add(obj)
    check(session, obj, confirmed=confirmed)
    session.flush()
    return obj


def add(db: Database, model: type[T], parent_id: int, values: dict[str, Any]) -> T:
    with db.session() as session:
        return add_in(session, model, parent_id, values)


def version_in(session: Session, model: type[Any], record_id: int) -> int:
    """The record's version: the number of the last audit entry that changed it (0 for a
    record the trail does not know)."""
    change = audit.last_change(session, model.__tablename__, str(record_id))
    return change.version if change is not None else 0


def version(db: Database, model: type[Any], record_id: int) -> int:
    with db.reading() as session:
        return version_in(session, model, record_id)


def _noun(model: type[Any]) -> str:
    try:
        return kinds.of(model).noun
    except (KeyError, LookupError):
        return model.__tablename__.replace("_", " ")


def check_version(session: Session, obj: Any, seen: int, values: dict[str, Any]) -> None:
    """Refuse a save made from an older version of the record, saying who changed it since,
    when, and keeping both versions (what is saved now and what was typed)."""
    model = type(obj)
    change = audit.last_change(session, model.__tablename__, str(obj.id))
    if change is None or change.version <= seen:
        return
    theirs = {a.key: getattr(obj, a.key) for a in inspect(model).column_attrs}
    changed = audit.fields_changed_after(session, model.__tablename__, str(obj.id), seen)
    refuse(change, _noun(model), theirs, values, changed)


def refuse(
    change: audit.Change,
    noun: str,
    theirs: dict[str, Any],
    yours: dict[str, Any],
    changed: Iterable[str] = (),
) -> NoReturn:
    """Nothing saved: ``change`` (someone else's) came after the version the person opened.
    Says who and when, and keeps both versions."""
    when = change.at.astimezone().strftime("%d %B %Y at %H:%M")
    raise ChangedMeanwhileError(
        f"Nothing was saved: {change.who} changed this {noun} on {when}, after you "
        "opened it. Both versions are kept: look at theirs, then save yours again if it "
        "should replace it.",
        who=change.who,
        when=change.at,
        theirs=dict(theirs),
        yours=dict(yours),
        changed=frozenset(changed),
    )


def part_version_in(session: Session, case_id: int, models: Iterable[type[Any]]) -> int:
    """The version of one part of a case, made of every record of ``models`` in it (its
    steps; its complaints and decisions): the last audit entry that changed one of them."""
    return audit.case_part_version(session, case_id, [m.__tablename__ for m in models])


def part_changes_after(
    session: Session, case_id: int, models: Iterable[type[Any]], seen: int
) -> list[audit.RowChange]:
    """What changed in that part of the case after the version ``seen``, oldest first."""
    return audit.changes_after(session, case_id, [m.__tablename__ for m in models], seen)


def update_in(
    session: Session,
    model: type[T],
    record_id: int,
    values: dict[str, Any],
    *,
    confirmed: bool = False,
    seen: int | None = None,
) -> T:
    """Change a record. ``seen`` is the version the person opened (see :func:`version`): a
    save over a later change by someone else is refused (:class:`ChangedMeanwhileError`)."""
    obj = get_in(session, model, record_id)
    if seen is not None:
        check_version(session, obj, seen, values)
    clean = validated(model, values, new=False)
    for key, value in clean.items():
        setattr(obj, key, value)
    check(session, obj, confirmed=confirmed)
    session.flush()
    return obj


def update(
    db: Database,
    model: type[T],
    record_id: int,
    values: dict[str, Any],
    *,
    seen: int | None = None,
) -> T:
    with db.session() as session:
        return update_in(session, model, record_id, values, seen=seen)


def delete(db: Database, model: type[Any], record_id: int) -> None:
    with db.session() as session:
        session.delete(get_in(session, model, record_id))


def agency_named(session: Session, name: str, **details: Any) -> Agency:
    """The agency with this name, created if new (names are the agencies' identity)."""
    name = name.strip()
    if not name:
        raise ValidationError("Nothing was saved:", [("agency", "is required")])
    agency = session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        clean = validated(Agency, {"name": name, **details}, new=True)
        agency = Agency(**clean)
        session.add(agency)
        session.flush()
    return agency


def involve_agency(session: Session, case_id: int, agency: Agency) -> CaseAgency:
    link = session.scalar(
        select(CaseAgency).where(CaseAgency.case_id == case_id, CaseAgency.agency_id == agency.id)
    )
    if link is None:
        link = CaseAgency(case_id=case_id, agency_id=agency.id)
        session.add(link)
        session.flush()
    return link
