"""checkout, checkin, checked-out: a case taken from the server to this laptop and back."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from dhr_desk.cli import common
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import checkout
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.keys import KeyInfo


def register(sub: Any) -> None:
    p = sub.add_parser(
        "checkout",
        help="copy a case from the server into this laptop's encrypted database, for a secure room",
        description="Copy the case REF, with every record that belongs to it, from the "
        "partnership's server into the encrypted database in this computer's data folder, where "
        "it can be worked on with no network. The server shows who holds it until it is "
        "checked in. Needs a server (--database-url, DHR_DESK_DATABASE_URL or 'server connect') "
        "and this computer's own database (dhr-desk init).",
    )
    p.add_argument("reference", metavar="REF", help="case reference, e.g. DHR-2025-003")
    p.set_defaults(handler=cmd_checkout)

    p = sub.add_parser(
        "checkin",
        help="merge a checked-out case back into the server and remove it from this laptop",
        description="Merge this laptop's copy of REF into the server it came from, record by "
        "record. Where both sides changed the same thing, nothing is written: each conflict is "
        "listed with its name (e.g. person:12) and both versions; run again with --keep-mine or "
        "--keep-theirs NAME for each (or --all mine|theirs).",
    )
    p.add_argument("reference", metavar="REF", help="case reference, e.g. DHR-2025-003")
    p.add_argument(
        "--keep-mine",
        action="append",
        default=[],
        metavar="NAME",
        help="keep this laptop's version of the conflict NAME (repeat for each)",
    )
    p.add_argument(
        "--keep-theirs",
        action="append",
        default=[],
        metavar="NAME",
        help="keep the server's version of the conflict NAME (repeat for each)",
    )
    p.add_argument("--all", choices=("mine", "theirs"), help="decide every conflict the same way")
    p.set_defaults(handler=cmd_checkin)

    p = sub.add_parser(
        "checked-out",
        help="list the cases checked out to this laptop",
        description="List the cases in this computer's database that were checked out from a "
        "server, with where and when they came from.",
    )
    p.set_defaults(handler=cmd_checked_out)

    p = sub.add_parser(
        "release",
        help="on the server, release a case checked out to a laptop that will not come back",
        description="Release the server's hold on REF without its copy (a laptop lost, wiped or "
        "replaced). The reason is kept in the audit trail. A copy checked in later is still "
        "merged record by record.",
    )
    p.add_argument("reference", metavar="REF", help="case reference, e.g. DHR-2025-003")
    p.add_argument("--why", required=True, help="why the hold is released")
    p.set_defaults(handler=cmd_release)


def open_laptop(args: argparse.Namespace) -> Database:
    """This computer's own encrypted database (whatever server is configured)."""
    folder = common.data_dir(args)
    info = KeyInfo.load(folder.keyinfo) if folder.keyinfo.exists() else None
    return store.open_database(folder, common.unlock_from(args, info))


def cmd_checkout(args: argparse.Namespace) -> int:
    url = common.server_url(args)
    if url is None:
        raise DhrDeskError(
            "Check-out copies a case from the partnership's server, and no server is "
            "configured: give --database-url, or save one with: dhr-desk server connect URL"
        )
    with contextlib.closing(store.open_server(url)) as server, open_laptop(args) as laptop:
        result = checkout.check_out(server, laptop, args.reference)
    print(
        f"{result.reference} is checked out to this laptop ({result.records} records), in the "
        f"encrypted database in {common.data_dir(args).root}. {result.hold.sentence()} "
        f"Check it in when you are back: dhr-desk checkin {result.reference}"
    )
    return 0


def _decisions(args: argparse.Namespace) -> dict[str, checkout.Choice]:
    decided: dict[str, checkout.Choice] = {}
    for name in args.keep_mine:
        decided[name] = "mine"
    for name in args.keep_theirs:
        if decided.get(name) == "mine":
            raise DhrDeskError(f"{name} is given both --keep-mine and --keep-theirs; pick one.")
        decided[name] = "theirs"
    return decided


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    text = " ".join(str(value).split())
    return text if len(text) <= 70 else text[:67] + "…"


def print_conflicts(conflicts: list[checkout.Conflict]) -> None:
    for conflict in conflicts:
        print(f"\n{conflict.ident}: {conflict.sentence()}")
        for diff in conflict.fields:
            label = diff.field.replace("_", " ")
            print(f"    {label}: was {_shown(diff.base)}")
            mine = "(deleted)" if conflict.what == "deleted here" else _shown(diff.mine)
            print(f"        this laptop: {mine}")
            print(
                "        the server:  "
                + (_shown(diff.theirs) if conflict.what != "deleted on the server" else "(deleted)")
            )


def cmd_checkin(args: argparse.Namespace) -> int:
    decisions = _decisions(args)
    with open_laptop(args) as laptop:
        copy = next(
            (c for r, c in checkout.checked_out(laptop) if r == args.reference.strip()), None
        )
        if copy is None:
            raise DhrDeskError(
                f"{args.reference} is not checked out to this laptop (see: dhr-desk checked-out)."
            )
        url = getattr(args, "database_url", None) or copy.server
        with contextlib.closing(store.open_server(url)) as server:
            try:
                result = _check_in(laptop, server, args, decisions)
            except checkout.CheckInConflicts as stopped:
                print(str(stopped))
                print_conflicts(stopped.conflicts)
                print(
                    "\nKeep one version of each: dhr-desk checkin "
                    f"{args.reference} --keep-mine NAME … --keep-theirs NAME … (or --all mine)"
                )
                return checkout.CheckInConflicts.exit_code
    print(result.sentence())
    for note in result.notes:
        print(f"  {note}")
    return 0


def _check_in(
    laptop: Database,
    server: Database,
    args: argparse.Namespace,
    decisions: dict[str, checkout.Choice],
) -> checkout.CheckInResult:
    if args.all:
        try:
            return checkout.check_in(laptop, server, args.reference, decisions)
        except checkout.CheckInConflicts as stopped:
            rest = {c.ident: args.all for c in stopped.conflicts if c.ident not in decisions}
            return checkout.check_in(laptop, server, args.reference, {**rest, **decisions})
    return checkout.check_in(laptop, server, args.reference, decisions)


def cmd_checked_out(args: argparse.Namespace) -> int:
    url = common.server_url(args)
    if url is not None:
        with contextlib.closing(store.open_server(url)) as server:
            held = checkout.held_cases(server)
        print("On the server:" if held else "No case on the server is checked out.")
        for reference, hold in held:
            print(f"  {reference}: {hold.sentence()}")
    if not common.data_dir(args).keyinfo.exists():
        return 0
    with open_laptop(args) as laptop:
        copies = list(checkout.checked_out(laptop))
    print("On this laptop:" if copies else "No case is checked out to this laptop.")
    for reference, copy in copies:
        print(f"  {reference}: {copy.sentence()}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with contextlib.closing(common.open_db(args)) as server:
        hold = checkout.release(server, args.reference, args.why)
    print(
        f"The hold on {args.reference.strip()} is released (it was held by {hold.held_by}"
        + (f" on {hold.device}" if hold.device else "")
        + "). The reason is in the audit trail."
    )
    return 0
