"""Where the chronology is silent: agencies of the case with no entries, months of the review
period with no contact by any agency, and contacts per agency per year.

A month counts as covered by an entry dated that day or that month; an entry known only to a
season or a year is counted in its year but covers no particular month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dhr_desk.chronology.combined import CombinedRow
from dhr_desk.domain import DatePrecision


@dataclass(frozen=True)
class QuietSpell:
    """Consecutive months with no contact by any agency."""

    first: dt.date  # first day of the first month
    last: dt.date  # first day of the last month

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first:%B %Y}"
        return f"{self.first:%B %Y} to {self.last:%B %Y}"


@dataclass(frozen=True)
class Gaps:
    silent_agencies: tuple[str, ...]  # agencies of the case with no entry
    quiet_spells: tuple[QuietSpell, ...]
    per_year: dict[str, dict[int, int]]  # agency → year → contacts
    years: tuple[int, ...]
    period: tuple[dt.date, dt.date] | None  # the months looked at
    undated_to_month: int  # entries known only to a season or year


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def quiet_spells(covered: set[dt.date], first: dt.date, last: dt.date) -> list[QuietSpell]:
    spells: list[QuietSpell] = []
    start: dt.date | None = None
    month = _month(first)
    end = _month(last)
    previous = month
    while month <= end:
        if month in covered:
            if start is not None:
                spells.append(QuietSpell(start, previous))
                start = None
        elif start is None:
            start = month
        previous = month
        month = _next_month(month)
    if start is not None:
        spells.append(QuietSpell(start, previous))
    return spells


def find_gaps(
    rows: Sequence[CombinedRow],
    case_agencies: Sequence[str],
    period_start: dt.date | None,
    period_end: dt.date | None,
) -> Gaps:
    """The gaps of a combined chronology over the review period (or, without one, over the
    months from the first entry to the last)."""
    named = {r.agency for r in rows if r.agency}
    silent = tuple(a for a in case_agencies if a not in named)
    covered: set[dt.date] = set()
    per_year: dict[str, Counter[int]] = {}
    partial = 0
    for row in rows:
        per_year.setdefault(row.agency or "Other sources", Counter())[row.occurred_on.year] += 1
        if row.precision in (DatePrecision.DAY, DatePrecision.MONTH):
            covered.add(_month(row.occurred_on))
        else:
            partial += 1
    first = period_start or (min(covered) if covered else None)
    last = period_end or (max(covered) if covered else None)
    period = (first, last) if first and last and first <= last else None
    spells = tuple(quiet_spells(covered, *period)) if period else ()
    years = sorted({y for counts in per_year.values() for y in counts})
    return Gaps(
        silent,
        spells,
        {agency: dict(counts) for agency, counts in sorted(per_year.items())},
        tuple(years),
        period,
        partial,
    )
