"""Benchmark checking a case out to a laptop and back in (a script, not a test).

    .venv/bin/python bench/bench_checkout.py [--entries 5000] [--edits 200]

One case with a chronology of --entries entries on a "server" (an encrypted database standing
for it, so the figure is about the merge, not the network), and a laptop's encrypted database:
  1. check-out: every record of the case read, the hold noted, the copy written (audited);
  2. check-in: --edits chronology entries changed on the laptop and as many others on the
     server, 50 added on the laptop; the three-way merge and its writes, the laptop's audit
     entries carried, the copy removed;
baseline for both, measured in the same run: the case exported as a case file and imported into
an empty encrypted database (the other way a whole case moves between databases).

Everything runs in a temporary folder with an in-memory credential store (deleted afterwards).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import keyring  # noqa: E402
from bench_documents import make_case  # noqa: E402
from sqlalchemy import select  # noqa: E402
from store_support import MemoryKeyring  # noqa: E402

from dhr_desk import records  # noqa: E402
from dhr_desk.casefile import import_cases, write_case_file  # noqa: E402
from dhr_desk.domain import ChronologyEntry  # noqa: E402
from dhr_desk.services import checkout  # noqa: E402
from dhr_desk.storage import store  # noqa: E402
from dhr_desk.storage.database import Database  # noqa: E402
from dhr_desk.storage.paths import DataDir  # noqa: E402


def database(folder: Path) -> Database:
    data_dir = DataDir(folder)
    store.init(data_dir, "keyring")
    return store.open_database(data_dir)


def entry_ids(db: Database, reference: str) -> list[int]:
    with db.reading() as session:
        case_id = records.case_by_reference(session, reference).id
        return list(
            session.scalars(
                select(ChronologyEntry.id)
                .where(ChronologyEntry.case_id == case_id)
                .order_by(ChronologyEntry.id)
            )
        )


def edit(db: Database, ids: list[int], words: str) -> None:
    with db.session() as session:
        for record_id in ids:
            entry = session.get(ChronologyEntry, record_id)
            assert entry is not None
            entry.comment = words


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = database(folder / "server")
        laptop = database(folder / "laptop")
        reference = make_case(server, args.entries)

        start = time.perf_counter()
        export = folder / "case.json"
        write_case_file(server, reference, export)
        other = database(folder / "other")
        import_cases(other, [export])
        baseline = time.perf_counter() - start
        other.close()

        start = time.perf_counter()
        out = checkout.check_out(server, laptop, reference)
        took_out = time.perf_counter() - start

        mine, theirs = entry_ids(laptop, reference), entry_ids(server, reference)
        edit(laptop, mine[: args.edits], "Read again in the secure room")
        edit(server, theirs[-args.edits :], "Checked on the server meanwhile")
        with laptop.session() as session:
            case_id = records.case_by_reference(session, reference).id
        for n in range(50):
            records.add(
                laptop,
                ChronologyEntry,
                case_id,
                {"occurred_on": "2024-01-01", "source": f"Note {n}", "event": "Secure room note"},
            )
        start = time.perf_counter()
        result = checkout.check_in(laptop, server, reference)
        took_in = time.perf_counter() - start

        print(f"case of {args.entries:,} chronology entries ({out.records:,} records)")
        print(f"  baseline, case file export + import into an empty database: {baseline:.2f} s")
        print(f"  check-out: {took_out:.2f} s  (ratio {took_out / baseline:.2f})")
        print(
            f"  check-in of {result.updated} changed, {result.added} added, with "
            f"{args.edits} changed on the server and {result.history:,} audit entries carried: "
            f"{took_in:.2f} s  (ratio {took_in / baseline:.2f})"
        )
        server.close()
        laptop.close()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
