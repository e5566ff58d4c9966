"""The pseudonym register and publication clearances.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 09:00:00

Adds ``person.other_names`` (aliases and nicknames, maiden and former names; empty for every
existing person), the ``pseudonym_entry`` table (names and places a case holds outside its
people, and its watch list) and the ``publication_clearance`` table (findings of the publication
check accepted, and conditions of the publication gate overridden, each with its reason).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

REGISTER_KINDS = ("person", "professional", "workplace", "school", "address", "place", "watch")


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("other_names", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "pseudonym_entry",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*REGISTER_KINDS, name="registerkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("other_names", sa.Text(), nullable=False),
        sa.Column("shown_as", sa.String(length=200), nullable=False),
        sa.Column("agreed_with_family", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_pseudonym_entry_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pseudonym_entry")),
    )
    with op.batch_alter_table("pseudonym_entry") as batch:
        batch.create_index(batch.f("ix_pseudonym_entry_case_id"), ["case_id"], unique=False)
    op.create_table(
        "publication_clearance",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("cleared_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_publication_clearance_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_clearance")),
    )
    with op.batch_alter_table("publication_clearance") as batch:
        batch.create_index(batch.f("ix_publication_clearance_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("publication_clearance")
    op.drop_table("pseudonym_entry")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("other_names")
