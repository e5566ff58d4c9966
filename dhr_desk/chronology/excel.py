"""The sheets of an Excel workbook (.xlsx), read straight from its XML.

A cell gives its value as Excel keeps it: text (shared or in the cell), a number, true or false,
or — where the cell's number format is a date format — a date and time, with that format kept so
that a cell showing "Apr-19" is read as April 2019 and not as 1 April. Merged ranges are kept
(a heading over several columns, a date merged down the rows, a note across the table). Rows
after the last one that holds anything are counted, not read one by one.

Reading the XML directly is several times faster than going through a general-purpose workbook
library, which builds an object for every cell.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from dhr_desk.chronology.sources import (
    CHECK_EVERY,
    MAX_COLUMNS,
    ReadingCancelled,
    ReturnFileRefused,
    SourceRow,
    SourceTable,
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_FILLED = re.compile(rb"<(?:\w+:)?(?:v|t)(?:\s[^>]*)?>\s*[^<\s]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number  # 1-based


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child.tag) == name)


def _text_of(element: etree._Element) -> str:
    """The text of a string item or inline string (its runs joined; phonetic runs left out)."""
    if len(element) == 1 and _local(element[0].tag) == "t":
        return element[0].text or ""  # plain text: the usual case
    parts = []
    for node in element.iter():
        tag = _local(node.tag)
        if tag == "rPh":
            continue
        if tag == "t" and _local(node.getparent().tag) != "rPh":
            parts.append(node.text or "")
    return "".join(parts)


@dataclass(frozen=True)
class Sheet:
    name: str
    path: str
    visible: bool


class Workbook:
    """The parts of a workbook a chronology needs: its sheets, strings, formats, date system."""

    def __init__(self, archive: zipfile.ZipFile, file_name: str) -> None:
        self.archive = archive
        self.file_name = file_name
        self._space, self._v, self._is = "", "v", "is"
        try:
            self.sheets = self._sheets()
            self.strings = self._strings()
            self.formats = self._formats()
            self.dated = [is_date_format(fmt) for fmt in self.formats]
        except (KeyError, etree.XMLSyntaxError, ValueError):
            raise ReturnFileRefused(
                f"{file_name} is damaged: Excel's workbook inside it cannot be read. Ask the "
                "agency to send it again; nothing was imported."
            ) from None

    def _xml(self, part: str) -> etree._Element:
        with self.archive.open(part) as handle:
            return etree.parse(handle, _PARSER).getroot()

    def _sheets(self) -> list[Sheet]:
        book = self._xml("xl/workbook.xml")
        self.epoch = CALENDAR_WINDOWS_1900
        for element in book.iter():
            if _local(element.tag) == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
        targets = {}
        for rel in self._xml("xl/_rels/workbook.xml.rels"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            targets[rel.get("Id")] = posixpath.normpath(path)
        sheets = []
        for element in book.iter():
            if _local(element.tag) != "sheet":
                continue
            rid = element.get(f"{{{_REL}}}id") or element.get(f"{{{_REL_STRICT}}}id")
            if rid in targets:
                state = element.get("state", "visible")
                sheets.append(Sheet(element.get("name", ""), targets[rid], state == "visible"))
        return sheets

    def _strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        root = self._xml("xl/sharedStrings.xml")
        return [_text_of(item) for item in root if _local(item.tag) == "si"]

    def _formats(self) -> list[str]:
        """The number format of each cell style (by the style's index)."""
        if "xl/styles.xml" not in self.archive.namelist():
            return []
        root = self._xml("xl/styles.xml")
        custom: dict[int, str] = {}
        styles: list[str] = []
        for element in root:
            if _local(element.tag) == "numFmts":
                for fmt in _children(element, "numFmt"):
                    custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
            elif _local(element.tag) == "cellXfs":
                for xf in _children(element, "xf"):
                    number = int(xf.get("numFmtId", "0"))
                    styles.append(custom.get(number) or BUILTIN_FORMATS.get(number, "General"))
        return styles

    # ------------------------------------------------------------------------------ a sheet
    def table(self, sheet: Sheet, stop: Callable[[], bool]) -> SourceTable:
        try:
            with self.archive.open(sheet.path) as handle:
                xml = handle.read()
        except KeyError:
            raise ReturnFileRefused(
                f"{self.file_name} is damaged: its sheet '{sheet.name}' is missing. Nothing was "
                "imported."
            ) from None
        last, listed = _last_filled(xml)
        merges = [
            (_column(m[1].decode()), int(m[2]), _column(m[3].decode()), int(m[4]))
            for m in _MERGE.finditer(xml, max(0, xml.rfind(b"sheetData>")))
        ]
        rows: dict[int, SourceRow] = {}
        number = 0
        for element in _rows(xml, self.file_name) if last else ():
            number = int(element.get("r") or number + 1)
            if number > last:
                break
            rows[number] = self._row(element, number)
            if len(rows) % CHECK_EVERY == 0 and stop():
                raise ReadingCancelled()
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        return _table(sheet.name, rows, last, merges, max(0, listed - last))

    def _row(self, element: etree._Element, number: int) -> SourceRow:
        values: dict[int, Any] = {}
        formats: dict[int, str] = {}
        position = 0
        space = element.tag[: -len("row")]  # "{namespace}" of this sheet's elements
        if space != self._space:
            self._space, self._v, self._is = space, f"{space}v", f"{space}is"
        for cell in element.iterchildren(f"{space}c"):
            ref = _CELL_REF.match(cell.get("r", ""))
            position = _column(ref[1]) if ref else position + 1
            if position > MAX_COLUMNS:
                continue
            value, fmt = self._value(cell)
            if value is not None and value != "":
                values[position] = value
                if fmt:
                    formats[position] = fmt
        width = max(values, default=0)
        cells = [values.get(i) for i in range(1, width + 1)]
        shown = [formats.get(i, "") for i in range(1, width + 1)]
        return SourceRow(f"row {number}", cells, shown)

    def _value(self, cell: etree._Element) -> tuple[Any, str]:
        kind = cell.get("t", "n")
        found = cell.find(self._v)
        if found is None:
            inline = cell.find(self._is)
            return (_text_of(inline), "") if inline is not None else (None, "")
        raw = found.text
        if raw is None:
            return None, ""
        if kind == "s":
            index = int(raw)
            return (self.strings[index] if 0 <= index < len(self.strings) else ""), ""
        if kind in ("str", "e", "inlineStr"):
            return raw, ""
        if kind == "b":
            return raw in ("1", "true"), ""
        number = float(raw)
        style = int(cell.get("s", "0") or 0)
        if not 0 <= style < len(self.formats):
            return (int(number) if number.is_integer() else number), ""
        fmt = self.formats[style]
        if self.dated[style]:
            try:
                return from_excel(number, self.epoch), fmt
            except (ValueError, OverflowError):
                return number, fmt
        return (int(number) if number.is_integer() else number), fmt


def _rows(xml: bytes, file_name: str) -> Iterator[etree._Element]:
    try:
        for _event, element in etree.iterparse(
            io.BytesIO(xml), events=("end",), tag="{*}row", resolve_entities=False, huge_tree=True
        ):
            yield element
    except etree.XMLSyntaxError:
        raise ReturnFileRefused(
            f"{file_name} is damaged: a sheet of the workbook cannot be read. Ask the agency to "
            "send it again; nothing was imported."
        ) from None


def _last_filled(xml: bytes) -> tuple[int, int]:
    """(the last row holding anything, how many rows the sheet lists)."""
    end = xml.rfind(b"sheetData>")
    listed = len(_ROW_NUMBER.findall(xml, 0, end if end > 0 else len(xml)))
    found = None
    for found in _FILLED.finditer(xml, 0, end if end > 0 else len(xml)):  # noqa: B007
        pass
    if found is None:
        return 0, listed
    rows = list(_ROW_NUMBER.finditer(xml, max(0, found.start() - 65536), found.start()))
    if not rows:
        rows = list(_ROW_NUMBER.finditer(xml, 0, found.start()))
    return (int(rows[-1][1]) if rows else listed), listed


def _table(
    name: str,
    rows: dict[int, SourceRow],
    last: int,
    merges: list[tuple[int, int, int, int]],
    empty_after: int,
) -> SourceTable:
    width = max((len(r.cells) for r in rows.values()), default=0)
    ordered: list[SourceRow] = []
    for number in range(1, last + 1):
        row = rows.get(number) or SourceRow(f"row {number}", [], [])
        row.cells += [None] * (width - len(row.cells))
        assert row.formats is not None
        row.formats += [""] * (width - len(row.formats))
        ordered.append(row)
    for first_col, first_row, last_col, last_row in merges:
        for number in range(first_row, min(last_row, last) + 1):
            row = ordered[number - 1]
            row.spanned = row.spanned | frozenset(range(first_col, last_col))
            if number > first_row:
                row.merged_above = row.merged_above | {first_col - 1}
            elif first_col == 1 and last_col >= max(width, 2):
                row.spans_all = True
    return SourceTable(f"sheet '{name}'", ordered, name, empty_after)
