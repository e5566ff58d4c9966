"""Chronology gathering: partial dates, the subject of an entry, where an imported entry came
from, the import record on the agency return, and links between likely duplicates.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-10 09:00:00

Adds to ``chronology_entry``: ``date_precision`` ('day' for every existing entry),
``person_id``, ``return_id`` and ``import_row``; to ``agency_return``: ``imported_file``,
``imported_sha256``, ``imported_at`` and ``imported_entries``; and the ``chronology_link``
table. Existing entries and returns keep every value.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_PRECISION = sa.Enum(
    "day", "month", "season", "year", name="dateprecision", native_enum=False, length=40
)


def upgrade() -> None:
    with op.batch_alter_table("chronology_entry") as batch:
        batch.add_column(
            sa.Column("date_precision", _PRECISION, nullable=False, server_default="day")
        )
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("return_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("import_row", sa.String(length=200), nullable=False, server_default="")
        )
        batch.create_foreign_key(
            op.f("fk_chronology_entry_person_id_person"),
            "person",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            op.f("fk_chronology_entry_return_id_agency_return"),
            "agency_return",
            ["return_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("agency_return") as batch:
        batch.add_column(
            sa.Column("imported_file", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("imported_sha256", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("imported_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("imported_entries", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "chronology_link",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("same_event", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_chronology_link_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["chronology_entry.id"],
            name=op.f("fk_chronology_link_entry_id_chronology_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["chronology_entry.id"],
            name=op.f("fk_chronology_link_other_id_chronology_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chronology_link")),
        sa.UniqueConstraint("entry_id", "other_id", name="chronology_link_pair"),
    )
    with op.batch_alter_table("chronology_link") as batch:
        batch.create_index(batch.f("ix_chronology_link_case_id"), ["case_id"], unique=False)
        batch.create_index(batch.f("ix_chronology_link_entry_id"), ["entry_id"], unique=False)
        batch.create_index(batch.f("ix_chronology_link_other_id"), ["other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chronology_link") as batch:
        batch.drop_index(batch.f("ix_chronology_link_other_id"))
        batch.drop_index(batch.f("ix_chronology_link_entry_id"))
        batch.drop_index(batch.f("ix_chronology_link_case_id"))
    op.drop_table("chronology_link")
    with op.batch_alter_table("agency_return") as batch:
        batch.drop_column("imported_entries")
        batch.drop_column("imported_at")
        batch.drop_column("imported_sha256")
        batch.drop_column("imported_file")
    with op.batch_alter_table("chronology_entry") as batch:
        batch.drop_constraint(op.f("fk_chronology_entry_return_id_agency_return"), "foreignkey")
        batch.drop_constraint(op.f("fk_chronology_entry_person_id_person"), "foreignkey")
        batch.drop_column("import_row")
        batch.drop_column("return_id")
        batch.drop_column("person_id")
        batch.drop_column("date_precision")
