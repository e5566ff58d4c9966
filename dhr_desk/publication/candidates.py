"""The register as the matcher reads it: every form of every name, place and watch-list line
(a candidate), the words that start them, the dates of birth, the identifiers the register
holds, and the phrases that are never a person's name (the council's, the partnership's and
the agencies' names; in a published text also the pseudonyms and roles it shows)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dhr_desk.publication.names import Form, Strength, forms_of, watch_form, words_form
from dhr_desk.publication.places import address_forms, named_place_forms
from dhr_desk.publication.register import WITHHELD_NAME, BirthDate, Register
from dhr_desk.publication.text import fold
from dhr_desk.publication.words import PERSONAL_TITLES

NAME = "name"
ADDRESS = "address"
PLACE = "place"
WATCH_LIST = "watch_list"
TITLE_TRIGGERS = frozenset([*PERSONAL_TITLES, "mister"])

_RANK = {
    Strength.WORD: 0,
    Strength.SHORT: 1,
    Strength.NAMED: 2,
    Strength.INITIALS: 2,
    Strength.FULL: 3,
    Strength.DISTINCT: 3,
}
_FAMILY_SUFFIX = "(?P<sx>'s|s'|'|es|s)?"
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Candidate:
    """One form with the register lines it belongs to."""

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


def compiled(form: Form, kind: str) -> Candidate:
    if form.family and _FAMILY_SUFFIX not in form.pattern:
        named = form.strength is Strength.NAMED
        form = words_form(tuple(form.text.split()), family=True, named=named)
    flags = 0 if form.case_sensitive else re.I
    return Candidate(form, re.compile(form.pattern, flags), kind)


class Candidates:
    """Everything the matcher looks for, built once per register."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.institution_words = frozenset(
            w.lower() for n in register.institutions for w in _WORD.findall(fold(n))
        )
        self._all: dict[str, Candidate] = {}
        for entry in register.names:
            for name in entry.names:
                for form in forms_of(name, alias=name in entry.aliases):
                    self.add(form, NAME, entry.shown_as, entry.source)
        for place in register.places:
            self._add_place(place.names, place.shown_as, place.source, place.address)
        for text, source in register.watch:
            watched = watch_form(text)
            if watched is not None:
                self.add(watched, WATCH_LIST, "", source, check_only=True)
        self.by_trigger: dict[str, list[Candidate]] = {}
        for candidate in self._all.values():
            for trigger in candidate.form.triggers:
                self.by_trigger.setdefault(trigger, []).append(candidate)
        for found in self.by_trigger.values():
            found.sort(key=lambda c: (len(c.form.text), c.kind == NAME), reverse=True)
        self.triggers = _trie_pattern([*self.by_trigger, *TITLE_TRIGGERS])
        self.births: dict[dt.date, BirthDate] = {b.day: b for b in register.births}
        self.identifier_of: dict[str, tuple[str, str]] = {}
        self.identifiers = self._identifier_pattern()
        self.institutions = phrases(register.institutions)
        shown = [*register.institutions, *register.shown(), WITHHELD_NAME]
        self.shown = phrases(shown)
        self.shown_words = frozenset(w.lower() for n in shown for w in _WORD.findall(fold(n)))

    def add(
        self, form: Form, kind: str, shown: str, source: str, *, check_only: bool = False
    ) -> None:
        """One form of one register line. The same words from several lines are one candidate:
        its replacement is theirs if they agree, and it is read as the strongest of them (a
        word the register lists as a name outright is a name, not an ordinary word)."""
        key = f"{kind}:{form.text.lower()}:{form.case_sensitive}"
        candidate = self._all.get(key)
        if candidate is None:
            candidate = compiled(form, kind)
            candidate.check_only = check_only
            self._all[key] = candidate
        else:
            if _RANK[form.strength] > _RANK[candidate.form.strength] or (
                candidate.check_only and not check_only
            ):
                family = candidate.form.family or form.family
                upgraded = compiled(replace(form, family=family), kind)
                candidate.form, candidate.regex = upgraded.form, upgraded.regex
            candidate.check_only = candidate.check_only and check_only
        if not check_only:
            candidate.shown.append(shown)
        candidate.owners.append(source)

    def _add_place(self, names: tuple[str, ...], shown: str, source: str, address: bool) -> None:
        kind = ADDRESS if address else PLACE
        if address:
            forms = address_forms(names[0])
            for other in names[1:]:
                forms.hidden.append(words_form(tuple(fold(other).split())))
        else:
            forms = named_place_forms(names)
        for form in forms.hidden:
            self.add(form, kind, shown, source)
        for form in forms.pointed:
            if form.text.lower() not in self.institution_words:
                self.add(form, PLACE, shown, source, check_only=True)

    def _identifier_pattern(self) -> re.Pattern[str] | None:
        parts = []
        for ident in self.register.identifiers:
            digits = re.sub(r"\D", "", ident.text)
            if "@" in ident.text:
                parts.append(re.escape(fold(ident.text)))
                self.identifier_of[fold(ident.text).lower()] = (ident.shown_as, ident.source)
                continue
            if digits.startswith("0") and len(digits) in (10, 11):
                body = r"[\s\-()]?".join(digits[1:])
                parts.append(rf"(?:\+44\s?(?:\(0\)\s?)?|\(?0){body}")
            else:
                chars = [re.escape(c) for c in fold(ident.text) if c.isalnum()]
                parts.append(r"[\s\-/]?".join(chars))
            self.identifier_of[digits] = (ident.shown_as, ident.source)
        if not parts:
            return None
        joined = "|".join(sorted(parts, key=len, reverse=True))
        return re.compile(rf"(?<![\w@.])(?:{joined})(?![\w@])", re.I)

    def identifier(self, value: str) -> tuple[str, str]:
        """What a published edition shows for a registered identifier, and whose it is."""
        key = value.lower() if "@" in value else re.sub(r"\D", "", value)
        if key.startswith("44") and ("0" + key[2:]) in self.identifier_of:
            key = "0" + key[2:]
        return self.identifier_of.get(key, (WITHHELD_NAME, "the register"))


def phrases(names: Iterable[str]) -> re.Pattern[str] | None:
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


def _trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole words, any of ``words`` (lower case), as a pattern read against lower-cased text.
    The words share their beginnings, so the pattern stays fast however many there are."""
    trie: dict[str, Any] = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _branch(trie) or "(?!)"
    return re.compile(rf"\b{body}\b")


def _branch(node: dict[str, Any]) -> str:
    ends = "" in node
    alternatives = [re.escape(ch) + _branch(child) for ch, child in sorted(node.items()) if ch]
    if not alternatives:
        return ""
    group = "(?:" + "|".join(alternatives) + ")"
    return group + "?" if ends else group
