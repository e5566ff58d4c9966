"""What the council publishes, and letters to the public, are tagged PDFs a screen reader can
follow (PDF/UA-1): read back with pikepdf."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pikepdf
import pytest
from documents_cases import Fixture, case_database
from documents_reading import pdf_pages
from PIL import Image
from store_support import MemoryKeyring

from dhr_desk.documents import GenerationRequest, generate
from dhr_desk.domain import Edition
from dhr_desk.records import settings
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Fixture]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db, fixture = case_database(tmp_path_factory.mktemp("tagged") / "data", 30)
    yield db, fixture
    db.close()
    keyring.set_keyring(previous)


def logo_png(colour: tuple[int, int, int] = (31, 78, 121)) -> str:
    """A logo as Settings keeps it: a PNG, base64."""
    out = io.BytesIO()
    Image.new("RGB", (300, 120), colour).save(out, format="PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.fixture
def with_logo(cases_db: tuple[Database, Fixture]) -> Iterator[None]:
    """The partnership's logo chosen in Settings."""
    settings.set_many(cases_db[0], {"logo_png_base64": logo_png()})
    yield
    settings.set_many(cases_db[0], {"logo_png_base64": ""})


def _make(cases_db: tuple[Database, Fixture], out: Path, kind: str, **options: Any) -> Path:
    db, fixture = cases_db
    ref = fixture.ct if kind.startswith("ct_") else fixture.dhr
    generate(db, GenerationRequest(kind, out, ref, "pdf", today=TODAY, **options))
    return out


def _structure(node: Any, found: list[tuple[str, Any]]) -> None:
    """Every structure element under ``node``, in reading order: (tag, element)."""
    kids = node.get("/K")
    if kids is None:
        return
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append((str(kid["/S"]), kid))
            _structure(kid, found)


def _tags(pdf: pikepdf.Pdf) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    _structure(pdf.Root.StructTreeRoot, found)
    return found


def _assert_accessible(path: Path, password: str = "") -> list[tuple[str, str]]:
    """The PDF/UA essentials; returns every structure element as (tag, alternative text)."""
    with pikepdf.open(path, password=password) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "en-GB"
        assert bool(root.MarkInfo.Marked)
        assert "/StructTreeRoot" in root
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title")
        tags = _tags(pdf)
        levels = [int(tag[2]) for tag, _ in tags if tag in ("/H1", "/H2", "/H3")]
        assert not levels or levels[0] == 1, "the first heading is H1"
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"a heading skips from H{before} to H{after}"
        plain = [(tag, str(element.get("/Alt", ""))) for tag, element in tags]
    for tag, alt in plain:
        if tag == "/Figure":
            assert alt.strip(), "every figure has its alternative text"
    return plain


@pytest.mark.parametrize("kind", ["overview_report", "executive_summary", "action_plan"])
def test_the_published_edition_is_a_tagged_pdf(
    cases_db: tuple[Database, Fixture], tmp_path: Path, with_logo: None, kind: str
) -> None:
    path = _make(cases_db, tmp_path / f"{kind}.pdf", kind, edition=Edition.PUBLISHED)
    tags = _assert_accessible(path)
    names = [tag for tag, _ in tags]
    assert "/Table" in names and "/TD" in names
    assert names.count("/TH") >= 7, "the column headings are header cells"
    if kind != "action_plan":
        assert names.count("/H1") >= 10 and "/H2" in names
        assert "/TOC" in names, "the contents page is tagged as contents"
        figures = [alt for tag, alt in tags if tag == "/Figure"]
        assert figures[0] == "Safer Eastfield Partnership logo"
        if kind == "overview_report":  # the chronology's timeline, with its words
            assert len(figures) == 2 and figures[1].startswith("Timeline of 30 chronology")
        else:
            assert len(figures) == 1
    # Every page is numbered; a published edition carries no protective marking.
    pages = pdf_pages(path)
    for number, text in enumerate(pages, 1):
        assert "OFFICIAL-SENSITIVE" not in text and f"Page {number} of {len(pages)}" in text


def test_a_letter_to_the_public_is_tagged_and_stays_tagged_with_a_password(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    path = _make(
        cases_db, tmp_path / "outcome.pdf", "ct_outcome_letter", password="Larch-Tree-2025"
    )
    tags = _assert_accessible(path, "Larch-Tree-2025")
    assert "/L" in [tag for tag, _ in tags], "the actions agreed are a list"


def test_the_tagged_pdf_is_the_same_bytes_for_the_same_document(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    first = _make(cases_db, tmp_path / "a.pdf", "action_plan", edition=Edition.PUBLISHED)
    again = _make(cases_db, tmp_path / "b.pdf", "action_plan", edition=Edition.PUBLISHED)
    assert first.read_bytes() == again.read_bytes()


def test_cancelling_a_long_tagged_pdf_returns_at_once_and_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    import time

    from documents_cases import make_cases
    from sqlalchemy import func, select

    from dhr_desk import records
    from dhr_desk.documents import GenerationCancelled
    from dhr_desk.domain import ChronologyEntry, GeneratedDocument

    fixture = make_cases(db, 5)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.dhr)
        agency_id = case.case_agencies[0].agency_id
        for i in range(3000):
            session.add(
                ChronologyEntry(
                    case_id=case.id,
                    occurred_on=dt.date(2022, 1, 1) + dt.timedelta(days=i % 900),
                    agency_id=agency_id,
                    source="Police log",
                    event=f"Long entry {i} " * 5,
                )
            )
    out = tmp_path / "chronology.pdf"
    asked: list[float] = []

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Writing") and fraction > 0.25 and not asked:
            asked.append(time.monotonic())  # the layout has started

    def cancelled() -> bool:
        return bool(asked)

    request = GenerationRequest(
        "combined_chronology", out, fixture.dhr, "pdf", Edition.PUBLISHED, today=TODAY
    )
    with pytest.raises(GenerationCancelled):
        generate(db, request, progress, cancelled)
    assert time.monotonic() - asked[0] < 0.5, "stops within a fraction of a second"
    assert not out.exists()
    with db.session() as session:
        assert session.scalar(select(func.count(GeneratedDocument.id))) == 0
