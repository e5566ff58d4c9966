"""The steps of each kind of review, their order, what each needs first, and overrides.

The steps follow DOMAIN.md (§1 for a DHR, §2 for a Community Trigger). Each completed step is a
:class:`~dhr_desk.domain.Milestone` with the date it happened. A step is refused when the
guidance forbids it yet (publishing before the Home Office QA Panel says the report may be
published, a threshold decision before an application…) unless the coordinator records an
override with a reason; the override is kept on the milestone and written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dhr_desk.domain import (
    Case,
    CaseKind,
    DecisionOutcome,
    Milestone,
)
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.storage import audit
from dhr_desk.workflow.case_facts import CaseFacts, facts_of
from dhr_desk.workflow.periods import as_date, long_date

__all__ = [
    "CT_STEPS",
    "DHR_STEPS",
    "CaseFacts",
    "Step",
    "StepStatus",
    "blockers",
    "current_stage",
    "facts_of",
    "is_optional",
    "record_step",
    "remove_step",
    "step_label",
    "step_named",
    "steps",
    "steps_for",
]


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
    Step(
        "sent_to_commissioner",
        "Report sent to the Domestic Abuse Commissioner",
        ("csp_sign_off",),
        optional=True,  # required once s19 of the Victims and Prisoners Act 2024 is in force
    ),
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
    Step(
        "victim_invited",
        "Victim invited to the meeting, or to give an impact statement",
        ("threshold_decision",),
    ),
    Step("case_review_meeting", "Case review meeting held", ("threshold_decision",)),
    Step(
        "victim_consulted",
        "Victim consulted on the action plan before it is final",
        ("case_review_meeting",),
    ),
    Step(
        "outcome_letter",
        "Outcome letter with recommendations sent",
        ("case_review_meeting", "victim_consulted"),
    ),
    Step(
        "closure_explained",
        "Victim told by the single point of contact when and why the case closes",
        ("threshold_decision",),
    ),
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
_MET_ONLY = {"case_review_meeting", "outcome_letter", "victim_invited", "victim_consulted"}
# Steps the Victims and Prisoners Act 2024 s19 makes required once it is in force.
S19_STEPS = frozenset({"sent_to_commissioner"})
S19_SETTING = "vpa_s19_in_force"
settings.register_defaults({S19_SETTING: False})


def steps_for(kind: CaseKind) -> tuple[Step, ...]:
    return _STEPS[kind]


def step_named(kind: CaseKind, code: str) -> Step:
    code = code.strip().lower().replace("-", "_").replace(" ", "_")
    for step in _STEPS[kind]:
        if step.code == code:
            return step
    known = ", ".join(s.code for s in _STEPS[kind])
    raise ValidationError(
        f"{kind.with_article[:1].upper()}{kind.with_article[1:]} has no step called '{code}'. "
        f"The steps are: {known}."
    )


def step_label(kind: CaseKind, code: str) -> str:
    for step in _STEPS[kind]:
        if step.code == code:
            return step.label
    return code.replace("_", " ").capitalize()


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
    elif (
        step.code == "closure_explained"
        and facts.threshold_outcome == DecisionOutcome.MET
        and "outcome_letter" not in facts.dates
    ):
        problems.append("the outcome letter with the action plan has not been sent")
    return problems


def is_optional(session: Session, step: Step) -> bool:
    """Whether a step may be left undone: optional in the guidance, or a step of s19 of the
    Victims and Prisoners Act 2024 before it is in force (setting ``vpa_s19_in_force``)."""
    if step.code in S19_STEPS:
        return not bool(settings.get_in(session, S19_SETTING))
    return step.optional


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
            state = "optional" if is_optional(session, step) else "next"
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
