"""Encrypted backup files (``.dhrbak``) and restoring one.

A backup is a short header (a magic line, a length, JSON with the key envelope) followed by an
encrypted, consistent copy of the database made with ``VACUUM INTO``. The copy is made in a work
folder beside the database (see :mod:`dhr_desk.storage.scratch`), so a killed run leaves nothing
that the next open does not remove.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import json
import os
import shutil
import struct
from pathlib import Path

from dhr_desk.errors import (
    DamagedDatabaseError,
    DatabaseLockedError,
    DhrDeskError,
    DiskFullError,
    WrongKeyError,
)
from dhr_desk.storage import audit, files, keys, scratch
from dhr_desk.storage.anchor import Anchor, anchor_json
from dhr_desk.storage.atomic import atomic_writer
from dhr_desk.storage.audit import Head, read_head
from dhr_desk.storage.database import Database
from dhr_desk.storage.keys import KeyFileError, KeyInfo, Unlock
from dhr_desk.storage.paths import DataDir
from dhr_desk.storage.store import open_file, open_with_key
from dhr_desk.storage.verify import VerifyReport, verify

BACKUP_MAGIC = b"DHRDESK-BACKUP\n"
BACKUP_VERSION = 1
_MAX_HEADER = 1_000_000


def write_backup(db: Database, info: KeyInfo, target: Path) -> Path:
    """Write an encrypted backup: a small header with the key envelope, then the database copy.

    ``target`` is a file, or a folder in which a dated file is made (the folder is created if
    needed: it only ever holds encrypted files). The copy is made with ``VACUUM INTO``
    (consistent, same key) in a work folder beside the database.
    """
    target = Path(target)
    if target.is_dir() or not target.suffix:  # a folder: a dated file is made in it
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = target / f"dhr-desk-{stamp}.dhrbak"
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise _plain_os_error(exc, target, "the backup") from exc
    scratch.clean_leftovers(target.parent)  # half-written backups of killed runs
    work_parent = db.path.parent if db.path is not None else target.parent
    with scratch.work_folder(work_parent) as work:
        copy = work / "copy.db"
        head = _copy(db, copy)
        envelope = dataclasses.replace(info, anchor=anchor_json(head))  # the copy's own head
        header = json.dumps(
            {"version": BACKUP_VERSION, "keyinfo": json.loads(envelope.to_json())},
            sort_keys=True,
        ).encode("utf-8")
        with atomic_writer(target) as out, open(copy, "rb") as src:
            out.write(BACKUP_MAGIC)
            out.write(struct.pack(">I", len(header)))
            out.write(header)
            shutil.copyfileobj(src, out, 1024 * 1024)
    with db.session() as session:
        audit.record(
            session,
            audit.AuditEvent("backup", "database", info.database_id, None, {"file": target.name}),
        )
    return target


def _copy(db: Database, copy: Path) -> Head:
    """Copy the database into ``copy``; returns the head of the copy's audit trail.

    The head is read before and after the copy: when no entry was added meanwhile, it is the
    copy's. (A save during the copy makes it try again.)
    """
    for attempt in range(5):
        with db.reader.connect() as conn:
            before = read_head(conn)
        files.vacuum_into(db.engine, copy, "the backup")
        with db.reader.connect() as conn:
            if read_head(conn) == before:
                return before
        if attempt < 4:
            copy.unlink()
    raise DatabaseLockedError(
        "The database kept changing while the backup was made (another window or command is "
        "saving); try again when it is done."
    )


def _plain_os_error(exc: OSError, target: Path, what: str) -> DhrDeskError:
    if exc.errno == errno.ENOSPC:
        return DiskFullError(
            f"The disk is full, so {what} was not written; nothing was changed. Free some space "
            "and try again."
        )
    return DhrDeskError(
        f"{target} could not be written ({exc.strerror or exc}); nothing was changed."
    )


def read_backup_header(path: Path) -> tuple[KeyInfo, int]:
    """The key envelope stored in a backup and the offset where the database bytes start."""
    path = Path(path)
    not_backup = f"{path.name} is not a DHR Desk backup file."
    try:
        if path.is_dir():
            raise DamagedDatabaseError(f"{path} is a folder, not a DHR Desk backup file.")
        with open(path, "rb") as handle:
            if handle.read(len(BACKUP_MAGIC)) != BACKUP_MAGIC:
                raise DamagedDatabaseError(not_backup)
            (length,) = struct.unpack(">I", handle.read(4))
            if length > _MAX_HEADER:
                raise DamagedDatabaseError(not_backup)
            header = json.loads(handle.read(length).decode("utf-8"))
    except FileNotFoundError as exc:
        raise DhrDeskError(f"There is no file at {path}.") from exc
    except (OSError, struct.error, ValueError, UnicodeDecodeError) as exc:
        raise DamagedDatabaseError(not_backup) from exc
    if not isinstance(header, dict):
        raise DamagedDatabaseError(not_backup)
    version = header.get("version", 0)
    if isinstance(version, int) and version > BACKUP_VERSION:
        raise DamagedDatabaseError(f"{path.name} was made by a newer version of DHR Desk.")
    try:
        info = KeyInfo.from_json(json.dumps(header.get("keyinfo")).encode("utf-8"))
    except KeyFileError as exc:
        raise DamagedDatabaseError(
            f"{path.name} is damaged: the key envelope in its header is not usable ({exc}). "
            "Nothing was changed."
        ) from exc
    return info, len(BACKUP_MAGIC) + 4 + length


def restore(data_dir: DataDir, source: Path, unlock: Unlock) -> VerifyReport:
    """Bring back a backup after checking it whole. The current database is kept aside first.

    On an installation whose key opens the backup, nothing more is asked; otherwise (a new
    computer, a lost key store) the backup's recovery key or passphrase opens it.
    """
    source = Path(source)
    backup_info, offset = read_backup_header(source)
    data_dir.ensure()
    key = _key_for_backup(data_dir, backup_info, unlock)
    try:
        with scratch.work_folder(data_dir.root) as work:
            staging = work / "restore.db"
            with open(source, "rb") as src, atomic_writer(staging) as out:
                src.seek(offset)
                shutil.copyfileobj(src, out, 1024 * 1024)
            head = _check_staging(staging, key, source, backup_info)
            files.checkpoint(staging, key)
            _keep_aside(data_dir)
            _adopt_keyinfo(data_dir, backup_info, key, head)
            files.remove_db_files(data_dir.database)
            os.replace(staging, data_dir.database)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DiskFullError(
                f"The disk is full, so {source.name} was not restored; the current database is "
                "unchanged. Free some space and try again."
            ) from exc
        raise
    db = open_with_key(data_dir, key)
    try:
        with db.session() as session:
            audit.record(
                session,
                audit.AuditEvent(
                    "restore", "database", backup_info.database_id, None, {"file": source.name}
                ),
            )
        return verify(db)
    finally:
        db.close()


def _check_staging(staging: Path, key: bytes, source: Path, backup_info: KeyInfo) -> Head:
    """Every check of the copied backup, and its head (which must be the one its header
    records, when it records one). Returns the head."""
    try:
        db = open_file(staging, key, upgrade=False)
    except WrongKeyError:
        raise
    except DhrDeskError as exc:
        raise DamagedDatabaseError(
            f"{source.name} is damaged and was not restored; the current database is "
            f"unchanged. ({exc})"
        ) from exc
    head: Head | None = None
    try:
        report = verify(db)
        with contextlib.suppress(Exception), db.reader.connect() as conn:
            head = read_head(conn)  # unreadable: a failed check says why
    finally:
        db.close()
    failed = [(n, d) for n, d in report.failures() if n != "Schema version"]
    recorded = Anchor.from_json(backup_info.anchor)
    if head is None:
        failed.append(("Audit trail", "its last entry could not be read"))
    elif recorded is not None and recorded.head != head:
        failed.append(
            (
                "Audit trail anchor",
                f"the backup's audit trail ends at entry {head.entries:,}, but its header says "
                f"{recorded.head.entries:,}: it was changed after it was made",
            )
        )
    if failed or head is None:
        raise DamagedDatabaseError(
            f"{source.name} failed its checks and was not restored; the current database is "
            "unchanged:\n" + "\n".join(f"  {n}: {d}" for n, d in failed)
        )
    return head


def _keep_aside(data_dir: DataDir) -> None:
    """A copy of the database being replaced, in backups/ (the file as it is, even damaged)."""
    if not data_dir.database.exists():
        return
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = data_dir.backups / f"before-restore-{stamp}.db"
    data_dir.backups.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        companion = Path(f"{data_dir.database}{suffix}")
        if companion.exists():
            shutil.copyfile(companion, f"{aside}{suffix}")
    files.make_private(aside)


def _key_for_backup(data_dir: DataDir, backup_info: KeyInfo, unlock: Unlock) -> bytes:
    if unlock.recovery_key or (backup_info.mode == "passphrase" and unlock.passphrase):
        with contextlib.suppress(WrongKeyError):
            return keys.obtain_data_key(backup_info, unlock)
    if data_dir.keyinfo.exists():
        current = KeyInfo.load(data_dir.keyinfo)
        if current.key_check == backup_info.key_check:
            return keys.obtain_data_key(current, unlock)
    if unlock.recovery_key or unlock.passphrase:
        raise WrongKeyError("That key does not open this backup.")
    if backup_info.mode == "keyring":
        return keys.obtain_data_key(backup_info, unlock)
    raise WrongKeyError(
        "This backup was made with another key: give its recovery key (--recovery-key) or the "
        "passphrase it had when it was made."
    )


def _adopt_keyinfo(data_dir: DataDir, backup_info: KeyInfo, key: bytes, head: Head) -> None:
    """The key file for the restored database, anchored at the backup's head."""
    info = backup_info
    if data_dir.keyinfo.exists():
        current = KeyInfo.load(data_dir.keyinfo)
        if current.key_check == backup_info.key_check:
            info = current  # same key: the current envelope (and passphrase) still opens it
    if info is backup_info and backup_info.mode == "keyring":
        keys.keyring_store(backup_info.database_id, key)
    info = dataclasses.replace(info, anchor=anchor_json(head))
    info.save(data_dir.keyinfo)
