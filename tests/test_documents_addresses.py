"""A published edition hides an address also where narrative names only the street."""

from __future__ import annotations

from pathlib import Path

import pypdf
from docx import Document as WordDocument

from dhr_desk.documents import GenerationRequest, generate
from dhr_desk.domain import Edition
from dhr_desk.services.demo import load_demo
from dhr_desk.storage.database import Database


def test_street_named_in_the_chronology_is_withheld_in_the_published_edition(
    db: Database, tmp_path: Path
) -> None:
    load_demo(db)
    # the demo victim lives at "27 Larkspur Close, …"; a chronology entry says the suspect was
    # bailed "not to enter Larkspur Close"
    pdf = generate(
        db,
        GenerationRequest(
            kind="combined_chronology",
            output=tmp_path / "c.pdf",
            reference="DHR-2025-003",
            edition=Edition.PUBLISHED,
        ),
    )
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf.path).pages)
    assert "Larkspur" not in text
    assert "an address in the area" in text
    full = generate(
        db,
        GenerationRequest(
            kind="combined_chronology",
            output=tmp_path / "c.docx",
            reference="DHR-2025-003",
            file_format="docx",
        ),
    )
    cells = [c.text for t in WordDocument(str(full.path)).tables for r in t.rows for c in r.cells]
    assert any("Larkspur Close" in c for c in cells)  # the panel's full edition keeps it
