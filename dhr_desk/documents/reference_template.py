"""Make ``templates/reference.docx``: the Word styles every generated .docx takes.

A council restyles its documents by opening reference.docx in Word and changing the styles
(Title, Heading 1–3, Normal, List Bullet, Header, Footer, the "DHR Table" table style and the
DHR Desk paragraph styles below); this module only makes the shipped starting point::

    python -m dhr_desk.documents.reference_template templates/reference.docx
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from dhr_desk.documents.docx_parts import repeatable_package, set_language

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
INK = RGBColor(0x1F, 0x2A, 0x36)
GREY = RGBColor(0x56, 0x60, 0x6B)  # small grey text that still reads (contrast over 4.5:1)
RED = RGBColor(0x9C, 0x1C, 0x1C)

# Paragraph styles of DHR Desk's own, beside Word's built-in ones.
ADDRESS = "Letter Address"
SMALL = "Small Print"
SIGNATURE = "Signature Block"
NARRATIVE = "Narrative Placeholder"
MARKING = "Protective Marking"
COPY = "Copy Notice"
TABLE = "DHR Table"

_TABLE_STYLE = f"""
<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="DHRTable">
  <w:name w:val="{TABLE}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/><w:sz w:val="17"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
      <w:left w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
      <w:bottom w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
      <w:right w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="8A9BAE"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="45" w:type="dxa"/><w:left w:w="70" w:type="dxa"/>
      <w:bottom w:w="45" w:type="dxa"/><w:right w:w="70" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>
    <w:tblPr/>
    <w:trPr><w:tblHeader/></w:trPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F4E79"/></w:tcPr>
  </w:tblStylePr>
  <w:tblStylePr w:type="firstCol">
    <w:rPr><w:b/></w:rPr>
  </w:tblStylePr>
</w:style>
"""


_CONTENTS_STYLES = f"""
<w:styles {nsdecls("w")}>
  <w:style w:type="paragraph" w:styleId="TOC1">
    <w:name w:val="toc 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
    <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="120" w:after="40"/></w:pPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="TOC2">
    <w:name w:val="toc 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>
    <w:uiPriority w:val="39"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="0" w:after="40"/><w:ind w:left="400"/></w:pPr>
    <w:rPr><w:sz w:val="20"/></w:rPr>
  </w:style>
</w:styles>
"""


def _font(style: Any, size: float, *, bold: bool = False) -> None:
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = INK
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def build_reference(path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(25)
    section.header_distance = section.footer_distance = Mm(8)
    styles: Any = document.styles

    normal = styles["Normal"]
    _font(normal, 11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    title = styles["Title"]
    _font(title, 24, bold=True)
    title.font.color.rgb = ACCENT
    title.paragraph_format.space_after = Pt(4)
    ppr = title.element.get_or_add_pPr()
    for child in ppr.findall(qn("w:pBdr")):
        ppr.remove(child)
    subtitle = styles["Subtitle"]
    _font(subtitle, 12)
    subtitle.font.color.rgb = GREY
    subtitle.font.italic = False
    subtitle.paragraph_format.space_after = Pt(18)

    for level, size, before in ((1, 16, 18), (2, 13, 12), (3, 11.5, 10)):
        heading = styles[f"Heading {level}"]
        _font(heading, size, bold=True)
        heading.font.color.rgb = ACCENT
        heading.font.italic = False
        fmt = heading.paragraph_format
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True

    _font(styles["List Bullet"], 11)
    for name in ("Header", "Footer"):
        style = styles[name]
        _font(style, 8)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(0)
    caption = styles["Caption"]
    _font(caption, 9)
    caption.font.italic = True

    def add(name: str, size: float, **options: Any) -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
        _font(style, size, bold=bool(options.get("bold")))
        fmt = style.paragraph_format
        fmt.space_after = Pt(float(options.get("after", 6)))
        if "color" in options:
            style.font.color.rgb = options["color"]
        if options.get("center"):
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if options.get("italic"):
            style.font.italic = True

    add(ADDRESS, 11, after=0)
    add(SMALL, 8.5, color=GREY)
    add(SIGNATURE, 11, after=0)
    add(NARRATIVE, 11, italic=True, after=10)
    narrative = styles[NARRATIVE].element.get_or_add_pPr()
    narrative.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="4" '
            'w:color="C9A227"/><w:left w:val="single" w:sz="6" w:space="4" w:color="C9A227"/>'
            '<w:bottom w:val="single" w:sz="6" w:space="4" w:color="C9A227"/>'
            '<w:right w:val="single" w:sz="6" w:space="4" w:color="C9A227"/></w:pBdr>'
        )
    )
    narrative.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FFF4C2"/>'))
    add(MARKING, 10, bold=True, color=RED, center=True, after=0)
    add(COPY, 8.5, bold=True, color=RED, center=True, after=0)

    styles.element.append(parse_xml(_TABLE_STYLE))
    for style in parse_xml(_CONTENTS_STYLES):
        styles.element.append(style)
    set_language(styles.element)
    core = document.core_properties
    core.title = "DHR Desk reference styles"
    core.author = "DHR Desk"
    core.comments = "Change the styles here to restyle every generated Word document."
    document.add_paragraph("DHR Desk reference document", style="Title")
    document.add_paragraph(
        "Every Word document DHR Desk makes takes its styles from this file. Change the styles "
        "(not this text) in Word and save: Title, Subtitle, Heading 1–3, Normal, List Bullet, "
        "Header, Footer, Caption, TOC Heading, TOC 1, TOC 2, "
        f"{ADDRESS}, {SMALL}, {SIGNATURE}, {NARRATIVE}, {MARKING}, {COPY} and the table style "
        f"{TABLE} (its header row's fill and font colour are copied onto each header cell). Page "
        "size and margins come from this section."
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    document.save(buffer)
    # No word counts, application name or thumbnail of python-docx's own starting file.
    path.write_bytes(repeatable_package(buffer.getvalue(), dt.date.today()))


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    build_reference(Path(sys.argv[1] if len(sys.argv) > 1 else "templates/reference.docx"))
