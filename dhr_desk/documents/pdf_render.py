"""Render a :class:`~dhr_desk.documents.model.Document` to PDF with reportlab platypus.

Fonts are embedded from ``resources/fonts``; headings become bookmarks that open the page and
line of their heading; the title, author and subject go into the metadata; table header rows
repeat on every page; every page carries the protective marking (header and footer), the review
label and reference, "Page X of Y", the version and date, a DRAFT watermark on drafts and the
copy-for-recipient line on copies. A report may start with a cover page and a contents page.

reportlab's open-source edition cannot tag a PDF: the published edition and letters to the
public are drawn by :mod:`~dhr_desk.documents.typst_render` instead (see docs/documents.md).

The output is byte-for-byte repeatable for the same document and markings (the register relies
on that to tell whether a version changed).
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable
from typing import Any, assert_never

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from dhr_desk.documents import fonts, model
from dhr_desk.documents.model import Document, Markings
from dhr_desk.documents.pdf_parts import HeadingFlowable, contents_page, cover_page, figure
from dhr_desk.documents.pdf_styles import (
    COPY_INK,
    INK,
    RULE,
    SANS,
    SANS_BOLD,
    Styles,
    make_styles,
)
from dhr_desk.documents.pdf_table import PagedTable, TableRows, escape

MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 24 * mm
_KEEP_ROOM = 45 * mm

Check = Callable[[], None]
Progress = Callable[[float], None]


def _nothing() -> None:
    return None


def _fixed_stamp(day: dt.date) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    moment = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    stamp.t = moment.timestamp()
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class _FallbackCanvas(pdfcanvas.Canvas):
    """A canvas that draws the characters DejaVu lacks (in the header and footer) in the
    fallback fonts that have them."""

    def drawString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:  # noqa: N802
        self._pieces(x, y, text, 0.0, super().drawString, args, kw)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:  # noqa: N802
        self._pieces(x, y, text, 1.0, super().drawRightString, args, kw)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kw: Any) -> None:  # noqa: N802
        self._pieces(x, y, text, 0.5, super().drawCentredString, args, kw)

    def _pieces(
        self,
        x: float,
        y: float,
        text: str,
        anchor: float,
        draw: Callable[..., None],
        args: tuple[Any, ...],
        kw: dict[str, Any],
    ) -> None:
        """``text`` anchored at its start (0), middle (0.5) or end (1), piece by piece."""
        if fonts.covered(text):
            draw(x, y, text, *args, **kw)
            return
        font, size = self._fontname, self._fontsize
        parts = [
            (part, font if face is None else fonts.reportlab_font(face))
            for part, face in fonts.pieces(text)
        ]
        widths = [stringWidth(part, name, size) for part, name in parts]
        left = x - anchor * sum(widths)
        for (part, name), width in zip(parts, widths, strict=True):
            self.setFont(name, size)
            super().drawString(left, y, part)
            left += width
        self.setFont(font, size)


def _canvas_class(marks: Markings) -> type[_FallbackCanvas]:
    """A canvas that keeps every page until the end, to write "Page X of Y" on each, the page
    numbers of the contents, and the bookmarks (a bookmark names its page only when the page
    is written, so it is kept with its page until then)."""

    class MarkedCanvas(_FallbackCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            kwargs["pdfVersion"] = (1, 7)
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _fixed_stamp(marks.date)
            self._kept: list[dict[str, Any]] = []
            self._bookmarks_here: list[tuple[str, dict[str, Any]]] = []
            self._numbers_here: list[tuple[str, float, float, str, float]] = []
            self._page_of_key: dict[str, int] = {}

        def bookmarkPage(self, key: str, **options: Any) -> None:  # noqa: N802
            self._bookmarks_here.append((key, options))
            self._page_of_key[key] = self._pageNumber

        def page_number_of(self, key: str, x: float, y: float, font: str, size: float) -> None:
            """Write the page number of bookmark ``key`` here when every page is known."""
            left, bottom = self.absolutePosition(x, y)
            self._numbers_here.append((key, left, bottom, font, size))

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._kept.append(dict(self.__dict__))
            self._bookmarks_here = []
            self._numbers_here = []
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            self.showOutline()
            for state in self._kept:
                self.__dict__.update(state)
                for key, options in self._bookmarks_here:
                    super().bookmarkPage(key, **options)
                for key, x, y, font, size in self._numbers_here:
                    self.setFont(font, size)
                    self.setFillColor(INK)
                    self.drawRightString(x, y, str(self._page_of_key.get(key, "")))
                self._page_of(total)
                super().showPage()
            super().save()

        def _page_of(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setFont(SANS, 8)
            self.setFillColor(INK)
            self.drawRightString(width - MARGIN_X, 10 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return MarkedCanvas


def _draw_marks(canv: Any, marks: Markings, page_size: tuple[float, float]) -> None:
    width, height = page_size
    canv.saveState()
    if marks.draft:
        canv.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
        canv.setFont(SANS_BOLD, 110 if width < height else 130)
        canv.translate(width / 2, height / 2)
        canv.rotate(35 if width < height else 25)
        canv.drawCentredString(0, -40, "DRAFT")
        canv.rotate(-(35 if width < height else 25))
        canv.translate(-width / 2, -height / 2)
    # Header: the marking in the middle, the review on the left, the version on the right.
    canv.setFillColor(COPY_INK if marks.protective_marking else INK)
    canv.setFont(SANS_BOLD, 10)
    canv.drawCentredString(width / 2, height - 11 * mm, marks.protective_marking)
    canv.setFillColor(INK)
    canv.setFont(SANS, 8)
    canv.drawString(MARGIN_X, height - 17 * mm, marks.review_line)
    canv.drawRightString(width - MARGIN_X, height - 17 * mm, marks.version_line)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, height - 19 * mm, width - MARGIN_X, height - 19 * mm)
    # Footer: recipient line (copies), the review and version, the marking; page x of y later.
    canv.line(MARGIN_X, 19 * mm, width - MARGIN_X, 19 * mm)
    if marks.copy_line:
        canv.setFillColor(COPY_INK)
        canv.setFont(SANS_BOLD, 8.5)
        canv.drawCentredString(width / 2, 15 * mm, marks.copy_line)
    canv.setFillColor(INK)
    canv.setFont(SANS, 8)
    canv.drawString(MARGIN_X, 10 * mm, marks.review_line)
    canv.setFillColor(COPY_INK)
    canv.setFont(SANS_BOLD, 10)
    canv.drawCentredString(width / 2, 5.5 * mm, marks.protective_marking)
    canv.restoreState()


class _Template(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, doc: Document, marks: Markings, check: Check) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            title=doc.title,
            author=doc.author,
            subject=doc.subject,
            creator="DHR Desk",
            keywords=[marks.review_line, marks.protective_marking],
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1,
            displayDocTitle=1,
            lang="en-GB",
            initialFontName=SANS,
            initialFontSize=10,
        )
        self.marks = marks
        self.check = check
        self._last_level = -1
        templates = [self._page_template("portrait", A4), self._page_template("landscape", None)]
        if doc.landscape:
            templates.reverse()
        self.addPageTemplates(templates)

    def _page_template(self, name: str, size: tuple[float, float] | None) -> PageTemplate:
        page = size or landscape(A4)
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            page[0] - 2 * MARGIN_X,
            page[1] - MARGIN_TOP - MARGIN_BOTTOM,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

        def on_page(canv: Any, _doc: Any) -> None:
            self.check()
            _draw_marks(canv, self.marks, page)

        return PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=page)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, HeadingFlowable):
            # The heading marked its place when drawn; the outline may not skip a level.
            level = min(flowable.outline_level - 1, self._last_level + 1)
            self._last_level = level
            self.canv.addOutlineEntry(
                flowable.outline_text, flowable.key, level=level, closed=False
            )


def frame_width(is_landscape: bool) -> float:
    page = landscape(A4) if is_landscape else A4
    return float(page[0] - 2 * MARGIN_X)


def frame_height(is_landscape: bool) -> float:
    page = landscape(A4) if is_landscape else A4
    return float(page[1] - MARGIN_TOP - MARGIN_BOTTOM)


class _Story:
    """The flowables of a document, block by block, in the styles of the current orientation."""

    def __init__(
        self,
        doc: Document,
        marks: Markings,
        styles: dict[bool, Styles],
        check: Check,
        progress: Progress,
    ) -> None:
        self.doc = doc
        self.marks = marks
        self.styles = styles
        self.check = check
        self.progress = progress
        self.landscape = doc.landscape
        self.keys = doc.heading_keys()
        self.levels = doc.heading_levels()
        self.out: list[Flowable] = []

    @property
    def st(self) -> Styles:
        return self.styles[self.landscape]

    def build(self) -> list[Flowable]:
        doc, st = self.doc, self.st
        if doc.show_title:
            self.out.append(Paragraph(escape(doc.title), st.title))
        if doc.subject and doc.show_title:
            self.out.append(Paragraph(escape(doc.subject), st.subtitle))
        total = max(1, len(doc.blocks))
        for index, block in enumerate(doc.blocks):
            if index % 50 == 0:
                self.check()
                self.progress(0.4 * index / total)
            self.block(index, block)
        return self.out

    def block(self, index: int, block: model.Block) -> None:
        st, width = self.st, frame_width(self.landscape)
        match block:
            case model.Heading():
                # A heading never sits alone at the foot of a page (keepWithNext would move a
                # whole long table or paragraph after it to the next page instead).
                self.out.append(CondPageBreak(_KEEP_ROOM))
                level = self.levels[index]
                style = st.heading(level)
                self.out.append(HeadingFlowable(block.text, style, level, self.keys[index]))
            case model.Paragraph():
                if self.doc.leads_table(index):
                    self.out.append(CondPageBreak(_KEEP_ROOM))
                self.out.append(_paragraph(block, st))
            case model.Narrative():
                prompt = f"<b>Author to write:</b> {escape(block.prompt)}"
                self.out.append(Paragraph(prompt, st.narrative))
            case model.Table():
                self.out.extend(_table(block, st, self.landscape, self.check, self.progress))
            case model.PageBreak():
                self.out.append(PageBreak())
            case model.Cover():
                self.out.extend(cover_page(block, self.marks, st, width))
            case model.Contents():
                self.out.extend(contents_page(self.doc.contents(block.depth), st))
            case model.Figure() if block.width_mm is None:
                self.out.append(_Figure(block, st, self.landscape))
            case model.Figure():
                self.out.extend([figure(block, width), Spacer(1, 6)])
            case model.Orientation():
                self.landscape = block.landscape
                self.out.append(NextPageTemplate("landscape" if block.landscape else "portrait"))
                self.out.append(PageBreak())
            case _:
                assert_never(block)


def _paragraph(block: model.Paragraph, st: Styles) -> Paragraph:
    pst = st.for_paragraph(block.style)
    markup = "".join(_run_markup(r) for r in block.runs)
    if block.style == "bullet":
        return Paragraph(markup, pst, bulletText="•")
    return Paragraph(markup or "&nbsp;", pst)


def _run_markup(run: model.Run) -> str:
    text = escape(run.text).replace("\n", "<br/>")
    if run.bold:
        text = f"<b>{text}</b>"
    if run.italic:
        text = f"<i>{text}</i>"
    return text


class _Figure(Flowable):
    """A figure (a Figure block without a width) as wide as the frame, with its caption
    underneath. Where the rest of the page
    has room for most of it, the picture shrinks to fit rather than leaving the page empty."""

    def __init__(self, block: model.Figure, st: Styles, is_landscape: bool) -> None:
        super().__init__()
        self.png = block.data
        pixels_wide, pixels_high = ImageReader(io.BytesIO(block.data)).getSize()
        self.ratio = pixels_high / max(1, pixels_wide)
        self.most = frame_height(is_landscape) * 0.85
        self.caption = Paragraph(escape(block.caption), st.caption) if block.caption else None
        self.size = (0.0, 0.0)
        self.caption_height = 0.0
        self.across = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width = avail_width
        height = min(width * self.ratio, self.most)
        width = height / self.ratio
        below = 0.0
        if self.caption is not None:
            below = self.caption.wrap(avail_width, avail_height)[1] + 4
        room = avail_height - below - 6
        if height > room >= 0.6 * height:
            width, height = room / self.ratio, room
        self.size, self.caption_height, self.across = (width, height), below, avail_width
        return avail_width, height + below + 6

    def draw(self) -> None:
        width, height = self.size
        x = max(0.0, (self.across - width) / 2)
        self.canv.drawImage(
            ImageReader(io.BytesIO(self.png)), x, self.caption_height + 6, width, height
        )
        if self.caption is not None:
            self.caption.drawOn(self.canv, 0, 0)


def _table(
    block: model.Table, st: Styles, is_landscape: bool, check: Check, progress: Progress
) -> list[Flowable]:
    width = frame_width(is_landscape)
    scale = width / sum(block.widths)
    col_widths = [w * scale for w in block.widths]
    rows = TableRows(block.rows, block.header_rows, col_widths, st, check, block.merges)
    body = len(rows.heights) - rows.header_rows

    def on_page(start: int, _end: int) -> None:
        check()
        if body > 200:
            progress(0.4 + 0.55 * (start - rows.header_rows) / body)

    out: list[Flowable] = []
    if body == 0 and rows.header_rows:
        out.append(rows.table(0, 0))
        out.append(Paragraph("<i>No entries recorded.</i>", st.small))
    elif body > 0:
        out.append(PagedTable(rows, frame_height(is_landscape), None, on_page))
    if block.caption:
        out.append(Paragraph(escape(block.caption), st.caption))
    out.append(Spacer(1, 6))
    return out


def render_pdf(
    doc: Document,
    marks: Markings,
    check: Check | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The PDF bytes of ``doc`` with ``marks`` on every page (built in memory)."""
    check = check or _nothing
    progress = progress or (lambda _f: None)
    styles = {False: make_styles(9.0), True: make_styles(8.0)}
    story = _Story(doc, marks, styles, check, progress).build()
    buffer = io.BytesIO()
    template = _Template(buffer, doc, marks, check)
    template.build(story, canvasmaker=_canvas_class(marks))
    progress(1.0)
    return buffer.getvalue()
