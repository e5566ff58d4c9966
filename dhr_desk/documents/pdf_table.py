"""A long table for the PDF that pages itself in linear time.

reportlab's own ``Table.split`` rebuilds the whole remaining table on every page, which is
quadratic for a 5,000-entry chronology. :class:`PagedTable` measures every row once, then on
each page hands the frame a real ``Table`` of just the rows that fit, with the header rows
repeated, and keeps the rest as a cheap view over the same lists.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from dhr_desk.documents import fonts
from dhr_desk.documents.model import Merge
from dhr_desk.documents.pdf_styles import HEADER_FILL, LABEL_FILL, RULE, SANS, SANS_BOLD, Styles

PAD = 3.0  # cell padding (points) on each side


def escape(text: str) -> str:
    """``text`` as paragraph markup; characters DejaVu lacks in a fallback font's tags."""
    return fonts.markup(text)


def _lines(text: str, font: str, size: float, width: float) -> list[str] | None:
    """The text broken into lines that fit ``width``; None when one word alone is too wide."""
    out: list[str] = []
    for part in text.split("\n"):
        if stringWidth(part, font, size) <= width:
            out.append(part)
            continue
        words = part.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if stringWidth(word, font, size) > width:
                return None
            out.append(line)
            line = word
        out.append(line)
    return out or [""]


def cell_markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class TableRows:
    """The measured rows of one table: cells, heights and running totals.

    A merged cell (``merges``) is measured once: its rows grow together, when needed, to hold
    its words, and a page break inside its rows repeats the words at the top of the page."""

    def __init__(
        self,
        rows: tuple[tuple[str, ...], ...],
        header_rows: int,
        col_widths: list[float],
        styles: Styles,
        check: Callable[[], None],
        merges: tuple[Merge, ...] = (),
    ) -> None:
        self.col_widths = col_widths
        self.header_rows = header_rows
        self.styles = styles
        self.merges = [m for m in merges if m.last > m.first]
        starts = {(m.first, m.column) for m in self.merges}
        cells: list[list[Any]] = []
        heights: list[float] = []
        spans: dict[tuple[int, int], float] = {}
        leading = styles.cell.leading
        label_first = header_rows == 0
        for index, row in enumerate(rows):
            if index % 200 == 0:
                check()
            bold = index < header_rows
            out: list[Any] = []
            lines_max = 1
            for col, text in enumerate(row):
                font = SANS_BOLD if bold or (label_first and col == 0) else SANS
                cell, lines = self._cell(text, font, col, bold)
                out.append(cell)
                if (index, col) in starts:
                    spans[(index, col)] = lines * leading + 2 * PAD + 1
                else:
                    lines_max = max(lines_max, lines)
            cells.append(out)
            heights.append(lines_max * leading + 2 * PAD + 1)
        for merge in self.merges:  # the last row of a group takes what its words need more
            need = spans[(merge.first, merge.column)]
            have = sum(heights[merge.first : merge.last + 1])
            if need > have:
                heights[merge.last] += need - have
        self.cells = cells
        self.heights = heights
        self.totals = [0.0, *accumulate(heights)]

    def _cell(self, text: str, font: str, col: int, bold: bool) -> tuple[Any, int]:
        """The cell (text broken into lines, or a Paragraph) and its number of lines."""
        size, leading = self.styles.cell.fontSize, self.styles.cell.leading
        lines = _lines(text, font, size, self.col_widths[col] - 2 * PAD)
        if lines is None or not fonts.covered(text):
            # A word wider than the column (a Paragraph breaks it), or characters that need
            # a fallback font (a Paragraph changes font within the text).
            style = self.styles.head_cell if bold else self.styles.cell
            para = Paragraph(cell_markup(text), style)
            _, h = para.wrap(self.col_widths[col] - 2 * PAD, 100_000)
            return para, int(h / leading + 0.999)
        return "\n".join(lines), len(lines)

    def group_start(self, index: int) -> int:
        """The first row of the merged group that row ``index`` is inside (else ``index``)."""
        for merge in self.merges:
            if merge.first < index <= merge.last:
                return merge.first
        return index

    @property
    def head_height(self) -> float:
        return self.totals[self.header_rows]

    def span(self, start: int, end: int) -> float:
        return self.totals[end] - self.totals[start]

    def fit(self, start: int, room: float) -> int:
        """The end index of the body rows from ``start`` that fit in ``room`` points; a merged
        group is not broken when it can start on the next page instead."""
        limit = self.totals[start] + room + 1e-6
        stop = max(start, bisect.bisect_right(self.totals, limit) - 1)
        if self.merges and start < stop < len(self.heights):
            first = self.group_start(stop)
            if first > start:
                stop = first
        return stop

    def table(self, start: int, end: int, *, split_in_row: bool = False) -> Table:
        head = list(range(self.header_rows))
        body = list(range(start, end))
        data = [self.cells[i] for i in head + body]
        heights: list[float] | None = [self.heights[i] for i in head + body]
        if split_in_row:
            heights = None
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), SANS, self.styles.cell.fontSize, self.styles.cell.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), self.styles.cell.textColor),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
        ]
        size, leading = self.styles.cell.fontSize, self.styles.cell.leading
        if self.header_rows:
            last = self.header_rows - 1
            commands.append(("BACKGROUND", (0, 0), (-1, last), HEADER_FILL))
            commands.append(("TEXTCOLOR", (0, 0), (-1, last), colors.white))
            commands.append(("FONT", (0, 0), (-1, last), SANS_BOLD, size, leading))
        else:
            commands.append(("BACKGROUND", (0, 0), (0, -1), LABEL_FILL))
            commands.append(("FONT", (0, 0), (0, -1), SANS_BOLD, size, leading))
        commands.extend(self._spans(start, end, data))
        return Table(
            data,
            colWidths=self.col_widths,
            rowHeights=heights,
            style=TableStyle(commands),
            repeatRows=self.header_rows,
            splitInRow=1 if split_in_row else 0,
            hAlign="LEFT",
        )

    def _spans(self, start: int, end: int, data: list[list[Any]]) -> list[tuple[Any, ...]]:
        """SPAN commands for the merged groups in body rows ``start``..``end``; a group that
        began on an earlier page shows its words again in its first row here."""
        out: list[tuple[Any, ...]] = []
        for merge in self.merges:
            first, last = max(merge.first, start), min(merge.last, end - 1)
            if first > last:
                continue
            top = self.header_rows + first - start
            if first > merge.first:
                data[top] = list(data[top])
                data[top][merge.column] = self.cells[merge.first][merge.column]
            if last > first:
                bottom = self.header_rows + last - start
                out.append(("SPAN", (merge.column, top), (merge.column, bottom)))
        return out


class PagedTable(Flowable):
    """The body rows ``start``..end of a measured table; splits page by page."""

    def __init__(
        self,
        rows: TableRows,
        page_room: float,
        start: int | None = None,
        on_page: Callable[[int, int], None] | None = None,
    ) -> None:
        super().__init__()
        self.rows = rows
        self.page_room = page_room
        self.start = rows.header_rows if start is None else start
        self.end = len(rows.heights)
        self.on_page = on_page

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.rows.col_widths)
        self.height = self.rows.head_height + self.rows.span(self.start, self.end)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if self.on_page:
            self.on_page(self.start, self.end)
        room = avail_height - self.rows.head_height
        stop = self._no_row_alone(self.rows.fit(self.start, room), avail_height)
        if stop == self.start:
            # Not even one row fits here. A row taller than a whole page is split inside the
            # row by reportlab; otherwise the frame moves on to a fresh page.
            if self.rows.heights[self.start] + self.rows.head_height > self.page_room:
                first = self.rows.table(self.start, self.start + 1, split_in_row=True)
                rest = PagedTable(self.rows, self.page_room, self.start + 1, self.on_page)
                return [first] + ([rest] if rest.start < rest.end else [])
            return []
        first = self.rows.table(self.start, stop)
        if stop >= self.end:
            return [first]
        return [first, PagedTable(self.rows, self.page_room, stop, self.on_page)]

    def _no_row_alone(self, stop: int, avail_height: float) -> int:
        """Where this page's rows end so that no row stands alone: not the table's last row at
        the top of the next page, nor its first row at the foot of this one."""
        rows_left = self.end - self.start
        if rows_left < 3 or stop >= self.end:
            return stop
        if stop == self.end - 1:  # the last row would be alone on the next page
            return stop - 1
        fresh = avail_height >= self.page_room - 1
        if stop == self.start + 1 and not fresh:  # one row, then the rest on the next page
            return self.start
        return stop

    def draw(self) -> None:
        table = self.rows.table(self.start, self.end)
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
