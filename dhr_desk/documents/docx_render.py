"""Render a :class:`~dhr_desk.documents.model.Document` to Word (.docx) with python-docx.

Styles come from ``templates/reference.docx`` (real Title, Heading 1–3, List Bullet and the
"DHR Table" style), so a council restyles every document in Word. Every page's header and
footer carry the protective marking, the review label and reference, the version and date,
"Page X of Y" (Word fields), the DRAFT watermark on drafts and the copy line on copies.

Big tables are written as XML in one go (python-docx's add_row is far too slow for a
5,000-entry chronology). The output is byte-for-byte repeatable for the same input.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any, assert_never
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Emu

from dhr_desk.documents import model
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

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PARA_STYLE = {
    "body": "Normal",
    "bullet": "List Bullet",
    "address": ADDRESS,
    "small": SMALL,
    "signature": SIGNATURE,
}
_VML = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'


def clean(text: str) -> str:
    """Text safe for XML (control characters a pasted note may hold are dropped)."""
    return _CONTROL.sub("", text)


def _runs_xml(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = clean(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


def _text_width(section: Section) -> int:
    """Usable width in twentieths of a point."""
    width = int(section.page_width or 0) - int(section.left_margin or 0)
    width -= int(section.right_margin or 0)
    return max(1, width // 635)  # EMU → twips


def _table_xml(block: model.Table, width: int, check: Check, progress: Progress) -> str:
    total = sum(block.widths)
    cols = [max(200, int(width * w / total)) for w in block.widths]
    first_row = "1" if block.header_rows else "0"
    first_col = "0" if block.header_rows else "1"
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="DHRTable"/>'
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="0000" w:firstRow="{first_row}" w:lastRow="0" '
        f'w:firstColumn="{first_col}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{c}"/>' for c in cols),
        "</w:tblGrid>",
    ]
    rows = len(block.rows)
    for index, row in enumerate(block.rows):
        if index % 200 == 0:
            check()
            if rows > 400:
                progress(0.1 + 0.7 * index / rows)
        head = index < block.header_rows
        out.append("<w:tr>")
        if head:
            out.append("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for col, text in enumerate(row):
            bold = head or (not block.header_rows and col == 0)
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{cols[col]}" w:type="dxa"/></w:tcPr>'
                f"<w:p>{_runs_xml(text, bold=bold)}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _set_orientation(section: Section, landscape: bool) -> None:
    width, height = section.page_width, section.page_height
    if width is None or height is None:
        return
    is_landscape = width > height
    if landscape != is_landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _field(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


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


def _paragraph_xml(style_id: str, runs: str, center: bool = False) -> str:
    jc = '<w:jc w:val="center"/>' if center else ""
    return (
        f'<w:p {nsdecls("w")} {_VML}><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{runs}</w:p>'
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
                _runs_xml(marks.protective_marking)
                + (_watermark("DRAFT", landscape) if marks.draft else ""),
                center=True,
            )
        )
    )
    header.append(parse_xml(_paragraph_xml(styles["Header"], _runs_xml(review), center=True)))
    if marks.copy_line:
        footer.append(
            parse_xml(_paragraph_xml(styles[COPY], _runs_xml(marks.copy_line), center=True))
        )
    page_of = (
        _runs_xml(f"{marks.review_line}   ·   Page ")
        + _field("PAGE")
        + _runs_xml(" of ")
        + _field("NUMPAGES")
    )
    footer.append(parse_xml(_paragraph_xml(styles["Footer"], page_of, center=True)))
    footer.append(
        parse_xml(_paragraph_xml(styles[MARKING], _runs_xml(marks.protective_marking), center=True))
    )


def _style_ids(document: docx.document.Document) -> dict[str, str]:
    """Style name → style id, for the names the renderer uses (missing ones fall back)."""
    by_name = {s.name: s.style_id for s in document.styles if s.name}
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
        ADDRESS,
        SMALL,
        SIGNATURE,
        NARRATIVE,
        MARKING,
        COPY,
    ]
    ids: dict[str, str] = {}
    for name in wanted:
        ids[name] = by_name.get(name) or by_name.get("Normal") or "Normal"
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


def _repeatable(data: bytes, day: dt.date) -> bytes:
    """Rewrite the package with fixed timestamps so equal documents give equal bytes."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fresh = zipfile.ZipInfo(info.filename, date_time=stamp)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            fresh.external_attr = 0o644 << 16
            target.writestr(fresh, source.read(info.filename))
    return out.getvalue()


class _Body:
    """Appends the blocks of a document to a Word body, in the reference template's styles."""

    def __init__(self, document: Any, marks: Markings, check: Check, progress: Progress) -> None:
        self.document = document
        self.marks = marks
        self.check = check
        self.progress = progress
        self.styles = _style_ids(document)
        self.body = document.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))

    def add(self, xml: str) -> None:
        element = parse_xml(xml)
        if self.sect_pr is not None:
            self.sect_pr.addprevious(element)
        else:
            self.body.append(element)

    def para(self, style: str, runs: str) -> None:
        self.add(_paragraph_xml(self.styles[style], runs))

    def block(self, block: model.Block) -> None:
        match block:
            case model.Heading():
                self.para(f"Heading {block.level}", _runs_xml(block.text))
            case model.Paragraph():
                runs = "".join(_runs_xml(r.text, r.bold, r.italic) for r in block.runs)
                self.para(_PARA_STYLE[block.style], runs)
            case model.Narrative():
                self.para(
                    NARRATIVE, _runs_xml("Author to write: ", bold=True) + _runs_xml(block.prompt)
                )
            case model.Table():
                self.table(block)
            case model.Figure():
                self.figure(block)
            case model.PageBreak():
                self.add(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>')
            case model.Orientation():
                new = self.document.add_section(WD_SECTION.NEW_PAGE)
                _set_orientation(new, block.landscape)
                _fill_header_footer(new, self.marks, self.styles)
            case _:
                assert_never(block)

    def figure(self, block: model.Figure) -> None:
        """The picture as wide as the text (within the page's height), centred, its text
        alternative in the drawing's description, then its caption."""
        section = self.document.sections[-1]
        width = _text_width(section) * 635  # twips → EMU
        height_room = int(section.page_height or 0) - int(section.top_margin or 0)
        height_room -= int(section.bottom_margin or 0)
        inline = self.document.part.new_pic_inline(io.BytesIO(block.image_png), Emu(width), None)
        if height_room > 0 and inline.extent.cy > height_room * 0.85:
            scale = height_room * 0.85 / inline.extent.cy
            inline.extent.cx, inline.extent.cy = (
                int(inline.extent.cx * scale),
                int(inline.extent.cy * scale),
            )
            pic_extent = inline.graphic.graphicData.pic.spPr.xfrm.ext
            pic_extent.cx, pic_extent.cy = inline.extent.cx, inline.extent.cy
        inline.docPr.set("descr", clean(block.alt))
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
            self.para("Caption", _runs_xml(block.caption))

    def table(self, block: model.Table) -> None:
        current = self.document.sections[-1]
        if block.rows:
            self.add(_table_xml(block, _text_width(current), self.check, self.progress))
        if block.header_rows and len(block.rows) <= block.header_rows:
            self.para(SMALL, _runs_xml("No entries recorded.", italic=True))
        if block.caption:
            self.para("Caption", _runs_xml(block.caption))
        else:
            self.para("Normal", "")


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
    body = _Body(document, marks, check, progress)
    _fill_header_footer(section, marks, body.styles)
    if doc.show_title:
        body.para("Title", _runs_xml(doc.title))
    if doc.subject and doc.show_title:
        body.para("Subtitle", _runs_xml(doc.subject))
    total = max(1, len(doc.blocks))
    for index, block in enumerate(doc.blocks):
        if index % 50 == 0:
            check()
            progress(0.1 * index / total)
        body.block(block)
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
    return _repeatable(buffer.getvalue(), marks.date)
