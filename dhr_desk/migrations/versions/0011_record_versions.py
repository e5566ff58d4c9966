"""The last change of each record found at once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-12 10:00:00

A record's version is the number of the last audit entry that changed it; a save made from an
older version is refused (two people editing the same record on a shared server). The index on
``audit_entry (entity, entity_id)`` finds that entry without reading the whole trail.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_entry_entity", "audit_entry", ["entity", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_entry_entity", table_name="audit_entry")
