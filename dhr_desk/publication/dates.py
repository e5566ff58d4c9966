"""Dates as people write them: 12/03/1985, 12-03-85, 1985-03-12, 12th March 1985, 12 Mar 85,
the 12th of March, 1985, March 12, 1985, March 1985, and "born in 1985"; with whether a date of
birth cue ("born", "DOB", "date of birth") comes before it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

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
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'\d{2}|\d{2})"
_DATE = re.compile(
    rf"""
    (?<![\w/.\-])(?:
        (?P<d1>\d{{1,2}})(?P<s1>[/.\-])(?P<m1>\d{{1,2}})(?P=s1)(?P<y1>\d{{4}}|\d{{2}})
      | (?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})
      | (?:the\s+)?(?P<d3>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-]+(?P<m3>{_MONTH}),?[\s\-]+(?P<y3>{_YEAR})
      | (?P<m4>{_MONTH})\s+(?:the\s+)?(?P<d4>\d{{1,2}}){_ORD},?\s+(?P<y4>\d{{4}})
      | (?P<m5>{_MONTH}),?\s+(?P<y5>\d{{4}})
      | (?<=born\s)(?:in\s+)?(?P<y6>\d{{4}})
    )(?![\w/])
    """,
    re.I | re.X,
)
_CUE = re.compile(
    r"(?:\b(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|born(?:\s+on)?|birth\s*date)"
    r"\s*(?:is|was|of)?\s*[:\-]?\s*(?:on\s+|in\s+)?)$",
    re.I,
)


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


def _parts(m: re.Match[str]) -> tuple[int, int | None, int | None, bool] | None:
    g = m.groupdict()
    if g["d1"]:
        year, short = _year(g["y1"])
        return year, int(g["m1"]), int(g["d1"]), short
    if g["y2"]:
        return int(g["y2"]), int(g["m2"]), int(g["d2"]), False
    if g["d3"]:
        year, short = _year(g["y3"])
        return year, _month(g["m3"]), int(g["d3"]), short
    if g["m4"]:
        return int(g["y4"]), _month(g["m4"]), int(g["d4"]), False
    if g["m5"]:
        return int(g["y5"]), _month(g["m5"]), None, False
    if g["y6"]:
        return int(g["y6"]), None, None, False
    return None


def find_dates(text: str) -> Iterator[WrittenDate]:
    """Every date written in ``text`` (day-first when numeric, as in the UK)."""
    for m in _DATE.finditer(text):
        parts = _parts(m)
        if parts is None:
            continue
        year, month, day, short = parts
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        cue = _CUE.search(before)
        cue_start = m.start() - (len(before) - cue.start()) if cue else None
        if m.group("y6") and cue_start is None:
            continue
        yield WrittenDate(m.start(), m.end(), year, month, day, short, cue_start)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def month_year(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"
