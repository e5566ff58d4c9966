"""Fallback fonts for the characters the embedded DejaVu faces lack.

The PDFs embed DejaVu Sans and Serif from ``resources/fonts``; they cover Latin (Polish, Czech,
Romanian, …), Greek and Cyrillic. Names and agency text also come in Arabic script (Urdu),
Chinese and other scripts, and with emoji typed on phones. For those characters the renderers
use fonts found on the machine at run time:

* Windows: ``%WINDIR%\\Fonts`` (Segoe UI, Segoe UI Symbol and Emoji, Nirmala UI, Microsoft
  YaHei, SimSun, Arial Unicode when present);
* macOS: ``/System/Library/Fonts``, ``/Library/Fonts`` and the user's ``~/Library/Fonts``;
* Linux: ``/usr/share/fonts``, ``/usr/local/share/fonts`` and ``~/.local/share/fonts`` (Noto
  Sans, Noto Naskh Arabic, Noto Sans CJK, WenQuanYi, Symbola, Noto Emoji, …);
* first of all, the folders named in ``DHR_DESK_FONTS`` (a council's own fonts, separated by
  the system's path separator).

Well-known faces are tried in a fixed order (Arabic script, general, Chinese/Japanese/Korean,
symbols and monochrome emoji), then every other font file in those folders. Each font's
character map is read once per process and kept in memory only; nothing is written anywhere.

reportlab embeds TrueType outlines only (not CFF, not colour-only emoji fonts), so it is given
the faces with ``glyf`` outlines; Typst takes any face with outlines. A character no font on the
machine covers prints as its code point ("U+1F600"), never as an empty box, never dropped.

reportlab neither joins Arabic letters nor orders right-to-left text: a run of Arabic-script
letters is joined with ``arabic_reshaper`` (the letters' presentation forms) and its characters
are laid out right to left, so the name reads as written and text extraction gives it back.
"""

from __future__ import annotations

import functools
import os
import struct
import sys
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dhr_desk.documents.locations import FONT_FILES, fonts_dir

ENV_FONTS = "DHR_DESK_FONTS"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

Engine = Literal["reportlab", "typst"]

# Well-known faces by file name (lower case), in the order they are tried.
PREFERRED = (
    # Arabic script (Urdu, Arabic, Persian): Naskh reads well at small sizes.
    "notonaskharabic-regular.ttf",
    "notonaskharabicui-regular.ttf",
    "amiri-regular.ttf",
    "notosansarabic-regular.ttf",
    "notosansarabicui-regular.ttf",
    "segoeui.ttf",
    "tahoma.ttf",
    "geezapro.ttc",
    "notonastaliqurdu-regular.ttf",
    # Many scripts.
    "notosans-regular.ttf",
    "nirmala.ttf",
    "nirmala.ttc",
    "arialuni.ttf",
    "arial unicode.ttf",
    "arial unicode ms.ttf",
    # Chinese, Japanese, Korean (TrueType first: reportlab cannot embed CFF outlines).
    "msyh.ttc",
    "msyh.ttf",
    "simsun.ttc",
    "malgun.ttf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "droidsansfallbackfull.ttf",
    "droidsansfallback.ttf",
    "notosanscjk-regular.ttc",
    "notosanscjksc-regular.otf",
    "pingfang.ttc",
    "hiragino sans gb.ttc",
    "stheiti light.ttc",
    "songti.ttc",
    # Symbols and monochrome emoji.
    "seguisym.ttf",
    "seguiemj.ttf",
    "symbola.ttf",
    "symbola_hint.ttf",
    "notoemoji-regular.ttf",
    "notosanssymbols-regular.ttf",
    "notosanssymbols2-regular.ttf",
    "apple symbols.ttf",
    "dejavusans.ttf",
)

# Characters that only choose how the one before looks (variation selectors, emoji joiners):
# left out, so "❤️" prints its heart rather than a code point for the selector.
_IGNORED = frozenset([0x200D, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
_RTL_CLASSES = frozenset({"R", "AL"})
_RTL_INSIDE = frozenset({"R", "AL", "NSM", "WS", "CS", "ON"})


@dataclass(frozen=True, eq=False)
class Face:
    """One font face on the machine (a .ttc holds several) and the characters it covers."""

    path: Path
    index: int
    family: str
    postscript: str
    truetype: bool  # glyf outlines: reportlab can embed it
    outlines: bool  # any outlines (glyf or CFF), or colour glyphs Typst can draw
    starts: tuple[int, ...] = field(repr=False)
    ends: tuple[int, ...] = field(repr=False)

    def covers(self, cp: int) -> bool:
        at = bisect_right(self.starts, cp) - 1
        return at >= 0 and cp <= self.ends[at]

    def covers_all(self, text: str) -> bool:
        return all(self.covers(ord(ch)) for ch in text)

    @property
    def key(self) -> str:
        """The name reportlab knows this face by."""
        clean = "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in self.postscript)
        return f"Fallback-{clean or self.path.stem}-{self.index}"


# --- reading a font file's tables (sfnt, TrueType collections) -----------------------------


def _tables(data: bytes, offset: int) -> dict[bytes, tuple[int, int]]:
    (count,) = struct.unpack_from(">H", data, offset + 4)
    out = {}
    for i in range(count):
        tag, _sum, start, length = struct.unpack_from(">4sLLL", data, offset + 12 + 16 * i)
        out[tag] = (start, length)
    return out


def _format12(table: bytes, at: int) -> list[tuple[int, int]]:
    (groups,) = struct.unpack_from(">L", table, at + 12)
    ranges = []
    for i in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", table, at + 16 + 12 * i)
        if glyph == 0:  # the first character maps to .notdef
            start += 1
        if start <= end:
            ranges.append((start, end))
    return ranges


def _format4(table: bytes, at: int) -> list[tuple[int, int]]:
    (seg2,) = struct.unpack_from(">H", table, at + 6)
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", table, at + 14)
    starts = struct.unpack_from(f">{segs}H", table, at + 16 + seg2)
    range_at = at + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{segs}H", table, range_at)
    ranges: list[tuple[int, int]] = []
    for i in range(segs):
        start, end = starts[i], ends[i]
        if start == 0xFFFF:
            continue
        if offsets[i] == 0:
            ranges.append((start, end))
            continue
        base = range_at + 2 * i + offsets[i]
        for cp in range(start, end + 1):
            where = base + 2 * (cp - start)
            if where + 2 <= len(table) and struct.unpack_from(">H", table, where)[0]:
                ranges.append((cp, cp))
    return ranges


def _coverage(table: bytes) -> list[tuple[int, int]]:
    (count,) = struct.unpack_from(">H", table, 2)
    best: tuple[int, int] | None = None  # (rank, offset)
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", table, 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", table, offset)
        rank = {
            (3, 10, 12): 0,
            (0, 4, 12): 0,
            (0, 6, 12): 0,
            (3, 1, 4): 1,
            (0, 3, 4): 1,
            (3, 0, 4): 2,
        }.get((platform, encoding, fmt))
        if rank is None and platform == 0 and fmt in (4, 12):
            rank = 1
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, offset)
    if best is None:
        return []
    (fmt,) = struct.unpack_from(">H", table, best[1])
    return _format12(table, best[1]) if fmt == 12 else _format4(table, best[1])


def _names(table: bytes) -> tuple[str, str]:
    """The family (typographic family first) and PostScript names, in English when given."""
    _fmt, count, strings = struct.unpack_from(">HHH", table, 0)
    found: dict[int, tuple[int, str]] = {}  # name id: (rank, text)
    for i in range(count):
        platform, _encoding, lang, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * i
        )
        if name_id not in (1, 6, 16):
            continue
        raw = table[strings + offset : strings + offset + length]
        if platform in (0, 3):
            rank = 0 if platform == 0 or lang == 0x409 else 2
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1:
            rank, text = (1 if lang == 0 else 3), raw.decode("latin-1")
        else:
            continue
        if name_id not in found or rank < found[name_id][0]:
            found[name_id] = (rank, text)
    family = found.get(16) or found.get(1) or (0, "")
    return family[1], found.get(6, (0, ""))[1]


def _merged(ranges: list[tuple[int, int]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(ranges):
        if starts and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return tuple(starts), tuple(ends)


def read_faces(path: Path) -> list[Face]:
    """The faces in font file ``path`` with their coverage; none when it cannot be read."""
    try:
        data = path.read_bytes()
        if data[:4] == b"ttcf":
            (count,) = struct.unpack_from(">L", data, 8)
            offsets = struct.unpack_from(f">{count}L", data, 12)
        else:
            offsets = (0,)
        faces = []
        for index, offset in enumerate(offsets):
            tables = _tables(data, offset)
            if b"cmap" not in tables:
                continue
            start, length = tables[b"cmap"]
            ranges = _coverage(data[start : start + length])
            family, postscript = ("", "")
            if b"name" in tables:
                start, length = tables[b"name"]
                family, postscript = _names(data[start : start + length])
            truetype = b"glyf" in tables
            outlines = truetype or any(
                t in tables for t in (b"CFF ", b"CFF2", b"CBDT", b"sbix", b"COLR")
            )
            starts, ends = _merged(ranges)
            faces.append(Face(path, index, family, postscript, truetype, outlines, starts, ends))
        return faces
    except (OSError, struct.error, ValueError, IndexError):
        return []


# --- where fonts are on this machine ---------------------------------------------------------


def own_folders() -> list[Path]:
    """The council's own font folders (``DHR_DESK_FONTS``), tried before the system's."""
    return [Path(p).expanduser() for p in os.environ.get(ENV_FONTS, "").split(os.pathsep) if p]


def system_folders() -> list[Path]:
    """The folders where this system keeps its fonts."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        system = [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        system = [
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            home / "Library" / "Fonts",
        ]
    else:
        system = [
            Path("/usr/share/fonts"),
            Path("/usr/local/share/fonts"),
            home / ".local" / "share" / "fonts",
            home / ".fonts",
        ]
    return system


def _font_files(folders: Sequence[Path]) -> Iterator[Path]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    yield Path(root) / name


class Fallbacks:
    """The fallback faces of one set of folders, read as they are needed."""

    def __init__(self, own: Sequence[Path], system: Sequence[Path]) -> None:
        self._lock = threading.RLock()
        own_files = list(_font_files(own))
        files = list(dict.fromkeys(_font_files(system)))
        by_name: dict[str, Path] = {}
        for path in files:
            by_name.setdefault(path.name.lower(), path)
        preferred = [by_name[n] for n in PREFERRED if n in by_name]
        # The shipped faces too: a character only DejaVu Sans has is still drawn by it.
        shipped = [fonts_dir() / name for name in FONT_FILES.values()]
        self._order = list(dict.fromkeys([*own_files, *preferred, *shipped, *files]))
        self._read: list[Face] = []
        self._next = 0
        self._choice: dict[tuple[int, Engine], Face | None] = {}

    def _faces(self) -> Iterator[Face]:
        """Every face in order; files are read the first time they are reached."""
        at = 0
        while True:
            while at >= len(self._read):
                if self._next >= len(self._order):
                    return
                path = self._order[self._next]
                self._next += 1
                self._read.extend(read_faces(path))
            yield self._read[at]
            at += 1

    def read_so_far(self) -> list[Face]:
        with self._lock:
            return list(self._read)

    def face_for(self, cp: int, engine: Engine) -> Face | None:
        """The first face that covers ``cp`` and that ``engine`` can draw."""
        with self._lock:
            key = (cp, engine)
            if key not in self._choice:
                self._choice[key] = next(
                    (f for f in self._faces() if _usable(f, engine) and f.covers(cp)), None
                )
            return self._choice[key]

    def face_for_text(self, text: str, engine: Engine) -> Face | None:
        """The first face that covers every character of ``text`` (a word kept in one font)."""
        with self._lock:
            first = self.face_for(ord(text[0]), engine)
            if first is None or first.covers_all(text):
                return first
            return next(
                (f for f in self._faces() if _usable(f, engine) and f.covers_all(text)), None
            )


def _usable(face: Face, engine: Engine) -> bool:
    return face.truetype if engine == "reportlab" else face.outlines


_lock = threading.Lock()
_fallbacks: Fallbacks | None = None
_base: frozenset[int] | None = None


def fallbacks() -> Fallbacks:
    """This process's fallback fonts (found once; :func:`forget` starts again)."""
    global _fallbacks
    with _lock:
        if _fallbacks is None:
            _fallbacks = Fallbacks(own_folders(), system_folders())
        return _fallbacks


def forget() -> None:
    """Find the fallback fonts again on next use (after ``DHR_DESK_FONTS`` changed)."""
    global _fallbacks
    with _lock:
        _fallbacks = None


def base_coverage() -> frozenset[int]:
    """The characters every embedded DejaVu face draws, less Arabic script (which goes to a
    font made for it, so a word is never drawn in two fonts)."""
    global _base
    with _lock:
        if _base is None:
            sets = []
            for name in FONT_FILES.values():
                faces = read_faces(fonts_dir() / name)
                cover: set[int] = set()
                for face in faces[:1]:
                    for start, end in zip(face.starts, face.ends, strict=True):
                        cover.update(range(start, end + 1))
                sets.append(cover)
            common = set.intersection(*sets) if sets else set()
            _base = frozenset(cp for cp in common if not _arabic_script(cp))
        return _base


def _arabic_script(cp: int) -> bool:
    return (
        0x0600 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
        or 0x0590 <= cp <= 0x05FF  # Hebrew: right to left as well
    )


def covered(text: str) -> bool:
    """Whether the DejaVu faces draw all of ``text`` (the common case: one piece)."""
    if text.isascii():
        return True
    return _base_chars().issuperset(text)


@functools.cache
def _base_chars() -> frozenset[str]:
    return frozenset(chr(cp) for cp in base_coverage()) | {"\n"}


def replacement(cp: int) -> str:
    return f"U+{cp:04X}"


# --- splitting text into pieces by font --------------------------------------------------------

Piece = tuple[str, Face | None]  # None: the DejaVu face the text is set in


def _rtl_run(text: str, at: int) -> int:
    """The end of the right-to-left run that starts at ``at`` (letters, their marks and the
    spaces between words; it ends on a right-to-left letter)."""
    end = at + 1
    last = end
    while end < len(text):
        kind = unicodedata.bidirectional(text[end])
        if kind not in _RTL_INSIDE or text[end] == "\n":
            break
        end += 1
        if kind in _RTL_CLASSES or kind == "NSM":
            last = end
    return last


def visual_rtl(run: str) -> str:
    """A right-to-left run joined (Arabic presentation forms) and in drawing order: left to
    right on the page, each letter with its marks."""
    import arabic_reshaper

    joined = arabic_reshaper.reshape(run)
    clusters: list[str] = []
    for ch in joined:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return "".join(reversed(clusters))


def pieces(text: str, engine: Engine = "reportlab") -> list[Piece]:
    """``text`` in pieces by the font that draws each: None for DejaVu, else a fallback face.
    A character no font covers becomes its code point (in DejaVu); right-to-left runs come
    joined and in drawing order (reportlab only: Typst lays them out itself)."""
    if covered(text):
        return [(text, None)]
    base = base_coverage()
    found = fallbacks()
    out: list[Piece] = []

    def add(part: str, face: Face | None) -> None:
        if out and out[-1][1] is face:
            out[-1] = (out[-1][0] + part, face)
        else:
            out.append((part, face))

    at = 0
    while at < len(text):
        ch = text[at]
        cp = ord(ch)
        if cp in _IGNORED:
            at += 1
            continue
        if cp in base or ch == "\n":
            add(ch, None)
            at += 1
            continue
        if engine == "reportlab" and unicodedata.bidirectional(ch) in _RTL_CLASSES:
            end = _rtl_run(text, at)
            drawn = visual_rtl(text[at:end])
            face = found.face_for_text(drawn, engine) or found.face_for_text(text[at:end], engine)
            if face is not None and face.covers_all(drawn.replace(" ", "")):
                add(drawn, face)
                at = end
                continue
        if out and out[-1][1] is not None and unicodedata.combining(ch):
            face = out[-1][1]  # a mark stays with its letter's font when that font has it
            if face.covers(cp):
                add(ch, face)
                at += 1
                continue
        face = found.face_for(cp, engine)
        add(ch if face is not None else replacement(cp), face)
        at += 1
    return out


def needed_faces(texts: Sequence[str], engine: Engine) -> list[Face]:
    """The fallback faces the characters of ``texts`` need, in the order they are tried."""
    base = base_coverage()
    found = fallbacks()
    wanted: dict[int, Face] = {}
    for cp in sorted({ord(ch) for text in texts if not covered(text) for ch in text}):
        if cp in base or cp in _IGNORED or cp == 0x0A:
            continue
        face = found.face_for(cp, engine)
        if face is not None:
            wanted[id(face)] = face
    order = {id(face): at for at, face in enumerate(found.read_so_far())}
    return sorted(wanted.values(), key=lambda face: order[id(face)])


def drawable(text: str, engine: Engine) -> str:
    """``text`` with each character no font on the machine covers as its code point."""
    if covered(text):
        return text
    base = base_coverage()
    found = fallbacks()
    return "".join(
        ch
        if ord(ch) in base
        or ord(ch) in _IGNORED
        or ch == "\n"
        or found.face_for(ord(ch), engine) is not None
        else replacement(ord(ch))
        for ch in text
    )


# --- reportlab ---------------------------------------------------------------------------------

_rl_lock = threading.Lock()
_rl_names: set[str] = set()


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF as UTF-16 pairs (reportlab
    writes five hex digits for them, and readers then lose the emoji)."""
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    body = [f"<{i:02X}> <{_utf16_hex(cp)}>" for i, cp in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail)


def reportlab_font(face: Face) -> str:
    """The reportlab name of ``face``, registered (with itself as bold and italic) once."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    from reportlab.pdfbase.ttfonts import TTFont

    name = face.key
    with _rl_lock:
        if name not in _rl_names:
            ttfonts.makeToUnicodeCMap = _to_unicode_cmap
            pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=face.index))
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )
            _rl_names.add(name)
    return name


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str) -> str:
    """``text`` as reportlab paragraph markup: escaped, each piece in the font that draws it."""
    if covered(text):
        return _escape(text)
    return "".join(
        _escape(part)
        if face is None
        else f'<font name="{reportlab_font(face)}">{_escape(part)}</font>'
        for part, face in pieces(text, "reportlab")
    )
