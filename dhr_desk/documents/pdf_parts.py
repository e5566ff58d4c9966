"""The PDF renderer's pieces beyond text and tables: headings that bookmark their own place,
the cover page, the contents page and pictures.

Page numbers of the contents are not known while the pages are laid out; the contents page
keeps a place for each number and the canvas writes them when every page is done (the same way
it writes "Page X of Y"), so a contents page costs no second layout of a 300-page report.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from dhr_desk.documents import model
from dhr_desk.documents.pdf_styles import ACCENT, INK, RULE, SANS, Styles
from dhr_desk.documents.pdf_table import escape


class HeadingFlowable(Paragraph):
    """A heading that marks its own place (a bookmark that lands on its page and line) and
    tells the document template its outline entry."""

    def __init__(self, text: str, style: Any, level: int, key: str) -> None:
        super().__init__(escape(text), style)
        self.outline_text = text
        self.outline_level = level
        self.key = key

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, self.height + 4)
        super().draw()


class ContentsLine(Flowable):
    """One contents entry: the heading's words (a link to it) and a place for its page."""

    NUMBER_ROOM = 14 * mm

    def __init__(self, entry: model.ContentsEntry, styles: Styles) -> None:
        super().__init__()
        self.entry = entry
        indent = (entry.level - 1) * 7 * mm
        style = styles.body if entry.level == 1 else styles.small_body
        self.indent = indent
        self.para = Paragraph(escape(entry.text), style)
        self.style = style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        text_room = avail_width - self.indent - self.NUMBER_ROOM
        _, h = self.para.wrap(text_room, avail_height)
        self.height = h + 3
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        self.para.drawOn(canv, self.indent, 3)
        lines = getattr(self.para.blPara, "lines", []) or [None]
        size, leading = self.style.fontSize, self.style.leading
        baseline = 3 + self.para.height - size - (len(lines) - 1) * leading
        if len(lines) == 1:  # dots from the end of the words to the page number
            used = stringWidth(self.entry.text, self.style.fontName, self.style.fontSize)
            start = self.indent + used + 4
            end = self.width - self.NUMBER_ROOM + 4
            if end > start:
                canv.saveState()
                canv.setFillColor(RULE)
                canv.setFont(SANS, self.style.fontSize)
                dots = int((end - start) / stringWidth(". ", SANS, self.style.fontSize))
                canv.drawRightString(end, baseline, ". " * dots)
                canv.restoreState()
        canv.page_number_of(
            self.entry.key, self.width, baseline, self.style.fontName, self.style.fontSize
        )
        canv.linkRect("", self.entry.key, (0, 0, self.width, self.height), relative=1, thickness=0)


def contents_page(entries: list[model.ContentsEntry], styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("Contents", styles.title), Spacer(1, 4 * mm)]
    out.extend(ContentsLine(entry, styles) for entry in entries)
    out.append(PageBreak())
    return out


def figure(block: model.Figure, max_width: float) -> Flowable:
    image = Image(io.BytesIO(block.data), hAlign="LEFT")
    ratio = image.imageHeight / max(1, image.imageWidth)
    width = max_width if block.width_mm is None else min(max_width, block.width_mm * mm)
    image.drawWidth = width
    image.drawHeight = width * ratio
    return image


def cover_page(
    block: model.Cover, marks: model.Markings, styles: Styles, width: float
) -> list[Flowable]:
    """The cover: logo, the review, the title, whose death, and the facts with date and
    version (from the markings)."""
    out: list[Flowable] = []
    if block.logo is not None:
        out.append(figure(block.logo, width / 3))
    out.append(Spacer(1, 28 * mm))
    out.append(Paragraph(escape(block.review), styles.cover_review))
    out.append(Paragraph(escape(block.title), styles.cover_title))
    out.append(Paragraph(escape(block.about), styles.cover_about))
    out.append(Spacer(1, 14 * mm))
    facts = [*block.facts, ("Date", marks.date_text), ("Version", marks.version_text)]
    rows = [
        [Paragraph(escape(label), styles.cover_label), Paragraph(escape(value), styles.cell_body)]
        for label, value in facts
    ]
    table = Table(rows, colWidths=[38 * mm, width - 38 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SANS, 10.5),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    out.append(KeepTogether([table]))
    out.append(PageBreak())
    return out
