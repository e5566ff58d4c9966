"""The statutory threshold, the July 2025 ASB Case Review guidance and the 2024 DHR changes.

Revision ID: 0007
Revises: 0006
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
  one rule, ``ct_review_request``, which the clocks and the letters both use: the row of
  ``ct_appeal_threshold`` is renamed in place, so the figure, unit and on/off the coordinator
  set stay, and the audit trail's history of the row still applies to it;
* new rules, unless a rule with the code exists: ``ct_appeal_decide`` (deciding a request),
  ``dhr_resubmission`` (resubmitting after a QA letter) and ``dhr_take_down`` (retention of
  published documents).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
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
    """ct_appeal_threshold becomes ct_review_request in place (the same row: its figure, unit,
    on/off and history stay; its label too if the coordinator changed it), ct_appeal_outcome
    goes, and the new rules are added."""
    conn = op.get_bind()
    have = {row[0] for row in conn.execute(sa.select(_rules.c.code))}
    threshold, outcome = REPLACED
    if REVIEW_REQUEST[0] not in have and threshold[0] in have:
        op.execute(
            _rules.update()
            .where(_rules.c.code == threshold[0], _rules.c.label == threshold[2])
            .values(label=REVIEW_REQUEST[2])
        )
        op.execute(
            _rules.update()
            .where(_rules.c.code == threshold[0])
            .values(code=REVIEW_REQUEST[0], done_event=REVIEW_REQUEST[4])
        )
        have.add(REVIEW_REQUEST[0])
    op.execute(_rules.delete().where(_rules.c.code.in_([threshold[0], outcome[0]])))
    rows = [_row(rule) for rule in (REVIEW_REQUEST, *RULES) if rule[0] not in have]
    if rows:
        op.bulk_insert(_rules, rows)


def upgrade() -> None:
    _schema_up()
    _rules_up()


def downgrade() -> None:
    conn = op.get_bind()
    threshold, outcome = REPLACED
    kept = conn.execute(
        sa.select(_rules.c.amount, _rules.c.unit, _rules.c.active).where(
            _rules.c.code == REVIEW_REQUEST[0]
        )
    ).first()
    op.execute(_rules.delete().where(_rules.c.code.in_([rule[0] for rule in RULES])))
    op.execute(
        _rules.update()
        .where(_rules.c.code == REVIEW_REQUEST[0], _rules.c.label == REVIEW_REQUEST[2])
        .values(label=threshold[2])
    )
    op.execute(_rules.update().where(_rules.c.code == REVIEW_REQUEST[0]).values(code=threshold[0]))
    changes = {"amount": kept.amount, "unit": kept.unit, "active": kept.active} if kept else {}
    op.bulk_insert(_rules, [_row(outcome, **changes)] + ([] if kept else [_row(threshold)]))
    op.drop_index(op.f("ix_early_learning_case_id"), table_name="early_learning")
    op.drop_table("early_learning")
    op.drop_index(op.f("ix_publication_case_id"), table_name="publication")
    op.drop_table("publication")
    op.drop_index(op.f("ix_submission_case_id"), table_name="submission")
    op.drop_table("submission")
    # Columns are dropped in place (ALTER TABLE … DROP COLUMN): copying a table such as "case"
    # to a new one would delete, through the foreign keys, every record that hangs from it.
    op.drop_column("case", "closure_reason")
    op.drop_column("trigger_application", "reasonable_adjustments")
    op.drop_column("decision", "basis")
    op.drop_column("complaint", "relates_to_application")
