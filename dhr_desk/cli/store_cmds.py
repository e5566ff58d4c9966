"""init, rekey, verify, backup, restore and list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhr_desk.cli import common
from dhr_desk.domain import CaseKind
from dhr_desk.errors import InsecureKeyringError, ValidationError
from dhr_desk.services import cases
from dhr_desk.storage import keys, store
from dhr_desk.storage.keys import KeyInfo, Unlock
from dhr_desk.storage.verify import ANCHOR_CHECK


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create the encrypted database")
    p.add_argument(
        "--mode",
        choices=("keyring", "passphrase"),
        help="keep the key in the OS credential store (default where it is secure) or derive it "
        "from a passphrase",
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("rekey", help="change the passphrase, move between modes, new recovery key")
    p.add_argument("--to", choices=("keyring", "passphrase"), dest="to_mode")
    p.add_argument("--new-passphrase-file", metavar="FILE")
    p.add_argument("--new-recovery-key", action="store_true", help="issue a new recovery key")
    p.set_defaults(handler=cmd_rekey)

    p = sub.add_parser(
        "verify",
        help="check integrity, encryption, the audit trail and its anchor",
        description="Check the database: its structure, every page's authentication, links "
        "between records, the schema version, the audit trail's chain, every record against "
        "the audit trail, and the trail's head against the anchor in the key file. Exit code "
        "0 when sound, 10 when a check failed.",
    )
    p.add_argument(
        "--accept-current",
        action="store_true",
        help="for a database the key file's anchor refuses (an older copy put back on purpose): "
        "run every other check and, if they pass, anchor the audit trail where it now ends",
    )
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("backup", help="write an encrypted backup to PATH (a file or a folder)")
    p.add_argument("path")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="bring back a backup after verifying it")
    p.add_argument("path")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("list", help="list cases")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kind", choices=[k.value for k in CaseKind])
    p.add_argument("--search")
    p.set_defaults(handler=cmd_list)


def _show_recovery_key(key: str) -> None:
    print(
        "\nRECOVERY KEY — shown once. Print it or write it down and keep it locked away; it opens "
        "the database if the passphrase or this computer's credential store is lost:\n\n"
        f"    {key}\n"
    )


def cmd_init(args: argparse.Namespace) -> int:
    common.local_only(args, "init", "the server's schema is made with: dhr-desk server init")
    folder = common.data_dir(args)
    mode = args.mode
    if mode is None:
        problem = keys.keyring_problem()
        if problem:
            raise InsecureKeyringError(
                f"DHR Desk will not keep its key in the credential store here: {problem}. "
                "Use passphrase mode instead: dhr-desk init --mode passphrase"
            )
        mode = "keyring"
    passphrase = None
    if mode == "passphrase":
        passphrase = common.passphrase_from(args, required=False)
        if passphrase is None:
            passphrase = common.prompt("new passphrase")
            if common.prompt("the passphrase again") != passphrase:
                raise ValidationError("The two passphrases differ; nothing was created.")
    result = store.init(folder, mode, passphrase)
    print(f"Created the encrypted DHR Desk database in {folder.root} ({mode} mode).")
    _show_recovery_key(result.recovery_key)
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    common.local_only(args, "rekey", "the server's sign-in is changed with: dhr-desk server login")
    folder = common.data_dir(args)
    info = KeyInfo.load(folder.keyinfo)
    unlock = common.unlock_from(args, info)
    target = args.to_mode or info.mode
    new_passphrase = None
    if target == "passphrase" and (args.new_passphrase_file or args.to_mode or info.mode == target):
        if args.new_passphrase_file:
            new_passphrase = common.read_secret_file(args.new_passphrase_file)
        elif not (args.new_recovery_key and info.mode == target and not args.to_mode):
            new_passphrase = common.prompt("new passphrase")
            if common.prompt("the new passphrase again") != new_passphrase:
                raise ValidationError("The two passphrases differ; nothing was changed.")
        if new_passphrase is None and info.mode == "passphrase":
            new_passphrase = unlock.passphrase
    if target == "passphrase" and new_passphrase is None and unlock.recovery_key:
        raise ValidationError("Give the new passphrase with --new-passphrase-file FILE.")
    result = store.rekey(
        folder,
        unlock,
        to_mode=args.to_mode,
        new_passphrase=new_passphrase,
        new_recovery_key=args.new_recovery_key,
    )
    print(f"The database key is now kept in {result.mode} mode.")
    if result.recovery_key:
        _show_recovery_key(result.recovery_key)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    if args.accept_current:
        common.local_only(args, "verify --accept-current", "the server keeps no anchor file.")
        return _accept_current(args)
    if common.server_url(args) is not None:
        db = common.open_db(args)
    else:
        folder = common.data_dir(args)
        info = KeyInfo.load(folder.keyinfo)
        # Opened even when the anchor refuses it: the anchor is one of the checks reported.
        db = store.open_database(folder, common.unlock_from(args, info), check_anchor=False)
    try:
        report = store.verify(db)
    finally:
        db.close()
    _print_checks(report)
    if report.ok:
        print("The database is sound.")
    else:
        print(
            "The database has problems (see FAIL above). The administrator's guide says what "
            "each one means and what to do (Checking the database)."
        )
    return 0 if report.ok else 10


def _print_checks(report: store.VerifyReport) -> None:
    for name, ok, detail in report.checks:
        print(f"{'OK  ' if ok else 'FAIL'}  {name}: {detail}")


def _accept_current(args: argparse.Namespace) -> int:
    folder = common.data_dir(args)
    info = KeyInfo.load(folder.keyinfo)
    db = store.open_database(folder, common.unlock_from(args, info), check_anchor=False)
    try:
        report = store.verify(db)
        _print_checks(report)
        others = [n for n, _d in report.failures() if n != ANCHOR_CHECK]
        if others:
            print(
                "Not accepted: the database has other problems (see FAIL above); restore the "
                "latest backup with: dhr-desk restore FILE"
            )
            return 10
        head = store.accept_current(db)
    finally:
        db.close()
    print(
        f"Accepted: the audit trail is now anchored at entry {head.entries:,} (recorded in the "
        "audit trail)."
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    common.local_only(args, "backup", "back up the server with: dhr-desk server backup")
    folder = common.data_dir(args)
    db = common.open_db(args)
    try:
        path = store.backup(db, KeyInfo.load(folder.keyinfo), Path(args.path))
    finally:
        db.close()
    print(f"Encrypted backup written to {path} ({path.stat().st_size:,} bytes).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    common.local_only(args, "restore", "the server is restored with its own tools (pg_restore).")
    folder = common.data_dir(args)
    backup_info, _ = store.read_backup_header(Path(args.path))
    current = KeyInfo.load(folder.keyinfo) if folder.keyinfo.exists() else None
    if getattr(args, "recovery_key", None):
        unlock = common.unlock_from(args, None)
    else:
        needs = (current or backup_info).mode == "passphrase"
        unlock = Unlock(passphrase=common.passphrase_from(args, required=needs))
    report = store.restore(folder, Path(args.path), unlock)
    for name, ok, detail in report.checks:
        print(f"{'OK  ' if ok else 'FAIL'}  {name}: {detail}")
    print(
        f"Restored {args.path} into {folder.root}. The previous database was kept in "
        f"{folder.backups}."
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    try:
        rows = cases.list_cases(
            db, kind=CaseKind(args.kind) if args.kind else None, search=args.search
        )
    finally:
        db.close()
    if args.json:
        common.print_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("No cases yet.")
        return 0
    header = ("Reference", "Kind", "Stage", "Opened", "Decision", "Title")
    table = [
        (
            r.reference,
            "DHR" if r.kind == "dhr" else "CT",
            r.stage + (" (paused)" if r.paused else ""),
            r.opened_on.isoformat() if r.opened_on else "",
            r.decision_on.isoformat() if r.decision_on else "",
            r.title,
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=False)]
    for line in [header, *table]:
        sys.stdout.write("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=False)))
        sys.stdout.write("\n")
    return 0
