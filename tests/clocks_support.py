"""Helpers shared by the clock tests: open cases of both kinds with exact dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from dhr_desk import records
from dhr_desk.domain import AuditEntry, Case, Milestone, Pause
from dhr_desk.services import cases
from dhr_desk.storage.database import Database

D = dt.date


def open_dhr(db: Database, notified: str, reference: str | None = None) -> str:
    values = {"notification_received_on": notified, "notified_by": "DS Patel, Major Crime"}
    if reference:
        values["reference"] = reference
    return cases.new_dhr(db, values).reference


def open_trigger(db: Database, received: str, **application: object) -> str:
    return cases.new_trigger(
        db,
        {"received_on": received, "channel": "email", "matter": "noise from flat 3", **application},
        {"real_name": "Alex Applicant"},
    ).reference


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def audit_actions(db: Database, action: str) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def case_in(session: object, reference: str) -> Case:
    return records.case_by_reference(session, reference)  # type: ignore[arg-type]


__all__ = [
    "D",
    "Milestone",
    "Pause",
    "audit_actions",
    "case_in",
    "count",
    "open_dhr",
    "open_trigger",
]
