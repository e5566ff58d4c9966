"""A local time limit as a letter gives it, read from the same deadline rule the clock uses,
so a letter and the deadlines list always give the same date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import DeadlineRule
from dhr_desk.workflow.calendar import calendar_for
from dhr_desk.workflow.deadline_rules import DEFAULTS_BY_CODE
from dhr_desk.workflow.deadlines import due_date


@dataclass(frozen=True)
class TimeLimit:
    """A local time limit as a letter gives it: ``20 working days`` from ``starts_on``, so by
    ``ends_on`` (None when the rule is switched off or there is no start yet)."""

    period: str
    starts_on: dt.date | None
    ends_on: dt.date | None


def period_words(amount: int, unit: str) -> str:
    """``1 month``, ``20 working days``…"""
    words = unit.replace("_", " ")
    if amount == 1:
        words = words.replace("days", "day").replace("weeks", "week").replace("months", "month")
    return f"{amount} {words}"


def time_limit(session: Session, code: str, start: dt.date | None) -> TimeLimit:
    """The rule ``code`` as it stands (its default where the database has none), from
    ``start``."""
    rule = session.scalar(select(DeadlineRule).where(DeadlineRule.code == code))
    if rule is None:
        default = DEFAULTS_BY_CODE[code]
        amount, unit, active = default.amount, default.unit, True
    else:
        amount, unit, active = rule.amount, rule.unit, rule.active
    if not active:
        return TimeLimit("", start, None)
    ends = due_date(start, amount, unit, calendar_for(session)) if start else None
    return TimeLimit(period_words(amount, unit.value), start, ends)
