"""Keyring, passphrase and recovery-key modes; refusing insecure credential stores."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail, null

from dhr_desk.errors import (
    AlreadyInitialisedError,
    InsecureKeyringError,
    KeyringUnavailableError,
    ValidationError,
    WrongKeyError,
)
from dhr_desk.services import cases
from dhr_desk.storage import keys, store
from dhr_desk.storage.keys import Unlock
from dhr_desk.storage.paths import DataDir

PASS = "plum orchard lantern 42"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _case_count(data_dir: DataDir, unlock: Unlock) -> int:
    db = store.open_database(data_dir, unlock)
    try:
        return len(cases.list_cases(db))
    finally:
        db.close()


def _add_case(data_dir: DataDir, unlock: Unlock) -> None:
    db = store.open_database(data_dir, unlock)
    try:
        cases.new_dhr(db, {"notification_received_on": "2025-01-06", "notified_by": "Police"})
    finally:
        db.close()


def test_keyring_mode_keeps_a_random_256_bit_key_in_the_credential_store(
    data_dir: DataDir, memory_keyring
) -> None:
    result = store.init(data_dir, "keyring")
    stored = memory_keyring.get_password(keys.KEYRING_SERVICE, result.database_id)
    assert stored is not None and len(bytes.fromhex(stored)) == 32
    assert stored not in data_dir.keyinfo.read_text()
    _add_case(data_dir, Unlock())
    assert _case_count(data_dir, Unlock()) == 1


def test_passphrase_mode_opens_only_with_the_passphrase(data_dir: DataDir) -> None:
    store.init(data_dir, "passphrase", PASS)
    _add_case(data_dir, Unlock(passphrase=PASS))
    before = _digest(data_dir.database)
    with pytest.raises(WrongKeyError, match="passphrase does not open"):
        store.open_database(data_dir, Unlock(passphrase="plum orchard lantern 43"))
    with pytest.raises(WrongKeyError):
        store.open_database(data_dir, Unlock())
    assert _digest(data_dir.database) == before
    assert _case_count(data_dir, Unlock(passphrase=PASS)) == 1


def test_short_passphrase_is_refused_and_nothing_is_created(data_dir: DataDir) -> None:
    with pytest.raises(ValidationError, match="too short"):
        store.init(data_dir, "passphrase", "short")
    assert not data_dir.database.exists() and not data_dir.keyinfo.exists()


def test_recovery_key_opens_the_database_when_the_credential_store_is_lost(
    data_dir: DataDir, memory_keyring
) -> None:
    result = store.init(data_dir, "keyring")
    _add_case(data_dir, Unlock())
    memory_keyring.secrets.clear()  # a new laptop profile, a wiped credential store
    with pytest.raises(KeyringUnavailableError, match="recovery key"):
        store.open_database(data_dir)
    # typed in lower case and without dashes, as people do
    typed = result.recovery_key.replace("-", "").lower()
    assert _case_count(data_dir, Unlock(recovery_key=typed)) == 1
    with pytest.raises(WrongKeyError):
        store.open_database(data_dir, Unlock(recovery_key="AAAA-" * 7 + "AAAA"))
    # and rekey puts the key back into the credential store
    store.rekey(data_dir, Unlock(recovery_key=typed), to_mode="keyring")
    assert _case_count(data_dir, Unlock()) == 1


def test_rekey_changes_passphrase_and_moves_between_modes(
    data_dir: DataDir, memory_keyring
) -> None:
    first = store.init(data_dir, "passphrase", PASS)
    _add_case(data_dir, Unlock(passphrase=PASS))
    db_bytes = _digest(data_dir.database)
    store.rekey(data_dir, Unlock(passphrase=PASS), new_passphrase="a brand new passphrase")
    with pytest.raises(WrongKeyError):
        store.open_database(data_dir, Unlock(passphrase=PASS))
    assert _case_count(data_dir, Unlock(passphrase="a brand new passphrase")) == 1
    # to keyring mode: no passphrase needed any more
    store.rekey(data_dir, Unlock(passphrase="a brand new passphrase"), to_mode="keyring")
    assert _case_count(data_dir, Unlock()) == 1
    # back to passphrase mode: the credential store entry is removed
    store.rekey(data_dir, Unlock(), to_mode="passphrase", new_passphrase=PASS)
    assert not memory_keyring.secrets
    assert _case_count(data_dir, Unlock(passphrase=PASS)) == 1
    # the recovery key of set-up still works (it was not replaced)
    assert _case_count(data_dir, Unlock(recovery_key=first.recovery_key)) == 1
    # a new recovery key replaces the old one
    res = store.rekey(data_dir, Unlock(passphrase=PASS), new_passphrase=PASS, new_recovery_key=True)
    assert res.recovery_key and res.recovery_key != first.recovery_key
    with pytest.raises(WrongKeyError):
        store.open_database(data_dir, Unlock(recovery_key=first.recovery_key))
    assert _case_count(data_dir, Unlock(recovery_key=res.recovery_key)) == 1
    assert db_bytes != ""  # the data key never changed: no re-encryption was needed


class _PlaintextKeyring(null.Keyring):
    """Stands for keyrings.alt's file backend, which keeps secrets in a plain file."""


_PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize(
    ("backend", "reason"),
    [
        (fail.Keyring(), "no system credential store"),
        (null.Keyring(), "no system credential store"),
        (_PlaintextKeyring(), "plain file"),
    ],
)
def test_insecure_keyring_backends_are_refused_not_used(
    data_dir: DataDir, backend: object, reason: str
) -> None:
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    with pytest.raises(InsecureKeyringError, match=reason) as err:
        store.init(data_dir, "keyring")
    assert "passphrase mode" in str(err.value)
    assert not data_dir.database.exists() and not data_dir.keyinfo.exists()


def test_init_twice_is_refused_and_changes_nothing(data_dir: DataDir) -> None:
    store.init(data_dir, "keyring")
    before = _digest(data_dir.keyinfo)
    with pytest.raises(AlreadyInitialisedError):
        store.init(data_dir, "passphrase", PASS)
    assert _digest(data_dir.keyinfo) == before


@pytest.mark.real_kdf
def test_a_council_laptop_wraps_keys_with_the_full_scrypt_cost(data_dir: DataDir) -> None:
    store.init(data_dir, "passphrase", PASS)
    document = json.loads(data_dir.keyinfo.read_text("utf-8"))
    envelopes = [v for v in document.values() if isinstance(v, dict) and v.get("kdf") == "scrypt"]
    assert len(envelopes) == 2  # the passphrase and the recovery key
    assert all(e["n"] == 2**16 and e["r"] == 8 and e["p"] == 1 for e in envelopes)


class _VaultLookAlike(null.Keyring):
    """A plaintext store that borrows the Windows backend's module and class names."""


_VaultLookAlike.__module__ = "keyring.backends.Windows"
_VaultLookAlike.__qualname__ = _VaultLookAlike.__name__ = "WinVaultKeyring"


class _CorporateFileVault(null.Keyring):
    """A plaintext store from some other package (not keyrings.alt)."""


_CorporateFileVault.__module__ = "corporate.vault"


def _bare(cls: type) -> object:
    """An instance without its constructor (which needs the real OS service)."""
    return object.__new__(cls)


def test_only_the_known_secure_credential_stores_are_accepted() -> None:
    from keyring.backends import SecretService, Windows, kwallet, libsecret, macOS

    for cls in (
        Windows.WinVaultKeyring,
        macOS.Keyring,
        SecretService.Keyring,
        libsecret.Keyring,
        kwallet.DBusKeyring,
    ):
        assert keys.keyring_problem(_bare(cls)) is None, cls

    class Subclass(SecretService.Keyring):
        """Could keep secrets anywhere."""

    for backend in (_CorporateFileVault(), _VaultLookAlike(), _bare(Subclass)):
        problem = keys.keyring_problem(backend)
        assert problem is not None and "is not one DHR Desk knows to be secure" in problem


def test_a_chain_of_stores_is_accepted_only_when_every_store_in_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from keyring.backends import SecretService, chainer

    chain = chainer.ChainerBackend()
    monkeypatch.setattr(
        chainer.ChainerBackend, "backends", [_bare(SecretService.Keyring), _CorporateFileVault()]
    )
    assert "corporate.vault" in (keys.keyring_problem(chain) or "")
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [_bare(SecretService.Keyring)])
    assert keys.keyring_problem(chain) is None


def test_a_plaintext_store_outside_keyrings_alt_is_refused_and_nothing_is_created(
    data_dir: DataDir,
) -> None:
    keyring.set_keyring(_CorporateFileVault())
    with pytest.raises(InsecureKeyringError, match="not one DHR Desk knows to be secure"):
        store.init(data_dir, "keyring")
    assert not data_dir.root.exists()
