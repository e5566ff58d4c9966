"""Every change is in the append-only, hash-chained audit trail; tampering shows."""

from __future__ import annotations

import getpass

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from dhr_desk import records
from dhr_desk.domain import AuditEntry, Case, Person
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases
from dhr_desk.storage import audit, store
from dhr_desk.storage.database import Database


def _entries(db: Database) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_insert_update_delete_are_recorded_with_user_entity_and_changes(db: Database) -> None:
    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-04-01", "notified_by": "Northshire Police"},
        victim={"real_name": "Ann Example", "pseudonym": "Adult A"},
    )
    victim_id = db_victim_id(db, case.id)
    records.update(db, Person, victim_id, {"pseudonym": "Bea"})
    records.delete(db, Person, victim_id)
    entries = _entries(db)
    actions = [(e.action, e.entity) for e in entries]
    assert ("insert", "case") in actions and ("insert", "person") in actions
    update = next(e for e in entries if e.action == "update" and e.entity == "person")
    assert update.changes == {"pseudonym": ["Adult A", "Bea"]}
    assert update.case_id == case.id and update.entity_id == str(victim_id)
    assert update.os_user == (db.address.user if db.is_server else getpass.getuser())
    deleted = next(e for e in entries if e.action == "delete")
    assert deleted.changes["real_name"] == "Ann Example"
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert store.verify(db).ok


def db_victim_id(db: Database, case_id: int) -> int:
    with db.session() as session:
        return session.scalars(select(Person.id).where(Person.case_id == case_id)).one()


def test_a_rolled_back_change_leaves_no_entry(db: Database) -> None:
    cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})
    count = len(_entries(db))
    with pytest.raises(ValidationError):
        cases.new_dhr(
            db,
            {"notification_received_on": "2025-04-01", "notified_by": "P" * 5000},
        )
    assert len(_entries(db)) == count


def test_non_row_events_are_chained_too(db: Database) -> None:
    with db.session() as session:
        audit.record(session, audit.AuditEvent("override", "milestone", "7", None, {"why": "x"}))
    entries = _entries(db)
    assert entries[-1].action == "override" and entries[-1].changes == {"why": "x"}
    assert store.verify(db).ok


def test_the_database_refuses_to_edit_or_delete_audit_entries(db: Database) -> None:
    cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})
    for sql in ("UPDATE audit_entry SET os_user = 'someone'", "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    assert store.verify(db).ok


def test_verify_names_the_entry_that_was_tampered_with(db: Database) -> None:
    for i in range(3):
        cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": f"P{i}"})
    entries = _entries(db)
    target = entries[2].id
    on_table = " ON audit_entry" if db.is_server else ""
    with db.engine.begin() as conn:  # someone with the key and a SQL shell
        conn.exec_driver_sql(f"DROP TRIGGER audit_entry_no_update{on_table}")
        conn.execute(
            text('UPDATE audit_entry SET changes = \'{"notified_by": "forged"}\' WHERE id = :id'),
            {"id": target},
        )
    report = store.verify(db)
    chain = next(c for c in report.checks if c[0] == "Audit trail chain")
    assert not chain[1] and f"entry {target} its content was changed" in chain[2]
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TRIGGER audit_entry_no_delete{on_table}")
        conn.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": entries[4].id})
    chain = next(c for c in store.verify(db).checks if c[0] == "Audit trail chain")
    assert f"entry {entries[5].id} does not follow" in chain[2]


def test_case_id_is_found_through_parents(db: Database) -> None:
    from dhr_desk.domain import Meeting, MeetingAction

    case = cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "P"})
    meeting = records.add(db, Meeting, case.id, {"held_on": "2025-05-01"})
    records.add(db, MeetingAction, meeting.id, {"description": "Chase the GP practice"})
    action_entry = next(e for e in _entries(db) if e.entity == "meeting_action")
    assert action_entry.case_id == case.id
    with db.session() as session:
        assert session.get(Case, case.id) is not None
