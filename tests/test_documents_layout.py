"""What a QA Panel member turns to first: bookmarks that open the right page, the cover and
contents pages, the running header, one style of date, real plurals, the action plan grouped
by recommendation and the summary chronology of key events."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from documents_cases import Fixture, case_database
from documents_reading import docx_document, docx_parts_text, pdf_pages, pdf_reader
from store_support import MemoryKeyring

from dhr_desk.documents import GenerationRequest, build_only, document_kinds, generate
from dhr_desk.documents.model import Cover, Heading, Narrative, Paragraph, Table
from dhr_desk.domain import CaseKind, Edition
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)
ENTRIES = 60


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Fixture]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db, fixture = case_database(tmp_path_factory.mktemp("layout") / "data", ENTRIES)
    yield db, fixture
    db.close()
    keyring.set_keyring(previous)


def _reference(kind_code: str, fixture: Fixture) -> str:
    kind = next(k for k in document_kinds() if k.code == kind_code)
    if kind.case_kind is None:
        return "ALL"
    return fixture.dhr if kind.case_kind == CaseKind.DHR else fixture.ct


def _make(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str, fmt: str, **options: object
) -> Path:
    db, fixture = cases_db
    out = tmp_path / f"{kind}.{fmt}"
    generate(
        db,
        GenerationRequest(
            kind=kind,
            output=out,
            reference=_reference(kind, fixture),
            file_format=fmt,
            today=TODAY,
            **options,  # type: ignore[arg-type]
        ),
    )
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outline_pages(path: Path) -> list[tuple[str, int]]:
    """Every bookmark with the (1-based) page it opens."""
    reader = pdf_reader(path)
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


@pytest.mark.parametrize(
    "kind", ["overview_report", "executive_summary", "terms_of_reference", "imr_template"]
)
@pytest.mark.parametrize("edition", [Edition.FULL, Edition.PUBLISHED])
def test_every_bookmark_opens_the_page_of_its_heading(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str, edition: Edition
) -> None:
    path = _make(cases_db, tmp_path, kind, "pdf", edition=edition)
    pages = [_flat(text) for text in pdf_pages(path)]
    marks = _outline_pages(path)
    assert len(marks) >= 9
    assert len({page for _, page in marks}) > 1, "the headings are on several pages"
    for title, page in marks:
        assert _flat(title) in pages[page - 1], f"'{title}' is not on page {page}"
    in_order = [page for _, page in marks]
    assert in_order == sorted(in_order), "bookmarks follow the pages"


_LONG_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}\b"
)
_SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")
# Documents whose facts the fixture does not hold (refused), and the board report.
_SKIP = {"ct_threshold_not_met"}


def _texts(block: object) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, Narrative):
        return [block.prompt]
    if isinstance(block, Cover):
        return [block.review, block.title, block.about, *(v for _, v in block.facts)]
    return []


@pytest.mark.parametrize("edition", [Edition.FULL, Edition.PUBLISHED])
def test_one_date_style_tables_short_and_text_long(
    cases_db: tuple[Database, Fixture], edition: Edition
) -> None:
    db, fixture = cases_db
    checked_cells = checked_text = 0
    for kind in document_kinds():
        if kind.code in _SKIP:
            continue
        doc = build_only(db, kind.code, _reference(kind.code, fixture), edition, TODAY)
        for block in doc.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        assert not _LONG_DATE.search(cell), f"{kind.code} table cell: {cell!r}"
                        checked_cells += bool(_SHORT_DATE.search(cell))
                continue
            for text in _texts(block):
                assert not _SHORT_DATE.search(text), f"{kind.code} text: {text!r}"
                checked_text += bool(_LONG_DATE.search(text))
    assert checked_cells > 100 and checked_text > 30


def test_counts_are_written_with_real_plurals(cases_db: tuple[Database, Fixture]) -> None:
    db, fixture = cases_db
    for kind in document_kinds():
        if kind.code in _SKIP:
            continue
        doc = build_only(db, kind.code, _reference(kind.code, fixture), Edition.FULL, TODAY)
        for text in doc.texts():
            assert "(s)" not in text, f"{kind.code}: {text!r}"
    summary = build_only(db, "executive_summary", fixture.dhr, Edition.FULL, TODAY)
    assert any("The panel met once." in t for t in summary.texts())
    board = build_only(db, "board_report", "ALL", Edition.FULL, TODAY)
    assert any(
        "1 open DHR review and 1 open ASB Case Review (Community Trigger) case" in t
        for t in board.texts()
    )


def test_the_header_names_the_review_once(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    _, fixture = cases_db
    for fmt in ("pdf", "docx"):
        path = _make(cases_db, tmp_path, "overview_report", fmt)
        pdf = fmt == "pdf"
        text = " ".join(pdf_pages(path)) if pdf else docx_parts_text(path.read_bytes())
        assert f"DHR {fixture.dhr}" not in text
        assert fixture.dhr in text
        assert "Review DHR-2025-001 — Hannah" not in text


@pytest.mark.parametrize("kind", ["overview_report", "executive_summary"])
def test_reports_open_with_a_cover_and_a_contents_page(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str
) -> None:
    title = "Overview report" if kind == "overview_report" else "Executive summary"
    pdf = _make(cases_db, tmp_path, kind, "pdf")
    pages = [_flat(t) for t in pdf_pages(pdf)]
    cover = pages[0]
    contents = " ".join(
        pdf_reader(pdf).pages[1].extract_text(extraction_mode="layout").replace(".", " ").split()
    )
    for words in (
        "Domestic Homicide Review",
        title,
        "A report into the death of Hannah",
        "Partnership Safer Eastfield Partnership",
        "Author Dr Alison Reyes",
        "Date 1 August 2025",
        "Version 1 (draft)",
    ):
        assert words in cover, words
    assert "Contents" in contents
    # Every heading is in the contents with the page its bookmark opens.
    for heading, page in _outline_pages(pdf):
        words = " ".join(heading.replace(".", " ").split())
        assert re.search(rf"{re.escape(words)} {page}\b", contents), (heading, page)

    word = _make(cases_db, tmp_path, kind, "docx")
    document = docx_document(word)
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[:3] == ["Domestic Homicide Review", title, "A report into the death of Hannah"]
    assert "Contents" in texts
    body = document.element.body.xml
    assert "PAGEREF _Toc_h0" in body and 'w:anchor="_Toc_h0"' in body
    assert 'w:name="_Toc_h0"' in body, "the first heading carries the bookmark"


def test_the_action_plan_gives_each_recommendation_once(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    word = docx_document(_make(cases_db, tmp_path, "action_plan", "docx"))
    rows = word.tables[0].rows
    first = rows[1]._tr.xml
    second = rows[2]._tr.xml
    assert 'w:vMerge w:val="restart"' in first
    assert "<w:vMerge/>" in second and "Eastshire Police to audit" not in second
    text = _flat(" ".join(pdf_pages(_make(cases_db, tmp_path, "action_plan", "pdf"))))
    assert text.count("Eastshire Police to audit DASH") == 1
    assert "Train call handlers to flag repeat callers" in text


def test_the_summary_chronology_holds_the_key_events_only(
    cases_db: tuple[Database, Fixture],
) -> None:
    db, fixture = cases_db
    doc = build_only(db, "executive_summary", fixture.dhr, Edition.FULL, TODAY)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    chronology = next(t for t in tables if t.rows[0][:3] == ("Date", "Agency", "Event"))
    events = [row[2] for row in chronology.rows[1:]]
    assert events and all(e.startswith("Entry ") for e in events)
    numbers = [int(e.split(":")[0].split()[1]) for e in events]
    assert sorted(numbers) == [i for i in range(ENTRIES) if i % 10 == 3]
    assert any("The 6 key events of the combined chronology" in t for t in doc.texts())


def _rows_per_page(rows: int) -> list[int]:
    """How many body rows of a one-table document fall on each PDF page."""
    from dhr_desk.documents.model import Document, Markings
    from dhr_desk.documents.pdf_render import render_pdf

    doc = Document("Rows", "", "Test", "test")
    doc.table(("Row", "Text"), [(f"R{i:04d}", "words " * 12) for i in range(rows)], (1, 5))
    marks = Markings("OFFICIAL", "DHR", "DHR-2025-001", 1, TODAY, False)
    data = render_pdf(doc, marks)
    from io import BytesIO

    from pypdf import PdfReader

    pages = PdfReader(BytesIO(data)).pages
    return [len(re.findall(r"R\d{4}", page.extract_text())) for page in pages]


def test_a_pdf_table_never_leaves_its_last_row_alone_on_a_page() -> None:
    first_page = _rows_per_page(200)[0]
    counts = _rows_per_page(first_page + 1)
    assert counts == [first_page - 1, 2], "the last row takes the one before it along"
    assert _rows_per_page(first_page) == [first_page]


def test_a_sentence_that_introduces_a_table_stays_with_it(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    document = docx_document(_make(cases_db, tmp_path, "overview_report", "docx"))
    intro = next(p for p in document.paragraphs if p.text.startswith("The statutory and local"))
    assert intro.paragraph_format.keep_with_next
