"""The combined chronology counts its entries and agencies with the noun each count needs."""

from __future__ import annotations

from dhr_desk.documents.generate import build_only
from dhr_desk.documents.model import Paragraph
from dhr_desk.domain import ChronologyEntry
from dhr_desk.services import cases, workspace
from dhr_desk.storage.database import Database


def paragraphs(doc: object) -> str:
    return " ".join(
        "".join(run.text for run in block.runs)
        for block in doc.blocks  # type: ignore[attr-defined]
        if isinstance(block, Paragraph)
    )


def test_the_combined_chronology_counts_one_agency_and_one_entry_in_the_singular(
    db: Database,
) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "DI K"})
    entry = {"occurred_on": "2024-06-01", "source": "Police log", "event": "Call to the home"}
    workspace.save(db, ChronologyEntry, case.id, None, {**entry, "agency": "Example Police"})
    text = paragraphs(build_only(db, "combined_chronology", case.reference))
    assert "1 entry from 1 agency, merged in date order" in text
    workspace.save(db, ChronologyEntry, case.id, None, {**entry, "event": "A second call"})
    text = paragraphs(build_only(db, "combined_chronology", case.reference))
    assert "2 entries from 1 agency" in text and "agencies" not in text
