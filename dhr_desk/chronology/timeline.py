"""The timeline picture, laid out without drawing it: agencies as lanes, each contact a mark in
its lane, a date known only to a month, season or year a bar over its period, key events
labelled above the lanes, the review period shaded and the date of death a line across.

The layout is a list of plain shapes (rectangles, lines, texts) in pixels; the desktop app paints
them with Qt and :mod:`.drawing` writes them as PNG (for documents) or SVG. The same layout keeps
each mark's entry id, so the app can say which entry is under the pointer.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Colour = tuple[int, int, int, int]  # red, green, blue, alpha (0–255)
Measure = Callable[[str, float, bool], float]  # (text, size, bold) → width in pixels

INK: Colour = (33, 37, 41, 255)
MUTED: Colour = (95, 99, 104, 255)
LANE_A: Colour = (246, 247, 249, 255)
LANE_B: Colour = (236, 239, 243, 255)
PERIOD: Colour = (214, 234, 216, 150)
CONTACT: Colour = (31, 78, 121, 255)
PARTIAL: Colour = (31, 78, 121, 70)
KEY: Colour = (192, 57, 43, 255)
DEATH: Colour = (120, 20, 20, 255)
GRID: Colour = (200, 204, 209, 255)

LANE_HEIGHT = 26.0
LABEL_WIDTH = 190.0
MARGIN = 16.0
AXIS_HEIGHT = 34.0
LABEL_ROW = 17.0
MAX_LABEL_ROWS = 8
LABEL_CHARS = 48
FONT = 11.0
SMALL = 9.5


def approximate(text: str, size: float, bold: bool = False) -> float:
    """A width good enough to lay out labels when no font is at hand."""
    return len(text) * size * (0.6 if bold else 0.56)


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    start: dt.date
    end: dt.date  # the same day, or the last day of a month, season or year
    agency: str
    key_event: bool = False
    label: str = ""  # what a key event is called on the picture


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Colour


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: Colour
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = FONT
    colour: Colour = INK
    anchor: str = "start"  # start, middle, end
    bold: bool = False


@dataclass(frozen=True)
class Mark:
    """Where an entry is drawn (for pointing at it)."""

    entry_id: int
    x: float
    y: float
    w: float
    h: float


Shape = Rect | Line | Text


@dataclass
class TimelineLayout:
    width: float
    height: float
    first: dt.date
    last: dt.date
    lanes: list[str]
    shapes: list[Shape] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    title: str = ""

    def entry_at(self, x: float, y: float, slack: float = 3.0) -> int | None:
        """The entry drawn under (x, y), if any (key events first)."""
        best: tuple[float, int] | None = None
        for mark in self.marks:
            if mark.x - slack <= x <= mark.x + mark.w + slack and mark.y <= y <= mark.y + mark.h:
                distance = abs(x - (mark.x + mark.w / 2))
                if best is None or distance < best[0]:
                    best = (distance, mark.entry_id)
        return None if best is None else best[1]


@dataclass(frozen=True)
class TimelineFacts:
    title: str
    period_start: dt.date | None
    period_end: dt.date | None
    date_of_death: dt.date | None
    month_only: bool = False  # the date of death shown as its month and year only


def _span(entries: Sequence[TimelineEntry], facts: TimelineFacts) -> tuple[dt.date, dt.date]:
    days = [e.start for e in entries] + [e.end for e in entries]
    days += [d for d in (facts.period_start, facts.period_end, facts.date_of_death) if d]
    if not days:
        today = dt.date.today()
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    first, last = min(days), max(days)
    pad = max(15, (last - first).days // 40)
    return first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str, bool]]:
    """(day, label, major) for the axis: years, and months when the span is short."""
    years = last.year - first.year
    out: list[tuple[dt.date, str, bool]] = []
    step = 1 if years <= 12 else 2 if years <= 25 else 5
    for year in range(first.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if first <= day <= last and year % step == 0:
            out.append((day, str(year), True))
        if years <= 2:
            for month in (4, 7, 10) if years > 1 else range(2, 13):
                minor = dt.date(year, month, 1)
                if first <= minor <= last:
                    out.append((minor, f"{minor:%b}", False))
    return sorted(out)


class _Scale:
    def __init__(self, first: dt.date, last: dt.date, left: float, right: float) -> None:
        self.first = first.toordinal()
        self.days = max(1, last.toordinal() - self.first)
        self.left, self.right = left, right

    def x(self, day: dt.date) -> float:
        return self.left + (day.toordinal() - self.first) / self.days * (self.right - self.left)


def _labels(
    keys: list[tuple[float, str]], measure: Measure, left: float, right: float
) -> list[tuple[float, float, int, str]]:
    """Key event labels placed in rows above the lanes without overlapping: (x of the event,
    x of the label, row, text). Labels that find no room are left out (their marks stay)."""
    rows: list[list[tuple[float, float]]] = [[] for _ in range(MAX_LABEL_ROWS)]
    placed = []
    for x, text in sorted(keys):
        width = measure(text, SMALL, False) + 8
        start = min(max(left, x - 4), right - width)
        for number, taken in enumerate(rows):
            spot = bisect.bisect_left(taken, (start,))
            before = taken[spot - 1] if spot > 0 else None
            after = taken[spot] if spot < len(taken) else None
            if (before is None or before[1] <= start) and (
                after is None or after[0] >= start + width
            ):
                taken.insert(spot, (start, start + width))
                placed.append((x, start, number, text))
                break
    return placed


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def lay_out(
    entries: Sequence[TimelineEntry],
    facts: TimelineFacts,
    width: float = 1400.0,
    *,
    lanes: Sequence[str] | None = None,
    measure: Measure = approximate,
    check: Callable[[], None] | None = None,
) -> TimelineLayout:
    """The picture of ``entries`` ``width`` pixels wide (its height follows from the lanes)."""
    check = check or (lambda: None)
    names = list(lanes) if lanes is not None else sorted({e.agency for e in entries})
    if not names:
        names = ["(no entries)"]
    first, last = _span(entries, facts)
    left, right = LABEL_WIDTH + MARGIN, width - MARGIN
    scale = _Scale(first, last, left, right)
    keys = [(scale.x(e.start), _short(e.label)) for e in entries if e.key_event and e.label]
    placed = _labels(keys, measure, left, right)
    label_rows = 1 + max((row for *_x, row, _t in placed), default=-1)
    top = MARGIN + 22 + label_rows * LABEL_ROW + (8 if label_rows else 0)
    lanes_bottom = top + LANE_HEIGHT * len(names)
    layout = TimelineLayout(
        width, lanes_bottom + AXIS_HEIGHT + 22, first, last, names, title=facts.title
    )
    shapes = layout.shapes
    shapes.append(Rect(0, 0, width, layout.height, (255, 255, 255, 255)))
    shapes.append(Text(MARGIN, MARGIN + 12, facts.title, 13, INK, "start", True))
    _lanes_and_period(layout, scale, top, facts)
    _marks(layout, entries, scale, top, {n: i for i, n in enumerate(names)}, check)
    _key_labels(layout, placed, top)
    _axis(layout, scale, top, lanes_bottom)
    _death(layout, scale, top, lanes_bottom, facts)
    return layout


def _lanes_and_period(
    layout: TimelineLayout, scale: _Scale, top: float, facts: TimelineFacts
) -> None:
    shapes, right = layout.shapes, scale.right
    for index, name in enumerate(layout.lanes):
        y = top + index * LANE_HEIGHT
        shapes.append(Rect(MARGIN, y, right - MARGIN, LANE_HEIGHT, LANE_A if index % 2 else LANE_B))
        shapes.append(Text(MARGIN + 6, y + LANE_HEIGHT / 2 + 4, _fit(name), FONT, INK))
    if facts.period_start or facts.period_end:
        x1 = scale.x(facts.period_start or layout.first)
        x2 = scale.x(facts.period_end or layout.last)
        height = LANE_HEIGHT * len(layout.lanes)
        shapes.append(Rect(x1, top, max(1.0, x2 - x1), height, PERIOD))
        shapes.append(Line(x1, top, x1, top + height, (90, 140, 95, 255), 1.0, True))
        shapes.append(Line(x2, top, x2, top + height, (90, 140, 95, 255), 1.0, True))
        shapes.append(
            Text(
                x1 + 4, top + height + AXIS_HEIGHT + 14, "Review period", SMALL, (60, 110, 65, 255)
            )
        )


def _fit(name: str) -> str:
    return name if len(name) <= 28 else name[:27] + "…"


def _marks(
    layout: TimelineLayout,
    entries: Sequence[TimelineEntry],
    scale: _Scale,
    top: float,
    lane_of: dict[str, int],
    check: Callable[[], None],
) -> None:
    shapes, marks = layout.shapes, layout.marks
    drawn: set[tuple[int, int, bool]] = set()
    keys: list[Shape] = []
    for count, entry in enumerate(entries):
        if count % 1000 == 0:
            check()
        lane = lane_of.get(entry.agency)
        if lane is None:
            continue
        y = top + lane * LANE_HEIGHT
        x = scale.x(entry.start)
        if entry.end > entry.start:
            x2 = scale.x(entry.end + dt.timedelta(days=1))
            mark = Mark(entry.id, x, y + 9, max(2.0, x2 - x), LANE_HEIGHT - 18)
            if (lane, int(x * 2), False) not in drawn or entry.key_event:
                drawn.add((lane, int(x * 2), False))
                shapes.append(Rect(mark.x, mark.y, mark.w, mark.h, PARTIAL))
        else:
            mark = Mark(entry.id, x - 1, y + 4, 2.0, LANE_HEIGHT - 8)
            if (lane, int(x * 2), True) not in drawn:
                drawn.add((lane, int(x * 2), True))
                shapes.append(Rect(mark.x, mark.y, 1.6, mark.h, CONTACT))
        if entry.key_event:
            keys.append(Rect(x - 3.5, y + LANE_HEIGHT / 2 - 3.5, 7, 7, KEY))
        marks.append(mark)
    shapes.extend(keys)  # key events on top of the contacts


def _key_labels(
    layout: TimelineLayout, placed: list[tuple[float, float, int, str]], top: float
) -> None:
    shapes = layout.shapes
    base = top - 8
    rows = 1 + max((row for *_x, row, _t in placed), default=-1)
    for x, start, row, text in placed:
        y = base - (rows - 1 - row) * LABEL_ROW
        shapes.append(Line(x, y + 2, x, top, (192, 57, 43, 140), 0.8))
        shapes.append(Text(start + 2, y - 3, text, SMALL, KEY))


def _axis(layout: TimelineLayout, scale: _Scale, top: float, bottom: float) -> None:
    shapes = layout.shapes
    shapes.append(Line(scale.left, bottom, scale.right, bottom, MUTED, 1.0))
    for day, label, major in _ticks(layout.first, layout.last):
        x = scale.x(day)
        if major:
            shapes.append(Line(x, top, x, bottom, GRID, 0.6))
        shapes.append(Line(x, bottom, x, bottom + (6 if major else 3), MUTED, 1.0))
        shapes.append(Text(x, bottom + 18, label, FONT if major else SMALL, MUTED, "middle"))


def _death(
    layout: TimelineLayout, scale: _Scale, top: float, bottom: float, facts: TimelineFacts
) -> None:
    death = facts.date_of_death
    if death is None:
        return
    x = scale.x(death)
    layout.shapes.append(Line(x, top - 4, x, bottom, DEATH, 2.0))
    text = f"Death {death:%b %Y}" if facts.month_only else f"Death {death.day} {death:%b %Y}"
    anchor = "end" if x > layout.width - 160 else "start"
    layout.shapes.append(
        Text(
            x + (-4 if anchor == "end" else 4),
            bottom + AXIS_HEIGHT + 14,
            text,
            SMALL,
            DEATH,
            anchor,
            True,
        )
    )
