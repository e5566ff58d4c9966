"""Alembic environment: runs on the connection DHR Desk hands it (never opens its own)."""

from __future__ import annotations

from alembic import context

import dhr_desk.domain  # noqa: F401 - registers every table
from dhr_desk.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("DHR Desk migrations run only through dhr_desk.storage.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported")
run_migrations_online()
