"""Annual figures benchmark: prints each figure with a baseline measured in the same run.

Counting the four ASB Case Review figures (s104(10)) for a financial year, by quarter with the
context, over a database of N Community Triggers (each with an application, three complaints,
a threshold decision, half of them a held case review meeting and an outcome, one in ten a
request for a review), encrypted. Baseline: one SQL ``COUNT`` of the applications received in
the period on the same database (the least any count must do). Then the web page and the PDF of
the figures. Goal: the year's figures in under 2 s for 2,000 cases.

Run:  python bench/bench_figures.py [--cases 2000] [--repeat 5]
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

from sqlalchemy import func, select

from dhr_desk.domain import (
    Appeal,
    ApplicationChannel,
    Case,
    CaseKind,
    Complaint,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    MeetingStatus,
    TriggerApplication,
)
from dhr_desk.figures import Period, annual_figures, as_bytes
from dhr_desk.storage import migrate
from dhr_desk.storage.database import Database, make_engine

KEY = bytes(range(32))
YEAR = Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def populate(db: Database, n_cases: int) -> None:
    """Fill a database quickly (set-up only: the audit hook is off for the bulk load)."""
    channels = list(ApplicationChannel)
    start = dt.date(2024, 10, 1)
    with db.session() as session:
        session.info["audit_disabled"] = True
        for i in range(n_cases):
            received = start + dt.timedelta(days=(i * 7) % 540)
            case = Case(reference=f"CT-{i:05d}", kind=CaseKind.COMMUNITY_TRIGGER, title=f"CT {i}")
            session.add(case)
            session.flush()
            session.add(
                TriggerApplication(
                    case_id=case.id, received_on=received, channel=channels[i % len(channels)]
                )
            )
            for n in range(3):
                day = received - dt.timedelta(days=20 * (n + 1))
                session.add(
                    Complaint(
                        case_id=case.id,
                        incident_on=day,
                        reported_on=day,
                        reported_to=("Police", "Council", "Housing")[n],
                        is_hate_incident=i % 11 == 0,
                    )
                )
            met = i % 2 == 0
            decided = received + dt.timedelta(days=12)
            session.add(
                Decision(
                    case_id=case.id,
                    kind=DecisionKind.THRESHOLD,
                    decided_on=decided,
                    outcome=DecisionOutcome.MET if met else DecisionOutcome.NOT_MET,
                    basis="statutory" if met else "",
                )
            )
            if met:
                held = decided + dt.timedelta(days=21)
                session.add(
                    Meeting(
                        case_id=case.id,
                        kind=MeetingKind.CASE_REVIEW,
                        number=1,
                        held_on=held,
                        status=MeetingStatus.HELD,
                    )
                )
                session.add(
                    Decision(
                        case_id=case.id,
                        kind=DecisionKind.OUTCOME,
                        decided_on=held,
                        outcome=DecisionOutcome.RECOMMENDATIONS,
                    )
                )
            elif i % 10 == 1:
                session.add(Appeal(case_id=case.id, requested_on=decided + dt.timedelta(days=9)))
            if i % 500 == 499:
                session.flush()


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "bench.db", KEY)
        migrate.upgrade(engine)
        db = Database(engine)
        populate(db, args.cases)

        def baseline() -> int:
            with db.session() as session:
                stmt = select(func.count()).where(
                    TriggerApplication.received_on.between(YEAR.start, YEAR.end)
                )
                return int(session.scalar(stmt) or 0)

        def count() -> object:
            with db.session() as session:
                return annual_figures(session, YEAR)

        base = timed(baseline, args.repeat)
        figures = timed(count, args.repeat)
        with db.session() as session:
            result = annual_figures(session, YEAR)
        names = {"label": "ASB Case Review (Community Trigger)", "partnership": "Bench CSP"}
        html = timed(lambda: as_bytes(result, "html", names, dt.date(2026, 4, 2)), args.repeat)
        pdf = timed(lambda: as_bytes(result, "pdf", names, dt.date(2026, 4, 2)), args.repeat)
        engine.dispose()
    counts = result.counts.as_json()
    print(f"{args.cases} ASB Case Reviews, financial year 2025-26: {counts}")
    print(f"  baseline (one SQL count of applications): {base * 1000:8.1f} ms")
    print(
        f"  the year's figures, by quarter, with context: {figures * 1000:8.1f} ms "
        f"(x{figures / base:.0f} the baseline; goal < 2000 ms: "
        f"{'met' if figures < 2 else 'NOT met'})"
    )
    print(f"  web page: {html * 1000:8.1f} ms; PDF: {pdf * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
