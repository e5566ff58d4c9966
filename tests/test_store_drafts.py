"""Drafts (unsaved edits kept every few seconds) live in the encrypted database, added by
migration 0005, and never touch the audit trail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from dhr_desk.domain import AuditEntry, Case, ChronologyEntry, Draft, Person
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.services import cases, drafts
from dhr_desk.services.drafts import DraftPlace
from dhr_desk.storage import migrate, store
from dhr_desk.storage.database import Database, make_engine

FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex("5eed" * 16)


def _audit_count(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)


def _new_case(db: Database) -> Case:
    return cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})


def test_the_released_0003_database_gains_the_draft_table_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    assert migrate.current_revision(engine) == "0003"
    assert not inspect(engine).has_table("draft")
    engine.dispose()
    db = store.open_file(path, KEY, backups=tmp_path / "backups")
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        assert inspect(db.engine).has_table("draft")
        with db.session() as session:
            case = session.scalars(select(Case).where(Case.reference == "DHR-2025-003")).one()
            people = session.scalar(select(func.count(Person.id)).where(Person.case_id == case.id))
            entries = session.scalar(select(func.count(ChronologyEntry.id)))
        assert people and entries and entries >= 30
        before = _audit_count(db)
        place = DraftPlace(case.id, "people", "person", case.id, None, "person")
        draft_id = drafts.keep(db, place, {"real_name": "Typed Before Crash", "pseudonym": "B"})
        assert [d.id for d in drafts.kept(db)] == [draft_id]
        assert _audit_count(db) == before  # scratch: no entry
        assert store.verify(db).ok
        # 0005 is undone cleanly: the draft table goes, the records stay
        from alembic import command

        cfg = migrate.alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0004")
        assert not inspect(db.engine).has_table("draft")
        assert migrate.current_revision(db.engine) == "0004"
        with db.session() as session:
            assert session.scalar(select(func.count(ChronologyEntry.id))) == entries
    finally:
        db.close()
    assert b"Typed Before Crash" not in path.read_bytes()


def test_a_form_keeps_one_draft_rewritten_in_place_without_audit_entries(db: Database) -> None:
    case = _new_case(db)
    before = _audit_count(db)
    new_person = DraftPlace(case.id, "people", "person", case.id, None, "person")
    first = drafts.keep(db, new_person, {"real_name": "Ann"})
    again = drafts.keep(db, new_person, {"real_name": "Ann Exa", "consent": True})
    assert again == first  # the same form's draft, rewritten
    summary = DraftPlace(case.id, "summary", "case", case.id, case.id, "case summary")
    other = drafts.keep(db, summary, {"title": "Adult Z"})
    assert other != first
    listed = drafts.kept(db)
    assert [d.place.record_kind for d in listed] == ["person", "case"]
    assert listed[0].content == {"real_name": "Ann Exa", "consent": True}
    assert listed[0].is_new_record and not listed[1].is_new_record
    assert listed[0].case_reference == case.reference
    assert _audit_count(db) == before
    drafts.discard(db, first)
    drafts.discard(db, first)  # already gone: nothing to do
    assert [d.id for d in drafts.kept(db)] == [other]
    assert drafts.get(db, first) is None
    assert store.verify(db).ok


def test_a_restored_form_goes_on_writing_its_draft_when_its_place_changes(db: Database) -> None:
    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-04-01", "notified_by": "Police"},
        victim={"real_name": "Ann Example", "pseudonym": "Adult A"},
    )
    with db.session() as session:
        victim = session.scalars(select(Person.id).where(Person.case_id == case.id)).one()
    old_place = DraftPlace(case.id, "people", "person", case.id, victim, "person")
    stale = drafts.keep(db, DraftPlace(case.id, "people", "person", case.id, None, "person"), {})
    draft_id = drafts.keep(db, old_place, {"real_name": "Before"})
    # the record was deleted meanwhile: the form now holds the values as a new person
    new_place = DraftPlace(case.id, "people", "person", case.id, None, "person")
    assert drafts.keep(db, new_place, {"real_name": "After"}, draft_id) == draft_id
    kept = drafts.kept(db)
    assert [(d.id, d.place.record_id, d.content) for d in kept] == [
        (draft_id, None, {"real_name": "After"})
    ]
    assert stale not in [d.id for d in kept]


def test_bad_drafts_are_refused_and_change_nothing(db: Database) -> None:
    case = _new_case(db)
    place = DraftPlace(case.id, "people", "person", case.id, None, "person")
    with pytest.raises(ValidationError):
        drafts.keep(db, place, {"real_name": ["a", "list"]})
    with pytest.raises(NotFoundError):
        drafts.keep(db, DraftPlace(case.id + 99, "people", "person", 1, None, "person"), {})
    assert drafts.count(db) == 0


def test_drafts_go_with_their_case(db: Database) -> None:
    case = _new_case(db)
    keep_case = _new_case(db)
    drafts.keep(db, DraftPlace(case.id, "summary", "case", case.id, case.id, "summary"), {})
    kept = drafts.keep(
        db, DraftPlace(keep_case.id, "summary", "case", keep_case.id, keep_case.id, "summary"), {}
    )
    with db.session() as session:
        session.delete(session.get(Case, case.id))
    assert [d.id for d in drafts.kept(db)] == [kept]
    assert drafts.discard_all(db) == 1 and drafts.count(db) == 0
    with db.session() as session:
        assert session.scalar(select(func.count(Draft.id))) == 0
