"""The timeline picture: one lane per agency, one mark per contact (a bar for a month, season or
year), key events labelled without overlapping, the review period and the date of death; written
as PNG (the same bytes every time) and SVG."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from xml.etree import ElementTree

from PIL import Image

from dhr_desk.chronology import drawing
from dhr_desk.chronology.timeline import (
    DEATH,
    KEY,
    PARTIAL,
    PERIOD,
    Line,
    Rect,
    Text,
    TimelineEntry,
    TimelineFacts,
    lay_out,
)

FACTS = TimelineFacts(
    "DHR-2021-001: contacts by agency",
    dt.date(2018, 1, 1),
    dt.date(2021, 5, 1),
    dt.date(2021, 5, 1),
)


def _entries() -> list[TimelineEntry]:
    day = dt.date(2019, 4, 3)
    out = [
        TimelineEntry(1, day, day, "Police", True, "Jane called 999 after an assault at home"),
        TimelineEntry(2, day, day, "Ambulance", True, "Crew attended; injuries to the face"),
        TimelineEntry(3, dt.date(2019, 4, 1), dt.date(2019, 4, 30), "GP", False, ""),
        TimelineEntry(4, dt.date(2020, 8, 20), dt.date(2020, 8, 20), "Police", True, "Disclosure"),
    ]
    out += [
        TimelineEntry(
            10 + i,
            dt.date(2018, 2, 1) + dt.timedelta(days=9 * i),
            dt.date(2018, 2, 1) + dt.timedelta(days=9 * i),
            "GP",
        )
        for i in range(100)
    ]
    return out


def test_lanes_marks_labels_period_and_death() -> None:
    layout = lay_out(_entries(), FACTS, 1200, lanes=["Police", "Ambulance", "GP"])
    texts = [s.text for s in layout.shapes if isinstance(s, Text)]
    assert {"Police", "Ambulance", "GP"} <= set(texts)
    assert "Jane called 999 after an assault at home" in texts
    assert "Death 1 May 2021" in texts and "Review period" in texts
    months = lay_out(_entries(), replace(FACTS, month_only=True), 1200)
    shown = [s.text for s in months.shapes if isinstance(s, Text)]
    assert "Death May 2021" in shown and not any("1 May" in t for t in shown)
    assert any(isinstance(s, Rect) and s.fill == PERIOD for s in layout.shapes)
    assert any(isinstance(s, Line) and s.colour == DEATH for s in layout.shapes)
    assert sum(1 for s in layout.shapes if isinstance(s, Rect) and s.fill == KEY) == 3
    bar = next(m for m in layout.marks if m.entry_id == 3)
    tick = next(m for m in layout.marks if m.entry_id == 1)
    assert bar.w > 10 * tick.w  # a month is drawn over its month
    assert any(isinstance(s, Rect) and s.fill == PARTIAL for s in layout.shapes)
    assert len(layout.marks) == len(_entries())
    assert layout.entry_at(tick.x + 1, tick.y + 2) == 1


def test_key_event_labels_never_overlap() -> None:
    day = dt.date(2019, 4, 3)
    crowded = [
        TimelineEntry(
            i,
            day + dt.timedelta(days=i),
            day + dt.timedelta(days=i),
            "Police",
            True,
            f"Key event number {i} of the day",
        )
        for i in range(6)
    ]
    layout = lay_out(crowded, FACTS, 900, measure=drawing.measure())
    labels = [s for s in layout.shapes if isinstance(s, Text) and s.text.startswith("Key event")]
    assert len(labels) == 6
    boxes = [(t.y, t.x, t.x + drawing.measure()(t.text, t.size)) for t in labels]
    for i, (y, a, b) in enumerate(boxes):
        for y2, c, d in boxes[i + 1 :]:
            assert y != y2 or b <= c or d <= a, "two labels drawn over each other"


def test_the_png_is_the_same_every_time_and_the_svg_is_a_picture() -> None:
    layout = lay_out(_entries(), FACTS, 1000, measure=drawing.measure())
    first, second = drawing.to_png(layout), drawing.to_png(layout)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.size == (2000, round(layout.height * 2))
    assert image.getpixel((5, 5)) == (255, 255, 255)
    svg = ElementTree.fromstring(drawing.to_svg(layout))
    assert svg.tag.endswith("svg")
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "Jane called 999 after an assault at home" in texts


def test_an_empty_chronology_still_draws() -> None:
    layout = lay_out([], FACTS, 800)
    assert layout.lanes == ["(no entries)"] and layout.marks == []
    assert drawing.to_png(layout)[:4] == b"\x89PNG"
