"""The timeline layout written as a picture: PNG (for Word and PDF documents) or SVG (a vector
file the coordinator can scale). Qt-free; fonts from ``resources/fonts``.

The PNG is byte-for-byte the same for the same layout (the documents register relies on it).
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from dhr_desk.chronology.timeline import Line, Measure, Rect, Text, TimelineLayout
from dhr_desk.errors import DhrDeskError

FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


def _fonts_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parent.parent.parent
    return root / "resources" / "fonts"


@functools.cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    path = _fonts_dir() / FONT_FILES[bold]
    try:
        return ImageFont.truetype(str(path), max(1, round(size)))
    except OSError:
        raise DhrDeskError(
            f"The font file {path} is missing; reinstall DHR Desk to restore resources/fonts."
        ) from None


def measure(scale: float = 1.0) -> Measure:
    """Text widths as the PNG draws them (for laying out labels that will not overlap)."""

    def width(text: str, size: float, bold: bool = False) -> float:
        return float(_font(size * scale, bold).getlength(text)) / scale

    return width


def to_png(layout: TimelineLayout, scale: float = 2.0) -> bytes:
    """The layout as a PNG, ``scale`` pixels per layout pixel (2 prints sharply on A4)."""
    size = (max(1, round(layout.width * scale)), max(1, round(layout.height * scale)))
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image, "RGBA")  # see-through fills blend with what is below
    for shape in layout.shapes:
        if isinstance(shape, Rect):
            x1, y1 = shape.x * scale, shape.y * scale
            x2 = max(x1, (shape.x + shape.w) * scale - 1)
            y2 = max(y1, (shape.y + shape.h) * scale - 1)
            draw.rectangle((x1, y1, x2, y2), fill=shape.fill)
        elif isinstance(shape, Line):
            points = [(shape.x1 * scale, shape.y1 * scale), (shape.x2 * scale, shape.y2 * scale)]
            width = max(1, round(shape.width * scale))
            if shape.dashed:
                _dashed(draw, points, shape.colour, width, scale)
            else:
                draw.line(points, fill=shape.colour, width=width)
        elif isinstance(shape, Text):
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text(
                (shape.x * scale, shape.y * scale),
                shape.text,
                font=_font(shape.size * scale, shape.bold),
                fill=shape.colour,
                anchor=anchor,
            )
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def _dashed(
    draw: ImageDraw.ImageDraw,
    points: list[tuple[float, float]],
    colour: tuple[int, int, int, int],
    width: int,
    scale: float,
) -> None:
    (x1, y1), (x2, y2) = points
    length = max(abs(x2 - x1), abs(y2 - y1))
    step = 4 * scale
    position = 0.0
    while position < length:
        a = position / length if length else 0
        b = min(position + step, length) / length if length else 0
        draw.line(
            [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
            fill=colour,
            width=width,
        )
        position += 2 * step


def _svg_colour(colour: tuple[int, int, int, int]) -> str:
    red, green, blue, alpha = colour
    opacity = f' fill-opacity="{alpha / 255:.2f}"' if alpha < 255 else ""
    return f'fill="#{red:02x}{green:02x}{blue:02x}"{opacity}'


def _svg_stroke(colour: tuple[int, int, int, int]) -> str:
    red, green, blue, alpha = colour
    opacity = f' stroke-opacity="{alpha / 255:.2f}"' if alpha < 255 else ""
    return f'stroke="#{red:02x}{green:02x}{blue:02x}"{opacity}'


def to_svg(layout: TimelineLayout) -> str:
    """The layout as an SVG document (vector: any size, text stays text)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width:.0f}" '
        f'height="{layout.height:.0f}" viewBox="0 0 {layout.width:.1f} {layout.height:.1f}" '
        'font-family="DejaVu Sans, Arial, sans-serif">',
        f"<title>{escape(layout.title)}</title>",
    ]
    for shape in layout.shapes:
        if isinstance(shape, Rect):
            out.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{max(shape.w, 0.5):.1f}" '
                f'height="{shape.h:.1f}" {_svg_colour(shape.fill)}/>'
            )
        elif isinstance(shape, Line):
            dash = ' stroke-dasharray="4 4"' if shape.dashed else ""
            out.append(
                f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" '
                f'y2="{shape.y2:.1f}" {_svg_stroke(shape.colour)} '
                f'stroke-width="{shape.width:.1f}"{dash}/>'
            )
        elif isinstance(shape, Text):
            anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(
                f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size:.1f}" '
                f"{_svg_colour(shape.colour)}{anchor}{weight}>{escape(shape.text)}</text>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"
