"""A version belongs to one document: kind, case, part (the meeting) and edition.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00

Adds ``generated_document.part`` ("meeting 4" for the papers of meeting 4; empty for documents
a case has once) and ``generated_document.content_sha256`` (what the content was, so the Word
and PDF files of one content share a version number). Existing papers of a meeting get their
part from their title ("Minutes: Panel meeting 4"); existing rows keep an empty content digest.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_MEETING = re.compile(r"meeting (\d+)\s*$", re.IGNORECASE)


def upgrade() -> None:
    with op.batch_alter_table("generated_document") as batch:
        batch.add_column(
            sa.Column("part", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("content_sha256", sa.String(length=64), nullable=False, server_default="")
        )
    table = sa.table(
        "generated_document",
        sa.column("id", sa.Integer),
        sa.column("title", sa.String),
        sa.column("part", sa.String),
    )
    connection = op.get_bind()
    for row_id, title in connection.execute(sa.select(table.c.id, table.c.title)):
        found = _MEETING.search(title or "")
        if found:
            connection.execute(
                table.update()
                .where(table.c.id == row_id)
                .values(part=f"meeting {int(found.group(1))}")
            )


def downgrade() -> None:
    with op.batch_alter_table("generated_document") as batch:
        batch.drop_column("content_sha256")
        batch.drop_column("part")
