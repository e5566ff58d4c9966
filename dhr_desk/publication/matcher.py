"""Finding what the register hides in a text, and replacing it.

The text is folded (:mod:`.text`), split into words once, and each word that can start a
registered form (a name, a place, a watch-list word) is tried against the forms it starts,
longest first; a title before a name ("Mrs", "DI") goes with it. Dates (:mod:`.dates`) and, for
the check, identifiers recognised by their shape (:mod:`.patterns`) are found in passes of their
own. Names of the council, the partnership and the agencies are never taken for a person's.

:meth:`Matcher.scrub` gives the text a published edition shows; :meth:`Matcher.find` what the
publication check reports in a published text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from dhr_desk.publication import dates as written_dates
from dhr_desk.publication.names import Form, Strength, forms_of, watch_form, words_form
from dhr_desk.publication.patterns import find_shapes
from dhr_desk.publication.places import address_forms, named_place_forms
from dhr_desk.publication.register import WITHHELD_DOB, WITHHELD_NAME, Register
from dhr_desk.publication.text import Folded, fold
from dhr_desk.publication.words import PERSONAL_TITLES, ROLE_WORDS, TITLES, WORD_NAMES

NAME = "name"
POSSIBLE_NAME = "possible_name"
DATE_OF_BIRTH = "date_of_birth"
ADDRESS = "address"
PLACE = "place"
WATCH_LIST = "watch_list"
IDENTIFIER = "identifier"
EVENT_DATE = "event_date"  # a date made month and year (a replacement, never a finding)

_TOKEN = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_BETWEEN = re.compile(r"[\s,]*")
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
    r"(?<![^\W_])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Mister)\.?\s+"
    r"(?P<name>[A-Z](?:[A-Za-z\-]*'[A-Z])?[A-Za-z\-]+)"
)


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
class _Candidate:
    form: Form
    regex: re.Pattern[str]
    kind: str
    shown: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    check_only: bool = False  # pointed out by the check, never replaced

    @property
    def replacement(self) -> str:
        shown = set(self.shown)
        return self.shown[0] if len(shown) == 1 else WITHHELD_NAME

    @property
    def owner(self) -> str:
        owners = sorted(set(self.owners))
        return owners[0] if len(owners) == 1 else f"{len(owners)} entries of the register"


@dataclass
class _Scan:
    """One text being read: the folded text and the hits found so far (folded positions)."""

    folded: Folded
    check: bool
    protected: list[tuple[int, int]]
    hits: list[Hit] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.folded.text

    def inside_protected(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.protected, (start, 10**12)) - 1
        return index >= 0 and self.protected[index][0] <= start and end <= self.protected[index][1]


class Matcher:
    """Reads texts against one register (see the module docstring)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self._institution_words = {
            w.lower() for n in register.institutions for w in fold(n).split()
        }
        self._candidates: dict[str, _Candidate] = {}
        for entry in register.names:
            kind = NAME
            for name in entry.names:
                for form in forms_of(name, alias=name in entry.aliases):
                    self._add(form, kind, entry.shown_as, entry.source)
        for place in register.places:
            self._add_place(place.names, place.shown_as, place.source, place.address)
        for text, source in register.watch:
            watched = watch_form(text)
            if watched is not None:
                self._add(watched, WATCH_LIST, "", source, check_only=True)
        self._by_trigger: dict[str, list[_Candidate]] = {}
        for candidate in self._candidates.values():
            for trigger in candidate.form.triggers:
                self._by_trigger.setdefault(trigger, []).append(candidate)
        for found in self._by_trigger.values():
            found.sort(key=lambda c: (len(c.form.text), c.kind == NAME), reverse=True)
        self._births = {b.day: b for b in register.births}
        self._identifiers = self._identifier_pattern()
        self._institutions = _phrases(register.institutions)
        self._shown = _phrases([*register.institutions, *register.shown(), WITHHELD_NAME])

    # Building -------------------------------------------------------------------------------
    def _add(
        self, form: Form, kind: str, shown: str, source: str, *, check_only: bool = False
    ) -> None:
        """One form of one register line. The same words from several lines are one candidate:
        its replacement is theirs if they agree, and it is read as the strongest of them (a
        word the register lists as a name outright is a name, not an ordinary word)."""
        key = f"{kind}:{form.text.lower()}:{form.case_sensitive}"
        candidate = self._candidates.get(key)
        if candidate is None:
            candidate = self._candidate(form, kind)
            candidate.check_only = check_only
            self._candidates[key] = candidate
        else:
            if _RANK[form.strength] > _RANK[candidate.form.strength] or (
                candidate.check_only and not check_only
            ):
                family = candidate.form.family or form.family
                upgraded = self._candidate(replace(form, family=family), kind)
                candidate.form, candidate.regex = upgraded.form, upgraded.regex
            candidate.check_only = candidate.check_only and check_only
        if not check_only:
            candidate.shown.append(shown)
        candidate.owners.append(source)

    @staticmethod
    def _candidate(form: Form, kind: str) -> _Candidate:
        if form.family and "(?P<sx>'s|s'|'|es|s)?" not in form.pattern:
            form = words_form(tuple(form.text.split()), family=True, named=_named(form))
        flags = 0 if form.case_sensitive else re.I
        return _Candidate(form, re.compile(form.pattern, flags), kind)

    def _add_place(self, names: tuple[str, ...], shown: str, source: str, address: bool) -> None:
        kind = ADDRESS if address else PLACE
        if address:
            forms = address_forms(names[0])
            for other in names[1:]:
                forms.hidden.append(words_form(tuple(fold(other).split())))
        else:
            forms = named_place_forms(names)
        for form in forms.hidden:
            self._add(form, kind, shown, source)
        for form in forms.pointed:
            if form.text.lower() not in self._institution_words:
                self._add(form, PLACE, shown, source, check_only=True)

    def _identifier_pattern(self) -> re.Pattern[str] | None:
        parts = []
        self._identifier_of: dict[str, tuple[str, str]] = {}
        for ident in self.register.identifiers:
            digits = re.sub(r"\D", "", ident.text)
            if "@" in ident.text:
                parts.append(re.escape(fold(ident.text)))
                self._identifier_of[fold(ident.text).lower()] = (ident.shown_as, ident.source)
                continue
            if digits.startswith("0") and len(digits) in (10, 11):
                body = r"[\s\-()]?".join(digits[1:])
                parts.append(rf"(?:\+44\s?(?:\(0\)\s?)?|\(?0){body}")
            else:
                chars = [re.escape(c) for c in fold(ident.text) if c.isalnum()]
                parts.append(r"[\s\-/]?".join(chars))
            self._identifier_of[digits] = (ident.shown_as, ident.source)
        if not parts:
            return None
        joined = "|".join(sorted(parts, key=len, reverse=True))
        return re.compile(rf"(?<![\w@.])(?:{joined})(?![\w@])", re.I)

    # Reading --------------------------------------------------------------------------------
    def scan(self, text: str, *, check: bool = False) -> list[Hit]:
        """Every hit in ``text``, positions in the text as written, in reading order."""
        if not text:
            return []
        folded = Folded.of(text)
        protected = _spans(self._shown if check else self._institutions, folded.text)
        scan = _Scan(folded, check, protected)
        self._words(scan)
        self._dates(scan)
        self._registered_identifiers(scan)
        if check:
            self._shapes(scan)
            self._unknown_titled(scan)
        return [
            Hit(h.kind, *folded.span(h.start, h.end), h.replacement, h.detail)
            for h in _without_overlaps(scan.hits)
        ]

    def find(self, text: str) -> list[Hit]:
        """What the publication check points out in a published text."""
        return self.scan(text, check=True)

    def scrub(self, text: str) -> str:
        """``text`` as a published edition shows it. Neighbouring parts of one thing ("Jane
        S-W", a street and its postcode) become one replacement."""
        if not text:
            return text
        replaced: list[Hit] = []
        for hit in self.scan(text):
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

    def _words(self, scan: _Scan) -> None:
        text = scan.text
        by_trigger = self._by_trigger
        done_until = -1
        for token in _TOKEN.finditer(text):
            start = token.start()
            if start < done_until:
                continue
            candidates = by_trigger.get(token.group().lower())
            if not candidates:
                continue
            for candidate in candidates:
                if candidate.check_only and not scan.check:
                    continue
                m = candidate.regex.match(text, start)
                if m is None:
                    continue
                hit = self._judge(candidate, m, scan)
                if hit is not None:
                    scan.hits.append(hit)
                    done_until = hit.end
                break

    def _judge(self, candidate: _Candidate, m: re.Match[str], scan: _Scan) -> Hit | None:
        text = scan.text
        start = m.start()
        suffix = m.group("sx") or ""
        end = m.end()
        body_end = end - len(suffix)
        written = text[start:body_end]
        form = candidate.form
        if scan.inside_protected(start, body_end):
            return None  # part of the council's, the partnership's or an agency's name
        title = _TITLE_BEFORE.search(text, max(0, start - 48), start)
        as_name = _reads_as_name(form, written, text, start, body_end, title is not None)
        if as_name is None:
            return None
        if not as_name or candidate.check_only:
            return self._pointed(candidate, start, body_end, written)
        if title is not None and candidate.kind == NAME:
            start = title.start()
        if scan.check:
            return Hit(candidate.kind, start, body_end, None, f"a real {_what(candidate)}")
        return self._replaced(candidate, start, end, suffix, text)

    def _pointed(self, candidate: _Candidate, start: int, end: int, written: str) -> Hit:
        if candidate.kind == WATCH_LIST:
            return Hit(WATCH_LIST, start, end, None, f"on the watch list ({candidate.owner})")
        if candidate.kind in (PLACE, ADDRESS):
            detail = f"may be the place in the register ({candidate.owner})"
            return Hit(PLACE, start, end, None, detail)
        detail = f"'{written}' may be a name in the register ({candidate.owner}) or a word"
        return Hit(POSSIBLE_NAME, start, end, None, detail)

    def _replaced(self, candidate: _Candidate, start: int, end: int, suffix: str, text: str) -> Hit:
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

    def _dates(self, scan: _Scan) -> None:
        text = scan.text
        month_year = self.register.month_year and not scan.check
        if _DIGIT.search(text) is None:
            return
        for found in written_dates.find_dates(text):
            hit = self._date_hit(found, scan, month_year)
            if hit is not None:
                scan.hits.append(hit)

    def _date_hit(
        self, found: written_dates.WrittenDate, scan: _Scan, month_year: bool
    ) -> Hit | None:
        birth = next((b for day, b in self._births.items() if found.is_day(day)), None)
        if birth is not None and (found.full or found.cue_start is not None):
            start = found.cue_start if found.cue_start is not None else found.start
            shown = f"aged {birth.age}" if found.cue_start is not None else f"[aged {birth.age}]"
            detail = f"the date of birth ({birth.source})"
            return Hit(DATE_OF_BIRTH, start, found.end, None if scan.check else shown, detail)
        if found.cue_start is not None and found.month is not None:
            detail = "a date of birth"
            replacement = None if scan.check else WITHHELD_DOB
            return Hit(DATE_OF_BIRTH, found.cue_start, found.end, replacement, detail)
        if month_year and found.full:
            day = found.as_date(dt.date.today())
            if day is None:
                return None
            start = found.start
            words = written_dates.month_year(day)
            before = scan.text[max(0, start - 3) : start]
            if before.lower() == "on ":
                start -= 3
                words = ("In " if before[0].isupper() else "in ") + words
            return Hit(EVENT_DATE, start, found.end, words, "a date of an event")
        return None

    def _registered_identifiers(self, scan: _Scan) -> None:
        if self._identifiers is None:
            return
        for m in self._identifiers.finditer(scan.text):
            value = m.group(0)
            key = value.lower() if "@" in value else re.sub(r"\D", "", value)
            if key.startswith("44") and key[2:] and ("0" + key[2:]) in self._identifier_of:
                key = "0" + key[2:]
            shown, source = self._identifier_of.get(key, (WITHHELD_NAME, "the register"))
            replacement = None if scan.check else shown
            scan.hits.append(Hit(IDENTIFIER, m.start(), m.end(), replacement, f"held for {source}"))

    def _shapes(self, scan: _Scan) -> None:
        for shape in find_shapes(scan.text):
            if not scan.inside_protected(shape.start, shape.end):
                scan.hits.append(Hit(shape.kind, shape.start, shape.end, None, shape.detail))

    def _unknown_titled(self, scan: _Scan) -> None:
        for m in _UNKNOWN_TITLED.finditer(scan.text):
            name = m.group("name")
            if name.lower() in ROLE_WORDS or scan.inside_protected(m.start("name"), m.end()):
                continue
            detail = "a title and a name that is not in the pseudonym register"
            scan.hits.append(Hit(POSSIBLE_NAME, m.start(), m.end(), None, detail))


_RANK = {
    Strength.WORD: 0,
    Strength.SHORT: 1,
    Strength.NAMED: 2,
    Strength.INITIALS: 2,
    Strength.FULL: 3,
    Strength.DISTINCT: 3,
}


def _named(form: Form) -> bool:
    return form.strength is Strength.NAMED


def _what(candidate: _Candidate) -> str:
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
    if titled:
        return True
    if strength is Strength.NAMED:
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


def _phrases(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for several phrases (institutions, pseudonyms, roles), spaces flexible."""
    parts = []
    for name in names:
        words = fold(name or "").split()
        if words:
            parts.append(r"\s+".join(re.escape(w) for w in words))
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.I)


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text)]


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Hits in reading order; where two overlap, the one that starts first (then the longer)
    is kept."""
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
