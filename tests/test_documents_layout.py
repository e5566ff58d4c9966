"""What a QA Panel member turns to first: bookmarks that open the right page, the cover and
contents pages, the running header, one style of date, real plurals, the action plan grouped
by recommendation and the summary chronology of key events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from documents_cases import Fixture, case_database
from documents_reading import pdf_pages, pdf_reader
from store_support import MemoryKeyring

from dhr_desk.documents import GenerationRequest, document_kinds, generate
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
