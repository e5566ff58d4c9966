"""The partnership's server: its address, TLS, the password kept out of files, ``server init``,
and the schema's names on both stores."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pg_support
import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from dhr_desk.cli import main
from dhr_desk.domain import Agency, CaseAgency
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases
from dhr_desk.storage import server, store
from dhr_desk.storage.database import Database
from dhr_desk.storage.paths import DataDir


@pytest.fixture
def empty_server_database() -> Iterator[str]:
    """The URL of an empty database on the test server (no schema)."""
    if not pg_support.wanted():
        pytest.skip(f"{pg_support.ENV}=off: no PostgreSQL server for this run")
    try:
        cluster = pg_support.cluster()
    except pg_support.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    name = f"dhr_empty_{abs(hash(object()))}"
    with contextlib.closing(cluster.admin()) as conn:  # type: ignore[type-var]
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[attr-defined]
    yield cluster.url(name)
    pg_support.drop_database(name)


def test_the_server_certificate_is_checked_by_default() -> None:
    address = server.parse("postgresql://coordinator@db.northshire.example/dhr_desk")
    assert address.sslmode == "verify-full" and address.port == 5432
    assert address.connect_args()["sslmode"] == "verify-full"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://c@db.northshire.example/dhr?sslmode=disable", "only for a server on this"),
        ("postgresql://c@10.0.0.5/dhr?sslmode=disable", "only for a server on this"),
        ("postgresql://c@db.northshire.example/dhr?sslmode=require", "sslmode=require is not"),
        ("postgresql://c@db.northshire.example/dhr?sslmode=prefer", "sslmode=prefer is not"),
        ("mysql://c@db.northshire.example/dhr", "PostgreSQL only"),
        ("postgresql://db.northshire.example/dhr", "needs a person"),
        ("not a url", "is not a server address"),
    ],
)
def test_an_address_that_would_weaken_the_connection_is_refused(url: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        server.parse(url)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "%2Fvar%2Frun%2Fpostgresql"])
def test_an_unencrypted_connection_is_accepted_on_this_computer_only(host: str) -> None:
    url = f"postgresql://c@{host}/dhr?sslmode=disable"
    if host.startswith("%2F"):
        url = "postgresql://c@/dhr?host=/var/run/postgresql&sslmode=disable"
        with pytest.raises(ValidationError):  # a socket path needs a host name in the URL
            server.parse(url)
        return
    assert server.parse(url).sslmode == "disable"


def test_the_password_goes_to_the_credential_store_never_to_a_file(
    data_dir: DataDir, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://coordinator:S3cret-pass@db.northshire.example:6543/dhr_desk"
    assert main(["--data-dir", str(data_dir.root), "server", "connect", url]) == 0
    saved = (data_dir.root / server.SETTING_FILE).read_text("utf-8")
    assert "S3cret-pass" not in saved
    assert json.loads(saved)["url"] == (
        "postgresql://coordinator@db.northshire.example:6543/dhr_desk?sslmode=verify-full"
    )
    address = server.parse(json.loads(saved)["url"])
    assert server.stored_password(address) == "S3cret-pass"
    assert address.connect_args()["password"] == "S3cret-pass"
    assert server.configured_url(None, data_dir.root) == json.loads(saved)["url"]
    assert "S3cret-pass" not in capsys.readouterr().out


def test_server_init_creates_the_schema_and_the_command_line_then_works_on_it(
    empty_server_database: str,
    data_dir: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = empty_server_database
    with pytest.raises(server.ServerError, match="holds no DHR Desk data yet"):
        store.open_server(url)
    assert main(["--database-url", url, "server", "init"]) == 0
    assert "Created the DHR Desk schema" in capsys.readouterr().out
    assert main(["--database-url", url, "server", "init"]) == 0
    assert "already at this version" in capsys.readouterr().out
    with contextlib.closing(store.open_server(url)) as db:
        cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})
    monkeypatch.setenv(server.ENV_URL, url)
    assert main(["--data-dir", str(data_dir.root), "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["reference"] for c in listed] == ["DHR-2025-001"]
    assert not data_dir.database.exists()  # nothing was made on this computer
    assert main(["--data-dir", str(data_dir.root), "verify"]) == 0
    assert "The database is sound." in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir.root), "backup", str(data_dir.root)]) == 1
    assert "dhr-desk server backup" in capsys.readouterr().err


def test_an_unreachable_server_gets_one_plain_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = pg_support._free_port()  # nothing listens there
    url = f"postgresql://coordinator@127.0.0.1:{port}/dhr?sslmode=disable"
    assert main(["--database-url", url, "list"]) == server.ServerError.exit_code
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "Traceback" not in err


def test_one_agency_per_case_is_enforced_under_its_new_name(db: Database) -> None:
    case = cases.new_dhr(db, {"notification_received_on": "2025-04-01", "notified_by": "Police"})
    with db.reader.connect() as conn:
        names = {u["name"] for u in inspect(conn).get_unique_constraints("case_agency")}
    assert names == {"uq_case_agency_case_id_agency_id"}
    with db.session() as session:
        agency = Agency(name="Northshire Police", short_name="Police", sector="police")
        session.add(agency)
        session.flush()
        session.add(CaseAgency(case_id=case.id, agency_id=agency.id))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(CaseAgency(case_id=case.id, agency_id=agency.id))


def test_a_laptop_database_from_before_keeps_its_agencies_through_the_rename(
    tmp_path: Path,
) -> None:
    import shutil

    from dhr_desk.storage import migrate
    from dhr_desk.storage.database import make_engine

    path = tmp_path / "dhr-desk.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-0001.db", path)
    engine = make_engine(path, bytes.fromhex("5eed" * 16))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO case_agency (case_id, agency_id, in_scope, contact_name, "
                "contact_email, notes) VALUES (1, 1, 1, 'DS Cole', '', 'scoped')"
            )
            before = conn.exec_driver_sql("SELECT * FROM case_agency ORDER BY id").fetchall()
        migrate.upgrade(engine)
        with engine.connect() as conn:
            after = conn.exec_driver_sql("SELECT * FROM case_agency ORDER BY id").fetchall()
            names = {u["name"] for u in inspect(conn).get_unique_constraints("case_agency")}
    finally:
        engine.dispose()
    assert len(before) == 1 and [tuple(r)[:9] for r in after] == [tuple(r)[:9] for r in before]
    assert names == {"uq_case_agency_case_id_agency_id"}
