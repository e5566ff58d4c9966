"""Editions: a published edition never shows a real name, date of birth or address."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from documents_cases import (
    CT_REAL_NAMES,
    DHR_ADDRESS,
    DHR_REAL_NAMES,
    Fixture,
    case_database,
)
from documents_reading import docx_parts_text, pdf_pages
from sqlalchemy import func, select
from store_support import MemoryKeyring

from dhr_desk import records
from dhr_desk.documents import GenerationRequest, document_kinds, generate
from dhr_desk.documents.editions import PublishedEditionLeak
from dhr_desk.documents.published import PublicationRefused
from dhr_desk.domain import CaseKind, Edition, GeneratedDocument, Person
from dhr_desk.services import cases
from dhr_desk.storage.database import Database

TODAY = dt.date(2025, 8, 1)
DOB_FORMS = ("17 April 1988", "17/04/1988", "1988-04-17")


@pytest.fixture(scope="module")
def cases_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Fixture]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db, fixture = case_database(tmp_path_factory.mktemp("editions") / "data", 30)
    yield db, fixture
    db.close()
    keyring.set_keyring(previous)


def _reference(code: str, fixture: Fixture) -> str:
    kind = next(k for k in document_kinds() if k.code == code)
    if kind.case_kind is None:
        return "ALL"
    return fixture.dhr if kind.case_kind == CaseKind.DHR else fixture.ct


def _identifying(text: str) -> list[str]:
    flat = " ".join(text.split())
    found = [n for n in (*DHR_REAL_NAMES, *CT_REAL_NAMES) if re.search(rf"\b{n}\b", flat)]
    found += [d for d in DOB_FORMS if d in flat]
    found += [DHR_ADDRESS] if DHR_ADDRESS in flat else []
    return found


KINDS = [k.code for k in document_kinds() if k.code != "ct_threshold_not_met"]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("kind", KINDS)
def test_published_edition_holds_no_real_name_dob_or_address(
    cases_db: tuple[Database, Fixture], tmp_path: Path, kind: str, fmt: str
) -> None:
    db, fixture = cases_db
    out = tmp_path / f"{kind}.{fmt}"
    generate(
        db,
        GenerationRequest(
            kind, out, _reference(kind, fixture), fmt, Edition.PUBLISHED, today=TODAY
        ),
    )
    text = docx_parts_text(out.read_bytes()) if fmt == "docx" else "\n".join(pdf_pages(out))
    assert _identifying(text) == []
    if fmt == "pdf":
        assert "published edition" in text


def test_full_edition_names_the_people_for_the_panel(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    db, fixture = cases_db
    out = tmp_path / "overview.pdf"
    generate(db, GenerationRequest("overview_report", out, fixture.dhr, "pdf", today=TODAY))
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "Sarah Louise Whitfield" in text and "Daniel Croft" in text
    assert "Hannah" in text  # the pseudonym column of the confidentiality table


def test_published_edition_uses_pseudonyms_and_roles(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    db, fixture = cases_db
    out = tmp_path / "overview.docx"
    generate(
        db,
        GenerationRequest(
            "overview_report", out, fixture.dhr, "docx", Edition.PUBLISHED, today=TODAY
        ),
    )
    text = " ".join(docx_parts_text(out.read_bytes()).split())
    assert "Hannah" in text and "Mark" in text
    assert "Detective Inspector, Police" in text  # a professional by role
    # Free text typed with real names is rewritten, not dropped.
    assert "Hannah told the officer that Mark checks her phone" in text


def test_a_pseudonym_equal_to_the_real_name_blocks_the_final_published_edition(
    db: Database, tmp_path: Path
) -> None:
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-01-10",
            "notified_by": "Eastshire Police",
            "title": "Adult B",
        },
        victim={"real_name": "Nadia Kowalski", "pseudonym": ""},
    )
    records.add(
        db,
        Person,
        case.id,
        {"real_name": "Pawel Nowak", "pseudonym": "Pawel Nowak", "role": "perpetrator"},
    )
    out = tmp_path / "tor.pdf"
    request = GenerationRequest(
        "terms_of_reference", out, case.reference, "pdf", Edition.PUBLISHED, final=True, today=TODAY
    )
    with pytest.raises(PublicationRefused, match="not written") as refused:
        generate(db, request)
    assert "2 findings of the publication check are open" in str(refused.value)
    assert not out.exists()
    with db.session() as session:
        assert session.scalar(select(func.count(GeneratedDocument.id))) == 0
    # A draft for checking is written, watermarked, with what the check found at its end.
    draft = tmp_path / "tor-draft.pdf"
    generate(
        db,
        GenerationRequest(
            "terms_of_reference", draft, case.reference, "pdf", Edition.PUBLISHED, today=TODAY
        ),
    )
    text = " ".join(" ".join(pdf_pages(draft)).split())
    assert "DRAFT" in text and "Publication check" in text
    assert "the pseudonym is also a real name in the register" in text
    assert "no pseudonym is set for this person" in text
    assert "Nadia Kowalski" not in text  # shown as a marked gap, never by name
    # The full edition names the victim for the panel.
    doc_out = tmp_path / "ack.pdf"
    generate(
        db,
        GenerationRequest(
            "home_office_decision", doc_out, case.reference, "pdf", Edition.FULL, today=TODAY
        ),
    )
    assert "Nadia Kowalski" in " ".join(" ".join(pdf_pages(doc_out)).split())


def test_a_published_copy_cannot_name_a_person_of_the_review(
    cases_db: tuple[Database, Fixture], tmp_path: Path
) -> None:
    db, fixture = cases_db
    out = tmp_path / "summary.pdf"
    with pytest.raises(PublishedEditionLeak):
        generate(
            db,
            GenerationRequest(
                "executive_summary",
                out,
                fixture.dhr,
                "pdf",
                Edition.PUBLISHED,
                recipient="Margaret Whitfield",
                today=TODAY,
            ),
        )
    assert not out.exists()


def test_a_surname_shared_with_the_partnership_name_leaves_the_partnership_readable(
    db: Database, tmp_path: Path
) -> None:
    from dhr_desk.records import settings

    settings.set_many(db, {"partnership_name": "Safer Hillcrest Partnership"})
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-01-10",
            "notified_by": "Eastshire Police",
            "title": "Adult C",
            "circumstances": "Rosa Hillcrest was found by a neighbour.",
        },
        victim={"real_name": "Rosa Hillcrest", "pseudonym": "Adult C"},
    )
    out = tmp_path / "ho.pdf"
    generate(
        db,
        GenerationRequest(
            "chair_letter", out, case.reference, "pdf", Edition.PUBLISHED, today=TODAY
        ),
    )
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "Safer Hillcrest Partnership" in text
    assert "Rosa Hillcrest" not in text and "Adult C was found by a neighbour" in text
