"""Rules dated per record or per window rather than once per case: the one time limit to ask
for a review (a window after a threshold decision not met and after the outcome letter), each
request for a review to decide, each QA letter asking for a resubmission, and each published
document to take down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dhr_desk.domain import (
    Case,
    DeadlineRule,
    DeadlineUnit,
    DecisionKind,
    DecisionOutcome,
    Publication,
    SubmissionRecipient,
)
from dhr_desk.workflow.calendar import WorkingCalendar
from dhr_desk.workflow.case_facts import CaseFacts
from dhr_desk.workflow.deadline_items import Deadline, Policy, due_date, make, upto
from dhr_desk.workflow.deadline_rules import (
    APPEAL_DECIDE,
    RESUBMISSION,
    REVIEW_REQUEST,
    REVIEW_WINDOWS,
    TAKE_DOWN,
)
from dhr_desk.workflow.periods import long_date


def _window_done(
    case: Case, dates: dict[str, dt.date], start: dt.date, as_of: dt.date
) -> dt.date | None:
    """The first request made inside this window (an earlier request answered another one)."""
    made = [a.requested_on for a in case.appeals if start <= a.requested_on <= as_of]
    recorded = dates.get("appeal_received")
    if recorded is not None and recorded >= start:
        made.append(recorded)
    return min(made, default=None)


@dataclass(frozen=True)
class Expansion:
    """What a rule dated per record (or per window) works from."""

    case: Case
    policy: Policy
    rule: DeadlineRule
    facts: CaseFacts
    as_of: dt.date

    def due(self, start: dt.date) -> dt.date:
        return due_date(start, self.rule.amount, self.rule.unit, self.policy.calendar)

    def make(self, **values: Any) -> Deadline:
        values.setdefault("unit", self.rule.unit)
        values.setdefault("original_due", self.due(values["start"]))
        return make(self.case, self.policy, as_of=self.as_of, **values)


def _review_windows(x: Expansion) -> list[Deadline]:
    """The one time limit to ask for a review, after a threshold decision not met and after
    the outcome letter."""
    out = []
    for code, start_step, label in REVIEW_WINDOWS:
        start = x.facts.dates.get(start_step)
        if start is None:
            continue
        if (
            start_step == "threshold_decision"
            and x.facts.threshold_outcome != DecisionOutcome.NOT_MET
        ):
            continue
        done = _window_done(x.case, x.facts.dates, start, x.as_of)
        out.append(x.make(code=code, label=label, start=start, done_on=done, window=True))
    return out


def _appeal_decisions(x: Expansion) -> list[Deadline]:
    """Each request for a review is decided within the local time limit."""
    appeals = [a for a in x.case.appeals if a.requested_on <= x.as_of]
    if not appeals:
        start = x.facts.dates.get(x.rule.start_event)
        if start is None:
            return []
        done = x.facts.dates.get(x.rule.done_event)
        return [x.make(code=x.rule.code, label=x.rule.label, start=start, done_on=done)]
    return [
        x.make(
            code=x.rule.code,
            label=f"Decide the request for a review of {long_date(a.requested_on)}",
            start=a.requested_on,
            done_on=upto(a.decided_on, x.as_of),
        )
        for a in appeals
    ]


def _resubmissions(x: Expansion) -> list[Deadline]:
    """Each QA letter asking for the report to be revised, met by the next submission to the
    Home Office."""
    sent = sorted(
        s.sent_on
        for s in x.case.submissions
        if s.recipient == SubmissionRecipient.HOME_OFFICE and s.sent_on <= x.as_of
    )
    out = []
    for letter in sorted(x.case.decisions, key=lambda d: (d.decided_on, d.number)):
        if letter.kind != DecisionKind.QA or letter.outcome != DecisionOutcome.RESUBMIT:
            continue
        if letter.decided_on > x.as_of:
            continue
        done = next((day for day in sent if day >= letter.decided_on), None)
        out.append(
            x.make(
                code=x.rule.code,
                label=f"Resubmit to the Home Office QA Panel (QA letter of "
                f"{long_date(letter.decided_on)})",
                start=letter.decided_on,
                done_on=done,
            )
        )
    return out


def take_down_on(
    publication: Publication, rule: DeadlineRule | None, calendar: WorkingCalendar
) -> dt.date | None:
    """The day a published document is to come down: its own date, else the retention rule."""
    if publication.take_down_on is not None:
        return publication.take_down_on
    if rule is None or not rule.active:
        return None
    return due_date(publication.published_on, rule.amount, rule.unit, calendar)


def _take_downs(x: Expansion) -> list[Deadline]:
    """Each published document comes down on its own date or by the retention rule."""
    out = []
    for pub in x.case.publications:
        if pub.published_on > x.as_of:
            continue
        due = take_down_on(pub, x.rule, x.policy.calendar)
        assert due is not None
        out.append(
            x.make(
                code=x.rule.code,
                label=f"Take down {pub.document.noun} (published {long_date(pub.published_on)})",
                start=pub.published_on,
                original_due=due,
                unit=DeadlineUnit.CALENDAR_DAYS if pub.take_down_on else x.rule.unit,
                done_on=upto(pub.taken_down_on, x.as_of),
                record=("publication", pub.id),
            )
        )
    return out


EXPANDERS: dict[str, Callable[[Expansion], list[Deadline]]] = {
    REVIEW_REQUEST: _review_windows,
    APPEAL_DECIDE: _appeal_decisions,
    RESUBMISSION: _resubmissions,
    TAKE_DOWN: _take_downs,
}
