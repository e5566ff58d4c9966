"""The combined chronology: every agency's entries merged in date and time order, each keeping
its agency, its source of information and where it was imported from; and the filters the
coordinator reads it by (agency, person, period, key events, flagged duplicates, words).

A partial date sorts at the start of its period, before the entries dated within it ("April
2019" before "3 April 2019"); entries of one day without a time come before timed ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import case, select
from sqlalchemy.orm import Session, aliased

from dhr_desk.chronology.dates import PartialDate, date_label, short_label
from dhr_desk.domain import Agency as AgencyModel
from dhr_desk.domain import AgencyReturn, ChronologyEntry, DatePrecision, Person

PRECISION_RANK = case(
    {"year": 0, "season": 1, "month": 2, "day": 3},
    value=ChronologyEntry.date_precision,
    else_=3,
)
ORDER = (
    ChronologyEntry.occurred_on,
    PRECISION_RANK,
    ChronologyEntry.occurred_time,
    ChronologyEntry.id,
)


class CombinedRow(NamedTuple):
    """One entry of the combined chronology, as the app and the command line show it (a named
    tuple: a chronology may hold tens of thousands of them)."""

    id: int
    occurred_on: dt.date
    precision: DatePrecision
    occurred_time: str
    agency_id: int | None
    agency: str
    person_id: int | None
    person: str
    source: str
    event: str
    action_decision: str
    comment: str
    key_event: bool
    import_row: str = ""
    imported_file: str = ""

    @property
    def date(self) -> PartialDate:
        return PartialDate(self.occurred_on, self.precision)

    @property
    def date_text(self) -> str:
        """03/04/2019, Apr 2019, Spring 2019 or 2019."""
        return short_label(self.occurred_on, self.precision)

    @property
    def date_words(self) -> str:
        return date_label(self.occurred_on, self.precision)

    @property
    def sort_key(self) -> tuple[dt.date, int, str, int]:
        return self.occurred_on, self.precision.rank, self.occurred_time, self.id

    @property
    def origin(self) -> str:
        """Where the entry came from: "police.xlsx, row 14", or "" if typed in."""
        return ", ".join(x for x in (self.imported_file, self.import_row) if x)

    def words(self) -> str:
        return " ".join(
            (self.source, self.event, self.action_decision, self.comment, self.agency, self.person)
        ).lower()


def _person_label(real_name: str | None, pseudonym: str | None) -> str:
    if not real_name:
        return ""
    return f"{real_name} ({pseudonym})" if pseudonym else real_name


def combined_rows(
    session: Session, case_id: int, *, entry_ids: Iterable[int] | None = None
) -> list[CombinedRow]:
    """The whole combined chronology of a case, in order: one query, whatever its length."""
    ret = aliased(AgencyReturn)
    stmt = (
        select(
            ChronologyEntry.id,
            ChronologyEntry.occurred_on,
            ChronologyEntry.date_precision,
            ChronologyEntry.occurred_time,
            ChronologyEntry.agency_id,
            AgencyModel.name,
            ChronologyEntry.person_id,
            Person.real_name,
            Person.pseudonym,
            ChronologyEntry.source,
            ChronologyEntry.event,
            ChronologyEntry.action_decision,
            ChronologyEntry.comment,
            ChronologyEntry.key_event,
            ChronologyEntry.import_row,
            ret.imported_file,
        )
        .outerjoin(AgencyModel, AgencyModel.id == ChronologyEntry.agency_id)
        .outerjoin(Person, Person.id == ChronologyEntry.person_id)
        .outerjoin(ret, ret.id == ChronologyEntry.return_id)
        .where(ChronologyEntry.case_id == case_id)
        .order_by(*ORDER)
    )
    if entry_ids is not None:
        stmt = stmt.where(ChronologyEntry.id.in_(list(entry_ids)))
    return [
        CombinedRow(
            r[0],
            r[1],
            DatePrecision(r[2] or "day"),
            r[3] or "",
            r[4],
            r[5] or "",
            r[6],
            _person_label(r[7], r[8]),
            r[9],
            r[10],
            r[11] or "",
            r[12] or "",
            bool(r[13]),
            r[14] or "",
            r[15] or "",
        )
        for r in session.execute(stmt)
    ]


@dataclass
class Filters:
    """What the coordinator is looking at. Empty filters show everything."""

    agencies: frozenset[str] = frozenset()  # agency names
    person_id: int | None = None
    person_names: tuple[str, ...] = ()  # the person's names, found in the text too
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    key_events_only: bool = False
    entry_ids: frozenset[int] | None = None  # e.g. the flagged duplicates
    words: str = ""
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        names = [re.escape(n) for n in self.person_names if n and len(n.strip()) >= 2]
        self._pattern = (
            re.compile(r"\b(?:" + "|".join(names) + r")\b", re.IGNORECASE) if names else None
        )
        self.words = self.words.strip().lower()

    @property
    def empty(self) -> bool:
        """Whether the filters keep every entry."""
        return not (
            self.agencies
            or self.person_id is not None
            or self.date_from
            or self.date_to
            or self.key_events_only
            or self.entry_ids is not None
            or self.words
        )

    def accepts(self, row: CombinedRow) -> bool:
        if self.agencies and row.agency not in self.agencies:
            return False
        if self.key_events_only and not row.key_event:
            return False
        if self.entry_ids is not None and row.id not in self.entry_ids:
            return False
        if (self.date_from or self.date_to) and not row.date.overlaps(self.date_from, self.date_to):
            return False
        if self.person_id is not None and not self._about_person(row):
            return False
        return not self.words or self.words in row.words()

    def _about_person(self, row: CombinedRow) -> bool:
        if row.person_id == self.person_id:
            return True
        if self._pattern is None:
            return False
        text = " ".join((row.event, row.action_decision, row.comment))
        return self._pattern.search(text) is not None


def filtered(rows: Sequence[CombinedRow], filters: Filters) -> list[CombinedRow]:
    return [r for r in rows if filters.accepts(r)]
