"""Damaged data folders, full disks and killed runs: one plain sentence, the documented exit
code, and nothing changed (or nothing left behind)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3
from sqlalchemy import event

from dhr_desk.cli import main
from dhr_desk.errors import DiskFullError, ValidationError
from dhr_desk.services import cases
from dhr_desk.storage import database, files, scratch, store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASS = "harbour willow quince 31"


def _state(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with the SHA-256 of its bytes."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        out[rel] = "folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    """A passphrase-mode data folder with one case, closed and folded into one file."""
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASS)
    data_dir = DataDir(tmp_path / "data")
    store.init(data_dir, "passphrase", PASS)
    db = store.open_database(data_dir, Unlock(passphrase=PASS))
    cases.new_dhr(db, {"notification_received_on": "2025-02-03", "notified_by": "Police"})
    db.close()
    return data_dir


def _cli(capsys: pytest.CaptureFixture[str], data_dir: DataDir, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir.root), *args])
    return code, capsys.readouterr().err


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "sqlalche.me" not in err and "[SQL:" not in err
    return lines[0]


def test_a_folder_where_the_database_file_should_be(
    home: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    home.database.rename(home.root / "moved.db")
    home.database.mkdir()
    before = _state(home.root)
    for command in (["list"], ["verify"], ["backup", str(home.root.parent / "b.dhrbak")]):
        code, err = _cli(capsys, home, *command)
        assert code == 6
        assert "is a folder, but it should be the database file" in _one_sentence(err)
    assert _state(home.root) == before


def _keyinfo(data_dir: DataDir) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_dir.keyinfo.read_text())
    return data


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda k: [k], "it is not a DHR Desk key file"),
        (lambda k: {x: v for x, v in k.items() if x != "passphrase"}, "passphrase section"),
        (lambda k: {**k, "recovery": {}}, "its recovery key section is missing or empty"),
        (lambda k: {**k, "recovery": {**k["recovery"], "salt": "AAAA"}}, "salt"),
        (lambda k: {**k, "passphrase": {**k["passphrase"], "n": 2**40}}, "scrypt costs"),
        (lambda k: {**k, "key_check": 7}, "key check value"),
    ],
)
def test_a_damaged_key_file_is_refused_before_anything_opens(
    home: DataDir, capsys: pytest.CaptureFixture[str], spoil: Callable[[Any], Any], why: str
) -> None:
    home.keyinfo.write_text(json.dumps(spoil(_keyinfo(home))))
    before = _state(home.root)
    for command in ("list", "verify"):
        code, err = _cli(capsys, home, command)
        assert code == 6
        sentence = _one_sentence(err)
        assert "The key file keyinfo.json is damaged" in sentence and why in sentence
    assert _state(home.root) == before


def test_a_key_file_that_is_a_folder(home: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    home.keyinfo.unlink()
    home.keyinfo.mkdir()
    code, err = _cli(capsys, home, "list")
    assert code == 6 and "is a folder, but it should be DHR Desk's key file" in _one_sentence(err)


def _small_disk(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """SQLite sees a disk with room for ``pages`` pages in every database it opens."""
    real = database.make_engine

    def make_engine(path: Path, key: bytes, *, create: bool = False) -> Any:
        engine = real(path, key, create=create)

        @event.listens_for(engine, "connect")
        def _limit(raw: Any, _record: Any) -> None:
            raw.execute(f"PRAGMA max_page_count = {pages}")

        engine.dispose()  # the first connection was made before the limit
        return engine

    monkeypatch.setattr(store, "make_engine", make_engine)


def test_init_on_a_full_disk_says_so_and_leaves_no_data_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory_keyring,
) -> None:
    _small_disk(monkeypatch, 6)
    data_dir = DataDir(tmp_path / "new" / "data")
    code, err = _cli(capsys, data_dir, "init", "--mode", "keyring")
    assert code == DiskFullError.exit_code == 9
    assert "The disk is full, so the new database was not saved" in _one_sentence(err)
    assert not data_dir.root.exists()
    assert memory_keyring.secrets == {}


def test_init_on_a_full_disk_keeps_a_folder_that_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_disk(monkeypatch, 6)
    data_dir = DataDir(tmp_path / "data")
    data_dir.root.mkdir()
    (data_dir.root / "notes.txt").write_text("mine")
    with pytest.raises(DiskFullError):
        store.init(data_dir, "passphrase", PASS)
    assert _state(data_dir.root) == {"notes.txt": hashlib.sha256(b"mine").hexdigest()}


def test_a_disk_io_error_on_a_full_disk_is_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = sqlcipher3.OperationalError("disk I/O error")
    assert database.low_on_space(tmp_path, margin=0) is False
    assert database.low_on_space(tmp_path / "not" / "yet", margin=2**62) is True
    plain = database.translate_error(error, tmp_path / "dhr-desk.db")
    assert "The disk reported an error" in str(plain) and "may be failing" in str(plain)
    monkeypatch.setattr(database, "low_on_space", lambda *_a, **_k: True)
    assert isinstance(database.translate_error(error, tmp_path / "dhr-desk.db"), DiskFullError)


class _FullDiskConnection:
    """A driver connection whose disk fills up during ``VACUUM INTO``."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("VACUUM INTO"):
            Path(args[0][0]).write_bytes(b"\0" * 4096)  # what SQLite had written so far
            raise sqlcipher3.OperationalError("database or disk is full")
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.mark.parametrize("where", ["copy", "target"])
def test_a_backup_onto_a_full_disk_says_so_and_leaves_nothing(
    home: DataDir,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
) -> None:
    import errno

    from dhr_desk.storage import backup

    if where == "copy":  # the copy beside the database does not fit
        from sqlalchemy.pool.base import _ConnectionFairy

        monkeypatch.setattr(
            _ConnectionFairy,
            "driver_connection",
            property(lambda fairy: _FullDiskConnection(fairy.dbapi_connection)),
        )
    else:  # the backup file on the backup drive does not fit

        def copyfileobj(src: Any, dst: Any, length: int = 0) -> None:
            dst.write(src.read(8192))
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(backup.shutil, "copyfileobj", copyfileobj)
    target = tmp_path / "drive"
    target.mkdir()
    before = _state(home.root)
    code, err = _cli(capsys, home, "backup", str(target))
    assert code == 9
    assert "The disk is full" in _one_sentence(err)
    assert list(target.iterdir()) == []
    monkeypatch.undo()
    monkeypatch.setenv("DHR_DESK_PASSPHRASE", PASS)
    after = _state(home.root)
    assert [name for name in after if name not in before] == []  # no work folder, no copy
    db = store.open_database(home, Unlock(passphrase=PASS))
    try:
        assert [r for r in store.raw_sql(db, "select action from audit_entry")].count(
            ("backup",)
        ) == 0
    finally:
        db.close()


def test_a_document_into_a_folder_that_does_not_exist_is_refused_and_no_folder_is_made(
    home: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no" / "such"
    for command, name in (
        (["generate", "DHR-2025-001", "notification_ack", "--format", "docx"], "ack.docx"),
        (["export", "DHR-2025-001"], "DHR-2025-001.json"),
    ):
        code, err = _cli(capsys, home, *command, "-o", str(missing / name))
        assert code == 2
        assert f"The folder {missing} does not exist" in _one_sentence(err)
        assert not (tmp_path / "no").exists()
    db = store.open_database(home, Unlock(passphrase=PASS))
    try:
        assert store.raw_sql(db, "select count(*) from generated_document") == [(0,)]
    finally:
        db.close()


def _killed_work_folder(parent: Path) -> Path:
    """A run that made a work folder and was killed while using it."""
    code = (
        "import sys, time; from pathlib import Path; from dhr_desk.storage import scratch\n"
        "with scratch.work_folder(Path(sys.argv[1])) as w:\n"
        "    (w / 'copy.db').write_bytes(b'x' * 4096); print(w, flush=True); time.sleep(600)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(parent)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    folder = Path(proc.stdout.readline().strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    return folder


def test_leftovers_of_killed_runs_are_removed_at_open_but_not_those_of_live_runs(
    home: DataDir,
) -> None:
    dead = _killed_work_folder(home.root)
    assert dead.exists() and dead.name.startswith(".dhr-desk-work-")
    old = time.time() - 2 * scratch.STALE_AFTER
    legacy = [".dhr-desk.db.restore", ".dhr-desk.db.restore-wal", ".keyinfo.json.x1y2.part"]
    for name in legacy:
        (home.root / name).write_bytes(b"left by a killed run")
        os.utime(home.root / name, (old, old))
    old_scratch = home.root.parent / ".dhr-desk-ab12cd34"  # an old backup's scratch folder
    old_scratch.mkdir()
    (old_scratch / "copy.db").write_bytes(b"x")
    os.utime(old_scratch, (old, old))
    fresh = home.root / ".keyinfo.json.z9.part"  # another window is writing it right now
    fresh.write_bytes(b"{}")
    with scratch.work_folder(home.root) as live:
        db = store.open_database(home, Unlock(passphrase=PASS))
        db.close()
        assert live.exists()
    assert not dead.exists()
    assert [n for n in legacy if (home.root / n).exists()] == []
    assert fresh.exists()
    assert sorted(p.name for p in home.root.iterdir()) == [
        ".keyinfo.json.z9.part",
        "backups",
        "dhr-desk.db",
        "keyinfo.json",
        "logs",
    ]
    scratch.clean_leftovers(home.root.parent)  # what a backup into that folder does
    assert not old_scratch.exists()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_companion_files_are_private(home: DataDir) -> None:
    assert _mode(home.database) == 0o600
    db = store.open_database(home, Unlock(passphrase=PASS))
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-02-04", "notified_by": "Police"})
        modes = {s: _mode(Path(f"{home.database}{s}")) for s in ("", "-wal", "-shm")}
        assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    finally:
        db.close()
    home.database.chmod(0o644)  # made by an older version
    store.open_database(home, Unlock(passphrase=PASS)).close()
    assert _mode(home.database) == 0o600


def test_a_private_copy_stays_private(home: DataDir, tmp_path: Path) -> None:
    db = store.open_database(home, Unlock(passphrase=PASS))
    try:
        files.vacuum_into(db.engine, tmp_path / "copy.db")
    finally:
        db.close()
    assert _mode(tmp_path / "copy.db") == 0o600


def test_verify_says_what_is_damaged_in_plain_words(
    home: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bytearray(home.database.read_bytes())
    for page in (3, 4, 5):
        raw[4096 * page + 300 : 4096 * page + 316] = bytes(16)
    home.database.write_bytes(bytes(raw))
    code = main(["--data-dir", str(home.root), "verify"])
    out = capsys.readouterr().out
    assert code == 10
    for raw_text in ("sqlalche.me", "[SQL:", "sqlcipher3", "btreeInitPage", "***"):
        assert raw_text not in out
    assert "FAIL  Encryption integrity (page HMACs): 3 pages do not authenticate" in out


def test_text_that_cannot_be_stored_is_refused_with_its_field(home: DataDir) -> None:
    db = store.open_database(home, Unlock(passphrase=PASS))
    try:
        with pytest.raises(ValidationError) as err:
            cases.new_dhr(
                db,
                {"notification_received_on": "2025-02-04", "notified_by": "Samuel \ud800 Price"},
            )
        assert err.value.problems == [
            (
                "notified_by",
                "contains a character that is not valid text (an unpaired surrogate), which "
                "cannot be stored",
            )
        ]
    finally:
        db.close()
