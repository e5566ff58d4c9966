"""Fictional demo cases for training and trying DHR Desk, kept as case file documents.

Every person, address and event here is invented; the agencies are fictional bodies of the
invented county of Northshire. The cases were written around 2 November 2026
(``AUTHORED_TODAY``); ``demo_documents(anchor)`` moves every date by whole weeks so the cases
look live on another day while keeping weekdays as written.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from dhr_desk.casefile.demo import (
    ct_appeal,
    ct_met,
    ct_not_met,
    dhr_advanced,
    dhr_paused,
)

AUTHORED_TODAY = dt.date(2026, 11, 2)  # a Monday
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")

DEMO_SETTINGS = {
    "council_name": "Ashford Vale Borough Council",
    "partnership_name": "Safer Ashford Vale Partnership",
    "coordinator_name": "Rachel Dunmore",
    "coordinator_email": "community.safety@ashfordvale.gov.example",
    "csp_chair_name": "Councillor Martin Ellery",
    "ct_pcc_name": "the Police and Crime Commissioner for Northshire",
}


def _period_start(day: dt.date, precision: str) -> dt.date:
    """The start of the month, season or year ``day`` falls in (a partial date starts one)."""
    if precision == "month":
        return day.replace(day=1)
    if precision == "season":  # seasons start in March, June, September and December
        if day.month < 3:
            return dt.date(day.year - 1, 12, 1)
        return dt.date(day.year, day.month - day.month % 3, 1)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    return day


def _shift(value: Any, days: int) -> Any:
    if isinstance(value, dict):
        record = {k: _shift(v, days) for k, v in value.items()}
        precision = record.get("date_precision")
        if isinstance(precision, str) and isinstance(record.get("occurred_on"), str):
            day = _period_start(dt.date.fromisoformat(record["occurred_on"]), precision)
            record["occurred_on"] = day.isoformat()
        return record
    if isinstance(value, list):
        return [_shift(v, days) for v in value]
    if isinstance(value, str) and _DATE.match(value) and len(value) in (10, 25):
        moved = dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)
        return moved.isoformat() + value[10:]
    return value


def demo_documents(anchor: dt.date | None = None) -> list[dict[str, Any]]:
    """The demo case files; with ``anchor``, dates move so that AUTHORED_TODAY falls near it."""
    documents = [
        dhr_advanced.document(),
        dhr_paused.document(),
        ct_not_met.document(),
        ct_met.document(),
        ct_appeal.document(),
    ]
    if anchor is None or anchor == AUTHORED_TODAY:
        return copy.deepcopy(documents)
    weeks = round((anchor - AUTHORED_TODAY).days / 7)
    return [_shift(d, weeks * 7) for d in documents]


def demo_references() -> list[str]:
    return [d["case"]["reference"] for d in demo_documents()]
