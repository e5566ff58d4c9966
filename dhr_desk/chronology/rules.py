"""The save rules of the chronology, run on every save path (the app, the command line, a case
file): a partial date starts its period; a duplicate link joins two entries of its case."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.chronology.dates import check_precision
from dhr_desk.domain import ChronologyEntry, ChronologyLink, DatePrecision


@records.rule(ChronologyEntry)
def _partial_date_starts_its_period(_session: Session, entry: Any) -> list[tuple[str, str]]:
    if entry.occurred_on is None or entry.date_precision is None:
        return []
    reason = check_precision(entry.occurred_on, DatePrecision(entry.date_precision))
    return [("occurred_on", reason)] if reason else []


@records.rule(ChronologyLink)
def _link_joins_two_entries_of_the_case(session: Session, link: Any) -> list[tuple[str, str]]:
    if link.entry_id is None or link.other_id is None:
        return []  # a case file links by key; the ids are set as it is written
    if link.entry_id == link.other_id:
        return [("other_id", "an entry cannot be linked with itself")]
    problems = []
    for key in ("entry_id", "other_id"):
        entry = session.get(ChronologyEntry, getattr(link, key))
        if entry is None:
            problems.append((key, "there is no such chronology entry"))
        elif link.case_id is not None and entry.case_id != link.case_id:
            problems.append((key, "the entry belongs to another case"))
    return problems
