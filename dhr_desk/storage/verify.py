"""``verify``: every check of an open database, each failure said in a plain sentence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dhr_desk.errors import DamagedDatabaseError, DhrDeskError
from dhr_desk.storage import anchor, audit, migrate, replay
from dhr_desk.storage.database import Database


@dataclass
class VerifyReport:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(passed for _, passed, _ in self.checks)

    def add(self, name: str, passed: bool, detail: str) -> None:
        self.checks.append((name, passed, detail))

    def failures(self) -> list[tuple[str, str]]:
        return [(name, detail) for name, passed, detail in self.checks if not passed]


Check = Callable[[Database], tuple[bool, str]]
ANCHOR_CHECK = "Audit trail anchor (key file)"
_TRIGGERS = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
_PG_TRIGGERS = (
    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal"
)


def unreadable(exc: BaseException, db: Database) -> str:
    """Why a check could not run, without driver text, SQL or web addresses."""
    plain = db.plain_error(exc)
    if isinstance(plain, DhrDeskError) and not isinstance(plain, DamagedDatabaseError):
        return f"could not be read: {plain}"
    return "could not be read: the file is damaged where this check looks"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _pragma_rows(db: Database, sql: str) -> list[tuple[object, ...]]:
    with db.reader.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()]


def _structure(db: Database) -> tuple[bool, str]:
    rows = [str(r[0]) for r in _pragma_rows(db, "PRAGMA integrity_check")]
    if rows == ["ok"]:
        return True, "ok"
    faults = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
    found = _count(len(faults), "fault", "faults") + (" or more" if len(faults) >= 100 else "")
    return False, f"the file's internal structure is damaged ({found} found)"


def _cipher(db: Database) -> tuple[bool, str]:
    rows = _pragma_rows(db, "PRAGMA cipher_integrity_check")
    if not rows:
        return True, "every page authenticates"
    return False, (
        f"{_count(len(rows), 'page does', 'pages do')} not authenticate: the file was changed "
        "outside DHR Desk, or the disk damaged it"
    )


def _links(db: Database) -> tuple[bool, str]:
    rows = _pragma_rows(db, "PRAGMA foreign_key_check")
    if not rows:
        return True, "ok"
    table, rowid, parent = (str(x) for x in rows[0][:3])
    return False, (
        f"{_count(len(rows), 'record points', 'records point')} at a record that does not "
        f"exist (the first: {table.replace('_', ' ')} {rowid} names a missing "
        f"{parent.replace('_', ' ')})"
    )


def _schema(db: Database) -> tuple[bool, str]:
    current, head = migrate.current_revision(db.engine), migrate.head_revision()
    return current == head, f"{current} (this version expects {head})"


def _chain(db: Database) -> tuple[bool, str]:
    with db.reader.connect() as conn:
        count, problems = audit.verify_chain(conn)
    guards = {str(r[0]) for r in _pragma_rows(db, _PG_TRIGGERS if db.is_server else _TRIGGERS)}
    found = [f"entry {p.entry_id} {p.reason}" for p in problems]
    if not {"audit_entry_no_update", "audit_entry_no_delete"} <= guards:
        found.insert(
            0,
            "the database no longer refuses changes to the audit trail (its protection was "
            "removed outside DHR Desk)",
        )
    if not found:
        return True, f"{count} entries, chain intact"
    return False, "; ".join(found)


def _records(db: Database) -> tuple[bool, str]:
    result = replay.replay(db.reader, migrate.head_revision())
    if not result.findings:
        return (
            True,
            f"{_count(result.records, 'record agrees', 'records agree')} with the audit trail",
        )
    shown = result.findings[:5]
    return False, (
        f"{_count(len(result.findings), 'record was', 'records were')} changed outside "
        f"DHR Desk: {replay.summary(shown, len(result.findings))}"
    )


def _anchored(db: Database) -> tuple[bool, str]:
    keeper = db.anchor
    assert keeper is not None
    kept, head = keeper.load(), keeper.head()
    if kept is None:
        return False, "the key file holds no anchor yet"
    if kept.accepts(head):
        return True, f"ends at entry {head.entries:,}, as the key file records"
    return False, str(anchor.mismatch(kept, head, keeper.root))


CHECKS: tuple[tuple[str, Check], ...] = (
    ("Database structure", _structure),
    ("Encryption integrity (page HMACs)", _cipher),
    ("Links between records", _links),
    ("Schema version", _schema),
    ("Audit trail chain", _chain),
    ("Records against the audit trail", _records),
)


# On the server, PostgreSQL keeps its own pages and links sound (data checksums, foreign keys
# always enforced): what DHR Desk checks there is its schema and its audit trail.
SERVER_CHECKS: tuple[tuple[str, Check], ...] = (
    ("Schema version", _schema),
    ("Audit trail chain", _chain),
    ("Records against the audit trail", _records),
)


def verify(db: Database) -> VerifyReport:
    """Page integrity, cipher (HMAC) integrity, foreign keys, schema version, the audit chain,
    every record against the audit trail and (for a data folder's database) the trail's anchor.

    Each check runs on its own: a damaged page fails the checks that touch it and is reported,
    instead of stopping the whole verification.
    """
    report = VerifyReport()
    checks = list(SERVER_CHECKS if db.is_server else CHECKS)
    if db.anchor is not None:
        checks.append((ANCHOR_CHECK, _anchored))
    for name, check in checks:
        try:
            passed, detail = check(db)
        except Exception as exc:  # noqa: BLE001 - a damaged page: report it, go on
            passed, detail = False, unreadable(exc, db)
        report.add(name, passed, detail)
    return report
