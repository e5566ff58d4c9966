"""Identifiers recognised by their shape, whoever they belong to: UK postcodes (with or without
the space, any case), phone numbers, e-mail addresses, NHS and National Insurance numbers,
police and court references, and vehicle registrations. Read against folded text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
NHS_NUMBER = "nhs_number"
NI_NUMBER = "ni_number"
POLICE_REFERENCE = "police_reference"
COURT_REFERENCE = "court_reference"
VEHICLE_REGISTRATION = "vehicle_registration"

_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?P<out>[A-Za-z]{1,2}\d[A-Za-z\d]?)[ \t]*(?P<in>\d[A-Za-z]{2})(?![A-Za-z0-9])"
)
_INWARD_NOT = set("CIKMOVcikmov")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")
# Begins with "+", "0" or "(" (read quickly); the character before is checked apart.
_PHONE = re.compile(
    r"(?:(?:\+|00)44[\s\-]?(?:\(0\)[\s\-]?)?\d{2,4}|\(0\d{2,4}\)|0\d{2,4})"
    r"[\s\-]?\d{3,4}[\s\-]?\d{2,4}(?![\w])"
)
_EMAIL = re.compile(r"(?<![\w.%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_NHS = re.compile(r"(?<![\w\-/])(?P<n>[1-9]\d{2}(?P<sep>[ \-]?)\d{3}(?P=sep)\d{4})(?![\w\-/])")
_NI = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-Da-d](?![A-Za-z0-9])"
)
_REF_CHARS = r"[A-Za-z0-9][A-Za-z0-9/\-]*\d[A-Za-z0-9/\-]*"
_POLICE_CUED = re.compile(
    r"\b(?:crime\s+(?:ref(?:erence)?|no|number|report(?:\s+number)?)|crn|incident\s+"
    r"(?:no|number|ref(?:erence)?|log)|log\s+(?:no|number|ref)|occurrence\s+(?:no|number)"
    r"|cad(?:\s+(?:no|number|ref))?|urn|pnc(?:\s*(?:id|no|number))?|cro(?:\s*(?:no|number))?"
    r"|storm(?:\s+(?:ref|log))?|niche(?:\s+(?:ref|no|number))?|athena(?:\s+(?:ref|no|number))?"
    r"|police\s+ref(?:erence)?)\.?\s*[:#]?\s*(?P<ref>" + _REF_CHARS + ")",
    re.I,
)
_POLICE_SHAPE = re.compile(r"(?<![\w/])(?:\d{2}/\d{4,7}/\d{2,4}|\d{2}/\d{5,7}[A-Z])(?![\w/])")
_COURT_CUED = re.compile(
    r"\b(?:case\s+(?:no|number|ref(?:erence)?)|claim\s+(?:no|number)|indictment\s+"
    r"(?:no|number)|court\s+(?:ref(?:erence)?|no|number))\.?\s*[:#]?\s*(?P<ref>" + _REF_CHARS + ")",
    re.I,
)
_COURT_SHAPE = re.compile(
    r"(?<![\w/])(?:T\s?\d{4}\s?\d{4}|[A-Z]\d{2}[A-Z]{2}\d{3}|[A-Z]{2}\d{2}[A-Z]\d{5})(?![\w/])"
)
_VEHICLE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?i:[A-Z]{2}\d{2}[ ]?[A-Z]{3})|[A-Z]\d{1,3}[ ][A-Z]{3}"
    r"|[A-Z]{3}[ ]\d{1,3}[A-Z])(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class Shape:
    kind: str
    start: int
    end: int
    detail: str


def _postcodes(text: str) -> Iterator[Shape]:
    for m in _POSTCODE.finditer(text):
        outward, inward = m.group("out"), m.group("in")
        if outward[0].upper() in "QVX" or set(inward[1:]) & _INWARD_NOT:
            continue
        if _ORDINAL.search(inward) and inward[1:].islower():
            continue  # "3rd", "4th"
        yield Shape(POSTCODE, m.start(), m.end(), "a UK postcode")


def _phones(text: str) -> Iterator[Shape]:
    for m in _PHONE.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_+"):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("44"):
            digits = "0" + digits[2:].lstrip("0")
        elif digits.startswith("0044"):
            digits = "0" + digits[4:].lstrip("0")
        if len(digits) in (10, 11) and digits[1] in "1235789":
            yield Shape(PHONE, m.start(), m.end(), "a UK phone number")


def nhs_check_digit_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _nhs_numbers(text: str) -> Iterator[Shape]:
    for m in _NHS.finditer(text):
        number = m.group("n")
        valid = nhs_check_digit_ok(number)
        if valid or m.group("sep"):
            detail = "an NHS number" if valid else "a number written like an NHS number"
            yield Shape(NHS_NUMBER, m.start(), m.end(), detail)


_POLICE_CUES = (
    "crime",
    "crn",
    "incident",
    "log",
    "occurrence",
    "cad",
    "urn",
    "pnc",
    "cro",
    "storm",
    "niche",
    "athena",
    "police ref",
)
_COURT_CUES = ("case", "claim", "indictment", "court")


def _cued(
    pattern: re.Pattern[str],
    cues: tuple[str, ...],
    kind: str,
    detail: str,
    text: str,
    lowered: str,
) -> Iterator[Shape]:
    """A reference after its cue ("crime ref 42/123456/23"): the pattern is tried only where
    a cue word is written."""
    starts: set[int] = set()
    for cue in cues:
        at = lowered.find(cue)
        while at != -1:
            starts.add(at)
            at = lowered.find(cue, at + 1)
    for start in sorted(starts):
        m = pattern.match(text, start)
        if m is not None:
            yield Shape(kind, m.start("ref"), m.end("ref"), detail)


def _shaped(pattern: re.Pattern[str], kind: str, detail: str, text: str) -> Iterator[Shape]:
    for m in pattern.finditer(text):
        yield Shape(kind, m.start(), m.end(), detail)


def find_shapes(text: str) -> list[Shape]:
    """Every identifier in ``text`` recognised by its shape."""
    found = [*_postcodes(text), *_phones(text), *_nhs_numbers(text)]
    if "@" in text:
        found += _shaped(_EMAIL, EMAIL, "an e-mail address", text)
    found += _shaped(_NI, NI_NUMBER, "a National Insurance number", text)
    lowered = text.lower() if len(text.lower()) == len(text) else text
    found += _cued(
        _POLICE_CUED, _POLICE_CUES, POLICE_REFERENCE, "a police reference", text, lowered
    )
    found += _shaped(_POLICE_SHAPE, POLICE_REFERENCE, "a police reference", text)
    found += _cued(_COURT_CUED, _COURT_CUES, COURT_REFERENCE, "a court reference", text, lowered)
    found += _shaped(_COURT_SHAPE, COURT_REFERENCE, "a court reference", text)
    found += _shaped(_VEHICLE, VEHICLE_REGISTRATION, "a vehicle registration", text)
    return found
