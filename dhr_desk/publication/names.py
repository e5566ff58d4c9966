"""The ways one name is written: in full, first and last, surname alone, each half of a
hyphenated name, with and without its particles, the given names alone, initials with and
without dots, "SURNAME, Given", and the initial with the surname.

Each way is a :class:`Form`: a pattern read against folded text (:mod:`.text`), the words that
start it, and how strong a sign of the person it is (:class:`Strength`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from dhr_desk.publication.text import fold
from dhr_desk.publication.words import (
    ACRONYMS,
    DESCRIPTIVE_WORDS,
    PARTICLES,
    PERSONAL_TITLES,
    ROLE_WORDS,
    TITLES,
    WORD_NAMES,
)


class Strength(enum.Enum):
    """How a form is read.

    FULL: two or more words of the name, in any case (not all in lower case if every word is an
    ordinary word). DISTINCT: one word that is no ordinary word ("Whitfield", "JANE"), in any
    case. SHORT: one or two letters ("Jo", "Di"): a name when written with a capital.
    WORD: an ordinary word that is also a name ("May", "Harper"): a name only after a title;
    capitalised without one it is pointed out by the check; in lower case it is the word.
    NAMED: an ordinary word the register lists as a name on its own (a nickname "Bunny"): a
    name whenever capitalised. INITIALS: capital letters, with dots or none ("J.S.W.", "JSW").
    """

    FULL = "full"
    DISTINCT = "distinct"
    SHORT = "short"
    WORD = "word"
    NAMED = "named"
    INITIALS = "initials"


@dataclass(frozen=True)
class Form:
    text: str  # how it reads, folded ("Jane Smith-Whitfield", "J.S.W.")
    pattern: str  # matched at the start of its first word; group ``sx`` is a suffix
    triggers: tuple[str, ...]  # the first word of the form as the text splits it, lower case
    strength: Strength
    family: bool = False  # a surname: "the Smith-Whitfields" is the family
    case_sensitive: bool = False

    @property
    def key(self) -> str:
        return f"{self.strength.value}:{self.text.lower()}"


@dataclass(frozen=True)
class ParsedName:
    given: tuple[str, ...]
    surname: tuple[str, ...]  # with its particles: ("van", "der", "Berg")

    @property
    def core(self) -> str:
        """The surname without its particles ("Berg", "Smith-Whitfield")."""
        return self.surname[-1] if self.surname else ""

    @property
    def words(self) -> tuple[str, ...]:
        return self.given + self.surname


_PAREN = re.compile(r"\([^)]*\)")
_WORD_SPLIT = re.compile(r"\s+")
_STRIP = '.,;:"()[]'
_TOKEN_START = re.compile(r"[^\W_]+")


def parse(name: str, *, keep_titles: bool = False) -> ParsedName | None:
    """A name in its parts: "Mrs Jane Smith-Whitfield (mother)" → given ("Jane",), surname
    ("Smith-Whitfield",); "Robert van der Berg" → ("Robert",), ("van", "der", "Berg"). The part
    before a comma is the name ("Keith Lomax, Chair of the CSP"), unless it is "SURNAME, Given"."""
    text = _PAREN.sub(" ", fold(name)).strip()
    if not text:
        return None
    head, _, tail = text.partition(",")
    words = [w.strip(_STRIP) for w in _WORD_SPLIT.split(head.strip()) if w.strip(_STRIP)]
    rest = [w.strip(_STRIP) for w in _WORD_SPLIT.split(tail.strip()) if w.strip(_STRIP)]
    if len(words) == 1 and words[0].isupper() and 1 <= len(rest) <= 2 and _all_names(rest):
        words = [*rest, words[0]]  # "WHITFIELD, Jane" → Jane WHITFIELD
    while not keep_titles and len(words) > 1 and _is_title(words):
        words = words[1:]
    if not words:
        return None
    if len(words) == 1:
        return ParsedName((words[0],), ())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return ParsedName(tuple(words[:start]), tuple(words[start:]))


def _is_title(words: list[str]) -> bool:
    """Whether the first word is a title: "Mrs", "Dr." always; a rank ("DI", "Nurse") when
    written in capitals or followed by a whole name ("Di Harper" is a name)."""
    first = words[0].lower().rstrip(".")
    if first in PERSONAL_TITLES:
        return True
    if first not in TITLES:
        return False
    return words[0].isupper() or words[0].endswith(".") or len(words) > 2


def _all_names(words: list[str]) -> bool:
    return all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (particles allowed), none a word of a role or team:
    "Helen Cartwright", "Robert van der Berg", "DI Tom Hargreaves"; not "Head of Service" or
    "Community Safety Team"."""
    parsed = parse(text.split(",")[0])
    if parsed is None:
        return False
    words = parsed.words
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        core = word.replace("-", "").replace("'", "")
        if word.lower() in PARTICLES and word is not words[0]:
            continue
        if not core.isalpha() or not core[0].isupper() or (core.isupper() and len(core) > 1):
            return False
        if word.lower() in ROLE_WORDS:
            return False
    return True


# Patterns ------------------------------------------------------------------------------------
def word_pattern(word: str) -> str:
    """One word of a name as a pattern: a hyphen may be written as a space or broken at a line
    end ("Smith-⏎Whitfield"), an apostrophe may be missing or a space ("OBrien", "O Brien"), a
    full stop may be missing ("St John")."""
    out = []
    for piece in re.split(r"(['\-.])", word):
        if piece == "'":
            out.append(r"(?:'|\s)?")
        elif piece == "-":
            out.append(r"(?:\s*-\s*|\s+)")
        elif piece == ".":
            out.append(r"\.?")
        elif piece:
            out.append(re.escape(piece))
    return "".join(out)


def _suffix(family: bool, distinct: bool) -> str:
    if family:
        return r"(?P<sx>'s|s'|'|es|s)?"
    if distinct:
        return r"(?P<sx>'s|'|s)?"  # "Janes mum": a possessive without its apostrophe
    return r"(?P<sx>'s|')?"


_END = r"(?![^\W_])"


def _triggers(text: str) -> tuple[str, ...]:
    first = _TOKEN_START.match(text)
    found = {first.group(0).lower()} if first else set()
    head = text.split()[0] if text.split() else text
    plain = re.sub(r"['.]", "", head.split("-")[0])
    if plain:
        found.add(plain.lower())
    return tuple(sorted(found))


def strength_of(word: str, named: bool = False) -> Strength:
    letters = re.sub(r"[^A-Za-z]", "", word)
    lower = word.lower()
    if lower in WORD_NAMES:
        return Strength.NAMED if named else Strength.WORD
    if len(letters) <= 2:
        return Strength.SHORT
    if lower in TITLES or lower in ACRONYMS:
        return Strength.NAMED if named else Strength.WORD
    return Strength.DISTINCT


def words_form(words: tuple[str, ...], *, family: bool = False, named: bool = False) -> Form:
    """The form of one or more words of a name, in order."""
    text = " ".join(words)
    if len(words) == 1:
        strength = strength_of(words[0], named)
        if "-" in words[0] and strength is Strength.SHORT:
            strength = Strength.DISTINCT  # "Jo-Ann"
    else:
        strength = Strength.FULL
    body = r"\s+".join(word_pattern(w) for w in words)
    pattern = body + _suffix(family, strength is Strength.DISTINCT) + _END
    return Form(text, pattern, _triggers(text), strength, family)


def watch_form(text: str) -> Form | None:
    """A watch-list line: its words in any case (a single ordinary word only capitalised)."""
    words = tuple(fold(text).split())
    if not words:
        return None
    body = r"\s+".join(word_pattern(w) for w in words)
    strength = Strength.FULL
    if len(words) == 1 and words[0].lower() in WORD_NAMES:
        strength = Strength.NAMED
    return Form(" ".join(words), body + r"(?P<sx>'s|s)?" + _END, _triggers(words[0]), strength)


def inverted_form(parsed: ParsedName) -> Form | None:
    """ "SMITH-WHITFIELD, Jane" as police records write it."""
    if not parsed.surname or not parsed.given:
        return None
    surname = " ".join(parsed.surname)
    text = f"{surname}, {parsed.given[0]}"
    body = r"\s+".join(word_pattern(w) for w in parsed.surname)
    pattern = body + r"\s*,\s*" + word_pattern(parsed.given[0]) + _suffix(False, False) + _END
    return Form(text, pattern, _triggers(text), Strength.FULL)


def initial_surname_forms(parsed: ParsedName) -> list[Form]:
    """ "J. Smith-Whitfield", "J Whitfield": the first initial (a capital) and a surname."""
    if not parsed.surname or not parsed.given:
        return []
    initial = parsed.given[0][:1].upper()
    if not initial.isalpha():
        return []
    surnames = {" ".join(parsed.surname), parsed.core, *parsed.core.split("-")}
    out = []
    for surname in sorted(s for s in surnames if s):
        body = r"\s+".join(word_pattern(w) for w in surname.split())
        pattern = rf"(?-i:{re.escape(initial)})(?:\.\s*|\s+){body}" + _suffix(True, False) + _END
        out.append(Form(f"{initial}. {surname}", pattern, (initial.lower(),), Strength.FULL, True))
    return out


def _initials(parsed: ParsedName) -> list[list[tuple[str, bool]]]:
    """Sequences of (letter, joined to the one before by a hyphen)."""
    parts = [part for word in parsed.given for part in word.split("-")]
    given = [(part[:1].upper(), False) for part in parts if part[:1].isalpha()]
    halves = [h for h in parsed.core.split("-") if h[:1].isalpha()]
    surname = [(h[:1].upper(), i > 0) for i, h in enumerate(halves)]
    particles = [(w[:1].lower(), False) for w in parsed.surname[:-1] if w[:1].isalpha()]
    sequences = [given + surname, given + particles + surname]
    if given:
        sequences.append(given[:1] + surname)
        sequences += [given[:1] + [(letter, False)] for letter, _ in surname]
    if len(surname) >= 2:
        sequences.append(surname)  # "S-W" for Smith-Whitfield
    unique: list[list[tuple[str, bool]]] = []
    for seq in sequences:
        if len(seq) >= 2 and seq not in unique:
            unique.append(seq)
    return unique


def initials_forms(parsed: ParsedName) -> list[Form]:
    """ "J.S.W.", "J.S-W.", "J. S. W." and "JSW", "JS-W" (capitals as written)."""
    if not parsed.surname:
        return []
    out = []
    for seq in _initials(parsed):
        dotted = [re.escape(seq[0][0])]
        plain = [seq[0][0]]
        plain_pattern = [re.escape(seq[0][0])]
        for letter, hyphen in seq[1:]:
            dotted.append(r"(?:\.?\s?-\s?|\.\s?)" if hyphen else r"\.\s?")
            dotted.append(re.escape(letter))
            plain.append(("-" if hyphen else "") + letter)
            plain_pattern.append(("-?" if hyphen else "") + re.escape(letter))
        dotted_text = ".".join(letter for letter, _ in seq) + "."
        out.append(
            Form(
                dotted_text,
                "".join(dotted) + r"\.?" + _suffix(False, False) + _END,
                (seq[0][0].lower(),),
                Strength.INITIALS,
                case_sensitive=True,
            )
        )
        joined = "".join(plain)
        if joined.replace("-", "").lower() in ACRONYMS:
            continue
        out.append(
            Form(
                joined,
                "".join(plain_pattern) + _suffix(False, False) + _END,
                tuple(sorted({*_triggers(joined), joined.replace("-", "").lower()})),
                Strength.INITIALS,
                case_sensitive=True,
            )
        )
    return out


def forms_of(name: str, *, alias: bool = False) -> list[Form]:
    """Every form of one name. ``alias``: a name the register lists outright (a nickname or
    an alias), so a single ordinary word ("Bunny") is a name whenever it is capitalised."""
    parsed = parse(name)
    if parsed is None:
        return []
    words = parsed.words
    if _description(words):
        return [words_form(tuple(fold(name).split()))]  # "Group of youths": as written only
    if len(words) == 1:
        return _single_forms(words[0], alias)
    out = [words_form(words)]
    first = parsed.given[0]
    surname = parsed.surname
    core = parsed.core
    halves = core.split("-") if "-" in core else []
    out.append(words_form((first, *surname)))
    if len(surname) > 1:
        out.append(words_form((first, core)))
        out.append(words_form(surname, family=True))
        if surname[0].lower() in PARTICLES:
            out.append(words_form((surname[0].capitalize(), *surname[1:]), family=True))
    out += [words_form((first, half)) for half in halves]
    out += [words_form((given, core)) for given in parsed.given[1:]]
    for given in parsed.given:
        out += _single_forms(given, alias)
    out.append(words_form((core,), family=True))
    out += [words_form((half,), family=True) for half in halves]
    inverted = inverted_form(parsed)
    if inverted is not None:
        out.append(inverted)
    out += initial_surname_forms(parsed)
    out += initials_forms(parsed)
    return _unique(out)


def _description(words: tuple[str, ...]) -> bool:
    """Whether a "name" describes someone rather than names them ("Group of youths (four
    identified)", "Unknown male", "Neighbours")."""
    lowered = [w.lower() for w in words]
    return any(w in DESCRIPTIVE_WORDS for w in lowered) or all(w in ROLE_WORDS for w in lowered)


def _single_forms(word: str, alias: bool) -> list[Form]:
    out = [words_form((word,), named=alias)]
    if "-" in word:
        out += [words_form((half,), named=alias) for half in word.split("-") if half]
    return out


def _unique(forms: list[Form]) -> list[Form]:
    seen: dict[str, Form] = {}
    for form in forms:
        seen.setdefault(form.key, form)
    return list(seen.values())
