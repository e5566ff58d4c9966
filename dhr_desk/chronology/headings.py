"""Which column of an agency's table holds what: the Home Office headings and the variants
agencies write ("Date/time", "Details of contact", "Outcome", "Analysis"…), a mapping the
coordinator can change, remembered per agency.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# What a column can be used for, in the words the command line takes (--map HEADING=FIELD).
DATE, TIME, SOURCE, EVENT, ACTION, COMMENT, PERSON, UNUSED = (
    "date",
    "time",
    "source",
    "event",
    "action",
    "comment",
    "person",
    "unused",
)
FIELDS: tuple[str, ...] = (DATE, TIME, SOURCE, EVENT, ACTION, COMMENT, PERSON, UNUSED)
FIELD_LABELS = {
    DATE: "Date",
    TIME: "Time",
    SOURCE: "Source of information",
    EVENT: "Event",
    ACTION: "Action / decision",
    COMMENT: "Comment / analysis",
    PERSON: "Subject (person)",
    UNUSED: "Not used",
}
# Fields one column only may fill; text fields join several columns.
SINGLE = (DATE, TIME, PERSON)
TEXT_FIELDS = (SOURCE, EVENT, ACTION, COMMENT)
# Other ways of naming a field on the command line.
ALIASES = {
    "action_decision": ACTION,
    "decision": ACTION,
    "outcome": ACTION,
    "analysis": COMMENT,
    "comments": COMMENT,
    "subject": PERSON,
    "ignore": UNUSED,
    "skip": UNUSED,
    "none": UNUSED,
    "occurred_on": DATE,
    "occurred_time": TIME,
}

# Headings that mention a date but never date the entry, and those that date it only when no
# other column does (the day a record was typed up, not the day of the event).
_NOT_THE_DATE = re.compile(r"\b(birth|dob|born|deadline|due)\b")
_DATE_WRITTEN = re.compile(r"\b(recorded|entered|input|created|typed|written)\b")
_LONGEST_HEADING = 100
# Keywords per field; the field whose keyword comes first in the heading wins
# ("Details of contact / event" is the event; "Action taken / comments" the action).
_KEYWORDS: dict[str, tuple[str, ...]] = {
    DATE: ("date", "when", "dd mm yyyy"),
    TIME: ("time",),
    SOURCE: ("source", "record", "system", "information from", "reference", "ref"),
    EVENT: (
        "event",
        "details",
        "detail",
        "contact",
        "what happened",
        "description",
        "summary",
        "incident",
        "narrative",
        "information",
        "entry",
        "involvement",
        "note",
        "notes",
    ),
    ACTION: ("action", "decision", "outcome", "response", "what was done", "result"),
    COMMENT: (
        "comment",
        "analysis",
        "significance",
        "learning",
        "reflection",
        "observation",
        "issues",
        "relevance",
    ),
    PERSON: ("subject", "person", "client", "service user", "patient", "individual", "who"),
}
# Whole headings that name their field outright.
_EXACT: dict[str, str] = {
    "date": DATE,
    "date time": DATE,
    "date and time": DATE,
    "date of contact": DATE,
    "date of event": DATE,
    "date of incident": DATE,
    "time": TIME,
    "time of contact": TIME,
    "source": SOURCE,
    "source of information": SOURCE,
    "event": EVENT,
    "details of contact": EVENT,
    "action decision": ACTION,
    "action": ACTION,
    "outcome": ACTION,
    "comment analysis": COMMENT,
    "comment": COMMENT,
    "comments": COMMENT,
    "analysis": COMMENT,
    "name": PERSON,
}


_NOT_WORDS = re.compile(r"[^a-z0-9']+")
_SOURCE = re.compile(r"\bsource\b")
_DATE_WORD = re.compile(r"\bdate\b")
# One pattern per field: its keywords as whole words.
_FIELD_PATTERNS = {
    field: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for field, words in _KEYWORDS.items()
}


@functools.lru_cache(maxsize=4096)
def normal(heading: str) -> str:
    """A heading as compared: lower case, words only ("Date/Time:" → "date time")."""
    text = heading.lower().replace("&", " and ").replace("’", "'")
    return " ".join(_NOT_WORDS.sub(" ", text).split())


def parse_field(name: str) -> str:
    """A field named on the command line or in a saved mapping; ValueError if none."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = ALIASES.get(key, key)
    if key not in FIELDS:
        raise ValueError(f"'{name}' is not one of: {', '.join(FIELDS)}")
    return key


@functools.lru_cache(maxsize=4096)
def guess(heading: str) -> str:
    """The field a heading names, or UNUSED."""
    if len(heading) > 3 * _LONGEST_HEADING:
        return UNUSED
    text = normal(heading)
    if not text or len(text) > _LONGEST_HEADING:
        return UNUSED
    if text in _EXACT:
        return _EXACT[text]
    if _SOURCE.search(text):
        return SOURCE
    best, where = UNUSED, len(text) + 1
    for field, pattern in _FIELD_PATTERNS.items():
        found = pattern.search(text)
        if found and found.start() < where:
            best, where = field, found.start()
    if best == DATE and (_NOT_THE_DATE.search(text) or _DATE_WRITTEN.search(text)):
        return UNUSED
    return best


def _date_written(heading: str) -> bool:
    text = normal(heading)
    if _NOT_THE_DATE.search(text):
        return False
    return bool(_DATE_WORD.search(text) and _DATE_WRITTEN.search(text))


@dataclass(frozen=True)
class Column:
    """One column of the table: its heading and what it is used for."""

    index: int
    heading: str
    field: str
    chosen: bool = False  # named by the coordinator (now or remembered), not guessed


def assign(
    headings: Sequence[str],
    remembered: Mapping[str, str] | None = None,
    chosen: Mapping[str, str] | None = None,
) -> list[Column]:
    """Each heading's field: the coordinator's choice for this import, else the choice remembered
    for this agency, else the guess. Date, time and person take one column each (the first)."""
    remembered = {normal(k): v for k, v in (remembered or {}).items()}
    chosen = {normal(k): v for k, v in (chosen or {}).items()}
    out: list[Column] = []
    taken: set[str] = set()
    for index, heading in enumerate(headings):
        key = normal(heading)
        named = chosen.get(key) or remembered.get(key)
        field = named if named in FIELDS else guess(heading)
        if field in SINGLE and field in taken and not named:
            field = UNUSED
        if field in SINGLE:
            taken.add(field)
        out.append(Column(index, heading, field, named is not None))
    if DATE not in taken:  # no date of the event: the date the entry was written will do
        for column in out:
            if column.field == UNUSED and not column.chosen and _date_written(column.heading):
                out[column.index] = Column(column.index, column.heading, DATE)
                break
    return out


def looks_like_header(headings: Sequence[str]) -> bool:
    """A chronology's heading row: a date column and something said about the entry."""
    fields = {c.field for c in assign(headings)}
    return DATE in fields and bool(fields & {EVENT, ACTION, COMMENT, SOURCE})


def score(headings: Sequence[str], remembered: Mapping[str, str] | None = None) -> int:
    """How many cells of a row read as headings (0 when the row has no date column)."""
    columns = assign(headings, remembered)
    fields = [c.field for c in columns if c.field != UNUSED]
    if DATE not in fields:
        return 0
    return len(fields)
