"""Helpers for the tests of the statutory changes: a DHR brought to sign-off, a Community
Trigger with its threshold decided, and the words of a built document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clocks_support import case_in, open_dhr, open_trigger

from dhr_desk import records
from dhr_desk.documents.generate import build_only
from dhr_desk.documents.model import Document, Heading, Narrative, Paragraph, Table
from dhr_desk.domain import Complaint, Decision, DecisionKind
from dhr_desk.storage.database import Database
from dhr_desk.workflow import record_step

D = dt.date
SIGN_OFF_STEPS = (
    ("decision", "2025-02-20"),
    ("chair_appointed", "2025-03-03"),
    ("tor_agreed", "2025-03-31"),
    ("draft_completed", "2025-06-30"),
    ("panel_sign_off", "2025-07-14"),
    ("csp_sign_off", "2025-07-28"),
)


def dhr_signed_off(db: Database, upto: str = "csp_sign_off") -> str:
    """A DHR notified on 31 January 2025 with every step to ``upto`` recorded."""
    ref = open_dhr(db, "2025-01-31")
    with db.session() as s:
        case = case_in(s, ref)
        for step, day in SIGN_OFF_STEPS:
            record_step(s, case, step, day)
            if step == upto:
                break
    return ref


def qa_letter(db: Database, ref: str, day: str, outcome: str, feedback: str = "") -> None:
    with db.session() as s:
        case = case_in(s, ref)
        earlier = [d for d in case.decisions if d.kind == DecisionKind.QA]
        records.add_in(
            s,
            Decision,
            case.id,
            {
                "kind": "qa",
                "decided_on": day,
                "outcome": outcome,
                "rationale": feedback,
                "decided_by": "Home Office QA Panel",
                "number": len(earlier) + 1,
            },
        )


def trigger_decided(db: Database, outcome: str, received: str = "2025-05-01", **app: Any) -> str:
    """A Community Trigger received on ``received`` whose threshold was decided on 16 May 2025
    (recorded as a decision, as the threshold page would)."""
    ref = open_trigger(db, received, **app)
    with db.session() as s:
        records.add_in(
            s,
            Decision,
            case_in(s, ref).id,
            {"kind": "threshold", "decided_on": "2025-05-16", "outcome": outcome},
        )
    return ref


def complain(db: Database, ref: str, incident: str, reported: str, **extra: Any) -> None:
    with db.session() as s:
        records.add_in(
            s,
            Complaint,
            case_in(s, ref).id,
            {"incident_on": incident, "reported_on": reported, "reported_to": "Police", **extra},
        )


def words(doc: Document) -> str:
    """Every paragraph, heading, placeholder and table cell of a built document, one a line."""
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.append("".join(run.text for run in block.runs))
        elif isinstance(block, Heading):
            out.append(f"# {block.text}")
        elif isinstance(block, Narrative):
            out.append(f"[Author to write: {block.prompt}]")
        elif isinstance(block, Table):
            for row in block.rows:
                out.append(" | ".join(row))
    return "\n".join(out)


def built(db: Database, kind: str, ref: str, today: dt.date = D(2025, 12, 1)) -> str:
    return words(build_only(db, kind, ref, today=today))
