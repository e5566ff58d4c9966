"""Encrypted databases for the tests: an in-memory stand-in for the OS credential store, and
ready-made empty databases.

Creating a database costs a key derivation (scrypt, for the recovery key) and every migration:
about 0.8 s. Tests that are not about creating one get a byte-for-byte copy of a database made
once per run by the real :func:`dhr_desk.storage.store.init` — the same SQLCipher file, key file
and credential-store entry a coordinator's computer holds after set-up.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from dhr_desk.storage import keys, store
from dhr_desk.storage.keys import KeyMode
from dhr_desk.storage.paths import DataDir


class MemoryKeyring(KeyringBackend):
    """A secure-enough stand-in for Windows Credential Manager during tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


# The only credential store outside the known secure ones that DHR Desk may use: in tests.
keys.trust_keyring_backend(MemoryKeyring, "the test suite's in-memory store")


_TEMPLATES: dict[tuple[str, str | None], tuple[DataDir, dict[tuple[str, str], str]]] = {}


def _template(mode: KeyMode, passphrase: str | None) -> tuple[DataDir, dict]:
    found = _TEMPLATES.get((mode, passphrase))
    if found is None:
        root = Path(tempfile.mkdtemp(prefix="dhr-desk-template-"))
        atexit.register(shutil.rmtree, root, True)
        backend = MemoryKeyring()
        previous = keyring.get_keyring()
        keyring.set_keyring(backend)
        try:
            store.init(DataDir(root / "data"), mode, passphrase)
        finally:
            keyring.set_keyring(previous)
        found = _TEMPLATES[(mode, passphrase)] = (DataDir(root / "data"), dict(backend.secrets))
    return found


def set_up(data_dir: DataDir, mode: KeyMode = "keyring", passphrase: str | None = None) -> DataDir:
    """Put a new, empty, migrated database in ``data_dir`` (a copy of one made once), with its
    key in the credential store the test runs with (keyring mode) or under ``passphrase``."""
    source, secrets = _template(mode, passphrase)
    shutil.copytree(source.root, data_dir.root, dirs_exist_ok=True)
    backend = keyring.get_keyring()
    for (service, username), secret in secrets.items():
        backend.set_password(service, username, secret)
    return data_dir
