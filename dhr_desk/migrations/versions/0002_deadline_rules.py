"""Deadline rules: seed the statutory and common local figures as editable local policy.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:00:00

A data migration: databases made by the first schema get the default rules on upgrade. Rules a
coordinator already has (by code) are left as they are. The figures are written out here, not
imported, so this migration keeps meaning what it meant when it was written.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

RULES = [
    # code, case kind, label, start event, done event, amount, unit
    (
        "dhr_decision",
        "dhr",
        "Decide whether to hold a review",
        "notification",
        "decision",
        1,
        "months",
    ),
    (
        "dhr_completion",
        "dhr",
        "Complete the review and submit it to the Home Office",
        "decision",
        "submitted",
        6,
        "months",
    ),
    (
        "dhr_agency_return",
        "dhr",
        "Agency return due",
        "returns_requested",
        "returns_received",
        6,
        "weeks",
    ),
    (
        "ct_acknowledge",
        "community_trigger",
        "Acknowledge the application",
        "application",
        "acknowledged",
        2,
        "working_days",
    ),
    (
        "ct_threshold",
        "community_trigger",
        "Decide whether the threshold is met",
        "application",
        "threshold_decision",
        10,
        "working_days",
    ),
    (
        "ct_review_meeting",
        "community_trigger",
        "Hold the case review meeting",
        "threshold_decision",
        "case_review_meeting",
        15,
        "working_days",
    ),
    (
        "ct_outcome_letter",
        "community_trigger",
        "Send the outcome letter",
        "case_review_meeting",
        "outcome_letter",
        5,
        "working_days",
    ),
    (
        "ct_appeal_threshold",
        "community_trigger",
        "Window to ask for a review of the threshold decision",
        "threshold_decision",
        "appeal_received",
        20,
        "working_days",
    ),
    (
        "ct_appeal_outcome",
        "community_trigger",
        "Window to ask for a review of the outcome",
        "outcome_letter",
        "appeal_received",
        20,
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
    codes = [rule[0] for rule in RULES]
    op.execute(_table.delete().where(_table.c.code.in_(codes)))
