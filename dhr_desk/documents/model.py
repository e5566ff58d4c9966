"""The document model: what a review document says, independent of Word or PDF.

A builder turns case data into a :class:`Document` (headings, paragraphs, tables with header
rows, figures, page breaks, marked places for the author's narrative, orientation changes); the
Word and PDF renderers draw the same model. :class:`Markings` carry what goes on every page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, assert_never, get_args


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style inside a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1..3; the document title is Document.title, not a heading


ParagraphStyle = Literal["body", "bullet", "address", "small", "signature"]


@dataclass(frozen=True)
class Paragraph:
    """Body text in one of the paragraph styles."""

    runs: tuple[Run, ...]
    style: ParagraphStyle = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Narrative:
    """A clearly marked place where the author writes what the data cannot supply."""

    prompt: str


@dataclass(frozen=True)
class Merge:
    """One cell that runs down several rows: column ``column`` of rows ``first``..``last``
    (indexes into ``Table.rows``, both included) shows the text of row ``first``."""

    column: int
    first: int
    last: int


@dataclass(frozen=True)
class Table:
    """Rows of plain text. The first ``header_rows`` rows repeat on every page; ``merges``
    join a column's cells down a group of rows (an action plan's recommendation)."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths, any scale
    header_rows: int = 1
    caption: str = ""
    merges: tuple[Merge, ...] = ()

    @property
    def columns(self) -> int:
        return len(self.widths)

    def merged_below(self) -> dict[tuple[int, int], Merge]:
        """(row, column) of every cell covered by the merge above it."""
        return {(row, m.column): m for m in self.merges for row in range(m.first + 1, m.last + 1)}

    def merge_starts(self) -> dict[tuple[int, int], Merge]:
        """(row, column) of every cell that starts a merge."""
        return {(m.first, m.column): m for m in self.merges}


@dataclass(frozen=True)
class Figure:
    """A picture (PNG bytes) with the words a screen reader says: the partnership's logo at
    ``width_mm``, or — ``width_mm`` None — a figure as wide as the text (within the page's
    height) with its ``caption`` underneath, such as the chronology's timeline."""

    data: bytes = field(repr=False)
    alt: str
    width_mm: float | None = 40.0
    caption: str = ""


@dataclass(frozen=True)
class Cover:
    """A report's cover page. The renderers add the date and version from the markings."""

    review: str  # "Domestic Homicide Review"
    title: str  # "Overview report"
    about: str  # "A report into the death of Hannah"
    facts: tuple[tuple[str, str], ...]  # ("Partnership", …), ("Author", …)
    logo: Figure | None = None


@dataclass(frozen=True)
class Contents:
    """A contents page: the headings down to ``depth`` with the page each starts on."""

    depth: int = 2


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a contents page: a heading, its level and the key of its bookmark."""

    text: str
    level: int
    key: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Orientation:
    """From here on the pages are landscape (True) or portrait (False); starts a new page."""

    landscape: bool


Block = (
    Heading | Paragraph | Narrative | Table | PageBreak | Orientation | Figure | Cover | Contents
)

BLOCK_STYLES: tuple[ParagraphStyle, ...] = get_args(ParagraphStyle)


@dataclass
class Document:
    """One document: its title, metadata and the blocks in reading order."""

    title: str
    subject: str
    author: str
    kind: str
    landscape: bool = False
    blocks: list[Block] = field(default_factory=list)
    show_title: bool = True  # letters start with the letterhead, not a title
    # What this document is about within its kind, when a case has several: "meeting 4".
    # A version belongs to one kind, case, part and edition.
    part: str = ""

    # Building helpers -------------------------------------------------------------------------
    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, max(1, min(3, level))))

    def para(self, text: str, style: ParagraphStyle = "body", *, bold: bool = False) -> None:
        self.blocks.append(Paragraph((Run(text, bold=bold),), style))

    def runs(self, *runs: Run, style: ParagraphStyle = "body") -> None:
        self.blocks.append(Paragraph(tuple(runs), style))

    def bullet(self, text: str) -> None:
        self.para(text, "bullet")

    def narrative(self, prompt: str) -> None:
        self.blocks.append(Narrative(prompt))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] | None = None,
        caption: str = "",
        merges: Sequence[Merge] = (),
    ) -> None:
        head = tuple(header)
        body = tuple(tuple(str(c) for c in row) for row in rows)
        for row in body:
            if len(row) != len(head):
                raise ValueError(f"a row of {len(row)} cells in a table of {len(head)} columns")
        self.blocks.append(
            Table(
                (head, *body),
                tuple(widths) if widths else tuple(1.0 for _ in head),
                1,
                caption,
                tuple(merges),
            )
        )

    def key_values(self, pairs: Sequence[tuple[str, str]], caption: str = "") -> None:
        """A two-column table of labels and values (no header row)."""
        if not pairs:
            return
        self.blocks.append(Table(tuple((k, v) for k, v in pairs), (1.0, 2.4), 0, caption))

    def figure(self, image_png: bytes, alt: str, caption: str = "") -> None:
        """A figure as wide as the text, with its caption."""
        self.blocks.append(Figure(image_png, alt, None, caption))

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def orientation(self, landscape: bool) -> None:
        self.blocks.append(Orientation(landscape))

    def extend(self, blocks: list[Block]) -> None:
        self.blocks.extend(blocks)

    def cover(self, cover: Cover, contents: bool = True) -> None:
        """Start with a cover page (and a contents page): the title is on the cover."""
        self.show_title = False
        self.blocks.append(cover)
        if contents:
            self.blocks.append(Contents())

    # Reading helpers --------------------------------------------------------------------------
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def heading_keys(self) -> dict[int, str]:
        """A bookmark key for every heading ("h0", "h1"…), by its index in ``blocks``."""
        keys: dict[int, str] = {}
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                keys[index] = f"h{len(keys)}"
        return keys

    def leads_table(self, index: int) -> bool:
        """Whether block ``index`` is a paragraph that introduces the table after it (kept on
        the same page as the table's first rows)."""
        blocks = self.blocks
        return (
            isinstance(blocks[index], Paragraph)
            and index + 1 < len(blocks)
            and isinstance(blocks[index + 1], Table)
        )

    def heading_levels(self) -> dict[int, int]:
        """The level each heading is shown at, by its index in ``blocks``: never more than one
        below the heading before it, so the outline a screen reader follows skips no level."""
        levels: dict[int, int] = {}
        last = 0
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                last = levels[index] = min(block.level, last + 1)
        return levels

    def contents(self, depth: int) -> list[ContentsEntry]:
        """The lines of a contents page: every heading down to ``depth``, with its key."""
        keys, levels = self.heading_keys(), self.heading_levels()
        return [
            ContentsEntry(block.text, levels[index], keys[index])
            for index, block in enumerate(self.blocks)
            if isinstance(block, Heading) and levels[index] <= depth
        ]

    def texts(self) -> Iterator[str]:
        """Every piece of text the document shows (for checks such as anonymisation)."""
        yield self.title
        yield self.subject
        yield self.author
        for block in self.blocks:
            match block:
                case Heading() | Paragraph():
                    yield block.text
                case Narrative():
                    yield block.prompt
                case Table():
                    yield block.caption
                    for row in block.rows:
                        yield from row
                case Cover():
                    yield from (block.review, block.title, block.about)
                    for label, value in block.facts:
                        yield label
                        yield value
                    if block.logo is not None:
                        yield block.logo.alt
                case Figure():
                    yield block.alt
                    yield block.caption
                case PageBreak() | Orientation() | Contents():
                    pass
                case _:
                    assert_never(block)

    def digest(self) -> str:
        """SHA-256 of the content (not the markings): equal digests mean the same document."""
        h = hashlib.sha256()
        head = [self.title, self.subject, self.author, self.landscape, self.show_title, self.part]
        h.update(json.dumps(head).encode())
        for block in self.blocks:
            h.update(type(block).__name__.encode())
            h.update(json.dumps(_plain(block), ensure_ascii=False).encode())
        return h.hexdigest()


def _plain(block: Block) -> object:
    match block:
        case Paragraph():
            return [block.style, [[r.text, r.bold, r.italic] for r in block.runs]]
        case Table():
            merges = [[m.column, m.first, m.last] for m in block.merges]
            return [block.rows, block.widths, block.header_rows, block.caption, merges]
        case Heading():
            return [block.text, block.level]
        case Narrative():
            return block.prompt
        case Orientation():
            return block.landscape
        case Figure():  # a new logo or timeline is a new version
            digest = hashlib.sha256(block.data).hexdigest()
            if block.width_mm is None:
                return [block.alt, None, digest, block.caption]
            return [block.alt, block.width_mm, digest]
        case Cover():
            logo = _plain(block.logo) if block.logo else None
            return [block.review, block.title, block.about, block.facts, logo]
        case Contents():
            return block.depth
        case PageBreak():
            return None
        case _:
            assert_never(block)


def review_line(label: str, reference: str) -> str:
    """The label and the reference, the label once: "DHR-2025-003" (a reference that starts
    with the label says it already), "DARDR DHR-2025-003", "Community Trigger CT-2025-004"."""
    label, reference = label.strip(), reference.strip()
    head = reference.split("-")[0].split(" ")[0]
    if label and head.upper() == label.upper():
        return reference
    return f"{label} {reference}".strip()


@dataclass(frozen=True)
class Markings:
    """What every page carries: marking, label and reference, draft/version/date, recipient."""

    protective_marking: str
    label: str  # "DHR", "DARDR", "Community Trigger", "Board report"
    reference: str
    version: int
    date: dt.date
    draft: bool = True
    edition: str = "full"
    recipient: str = ""

    @property
    def review_line(self) -> str:
        return review_line(self.label, self.reference)

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def version_text(self) -> str:
        """ "3 (draft)", "3", "3 (published edition)" — for a cover page."""
        notes = [x for x in ("draft" if self.draft else "", self._edition_note) if x]
        return f"{self.version}" + (f" ({', '.join(notes)})" if notes else "")

    @property
    def _edition_note(self) -> str:
        return "published edition" if self.edition == "published" else ""

    @property
    def version_line(self) -> str:
        state = "DRAFT " if self.draft else ""
        edition = " · published edition" if self.edition == "published" else ""
        return f"{state}Version {self.version} · {self.date.day} {self.date:%B %Y}{edition}"

    @property
    def copy_line(self) -> str:
        return f"Copy for {self.recipient} — do not forward" if self.recipient else ""
