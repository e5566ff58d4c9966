"""ct-stats: the annual ASB Case Review figures (s104(10)) as JSON, CSV, Word, PDF or a web
page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhr_desk.cli import common
from dhr_desk.services import annual_figures


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ct-stats",
        help="the annual ASB Case Review figures (default: the last complete financial year)",
    )
    p.add_argument("--from", dest="start", metavar="DATE", help="first day of the period")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day of the period")
    p.add_argument("--format", choices=annual_figures.FORMATS, default="json")
    p.add_argument(
        "-o", "--output", metavar="PATH", help="write to a file (needed for docx, pdf, html)"
    )
    p.set_defaults(handler=cmd_ct_stats)


def cmd_ct_stats(args: argparse.Namespace) -> int:
    output = Path(args.output) if args.output else None
    annual_figures.period(args.start, args.end)  # a bad period is refused before unlocking
    db = common.open_db(args)
    with db:
        result, data = annual_figures.export(db, args.format, output, args.start, args.end)
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    counts = result.counts
    print(
        f"Wrote {output} ({result.period.label}): {counts.applications} applications, "
        f"threshold not met {counts.threshold_not_met} times, {counts.reviews_carried_out} "
        f"reviews carried out, {counts.reviews_with_recommendations} with recommendations."
    )
    return 0
