"""Cases: open a DHR from a police notification or a Community Trigger from an application;
find and list cases."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

import dhr_desk.publication  # noqa: F401 - registers the pseudonym register's save rule
from dhr_desk import records, workflow
from dhr_desk.domain import (
    Case,
    CaseHold,
    CaseKind,
    CheckedOutCopy,
    Milestone,
    Pause,
    Person,
    PersonRole,
    TriggerApplication,
)
from dhr_desk.errors import ValidationError
from dhr_desk.records.fields import REFERENCE_PATTERN, REFERENCE_RULE, validated
from dhr_desk.storage import audit
from dhr_desk.storage.database import Database
from dhr_desk.workflow import NextStep

PREFIX = {CaseKind.DHR: "DHR", CaseKind.COMMUNITY_TRIGGER: "CT"}
MAX_REFERENCE = 40  # the column's length


def next_reference(session: Session, kind: CaseKind, year: int) -> str:
    stem = f"{PREFIX[kind]}-{year}-"
    existing = _references(session, stem)
    numbers = [int(r[len(stem) :]) for r in existing if r[len(stem) :].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:03d}"


def _references(session: Session, stem: str, except_id: int | None = None) -> list[str]:
    """The references that start with ``stem`` (of cases other than ``except_id``): on a shared
    server, every partnership's, though a person sees only their own partnership's cases."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.scalars(
            text("SELECT dhr_desk_references(:stem, :except_id)"),
            {"stem": stem, "except_id": except_id or -1},
        )
    else:
        found = session.scalars(
            select(Case.reference).where(
                func.substr(Case.reference, 1, len(stem)) == stem, Case.id != (except_id or -1)
            )
        )
    return [str(r) for r in found]


def check_reference(session: Session, reference: str, case_id: int | None = None) -> None:
    """A reference must have the shape of one and belong to no other case."""
    if not re.fullmatch(REFERENCE_PATTERN, reference):
        raise ValidationError(
            "Nothing was saved:", [("reference", f"is not a case reference: {REFERENCE_RULE}")]
        )
    if reference in _references(session, reference, case_id):
        raise ValidationError(
            "Nothing was saved:", [("reference", f"{reference} is already used by another case")]
        )


def change_reference(db: Database, case_id: int, reference: str, reason: str) -> Case:
    """Give a saved case another reference, deliberately: the reason is required and kept in
    the audit trail with the old and new references. Documents already made keep the old one."""
    new = " ".join(str(reference or "").split())
    why = str(reason or "").strip()
    problems = []
    if not new:
        problems.append(("reference", "is required"))
    elif len(new) > MAX_REFERENCE:
        problems.append(("reference", f"is too long ({MAX_REFERENCE} characters at most)"))
    elif not re.fullmatch(REFERENCE_PATTERN, new):  # the one shape of a reference
        problems.append(("reference", f"is not a case reference: {REFERENCE_RULE}"))
    if not why:
        problems.append(("reason", "is required: it is kept in the case's history"))
    if problems:
        raise ValidationError("The reference was not changed:", problems)
    with db.session() as session:
        case = records.get_in(session, Case, case_id)
        old = case.reference
        if new == old:
            raise ValidationError(
                "The reference was not changed:", [("reference", f"is already {old}")]
            )
        check_reference(session, new, case_id)
        case.reference = new
        audit.record(
            session,
            audit.AuditEvent(
                "change_reference", "case", str(case.id), case.id,
                {"from": old, "to": new, "reason": why},
            ),
        )  # fmt: skip
        session.flush()
        return case


def new_dhr(
    db: Database,
    notification: dict[str, Any],
    victim: dict[str, Any] | None = None,
    perpetrator: dict[str, Any] | None = None,
) -> Case:
    """Open a DHR from the police notification (step 1), with the victim and suspect if known."""
    values = {"kind": CaseKind.DHR, **notification}
    if not str(values.get("title") or "").strip():
        values.pop("title", None)  # a working title is made from the reference below
    with db.session() as session:
        clean = validated(Case, values, new=False)
        problems = []
        if clean.get("notification_received_on") is None:
            problems.append(("notification_received_on", "is required"))
        if not clean.get("notified_by"):
            problems.append(("notified_by", "is required"))
        received = clean.get("notification_received_on")
        if problems:
            raise ValidationError("Nothing was saved:", problems)
        assert received is not None
        reference = clean.get("reference") or next_reference(session, CaseKind.DHR, received.year)
        check_reference(session, reference)
        clean["reference"] = reference
        clean["title"] = clean.get("title") or f"{reference} (victim pseudonym to be agreed)"
        case = Case(**clean)
        records.check(session, case)
        session.add(case)
        session.flush()
        for person, role in ((victim, PersonRole.VICTIM), (perpetrator, PersonRole.PERPETRATOR)):
            if person and person.get("real_name"):
                records.add_in(session, Person, case.id, {"role": role, **person})
        session.add(Milestone(case_id=case.id, step="notification", occurred_on=received))
        case.stage = "notification"
        session.flush()
        return case


def new_trigger(
    db: Database,
    application: dict[str, Any],
    applicant: dict[str, Any],
    victim: dict[str, Any] | None = None,
    reference: str | None = None,
) -> Case:
    """Open a Community Trigger from an application. Anonymous applications are not accepted."""
    with db.session() as session:
        if not (applicant or {}).get("real_name", "").strip():
            raise ValidationError(
                "Nothing was saved:",
                [("applicant", "is required: the guidance does not allow anonymous applications")],
            )
        app_values = validated(TriggerApplication, application, new=False)
        problems = []
        if app_values.get("received_on") is None:
            problems.append(("received_on", "is required"))
        if app_values.get("channel") is None:
            problems.append(("channel", "is required"))
        if app_values.get("on_behalf_of_victim") and not app_values.get("consent_obtained_on"):
            problems.append(
                ("consent_obtained_on", "is required when applying on the victim's behalf")
            )
        if problems:
            raise ValidationError("Nothing was saved:", problems)
        received = app_values["received_on"]
        reference = reference or next_reference(session, CaseKind.COMMUNITY_TRIGGER, received.year)
        check_reference(session, reference)
        case = Case(reference=reference, kind=CaseKind.COMMUNITY_TRIGGER, title=reference)
        records.check(session, case)
        session.add(case)
        session.flush()
        applicant_person = records.add_in(
            session, Person, case.id, {"role": PersonRole.APPLICANT, **applicant}
        )
        victim_person = applicant_person
        if victim and victim.get("real_name"):
            victim_person = records.add_in(
                session, Person, case.id, {"role": PersonRole.VICTIM, **victim}
            )
        app = TriggerApplication(
            case_id=case.id,
            applicant_id=applicant_person.id,
            victim_id=victim_person.id,
            **app_values,
        )
        session.add(app)
        records.check(session, app)
        session.add(Milestone(case_id=case.id, step="application", occurred_on=received))
        case.stage = "application"
        session.flush()
        return case


def id_of(db: Database, reference: str) -> int:
    """The id of the case with this reference (the command line names cases by reference)."""
    with db.reading() as session:
        return records.case_by_reference(session, reference.strip()).id


def get(db: Database, case_id: int) -> Case:
    """The case's own fields (its lists are loaded by the workspace's ``children``)."""
    with db.reading() as session:
        return records.get_in(session, Case, case_id)


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    kind: str
    title: str
    stage: str
    opened_on: dt.date | None
    decision_on: dt.date | None
    closed_on: dt.date | None
    paused: bool
    # Checked out to a laptop: on the server, who holds it ("j.smith"); on the laptop, the
    # server it came from. Empty when the case is not travelling.
    checked_out: str = ""

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
        return out


def list_cases(
    db: Database, kind: CaseKind | None = None, search: str | None = None
) -> list[CaseSummary]:
    """Every case with its key dates, newest first (one query, whatever the number of cases)."""
    opened = (
        select(Milestone.case_id, func.min(Milestone.occurred_on).label("opened"))
        .where(Milestone.step.in_(("notification", "application")))
        .group_by(Milestone.case_id)
        .subquery()
    )
    decided = (
        select(Milestone.case_id, func.min(Milestone.occurred_on).label("decided"))
        .where(Milestone.step.in_(("decision", "threshold_decision")))
        .group_by(Milestone.case_id)
        .subquery()
    )
    paused = (
        select(Pause.case_id, func.count(Pause.id).label("open_pauses"))
        .where(Pause.resumed_on.is_(None))
        .group_by(Pause.case_id)
        .subquery()
    )
    stmt = (
        select(
            Case.id,
            Case.reference,
            Case.kind,
            Case.title,
            Case.stage,
            Case.closed_on,
            opened.c.opened,
            decided.c.decided,
            paused.c.open_pauses,
            CaseHold.held_by,
            CheckedOutCopy.server,
        )
        .outerjoin(opened, opened.c.case_id == Case.id)
        .outerjoin(CaseHold, CaseHold.case_id == Case.id)
        .outerjoin(CheckedOutCopy, CheckedOutCopy.case_id == Case.id)
        .outerjoin(decided, decided.c.case_id == Case.id)
        .outerjoin(paused, paused.c.case_id == Case.id)
        .order_by(Case.id.desc())
    )
    if kind is not None:
        stmt = stmt.where(Case.kind == kind)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(Case.reference.ilike(like) | Case.title.ilike(like))
    with db.reading() as session:
        return [
            CaseSummary(
                id=row.id,
                reference=row.reference,
                kind=row.kind.value,
                title=row.title,
                stage=row.stage,
                opened_on=row.opened,
                decision_on=row.decided,
                closed_on=row.closed_on,
                paused=bool(row.open_pauses),
                checked_out=row.held_by or (f"from {_host(row.server)}" if row.server else ""),
            )
            for row in session.execute(stmt)
        ]


def _host(server: str) -> str:
    """The server's name in a server address (``db.example.org`` of ``postgresql://…``)."""
    after = server.split("@", 1)[-1]
    return after.split("/", 1)[0].split(":", 1)[0] or server


def next_steps(db: Database, as_of: dt.date | None = None) -> dict[int, NextStep]:
    """The next thing to do on every case and when it is due, by case id: a fixed handful of
    queries, whatever the number of cases (see :mod:`dhr_desk.workflow.outlook`)."""
    with db.reading() as session:
        return workflow.next_steps(session, as_of)


def next_step(db: Database, case_id: int, as_of: dt.date | None = None) -> NextStep:
    """The next thing to do on one case and when it is due."""
    with db.reading() as session:
        found = workflow.next_steps(session, as_of, [case_id])
        if case_id not in found:
            records.get_in(session, Case, case_id)  # says plainly that the case is gone
        return found[case_id]
