"""Each case belongs to a partnership; on the server, a partnership sees only its own cases.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-13 09:00:00

Adds ``case.partnership`` (``local`` for every existing case and, on a laptop, for every new
one: a laptop's database holds one partnership's cases and nothing changes there).

On PostgreSQL it also adds what lets several partnerships share one server:

* the group roles ``dhr_coordinator``, ``dhr_manager``, ``dhr_analyst`` and
  ``dhr_administrator`` (no sign-in of their own; each person's sign-in is a member of one);
* ``server_member``: the partnership of each person's sign-in (``dhr-desk server add-user``);
* ``dhr_desk_partnership()``, the partnership of the person signed in, which a new case gets;
* row-level security on ``case``, on every table that hangs from a case, and on the audit
  trail's entries of a case: a person sees and changes only the cases of their own
  partnership; members of ``dhr_administrator`` (a hub's administrator) see every case;
* ``dhr_desk_audit_head()``: the last entry of the whole trail, which every writer chains to
  though it cannot read the other partnerships' entries;
* ``dhr_desk_references(stem, except_id)``: every partnership's case references starting with
  ``stem`` (references are unique on the server; a new case's number follows all of them).

A later migration that adds a table hanging from a case adds its policy (``case_policy`` below
is the pattern); tests/test_store_server_rights.py checks that none is missed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

GROUPS = ("dhr_coordinator", "dhr_manager", "dhr_analyst", "dhr_administrator")
# Tables with a case_id of their own, and tables hanging from one of them (table, column, parent).
DIRECT = (
    "advocate",
    "agency_return",
    "appeal",
    "case_agency",
    "chronology_entry",
    "chronology_link",
    "complaint",
    "decision",
    "draft",
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
INDIRECT = (
    ("distribution", "document_id", "generated_document"),
    ("meeting_attendance", "meeting_id", "meeting"),
    ("meeting_action", "meeting_id", "meeting"),
    ("action", "recommendation_id", "recommendation"),
    ("action_progress", "action_id", "action"),
)
SEES_ALL = "(SELECT dhr_desk_sees_all())"
OWN = "(SELECT dhr_desk_partnership())"


def upgrade() -> None:
    with op.batch_alter_table("case") as batch:
        batch.add_column(
            sa.Column("partnership", sa.String(length=60), nullable=False, server_default="local")
        )
    if op.get_bind().dialect.name == "postgresql":
        _server_upgrade()


def _server_upgrade() -> None:
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    for group in GROUPS:
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') "
            f"THEN CREATE ROLE {group} NOLOGIN; END IF; END $$"
        )
    op.execute(
        "CREATE TABLE server_member ("
        " name varchar(63) PRIMARY KEY,"
        " role varchar(20) NOT NULL,"
        " partnership varchar(60) NOT NULL,"
        " added_by varchar(63) NOT NULL DEFAULT session_user,"
        " added_at timestamptz NOT NULL DEFAULT now())"
    )
    op.execute(
        "CREATE FUNCTION dhr_desk_partnership() RETURNS varchar LANGUAGE sql STABLE "
        f"SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        f'SELECT partnership FROM "{schema}".server_member WHERE name = session_user $$'
    )
    op.execute(
        "CREATE FUNCTION dhr_desk_sees_all() RETURNS boolean LANGUAGE sql STABLE "
        "SET search_path = pg_catalog, pg_temp AS $$ "
        "SELECT pg_has_role(session_user, 'dhr_administrator', 'MEMBER') $$"
    )
    op.execute(
        "CREATE FUNCTION dhr_desk_audit_head(OUT id integer, OUT hash varchar) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
        f'SELECT id, hash FROM "{schema}".audit_entry ORDER BY id DESC LIMIT 1 $$'
    )
    op.execute(
        "CREATE FUNCTION dhr_desk_references(stem varchar, except_id integer) RETURNS SETOF "
        "varchar LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp "
        f'AS $$ SELECT reference FROM "{schema}"."case" WHERE left(reference, length(stem)) '
        "= stem AND id <> except_id $$"
    )
    op.execute(
        'ALTER TABLE "case" ALTER COLUMN partnership '
        "SET DEFAULT coalesce(dhr_desk_partnership(), 'local')"
    )
    _protect("case", f"{SEES_ALL} OR partnership = {OWN}")
    for table in DIRECT:
        _protect(table, case_policy(table, "case_id", "case"))
    for table, column, parent in INDIRECT:
        _protect(table, case_policy(table, column, parent))
    op.execute("ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY partnership_reads ON audit_entry FOR SELECT USING "
        f"(case_id IS NULL OR {case_policy('audit_entry', 'case_id', 'case')})"
    )
    op.execute("CREATE POLICY partnership_appends ON audit_entry FOR INSERT WITH CHECK (true)")


def case_policy(table: str, column: str, parent: str) -> str:
    """A row is seen when the record it hangs from is (that record's own policy applies)."""
    return f'EXISTS (SELECT 1 FROM "{parent}" p WHERE p.id = "{table}".{column})'


def _protect(table: str, condition: str) -> None:
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY partnership_cases ON "{table}" USING ({condition}) WITH CHECK ({condition})'
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY partnership_reads ON audit_entry")
        op.execute("DROP POLICY partnership_appends ON audit_entry")
        op.execute("ALTER TABLE audit_entry DISABLE ROW LEVEL SECURITY")
        for table in ("case", *DIRECT, *(t for t, _c, _p in INDIRECT)):
            op.execute(f'DROP POLICY partnership_cases ON "{table}"')
            op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
        op.execute('ALTER TABLE "case" ALTER COLUMN partnership DROP DEFAULT')
        op.execute("DROP FUNCTION dhr_desk_audit_head()")
        op.execute("DROP FUNCTION dhr_desk_references(varchar, integer)")
        op.execute("DROP FUNCTION dhr_desk_sees_all()")
        op.execute("DROP FUNCTION dhr_desk_partnership()")
        op.execute("DROP TABLE server_member")
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35 or newer): rebuilding "case" would remove
    # every record hanging from it (their foreign keys cascade).
    op.drop_column("case", "partnership")
