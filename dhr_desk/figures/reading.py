"""What the annual figures read of each ASB Case Review, straight from the tables (plain rows,
no ORM objects: a decade of cases is read in a fraction of a second).

The dates follow the steps (:func:`dhr_desk.workflow.case_facts.facts_of`): a review was
carried out on the date recorded for the ``case_review_meeting`` step, or else on the first case
review meeting held; the outcome letter on its step's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Appeal,
    Case,
    CaseKind,
    Complaint,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Milestone,
    Recommendation,
    TriggerApplication,
)


@dataclass
class CaseRecord:
    """One ASB Case Review as the figures count it."""

    case_id: int
    received_on: dt.date | None = None
    channel: str = ""
    thresholds: list[tuple[dt.date, DecisionOutcome, str]] = field(default_factory=list)
    outcomes: list[tuple[dt.date, int, DecisionOutcome]] = field(default_factory=list)
    has_recommendations: bool = False
    review_step_on: dt.date | None = None
    meetings_held: list[dt.date] = field(default_factory=list)
    outcome_letter_on: dt.date | None = None
    complaints: list[tuple[str, bool]] = field(default_factory=list)
    appeals: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def not_met_on(self) -> list[dt.date]:
        return [day for day, outcome, _b in self.thresholds if outcome == DecisionOutcome.NOT_MET]

    @property
    def met(self) -> list[tuple[dt.date, str]]:
        return [
            (day, basis)
            for day, outcome, basis in self.thresholds
            if outcome == DecisionOutcome.MET
        ]

    @property
    def decided_on(self) -> dt.date | None:
        """The first threshold decision."""
        return min((day for day, _o, _b in self.thresholds), default=None)

    @property
    def review_on(self) -> dt.date | None:
        return self.review_step_on or min(self.meetings_held, default=None)

    @property
    def outcome(self) -> str:
        """``recommendations``, ``no_recommendations`` or ``awaited``: the latest outcome
        decision, else whether recommendations are recorded."""
        if self.outcomes:
            latest = max(self.outcomes, key=lambda o: (o[0], o[1]))[2]
            return (
                "recommendations"
                if latest == DecisionOutcome.RECOMMENDATIONS
                else "no_recommendations"
            )
        return "recommendations" if self.has_recommendations else "awaited"

    @property
    def hate_related(self) -> bool:
        return any(hate for _to, hate in self.complaints)


Records = dict[int, CaseRecord]


def _applications(session: Session, found: Records, ct: Any) -> None:
    rows = session.execute(
        select(
            TriggerApplication.case_id, TriggerApplication.received_on, TriggerApplication.channel
        ).where(TriggerApplication.case_id.in_(ct))
    )
    for case_id, received, channel in rows:
        found[case_id].received_on, found[case_id].channel = received, channel.value


def _decisions(session: Session, found: Records, ct: Any) -> None:
    rows = session.execute(
        select(
            Decision.case_id,
            Decision.kind,
            Decision.decided_on,
            Decision.outcome,
            Decision.number,
            Decision.basis,
        ).where(
            Decision.case_id.in_(ct),
            Decision.kind.in_((DecisionKind.THRESHOLD, DecisionKind.OUTCOME)),
        )
    )
    for case_id, kind, day, outcome, number, basis in rows:
        if kind == DecisionKind.THRESHOLD:
            found[case_id].thresholds.append((day, outcome, basis))
        else:
            found[case_id].outcomes.append((day, number, outcome))


def _reviews(session: Session, found: Records, ct: Any) -> None:
    """The review and outcome-letter steps, the held case review meetings, and whether
    recommendations are recorded."""
    steps = session.execute(
        select(Milestone.case_id, Milestone.step, Milestone.occurred_on).where(
            Milestone.case_id.in_(ct),
            Milestone.step.in_(("case_review_meeting", "outcome_letter")),
        )
    )
    for case_id, step, day in steps:
        if step == "case_review_meeting":
            found[case_id].review_step_on = day
        else:
            found[case_id].outcome_letter_on = day
    held = session.execute(
        select(Meeting.case_id, Meeting.held_on).where(
            Meeting.case_id.in_(ct),
            Meeting.kind == MeetingKind.CASE_REVIEW,
            Meeting.status == MeetingStatus.HELD,
        )
    )
    for case_id, day in held:
        found[case_id].meetings_held.append(day)
    recommended = select(Recommendation.case_id).where(Recommendation.case_id.in_(ct))
    for case_id in session.scalars(recommended):
        found[case_id].has_recommendations = True


def _complaints_and_appeals(session: Session, found: Records, ct: Any) -> None:
    complaints = session.execute(
        select(Complaint.case_id, Complaint.reported_to, Complaint.is_hate_incident)
        .where(Complaint.case_id.in_(ct))
        .order_by(Complaint.id)
    )
    for case_id, reported_to, hate in complaints:
        found[case_id].complaints.append((reported_to, hate))
    appeals = session.execute(
        select(Appeal.case_id, Appeal.requested_on, Appeal.outcome).where(Appeal.case_id.in_(ct))
    )
    for case_id, day, appeal_outcome in appeals:
        found[case_id].appeals.append((day, appeal_outcome.value))


def read_cases(session: Session) -> list[CaseRecord]:
    """Every ASB Case Review, with what the figures count."""
    ct = select(Case.id).where(Case.kind == CaseKind.COMMUNITY_TRIGGER).scalar_subquery()
    found: Records = {
        case_id: CaseRecord(case_id)
        for case_id in session.scalars(
            select(Case.id).where(Case.kind == CaseKind.COMMUNITY_TRIGGER)
        )
    }
    for read in (_applications, _decisions, _reviews, _complaints_and_appeals):
        read(session, found, ct)
    return list(found.values())
