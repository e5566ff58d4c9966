"""A throwaway PostgreSQL server for the tests that run on both stores.

``DHR_DESK_TEST_PG`` chooses the server:

* unset: a new cluster is made in a temporary folder and started on 127.0.0.1 on a free port
  (initdb and pg_ctl from the distribution's packages, /usr/lib/postgresql/*/bin, or PATH);
  it is stopped and removed when the run ends;
* a URL (``postgresql://admin@host:port/postgres``, a superuser): that server is used;
* ``off``: the tests run on the encrypted SQLite database only (a developer's computer without
  PostgreSQL; the run's header says so).

Each test gets its own database, copied from a template made once (``CREATE DATABASE …
TEMPLATE``), so a test costs a file copy, not the migrations.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ENV = "DHR_DESK_TEST_PG"
TEMPLATE = "dhr_desk_template"
# Members of this role must give their password over TCP (SCRAM); everyone else is trusted.
PASSWORD_GROUP = "dhr_test_password"
PASSWORD_RULE = f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n"


class PostgresUnavailable(RuntimeError):
    pass


def wanted() -> bool:
    return os.environ.get(ENV, "").strip().lower() != "off"


def find_bin() -> Path:
    """The folder of initdb and pg_ctl (the newest installed version)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    raise PostgresUnavailable(
        "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH): "
        "install the 'postgresql' package, point DHR_DESK_TEST_PG at a server URL, or set "
        "DHR_DESK_TEST_PG=off to run on the SQLite database only."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user() -> tuple[list[str], int | None]:
    """How to run initdb and postgres, which refuse to run as root: as the 'postgres' account
    when it can run them, else in a user namespace (where this process is not root)."""
    if os.geteuid() != 0:
        return [], None
    probe = [str(find_bin() / "initdb"), "--version"]
    try:
        import pwd

        account = pwd.getpwnam("postgres")
        ok = subprocess.run(
            ["runuser", "-u", "postgres", "--", *probe], capture_output=True, check=False
        )
        if ok.returncode == 0:
            return ["runuser", "-u", "postgres", "--"], account.pw_uid
    except (KeyError, FileNotFoundError):
        pass
    ok = subprocess.run(["unshare", "--user", *probe], capture_output=True, check=False)
    if ok.returncode == 0:
        return ["unshare", "--user"], None
    raise PostgresUnavailable(
        "PostgreSQL refuses to run as root, and neither the 'postgres' account nor a user "
        "namespace could run it: run the tests as another user or set DHR_DESK_TEST_PG to a URL."
    )


@dataclass
class Cluster:
    """A running server and an administrator's URL for it."""

    admin_url: str  # postgresql://…/postgres
    folder: Path | None = None
    prefix: tuple[str, ...] = ()

    def url(self, database: str, user: str | None = None, password: str | None = None) -> str:
        from sqlalchemy.engine import make_url

        base = make_url(self.admin_url)
        if user is not None:
            base = base.set(username=user, password=password)
        query = dict(base.query)
        query.setdefault("sslmode", "disable")
        return base.set(database=database, query=query).render_as_string(hide_password=False)

    def admin(self) -> object:
        """An autocommit psycopg connection to the maintenance database."""
        import psycopg

        return psycopg.connect(_libpq(self.admin_url), autocommit=True)

    def stop(self) -> None:
        if self.folder is None:
            return
        bindir = find_bin()
        subprocess.run(
            [
                *self.prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _libpq(url: str) -> str:
    """A SQLAlchemy-style URL as libpq takes it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    parts = {
        "host": parsed.host,
        "port": parsed.port,
        "dbname": parsed.database,
        "user": parsed.username,
        "password": parsed.password,
        **{k: v for k, v in parsed.query.items() if isinstance(v, str)},
    }
    parts.setdefault("sslmode", "disable")
    return " ".join(f"{k}='{v}'" for k, v in parts.items() if v is not None)


def start_cluster() -> Cluster:
    bindir = find_bin()
    prefix, owner = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="dhr-desk-pg-"))
    if owner is not None:
        os.chown(folder, owner, -1)
    data = folder / "data"
    init = subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    hba = data / "pg_hba.conf"
    hba.write_text(PASSWORD_RULE + hba.read_text())  # first: it wins over the trust lines
    port = _free_port()
    settings = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    run = subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            settings,
            "-l",
            str(folder / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )
    if run.returncode != 0:
        log = (
            (folder / "server.log").read_text(errors="replace")
            if (folder / "server.log").exists()
            else ""
        )
        shutil.rmtree(folder, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {run.stderr.strip()} {log[-500:]}")
    cluster = Cluster(f"postgresql://postgres@127.0.0.1:{port}/postgres", folder, tuple(prefix))
    atexit.register(cluster.stop)
    return cluster


_CLUSTER: Cluster | None = None
_PROBLEM: str | None = None
_NUMBERS = itertools.count(1)


def cluster() -> Cluster:
    """The run's server (started on first use); a plain failure when there is none."""
    global _CLUSTER, _PROBLEM
    if _PROBLEM is not None:
        raise PostgresUnavailable(_PROBLEM)
    if _CLUSTER is None:
        try:
            given = os.environ.get(ENV, "").strip()
            _CLUSTER = Cluster(given) if given else start_cluster()
            _make_template(_CLUSTER)
        except PostgresUnavailable as exc:
            _PROBLEM = str(exc)
            raise
    return _CLUSTER


def _make_template(c: Cluster) -> None:
    from dhr_desk.storage import migrate, server, server_roles

    with contextlib.closing(c.admin()) as conn:  # type: ignore[type-var]
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")  # type: ignore[attr-defined]
        conn.execute(f"CREATE DATABASE {TEMPLATE}")  # type: ignore[attr-defined]
        known = conn.execute(  # type: ignore[attr-defined]
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (PASSWORD_GROUP,)
        ).fetchone()
        if known is None:
            conn.execute(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")  # type: ignore[attr-defined]
    engine = server.make_server_engine(server.parse(c.url(TEMPLATE)))
    try:
        migrate.upgrade(engine)
        with engine.begin() as conn:
            server_roles.grant_rights(conn)
    finally:
        engine.dispose()


def new_database() -> str:
    """A new database copied from the migrated template; its name."""
    c = cluster()
    name = f"dhr_test_{os.getpid()}_{next(_NUMBERS)}"
    with contextlib.closing(c.admin()) as conn:  # type: ignore[type-var]
        conn.execute(  # type: ignore[attr-defined]
            f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY"
        )
    return name


def fresh_database() -> str:
    """:func:`new_database` for a test: a plain test failure when there is no server."""
    import pytest

    try:
        return new_database()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


def drop_database(name: str) -> None:
    c = cluster()
    with contextlib.closing(c.admin()) as conn:  # type: ignore[type-var]
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[attr-defined]


def password_sign_in(database: str, password: str, role: str = "administrator") -> str:
    """A new sign-in to ``database`` that the server asks a password of (``server add-user``
    with a password); the URL without the password."""
    from dhr_desk.storage import store

    c = cluster()
    name = f"pw_{os.getpid()}_{next(_NUMBERS)}"
    store.add_server_user(c.url(database), name, role, "Ashford Vale", password)
    with contextlib.closing(c.admin()) as conn:  # type: ignore[type-var]
        conn.execute(f'GRANT {PASSWORD_GROUP} TO "{name}"')  # type: ignore[attr-defined]
    url = c.url(database, user=name)
    try:
        psycopg_connect(_libpq(c.url(database, user=name, password=password + "-not")))
    except Exception:  # noqa: BLE001 - refused: the server asks for the password
        return url
    raise PostgresUnavailable(
        f"The test server accepts any password for {name}: add '{PASSWORD_RULE.strip()}' "
        "before its trust lines in pg_hba.conf."
    )


def psycopg_connect(dsn: str) -> None:
    import psycopg

    psycopg.connect(dsn).close()
