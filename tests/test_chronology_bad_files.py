"""A file that cannot be a chronology return gets one plain sentence and nothing is written:
not a Word, Excel or CSV file, a PDF, password-protected, damaged, no table, no date column,
100,000 empty rows, 200 MB."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from casefile_support import snapshot
from chronology_files import empty_rows_xlsx, police_docx, rows_csv
from chronology_support import make_dhr

from dhr_desk.documents.protect import protect_docx
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import chronology
from dhr_desk.services.chronology import ImportRefused
from dhr_desk.storage.database import Database


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(path, "PNG")
    return path


def _pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def _protected(path: Path) -> Path:
    police_docx(path)
    path.write_bytes(protect_docx(path.read_bytes(), "secret-password-1"))
    return path


def _damaged(path: Path) -> Path:
    police_docx(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _other_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return path


def _no_table(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("We had no contact with the family during the review period.")
    document.save(str(path))
    return path


def _no_date_column(path: Path) -> Path:
    return rows_csv(path, [("Jane", "Seen")], header=("Name", "Notes"))


def _huge(path: Path) -> Path:
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # 200 MB (sparse: written in no time)
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 40)
    return path


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("picture.png", _png, "is not a Word (.docx), Excel (.xlsx) or CSV file"),
    ("chronology.pdf", _pdf, "(it is a PDF)"),
    ("locked.docx", _protected, "is protected with a password"),
    ("broken.docx", _damaged, "is damaged"),
    ("archive.zip", _other_zip, "(it is a zip archive)"),
    ("letter.docx", _no_table, "holds no table"),
    ("names.csv", _no_date_column, "No date column was found in names.csv"),
    ("huge.xlsx", _huge, "is 200 MB; a chronology return may be at most 50 MB"),
    ("empty.csv", _empty, "is empty"),
    ("data.bin", _binary, "is not a Word (.docx), Excel (.xlsx) or CSV file"),
]


@pytest.mark.parametrize(("name", "make", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_file_gets_one_sentence_and_writes_nothing(
    db: Database, tmp_path: Path, name: str, make: Callable[[Path], Path], message: str
) -> None:
    case: Any = make_dhr(db)
    path = make(tmp_path / name)
    before = snapshot(db)
    with pytest.raises(DhrDeskError) as refused:
        chronology.read_return(db, case.id, path, "Northshire Police")
    text = str(refused.value)
    assert message in text
    assert "Traceback" not in text and "\n" not in text.strip()
    assert snapshot(db) == before


def test_a_hundred_thousand_empty_rows_are_no_entries(db: Database, tmp_path: Path) -> None:
    case: Any = make_dhr(db)
    plan = chronology.read_return(
        db, case.id, empty_rows_xlsx(tmp_path / "empty.xlsx"), "Northshire ICB"
    )
    assert plan.to_add == [] and plan.trailing_empty == 100_000
    before = snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        chronology.import_return(db, case.id, plan)
    assert str(refused.value) == (
        "empty.xlsx holds no entries to import (after its headings: 100,000 empty rows); "
        "nothing was written."
    )
    assert snapshot(db) == before


def test_a_legacy_word_file_is_named_as_such() -> None:
    from dhr_desk.chronology.sources import _ole_reason

    # an OLE compound file the way Word 97-2003 saves one has a WordDocument stream; the
    # reason names the fix (save as .docx)
    reason = _ole_reason("old.doc", _minimal_ole("WordDocument"))
    assert "old-format Word document (.doc)" in reason and "save it as" in reason


def _minimal_ole(stream: str) -> bytes:
    """A compound file holding one small stream (built by hand: nothing writes .doc files)."""
    sector = 512
    name = stream.encode("utf-16-le") + b"\x00\x00"

    def entry(name_bytes: bytes, kind: int, start: int, size: int, child: int = -1) -> bytes:
        record = name_bytes.ljust(64, b"\x00")
        record += len(name_bytes).to_bytes(2, "little") + bytes([kind, 1])
        record += (-1).to_bytes(4, "little", signed=True) * 2
        record += child.to_bytes(4, "little", signed=True)
        record += b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16
        record += start.to_bytes(4, "little", signed=True) + size.to_bytes(8, "little")
        return record

    root = entry("Root Entry".encode("utf-16-le") + b"\x00\x00", 5, -2, 0, child=1)
    doc = entry(name, 2, 2, 4096)  # 4096 bytes: a regular (not mini) stream
    directory = (root + doc).ljust(sector, b"\x00")
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + list(range(3, 10)) + [0xFFFFFFFE]
    fat_sector = b"".join(v.to_bytes(4, "little") for v in fat).ljust(sector, b"\xff")
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x18:0x1A] = (0x3E).to_bytes(2, "little")
    header[0x1A:0x1C] = (3).to_bytes(2, "little")
    header[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x20:0x22] = (6).to_bytes(2, "little")
    header[0x2C:0x30] = (1).to_bytes(4, "little")  # one FAT sector
    header[0x30:0x34] = (1).to_bytes(4, "little")  # directory at sector 1
    header[0x38:0x3C] = (4096).to_bytes(4, "little")
    header[0x3C:0x40] = (0xFFFFFFFE).to_bytes(4, "little")
    header[0x44:0x48] = (0xFFFFFFFE).to_bytes(4, "little")
    header[0x4C:0x50] = (0).to_bytes(4, "little")  # the FAT is sector 0
    for index in range(1, 109):
        header[0x4C + 4 * index : 0x50 + 4 * index] = (0xFFFFFFFF).to_bytes(4, "little")
    body = fat_sector + directory + b"word" * 1024
    return bytes(header) + body + b"\x00" * (sector * 10 - len(body))
