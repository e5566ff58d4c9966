"""check-publication: the publication check of a case's published documents, and settling what
it finds.

dhr-desk check-publication REF [--kind KIND …] [--json]
dhr-desk check-publication REF --accept KEY --reason TEXT [--everywhere]
dhr-desk check-publication REF --override qa|family|proceedings --reason TEXT
dhr-desk check-publication REF --withdraw ID --reason TEXT
dhr-desk check-publication REF --clearances [--json]

Listing exits 0 when no finding is open and 12 while any is (the final published edition is
refused until then).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dhr_desk.cli import common
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.services import cases, publication
from dhr_desk.storage.database import Database
from dhr_desk.words import plural

OPEN_FINDINGS = 12  # the exit code while findings are open (as a refused final edition)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check-publication",
        help="check a case's published documents for anything that identifies someone",
        description="Build the published edition of the case's published documents (a DHR's "
        "overview report, executive summary and action plan) in memory and report every name, "
        "date of birth, address, postcode, phone number, e-mail, NHS or National Insurance "
        "number, police or court reference, vehicle registration or watch-list word in them, "
        "with where it is. Exits 12 while any finding is open.",
    )
    p.add_argument("reference", metavar="REF", help="case reference")
    p.add_argument(
        "--kind", action="append", default=[], metavar="KIND", help="check this document kind"
    )
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--accept", metavar="KEY", help="accept the finding with this key")
    p.add_argument(
        "--everywhere",
        action="store_true",
        help="with --accept: every finding of the same kind and text",
    )
    p.add_argument(
        "--override",
        metavar="CONDITION",
        choices=publication.OVERRIDABLE,
        help="override a condition of the publication gate (qa, family, proceedings)",
    )
    p.add_argument("--withdraw", type=int, metavar="ID", help="take back an acceptance/override")
    p.add_argument("--clearances", action="store_true", help="list acceptances and overrides")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (kept in the audit trail)")
    p.set_defaults(handler=cmd_check_publication)


def cmd_check_publication(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    try:
        if args.accept:
            return _accept(db, args)
        if args.override:
            case_id = _case_id(db, args.reference)
            publication.override(db, case_id, args.override, args.reason)
            print(
                f"Overridden for {args.reference}: {publication.CONDITION_LABELS[args.override]}."
            )
            return 0
        if args.withdraw is not None:
            publication.withdraw(db, args.withdraw, args.reason)
            print(f"Taken back: acceptance or override {args.withdraw}.")
            return 0
        if args.clearances:
            return _clearances(db, args)
        return _report(db, args)
    finally:
        db.close()


def _case_id(db: Database, reference: str) -> int:
    return cases.id_of(db, reference)


def _accept(db: Database, args: argparse.Namespace) -> int:
    if not args.reason.strip():
        raise ValidationError("Nothing was saved:", [("--reason", "give the reason")])
    result = publication.check(db, args.reference, tuple(args.kind))
    found = next((f for f in result.findings if f.key == args.accept), None)
    if found is None:
        raise NotFoundError(
            f"No finding of {args.reference} has the key {args.accept}; run "
            f"dhr-desk check-publication {args.reference} to see the keys."
        )
    publication.accept(
        db, _case_id(db, args.reference), found, args.reason, everywhere=args.everywhere
    )
    scope = "everywhere it is written" if args.everywhere else found.where
    print(f"Accepted {found.label.lower()} '{found.text}' ({scope}).")
    return 0


def _clearances(db: Database, args: argparse.Namespace) -> int:
    rows = publication.clearances(db, _case_id(db, args.reference))
    if args.json:
        common.print_json([row.__dict__ for row in rows])
        return 0
    if not rows:
        print("Nothing has been accepted or overridden.")
    for row in rows:
        print(f"{row.id}  {row.cleared_on}  {row.cleared_by}  {row.what} — {row.reason}")
    return 0


def _report(db: Database, args: argparse.Namespace) -> int:
    result = publication.check(db, args.reference, tuple(args.kind))
    still_open = result.open_findings
    if args.json:
        common.print_json([f.as_json() for f in result.findings])
        return OPEN_FINDINGS if still_open else 0
    print(f"Checked {', '.join(result.documents) or 'nothing'} of {result.reference}.")
    for line in result.not_built:
        print(f"  Not built: {line}")
    for finding in result.findings:
        state = "open" if finding.open else f"accepted: {finding.cleared}"
        print(
            f"{finding.label}: '{finding.text}' — {finding.where} ({finding.detail}) "
            f"[{state}] key {finding.key}"
        )
    accepted = len(result.findings) - len(still_open)
    print(f"{plural(len(still_open), 'finding')} open, {accepted} accepted.")
    print("The final published edition:")
    for condition in result.conditions:
        mark = "yes" if condition.met else ("overridden" if condition.override else "NO")
        extra = f" — overridden: {condition.override}" if condition.override else ""
        print(f"  [{mark}] {condition.label} ({condition.detail}){extra}")
    sys.stdout.flush()
    return OPEN_FINDINGS if still_open else 0
