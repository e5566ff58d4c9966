"""Finding what the register hides in texts, and replacing it.

Texts are folded (:mod:`.text`) and read together, each distinct text once: the words that can
start a registered form (a name, a place, a watch-list line) are found in one pass over the
lower-cased text, and each is tried against the forms it starts, longest first; a title before
a name ("Mrs", "DI") goes with it. Dates (:mod:`.dates`), registered identifiers and, for the
check, identifiers recognised by their shape (:mod:`.patterns`) are looked for only in the texts
that hold a digit (or an "@"). The council's, the partnership's and the agencies' names are
never taken for a person's.

:meth:`Matcher.scrub` gives the text a published edition shows; :meth:`Matcher.find` and
:meth:`Matcher.find_many` what the publication check reports in published texts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from dhr_desk.publication import dates as written_dates
from dhr_desk.publication.candidates import (
    ADDRESS,
    NAME,
    PLACE,
    TITLE_TRIGGERS,
    WATCH_LIST,
    Candidate,
    Candidates,
)
from dhr_desk.publication.names import Form, Strength
from dhr_desk.publication.patterns import find_shapes
from dhr_desk.publication.register import WITHHELD_DOB, Register
from dhr_desk.publication.text import Folded
from dhr_desk.publication.words import PERSONAL_TITLES, ROLE_WORDS, TITLES, WORD_NAMES

POSSIBLE_NAME = "possible_name"
DATE_OF_BIRTH = "date_of_birth"
IDENTIFIER = "identifier"
EVENT_DATE = "event_date"  # a date made month and year (a replacement, never a finding)
__all__ = [
    "ADDRESS",
    "DATE_OF_BIRTH",
    "EVENT_DATE",
    "IDENTIFIER",
    "NAME",
    "PLACE",
    "POSSIBLE_NAME",
    "WATCH_LIST",
    "Hit",
    "Matcher",
]

SEPARATOR = "\x00"  # between texts read together: no pattern reads across it
_TITLE_WORDS = "|".join(sorted(TITLES, key=len, reverse=True))
_TITLE_BEFORE = re.compile(
    rf"(?<![^\W_])(?:(?:detective|police|chief|acting|temporary|senior|woman)\s+)*"
    rf"(?:{_TITLE_WORDS})\.?\s+$",
    re.I,
)
_THE_BEFORE = re.compile(r"(?<![^\W_])the\s+$", re.I)
_MONTHS = frozenset(
    [*(m.lower() for m in written_dates.MONTH_NAMES), *written_dates.MONTHS, "sept"]
)
_NUMBER_AFTER = re.compile(r"\s*(?:\d|of\s+\d)")
_NUMBER_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?\s+$", re.I)
_RANK_BEFORE = re.compile(r"(?:police|detective|chief|special|acting)\s+$", re.I)
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
_UNKNOWN_TITLED = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Mister)\.?\s+(?P<name>[A-Z](?:[A-Za-z\-]*'[A-Z])?[A-Za-z\-]+)"
)
_DIGIT_OR_AT = re.compile(r"[\d@]")
_WORD = re.compile(r"[^\W_]+")
_LAST_WORD = re.compile(r"([^\W_]+)\.?\s+$")
_BETWEEN = re.compile(r"[\s,]*")
_WINDOW = 120  # characters either side of a hit searched for a protected phrase


@dataclass(frozen=True)
class Hit:
    """Something the register hides, or the check points out, in one text. ``start``/``end``
    are positions in the text as written; ``replacement`` is None when it is only pointed out."""

    kind: str
    start: int
    end: int
    replacement: str | None
    detail: str


@dataclass
class _Joined:
    """Texts read together, joined by a separator no pattern reads across."""

    texts: list[str]
    text: str = ""
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = SEPARATOR.join(self.texts)
        offset = 0
        for text in self.texts:
            self.starts.append(offset)
            offset += len(text) + 1

    def which(self, position: int) -> tuple[int, int]:
        """(the text's index, the position in it)."""
        index = bisect.bisect_right(self.starts, position) - 1
        return index, position - self.starts[index]


@dataclass
class _Reading:
    """One pass over joined texts: the text, whether for the check, the hits so far."""

    text: str
    check: bool
    protected: re.Pattern[str] | None
    protected_words: frozenset[str]
    hits: list[Hit] = field(default_factory=list)

    def inside_protected(self, start: int, end: int) -> bool:
        if self.protected is None:
            return False
        words = _WORD.findall(self.text, start, end)
        if not any(w.lower() in self.protected_words for w in words):
            return False  # no word of a protected phrase: it cannot be inside one
        low, high = max(0, start - _WINDOW), min(len(self.text), end + _WINDOW)
        for m in self.protected.finditer(self.text, low, high):
            if m.start() <= start and end <= m.end():
                return True
        return False


class Matcher:
    """Reads texts against one register (see the module docstring)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.candidates = Candidates(register)

    # Reading --------------------------------------------------------------------------------
    def scan_many(self, texts: Sequence[str], *, check: bool = False) -> list[list[Hit]]:
        """The hits in each text (positions in the text as written, in reading order); each
        distinct text is read once."""
        order = list(dict.fromkeys(texts))
        folded = [Folded.of(text) for text in order]
        found: list[list[Hit]] = [[] for _ in order]
        everything = _Joined([f.text for f in folded])
        reading = self._reading(everything.text, check)
        self._words(reading)
        self._distribute(reading.hits, everything, list(range(len(order))), found)
        numbered = [i for i, f in enumerate(folded) if _DIGIT_OR_AT.search(f.text)]
        if numbered:
            with_numbers = _Joined([folded[i].text for i in numbered])
            reading = self._reading(with_numbers.text, check)
            self._dates(reading)
            self._registered_identifiers(reading)
            if check:
                self._shapes(reading)
            self._distribute(reading.hits, with_numbers, numbered, found)
        result = [
            [Hit(h.kind, *f.span(h.start, h.end), h.replacement, h.detail) for h in _kept(hits)]
            for f, hits in zip(folded, found, strict=True)
        ]
        index = {text: i for i, text in enumerate(order)}
        return [result[index[text]] for text in texts]

    def scan(self, text: str, *, check: bool = False) -> list[Hit]:
        return self.scan_many([text], check=check)[0] if text else []

    def find(self, text: str) -> list[Hit]:
        """What the publication check points out in a published text."""
        return self.scan(text, check=True)

    def find_many(self, texts: Sequence[str]) -> list[list[Hit]]:
        return self.scan_many(texts, check=True)

    def scrub(self, text: str) -> str:
        """``text`` as a published edition shows it. Neighbouring parts of one thing ("Jane
        S-W", a street and its postcode) become one replacement."""
        return self.scrub_many([text])[0] if text else text

    def scrub_many(self, texts: Sequence[str]) -> list[str]:
        """Several texts as a published edition shows them, read in one pass."""
        return [
            _replace(text, hits) if hits else text
            for text, hits in zip(texts, self.scan_many(texts), strict=True)
        ]

    def _reading(self, text: str, check: bool) -> _Reading:
        if check:
            return _Reading(text, check, self.candidates.shown, self.candidates.shown_words)
        return _Reading(
            text, check, self.candidates.institutions, self.candidates.institution_words
        )

    @staticmethod
    def _distribute(
        hits: list[Hit], joined: _Joined, indexes: list[int], found: list[list[Hit]]
    ) -> None:
        for hit in hits:
            which, start = joined.which(hit.start)
            end = start + (hit.end - hit.start)
            found[indexes[which]].append(Hit(hit.kind, start, end, hit.replacement, hit.detail))

    # Names, places and the watch list -------------------------------------------------------
    def _words(self, reading: _Reading) -> None:
        text = reading.text
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer: keep it as it is
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        by_trigger = self.candidates.by_trigger
        done_until = -1
        for token in self.candidates.triggers.finditer(lowered):
            start = token.start()
            if start < done_until:
                continue
            hit = self._at(token.group(), start, reading, by_trigger.get(token.group(), []))
            if hit is not None:
                reading.hits.append(hit)
                done_until = hit.end

    def _at(
        self, word: str, start: int, reading: _Reading, candidates: list[Candidate]
    ) -> Hit | None:
        for candidate in candidates:
            if candidate.check_only and not reading.check:
                continue
            m = candidate.regex.match(reading.text, start)
            if m is not None:
                return self._judge(candidate, m, reading)
        if reading.check and word in TITLE_TRIGGERS:
            return self._unknown_titled(start, reading)
        return None

    def _judge(self, candidate: Candidate, m: re.Match[str], reading: _Reading) -> Hit | None:
        text = reading.text
        start = m.start()
        suffix = m.group("sx") or ""
        end = m.end()
        body_end = end - len(suffix)
        written = text[start:body_end]
        form = candidate.form
        if reading.inside_protected(start, body_end):
            return None  # part of the council's, the partnership's or an agency's name
        title = _title_before(text, start)
        as_name = _reads_as_name(form, written, text, start, body_end, title is not None)
        if as_name is None:
            return None
        if not as_name or candidate.check_only:
            return _pointed(candidate, start, body_end, written)
        if title is not None and candidate.kind == NAME:
            start = title.start()
        if reading.check:
            return Hit(candidate.kind, start, body_end, None, f"a real {_what(candidate)}")
        return _replaced(candidate, start, end, suffix, text)

    def _unknown_titled(self, start: int, reading: _Reading) -> Hit | None:
        """ "Mr Okonkwo": a title and a capitalised name the register does not hold."""
        m = _UNKNOWN_TITLED.match(reading.text, start)
        if m is None:
            return None
        name = m.group("name")
        if name.lower() in ROLE_WORDS or reading.inside_protected(m.start("name"), m.end()):
            return None
        first = _WORD.match(reading.text, m.start("name"))
        trigger = first.group(0).lower() if first else ""
        for candidate in self.candidates.by_trigger.get(trigger, []):
            if candidate.regex.match(reading.text, m.start("name")):
                return None  # a registered name: read from its own word
        detail = "a title and a name that is not in the pseudonym register"
        return Hit(POSSIBLE_NAME, m.start(), m.end(), None, detail)

    # Dates, identifiers, shapes -------------------------------------------------------------
    def _dates(self, reading: _Reading) -> None:
        month_year = self.register.month_year and not reading.check
        for found in written_dates.find_dates(reading.text):
            hit = self._date_hit(found, reading, month_year)
            if hit is not None:
                reading.hits.append(hit)

    def _date_hit(
        self, found: written_dates.WrittenDate, reading: _Reading, month_year: bool
    ) -> Hit | None:
        births = self.candidates.births
        birth = next((b for day, b in births.items() if found.is_day(day)), None)
        if birth is not None and (found.full or found.cue_start is not None):
            start = found.cue_start if found.cue_start is not None else found.start
            shown = f"aged {birth.age}" if found.cue_start is not None else f"[aged {birth.age}]"
            detail = f"the date of birth ({birth.source})"
            return Hit(DATE_OF_BIRTH, start, found.end, None if reading.check else shown, detail)
        if found.cue_start is not None and found.month is not None:
            replacement = None if reading.check else WITHHELD_DOB
            return Hit(DATE_OF_BIRTH, found.cue_start, found.end, replacement, "a date of birth")
        if month_year and found.full:
            return _month_and_year(found, reading.text)
        return None

    def _registered_identifiers(self, reading: _Reading) -> None:
        pattern = self.candidates.identifiers
        if pattern is None:
            return
        for m in pattern.finditer(reading.text):
            shown, source = self.candidates.identifier(m.group(0))
            replacement = None if reading.check else shown
            hit = Hit(IDENTIFIER, m.start(), m.end(), replacement, f"held for {source}")
            reading.hits.append(hit)

    @staticmethod
    def _shapes(reading: _Reading) -> None:
        for shape in find_shapes(reading.text):
            if not reading.inside_protected(shape.start, shape.end):
                reading.hits.append(Hit(shape.kind, shape.start, shape.end, None, shape.detail))


def _title_before(text: str, start: int) -> re.Match[str] | None:
    """The title just before a name ("Mrs ", "DI ", "Detective Inspector "), if any."""
    last = _LAST_WORD.search(text, max(0, start - 48), start)
    if last is None or last.group(1).lower() not in TITLES:
        return None
    return _TITLE_BEFORE.search(text, max(0, start - 48), start)


def _replace(text: str, hits: list[Hit]) -> str:
    replaced: list[Hit] = []
    for hit in hits:
        if hit.replacement is None:
            continue
        last = replaced[-1] if replaced else None
        if (
            last is not None
            and last.replacement == hit.replacement
            and _BETWEEN.fullmatch(text, last.end, hit.start)
        ):
            replaced[-1] = Hit(last.kind, last.start, hit.end, last.replacement, last.detail)
            continue
        replaced.append(hit)
    out = text
    for hit in reversed(replaced):
        shown = str(hit.replacement)
        if "\u2019" in text[hit.start : hit.end]:
            shown = shown.replace("'", "\u2019")  # the apostrophe as the text writes it
        out = out[: hit.start] + shown + out[hit.end :]
    return out


def _pointed(candidate: Candidate, start: int, end: int, written: str) -> Hit:
    if candidate.kind == WATCH_LIST:
        return Hit(WATCH_LIST, start, end, None, f"on the watch list ({candidate.owner})")
    if candidate.kind in (PLACE, ADDRESS):
        detail = f"may be the place in the register ({candidate.owner})"
        return Hit(PLACE, start, end, None, detail)
    detail = f"'{written}' may be a name in the register ({candidate.owner}) or a word"
    return Hit(POSSIBLE_NAME, start, end, None, detail)


def _replaced(candidate: Candidate, start: int, end: int, suffix: str, text: str) -> Hit:
    shown = candidate.replacement
    if candidate.form.family and suffix in ("s", "es", "s'"):
        the = _THE_BEFORE.search(text, max(0, start - 8), start)
        capital = False
        if the is not None:
            capital = text[the.start()].isupper()
            start = the.start()
        shown = f"{shown}'s family" + ("'s" if suffix == "s'" else "")
        if capital:
            shown = shown[:1].upper() + shown[1:]
    elif suffix:
        shown += "'s" if suffix in ("s", "'s") else "'"
    return Hit(candidate.kind, start, end, shown, f"the {_what(candidate)}")


def _month_and_year(found: written_dates.WrittenDate, text: str) -> Hit | None:
    """An event date as month and year ("on 14/02/2023" → "in February 2023")."""
    day = found.as_date(dt.date.today())
    if day is None:
        return None
    start = found.start
    words = written_dates.month_year(day)
    before = text[max(0, start - 3) : start]
    if before.lower() == "on ":
        start -= 3
        words = ("In " if before[0].isupper() else "in ") + words
    return Hit(EVENT_DATE, start, found.end, words, "a date of an event")


def _what(candidate: Candidate) -> str:
    if candidate.kind == NAME:
        return f"name held for {candidate.owner}"
    if candidate.kind == ADDRESS:
        return f"address held for {candidate.owner}"
    return f"place held in {candidate.owner}"


def _reads_as_name(
    form: Form, written: str, text: str, start: int, end: int, titled: bool
) -> bool | None:
    """True: a name; False: perhaps a name (pointed out); None: not a name here."""
    strength = form.strength
    if strength in (Strength.DISTINCT, Strength.INITIALS):
        return True
    if strength is Strength.FULL:
        all_words = all(w.lower() in WORD_NAMES for w in written.split())
        return None if written.islower() and all_words else True
    if not written[:1].isupper():
        return None  # "rose", "may", "will": the word
    if _not_a_name_here(written, text, start, end):
        return None
    if titled or strength is Strength.NAMED:
        return True
    if strength is Strength.SHORT:
        return None if written.isupper() and written.lower() in TITLES else not written.isupper()
    return False


def _not_a_name_here(written: str, text: str, start: int, end: int) -> bool:
    lower = written.lower()
    if lower in _MONTHS and (
        _NUMBER_AFTER.match(text, end) or _NUMBER_BEFORE.search(text, max(0, start - 12), start)
    ):
        return True  # "May 2023", "12 May"
    if lower in TITLES and lower not in PERSONAL_TITLES:
        if _RANK_BEFORE.search(text, max(0, start - 12), start):
            return True  # "Police Constable"
        if _CAPITAL_AFTER.match(text, end):
            return True  # "Constable Smith"
    return False


def _kept(hits: list[Hit]) -> list[Hit]:
    """Hits in reading order; where two overlap, the one that starts first (then the longer)
    is kept."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
