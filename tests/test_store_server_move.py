"""``dhr-desk server move``: every case of a laptop's encrypted database onto the server, with its
documents register and its audit history, in one transaction; ``--check`` writes nothing; a
reference already on the server (in any partnership) refuses the whole move; ``verify`` passes
on the server afterwards and the laptop's database is not changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pg_support
import pytest
from sqlalchemy import func, select
from store_support import set_up

from dhr_desk.casefile import export_case
from dhr_desk.cli import main
from dhr_desk.domain import Case, Distribution, GeneratedDocument, Setting
from dhr_desk.domain.enums import CaseKind
from dhr_desk.services.demo import load_demo
from dhr_desk.storage import audit, server, store
from dhr_desk.storage.audit import AuditEntry
from dhr_desk.storage.database import connect_raw
from dhr_desk.storage.paths import DataDir

_PEOPLE = itertools.count(1)


@dataclass
class Hub:
    database: str

    def url(self, user: str | None = None) -> str:
        return pg_support.cluster().url(self.database, user=user)

    def opened(self, user: str | None = None) -> contextlib.closing[store.Database]:
        return contextlib.closing(store.open_server(self.url(user)))

    def add(self, role: str, partnership: str) -> str:
        name = f"{role[:5]}_{os.getpid()}_mv{next(_PEOPLE)}"
        argv = ["--database-url", self.url(), "server", "add-user", name, "--role", role]
        assert main([*argv, "--partnership", partnership]) == 0
        return name

    def count(self, what: type) -> int:
        with self.opened() as db, db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(what)) or 0)


@pytest.fixture
def hub() -> Iterator[Hub]:
    if not pg_support.wanted():
        pytest.skip(f"{pg_support.ENV}=off: no PostgreSQL server for this run")
    try:
        name = pg_support.new_database()
    except pg_support.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    yield Hub(name)
    pg_support.drop_database(name)


@pytest.fixture
def laptop(data_dir: DataDir) -> DataDir:
    """A laptop's encrypted database with the demo cases, closed."""
    set_up(data_dir)
    with contextlib.closing(store.open_database(data_dir)) as db:
        load_demo(db)
    return data_dir


def _move(laptop: DataDir, url: str, *extra: str) -> list[str]:
    return ["--data-dir", str(laptop.root), "--database-url", url, "server", "move", *extra]


def _laptop_state(laptop: DataDir) -> tuple[str, str]:
    return (
        hashlib.sha256(laptop.database.read_bytes()).hexdigest(),
        laptop.keyinfo.read_text("utf-8"),
    )


def _laptop_cases(laptop: DataDir) -> dict[str, tuple[dict, list[AuditEntry]]]:
    with contextlib.closing(store.open_database(laptop)) as db, db.reading() as session:
        out = {}
        for case in session.scalars(select(Case)):
            entries = list(
                session.scalars(
                    select(AuditEntry).where(AuditEntry.case_id == case.id).order_by(AuditEntry.id)
                )
            )
            out[case.reference] = (export_case(session, case.reference), entries)
        return out


def test_every_case_moves_with_its_documents_register_and_its_audit_history(
    hub: Hub, laptop: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _laptop_cases(laptop)
    state = _laptop_state(laptop)
    assert main(_move(laptop, hub.url(), "--partnership", "Ashford Vale")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Moved 5 cases onto") and "in one transaction" in out
    assert "DHR-2025-003: 181 records" in out and "backup FOLDER" in out
    assert _laptop_state(laptop) == state  # the laptop's database is only read
    with hub.opened() as db, db.reading() as session:
        moved = {c.reference: c for c in session.scalars(select(Case))}
        assert sorted(moved) == sorted(before)
        assert {c.partnership for c in moved.values()} == {"Ashford Vale"}
        for reference, (document, entries) in before.items():
            again = export_case(session, reference)
            assert {**again, "created_with": 0} == {**document, "created_with": 0}
            assert again["documents"] and again["documents"] == document["documents"]
            carried = session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "laptop_history",
                    AuditEntry.case_id == moved[reference].id,
                )
            ).one()
            history = carried.changes["entries"]
            assert [e["hash"] for e in history] == [e.hash for e in entries]
            for entry in history:  # each carried entry still proves its own content
                fields = audit._fields(_as_row(entry))
                assert audit.entry_digest(entry["prev_hash"], fields) == entry["hash"]
        assert session.scalar(select(func.count()).select_from(Distribution)) == sum(
            len(d["distributions"]) for doc, _e in before.values() for d in doc["documents"]
        )
        move = session.scalars(select(AuditEntry).where(AuditEntry.action == "move")).one()
        assert move.changes["cases"] == 5 and move.changes["partnership"] == "Ashford Vale"
    with hub.opened() as db:
        report = store.verify(db)
    assert report.ok, report.failures()


def _as_row(entry: dict) -> dict:
    return {**entry, "at": dt.datetime.fromisoformat(entry["at"])}


def test_check_lists_what_would_move_and_writes_nothing(
    hub: Hub, laptop: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = hub.count(AuditEntry)
    assert main(_move(laptop, hub.url(), "--check", "--partnership", "Ashford Vale")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Checked: 5 cases can be moved onto") and "Nothing was written" in out
    assert "In all: 337 records and 342 audit entries" in out
    assert "documents 7, duplicate links 1" in out  # records per kind
    assert hub.count(Case) == 0 and hub.count(GeneratedDocument) == 0
    assert hub.count(AuditEntry) == entries


def test_a_reference_already_on_the_server_in_any_partnership_refuses_the_whole_move(
    hub: Hub, laptop: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    other = hub.add("coordinator", "Brookmere")
    with hub.opened(other) as db, db.session() as session:  # unseen by Ashford Vale
        session.add(
            Case(
                reference="CT-2026-009",
                kind=CaseKind.COMMUNITY_TRIGGER,
                title="Brookmere's own case",
            )
        )
    mover = hub.add("coordinator", "Ashford Vale")
    capsys.readouterr()
    code = main(_move(laptop, hub.url(mover)))
    captured = capsys.readouterr().out
    assert code == 2
    assert captured.startswith("Nothing was moved")
    assert "CT-2026-009 is already on the server" in captured
    with hub.opened() as db, db.reading() as session:
        assert list(session.scalars(select(Case.reference))) == ["CT-2026-009"]
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action.in_(["laptop_history", "move", "import"]))
            )
            == 0
        )


def test_a_coordinator_moves_into_their_own_partnership_only(
    hub: Hub, laptop: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    mover = hub.add("coordinator", "Ashford Vale")
    capsys.readouterr()
    assert main(_move(laptop, hub.url(mover), "--check", "--partnership", "Brookmere")) == 2
    assert "can be moved into it only" in capsys.readouterr().out
    analyst = hub.add("analyst", "Ashford Vale")
    capsys.readouterr()
    assert main(_move(laptop, hub.url(analyst), "--check")) == 2
    assert "may not add cases" in capsys.readouterr().out
    # No --partnership and no setting on the laptop: the coordinator's own partnership.
    assert main(_move(laptop, hub.url(mover))) == 0
    with hub.opened(mover) as db, db.reading() as session:
        assert set(session.scalars(select(Case.partnership))) == {"Ashford Vale"}
        assert len(list(session.scalars(select(Case.id)))) == 5


def test_the_laptops_partnership_setting_is_the_default(hub: Hub, laptop: DataDir) -> None:
    with contextlib.closing(store.open_database(laptop)) as db, db.session() as session:
        session.add(Setting(key="partnership_name", value="Brookmere"))
    assert main(_move(laptop, hub.url())) == 0
    with hub.opened() as db, db.reading() as session:
        assert set(session.scalars(select(Case.partnership))) == {"Brookmere"}


def test_a_laptop_database_changed_outside_dhr_desk_is_not_moved(
    hub: Hub, laptop: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = connect_raw(laptop.database, store.unlock_key(laptop)[1])
    raw.execute("UPDATE person SET real_name = 'Someone Else' WHERE id = 1")
    raw.close()
    assert main(_move(laptop, hub.url(), "--partnership", "Ashford Vale")) == 2
    out = capsys.readouterr().out
    assert "does not pass verify" in out and "person 1 differs" in out
    assert hub.count(Case) == 0


def test_the_server_is_required(
    laptop: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv(server.ENV_URL, raising=False)
    assert main(["--data-dir", str(laptop.root), "server", "move"]) == 1
    assert "No server is configured" in capsys.readouterr().err
