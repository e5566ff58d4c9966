"""Revision 0006 brings a database made before chronology gathering up to date: every entry
keeps its date (to the day), every return keeps its values, and links can be recorded."""

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
