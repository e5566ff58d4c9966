"""Draft benchmark: how long keeping unsaved edits costs the GUI thread, each figure printed with
a baseline measured in the same run, on a real encrypted database (SQLCipher, WAL, full sync)
holding the demo cases.

1. Writing one draft (``services.drafts.keep``): a person form as typed (19 fields), and a
   meeting form whose minutes hold 100,000 characters, against saving the same person through
   the services (what the Save button costs). Goal: a draft of a usual form under 20 ms, so a
   timer on the GUI thread every few seconds is never felt.
2. One look of the keeper's timer in the main window with three cases open: with one form
   changed since the last look (a draft written), and with nothing changed (the scan alone).

Run:  QT_QPA_PLATFORM=offscreen python bench/bench_drafts.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from dhr_desk import records  # noqa: E402
from dhr_desk.domain import Case, Meeting, Person  # noqa: E402
from dhr_desk.services import demo, drafts  # noqa: E402
from dhr_desk.services.drafts import DraftPlace  # noqa: E402
from dhr_desk.storage import migrate, store  # noqa: E402
from dhr_desk.storage.database import Database, make_engine  # noqa: E402
from dhr_desk.storage.paths import DataDir  # noqa: E402

KEY = bytes(range(32))


def timed(
    fn: Callable[[int], object], repeat: int, before: Callable[[int], object] | None = None
) -> tuple[float, float]:
    """Median and worst time in milliseconds of ``fn(i)`` for i in range(repeat) (``before(i)``
    runs first, off the clock)."""
    times = []
    for i in range(repeat):
        if before is not None:
            before(i)
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def show(label: str, figures: tuple[float, float]) -> None:
    print(f"  {label:<58} median {figures[0]:7.2f} ms   worst {figures[1]:7.2f} ms")


def open_demo(folder: Path) -> Database:
    path = folder / "dhr-desk.db"
    engine = make_engine(path, KEY)
    migrate.upgrade(engine)
    engine.dispose()
    db = store.open_file(path, KEY, upgrade=False)
    demo.load_demo(db)
    return db


def write_figures(db: Database, repeat: int) -> None:
    with db.session() as session:
        case = session.scalars(select(Case).order_by(Case.id)).first()
        assert case is not None
        person = session.scalars(select(Person).where(Person.case_id == case.id)).first()
        meeting = session.scalars(select(Meeting).where(Meeting.case_id == case.id)).first()
        assert person is not None and meeting is not None
    from ui.specs import PERSON

    person_form = {
        f.key: (value if isinstance(value := getattr(person, f.key), str | bool) else "")
        for f in PERSON
    }
    person_form["role"] = "victim"
    minutes = ("The panel discussed the agency returns and agreed the next steps. " * 1500)[
        :100_000
    ]
    meeting_form = {"kind": "panel", "number": "1", "held_on": "2025-03-01", "minutes": minutes}
    person_place = DraftPlace(case.id, "people", "person", case.id, person.id, "person")
    meeting_place = DraftPlace(case.id, "meetings", "meeting", case.id, meeting.id, "meeting")

    print(f"1. One draft written (encrypted, full sync; {repeat} writes each, one key apart)")
    draft = timed(lambda i: drafts.keep(db, person_place, person_form | {"notes": "x" * i}), repeat)
    show("person form as typed (19 fields)", draft)
    show(
        "meeting form with 100,000 characters of minutes",
        timed(
            lambda i: drafts.keep(db, meeting_place, meeting_form | {"minutes": minutes + str(i)}),
            repeat,
        ),
    )
    save = timed(lambda i: records.update(db, Person, person.id, {"notes": f"saved {i}"}), repeat)
    show("baseline: saving the person (audited update)", save)
    print(f"  ratio draft / save (medians): {draft[0] / save[0]:.2f}")
    drafts.discard_all(db)


def tick_figures(db: Database, folder: Path, repeat: int) -> None:
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application(["bench"])
    data_dir = DataDir(folder)
    window = MainWindow(db, data_dir)
    window.drafts.timer.stop()  # looked at by hand below
    window.show()
    while window.refreshing:  # the dashboard is read in the background first
        app.processEvents()
    with db.session() as session:
        ids = list(session.scalars(select(Case.id).order_by(Case.id)))[:3]
    for case_id in ids:
        ws = window.open_case(case_id, "people")
        assert ws is not None
        for area in ("summary", "meetings", "chronology", "recommendations", "people"):
            ws.show_area(area)
    app.processEvents()
    people = ws.pages["people"]
    people.new_record()

    def typed(i: int) -> None:
        people.form.set_value("notes", f"typed {i}")

    def changed(_i: int) -> None:
        assert window.drafts.keep_now() == 1

    def unchanged(_i: int) -> None:
        assert window.drafts.keep_now() == 0

    forms = sum(1 for _ in window.drafts.open_forms())
    print(f"2. One look of the draft timer (3 cases open, {forms} forms built)")
    show(
        "one form changed since the last look: its draft written",
        timed(changed, repeat, typed),
    )
    scan = timed(unchanged, repeat)
    show("baseline: nothing changed (the scan alone)", scan)
    window.drafts.stop()
    people.form.dirty = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = open_demo(folder)
        try:
            write_figures(db, args.repeat)
            tick_figures(db, folder, args.repeat)
        finally:
            db.close()


if __name__ == "__main__":
    main()
