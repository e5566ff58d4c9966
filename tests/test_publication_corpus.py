"""No identifier survives into a published review: a case written the ways agency returns write
names, places, numbers and dates, checked in every published kind, PDF and Word, body, headers,
footers, tables, metadata and file names, as a recipient's software reads them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from documents_reading import docx_parts_text, pdf_outline, pdf_pages, pdf_reader
from publication_corpus import (
    EXPECTED_FINDINGS,
    ORDINARY,
    TODAY,
    make_corpus_case,
    survivors_in,
)
from store_support import MemoryKeyring, set_up

from dhr_desk.documents import GenerationRequest, document_kinds, generate
from dhr_desk.documents.editions import PublishedEditionLeak
from dhr_desk.documents.published import PublicationRefused
from dhr_desk.domain import CaseKind, Edition
from dhr_desk.services import cases, publication
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    folder = DataDir(tmp_path_factory.mktemp("corpus") / "data")
    set_up(folder)
    db = store.open_database(folder)
    reference = make_corpus_case(db)
    yield db, reference
    db.close()
    keyring.set_keyring(previous)


def everything(path: Path, fmt: str) -> str:
    """Every text of the file: pages (with their headers and footers), bookmarks and document
    properties for a PDF; every part of a Word file (body, headers, footers, properties)."""
    if fmt == "docx":
        return docx_parts_text(path.read_bytes())
    metadata = pdf_reader(path).metadata or {}
    return "\n".join([*pdf_pages(path), *pdf_outline(path), *(str(v) for v in metadata.values())])


def test_the_check_finds_exactly_what_the_register_cannot_settle(
    corpus: tuple[Database, str],
) -> None:
    db, reference = corpus
    result = publication.check(db, reference, today=TODAY)
    assert result.documents == ("Overview report", "Executive summary", "Action plan")
    assert {(f.kind, f.text) for f in result.findings} == EXPECTED_FINDINGS
    postcode = next(f for f in result.findings if f.kind == "postcode")
    assert postcode.where == "Overview report › 14 Chronology › table 1, row 11, Event"
    assert "EF4 2QT, e-mail" in postcode.context
    assert all(f.open and f.detail and f.key for f in result.findings)
    gate = {c.code: c.met for c in result.conditions}
    assert gate == {"findings": False, "qa": False, "family": False, "proceedings": True}


KINDS = [k.code for k in document_kinds(CaseKind.DHR)]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_registered_identifier_survives_in_a_published_edition(
    corpus: tuple[Database, str], tmp_path: Path, kind: str, fmt: str
) -> None:
    db, reference = corpus
    target = reference if kind != "board_report" else "ALL"
    out = tmp_path / f"{target} {kind} published.{fmt}"
    result = generate(db, GenerationRequest(kind, out, target, fmt, Edition.PUBLISHED, today=TODAY))
    text = everything(out, fmt)
    assert survivors_in(text) == []
    assert survivors_in(result.path.name) == []
    assert "OFFICIAL-SENSITIVE" not in text  # the protective marking is dropped
    assert "confidential until the report is approved" not in text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_ordinary_words_that_look_like_names_come_through(
    corpus: tuple[Database, str], tmp_path: Path, fmt: str
) -> None:
    db, reference = corpus
    out = tmp_path / f"chronology.{fmt}"
    generate(
        db,
        GenerationRequest(
            "combined_chronology", out, reference, fmt, Edition.PUBLISHED, today=TODAY
        ),
    )
    flat = " ".join(everything(out, fmt).split())
    for words in ORDINARY:
        assert words in flat


def test_the_board_report_scrubs_every_case_title(
    corpus: tuple[Database, str], tmp_path: Path
) -> None:
    db, _reference = corpus
    out = tmp_path / "board.pdf"
    generate(db, GenerationRequest("board_report", out, "ALL", "pdf", Edition.PUBLISHED))
    flat = " ".join(" ".join(pdf_pages(out)).split())
    assert "DHR Hannah (an address in Northshire)" in flat
    full = tmp_path / "board-full.pdf"
    generate(db, GenerationRequest("board_report", full, "ALL", "pdf", Edition.FULL))
    assert "Larchmere Avenue" in " ".join(" ".join(pdf_pages(full)).split())


def test_a_published_copy_addressed_with_a_curly_apostrophe_is_refused(
    corpus: tuple[Database, str], tmp_path: Path
) -> None:
    db, reference = corpus
    out = tmp_path / "summary.pdf"
    request = GenerationRequest(
        "executive_summary",
        out,
        reference,
        "pdf",
        Edition.PUBLISHED,
        recipient="Mrs O\u2019Brien (mother)",
        today=TODAY,
    )
    with pytest.raises(PublishedEditionLeak, match="O\u2019Brien"):
        generate(db, request)
    assert not out.exists()


def test_the_final_published_edition_waits_for_every_finding_and_condition(
    db: Database, tmp_path: Path
) -> None:
    reference = make_corpus_case(db)
    case_id = cases.id_of(db, reference)
    out = tmp_path / f"{reference} overview.pdf"
    final = GenerationRequest(
        "overview_report", out, reference, "pdf", Edition.PUBLISHED, final=True, today=TODAY
    )
    with pytest.raises(PublicationRefused) as refused:
        generate(db, final)
    message = str(refused.value)
    assert "14 findings of the publication check are open" in message
    assert "the Home Office QA Panel has not said the report may be published" in message
    assert "the family has not been told the publication date" in message
    assert "criminal proceedings" not in message and not out.exists()

    # Settle each finding: what names someone goes into the register, the rest is accepted.
    publication.add_to_register(db, case_id, "Lily", "person", "Child B")
    publication.add_to_register(db, case_id, "Harper", "person", "Sue")
    publication.add_to_register(db, case_id, "Mr Okonkwo", "person", "a caller")
    publication.add_to_register(db, case_id, "Larchmere", "place", "local")
    result = publication.check(db, reference, today=TODAY)
    assert {f.text for f in result.open_findings} == {
        text for kind, text in EXPECTED_FINDINGS if kind not in ("possible_name", "place")
    }
    for finding in result.open_findings:
        publication.accept(db, case_id, finding, "Checked with the family liaison officer")
    assert publication.check(db, reference, today=TODAY).open_findings == []
    with pytest.raises(PublicationRefused, match="QA Panel has not said"):
        generate(db, final)  # the conditions still stand
    for condition in ("qa", "family"):
        publication.override(db, case_id, condition, "Agreed at the partnership board")

    written = generate(db, final)
    assert written.draft is False
    text = everything(out, "pdf")
    assert survivors_in(text) == []
    assert "DRAFT" not in text and "Publication check" not in text
    assert "OFFICIAL-SENSITIVE" not in text
    word = tmp_path / f"{reference} overview.docx"
    generate(db, replace(final, output=word, file_format="docx"))
    flat = " ".join(everything(word, "docx").split())
    assert survivors_in(flat) == [] and "Publication check" not in flat
    assert "Staff said Child B was withdrawn" in flat and "Sue said she had heard" in flat
    assert "a caller called from" in flat and "near the local estate" in flat
    assert "QQ 12 34 56 C" in flat  # accepted, so published as written


def test_a_draft_published_edition_lists_its_open_findings_at_the_end(
    corpus: tuple[Database, str], tmp_path: Path
) -> None:
    db, reference = corpus
    out = tmp_path / "overview.docx"
    generate(
        db,
        GenerationRequest(
            "overview_report", out, reference, "docx", Edition.PUBLISHED, today=TODAY
        ),
    )
    from documents_reading import docx_document

    paragraphs = [p.text for p in docx_document(out).paragraphs]
    assert "Publication check" in paragraphs
    tables = docx_document(out).tables
    found = {(row.cells[0].text, row.cells[1].text) for row in tables[-1].rows[1:]}
    assert ("Postcode", "EF4 2QT") in found and ("Possible name", "Lily") in found


def test_the_published_overview_names_its_author_by_what_they_are(
    corpus: tuple[Database, str], tmp_path: Path
) -> None:
    db, reference = corpus
    out = tmp_path / "overview.docx"
    generate(
        db,
        GenerationRequest(
            "overview_report", out, reference, "docx", Edition.PUBLISHED, today=TODAY
        ),
    )
    flat = " ".join(everything(out, "docx").split())
    assert "The chair and author of this review is independent of the agencies involved." in flat
    assert "is Independent Chair and Author" not in flat
    full = tmp_path / "overview-full.docx"
    generate(db, GenerationRequest("overview_report", full, reference, "docx", today=TODAY))
    flat = " ".join(everything(full, "docx").split())
    assert "The chair and author of this review is Chidi Okafor." in flat
    assert "confidential until the report is approved for publication" in flat
    assert "OFFICIAL-SENSITIVE" in flat


def test_event_dates_become_month_and_year_where_the_setting_says_so(
    db: Database, tmp_path: Path
) -> None:
    from dhr_desk.records import settings

    reference = make_corpus_case(db)
    settings.set_many(db, {"published_dates_month_year": True})
    out = tmp_path / "chronology.docx"
    generate(
        db,
        GenerationRequest(
            "combined_chronology", out, reference, "docx", Edition.PUBLISHED, today=TODAY
        ),
    )
    flat = " ".join(everything(out, "docx").split())
    assert "January 2023" in flat and "09/01/2023" not in flat
    assert survivors_in(flat) == []
    full = tmp_path / "chronology-full.docx"
    generate(db, GenerationRequest("combined_chronology", full, reference, "docx", today=TODAY))
    assert "09/01/2023" in everything(full, "docx")


def test_open_criminal_proceedings_hold_the_final_edition_until_overridden(db: Database) -> None:
    from dhr_desk import records
    from dhr_desk.domain import Pause

    reference = make_corpus_case(db)
    case_id = cases.id_of(db, reference)
    records.add(db, Pause, case_id, {"reason": "criminal_trial", "started_on": "2024-02-01"})
    gate = {c.code: c for c in publication.check(db, reference, today=TODAY).conditions}
    assert not gate["proceedings"].passes
    assert "1 February 2024 is still open" in gate["proceedings"].detail
    with pytest.raises(Exception, match="findings are settled one by one"):
        publication.override(db, case_id, "findings", "Not allowed")
    publication.override(db, case_id, "proceedings", "The SIO agreed in writing")
    gate = {c.code: c for c in publication.check(db, reference, today=TODAY).conditions}
    assert gate["proceedings"].passes and not gate["proceedings"].met
    assert gate["proceedings"].override == "The SIO agreed in writing"
