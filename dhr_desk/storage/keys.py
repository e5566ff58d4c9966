"""Database keys: the OS credential store, a passphrase, and the recovery key.

The database is encrypted by SQLCipher with a random 256-bit *data key* given as a raw key
(``x'…'``), so opening it costs no key derivation. The data key itself is kept:

* **keyring mode** – in the OS credential store through :mod:`keyring`;
* **passphrase mode** – wrapped (AES-256-GCM) under a key derived from the passphrase by scrypt.

In both modes a second wrapped copy is kept under the **recovery key**, shown once at set-up.
The wrapped copies and the KDF parameters live in ``keyinfo.json`` beside the database; that file
holds no case data and no secret that opens anything without the passphrase or recovery key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dhr_desk.errors import (
    DamagedDatabaseError,
    NotInitialisedError,
    ValidationError,
    WrongKeyError,
)
from dhr_desk.storage.atomic import write_bytes_atomic
from dhr_desk.storage.credentials import KEYRING_SERVICE as KEYRING_SERVICE
from dhr_desk.storage.credentials import keyring_delete as keyring_delete
from dhr_desk.storage.credentials import keyring_load as keyring_load
from dhr_desk.storage.credentials import keyring_problem as keyring_problem
from dhr_desk.storage.credentials import keyring_store as keyring_store
from dhr_desk.storage.credentials import require_secure_keyring as require_secure_keyring
from dhr_desk.storage.credentials import secure_store_classes as secure_store_classes
from dhr_desk.storage.credentials import trust_keyring_backend as trust_keyring_backend

KeyMode = Literal["keyring", "passphrase"]
KEYINFO_FORMAT = "dhr-desk-keyinfo"
KEYINFO_VERSION = 2  # 2: the audit trail anchor (version 1 files are still read)
MIN_PASSPHRASE_LENGTH = 10
# scrypt cost: about 0.1-0.3 s and 64 MiB on a council laptop; stored per file so it can rise.
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def key_check(key: bytes) -> str:
    """A short MAC of a fixed text under the key: tells a wrong key from a damaged file."""
    return hmac.new(key, b"dhr-desk key check v1", hashlib.sha256).hexdigest()[:32]


def sqlcipher_key_literal(key: bytes) -> str:
    """The ``PRAGMA key`` value for a raw 256-bit key (no KDF)."""
    if len(key) != 32:
        raise ValueError("the data key must be 32 bytes")
    return f"x'{key.hex()}'"


# --------------------------------------------------------------------------- recovery key
def new_recovery_key() -> str:
    """32 characters from a 32-letter alphabet (160 bits), shown as eight groups of four."""
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(32))
    return "-".join(raw[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != 32 or any(ch not in _RECOVERY_ALPHABET for ch in cleaned):
        raise WrongKeyError(
            "That is not a recovery key: it should be 32 letters and digits in eight groups "
            "of four, such as ABCD-EFGH-…"
        )
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


# --------------------------------------------------------------------------- wrapping
def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


def wrap_key(data_key: bytes, secret: str, purpose: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, f"dhr-desk {purpose}".encode())
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def unwrap_key(envelope: dict[str, Any], secret: str, purpose: str) -> bytes:
    try:
        kek = _derive(
            secret,
            _unb64(envelope["salt"]),
            int(envelope["n"]),
            int(envelope["r"]),
            int(envelope["p"]),
        )
        return AESGCM(kek).decrypt(
            _unb64(envelope["nonce"]), _unb64(envelope["wrapped"]), f"dhr-desk {purpose}".encode()
        )
    except InvalidTag as exc:
        raise WrongKeyError(f"That {purpose} does not open the database.") from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise DamagedDatabaseError(
            "The key file (keyinfo.json) is damaged, so the database cannot be opened. "
            "Restore it from a backup or use the recovery key."
        ) from exc


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_LENGTH} characters "
            "(a few unrelated words work well)."
        )


# --------------------------------------------------------------------------- keyinfo file
@dataclass
class KeyInfo:
    database_id: str
    mode: KeyMode
    key_check: str
    recovery: dict[str, Any]
    passphrase: dict[str, Any] | None = None
    # The head of the audit trail as last written (see dhr_desk.storage.anchor); None in a key
    # file made before anchoring (version 1).
    anchor: dict[str, Any] | None = None

    def to_json(self) -> bytes:
        data: dict[str, Any] = {
            "format": KEYINFO_FORMAT,
            "version": KEYINFO_VERSION,
            "database_id": self.database_id,
            "mode": self.mode,
            "key_check": self.key_check,
            "recovery": self.recovery,
        }
        if self.passphrase is not None:
            data["passphrase"] = self.passphrase
        if self.mode == "keyring":
            data["keyring"] = {"service": KEYRING_SERVICE, "username": self.database_id}
        if self.anchor is not None:
            data["anchor"] = self.anchor
        return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8")

    def save(self, path: Path, *, durable_rename: bool = True) -> None:
        write_bytes_atomic(path, self.to_json(), durable_rename=durable_rename)
        if os.name == "posix":
            path.chmod(0o600)

    @classmethod
    def load(cls, path: Path) -> KeyInfo:
        """The key file of a data folder; a damaged one is refused with what is wrong."""
        if path.is_dir():
            raise DamagedDatabaseError(
                f"{path} is a folder, but it should be DHR Desk's key file; nothing was changed. "
                + KEYFILE_ADVICE
            )
        if not path.exists():
            raise NotInitialisedError(
                f"There is no DHR Desk database in {path.parent}. Create one with: dhr-desk init"
            )
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DamagedDatabaseError(
                f"The key file {path} could not be read ({exc.strerror or exc}); nothing was "
                "changed."
            ) from exc
        try:
            return cls.from_json(raw)
        except KeyFileError as exc:
            raise DamagedDatabaseError(
                f"The key file {path.name} is damaged ({exc}), so the database cannot be opened; "
                f"nothing was changed. {KEYFILE_ADVICE}"
            ) from exc

    @classmethod
    def from_json(cls, raw: bytes) -> KeyInfo:
        """Parse and check a key envelope; ``KeyFileError`` says what is wrong in a few words."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise KeyFileError("it is not JSON text") from exc
        if not isinstance(data, dict) or data.get("format") != KEYINFO_FORMAT:
            raise KeyFileError("it is not a DHR Desk key file")
        version = data.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise KeyFileError("it has no valid version")
        if version > KEYINFO_VERSION:
            raise DamagedDatabaseError(
                "This database was made by a newer version of DHR Desk; install that version."
            )
        mode = data.get("mode")
        if mode not in ("keyring", "passphrase"):
            raise KeyFileError("it names no known key mode")
        database_id = data.get("database_id")
        if not isinstance(database_id, str) or not database_id.strip():
            raise KeyFileError("it has no database identifier")
        check = data.get("key_check")
        if not isinstance(check, str) or not re.fullmatch(r"[0-9a-f]{32}", check):
            raise KeyFileError("its key check value is missing or malformed")
        recovery = check_envelope(data.get("recovery"), "recovery key")
        passphrase = None
        if mode == "passphrase":
            passphrase = check_envelope(data.get("passphrase"), "passphrase")
        anchor = data.get("anchor")
        if anchor is not None or version >= 2:
            anchor = check_anchor(anchor)
        return cls(database_id, mode, check, recovery, passphrase, anchor)


class KeyFileError(ValueError):
    """What is wrong with a key envelope, in a few words (completed by the caller)."""


KEYFILE_ADVICE = (
    "Put back keyinfo.json from a copy of the data folder, or restore the latest backup with: "
    "dhr-desk --recovery-key restore FILE"
)
_WRAPPED_SIZES = {"salt": 16, "nonce": 12, "wrapped": 48}  # bytes: AES-256-GCM of a 32-byte key
_MAX_SCRYPT_MEMORY = 256 * 1024 * 1024


def _check_head(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    entries, digest = value.get("entries"), value.get("hash")
    return (
        isinstance(entries, int)
        and not isinstance(entries, bool)
        and entries >= 0
        and isinstance(digest, str)
        and re.fullmatch(r"[0-9a-f]{64}", digest) is not None
    )


def check_anchor(anchor: Any) -> dict[str, Any]:
    """The audit anchor: ``entries`` and ``hash``, and the ``next`` head being written."""
    if not _check_head(anchor):
        raise KeyFileError("its audit trail anchor is missing or malformed")
    assert isinstance(anchor, dict)
    following = anchor.get("next")
    if following is not None and not _check_head(following):
        raise KeyFileError("its audit trail anchor is malformed")
    return dict(anchor)


def check_envelope(envelope: Any, purpose: str) -> dict[str, Any]:
    """A wrapped copy of the data key with every field present and of the right size."""
    if not isinstance(envelope, dict) or not envelope:
        raise KeyFileError(f"its {purpose} section is missing or empty")
    if envelope.get("kdf") != "scrypt":
        raise KeyFileError(f"its {purpose} section names no known key derivation")
    costs: list[Any] = [envelope.get(name) for name in ("n", "r", "p")]
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 1 for c in costs):
        raise KeyFileError(f"its {purpose} section has no valid scrypt costs")
    n, r, p = costs
    if n < 2 or n & (n - 1) or 128 * n * r > _MAX_SCRYPT_MEMORY or p > 16:
        raise KeyFileError(f"its {purpose} section has scrypt costs this version cannot use")
    for name, size in _WRAPPED_SIZES.items():
        value = envelope.get(name)
        try:
            if not isinstance(value, str) or len(_unb64(value)) != size:
                raise ValueError(name)
        except ValueError as exc:
            raise KeyFileError(f"the {name} of its {purpose} section is malformed") from exc
    return dict(envelope)


def create_keyinfo(
    mode: KeyMode, data_key: bytes, passphrase: str | None, database_id: str | None = None
) -> tuple[KeyInfo, str]:
    """Make the envelope for a data key. Returns it and the new recovery key (show it once)."""
    database_id = database_id or str(uuid.uuid4())
    recovery_key = new_recovery_key()
    info = KeyInfo(
        database_id=database_id,
        mode=mode,
        key_check=key_check(data_key),
        recovery=wrap_key(data_key, normalise_recovery_key(recovery_key), "recovery key"),
    )
    if mode == "passphrase":
        if passphrase is None:
            raise ValidationError("Passphrase mode needs a passphrase.")
        check_passphrase_strength(passphrase)
        info.passphrase = wrap_key(data_key, passphrase, "passphrase")
    return info, recovery_key


@dataclass
class Unlock:
    """What the user offers to open the database: nothing (keyring), a passphrase or recovery."""

    passphrase: str | None = None
    recovery_key: str | None = None


def obtain_data_key(info: KeyInfo, unlock: Unlock) -> bytes:
    if unlock.recovery_key:
        key = unwrap_key(info.recovery, normalise_recovery_key(unlock.recovery_key), "recovery key")
    elif info.mode == "keyring":
        key = keyring_load(info.database_id)
    else:
        if unlock.passphrase is None:
            raise WrongKeyError("This database is protected by a passphrase: enter it to open it.")
        if info.passphrase is None:  # checked when the key file was read
            raise WrongKeyError("This key file holds no passphrase-wrapped key.")
        key = unwrap_key(info.passphrase, unlock.passphrase, "passphrase")
    if not hmac.compare_digest(key_check(key), info.key_check):
        raise WrongKeyError("The stored key does not match this database.")
    return key
