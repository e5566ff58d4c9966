"""Render a :class:`~dhr_desk.documents.model.Document` to a tagged PDF (PDF/UA-1) with Typst.

reportlab's open-source edition writes untagged PDFs, which a screen reader cannot follow and
which fail the Public Sector Bodies Accessibility Regulations for what a council publishes.
Typst tags what it draws: the document language, the title, headings H1–H3 in order,
paragraphs, lists, tables with their header cells, pictures with their alternative text and
the contents; the running header, footer and DRAFT watermark are artifacts. The same markings
as the other renderers are on every page.

The layout is ``resources/typst/document.typ``; the document goes to it as JSON data (never as
markup, so no text a coordinator typed can change the layout). Fonts are the DejaVu faces in
``resources/fonts`` for everything they cover, so such a document is the same on every
machine, byte for byte; characters they lack (Arabic script, Chinese, emoji) are drawn in
fallback fonts found on the machine (:mod:`~dhr_desk.documents.fonts`), whose folders are
given to Typst and whose families follow DejaVu in the text's font list. Nothing
is written to disk: the source and the PDF stay in memory. Typst compiles in one go, in a
worker thread while ``check`` is polled, so cancelling does not wait for a long document.
"""

from __future__ import annotations

import concurrent.futures
import functools
import json
import struct
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, assert_never

from dhr_desk.documents import fonts, model
from dhr_desk.documents.locations import fonts_dir, typst_layout
from dhr_desk.documents.model import Document, Markings
from dhr_desk.errors import DhrDeskError

Check = Callable[[], None]
Progress = Callable[[float], None]

_POLL_SECONDS = 0.05
_GROUPED = {"bullet": "list", "address": "lines", "signature": "lines"}


def _runs(paragraph: model.Paragraph) -> list[list[Any]]:
    return [[r.text, r.bold, r.italic] for r in paragraph.runs]


def _cells(block: model.Table) -> list[list[dict[str, Any]]]:
    """Each row's cells; a merged cell once, with the rows it runs down, covered cells left
    out (Typst places the next cell in the next free place)."""
    starts, below = block.merge_starts(), block.merged_below()
    label_first = block.header_rows == 0
    rows: list[list[dict[str, Any]]] = []
    for index, row in enumerate(block.rows):
        cells = []
        for col, text in enumerate(row):
            if (index, col) in below:
                continue
            merge = starts.get((index, col))
            span = merge.last - merge.first + 1 if merge else 1
            cells.append({"x": text, "rs": span, "b": label_first and col == 0})
        rows.append(cells)
    return rows


def _png_ratio(data: bytes) -> float:
    """Height over width of a PNG picture, from its header (1 when the header is not a PNG's)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return 1.0
    width, height = struct.unpack(">II", data[16:24])
    return height / max(1, width)


class _Blocks:
    """The document as the layout's JSON: segments of one orientation, each a list of blocks;
    consecutive bullets become one list, address and signature lines one paragraph."""

    def __init__(self, doc: Document, marks: Markings, check: Check) -> None:
        self.doc = doc
        self.marks = marks
        self.check = check
        self.levels = doc.heading_levels()
        self.segments: list[dict[str, Any]] = [{"landscape": doc.landscape, "blocks": []}]

    @property
    def out(self) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = self.segments[-1]["blocks"]
        return blocks

    def build(self) -> list[dict[str, Any]]:
        for index, block in enumerate(self.doc.blocks):
            if index % 50 == 0:
                self.check()
            self.block(index, block)
        return [s for s in self.segments if s["blocks"]] or self.segments[:1]

    def block(self, index: int, block: model.Block) -> None:
        match block:
            case model.Heading():
                self.out.append({"t": "h", "text": block.text, "level": self.levels[index]})
            case model.Paragraph():
                self.paragraph(block)
                if self.doc.leads_table(index) and self.out[-1]["t"] == "p":
                    self.out[-1]["sticky"] = True
            case model.Narrative():
                self.out.append({"t": "n", "text": block.prompt})
            case model.Table():
                self.out.append(self.table(block))
            case model.PageBreak():
                self.out.append({"t": "break"})
            case model.Figure():
                self.out.append(self.figure(block))
            case model.Cover():
                self.out.append(self.cover(block))
            case model.Contents():
                self.out.append({"t": "contents", "depth": block.depth})
            case model.Orientation():
                self.segments.append({"landscape": block.landscape, "blocks": []})
            case _:
                assert_never(block)

    def paragraph(self, block: model.Paragraph) -> None:
        if not block.text.strip():
            self.out.append({"t": "gap"})  # a blank line is space, not an empty paragraph
            return
        grouped = _GROUPED.get(block.style)
        last = self.out[-1] if self.out else None
        if grouped == "list":
            if last is not None and last["t"] == "list":
                last["items"].append(_runs(block))
            else:
                self.out.append({"t": "list", "items": [_runs(block)]})
        elif grouped == "lines":
            if last is not None and last["t"] == "lines" and last["style"] == block.style:
                last["lines"].append(_runs(block))
            else:
                self.out.append({"t": "lines", "style": block.style, "lines": [_runs(block)]})
        else:
            self.out.append({"t": "p", "style": block.style, "runs": _runs(block)})

    def table(self, block: model.Table) -> dict[str, Any]:
        return {
            "t": "table",
            "widths": list(block.widths),
            "header": block.header_rows,
            "rows": _cells(block),
            "caption": block.caption,
        }

    def figure(self, block: model.Figure) -> dict[str, Any]:
        # The picture's bytes go with the data (no file): the layout turns them back to bytes.
        # A figure without a width is as wide as the text, within the page's height, with its
        # caption; the layout needs its shape (height over width) to keep it on one page.
        return {
            "t": "figure",
            "data": list(block.data),
            "alt": block.alt,
            "width": block.width_mm,
            "caption": block.caption,
            "ratio": _png_ratio(block.data),
        }

    def cover(self, block: model.Cover) -> dict[str, Any]:
        facts = [*block.facts, ("Date", self.marks.date_text), ("Version", self.marks.version_text)]
        return {
            "t": "cover",
            "review": block.review,
            "title": block.title,
            "about": block.about,
            "facts": [list(f) for f in facts],
            "logo": self.figure(block.logo) if block.logo is not None else None,
        }


def _texts(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "data":  # a picture's bytes
                _texts(item, out)
    elif isinstance(value, list):
        for item in value:
            _texts(item, out)


def _drawable(value: Any) -> Any:
    """``value`` with every character no font on the machine covers as its code point."""
    if isinstance(value, str):
        return fonts.drawable(value, "typst")
    if isinstance(value, dict):
        return {k: v if k == "data" else _drawable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drawable(item) for item in value]
    return value


def with_fallbacks(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """``data`` with the fallback fonts its characters need (family names for the layout,
    Arabic script first to its own font) and the folders that hold them."""
    texts: list[str] = []
    _texts(data, texts)
    if all(fonts.covered(text) for text in texts):
        return {**data, "fonts": {"arabic": None, "fallback": []}}, []
    faces = fonts.needed_faces(texts, "typst")
    shipped = fonts_dir().resolve()
    faces = [f for f in faces if f.path.resolve().parent != shipped]
    arabic = next((f.family for f in faces if f.covers(0x0627) and f.covers(0x06C1)), None)
    families = list(dict.fromkeys(f.family for f in faces if f.family))
    folders = list(dict.fromkeys(str(f.path.parent) for f in faces))
    data = _drawable(data)
    return {**data, "fonts": {"arabic": arabic, "fallback": families}}, folders


def document_data(doc: Document, marks: Markings, check: Check) -> dict[str, Any]:
    """The JSON the layout draws: metadata, the markings and the segments of blocks."""
    return {
        "title": doc.title,
        "subject": doc.subject,
        "author": doc.author,
        "keywords": [marks.review_line, marks.protective_marking],
        "date": [marks.date.year, marks.date.month, marks.date.day],
        "show_title": doc.show_title,
        "marks": {
            "marking": marks.protective_marking,
            "review": marks.review_line,
            "version": marks.version_line,
            "copy": marks.copy_line,
            "draft": marks.draft,
        },
        "segments": _Blocks(doc, marks, check).build(),
    }


@functools.lru_cache(maxsize=8)
def _fonts(folders: tuple[str, ...]) -> Any:
    """The fonts Typst may use: the shipped DejaVu faces, then the fallback folders."""
    import typst

    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(fonts_dir()), *folders],
    )


def _compile(source: bytes, data: str, root: Path, folders: tuple[str, ...] = ()) -> bytes:
    import typst

    try:
        compiler = typst.Compiler(
            input=source,
            root=str(root),
            font_paths=_fonts(folders),
            ignore_system_fonts=True,
            sys_inputs={"data": data},
        )
        result = compiler.compile(format="pdf", pdf_standards=["ua-1"])
    except typst.TypstError as exc:
        raise DhrDeskError(
            f"The accessible PDF could not be laid out ({exc.message}); nothing was written."
        ) from None
    if not isinstance(result, bytes):  # pragma: no cover - the binding's contract
        raise DhrDeskError("The accessible PDF could not be laid out; nothing was written.")
    return result


def render_tagged_pdf(
    doc: Document,
    marks: Markings,
    check: Check | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The tagged PDF bytes of ``doc`` with ``marks`` on every page (built in memory)."""
    check = check or (lambda: None)
    progress = progress or (lambda _f: None)
    layout = typst_layout()
    content, folders = with_fallbacks(document_data(doc, marks, check))
    data = json.dumps(content, ensure_ascii=False)
    source = layout.read_bytes()
    root = layout.parent  # the layout reads no file: its folder is all it may see
    progress(0.1)
    check()
    done = threading.Event()
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="typst")
    try:
        future = pool.submit(_compile, source, data, root, tuple(folders))
        future.add_done_callback(lambda _f: done.set())
        while not done.wait(_POLL_SECONDS):
            check()  # a cancel returns at once; the layout finishes unseen and is dropped
        pdf = future.result()
    finally:
        pool.shutdown(wait=False)
    progress(1.0)
    return pdf
