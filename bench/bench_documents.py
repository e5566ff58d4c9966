"""Benchmark document generation (a script, not a test): prints seconds and pages per second.

    /work/venv/bin/python bench/bench_documents.py [--entries 5000] [--pages 300]

Figures measured, each from the case data to the finished bytes in memory (building the
document from the database, then rendering):
  * combined chronology of 5,000 entries to .docx and to .pdf (landscape);
  * an overview report of about 300 pages to .pdf (its chronology section grown to fill it);
  * the published edition of the same two as tagged PDFs (PDF/UA-1, drawn by Typst);
  * a baseline in the same run: a trivial one-page letter, to .docx and .pdf, and the ratio of
    each figure to it, so results from different machines can be compared.
The goal is each of the three main figures under 3 seconds; the tagged PDFs are reported
beside them (Typst lays the whole document out in one go, off the GUI thread).

The fictional case lives in an in-memory database (nothing is written to disk).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402

from dhr_desk import records  # noqa: E402
from dhr_desk.documents import build_only  # noqa: E402
from dhr_desk.documents.docx_render import render_docx  # noqa: E402
from dhr_desk.documents.model import Document, Markings  # noqa: E402
from dhr_desk.documents.pdf_render import render_pdf  # noqa: E402
from dhr_desk.documents.typst_render import render_tagged_pdf  # noqa: E402
from dhr_desk.domain import Base, ChronologyEntry, Edition  # noqa: E402
from dhr_desk.services import cases  # noqa: E402
from dhr_desk.storage.database import Database, make_plain_engine  # noqa: E402

MARKS = Markings("OFFICIAL-SENSITIVE", "DHR", "DHR-2025-001", 3, dt.date(2025, 8, 1), True)
PUBLISHED = Markings(
    "OFFICIAL", "DHR", "DHR-2025-001", 3, dt.date(2025, 8, 1), False, edition="published"
)
EVENTS = (
    "Victim attended the GP surgery with bruising to the forearm; said she had fallen.",
    "Police called to a verbal argument at the address; both parties spoken to separately, "
    "DASH completed with the victim and graded standard risk; no offences disclosed.",
    "Housing officer visited about rent arrears; partner answered the door and spoke for the "
    "victim throughout the visit.",
    "A&E attendance at 02:10 with a head injury; alcohol noted; discharged the same night.",
)


def make_case(db: Database, entries: int) -> str:
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-02-03",
            "notified_by": "Eastshire Police",
            "date_of_death": "2025-01-28",
            "title": "Adult A",
            "review_period_start": "2015-01-01",
            "review_period_end": "2025-01-28",
        },
        victim={"real_name": "Jane Example", "pseudonym": "Adult A"},
        perpetrator={"real_name": "John Example", "pseudonym": "Adult B"},
    )
    with db.session() as session:
        agencies = [
            records.agency_named(session, name, short_name=short).id
            for name, short in (
                ("Eastshire Police", "Police"),
                ("Eastshire ICB", "ICB"),
                ("Eastfield Homes", "Housing"),
                ("Eastshire Hospitals NHS Trust", "Hospital"),
            )
        ]
        for i in range(entries):
            session.add(
                ChronologyEntry(
                    case_id=case.id,
                    occurred_on=dt.date(2015, 1, 1) + dt.timedelta(days=i * 3653 // entries),
                    occurred_time=f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
                    agency_id=agencies[i % 4],
                    source=f"Case record {100000 + i}",
                    event=EVENTS[i % 4],
                    action_decision="Referred to MARAC" if i % 9 == 0 else "No further action",
                    comment="A missed opportunity to ask about coercive control."
                    if i % 5 == 0
                    else "",
                )
            )
    return case.reference


def timed(label: str, work: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = work()
    return time.perf_counter() - start, data


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def trivial() -> Document:
    doc = Document("Letter", "A one-page letter", "Bench", "letter")
    doc.para("Dear colleague,")
    doc.para("Thank you for your letter. " * 12)
    doc.para("Yours sincerely,")
    return doc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()

    engine = make_plain_engine()
    Base.metadata.create_all(engine)
    db = Database(engine)
    ref = make_case(db, args.entries)
    today = dt.date(2025, 8, 1)
    results: list[tuple[str, float, int]] = []

    # Baseline: a trivial one-page document (warm-up first: fonts, imports).
    render_pdf(trivial(), MARKS)
    render_docx(trivial(), MARKS)
    base_pdf, _ = timed("baseline pdf", lambda: render_pdf(trivial(), MARKS))
    base_docx, _ = timed("baseline docx", lambda: render_docx(trivial(), MARKS))

    def chronology(fmt: str) -> bytes:
        doc = build_only(db, "combined_chronology", ref, today=today)
        return render_pdf(doc, MARKS) if fmt == "pdf" else render_docx(doc, MARKS)

    seconds, pdf = timed("chronology pdf", lambda: chronology("pdf"))
    chronology_pages = pdf_pages(pdf)
    results.append(
        (f"combined chronology, {args.entries} entries → .pdf", seconds, chronology_pages)
    )
    seconds, _ = timed("chronology docx", lambda: chronology("docx"))
    results.append(
        (f"combined chronology, {args.entries} entries → .docx", seconds, chronology_pages)
    )

    # The overview report: grow its chronology section until the report is ~300 pages.
    overview = build_only(db, "overview_report", ref, today=today)
    pages = pdf_pages(render_pdf(overview, MARKS))
    per_page = max(1.0, args.entries / max(1, pages))
    needed = int(args.pages * per_page * 1.02)
    if needed > args.entries:
        with db.session() as session:
            extra = needed - args.entries
            case = records.case_by_reference(session, ref)
            for i in range(extra):
                session.add(
                    ChronologyEntry(
                        case_id=case.id,
                        occurred_on=dt.date(2024, 1, 1),
                        source="Extra record",
                        event=EVENTS[i % 4],
                    )
                )

    def overview_pdf() -> bytes:
        return render_pdf(build_only(db, "overview_report", ref, today=today), MARKS)

    seconds, data = timed("overview pdf", overview_pdf)
    results.append(("overview report → .pdf", seconds, pdf_pages(data)))

    def tagged(kind: str) -> bytes:
        doc = build_only(db, kind, ref, edition=Edition.PUBLISHED, today=today)
        return render_tagged_pdf(doc, PUBLISHED)

    render_tagged_pdf(trivial(), PUBLISHED)  # warm-up: fonts
    base_tagged, _ = timed("baseline tagged", lambda: render_tagged_pdf(trivial(), PUBLISHED))
    seconds, data = timed("chronology tagged", lambda: tagged("combined_chronology"))
    tagged_results = [("published combined chronology → tagged .pdf", seconds, pdf_pages(data))]
    seconds, data = timed("overview tagged", lambda: tagged("overview_report"))
    tagged_results.append(("published overview report → tagged .pdf", seconds, pdf_pages(data)))

    print(
        f"baseline: one-page letter → .pdf {base_pdf:.3f} s; → .docx {base_docx:.3f} s; "
        f"→ tagged .pdf {base_tagged:.3f} s"
    )
    for label, secs, n in results:
        base = base_docx if label.endswith(".docx") else base_pdf
        goal = "within the 3 s goal" if secs < 3 else "OVER the 3 s goal"
        print(
            f"{label}: {secs:.2f} s, {n} pages ({'as PDF; ' if label.endswith('.docx') else ''}"
            f"{n / secs:.0f} pages/s), {secs / base:.0f}× the baseline — {goal}"
        )
    for label, secs, n in tagged_results:
        print(f"{label}: {secs:.2f} s, {n} pages ({n / secs:.0f} pages/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
