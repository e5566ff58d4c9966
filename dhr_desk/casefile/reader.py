"""Read a case file from disk: size, encoding, JSON and format version, each refused with one
plain sentence before anything else looks at the content."""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dhr_desk.casefile import sealed
from dhr_desk.casefile.spec import FORMAT_NAME, FORMAT_VERSION
from dhr_desk.errors import DhrDeskError

MAX_FILE_BYTES = 64 * 1024 * 1024  # a case with 100,000 chronology entries is about 40 MB


class CaseFileError(DhrDeskError):
    """The file cannot be read as a case file at all (one plain sentence, nothing imported)."""

    exit_code = 2


@dataclass(frozen=True)
class CaseFile:
    name: str
    document: dict[str, Any]
    sha256: str
    size: int


class _DuplicateField(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateField(key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse(data: bytes, name: str) -> dict[str, Any]:
    """Bytes of a case file → its document, or CaseFileError naming what is wrong."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark, as some Windows editors write
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CaseFileError(
            f"{name} is not a case file: it is not UTF-8 text (byte 0x{data[exc.start]:02X} at "
            f"position {exc.start:,}). Nothing was imported from it."
        ) from exc
    if not text.strip():
        raise CaseFileError(f"{name} is empty. Nothing was imported from it.")
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except _DuplicateField as exc:
        raise CaseFileError(
            f"{name} names the field '{exc}' twice in one record, so it is ambiguous. "
            "Nothing was imported from it."
        ) from exc
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Nothing was imported from it."
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise CaseFileError(
            f"{name} is not valid JSON ({exc}). Nothing was imported from it."
            if isinstance(exc, ValueError)
            else f"{name} is nested too deeply to be a case file. Nothing was imported from it."
        ) from exc
    check_header(document, name)
    assert isinstance(document, dict)
    if _SURROGATE_ESCAPE.search(text):
        where = unpaired_surrogate(document)
        if where is not None:
            raise CaseFileError(
                f"{name} holds text that is not valid Unicode at {where} (an unpaired UTF-16 "
                "surrogate written as \\uD800…\\uDFFF, which cannot be stored). Nothing was "
                "imported from it."
            )
    return document


# A surrogate can only reach a decoded document through a \uD800-\uDFFF escape in the text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired_surrogate(value: Any, path: str = "$") -> str | None:
    """The JSON path of the first text (or field name) holding an unpaired surrogate."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                return path
            found = unpaired_surrogate(item, f"{path}.{key}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = unpaired_surrogate(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def check_header(document: Any, name: str) -> None:
    """A case file of a format version this program reads."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise CaseFileError(
            f'{name} is JSON but not a DHR Desk case file (it has no "format": "{FORMAT_NAME}"). '
            "Nothing was imported from it."
        )
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int | float) or math.isnan(version):
        raise CaseFileError(
            f"{name} has no valid format_version (it should be {FORMAT_VERSION}). "
            "Nothing was imported from it."
        )
    if version > FORMAT_VERSION:
        raise CaseFileError(
            f"{name} is in case file format version {version:g}, written by a newer DHR Desk; "
            f"this version reads format version {FORMAT_VERSION}. Install the newer DHR Desk to "
            "import it. Nothing was imported from it."
        )
    if version != FORMAT_VERSION:
        raise CaseFileError(
            f"{name} is in case file format version {version:g}, which no DHR Desk ever wrote. "
            "Nothing was imported from it."
        )


def read(path: Path, unsealer: sealed.Unsealer | None = None) -> CaseFile:
    """Read and parse one file, refusing anything too big, not UTF-8, not JSON or too new.

    An encrypted case file (``.dhrcase``) is opened with ``unsealer`` (its passphrase); the
    SHA-256 and size are those of the file as it is on disk.

    Only a regular file is read: a folder, a pipe or a device is refused before it is opened
    for reading (a pipe would wait for a writer forever).
    """
    path = Path(path)
    name = path.name
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise CaseFileError(f"{path} is a folder, not a case file.")
        if not stat.S_ISREG(mode):
            raise CaseFileError(
                f"{path} is not a regular file (it is a pipe or a device), so it is not a case "
                "file. Nothing was imported from it."
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
                raise CaseFileError(f"{path} is not a regular file, so it is not a case file.")
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise CaseFileError(
                    f"{name} is {size / 1_048_576:,.0f} MB; a case file may be at most "
                    f"{MAX_FILE_BYTES // 1_048_576} MB. Nothing was imported from it."
                )
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise CaseFileError(f"There is no file {path}.") from exc
    except PermissionError as exc:
        raise CaseFileError(f"{path} could not be read: permission denied.") from exc
    except OSError as exc:
        raise CaseFileError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    if len(data) > MAX_FILE_BYTES:
        raise CaseFileError(
            f"{name} is larger than {MAX_FILE_BYTES // 1_048_576} MB, the most a case file may "
            "be. Nothing was imported from it."
        )
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    if sealed.is_sealed(data):
        if unsealer is None:
            raise CaseFileError(
                f"{name} is an encrypted case file: give the passphrase it was written with "
                "(dhr-desk import --key-file FILE). Nothing was imported from it."
            )
        try:
            data = unsealer.open(data, name)
        except sealed.SealedFileError as exc:
            raise CaseFileError(str(exc)) from exc
    document = parse(data, name)
    return CaseFile(name, document, digest, size)
