"""Dates as people write them: 12/03/1985, 12-03-85, 1985-03-12, 12th March 1985, 12 Mar 85,
the 12th of March, 1985, March 12, 1985, March 1985, and "born in 1985"; with whether a date of
birth cue ("born", "DOB", "date of birth") comes before it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dhr_desk.records.fields import MONTH_NAMES

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'\d{2}|\d{2})"
# Dates that begin with a digit (the pattern starts with one, so it is read quickly).
_NUMERIC = re.compile(
    rf"""
    (?:
        (?P<d1>\d{{1,2}})(?P<s1>[/.\-])(?P<m1>\d{{1,2}})(?P=s1)(?P<y1>\d{{4}}|\d{{2}})
      | (?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})
      | (?P<d3>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-]+(?P<m3>{_MONTH}),?[\s\-]+(?P<y3>{_YEAR})
    )(?![\w/])
    """,
    re.I | re.X,
)
# Dates that begin with the month ("March 12, 1985", "May 2023") are found from their year.
_YEAR_ANCHOR = re.compile(r"(?:19|20)\d\d(?![\w/])")
_MONTH_BEFORE = re.compile(
    rf"(?<![\w])(?P<m>{_MONTH}),?\s+(?:(?:the\s+)?(?P<d>\d{{1,2}}){_ORD},?\s+)?$", re.I
)
_THE_BEFORE = re.compile(r"(?<![\w])the\s+$", re.I)
_CUE_BEFORE = re.compile(
    r"\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\b\.?|born(?:\s+on)?|birth\s*date)"
    r"\s*(?:is|was|of)?\s*[:\-]?\s*(?:on\s+|in\s+)?$",
    re.I,
)
_CUE_WORDS = ("born", "birth", "dob", "d.o.b", "d o b", "d. o. b")
_BEFORE_NOT = frozenset("/.-")


@dataclass(frozen=True)
class WrittenDate:
    """A date found in text. ``day``/``month`` are None when the text does not give them;
    ``two_digit`` when the year was written with two digits."""

    start: int
    end: int
    year: int
    month: int | None
    day: int | None
    two_digit: bool
    cue_start: int | None  # where a "born" / "DOB" cue before it starts

    @property
    def full(self) -> bool:
        return self.day is not None and self.month is not None

    def is_day(self, day: dt.date) -> bool:
        """Whether this is ``day`` as written (a two-digit year matches its last two digits)."""
        year = day.year % 100 if self.two_digit else day.year
        if self.year != year:
            return False
        if self.month is not None and self.month != day.month:
            return False
        return self.day is None or self.day == day.day

    def as_date(self, today: dt.date) -> dt.date | None:
        if not self.full:
            return None
        year = self.year
        if self.two_digit:
            year += 2000 if year <= today.year % 100 else 1900
        try:
            return dt.date(year, self.month or 1, self.day or 1)
        except ValueError:
            return None


def _year(text: str) -> tuple[int, bool]:
    text = text.lstrip("'")
    return int(text), len(text) == 2


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")[:3]]


def _numeric_parts(m: re.Match[str]) -> tuple[int, int | None, int | None, bool]:
    g = m.groupdict()
    if g["d1"]:
        year, short = _year(g["y1"])
        return year, int(g["m1"]), int(g["d1"]), short
    if g["y2"]:
        return int(g["y2"]), int(g["m2"]), int(g["d2"]), False
    year, short = _year(g["y3"])
    return year, _month(g["m3"]), int(g["d3"]), short


def _cue_start(text: str, start: int) -> int | None:
    """Where a "born" / "DOB" cue just before ``start`` begins (None if there is none)."""
    window = text[max(0, start - 40) : start].lower()
    if not any(word in window for word in _CUE_WORDS):
        return None
    m = _CUE_BEFORE.search(text, max(0, start - 40), start)
    return m.start() if m else None


def _sound(text: str, start: int) -> bool:
    """Whether a date may begin here (not in the middle of a number or a reference)."""
    if start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or before in _BEFORE_NOT)


def _valid(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def find_dates(text: str) -> Iterator[WrittenDate]:
    """Every date written in ``text`` (day-first when numeric, as in the UK), in order of
    where it ends."""
    spans: list[tuple[int, int]] = []
    for m in _NUMERIC.finditer(text):
        if not _sound(text, m.start()):
            continue
        year, month, day, short = _numeric_parts(m)
        if not _valid(month, day):
            continue
        start = m.start()
        if m.group("d3"):
            the = _THE_BEFORE.search(text, max(0, start - 6), start)
            start = the.start() if the else start
        spans.append((m.start(), m.end()))
        yield WrittenDate(start, m.end(), year, month, day, short, _cue_start(text, start))
    yield from _month_first(text, spans)


def _month_first(text: str, numeric: list[tuple[int, int]]) -> Iterator[WrittenDate]:
    """ "March 12, 1985", "May 2023", and a year after a cue ("born in 1985")."""
    index = 0
    for m in _YEAR_ANCHOR.finditer(text):
        while index < len(numeric) and numeric[index][1] <= m.start():
            index += 1
        if index < len(numeric) and numeric[index][0] <= m.start():
            continue  # the year of a date already read
        if not _sound(text, m.start()):
            continue
        year = int(m.group(0))
        before = _MONTH_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before is not None:
            day = int(before.group("d")) if before.group("d") else None
            month = _month(before.group("m"))
            if _valid(month, day):
                start = before.start()
                yield WrittenDate(start, m.end(), year, month, day, False, _cue_start(text, start))
            continue
        cue = _cue_start(text, m.start())
        if cue is not None:
            yield WrittenDate(m.start(), m.end(), year, None, None, False, cue)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def month_year(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"
