"""The steps of each kind of review, their order, what each needs first, and overrides.

The steps follow DOMAIN.md (§1 for a DHR, §2 for a Community Trigger). Each completed step is a
:class:`~dhr_desk.domain.Milestone` with the date it happened. A step is refused when the
guidance forbids it yet (publishing before the Home Office QA Panel says the report may be
published, a threshold decision before an application…) unless the coordinator records an
override with a reason; the override is kept on the milestone and written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Case,
    CaseKind,
    Decision,
    DecisionKind,
    DecisionOutcome,
    MeetingKind,
    MeetingStatus,
    Milestone,
    PauseReason,
)
from dhr_desk.errors import ValidationError
from dhr_desk.storage import audit
from dhr_desk.workflow.periods import as_date, long_date


@dataclass(frozen=True)
class Step:
    """One step of the workflow: ``requires`` are the steps the guidance wants done first."""

    code: str
    label: str
    requires: tuple[str, ...] = ()
    optional: bool = False


DHR_STEPS: tuple[Step, ...] = (
    Step("notification", "Notification received from the police"),
    Step("scoping", "Agencies asked about contact and to secure records", ("notification",)),
    Step("decision", "Decision whether to hold a review", ("notification",)),
    Step("home_office_informed", "Home Office informed of the decision", ("decision",)),
    Step("family_informed", "Family informed and offered specialist advocacy", ("decision",)),
    Step("chair_appointed", "Independent chair and author appointed", ("decision",)),
    Step("tor_agreed", "Terms of Reference agreed by the panel", ("chair_appointed",)),
    Step("returns_requested", "Agency returns (IMRs, chronologies) requested", ("decision",)),
    Step("returns_received", "All agency returns received", ("returns_requested",)),
    Step("draft_completed", "Draft overview report and executive summary", ("tor_agreed",)),
    Step("family_saw_draft", "Family shown the draft report", ("draft_completed",)),
    Step("panel_sign_off", "Report signed off by the panel", ("draft_completed",)),
    Step("csp_sign_off", "Report signed off by the partnership", ("panel_sign_off",)),
    Step("submitted", "Submitted to the Home Office Quality Assurance Panel", ("csp_sign_off",)),
    Step("qa_approved", "Home Office QA Panel: the report may be published", ("submitted",)),
    Step("family_told_publication", "Family told the publication date", ("qa_approved",)),
    Step(
        "published",
        "Overview report, executive summary and action plan published",
        ("qa_approved", "family_told_publication"),
    ),
    Step("actions_closed", "Every action of the action plan closed", ("csp_sign_off",)),
)

CT_STEPS: tuple[Step, ...] = (
    Step("application", "Application received"),
    Step("acknowledged", "Application acknowledged", ("application",)),
    Step("threshold_decision", "Threshold decision made and the applicant told", ("application",)),
    Step("case_review_meeting", "Case review meeting held", ("threshold_decision",)),
    Step("outcome_letter", "Outcome letter with recommendations sent", ("case_review_meeting",)),
    Step(
        "appeal_received",
        "Request to review the decision received",
        ("threshold_decision",),
        optional=True,
    ),
    Step(
        "appeal_decided",
        "Request to review the decision decided",
        ("appeal_received",),
        optional=True,
    ),
)

_STEPS = {CaseKind.DHR: DHR_STEPS, CaseKind.COMMUNITY_TRIGGER: CT_STEPS}
# Steps that exist only because a review is being held (a DHR) or the threshold was met (CT).
_REVIEW_ONLY = {s.code for s in DHR_STEPS} - {
    "notification",
    "scoping",
    "decision",
    "home_office_informed",
    "family_informed",
}
_MET_ONLY = {"case_review_meeting", "outcome_letter"}


def steps_for(kind: CaseKind) -> tuple[Step, ...]:
    return _STEPS[kind]


def step_named(kind: CaseKind, code: str) -> Step:
    code = code.strip().lower().replace("-", "_").replace(" ", "_")
    for step in _STEPS[kind]:
        if step.code == code:
            return step
    known = ", ".join(s.code for s in _STEPS[kind])
    raise ValidationError(f"A {kind.label} has no step called '{code}'. The steps are: {known}.")


def step_label(kind: CaseKind, code: str) -> str:
    for step in _STEPS[kind]:
        if step.code == code:
            return step.label
    return code.replace("_", " ").capitalize()


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


def blockers(kind: CaseKind, step: Step, facts: CaseFacts, on: dt.date | None) -> list[str]:
    """Why ``step`` cannot be recorded (on ``on``, if given) under the guidance; empty if it can."""
    problems: list[str] = []
    for needed in step.requires:
        done = facts.dates.get(needed)
        if done is None:
            problems.append(f"'{step_label(kind, needed)}' has not been recorded yet")
        elif on is not None and done > on:
            problems.append(
                f"'{step_label(kind, needed)}' was recorded on {long_date(done)}, after "
                f"{long_date(on)}"
            )
    if kind == CaseKind.DHR:
        if step.code in _REVIEW_ONLY and facts.review_outcome == DecisionOutcome.NO_REVIEW:
            problems.append("the decision was not to hold a review")
        asked = facts.resubmit_asked_on
        approved = facts.dates.get("qa_approved")
        if (
            step.code in ("qa_approved", "published")
            and asked is not None
            and (approved is None or approved < asked or step.code == "qa_approved")
        ):
            problems.append(
                f"the Home Office QA Panel asked on {long_date(asked)} for the report to be "
                "revised and resubmitted"
            )
        if step.code == "published" and facts.open_trial_since is not None:
            problems.append(
                "criminal proceedings have not ended (the pause for the criminal trial from "
                f"{long_date(facts.open_trial_since)} is still open)"
            )
    elif step.code in _MET_ONLY and facts.threshold_outcome == DecisionOutcome.NOT_MET:
        problems.append("the threshold for a case review was not met")
    return problems


@dataclass(frozen=True)
class StepStatus:
    """Where one step stands: ``state`` is ``done``, ``next``, ``blocked`` or ``optional``."""

    code: str
    label: str
    done_on: dt.date | None
    state: str
    why: str = ""
    override_reason: str = ""
    note: str = ""


def steps(session: Session, case: Case) -> list[StepStatus]:
    """Every step of the case in order: done (with its date), next, blocked (and why), optional."""
    facts = facts_of(case)
    recorded = {m.step: m for m in case.milestones}
    out: list[StepStatus] = []
    for step in steps_for(case.kind):
        milestone = recorded.get(step.code)
        done_on = facts.dates.get(step.code)
        if done_on is not None:
            out.append(
                StepStatus(
                    step.code,
                    step.label,
                    done_on,
                    "done",
                    override_reason=milestone.override_reason if milestone else "",
                    note=milestone.note if milestone else "",
                )
            )
            continue
        problems = blockers(case.kind, step, facts, None)
        if problems:
            out.append(StepStatus(step.code, step.label, None, "blocked", "; ".join(problems)))
        else:
            state = "optional" if step.optional else "next"
            out.append(StepStatus(step.code, step.label, None, state))
    return out


def record_step(
    session: Session,
    case: Case,
    step: str,
    on: dt.date | str,
    note: str = "",
    override_reason: str = "",
) -> Milestone:
    """Record that ``step`` happened on ``on``.

    Refused with a plain reason when the guidance forbids it yet, unless ``override_reason`` is
    given: then the milestone keeps the reason and an ``override`` event is audited. Recording a
    step again corrects its date, which also needs a reason.
    """
    definition = step_named(case.kind, step)
    day = as_date(on, "on")
    if day > dt.date.today():
        raise ValidationError(
            f"Nothing was saved: {long_date(day)} is in the future, and a step is recorded when "
            "it has happened."
        )
    reason = override_reason.strip()
    facts = facts_of(case)
    existing = next((m for m in case.milestones if m.step == definition.code), None)
    problems = blockers(case.kind, definition, facts, day)
    if existing is not None:
        problems.insert(0, f"it was already recorded on {long_date(existing.occurred_on)}")
    if problems and not reason:
        hint = (
            "to correct the date, record it again with an override and the reason"
            if existing is not None
            else "if it must be recorded now, give an override with the reason"
        )
        raise ValidationError(
            f"'{definition.label}' was not recorded: {'; '.join(problems)}. {hint.capitalize()}."
        )
    if existing is None:
        milestone = Milestone(
            case_id=case.id,
            step=definition.code,
            occurred_on=day,
            note=note,
            override_reason=reason if problems else "",
        )
        session.add(milestone)
        case.milestones.append(milestone)
    else:
        milestone = existing
        milestone.occurred_on = day
        if note:
            milestone.note = note
        milestone.override_reason = reason
    if problems:
        audit.record(
            session,
            audit.AuditEvent(
                action="override",
                entity="milestone",
                entity_id=definition.code,
                case_id=case.id,
                changes={
                    "step": definition.code,
                    "occurred_on": day,
                    "reason": reason,
                    "overridden": problems,
                },
            ),
        )
    if (
        definition.code == "acknowledged"
        and case.application is not None
        and case.application.acknowledged_on is None
    ):
        case.application.acknowledged_on = day
    case.stage = current_stage(case)
    session.flush()
    return milestone


def remove_step(session: Session, case: Case, step: str, reason: str) -> None:
    """Take back a step recorded by mistake. The reason is required and audited; the case's
    first step (notification or application) cannot be taken back."""
    definition = step_named(case.kind, step)
    reason = reason.strip()
    existing = next((m for m in case.milestones if m.step == definition.code), None)
    if existing is None:
        raise ValidationError(
            f"'{definition.label}' is not recorded, so there is nothing to take back."
        )
    if definition.code == steps_for(case.kind)[0].code:
        raise ValidationError(
            f"'{definition.label}' opens the case and cannot be taken back; correct its date "
            "by recording it again with a reason."
        )
    if not reason:
        raise ValidationError(
            f"'{definition.label}' was not taken back: give the reason (it is kept in the audit "
            "trail)."
        )
    if (
        definition.code == "acknowledged"
        and case.application is not None
        and case.application.acknowledged_on == existing.occurred_on
    ):
        case.application.acknowledged_on = None  # set with the step by record_step
    with session.no_autoflush:  # look without the milestone; nothing is written yet
        case.milestones.remove(existing)
        still = facts_of(case).dates.get(definition.code)
        if still is not None:
            case.milestones.append(existing)
    if still is not None:
        raise ValidationError(
            f"'{definition.label}' was not taken back: another record of the case also shows it "
            f"happened on {long_date(still)} (a recorded decision, acknowledgement date, meeting "
            "or appeal). Correct or remove that record instead."
        )
    audit.record(
        session,
        audit.AuditEvent(
            action="remove_step",
            entity="milestone",
            entity_id=definition.code,
            case_id=case.id,
            changes={
                "step": definition.code,
                "occurred_on": existing.occurred_on,
                "reason": reason,
            },
        ),
    )
    session.delete(existing)
    case.stage = current_stage(case, from_start=True)
    session.flush()


def current_stage(case: Case, *, from_start: bool = False) -> str:
    """The furthest step along the workflow that has been recorded (``from_start``: worked out
    again from the first step, after a step was taken back)."""
    done = {m.step for m in case.milestones}
    stage = steps_for(case.kind)[0].code if from_start else case.stage
    for step in steps_for(case.kind):
        if step.code in done and not step.optional:
            stage = step.code
    return stage
