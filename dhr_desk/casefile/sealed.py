"""Encrypted case files (``.dhrcase``): a case file sealed under a passphrase, for copies of
cases that leave the database (the server's case backup, ``dhr-desk server backup --cases``).

The file is three parts: the line ``DHRDESK-SEALED-CASE``, a one-line JSON header (the cipher,
scrypt's parameters and salt, and the nonce), then the case file's UTF-8 JSON encrypted with
AES-256-GCM under a key derived from the passphrase by scrypt, the first two lines bound to it
as associated data (a changed header or a changed byte anywhere refuses the file). Nothing of
the case is readable without the passphrase. One backup derives its key once (one salt for all
its files), each file has its own random nonce.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dhr_desk.errors import DhrDeskError
from dhr_desk.storage import keys

MAGIC = b"DHRDESK-SEALED-CASE\n"
SUFFIX = ".dhrcase"
CIPHER = "AES-256-GCM"
_MAX_N = 2**20  # a header asking for more scrypt work than this is not one DHR Desk wrote


class SealedFileError(DhrDeskError):
    """An encrypted case file that cannot be opened (wrong passphrase, changed or damaged)."""

    exit_code = 2


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


@dataclass
class SealingKey:
    """A key derived once from a passphrase; seals any number of files."""

    passphrase: str = field(repr=False)
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    n: int = field(default_factory=lambda: keys.SCRYPT_N)
    r: int = keys.SCRYPT_R
    p: int = keys.SCRYPT_P

    def __post_init__(self) -> None:
        keys.check_passphrase_strength(self.passphrase)
        self._key = _derive(self.passphrase, self.salt, self.n, self.r, self.p)

    def parameters(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": _b64(self.salt)}

    def seal(self, plaintext: bytes) -> bytes:
        nonce = secrets.token_bytes(12)
        header = {"cipher": CIPHER, **self.parameters(), "nonce": _b64(nonce)}
        head = MAGIC + json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
        return head + AESGCM(self._key).encrypt(nonce, plaintext, head)


class Unsealer:
    """Opens sealed files with one passphrase, deriving each salt's key only once."""

    def __init__(self, passphrase: str) -> None:
        self.passphrase = passphrase
        self._keys: dict[tuple[bytes, int, int, int], bytes] = {}

    def open(self, data: bytes, name: str) -> bytes:
        if not is_sealed(data):
            raise SealedFileError(f"{name} is not an encrypted DHR Desk case file.")
        end = data.find(b"\n", len(MAGIC))
        try:
            if end < 0:
                raise ValueError("no header")
            header = json.loads(data[len(MAGIC) : end].decode("ascii"))
            salt = base64.b64decode(header["salt"], validate=True)
            nonce = base64.b64decode(header["nonce"], validate=True)
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
            if header.get("cipher") != CIPHER or header.get("kdf") != "scrypt":
                raise ValueError("unknown cipher")
            if not (2 <= n <= _MAX_N and 1 <= r <= 32 and 1 <= p <= 16) or len(nonce) != 12:
                raise ValueError("parameters out of range")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as exc:
            raise SealedFileError(
                f"{name} is damaged: its header cannot be read. Nothing was imported from it."
            ) from exc
        index = (salt, n, r, p)
        key = self._keys.get(index)
        if key is None:
            key = self._keys[index] = _derive(self.passphrase, salt, n, r, p)
        head = data[: end + 1]
        try:
            return AESGCM(key).decrypt(nonce, data[end + 1 :], head)
        except InvalidTag as exc:
            raise SealedFileError(
                f"{name} could not be opened with the passphrase given: the passphrase is "
                "wrong, or the file was changed or damaged since it was written. Nothing was "
                "imported from it."
            ) from exc
