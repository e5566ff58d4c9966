"""Every document kind in Word and PDF: opens, headings in order, tables complete, marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from documents_cases import Fixture, case_database
from documents_reading import (
    docx_document,
    docx_headings,
    docx_parts_text,
    pdf_outline,
    pdf_pages,
    pdf_reader,
)
from store_support import MemoryKeyring

from dhr_desk.documents import GenerationRequest, document_kinds, generate
from dhr_desk.documents.builders.overview import OVERVIEW_HEADINGS
from dhr_desk.documents.builders.reports import EXECUTIVE_SUMMARY_HEADINGS
from dhr_desk.domain import CaseKind, Edition
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)
ENTRIES = 120


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Fixture]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db, fixture = case_database(tmp_path_factory.mktemp("render") / "data", ENTRIES)
    yield db, fixture
    db.close()
    keyring.set_keyring(previous)


def reference_for(kind_code: str, fixture: Fixture) -> str:
    kind = next(k for k in document_kinds() if k.code == kind_code)
    if kind.case_kind is None:
        return "ALL"
    return fixture.dhr if kind.case_kind == CaseKind.DHR else fixture.ct


def make(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str, fmt: str, **options: object
) -> Path:
    db, fixture = cases_db
    out = tmp_path / f"{kind}.{fmt}"
    generate(
        db,
        GenerationRequest(
            kind=kind,
            output=out,
            reference=reference_for(kind, fixture),
            file_format=fmt,
            today=TODAY,
            **options,  # type: ignore[arg-type]
        ),
    )
    return out


# ct_threshold_not_met is refused for the fixture (its threshold is met): tested apart.
KINDS = [k.code for k in document_kinds() if k.code != "ct_threshold_not_met"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_opens_in_word_with_markings_in_header_and_footer(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str
) -> None:
    path = make(cases_db, tmp_path, kind, "docx")
    document = docx_document(path)
    assert document.paragraphs, "the document has a body"
    section = document.sections[0]
    header_xml = section.header._element.xml
    footer_xml = section.footer._element.xml
    assert "OFFICIAL-SENSITIVE" in header_xml
    assert "OFFICIAL-SENSITIVE" in footer_xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert "DRAFT" in header_xml  # the watermark on a draft
    label = "Board report" if kind == "board_report" else ("DHR" if "ct_" not in kind else "")
    assert label in header_xml
    if kind != "board_report":
        ref = cases_db[1].dhr if not kind.startswith("ct_") else cases_db[1].ct
        assert ref in header_xml and ref in footer_xml
    assert document.core_properties.author == "Safer Eastfield Partnership"
    assert document.core_properties.title


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_opens_as_pdf_and_every_page_is_marked(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str
) -> None:
    path = make(cases_db, tmp_path, kind, "pdf")
    assert path.read_bytes().startswith(b"%PDF-1.7\n")
    pages = pdf_pages(path)
    total = len(pages)
    assert total >= 1
    for number, text in enumerate(pages, 1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {number}: header and footer"
        assert f"Page {number} of {total}" in text
        assert "DRAFT" in text
        assert "Version 1" in text
    reader = pdf_reader(path)
    meta = reader.metadata
    assert meta is not None
    assert meta.title and meta.author == "Safer Eastfield Partnership" and meta.subject


def test_fonts_are_embedded_from_resources(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    reader = pdf_reader(make(cases_db, tmp_path, "overview_report", "pdf"))
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and "/FontFile2" in (
                descriptor.get_object()
            )
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVu" in str(name) for name in fonts)


def test_overview_report_headings_come_in_the_home_office_order(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    docx_path = make(cases_db, tmp_path, "overview_report", "docx")
    top = [text for style, text in docx_headings(docx_path) if style == "Heading 1"]
    assert top == list(OVERVIEW_HEADINGS)
    pdf_path = make(cases_db, tmp_path, "overview_report", "pdf")
    outline = pdf_outline(pdf_path)
    positions = [outline.index(h) for h in OVERVIEW_HEADINGS]
    assert positions == sorted(positions), "bookmarks in the same order as the headings"
    # The lines of enquiry are second-level headings of 16 Analysis.
    assert "Coercive control and economic abuse" in outline


def test_executive_summary_headings_in_order(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    path = make(cases_db, tmp_path, "executive_summary", "docx")
    top = [text for style, text in docx_headings(path) if style == "Heading 1"]
    assert top == list(EXECUTIVE_SUMMARY_HEADINGS)


def test_combined_chronology_is_complete_landscape_and_repeats_its_header(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    docx_path = make(cases_db, tmp_path, "combined_chronology", "docx")
    document = docx_document(docx_path)
    table = document.tables[0]
    assert len(table.rows) == ENTRIES + 1
    assert [c.text for c in table.rows[0].cells] == [
        "Date",
        "Time",
        "Agency",
        "Source of information",
        "Event",
        "Action / decision",
        "Comment / analysis",
    ]
    assert (
        table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )
    dates = [dt.datetime.strptime(r.cells[0].text, "%d/%m/%Y").date() for r in table.rows[1:]]
    assert dates == sorted(dates), "merged in date order"
    section = document.sections[0]
    assert section.page_width > section.page_height

    pdf_path = make(cases_db, tmp_path, "combined_chronology", "pdf")
    pages = [" ".join(text.split()) for text in pdf_pages(pdf_path)]
    assert len(pages) > 1
    for text in pages:
        assert "Source of information" in text, "the header row repeats on every page"
    everything = "\n".join(pages)
    for i in range(ENTRIES):
        assert f"Entry {i}:" in everything
    box = pdf_reader(pdf_path).pages[0].mediabox
    assert box.width > box.height


def test_action_plan_has_the_home_office_columns(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    document = docx_document(make(cases_db, tmp_path, "action_plan", "docx"))
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == [
        "Recommendation",
        "Scope (local / regional / national)",
        "Action to take",
        "Lead agency",
        "Key milestones achieved in enacting recommendation",
        "Target date",
        "Date of completion and outcome",
    ]
    body = [[c.text for c in row.cells] for row in document.tables[0].rows[1:]]
    assert body[0][0].startswith("1. Eastshire Police") and body[0][2] == "Audit 100 DASH forms"
    assert body[1][2] == "Train call handlers to flag repeat callers"
    assert body[2][0].startswith("2. GP practices") and body[2][2] == "[Action to be agreed]"


def test_final_version_has_no_draft_watermark(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    pdf = make(cases_db, tmp_path, "terms_of_reference", "pdf", final=True)
    assert all("DRAFT" not in text for text in pdf_pages(pdf))
    word = make(cases_db, tmp_path, "terms_of_reference", "docx", final=True)
    assert "DRAFT" not in docx_parts_text(word.read_bytes())


def test_narrative_places_are_marked_for_the_author(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    document = docx_document(make(cases_db, tmp_path, "overview_report", "docx"))
    marked = [p for p in document.paragraphs if p.style.name == "Narrative Placeholder"]
    assert len(marked) >= 10
    assert all(p.text.startswith("Author to write:") for p in marked)


def test_threshold_letter_quotes_the_reasons_of_the_threshold_test(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    text = " ".join(
        "\n".join(pdf_pages(make(cases_db, tmp_path, "ct_threshold_met", "pdf"))).split()
    )
    assert "threshold for a case review has been met" in text
    assert "complaints" in text.lower()


def test_the_other_threshold_letter_is_refused_with_a_plain_reason(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    from dhr_desk.documents.context import BuildProblem

    with pytest.raises(BuildProblem, match="generate ct_threshold_met instead"):
        make(cases_db, tmp_path, "ct_threshold_not_met", "pdf")
    assert not (tmp_path / "ct_threshold_not_met.pdf").exists()


def test_label_setting_dardr_is_shown_on_every_page(tmp_path: Path, db: Database) -> None:
    from documents_cases import make_cases

    from dhr_desk.records import settings

    fixture = make_cases(db, 5)
    settings.set_many(db, {"dhr_label": "DARDR", "protective_marking": "OFFICIAL"})
    out = tmp_path / "tor.pdf"
    generate(db, GenerationRequest("terms_of_reference", out, fixture.dhr, "pdf", today=TODAY))
    for text in pdf_pages(out):
        assert f"DARDR {fixture.dhr}" in text
        assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    assert "Domestic Abuse Related Death Review" in "\n".join(pdf_pages(out))


def test_board_report_lists_every_open_case(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    db, fixture = cases_db
    document = docx_document(make(cases_db, tmp_path, "board_report", "docx"))
    refs = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert fixture.dhr in refs and fixture.ct in refs
    assert Edition.FULL.value  # the board report is made from titles, never real names
