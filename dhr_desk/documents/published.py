"""The publication check of a built document, and the gate of its final published edition.

Every text the published document carries is read: title, document properties (title,
subject, author, keywords), headings, paragraphs, the author's prompts, every table cell, the
page header and footer (the review line, the copy line) and the file name. Each finding says
where it is ("Overview report › 14 Chronology › table 1, row 37, Event").

The final published edition is refused while the gate does not pass
(:func:`dhr_desk.publication.conditions`); a draft published edition is always written, with
the open findings listed at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, assert_never

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.documents import model
from dhr_desk.documents.editions import Names
from dhr_desk.documents.model import Document, Markings
from dhr_desk.domain import Case, PublicationClearance
from dhr_desk.errors import DhrDeskError
from dhr_desk.publication import (
    Condition,
    Finding,
    Register,
    case_register,
    cleared,
    conditions,
    find_in,
    refusal,
    register_findings,
    staff_register,
    unique,
)
from dhr_desk.words import plural

FINDING = "finding"
GATE = "gate"


class PublicationRefused(DhrDeskError):
    """The final published edition may not be written yet (the gate does not pass)."""

    exit_code = 12


@dataclass(frozen=True)
class Clearances:
    """What the coordinator cleared for a case: findings accepted (by key) and conditions of
    the gate overridden (by code), each with its reason."""

    findings: dict[str, str]
    gate: dict[str, str]

    @classmethod
    def of(cls, session: Session, case: Case | None) -> Clearances:
        if case is None:
            return cls({}, {})
        rows = session.scalars(
            select(PublicationClearance)
            .where(PublicationClearance.case_id == case.id)
            .order_by(PublicationClearance.id)
        )
        findings: dict[str, str] = {}
        gate: dict[str, str] = {}
        for row in rows:
            (findings if row.subject == FINDING else gate)[row.key] = row.reason
        return cls(findings, gate)


def _institutions(values: dict[str, Any]) -> list[str]:
    return [str(values["council_name"]), str(values["partnership_name"])]


def _staff(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The partnership's own people named in documents (those the settings name), with the
    role a published edition gives them."""
    staff = [
        (values["coordinator_name"], "the Review Coordinator"),
        (values["csp_chair_name"], "the Chair of the CSP"),
    ]
    return [(str(name), role) for name, role in staff if name]


def register_for(
    session: Session, case: Case | None, values: dict[str, Any], today: dt.date
) -> Register:
    """The pseudonym register a document is built with: its case's, or (for the board report)
    every open case's and the partnership's staff."""
    staff, institutions = _staff(values), _institutions(values)
    area = str(values["published_area"])
    month_year = bool(values["published_dates_month_year"])
    cases = [case] if case is not None else []
    register = staff_register(staff, institutions, area)
    if case is None:
        cases = list(session.scalars(select(Case).where(Case.closed_on.is_(None))))
    for each in cases:
        found = case_register(
            each,
            staff=staff,
            institutions=institutions,
            area=area,
            month_year=month_year,
            on=today,
        )
        if case is not None:
            return found
        register.merge(found)
    return register


def located_texts(
    doc: Document, marks: Markings | None = None, file_name: str = ""
) -> list[tuple[str, str]]:
    """Every text of the document with where it is."""
    return list(_located(doc, marks, file_name))


def _located(doc: Document, marks: Markings | None, file_name: str) -> Iterator[tuple[str, str]]:
    title = doc.title
    yield f"{title} › title", doc.title
    yield f"{title} › document properties (subject)", doc.subject
    yield f"{title} › document properties (author)", doc.author
    if marks is not None:
        header = f"{title} › page header and footer"
        yield header, marks.review_line
        yield header, marks.protective_marking
        yield header, marks.copy_line
        yield f"{title} › document properties (keywords)", marks.review_line
    if file_name:
        yield "file name", file_name
    section = "before the first heading"
    paragraph = table = 0
    for block in doc.blocks:
        match block:
            case model.Heading():
                section = block.text
                paragraph = table = 0
                yield f"{title} › {section} › heading", block.text
            case model.Paragraph():
                paragraph += 1
                yield f"{title} › {section} › paragraph {paragraph}", block.text
            case model.Narrative():
                yield f"{title} › {section} › prompt for the author", block.prompt
            case model.Table():
                table += 1
                yield from _table_texts(f"{title} › {section} › table {table}", block)
            case model.Cover():
                yield from _cover_texts(f"{title} › cover page", block)
            case model.Figure():
                yield f"{title} › {section} › picture (its description)", block.alt
                if block.caption:
                    yield f"{title} › {section} › picture (its caption)", block.caption
            case model.PageBreak() | model.Orientation() | model.Contents():
                pass  # the contents page repeats the headings, read where they stand
            case _:
                assert_never(block)


def _cover_texts(where: str, cover: model.Cover) -> Iterator[tuple[str, str]]:
    yield where, cover.review
    yield where, cover.title
    yield where, cover.about
    for label, value in cover.facts:
        yield f"{where}, {label}", value
    if cover.logo is not None:
        yield f"{where}, the logo's description", cover.logo.alt


def _table_texts(where: str, table: model.Table) -> Iterator[tuple[str, str]]:
    if table.caption:
        yield f"{where}, caption", table.caption
    header = table.rows[0] if table.header_rows else ()
    for index, row in enumerate(table.rows):
        body = index - table.header_rows + 1
        for column, cell in enumerate(row):
            if not cell:
                continue
            if index < table.header_rows:
                yield f"{where}, header", cell
            elif header:
                yield f"{where}, row {body}, {header[column]}", cell
            else:
                yield f"{where}, row {body}, column {column + 1}", cell


def document_findings(
    names: Names,
    doc: Document,
    clearances: Clearances,
    marks: Markings | None = None,
    file_name: str = "",
) -> list[Finding]:
    """The findings of the publication check in one published document (and in the register
    it was built with), with the clearances applied."""
    found = register_findings(names.register)
    found += find_in(names.matcher, located_texts(doc, marks, file_name))
    return cleared(unique(found), clearances.findings)


def gate_conditions(
    case: Case | None, findings: list[Finding], clearances: Clearances
) -> list[Condition]:
    open_findings = sum(1 for f in findings if f.open)
    return conditions(case, open_findings, clearances.gate)


def refuse_unless_cleared(
    title: str, case: Case | None, findings: list[Finding], clearances: Clearances
) -> list[Condition]:
    """The gate of a final published edition: refused (with every reason) unless it passes."""
    items = gate_conditions(case, findings, clearances)
    message = refusal(title, items)
    if message:
        raise PublicationRefused(message)
    return items


def append_findings(doc: Document, findings: list[Finding]) -> None:
    """End a draft published edition with its open findings, for checking."""
    still_open = [f for f in findings if f.open]
    doc.page_break()
    doc.heading("Publication check")
    if not still_open:
        doc.para("The publication check found nothing open in this document.")
        return
    doc.para(
        "This draft is for checking. The publication check found "
        f"{plural(len(still_open), 'thing')} "
        "that could identify someone. Fix each in the case, add it to the pseudonym register, "
        "or accept it with a reason; the final published edition is written only when none is "
        "open."
    )
    doc.table(
        ("Kind", "Found", "Where", "Why"),
        [(f.label, f.text, f.where, f.detail) for f in still_open],
        (1.3, 1.6, 3.2, 2.8),
    )
