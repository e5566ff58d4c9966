"""Cases checked out from the server to a laptop for a secure room, and back.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:30:00

Two new tables; no existing row changes.

* ``case_hold`` (used on the server): who holds a case checked out, since when, on which
  computer. Row-level security as for every table that hangs from a case.
* ``checked_out_copy`` (used on the laptop): the server a case came from, the case as the server
  had it at check-out (the base of the merge at check-in) and which record here is which there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = ("case_hold", "checked_out_copy")


def upgrade() -> None:
    op.create_table(
        "case_hold",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("held_by", sa.String(length=200), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_case_hold_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_hold")),
    )
    op.create_table(
        "checked_out_copy",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("server", sa.String(length=500), nullable=False),
        sa.Column("server_case_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("checked_out_by", sa.String(length=200), nullable=False),
        sa.Column("checked_out_at", sa.DateTime(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_checked_out_copy_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_checked_out_copy")),
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:  # the pattern of migration 0012: seen when its case is
            condition = f'EXISTS (SELECT 1 FROM "case" p WHERE p.id = "{table}".case_id)'
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(
                f'CREATE POLICY partnership_cases ON "{table}" USING ({condition}) '
                f"WITH CHECK ({condition})"
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
