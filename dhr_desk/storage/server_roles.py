"""People and rights on the partnership's server.

Each person signs in to PostgreSQL as themselves. Their sign-in (a PostgreSQL role that can log
in) is a member of one of four group roles, which ``server init`` creates and gives its rights:

* ``dhr_coordinator``: reads and changes the cases of their partnership; reads the settings,
  deadline rules and closure days;
* ``dhr_manager``: as a coordinator, and changes the settings, deadline rules and closure days;
* ``dhr_analyst``: reads only (the figures and the board report), never writes;
* ``dhr_administrator``: everything, every partnership's cases (a hub's administrator), and the
  people (``server_member``).

Which cases a person sees is decided by the database itself: row-level security on ``case`` and
on every table hanging from a case keeps each partnership to its own cases (migration 0012).
The partnership of each sign-in is kept in ``server_member``. The audit trail only ever grows:
no one may change or remove an entry.

No password is kept or shown by DHR Desk. The administrator sets it with PostgreSQL's own tools
(``\\password`` in psql), or DHR Desk sends the server only a SCRAM-SHA-256 verifier of the
password read from a file, never the password itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from dhr_desk.errors import ValidationError

GROUPS = {
    "coordinator": "dhr_coordinator",
    "manager": "dhr_manager",
    "analyst": "dhr_analyst",
    "administrator": "dhr_administrator",
}
MEMBERS = "server_member"
AUDIT = "audit_entry"
VERSIONS = "alembic_version"
POLICY = ("setting", "deadline_rule", "closure_day")  # the partnership's rules: managers change
_NAME = re.compile(r"[a-z_][a-z0-9_.\-]{0,62}")
MAX_PARTNERSHIP = 60


def grant_rights(conn: Connection) -> None:
    """Give the four group roles their rights on every table of the schema (again after each
    upgrade, so a table a later version adds is covered)."""
    schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
    tables = [
        str(t)
        for t in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars()
    ]
    everyone = ", ".join(GROUPS.values())
    writers = "dhr_coordinator, dhr_manager, dhr_administrator"
    conn.exec_driver_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO {everyone}')
    for table in tables:
        name = f'"{schema}"."{table}"'
        conn.exec_driver_sql(f"REVOKE ALL ON {name} FROM PUBLIC, {everyone}")
        if table == MEMBERS:
            conn.exec_driver_sql(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON {name} TO dhr_administrator"
            )
            continue
        conn.exec_driver_sql(f"GRANT SELECT ON {name} TO {everyone}")
        if table == AUDIT:
            conn.exec_driver_sql(f"GRANT INSERT ON {name} TO {writers}")  # never changed
        elif table == VERSIONS:
            pass
        elif table in POLICY:
            conn.exec_driver_sql(
                f"GRANT INSERT, UPDATE, DELETE ON {name} TO dhr_manager, dhr_administrator"
            )
        else:
            conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {name} TO {writers}")
    conn.exec_driver_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{schema}" TO {writers}')


def check_name(name: str) -> str:
    clean = str(name or "").strip()
    if not _NAME.fullmatch(clean):
        raise ValidationError(
            f"'{name}' cannot be a sign-in name: use lower-case letters, digits, '_', '.' or "
            "'-', starting with a letter (63 characters at most)."
        )
    return clean


def check_partnership(partnership: str) -> str:
    clean = " ".join(str(partnership or "").split())
    if not clean or len(clean) > MAX_PARTNERSHIP:
        raise ValidationError(
            f"The partnership needs a name of 1 to {MAX_PARTNERSHIP} characters, e.g. "
            "'Ashford Vale'."
        )
    return clean


def check_role(role: str) -> str:
    if role not in GROUPS:
        raise ValidationError(f"'{role}' is not a role; the roles are: {', '.join(GROUPS)}.")
    return role


def add_user(
    conn: Connection, name: str, role: str, partnership: str, password: str | None = None
) -> bool:
    """Make ``name`` a sign-in of ``role`` in ``partnership`` (a new one, or an existing
    sign-in moved into the role). Returns whether the sign-in was new."""
    name, role, partnership = check_name(name), check_role(role), check_partnership(partnership)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    if exists is None:
        create = "CREATEROLE" if role == "administrator" else ""
        conn.exec_driver_sql(f'CREATE ROLE "{name}" LOGIN {create}')
    for group in GROUPS.values():
        if group != GROUPS[role]:
            conn.exec_driver_sql(f'REVOKE {group} FROM "{name}"')
    conn.exec_driver_sql(f'GRANT {GROUPS[role]} TO "{name}"')
    if password is not None:
        # A literal the server stores as it is: the password itself never reaches the server.
        verifier = scram_verifier(password).replace("'", "''")
        conn.exec_driver_sql(f"ALTER ROLE \"{name}\" PASSWORD '{verifier}'")
    conn.execute(
        text(
            f"INSERT INTO {MEMBERS} (name, role, partnership) VALUES (:n, :r, :p) "
            "ON CONFLICT (name) DO UPDATE SET role = :r, partnership = :p, "
            "added_by = session_user, added_at = now()"
        ),
        {"n": name, "r": role, "p": partnership},
    )
    return exists is None


def members(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(f"SELECT name, role, partnership FROM {MEMBERS} ORDER BY partnership, name")
    )
    return [dict(r._mapping) for r in rows]


def scram_verifier(password: str, iterations: int = 4096, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL keeps for a password (RFC 5802/7677), as the
    server would compute it; the password itself never leaves this computer."""
    if not password:
        raise ValidationError("The password file is empty; nothing was changed.")
    salt = salt if salt is not None else secrets.token_bytes(16)
    normal = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", normal, salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
