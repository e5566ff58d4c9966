"""The layer boundaries hold: the model and services run on plain SQLite (standing in for a
shared PostgreSQL server); only the storage layer knows about SQLCipher; the core never
imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

from dhr_desk.domain import Base, Person
from dhr_desk.services import cases, records
from dhr_desk.storage import audit, guards
from dhr_desk.storage.database import Database, make_plain_engine

CORE = Path(__file__).resolve().parent.parent / "dhr_desk"
SQLITE_WORDS = ("sqlcipher", "sqlite", "PRAGMA", "VACUUM")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_model_and_services_run_on_plain_sqlite_in_memory() -> None:
    engine = make_plain_engine()
    Base.metadata.create_all(engine)
    guards.install()
    audit.install()
    db = Database(engine)
    case = cases.new_dhr(
        db,
        {"notification_received_on": "2025-02-03", "notified_by": "Police"},
        victim={"real_name": "Ann", "pseudonym": "Adult A"},
    )
    records.add(db, Person, case.id, {"real_name": "Bob", "role": "family"})
    [summary] = cases.list_cases(db)
    assert summary.reference == "DHR-2025-001" and summary.opened_on.isoformat() == "2025-02-03"
    with engine.connect() as conn:
        count, problems = audit.verify_chain(conn)
    assert count >= 4 and problems == []


def test_only_the_storage_layer_is_sqlite_specific() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        rel = path.relative_to(CORE)
        if rel.parts[0] in ("storage", "migrations"):
            continue
        text = path.read_text("utf-8")
        if any(word in text for word in SQLITE_WORDS):
            offenders.append(str(rel))
    assert offenders == []


def test_the_core_never_imports_qt() -> None:
    offenders = [
        str(path.relative_to(CORE))
        for path in CORE.rglob("*.py")
        if any(name.split(".")[0] in ("PySide6", "ui", "PyQt6") for name in _imports(path))
    ]
    assert offenders == []
