"""Read an agency's return file into plain tables: Word (.docx), Excel (.xlsx) or CSV.

The kind of file is told from its content, not its name. A file that is not one of these, is
protected with a password, is damaged or too big is refused with one sentence saying what to do;
nothing is written. Rows keep their place in the file ("table 2, row 14", "row 9", "line 12")
so every entry and every problem can be found again in the agency's own file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dhr_desk.errors import DhrDeskError

MAX_BYTES = 50 * 1024 * 1024  # a 20,000-entry chronology is a few megabytes
MAX_UNPACKED = 400 * 1024 * 1024  # what the parts of a .docx / .xlsx may unpack to
MAX_COLUMNS = 60
CHECK_EVERY = 500

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class ReturnFileRefused(DhrDeskError):
    """The file cannot be read as a chronology return; nothing was written."""

    exit_code = 2


class ReadingCancelled(DhrDeskError):
    exit_code = 130

    def __init__(self) -> None:
        super().__init__("The import was stopped; nothing was written.")


@dataclass
class SourceRow:
    """One row of a table: a value per column (text, a date, a number or None)."""

    place: str
    cells: list[Any]
    formats: list[str] | None = None  # Excel number formats, where the file has them
    spanned: frozenset[int] = frozenset()  # columns covered by a merged cell to their left
    spans_all: bool = False  # a single merged cell across the whole row (a note)
    merged_above: frozenset[int] = frozenset()  # columns continuing a merged cell from above

    def text(self, index: int) -> str:
        if index >= len(self.cells) or self.cells[index] is None:
            return ""
        value = self.cells[index]
        return value if isinstance(value, str) else str(value)

    def heading_texts(self) -> list[str]:
        """The row read as headings: a merged heading names every column it covers."""
        out: list[str] = []
        for index in range(len(self.cells)):
            text = self.text(index).strip()
            if not text and index in self.spanned and out:
                text = out[-1]
            out.append(text)
        return out

    def is_empty(self) -> bool:
        return all(
            value is None or (isinstance(value, str) and not value.strip()) for value in self.cells
        )


@dataclass
class SourceTable:
    name: str  # "table 2", "sheet 'Chronology'", "the file"
    rows: list[SourceRow]
    sheet: str = ""  # the sheet's own name, for a workbook
    empty_after: int = 0  # rows after the last one holding anything (not read one by one)


@dataclass
class SourceFile:
    """What was read: the file's name, kind, SHA-256 and tables."""

    name: str
    kind: str  # docx, xlsx, csv
    description: str
    sha256: str
    size: int
    tables: list[SourceTable] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)


def _never() -> bool:
    return False


def read_source(
    path: Path,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SourceFile:
    """Read ``path``; raise :class:`ReturnFileRefused` in plain words if it cannot be read."""
    path = Path(path)
    report = progress or (lambda _f, _m: None)
    stop = cancelled or _never
    data = _file_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    kind = _kind_of(path, data)
    report(0.05, f"Reading {path.name}")
    if kind == "docx":
        from dhr_desk.chronology.word_tables import read_docx_tables

        tables = read_docx_tables(_opened_zip(path, data), path.name, stop)
        return SourceFile(path.name, "docx", "Word document", digest, len(data), tables)
    if kind == "xlsx":
        return _read_xlsx(path, data, digest, sheet, stop)
    text, encoding = _decoded(path.name, data)
    return _read_csv(path.name, text, encoding, digest, len(data), stop)


def _file_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReturnFileRefused(f"There is no file {path}.") from None
    except OSError as exc:
        raise ReturnFileRefused(f"{path.name} could not be read ({exc.strerror}).") from None
    if path.is_dir():
        raise ReturnFileRefused(f"{path.name} is a folder, not a file.")
    if size > MAX_BYTES:
        raise ReturnFileRefused(
            f"{path.name} is {size / 1024 / 1024:,.0f} MB; a chronology return may be at most "
            f"{MAX_BYTES // 1024 // 1024} MB. Ask the agency for the chronology on its own "
            "(without pictures or other documents), or split it into parts; nothing was imported."
        )
    if size == 0:
        raise ReturnFileRefused(f"{path.name} is empty; nothing was imported.")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReturnFileRefused(f"{path.name} could not be read ({exc.strerror}).") from None


_NOT_A_RETURN = (
    "{name} is not a Word (.docx), Excel (.xlsx) or CSV file{what}; save the chronology in one "
    "of those forms and import it again. Nothing was imported."
)


def _kind_of(path: Path, data: bytes) -> str:
    name = path.name
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReturnFileRefused(_ole_reason(name, data))
    if data.startswith(b"%PDF"):
        raise ReturnFileRefused(
            _NOT_A_RETURN.format(name=name, what=" (it is a PDF)")
            + " Ask the agency for the Word or Excel version, or send them the template."
        )
    if data.startswith(b"{\\rtf"):
        raise ReturnFileRefused(
            _NOT_A_RETURN.format(
                name=name, what=" (it is an RTF document: open it in Word and save it as .docx)"
            )
        )
    if b"\x00" in data[:8192]:
        raise ReturnFileRefused(_NOT_A_RETURN.format(name=name, what=""))
    return "csv"


def _zip_kind(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReturnFileRefused(
            f"{name} is damaged: it cannot be opened as a Word or Excel file. Ask the agency to "
            "send it again; nothing was imported."
        ) from None
    if unpacked > MAX_UNPACKED:
        raise ReturnFileRefused(
            f"{name} unpacks to more than {MAX_UNPACKED // 1024 // 1024} MB, far more than a "
            "chronology holds; nothing was imported."
        )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "mimetype" in names or "content.xml" in names:
        raise ReturnFileRefused(
            _NOT_A_RETURN.format(name=name, what=" (it is an OpenDocument file)")
        )
    raise ReturnFileRefused(_NOT_A_RETURN.format(name=name, what=" (it is a zip archive)"))


def _ole_reason(name: str, data: bytes) -> str:
    """An OLE compound file: a password-protected Word/Excel file, or an old-format one."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any damage gets the same plain sentence
        return f"{name} is damaged and cannot be read; ask the agency to send it again."
    try:
        encrypted = ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage")
        word = ole.exists("WordDocument")
        excel = ole.exists("Workbook") or ole.exists("Book")
    finally:
        ole.close()
    if encrypted:
        return (
            f"{name} is protected with a password. Ask the agency for the password, open the "
            "file, remove the password (File ▸ Info ▸ Protect ▸ Encrypt with Password, clear it), "
            "save it and import it again; or ask them to send it without one over secure email. "
            "Nothing was imported."
        )
    if word:
        return (
            f"{name} is an old-format Word document (.doc). Open it in Word and save it as a "
            "Word Document (.docx), then import that. Nothing was imported."
        )
    if excel:
        return (
            f"{name} is an old-format Excel workbook (.xls). Open it in Excel and save it as an "
            "Excel Workbook (.xlsx), then import that. Nothing was imported."
        )
    return _NOT_A_RETURN.format(name=name, what="")


def _opened_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


# ----------------------------------------------------------------------------------- Excel
def _read_xlsx(
    path: Path, data: bytes, digest: str, sheet: str | None, stop: Cancelled
) -> SourceFile:
    from dhr_desk.chronology.excel import Workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = Workbook(archive, path.name)
        names = [s.name for s in book.sheets]
        if sheet is not None and sheet not in names:
            shown = ", ".join(f"'{n}'" for n in names)
            raise ReturnFileRefused(
                f"{path.name} has no sheet called '{sheet}'; its sheets are {shown}."
            )
        tables = [
            book.table(s, stop)
            for s in book.sheets
            if (s.name == sheet if sheet is not None else s.visible)
        ]
    return SourceFile(path.name, "xlsx", "Excel workbook", digest, len(data), tables, names)


# ----------------------------------------------------------------------------------- CSV
def _decoded(name: str, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several columns."""
    sample = text[:65536].splitlines()[:60]
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter) if any(row)]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(
    name: str, text: str, encoding: str, digest: str, size: int, stop: Cancelled
) -> SourceFile:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[SourceRow] = []
    try:
        for index, cells in enumerate(reader):
            if index % CHECK_EVERY == 0 and stop():
                raise ReadingCancelled()
            rows.append(SourceRow(f"line {reader.line_num}", [c.strip() for c in cells]))
    except csv.Error as exc:
        raise ReturnFileRefused(
            f"{name} is not a CSV file DHR Desk can read ({exc}); nothing was imported."
        ) from None
    width = max((len(r.cells) for r in rows), default=0)
    for row in rows:
        row.cells += [None] * (width - len(row.cells))
    description = f"CSV file ({encoding}, {_DELIMITERS[delimiter]})"
    return SourceFile(name, "csv", description, digest, size, [SourceTable("the file", rows)])
