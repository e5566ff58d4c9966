"""What has happened on a case, as the steps see it: the date of each step — from its
milestone, or from the record that dates it (a decision, the application and its
acknowledgement, a held case review meeting, an appeal, a submission or publication) — and the
decisions that steer what may happen next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dhr_desk.domain import (
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionOutcome,
    MeetingKind,
    MeetingStatus,
    PauseReason,
    SubmissionRecipient,
)


@dataclass
class CaseFacts:
    """What has happened on a case: the date of each step and the decisions that steer it."""

    dates: dict[str, dt.date] = field(default_factory=dict)
    review_outcome: DecisionOutcome | None = None
    threshold_outcome: DecisionOutcome | None = None
    open_trial_since: dt.date | None = None
    resubmit_asked_on: dt.date | None = None


_DECISION_STEPS = {DecisionKind.REVIEW: "decision", DecisionKind.THRESHOLD: "threshold_decision"}


def _latest(case: Case, kind: DecisionKind, as_of: dt.date | None) -> Decision | None:
    found = [
        d for d in case.decisions if d.kind == kind and (as_of is None or d.decided_on <= as_of)
    ]
    if not found:
        return None
    return max(found, key=lambda d: (d.decided_on, d.number, d.id or 0))


def _decision_dates(case: Case, facts: CaseFacts, as_of: dt.date | None) -> dict[str, dt.date]:
    """Steps recorded through decisions (to review, threshold, Home Office QA), and the latest
    outcome of each kind of decision."""
    dates: dict[str, dt.date] = {}
    for decision in sorted(case.decisions, key=lambda d: d.decided_on):
        code = _DECISION_STEPS.get(decision.kind)
        if code:
            dates.setdefault(code, decision.decided_on)
    review = _latest(case, DecisionKind.REVIEW, as_of)
    threshold = _latest(case, DecisionKind.THRESHOLD, as_of)
    qa = _latest(case, DecisionKind.QA, as_of)
    facts.review_outcome = review.outcome if review else None
    facts.threshold_outcome = threshold.outcome if threshold else None
    if qa is not None and qa.outcome == DecisionOutcome.MAY_PUBLISH:
        dates.setdefault("qa_approved", qa.decided_on)
    elif qa is not None and qa.outcome == DecisionOutcome.RESUBMIT:
        facts.resubmit_asked_on = qa.decided_on
    return dates


def _trigger_dates(case: Case) -> dict[str, dt.date]:
    """Community Trigger steps recorded through their own records: the application and its
    acknowledgement, a held case review meeting, appeals requested and decided."""
    dates: dict[str, dt.date] = {}
    app = case.application
    if app is not None:
        dates["application"] = app.received_on
        if app.acknowledged_on:
            dates["acknowledged"] = app.acknowledged_on
    held = [
        m.held_on
        for m in case.meetings
        if m.kind == MeetingKind.CASE_REVIEW and m.status == MeetingStatus.HELD
    ]
    if held:
        dates["case_review_meeting"] = min(held)
    if case.appeals:
        dates["appeal_received"] = min(a.requested_on for a in case.appeals)
        decided = [a.decided_on for a in case.appeals if a.decided_on]
        if len(decided) == len(case.appeals):
            dates["appeal_decided"] = max(decided)
    return dates


def _review_dates(case: Case) -> dict[str, dt.date]:
    """DHR steps recorded through their own records: the first submission to the Home Office
    and to the Domestic Abuse Commissioner, and the first document published."""
    dates: dict[str, dt.date] = {}
    for step, recipient in (
        ("submitted", SubmissionRecipient.HOME_OFFICE),
        ("sent_to_commissioner", SubmissionRecipient.COMMISSIONER),
    ):
        sent = [s.sent_on for s in case.submissions if s.recipient == recipient]
        if sent:
            dates[step] = min(sent)
    if case.publications:
        dates["published"] = min(p.published_on for p in case.publications)
    return dates


def _open_trial_since(case: Case, as_of: dt.date | None) -> dt.date | None:
    """When the pause for a criminal trial still running on ``as_of`` began (None if none)."""
    since = None
    for pause in case.pauses:
        if as_of is not None and pause.started_on > as_of:
            continue
        still_open = pause.resumed_on is None or (as_of is not None and pause.resumed_on > as_of)
        if pause.reason == PauseReason.CRIMINAL_TRIAL and still_open:
            since = pause.started_on
    return since


def facts_of(case: Case, as_of: dt.date | None = None) -> CaseFacts:
    """What had happened on the case by ``as_of`` (default: everything recorded).

    Milestones first; where a step was recorded only through its own record (the notification
    or application date, a decision, the acknowledgement date, a held case review meeting, an
    appeal), that record's date.
    """
    facts = CaseFacts()
    dates = _decision_dates(case, facts, as_of)
    if case.kind == CaseKind.DHR and case.notification_received_on is not None:
        dates["notification"] = case.notification_received_on
    if case.kind == CaseKind.DHR:
        for code, day in _review_dates(case).items():
            dates.setdefault(code, day)
    if case.kind == CaseKind.COMMUNITY_TRIGGER:
        for code, day in _trigger_dates(case).items():
            if code == "application":
                dates[code] = day
            else:
                dates.setdefault(code, day)
    for milestone in case.milestones:
        dates[milestone.step] = milestone.occurred_on
    facts.dates = {k: v for k, v in dates.items() if as_of is None or v <= as_of}
    facts.open_trial_since = _open_trial_since(case, as_of)
    return facts
