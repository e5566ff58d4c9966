"""Pieces of the Word renderer: tables as XML, the cover and contents pages, and the package's
properties.

Tables are written as XML in one go (python-docx's add_row is far too slow for a 5,000-entry
chronology). Every row is kept whole on its page (``cantSplit``); the header row repeats and
carries its fill and font colour as direct formatting taken from the reference file's "DHR
Table" style, because LibreOffice does not draw a table style's header row; the header, the
first row, the rows of a merged group and the last two rows keep with the row after them, so
no row is left alone at the top or foot of a page.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx.oxml.ns import nsdecls, qn

from dhr_desk.documents import model

Check = Callable[[], None]
Progress = Callable[[float], None]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
LANGUAGE = "en-GB"
LABEL_FILL = "E8EEF4"  # the label column of a table of labels and values, as in the PDF


def clean(text: str) -> str:
    """Text safe for XML (control characters a pasted note may hold are dropped)."""
    return _CONTROL.sub("", text)


def runs_xml(text: str, bold: bool = False, italic: bool = False, color: str = "") -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props += f'<w:color w:val="{color}"/>' if color else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = clean(text).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(p)}</w:t>' for p in parts)
    return f"<w:r>{rpr}{body}</w:r>"


@dataclass(frozen=True)
class HeaderLook:
    """How the reference file's "DHR Table" style draws its header row."""

    fill: str = "1F4E79"
    color: str = "FFFFFF"
    bold: bool = True


def header_look(styles_element: Any) -> HeaderLook:
    """The header row's fill, font colour and weight from the "DHR Table" style."""
    for style in styles_element.iter(qn("w:style")):
        if style.get(qn("w:styleId")) != "DHRTable":
            continue
        for part in style.iter(qn("w:tblStylePr")):
            if part.get(qn("w:type")) != "firstRow":
                continue
            shd = part.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
            color = part.find(f"{qn('w:rPr')}/{qn('w:color')}")
            bold = part.find(f"{qn('w:rPr')}/{qn('w:b')}")
            return HeaderLook(
                fill=shd.get(qn("w:fill"), "auto") if shd is not None else "auto",
                color=color.get(qn("w:val"), "") if color is not None else "",
                bold=bold is not None and bold.get(qn("w:val"), "true") not in ("0", "false"),
            )
    return HeaderLook()


def _keeps(block: model.Table) -> set[int]:
    """The rows that keep with the next row: header, first body row, every row of a merged
    group but its last, and the last but one (a table never ends with a row alone)."""
    total = len(block.rows)
    keep = set(range(min(total - 1, block.header_rows + 1)))
    for merge in block.merges:
        keep.update(range(merge.first, merge.last))
    if total - block.header_rows >= 2:
        keep.add(total - 2)
    return keep


def table_xml(
    block: model.Table, width: int, look: HeaderLook, check: Check, progress: Progress
) -> str:
    total = sum(block.widths)
    cols = [max(200, int(width * w / total)) for w in block.widths]
    first_row = "1" if block.header_rows else "0"
    first_col = "0" if block.header_rows else "1"
    caption = f'<w:tblCaption w:val="{xml_escape(clean(block.caption))}"/>' if block.caption else ""
    out = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="DHRTable"/>'
        f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="0000" w:firstRow="{first_row}" w:lastRow="0" '
        f'w:firstColumn="{first_col}" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f"{caption}</w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{c}"/>' for c in cols),
        "</w:tblGrid>",
    ]
    keeps = _keeps(block)
    starts, below = block.merge_starts(), block.merged_below()
    head_shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{look.fill}"/>'
    label_shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{LABEL_FILL}"/>'
    rows = len(block.rows)
    for index, row in enumerate(block.rows):
        if index % 200 == 0:
            check()
            if rows > 400:
                progress(0.1 + 0.7 * index / rows)
        head = index < block.header_rows
        out.append(
            "<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if head else "") + "</w:trPr>"
        )
        keep = "<w:pPr><w:keepNext/></w:pPr>" if index in keeps else ""
        for col, text in enumerate(row):
            bold = (head and look.bold) or (not block.header_rows and col == 0)
            merge = ""
            if (index, col) in starts:
                merge = '<w:vMerge w:val="restart"/>'
            elif (index, col) in below:
                merge, text = "<w:vMerge/>", ""
            label = not block.header_rows and col == 0
            shading = head_shading if head else (label_shading if label else "")
            runs = runs_xml(text, bold=bold, color=look.color if head else "")
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{cols[col]}" w:type="dxa"/>{merge}{shading}'
                f"</w:tcPr><w:p>{keep}{runs}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def field(instruction: str, cached: str = "1") -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{cached}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def bookmark_name(key: str) -> str:
    return f"_Toc_{key}"


def bookmarked(runs: str, key: str, number: int) -> str:
    """Runs wrapped in a bookmark, so the contents can link to them and name their page."""
    name = bookmark_name(key)
    return (
        f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{runs}<w:bookmarkEnd w:id="{number}"/>'
    )


def contents_line(style_id: str, text: str, key: str, tab_at: int) -> str:
    """A contents line: the heading's words linking to it, a dotted tab and its page number
    (a PAGEREF field that Word updates on opening and LibreOffice keeps up to date)."""
    name = bookmark_name(key)
    page = field("PAGEREF " + name + r" \h", "")
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style_id}"/><w:tabs>'
        f'<w:tab w:val="right" w:leader="dot" w:pos="{tab_at}"/></w:tabs></w:pPr>'
        f'<w:hyperlink w:anchor="{name}" w:history="1">{runs_xml(text)}<w:r><w:tab/></w:r>'
        f"{page}</w:hyperlink></w:p>"
    )


_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>DHR Desk</Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_THUMBNAIL = re.compile(r"<Relationship [^>]*Target=\"docProps/thumbnail\.[a-z]+\"[^>]*/>")


def _package_part(name: str, data: bytes) -> bytes | None:
    """A part of the package as DHR Desk writes it: the application is DHR Desk, with no
    page or word counts of the reference file, and no thumbnail of it (None: left out)."""
    if name.startswith("docProps/thumbnail"):
        return None
    if name == "docProps/app.xml":
        return _APP_XML.encode()
    if name == "_rels/.rels":
        return _THUMBNAIL.sub("", data.decode("utf-8")).encode()
    return data


def repeatable_package(data: bytes, day: Any) -> bytes:
    """Rewrite the package with fixed timestamps so equal documents give equal bytes, and with
    the properties of :func:`_package_part`."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = _package_part(info.filename, source.read(info.filename))
            if part is None:
                continue
            fresh = zipfile.ZipInfo(info.filename, date_time=stamp)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            fresh.external_attr = 0o644 << 16
            target.writestr(fresh, part)
    return out.getvalue()


def set_language(styles_element: Any) -> None:
    """The document's language is British English (spelling, and what a screen reader says)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
