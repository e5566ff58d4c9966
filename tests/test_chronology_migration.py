"""The chronology gathering revision brings an older database up to date: every entry keeps
its date (to the day), every return keeps its values, and links can be recorded; going back
below it loses no record."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from dhr_desk.domain import AgencyReturn, ChronologyEntry, DatePrecision
from dhr_desk.services import cases, chronology
from dhr_desk.storage import migrate, store
from dhr_desk.storage.database import make_engine

FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex("5eed" * 16)


def test_a_released_database_upgrades_keeping_every_entry_to_the_day(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    with engine.connect() as conn:
        before = conn.exec_driver_sql(
            "SELECT id, occurred_on, source FROM chronology_entry ORDER BY id"
        ).fetchall()
        returns = conn.exec_driver_sql(
            "SELECT id, received_on FROM agency_return ORDER BY id"
        ).fetchall()
    engine.dispose()
    db = store.open_file(path, KEY, backups=tmp_path / "backups")
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.session() as session:
            after = session.scalars(select(ChronologyEntry).order_by(ChronologyEntry.id)).all()
            assert [(e.id, e.occurred_on.isoformat(), e.source) for e in after] == [
                (i, str(d), s) for i, d, s in before
            ]
            assert {e.date_precision for e in after} == {DatePrecision.DAY}
            assert {(e.return_id, e.import_row, e.person_id) for e in after} == {(None, "", None)}
            kept = session.scalars(select(AgencyReturn).order_by(AgencyReturn.id)).all()
            assert [(r.id, str(r.received_on) if r.received_on else None) for r in kept] == [
                (i, str(d) if d else None) for i, d in returns
            ]
            assert {(r.imported_file, r.imported_sha256, r.imported_entries) for r in kept} == {
                ("", "", 0)
            }
        case_id = cases.id_of(db, "DHR-2025-003")
        rows = chronology.rows(db, case_id)
        police = [r for r in rows if r.agency == "Northshire Police"]
        chronology.decide(db, case_id, police[0].id, police[1].id, False)
        assert len(chronology.links(db, case_id)) == 1
        assert store.verify(db).ok
    finally:
        db.close()


def _revision_before_chronology_gathering() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    found = [
        r for r in script.walk_revisions() if Path(r.path).stem.endswith("_chronology_gathering")
    ]
    assert len(found) == 1
    down = found[0].down_revision
    assert isinstance(down, str)
    return down


def _table_counts(engine: object) -> dict[str, int]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        names = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT IN ('alembic_version', 'chronology_link') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar() for n in names}


def test_going_back_below_chronology_gathering_and_up_again_loses_no_record(
    tmp_path: Path,
) -> None:
    """Going down drops the new columns and the links and keeps every entry, return and the
    records that hang from them; going up again gives them back as day-precision entries."""
    from alembic import command

    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    engine = make_engine(path, KEY)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        entries = conn.exec_driver_sql("SELECT id FROM chronology_entry ORDER BY id").fetchall()
        first, second = entries[0][0], entries[1][0]
        conn.exec_driver_sql(
            "UPDATE chronology_entry SET date_precision = 'month', import_row = 'row 4', "
            "return_id = (SELECT min(id) FROM agency_return) WHERE id = ?",
            (first,),
        )
        conn.exec_driver_sql(
            "INSERT INTO chronology_link (case_id, entry_id, other_id, same_event, note) "
            "SELECT case_id, ?, ?, 1, '' FROM chronology_entry WHERE id = ?",
            (first, second, first),
        )
    before = _table_counts(engine)
    assert before["chronology_entry"] >= 30 and before["agency_return"] > 0

    below = _revision_before_chronology_gathering()
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, below)
    assert migrate.current_revision(engine) == below
    after = _table_counts(engine)
    assert after == {table: before[table] for table in after}  # every record kept
    assert all(before[table] == 0 for table in set(before) - set(after))  # later, empty tables
    with engine.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(chronology_entry)")}
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert "date_precision" not in columns and "chronology_link" not in tables

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _table_counts(engine) == before
    with engine.connect() as conn:
        kept = conn.exec_driver_sql(
            "SELECT DISTINCT date_precision, import_row, return_id FROM chronology_entry"
        ).fetchall()
        problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    assert kept == [("day", "", None)] and problems == []
    engine.dispose()
