"""The database file on disk: created private, refused when it is not a file, folded and copied.

SQLite creates a database file as 0644 and gives its ``-wal`` and ``-shm`` files the mode of the
database file. DHR Desk creates the (empty) file itself as 0600 before SQLite opens it, so all
three stay private to the user on POSIX, like the rest of the data folder.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dhr_desk.errors import DamagedDatabaseError
from dhr_desk.storage.database import connect_raw, translate_error

DB_SUFFIXES = ("", "-wal", "-shm", "-journal")
PRIVATE = 0o600


def create_private(path: Path) -> None:
    """An empty file only the user can read and write (fails if the file exists)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
    os.close(fd)


def make_private(path: Path) -> None:
    """Take group and other permissions away from the database and its companion files."""
    if os.name != "posix":
        return
    for suffix in DB_SUFFIXES:
        companion = Path(f"{path}{suffix}")
        try:
            mode = companion.stat().st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode) and mode & 0o077:
            companion.chmod(PRIVATE)


def refuse_non_file(path: Path) -> None:
    """A plain error when the database path is a folder, a pipe or a device."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DamagedDatabaseError(
            f"{path} could not be read ({exc.strerror or exc}); nothing was changed."
        ) from exc
    if stat.S_ISDIR(mode):
        raise DamagedDatabaseError(
            f"{path} is a folder, but it should be the database file; nothing was changed. Move "
            "that folder out of the way, then restore the latest backup with: "
            "dhr-desk restore FILE"
        )
    if not stat.S_ISREG(mode):
        raise DamagedDatabaseError(
            f"{path} is not a regular file (it is a pipe or a device), so it is not a DHR Desk "
            "database; nothing was changed."
        )


def remove_db_files(path: Path) -> None:
    for suffix in DB_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def checkpoint(path: Path, key: bytes) -> None:
    """Fold the WAL into the main file and leave rollback-journal mode (for moving the file)."""
    raw = connect_raw(path, key)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode = DELETE")
    except Exception as exc:  # noqa: BLE001 - a driver error: a plain sentence instead
        raise translate_error(exc, path) from exc
    finally:
        raw.close()


def vacuum_into(engine: Engine, target: Path, what: str = "the copy") -> None:
    """An encrypted, consistent copy of the live database (same key) in a new private file,
    written beside ``target`` and moved into place whole; on failure nothing is left behind."""
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    create_private(partial)  # VACUUM INTO accepts an empty file and keeps its mode
    try:
        raw = engine.raw_connection()  # outside any transaction, as VACUUM requires
        try:
            driver: Any = raw.driver_connection
            driver.execute("VACUUM INTO ?", (str(partial),))
        finally:
            raw.close()
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, Exception):
            plain = translate_error(exc, target, what)
            if plain is not exc:
                raise plain from exc
        raise
