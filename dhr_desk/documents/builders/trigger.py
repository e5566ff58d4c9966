"""Community Trigger (ASB Case Review) letters: acknowledgement, threshold decision, agency
request, outcome with the action plan, appeal acknowledgement and decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk.documents.builders.common import (
    Recipient,
    agency_recipient,
    decision,
    letter,
    postal_lines,
)
from dhr_desk.documents.context import BuildContext, BuildProblem
from dhr_desk.documents.model import Document
from dhr_desk.documents.wording import long_date
from dhr_desk.domain import (
    Action,
    Appeal,
    AppealOutcome,
    DecisionKind,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    MeetingStatus,
    TriggerApplication,
)


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
        "channel": app.channel.label.lower(),
        "matter": ctx.text(app.matter),
        "on_behalf": app.on_behalf_of_victim,
        "victim": ctx.names.person(app.victim, "the victim"),
        "complaints": len(case.complaints),
        # A named officer in the full edition; a published edition leaves the sentence out.
        "spoc": "" if ctx.published else app.single_point_of_contact,
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
    detail = found.detail if found is not None else ""
    if found is None:
        from dhr_desk.workflow import threshold_test

        result = threshold_test(ctx.session, case, ctx.today)
        detail = result.text if result.met == met else ""
    head, _, tail = detail.partition("The complaints considered:")
    reasons = [ctx.text(line) for line in head.splitlines() if line.strip()]
    considered = [ctx.text(line) for line in tail.splitlines() if line.strip()]
    rationale = ctx.text(found.rationale) if found else ""
    if rationale and any(rationale.strip() in r for r in reasons):
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
        reasons=reasons,
        considered=considered,
        review_days=21,
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
    reply_by = ctx.today + dt.timedelta(days=7)
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


def _review_meeting(ctx: BuildContext) -> Meeting:
    """The case review meeting the outcome comes from; refused when the facts of an outcome
    do not exist yet (no threshold decision, a threshold not met, no meeting held)."""
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
        m
        for m in case.meetings
        if m.kind == MeetingKind.CASE_REVIEW and m.status == MeetingStatus.HELD
    ]
    if not held:
        raise BuildProblem(
            f"The case review meeting for {case.reference} has not been held yet: record the "
            "meeting as held before writing to the applicant about its outcome."
        )
    return max(held, key=lambda m: (m.held_on, m.number))


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
    meeting = _review_meeting(ctx)
    found = decision(case, DecisionKind.OUTCOME)
    doc = ctx.new_document("Outcome of the case review", "ct_outcome_letter")
    values = _values(ctx)
    letter(
        ctx,
        doc,
        _applicant(ctx),
        "letters/ct_outcome.txt",
        subject=f"{ctx.label} — outcome of the case review — {case.reference}",
        meeting_on=meeting.held_on,
        decided_on=found.decided_on if found else None,
        with_recommendations=(found is None or found.outcome == DecisionOutcome.RECOMMENDATIONS),
        rationale=ctx.text(found.rationale) if found else "",
        actions=_plain_actions(ctx),
        spoc_missing=not values["spoc"] and not ctx.published,
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
        route=ctx.text(appeal.route),
        grounds=ctx.text(appeal.grounds),
        decide_by=ctx.today + dt.timedelta(days=21),
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
        **_values(ctx),
    )
    return doc
