"""Dates as agencies write them in their chronologies, read the UK way.

``03/04/2019``, ``3.4.19``, ``3 April 2019``, ``03-Apr-19``, ``April 2019``, ``2019``,
``Spring 2019``, ``Winter 2019/20``, Excel date serials and date cells. Day comes before month,
always: ``04/13/2019`` is refused as having no month 13, never read the American way. A date given
only to the month, season or year stays partial (:class:`PartialDate`): it is never invented into
a full date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from dhr_desk.domain import DatePrecision

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
DAY, MONTH, SEASON, YEAR = (
    DatePrecision.DAY,
    DatePrecision.MONTH,
    DatePrecision.SEASON,
    DatePrecision.YEAR,
)

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

# The first month of each season (meteorological seasons, as UK agencies use them).
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SEASON_NAMES = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}

_QUALIFIERS = re.compile(
    r"^(?:approx(?:imately)?\.?|circa|c\.|ca\.|about|around|early|mid|late|end of|beginning of|"
    r"start of)[\s\-]+",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?\s+",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_TRAILING_TIME = re.compile(
    r"(?:\s+(?:at\s+|@\s*)?|T)"
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
    r"(?:\s*hrs|\s*hours)?$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})$")
_MONTH_YEAR_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY_WORD = re.compile(r"^(\d{1,2})[\s\-/.]*(?:of\s+)?([a-z]+)\.?,?[\s\-/.]*(\d{2}|\d{4})$")
_WORD_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_WORD_YEAR = re.compile(r"^([a-z]+)\.?[\s\-/,']*(\d{2}|\d{4})$")
_WINTER_SPAN = re.compile(r"^winter\s+(\d{4})\s*[/\-]\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_NO_YEAR = re.compile(
    r"^(?:\d{1,2}[\s\-/.]*[a-z]+\.?|[a-z]+\.?\s+\d{1,2}|\d{1,2}\s*[/.\-]\s*\d{1,2})$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_TIME = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?(?::\d{2})?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
    r"(?:\s*hrs|\s*hours|\s*h)?$",
    re.IGNORECASE,
)
_LETTERS_OR_DIGITS = re.compile(r"[a-z0-9]", re.IGNORECASE)


class DateProblem(ValueError):
    """A date cell that cannot be read; ``str()`` is the reason in plain words. ``is_text``: the
    cell holds words, not a date ("Unknown", "see above")."""

    def __init__(self, reason: str, *, is_text: bool = False) -> None:
        super().__init__(reason)
        self.is_text = is_text


@dataclass(frozen=True, order=True)
class PartialDate:
    """A day, or a month, season or year starting on ``start``."""

    start: dt.date
    precision: DatePrecision = DAY

    @property
    def end(self) -> dt.date:
        """The last day the date may be."""
        year, month = self.start.year, self.start.month
        if self.precision == DAY:
            return self.start
        if self.precision == MONTH:
            return self.start.replace(day=calendar.monthrange(year, month)[1])
        if self.precision == SEASON:
            last_month = month + 2
            if last_month > 12:
                year, last_month = year + 1, last_month - 12
            return dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        return dt.date(year, 12, 31)

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return self.start, self.precision.rank

    def label(self) -> str:
        """As a person writes it: 3 April 2019, April 2019, Spring 2019, Winter 2019/20, 2019."""
        return date_label(self.start, self.precision)

    def short(self) -> str:
        """For tables: 03/04/2019, Apr 2019, Spring 2019, 2019."""
        return short_label(self.start, self.precision)

    def overlaps(self, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether the date may fall between ``first`` and ``last`` (either may be open)."""
        return (first is None or self.end >= first) and (last is None or self.start <= last)


def date_label(start: dt.date, precision: DatePrecision) -> str:
    if precision == DAY:
        return f"{start.day} {start:%B %Y}"
    if precision == MONTH:
        return f"{start:%B %Y}"
    if precision == SEASON:
        return _season_label(start)
    return str(start.year)


def short_label(start: dt.date, precision: DatePrecision) -> str:
    if precision == DAY:
        return start.strftime("%d/%m/%Y")
    if precision == MONTH:
        return start.strftime("%b %Y")
    if precision == SEASON:
        return _season_label(start)
    return str(start.year)


def _season_label(start: dt.date) -> str:
    name = SEASON_NAMES.get(start.month, "Season of")
    if start.month == 12:
        return f"Winter {start.year}/{(start.year + 1) % 100:02d}"
    return f"{name} {start.year}"


def check_precision(start: dt.date, precision: DatePrecision) -> str | None:
    """Why ``start`` cannot begin a period of this precision (None when it can)."""
    if precision == MONTH and start.day != 1:
        return "a date known only to the month is stored as the first of that month"
    if precision == SEASON and (start.day != 1 or start.month not in SEASON_NAMES):
        return "a season starts on 1 March, 1 June, 1 September or 1 December"
    if precision == YEAR and (start.month, start.day) != (1, 1):
        return "a date known only to the year is stored as 1 January of that year"
    return None


@dataclass(frozen=True)
class ReadDate:
    """What a date cell said: the date, a time given in the same cell ("" if none), and the
    cell's words when they said more than the date holds ("late 2019", "approx. May 2018")."""

    date: PartialDate
    time: str = ""
    as_given: str = ""


def two_digit_year(value: int, today: dt.date) -> int:
    """19 → 2019 and 85 → 1985: a chronology looks back, so never a year after next year."""
    year = 2000 + value
    return year if year <= today.year + 1 else 1900 + value


def _year(text: str, today: dt.date) -> int:
    return two_digit_year(int(text), today) if len(text) == 2 else int(text)


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1 <= month <= 12:
        raise DateProblem(
            f"'{text}' is not a date: there is no month {month} (dates are read day first, "
            "as in 13/04/2019)"
        )
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        raise DateProblem(
            f"'{text}' is not a date: {calendar.month_name[month]} {year} has {last} days"
        )
    return _within(dt.date(year, month, day), text)


def _within(day: dt.date, text: str) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise DateProblem(f"'{text}' is outside the years 1900–2100")
    return day


def _month(word: str, text: str) -> int:
    number = MONTHS.get(word.lower().rstrip("."))
    if number is None:
        raise DateProblem(f"'{text}' is not a date: '{word}' is not a month")
    return number


def excel_serial(value: float) -> dt.datetime:
    """An Excel date serial (days since 1899-12-30, the 1900 leap-year slip included)."""
    if not 1 <= value < 2958466:
        raise DateProblem(f"{value:g} is not a date")
    base = dt.datetime(1899, 12, 30) if value >= 61 else dt.datetime(1899, 12, 31)
    return base + dt.timedelta(days=value)


def time_text(moment: dt.time | dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


@functools.lru_cache(maxsize=512)
def precision_of_format(number_format: str) -> DatePrecision:
    """What an Excel date cell shows: a cell formatted ``mmm-yy`` holds 1 April 2019 but the
    agency wrote only "Apr-19"."""
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    if "d" in code:
        return DAY
    if "m" in code and "y" in code:
        return MONTH
    if "y" in code:
        return YEAR
    return DAY


def _from_moment(moment: dt.datetime | dt.date, number_format: str) -> ReadDate:
    precision = precision_of_format(number_format) if number_format else DAY
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    if precision == MONTH:
        day = day.replace(day=1)
    elif precision == YEAR:
        day = day.replace(month=1, day=1)
    shown = "h" in number_format.lower() if number_format else True
    time = ""
    if isinstance(moment, dt.datetime) and moment.time() != dt.time(0) and shown:
        time = time_text(moment)
    return ReadDate(PartialDate(_within(day, day.isoformat()), precision), time)


def read_date(value: Any, *, number_format: str = "", today: dt.date | None = None) -> ReadDate:
    """Read one date cell; raise :class:`DateProblem` saying why it is not a date."""
    if isinstance(value, dt.datetime | dt.date):
        return _from_moment(value, number_format)
    if isinstance(value, dt.time):
        raise DateProblem(f"'{value:%H:%M}' is a time, not a date")
    if isinstance(value, bool):
        raise DateProblem(f"'{value}' is not a date", is_text=True)
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and 1900 <= number <= 2100:
            return ReadDate(PartialDate(dt.date(int(number), 1, 1), YEAR))  # a year typed in
        if not 20000 <= number <= 80000:
            raise DateProblem(f"{number:g} is a number, not a date")
        return _from_moment(excel_serial(number), number_format)
    text = " ".join(str(value or "").split())
    if not text:
        raise DateProblem("no date")
    return _read_text(text, today or dt.date.today())


def _read_text(text: str, today: dt.date) -> ReadDate:
    cleaned = text.strip(" ,;:")
    qualified = _QUALIFIERS.match(cleaned)
    if qualified:
        cleaned = cleaned[qualified.end() :]
    cleaned = _WEEKDAY.sub("", cleaned)
    time = ""
    found = _TRAILING_TIME.search(cleaned)
    if found and found.start() > 0:
        try:
            read = _date_only(cleaned[: found.start()].strip(" ,"), today, text)
        except DateProblem:
            read = None
        if read is not None:
            time = _clock(found["h"], found["m"], found["ampm"], text)
            return ReadDate(read, time, text if qualified else "")
    return ReadDate(_date_only(cleaned, today, text), time, text if qualified else "")


def _date_only(cleaned: str, today: dt.date, text: str) -> PartialDate:
    lowered = _ORDINAL.sub(r"\1", cleaned.lower()).strip(" ,.")
    for reader in (_numeric, _words, _bare_number):
        found = reader(lowered, today, text)
        if found is not None:
            return found
    if not any(ch.isdigit() for ch in lowered):
        raise DateProblem(f"'{text}' is text, not a date", is_text=True)
    if _NO_YEAR.match(lowered):
        raise DateProblem(f"'{text}' has no year")
    raise DateProblem(
        f"'{text}' is not a date in a form DHR Desk reads (e.g. 03/04/2019, 3 April 2019, "
        "April 2019, 2019)"
    )


def _numeric(lowered: str, today: dt.date, text: str) -> PartialDate | None:
    m = _NUMERIC.match(lowered)
    if m:
        return PartialDate(_day(_year(m[3], today), int(m[2]), int(m[1]), text))
    m = _ISO.match(lowered)
    if m:
        return PartialDate(_day(int(m[1]), int(m[2]), int(m[3]), text))
    m = _MONTH_YEAR_NUMERIC.match(lowered) or _ISO_MONTH.match(lowered)
    if m:
        first, second = (m[1], m[2]) if len(m[2]) == 4 else (m[2], m[1])
        return PartialDate(_day(int(second), int(first), 1, text), MONTH)
    return None


def _words(lowered: str, today: dt.date, text: str) -> PartialDate | None:
    m = _WINTER_SPAN.match(lowered)
    if m:
        first = int(m[1])
        second = _year(m[2], today) if len(m[2]) == 2 else int(m[2])
        if second % 100 != (first + 1) % 100:
            raise DateProblem(f"'{text}' is not a winter: the years must follow each other")
        return PartialDate(_within(dt.date(first, 12, 1), text), SEASON)
    m = _DAY_WORD.match(lowered)
    if m:
        return PartialDate(_day(_year(m[3], today), _month(m[2], text), int(m[1]), text))
    m = _WORD_DAY.match(lowered)
    if m and m[1].rstrip(".") in MONTHS:
        return PartialDate(_day(int(m[3]), _month(m[1], text), int(m[2]), text))
    m = _WORD_YEAR.match(lowered)
    if m:
        word, year = m[1], _year(m[2], today)
        if word == "winter":
            raise DateProblem(
                f"'{text}': say which winter, e.g. 'Winter {year - 1}/{year % 100:02d}' or "
                f"'Winter {year}/{(year + 1) % 100:02d}'"
            )
        if word in SEASONS:
            return PartialDate(_within(dt.date(year, SEASONS[word], 1), text), SEASON)
        return PartialDate(_within(dt.date(year, _month(word, text), 1), text), MONTH)
    return None


def _bare_number(lowered: str, today: dt.date, text: str) -> PartialDate | None:
    m = _YEAR.match(lowered)
    if m:
        return PartialDate(_within(dt.date(int(m[1]), 1, 1), text), YEAR)
    m = _COMPACT.match(lowered)
    if m and 1900 <= int(m[1]) <= 2100:
        return PartialDate(_day(int(m[1]), int(m[2]), int(m[3]), text))
    if _SERIAL.match(lowered):
        serial = float(lowered)
        if 20000 <= serial <= 80000:  # 1954–2119: an Excel date that lost its format
            return PartialDate(excel_serial(serial).date())
    return None


def _clock(hours: str, minutes: str | None, ampm: str | None, text: str) -> str:
    hour, minute = int(hours), int(minutes or 0)
    if ampm:
        if not 1 <= hour <= 12:
            raise DateProblem(f"'{text}' is not a time")
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    elif minutes is None:
        raise DateProblem(f"'{text}' is not a time")
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise DateProblem(f"'{text}' is not a time on the 24-hour clock")
    return f"{hour:02d}:{minute:02d}"


def read_time(value: Any) -> str:
    """Read a time cell (14:30, 14.30, 1430, 2.30pm, a time or date-time cell, an Excel day
    fraction); "" for an empty cell; raise :class:`DateProblem` for anything else."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime | dt.time):
        return time_text(value)
    if isinstance(value, bool):
        raise DateProblem(f"'{value}' is not a time")
    if isinstance(value, int | float):
        if 0 <= value < 1:
            minutes = round(float(value) * 24 * 60)
            return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
        value = str(value)
    text = " ".join(str(value).split()).strip(" .")
    if not text:
        return ""
    m = _TIME.match(text)
    if m is None or (m["m"] is None and m["ampm"] is None):
        if not _LETTERS_OR_DIGITS.search(text):
            return ""
        raise DateProblem(f"'{text}' is not a time; write it as HH:MM on the 24-hour clock")
    return _clock(m["h"], m["m"], m["ampm"], text)
