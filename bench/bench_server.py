"""The shared server under a team's load, against one person on the laptop's database.

N coordinators (separate processes, 20 by default), each signed in as themselves (a member of
``dhr_coordinator``, so row-level security is at work), share 1,000 cases of two partnerships on
a throwaway PostgreSQL cluster. Each repeats a typical mix for a duration (60 s by default):

* open a case: the case, its people and its chronology (what the case window reads);
* edit and save: a person's notes, saved with the version the form was opened on;
* add a chronology entry;
* build the dashboard (the deadlines, returns, next steps of every case of the partnership).

Then one person runs the same mix for the same time on the encrypted laptop database
(SQLCipher) holding the same 1,000 cases: the baseline. Printed for each: the operations done,
the throughput, the p50/p95 of a save and of the dashboard, saves refused because someone
changed the record meanwhile (by design, not errors) and errors.

Goals (issue 15): p95 of a save under 100 ms, of the dashboard under 500 ms, no errors.

Run:  python bench/bench_server.py [--workers 20] [--seconds 60] [--cases 1000] [--entries 20]
                                   [--pause 0]
With --pause P each person waits a random time (mean P seconds) between two operations, as
people do while they read and type; without it the operations follow one another at once, so
20 processes and the server share the machine's cores with no rest (a stress figure).
PostgreSQL's binaries come from /usr/lib/postgresql/*/bin (see tests/pg_support.py), or
DHR_DESK_TEST_PG=postgresql://admin@host:port/postgres names a server to use.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bench_store import KEY, populate  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from dhr_desk.domain import ChronologyEntry, Person  # noqa: E402
from dhr_desk.errors import ChangedMeanwhileError  # noqa: E402
from dhr_desk.services import dashboard, workspace  # noqa: E402
from dhr_desk.storage import audit, guards, migrate, store  # noqa: E402
from dhr_desk.storage.database import Database, make_engine  # noqa: E402

PARTNERSHIPS = ("Ashford Vale", "Brookmere")
MIX = (("open", 30), ("save", 25), ("chronology", 30), ("dashboard", 15))
Sample = tuple[str, float, str]  # operation, seconds, "" or "conflict" or the error


# --------------------------------------------------------------------------- the mix
def _visible(db: Database) -> list[tuple[int, int]]:
    """(case id, person id) of the cases this person sees."""
    with db.reading() as session:
        rows = session.execute(select(Person.case_id, Person.id).order_by(Person.case_id))
        return [(int(c), int(p)) for c, p in rows]


def _one(db: Database, op: str, case_id: int, person_id: int, rng: random.Random) -> None:
    if op == "open":
        workspace.get_case(db, case_id)
        workspace.children(db, Person, case_id)
        workspace.children(db, ChronologyEntry, case_id)
    elif op == "save":
        seen = workspace.version(db, Person, person_id)
        values = {"notes": f"Checked with the agency on visit {rng.randrange(10**6)}."}
        workspace.save(db, Person, case_id, person_id, values, seen=seen)
    elif op == "chronology":
        workspace.save(
            db,
            ChronologyEntry,
            case_id,
            None,
            {
                "occurred_on": dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(900)),
                "source": "GP records",
                "event": "Attended the surgery; low mood noted and a referral discussed.",
            },
        )
    else:
        dashboard.build(db)


def run_mix(db: Database, seconds: float, seed: int, pause: float = 0.0) -> list[Sample]:
    """The mix for ``seconds``; ``pause``: the mean time a person reads or types between two
    operations (exponentially distributed; 0 = one operation straight after another)."""
    rng = random.Random(seed)
    targets = _visible(db)
    ops = [op for op, weight in MIX for _ in range(weight)]
    samples: list[Sample] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        op = rng.choice(ops)
        case_id, person_id = rng.choice(targets)
        start = time.perf_counter()
        outcome = ""
        try:
            _one(db, op, case_id, person_id, rng)
        except ChangedMeanwhileError:
            outcome = "conflict"
        except Exception as exc:  # noqa: BLE001 - counted and shown, the run goes on
            outcome = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
        samples.append((op, time.perf_counter() - start, outcome))
        if pause > 0:
            time.sleep(min(rng.expovariate(1 / pause), max(0.0, end - time.monotonic())))
    return samples


def _worker(
    url: str, seconds: float, seed: int, start_at: float, out: Any, pause: float = 0.0
) -> None:
    try:
        db = store.open_server(url)
    except Exception as exc:  # noqa: BLE001
        out.put([("connect", 0.0, f"{type(exc).__name__}: {exc}")])
        return
    with contextlib.closing(db):
        _visible(db)  # warm the connection before the common start
        time.sleep(max(0.0, start_at - time.time()))
        out.put(run_mix(db, seconds, seed, pause))


# --------------------------------------------------------------------------- set-up
def server_run(args: argparse.Namespace) -> tuple[list[Sample], float]:
    import pg_support

    cluster = pg_support.cluster()
    name = pg_support.new_database()  # migrated, the roles' rights given
    admin_url = cluster.url(name)
    try:
        built = time.perf_counter()
        with contextlib.closing(store.open_server(admin_url)) as db:
            populate(db, args.cases, args.entries)
            with db.session() as session:
                session.execute(
                    text(
                        'UPDATE "case" SET coordinator = NULL, '  # unassigned: open to all
                        "partnership = CASE WHEN id % 2 = 0 THEN :a ELSE :b END"
                    ),
                    {"a": PARTNERSHIPS[0], "b": PARTNERSHIPS[1]},
                )
        people = []
        for i in range(args.workers):
            person = f"bench_coordinator_{i + 1}"
            store.add_server_user(admin_url, person, "coordinator", PARTNERSHIPS[i % 2])
            people.append(cluster.url(name, user=person))
        print(
            f"server: {args.cases} cases ({args.entries} chronology entries each) in "
            f"{len(PARTNERSHIPS)} partnerships, {args.workers} coordinators; set up in "
            f"{time.perf_counter() - built:.1f} s"
        )
        ctx = mp.get_context("fork")
        queue = ctx.Queue()
        start_at = time.time() + 3 + args.workers * 0.15
        procs = [
            ctx.Process(target=_worker, args=(url, args.seconds, i, start_at, queue, args.pause))
            for i, url in enumerate(people)
        ]
        for p in procs:
            p.start()
        samples: list[Sample] = []
        for _ in procs:
            samples.extend(queue.get(timeout=args.seconds + 600))
        for p in procs:
            p.join()
        return samples, args.seconds
    finally:
        pg_support.drop_database(name)


def laptop_run(args: argparse.Namespace, folder: Path) -> tuple[list[Sample], float]:
    path = folder / "laptop.db"
    engine = make_engine(path, KEY, create=True)
    migrate.upgrade(engine)
    guards.install()
    audit.install()
    db = Database(engine, path)
    try:
        populate(db, args.cases, args.entries)
        return run_mix(db, args.seconds, 0, args.pause), args.seconds
    finally:
        db.close()


# --------------------------------------------------------------------------- figures
def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[int(q) - 1] * 1000:.0f}"


def report(title: str, samples: list[Sample], seconds: float) -> None:
    done = [s for s in samples if s[2] in ("", "conflict")]
    errors = [s for s in samples if s[2] not in ("", "conflict")]
    conflicts = sum(1 for s in samples if s[2] == "conflict")
    print(f"\n{title}")
    print(f"  operations: {len(done)} in {seconds:.0f} s = {len(done) / seconds:.1f} per second")
    print(f"  {'operation':<12}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}")
    for op, _w in MIX:
        times = [s[1] for s in samples if s[0] == op and s[2] == ""]
        print(f"  {op:<12}{len(times):>7}{_ms(times, 50):>9}{_ms(times, 95):>9}")
    print(f"  saves refused, changed meanwhile by someone else: {conflicts}")
    print(f"  errors: {len(errors)}")
    for message, count in Counter(s[2] for s in errors).most_common(5):
        print(f"    {count} × {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=20, help="chronology entries per case")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="mean seconds a person reads or types between two operations (default 0: each "
        "coordinator's next operation starts as soon as the last one ends, a stress figure)",
    )
    args = parser.parse_args()
    samples, seconds = server_run(args)
    report(f"PostgreSQL server, {args.workers} coordinators at once (processes)", samples, seconds)
    with tempfile.TemporaryDirectory() as folder:
        samples, seconds = laptop_run(args, Path(folder))
    report("SQLCipher laptop database, one person", samples, seconds)


if __name__ == "__main__":
    main()
