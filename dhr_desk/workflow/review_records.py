"""Save rules for the records that date a DHR's later steps: a submission to the Home Office
QA Panel is the ``submitted`` step, one to the Domestic Abuse Commissioner the
``sent_to_commissioner`` step, and the first publication the ``published`` step. The first
record of each is refused when the guidance forbids the step yet (before the partnership signed
the report off; publication before the Panel's approval, before the family was told, or while a
criminal trial is open), exactly as recording the step itself would be. To record it anyway,
record the step first with an override and its reason.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import Case, Publication, Submission, SubmissionRecipient
from dhr_desk.workflow.periods import long_date
from dhr_desk.workflow.stages import blockers, facts_of, step_named


def _guard(
    session: Session, case_id: int | None, step: str, day: dt.date | None, earlier: bool, field: str
) -> list[tuple[str, str]]:
    """Why the record cannot date ``step`` on ``day`` (empty when it can, or when an earlier
    record or the recorded step already dates it)."""
    if case_id is None or day is None or earlier:
        return []
    case = session.get(Case, case_id)
    if case is None or any(m.step == step for m in case.milestones):
        return []
    definition = step_named(case.kind, step)
    with session.no_autoflush:
        problems = blockers(case.kind, definition, facts_of(case), day)
    if not problems:
        return []
    return [
        (
            field,
            f"'{definition.label}' cannot be dated {long_date(day)}: {'; '.join(problems)}. If it "
            "must be, record the step itself first with an override and the reason",
        )
    ]


@records.rule(Submission)
def _submission_in_order(session: Session, sent: Submission) -> list[tuple[str, str]]:
    step = (
        "submitted" if sent.recipient == SubmissionRecipient.HOME_OFFICE else "sent_to_commissioner"
    )
    case = session.get(Case, sent.case_id) if sent.case_id is not None else None
    earlier = case is not None and any(
        other is not sent
        and other.recipient == sent.recipient
        and sent.sent_on is not None
        and other.sent_on <= sent.sent_on
        for other in case.submissions
    )
    return _guard(session, sent.case_id, step, sent.sent_on, earlier, "sent_on")


@records.rule(Publication)
def _publication_in_order(session: Session, pub: Publication) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    up = pub.published_on
    for field in ("taken_down_on", "take_down_on"):
        down = getattr(pub, field)
        if up is not None and down is not None and down < up:
            problems.append(
                (field, f"{long_date(down)} is before it was published on {long_date(up)}")
            )
    case = session.get(Case, pub.case_id) if pub.case_id is not None else None
    earlier = case is not None and any(
        other is not pub and pub.published_on is not None and other.published_on <= pub.published_on
        for other in case.publications
    )
    problems.extend(
        _guard(session, pub.case_id, "published", pub.published_on, earlier, "published_on")
    )
    return problems
