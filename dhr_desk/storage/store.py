"""Create, open, re-key, back up, restore and verify the encrypted database of an installation."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

from dhr_desk.errors import (
    AlreadyInitialisedError,
    DamagedDatabaseError,
    DhrDeskError,
    ValidationError,
    WrongKeyError,
)
from dhr_desk.storage import audit, guards, keys, migrate
from dhr_desk.storage.atomic import atomic_writer
from dhr_desk.storage.database import Database, connect_raw, make_engine, translate_error
from dhr_desk.storage.keys import KeyInfo, KeyMode, Unlock
from dhr_desk.storage.paths import DataDir

BACKUP_MAGIC = b"DHRDESK-BACKUP\n"
BACKUP_VERSION = 1


def _install_hooks() -> None:
    guards.install()
    audit.install()


# --------------------------------------------------------------------------- init
@dataclass
class InitResult:
    data_dir: DataDir
    mode: KeyMode
    recovery_key: str
    database_id: str


def init(data_dir: DataDir, mode: KeyMode, passphrase: str | None = None) -> InitResult:
    """Create the encrypted database. The recovery key in the result is shown once, never kept."""
    if data_dir.keyinfo.exists() or data_dir.database.exists():
        raise AlreadyInitialisedError(
            f"A DHR Desk database already exists in {data_dir.root}; nothing was changed."
        )
    if mode == "keyring":
        keys.require_secure_keyring()
    data_dir.ensure()
    data_key = keys.new_data_key()
    info, recovery_key = keys.create_keyinfo(mode, data_key, passphrase)
    building = data_dir.root / f".{data_dir.database.name}.init"
    _remove_db_files(building)
    try:
        engine = make_engine(building, data_key)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
        _checkpoint(building, data_key)
        if mode == "keyring":
            keys.keyring_store(info.database_id, data_key)
        info.save(data_dir.keyinfo)
        os.replace(building, data_dir.database)
    except BaseException:
        _remove_db_files(building)
        raise
    return InitResult(data_dir, mode, recovery_key, info.database_id)


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _checkpoint(path: Path, key: bytes) -> None:
    """Fold the WAL into the main file and leave rollback-journal mode (for moving the file)."""
    raw = connect_raw(path, key)
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode = DELETE")
    finally:
        raw.close()


# --------------------------------------------------------------------------- open
def unlock_key(data_dir: DataDir, unlock: Unlock | None = None) -> tuple[KeyInfo, bytes]:
    info = KeyInfo.load(data_dir.keyinfo)
    if not data_dir.database.exists():
        raise DamagedDatabaseError(
            f"The key file is in {data_dir.root} but the database file {data_dir.database.name} "
            "is missing. Restore a backup with: dhr-desk restore PATH"
        )
    return info, keys.obtain_data_key(info, unlock or Unlock())


def open_database(
    data_dir: DataDir, unlock: Unlock | None = None, *, upgrade: bool = True
) -> Database:
    """Unlock and open the database, migrating it (after a backup) if its schema is older."""
    _info, key = unlock_key(data_dir, unlock)
    return open_file(data_dir.database, key, backups=data_dir.backups, upgrade=upgrade)


def open_file(
    path: Path, key: bytes, *, backups: Path | None = None, upgrade: bool = True
) -> Database:
    engine = make_engine(path, key)
    try:
        check_schema(engine, path, backups, upgrade)
    except BaseException:
        engine.dispose()
        raise
    _install_hooks()
    return Database(engine, path)


def check_schema(engine: Engine, path: Path, backups: Path | None, upgrade: bool) -> None:
    """Refuse a file with no or a newer schema; migrate an older one after backing it up."""
    try:
        current = migrate.current_revision(engine)
    except Exception as exc:  # noqa: BLE001 - mapped to a plain message
        raise translate_error(exc, path) from exc
    if current is None:
        raise DamagedDatabaseError(
            f"{path.name} opens but holds no DHR Desk data (no schema). Nothing was changed."
        )
    if current not in migrate.known_revisions():
        raise DamagedDatabaseError(
            f"{path.name} was made by a newer version of DHR Desk (schema {current}); "
            "install that version to open it."
        )
    head = migrate.head_revision()
    if current != head and upgrade:
        if backups is not None:
            backups.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            _vacuum_into(engine, backups / f"before-migration-{current}-to-{head}-{stamp}.db")
        migrate.upgrade(engine)


def _vacuum_into(engine: Engine, target: Path) -> None:
    """An encrypted, consistent copy of the live database (same key), written atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    os.unlink(tmp_name)
    try:
        raw = engine.raw_connection()  # outside any transaction, as VACUUM requires
        try:
            raw.driver_connection.execute("VACUUM INTO ?", (tmp_name,))  # type: ignore[union-attr]
        finally:
            raw.close()
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- verify
@dataclass
class VerifyReport:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(passed for _, passed, _ in self.checks)

    def add(self, name: str, passed: bool, detail: str) -> None:
        self.checks.append((name, passed, detail))


def verify(db: Database) -> VerifyReport:
    """Page integrity, cipher (HMAC) integrity, foreign keys, schema version, audit chain.

    Each check runs on its own: a damaged page fails the checks that touch it and is reported,
    instead of stopping the whole verification.
    """
    report = VerifyReport()

    def pragma_rows(sql: str) -> list[str]:
        with db.reader.connect() as conn:
            return [" ".join(str(c) for c in r) for r in conn.exec_driver_sql(sql).fetchall()]

    def structure() -> tuple[bool, str]:
        rows = pragma_rows("PRAGMA integrity_check")
        return rows == ["ok"], "ok" if rows == ["ok"] else "; ".join(rows[:10])

    def cipher() -> tuple[bool, str]:
        rows = pragma_rows("PRAGMA cipher_integrity_check")
        return not rows, "every page authenticates" if not rows else "; ".join(rows[:10])

    def links() -> tuple[bool, str]:
        rows = pragma_rows("PRAGMA foreign_key_check")
        if not rows:
            return True, "ok"
        return False, f"{len(rows)} record(s) point at missing records, first: {rows[0]}"

    def schema() -> tuple[bool, str]:
        current, head = migrate.current_revision(db.engine), migrate.head_revision()
        return current == head, f"{current} (this version expects {head})"

    def chain() -> tuple[bool, str]:
        with db.reader.connect() as conn:
            count, problems = audit.verify_chain(conn)
        if not problems:
            return True, f"{count} entries, chain intact"
        return False, "; ".join(f"entry {p.entry_id} {p.reason}" for p in problems)

    checks = (
        ("Database structure", structure),
        ("Encryption integrity (page HMACs)", cipher),
        ("Links between records", links),
        ("Schema version", schema),
        ("Audit trail chain", chain),
    )
    for name, check in checks:
        try:
            passed, detail = check()
        except Exception as exc:  # noqa: BLE001 - a damaged page: report it, go on
            passed, detail = False, f"could not be read ({exc})"
        report.add(name, passed, detail)
    return report


# --------------------------------------------------------------------------- rekey
@dataclass
class RekeyResult:
    mode: KeyMode
    recovery_key: str | None  # set when a new recovery key was made: show it once


def rekey(
    data_dir: DataDir,
    unlock: Unlock,
    *,
    to_mode: KeyMode | None = None,
    new_passphrase: str | None = None,
    new_recovery_key: bool = False,
) -> RekeyResult:
    """Change the passphrase, move between keyring and passphrase mode, or issue a new
    recovery key. The data key stays, so the database file is not rewritten."""
    info, data_key = unlock_key(data_dir, unlock)
    mode: KeyMode = to_mode or info.mode
    if mode == "passphrase" and new_passphrase is None:
        raise ValidationError("Passphrase mode needs the new passphrase.")
    if mode == "keyring":
        keys.keyring_store(info.database_id, data_key)
    new_info, new_key = keys.create_keyinfo(mode, data_key, new_passphrase, info.database_id)
    if not new_recovery_key:
        new_info.recovery = info.recovery
    recovery = new_key if new_recovery_key else None
    new_info.save(data_dir.keyinfo)
    if info.mode == "keyring" and mode == "passphrase":
        keys.keyring_delete(info.database_id)
    with (
        contextlib.closing(open_file(data_dir.database, data_key, upgrade=False)) as db,
        db.session() as session,
    ):
        audit.record(
            session,
            audit.AuditEvent(
                "rekey",
                "key",
                info.database_id,
                None,
                {
                    "mode": [info.mode, mode],
                    "new_recovery_key": bool(recovery),
                    "passphrase_changed": new_passphrase is not None,
                },
            ),
        )
    return RekeyResult(mode, recovery)


# --------------------------------------------------------------------------- backup / restore
def backup(db: Database, info: KeyInfo, target: Path) -> Path:
    """Write an encrypted backup: a small header with the key envelope, then the database copy.

    The copy is made with ``VACUUM INTO`` (consistent, same key) and checked before it is kept.
    """
    target = Path(target)
    if target.is_dir() or not target.suffix:  # a folder: a dated file is made in it
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = target / f"dhr-desk-{stamp}.dhrbak"
    target.parent.mkdir(parents=True, exist_ok=True)
    with _scratch(target.parent) as scratch:
        copy = scratch / "copy.db"
        _vacuum_into(db.engine, copy)
        header = json.dumps(
            {"version": BACKUP_VERSION, "keyinfo": json.loads(info.to_json())}, sort_keys=True
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


@contextlib.contextmanager
def _scratch(folder: Path) -> Iterator[Path]:
    """A private scratch folder beside the target (same disk; only encrypted files go in)."""
    path = Path(tempfile.mkdtemp(prefix=".dhr-desk-", dir=folder))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def read_backup_header(path: Path) -> tuple[KeyInfo, int]:
    """The key envelope stored in a backup and the offset where the database bytes start."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(BACKUP_MAGIC)) != BACKUP_MAGIC:
                raise DamagedDatabaseError(f"{path.name} is not a DHR Desk backup file.")
            (length,) = struct.unpack(">I", handle.read(4))
            if length > 1_000_000:
                raise DamagedDatabaseError(f"{path.name} is not a DHR Desk backup file.")
            header = json.loads(handle.read(length).decode("utf-8"))
    except (OSError, struct.error, ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise DhrDeskError(f"There is no file at {path}.") from exc
        raise DamagedDatabaseError(f"{path.name} is not a DHR Desk backup file.") from exc
    if int(header.get("version", 0)) > BACKUP_VERSION:
        raise DamagedDatabaseError(f"{path.name} was made by a newer version of DHR Desk.")
    with _scratch(path.parent) as scratch:
        kpath = scratch / "keyinfo.json"
        kpath.write_text(json.dumps(header["keyinfo"]), "utf-8")
        info = KeyInfo.load(kpath)
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
    staging = data_dir.root / f".{data_dir.database.name}.restore"
    _remove_db_files(staging)
    try:
        with open(source, "rb") as src, atomic_writer(staging) as out:
            src.seek(offset)
            shutil.copyfileobj(src, out, 1024 * 1024)
        try:
            db = open_file(staging, key, upgrade=False)
        except WrongKeyError:
            raise
        except DhrDeskError as exc:
            raise DamagedDatabaseError(
                f"{source.name} is damaged and was not restored; the current database is "
                f"unchanged. ({exc})"
            ) from exc
        try:
            report = verify(db)
            schema_ok = all(ok for name, ok, _ in report.checks if name != "Schema version")
        finally:
            db.close()
        if not schema_ok:
            raise DamagedDatabaseError(
                f"{source.name} failed its checks and was not restored; the current database is "
                "unchanged:\n" + "\n".join(f"  {n}: {d}" for n, ok, d in report.checks if not ok)
            )
        _checkpoint(staging, key)
        if data_dir.database.exists():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = data_dir.backups / f"before-restore-{stamp}.db"
            data_dir.backups.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data_dir.database, aside)
            for suffix in ("-wal", "-shm"):
                if Path(f"{data_dir.database}{suffix}").exists():
                    shutil.copy2(f"{data_dir.database}{suffix}", f"{aside}{suffix}")
        _adopt_keyinfo(data_dir, backup_info, key)
        _remove_db_files(data_dir.database)
        os.replace(staging, data_dir.database)
    finally:
        _remove_db_files(staging)
    db = open_file(data_dir.database, key, backups=data_dir.backups)
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


def _adopt_keyinfo(data_dir: DataDir, backup_info: KeyInfo, key: bytes) -> None:
    if data_dir.keyinfo.exists():
        current = KeyInfo.load(data_dir.keyinfo)
        if current.key_check == backup_info.key_check:
            return  # same key: the current envelope (and passphrase) still opens it
    if backup_info.mode == "keyring":
        keys.keyring_store(backup_info.database_id, key)
    backup_info.save(data_dir.keyinfo)


def raw_sql(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.reader.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).fetchall()]
