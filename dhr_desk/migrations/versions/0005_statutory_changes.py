"""The statutory threshold, the July 2025 ASB Case Review guidance and the 2024 DHR changes.

Revision ID: 0005
Revises: 0004
Create Date: 2027-01-11 09:00:00

Schema:

* ``complaint.relates_to_application`` (true for every existing complaint): the statutory
  threshold counts complaints about the behaviour the application relates to, by anyone;
* ``decision.basis``: the threshold rules that were met;
* ``trigger_application.reasonable_adjustments`` and ``case.closure_reason``;
* the tables ``submission`` (each sending of the report to the Home Office QA Panel or the
  Domestic Abuse Commissioner), ``publication`` (each document published, and when it comes
  down) and ``early_learning`` (actions agreed before the review ended).

Deadline rules (a data migration; the figures are written out here, not imported):

* the two windows to ask for a review (``ct_appeal_threshold``, ``ct_appeal_outcome``) become
  one rule, ``ct_review_request``, which the clocks and the letters both use. It keeps the
  figure, unit and on/off of ``ct_appeal_threshold`` as the coordinator had it;
* new rules, unless a rule with the code exists: ``ct_appeal_decide`` (deciding a request),
  ``dhr_resubmission`` (resubmitting after a QA letter) and ``dhr_take_down`` (retention of
  published documents).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# code, case kind, label, start event, done event, amount, unit
REVIEW_REQUEST = (
    "ct_review_request",
    "community_trigger",
    "Time to ask for a review of a decision",
    "threshold_decision",
    "appeal_received",
    20,
    "working_days",
)
RULES = [
    (
        "ct_appeal_decide",
        "community_trigger",
        "Decide a request for a review",
        "appeal_received",
        "appeal_decided",
        20,
        "working_days",
    ),
    (
        "dhr_resubmission",
        "dhr",
        "Resubmit the report to the Home Office QA Panel",
        "qa_resubmit",
        "resubmitted",
        3,
        "months",
    ),
    (
        "dhr_take_down",
        "dhr",
        "Take the published document down (retention)",
        "published",
        "taken_down",
        12,
        "months",
    ),
]
# The rules ct_review_request replaces, as migration 0002 seeded them.
REPLACED = [
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

_rules = sa.table(
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


def _row(rule: tuple[Any, ...], **changes: Any) -> dict[str, Any]:
    code, kind, label, start, done, amount, unit = rule
    row = {
        "code": code,
        "case_kind": kind,
        "label": label,
        "start_event": start,
        "done_event": done,
        "amount": amount,
        "unit": unit,
        "active": True,
    }
    row.update(changes)
    return row


def _schema_up() -> None:
    with op.batch_alter_table("complaint") as batch:
        batch.add_column(
            sa.Column(
                "relates_to_application", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    with op.batch_alter_table("decision") as batch:
        batch.add_column(
            sa.Column("basis", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("trigger_application") as batch:
        batch.add_column(
            sa.Column("reasonable_adjustments", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("closure_reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "submission",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column(
            "recipient",
            sa.Enum(
                "home_office",
                "commissioner",
                name="submissionrecipient",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("overview_report", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("executive_summary", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("action_plan", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("other_documents", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_submission_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission")),
    )
    op.create_index(op.f("ix_submission_case_id"), "submission", ["case_id"], unique=False)
    op.create_table(
        "publication",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.Enum(
                "overview_report",
                "executive_summary",
                "action_plan",
                "home_office_letter",
                "other",
                name="publisheddocument",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("take_down_on", sa.Date(), nullable=True),
        sa.Column("taken_down_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_publication_case_id_case"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
    )
    op.create_index(op.f("ix_publication_case_id"), "publication", ["case_id"], unique=False)
    op.create_table(
        "early_learning",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("lead_agency_id", sa.Integer(), nullable=True),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("agreed_at", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
            name=op.f("fk_early_learning_case_id_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lead_agency_id"],
            ["agency.id"],
            name=op.f("fk_early_learning_lead_agency_id_agency"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_early_learning")),
    )
    op.create_index(op.f("ix_early_learning_case_id"), "early_learning", ["case_id"], unique=False)


def _rules_up() -> None:
    conn = op.get_bind()
    have = {
        row.code: row
        for row in conn.execute(
            sa.select(_rules.c.code, _rules.c.amount, _rules.c.unit, _rules.c.active)
        )
    }
    rows = []
    if REVIEW_REQUEST[0] not in have:
        kept = have.get("ct_appeal_threshold")
        changes = {"amount": kept.amount, "unit": kept.unit, "active": kept.active} if kept else {}
        rows.append(_row(REVIEW_REQUEST, **changes))
    rows.extend(_row(rule) for rule in RULES if rule[0] not in have)
    op.execute(_rules.delete().where(_rules.c.code.in_([rule[0] for rule in REPLACED])))
    if rows:
        op.bulk_insert(_rules, rows)


def upgrade() -> None:
    _schema_up()
    _rules_up()


def downgrade() -> None:
    conn = op.get_bind()
    kept = conn.execute(
        sa.select(_rules.c.amount, _rules.c.unit, _rules.c.active).where(
            _rules.c.code == REVIEW_REQUEST[0]
        )
    ).first()
    gone = [REVIEW_REQUEST[0], *(rule[0] for rule in RULES)]
    op.execute(_rules.delete().where(_rules.c.code.in_(gone)))
    changes = {"amount": kept.amount, "unit": kept.unit, "active": kept.active} if kept else {}
    op.bulk_insert(_rules, [_row(rule, **changes) for rule in REPLACED])
    op.drop_index(op.f("ix_early_learning_case_id"), table_name="early_learning")
    op.drop_table("early_learning")
    op.drop_index(op.f("ix_publication_case_id"), table_name="publication")
    op.drop_table("publication")
    op.drop_index(op.f("ix_submission_case_id"), table_name="submission")
    op.drop_table("submission")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("closure_reason")
    with op.batch_alter_table("trigger_application") as batch:
        batch.drop_column("reasonable_adjustments")
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("basis")
    with op.batch_alter_table("complaint") as batch:
        batch.drop_column("relates_to_application")
