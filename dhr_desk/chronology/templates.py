"""The chronology template an agency fills in for a case: an Excel workbook or a Word document
with the Home Office columns, the review period, the subjects' names and dates of birth (so the
agency can search its records), the due date and the instructions.

A returned template imports without any column mapping: its headings are the ones
:mod:`.headings` knows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from dhr_desk.errors import ValidationError

COLUMNS = (
    "Date",
    "Time",
    "Source of information",
    "Event",
    "Action / decision",
    "Comment / analysis",
)
WIDTHS = (13, 8, 26, 60, 36, 36)  # Excel column widths (characters)
BLANK_ROWS = 15
FORMATS = ("xlsx", "docx")


@dataclass(frozen=True)
class TemplateSubject:
    name: str
    role: str
    date_of_birth: dt.date | None
    other_names: str = ""


@dataclass(frozen=True)
class TemplateFacts:
    """Everything the template says about the case and the request."""

    reference: str
    review_name: str  # "Domestic Homicide Review"
    partnership: str
    agency: str
    marking: str
    period_start: dt.date | None
    period_end: dt.date | None
    due_on: dt.date | None
    coordinator: str
    coordinator_email: str
    subjects: tuple[TemplateSubject, ...]


def _day(value: dt.date | None, missing: str) -> str:
    return f"{value.day} {value:%B %Y}" if value else missing


def instructions(facts: TemplateFacts) -> list[str]:
    period = (
        f"from {_day(facts.period_start, '[start]')} to {_day(facts.period_end, '[end]')}"
        if facts.period_start or facts.period_end
        else "over the period set out in the Terms of Reference"
    )
    send_to = facts.coordinator or "the review coordinator"
    if facts.coordinator_email:
        send_to += f" ({facts.coordinator_email})"
    return [
        f"Record every contact {facts.agency} had with the subjects below {period}, one row per "
        "contact or event, in date order.",
        "Date: write the day first, e.g. 03/04/2019 or 3 April 2019. If your records give only "
        "the month, the season or the year, write just that (April 2019, Spring 2019, 2019): "
        "do not invent a day.",
        "Time: the 24-hour clock (14:30) where your records give one; otherwise leave it empty.",
        "Source of information (required): the record the entry comes from, e.g. 'GP record "
        "(EMIS)', 'STORM log 1234', 'Housing case note'.",
        "Event: what happened, as the record shows it. Action / decision: what your agency did "
        "or decided. Comment / analysis: your agency's view of the contact, for the IMR author.",
        "Keep the column headings as they are; add as many rows as you need; do not merge "
        "cells. Put any general notes outside the table (or on the Notes sheet).",
        f"Return it by {_day(facts.due_on, 'the date in our letter')} to {send_to}, by secure "
        "email only. The completed chronology is OFFICIAL-SENSITIVE.",
    ]


def _subject_rows(facts: TemplateFacts) -> list[tuple[str, str, str, str]]:
    return [
        (
            s.name,
            s.role,
            s.date_of_birth.strftime("%d/%m/%Y") if s.date_of_birth else "Not known",
            s.other_names,
        )
        for s in facts.subjects
    ]


def chronology_template(facts: TemplateFacts, file_format: str) -> bytes:
    """The template as .xlsx or .docx bytes."""
    fmt = file_format.strip().lower().lstrip(".")
    if fmt == "xlsx":
        return _workbook(facts)
    if fmt == "docx":
        return _word(facts)
    raise ValidationError(
        "Nothing was written:", [("format", f"'{file_format}' is not xlsx or docx")]
    )


# ----------------------------------------------------------------------------------- Excel
def _workbook(facts: TemplateFacts) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chronology"
    bold = Font(bold=True)
    sheet["A1"] = facts.marking
    sheet["A1"].font = Font(bold=True, color="C00000")
    sheet["A2"] = f"{facts.review_name} {facts.reference}: chronology of {facts.agency}"
    sheet["A2"].font = Font(bold=True, size=13)
    sheet["A3"] = (
        f"Review period: {_day(facts.period_start, '[start]')} to "
        f"{_day(facts.period_end, '[end]')}. "
        f"Return by {_day(facts.due_on, 'the date in our letter')}. See the Instructions sheet."
    )
    header_row = 5
    fill = PatternFill("solid", fgColor="D9E2F3")
    thin = Side(style="thin", color="808080")
    for column, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        sheet.column_dimensions[cell.column_letter].width = width
    for row in range(header_row + 1, header_row + 1 + 200):
        sheet.cell(row=row, column=1).number_format = "dd/mm/yyyy"
        sheet.cell(row=row, column=2).number_format = "@"
        for column in range(3, 7):
            sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    check = DataValidation(
        type="custom",
        formula1=f"=LEN(C{header_row + 1})>0",
        allow_blank=True,
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle="Source of information",
        prompt="Required: the record this entry comes from.",
    )
    sheet.add_data_validation(check)
    check.add(f"C{header_row + 1}:C{header_row + 200}")
    sheet.oddHeader.center.text = facts.marking
    sheet.oddFooter.center.text = facts.marking
    sheet.page_setup.orientation = "landscape"
    sheet.print_title_rows = f"{header_row}:{header_row}"

    about = book.create_sheet("Instructions")
    about["A1"] = facts.marking
    about["A1"].font = Font(bold=True, color="C00000")
    about["A2"] = f"{facts.partnership}: {facts.review_name} {facts.reference}"
    about["A2"].font = Font(bold=True, size=13)
    about["A4"] = "The people to search your records for"
    about["A4"].font = bold
    about.append(["Name", "Role", "Born", "Other names"])
    for cell in about[5]:
        cell.font, cell.fill = bold, fill
    for values in _subject_rows(facts):
        about.append(list(values))
    about.append([])
    about.append(["How to fill in the chronology"])
    about.cell(row=about.max_row, column=1).font = bold
    for number, text in enumerate(instructions(facts), start=1):
        about.append([f"{number}. {text}"])
        about.cell(row=about.max_row, column=1).alignment = Alignment(wrap_text=True)
        about.merge_cells(
            start_row=about.max_row, start_column=1, end_row=about.max_row, end_column=4
        )
        about.row_dimensions[about.max_row].height = 45
    for letter, width in zip("ABCD", (30, 18, 14, 30), strict=True):
        about.column_dimensions[letter].width = width
    book.create_sheet("Notes")["A1"] = "Any general notes about your agency's records:"
    book.properties.title = f"Chronology template {facts.reference} — {facts.agency}"
    book.properties.creator = facts.partnership
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------- Word
def _word(facts: TemplateFacts) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.8))
    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.text = facts.marking
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].bold = True
    document.add_heading(f"Chronology of {facts.agency}", 1)
    document.add_paragraph(f"{facts.partnership}: {facts.review_name} {facts.reference}")
    facts_table = document.add_table(rows=0, cols=2)
    facts_table.style = "Table Grid"
    for label, value in (
        ("Agency", facts.agency),
        (
            "Review period",
            f"{_day(facts.period_start, '[start]')} to {_day(facts.period_end, '[end]')}",
        ),
        ("Return by", _day(facts.due_on, "the date in our letter")),
        ("Return to", " ".join(x for x in (facts.coordinator, facts.coordinator_email) if x)),
    ):
        cells = facts_table.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
    document.add_heading("The people to search your records for", 2)
    people = document.add_table(rows=1, cols=4)
    people.style = "Table Grid"
    for cell, title in zip(
        people.rows[0].cells, ("Name", "Role", "Born", "Other names"), strict=True
    ):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for values in _subject_rows(facts):
        for cell, text in zip(people.add_row().cells, values, strict=True):
            cell.text = text
    document.add_heading("How to fill in the chronology", 2)
    for text in instructions(facts):
        document.add_paragraph(text, style="List Number")
    document.add_page_break()
    document.add_heading("Chronology", 2)
    table = document.add_table(rows=1 + BLANK_ROWS, cols=len(COLUMNS))
    table.style = "Table Grid"
    widths = (Cm(2.4), Cm(1.4), Cm(4.0), Cm(8.0), Cm(5.0), Cm(5.0))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    heading = table.rows[0]
    heading._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on every page
    for cell, title in zip(heading.cells, COLUMNS, strict=True):
        cell.text = title
        run = cell.paragraphs[0].runs[0]
        run.bold, run.font.size = True, Pt(10)
    core = document.core_properties
    core.title = f"Chronology template {facts.reference} — {facts.agency}"
    core.author = facts.partnership
    core.created = core.modified = dt.datetime(2000, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
