"""ASB Case Review (Community Trigger) letters: acknowledgement, threshold decision, agency
request, consultation on the draft action plan, outcome with the action plan, closure, appeal
acknowledgement and decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk.documents.builders.common import (
    Recipient,
    agency_recipient,
    decision,
    letter,
    milestone_on,
    postal_lines,
)
from dhr_desk.documents.context import BuildContext, BuildProblem
from dhr_desk.documents.model import Document
from dhr_desk.documents.wording import long_date
from dhr_desk.domain import (
    Action,
    Appeal,
    AppealOutcome,
    Decision,
    DecisionKind,
    DecisionOutcome,
    MeetingKind,
    MeetingStatus,
    TriggerApplication,
)
from dhr_desk.workflow import escalation, threshold, time_limits


def _application(ctx: BuildContext) -> TriggerApplication:
    app = ctx.the_case.application
    if app is None:
        raise BuildProblem(f"{ctx.the_case.reference} has no application recorded.")
    return app


def _applicant(ctx: BuildContext) -> Recipient:
    """The applicant by name, with their postal address a line at a time."""
    app = _application(ctx)
    person = app.applicant or app.victim
    shown = ctx.names.person(person, "the applicant")
    return Recipient(shown, f"Dear {shown}", postal_lines(ctx, person))


def _values(ctx: BuildContext) -> dict[str, Any]:
    app = _application(ctx)
    case = ctx.the_case
    return {
        "received_on": app.received_on,
        "channel": app.channel.phrase,
        "matter": ctx.text(app.matter),
        "on_behalf": app.on_behalf_of_victim,
        "victim": ctx.names.person(app.victim, "the victim"),
        "complaints": len(case.complaints),
        # A named officer in the full edition; a published edition leaves the sentence out.
        "spoc": "" if ctx.published else app.single_point_of_contact,
        "adjustments": "" if ctx.published else ctx.text(app.reasonable_adjustments),
    }


def ct_acknowledgement(ctx: BuildContext) -> Document:
    doc = ctx.new_document("Acknowledgement of your application", "ct_acknowledgement")
    letter(
        ctx,
        doc,
        _applicant(ctx),
        "letters/ct_acknowledgement.txt",
        subject=f"{ctx.label} application — {ctx.the_case.reference}",
        **_values(ctx),
    )
    return doc


def _rule_wording(ctx: BuildContext, found: Decision | None, met: bool) -> dict[str, Any]:
    """What the letter says about the rules: the reasons, the rule met, the complaints counted
    and those not counted with why (from the recorded decision, else the test as it stands)."""
    case = ctx.the_case
    detail, basis = (found.detail, found.basis) if found is not None else ("", "")
    if found is None:
        result = threshold.threshold_test(ctx.session, case, ctx.today)
        if result.met == met:
            detail, basis = result.text, result.basis
    parts = threshold.split_detail(detail)
    names = [threshold.RULE_NAMES.get(code, code) for code in basis.split(",") if code]
    return {
        "reasons": [ctx.text(line) for line in parts.reasons],
        "counted": [ctx.text(line) for line in parts.counted],
        "not_counted": [ctx.text(line) for line in parts.not_counted],
        "considered": [ctx.text(line) for line in parts.considered],
        "rule_met": " and ".join(names),
    }


def _review_request_wording(ctx: BuildContext, decided_on: dt.date | None) -> dict[str, Any]:
    """The one time limit to ask for a review, as the clock has it, and who considers it."""
    limit = escalation.review_request_limit(ctx.session, decided_on)
    return {
        "review_period": limit.period,
        "review_by": limit.ends_on,
        "review_body": escalation.review_body(ctx.session),
    }


def _threshold(ctx: BuildContext, met: bool) -> Document:
    case = ctx.the_case
    found = decision(case, DecisionKind.THRESHOLD)
    expected = DecisionOutcome.MET if met else DecisionOutcome.NOT_MET
    if found is not None and found.outcome != expected:
        other = (
            "ct_threshold_met" if found.outcome == DecisionOutcome.MET else "ct_threshold_not_met"
        )
        raise BuildProblem(
            f"The threshold decision recorded for {case.reference} is "
            f"'{found.outcome.label.lower()}'; generate {other} instead."
        )
    wording = _rule_wording(ctx, found, met)
    rationale = ctx.text(found.rationale) if found else ""
    if rationale and any(rationale.strip() in r for r in wording["reasons"]):
        rationale = ""  # the verdict is already among the reasons
    kind = "ct_threshold_met" if met else "ct_threshold_not_met"
    title = "The threshold for a case review is met" if met else "The threshold is not met"
    doc = ctx.new_document(title, kind)
    letter(
        ctx,
        doc,
        _applicant(ctx),
        f"letters/{kind}.txt",
        subject=f"{ctx.label} — threshold decision — {case.reference}",
        decided_on=found.decided_on if found else None,
        decided_by=ctx.text(found.decided_by) if found else "",
        rationale=rationale,
        **wording,
        **_review_request_wording(ctx, found.decided_on if found else None),
        **_values(ctx),
    )
    return doc


def ct_threshold_met(ctx: BuildContext) -> Document:
    return _threshold(ctx, True)


def ct_threshold_not_met(ctx: BuildContext) -> Document:
    return _threshold(ctx, False)


def ct_information_request(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Request for information", "ct_information_request")
    if not case.case_agencies:
        doc.narrative("No agencies are recorded for this case yet: add the agencies to ask.")
    # The same date as the clock for the agency information (rule ct_agency_return).
    reply_by = time_limits.time_limit(ctx.session, "ct_agency_return", ctx.today).ends_on
    for link in case.case_agencies:
        ctx.check()
        letter(
            ctx,
            doc,
            agency_recipient(ctx, link, link.agency),
            "letters/ct_information_request.txt",
            subject=f"{ctx.label} — request for information — {case.reference}",
            agency=link.agency.name,
            reply_by=reply_by,
            address=ctx.names.address(_application(ctx).victim),
            **_values(ctx),
        )
    return doc


def _review_meeting_on(ctx: BuildContext) -> dt.date:
    """When the case review meeting the outcome comes from was held (a held meeting, or the
    step recorded); refused when the facts of an outcome do not exist yet (no threshold
    decision, a threshold not met, no meeting held)."""
    case = ctx.the_case
    threshold = decision(case, DecisionKind.THRESHOLD)
    if threshold is None:
        raise BuildProblem(
            f"There is no outcome to tell yet: the threshold decision for {case.reference} is "
            "not recorded. Record the decision (and, if it is met, the case review meeting) "
            "first."
        )
    if threshold.outcome != DecisionOutcome.MET:
        raise BuildProblem(
            f"The threshold for {case.reference} was not met, so there was no case review and "
            "no outcome to tell; the applicant has the threshold not met letter "
            "(ct_threshold_not_met)."
        )
    held = [
        m.held_on
        for m in case.meetings
        if m.kind == MeetingKind.CASE_REVIEW and m.status == MeetingStatus.HELD
    ]
    step = milestone_on(case, "case_review_meeting")
    if step is not None:
        held.append(step)
    if not held:
        raise BuildProblem(
            f"The case review meeting for {case.reference} has not been held yet: record the "
            "meeting as held before writing to the applicant about its outcome."
        )
    return max(held)


def _plain_actions(ctx: BuildContext) -> list[dict[str, str]]:
    """The actions agreed, in the letter's own words: what, by whom, by when."""
    out: list[dict[str, str]] = []
    for rec in ctx.the_case.recommendations:
        actions: list[Action] = list(rec.actions)
        for action in actions:
            lead = action.lead_agency or rec.lead_agency
            done = action.completed_on
            out.append(
                {
                    "what": ctx.text(action.description).rstrip("."),
                    "who": lead.name if lead else "",
                    "by": ctx.date(action.target_on, ""),
                    "done": ctx.date(done, "") if done else "",
                }
            )
        if not actions:
            lead = rec.lead_agency
            what = ctx.text(rec.text).rstrip(".")
            out.append({"what": what, "who": lead.name if lead else "", "by": "", "done": ""})
    return out


def ct_outcome_letter(ctx: BuildContext) -> Document:
    case = ctx.the_case
    meeting_on = _review_meeting_on(ctx)
    found = decision(case, DecisionKind.OUTCOME)
    sent_on = milestone_on(case, "outcome_letter")
    doc = ctx.new_document("Outcome of the case review", "ct_outcome_letter")
    values = _values(ctx)
    letter(
        ctx,
        doc,
        _applicant(ctx),
        "letters/ct_outcome.txt",
        subject=f"{ctx.label} — outcome of the case review — {case.reference}",
        meeting_on=meeting_on,
        decided_on=found.decided_on if found else None,
        with_recommendations=(found is None or found.outcome == DecisionOutcome.RECOMMENDATIONS),
        rationale=ctx.text(found.rationale) if found else "",
        actions=_plain_actions(ctx),
        spoc_missing=not values["spoc"] and not ctx.published,
        consulted_on=milestone_on(case, "victim_consulted"),
        **_review_request_wording(ctx, sent_on or ctx.today),
        **values,
    )
    return doc


def _appeal(ctx: BuildContext) -> Appeal:
    case = ctx.the_case
    if not case.appeals:
        raise BuildProblem(f"{case.reference} has no request for a review of the decision.")
    return case.appeals[-1]


def _appeal_part(appeal: Appeal) -> str:
    """The letters about each request for a review are documents of their own."""
    return f"request of {long_date(appeal.requested_on)}"


def ct_appeal_ack(ctx: BuildContext) -> Document:
    appeal = _appeal(ctx)
    doc = ctx.new_document("Acknowledgement of your request for a review", "ct_appeal_ack")
    doc.part = _appeal_part(appeal)
    letter(
        ctx,
        doc,
        _applicant(ctx),
        "letters/ct_appeal_ack.txt",
        subject=f"{ctx.label} — request for a review of the decision — {ctx.the_case.reference}",
        requested_on=appeal.requested_on,
        route=ctx.text(appeal.route) or escalation.review_body(ctx.session),
        grounds=ctx.text(appeal.grounds),
        decide_by=escalation.appeal_decision_limit(ctx.session, appeal.requested_on).ends_on,
        **_values(ctx),
    )
    return doc


def ct_appeal_decision(ctx: BuildContext) -> Document:
    appeal = _appeal(ctx)
    outcome = appeal.outcome
    if outcome == AppealOutcome.PENDING:
        raise BuildProblem(
            f"The review of the decision on {ctx.the_case.reference} has not been decided yet; "
            "record the outcome first."
        )
    doc = ctx.new_document("Decision on your request for a review", "ct_appeal_decision")
    doc.part = _appeal_part(appeal)
    letter(
        ctx,
        doc,
        _applicant(ctx),
        "letters/ct_appeal_decision.txt",
        subject=f"{ctx.label} — decision on the review — {ctx.the_case.reference}",
        requested_on=appeal.requested_on,
        decided_on=appeal.decided_on,
        decided_by=ctx.text(appeal.decided_by),
        outcome=outcome.value,
        outcome_label=outcome.label.lower(),
        reasons=ctx.text(appeal.reasons),
        route=ctx.text(appeal.route),
        routes=escalation.escalation_routes(ctx.session, ctx.the_case, appeal),
        **_values(ctx),
    )
    return doc


def ct_action_plan_consultation(ctx: BuildContext) -> Document:
    """The victim's views on the draft action plan, asked before it is final."""
    case = ctx.the_case
    meeting_on = milestone_on(case, "case_review_meeting") or _held_meeting_on(ctx)
    doc = ctx.new_document("Your views on the draft action plan", "ct_action_plan_consultation")
    letter(
        ctx,
        doc,
        _victim_recipient(ctx),
        "letters/ct_action_plan_consultation.txt",
        subject=f"{ctx.label} — the draft action plan — {case.reference}",
        meeting_on=meeting_on,
        final_by=time_limits.time_limit(ctx.session, "ct_outcome_letter", meeting_on).ends_on,
        **_values(ctx),
    )
    doc.heading("The draft action plan", 2)
    actions = _plain_actions(ctx)
    for action in actions:
        who = f"{action['who']} would do this" if action["who"] else "Who would do this is open"
        when = f" by {action['by']}" if action["by"] else ""
        doc.bullet(f"{action['what']}. {who}{when}.")
    if not actions:
        doc.narrative("The actions the agencies propose, who would do each and by when.")
    return doc


def ct_closure(ctx: BuildContext) -> Document:
    """The single point of contact tells the victim when and why the case closes."""
    case = ctx.the_case
    doc = ctx.new_document("Your case is closing", "ct_closure")
    open_actions = [
        f"{ctx.text(action.description)} ({action.status.label.lower()})"
        for rec in case.recommendations
        for action in rec.actions
        if action.completed_on is None and action.status.value in ("open", "in_progress")
    ]
    letter(
        ctx,
        doc,
        _victim_recipient(ctx),
        "letters/ct_closure.txt",
        subject=f"{ctx.label} — your case is closing — {case.reference}",
        closes_on=case.closed_on,
        closure_reason=ctx.text(case.closure_reason),
        actions_open=open_actions,
        routes=escalation.escalation_routes(ctx.session, case),
        **_values(ctx),
    )
    return doc


def _victim_recipient(ctx: BuildContext) -> Recipient:
    """The victim (the applicant where no victim is recorded)."""
    app = _application(ctx)
    person = app.victim or app.applicant
    shown = ctx.names.person(person, "the applicant")
    lines = tuple(x.strip() for x in ctx.names.address(person).split(",") if x.strip())
    return Recipient(shown, f"Dear {shown}", lines)


def _held_meeting_on(ctx: BuildContext) -> dt.date | None:
    held = [m.held_on for m in ctx.the_case.meetings if m.status.value == "held"]
    return max(held, default=None)
