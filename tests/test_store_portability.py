"""The layer boundaries hold: the model and services run on plain SQLite (standing in for a
shared PostgreSQL server); only the storage layer knows about SQLCipher; the core never
imports Qt."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from dhr_desk import records
from dhr_desk.domain import Base, Person
from dhr_desk.services import cases
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


# Each part of the code and its layer: a module may import only from layers below its own
# (ui and the command line at the top, storage at the bottom). Within one layer, the parts may
# lean on each other only one way round (documents and case files use the clocks).
ROOT = CORE.parent
LAYER = {
    "ui": 6,
    "dhr_desk.cli": 6,
    "dhr_desk.__main__": 6,
    "dhr_desk.services": 5,
    "dhr_desk.workflow": 4,
    "dhr_desk.documents": 4,
    "dhr_desk.casefile": 4,
    "dhr_desk.chronology": 4,
    "dhr_desk.publication": 4,
    "dhr_desk.figures": 4,
    "dhr_desk.records": 3,
    "dhr_desk.migrations": 2.5,
    "dhr_desk.domain": 2,
    "dhr_desk.storage": 1,
    "dhr_desk.errors": 0,
    "dhr_desk.words": 0,
    "dhr_desk": 0,  # the package itself: its name and version
}
# The desktop app reaches the core through the services only.
UI_MAY_IMPORT = ("dhr_desk.services", "dhr_desk.errors", "dhr_desk.words", "dhr_desk")


def _part(module: str) -> str | None:
    """The part of the code (a key of LAYER) a dotted module name belongs to."""
    while module:
        if module in LAYER:
            return module
        module = module.rpartition(".")[0]
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, resolved to real
    modules (``from dhr_desk import records`` imports ``dhr_desk.records``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                as_path = ROOT.joinpath(*candidate.split("."))
                is_module = as_path.with_suffix(".py").exists() or as_path.is_dir()
                out.add(candidate if is_module else node.module)
    return out


@functools.cache
def _edges() -> list[tuple[str, str, str]]:
    """(importing module, its part, imported part) for every import between parts."""
    edges = []
    for path in [*CORE.rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        module = _module_name(path)
        here = _part(module)
        assert here is not None, f"{module} belongs to no layer: add it to LAYER"
        for target in _targets(path):
            there = _part(target)
            if there is not None and there != here:
                edges.append((module, here, there))
    return edges


def test_every_import_runs_down_the_layers() -> None:
    upward = [
        f"{module} imports {there}"
        for module, here, there in _edges()
        if LAYER[there] > LAYER[here]
    ]
    assert upward == []


def test_parts_of_one_layer_lean_on_each_other_one_way_only() -> None:
    sideways = {(here, there) for _m, here, there in _edges() if LAYER[there] == LAYER[here]}
    both_ways = sorted(f"{a} <-> {b}" for a, b in sideways if (b, a) in sideways and a < b)
    assert both_ways == []


def test_the_desktop_app_calls_the_services_only() -> None:
    beside = [
        f"{module} imports {there}"
        for module, here, there in _edges()
        if here == "ui" and there not in UI_MAY_IMPORT
    ]
    assert beside == []
