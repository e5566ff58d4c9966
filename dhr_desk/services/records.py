"""Add, change and remove the records of a case, one validated transaction each.

Domain rules that span fields (a resume date before its start, an incident after its report)
are registered with :func:`rule` by the module that owns them, and run before every save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Action,
    ActionProgress,
    Advocate,
    Agency,
    AgencyReturn,
    Appeal,
    Case,
    CaseAgency,
    ChronologyEntry,
    Complaint,
    Decision,
    FamilyContact,
    Meeting,
    MeetingAction,
    MeetingAttendance,
    Milestone,
    PanelMember,
    Pause,
    Person,
    Recommendation,
    TriggerApplication,
)
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.services.fields import validated
from dhr_desk.storage.database import Database

T = TypeVar("T")
Rule = Callable[[Session, Any], list[tuple[str, str]]]

# Which parent each record hangs from: (foreign key attribute, parent model).
PARENT: dict[type[Any], tuple[str, type[Any]]] = {
    Person: ("case_id", Case),
    Advocate: ("case_id", Case),
    FamilyContact: ("case_id", Case),
    CaseAgency: ("case_id", Case),
    AgencyReturn: ("case_id", Case),
    PanelMember: ("case_id", Case),
    Meeting: ("case_id", Case),
    ChronologyEntry: ("case_id", Case),
    Pause: ("case_id", Case),
    Decision: ("case_id", Case),
    Milestone: ("case_id", Case),
    Recommendation: ("case_id", Case),
    TriggerApplication: ("case_id", Case),
    Complaint: ("case_id", Case),
    Appeal: ("case_id", Case),
    MeetingAttendance: ("meeting_id", Meeting),
    MeetingAction: ("meeting_id", Meeting),
    Action: ("recommendation_id", Recommendation),
    ActionProgress: ("action_id", Action),
}

_RULES: dict[type[Any], list[Rule]] = {}


def rule(model: type[Any]) -> Callable[[Rule], Rule]:
    """Register a cross-field check for ``model``: returns ``[(field, reason), …]``."""

    def register(fn: Rule) -> Rule:
        _RULES.setdefault(model, []).append(fn)
        return fn

    return register


def check(session: Session, obj: Any) -> None:
    import dhr_desk.workflow  # noqa: F401 - registers the clocks' rules (pauses, complaints)

    problems: list[tuple[str, str]] = []
    for fn in _RULES.get(type(obj), []):
        problems.extend(fn(session, obj))
    if problems:
        raise ValidationError("Nothing was saved:", problems)


def _get(session: Session, model: type[T], record_id: int) -> T:
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(f"That {model.__tablename__.replace('_', ' ')} no longer exists.")  # type: ignore[attr-defined]
    return obj


def add_in(session: Session, model: type[T], parent_id: int, values: dict[str, Any]) -> T:
    fk, parent = PARENT[model]
    _get(session, parent, parent_id)
    clean = validated(model, values, new=True)
    obj = model(**clean)
    setattr(obj, fk, parent_id)
    session.add(obj)
    check(session, obj)
    session.flush()
    return obj


def add(db: Database, model: type[T], parent_id: int, values: dict[str, Any]) -> T:
    with db.session() as session:
        return add_in(session, model, parent_id, values)


def update_in(session: Session, model: type[T], record_id: int, values: dict[str, Any]) -> T:
    obj = _get(session, model, record_id)
    clean = validated(model, values, new=False)
    for key, value in clean.items():
        setattr(obj, key, value)
    check(session, obj)
    session.flush()
    return obj


def update(db: Database, model: type[T], record_id: int, values: dict[str, Any]) -> T:
    with db.session() as session:
        return update_in(session, model, record_id, values)


def delete(db: Database, model: type[Any], record_id: int) -> None:
    with db.session() as session:
        session.delete(_get(session, model, record_id))


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
