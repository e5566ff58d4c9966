"""The ways a place is written. An address by its lines: the house and street ("14 Larch
Close", "14, Larch Cl."), the street alone, its abbreviations ("Larchmere Ave"), the postcode
with or without its space and in any case, and the flat or house name; the town and county stay,
since they are the general area. A named place (a workplace, a school) by its names.

Each way is a :class:`~dhr_desk.publication.names.Form`; the distinctive word of a street or a
place ("Larchmere", "Oakfield") is a form the check points out but the published edition keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dhr_desk.publication.names import Form, Strength, word_pattern, words_form
from dhr_desk.publication.text import fold
from dhr_desk.publication.words import (
    AMBIGUOUS_STREET_KINDS,
    PLACE_WORDS,
    STREET_KINDS,
    WORD_NAMES,
)

_POSTCODE = re.compile(r"(?:^|\s)([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})$")
_SEPARATORS = re.compile(r"\s*[,\n]\s*")
_END = r"(?![^\W_])"


@dataclass(frozen=True)
class PlaceForms:
    hidden: list[Form]  # replaced in a published edition
    pointed: list[Form]  # left, and pointed out by the check


def _place_pattern(words: list[str]) -> str:
    """Words of a place with commas or spaces between them, the street kind abbreviated."""
    out = []
    for word in words:
        kinds = _street_kind(word)
        if kinds:
            choices = "|".join(re.escape(k) for k in kinds)
            out.append(rf"(?:{choices})\.?")
        else:
            out.append(word_pattern(word))
    return r"[\s,]+".join(out)


def _street_kind(word: str) -> tuple[str, ...]:
    lower = word.lower().rstrip(".")
    for full, short in STREET_KINDS.items():
        if lower == full or lower in short:
            return (full, *short) if short else ()
    return ()


def _form(words: list[str], strength: Strength = Strength.FULL) -> Form:
    text = " ".join(words)
    first = re.match(r"[^\W_]+", text)
    trigger = first.group(0).lower() if first else text.lower()
    return Form(text, _place_pattern(words) + r"(?P<sx>'s)?" + _END, (trigger,), strength)


def postcode_form(outward: str, inward: str) -> Form:
    text = f"{outward.upper()} {inward.upper()}"
    pattern = rf"{re.escape(outward)}\s*{re.escape(inward)}(?P<sx>)" + _END
    triggers = (outward.lower(), (outward + inward).lower())
    return Form(text, pattern, triggers, Strength.DISTINCT)


def _distinctive(words: list[str]) -> list[str]:
    out = []
    for word in words:
        lower = word.lower().strip(".'")
        if (
            len(lower) >= 4
            and word[:1].isupper()
            and lower.isalpha()
            and lower not in PLACE_WORDS
            and lower not in WORD_NAMES
            and not _street_kind(word)
        ):
            out.append(word)
    return out


def address_forms(address: str) -> PlaceForms:
    """An address line by line (see the module docstring)."""
    hidden: list[Form] = []
    pointed: list[Form] = []
    pieces: list[list[str]] = []
    for piece in (p for p in _SEPARATORS.split(fold(address).strip()) if p):
        postcode = _POSTCODE.search(piece)
        if postcode:
            hidden.append(postcode_form(postcode.group(1), postcode.group(2)))
            piece = piece[: postcode.start()].strip()
        if piece:
            pieces.append(piece.split())
    last = _last_specific(pieces)
    for index, words in enumerate(pieces[: last + 1]):
        hidden.append(_form(words))
        street = _street(words)
        if street is None or index != last:
            continue
        first, end = street
        if first > 0 or end + 1 < len(words):
            hidden.append(_form(words[first : end + 1]))
        pointed += [_form([w], Strength.DISTINCT) for w in _distinctive(words[first:end])]
    return PlaceForms(hidden, pointed)


def _last_specific(pieces: list[list[str]]) -> int:
    """The last line of an address that says which house (the street line); the lines after it
    (the town, the county) are the general area. With no street line, every line but the last
    ("Flat 31, Kingfisher House, Riverside, Ashford Vale": Ashford Vale stays)."""
    for index, words in enumerate(pieces):
        if _street(words) is not None:
            return index
    return max(0, len(pieces) - 2) if len(pieces) > 1 else 0


def _numbered(words: list[str]) -> bool:
    return bool(words) and any(ch.isdigit() for ch in words[0])


def _street(words: list[str]) -> tuple[int, int] | None:
    """Where the street is among the words of an address line ("14 Larch Close Eastfield" →
    "Larch Close"), or None when the line names no street."""
    first = 1 if _numbered(words) else 0
    for index in range(first + 1, len(words)):
        lower = words[index].lower().rstrip(".")
        if lower in AMBIGUOUS_STREET_KINDS and not first:
            continue  # "Ashford Vale" is a town; "12 Ashford Vale" a street
        if _street_kind(words[index]) or lower in STREET_KINDS:
            return first, index
    if first == 1 and len(words) >= 3:
        return first, len(words) - 1  # "14 Larchmere" with no kind of street
    return None


def named_place_forms(names: tuple[str, ...]) -> PlaceForms:
    """A workplace, school or other place by each of its names (the first is its real name)."""
    hidden: list[Form] = []
    pointed: list[Form] = []
    for index, name in enumerate(names):
        words = fold(name).split()
        if not words:
            continue
        if len(words) == 1:
            hidden.append(words_form((words[0],), named=True))
        else:
            hidden.append(_form(words))
        if index == 0:
            pointed += [_form([w], Strength.DISTINCT) for w in _distinctive(words)]
    return PlaceForms(hidden, pointed)
