"""A version belongs to one document: its kind, case, part (the meeting) and edition; the Word
and PDF files of one content are the same version."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from documents_cases import make_cases
from documents_reading import docx_parts_text, pdf_pages
from sqlalchemy import select

from dhr_desk import records
from dhr_desk.documents import GenerationRequest, generate, register_lines
from dhr_desk.domain import Edition, GeneratedDocument, Meeting
from dhr_desk.storage import store
from dhr_desk.storage.database import Database, make_engine

TODAY = dt.date(2025, 8, 1)
LATER = dt.date(2025, 8, 6)
FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex("5eed" * 16)


def _make(db: Database, out: Path, kind: str, ref: str, **options: object) -> tuple[int, bool]:
    fmt = out.suffix.lstrip(".")
    made = generate(db, GenerationRequest(kind, out, ref, fmt, **options))  # type: ignore[arg-type]
    return made.version, made.new_version


def test_the_minutes_of_each_meeting_count_their_own_versions(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    with db.session() as session:
        case = records.case_by_reference(session, fixture.dhr)
        second = next(m for m in case.meetings if m.number == 2)
    records.update(db, Meeting, second.id, {"status": "held", "minutes": "Second meeting."})

    first = _make(db, tmp_path / "m1.pdf", "meeting_minutes", fixture.dhr, meeting=1, today=TODAY)
    other = _make(db, tmp_path / "m2.pdf", "meeting_minutes", fixture.dhr, meeting=2, today=TODAY)
    again = _make(db, tmp_path / "m1b.pdf", "meeting_minutes", fixture.dhr, meeting=1, today=TODAY)
    assert first == (1, True)
    assert other == (1, True), "meeting 2's minutes are not a second version of meeting 1's"
    assert again == (1, False), "meeting 1's minutes are unchanged"
    assert "Version 1" in pdf_pages(tmp_path / "m2.pdf")[0]
    parts = {line.part for line in register_lines(db, fixture.dhr)}
    assert parts == {"meeting 1", "meeting 2"}


def test_word_and_pdf_of_one_content_are_the_same_version(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    ref = fixture.dhr
    assert _make(db, tmp_path / "a.pdf", "terms_of_reference", ref, today=TODAY) == (1, True)
    with db.session() as session:
        records.case_by_reference(session, ref).lines_of_enquiry += "\nThe workplace's response"
    assert _make(db, tmp_path / "b.pdf", "terms_of_reference", ref, today=TODAY) == (2, True)
    # The Word file of the same content, made days later, is version 2 of 1 August.
    assert _make(db, tmp_path / "b.docx", "terms_of_reference", ref, today=LATER) == (2, False)
    word = docx_parts_text((tmp_path / "b.docx").read_bytes())
    assert "Version 2 · 1 August 2025" in word
    assert _make(db, tmp_path / "c.docx", "terms_of_reference", ref, today=LATER) == (2, False)
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "c.docx").read_bytes()
    # The final version is the next version in both formats.
    final = _make(db, tmp_path / "d.docx", "terms_of_reference", ref, final=True, today=LATER)
    assert final == (3, True)
    assert _make(db, tmp_path / "d.pdf", "terms_of_reference", ref, final=True, today=LATER) == (
        3,
        False,
    )
    with db.session() as session:
        rows = [
            (r.version, r.file_format)
            for r in session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id))
        ]
    assert rows == [(1, "pdf"), (2, "pdf"), (2, "docx"), (3, "docx"), (3, "pdf")]


def test_each_edition_and_each_case_count_their_own_versions(db: Database, tmp_path: Path) -> None:
    fixture = make_cases(db, 5)
    ref = fixture.dhr
    _make(db, tmp_path / "a.pdf", "action_plan", ref, today=TODAY)
    with db.session() as session:
        records.case_by_reference(session, ref).recommendations[0].text += " Report in six months."
    assert _make(db, tmp_path / "b.pdf", "action_plan", ref, today=TODAY) == (2, True)
    published = _make(
        db, tmp_path / "p.pdf", "action_plan", ref, edition=Edition.PUBLISHED, today=TODAY
    )
    assert published == (1, True)
    trigger = _make(db, tmp_path / "ct.pdf", "ct_acknowledgement", fixture.ct, today=TODAY)
    assert trigger == (1, True)


def test_upgrading_gives_the_existing_papers_of_a_meeting_their_meeting(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    with engine.begin() as conn:
        case_id = conn.exec_driver_sql('SELECT id FROM "case" ORDER BY id LIMIT 1').scalar()
        for title in ("Minutes: Panel meeting 4", "Agenda: Panel meeting 12", "Action plan"):
            conn.exec_driver_sql(
                "INSERT INTO generated_document (case_id, kind, title, version, edition, "
                "file_format, draft, file_name, sha256, generated_at, generated_by) VALUES "
                "(?, 'meeting_minutes', ?, 1, 'full', 'pdf', 1, 'x.pdf', ?, "
                "'2025-01-01 10:00:00', 'coordinator')",
                (case_id, title, "0" * 64),
            )
    engine.dispose()
    db = store.open_file(path, KEY, backups=tmp_path / "backups")
    try:
        with db.session() as session:
            parts = {
                row.title: (row.part, row.content_sha256)
                for row in session.scalars(select(GeneratedDocument))
            }
        assert parts["Minutes: Panel meeting 4"] == ("meeting 4", "")
        assert parts["Agenda: Panel meeting 12"] == ("meeting 12", "")
        assert parts["Action plan"] == ("", "")
    finally:
        db.close()


def test_the_demo_register_counts_each_document_from_version_1(db: Database) -> None:
    from dhr_desk.services.demo import load_demo

    load_demo(db)
    versions: dict[tuple[str, str, str, str], set[int]] = {}
    for line in register_lines(db):
        key = (line.reference, line.kind, line.part, line.edition)
        versions.setdefault(key, set()).add(line.version)
    assert versions
    for key, numbers in versions.items():
        assert numbers == set(range(1, max(numbers) + 1)), f"{key} has versions {numbers}"
