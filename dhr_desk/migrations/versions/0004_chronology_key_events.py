"""Key events in the chronology: the entries the summary chronology carries.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:30:00

Adds ``chronology_entry.key_event`` (false for every existing entry).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chronology_entry") as batch:
        batch.add_column(
            sa.Column("key_event", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("chronology_entry") as batch:
        batch.drop_column("key_event")
