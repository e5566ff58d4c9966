"""Text as the matcher reads it: accents folded, curly apostrophes and dashes made plain, soft
hyphens and invisible characters dropped, and a word broken at a line end joined again, with a
map from every position back to the text as written (so a replacement lands where it belongs).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that change nothing a reader sees: soft hyphen, zero-width spaces and joiners.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# "Whit-⏎field": a word hyphenated at a line end (the next line goes on in lower case).
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[a-z])")

_PLAIN = {
    "\u2019": "'",  # right single quotation mark (the curly apostrophe)
    "\u2018": "'",
    "\u02bc": "'",  # modifier letter apostrophe
    "\u2032": "'",  # prime
    "\u00b4": "'",  # acute accent written as an apostrophe
    "`": "'",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",
    "\u2013": "-",  # en dash
    "\u00a0": " ",  # no-break space
    "\u202f": " ",
    "\u2007": " ",
    "\u0131": "i",  # dotless i
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
    "\u00f0": "d",
    "\u00de": "T",
    "\u00fe": "t",
}


def _fold_char(ch: str) -> str:
    """One character without its accents ("ë" → "e"), or itself when that is not one letter."""
    if ch in _PLAIN:
        return _PLAIN[ch]
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2200):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    table[ord("`")] = "'"
    return table


_FOLD = _table()  # one character for one: positions do not move


def fold(text: str) -> str:
    """``text`` as the matcher reads it, for names and register lines (positions may move)."""
    return Folded.of(text).text


@dataclass(frozen=True)
class Folded:
    """Folded text and, when characters were dropped, where each of its characters came from."""

    text: str
    origin: tuple[int, ...] | None = None  # None: every position is its own

    @classmethod
    def of(cls, text: str) -> Folded:
        if text.isascii() and "`" not in text:
            if "-" not in text or _LINE_BREAK_HYPHEN.search(text) is None:
                return cls(text)
        elif _INVISIBLE.search(text) is None and _LINE_BREAK_HYPHEN.search(text) is None:
            return cls(text.translate(_FOLD))
        dropped = set()
        for match in _INVISIBLE.finditer(text):
            dropped.add(match.start())
        for match in _LINE_BREAK_HYPHEN.finditer(text):
            dropped.update(range(match.start(), match.end()))
        origin = tuple(i for i in range(len(text)) if i not in dropped)
        kept = "".join(text[i] for i in origin)
        return cls(kept.translate(_FOLD), origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the folded ``[start, end)`` lies in the text as written."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            last = self.origin[-1] + 1 if self.origin else 0
            return last, last
        first = self.origin[start]
        last = self.origin[end - 1] + 1 if end > start else first
        return first, last
