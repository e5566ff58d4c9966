"""Fonts (embedded from resources/fonts) and paragraph styles for the PDF renderer."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dhr_desk.documents.locations import FONT_FILES, font_file

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
SERIF_BOLD = "DejaVuSerif-Bold"

INK = colors.HexColor("#1F2A36")
ACCENT = colors.HexColor("#1F4E79")
HEADER_FILL = colors.HexColor("#1F4E79")
LABEL_FILL = colors.HexColor("#E8EEF4")
RULE = colors.HexColor("#8A9BAE")
QUIET = colors.HexColor("#56606B")  # small grey text that still reads (contrast over 4.5:1)
NARRATIVE_FILL = colors.HexColor("#FFF4C2")
NARRATIVE_EDGE = colors.HexColor("#C9A227")
COPY_INK = colors.HexColor("#9C1C1C")

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the DejaVu faces once; reportlab embeds the glyphs used (subsets)."""
    global _registered
    with _lock:
        if _registered:
            return
        for name in FONT_FILES:
            pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
        pdfmetrics.registerFontFamily(
            SANS,
            normal=SANS,
            bold=SANS_BOLD,
            italic=SANS_ITALIC,
            boldItalic="DejaVuSans-BoldOblique",
        )
        _registered = True


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    address: ParagraphStyle
    small: ParagraphStyle
    signature: ParagraphStyle
    narrative: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    label_cell: ParagraphStyle
    caption: ParagraphStyle
    small_body: ParagraphStyle
    cell_body: ParagraphStyle
    cover_review: ParagraphStyle
    cover_title: ParagraphStyle
    cover_about: ParagraphStyle
    cover_label: ParagraphStyle

    def for_paragraph(self, style: str) -> ParagraphStyle:
        return {
            "bullet": self.bullet,
            "address": self.address,
            "small": self.small,
            "signature": self.signature,
        }.get(style, self.body)

    def heading(self, level: int) -> ParagraphStyle:
        return (self.h1, self.h2, self.h3)[max(1, min(3, level)) - 1]


def make_styles(table_font_size: float = 9.0) -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "Body",
        fontName=SANS,
        bulletFontName=SANS,
        fontSize=10.5,
        leading=14.5,
        spaceAfter=7,
        textColor=INK,
    )
    heading = {"fontName": SERIF_BOLD, "textColor": ACCENT}
    cell = ParagraphStyle(
        "Cell",
        fontName=SANS,
        fontSize=table_font_size,
        leading=table_font_size * 1.25,
        textColor=INK,
    )
    return Styles(
        title=ParagraphStyle(
            "Title", fontName=SERIF_BOLD, fontSize=20, leading=25, spaceAfter=6, textColor=ACCENT
        ),
        subtitle=ParagraphStyle(
            "Subtitle", fontName=SANS, fontSize=11, leading=15, spaceAfter=16, textColor=QUIET
        ),
        h1=ParagraphStyle(
            "Heading1", fontSize=15, leading=19, spaceBefore=14, spaceAfter=6, **heading
        ),
        h2=ParagraphStyle(
            "Heading2", fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4, **heading
        ),
        h3=ParagraphStyle(
            "Heading3", fontSize=11, leading=14, spaceBefore=8, spaceAfter=3, **heading
        ),
        body=body,
        bullet=ParagraphStyle("Bullet", parent=body, leftIndent=16, bulletIndent=4, spaceAfter=4),
        address=ParagraphStyle("Address", parent=body, spaceAfter=0, leading=13.5),
        small=ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, textColor=QUIET),
        signature=ParagraphStyle("Signature", parent=body, spaceBefore=4, spaceAfter=0),
        narrative=ParagraphStyle(
            "Narrative",
            parent=body,
            fontName=SANS_ITALIC,
            backColor=NARRATIVE_FILL,
            borderColor=NARRATIVE_EDGE,
            borderWidth=0.75,
            borderPadding=5,
            spaceBefore=6,
            spaceAfter=12,
        ),
        cell=cell,
        head_cell=ParagraphStyle(
            "HeadCell", parent=cell, fontName=SANS_BOLD, textColor=colors.white, alignment=TA_LEFT
        ),
        label_cell=ParagraphStyle("LabelCell", parent=cell, fontName=SANS_BOLD),
        caption=ParagraphStyle(
            "Caption", parent=body, fontName=SANS_ITALIC, fontSize=9, alignment=TA_CENTER
        ),
        small_body=ParagraphStyle("SmallBody", parent=body, fontSize=9.5, leading=13),
        cell_body=ParagraphStyle("CellBody", parent=body, spaceAfter=0),
        cover_review=ParagraphStyle(
            "CoverReview", fontName=SANS, fontSize=14, leading=18, spaceAfter=10, textColor=INK
        ),
        cover_title=ParagraphStyle(
            "CoverTitle",
            fontName=SERIF_BOLD,
            fontSize=30,
            leading=36,
            spaceAfter=12,
            textColor=ACCENT,
        ),
        cover_about=ParagraphStyle(
            "CoverAbout", fontName=SANS, fontSize=15, leading=20, textColor=INK
        ),
        cover_label=ParagraphStyle("CoverLabel", parent=body, fontName=SANS_BOLD, spaceAfter=0),
    )
