"""The OS credential store (keyring mode): only the stores known to be secure hold the key.

A store is recognised by the exact class of its ``keyring`` backend, never by its name, so a
plaintext store cannot pass for a secure one by borrowing a module or class name.
"""

from __future__ import annotations

import contextlib
from typing import Any

from dhr_desk import APP_NAME
from dhr_desk.errors import InsecureKeyringError, KeyringUnavailableError

KEYRING_SERVICE = APP_NAME

# The credential stores DHR Desk keeps its key in: (module, class) of keyring's own backends.
# A backend is accepted only if its class is one of these very classes (not a subclass, not a
# look-alike with the same names).
SECURE_STORES: dict[tuple[str, str], str] = {
    ("keyring.backends.Windows", "WinVaultKeyring"): "Windows Credential Locker",
    ("keyring.backends.macOS", "Keyring"): "macOS Keychain",
    ("keyring.backends.SecretService", "Keyring"): "Secret Service",
    ("keyring.backends.libsecret", "Keyring"): "Secret Service",
    ("keyring.backends.kwallet", "DBusKeyring"): "KWallet",
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"): "KWallet",
}
_NO_STORE_MODULES = ("keyring.backends.fail", "keyring.backends.null")
_trusted_extra: dict[type, str] = {}


def trust_keyring_backend(backend_class: type, name: str) -> None:
    """Accept one more credential store class (exactly that class).

    For the test suite's in-memory stand-in; the program itself never calls it.
    """
    _trusted_extra[backend_class] = name


def secure_store_classes() -> dict[type, str]:
    """The classes of the known secure stores that this installation of keyring has."""
    import importlib

    found: dict[type, str] = dict(_trusted_extra)
    for (module_name, class_name), label in SECURE_STORES.items():
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - a backend this platform cannot even import
            continue
        cls = getattr(module, class_name, None)
        if isinstance(cls, type):
            found[cls] = label
    return found


def keyring_problem(backend: Any | None = None) -> str | None:
    """Why the active keyring backend must not hold the key, or ``None`` when it is secure.

    Only the stores known to be secure are accepted (Windows Credential Locker, macOS
    Keychain, Secret Service, KWallet): any other backend is refused, whatever it is called.
    A chain of backends is accepted only when every backend in it is.
    """
    import keyring
    from keyring.backends.chainer import ChainerBackend

    backend = backend if backend is not None else keyring.get_keyring()
    if type(backend) is ChainerBackend:
        inner = list(backend.backends)
        if not inner:
            return "no system credential store was found on this computer"
        problems = [p for p in (keyring_problem(b) for b in inner) if p]
        return problems[0] if problems else None
    if type(backend) in secure_store_classes():
        return None
    module = type(backend).__module__
    name = f"{module}.{type(backend).__qualname__}"
    if module.startswith(_NO_STORE_MODULES):
        return "no system credential store was found on this computer"
    if module.startswith("keyrings.alt"):
        return f"the credential store found ({name}) keeps secrets in a plain file"
    return (
        f"the credential store found ({name}) is not one DHR Desk knows to be secure "
        "(Windows Credential Locker, macOS Keychain, Secret Service or KWallet)"
    )


def require_secure_keyring() -> None:
    problem = keyring_problem()
    if problem:
        raise InsecureKeyringError(
            f"DHR Desk will not keep its key there: {problem}. "
            "Use passphrase mode instead (dhr-desk init --mode passphrase), which asks for a "
            "passphrase each time the database is opened."
        )


def keyring_store(username: str, data_key: bytes) -> None:
    import keyring
    from keyring.errors import KeyringError

    require_secure_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, username, data_key.hex())
    except KeyringError as exc:
        raise KeyringUnavailableError(
            f"The system credential store refused to save the key ({exc}). "
            "Use passphrase mode instead (dhr-desk init --mode passphrase)."
        ) from exc


def keyring_load(username: str) -> bytes:
    import keyring
    from keyring.errors import KeyringError

    require_secure_keyring()
    try:
        value = keyring.get_password(KEYRING_SERVICE, username)
    except KeyringError as exc:
        raise KeyringUnavailableError(
            f"The system credential store could not be read ({exc}). "
            "Open the database with the recovery key: dhr-desk rekey --recovery-key."
        ) from exc
    if not value:
        raise KeyringUnavailableError(
            "The database key is not in this computer's credential store (it may have been "
            "removed, or this is another user or computer). Open the database with the recovery "
            "key: dhr-desk rekey --recovery-key."
        )
    return bytes.fromhex(value)


def keyring_delete(username: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.delete_password(KEYRING_SERVICE, username)
