"""Agency returns as agencies really send them, made by the tests: Word tables split across
pages with merged headings, notes rows and a landscape section; workbooks with several sheets
and the headings lower down; CSV files in UTF-8 and Windows-1252 with commas, semicolons or
tabs."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table

HOME_OFFICE = (
    "Date",
    "Time",
    "Source of information",
    "Event",
    "Action / decision",
    "Comment / analysis",
)


def _repeat_heading(table: Table, rows: int = 1) -> None:
    for row in table.rows[:rows]:
        props = row._tr.get_or_add_trPr()
        mark = OxmlElement("w:tblHeader")
        props.append(mark)


def _vmerge(cell: Any, start: bool) -> None:
    props = cell._tc.get_or_add_tcPr()
    merge = OxmlElement("w:vMerge")
    if start:
        merge.set(qn("w:val"), "restart")
    props.append(merge)


def police_docx(path: Path) -> Path:
    """A police return: an information table, then the chronology in a landscape section as two
    tables (Word split it at a page break) with a two-row heading ("Details of contact" merged
    over "Event" and "Action / decision"), a notes row merged across the table, an empty row
    and the headings repeated in the second table."""
    document = docx.Document()
    document.add_heading("Northshire Police — agency chronology", 1)
    info = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(
        info.rows,
        (("Agency", "Northshire Police"), ("Author", "DS Example"), ("Date of birth", "1980")),
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width

    def chronology_table(rows: Sequence[Sequence[str]]) -> None:
        table = document.add_table(rows=2, cols=5)
        top, sub = table.rows[0].cells, table.rows[1].cells
        top[0].text, top[1].text, top[4].text = (
            "Date",
            "Source of information",
            "Comment / analysis",
        )
        merged = top[2].merge(top[3])
        merged.text = "Details of contact"
        sub[2].text, sub[3].text = "Event", "Action / decision"
        for column in (0, 1, 4):
            _vmerge(top[column], True)
            _vmerge(sub[column], False)
        _repeat_heading(table, 2)
        for values in rows:
            cells = table.add_row().cells
            if len(values) == 1:
                note = cells[0].merge(cells[4])
                note.text = values[0]
                continue
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        document.add_paragraph()

    chronology_table(
        [
            (
                "03/04/2019",
                "STORM log 123",
                "Call from neighbour: shouting heard",
                "Officers attended",
                "First call",
            ),
            ("Note: records before 2018 were destroyed under the retention policy.",),
            ("", "", "", "", ""),
            (
                "3.4.19 14:30",
                "Niche occurrence 456",
                "Victim spoke to officers alone",
                "DASH completed: standard",
                "",
            ),
            (
                "April 2019",
                "Intelligence log",
                "Report of controlling behaviour",
                "",
                "Not linked to the earlier call",
            ),
        ]
    )
    document.add_page_break()
    chronology_table(
        [
            ("Spring 2020", "Neighbourhood team notes", "Patrols near the address", "None", ""),
            ("Unknown", "PNC", "Perpetrator arrested for theft", "Charged", ""),
            ("04/13/2019", "STORM log 789", "Call about a dog", "No action", ""),
            ("12 May 2021", "STORM log 999", "Call after the death", "Handed to major crime", ""),
        ]
    )
    document.save(str(path))
    return path


def health_xlsx(path: Path) -> Path:
    """A health return: a cover sheet, the chronology on its second sheet with a title block
    above the headings (row 4), date cells, an 'Apr-19' cell, an Excel serial, a date-time
    cell and a year typed as a number; a third sheet of notes."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover["A1"] = "Northshire ICB — return to the review"
    cover["A3"] = "Prepared by the safeguarding team"
    sheet = book.create_sheet("Chronology")
    sheet["A1"] = "Chronology of contact: GP practice and community services"
    sheet["A2"] = "Subject: Adult A"
    sheet.append([])
    sheet.append(["Date/time", "Record", "Details of contact", "Outcome", "Analysis"])
    sheet.append(
        [dt.datetime(2019, 2, 1, 9, 15), "EMIS", "GP appointment: low mood", "Sertraline", ""]
    )
    sheet.append([dt.datetime(2019, 4, 1), "EMIS", "Missed appointment", "Letter sent", ""])
    sheet.cell(row=sheet.max_row, column=1).number_format = "mmm-yy"
    sheet.append([43600, "SystmOne", "District nurse visit", "", "Bruising noted"])
    sheet.append([2018, "Archive", "Registered with the practice", "", ""])
    sheet.append([None, None, None, None, None])
    sheet.append(["see above", "EMIS", "Telephone call", "", ""])
    notes = book.create_sheet("Notes")
    notes["A1"] = "Records checked on 1 March 2025."
    book.save(str(path))
    return path


def rows_csv(
    path: Path,
    rows: Sequence[Sequence[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    header: Sequence[str] = HOME_OFFICE,
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def big_xlsx(path: Path, rows: int, start: dt.date = dt.date(2016, 1, 1)) -> Path:
    """A long return as Excel saves one: shared strings, date cells formatted as dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chronology"
    sheet.append(list(HOME_OFFICE))
    for i in range(rows):
        sheet.append(
            [
                start + dt.timedelta(days=i * 3 % 3000),
                f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
                f"Case record {100000 + i}",
                f"Contact number {i}: the victim attended and spoke about the household.",
                "No further action" if i % 3 else "Referred to MARAC",
                "",
            ]
        )
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "dd/mm/yyyy"
    book.save(str(path))
    return path


def big_docx(path: Path, rows: int, start: dt.date = dt.date(2016, 1, 1)) -> Path:
    """A Word return with one long table (built as XML: python-docx's add_row is slow)."""
    from xml.sax.saxutils import escape

    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Agency chronology")

    def cell(text: str) -> str:
        return f'<w:tc><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'

    parts = [f"<w:tbl {nsdecls('w')}><w:tblPr/><w:tblGrid>" + "<w:gridCol/>" * 6 + "</w:tblGrid>"]
    parts.append("<w:tr>" + "".join(cell(h) for h in HOME_OFFICE) + "</w:tr>")
    for i in range(rows):
        day = start + dt.timedelta(days=i * 3 % 3000)
        values = (
            day.strftime("%d/%m/%Y"),
            f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}",
            f"Case record {100000 + i}",
            f"Contact number {i}: the victim attended and spoke about the household.",
            "No further action" if i % 3 else "Referred to MARAC",
            "",
        )
        parts.append("<w:tr>" + "".join(cell(v) for v in values) + "</w:tr>")
    parts.append("</w:tbl>")
    body = document.element.body
    body.insert(len(body) - 1, parse_xml("".join(parts)))
    document.save(str(path))
    return path


def merged_dates_docx(path: Path) -> Path:
    """A return whose date cell is merged down over the entries of one day, with the headings
    typed again halfway down the table."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ("Date", "Time", "Details of contact", "Outcome"), strict=True
    ):
        cell.text = text
    rows = [
        ("05/06/2019", "09:00", "Phone call from the victim", "Advice given"),
        ("", "15:30", "Home visit", "Safety plan agreed"),
        ("Date", "Time", "Details of contact", "Outcome"),
        ("07/06/2019", "", "Letter sent", ""),
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    first, second = table.rows[1].cells[0], table.rows[2].cells[0]
    _vmerge(first, True)
    _vmerge(second, False)
    document.save(str(path))
    return path


def empty_rows_xlsx(path: Path, rows: int = 100_000) -> Path:
    """The headings, then ``rows`` rows of empty (formatted) cells, as a spreadsheet program
    leaves them after a column was formatted to the bottom of the sheet."""
    import re
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chronology"
    sheet.append(list(HOME_OFFICE))
    plain = io.BytesIO()
    book.save(plain)
    empty = "".join(
        f'<row r="{n}">' + "".join(f'<c r="{c}{n}" s="0"/>' for c in "ABCDEF") + "</row>"
        for n in range(2, rows + 2)
    )
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = re.sub(rb"</sheetData>", empty.encode() + b"</sheetData>", body, count=1)
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:F100001"/>', body)
            out.writestr(info, body)
    return path


def merged_xlsx(path: Path) -> Path:
    """A workbook whose first (hidden) sheet is a lookup list, then a chronology with a heading
    merged over two sub-headings, a date merged down two rows and a note merged across."""
    book = openpyxl.Workbook()
    hidden = book.active
    assert hidden is not None
    hidden.title = "Lists"
    hidden.append(["Date", "Event"])
    hidden.append(["01/01/2019", "Not a chronology: a hidden list"])
    hidden.sheet_state = "hidden"
    sheet = book.create_sheet("Return")
    sheet.append(["Date", "Details of contact", None, "Comment / analysis"])
    sheet.append([None, "Event", "Action / decision", None])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("D1:D2")
    sheet.append([dt.datetime(2019, 6, 5), "Phone call", "Advice", ""])
    sheet.append([None, "Home visit", "Safety plan", "Seen alone"])
    sheet.merge_cells("A3:A4")
    sheet.append(["Records from 2018 were archived and not searched."])
    sheet.merge_cells("A5:D5")
    sheet.append(["07/06/2019", "Letter sent", "", ""])
    for cell in ("A3",):
        sheet[cell].number_format = "dd/mm/yyyy"
    book.save(str(path))
    return path
