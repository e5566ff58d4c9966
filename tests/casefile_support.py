"""Helpers for the case file tests: a second empty database, a snapshot of everything stored,
and small valid documents to spoil."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from store_support import set_up

from dhr_desk.casefile import dumps
from dhr_desk.casefile.demo import demo_documents
from dhr_desk.domain import Base
from dhr_desk.storage import store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


def empty_database(folder: Path) -> Database:
    data_dir = set_up(DataDir(folder))
    return store.open_database(data_dir)


def snapshot(db: Database) -> dict[str, int]:
    """How many rows every table holds (audit trail included)."""
    with db.engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def demo(reference: str) -> dict[str, Any]:
    return next(d for d in demo_documents() if d["case"]["reference"] == reference)


def write(path: Path, document: Any) -> Path:
    path.write_text(dumps(document) if isinstance(document, dict) else json.dumps(document))
    return path


def spoiled(reference: str = "CT-2026-009") -> dict[str, Any]:
    """A deep copy of a demo case to break in a test."""
    return copy.deepcopy(demo(reference))
