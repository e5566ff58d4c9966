"""An import plan: every row of an agency's return, read as an entry to add or as a problem
with its reason, before anything is written.

The plan finds the heading row (not always the first; sometimes two rows where a heading is
merged over sub-headings), follows a table that Word split across pages (repeated headings, or
a new table of the same columns), skips empty rows, repeated heading rows and notes, and reads
each row: the date the UK way (a partial date stays partial), the time, the source of
information, the event, the action or decision, the comment and the subject.

Problems stop the row until the coordinator fixes or skips it (no date, text in the date
column, a date that does not exist, no event). Warnings do not (a date outside the review
period or after the death, a time that is not a time, no source given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dhr_desk.chronology import headings
from dhr_desk.chronology.dates import DateProblem, PartialDate, read_date, read_time
from dhr_desk.chronology.headings import (
    ACTION,
    COMMENT,
    DATE,
    EVENT,
    PERSON,
    SOURCE,
    TIME,
    UNUSED,
    Column,
)
from dhr_desk.chronology.sources import SourceFile, SourceRow, SourceTable
from dhr_desk.errors import DhrDeskError
from dhr_desk.storage.schema import MEDIUM

HEADER_SEARCH = 40  # rows searched for the heading row
# The warnings an import confirms: entries possible but unusual for the review.
UNUSUAL = ("after the death", "outside the review period")
INHERITED = (DATE, TIME, SOURCE, PERSON)  # fields a cell merged down the rows gives each row


class NoChronologyFound(DhrDeskError):
    """No table of the file has a date column: nothing can be imported."""

    exit_code = 2


@dataclass(frozen=True)
class Subject:
    """A person of the case, as a return may name them."""

    id: int
    names: tuple[str, ...]  # real name, pseudonym, first name, role ("Victim")…


@dataclass(frozen=True)
class CaseFacts:
    """What the plan checks the rows against."""

    reference: str
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    date_of_death: dt.date | None = None
    subjects: tuple[Subject, ...] = ()
    today: dt.date | None = None  # entries may not be dated after it (default: today)


@dataclass
class Entry:
    """The values of one entry to add."""

    date: PartialDate
    time: str
    source: str
    event: str
    action: str
    comment: str
    person_id: int | None
    place: str


@dataclass
class PlannedRow:
    number: int  # 1-based, in the order of the file
    place: str  # where in the file: "table 2, row 14"
    source: tuple[Any, ...]  # the row's cells as read
    raw: dict[str, Any]  # field → what the file gives for it
    formats: dict[str, str] = field(default_factory=dict)
    entry: Entry | None = None
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False
    fixed: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        """The row as the file shows it."""
        return tuple(_shown(c) for c in self.source)

    @property
    def state(self) -> str:
        """``skipped``, ``problem``, ``warning`` or ``ready``."""
        if self.skipped:
            return "skipped"
        if self.problems:
            return "problem"
        return "warning" if self.warnings else "ready"

    @property
    def reasons(self) -> list[str]:
        return [*self.problems, *self.warnings]


@dataclass(frozen=True)
class SetAside:
    """A row or table that is not an entry: a note, or a table with no date column."""

    place: str
    reason: str
    text: str = ""


@dataclass
class Segment:
    """A run of rows read with one set of columns (a table, or its continuation)."""

    table: SourceTable
    header: tuple[str, ...]
    columns: list[Column]
    first_row: int  # index of the first row after the headings
    heading_rows: frozenset[tuple[str, ...]] = frozenset()  # the heading rows as read

    def is_heading_row(self, row: SourceRow) -> bool:
        """The headings again (a table carried over a page break repeats them)."""
        date = next((c for c in self.columns if c.field == DATE), None)
        cell = row.cells[date.index] if date is not None and date.index < len(row.cells) else None
        if isinstance(cell, str) and cell[:1].isdigit():
            return False  # the quick answer for the usual row: a date
        if cell is not None and not isinstance(cell, str):
            return False  # a date cell or a number
        texts = tuple(headings.normal(t) for t in row.heading_texts())
        if texts in self.heading_rows or texts == tuple(headings.normal(h) for h in self.header):
            return True
        text = cell or ""
        return bool(text.strip()) and headings.guess(text) == DATE and not _is_date(text)


@dataclass
class ImportPlan:
    file: SourceFile
    agency: str
    facts: CaseFacts
    columns: list[Column]
    rows: list[PlannedRow]
    set_aside: list[SetAside]
    empty_rows: int  # empty rows among the entries (those after the last entry are not counted)
    heading_rows: int
    notices: list[str]
    chosen: dict[str, str]  # heading → field, as the coordinator named them
    sheet: str | None
    read_from: list[str] = field(default_factory=list)  # the tables read ("sheet 'X'")
    sheet_read: str = ""  # the sheet of a workbook that was read
    trailing_empty: int = 0  # empty rows after the last entry
    refused: str = ""  # why the file cannot be imported whatever the rows say (already imported)

    # -- what the plan would do ------------------------------------------------------
    @property
    def to_add(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.state in ("ready", "warning")]

    @property
    def with_problems(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.state == "problem"]

    @property
    def skipped(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.skipped]

    def mapping(self) -> dict[str, str]:
        """Heading → field for every column, to remember for the agency."""
        return {c.heading: c.field for c in self.columns if c.heading.strip()}

    def summary(self) -> str:
        add, problems = len(self.to_add), len(self.with_problems)
        warned = sum(1 for r in self.to_add if r.warnings)
        parts = [f"{add:,} {'entry' if add == 1 else 'entries'} to add"]
        if warned:
            parts[0] += f" ({warned:,} with a warning)"
        parts.append(f"{problems:,} {'row' if problems == 1 else 'rows'} with a problem")
        if self.skipped:
            parts.append(f"{len(self.skipped):,} skipped")
        quiet = []
        if self.empty_rows:
            quiet.append(f"{self.empty_rows:,} empty")
        if self.heading_rows:
            quiet.append(f"{self.heading_rows:,} repeated heading")
        notes = sum(1 for s in self.set_aside if s.reason == "a note, not an entry")
        if notes:
            quiet.append(f"{notes:,} note")
        text = "; ".join(parts)
        if quiet:
            text += f"; left out: {', '.join(quiet)} row(s)"
        where = f", {', '.join(self.read_from)}" if self.file.kind == "xlsx" else ""
        return f"{self.file.name} ({self.file.description}{where}): {text}."

    # -- the coordinator's corrections ----------------------------------------------------
    def row(self, number: int) -> PlannedRow:
        if not 1 <= number <= len(self.rows):
            raise IndexError(f"there is no row {number} in the plan")
        return self.rows[number - 1]

    def skip(self, number: int, skipped: bool = True) -> PlannedRow:
        row = self.row(number)
        row.skipped = skipped
        return row

    def fix(self, number: int, values: Mapping[str, str]) -> PlannedRow:
        """Correct what a row says (``date``, ``time``, ``source``, ``event``, ``action``,
        ``comment``) and read it again."""
        row = self.row(number)
        for key, value in values.items():
            name = headings.parse_field(key)
            row.raw[name] = value
            row.formats.pop(name, None)
        row.fixed = True
        evaluate(row, self)
        return row


# ------------------------------------------------------------------------------ headings
def _header_at(
    table: SourceTable, remembered: Mapping[str, str], chosen: Mapping[str, str]
) -> tuple[int, tuple[str, ...], frozenset[tuple[str, ...]]] | None:
    """(index of the last heading row, the headings, the heading rows as read) of a table, or
    None."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(table.rows[:HEADER_SEARCH]):
        texts = row.heading_texts()
        if not any(texts) or row.spans_all:
            continue
        value = headings.score(texts, {**remembered, **chosen})
        if value >= 2 and (best is None or value > best[1]):
            best = (index, value)
            if value >= 4:
                break
    if best is None:
        return None
    index = best[0]
    header = table.rows[index].heading_texts()
    seen = {tuple(headings.normal(t) for t in header)}
    below = table.rows[index + 1] if index + 1 < len(table.rows) else None
    if below is not None and _sub_headings(below, header):
        seen.add(tuple(headings.normal(t) for t in below.heading_texts()))
        header = _combined(header, below.heading_texts())
        index += 1
    return index, tuple(header), frozenset(seen)


def _sub_headings(row: SourceRow, header: list[str]) -> bool:
    """A second heading row under merged headings: words that name fields, and no date."""
    texts = row.heading_texts()
    named = [t for t in texts if t and headings.guess(t) != UNUSED]
    if len(named) < 1 or any(_is_date(v) for v in row.cells if v not in (None, "")):
        return False
    merged_parent = any(i in row.spanned or i in _spanned_header(header) for i in range(len(texts)))
    return merged_parent or len(named) >= 2


def _spanned_header(header: list[str]) -> set[int]:
    return {i for i in range(1, len(header)) if header[i] and header[i] == header[i - 1]}


def _combined(parent: list[str], sub: list[str]) -> list[str]:
    out = []
    for index, text in enumerate(parent):
        below = sub[index] if index < len(sub) else ""
        out.append(below if below and headings.guess(below) != UNUSED else text)
    return out


def _is_date(value: Any) -> bool:
    try:
        read_date(value)
    except DateProblem:
        return False
    return True


# ------------------------------------------------------------------------------ reading rows
def _shown(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _raw_values(
    row: SourceRow, columns: list[Column], previous: dict[str, Any] | None
) -> tuple[dict[str, Any], dict[str, str]]:
    raw: dict[str, Any] = {}
    formats: dict[str, str] = {}
    texts: dict[str, list[tuple[str, str]]] = {}
    for column in columns:
        if column.field == UNUSED or column.index >= len(row.cells):
            continue
        if column.index in row.spanned:
            continue
        value = row.cells[column.index]
        if column.field in headings.SINGLE:
            if column.index in row.merged_above and previous is not None:
                value = previous.get(column.field, value)
            raw[column.field] = value
            if row.formats is not None and column.index < len(row.formats):
                formats[column.field] = row.formats[column.index]
            continue
        if column.field == SOURCE and column.index in row.merged_above and previous:
            value = previous.get(SOURCE, value)
        text = _shown(value)
        texts.setdefault(column.field, []).append((column.heading.strip(), text))
    for name, parts in texts.items():
        filled = [(h, t) for h, t in parts if t]
        if len(parts) == 1 or len(filled) <= 1:
            raw[name] = filled[0][1] if filled else ""
        else:
            raw[name] = "\n".join(f"{h}: {t}" if h else t for h, t in filled)
    return raw, formats


def _match_person(text: str, subjects: Sequence[Subject]) -> int | None:
    wanted = " ".join(text.lower().split())
    if not wanted:
        return None
    for subject in subjects:
        if any(wanted == n.lower() for n in subject.names if n):
            return subject.id
    return None


def _text(raw: dict[str, Any], key: str) -> str:
    return _shown(raw.get(key))


def evaluate(row: PlannedRow, plan: ImportPlan) -> None:
    """Read a row's values into an entry, with its problems and warnings."""
    row.problems, row.warnings, row.entry = [], [], None
    raw, facts = row.raw, plan.facts
    comments: list[str] = []
    date, time_in_date = _read_row_date(row, comments)
    time = _read_row_time(row, comments) or time_in_date
    event = _text(raw, EVENT)
    if not event:
        row.problems.append("no event: the row says nothing of what happened")
    source = _text(raw, SOURCE)
    if not source:
        source = _fallback_source(plan)
        if _has_column(plan, SOURCE):
            row.warnings.append(f"no source of information; given as '{source}'")
    if len(source) > MEDIUM:
        row.problems.append(
            f"the source of information is {len(source):,} characters; the most is {MEDIUM}"
        )
    person_text = _text(raw, PERSON)
    person_id = _match_person(person_text, facts.subjects)
    if person_text and person_id is None:
        row.warnings.append(f"'{person_text}' is not one of the case's people; kept in the comment")
        comments.append(f"Subject as given: {person_text}")
    if date is not None and date.start > (facts.today or dt.date.today()):
        row.problems.append(
            f"{date.label()} is in the future: correct the date (the agency may have mistyped "
            "the year)"
        )
    elif date is not None:
        _period_warnings(row, date, facts)
    if row.problems or date is None:
        return
    comment = "\n".join([_text(raw, COMMENT), *comments]).strip()
    row.entry = Entry(date, time, source, event, _text(raw, ACTION), comment, person_id, row.place)


def _read_row_date(row: PlannedRow, comments: list[str]) -> tuple[PartialDate | None, str]:
    """The row's date, and a time given in the date cell ("" if none)."""
    value = row.raw.get(DATE)
    if value is None or (isinstance(value, str) and not value.strip()):
        row.problems.append("no date")
        return None, ""
    try:
        read = read_date(value, number_format=row.formats.get(DATE, ""))
    except DateProblem as exc:
        if exc.is_text:
            row.problems.append(f"text in the date column: '{_shown(value)}'")
        else:
            row.problems.append(str(exc))
        return None, ""
    if read.as_given:
        comments.append(f"Date as given: {read.as_given}")
    return read.date, read.time


def _read_row_time(row: PlannedRow, comments: list[str]) -> str:
    value = row.raw.get(TIME)
    try:
        time = read_time(value)
    except DateProblem:
        shown = _shown(value)
        row.warnings.append(f"'{shown}' is not a time; kept in the comment")
        comments.append(f"Time as given: {shown}")
        return ""
    return time


def _period_warnings(row: PlannedRow, date: PartialDate, facts: CaseFacts) -> None:
    death = facts.date_of_death
    if death is not None and date.start > death:
        row.warnings.append(f"after the death (on {death.day} {death:%B %Y})")
        return
    start, end = facts.period_start, facts.period_end
    if (start or end) and not date.overlaps(start, end):
        shown = " to ".join(f"{d.day} {d:%B %Y}" if d else "…" for d in (start, end))
        row.warnings.append(f"outside the review period ({shown})")


def _fallback_source(plan: ImportPlan) -> str:
    return f"{plan.agency} chronology return ({plan.file.name})"[:MEDIUM]


def _has_column(plan: ImportPlan, name: str) -> bool:
    return any(c.field == name for c in plan.columns)


# ------------------------------------------------------------------------------ the plan
@dataclass
class _Builder:
    file: SourceFile
    remembered: Mapping[str, str]
    chosen: Mapping[str, str]
    segments: list[Segment] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def find_segments(self, tables: list[SourceTable]) -> None:
        last: Segment | None = None
        for table in tables:
            found = _header_at(table, self.remembered, self.chosen)
            if found is not None:
                index, header, seen = found
                columns = headings.assign(header, self.remembered, self.chosen)
                last = Segment(table, header, columns, index + 1, seen)
                self.segments.append(last)
            elif last is not None and _width(table) == len(last.header):
                self.segments.append(
                    Segment(table, last.header, last.columns, 0, last.heading_rows)
                )
            else:
                first = next((r for r in table.rows if not r.is_empty()), None)
                shown = " | ".join(t for t in first.heading_texts() if t) if first else ""
                self.set_aside.append(
                    SetAside(table.name, "not a chronology table: it has no date column", shown)
                )


def _width(table: SourceTable) -> int:
    return max((len(r.cells) for r in table.rows), default=0)


def _tables_for(file: SourceFile, sheet: str | None, builder: _Builder) -> list[SourceTable]:
    """The tables to read: every table of a Word file; one sheet of a workbook (the one asked
    for, else the first with a heading row)."""
    if file.kind != "xlsx" or sheet is not None:
        return file.tables
    with_header = [
        t for t in file.tables if _header_at(t, builder.remembered, builder.chosen) is not None
    ]
    if not with_header:
        return file.tables[:1]
    if len(with_header) > 1:
        others = ", ".join(t.name for t in with_header[1:])
        builder.notices.append(
            f"Read {with_header[0].name}; {others} also look like chronologies: import each on "
            "its own by choosing its sheet."
        )
    return with_header[:1]


def build_plan(
    file: SourceFile,
    agency: str,
    facts: CaseFacts,
    *,
    remembered: Mapping[str, str] | None = None,
    chosen: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> ImportPlan:
    """Read every row of the file into the plan; raise :class:`NoChronologyFound` when no
    table has a date column."""
    chosen = dict(chosen or {})
    for heading, name in chosen.items():
        chosen[heading] = headings.parse_field(name)
    builder = _Builder(file, remembered or {}, chosen)
    builder.find_segments(_tables_for(file, sheet, builder))
    if not builder.segments:
        raise NoChronologyFound(_no_date_column(file, builder))
    columns = builder.segments[0].columns
    if not any(c.field == EVENT for c in columns):
        shown = ", ".join(f"'{c.heading}'" for c in columns if c.heading)
        raise NoChronologyFound(
            f"{file.name}: no column for the event was found (the headings are {shown}); name "
            "it, e.g. --map 'Details=event'. Nothing was imported."
        )
    plan = ImportPlan(
        file, agency, facts, columns, [], builder.set_aside, 0, 0, builder.notices, chosen, sheet
    )
    for segment in builder.segments:
        _read_segment(plan, segment)
        if segment.table.name not in plan.read_from:
            plan.read_from.append(segment.table.name)
        plan.sheet_read = plan.sheet_read or segment.table.sheet
        plan.trailing_empty += segment.table.empty_after
    _notices(plan)
    return plan


def _no_date_column(file: SourceFile, builder: _Builder) -> str:
    if not any(t.rows for t in file.tables):
        where = "no table" if file.kind == "docx" else "nothing"
        return (
            f"{file.name} holds {where}: a chronology return is a table with a column for the "
            "date. Nothing was imported."
        )
    seen = [s.text for s in builder.set_aside if s.text][:1]
    shown = f" (the first row reads: {seen[0][:120]})" if seen else ""
    return (
        f"No date column was found in {file.name}{shown}. Name the column that holds the "
        "dates, e.g. --map 'Date of contact=date', or ask the agency to use the template. "
        "Nothing was imported."
    )


def _read_segment(plan: ImportPlan, segment: Segment) -> None:
    previous: dict[str, Any] | None = None
    empty = 0
    for source_row in segment.table.rows[segment.first_row :]:
        if source_row.is_empty():
            empty += 1
            continue
        plan.empty_rows += empty
        empty = 0
        if segment.is_heading_row(source_row):
            plan.heading_rows += 1
            continue
        if source_row.spans_all:
            note = _shown(next((c for c in source_row.cells if c not in (None, "")), ""))
            plan.set_aside.append(SetAside(source_row.place, "a note, not an entry", note))
            continue
        raw, formats = _raw_values(source_row, segment.columns, previous)
        cells = tuple(source_row.cells)
        row = PlannedRow(len(plan.rows) + 1, source_row.place, cells, raw, formats)
        evaluate(row, plan)
        plan.rows.append(row)
        previous = raw
    plan.trailing_empty += empty


def _notices(plan: ImportPlan) -> None:
    if not _has_column(plan, SOURCE):
        plan.notices.append(
            "The file has no 'Source of information' column: each entry's source is given as "
            f"'{_fallback_source(plan)}'."
        )
    unused = [c.heading for c in plan.columns if c.field == UNUSED and c.heading.strip()]
    if unused:
        shown = ", ".join(f"'{h}'" for h in unused)
        plan.notices.append(
            f"Not imported: the column(s) {shown}. To keep one, name its use, e.g. "
            f"--map '{unused[0]}=comment'."
        )
    if not plan.rows:
        plan.notices.append("The file holds no entries.")
