"""Versions, copies for named recipients, the register, passwords, cancelling, progress."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from pathlib import Path

import docx
import msoffcrypto
import pytest
from documents_cases import make_cases
from documents_reading import docx_parts_text, pdf_pages
from pypdf import PdfReader
from sqlalchemy import func, select

from dhr_desk import records
from dhr_desk.documents import (
    GenerationCancelled,
    GenerationRequest,
    generate,
    register_lines,
)
from dhr_desk.documents.protect import PasswordProblem
from dhr_desk.domain import ChronologyEntry, Distribution, GeneratedDocument
from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.storage.database import Database
from dhr_desk.storage.server import WRITER_LOCK

TODAY = dt.date(2025, 8, 1)


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(model.id))) or 0)


def test_same_content_keeps_its_version_and_a_change_makes_the_next(
    db: Database, tmp_path: Path
) -> None:
    fixture = make_cases(db, 10)
    first = generate(
        db,
        GenerationRequest(
            "terms_of_reference", tmp_path / "a.pdf", fixture.dhr, "pdf", today=TODAY
        ),
    )
    again = generate(
        db,
        GenerationRequest(
            "terms_of_reference", tmp_path / "b.pdf", fixture.dhr, "pdf", today=TODAY
        ),
    )
    assert (first.version, first.new_version) == (1, True)
    assert (again.version, again.new_version) == (1, False)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert first.sha256 == hashlib.sha256((tmp_path / "a.pdf").read_bytes()).hexdigest()

    with db.session() as session:
        case = records.case_by_reference(session, fixture.dhr)
        case.lines_of_enquiry += "\nThe response of the workplace"
    changed = generate(
        db,
        GenerationRequest(
            "terms_of_reference", tmp_path / "c.pdf", fixture.dhr, "pdf", today=TODAY
        ),
    )
    assert (changed.version, changed.new_version) == (2, True)
    assert "Version 2" in pdf_pages(tmp_path / "c.pdf")[0]
    final = generate(
        db,
        GenerationRequest(
            "terms_of_reference", tmp_path / "d.pdf", fixture.dhr, "pdf", final=True, today=TODAY
        ),
    )
    assert final.version == 3 and not final.draft
    assert _count(db, GeneratedDocument) == 3


def test_a_copy_for_a_recipient_is_marked_on_every_page_and_registered(
    db: Database, tmp_path: Path
) -> None:
    fixture = make_cases(db, 200)
    master = generate(
        db,
        GenerationRequest(
            "combined_chronology", tmp_path / "chron.pdf", fixture.dhr, "pdf", today=TODAY
        ),
    )
    copy_path = tmp_path / "chron-police.pdf"
    copy = generate(
        db,
        GenerationRequest(
            "combined_chronology",
            copy_path,
            fixture.dhr,
            "pdf",
            recipient="DS Amy Clarke, Eastshire Police",
            today=TODAY,
        ),
    )
    assert copy.version == master.version and not copy.new_version
    pages = pdf_pages(copy_path)
    assert len(pages) > 2
    for text in pages:
        assert "Copy for DS Amy Clarke, Eastshire Police — do not forward" in " ".join(text.split())
    assert all("do not forward" not in t for t in pdf_pages(tmp_path / "chron.pdf"))

    word = tmp_path / "chron-police.docx"
    generate(
        db,
        GenerationRequest(
            "combined_chronology",
            word,
            fixture.dhr,
            "docx",
            recipient="DS Amy Clarke, Eastshire Police",
            today=TODAY,
        ),
    )
    footer = docx.Document(str(word)).sections[0].footer._element.xml
    assert "Copy for DS Amy Clarke, Eastshire Police — do not forward" in footer

    lines = [line for line in register_lines(db, fixture.dhr) if line.recipient]
    assert len(lines) == 2
    sent = next(line for line in lines if line.file_format == "pdf")
    assert sent.kind == "combined_chronology" and sent.version == 1
    assert sent.edition == "full" and sent.sent_on == TODAY
    assert sent.sha256 == hashlib.sha256(copy_path.read_bytes()).hexdigest()
    assert sent.sha256 != master.sha256


def test_password_protected_pdf_uses_aes_256(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    out = tmp_path / "summary.pdf"
    result = generate(
        db,
        GenerationRequest(
            "executive_summary",
            out,
            fixture.dhr,
            "pdf",
            recipient="Home Office QA Panel",
            password="Larch-Tree-2025",
            today=TODAY,
        ),
    )
    reader = PdfReader(str(out))
    assert reader.is_encrypted
    assert reader.decrypt("wrong password").name == "NOT_DECRYPTED"
    assert reader.decrypt("Larch-Tree-2025").name != "NOT_DECRYPTED"
    assert reader._encryption is not None and reader._encryption.V == 5  # AES-256
    assert "Executive summary" in reader.pages[0].extract_text()
    with db.session() as session:
        row = session.scalar(select(Distribution))
        assert row is not None and row.password_protected
        assert row.sha256 == result.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_a_protected_pdf_has_its_own_random_owner_password_and_cannot_be_edited(
    db: Database, tmp_path: Path
) -> None:
    import pikepdf

    fixture = make_cases(db, 5)
    paths = [tmp_path / "one.pdf", tmp_path / "two.pdf"]
    for path in paths:
        generate(
            db,
            GenerationRequest(
                "action_plan", path, fixture.dhr, "pdf", password="Larch-Tree-2025", today=TODAY
            ),
        )
    for path in paths:  # the password opens it as a reader, never as the owner
        assert path.read_bytes().startswith(b"%PDF-1.7\n")
        with pikepdf.open(path, password="Larch-Tree-2025") as pdf:
            assert pdf.user_password_matched and not pdf.owner_password_matched
            assert pdf.pdf_version == "1.7" and pdf.extension_level == 8
            assert pdf.encryption.R == 6  # AES-256
            allow = pdf.allow
            assert allow.print_highres and allow.accessibility and allow.extract
            assert not (allow.modify_other or allow.modify_annotation or allow.modify_form)
            assert not allow.modify_assembly


def test_password_protected_word_file_opens_with_the_password(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    out = tmp_path / "minutes.docx"
    generate(
        db,
        GenerationRequest(
            "meeting_minutes", out, fixture.dhr, "docx", password="Larch-Tree-2025", today=TODAY
        ),
    )
    with out.open("rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        assert office.is_encrypted()
        office.load_key(password="Larch-Tree-2025")
        plain = io.BytesIO()
        office.decrypt(plain)
    document = docx.Document(plain)
    assert any("Minutes" in p.text for p in document.paragraphs)
    assert "Daniel Croft" in docx_parts_text(plain.getvalue())


def test_a_short_password_is_refused_and_nothing_written(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    out = tmp_path / "x.pdf"
    with pytest.raises(PasswordProblem):
        generate(db, GenerationRequest("action_plan", out, fixture.dhr, "pdf", password="abc"))
    assert not out.exists()


def test_cancelling_a_long_chronology_leaves_no_file_and_no_register_row(
    db: Database, tmp_path: Path
) -> None:
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
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"chron.{fmt}"
        seen: list[float] = []

        def progress(fraction: float, _message: str, seen: list[float] = seen) -> None:
            seen.append(fraction)

        asked: list[float] = []

        def cancelled(seen: list[float] = seen, asked: list[float] = asked) -> bool:
            if bool(seen) and seen[-1] > 0.3:
                asked.append(asked[0] if asked else time.monotonic())
                return True
            return False

        with pytest.raises(GenerationCancelled):
            generate(
                db,
                GenerationRequest("combined_chronology", out, fixture.dhr, fmt, today=TODAY),
                progress,
                cancelled,
            )
        assert time.monotonic() - asked[0] < 0.5, "stops within a fraction of a second"
        assert not out.exists()
        assert list(tmp_path.glob("*.part")) == []
        assert seen == sorted(seen) and seen[-1] < 1.0
    assert _count(db, GeneratedDocument) == 0


def test_progress_reaches_the_end_in_order(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 50)
    seen: list[tuple[float, str]] = []
    generate(
        db,
        GenerationRequest("overview_report", tmp_path / "o.pdf", fixture.dhr, "pdf", today=TODAY),
        lambda f, m: seen.append((f, m)),
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(message for _, message in seen)


@pytest.mark.parametrize(
    ("request_args", "where"),
    [
        ({"kind": "overview_report", "file_format": "odt"}, "format"),
        ({"kind": "overview_report", "file_format": "pdf", "name": "x.docx"}, "output"),
        ({"kind": "board_report", "file_format": "pdf", "reference": "DHR-2025-001"}, "reference"),
        ({"kind": "overview_report", "file_format": "pdf", "reference": "ALL"}, "reference"),
    ],
)
def test_bad_requests_are_refused_in_plain_words(
    db: Database, tmp_path: Path, request_args: dict[str, str], where: str
) -> None:
    args = dict(request_args)
    name = args.pop("name", f"out.{args['file_format']}")
    reference = args.pop("reference", "DHR-2025-001")
    with pytest.raises(ValidationError) as info:
        generate(db, GenerationRequest(output=tmp_path / "out" / name, reference=reference, **args))
    assert where in {w for w, _ in info.value.problems}
    assert not (tmp_path / "out").exists()


def test_the_meeting_asked_for_is_the_one_minuted(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.dhr)
        second = next(m for m in case.meetings if m.number == 2)
        second_id = second.id
    records.update(
        db, type(second), second_id, {"status": "held", "minutes": "Second meeting minutes."}
    )
    out = tmp_path / "m2.pdf"
    generate(
        db, GenerationRequest("meeting_minutes", out, fixture.dhr, "pdf", meeting=2, today=TODAY)
    )
    text = "\n".join(pdf_pages(out))
    assert "Panel meeting 2" in text and "Second meeting minutes." in text


def test_a_file_that_cannot_be_replaced_is_reported_and_nothing_recorded(
    db: Database, tmp_path: Path
) -> None:
    from dhr_desk.errors import DhrDeskError

    fixture = make_cases(db, 3)
    target = tmp_path / "taken.pdf"
    target.mkdir()  # a folder where the file should go: it cannot be replaced
    with pytest.raises(DhrDeskError, match="could not be written"):
        generate(db, GenerationRequest("action_plan", target, fixture.dhr, "pdf", today=TODAY))
    assert target.is_dir() and list(target.iterdir()) == []
    assert list(tmp_path.glob(".taken.pdf.*")) == []
    assert _count(db, GeneratedDocument) == 0


def test_another_window_saves_while_a_document_is_being_written(
    db: Database, tmp_path: Path
) -> None:
    """Building and rendering read a snapshot: the write lock is free until the register rows
    are recorded, so a coordinator's save in another window never waits for a long PDF."""
    fixture = make_cases(db, 400)
    writer = db.engine.raw_connection()
    if not db.is_server:
        writer.driver_connection.execute("PRAGMA busy_timeout = 0")  # fail at once if locked
    took_lock: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Writing the") and not took_lock:
            if db.is_server:  # the writers' lock on the server is free at once
                got = writer.driver_connection.execute(
                    f"SELECT pg_try_advisory_xact_lock({WRITER_LOCK})"
                ).fetchone()
                assert got == (True,)
            else:
                writer.driver_connection.execute("BEGIN IMMEDIATE")  # raises while locked
            writer.driver_connection.execute("ROLLBACK")
            took_lock.append(message)

    try:
        made = generate(
            db,
            GenerationRequest(
                "combined_chronology", tmp_path / "c.pdf", fixture.dhr, "pdf", today=TODAY
            ),
            progress=progress,
        )
    finally:
        writer.close()
    assert took_lock == ["Writing the PDF"] and made.version == 1
    assert _count(db, GeneratedDocument) == 1


def test_a_version_registered_meanwhile_elsewhere_is_not_overwritten(
    db: Database, tmp_path: Path
) -> None:
    fixture = make_cases(db, 10)
    out = tmp_path / "first.pdf"
    other: list[int] = []

    def progress(_fraction: float, message: str) -> None:
        if message.startswith("Writing the") and not other:
            with db.session() as session:  # another window changes the case meanwhile
                entry = session.scalars(select(ChronologyEntry).limit(1)).one()
                entry.event = entry.event + " (corrected)"
            meanwhile = GenerationRequest(
                "combined_chronology", tmp_path / "other.pdf", fixture.dhr, "pdf", today=TODAY
            )
            other.append(generate(db, meanwhile).version)

    request = GenerationRequest("combined_chronology", out, fixture.dhr, "pdf", today=TODAY)
    with pytest.raises(DhrDeskError, match="Generate it again"):
        generate(db, request, progress=progress)
    assert other == [1] and not out.exists()
    assert _count(db, GeneratedDocument) == 1  # only the other window's version
    again = generate(db, request)  # made again: the other window's version, same content
    assert (again.version, again.new_version) == (1, False) and out.exists()
