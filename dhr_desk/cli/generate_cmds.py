"""generate: write a review document to Word or PDF, list the kinds, show the register.

dhr-desk generate --list
dhr-desk generate REF KIND --format docx|pdf [--edition full|published]
                  [--recipient NAME] [--password-file F] [--final | --draft] [--meeting N] -o PATH
dhr-desk generate ALL board_report --format pdf -o board.pdf
dhr-desk generate REF --register [--json]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhr_desk.cli import common
from dhr_desk.documents import (
    FORMATS,
    GenerationRequest,
    document_kinds,
    generate,
    register_lines,
)
from dhr_desk.domain import Edition
from dhr_desk.errors import DhrDeskError, ValidationError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "generate",
        help="write a review document (Word or PDF); --list names every kind",
        description="Write one review document for a case (REF), or for every open case (ALL) "
        "for the board report. Drafts carry a DRAFT watermark, the version and the date; "
        "copies for a named recipient say so on every page and are recorded in the register.",
    )
    p.add_argument("reference", nargs="?", metavar="REF", help="case reference, or ALL")
    p.add_argument("kind", nargs="?", metavar="KIND", help="document kind (see --list)")
    p.add_argument("--list", action="store_true", help="list every document kind and stop")
    p.add_argument("--register", action="store_true", help="show the register of REF (or ALL)")
    p.add_argument("--format", choices=FORMATS, dest="file_format", help="docx or pdf")
    p.add_argument(
        "--edition",
        choices=[e.value for e in Edition],
        default=Edition.FULL.value,
        help="full (real names, for the panel) or published (pseudonyms only)",
    )
    p.add_argument("--recipient", default="", metavar="NAME", help="make a copy for NAME")
    p.add_argument(
        "--password-file",
        metavar="F",
        help="protect the file with the password on the first line of F (PDF AES-256, Word "
        "Office encryption)",
    )
    state = p.add_mutually_exclusive_group()
    state.add_argument(
        "--final",
        action="store_true",
        help="a final version: no DRAFT watermark (a final published edition must pass the "
        "publication gate: no open finding, QA outcome, family told, no open proceedings)",
    )
    state.add_argument(
        "--draft",
        action="store_true",
        help="a draft (the default): watermarked; a draft published edition lists the open "
        "findings of the publication check at its end",
    )
    p.add_argument("--meeting", type=int, metavar="N", help="meeting number (agenda, minutes)")
    p.add_argument("-o", "--output", metavar="PATH", help="the file to write")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_generate)


def cmd_list(args: argparse.Namespace) -> int:
    kinds = document_kinds()
    if args.json:
        common.print_json(
            [
                {
                    "code": k.code,
                    "title": k.title,
                    "case_kind": k.case_kind.value if k.case_kind else None,
                    "landscape": k.landscape,
                }
                for k in kinds
            ]
        )
        return 0
    code_width = max((len(k.code) for k in kinds), default=0)
    title_width = max((len(k.title) for k in kinds), default=0)
    for k in kinds:  # columns as wide as their longest entry, so they always line up
        scope = k.case_kind.label if k.case_kind else "All open cases (REF = ALL)"
        layout = "landscape" if k.landscape else "portrait"
        print(f"{k.code:<{code_width}}  {k.title:<{title_width}}  {scope} · {layout}")
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    try:
        lines = register_lines(db, args.reference)
    finally:
        db.close()
    if args.json:
        common.print_json([line.as_json() for line in lines])
        return 0
    if not lines:
        print("No documents have been generated yet.")
    for line in lines:
        state = "draft" if line.draft else "final"
        who = f" → {line.recipient} on {line.sent_on}" if line.recipient else ""
        lock = " (password)" if line.password_protected else ""
        part = f" ({line.part})" if line.part else ""
        print(
            f"{line.reference} {line.kind}{part} v{line.version} {line.edition} {line.file_format} "
            f"{state}{who}{lock}  {line.file_name}  sha256 {line.sha256}"
        )
    return 0


def _password(path: str | None) -> str | None:
    if not path:
        return None
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise DhrDeskError(f"The password file {path} could not be read: {exc.strerror}.") from exc
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise DhrDeskError(f"The password file {path} is empty.")
    return lines[0]


def cmd_generate(args: argparse.Namespace) -> int:
    if args.list:
        return cmd_list(args)
    if args.register:
        return cmd_register(args)
    problems = []
    if not args.reference:
        problems.append(("REF", "give a case reference, or ALL for the board report"))
    if not args.kind:
        problems.append(("KIND", "give a document kind (dhr-desk generate --list)"))
    if not args.file_format:
        problems.append(("--format", "give docx or pdf"))
    if not args.output:
        problems.append(("-o", "give the file to write"))
    if problems:
        raise ValidationError("Nothing was written:", problems)
    request = GenerationRequest(
        kind=args.kind,
        output=Path(args.output),
        reference=args.reference,
        file_format=args.file_format,
        edition=Edition(args.edition),
        recipient=args.recipient,
        password=_password(args.password_file),
        final=args.final,
        meeting=args.meeting,
    )
    db = common.open_db(args)
    try:
        result = generate(db, request)
    finally:
        db.close()
    if args.json:
        common.print_json(result.as_json())
        return 0
    state = "new version" if result.new_version else "same content as"
    copy = f", copy for {result.recipient}" if result.recipient else ""
    lock = ", password protected" if result.password_protected else ""
    print(
        f"Wrote {result.path} — {result.title}, {state} v{result.version} "
        f"({result.edition} edition, {'draft' if result.draft else 'final'}{copy}{lock}).",
        file=sys.stdout,
    )
    print(f"SHA-256 {result.sha256}")
    return 0
