"""A draft keeps the version of the record its edits were typed against.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-14 09:00:00

``draft.record_version`` is the version of the record (the number of the audit entry that last
changed it) when its form was opened. Restoring the draft after a crash saves against that
version, so a change someone else saved in between is shown beside the draft, never silently
overwritten. Drafts kept before this have none: they are restored as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("record_version")
