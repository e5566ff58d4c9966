"""The Home Office quality assurance cycle of a DHR, round by round.

Round 1 is the first submission to the Home Office QA Panel; each QA letter asking for the
report to be revised (a ``Decision`` of kind ``qa``, outcome ``resubmit``) is answered by the
next submission, which opens the next round. Each round keeps its own dates: when the report was
sent and what went, when it went to the Domestic Abuse Commissioner (Victims and Prisoners Act
2024 s19 once in force), the QA letter and its outcome, and — for a report sent back — the date
the resubmission is due (rule ``dhr_resubmission``) and the day it was sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Case,
    Decision,
    DecisionKind,
    DecisionOutcome,
    Submission,
    SubmissionRecipient,
)
from dhr_desk.workflow.deadline_rules import RESUBMISSION
from dhr_desk.workflow.time_limits import time_limit


@dataclass
class QaRound:
    """One round: the report sent, the copy to the Commissioner, the QA letter."""

    number: int
    sent: Submission | None = None
    to_commissioner: list[Submission] = field(default_factory=list)
    letter: Decision | None = None
    resubmit_by: dt.date | None = None

    @property
    def sent_on(self) -> dt.date | None:
        return self.sent.sent_on if self.sent else None

    @property
    def outcome(self) -> DecisionOutcome | None:
        return self.letter.outcome if self.letter else None

    @property
    def sent_back(self) -> bool:
        return self.outcome == DecisionOutcome.RESUBMIT


def _qa_letters(case: Case) -> list[Decision]:
    return sorted(
        (d for d in case.decisions if d.kind == DecisionKind.QA),
        key=lambda d: (d.decided_on, d.number, d.id or 0),
    )


def _sent(case: Case, recipient: SubmissionRecipient) -> list[Submission]:
    return sorted(
        (s for s in case.submissions if s.recipient == recipient),
        key=lambda s: (s.sent_on, s.id or 0),
    )


def qa_rounds(session: Session, case: Case) -> list[QaRound]:
    """Every round, the first first. A QA letter belongs to the round whose submission it
    follows; a submission to the Commissioner to the round of the last Home Office submission
    made by then (round 1 if it came first)."""
    home_office = _sent(case, SubmissionRecipient.HOME_OFFICE)
    letters = _qa_letters(case)
    rounds = [QaRound(n, sent) for n, sent in enumerate(home_office, start=1)] or [QaRound(1)]
    for letter in letters:
        target = next(
            (
                r
                for r in rounds
                if r.letter is None and (r.sent_on is None or r.sent_on <= letter.decided_on)
            ),
            None,
        )
        if target is None:  # a letter with no submission recorded for it
            target = QaRound(len(rounds) + 1)
            rounds.append(target)
        target.letter = letter
    for copy in _sent(case, SubmissionRecipient.COMMISSIONER):
        earlier = [r for r in rounds if r.sent_on is not None and r.sent_on <= copy.sent_on]
        (earlier[-1] if earlier else rounds[0]).to_commissioner.append(copy)
    for r in rounds:
        if r.sent_back and r.letter is not None:
            r.resubmit_by = time_limit(session, RESUBMISSION, r.letter.decided_on).ends_on
    if rounds == [QaRound(1)]:
        return []
    return rounds


def latest_round(session: Session, case: Case) -> QaRound | None:
    """The round of the latest submission to the Home Office (None before any)."""
    sent = [r for r in qa_rounds(session, case) if r.sent is not None]
    return sent[-1] if sent else None
