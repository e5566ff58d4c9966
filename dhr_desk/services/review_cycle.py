"""A DHR after sign-off: each submission to the Home Office QA Panel or the Domestic Abuse
Commissioner, the QA cycle round by round, each document published and when it comes down.

Each call is one committed unit of work; the records go through the clocks' save rules (a first
submission before the partnership's sign-off, or a publication the guidance forbids yet, is
refused with the reason).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from dhr_desk import records, workflow
from dhr_desk.domain import (
    Case,
    CaseKind,
    DeadlineRule,
    Publication,
    PublishedDocument,
    Submission,
    SubmissionRecipient,
)
from dhr_desk.errors import ValidationError
from dhr_desk.records.fields import FieldError, parse_enum
from dhr_desk.storage.database import Database
from dhr_desk.workflow import qa_cycle
from dhr_desk.workflow.deadline_rules import TAKE_DOWN
from dhr_desk.workflow.deadlines import take_down_on


def _dhr(session: Any, case_id: int) -> Case:
    case = records.get_in(session, Case, case_id)
    if case.kind != CaseKind.DHR:
        raise ValidationError(
            f"{case.reference} is {case.kind.with_article}: only a DHR is submitted to the Home "
            "Office and published."
        )
    return case


def _recipient(value: SubmissionRecipient | str) -> SubmissionRecipient:
    text = value.value if isinstance(value, SubmissionRecipient) else str(value)
    text = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"home_office": "home_office", "qa": "home_office", "commissioner": "commissioner"}
    try:
        found: SubmissionRecipient | None = parse_enum(SubmissionRecipient, aliases.get(text, text))
    except FieldError:
        found = None
    if found is None:
        raise ValidationError("Nothing was saved:", [("to", "is home_office or commissioner")])
    return found


def record_submission(
    db: Database,
    case_id: int,
    sent_on: dt.date | str,
    to: SubmissionRecipient | str = SubmissionRecipient.HOME_OFFICE,
    *,
    overview_report: bool = True,
    executive_summary: bool = True,
    action_plan: bool = True,
    other_documents: str = "",
    note: str = "",
) -> Submission:
    """Record that the report was sent on ``sent_on`` to the QA Panel or the Commissioner, and
    exactly what went."""
    with db.session() as session:
        case = _dhr(session, case_id)
        return records.add_in(
            session,
            Submission,
            case.id,
            {
                "sent_on": sent_on,
                "recipient": _recipient(to),
                "overview_report": overview_report,
                "executive_summary": executive_summary,
                "action_plan": action_plan,
                "other_documents": other_documents,
                "note": note,
            },
        )


@dataclass(frozen=True)
class RoundView:
    """One round of the QA cycle, for the app and the command line."""

    number: int
    sent_on: dt.date | None
    documents: list[str]
    to_commissioner: list[tuple[dt.date, list[str]]]
    qa_letter_on: dt.date | None
    outcome: str  # "" while the letter is awaited
    feedback: str
    resubmit_by: dt.date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "round": self.number,
            "sent_on": _iso(self.sent_on),
            "documents": self.documents,
            "to_commissioner": [
                {"sent_on": day.isoformat(), "documents": docs}
                for day, docs in self.to_commissioner
            ],
            "qa_letter_on": _iso(self.qa_letter_on),
            "outcome": self.outcome,
            "feedback": self.feedback,
            "resubmit_by": _iso(self.resubmit_by),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def qa_rounds(db: Database, case_id: int) -> list[RoundView]:
    """The Home Office QA cycle of a DHR, round by round (empty before the first submission)."""
    with db.session() as session:
        case = _dhr(session, case_id)
        return [
            RoundView(
                number=r.number,
                sent_on=r.sent_on,
                documents=r.sent.documents() if r.sent else [],
                to_commissioner=[(c.sent_on, c.documents()) for c in r.to_commissioner],
                qa_letter_on=r.letter.decided_on if r.letter else None,
                outcome=r.outcome.value if r.outcome else "",
                feedback=r.letter.rationale if r.letter else "",
                resubmit_by=r.resubmit_by,
            )
            for r in qa_cycle.qa_rounds(session, case)
        ]


def _document(value: PublishedDocument | str) -> PublishedDocument:
    try:
        found: PublishedDocument | None = parse_enum(PublishedDocument, value)
    except FieldError:
        found = None
    if found is None:
        known = ", ".join(d.value for d in PublishedDocument)
        raise ValidationError("Nothing was saved:", [("document", f"is one of: {known}")])
    return found


def record_publication(
    db: Database,
    case_id: int,
    document: PublishedDocument | str,
    published_on: dt.date | str,
    location: str = "",
    take_down: dt.date | str | None = None,
    note: str = "",
) -> Publication:
    """Record that a document was published on a day, where; ``take_down`` only when it is to
    come down on another day than the retention rule gives."""
    with db.session() as session:
        case = _dhr(session, case_id)
        return records.add_in(
            session,
            Publication,
            case.id,
            {
                "document": _document(document),
                "published_on": published_on,
                "location": location,
                "take_down_on": take_down,
                "note": note,
            },
        )


def record_take_down(
    db: Database, case_id: int, document: PublishedDocument | str, taken_down_on: dt.date | str
) -> Publication:
    """Record that a published document was taken down (the one still up)."""
    kind = _document(document)
    with db.session() as session:
        case = _dhr(session, case_id)
        still_up = [p for p in case.publications if p.document == kind and p.taken_down_on is None]
        if not still_up:
            raise ValidationError(
                f"{kind.noun[:1].upper()}{kind.noun[1:]} of {case.reference} is not recorded as "
                "published and still up."
            )
        return records.update_in(
            session, Publication, still_up[-1].id, {"taken_down_on": taken_down_on}
        )


@dataclass(frozen=True)
class PublicationView:
    id: int
    document: str
    document_label: str
    published_on: dt.date
    location: str
    take_down_on: dt.date | None  # its own date, else the retention rule's
    taken_down_on: dt.date | None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for key in ("published_on", "take_down_on", "taken_down_on"):
            out[key] = _iso(out[key])
        return out


def publications(db: Database, case_id: int) -> list[PublicationView]:
    """Every document published, with the day it is to come down."""
    with db.session() as session:
        case = _dhr(session, case_id)
        rule = session.scalar(select(DeadlineRule).where(DeadlineRule.code == TAKE_DOWN))
        calendar = workflow.calendar_for(session)
        return [
            PublicationView(
                id=p.id,
                document=p.document.value,
                document_label=p.document.label,
                published_on=p.published_on,
                location=p.location,
                take_down_on=take_down_on(p, rule, calendar),
                taken_down_on=p.taken_down_on,
            )
            for p in case.publications
        ]
