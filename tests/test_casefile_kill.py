"""Killing the process in the middle of a large import leaves a database that opens, verifies
and holds the case either completely or not at all."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from casefile_support import spoiled, write
from store_support import set_up

from dhr_desk.casefile import import_cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASSPHRASE = "lantern orchard pebble 42"
ENTRIES = 8_000  # enough that the write spills over 1 MB into the log long before it ends


def _large_case(folder: Path, entries: int = ENTRIES) -> Path:
    doc = spoiled("DHR-2025-003")
    agencies = [a["name"] for a in doc["agencies"]]
    start = dt.date(2022, 1, 1)
    doc["chronology"] = [
        {
            "occurred_on": (start + dt.timedelta(days=i % 1100)).isoformat(),
            "occurred_time": f"{i % 24:02d}:{i % 60:02d}",
            "agency": agencies[i % len(agencies)],
            "source": f"Agency chronology, entry {i}",
            "event": f"Contact number {i} with the subject about housing and safety planning.",
            "action_decision": "Advice given; referral considered.",
        }
        for i in range(entries)
    ]
    doc["chronology_links"] = []  # they name entries of the demo chronology, replaced here
    return write(folder / f"case-{entries}.json", doc)


def _counts(data_dir: DataDir) -> tuple[int, int, bool]:
    db = store.open_database(data_dir, Unlock(passphrase=PASSPHRASE))
    try:
        ok = store.verify(db).ok
        cases = store.raw_sql(db, 'SELECT count(*) FROM "case"')[0][0]
        entries = store.raw_sql(db, "SELECT count(*) FROM chronology_entry")[0][0]
    finally:
        db.close()
    return int(cases), int(entries), ok


def test_killed_mid_import_the_case_is_wholly_there_or_wholly_absent(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    set_up(data_dir, "passphrase", PASSPHRASE)
    path = _large_case(tmp_path)
    wal = data_dir.root / (data_dir.database.name + "-wal")
    env = {**os.environ, "DHR_DESK_PASSPHRASE": PASSPHRASE, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "dhr_desk", "--data-dir", str(data_dir.root), "import", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # wait until the records are being written
            if line.startswith("Writing"):
                break
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > 1_000_000:
                break  # the transaction is spilling pages into the write-ahead log
            time.sleep(0.01)
        finished_first = process.poll() is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert not finished_first, "the import ended before it could be interrupted"
    assert process.returncode == -signal.SIGKILL

    cases, entries, ok = _counts(data_dir)
    assert ok, "the database does not verify after the kill"
    assert (cases, entries) in ((0, 0), (1, ENTRIES))

    # and the database is fully usable: the same case imports whole afterwards
    if cases == 0:
        db = store.open_database(data_dir, Unlock(passphrase=PASSPHRASE))
        try:
            [outcome] = import_cases(db, [_large_case(tmp_path, 500)])
            assert outcome.imported
        finally:
            db.close()
        assert _counts(data_dir) == (1, 500, True)
