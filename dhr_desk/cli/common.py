"""Options and helpers shared by the command modules: where the data is and how to unlock it."""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from dhr_desk.errors import DhrDeskError, WrongKeyError
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.keys import KeyInfo, Unlock
from dhr_desk.storage.paths import DataDir, resolve_data_dir

ENV_PASSPHRASE = "DHR_DESK_PASSPHRASE"


def add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder of the database (default: DHR_DESK_HOME, else the user data folder)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="work on the partnership's PostgreSQL server, postgresql://name@host/database "
        "(or set DHR_DESK_DATABASE_URL; default: the encrypted database in the data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from the first line of FILE (or set {ENV_PASSPHRASE})",
    )
    parser.add_argument(
        "--recovery-key",
        metavar="KEY",
        nargs="?",
        const="-",
        help="open with the recovery key (asked at the prompt when no KEY is given)",
    )


def data_dir(args: argparse.Namespace) -> DataDir:
    return resolve_data_dir(getattr(args, "data_dir", None))


def local_only(args: argparse.Namespace, what: str, instead: str) -> None:
    """Refuse a command about the laptop's encrypted file while a server is configured."""
    if server_url(args) is not None:
        raise DhrDeskError(
            f"{what} is about the encrypted database on this computer, and a server is "
            f"configured; {instead}"
        )


def read_secret_file(path: str) -> str:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise DhrDeskError(
            f"The passphrase file {path} could not be read: {exc.strerror}."
        ) from exc
    line = text.splitlines()[0] if text.splitlines() else ""
    if not line:
        raise DhrDeskError(f"The passphrase file {path} is empty.")
    return line


def prompt(label: str, instead: str | None = None) -> str:
    """Ask at the terminal; ``instead`` says how to give it without one."""
    if not sys.stdin or not sys.stdin.isatty():
        instead = instead or f"--passphrase-file FILE or set {ENV_PASSPHRASE}"
        raise WrongKeyError(
            f"A {label} is needed but there is no terminal to ask for it: use {instead}."
        )
    return getpass.getpass(f"{label.capitalize()}: ")


def passphrase_from(args: argparse.Namespace, *, required: bool) -> str | None:
    if getattr(args, "passphrase_file", None):
        return read_secret_file(args.passphrase_file)
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    if required:
        return prompt("passphrase")
    return None


def unlock_from(args: argparse.Namespace, info: KeyInfo | None) -> Unlock:
    recovery = getattr(args, "recovery_key", None)
    if recovery:
        return Unlock(recovery_key=prompt("recovery key") if recovery == "-" else recovery)
    needs = info is not None and info.mode == "passphrase"
    return Unlock(passphrase=passphrase_from(args, required=needs))


def server_url(args: argparse.Namespace) -> str | None:
    """The server this command works on (``--database-url``, the environment or the saved
    setting), or ``None`` for the encrypted database in the data folder."""
    from dhr_desk.storage import server

    return server.configured_url(getattr(args, "database_url", None), data_dir(args).root)


def open_db(args: argparse.Namespace) -> Database:
    url = server_url(args)
    if url is not None:
        return store.open_server(url)
    folder = data_dir(args)
    info = KeyInfo.load(folder.keyinfo)
    return store.open_database(folder, unlock_from(args, info))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full; nothing was changed."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied for {exc.filename or 'a file'}."
    if exc.errno == errno.ENOENT:
        return f"there is no file or folder {exc.filename or ''}".rstrip() + "."
    return f"{exc.strerror or exc} ({exc.filename or 'file'})."
