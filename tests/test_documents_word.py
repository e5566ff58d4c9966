"""Word files as a QA Panel member opens them: rows kept whole, header rows that show in
LibreOffice too, no row left alone, clean properties, British English, pictures with alt text."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import keyring
import pytest
from documents_cases import Fixture, case_database
from documents_reading import docx_document
from docx.oxml.ns import qn
from store_support import MemoryKeyring

from dhr_desk.documents import GenerationRequest, document_kinds, generate
from dhr_desk.domain import CaseKind, Edition
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)
KINDS = [k.code for k in document_kinds() if k.code != "ct_threshold_not_met"]


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Fixture]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db, fixture = case_database(tmp_path_factory.mktemp("word") / "data", 40)
    yield db, fixture
    db.close()
    keyring.set_keyring(previous)


def _make(cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str, **options: object) -> Path:
    db, fixture = cases_db
    case_kind = next(k.case_kind for k in document_kinds() if k.code == kind)
    ref = (
        "ALL"
        if case_kind is None
        else (fixture.ct if case_kind == CaseKind.COMMUNITY_TRIGGER else fixture.dhr)
    )
    out = tmp_path / f"{kind}.docx"
    generate(db, GenerationRequest(kind, out, ref, "docx", today=TODAY, **options))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_every_table_row_stays_whole_and_the_header_shows_everywhere(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str
) -> None:
    document = docx_document(_make(cases_db, tmp_path, kind))
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        for row in rows:
            props = row.find(qn("w:trPr"))
            assert props is not None and props.find(qn("w:cantSplit")) is not None
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is not None and look.get(qn("w:firstRow")) == "1":
            head = rows[0]
            assert head.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            for cell in head.findall(qn("w:tc")):
                # the fill is on the cell itself: LibreOffice ignores the table style's
                shading = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
                assert shading is not None and shading.get(qn("w:fill")) == "1F4E79"
                colour = cell.find(f".//{qn('w:rPr')}/{qn('w:color')}")
                assert colour is not None and colour.get(qn("w:val")) == "FFFFFF"


def _keeps_with_next(row: object) -> bool:
    paragraphs = row.findall(f"{qn('w:tc')}/{qn('w:p')}")  # type: ignore[attr-defined]
    return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphs)


def test_no_row_is_left_alone_on_a_page(cases_db: tuple[Database, Fixture], tmp_path: Path) -> None:
    document = docx_document(_make(cases_db, tmp_path, "combined_chronology"))
    rows = document.tables[0]._tbl.findall(qn("w:tr"))
    keeps = [_keeps_with_next(row) for row in rows]
    assert keeps[0] and keeps[1], "the header keeps with the first row"
    assert keeps[-2] and not keeps[-1], "the last row never stands alone"
    assert sum(keeps) == 3, "the other rows break where they fall"
    plan = docx_document(_make(cases_db, tmp_path, "action_plan")).tables[0]
    plan_rows = plan._tbl.findall(qn("w:tr"))
    assert _keeps_with_next(plan_rows[1]), "a recommendation keeps with its next action"


@pytest.mark.parametrize("edition", [Edition.FULL, Edition.PUBLISHED])
def test_the_word_properties_come_from_the_case_not_the_reference_file(
    cases_db: tuple[Database, Fixture], tmp_path: Path, edition: Edition
) -> None:
    path = _make(cases_db, tmp_path, "overview_report", edition=edition)
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        app = package.read("docProps/app.xml").decode()
        rels = package.read("_rels/.rels").decode()
        styles = package.read("word/styles.xml").decode()
    assert not any("thumbnail" in name for name in names) and "thumbnail" not in rels
    assert "<Application>DHR Desk</Application>" in app
    assert "Macintosh" not in app and "<Words>" not in app and "<Pages>" not in app
    assert 'w:lang w:val="en-GB"' in styles
    core = docx.Document(str(path)).core_properties
    assert core.title == "Overview report"
    assert core.author == "Safer Eastfield Partnership"
    assert core.subject == "DHR-2025-001 — Hannah (DHR 2025/01)"
    assert core.created == dt.datetime(2025, 8, 1, tzinfo=dt.UTC) and core.revision == 1
    assert core.last_modified_by == "Safer Eastfield Partnership"


def test_a_picture_carries_its_alternative_text(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    from test_documents_tagged import logo_png

    from dhr_desk.records import settings

    db, fixture = cases_db
    settings.set_many(db, {"logo_png_base64": logo_png()})
    path = _make(cases_db, tmp_path, "executive_summary")
    xml = docx.Document(str(path)).element.body.xml
    assert 'descr="Safer Eastfield Partnership logo"' in xml
    with zipfile.ZipFile(path) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())
    # a changed logo is a change of content: the next version
    settings.set_many(db, {"logo_png_base64": logo_png((120, 30, 30))})
    again = generate(
        db,
        GenerationRequest(
            "executive_summary", tmp_path / "b.docx", fixture.dhr, "docx", today=TODAY
        ),
    )
    settings.set_many(db, {"logo_png_base64": ""})
    assert again.new_version
    assert path.read_bytes() != (tmp_path / "b.docx").read_bytes()


def test_a_logo_that_is_not_a_png_is_refused_in_plain_words(db: Database, tmp_path: Path) -> None:
    from documents_cases import make_cases

    from dhr_desk.documents.context import BuildProblem
    from dhr_desk.records import settings

    fixture = make_cases(db, 3)
    settings.set_many(db, {"logo_png_base64": "bm90IGEgcGljdHVyZQ=="})  # "not a picture"
    out = tmp_path / "letter.docx"
    with pytest.raises(BuildProblem, match="logo in Settings is not a PNG"):
        generate(db, GenerationRequest("ct_acknowledgement", out, fixture.ct, "docx", today=TODAY))
    assert not out.exists()
