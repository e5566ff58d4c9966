"""Integrity benchmark: prints each figure with a baseline measured in the same run.

1. ``verify`` on a data folder whose every record went through the audit trail (case files
   imported: by default 100 cases, 50,000 chronology entries): the whole verify, and its new
   check (every record replayed against the trail) against the check it sits beside (the hash
   chain recomputed, entry by entry).
2. A save in a data folder that keeps the audit anchor in its key file (written before the
   commit, moved after it) against the same save in the same database opened without one.
3. Opening a data folder (key, schema, anchor check) against opening it without the check.

Run:  python bench/bench_integrity.py [--cases 100] [--entries 500] [--saves 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from dhr_desk.casefile import import_document
from dhr_desk.casefile.demo import demo_documents
from dhr_desk.services import cases
from dhr_desk.storage import audit, keys, migrate, replay, store
from dhr_desk.storage.paths import DataDir


class _MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def build(folder: Path, n_cases: int, per_case: int) -> DataDir:
    data_dir = DataDir(folder / "data")
    store.init(data_dir, "keyring")
    template = next(d for d in demo_documents() if d["case"]["reference"] == "DHR-2025-003")
    entry = template["chronology"][0]
    db = store.open_database(data_dir)
    try:
        for i in range(n_cases):
            document = dict(template)
            document["case"] = {**template["case"], "reference": f"DHR-2024-{i:04d}"}
            document["chronology"] = [
                {
                    **entry,
                    "occurred_on": (dt.date(2023, 1, 1) + dt.timedelta(days=j % 600)).isoformat(),
                    "event": f"Contact {j}: a home visit was made and concerns were recorded.",
                }
                for j in range(per_case)
            ]
            outcome = import_document(db, document, f"case {i}")
            assert outcome.imported, outcome.lines()
    finally:
        db.close()
    return data_dir


def bench_verify(data_dir: DataDir, repeat: int) -> None:
    db = store.open_database(data_dir)
    try:
        report = store.verify(db)
        assert report.ok, report.failures()
        head = migrate.head_revision()
        replayed = replay.replay(db.reader, head)
        print(
            f"data folder: {replayed.records:,} records, {replayed.entries:,} row entries in the "
            "audit trail"
        )
        t_verify = timed(lambda: store.verify(db), repeat)

        def chain() -> None:
            with db.reader.connect() as conn:
                audit.verify_chain(conn)

        t_replay = timed(lambda: replay.replay(db.reader, head), repeat)
        t_chain = timed(chain, repeat)
    finally:
        db.close()
    print(f"verify, every check:                              {t_verify:7.2f} s")
    print(f"  records replayed against the audit trail (new):  {t_replay:7.2f} s")
    print(f"  audit chain recomputed (baseline):               {t_chain:7.2f} s")
    print(f"  ratio replay / chain: {t_replay / t_chain:.2f}")


def bench_saves(data_dir: DataDir, n_saves: int) -> None:
    """Blocks of anchored and bare saves, taken in turn on one open database (the bare ones
    through a second handle on the same engine that keeps no anchor); medians per save."""
    db = store.open_database(data_dir)
    bare_db = store.Database(db.engine, db.path)  # the same database, no anchor kept
    keeper = db.anchor
    assert keeper is not None
    anchored: list[float] = []
    bare: list[float] = []
    block = 10
    try:
        for round_ in range(max(1, n_saves // block)):
            keeper.reset()  # the bare saves moved the trail past the anchor
            for target, handle in ((anchored, db), (bare, bare_db)):
                for i in range(block):
                    start = time.perf_counter()
                    cases.new_dhr(
                        handle,
                        {"notification_received_on": "2025-03-04", "notified_by": f"{round_}-{i}"},
                    )
                    target.append(time.perf_counter() - start)
        keeper.reset()
    finally:
        db.close()
    t_anchored, t_bare = statistics.median(anchored), statistics.median(bare)
    print(f"a save (new DHR), anchored in the key file:       {t_anchored * 1000:7.1f} ms")
    print(f"the same save, no anchor kept (baseline):         {t_bare * 1000:7.1f} ms")
    print(f"  ratio anchored / bare: {t_anchored / t_bare:.2f}")


def bench_open(data_dir: DataDir, repeat: int) -> None:
    def without_anchor() -> None:  # how a data folder was opened before the anchor
        _info, key = store.unlock_key(data_dir)
        store.open_file(data_dir.database, key, upgrade=False).close()

    t_folder = timed(lambda: store.open_database(data_dir).close(), repeat)
    t_plain = timed(without_anchor, repeat)
    print(f"open the data folder (key, schema, anchor):       {t_folder * 1000:7.1f} ms")
    print(f"open it without the anchor check (baseline):      {t_plain * 1000:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--entries", type=int, default=500, help="chronology entries per case")
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())
    keys.trust_keyring_backend(_MemoryKeyring, "the benchmark's in-memory store")
    with tempfile.TemporaryDirectory(prefix="dhr-desk-bench-") as tmp:
        start = time.perf_counter()
        data_dir = build(Path(tmp), args.cases, args.entries)
        print(f"set-up: {time.perf_counter() - start:.1f} s")
        bench_verify(data_dir, args.repeat)
        bench_saves(data_dir, args.saves)
        bench_open(data_dir, max(5, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
