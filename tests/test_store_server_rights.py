"""People and rights on the partnership's server: each partnership sees only its own cases,
enforced by the database itself (row-level security), analysts read only, coordinators write,
a hub's administrator sees everything; ``server add-user`` makes the sign-ins.

The sign-ins are PostgreSQL roles (one per cluster, not per database), so each test names its
own.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pg_support
import psycopg
import pytest
from sqlalchemy import select

from dhr_desk.cli import main
from dhr_desk.domain import Case, ChronologyEntry, Person
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import cases, workspace
from dhr_desk.storage import audit, server, server_roles, store

_PEOPLE = itertools.count(1)
ASHFORD, BROOKMERE = "Ashford Vale", "Brookmere"
NOTICE = {"notification_received_on": "2025-04-01", "notified_by": "Police"}
VICTIM = {"real_name": "Jane Example", "pseudonym": "Adult A"}


@dataclass
class Server:
    database: str

    def url(self, user: str | None = None) -> str:
        return pg_support.cluster().url(self.database, user=user)

    def sql(self, user: str, query: str) -> list[tuple[object, ...]]:
        """A direct SQL query signed in as ``user`` (no DHR Desk in between)."""
        with psycopg.connect(pg_support._libpq(self.url(user)), autocommit=True) as conn:
            cursor = conn.execute(query)  # type: ignore[arg-type]
            return [tuple(r) for r in cursor.fetchall()] if cursor.description else []

    def add(self, role: str, partnership: str) -> str:
        name = f"{role[:5]}_{os.getpid()}_{next(_PEOPLE)}"
        argv = ["--database-url", self.url(), "server", "add-user", name, "--role", role]
        assert main([*argv, "--partnership", partnership]) == 0
        return name

    def opened_as(self, user: str) -> contextlib.closing[store.Database]:
        return contextlib.closing(store.open_server(self.url(user)))


@pytest.fixture
def hub() -> Iterator[Server]:
    """A migrated database on the test server, shared by two partnerships."""
    if not pg_support.wanted():
        pytest.skip(f"{pg_support.ENV}=off: no PostgreSQL server for this run")
    name = pg_support.fresh_database()
    yield Server(name)
    pg_support.drop_database(name)


def _open_case(hub: Server, user: str) -> Case:
    with hub.opened_as(user) as db:
        case = cases.new_dhr(db, NOTICE, victim=VICTIM)
        with db.session() as session:
            session.add(
                ChronologyEntry(
                    case_id=case.id,
                    occurred_on=case.notification_received_on,
                    source="Police log",
                    event="Police attended the address",
                )
            )
        return case


def test_a_partnership_sees_none_of_another_partnerships_cases(hub: Server) -> None:
    ana, ben = hub.add("coordinator", ASHFORD), hub.add("coordinator", BROOKMERE)
    theirs, ours = _open_case(hub, ana), _open_case(hub, ben)
    # Both partnerships number their first review of 2025; references stay unique on the server.
    assert (theirs.reference, ours.reference) == ("DHR-2025-001", "DHR-2025-002")
    assert (theirs.partnership, ours.partnership) == (ASHFORD, BROOKMERE)

    for table in ("case", "person", "milestone", "chronology_entry"):
        rows = hub.sql(
            ben, f'SELECT case_id FROM "{table}"' if table != "case" else 'SELECT id FROM "case"'
        )
        assert {r[0] for r in rows} == {ours.id}, table
    assert hub.sql(ben, f'SELECT * FROM "case" WHERE id = {theirs.id}') == []
    assert hub.sql(ben, f"SELECT * FROM person WHERE case_id = {theirs.id}") == []
    # The audit trail's entries of their case (which hold its details) are hidden as well.
    assert hub.sql(ben, f"SELECT * FROM audit_entry WHERE case_id = {theirs.id}") == []
    assert hub.sql(ana, f"SELECT count(*) FROM audit_entry WHERE case_id = {theirs.id}")[0][0] > 0
    # Changing or removing what cannot be seen changes nothing.
    hub.sql(ben, f"UPDATE \"case\" SET title = 'x' WHERE id = {theirs.id} RETURNING id")
    hub.sql(ben, f"DELETE FROM person WHERE case_id = {theirs.id} RETURNING id")
    assert hub.sql(ana, f'SELECT title FROM "case" WHERE id = {theirs.id}')[0][0] != "x"
    assert len(hub.sql(ana, f"SELECT id FROM person WHERE case_id = {theirs.id}")) == 1

    with hub.opened_as(ben) as db:
        assert [c.reference for c in cases.list_cases(db)] == [ours.reference]
    # The trail still holds together: every writer chained to the same last entry.
    with hub.opened_as(hub.add("administrator", ASHFORD)) as db:
        with db.reader.connect() as conn:
            count, problems = audit.verify_chain(conn)
        assert count > 6 and problems == []
        assert store.verify(db).ok  # the records are what the trail says was written


def test_a_partnership_cannot_put_records_into_another_partnerships_case(hub: Server) -> None:
    ana, ben = hub.add("coordinator", ASHFORD), hub.add("coordinator", BROOKMERE)
    theirs = _open_case(hub, ana)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        hub.sql(
            ben,
            "INSERT INTO milestone (case_id, step, occurred_on, note, override_reason) "
            f"VALUES ({theirs.id}, 'decision', '2025-05-01', '', '')",
        )
    ours = _open_case(hub, ben)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        hub.sql(ben, f"UPDATE \"case\" SET partnership = '{ASHFORD}' WHERE id = {ours.id}")


def test_an_analyst_reads_the_partnerships_cases_and_cannot_write(hub: Server) -> None:
    ana, ada = hub.add("coordinator", ASHFORD), hub.add("analyst", ASHFORD)
    case = _open_case(hub, ana)
    assert hub.sql(ada, 'SELECT reference FROM "case"') == [(case.reference,)]
    for statement in (
        f"UPDATE \"case\" SET title = 'Adult B' WHERE id = {case.id}",
        f"DELETE FROM chronology_entry WHERE case_id = {case.id}",
        "DELETE FROM audit_entry",
        "UPDATE setting SET value = '\"x\"'",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            hub.sql(ada, statement)
    with hub.opened_as(ada) as db:
        with pytest.raises(server.ServerError, match="does not allow this for"):
            cases.new_dhr(db, NOTICE)
        assert [c.reference for c in cases.list_cases(db)] == [case.reference]


def test_a_coordinator_works_on_the_cases_and_not_on_the_rules_or_the_trail(
    hub: Server,
) -> None:
    ana = hub.add("coordinator", ASHFORD)
    case = _open_case(hub, ana)
    with hub.opened_as(ana) as db, db.session() as session:
        session.add(Person(case_id=case.id, role="perpetrator", real_name="John Example"))
        session.get(Case, case.id).title = "Adult A (agreed)"  # type: ignore[union-attr]
    rows = hub.sql(ana, f"SELECT count(*) FROM person WHERE case_id = {case.id}")
    assert rows == [(2,)]
    for statement in (
        "DELETE FROM deadline_rule",
        "UPDATE audit_entry SET os_user = 'x'",
        "DELETE FROM audit_entry",
        "SELECT * FROM server_member",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            hub.sql(ana, statement)
    mo = hub.add("manager", ASHFORD)
    hub.sql(mo, "UPDATE setting SET value = value")  # a manager changes the rules


def test_a_hub_administrator_sees_every_partnership(hub: Server) -> None:
    ana, ben = hub.add("coordinator", ASHFORD), hub.add("coordinator", BROOKMERE)
    _open_case(hub, ana), _open_case(hub, ben)
    admin = hub.add("administrator", ASHFORD)
    assert sorted(r[0] for r in hub.sql(admin, 'SELECT partnership FROM "case"')) == [
        ASHFORD,
        BROOKMERE,
    ]
    # A sign-in with no partnership recorded (made by hand) sees nothing.
    stranger = f"stranger_{os.getpid()}_{next(_PEOPLE)}"
    hub.sql("postgres", f'CREATE ROLE "{stranger}" LOGIN IN ROLE dhr_coordinator')
    assert hub.sql(stranger, 'SELECT * FROM "case"') == []


def test_add_user_records_the_partnership_and_never_shows_a_password(
    hub: Server, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    secret = Path(str(tmp_path)) / "password.txt"
    secret.write_text("Correct-Horse-42\n", "utf-8")
    name = f"jo_{os.getpid()}_{next(_PEOPLE)}"
    argv = ["--database-url", hub.url(), "server", "add-user", name, "--role", "manager"]
    assert main([*argv, "--partnership", " Ashford  Vale ", "--password-file", str(secret)]) == 0
    out = capsys.readouterr().out
    assert f"Created the sign-in {name}: manager in Ashford Vale." in out
    assert "Correct-Horse" not in out
    members = hub.sql(
        "postgres", f"SELECT role, partnership FROM server_member WHERE name = '{name}'"
    )
    assert members == [("manager", ASHFORD)]
    stored = hub.sql("postgres", f"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'")
    # The server took it as a SCRAM verifier (it keeps that as given), not as a password.
    assert str(stored[0][0]).startswith("SCRAM-SHA-256$4096:")
    assert "Correct-Horse" not in str(stored[0][0])
    groups = hub.sql(
        "postgres",
        "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member "
        f"JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = '{name}'",
    )
    assert groups == [("dhr_manager",)]
    # Added again as an analyst of another partnership: moved, not duplicated.
    assert main([*argv[:-1], "analyst", "--partnership", BROOKMERE]) == 0
    assert "The existing sign-in" in capsys.readouterr().out
    members = hub.sql(
        "postgres", f"SELECT role, partnership FROM server_member WHERE name = '{name}'"
    )
    assert members == [("analyst", BROOKMERE)]
    entries = hub.sql(
        "postgres", "SELECT os_user, changes FROM audit_entry WHERE action = 'add_user'"
    )
    assert len(entries) == 2 and entries[0][0] == "postgres"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["Jo Smith", "--role", "analyst", "--partnership", "A"], "cannot be a sign-in name"),
        (["jo", "--role", "analyst", "--partnership", "  "], "needs a name of 1 to 60"),
    ],
)
def test_add_user_refuses_a_bad_name_in_one_sentence(
    hub: Server, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--database-url", hub.url(), "server", "add-user", *extra])
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err
    assert hub.sql("postgres", "SELECT * FROM server_member") == []


def test_every_table_hanging_from_a_case_is_protected(hub: Server) -> None:
    """A table a later version adds under a case must come with its policy."""
    links = hub.sql(
        "postgres",
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
        "WHERE c.contype = 'f'",
    )
    under_case = {'"case"'}
    grew = True
    while grew:
        before = len(under_case)
        under_case |= {child for child, parent in links if parent in under_case}
        grew = len(under_case) > before
    protected = {
        str(r[0])
        for r in hub.sql(
            "postgres",
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_policy p ON p.polrelid = c.oid "
            "WHERE c.relrowsecurity",
        )
    }
    assert len(under_case) > 20
    assert under_case <= protected
    assert "audit_entry" in protected


def test_the_verifier_is_the_one_rfc_7677_describes() -> None:
    # RFC 7677's example: password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations,
    # from which the server's proof "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=" is made.
    import base64
    import hashlib
    import hmac

    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    verifier = server_roles.scram_verifier("pencil", salt=salt)
    server_key = base64.b64decode(verifier.rsplit(":", 1)[1])
    auth = (
        "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)"
        "hNlF$k0"
    )
    signature = hmac.new(server_key, auth.encode(), hashlib.sha256).digest()
    assert base64.b64encode(signature).decode() == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="


def test_a_case_opened_without_a_partnership_belongs_to_the_local_one(db: store.Database) -> None:
    """On a laptop (and for the server's owner, who has no partnership) nothing changes."""
    case = cases.new_dhr(db, NOTICE)
    with db.reading() as session:
        assert session.get(Case, case.id).partnership == "local"  # type: ignore[union-attr]


def _rename(hub: Server, user: str, case_id: int, name: str) -> None:
    with hub.opened_as(user) as db, db.session() as session:
        person = session.scalars(select(Person).where(Person.case_id == case_id)).first()
        assert person is not None
        person.other_names = name


def test_a_coordinator_changes_only_the_cases_they_coordinate(hub: Server) -> None:
    ana, ben = hub.add("coordinator", ASHFORD), hub.add("coordinator", ASHFORD)
    manager = hub.add("manager", ASHFORD)
    case = _open_case(hub, ana)
    # whoever opens a case on the server coordinates it
    assert hub.sql(ana, f'SELECT coordinator FROM "case" WHERE id = {case.id}') == [(ana,)]
    _rename(hub, ana, case.id, "By Ana")

    with pytest.raises(DhrDeskError, match=f"is coordinated by {ana}; only they or a manager"):
        _rename(hub, ben, case.id, "By Ben")
    # enforced in the database, not only in the app: a direct change is refused as well
    with pytest.raises(psycopg.Error, match="is coordinated by"):
        hub.sql(ben, f"DELETE FROM person WHERE case_id = {case.id}")
    with (
        pytest.raises(DhrDeskError, match="only a manager gives"),  # nor can Ana give it away
        hub.opened_as(ana) as db,
    ):
        workspace.update_case(db, case.id, {"coordinator": ben})

    with hub.opened_as(manager) as db:  # a manager changes any case and gives it to Ben
        workspace.update_case(db, case.id, {"coordinator": ben})
    _rename(hub, ben, case.id, "By Ben")
    with pytest.raises(DhrDeskError, match=f"is coordinated by {ben}"):
        _rename(hub, ana, case.id, "By Ana again")
    with hub.opened_as(manager) as db, db.reading() as session:
        person = session.scalars(select(Person).where(Person.case_id == case.id)).first()
        assert person is not None and person.other_names == "By Ben"


def test_saving_the_summary_of_an_unassigned_case_keeps_it_unassigned(hub: Server) -> None:
    ana = hub.add("coordinator", ASHFORD)
    case = _open_case(hub, ana)
    hub.sql(
        hub.add("manager", ASHFORD), f'UPDATE "case" SET coordinator = NULL WHERE id = {case.id}'
    )
    with hub.opened_as(ana) as db:  # the form sends an empty coordinator back
        workspace.update_case(db, case.id, {"title": "DHR 'Sarah'", "coordinator": " "})
    assert hub.sql(ana, f'SELECT coordinator, title FROM "case" WHERE id = {case.id}') == [
        (None, "DHR 'Sarah'")
    ]


def test_only_the_coordinator_checks_a_case_out(hub: Server) -> None:
    ana, ben = hub.add("coordinator", ASHFORD), hub.add("coordinator", ASHFORD)
    case = _open_case(hub, ana)
    hold = (
        "INSERT INTO case_hold (case_id, held_by, held_at, device, token) "
        f"VALUES ({case.id}, '{{who}}', now(), 'laptop', 'x')"
    )
    with pytest.raises(psycopg.Error, match="is coordinated by"):
        hub.sql(ben, hold.format(who=ben))
    hub.sql(ana, hold.format(who=ana))
    assert hub.sql(ana, f"SELECT held_by FROM case_hold WHERE case_id = {case.id}") == [(ana,)]
