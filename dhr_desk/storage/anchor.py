"""The head of the audit trail, anchored outside the database.

The audit trail is a hash chain inside the database, so on its own it cannot show that the
database was swapped for an older genuine copy, that its last entries were cut off, or that a
write-ahead file holding committed changes was deleted. The head of the chain (how many entries,
and the hash of the last one) is therefore kept outside it too: in the key file (keyinfo.json)
and in every backup.

Each transaction that adds audit entries holds the database's write lock from its start
(``BEGIN IMMEDIATE``). Before it commits, it writes ``{head, next}`` to the key file: the head it
found and the head it is about to commit. Once committed, it moves the anchor to ``next``
(taking the write lock again, if it is free at once). So whenever the key file is read:

* the database's head is the anchor's head (nothing committed since, or the commit failed), or
  its ``next`` (committed, and the process stopped before moving the anchor): both are sound,
  and in the second case the anchor is caught up;
* a head with fewer entries is an older or truncated database: refused;
* any other head (the same number of entries but another hash, or entries beyond ``next``)
  means the trail was written outside DHR Desk: refused.

Restoring a backup moves the anchor to the backup's head (written in the backup's header);
``dhr-desk verify --accept-current`` moves it to the database's head after every other check
passed, with an audit entry saying so.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dhr_desk.errors import DamagedDatabaseError
from dhr_desk.storage.audit import EMPTY, Head, read_head
from dhr_desk.storage.database import READ_ONLY
from dhr_desk.storage.keys import KeyInfo


class AnchorMismatchError(DamagedDatabaseError):
    """The database does not continue the audit trail its key file anchors."""

    exit_code = 11


@dataclasses.dataclass(frozen=True)
class Anchor:
    head: Head
    next: Head | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"entries": self.head.entries, "hash": self.head.hash}
        if self.next is not None:
            data["next"] = {"entries": self.next.entries, "hash": self.next.hash}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Anchor | None:
        if data is None:
            return None
        following = data.get("next")
        return cls(
            Head(int(data["entries"]), str(data["hash"])),
            Head(int(following["entries"]), str(following["hash"])) if following else None,
        )

    def accepts(self, head: Head) -> bool:
        return head == self.head or head == self.next


def anchor_json(head: Head) -> dict[str, Any]:
    return Anchor(head).to_json()


def mismatch(anchor: Anchor, head: Head, where: Path) -> AnchorMismatchError:
    """The plain sentence for a database whose head the anchor does not accept."""
    latest = anchor.next or anchor.head
    if head.entries < anchor.head.entries:
        return AnchorMismatchError(
            f"The database in {where} is older than its key file records: its audit trail ends "
            f"at entry {head.entries:,}, but entry {latest.entries:,} was written. An older "
            "copy may have been put in its place, its last entries removed, or its write-ahead "
            "file (dhr-desk.db-wal) lost. Nothing was opened or changed. Restore the latest "
            "backup with: dhr-desk restore FILE (or, if this older copy was put back on "
            "purpose, accept it with: dhr-desk verify --accept-current)."
        )
    if head.entries > latest.entries:
        what = (
            f"it has {head.entries - latest.entries:,} audit entries after entry "
            f"{latest.entries:,} that DHR Desk never wrote"
        )
    else:
        what = f"its audit entry {head.entries:,} is not the one DHR Desk wrote"
    return AnchorMismatchError(
        f"The audit trail of the database in {where} was changed outside DHR Desk: {what}. "
        "Nothing was opened or changed. Restore the latest backup with: dhr-desk restore FILE "
        "(or, once you have checked it, accept it with: dhr-desk verify --accept-current)."
    )


@contextlib.contextmanager
def write_lock(engine: Engine, *, wait: bool = True) -> Iterator[Any | None]:
    """Hold the database's write lock (``BEGIN IMMEDIATE``) on a raw connection.

    Yields the connection, or ``None`` when ``wait`` is false and another writer holds it.
    """
    raw = engine.raw_connection()
    driver: Any = raw.driver_connection
    try:
        if not wait:
            driver.execute("PRAGMA busy_timeout = 0")
        try:
            driver.execute("BEGIN IMMEDIATE")
        except Exception:  # noqa: BLE001 - busy: the caller goes without
            if wait:
                raise
            yield None
            return
        try:
            yield driver
        finally:
            driver.execute("ROLLBACK")
    finally:
        if not wait:
            driver.execute("PRAGMA busy_timeout = 15000")
        raw.close()


def _head_of(driver: Any) -> Head:
    row = driver.execute("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1])) if row else EMPTY


class AnchorKeeper:
    """Keeps the anchor of one data folder's database in its key file."""

    def __init__(self, engine: Engine, keyinfo: Path, root: Path) -> None:
        self.engine = engine
        self.keyinfo = keyinfo
        self.root = root

    def load(self) -> Anchor | None:
        return Anchor.from_json(KeyInfo.load(self.keyinfo).anchor)

    def save(self, anchor: Anchor, *, durable: bool = True) -> None:
        info = KeyInfo.load(self.keyinfo)
        info.anchor = anchor.to_json()
        info.save(self.keyinfo, durable_rename=durable)

    def head(self) -> Head:
        with self.engine.execution_options(**{READ_ONLY: True}).connect() as conn:
            return read_head(conn)

    # -- at open
    def check(self) -> Head:
        """Refuse a database its anchor does not accept; catch the anchor up if needed."""
        anchor, head = self._consistent()
        if anchor is None:  # a key file from before anchoring: anchor what is there now
            with write_lock(self.engine) as driver:
                self.save(Anchor(_head_of(driver)))
            return head
        if not anchor.accepts(head):
            raise mismatch(anchor, head, self.root)
        if anchor.next is not None and head == anchor.next:
            self.settle(head)
        return head

    def problem(self) -> AnchorMismatchError | None:
        """Why the anchor refuses the database, without refusing it (for ``verify``).

        ``None`` too when the trail cannot be read at all: verify's checks say why.
        """
        try:
            anchor, head = self._consistent()
        except Exception:  # noqa: BLE001 - a damaged page: reported by the checks
            return None
        if anchor is None or anchor.accepts(head):
            return None
        return mismatch(anchor, head, self.root)

    def _consistent(self) -> tuple[Anchor | None, Head]:
        """The anchor and the head read together (a writer may move both meanwhile)."""
        for _ in range(20):
            first = self.load()
            head = self.head()
            if self.load() == first:
                return first, head
        return self.load(), self.head()

    # -- around each write (called by the audit hooks)
    def intend(self, before: Head, after: Head) -> None:
        """Before the commit, with the write lock held: record the head about to be written."""
        anchor = self.load()
        if anchor is not None and not anchor.accepts(before):
            raise mismatch(anchor, before, self.root)
        self.save(Anchor(before, after))

    def settle(self, after: Head) -> None:
        """After the commit: move the anchor to the committed head, if the lock is free now.

        Never raises: the change is committed, and a head equal to ``next`` is accepted at the
        next open anyway.
        """
        with contextlib.suppress(Exception), write_lock(self.engine, wait=False) as driver:
            if driver is None or _head_of(driver) != after:
                return
            anchor = self.load()
            if anchor is not None and anchor.accepts(after) and anchor.head != after:
                # Not made durable: after a power cut the key file may still say {head, next},
                # which accepts this database as well.
                self.save(Anchor(after), durable=False)

    def reset(self) -> tuple[Anchor | None, Head]:
        """Anchor the database's current head (``verify --accept-current``)."""
        with write_lock(self.engine) as driver:
            old = self.load()
            head = _head_of(driver)
            self.save(Anchor(head))
        return old, head
