"""The SQLCipher engine: keyed on every connection, checked before anything is written."""

from __future__ import annotations

import contextlib
import errno
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from dhr_desk.errors import (
    DamagedDatabaseError,
    DatabaseLockedError,
    DhrDeskError,
    DiskFullError,
)
from dhr_desk.storage.audit import ANCHOR
from dhr_desk.storage.keys import sqlcipher_key_literal

_NOT_A_DB = ("file is not a database", "not a database", "file is encrypted")
# Errors of the database driver, raw or wrapped by SQLAlchemy.
DRIVER_ERRORS: tuple[type[Exception], ...] = (DBAPIError, sqlcipher3.Error)
# An execution option: connections carrying it begin plain (deferred) read transactions.
READ_ONLY = "dhr_desk_read_only"
_MALFORMED = ("malformed", "disk image", "database corrupt")


def connect_raw(path: Path, key: bytes, *, check: bool = True) -> Any:
    """Open a keyed DB-API connection; the first read proves the key before any write."""
    raw = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=15)
    try:
        raw.execute(f'PRAGMA key = "{sqlcipher_key_literal(key)}"')
        # No SQLCipher log output (it would reach stderr). cipher_memory_security stays at its
        # default (off): it is process-wide and costs ~6 ms per connection and more per page;
        # see docs/admin-guide.md "Threat model".
        raw.execute("PRAGMA cipher_log_level = NONE")
        if check:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        raw.close()
        raise translate_error(exc, path) from exc
    return raw


def translate_error(exc: BaseException, path: Path, what: str = "the change") -> BaseException:
    """A plain-words error for a driver error the user can meet, else ``exc`` itself.

    ``what`` names what was being written ("the change", "the backup") for a full disk.
    """
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).lower()
    if isinstance(orig, OSError) and orig.errno == errno.ENOSPC:
        text = "disk is full"
    if "disk is full" in text or "database or disk is full" in text:
        return _disk_full(what)
    if "disk i/o error" in text:
        if low_on_space(path):
            return _disk_full(what)
        return DhrDeskError(
            f"The disk reported an error while reading or writing {path.name} (the drive may have "
            f"been removed, or it may be failing), so {what} was not saved; everything saved "
            "before is safe."
        )
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            "The database is busy in another DHR Desk window or command; close it and try again."
        )
    if any(s in text for s in _NOT_A_DB):
        return DamagedDatabaseError(
            f"{path.name} could not be opened: it is not a DHR Desk database, it is damaged or "
            "truncated, or it belongs to another key. Nothing was changed."
        )
    if any(s in text for s in _MALFORMED):
        return DamagedDatabaseError(
            f"{path.name} is damaged (the database file is malformed). Nothing was changed; "
            "restore the latest backup with: dhr-desk restore PATH"
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return DhrDeskError(
            f"{path} could not be opened for writing: the folder may not allow it, or the file "
            "may be read-only or on a removed drive. Nothing was changed."
        )
    return exc


def _disk_full(what: str) -> DiskFullError:
    return DiskFullError(
        f"The disk is full, so {what} was not saved; everything saved before is safe. "
        "Free some space and try again."
    )


def low_on_space(path: Path, margin: int = 4 * 1024 * 1024) -> bool:
    """Whether the disk holding ``path`` has less than ``margin`` bytes free."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < margin
    except OSError:
        return False


def make_engine(path: Path, key: bytes, *, create: bool = False) -> Engine:
    """An SQLAlchemy engine over a keyed SQLCipher file, with WAL and full sync.

    An empty file is refused unless ``create`` (a new database being built).
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise DamagedDatabaseError(
            f"{path} is not a database file (it is a folder, a pipe or a device); nothing was "
            "changed."
        )
    if not create and path.exists() and path.stat().st_size == 0:
        raise DamagedDatabaseError(f"{path.name} is empty: it is not a DHR Desk database.")
    # The first connection proves the key (a plain error for a wrong key or a foreign file) and
    # is then handed to the pool, so opening costs one key set-up, not two.
    spare = [connect_raw(path, key)]

    def creator() -> Any:
        raw = spare.pop() if spare else connect_raw(path, key, check=False)
        raw.execute("PRAGMA foreign_keys = ON")
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = FULL")
        raw.execute("PRAGMA busy_timeout = 15000")
        return raw

    engine = create_engine(
        "sqlite://",
        module=sqlcipher3,
        creator=creator,
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
    )

    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Any) -> None:
    """Begin each transaction ourselves (the driver's implicit ones are off).

    A unit of work begins as a writer (``BEGIN IMMEDIATE``): it takes the write lock before its
    first read, so a second writer waits its turn (up to the busy timeout). A deferred read
    transaction that later writes cannot wait: SQLite refuses the upgrade at once as soon as
    another connection is writing. Read-only sessions begin deferred and take no write lock.
    """
    if conn.get_execution_options().get(READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_plain_engine(url: str = "sqlite://") -> Engine:
    """An unencrypted engine with the same transaction handling (tests and benchmarks only)."""
    from sqlalchemy.pool import StaticPool

    kwargs: dict[str, Any] = {}
    if url in ("sqlite://", "sqlite:///:memory:"):
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)

    on_disk = kwargs == {}

    @event.listens_for(engine, "connect")
    def _connect(raw: Any, _record: Any) -> None:
        raw.isolation_level = None
        raw.execute("PRAGMA foreign_keys = ON")
        if on_disk:  # the same durability settings as the encrypted database
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("PRAGMA synchronous = FULL")

    event.listen(engine, "begin", _begin)
    return engine


class Database:
    """One open database: an engine and a session factory.

    The laptop's encrypted SQLCipher file, or the partnership's PostgreSQL server
    (``address`` set, see :mod:`dhr_desk.storage.server`).
    """

    def __init__(
        self, engine: Engine, path: Path | None = None, anchor: Any = None, address: Any = None
    ) -> None:
        self.engine = engine
        self.path = path
        self.address = address
        self.backend: str = engine.dialect.name  # "sqlite" or "postgresql"
        # The keeper of the audit trail's anchor (storage.anchor), for a data folder's database.
        self.anchor = anchor
        # Connections of this engine begin read transactions that take no write lock: deferred
        # on SQLite, a read-only REPEATABLE READ snapshot on the server.
        reading: dict[str, Any] = {READ_ONLY: True}
        if self.backend == "postgresql":
            reading.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        self.reader = engine.execution_options(**reading)
        info: dict[str, Any] = {ANCHOR: anchor} if anchor is not None else {}
        if address is not None:
            info["os_user"] = address.user  # the person signed in to the server
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False, info=info)
        self._readers = sessionmaker(
            bind=self.reader, expire_on_commit=False, info={READ_ONLY: True}
        )

    @property
    def is_server(self) -> bool:
        return self.backend == "postgresql"

    def plain_error(self, exc: BaseException) -> BaseException:
        """The plain sentence for a driver error, or ``exc`` itself."""
        if self.is_server:
            from dhr_desk.storage.server import translate

            return translate(exc, self.address)
        return translate_error(exc, self.path or Path("the database"))

    def new_session(self) -> Session:
        return self._sessions()

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session: a consistent snapshot that never waits for a writer.

        It cannot save (a flush with changes is refused), and it is always rolled back.
        """
        session = self._readers()
        try:
            yield session
        except DBAPIError as exc:
            plain = self.plain_error(exc.orig or exc)
            if plain is exc.orig:
                raise
            raise plain from exc
        finally:
            session.expunge_all()  # what was read stays readable after the snapshot ends
            session.rollback()
            session.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed whole on success, rolled back whole on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            plain = self.plain_error(exc.orig or exc)
            if plain is exc.orig:
                raise
            raise plain from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
