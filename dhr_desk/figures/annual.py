"""The ASB Case Review figures the relevant bodies must publish at least every 12 months
(s104(10) Anti-social Behaviour, Crime and Policing Act 2014): the number of applications, the
number of times the threshold was not met, the number of reviews carried out, and the number of
reviews that resulted in recommendations — with context.

Which date puts a case in a period (both ends included):

* an **application** by the date it was received;
* a **threshold not met** by the date of the decision — each decision counts, so a decision
  made again after a request for a review is counted again if it again says not met;
* a **review carried out** by the date the case review meeting was held (the first held, or the
  ``case_review_meeting`` step's date where it was recorded as a step);
* a **review that resulted in recommendations** by the same date as the review, when its
  outcome decision says recommendations (or, with no outcome decision yet, recommendations are
  recorded); a review with neither is counted under ``outcome awaited``;
* an **appeal** (request for a review of a decision) by the date it was requested.

The medians count working days (the council's calendar) from the application to the first
threshold decision and to the outcome letter, for the applications received in the period.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from dhr_desk.domain import (
    AppealOutcome,
    ApplicationChannel,
)
from dhr_desk.errors import ValidationError
from dhr_desk.figures.reading import CaseRecord, read_cases
from dhr_desk.workflow.calendar import WorkingCalendar, calendar_for
from dhr_desk.workflow.periods import long_date

KEYS = ("applications", "threshold_not_met", "reviews_carried_out", "reviews_with_recommendations")
DATES_USED = {
    "applications": "the date the application was received",
    "threshold_not_met": "the date of each threshold decision that said not met",
    "reviews_carried_out": "the date the case review meeting was held",
    "reviews_with_recommendations": "the date the case review meeting was held",
    "appeals": "the date the review of a decision was requested",
}
BASIS_CODES = ("statutory", "applicant", "people", "hate", "discretion")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"The period ends ({long_date(self.end)}) before it starts "
                f"({long_date(self.start)}); nothing was counted."
            )

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


def last_financial_year(today: dt.date) -> Period:
    """The last complete financial year (1 April to 31 March) before ``today``."""
    end_year = today.year if today > dt.date(today.year, 3, 31) else today.year - 1
    return Period(dt.date(end_year - 1, 4, 1), dt.date(end_year, 3, 31))


def _quarter_start(day: dt.date) -> dt.date:
    """The first day of the financial quarter holding ``day`` (April, July, October, January)."""
    month = ((day.month - 1) // 3) * 3 + 1
    return dt.date(day.year, month, 1)


def quarters(period: Period) -> list[tuple[str, Period]]:
    """The financial quarters the period covers, each cut to the period, named ``Q1 2024-25``."""
    out = []
    start = _quarter_start(period.start)
    while start <= period.end:
        following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
        end = following - dt.timedelta(days=1)
        fy = start.year if start.month >= 4 else start.year - 1
        number = {4: 1, 7: 2, 10: 3, 1: 4}[start.month]
        name = f"Q{number} {fy}-{str(fy + 1)[2:]}"
        out.append((name, Period(max(start, period.start), min(end, period.end))))
        start = following
    return out


@dataclass
class Counts:
    """The four statutory counts for one period."""

    applications: int = 0
    threshold_not_met: int = 0
    reviews_carried_out: int = 0
    reviews_with_recommendations: int = 0

    def as_json(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in KEYS}


def _count(cases: Iterable[CaseRecord], period: Period) -> Counts:
    counts = Counts()
    for c in cases:
        counts.applications += period.holds(c.received_on)
        counts.threshold_not_met += sum(period.holds(day) for day in c.not_met_on)
        if period.holds(c.review_on):
            counts.reviews_carried_out += 1
            counts.reviews_with_recommendations += c.outcome == "recommendations"
    return counts


@dataclass
class AnnualFigures:
    period: Period
    counts: Counts
    detail: dict[str, Any]
    by_quarter: list[tuple[str, Period, Counts]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Exactly the four statutory counts and ``detail``."""
        return {**self.counts.as_json(), "detail": self.detail}


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else float(middle)


def _by_agency(received: list[CaseRecord]) -> dict[str, dict[str, int]]:
    """Per agency complained to (as written, one spelling per agency): the applications in the
    period relying on a complaint to it, and those complaints."""
    names: dict[str, str] = {}
    out: dict[str, dict[str, int]] = {}
    for c in received:
        seen: set[str] = set()
        for reported_to, _hate in c.complaints:
            key = " ".join(reported_to.split()).lower()
            if not key:
                continue
            name = names.setdefault(key, " ".join(reported_to.split()))
            entry = out.setdefault(name, {"applications": 0, "complaints": 0})
            entry["complaints"] += 1
            if key not in seen:
                entry["applications"] += 1
                seen.add(key)
    return dict(sorted(out.items(), key=lambda item: (-item[1]["applications"], item[0])))


def _appeals(cases: list[CaseRecord], period: Period) -> dict[str, int]:
    out = {"requested": 0, **{o.value: 0 for o in AppealOutcome}}
    for c in cases:
        for requested_on, outcome in c.appeals:
            if period.holds(requested_on):
                out["requested"] += 1
                out[outcome] += 1
    return out


def _threshold_met(cases: list[CaseRecord], period: Period) -> tuple[int, dict[str, int]]:
    met = [basis for c in cases for day, basis in c.met if period.holds(day)]
    by_rule = {code: 0 for code in (*BASIS_CODES, "not recorded")}
    for basis in met:
        codes = [x for x in basis.split(",") if x] or ["not recorded"]
        for code in codes:
            by_rule[code] = by_rule.get(code, 0) + 1
    return len(met), by_rule


def _detail(cases: list[CaseRecord], period: Period, calendar: WorkingCalendar) -> dict[str, Any]:
    received = [c for c in cases if period.holds(c.received_on)]
    reviews = [c for c in cases if period.holds(c.review_on)]
    channels = {ch.value: 0 for ch in ApplicationChannel}
    for c in received:
        channels[c.channel] += 1
    met, met_by = _threshold_met(cases, period)
    to_decision = [
        calendar.working_days_between(c.received_on, c.decided_on)
        for c in received
        if c.received_on and c.decided_on
    ]
    to_outcome = [
        calendar.working_days_between(c.received_on, c.outcome_letter_on)
        for c in received
        if c.received_on and c.outcome_letter_on
    ]
    return {
        "period": period.as_json(),
        "dates_used": dict(DATES_USED),
        "threshold_met": met,
        "threshold_met_by": met_by,
        "by_channel": channels,
        "by_agency": _by_agency(received),
        "hate_related": sum(c.hate_related for c in received),
        "appeals": _appeals(cases, period),
        "outcomes": {
            key: sum(c.outcome == key for c in reviews)
            for key in ("recommendations", "no_recommendations", "awaited")
        },
        "median_working_days": {
            "application_to_decision": _median(to_decision),
            "application_to_outcome": _median(to_outcome),
            "decisions_measured": len(to_decision),
            "outcomes_measured": len(to_outcome),
        },
    }


def annual_figures(session: Session, period: Period) -> AnnualFigures:
    """The four statutory counts for ``period``, by quarter, and the context."""
    cases = read_cases(session)
    by_quarter = [(name, part, _count(cases, part)) for name, part in quarters(period)]
    detail = _detail(cases, period, calendar_for(session))
    detail["quarters"] = [
        {"quarter": name, **part.as_json(), **counts.as_json()} for name, part, counts in by_quarter
    ]
    return AnnualFigures(period, _count(cases, period), detail, by_quarter)
