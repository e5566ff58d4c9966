"""Shared fixtures: a real encrypted database in a temporary folder, and an in-memory keyring
in place of the OS credential store (the only stand-in the tests use)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import keyring  # noqa: E402
import pytest  # noqa: E402
from store_support import MemoryKeyring, set_up  # noqa: E402

from dhr_desk.storage import (
    keys,  # noqa: E402
    store,  # noqa: E402
)
from dhr_desk.storage.database import Database  # noqa: E402
from dhr_desk.storage.paths import DataDir  # noqa: E402


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


@pytest.fixture
def db(data_dir: DataDir) -> Iterator[Database]:
    """A fresh, migrated, encrypted database in keyring mode."""
    set_up(data_dir)
    database = store.open_database(data_dir)
    yield database
    database.close()
