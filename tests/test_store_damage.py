"""A foreign, truncated, empty or tampered file: one plain sentence, and the file untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from store_support import set_up

from dhr_desk.errors import DamagedDatabaseError, NotInitialisedError
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASS = "ledger bracken quartz 7"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def filled_once(tmp_path_factory: pytest.TempPathFactory) -> DataDir:
    """30 cases in a passphrase-mode database, checkpointed (every page in the main file)."""
    data_dir = set_up(DataDir(tmp_path_factory.mktemp("filled") / "data"), "passphrase", PASS)
    db = store.open_database(data_dir, Unlock(passphrase=PASS))
    for i in range(30):
        cases.new_dhr(
            db,
            {
                "notification_received_on": "2025-02-03",
                "notified_by": f"Police {i}",
                "circumstances": "x" * 4000,
            },
        )
    db.close()
    store._checkpoint(data_dir.database, store.unlock_key(data_dir, Unlock(passphrase=PASS))[1])
    return data_dir


@pytest.fixture
def filled(filled_once: DataDir, data_dir: DataDir) -> DataDir:
    """A copy of the filled database for one test to damage."""
    shutil.copytree(filled_once.root, data_dir.root)
    return data_dir


def test_a_foreign_file_is_refused_untouched(filled: DataDir) -> None:
    filled.database.write_bytes(b"%PDF-1.7\n" + os.urandom(50_000))
    before = _digest(filled.database)
    with pytest.raises(DamagedDatabaseError, match="not a DHR Desk database"):
        store.open_database(filled, Unlock(passphrase=PASS))
    assert _digest(filled.database) == before
    assert not Path(f"{filled.database}-wal").exists()


def test_a_plain_sqlite_database_is_refused(filled: DataDir) -> None:
    import sqlite3

    filled.database.unlink()
    conn = sqlite3.connect(filled.database)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    before = _digest(filled.database)
    with pytest.raises(DamagedDatabaseError):
        store.open_database(filled, Unlock(passphrase=PASS))
    assert _digest(filled.database) == before


def test_a_truncated_database_is_refused_untouched(filled: DataDir) -> None:
    raw = filled.database.read_bytes()
    assert len(raw) > 8192
    filled.database.write_bytes(raw[: len(raw) // 3])
    before = _digest(filled.database)
    with pytest.raises(DamagedDatabaseError):
        db = store.open_database(filled, Unlock(passphrase=PASS))
        try:  # a cut that spares the first pages is found as soon as data is read
            cases.list_cases(db)
            report = store.verify(db)
            assert not report.ok
            raise DamagedDatabaseError("verify found it")
        finally:
            db.close()
    assert _digest(filled.database) == before


def test_an_empty_file_and_a_missing_database(filled: DataDir) -> None:
    filled.database.write_bytes(b"")
    with pytest.raises(DamagedDatabaseError, match="empty"):
        store.open_database(filled, Unlock(passphrase=PASS))
    filled.database.unlink()
    with pytest.raises(DamagedDatabaseError, match="missing"):
        store.open_database(filled, Unlock(passphrase=PASS))


def test_a_damaged_key_file(filled: DataDir) -> None:
    filled.keyinfo.write_text("{ not json")
    with pytest.raises(DamagedDatabaseError, match="key file"):
        store.open_database(filled, Unlock(passphrase=PASS))


def test_no_database_yet(data_dir: DataDir) -> None:
    with pytest.raises(NotInitialisedError, match="dhr-desk init"):
        store.open_database(data_dir)


def test_flipped_bytes_inside_a_page_are_caught_by_verify(filled: DataDir) -> None:
    raw = bytearray(filled.database.read_bytes())
    page = 4096 * 5 + 200  # inside a data page, past the header
    raw[page : page + 16] = bytes(16)
    filled.database.write_bytes(bytes(raw))
    # verify opens without refusing at the anchor: it reports the anchor among its checks
    db = store.open_database(filled, Unlock(passphrase=PASS), check_anchor=False)
    try:
        report = store.verify(db)
    finally:
        db.close()
    failed = {name for name, ok, _ in report.checks if not ok}
    assert "Encryption integrity (page HMACs)" in failed


def _cli(data_dir: DataDir, *args: str, env_pass: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DHR_DESK_HOME": str(data_dir.root)}
    env.pop("DHR_DESK_PASSPHRASE", None)
    if env_pass is not None:
        env["DHR_DESK_PASSPHRASE"] = env_pass
    return subprocess.run(
        [sys.executable, "-m", "dhr_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_the_command_line_says_one_plain_sentence_without_a_traceback(filled: DataDir) -> None:
    wrong = _cli(filled, "list", env_pass="not the passphrase at all")
    assert wrong.returncode == 4
    assert wrong.stderr.strip() == "dhr-desk: That passphrase does not open the database."
    no_prompt = _cli(filled, "list")
    assert no_prompt.returncode != 0 and "Traceback" not in no_prompt.stderr
    assert "--passphrase-file" in no_prompt.stderr
    filled.database.write_bytes(b"hello, this is a letter, not a database" * 200)
    foreign = _cli(filled, "verify", env_pass=PASS)
    assert foreign.returncode == 6
    assert "Traceback" not in foreign.stderr and len(foreign.stderr.strip().splitlines()) == 1
    assert "not a DHR Desk database" in foreign.stderr


def test_a_full_disk_is_reported_plainly_and_loses_nothing(filled: DataDir) -> None:
    from sqlalchemy import event

    from dhr_desk import records
    from dhr_desk.domain import ChronologyEntry
    from dhr_desk.errors import DiskFullError

    db = store.open_database(filled, Unlock(passphrase=PASS))
    try:
        with db.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

        @event.listens_for(db.engine, "connect")
        def _small_disk(raw, _record):  # SQLite sees a disk with room for 3 more pages
            raw.execute(f"PRAGMA max_page_count = {pages + 3}")

        db.engine.dispose()
        [first] = [c for c in cases.list_cases(db) if c.reference == "DHR-2025-001"]
        with pytest.raises(DiskFullError, match="disk is full"), db.session() as session:
            for i in range(400):
                records.add_in(
                    session,
                    ChronologyEntry,
                    first.id,
                    {"occurred_on": "2024-01-01", "source": "GP", "event": "y" * 900 + str(i)},
                )
        assert len(cases.list_cases(db)) == 30
        with db.session() as session:
            assert session.query(ChronologyEntry).count() == 0
        assert store.verify(db).ok
    finally:
        db.close()
