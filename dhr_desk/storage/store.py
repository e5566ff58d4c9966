"""Create, open and re-key the encrypted database of an installation.

Backups and restore are in :mod:`dhr_desk.storage.backup`, the checks of ``verify`` in
:mod:`dhr_desk.storage.verify`; both are reachable from here as well.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from dhr_desk.errors import (
    AlreadyInitialisedError,
    DamagedDatabaseError,
    ValidationError,
)
from dhr_desk.storage import anchor, audit, files, guards, keys, migrate, scratch
from dhr_desk.storage.database import Database, make_engine, translate_error
from dhr_desk.storage.keys import KeyInfo, KeyMode, Unlock
from dhr_desk.storage.paths import DataDir
from dhr_desk.storage.verify import VerifyReport, verify

__all__ = [
    "Database",
    "accept_current",
    "InitResult",
    "RekeyResult",
    "VerifyReport",
    "backup",
    "init",
    "open_database",
    "open_file",
    "open_with_key",
    "read_backup_header",
    "rekey",
    "restore",
    "unlock_key",
    "verify",
]


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
    """Create the encrypted database. The recovery key in the result is shown once, never kept.

    On any failure (a full disk, a refused credential store) everything this call made is
    removed again: the database, the key file and the folders it created.
    """
    files.refuse_non_file(data_dir.database)
    if data_dir.keyinfo.exists() or data_dir.database.exists():
        raise AlreadyInitialisedError(
            f"A DHR Desk database already exists in {data_dir.root}; nothing was changed."
        )
    if mode == "keyring":
        keys.require_secure_keyring()
    data_key = keys.new_data_key()
    info, recovery_key = keys.create_keyinfo(mode, data_key, passphrase)
    made = [f for f in (data_dir.root, data_dir.backups, data_dir.logs) if not f.exists()]
    in_keyring = False
    try:
        data_dir.ensure()
        with scratch.work_folder(data_dir.root) as work:
            building = work / data_dir.database.name
            files.create_private(building)
            engine = make_engine(building, data_key, create=True)
            try:
                migrate.upgrade(engine)
            finally:
                engine.dispose()
            files.checkpoint(building, data_key)
            if mode == "keyring":
                keys.keyring_store(info.database_id, data_key)
                in_keyring = True
            info.anchor = anchor.anchor_json(audit.EMPTY)  # no entries yet
            info.save(data_dir.keyinfo)
            os.replace(building, data_dir.database)
    except BaseException as exc:
        plain = translate_error(exc, data_dir.database, "the new database")
        _undo_init(data_dir, made, info.database_id if in_keyring else None)
        if plain is not exc:
            raise plain from exc
        raise
    return InitResult(data_dir, mode, recovery_key, info.database_id)


def _undo_init(data_dir: DataDir, made: list[Path], keyring_entry: str | None) -> None:
    with contextlib.suppress(OSError):
        files.remove_db_files(data_dir.database)
        data_dir.keyinfo.unlink(missing_ok=True)
    if keyring_entry:
        keys.keyring_delete(keyring_entry)
    for folder in reversed(made):
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- open
def unlock_key(data_dir: DataDir, unlock: Unlock | None = None) -> tuple[KeyInfo, bytes]:
    info = KeyInfo.load(data_dir.keyinfo)
    files.refuse_non_file(data_dir.database)
    if not data_dir.database.exists():
        raise DamagedDatabaseError(
            f"The key file is in {data_dir.root} but the database file {data_dir.database.name} "
            "is missing. Restore a backup with: dhr-desk restore PATH"
        )
    return info, keys.obtain_data_key(info, unlock or Unlock())


def open_database(
    data_dir: DataDir,
    unlock: Unlock | None = None,
    *,
    upgrade: bool = True,
    check_anchor: bool = True,
) -> Database:
    """Unlock and open the database, migrating it (after a backup) if its schema is older.

    A database its key file's audit anchor does not accept (older, truncated, or with entries
    written outside DHR Desk) is refused before anything is changed, unless ``check_anchor`` is
    false (``verify --accept-current`` looks at it first). What killed runs left in the data
    folder is removed once the database is open.
    """
    _info, key = unlock_key(data_dir, unlock)
    return open_with_key(data_dir, key, upgrade=upgrade, check_anchor=check_anchor)


def open_with_key(
    data_dir: DataDir, key: bytes, *, upgrade: bool = True, check_anchor: bool = True
) -> Database:
    """Open a data folder's database with its data key (the anchor kept up to date)."""
    path = data_dir.database
    engine = make_engine(path, key)
    try:
        check_schema(engine, path, data_dir.backups, upgrade=False)
        keeper = anchor.AnchorKeeper(engine, data_dir.keyinfo, data_dir.root)
        if check_anchor:
            keeper.check()
        elif keeper.problem() is not None:
            upgrade = False  # looked at, not changed: no migration of a refused database
        check_schema(engine, path, data_dir.backups, upgrade)
    except BaseException as exc:
        engine.dispose()
        plain = translate_error(exc, path)
        if plain is not exc:
            raise plain from exc
        raise
    files.make_private(path)
    _install_hooks()
    db = Database(engine, path, keeper)
    scratch.clean_leftovers(data_dir.root)
    scratch.clean_leftovers(data_dir.backups)
    return db


def open_file(
    path: Path, key: bytes, *, backups: Path | None = None, upgrade: bool = True
) -> Database:
    """Open a database file on its own (a backup being checked): no anchor is kept."""
    engine = make_engine(path, key)
    try:
        check_schema(engine, path, backups, upgrade)
    except BaseException:
        engine.dispose()
        raise
    files.make_private(path)
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
            files.vacuum_into(
                engine,
                backups / f"before-migration-{current}-to-{head}-{stamp}.db",
                "the copy made before the upgrade",
            )
        try:
            migrate.upgrade(engine)
        except Exception as exc:  # noqa: BLE001 - a full disk: a plain message
            plain = translate_error(exc, path, "the upgrade")
            if plain is exc:
                raise
            raise plain from exc


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
    new_info, new_key = keys.create_keyinfo(mode, data_key, new_passphrase, info.database_id)
    if not new_recovery_key:
        new_info.recovery = info.recovery
    recovery = new_key if new_recovery_key else None
    with contextlib.closing(open_with_key(data_dir, data_key, upgrade=False)) as db:
        if mode == "keyring":
            keys.keyring_store(info.database_id, data_key)
        with db.session() as session:
            session.connection()  # the write lock: no anchor moves while the envelope changes
            new_info.anchor = KeyInfo.load(data_dir.keyinfo).anchor
            new_info.save(data_dir.keyinfo)
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
    if info.mode == "keyring" and mode == "passphrase":
        keys.keyring_delete(info.database_id)
    return RekeyResult(mode, recovery)


def accept_current(db: Database) -> audit.Head:
    """Anchor the audit trail where it now ends (``verify --accept-current``), recorded in it."""
    keeper = db.anchor
    if keeper is None:
        raise ValueError("only a data folder's database has an anchor")
    old, head = keeper.reset()
    with db.session() as session:
        audit.record(
            session,
            audit.AuditEvent(
                "accept_current",
                "database",
                "anchor",
                None,
                {
                    "anchored_at": old.to_json() if old is not None else None,
                    "now_at": {"entries": head.entries, "hash": head.hash},
                },
            ),
        )
    return head


# --------------------------------------------------------------------------- backup / restore
def backup(db: Database, info: KeyInfo, target: Path) -> Path:
    """Write an encrypted backup file (see :func:`dhr_desk.storage.backup.write_backup`)."""
    from dhr_desk.storage.backup import write_backup

    return write_backup(db, info, target)


def read_backup_header(path: Path) -> tuple[KeyInfo, int]:
    from dhr_desk.storage import backup as backup_file

    return backup_file.read_backup_header(path)


def restore(data_dir: DataDir, source: Path, unlock: Unlock) -> VerifyReport:
    """Bring back a backup after checking it whole (see :mod:`dhr_desk.storage.backup`)."""
    from dhr_desk.storage import backup as backup_file

    return backup_file.restore(data_dir, source, unlock)


def raw_sql(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.reader.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).fetchall()]


def _checkpoint(path: Path, key: bytes) -> None:
    files.checkpoint(path, key)


# --------------------------------------------------------------------------- the server
def init_server(url: str) -> tuple[str | None, str]:
    """Create the schema on the partnership's server, or bring it up to this version's.

    Returns the revision it was at (``None`` for an empty database) and the one it is at now.
    """
    from dhr_desk.storage import server, server_roles

    address = server.parse(url)
    engine = server.make_server_engine(address)
    try:
        before = migrate.current_revision(engine)
        if before is not None and before not in migrate.known_revisions():
            raise DamagedDatabaseError(
                f"The server's database was made by a newer version of DHR Desk (schema "
                f"{before}); install that version to work with it. Nothing was changed."
            )
        if before != migrate.head_revision():
            migrate.upgrade(engine)
        with engine.begin() as conn:
            server_roles.grant_rights(conn)  # the roles' rights cover every table of this version
        return before, migrate.head_revision()
    except Exception as exc:
        plain = server.translate(exc, address)
        if plain is not exc:
            raise plain from exc
        raise
    finally:
        engine.dispose()


def open_server(url: str, password: str | None = None) -> Database:
    """Open the shared database on the partnership's server (its schema must be current).

    ``password`` signs in with it instead of the one in the credential store (the app's sign-in
    dialog); it is kept in memory only."""
    from dhr_desk.storage import server

    address = server.parse(url)
    if password:
        address = address.with_password(password)
    engine = server.make_server_engine(address)
    try:
        current = migrate.current_revision(engine)
        if current is None:
            raise server.ServerError(
                f"The database {address.database} on {address.host} holds no DHR Desk data yet; "
                "an administrator creates it with: dhr-desk --database-url URL server init"
            )
        if current not in migrate.known_revisions():
            raise DamagedDatabaseError(
                f"The server's database was made by a newer version of DHR Desk (schema "
                f"{current}); install that version to work with it."
            )
        if current != migrate.head_revision():
            raise server.ServerError(
                f"The server's database is at an older schema ({current}); an administrator "
                "brings it up to date with: dhr-desk --database-url URL server init"
            )
    except BaseException as exc:
        engine.dispose()
        plain = server.translate(exc, address)
        if plain is not exc:
            raise plain from exc
        raise
    _install_hooks()
    return Database(engine, None, None, address)


def add_server_user(
    url: str, name: str, role: str, partnership: str, password: str | None = None
) -> bool:
    """Give a person a sign-in to the server in a role and a partnership (recorded in the audit
    trail under the administrator's name). Returns whether the sign-in is new."""
    from dhr_desk.storage import server_roles

    with contextlib.closing(open_server(url)) as db, db.session() as session:
        new = server_roles.add_user(session.connection(), name, role, partnership, password)
        audit.record(
            session,
            audit.AuditEvent(
                "add_user",
                "server_member",
                name,
                None,
                {"role": role, "partnership": partnership, "new_sign_in": new},
            ),
        )
    return new
