"""Tampering with the key in hand, and rollback, are noticed: records that differ from the audit
trail are named by verify, and a database older than its key file's anchor is refused."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casefile_support import demo, write

from dhr_desk import records
from dhr_desk.casefile import import_cases
from dhr_desk.cli import main
from dhr_desk.domain import DeadlineRule, Person
from dhr_desk.services import cases
from dhr_desk.storage import audit, store
from dhr_desk.storage.anchor import AnchorMismatchError
from dhr_desk.storage.database import connect_raw
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASS = "copper kestrel meadow 58"
UNLOCK = Unlock(passphrase=PASS)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    """A data folder with two cases, closed."""
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASS)
    data_dir = DataDir(tmp_path / "data")
    store.init(data_dir, "passphrase", PASS)
    db = store.open_database(data_dir, UNLOCK)
    try:
        import_cases(db, [write(tmp_path / "c.json", demo("CT-2026-009"))])
        cases.new_dhr(
            db,
            {"notification_received_on": "2025-02-03", "notified_by": "Police"},
            victim={"real_name": "Ann Example", "pseudonym": "Adult A"},
        )
    finally:
        db.close()
    return data_dir


class _Shell:
    """Someone with the key and an SQL shell on the closed database."""

    def __init__(self, data_dir: DataDir) -> None:
        key = store.unlock_key(data_dir, UNLOCK)[1]
        self.raw = connect_raw(data_dir.database, key)

    def __call__(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return list(self.raw.execute(sql, params).fetchall())


@pytest.fixture
def shell(home: DataDir) -> Iterator[_Shell]:
    opened = _Shell(home)
    yield opened
    opened.raw.close()


def _verify(home: DataDir) -> dict[str, tuple[bool, str]]:
    db = store.open_database(home, UNLOCK)
    try:
        return {name: (ok, detail) for name, ok, detail in store.verify(db).checks}
    finally:
        db.close()


RECORDS = "Records against the audit trail"


def test_a_sound_database_agrees_with_its_audit_trail(tmp_path: Path) -> None:
    from dhr_desk.domain import Case, FamilyContact
    from dhr_desk.services.demo import load_demo

    data_dir = DataDir(tmp_path / "demo")
    store.init(data_dir, "passphrase", PASS)
    db = store.open_database(data_dir, UNLOCK)
    try:
        load_demo(db)
        with db.session() as session:
            contact = session.query(FamilyContact).filter(FamilyContact.person_id.isnot(None))
            person_id = contact.first().person_id  # type: ignore[union-attr]
            rule_id = session.query(DeadlineRule).filter_by(code="dhr_completion").one().id
            case_id = session.query(Case).filter_by(reference="CT-2026-004").one().id
        records.update(db, Person, person_id, {"pseudonym": "Bea"})
        records.update(db, DeadlineRule, rule_id, {"amount": 7})
        records.delete(db, Person, person_id)  # its family contacts lose the link
        records.delete(db, Case, case_id)  # and everything in the case goes with it
        report = store.verify(db)
    finally:
        db.close()
    assert report.ok, report.failures()
    detail = dict((n, d) for n, _ok, d in report.checks)[RECORDS]
    assert detail.endswith("records agree with the audit trail")


@pytest.mark.parametrize(
    ("sql", "finding"),
    [
        (
            "UPDATE person SET real_name = 'Someone Else' WHERE real_name = 'Ann Example'",
            "differs from what the audit trail says was written (real_name)",
        ),
        (
            "DELETE FROM person WHERE real_name = 'Ann Example'",
            "is missing, but the audit trail never recorded its deletion",
        ),
        (
            "INSERT INTO agency (name, short_name, sector, address, contact_name, contact_email)"
            " VALUES ('Ghost Agency', '', '', '', '', '')",
            "exists, but the audit trail never recorded it being added",
        ),
        (
            "UPDATE deadline_rule SET amount = 9 WHERE code = 'dhr_decision'",
            "differs from what the audit trail says was written (amount)",
        ),
        (
            "DELETE FROM deadline_rule WHERE code = 'ct_review_request'",
            "is missing, but the audit trail never recorded its deletion",
        ),
        (
            "UPDATE setting SET value = '\"Elsewhere\"' WHERE key = 'council_name'",
            "differs from what the audit trail says was written (value)",
        ),
    ],
)
def test_a_record_changed_outside_the_app_is_named_by_verify(
    home: DataDir, shell: _Shell, sql: str, finding: str
) -> None:
    db = store.open_database(home, UNLOCK)
    try:
        from dhr_desk.records import settings

        settings.set_many(db, {"council_name": "Northshire County Council"})
    finally:
        db.close()
    shell(sql)
    ok, detail = _verify(home)[RECORDS]
    assert not ok
    assert "changed outside DHR Desk" in detail and finding in detail


def test_a_forged_entry_appended_with_its_hash_recomputed_is_refused(
    home: DataDir, shell: _Shell, capsys: pytest.CaptureFixture[str]
) -> None:
    [(last_id, last_hash)] = shell("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    person = shell("SELECT id, case_id FROM person WHERE real_name = 'Ann Example'")[0]
    entry = {
        "at": "2025-03-01T10:00:00+00:00",
        "os_user": "coordinator",
        "action": "update",
        "entity": "person",
        "entity_id": str(person[0]),
        "case_id": person[1],
        "changes": {"real_name": ["Ann Example", "Someone Else"]},
    }
    digest = audit.entry_digest(last_hash, entry)
    shell(
        "INSERT INTO audit_entry (id, at, os_user, action, entity, entity_id, case_id, changes,"
        " prev_hash, hash) VALUES (?, '2025-03-01 10:00:00.000000', ?, ?, ?, ?, ?, ?, ?, ?)",
        last_id + 1,
        "coordinator",
        "update",
        "person",
        str(person[0]),
        person[1],
        json.dumps(entry["changes"]),
        last_hash,
        digest,
    )
    shell("UPDATE person SET real_name = 'Someone Else' WHERE id = ?", person[0])
    before = _digest(home)
    with pytest.raises(AnchorMismatchError, match="was changed outside DHR Desk") as err:
        store.open_database(home, UNLOCK)
    assert f"audit entries after entry {last_id:,} that DHR Desk never wrote" in str(err.value)
    assert main(["--data-dir", str(home.root), "list"]) == 11
    assert "dhr-desk verify --accept-current" in capsys.readouterr().err
    assert _digest(home) == before


def _digest(home: DataDir) -> dict[str, str]:
    """The data folder's files (not the -shm index, which every connection rewrites)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.root.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def test_deleting_the_last_audit_entries_is_refused_at_open(home: DataDir, shell: _Shell) -> None:
    [(last,)] = shell("SELECT max(id) FROM audit_entry")
    shell("DROP TRIGGER audit_entry_no_delete")
    shell("DELETE FROM audit_entry WHERE id > ?", last - 3)
    with pytest.raises(AnchorMismatchError, match="is older than its key file records") as err:
        store.open_database(home, UNLOCK)
    assert f"ends at entry {last - 3:,}, but entry {last:,} was written" in str(err.value)
    assert "dhr-desk restore FILE" in str(err.value)


def test_an_older_genuine_copy_swapped_in_is_refused(home: DataDir, tmp_path: Path) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(home.database, older)
    db = store.open_database(home, UNLOCK)
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-02-09", "notified_by": "Police"})
    finally:
        db.close()
    shutil.copyfile(older, home.database)
    with pytest.raises(AnchorMismatchError, match="older than its key file records"):
        store.open_database(home, UNLOCK)


def test_a_deleted_write_ahead_file_that_held_an_import_is_refused(
    home: DataDir, tmp_path: Path
) -> None:
    db = store.open_database(home, UNLOCK)
    try:
        [outcome] = import_cases(db, [write(tmp_path / "d.json", demo("CT-2026-004"))])
        assert outcome.imported
        assert Path(f"{home.database}-wal").stat().st_size > 0  # committed, in the WAL only
        main_file = home.database.read_bytes()  # what a crash leaves beside the WAL
    finally:
        db.close()
    home.database.write_bytes(main_file)  # ... and then the WAL is lost
    Path(f"{home.database}-wal").unlink(missing_ok=True)
    Path(f"{home.database}-shm").unlink(missing_ok=True)
    with pytest.raises(AnchorMismatchError, match="write-ahead file"):
        store.open_database(home, UNLOCK)


def test_a_crash_after_the_commit_and_before_the_anchor_moved_is_accepted(
    home: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dhr_desk.storage.anchor import AnchorKeeper

    monkeypatch.setattr(AnchorKeeper, "settle", lambda self, after: None)  # dies right there
    db = store.open_database(home, UNLOCK)
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-02-09", "notified_by": "Police"})
        head = db.anchor.head()
    finally:
        db.close()
    kept = json.loads(home.keyinfo.read_text())["anchor"]
    assert kept["next"] == {"entries": head.entries, "hash": head.hash}
    assert kept["entries"] < head.entries
    monkeypatch.undo()
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASS)
    store.open_database(home, UNLOCK).close()  # accepted, and the anchor caught up
    assert json.loads(home.keyinfo.read_text())["anchor"] == {
        "entries": head.entries,
        "hash": head.hash,
    }


def test_a_crash_before_the_commit_leaves_the_database_as_the_anchor_says(
    home: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dhr_desk.storage.anchor import AnchorKeeper

    real = AnchorKeeper.intend

    def intend_then_die(self: AnchorKeeper, before: Any, after: Any) -> None:
        real(self, before, after)
        raise KeyboardInterrupt  # the process stops before COMMIT

    monkeypatch.setattr(AnchorKeeper, "intend", intend_then_die)
    db = store.open_database(home, UNLOCK)
    try:
        with pytest.raises(KeyboardInterrupt):
            cases.new_dhr(db, {"notification_received_on": "2025-02-09", "notified_by": "X"})
    finally:
        db.close()
    monkeypatch.undo()
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASS)
    assert _verify(home)["Audit trail anchor (key file)"][0]


def test_accept_current_anchors_an_older_copy_put_back_on_purpose(
    home: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(home.database, older)
    db = store.open_database(home, UNLOCK)
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-02-09", "notified_by": "Police"})
    finally:
        db.close()
    shutil.copyfile(older, home.database)
    assert main(["--data-dir", str(home.root), "verify", "--accept-current"]) == 0
    out = capsys.readouterr().out
    assert "FAIL  Audit trail anchor (key file): The database in" in out
    assert "Accepted: the audit trail is now anchored at entry" in out
    assert main(["--data-dir", str(home.root), "verify"]) == 0
    db = store.open_database(home, UNLOCK)
    try:
        actions = [r[0] for r in store.raw_sql(db, "select action from audit_entry")]
    finally:
        db.close()
    assert actions[-1] == "accept_current"


def test_accept_current_refuses_a_database_with_other_problems(
    home: DataDir, shell: _Shell, capsys: pytest.CaptureFixture[str]
) -> None:
    shell("DROP TRIGGER audit_entry_no_delete")
    [(last,)] = shell("SELECT max(id) FROM audit_entry")
    shell("DELETE FROM audit_entry WHERE id = ?", last)
    shell("UPDATE person SET real_name = 'Someone Else' WHERE real_name = 'Ann Example'")
    assert main(["--data-dir", str(home.root), "verify", "--accept-current"]) == 10
    assert "Not accepted" in capsys.readouterr().out
    with pytest.raises(AnchorMismatchError):
        store.open_database(home, UNLOCK)


def test_a_backup_carries_its_own_anchor_and_restoring_it_moves_the_anchor_back(
    home: DataDir, tmp_path: Path
) -> None:
    db = store.open_database(home, UNLOCK)
    try:
        head_at_backup = db.anchor.head()
        target = store.backup(db, store.KeyInfo.load(home.keyinfo), tmp_path / "b.dhrbak")
        cases.new_dhr(db, {"notification_received_on": "2025-02-09", "notified_by": "Police"})
    finally:
        db.close()
    info, _offset = store.read_backup_header(target)
    assert info.anchor == {"entries": head_at_backup.entries, "hash": head_at_backup.hash}
    report = store.restore(home, target, UNLOCK)
    assert report.ok, report.failures()
    db = store.open_database(home, UNLOCK)
    try:
        refs = [c.reference for c in cases.list_cases(db)]
    finally:
        db.close()
    assert "DHR-2025-002" not in refs


def test_a_backup_whose_trail_was_cut_after_it_was_made_is_not_restored(
    home: DataDir, tmp_path: Path
) -> None:
    db = store.open_database(home, UNLOCK)
    try:
        target = store.backup(db, store.KeyInfo.load(home.keyinfo), tmp_path / "b.dhrbak")
    finally:
        db.close()
    info, offset = store.read_backup_header(target)
    copy = tmp_path / "inside.db"
    copy.write_bytes(target.read_bytes()[offset:])
    key = store.unlock_key(home, UNLOCK)[1]
    raw = connect_raw(copy, key)
    raw.execute("DROP TRIGGER audit_entry_no_delete")
    raw.execute("DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)")
    raw.close()
    target.write_bytes(target.read_bytes()[:offset] + copy.read_bytes())
    before = _digest(home)
    with pytest.raises(store.DamagedDatabaseError, match="it was changed after it was made"):
        store.restore(home, target, UNLOCK)
    assert _digest(home) == before


def test_a_key_file_from_before_anchoring_is_anchored_at_first_open(home: DataDir) -> None:
    data = json.loads(home.keyinfo.read_text())
    data["version"] = 1
    anchored = data.pop("anchor")
    home.keyinfo.write_text(json.dumps(data))
    store.open_database(home, UNLOCK).close()
    data = json.loads(home.keyinfo.read_text())
    assert data["anchor"] == anchored and data["version"] == 2


def test_a_model_marked_as_not_audited_is_neither_recorded_nor_compared(
    home: DataDir, shell: _Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dhr_desk.domain import Setting
    from dhr_desk.records import settings

    monkeypatch.setattr(Setting, "__audited__", False, raising=False)
    db = store.open_database(home, UNLOCK)
    try:
        before = store.raw_sql(db, "select count(*) from audit_entry")
        settings.set_many(db, {"council_name": "Northshire County Council"})
        assert store.raw_sql(db, "select count(*) from audit_entry") == before
    finally:
        db.close()
    shell("UPDATE setting SET value = '\"Elsewhere\"' WHERE key = 'council_name'")
    assert _verify(home)[RECORDS][0]
