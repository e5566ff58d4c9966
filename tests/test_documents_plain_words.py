"""Sentences in the documents read as a person would write them: counts agree with their nouns,
and the name of the review is not said twice before a reference that already carries it."""

from __future__ import annotations

from dhr_desk.documents.generate import build_only
from dhr_desk.documents.model import Paragraph, labelled
from dhr_desk.domain import ChronologyEntry
from dhr_desk.services import cases, workspace
from dhr_desk.storage.database import Database


def paragraphs(doc: object) -> list[str]:
    return [
        "".join(run.text for run in block.runs)
        for block in doc.blocks  # type: ignore[attr-defined]
        if isinstance(block, Paragraph)
    ]


def test_a_reference_carrying_the_reviews_name_is_not_given_it_twice() -> None:
    assert labelled("DHR", "DHR-2026-001") == "DHR-2026-001"
    assert labelled("DARDR", "DHR-2026-001") == "DARDR DHR-2026-001"
    assert labelled("Community Trigger", "CT-2026-004") == "Community Trigger CT-2026-004"


def test_the_combined_chronology_counts_one_agency_and_one_entry_in_the_singular(
    db: Database,
) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    entry = {"occurred_on": "2024-06-01", "source": "Police log", "event": "Call to the home"}
    workspace.save(db, ChronologyEntry, case.id, None, {**entry, "agency": "Example Police"})
    text = " ".join(paragraphs(build_only(db, "combined_chronology", case.reference)))
    assert "1 entry from 1 agency, merged in date order" in text
    workspace.save(db, ChronologyEntry, case.id, None, {**entry, "event": "A second call"})
    text = " ".join(paragraphs(build_only(db, "combined_chronology", case.reference)))
    assert "2 entries from 1 agency" in text and "agencies" not in text
