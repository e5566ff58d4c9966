"""Characters the embedded DejaVu faces lack print in fallback fonts, not as empty boxes.

Names in real cases come in Polish, Urdu (Arabic script), Chinese and with emoji. These tests
need the fonts of .ci/run on the machine: fonts-hosny-amiri (Amiri, for Urdu),
fonts-wqy-microhei (Chinese with TrueType outlines, which reportlab needs), fonts-noto-cjk and
fonts-symbola (emoji in black and white).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhr_desk.documents import fonts, model
from dhr_desk.documents.locations import FONT_FILES, fonts_dir
from dhr_desk.documents.model import Document, Markings
from dhr_desk.documents.pdf_render import render_pdf
from dhr_desk.documents.typst_render import render_tagged_pdf

POLISH = "Łukasz Żółć"
URDU = "عائشہ خان"
CHINESE = "王小明"
EMOJI = ("🙂", "❤")
NAMES = f"{POLISH}, {URDU}, {CHINESE} 🙂 ❤️"
NOBODY = "\U0010fffd"  # a private character no font on the machine draws

PACKAGES = {
    URDU: "fonts-hosny-amiri (or fonts-noto-core)",
    CHINESE: "fonts-wqy-microhei (and fonts-noto-cjk)",
    "🙂": "fonts-symbola",
    "❤": "fonts-symbola",
}


def _need_fonts(engine: fonts.Engine) -> None:
    for text, package in PACKAGES.items():
        for ch in text.replace(" ", ""):
            if fonts.fallbacks().face_for(ord(ch), engine) is None:
                pytest.fail(
                    f"No font on this machine draws {ch!r} (U+{ord(ch):04X}) for {engine}: "
                    f"install the package {package} (apt-get install {package.split()[0]})."
                )


def _document() -> tuple[Document, Markings]:
    doc = Document(f"Chronology for {CHINESE}", f"Review of {URDU}", "Safer Partnership", "x")
    doc.blocks += [
        model.Heading(f"Family: {POLISH} and {URDU}"),
        model.Paragraph(
            (model.Run("Names as given: "), model.Run(NAMES, bold=True), model.Run(".")), "body"
        ),
        model.Table(
            (
                ("Date", "Source", "Entry"),
                ("1 May", "Police", f"Officers met {NAMES} at home."),
                ("2 May", "GP", f"A note with {NOBODY} in it."),
            ),
            (1, 1, 4),
        ),
    ]
    marks = Markings(
        "OFFICIAL", "DHR", "DHR-2026-001", 1, dt.date(2026, 5, 1), False, recipient=CHINESE
    )
    return doc, marks


def _faces_by_name() -> dict[str, fonts.Face]:
    faces = list(fonts.fallbacks().read_so_far())
    for name in FONT_FILES.values():
        faces.extend(fonts.read_faces(fonts_dir() / name))
    out: dict[str, fonts.Face] = {}
    for face in faces:
        out.setdefault(face.postscript, face)
        out.setdefault(f"{face.postscript}-{face.index}", face)  # reportlab's name in a .ttc
    return out


def _shown(pdf: bytes) -> list[tuple[str, str]]:
    """Each piece of text the pages show, with the font (its PostScript name) showing it."""
    out: list[tuple[str, str]] = []

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() and isinstance(font, dict):
            out.append((text, str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return out


def _check(render: Callable[[Document, Markings], bytes], engine: fonts.Engine) -> None:
    _need_fonts(engine)
    doc, marks = _document()
    pdf = render(doc, marks)
    text = unicodedata.normalize("NFKC", "\n".join(t for t, _font in _shown(pdf)))
    # Right-to-left words come out one by one in drawing order: each word must be whole.
    for expected in (POLISH, *URDU.split(), CHINESE, *EMOJI):
        assert expected in text, f"{expected!r} is missing from the {engine} PDF's text"
    assert text.count(CHINESE) >= 4  # title, the names twice, the copy line
    assert "U+10FFFD" in text  # no font has it: its code point, not a box
    faces = _faces_by_name()
    used: set[str] = set()
    for shown, name in _shown(pdf):
        face = faces.get(name)
        assert face is not None, f"The PDF uses a font the machine does not have: {name}"
        blank = [ch for ch in shown if not ch.isspace() and not face.covers(ord(ch))]
        assert not blank, f"{name} has no glyph for {blank!r}: they print as empty boxes"
        used.add(name)
    assert any(n.startswith("DejaVu") for n in used)
    assert len(used) >= 4, used  # DejaVu, an Arabic face, a Chinese face, a symbol face


def test_reportlab_pdf_prints_polish_urdu_chinese_and_emoji() -> None:
    _check(render_pdf, "reportlab")


def test_tagged_pdf_prints_polish_urdu_chinese_and_emoji() -> None:
    _check(render_tagged_pdf, "typst")


def test_urdu_reads_right_to_left_with_joined_letters_in_reportlab() -> None:
    _need_fonts("reportlab")
    [(drawn, face)] = fonts.pieces(URDU)
    assert face is not None and face.truetype
    # Drawn left to right on the page: the last letter first, in its joined (final) form.
    assert drawn[0] == "\ufee5"  # ن at the end of خان
    assert unicodedata.normalize("NFKC", drawn[::-1]) == URDU


def test_text_dejavu_draws_stays_one_piece() -> None:
    assert fonts.pieces(f"{POLISH}: Zoë Brontë, Ærø, Ψ, Дмитрий") == [
        (f"{POLISH}: Zoë Brontë, Ærø, Ψ, Дмитрий", None)
    ]


def test_chinese_comes_from_a_font_collection_reportlab_can_embed() -> None:
    _need_fonts("reportlab")
    face = fonts.fallbacks().face_for(ord("王"), "reportlab")
    assert face is not None and face.truetype


def test_a_councils_own_font_folder_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _need_fonts("reportlab")
    system = fonts.fallbacks().face_for(ord("🙂"), "reportlab")
    assert system is not None
    own = tmp_path / "council fonts"
    own.mkdir()
    shutil.copy(system.path, own / "CouncilSymbols.ttf")
    monkeypatch.setenv(fonts.ENV_FONTS, str(own))
    fonts.forget()
    try:
        face = fonts.fallbacks().face_for(ord("🙂"), "reportlab")
        assert face is not None and face.path == own / "CouncilSymbols.ttf"
    finally:
        monkeypatch.delenv(fonts.ENV_FONTS)
        fonts.forget()
