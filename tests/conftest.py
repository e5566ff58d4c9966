"""Shared fixtures: a real encrypted database in a temporary folder, and an in-memory keyring
in place of the OS credential store (the only stand-in the tests use)."""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import keyring  # noqa: E402
import pg_support  # noqa: E402
import pytest  # noqa: E402
from store_support import MemoryKeyring, set_up  # noqa: E402

from dhr_desk.storage import (
    keys,  # noqa: E402
    server,  # noqa: E402
    store,  # noqa: E402
)
from dhr_desk.storage.database import Database  # noqa: E402
from dhr_desk.storage.paths import DataDir  # noqa: E402

# The desktop app's shared fixtures (the main window, QSettings kept out of the user's own).
pytest_plugins = ["ui_support"]


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    """The app makes no network connections: any attempt fails the test that makes it."""
    import socket

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(name: str, real: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if self.family != socket.AF_UNIX:
                raise AssertionError(f"network connection attempted to {address!r} ({name})")
            return real(self, address)

        return connect

    socket.socket.connect = guard("connect", real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = guard("connect_ex", real_connect_ex)  # type: ignore[method-assign]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def quick_key_derivation(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Passphrases and recovery keys are wrapped with a lighter scrypt cost in tests (the cost
    is stored in each key file, so what is wrapped this way also unwraps this way, in this
    process and in the command-line processes tests start). Tests marked ``real_kdf`` keep the
    cost a council laptop gets."""
    if request.node.get_closest_marker("real_kdf") is None:
        monkeypatch.setattr(keys, "SCRYPT_N", 2**12)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


# The tests of these areas run on both stores: the encrypted SQLite file and a PostgreSQL server.
BOTH_STORES = ("test_store_", "test_clocks_", "test_documents_", "test_casefile_", "test_services_")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about the encrypted database file itself (not the server)"
    )


def pytest_report_header(config: pytest.Config) -> str:
    if pg_support.wanted():
        return "stores: SQLCipher and PostgreSQL"
    return f"stores: SQLCipher only ({pg_support.ENV}=off): the PostgreSQL runs are left out"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test of the areas in BOTH_STORES that takes a database runs once per store."""
    if "db_store" not in metafunc.fixturenames:
        return
    name = metafunc.module.__name__.rsplit(".", 1)[-1]
    if not name.startswith(BOTH_STORES) or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    stores = ["sqlite", "postgresql"] if pg_support.wanted() else ["sqlite"]
    metafunc.parametrize("db_store", stores, indirect=True)


@pytest.fixture
def db_store(request: pytest.FixtureRequest) -> str:
    """The store a test's database is on: "sqlite" unless the test is parametrized."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def db(data_dir: DataDir, db_store: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A fresh, migrated database: encrypted in keyring mode, or on the PostgreSQL server
    (which the command line then uses too, through DHR_DESK_DATABASE_URL)."""
    if db_store == "postgresql":
        with server_database(monkeypatch) as url:
            database = store.open_server(url)
            yield database
            database.close()
        return
    set_up(data_dir)
    database = store.open_database(data_dir)
    yield database
    database.close()


@pytest.fixture
def server_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh migrated database on the test server, also given to the command line through
    DHR_DESK_DATABASE_URL (for tests about the server only: checking cases out and in)."""
    if not pg_support.wanted():
        pytest.skip(f"{pg_support.ENV}=off: no PostgreSQL server for this run")
    with server_database(monkeypatch) as url:
        yield url


@contextlib.contextmanager
def server_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new database copied from the migrated template on the test server (its URL, given to
    the command line too through DHR_DESK_DATABASE_URL), dropped afterwards."""
    name = pg_support.fresh_database()
    url = pg_support.cluster().url(name)
    monkeypatch.setenv(server.ENV_URL, url)
    try:
        yield url
    finally:
        pg_support.drop_database(name)
