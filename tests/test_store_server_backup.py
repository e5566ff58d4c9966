"""``dhr-desk server backup``: the pg_dump / pg_restore commands for the configured server, which
really back it up and bring it back, and every case the person may see as an encrypted case
file with a manifest, written whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pg_support
import pytest
from sqlalchemy import func, select
from store_support import set_up

from dhr_desk.casefile import export_case
from dhr_desk.cli import main
from dhr_desk.domain import Case
from dhr_desk.services import server_backup
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import server, store
from dhr_desk.storage.paths import DataDir

PASSPHRASE = "seven quiet harbours at dawn"


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A server database holding the demo cases; its URL (the command line uses it)."""
    if not pg_support.wanted():
        pytest.skip(f"{pg_support.ENV}=off: no PostgreSQL server for this run")
    try:
        name = pg_support.new_database()
    except pg_support.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    url = pg_support.cluster().url(name)
    with contextlib.closing(store.open_server(url)) as db:
        load_demo(db)
    monkeypatch.setenv(server.ENV_URL, url)
    yield url
    pg_support.drop_database(name)


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "case-files.key"
    path.write_text(PASSPHRASE + "\n", "utf-8")
    return path


def _references(url: str) -> list[str]:
    with contextlib.closing(store.open_server(url)) as db, db.reading() as session:
        return list(session.scalars(select(Case.reference).order_by(Case.reference)))


def _command(out: str, program: str) -> list[str]:
    line = next(x.strip() for x in out.splitlines() if x.strip().startswith(program + " "))
    argv = shlex.split(line)
    argv[0] = str(pg_support.find_bin() / program)
    return argv


def test_the_printed_pg_dump_and_pg_restore_commands_back_the_server_up_and_bring_it_back(
    hub: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["server", "backup"]) == 0
    out = capsys.readouterr().out
    assert "password" not in shlex.join(_command(out, "pg_dump")).lower()  # never on the line
    assert ":*:postgres:PASSWORD" in out  # the password file's line, with no password in it
    dump = _command(out, "pg_dump")
    assert "--format=custom" in dump
    done = subprocess.run(dump, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Restore into a second, empty database of the same server, as the printed command says.
    restored = f"{server.parse(hub).database}_restored"
    with contextlib.closing(pg_support.cluster().admin()) as conn:  # type: ignore[type-var]
        conn.execute(f"CREATE DATABASE {restored}")  # type: ignore[attr-defined]
    try:
        restore = [
            a.replace(f"dbname={server.parse(hub).database} ", f"dbname={restored} ")
            for a in _command(out, "pg_restore")
        ]
        assert "--no-owner" in restore and "--single-transaction" in restore
        done = subprocess.run(restore, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        url = pg_support.cluster().url(restored)
        assert main(["--database-url", url, "server", "init"]) == 0
        assert _references(url) == _references(hub)
        with contextlib.closing(store.open_server(url)) as db:
            report = store.verify(db)
        assert report.ok, report.failures()
    finally:
        pg_support.drop_database(restored)


def test_every_case_is_written_encrypted_with_a_manifest_and_comes_back_whole(
    hub: str,
    key_file: Path,
    tmp_path: Path,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "cases-2026-12-14"
    assert main(["server", "backup", "--cases", str(folder), "--key-file", str(key_file)]) == 0
    assert "Wrote 5 encrypted case files" in capsys.readouterr().out
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    references = _references(hub)
    assert [c["reference"] for c in manifest["cases"]] == references
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["manifest.json", *(c["file"] for c in manifest["cases"])]
    )
    with contextlib.closing(store.open_server(hub)) as db, db.reading() as session:
        originals = {ref: export_case(session, ref) for ref in references}
    for entry in manifest["cases"]:
        data = (folder / entry["file"]).read_bytes()
        assert data.startswith(b"DHRDESK-SEALED-CASE\n")
        victim = originals[entry["reference"]]["people"][0]["real_name"]
        assert victim.encode() not in data and entry["reference"].encode() not in data
    # Into a laptop's database, with the passphrase: the same cases, record for record.
    set_up(data_dir)
    files = [str(folder / c["file"]) for c in manifest["cases"]]
    monkeypatch.delenv(server.ENV_URL)
    home = ["--data-dir", str(data_dir.root)]
    assert main([*home, "import", "--key-file", str(key_file), *files]) == 0
    with contextlib.closing(store.open_database(data_dir)) as db, db.reading() as session:
        for reference, original in originals.items():
            again = export_case(session, reference)
            assert {**again, "created_with": None} == {**original, "created_with": None}


def test_a_wrong_passphrase_or_a_changed_byte_imports_nothing(
    hub: str,
    key_file: Path,
    tmp_path: Path,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "cases"
    assert main(["server", "backup", "--cases", str(folder), "--key-file", str(key_file)]) == 0
    first = sorted(folder.glob("*.dhrcase"))[0]
    monkeypatch.delenv(server.ENV_URL)
    set_up(data_dir)
    wrong = tmp_path / "wrong.key"
    wrong.write_text("not the passphrase at all\n", "utf-8")
    home = ["--data-dir", str(data_dir.root)]
    capsys.readouterr()
    assert main([*home, "import", "--key-file", str(wrong), str(first)]) == 2
    assert "could not be opened with the passphrase given" in capsys.readouterr().err
    changed = tmp_path / first.name
    data = bytearray(first.read_bytes())
    data[-20] ^= 1
    changed.write_bytes(bytes(data))
    assert main([*home, "import", "--key-file", str(key_file), str(changed)]) == 2
    assert "changed or damaged" in capsys.readouterr().err
    assert main([*home, "import", str(first)]) != 0  # no terminal, no --key-file
    assert "--key-file FILE" in capsys.readouterr().err
    with contextlib.closing(store.open_database(data_dir)) as db, db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_partnership_backs_up_only_the_cases_it_may_see(
    hub: str, key_file: Path, tmp_path: Path
) -> None:
    with contextlib.closing(store.open_server(hub)) as db, db.session() as session:
        mine = sorted(session.scalars(select(Case).order_by(Case.reference)), key=lambda c: c.id)
        for case in mine[:2]:
            case.partnership = "Ashford Vale"
        for case in mine[2:]:
            case.partnership = "Brookmere"
    name = f"coord_{os.getpid()}_backup"
    argv = ["server", "add-user", name, "--role", "analyst", "--partnership", "Ashford Vale"]
    assert main(argv) == 0
    url = pg_support.cluster().url(server.parse(hub).database, user=name)
    folder = tmp_path / "ashford"
    argv = ["--database-url", url, "server", "backup", "--cases", str(folder)]
    assert main([*argv, "--key-file", str(key_file)]) == 0
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert [c["reference"] for c in manifest["cases"]] == sorted(c.reference for c in mine[:2])
    assert manifest["signed_in_as"] == name


def test_a_folder_in_use_is_refused_and_nothing_is_written(
    hub: str, key_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    assert main(["server", "backup", "--cases", str(folder), "--key-file", str(key_file)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    short = tmp_path / "short.key"
    short.write_text("short\n", "utf-8")
    assert main(["server", "backup", "--cases", str(tmp_path / "new"), "--key-file", str(short)])
    assert "too short" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case-files.key", "short.key", "used"]


@pytest.mark.parametrize("trouble", [errno.ENOSPC, errno.EACCES])
def test_a_full_disk_or_a_folder_that_refuses_leaves_nothing_behind(
    hub: str,
    key_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trouble: int,
) -> None:
    real_fsync, calls = os.fsync, []

    def fsync(fd: int) -> None:  # the third case file does not fit / is refused
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(trouble, os.strerror(trouble))
        real_fsync(fd)

    monkeypatch.setattr(server_backup.os, "fsync", fsync)
    drive = tmp_path / "drive"
    drive.mkdir()
    code = main(["server", "backup", "--cases", str(drive / "cases"), "--key-file", str(key_file)])
    err = capsys.readouterr().err
    if trouble == errno.ENOSPC:
        assert code == 9 and "The disk is full, so the case backup was not written" in err
    else:
        assert code == 1 and "does not allow it" in err
    assert "Traceback" not in err
    assert list(drive.iterdir()) == []  # no half folder, no work folder
