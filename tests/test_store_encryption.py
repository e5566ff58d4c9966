"""The database and everything written beside it is unreadable without the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dhr_desk import records
from dhr_desk.domain import ChronologyEntry, Person
from dhr_desk.domain.enums import PersonRole
from dhr_desk.services import cases
from dhr_desk.storage import store
from dhr_desk.storage.keys import KeyInfo
from dhr_desk.storage.paths import DataDir

SECRETS = ["Marguerite Featherstonehaugh", "17 Larkspur Close", "Strangled with a phone cable"]


def _fill(db: store.Database) -> None:
    case = cases.new_dhr(
        db,
        {
            "notification_received_on": "2025-03-10",
            "notified_by": "DCI Hale, Northshire Police",
            "date_of_death": "2025-03-02",
            "place_of_death": SECRETS[1],
        },
        victim={"real_name": SECRETS[0], "pseudonym": "Adult A", "date_of_birth": "1971-06-05"},
    )
    for i in range(200):
        records.add(
            db,
            ChronologyEntry,
            case.id,
            {
                "occurred_on": dt.date(2024, 1, 1) + dt.timedelta(days=i),
                "source": "Police IMR",
                "event": f"{SECRETS[2]} #{i}",
            },
        )


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.sqlite_only  # the encrypted file itself
def test_no_case_data_in_any_file_of_the_data_folder(db: store.Database, data_dir: DataDir) -> None:
    _fill(db)
    # While the database is open the WAL holds recent pages: it must be encrypted too.
    store.backup(db, KeyInfo.load(data_dir.keyinfo), data_dir.backups)
    files = _all_files(data_dir.root)
    names = {p.name for p in files}
    assert "dhr-desk.db" in names and "dhr-desk.db-wal" in names and "keyinfo.json" in names
    assert any(n.endswith(".dhrbak") for n in names)
    for path in files:
        raw = path.read_bytes()
        for secret in SECRETS:
            for encoding in ("utf-8", "utf-16-le"):
                assert secret.encode(encoding) not in raw, f"{secret!r} readable in {path.name}"
        if path.name.startswith("dhr-desk.db"):
            assert not raw.startswith(b"SQLite format 3")


@pytest.mark.sqlite_only  # the encrypted file itself
def test_the_data_can_be_read_back_with_the_key(db: store.Database, data_dir: DataDir) -> None:
    _fill(db)
    db.close()
    reopened = store.open_database(data_dir)
    try:
        with reopened.session() as session:
            victim = session.query(Person).filter_by(role=PersonRole.VICTIM).one()
            assert victim.real_name == SECRETS[0]
            assert session.query(ChronologyEntry).count() == 200
    finally:
        reopened.close()


@pytest.mark.sqlite_only  # the encrypted file itself
def test_the_database_file_is_sqlcipher_with_page_authentication(db: store.Database) -> None:
    with db.engine.connect() as conn:
        version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert version and str(version).startswith("4.")
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


@pytest.mark.sqlite_only  # the encrypted file itself
def test_demo_data_is_unreadable_in_every_file_the_app_writes(
    db: store.Database, data_dir: DataDir
) -> None:
    """Load the demo, take a backup, and search every byte in the data folder for the demo's
    real names, addresses and narrative — the strings are read back from the database itself."""
    from sqlalchemy import select

    from dhr_desk.domain import Case, ChronologyEntry
    from dhr_desk.services.demo import load_demo

    load_demo(db)
    with db.session() as session:
        names = [n for n in session.scalars(select(Person.real_name)) if len(n) >= 6]
        addresses = [a for a in session.scalars(select(Person.address)) if len(a) >= 8]
        events = [e[:40] for e in session.scalars(select(ChronologyEntry.event).limit(20))]
        places = [p for p in session.scalars(select(Case.place_of_death)) if p]
    known = names + addresses + events + places
    assert len(names) >= 10 and addresses and events
    store.backup(db, KeyInfo.load(data_dir.keyinfo), data_dir.backups)
    for path in _all_files(data_dir.root):
        raw = path.read_bytes()
        for text in known:
            assert text.encode("utf-8") not in raw, f"{text!r} readable in {path.name}"
