"""Backups of the partnership's server: the exact commands of PostgreSQL's own tools for the
configured server (``pg_dump`` / ``pg_restore``, never a password on the command line), and a
folder of encrypted case files, one per case the person signed in may see, with a manifest.

The folder is written whole or not at all: every file goes into a work folder beside it, which
is renamed to the folder's name only once the last file and the manifest are on disk. Only
encrypted files are ever written (no case text reaches the disk in clear).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from dhr_desk import __version__
from dhr_desk.casefile import dumps, export_case
from dhr_desk.casefile.sealed import CIPHER, SUFFIX, SealingKey
from dhr_desk.domain import Case
from dhr_desk.errors import DhrDeskError, DiskFullError, ValidationError
from dhr_desk.storage import migrate
from dhr_desk.storage.atomic import fsync_dir
from dhr_desk.storage.database import Database

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "dhr-desk-case-backup"
WORK_PREFIX = ".dhr-desk-cases-"
Progress = Callable[[int, int, str], None]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


# --------------------------------------------------------------------------- pg_dump
@dataclass(frozen=True)
class ServerFacts:
    """What the commands need to know about the server, read from it."""

    host: str
    port: int
    database: str
    owner: str  # the sign-in that owns the tables (row-level security does not hide from it)
    version: str  # the server's PostgreSQL version, e.g. "16.4"
    signed_in_as: str
    options: dict[str, str] = field(default_factory=dict)  # sslmode, sslrootcert, …


def server_facts(db: Database) -> ServerFacts:
    if not db.is_server or db.address is None:
        raise ValidationError(
            "server backup is about the partnership's server; the encrypted database on this "
            "computer is backed up with: dhr-desk backup PATH"
        )
    address = db.address
    with db.reader.connect() as conn:
        owner = conn.execute(
            text(
                "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename = 'case'"
            )
        ).scalar()
        version = conn.execute(text("SHOW server_version")).scalar()
        user = conn.execute(text("SELECT session_user")).scalar()
    return ServerFacts(
        host=address.host,
        port=address.port,
        database=address.database,
        owner=str(owner or address.user),
        version=str(version or "").split()[0],
        signed_in_as=str(user or address.user),
        options={**address.options, "sslmode": address.sslmode},
    )


def _conninfo(facts: ServerFacts, database: str | None = None) -> str:
    """A libpq connection string with no password (it comes from the password file)."""
    parts = {
        "host": facts.host,
        "port": str(facts.port),
        "dbname": database or facts.database,
        "user": facts.owner,
        **facts.options,
    }
    return " ".join(f"{k}={_libpq_value(v)}" for k, v in parts.items())


def _libpq_value(value: str) -> str:
    if value and not re.search(r"[\s'\\]", value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


@dataclass(frozen=True)
class DumpCommands:
    """The commands, each a list of arguments (shown quoted for a shell)."""

    dump: list[str]
    roles: list[str]
    create: list[str]
    restore: list[str]
    dump_file: str
    roles_file: str

    @staticmethod
    def shown(argv: list[str]) -> str:
        return shlex.join(argv)


def dump_commands(facts: ServerFacts, today: dt.date | None = None) -> DumpCommands:
    day = (today or dt.date.today()).isoformat()
    dump_file = f"{facts.database}-{day}.dump"
    roles_file = f"{facts.database}-roles-{day}.sql"
    conninfo = _conninfo(facts)
    maintenance = _conninfo(facts, "postgres")
    return DumpCommands(
        dump=["pg_dump", f"--dbname={conninfo}", "--format=custom", f"--file={dump_file}"],
        roles=[
            "pg_dumpall",
            f"--dbname={maintenance}",
            "--roles-only",
            "--no-role-passwords",
            f"--file={roles_file}",
        ],
        create=["createdb", f"--maintenance-db={maintenance}", facts.database],
        restore=[
            "pg_restore",
            f"--dbname={conninfo}",
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            dump_file,
        ],
        dump_file=dump_file,
        roles_file=roles_file,
    )


def owner_url(db: Database, facts: ServerFacts) -> str:
    """The server's URL signed in as the tables' owner (no password)."""
    assert db.address is not None
    return str(dataclasses.replace(db.address, user=facts.owner, password=None).url())


def instructions(facts: ServerFacts, commands: DumpCommands, url: str) -> list[str]:
    """What to run, in order, as lines to print (``url``: the server as the owner)."""
    show = DumpCommands.shown
    url = shlex.quote(url)
    pgpass = f"{facts.host}:{facts.port}:*:{facts.owner}:PASSWORD"
    return [
        f"The server's database {facts.database} on {facts.host} (PostgreSQL {facts.version}) "
        "is backed up with PostgreSQL's own tools, version "
        f"{facts.version.split('.')[0]} or newer.",
        f"Run them as {facts.owner}, who owns the tables: row-level security hides other "
        "partnerships' cases from every other sign-in, and pg_dump stops rather than write "
        "part of them.",
        "",
        "1. The database (every case, the audit trail, the settings, who is in which "
        "partnership), in PostgreSQL's compressed custom format:",
        f"   {show(commands.dump)}",
        "2. The sign-ins and the four groups (kept by the server, not in the database; no "
        "passwords):",
        f"   {show(commands.roles)}",
        "",
        "No password is given on a command line. Each command reads it from the password file "
        "(~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf on Windows, readable only by you; "
        "another file named by PGPASSFILE), one line:",
        f"   {pgpass}",
        "",
        "To bring it back on a new server (or after renaming the damaged database):",
        f"   psql --dbname={shlex.quote(_conninfo(facts, 'postgres'))} "
        f"--file={commands.roles_file}   (sign-ins that exist already are reported and kept)",
        f"   {show(commands.create)}",
        f"   {show(commands.restore)}",
        f"   dhr-desk --database-url {url} server init      (gives the groups their rights again)",
        f"   dhr-desk --database-url {url} verify",
        "",
        "Keep the dumps as carefully as the laptops' backups: they hold every case in clear "
        "text unless the storage they go to is encrypted. Each case can also be kept as an "
        "encrypted case file: dhr-desk server backup --cases FOLDER",
    ]


# --------------------------------------------------------------------------- the case files
@dataclass
class CaseBackup:
    folder: Path
    cases: list[dict[str, Any]]
    bytes: int


def file_name(reference: str, taken: set[str]) -> str:
    stem = _UNSAFE.sub("_", reference).strip("._") or "case"
    name, number = f"{stem}{SUFFIX}", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}{SUFFIX}"
    taken.add(name.lower())
    return name


def _check_target(folder: Path) -> None:
    if folder.is_file():
        raise ValidationError(f"{folder} is a file; the case backup needs a new folder.")
    if folder.is_dir() and any(folder.iterdir()):
        raise ValidationError(
            f"The folder {folder} is not empty; the case backup goes into a new or empty folder "
            "(a dated name keeps each backup apart). Nothing was written."
        )
    if not folder.parent.is_dir():
        raise ValidationError(
            f"The folder {folder.parent} does not exist, so the case backup was not written. "
            "Choose a folder that exists; nothing was changed."
        )


def _write(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_case_backup(
    db: Database, folder: Path, passphrase: str, progress: Progress | None = None
) -> CaseBackup:
    """Write each case the person signed in may see as an encrypted case file into ``folder``
    (new or empty), with ``manifest.json``; all of it, or nothing."""
    folder = Path(folder).absolute()
    _check_target(folder)
    key = SealingKey(passphrase)
    try:
        work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=folder.parent))
    except OSError as exc:
        raise _plain(exc, folder) from exc
    try:
        cases, total = _write_cases(db, work, key, progress)
        manifest = _manifest(db, key, cases)
        _write(work / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
        if folder.is_dir():
            folder.rmdir()  # empty (checked above); a rename cannot replace a folder everywhere
        os.rename(work, folder)
        fsync_dir(folder.parent)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise _plain(exc, folder) from exc
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return CaseBackup(folder, cases, total)


def _write_cases(
    db: Database, work: Path, key: SealingKey, progress: Progress | None
) -> tuple[list[dict[str, Any]], int]:
    cases: list[dict[str, Any]] = []
    taken: set[str] = set()
    total = 0
    with db.reading() as session:  # one snapshot: the cases as they were at one moment
        references = list(session.scalars(select(Case.reference).order_by(Case.reference)))
        for index, reference in enumerate(references):
            if progress:
                progress(index, len(references), f"Writing {reference}")
            document = export_case(session, reference)
            sealed = key.seal(dumps(document).encode("utf-8"))
            name = file_name(reference, taken)
            _write(work / name, sealed)
            total += len(sealed)
            cases.append(
                {
                    "reference": reference,
                    "file": name,
                    "bytes": len(sealed),
                    "sha256": hashlib.sha256(sealed).hexdigest(),
                    "records": _records(document),
                }
            )
    return cases, total


def _records(document: dict[str, Any]) -> int:
    def count(value: Any) -> int:
        if isinstance(value, list):
            return sum(count(v) for v in value)
        if isinstance(value, dict):
            return 1 + sum(count(v) for v in value.values() if isinstance(v, list | dict))
        return 0

    return sum(count(document[k]) for k in document if k not in ("format", "created_with"))


def _manifest(db: Database, key: SealingKey, cases: list[dict[str, Any]]) -> dict[str, Any]:
    address = db.address
    return {
        "format": MANIFEST_FORMAT,
        "format_version": 1,
        "created_with": f"DHR Desk {__version__}",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server": address.url() if address is not None else None,
        "signed_in_as": address.user if address is not None else None,
        "schema": migrate.current_revision(db.engine),
        "encryption": {"cipher": CIPHER, **key.parameters()},
        "cases": cases,
        "restore": "dhr-desk import --key-file FILE *.dhrcase (FILE: the passphrase's file)",
    }


def _plain(exc: OSError, folder: Path) -> DhrDeskError:
    if exc.errno == errno.ENOSPC:
        return DiskFullError(
            f"The disk is full, so the case backup was not written; nothing was left in "
            f"{folder.parent}. Free some space, or choose another drive, and try again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return DhrDeskError(
            f"The case backup cannot be written in {folder.parent} ({exc.strerror}): the folder "
            "does not allow it or the drive is read-only. Nothing was written."
        )
    return DhrDeskError(
        f"The case backup could not be written in {folder.parent} ({exc.strerror or exc}); "
        "nothing was left there."
    )
