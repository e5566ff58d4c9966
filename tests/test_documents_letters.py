"""Letters to residents: refused while their facts do not exist, addressed to a postal address,
and the actions agreed told in the letter's own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from documents_cases import make_cases
from documents_reading import pdf_pages
from sqlalchemy import func, select

from dhr_desk import records
from dhr_desk.documents import GenerationRequest, build_only, generate
from dhr_desk.documents.context import BuildProblem
from dhr_desk.documents.model import Orientation, Paragraph, Table
from dhr_desk.domain import (
    Decision,
    DecisionKind,
    DecisionOutcome,
    Edition,
    GeneratedDocument,
    Meeting,
    TriggerApplication,
)
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)


def _refused(db: Database, ref: str, tmp_path: Path) -> str:
    out = tmp_path / "outcome.pdf"
    with pytest.raises(BuildProblem) as info:
        generate(db, GenerationRequest("ct_outcome_letter", out, ref, "pdf", today=TODAY))
    assert not out.exists()
    with db.session() as session:
        assert session.scalar(select(func.count(GeneratedDocument.id))) == 0
    return str(info.value)


def test_no_outcome_letter_before_the_case_review_meeting_is_held(
    db: Database, tmp_path: Path
) -> None:
    fixture = make_cases(db, 3)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.ct)
        meeting_id = case.meetings[0].id
    records.update(db, Meeting, meeting_id, {"status": "planned"})
    message = _refused(db, fixture.ct, tmp_path)
    assert "case review meeting" in message and "has not been held yet" in message


def test_no_outcome_letter_when_the_threshold_was_not_met(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 3)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.ct)
        threshold = next(d for d in case.decisions if d.kind == DecisionKind.THRESHOLD)
        threshold.outcome = DecisionOutcome.NOT_MET
        for meeting in list(case.meetings):
            session.delete(meeting)
    message = _refused(db, fixture.ct, tmp_path)
    assert "was not met" in message and "ct_threshold_not_met" in message


def test_no_outcome_letter_before_the_threshold_is_decided(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 3)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.ct)
        for found in session.scalars(select(Decision).where(Decision.case_id == case.id)):
            if found.kind == DecisionKind.THRESHOLD:
                session.delete(found)
    message = _refused(db, fixture.ct, tmp_path)
    assert "threshold decision" in message and "not recorded" in message


def test_the_outcome_letter_tells_the_resident_what_happens_next(
    db: Database, tmp_path: Path
) -> None:
    fixture = make_cases(db, 3)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.ct)
        app_id = case.application.id
    records.update(
        db, TriggerApplication, app_id, {"single_point_of_contact": "Sam Okoro, ASB Officer"}
    )
    doc = build_only(db, "ct_outcome_letter", fixture.ct, Edition.FULL, TODAY)
    address = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "address"]
    assert address[:3] == ["Aisha Rahman", "7 Mill Lane", "EF2 9LP"], "a line per address line"
    assert not any(isinstance(b, Table | Orientation) for b in doc.blocks), "no 7-column plan"
    words = " ".join(doc.texts())
    assert "Scope" not in words and "local / regional / national" not in words
    assert "Police and council visit number 9." in words
    assert "by 15 July 2025" in words
    assert "Your single point of contact is Sam Okoro, ASB Officer." in words
    assert "The agencies met on 1 July 2025" in words

    out = tmp_path / "outcome.pdf"
    generate(db, GenerationRequest("ct_outcome_letter", out, fixture.ct, "pdf", today=TODAY))
    pages = pdf_pages(out)
    assert len(pages) == 1, "a one-page letter, portrait"
    text = " ".join(" ".join(pages).split())
    assert "What will happen now" in text and "Sam Okoro" in text


def test_a_letter_says_when_the_postal_address_is_missing(db: Database) -> None:
    fixture = make_cases(db, 3)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.ct)
        case.application.victim.address = ""
    doc = build_only(db, "ct_acknowledgement", fixture.ct, Edition.FULL, TODAY)
    address = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "address"]
    assert address[:2] == ["Aisha Rahman", "[Postal address not recorded]"]
