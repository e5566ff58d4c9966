"""Benchmark chronology gathering (a script, not a test): prints seconds, with a baseline measured
in the same run, so that figures from different machines can be compared.

    .venv/bin/python bench/bench_chronology.py [--rows 5000] [--entries 20000] [--repeat 3]

Figures (median of --repeat runs), each with the goal of under 2 seconds:
  1. importing an agency's return of 5,000 rows from .xlsx: reading the file, checking every row
     and writing every entry (audited) into an encrypted database; baseline: openpyxl reading
     the same file with no processing (every cell's value);
  2. the same from .docx; baseline: python-docx reading the same file with no processing
     (every cell's text);
  3. the combined chronology of 20,000 entries from 15 agencies, merged in order from the
     encrypted database, with likely duplicates flagged; baseline: fetching the same rows with
     one plain SELECT;
  4. the timeline of 5,000 entries laid out and drawn to PNG (the documents' figure) and
     painted by Qt (the app); baseline: PIL drawing 5,000 plain rectangles and writing the PNG.

Everything runs in a temporary folder with an in-memory credential store (deleted afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import keyring  # noqa: E402
from store_support import MemoryKeyring  # noqa: E402

GOAL = 2.0
AGENCIES = [
    "Northshire Police",
    "Northshire ICB",
    "Northshire Hospitals NHS Trust",
    "East Midshire Ambulance Service",
    "Northshire Partnership NHS Trust",
    "Adult Social Care",
    "Children's Services",
    "Vale Homes",
    "Northshire Women's Aid",
    "The Probation Service",
    "Northshire Fire and Rescue",
    "Recovery Partnership",
    "Ashford Vale Borough Council",
    "Citizens Advice",
    "Job Centre Plus",
]
EVENTS = (
    "Police called to the address after a neighbour heard shouting and a woman crying",
    "GP appointment: low mood and poor sleep; asked about home, said all fine",
    "Housing officer visit about rent arrears; partner answered and spoke for her",
    "A&E attendance with a wrist injury, said she fell down the stairs",
    "IDVA referral received; three calls attempted over the week",
    "Probation supervision: discussed the relationship and alcohol use",
    "Letter sent about a missed appointment",
)


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median wall-clock seconds, median processor seconds) of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def report(label: str, seconds: float, cpu: float, baseline: float, baseline_label: str) -> None:
    verdict = "OK" if seconds < GOAL else "MISSED"
    print(f"   {label}: {seconds:.2f} s  (processor time {cpu:.2f} s)")
    print(f"   baseline, {baseline_label}: {baseline:.2f} s")
    print(f"   ratio {seconds / baseline:.1f}  (goal: under {GOAL:.0f} s) {verdict}")


def new_database(folder: Path) -> object:
    from dhr_desk.storage import store
    from dhr_desk.storage.paths import DataDir

    data_dir = DataDir(folder)
    store.init(data_dir, "keyring")
    return store.open_database(data_dir)


def make_case(db: object) -> int:
    from dhr_desk.services import cases

    case = cases.new_dhr(
        db,  # type: ignore[arg-type]
        {
            "notification_received_on": "2024-05-10",
            "notified_by": "DI Example",
            "date_of_death": "2024-05-01",
            "review_period_start": "2016-01-01",
            "review_period_end": "2024-05-01",
        },
        victim={"real_name": "Jane Example", "pseudonym": "Adult A"},
    )
    return case.id


def _baselines(xlsx: Path, word: Path) -> dict[str, Callable[[], None]]:
    import docx
    import openpyxl

    def openpyxl_only() -> None:
        book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for _value in row:
                    pass
        book.close()

    def python_docx_only() -> None:
        document = docx.Document(str(word))
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text

    return {"xlsx": openpyxl_only, "docx": python_docx_only}


def bench_imports(folder: Path, rows: int, repeat: int) -> None:
    from chronology_files import big_docx, big_xlsx

    from dhr_desk.services import chronology

    xlsx = big_xlsx(folder / "return.xlsx", rows)
    word = big_docx(folder / "return.docx", rows)
    baselines = _baselines(xlsx, word)
    databases = iter(range(1_000_000))

    def one_import(path: Path) -> tuple[float, float, float]:
        """(wall seconds, processor seconds, of which writing) of one import."""
        db = new_database(folder / f"import-{next(databases)}")
        try:
            case_id = make_case(db)
            phases: list[float] = []

            def work() -> None:
                plan = chronology.read_return(db, case_id, path, "Northshire Police")  # type: ignore[arg-type]
                phases.append(time.process_time())
                result = chronology.import_return(db, case_id, plan)  # type: ignore[arg-type]
                phases.append(time.process_time())
                assert result.entries == rows, result.message

            wall, cpu = timed(work, 1)
            return wall, cpu, phases[1] - phases[0]
        finally:
            db.close()  # type: ignore[attr-defined]

    for number, path, baseline_label in (
        (1, xlsx, "openpyxl reading the file"),
        (2, word, "python-docx reading the file"),
    ):
        runs = [one_import(path) for _ in range(repeat)]
        seconds = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        writing = statistics.median(r[2] for r in runs)
        base, _ = timed(baselines[path.suffix[1:]], repeat)
        size = path.stat().st_size / 1e6
        print(f"{number}. Import from {path.suffix} ({rows:,} rows, {size:.1f} MB)")
        report("read, check and write every entry (audited)", seconds, cpu, base, baseline_label)
        print(
            f"   of the processor time: reading and checking {cpu - writing:.2f} s, writing "
            f"the entries with their audit trail {writing:.2f} s"
        )


WORDS = " ".join(
    [
        "victim partner address police officer attended called reported shouting neighbour",
        "injury bruising arm face hospital ambulance GP appointment mood anxiety sleep",
        "medication review housing rent arrears repairs door window tenancy visit letter",
        "phone text message refuge IDVA referral MARAC DASH risk assessment standard medium",
        "high children school nursery health visitor social worker strategy meeting",
        "safeguarding concern alcohol drugs money job benefits court order bail conditions",
        "arrest interview charge caution released custody probation supervision programme",
        "counselling talking therapies crisis team mental health self-harm overdose friend",
        "sister mother father colleague employer church community advice service benefit debt",
        "bailiff eviction notice move transfer request declined declined accepted engaged",
        "disengaged closed reopened followed contacted spoke alone present controlling",
        "jealous isolating threatened pushed grabbed strangled hit kicked",
    ]
).split()


def _event(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 16))).capitalize()


def make_chronology(db: object, case_id: int, entries: int) -> None:
    """Entries from 15 agencies over eight years; one in thirty is an event a second agency
    also recorded the same day, in other words."""
    from dhr_desk import records
    from dhr_desk.domain import ChronologyEntry

    rng = random.Random(7)
    start = dt.date(2016, 1, 1)
    with db.session() as session:  # type: ignore[attr-defined]
        ids = [records.agency_named(session, name).id for name in AGENCIES]
        previous: ChronologyEntry | None = None
        for i in range(entries):
            if previous is not None and i % 30 == 0:
                words = previous.event.split()
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                day, event = previous.occurred_on, " ".join(words)
                minutes = int(previous.occurred_time[:2]) * 60 + int(previous.occurred_time[3:])
                minutes = min(23 * 60 + 59, minutes + rng.randrange(5, 40))
                agency = ids[(ids.index(int(previous.agency_id or ids[0])) + 1) % len(ids)]
            else:
                day = start + dt.timedelta(days=rng.randrange(0, 3000))
                event, minutes, agency = _event(rng), rng.randrange(24 * 60), ids[i % len(ids)]
            entry = ChronologyEntry(
                case_id=case_id,
                occurred_on=day,
                occurred_time=f"{minutes // 60:02d}:{minutes % 60:02d}",
                agency_id=agency,
                source=f"Record {i}",
                event=event,
                action_decision="No further action",
            )
            session.add(entry)
            previous = entry


def bench_merge(folder: Path, entries: int, repeat: int) -> None:
    from sqlalchemy import text

    from dhr_desk.services import chronology

    db = new_database(folder / "merge")
    try:
        case_id = make_case(db)
        make_chronology(db, case_id, entries)
        found: list[int] = []

        def merged() -> None:
            rows = chronology.rows(db, case_id)  # type: ignore[arg-type]
            pairs = chronology.duplicates(db, case_id, rows)  # type: ignore[arg-type]
            chronology.groups(db, case_id)  # type: ignore[arg-type]
            found[:] = [len(rows), len(pairs)]

        def plain_select() -> None:
            query = text("SELECT * FROM chronology_entry WHERE case_id = :c")
            with db.engine.connect() as conn:  # type: ignore[attr-defined]
                conn.execute(query, {"c": case_id}).fetchall()

        seconds, cpu = timed(merged, repeat)
        base, _ = timed(plain_select, repeat)
        print(
            f"3. Combined chronology of {found[0]:,} entries from {len(AGENCIES)} agencies, "
            f"{found[1]:,} likely duplicates flagged"
        )
        report("merge in order and flag duplicates", seconds, cpu, base, "one plain SELECT")
    finally:
        db.close()  # type: ignore[attr-defined]


def bench_timeline(entries: int, repeat: int) -> None:
    from PIL import Image, ImageDraw
    from PySide6.QtGui import QGuiApplication

    from dhr_desk.chronology import drawing
    from dhr_desk.chronology.timeline import TimelineEntry, TimelineFacts, lay_out

    app = QGuiApplication.instance() or QGuiApplication(["bench"])
    from ui.chronology_timeline import paint, qt_measure

    rng = random.Random(11)
    start = dt.date(2016, 1, 1)
    rows = []
    for i in range(entries):
        day = start + dt.timedelta(days=rng.randrange(0, 3000))
        end = day if i % 40 else day + dt.timedelta(days=29)
        rows.append(TimelineEntry(i, day, end, AGENCIES[i % 12], i % 250 == 0, EVENTS[i % 7]))
    facts = TimelineFacts(
        "Bench: contacts by agency", start, dt.date(2024, 5, 1), dt.date(2024, 5, 1)
    )
    measure = drawing.measure()

    def figure() -> None:
        drawing.to_png(lay_out(rows, facts, 1000.0, measure=measure))

    def app_picture() -> None:
        paint(lay_out(rows, facts, 1400.0, measure=qt_measure()))

    def plain_pil() -> None:
        image = Image.new("RGB", (2000, 700), "white")
        draw = ImageDraw.Draw(image)
        for i in range(entries):
            x = (i * 37) % 2000
            draw.rectangle((x, 100 + (i % 12) * 40, x + 2, 130 + (i % 12) * 40), fill=(31, 78, 121))
        image.save(io.BytesIO(), "PNG")

    figure_seconds, figure_cpu = timed(figure, repeat)
    app_seconds, app_cpu = timed(app_picture, repeat)
    base, _ = timed(plain_pil, repeat)
    print(f"4. Timeline of {entries:,} entries from 12 agencies")
    report(
        "laid out and drawn to PNG (the documents' figure)",
        figure_seconds,
        figure_cpu,
        base,
        "PIL drawing 5,000 rectangles to PNG",
    )
    verdict = "OK" if app_seconds < GOAL else "MISSED"
    print(
        f"   laid out and painted by Qt (the app): {app_seconds:.2f} s  (processor time "
        f"{app_cpu:.2f} s) {verdict}"
    )
    del app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp(prefix="dhr-desk-bench-"))
    try:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(
            f"DHR Desk chronology benchmark: Python {sys.version.split()[0]}, median of "
            f"{args.repeat}, {os.cpu_count()} processors, load average {load:.1f}"
        )
        bench_imports(folder, args.rows, args.repeat)
        bench_merge(folder, args.entries, args.repeat)
        bench_timeline(args.rows, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
