"""``dhr-desk server …``: the partnership's shared PostgreSQL database."""

from __future__ import annotations

import argparse
import contextlib
import shlex
from pathlib import Path
from typing import Any

from dhr_desk.cli import common
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import server_backup, server_move
from dhr_desk.storage import server, server_roles, store
from dhr_desk.storage.keys import KeyInfo


def register(sub: Any) -> None:
    p = sub.add_parser(
        "server",
        help="the partnership's shared database on a PostgreSQL server",
        description="Work with the partnership's shared database on PostgreSQL (15 or newer). "
        "The server is named by --database-url URL, DHR_DESK_DATABASE_URL, or the address "
        "saved by 'server connect'.",
    )
    actions = p.add_subparsers(dest="server_command", metavar="ACTION", required=True)

    a = actions.add_parser(
        "init", help="create the schema on the server, or bring it up to this version"
    )
    a.set_defaults(handler=cmd_init)

    a = actions.add_parser(
        "connect",
        help="save the server's address (never its password) for the app and the command line",
    )
    a.add_argument("url", help="postgresql://name@server.example.org/dhr_desk")
    a.set_defaults(handler=cmd_connect)

    a = actions.add_parser(
        "login",
        help="keep the password of your sign-in to the server in the OS credential store",
    )
    a.add_argument("--password-file", metavar="FILE", help="read the password from FILE")
    a.add_argument("--forget", action="store_true", help="remove the stored password")
    a.set_defaults(handler=cmd_login)

    a = actions.add_parser(
        "add-user",
        help="give a person a sign-in to the server in a role and a partnership",
        description="Create NAME's sign-in (a PostgreSQL role that can log in) as a member of "
        "the role's group, in PARTNERSHIP: they see only that partnership's cases (an "
        "administrator sees every partnership's). An existing sign-in is moved into the role "
        "and partnership. No password is shown or kept: set it with PostgreSQL's own tools "
        "(\\password NAME in psql), or give --password-file.",
    )
    a.add_argument("name", metavar="NAME", help="the sign-in name, e.g. j.smith")
    a.add_argument("--role", required=True, choices=sorted(server_roles.GROUPS))
    a.add_argument("--partnership", required=True, help="the partnership whose cases they work on")
    a.add_argument(
        "--password-file",
        metavar="FILE",
        help="set the password read from FILE (the server receives only its SCRAM verifier)",
    )
    a.set_defaults(handler=cmd_add_user)

    a = actions.add_parser(
        "backup",
        help="how to back the server up with pg_dump, and the cases as encrypted case files",
        description="Print the exact pg_dump, pg_dumpall and pg_restore commands for the "
        "configured server (no password on any command line: the password file gives it). "
        "With --cases FOLDER, also write every case you may see as an encrypted case file "
        "(.dhrcase, AES-256 under a passphrase) into FOLDER, a new or empty folder, with "
        "manifest.json: all of them or, on any problem, nothing. They come back with: "
        "dhr-desk import --key-file FILE FOLDER/*.dhrcase",
    )
    a.add_argument("--cases", metavar="FOLDER", help="write the encrypted case files here")
    a.add_argument(
        "--key-file",
        metavar="FILE",
        help="the case files' passphrase, from the first line of FILE (else asked twice)",
    )
    a.set_defaults(handler=cmd_backup)

    a = actions.add_parser(
        "move",
        help="move every case of this computer's encrypted database onto the server",
        description="Move every case of the encrypted database in the data folder (unlocked as "
        "for any other command) onto the server: each case with every record, its register of "
        "generated documents and the copies sent, and its audit history, in one transaction "
        "on the server (all of it or nothing). A case whose reference is already on the "
        "server refuses the move. This computer's database is only read, never changed.",
    )
    a.add_argument(
        "--check",
        action="store_true",
        help="do everything but keep nothing: list what would be moved and every problem",
    )
    a.add_argument(
        "--partnership",
        metavar="NAME",
        help="the partnership the cases belong to on the server (default: this computer's "
        "partnership setting, else your own partnership on the server)",
    )
    a.set_defaults(handler=cmd_move)


def _url(args: argparse.Namespace) -> str:
    url = common.server_url(args)
    if url is None:
        raise DhrDeskError(
            "No server is configured: give --database-url postgresql://name@server/database, "
            f"set {server.ENV_URL}, or save one with: dhr-desk server connect URL"
        )
    return url


def cmd_init(args: argparse.Namespace) -> int:
    url = _url(args)
    before, now = store.init_server(url)
    shown = server.parse(url).url()
    if before is None:
        print(f"Created the DHR Desk schema ({now}) on {shown}.")
    elif before == now:
        print(f"The schema on {shown} is already at this version ({now}); nothing was changed.")
    else:
        print(f"Brought the schema on {shown} from {before} up to {now}.")
    return 0


def cmd_connect(args: argparse.Namespace) -> int:
    address = server.parse(args.url)
    folder = common.data_dir(args)
    if address.password:
        server.store_password(address, address.password)
    path = server.save_address(folder.root, address)
    print(f"DHR Desk now works on {address.url()} (saved in {path}; no password is kept there).")
    return 0


def cmd_login(args: argparse.Namespace) -> int:
    address = server.parse(_url(args))
    if args.forget:
        server.forget_password(address)
        print(f"The password for {address.account} was removed from the credential store.")
        return 0
    if args.password_file:
        password = common.read_secret_file(args.password_file)
    else:
        password = common.prompt(f"password for {address.account}")
    server.store_password(address, password)
    print(f"The password for {address.account} is kept in the credential store.")
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    url = _url(args)
    password = common.read_secret_file(args.password_file) if args.password_file else None
    partnership = server_roles.check_partnership(args.partnership)
    new = store.add_server_user(url, args.name, args.role, partnership, password)
    what = "Created the sign-in" if new else "The existing sign-in"
    print(
        f"{what} {args.name.strip()}: {args.role} in {partnership}"
        + (" (every partnership's cases)." if args.role == "administrator" else ".")
    )
    if password is None and new:
        print(
            "No password is set: set it with the server's own tools, e.g. in psql: "
            f"\\password {args.name.strip()}"
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    url = _url(args)
    with contextlib.closing(store.open_server(url)) as db:
        facts = server_backup.server_facts(db)
        commands = server_backup.dump_commands(facts)
        shown = server_backup.owner_url(db, facts)
        print("\n".join(server_backup.instructions(facts, commands, shown)))
        if not args.cases:
            return 0
        passphrase = case_file_passphrase(args.key_file, twice=True)
        result = server_backup.write_case_backup(db, Path(args.cases), passphrase)
    count = len(result.cases)
    print(
        f"\nWrote {count} encrypted case file{'s' if count != 1 else ''} "
        f"({result.bytes / 1_048_576:,.1f} MB) and {server_backup.MANIFEST} to {result.folder}, "
        f"every case {facts.signed_in_as} may see. They open only with the passphrase: keep it "
        "apart from the folder. Bring a case back with: dhr-desk import --key-file FILE "
        f"{result.folder / (result.cases[0]['file'] if result.cases else '*.dhrcase')}"
    )
    return 0


def case_file_passphrase(key_file: str | None, *, twice: bool) -> str:
    """The passphrase of encrypted case files: from ``--key-file`` or asked at the terminal."""
    if key_file:
        return common.read_secret_file(key_file)
    first = common.prompt("passphrase for the encrypted case files", "--key-file FILE")
    if twice and common.prompt("the same passphrase again", "--key-file FILE") != first:
        raise DhrDeskError("The two passphrases differ; nothing was written.")
    return first


def cmd_move(args: argparse.Namespace) -> int:
    url = _url(args)
    folder = common.data_dir(args)
    info = KeyInfo.load(folder.keyinfo)
    with (
        contextlib.closing(store.open_database(folder, common.unlock_from(args, info))) as laptop,
        contextlib.closing(store.open_server(url)) as target,
    ):
        report = server_move.move_to_server(
            laptop,
            info.database_id,
            target,
            partnership=args.partnership,
            check_only=args.check,
        )
    shown = server.parse(url).url()
    for line in move_lines(report, shown, folder.root, check_only=args.check):
        print(line)
    if report.every_problem():
        return 2
    return 0


def move_lines(
    report: server_move.MoveReport, shown: str, root: Path, *, check_only: bool
) -> list[str]:
    """What the move did or would do, every problem, and what to do with the laptop's copy."""
    n = len(report.cases)
    cases = f"{n} case{'s' if n != 1 else ''}"
    where = f"onto {shown}" + (
        f", partnership '{report.partnership}'" if report.partnership else ""
    )
    problems = report.every_problem()
    if report.moved:
        head = f"Moved {cases} {where}, in one transaction:"
    elif check_only and not problems:
        head = f"Checked: {cases} can be moved {where}. Nothing was written:"
    else:
        head = f"Nothing was moved: {cases} {where}; nothing was written on the server."
    lines = [head]
    if report.laptop_entries:
        lines.append(
            f"  This computer's database passed verify: its audit trail of "
            f"{report.laptop_entries:,} entries is intact."
        )
    for case in report.cases:
        kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(case.records.items()))
        lines.append(
            f"  {case.reference}: {case.record_count:,} records ({kinds}); "
            f"{case.audit_entries:,} audit entries"
        )
    if n:
        lines.append(
            f"  In all: {report.records:,} records and {report.audit_entries:,} audit entries "
            "(kept on the server in one laptop_history entry per case)."
        )
    lines += [f"  Note: {note}" for note in report.notes]
    if problems:
        lines.append(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}:")
        lines += [f"  {p}" for p in problems]
    if report.moved:
        lines += [
            f"This computer's database in {root} was not changed. Keep it, closed, as the record "
            "of what was moved: an encrypted copy of it (dhr-desk.db with keyinfo.json; it opens "
            "only with its key, passphrase or recovery key) goes to the partnership's archive, "
            f"e.g. with: dhr-desk --data-dir {shlex.quote(str(root))} backup FOLDER (run with "
            "no server configured: move server.json aside and unset "
            f"{server.ENV_URL}). Then work on the server only.",
        ]
    return lines
