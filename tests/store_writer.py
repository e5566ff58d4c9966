"""One writer process for tests/test_store_writers.py: opens a data folder and, once the start
file appears, saves ``count`` times as fast as it can (case files imported and new DHRs opened,
each a unit of work that reads before it writes). Prints one JSON line: what succeeded and
every failure's message.

Run:  python tests/store_writer.py DATA_DIR PREFIX COUNT START_FILE CASE_FILE
(the passphrase comes from DHR_DESK_PASSPHRASE).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from dhr_desk.casefile import import_document
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir


def main() -> int:
    folder, prefix, count, start, case_file = sys.argv[1:6]
    db = store.open_database(DataDir(Path(folder)), Unlock(os.environ["DHR_DESK_PASSPHRASE"]))
    document = json.loads(Path(case_file).read_text("utf-8"))
    saved: list[str] = []
    failures: list[str] = []
    while not Path(start).exists():
        time.sleep(0.005)
    try:
        for i in range(int(count)):
            try:
                if i % 2:
                    case = cases.new_dhr(
                        db, {"notification_received_on": "2025-03-04", "notified_by": prefix}
                    )
                    saved.append(case.reference)
                else:
                    document["case"]["reference"] = f"{prefix}-{i:03d}"
                    outcome = import_document(db, document, f"{prefix}-{i}.json")
                    if not outcome.imported:
                        failures.append("\n".join(outcome.lines()))
                    else:
                        saved.append(document["case"]["reference"])
            except DhrDeskError as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
    finally:
        db.close()
    print(json.dumps({"saved": saved, "failures": failures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
