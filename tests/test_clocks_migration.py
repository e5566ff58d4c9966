"""Migration 0002 seeds the default deadline rules, also into databases made by schema 0001."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
from pathlib import Path

from sqlalchemy import select

from dhr_desk.domain import DeadlineRule
from dhr_desk.storage import migrate, store
from dhr_desk.storage.database import Database, make_engine
from dhr_desk.workflow import DEFAULT_RULES, open_deadlines

FIXTURES = Path(__file__).parent / "fixtures"
KEY_0001 = bytes.fromhex("5eed" * 16)
MIGRATION = migrate.MIGRATIONS / "versions" / "0002_deadline_rules.py"
MIGRATION_0003 = migrate.MIGRATIONS / "versions" / "0003_ct_agency_information.py"
MIGRATION_0007 = migrate.MIGRATIONS / "versions" / "0007_statutory_changes.py"


def _seeded(db: Database) -> dict[str, tuple[str, str, str, int, str, bool]]:
    with db.session() as s:
        return {
            r.code: (
                r.case_kind.value,
                r.start_event,
                r.done_event,
                r.amount,
                r.unit.value,
                r.active,
            )
            for r in s.scalars(select(DeadlineRule))
        }


def _defaults() -> dict[str, tuple[str, str, str, int, str, bool]]:
    return {
        r.code: (r.case_kind.value, r.start_event, r.done_event, r.amount, r.unit.value, True)
        for r in DEFAULT_RULES
    }


def test_revision_0002_follows_0001() -> None:
    spec = importlib.util.spec_from_file_location("m0002", MIGRATION)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (module.revision, module.down_revision) == ("0002", "0001")
    assert "0002" in migrate.known_revisions()
    # The frozen figures of the data migrations are the defaults the app documents and resets
    # to (0003 added the Community Trigger agency-information rule; 0007 made the two review
    # windows one rule and added three).
    m0007 = _load(MIGRATION_0007, "m0007")
    replaced = {row[0] for row in m0007.REPLACED}
    rows = [
        row
        for row in [*module.RULES, *_load(MIGRATION_0003, "m0003").RULES]
        if row[0] not in replaced
    ]
    rows += [m0007.REVIEW_REQUEST, *m0007.RULES]
    frozen = {row[0]: (row[1], row[3], row[4], row[5], row[6], True) for row in rows}
    assert frozen == _defaults()
    labels = {row[0]: row[2] for row in rows}
    assert labels == {r.code: r.label for r in DEFAULT_RULES}


def _load(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_new_database_has_the_default_rules(db: Database) -> None:
    assert _seeded(db) == _defaults()


def test_a_first_schema_database_gets_the_rules_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "dhr-desk.db"
    shutil.copy(FIXTURES / "schema-0001.db", path)
    engine = make_engine(path, KEY_0001)
    assert migrate.current_revision(engine) == "0001"
    engine.dispose()
    db = store.open_file(path, KEY_0001, backups=tmp_path / "backups")
    try:
        assert _seeded(db) == _defaults()
        with db.session() as s:
            items = open_deadlines(s, dt.date(2025, 6, 1))
        assert [(d.reference, d.code, d.due_on, d.paused_days) for d in items] == [
            ("CT-2024-003", "ct_acknowledge", dt.date(2024, 6, 5), 0),
            ("CT-2024-003", "ct_threshold", dt.date(2024, 6, 17), 0),
            # decided 30 May 2024 + 6 months, moved by the 92-day pause of July–September
            ("DHR-2024-007", "dhr_completion", dt.date(2025, 3, 2), 92),
        ]
    finally:
        db.close()
