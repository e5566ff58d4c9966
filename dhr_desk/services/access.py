"""Getting at the encrypted database: where it lives, how it is keyed, setting it up on the
first run and opening it afterwards — for the desktop app's wizard, unlock and lock screens.

The storage code is loaded on first use, not at import: the app asks for the passphrase while
the rest of the core is still loading in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dhr_desk.errors import DhrDeskError
from dhr_desk.storage import keys
from dhr_desk.storage.keys import (
    MIN_PASSPHRASE_LENGTH,
    KeyInfo,
    KeyMode,
    Unlock,
    normalise_recovery_key,
)
from dhr_desk.storage.paths import DataDir, resolve_data_dir

if TYPE_CHECKING:
    from dhr_desk.storage.database import Database
    from dhr_desk.storage.store import InitResult

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "DataDir",
    "Database",
    "KeyMode",
    "Unlock",
    "create",
    "is_set_up",
    "key_mode",
    "keyring_problem",
    "open_database",
    "resolve_data_dir",
    "unlock_for",
]


def __getattr__(name: str) -> Any:
    """``Database`` is loaded when first asked for (it brings the database driver with it)."""
    if name == "Database":
        from dhr_desk.storage.database import Database

        return Database
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _store() -> Any:
    from dhr_desk.storage import store

    return store


def warm_up(year: int) -> None:
    """Load the storage code and the working calendar of ``year`` (the app does this in the
    background while the coordinator types the passphrase; nothing is opened or read)."""
    from dhr_desk import workflow

    _store()
    workflow.bank_holidays(year)


def keyring_problem() -> str | None:
    """Why this computer's credential store cannot keep the key (None when it can)."""
    return keys.keyring_problem()


def is_set_up(data_dir: DataDir) -> bool:
    """Whether this data folder already holds a database or its key file."""
    return data_dir.keyinfo.exists() or data_dir.database.exists()


def key_mode(data_dir: DataDir) -> KeyMode:
    """How the database in ``data_dir`` is keyed: ``keyring`` or ``passphrase``."""
    return KeyInfo.load(data_dir.keyinfo).mode


def create(data_dir: DataDir, mode: KeyMode, passphrase: str | None = None) -> InitResult:
    """Create the encrypted database (its ``recovery_key`` is shown once, then forgotten)."""
    result: InitResult = _store().init(data_dir, mode, passphrase)
    return result


def open_database(data_dir: DataDir, unlock: Unlock | None = None) -> Database:
    database: Database = _store().open_database(data_dir, unlock or Unlock())
    return database


def check_unlock(data_dir: DataDir, unlock: Unlock) -> None:
    """Raise :class:`~dhr_desk.errors.WrongKeyError` (in plain words) unless ``unlock`` opens
    the database's key; nothing is opened (the lock screen uses this)."""
    _store().unlock_key(data_dir, unlock)


def unlock_for(mode: KeyMode, text: str) -> Unlock:
    """What a typed secret opens with: a recovery key when it has that shape, else the
    passphrase (in keyring mode an empty secret means the credential store)."""
    if text:
        try:
            normalise_recovery_key(text)
            if "-" in text or len(text.strip()) == 32:
                return Unlock(recovery_key=text)
        except DhrDeskError:
            pass
    if mode == "passphrase":
        return Unlock(passphrase=text)
    return Unlock()
