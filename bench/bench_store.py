"""Storage benchmark: prints each figure with a baseline measured in the same run.

1. Open and list all cases of a database with 1,000 cases and 50,000 chronology entries,
   encrypted (SQLCipher) versus the same workload on plain SQLite (goal: ratio <= 1.3).
2. The dashboard and the case list with each case's next step and due date (what the window
   does on a refresh), for the same 1,000 cases with agency returns, decisions and pauses
   added: the queries it takes (goal: a fixed handful, whatever the number of cases) and its
   time, against the open deadlines alone (what the dashboard computed before) and the cases
   listed alone.
3. Import one case file with 5,000 chronology entries (goal: < 2 s), against the baseline of
   building the same records through the ORM with no file and no validation.

Run:  python bench/bench_store.py [--cases 1000] [--entries 50] [--repeat 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, select

from dhr_desk.domain import (
    Agency,
    AgencyReturn,
    Case,
    ChronologyEntry,
    Decision,
    Milestone,
    Pause,
    Person,
)
from dhr_desk.domain.enums import (
    CaseKind,
    DecisionKind,
    DecisionOutcome,
    PauseReason,
    PersonRole,
    ReturnType,
)
from dhr_desk.services import cases, dashboard, progress
from dhr_desk.storage import audit, guards, migrate, store
from dhr_desk.storage.database import Database, make_engine, make_plain_engine

KEY = bytes(range(32))


def populate(db: Database, n_cases: int, per_case: int) -> None:
    """Fill a database quickly (set-up only: the audit hook is off for the bulk load)."""
    base = dt.date(2020, 1, 1)
    with db.session() as session:
        session.info["audit_disabled"] = True
        agencies = [Agency(name=f"Agency {i}") for i in range(12)]
        session.add_all(agencies)
        session.flush()
        for i in range(n_cases):
            kind = CaseKind.DHR if i % 3 else CaseKind.COMMUNITY_TRIGGER
            case = Case(
                reference=f"{'DHR' if kind == CaseKind.DHR else 'CT'}-{2020 + i % 6}-{i:04d}",
                kind=kind,
                title=f"Adult {i}",
                stage="panel_meetings",
                notification_received_on=base + dt.timedelta(days=i),
                notified_by="Police",
            )
            session.add(case)
            session.flush()
            session.add(
                Milestone(
                    case_id=case.id, step="notification", occurred_on=base + dt.timedelta(days=i)
                )
            )
            session.add(
                Person(
                    case_id=case.id,
                    real_name=f"Person {i}",
                    pseudonym=f"P{i}",
                    role=PersonRole.VICTIM,
                )
            )
            session.add_all(
                ChronologyEntry(
                    case_id=case.id,
                    occurred_on=base + dt.timedelta(days=j),
                    agency_id=agencies[j % 12].id,
                    source="Agency IMR",
                    event=f"Contact {j}: a home visit was made and concerns were recorded.",
                    action_decision="Referral made",
                    comment="",
                )
                for j in range(per_case)
            )
            if i % 100 == 99:
                session.flush()


def timed(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def open_and_list_encrypted(path: Path) -> int:
    db = store.open_file(path, KEY, upgrade=False)
    try:
        return len(cases.list_cases(db))
    finally:
        db.close()


def open_and_list_plain(path: Path) -> int:
    engine = make_plain_engine(f"sqlite:///{path}")
    try:
        store.check_schema(engine, path, None, upgrade=False)  # the same checks as a real open
        return len(cases.list_cases(Database(engine)))
    finally:
        engine.dispose()


def bench_open_list(folder: Path, n_cases: int, per_case: int, repeat: int) -> None:
    enc_path, plain_path = folder / "enc.db", folder / "plain.db"
    build = time.perf_counter()
    enc_engine = make_engine(enc_path, KEY)
    migrate.upgrade(enc_engine)
    populate(Database(enc_engine), n_cases, per_case)
    enc_engine.dispose()
    plain_engine = make_plain_engine(f"sqlite:///{plain_path}")
    migrate.upgrade(plain_engine)
    populate(Database(plain_engine), n_cases, per_case)
    plain_engine.dispose()
    print(
        f"set-up: {n_cases:,} cases, {n_cases * per_case:,} chronology entries in each "
        f"database ({time.perf_counter() - build:.1f} s)"
    )
    assert open_and_list_encrypted(enc_path) == open_and_list_plain(plain_path) == n_cases
    t_enc = timed(lambda: open_and_list_encrypted(enc_path), repeat)
    t_plain = timed(lambda: open_and_list_plain(plain_path), repeat)
    print(f"open + list all cases, encrypted (SQLCipher 4):  {t_enc * 1000:8.1f} ms")
    print(f"open + list all cases, plain SQLite (baseline):  {t_plain * 1000:8.1f} ms")
    print(f"ratio encrypted / plain: {t_enc / t_plain:.2f}  (goal <= 1.3)")
    size = enc_path.stat().st_size
    print(f"encrypted file: {size / 1e6:.1f} MB")


def case_file(n_entries: int) -> dict[str, object]:
    """A case file in the documented format, built by exporting a generated case."""
    from dhr_desk.casefile import export_case

    engine = make_plain_engine()
    migrate.upgrade(engine)
    guards.install()
    audit.install()
    db = Database(engine)
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-03-03",
            "notified_by": "Police",
            "reference": "DHR-2025-900",
        },
        victim={"real_name": "Bench Victim", "pseudonym": "Adult Z"},
    )
    with db.session() as session:
        agencies = [Agency(name=f"Agency {i}") for i in range(8)]
        session.add_all(agencies)
        session.flush()
        session.add_all(
            ChronologyEntry(
                case_id=case.id,
                occurred_on=dt.date(2023, 1, 1) + dt.timedelta(days=j % 700),
                agency_id=agencies[j % 8].id,
                source="Agency chronology",
                event=f"Entry {j}: attended appointment; disclosed worries about partner.",
                action_decision="Safety plan discussed",
                comment="Opportunity to ask about coercive control.",
            )
            for j in range(n_entries)
        )
    with db.session() as session:
        return export_case(session, "DHR-2025-900")


def bench_import(folder: Path, n_entries: int, repeat: int) -> None:
    from dhr_desk.casefile import import_cases

    document = case_file(n_entries)
    path = folder / "case.json"
    path.write_text(json.dumps(document), "utf-8")
    print(f"case file: {n_entries:,} chronology entries, {path.stat().st_size / 1e6:.1f} MB")

    def one_import() -> None:
        target = folder / f"imp-{time.perf_counter_ns()}.db"
        engine = make_engine(target, KEY)
        migrate.upgrade(engine)
        engine.dispose()
        db = store.open_file(target, KEY, upgrade=False)
        try:
            start = time.perf_counter()
            import_cases(db, [path])
            samples.append(time.perf_counter() - start)
        finally:
            db.close()

    def one_orm_baseline() -> None:
        target = folder / f"orm-{time.perf_counter_ns()}.db"
        engine = make_engine(target, KEY)
        migrate.upgrade(engine)
        db = Database(engine)
        try:
            start = time.perf_counter()
            with db.session() as session:
                session.info["audit_disabled"] = True
                c = Case(reference="X-1", kind=CaseKind.DHR, title="x")
                session.add(c)
                session.flush()
                session.add_all(
                    ChronologyEntry(
                        case_id=c.id,
                        occurred_on=dt.date(2023, 1, 1),
                        source="s",
                        event=f"Entry {j}",
                    )
                    for j in range(n_entries)
                )
            baseline.append(time.perf_counter() - start)
        finally:
            engine.dispose()

    samples: list[float] = []
    baseline: list[float] = []
    for _ in range(repeat):
        one_import()
        one_orm_baseline()
    t_imp, t_base = statistics.median(samples), statistics.median(baseline)
    print(
        f"import one case file ({n_entries:,} entries, validated, audited): "
        f"{t_imp:6.2f} s  (goal < 2 s)"
    )
    print(f"baseline: bare ORM insert of {n_entries:,} rows, no checks, no audit: {t_base:6.2f} s")
    print(f"ratio import / baseline: {t_imp / t_base:.2f}")


def add_clock_records(db: Database) -> None:
    """What the next steps read besides the steps: three requested returns and a decision to
    review for each DHR, and a running pause for one case in ten."""
    base = dt.date(2020, 1, 1)
    with db.session() as session:
        session.info["audit_disabled"] = True
        agencies = list(session.scalars(select(Agency)))
        for i, case in enumerate(session.scalars(select(Case)).all()):
            start = case.notification_received_on or base
            if case.kind == CaseKind.DHR:
                session.add(
                    Decision(
                        case_id=case.id,
                        kind=DecisionKind.REVIEW,
                        decided_on=start + dt.timedelta(days=20),
                        outcome=DecisionOutcome.REVIEW,
                    )
                )
                for j in range(3):
                    session.add(
                        AgencyReturn(
                            case_id=case.id,
                            agency_id=agencies[(i + j) % len(agencies)].id,
                            return_type=ReturnType.IMR,
                            requested_on=start + dt.timedelta(days=30),
                        )
                    )
            if i % 10 == 0:
                session.add(
                    Pause(
                        case_id=case.id,
                        reason=PauseReason.CRIMINAL_TRIAL,
                        started_on=start + dt.timedelta(days=40),
                    )
                )


def count_queries(db: Database, fn: Callable[[], object]) -> int:
    seen = [0]

    def count(*_args: object) -> None:
        seen[0] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return seen[0]


def bench_case_list(folder: Path, repeat: int) -> None:
    db = store.open_file(folder / "enc.db", KEY, upgrade=False)
    try:
        add_clock_records(db)
        n_cases = len(cases.list_cases(db))

        def refresh() -> None:  # what the window does: the dashboard, then the case list
            board = dashboard.build(db)
            rows = cases.list_cases(db)
            assert len(board.next_steps) == len(rows)

        queries = count_queries(db, refresh)
        alone = count_queries(db, lambda: cases.next_steps(db))
        t_refresh = timed(refresh, repeat)
        t_deadlines = timed(lambda: progress.open_deadlines(db), repeat)
        t_list = timed(lambda: cases.list_cases(db), repeat)
        print(
            f"dashboard + case list with next steps, {n_cases:,} cases: "
            f"{t_refresh * 1000:8.1f} ms in {queries} queries "
            f"(next steps alone: {alone} queries)"
        )
        print(
            f"baseline: the open deadlines alone (the dashboard before): {t_deadlines * 1000:8.1f}"
            " ms"
        )
        print(f"baseline: the cases listed alone:                          {t_list * 1000:8.1f} ms")
    finally:
        db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50, help="chronology entries per case")
    parser.add_argument("--import-entries", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dhr-desk-bench-") as tmp:
        folder = Path(tmp)
        bench_open_list(folder, args.cases, args.entries, args.repeat)
        bench_case_list(folder, max(3, args.repeat // 2))
        bench_import(folder, args.import_entries, max(3, args.repeat // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
