"""Deadline rule for the agency information a Community Trigger asks for.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:10:00

Until this revision a Community Trigger's agency requests were dated by the DHR rule (6 weeks).
A data migration: adds the Community Trigger rule (5 working days of the request) unless a rule
with its code exists. The figures are written out here, not imported.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RULES = [
    # code, case kind, label, start event, done event, amount, unit
    (
        "ct_agency_return",
        "community_trigger",
        "Agency information due",
        "returns_requested",
        "returns_received",
        5,
        "working_days",
    ),
]

_table = sa.table(
    "deadline_rule",
    sa.column("code", sa.String),
    sa.column("case_kind", sa.String),
    sa.column("label", sa.String),
    sa.column("start_event", sa.String),
    sa.column("done_event", sa.String),
    sa.column("amount", sa.Integer),
    sa.column("unit", sa.String),
    sa.column("active", sa.Boolean),
)


def upgrade() -> None:
    conn = op.get_bind()
    have = {row[0] for row in conn.execute(sa.select(_table.c.code))}
    rows = [
        {
            "code": code,
            "case_kind": kind,
            "label": label,
            "start_event": start,
            "done_event": done,
            "amount": amount,
            "unit": unit,
            "active": True,
        }
        for code, kind, label, start, done, amount, unit in RULES
        if code not in have
    ]
    if rows:
        op.bulk_insert(_table, rows)


def downgrade() -> None:
    op.execute(_table.delete().where(_table.c.code.in_([rule[0] for rule in RULES])))
