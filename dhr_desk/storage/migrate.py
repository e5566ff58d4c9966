"""Schema migrations (Alembic), with an encrypted backup taken before any migration runs.

Opening a database only needs to know the revision it is at and the revisions this version
knows; both are read without importing Alembic (which costs about 0.15 s at start-up). Alembic
itself is loaded only when a migration actually runs.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from dhr_desk.storage.database import READ_ONLY

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@functools.cache
def revision_chain() -> tuple[str, ...]:
    """The revisions of this version, oldest first (the chain is linear: one head)."""
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        source = path.read_text("utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev and down:
            parents[rev.group(1)] = down.group(2)
    chain: list[str] = []
    children = {down: rev for rev, down in parents.items()}
    current = children.get(None)
    while current is not None:
        chain.append(current)
        current = children.get(current)
    if len(chain) != len(parents):
        raise RuntimeError("the migration scripts do not form a single chain")
    return tuple(chain)


def head_revision() -> str:
    return revision_chain()[-1]


def known_revisions() -> frozenset[str]:
    return frozenset(revision_chain())


def current_revision(engine: Engine) -> str | None:
    with engine.execution_options(**{READ_ONLY: True}).connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
