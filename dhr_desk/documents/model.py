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
class Table:
    """Rows of plain text. The first ``header_rows`` rows repeat on every page."""

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths, any scale
    header_rows: int = 1
    caption: str = ""

    @property
    def columns(self) -> int:
        return len(self.widths)


@dataclass(frozen=True)
class Figure:
    """A picture (PNG) as wide as the text, with its text alternative and a caption."""

    image_png: bytes = field(repr=False)
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Orientation:
    """From here on the pages are landscape (True) or portrait (False); starts a new page."""

    landscape: bool


Block = Heading | Paragraph | Narrative | Table | Figure | PageBreak | Orientation

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
            )
        )

    def key_values(self, pairs: Sequence[tuple[str, str]], caption: str = "") -> None:
        """A two-column table of labels and values (no header row)."""
        if not pairs:
            return
        self.blocks.append(Table(tuple((k, v) for k, v in pairs), (1.0, 2.4), 0, caption))

    def figure(self, image_png: bytes, alt: str, caption: str = "") -> None:
        self.blocks.append(Figure(image_png, alt, caption))

    def page_break(self) -> None:
        self.blocks.append(PageBreak())

    def orientation(self, landscape: bool) -> None:
        self.blocks.append(Orientation(landscape))

    def extend(self, blocks: list[Block]) -> None:
        self.blocks.extend(blocks)

    # Reading helpers --------------------------------------------------------------------------
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

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
                case Figure():
                    yield block.alt
                    yield block.caption
                case PageBreak() | Orientation():
                    pass
                case _:
                    assert_never(block)

    def digest(self) -> str:
        """SHA-256 of the content (not the markings): equal digests mean the same document."""
        h = hashlib.sha256()
        head = [self.title, self.subject, self.author, self.landscape, self.show_title]
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
            return [block.rows, block.widths, block.header_rows, block.caption]
        case Heading():
            return [block.text, block.level]
        case Narrative():
            return block.prompt
        case Figure():
            return [hashlib.sha256(block.image_png).hexdigest(), block.alt, block.caption]
        case Orientation():
            return block.landscape
        case PageBreak():
            return None
        case _:
            assert_never(block)


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
        return f"{self.label} {self.reference}".strip()

    @property
    def version_line(self) -> str:
        state = "DRAFT " if self.draft else ""
        edition = " · published edition" if self.edition == "published" else ""
        return f"{state}Version {self.version} · {self.date.day} {self.date:%B %Y}{edition}"

    @property
    def copy_line(self) -> str:
        return f"Copy for {self.recipient} — do not forward" if self.recipient else ""
