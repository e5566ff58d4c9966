"""import, export and demo: case files in and out, and the fictional demo cases."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhr_desk.casefile import import_cases, write_case_file
from dhr_desk.casefile.sealed import SUFFIX, Unsealer
from dhr_desk.cli import common
from dhr_desk.services.demo import load_demo


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="add the cases in case files (each file whole or not at all)",
        description="Add the case held in each FILE. A file with any problem is not imported "
        "at all and every problem is listed with its place in the file; the other files are "
        "still imported.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="case file (.json)")
    p.add_argument(
        "--check",
        action="store_true",
        help="check the files completely but import nothing (exit 0 if every file is sound)",
    )
    p.add_argument(
        "--accept-warnings",
        action="store_true",
        help="import even what is unusual but possible (e.g. chronology entries after the date "
        "of death), once you have checked it",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines, only the results")
    p.add_argument(
        "--key-file",
        metavar="FILE",
        help="the passphrase of encrypted case files (.dhrcase), from the first line of FILE "
        "(else asked when one is given)",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "export",
        help="write one case to a case file",
        description="Write the case REF, with every record that belongs to it, to a JSON case "
        "file. The file holds personal data in plain text: keep it on an encrypted drive.",
    )
    p.add_argument("reference", metavar="REF", help="case reference, e.g. DHR-2025-003")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "demo",
        help="load fictional demo cases (two DHRs, three Community Triggers)",
        description="Add realistic but entirely fictional demo cases for training. Refused if "
        "they are already loaded.",
    )
    p.set_defaults(handler=cmd_demo)


def cmd_import(args: argparse.Namespace) -> int:
    unsealer = _unsealer(args)
    db = common.open_db(args)
    last_message = [""]

    def progress(done: int, total: int, message: str) -> None:
        if args.quiet or message == last_message[0]:
            return
        last_message[0] = message
        print(f"{message}…", flush=True)

    try:
        outcomes = import_cases(
            db,
            [Path(f) for f in args.files],
            progress=progress,
            check_only=args.check,
            confirmed=args.accept_warnings,
            unsealer=unsealer,
        )
    finally:
        db.close()
    failed = 0
    for outcome in outcomes:
        if outcome.imported:
            print(outcome.message, flush=True)
        else:
            failed += 1
            print("\n".join(outcome.lines()), file=sys.stderr, flush=True)
    if len(outcomes) > 1:
        done = "could be imported" if args.check else "imported"
        print(f"{len(outcomes) - failed} of {len(outcomes)} files {done}.")
    return 2 if failed else 0


def _unsealer(args: argparse.Namespace) -> Unsealer | None:
    """The passphrase of the encrypted case files among the files given, if any."""
    if args.key_file:
        return Unsealer(common.read_secret_file(args.key_file))
    if any(Path(f).suffix.lower() == SUFFIX for f in args.files):
        return Unsealer(common.prompt("passphrase of the encrypted case files", "--key-file FILE"))
    return None


def cmd_export(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    try:
        path = write_case_file(db, args.reference, Path(args.output))
    finally:
        db.close()
    print(
        f"Wrote {args.reference} to {path}. The file holds personal data in plain text: keep it "
        "on an encrypted drive and delete it when it is no longer needed."
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    try:
        references = load_demo(db)
    finally:
        db.close()
    print(f"Loaded {len(references)} fictional demo cases: {', '.join(references)}.")
    return 0
