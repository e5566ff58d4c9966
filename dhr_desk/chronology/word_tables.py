"""The tables of a Word document, read straight from its XML.

Merged cells are resolved on the table's grid: a cell merged across columns (``gridSpan``)
fills its first column and marks the rest as covered; a cell merged down the rows (``vMerge``)
is empty below its first row. A row that is one merged cell across the whole table is a note.
Text keeps its paragraphs as lines; deleted text of tracked changes is left out.

Reading the XML directly is linear in the size of the table (python-docx's ``row.cells``
rebuilds the whole grid for each row).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable

from lxml import etree

from dhr_desk.chronology.sources import (
    CHECK_EVERY,
    MAX_COLUMNS,
    ReadingCancelled,
    ReturnFileRefused,
    SourceRow,
    SourceTable,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TBL, _TR, _TC, _P = f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc", f"{{{W}}}p"
_T, _TAB, _BR, _CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
_VAL = f"{{{W}}}val"


_SDT = f"{{{W}}}sdt"
_TCPR, _TRPR = f"{{{W}}}tcPr", f"{{{W}}}trPr"
_SPAN, _VMERGE, _GRID_BEFORE = f"{{{W}}}gridSpan", f"{{{W}}}vMerge", f"{{{W}}}gridBefore"


def _cell_text(cell: etree._Element) -> str:
    """The cell's text: its paragraphs as lines, tabs and line breaks kept."""
    parts: list[str] = []
    for node in cell.iter(_P, _T, _TAB, _BR, _CR):
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag == _P:
            if parts:
                parts.append("\n")
        elif tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _number(node: etree._Element | None) -> int:
    if node is None:
        return 0
    try:
        return int(node.get(_VAL, "0"))
    except ValueError:
        return 0


def _props(element: etree._Element, tag: str) -> etree._Element | None:
    """The properties element (``w:tcPr``, ``w:trPr``): the first child where there is one."""
    first = element[0] if len(element) else None
    return first if first is not None and first.tag == tag else element.find(tag)


def _row(row: etree._Element, grid: int, place: str) -> SourceRow:
    row_props = _props(row, _TRPR)
    column = _number(row_props.find(_GRID_BEFORE)) if row_props is not None else 0
    cells: list[str | None] = [None] * column
    spanned: set[int] = set()
    above: set[int] = set()
    tcs = list(row.iterchildren(_TC))
    if row.find(_SDT) is not None:  # cells wrapped in content controls belong to the row too
        for sdt in row.iterchildren(_SDT):
            tcs += list(sdt.iter(_TC))
    for cell in tcs:
        props = _props(cell, _TCPR)
        span = max(1, _number(props.find(_SPAN))) if props is not None else 1
        merge = props.find(_VMERGE) if props is not None else None
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            above.add(column)
            cells.append("")
        else:
            cells.append(_cell_text(cell))
        for extra in range(1, span):
            spanned.add(column + extra)
            cells.append(None)
        column += span
    width = max(grid, len(cells))
    cells = cells[:MAX_COLUMNS]
    spans_all = len(tcs) == 1 and width > 1 and column >= width
    cells += [None] * (min(width, MAX_COLUMNS) - len(cells))
    return SourceRow(place, list(cells), None, frozenset(spanned), spans_all, frozenset(above))


def read_docx_tables(
    archive: zipfile.ZipFile, name: str, stop: Callable[[], bool]
) -> list[SourceTable]:
    """Every table of the document body, in order (tables inside cells are left out)."""
    try:
        with archive.open("word/document.xml") as handle:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            root = etree.parse(handle, parser).getroot()
    except (KeyError, etree.XMLSyntaxError, OSError):
        raise ReturnFileRefused(
            f"{name} is damaged: the text of the Word document cannot be read. Ask the agency to "
            "send it again; nothing was imported."
        ) from None
    tables: list[SourceTable] = []
    count = 0
    for number, table in enumerate((t for t in root.iter(_TBL) if not _inside_cell(t)), start=1):
        grid_node = table.find(f"{{{W}}}tblGrid")
        grid = len(grid_node) if grid_node is not None else 0
        rows = []
        for index, row in enumerate(table.iterchildren(_TR), start=1):
            count += 1
            if count % CHECK_EVERY == 0 and stop():
                raise ReadingCancelled()
            rows.append(_row(row, grid, f"table {number}, row {index}"))
        tables.append(SourceTable(f"table {number}", rows))
    return tables


def _inside_cell(table: etree._Element) -> bool:
    parent = table.getparent()
    while parent is not None:
        if parent.tag == _TC:
            return True
        parent = parent.getparent()
    return False
