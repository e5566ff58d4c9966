"""A database made by the first released schema upgrades, with a backup taken first."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from dhr_desk.domain import ChronologyEntry, Person
from dhr_desk.services import cases
from dhr_desk.storage import migrate, store
from dhr_desk.storage.database import make_engine

FIXTURES = Path(__file__).parent / "fixtures"
KEY_0001 = bytes.fromhex("5eed" * 16)


def test_first_schema_database_upgrades_to_head_keeping_every_record(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0001.db", path)
    engine = make_engine(path, KEY_0001)
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    backups = tmp_path / "backups"
    db = store.open_file(path, KEY_0001, backups=backups)
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        refs = sorted(c.reference for c in cases.list_cases(db))
        assert refs == ["CT-2024-003", "DHR-2024-007"]
        with db.session() as session:
            victim = session.scalars(select(Person).where(Person.pseudonym == "Adult Q")).one()
            assert victim.real_name == "Fixture Victimname"
            assert session.query(ChronologyEntry).count() == 1
        assert store.verify(db).ok
    finally:
        db.close()
    if migrate.head_revision() != "0001":
        taken = list(backups.glob("before-migration-0001-to-*.db"))
        assert len(taken) == 1
        old = make_engine(taken[0], KEY_0001)  # the backup is the old schema, still encrypted
        try:
            assert migrate.current_revision(old) == "0001"
        finally:
            old.dispose()
        assert b"Fixture Victimname" not in taken[0].read_bytes()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0001.db", path)
    engine = make_engine(path, KEY_0001)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    try:
        store.open_file(path, KEY_0001)
    except store.DamagedDatabaseError as exc:
        assert "newer version" in str(exc)
    else:
        raise AssertionError("a newer schema must be refused")


def test_migrations_match_the_model() -> None:
    """Autogenerate finds nothing to do on a fully migrated database: the model and the
    migrations describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from dhr_desk.domain import Base
    from dhr_desk.storage.database import make_plain_engine

    engine = make_plain_engine()
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_the_quick_revision_reader_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert list(migrate.revision_chain()) == oldest_first


def test_the_released_demo_database_opens_at_the_current_head(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0003.db", path)
    db = store.open_file(path, KEY_0001, backups=tmp_path / "backups")
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        refs = sorted(c.reference for c in cases.list_cases(db))
        assert refs == ["CT-2026-004", "CT-2026-009", "CT-2026-012", "DHR-2025-003", "DHR-2025-007"]
        with db.session() as session:
            assert session.query(ChronologyEntry).count() >= 30
        assert store.verify(db).ok
    finally:
        db.close()
