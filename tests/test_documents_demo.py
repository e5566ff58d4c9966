"""The demo cases, every document kind, published edition: no real name of anyone recorded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from documents_reading import docx_parts_text, pdf_pages
from sqlalchemy import select

from dhr_desk.documents import GenerationRequest, document_kinds, generate
from dhr_desk.documents.context import BuildProblem
from dhr_desk.domain import Case, Edition, PanelMember, Person
from dhr_desk.services.demo import load_demo
from dhr_desk.storage.database import Database


def _real_names(db: Database) -> list[str]:
    """Whole names and surnames of every person and panel member of the demo cases."""
    with db.session() as session:
        names = [p.real_name for p in session.scalars(select(Person))]
        names += [m.name for m in session.scalars(select(PanelMember))]
    out: set[str] = set()
    for name in names:
        words = [w for w in name.split() if w[0].isupper() and w.isalpha()]
        if len(words) >= 2:
            out.add(" ".join(words[-2:]))
            out.add(words[-1])
    return sorted(out)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_demo_cases_published_without_a_real_name(db: Database, tmp_path: Path, fmt: str) -> None:
    references = load_demo(db)
    names = _real_names(db)
    assert len(names) > 10
    with db.session() as session:
        kinds = {c.reference: c.kind for c in session.scalars(select(Case))}
    made = 0
    for reference in [*references, "ALL"]:
        for kind in document_kinds():
            wanted = None if reference == "ALL" else kinds[reference]
            if kind.case_kind != wanted:
                continue
            out = tmp_path / f"{reference}-{kind.code}.{fmt}"
            try:
                generate(db, GenerationRequest(kind.code, out, reference, fmt, Edition.PUBLISHED))
            except BuildProblem:
                assert not out.exists()  # e.g. minutes of a case with no meeting yet
                continue
            made += 1
            raw = docx_parts_text(out.read_bytes()) if fmt == "docx" else "\n".join(pdf_pages(out))
            text = " ".join(raw.split())
            shown = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text)]
            assert shown == [], f"{kind.code} of {reference} shows {shown}"
    assert made >= 40
