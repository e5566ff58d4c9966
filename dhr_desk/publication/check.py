"""The publication check: what in the texts of a published edition could still identify someone,
each finding with where it is, and the words around it.

A finding is open until the coordinator fixes the text (the next check no longer finds it), adds
what it names to the pseudonym register (the published edition then replaces it), or accepts it
with a reason (a clearance, kept and audited). A clearance names one finding by its key (its
kind, its text and the words around it, so the same words found again are still cleared), or
every finding of one kind and text ("everywhere").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dhr_desk.publication import matcher as m
from dhr_desk.publication import patterns as p
from dhr_desk.publication.matcher import Matcher
from dhr_desk.publication.register import Register
from dhr_desk.publication.text import fold

PSEUDONYM = "pseudonym"

KIND_LABELS: dict[str, str] = {
    m.NAME: "Name",
    m.POSSIBLE_NAME: "Possible name",
    m.DATE_OF_BIRTH: "Date of birth",
    m.ADDRESS: "Address",
    m.PLACE: "Place",
    m.WATCH_LIST: "Watch list",
    m.IDENTIFIER: "Identifier",
    p.POSTCODE: "Postcode",
    p.PHONE: "Phone number",
    p.EMAIL: "E-mail address",
    p.NHS_NUMBER: "NHS number",
    p.NI_NUMBER: "National Insurance number",
    p.POLICE_REFERENCE: "Police reference",
    p.COURT_REFERENCE: "Court reference",
    p.VEHICLE_REGISTRATION: "Vehicle registration",
    PSEUDONYM: "Pseudonym",
}
EVERYWHERE = "all"  # a clearance key prefix: every finding of this kind and text
_CONTEXT = 40
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str  # the matched text as written
    where: str
    detail: str
    context: str  # the words around it
    key: str
    cleared: str = ""  # the reason it was accepted ("" while open)

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def open(self) -> bool:
        return not self.cleared

    @property
    def everywhere_key(self) -> str:
        return everywhere_key(self.kind, self.text)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "where": self.where,
            "detail": self.detail,
            "context": self.context,
            "key": self.key,
            "state": "open" if self.open else "accepted",
            "reason": self.cleared,
        }


def everywhere_key(kind: str, text: str) -> str:
    return f"{EVERYWHERE}:{kind}:{_SPACES.sub(' ', fold(text)).strip().lower()}"[:60]


def finding_key(kind: str, text: str, context: str) -> str:
    body = f"{kind}\x1f{fold(text).lower()}\x1f{_SPACES.sub(' ', fold(context)).lower()}"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - _CONTEXT) : start]
    after = text[end : end + _CONTEXT]
    head = "…" if start > _CONTEXT else ""
    tail = "…" if end + _CONTEXT < len(text) else ""
    return _SPACES.sub(" ", f"{head}{before}{text[start:end]}{after}{tail}").strip()


def find_in(matcher: Matcher, located: Sequence[tuple[str, str]]) -> list[Finding]:
    """The findings in texts given with where each is (each distinct text is read once)."""
    texts = [text for _where, text in located]
    out: list[Finding] = []
    for (where, text), hits in zip(located, matcher.find_many(texts), strict=True):
        for hit in hits:
            written = text[hit.start : hit.end]
            context = _context(text, hit.start, hit.end)
            key = finding_key(hit.kind, written, context)
            out.append(Finding(hit.kind, written, where, hit.detail, context, key))
    return out


def register_findings(register: Register) -> list[Finding]:
    """What in the register itself would let a name through (a pseudonym not set, or one
    that is also a real name)."""
    out = []
    for problem in register.problems:
        where = f"Pseudonym register › {problem.where}"
        key = finding_key(PSEUDONYM, problem.text, problem.where)
        out.append(Finding(PSEUDONYM, problem.text, where, problem.detail, "", key))
    return out


def cleared(findings: Iterable[Finding], reasons: dict[str, str]) -> list[Finding]:
    """The findings with the reasons of their clearances (by key, or everywhere)."""
    out = []
    for finding in findings:
        reason = reasons.get(finding.key) or reasons.get(finding.everywhere_key, "")
        out.append(replace(finding, cleared=reason) if reason else finding)
    return out


def unique(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per key and place (the same words found twice in one place are one)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for finding in findings:
        mark = (finding.key, finding.where)
        if mark not in seen:
            seen.add(mark)
            out.append(finding)
    return out
