"""On the server, a coordinator changes only the cases they coordinate.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 16:05:00

Adds ``case.coordinator``: the sign-in of the coordinator responsible for the case (empty on a
laptop, where one person works; on the server, the person who opened the case, until a manager
gives it to someone else).

On PostgreSQL a trigger on ``case`` and on every table hanging from a case refuses, for members
of ``dhr_coordinator``, a change to a case another coordinator holds, and the giving of a case
to someone else (managers and administrators give cases; an unassigned case is open to the
partnership's coordinators). Drafts are left out: they are scratch.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# table → how to reach its case: its own column, then (table, column) hops up to the case
ROUTES: dict[str, tuple[str, ...]] = {
    **{
        t: ("case_id",)
        for t in (
            "advocate",
            "agency_return",
            "appeal",
            "case_agency",
            "case_hold",
            "chronology_entry",
            "chronology_link",
            "complaint",
            "decision",
            "early_learning",
            "family_contact",
            "generated_document",
            "meeting",
            "milestone",
            "panel_member",
            "pause",
            "person",
            "pseudonym_entry",
            "publication",
            "publication_clearance",
            "recommendation",
            "submission",
            "trigger_application",
        )
    },
    "distribution": ("document_id", "generated_document", "case_id"),
    "meeting_attendance": ("meeting_id", "meeting", "case_id"),
    "meeting_action": ("meeting_id", "meeting", "case_id"),
    "action": ("recommendation_id", "recommendation", "case_id"),
    "action_progress": ("action_id", "action", "recommendation_id", "recommendation", "case_id"),
}


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("coordinator", sa.String(length=63), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _server_upgrade()


def _server_upgrade() -> None:
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    op.execute('ALTER TABLE "case" ALTER COLUMN coordinator SET DEFAULT session_user')
    op.execute(  # a new case is its opener's, whatever the app sends (the ORM sends NULL)
        "CREATE FUNCTION dhr_desk_case_opened() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.coordinator := coalesce(NEW.coordinator, session_user); RETURN NEW; END $$"
    )
    op.execute(
        'CREATE TRIGGER case_opened BEFORE INSERT ON "case" FOR EACH ROW '
        "EXECUTE FUNCTION dhr_desk_case_opened()"
    )
    op.execute(
        "CREATE FUNCTION dhr_desk_coordinator_holds() RETURNS trigger LANGUAGE plpgsql "
        f'SECURITY DEFINER SET search_path = "{schema}", pg_catalog, pg_temp AS $$\n'
        "DECLARE\n"
        "  row jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);\n"
        "  here integer := (row ->> TG_ARGV[0])::integer;\n"
        "  hop integer := 1;\n"
        "  holder varchar;\n"
        "  ref varchar;\n"
        "  was varchar;\n"
        "  theirs varchar;\n"
        "BEGIN\n"
        "  IF NOT pg_has_role(session_user, 'dhr_coordinator', 'MEMBER') THEN\n"
        "    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n"
        "  END IF;\n"
        "  WHILE hop < TG_NARGS AND here IS NOT NULL LOOP\n"
        "    EXECUTE format('SELECT %I FROM %I WHERE id = $1', TG_ARGV[hop + 1], TG_ARGV[hop])\n"
        "      INTO here USING here;\n"
        "    hop := hop + 2;\n"
        "  END LOOP;\n"
        "  SELECT c.coordinator, c.reference, c.partnership INTO holder, ref, theirs\n"
        '    FROM "case" c WHERE c.id = here;\n'
        "  IF theirs IS DISTINCT FROM dhr_desk_partnership() THEN\n"  # another partnership's:
        "    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n"  # row-level security
        "  END IF;\n"
        "  IF TG_TABLE_NAME = 'case' AND TG_OP = 'UPDATE' THEN\n"
        "    was := to_jsonb(OLD) ->> 'coordinator';\n"
        "    IF (row ->> 'coordinator') IS DISTINCT FROM was\n"
        "       AND NOT (was IS NULL AND (row ->> 'coordinator') = session_user) THEN\n"
        "      RAISE EXCEPTION 'DHR Desk: only a manager gives % to another coordinator', ref\n"
        "        USING ERRCODE = '42501';\n"
        "    END IF;\n"
        "  END IF;\n"
        "  IF holder IS NOT NULL AND holder <> session_user THEN\n"
        "    RAISE EXCEPTION 'DHR Desk: % is coordinated by %; only they or a manager can "
        "change it', ref, holder USING ERRCODE = '42501';\n"
        "  END IF;\n"
        "  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;\n"
        "END $$"
    )
    op.execute(
        'CREATE TRIGGER coordinator_holds BEFORE UPDATE OR DELETE ON "case" FOR EACH ROW '
        "EXECUTE FUNCTION dhr_desk_coordinator_holds('id')"
    )
    for table, route in ROUTES.items():
        args = ", ".join(f"'{part}'" for part in route)
        op.execute(
            f'CREATE TRIGGER coordinator_holds BEFORE INSERT OR UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION dhr_desk_coordinator_holds({args})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("case", *ROUTES):
            op.execute(f'DROP TRIGGER coordinator_holds ON "{table}"')
        op.execute('DROP TRIGGER case_opened ON "case"')
        op.execute("DROP FUNCTION dhr_desk_coordinator_holds()")
        op.execute("DROP FUNCTION dhr_desk_case_opened()")
    op.drop_column("case", "coordinator")
