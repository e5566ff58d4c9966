"""Constraint names that PostgreSQL accepts.

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-12 09:00:00

The unique constraint of ``case_agency`` (one row per agency in a case) was named
``case_agency``, like its table. PostgreSQL keeps the index behind a unique constraint in the
same namespace as the tables, so a schema built with that name fails there at once. The
constraint is now ``uq_case_agency_case_id_agency_id`` (the naming convention of every other
constraint). On PostgreSQL the first migration already gives it that name, so there is nothing
to do; on SQLite the table is rebuilt with the new name, keeping every row.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD = "case_agency"
NEW = "uq_case_agency_case_id_agency_id"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("case_agency", recreate="always") as batch:
        batch.drop_constraint(OLD, type_="unique")
        batch.create_unique_constraint(NEW, ["case_id", "agency_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table("case_agency", recreate="always") as batch:
        batch.drop_constraint(NEW, type_="unique")
        batch.create_unique_constraint(OLD, ["case_id", "agency_id"])
