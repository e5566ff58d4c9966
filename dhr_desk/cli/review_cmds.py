"""submit, publish, qa: a DHR's submissions to the Home Office QA Panel and the Domestic Abuse
Commissioner, its QA rounds, and what was published and when it comes down."""

from __future__ import annotations

import argparse
from typing import Any

from dhr_desk.cli import common
from dhr_desk.domain import PublishedDocument
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases, review_cycle
from dhr_desk.workflow.periods import long_date

DOCUMENTS = ("overview_report", "executive_summary", "action_plan")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "submit", help="record that a DHR report was sent to the QA Panel or the Commissioner"
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--on", metavar="DATE", required=True, help="the day it was sent")
    p.add_argument(
        "--to",
        choices=("home_office", "commissioner"),
        default="home_office",
        help="the Home Office QA Panel (default) or the Domestic Abuse Commissioner",
    )
    p.add_argument(
        "--without",
        action="append",
        choices=DOCUMENTS,
        default=[],
        help="a document that was not sent (repeat for each)",
    )
    p.add_argument("--also", default="", help="anything else sent, separated by semicolons")
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_submit)

    p = sub.add_parser("publish", help="record a DHR document published, or taken down")
    p.add_argument("reference", metavar="REF")
    p.add_argument("document", metavar="DOCUMENT", choices=[d.value for d in PublishedDocument])
    p.add_argument("--on", metavar="DATE", help="the day it was published")
    p.add_argument("--where", default="", help="the web address or place")
    p.add_argument(
        "--take-down",
        metavar="DATE",
        help="the day it is to come down, when not the retention rule's",
    )
    p.add_argument("--taken-down", metavar="DATE", help="record the day it was taken down")
    p.set_defaults(handler=cmd_publish)

    p = sub.add_parser("qa", help="a DHR's Home Office QA rounds and its publications")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_qa)


def cmd_submit(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        sent = review_cycle.record_submission(
            db,
            cases.id_of(db, args.reference),
            args.on,
            args.to,
            overview_report="overview_report" not in args.without,
            executive_summary="executive_summary" not in args.without,
            action_plan="action_plan" not in args.without,
            other_documents=args.also,
            note=args.note,
        )
        what = ", ".join(sent.documents()) or "nothing"
        print(
            f"{args.reference}: sent to the {sent.recipient.label} on "
            f"{long_date(sent.sent_on)}: {what}."
        )
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    if bool(args.on) == bool(args.taken_down):
        raise ValidationError("Give either --on DATE (published) or --taken-down DATE.")
    db = common.open_db(args)
    with db:
        case_id = cases.id_of(db, args.reference)
        if args.taken_down:
            pub = review_cycle.record_take_down(db, case_id, args.document, args.taken_down)
            assert pub.taken_down_on is not None
            print(
                f"{args.reference}: {pub.document.noun} was taken down on "
                f"{long_date(pub.taken_down_on)}."
            )
            return 0
        pub = review_cycle.record_publication(
            db, case_id, args.document, args.on, args.where, args.take_down
        )
        [view] = [v for v in review_cycle.publications(db, case_id) if v.id == pub.id]
    down = f"; to come down on {long_date(view.take_down_on)}" if view.take_down_on else ""
    print(
        f"{args.reference}: {PublishedDocument(view.document).noun} was published on "
        f"{long_date(view.published_on)}{down}."
    )
    return 0


def _print_rounds(rounds: list[review_cycle.RoundView]) -> None:
    if not rounds:
        print("  Not yet submitted to the Home Office.")
    for r in rounds:
        sent = f"sent {long_date(r.sent_on)}" if r.sent_on else "no submission recorded"
        print(
            f"  Round {r.number}: {sent}" + (f" ({', '.join(r.documents)})" if r.documents else "")
        )
        for day, docs in r.to_commissioner:
            print(f"    to the Domestic Abuse Commissioner {long_date(day)} ({', '.join(docs)})")
        if r.qa_letter_on:
            outcome = r.outcome.replace("_", " ")
            print(f"    QA letter {long_date(r.qa_letter_on)}: {outcome}")
        elif r.sent_on:
            print("    QA letter awaited")
        if r.resubmit_by:
            print(f"    resubmission due by {long_date(r.resubmit_by)}")


def cmd_qa(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        case_id = cases.id_of(db, args.reference)
        rounds = review_cycle.qa_rounds(db, case_id)
        published = review_cycle.publications(db, case_id)
    if args.json:
        common.print_json(
            {
                "rounds": [r.as_json() for r in rounds],
                "publications": [p.as_json() for p in published],
            }
        )
        return 0
    print(f"{args.reference}: Home Office quality assurance")
    _print_rounds(rounds)
    print("Published:")
    if not published:
        print("  Nothing yet.")
    for p in published:
        where = f" at {p.location}" if p.location else ""
        if p.taken_down_on:
            state = f"taken down {long_date(p.taken_down_on)}"
        elif p.take_down_on:
            state = f"to come down {long_date(p.take_down_on)}"
        else:
            state = "no take-down date"
        print(f"  {p.document_label}: {long_date(p.published_on)}{where}; {state}")
    return 0
