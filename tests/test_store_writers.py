"""Two writers on one data folder: the second waits its turn instead of failing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from casefile_support import demo, write
from sqlalchemy import func, select

from dhr_desk.domain import Agency, Case
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir
from dhr_desk.storage.server import WRITER_LOCK

PASS = "tandem writers share 12"
HERE = Path(__file__).resolve().parent


def test_two_writer_processes_on_one_data_folder_never_fail(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    store.init(data_dir, "passphrase", PASS)
    case_file = write(tmp_path / "case.json", demo("CT-2026-004"))
    start = tmp_path / "start"
    env = {
        **os.environ,
        "DHR_DESK_PASSPHRASE": PASS,
        "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")]),
    }
    writers = [
        subprocess.Popen(
            [sys.executable, str(HERE / "store_writer.py"), str(data_dir.root), prefix, "50"]
            + [str(start), str(case_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for prefix in ("CT-A", "CT-B")
    ]
    start.touch()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=240)
        assert writer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["failures"] for r in results] == [[], []]
    saved = [ref for r in results for ref in r["saved"]]
    assert len(saved) == len(set(saved)) == 100
    db = store.open_database(data_dir, Unlock(passphrase=PASS))
    try:
        assert sorted(c.reference for c in cases.list_cases(db)) == sorted(saved)
        assert store.verify(db).ok
    finally:
        db.close()


def test_a_read_only_session_never_waits_for_a_writer(db: Database) -> None:
    cases.new_dhr(db, {"notification_received_on": "2025-03-04", "notified_by": "Police"})
    writer = db.engine.raw_connection()
    try:
        if db.is_server:  # another writer holds the writers' lock and the cases table
            writer.driver_connection.execute(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            writer.driver_connection.execute('LOCK TABLE "case" IN EXCLUSIVE MODE')
        else:
            writer.driver_connection.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        with db.reading() as session:
            assert session.scalar(select(func.count(Case.id))) == 1
        writer.driver_connection.execute("ROLLBACK")
    finally:
        writer.close()


def test_a_read_only_session_refuses_to_save(db: Database) -> None:
    with pytest.raises(RuntimeError, match="read-only"), db.reading() as session:
        session.add(Agency(name="Northshire Police"))
        session.flush()
    with db.reading() as session:
        assert session.scalar(select(func.count(Agency.id))) == 0
