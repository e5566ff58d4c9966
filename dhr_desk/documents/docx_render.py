"""Render a :class:`~dhr_desk.documents.model.Document` to Word (.docx) with python-docx.

Styles come from ``templates/reference.docx`` (real Title, Heading 1–3, List Bullet and the
"DHR Table" style), so a council restyles every document in Word. Every page's header and
footer carry the protective marking, the review label and reference, the version and date,
"Page X of Y" (Word fields), the DRAFT watermark on drafts and the copy line on copies.

Headings carry bookmarks that the contents page links to; a report starts with its cover and
contents pages; pictures carry their alternative text; the language is British English; the
package says it was written by DHR Desk (none of the reference file's counts or thumbnail).
Tables: see :mod:`~dhr_desk.documents.docx_parts`. The output is byte-for-byte repeatable for the
same input.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any, assert_never

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Emu, Mm

from dhr_desk.documents import model
from dhr_desk.documents.docx_parts import (
    bookmarked,
    clean,
    contents_line,
    field,
    header_look,
    repeatable_package,
    runs_xml,
    set_language,
    table_xml,
)
from dhr_desk.documents.locations import reference_docx
from dhr_desk.documents.model import Document, Markings
from dhr_desk.documents.reference_template import (
    ADDRESS,
    COPY,
    MARKING,
    NARRATIVE,
    SIGNATURE,
    SMALL,
    TABLE,
)
from dhr_desk.errors import DhrDeskError

Check = Callable[[], None]
Progress = Callable[[float], None]

_PARA_STYLE = {
    "body": "Normal",
    "bullet": "List Bullet",
    "address": ADDRESS,
    "small": SMALL,
    "signature": SIGNATURE,
}
_VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'


def _text_width(section: Section) -> int:
    """Usable width in twentieths of a point."""
    width = int(section.page_width or 0) - int(section.left_margin or 0)
    width -= int(section.right_margin or 0)
    return max(1, width // 635)  # EMU → twips


def _set_orientation(section: Section, landscape: bool) -> None:
    width, height = section.page_width, section.page_height
    if width is None or height is None:
        return
    is_landscape = width > height
    if landscape != is_landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _watermark(text: str, landscape: bool) -> str:
    width, height = (560, 190) if landscape else (470, 160)
    return (
        f"<w:r {nsdecls('w')} {_VML}><w:pict>"
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/>'
        "</v:shapetype>"
        '<v:shape id="DhrDeskWatermark" o:spid="_x0000_s2049" type="#_x0000_t136" '
        f'style="position:absolute;margin-left:0;margin-top:0;width:{width}pt;height:{height}pt;'
        "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#BFBFBF" '
        'stroked="f"><v:fill opacity=".4"/>'
        f'<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{text}"/>'
        "</v:shape></w:pict></w:r>"
    )


def _paragraph_xml(
    style_id: str, runs: str, center: bool = False, space_before: int = 0, keep_next: bool = False
) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    jc = '<w:jc w:val="center"/>' if center else ""
    spacing = f'<w:spacing w:before="{space_before}"/>' if space_before else ""
    return (
        f'<w:p {nsdecls("w")} {_VML}><w:pPr><w:pStyle w:val="{style_id}"/>{keep}{spacing}{jc}'
        f"</w:pPr>{runs}</w:p>"
    )


def _fill_header_footer(section: Section, marks: Markings, styles: dict[str, str]) -> None:
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    landscape = bool(section.page_width and section.page_height) and (
        int(section.page_width or 0) > int(section.page_height or 0)
    )
    header = section.header._element
    footer = section.footer._element
    for part in (header, footer):
        for child in list(part):
            part.remove(child)
    review = f"{marks.review_line}   ·   {marks.version_line}"
    header.append(
        parse_xml(
            _paragraph_xml(
                styles[MARKING],
                runs_xml(marks.protective_marking)
                + (_watermark("DRAFT", landscape) if marks.draft else ""),
                center=True,
            )
        )
    )
    header.append(parse_xml(_paragraph_xml(styles["Header"], runs_xml(review), center=True)))
    if marks.copy_line:
        footer.append(
            parse_xml(_paragraph_xml(styles[COPY], runs_xml(marks.copy_line), center=True))
        )
    page_of = (
        runs_xml(f"{marks.review_line}   ·   Page ")
        + field("PAGE")
        + runs_xml(" of ")
        + field("NUMPAGES")
    )
    footer.append(parse_xml(_paragraph_xml(styles["Footer"], page_of, center=True)))
    footer.append(
        parse_xml(_paragraph_xml(styles[MARKING], runs_xml(marks.protective_marking), center=True))
    )


def _style_ids(document: docx.document.Document) -> dict[str, str]:
    """Style name → style id, for the names the renderer uses (missing ones fall back)."""
    by_name = {s.name.lower(): s.style_id for s in document.styles if s.name}
    wanted = [
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "Header",
        "Footer",
        "Caption",
        "TOC Heading",
        "TOC 1",
        "TOC 2",
        ADDRESS,
        SMALL,
        SIGNATURE,
        NARRATIVE,
        MARKING,
        COPY,
    ]
    ids: dict[str, str] = {}
    for name in wanted:
        ids[name] = by_name.get(name.lower()) or by_name.get("normal") or "Normal"
    return ids


def _open_reference() -> docx.document.Document:
    path = reference_docx()
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any damage to the file gets one plain message
        raise DhrDeskError(
            f"The Word reference file {path} could not be read ({exc}); restore it from the "
            "DHR Desk installation or save it again from Word as a .docx."
        ) from None
    if TABLE not in {s.name for s in document.styles}:
        document.styles.element.append(
            parse_xml(
                f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="DHRTable">'
                f'<w:name w:val="{TABLE}"/><w:basedOn w:val="TableGrid"/></w:style>'
            )
        )
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


class _Body:
    """Appends the blocks of a document to a Word body, in the reference template's styles."""

    def __init__(
        self, document: Any, doc: Document, marks: Markings, check: Check, progress: Progress
    ) -> None:
        self.document = document
        self.doc = doc
        self.marks = marks
        self.check = check
        self.progress = progress
        self.styles = _style_ids(document)
        self.look = header_look(document.styles.element)
        self.keys = doc.heading_keys()
        self.levels = doc.heading_levels()
        self.body = document.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))

    def add(self, xml: str) -> None:
        element = parse_xml(xml)
        if self.sect_pr is not None:
            self.sect_pr.addprevious(element)
        else:
            self.body.append(element)

    def para(self, style: str, runs: str, space_before: int = 0, keep_next: bool = False) -> None:
        self.add(
            _paragraph_xml(self.styles[style], runs, space_before=space_before, keep_next=keep_next)
        )

    def block(self, index: int, block: model.Block) -> None:
        match block:
            case model.Heading():
                runs = bookmarked(runs_xml(block.text), self.keys[index], index)
                self.para(f"Heading {self.levels[index]}", runs)
            case model.Paragraph():
                runs = "".join(runs_xml(r.text, r.bold, r.italic) for r in block.runs)
                self.para(_PARA_STYLE[block.style], runs, keep_next=self.doc.leads_table(index))
            case model.Narrative():
                self.para(
                    NARRATIVE, runs_xml("Author to write: ", bold=True) + runs_xml(block.prompt)
                )
            case model.Table():
                self.table(block)
            case model.PageBreak():
                self.page_break()
            case model.Cover():
                self.cover(block)
            case model.Contents():
                self.contents(block)
            case model.Figure():
                self.figure(block)
            case model.Orientation():
                new = self.document.add_section(WD_SECTION.NEW_PAGE)
                _set_orientation(new, block.landscape)
                _fill_header_footer(new, self.marks, self.styles)
            case _:
                assert_never(block)

    def page_break(self) -> None:
        self.add(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>')

    def table(self, block: model.Table) -> None:
        current = self.document.sections[-1]
        if block.rows:
            width = _text_width(current)
            self.add(table_xml(block, width, self.look, self.check, self.progress))
        if block.header_rows and len(block.rows) <= block.header_rows:
            self.para(SMALL, runs_xml("No entries recorded.", italic=True))
        if block.caption:
            self.para("Caption", runs_xml(block.caption))
        else:
            self.para("Normal", "")

    def figure(self, block: model.Figure) -> None:
        """The picture in a paragraph of its own, with its alternative text: at its width in
        millimetres (a logo), or as wide as the text and within the page's height, centred and
        kept with its caption (a figure such as the timeline)."""
        if block.width_mm is None:
            self.wide_figure(block)
            return
        paragraph = self.document.add_paragraph()
        shape = paragraph.add_run().add_picture(io.BytesIO(block.data), width=Mm(block.width_mm))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", clean(block.alt))
        doc_pr.set("title", clean(block.alt))

    def wide_figure(self, block: model.Figure) -> None:
        section = self.document.sections[-1]
        width = _text_width(section) * 635  # twips → EMU
        height_room = int(section.page_height or 0) - int(section.top_margin or 0)
        height_room -= int(section.bottom_margin or 0)
        inline = self.document.part.new_pic_inline(io.BytesIO(block.data), Emu(width), None)
        if height_room > 0 and inline.extent.cy > height_room * 0.85:
            scale = height_room * 0.85 / inline.extent.cy
            inline.extent.cx, inline.extent.cy = (
                int(inline.extent.cx * scale),
                int(inline.extent.cy * scale),
            )
            pic_extent = inline.graphic.graphicData.pic.spPr.xfrm.ext
            pic_extent.cx, pic_extent.cy = inline.extent.cx, inline.extent.cy
        inline.docPr.set("descr", clean(block.alt))
        inline.docPr.set("title", clean(block.alt))
        paragraph = parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>'
            "<w:r><w:drawing/></w:r></w:p>"
        )
        paragraph.find(f"{qn('w:r')}/{qn('w:drawing')}").append(inline)
        if self.sect_pr is not None:
            self.sect_pr.addprevious(paragraph)
        else:
            self.body.append(paragraph)
        if block.caption:
            self.para("Caption", runs_xml(block.caption))

    def cover(self, block: model.Cover) -> None:
        if block.logo is not None:
            self.figure(block.logo)
        self.para("Subtitle", runs_xml(block.review), space_before=1800)
        self.para("Title", runs_xml(block.title))
        self.para("Subtitle", runs_xml(block.about))
        marks = self.marks
        facts = (*block.facts, ("Date", marks.date_text), ("Version", marks.version_text))
        self.table(model.Table(tuple(facts), (1.0, 3.0), 0))
        self.page_break()

    def contents(self, block: model.Contents) -> None:
        self.para("TOC Heading", runs_xml("Contents"))
        width = _text_width(self.document.sections[-1])
        for entry in self.doc.contents(block.depth):
            style = self.styles[f"TOC {min(entry.level, 2)}"]
            self.add(contents_line(style, entry.text, entry.key, width))
        settings = self.document.settings.element
        if settings.find(qn("w:updateFields")) is None:  # Word fills the page numbers in
            settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
        self.page_break()


def render_docx(
    doc: Document,
    marks: Markings,
    check: Check | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The .docx bytes of ``doc`` with ``marks`` on every page (built in memory)."""
    check = check or (lambda: None)
    progress = progress or (lambda _f: None)
    document = _open_reference()
    section = document.sections[0]
    _set_orientation(section, doc.landscape)
    set_language(document.styles.element)
    body = _Body(document, doc, marks, check, progress)
    _fill_header_footer(section, marks, body.styles)
    if doc.show_title:
        body.para("Title", runs_xml(doc.title))
    if doc.subject and doc.show_title:
        body.para("Subtitle", runs_xml(doc.subject))
    total = max(1, len(doc.blocks))
    for index, block in enumerate(doc.blocks):
        if index % 50 == 0:
            check()
            progress(0.1 * index / total)
        body.block(index, block)
    check()
    progress(0.85)
    core = document.core_properties
    core.title = doc.title
    core.subject = doc.subject
    core.author = doc.author
    core.last_modified_by = doc.author
    core.keywords = f"{marks.review_line}; {marks.protective_marking}"
    core.category = marks.protective_marking
    core.comments = marks.version_line + (f"; {marks.copy_line}" if marks.copy_line else "")
    core.revision = marks.version
    moment = dt.datetime(marks.date.year, marks.date.month, marks.date.day)
    core.created = moment
    core.modified = moment
    core.last_printed = moment
    buffer = io.BytesIO()
    document.save(buffer)
    progress(0.95)
    return repeatable_package(buffer.getvalue(), marks.date)
