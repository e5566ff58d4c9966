"""Encrypted backups that restore only after they verify."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from store_support import set_up

from dhr_desk.errors import DamagedDatabaseError, WrongKeyError
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import KeyInfo, Unlock
from dhr_desk.storage.paths import DataDir

PASS = "harbour willow signal 19"


def _refs(data_dir: DataDir, unlock: Unlock) -> list[str]:
    db = store.open_database(data_dir, unlock)
    try:
        return sorted(c.reference for c in cases.list_cases(db))
    finally:
        db.close()


def _new_case(data_dir: DataDir, unlock: Unlock, by: str) -> None:
    db = store.open_database(data_dir, unlock)
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-06-02", "notified_by": by})
    finally:
        db.close()


def _backup(data_dir: DataDir, unlock: Unlock, target: Path) -> Path:
    db = store.open_database(data_dir, unlock)
    try:
        return store.backup(db, KeyInfo.load(data_dir.keyinfo), target)
    finally:
        db.close()


def test_backup_then_restore_brings_back_the_state_at_backup_time(
    data_dir: DataDir, tmp_path: Path
) -> None:
    unlock = Unlock(passphrase=PASS)
    set_up(data_dir, "passphrase", PASS)
    _new_case(data_dir, unlock, "Police A")
    path = _backup(data_dir, unlock, tmp_path / "usb")  # a folder: a dated file is made in it
    assert path.parent == tmp_path / "usb" and path.suffix == ".dhrbak"
    _new_case(data_dir, unlock, "Police B")
    assert _refs(data_dir, unlock) == ["DHR-2025-001", "DHR-2025-002"]
    report = store.restore(data_dir, path, unlock)
    assert report.ok
    assert _refs(data_dir, unlock) == ["DHR-2025-001"]
    kept = list(data_dir.backups.glob("before-restore-*.db"))
    assert len(kept) == 1  # the database that was replaced is kept aside


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    data_dir: DataDir, tmp_path: Path
) -> None:
    unlock = Unlock(passphrase=PASS)
    set_up(data_dir, "passphrase", PASS)
    _new_case(data_dir, unlock, "Police A")
    path = _backup(data_dir, unlock, tmp_path / "b.dhrbak")
    raw = bytearray(path.read_bytes())
    raw[-3000:-2000] = bytes(1000)  # damage the last pages
    path.write_bytes(bytes(raw))
    before = hashlib.sha256(data_dir.database.read_bytes()).hexdigest()
    with pytest.raises(DamagedDatabaseError, match="not restored"):
        store.restore(data_dir, path, unlock)
    assert hashlib.sha256(data_dir.database.read_bytes()).hexdigest() == before
    assert _refs(data_dir, unlock) == ["DHR-2025-001"]
    (tmp_path / "letter.dhrbak").write_text("Dear panel member")
    with pytest.raises(DamagedDatabaseError, match="not a DHR Desk backup"):
        store.restore(data_dir, tmp_path / "letter.dhrbak", unlock)


def test_restore_on_a_new_computer_with_the_recovery_key(tmp_path: Path) -> None:
    old = DataDir(tmp_path / "old")
    result = store.init(old, "passphrase", PASS)
    _new_case(old, Unlock(passphrase=PASS), "Police A")
    path = _backup(old, Unlock(passphrase=PASS), tmp_path / "b.dhrbak")
    new = DataDir(tmp_path / "new")
    with pytest.raises(WrongKeyError):
        store.restore(new, path, Unlock(recovery_key="ABCD-" * 7 + "ABCD"))
    assert store.restore(new, path, Unlock(recovery_key=result.recovery_key)).ok
    # the restored database opens with the passphrase it had when backed up
    assert _refs(new, Unlock(passphrase=PASS)) == ["DHR-2025-001"]
