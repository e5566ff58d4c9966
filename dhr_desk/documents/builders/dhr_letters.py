"""DHR letters: acknowledgement, scoping, IMR request, CSP chair, Home Office, family, panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk.documents.builders.common import (
    Recipient,
    agency_recipient,
    author_of,
    chair_of,
    decision,
    letter,
    milestone_on,
    yes_no,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.editions import first_with_role, people_with_role
from dhr_desk.documents.model import Document
from dhr_desk.domain import (
    DecisionKind,
    DecisionOutcome,
    PanelMember,
    Person,
    PersonRole,
    ReturnType,
)


def _victim(ctx: BuildContext) -> str:
    return ctx.names.person(first_with_role(ctx.the_case, PersonRole.VICTIM), "the deceased")


def notification_ack(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Acknowledgement of notification", "notification_ack")
    notifier = ctx.text(case.notified_by) or "the notifying officer"
    recipient = Recipient(notifier, f"Dear {notifier}", ())
    letter(
        ctx,
        doc,
        recipient,
        "letters/notification_ack.txt",
        victim=_victim(ctx),
        decision_due=_decision_due(ctx),
    )
    return doc


def _decision_due(ctx: BuildContext) -> str:
    from dhr_desk.workflow import add_months

    received = ctx.the_case.notification_received_on
    return ctx.date(add_months(received, 1) if received else None, "within one month")


def scoping_letter(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Scoping and request to secure records", "scoping_letter")
    subjects = [
        f"{ctx.names.person(p)} ({p.role.label.lower()})"
        + (f", born {ctx.names.date_of_birth(p)}" if ctx.names.date_of_birth(p) else "")
        + (f", of {ctx.names.address(p)}" if ctx.names.address(p) else "")
        for p in people_with_role(case, PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.CHILD)
    ]
    links = case.case_agencies or []
    if not links:
        doc.narrative("No agencies are recorded for this case yet: add the agencies to scope.")
    for link in links:
        ctx.check()
        letter(
            ctx,
            doc,
            agency_recipient(ctx, link, link.agency),
            "letters/scoping_letter.txt",
            agency=link.agency.name,
            subjects=subjects,
            victim=_victim(ctx),
            reply_by=ctx.date(_plus_days(ctx, 10)),
        )
    return doc


def _plus_days(ctx: BuildContext, days: int) -> dt.date:
    return ctx.today + dt.timedelta(days=days)


def imr_request(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Request for an Individual Management Review", "imr_request")
    returns = [r for r in case.returns if r.return_type == ReturnType.IMR] or list(case.returns)
    if not returns:
        doc.narrative(
            "No agency return has been requested yet: record the IMRs requested (agency and due "
            "date) and generate this letter again."
        )
    links = {link.agency_id: link for link in case.case_agencies}
    author = author_of(case)
    for ret in returns:
        ctx.check()
        letter(
            ctx,
            doc,
            agency_recipient(ctx, links.get(ret.agency_id), ret.agency),
            "letters/imr_request.txt",
            agency=ret.agency.name,
            return_type=ret.return_type.label,
            due_on=ret.due_on,
            victim=_victim(ctx),
            period_start=case.review_period_start,
            period_end=case.review_period_end,
            author=ctx.names.panel_member(author) if author else "the independent author",
        )
    return doc


def chair_letter(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document(
        "Letter to the Chair of the Community Safety Partnership", "chair_letter"
    )
    chair = ctx.chair_of_csp
    scoping = [
        (link.agency.name, yes_no(link.had_contact), ctx.cell_date(link.records_secured_on))
        for link in case.case_agencies
    ]
    letter(
        ctx,
        doc,
        Recipient(chair, f"Dear {chair}", (ctx.partnership,)),
        "letters/chair_letter.txt",
        victim=_victim(ctx),
        decision_due=_decision_due(ctx),
        agencies_with_contact=[a for a, contact, _ in scoping if contact == "Yes"],
        agencies_asked=len(scoping),
    )
    if scoping:
        doc.heading("Scoping returns", 2)
        doc.table(
            ("Agency", "Contact with the subjects", "Records secured"), scoping, (3, 1.5, 1.5)
        )
    return doc


def home_office_decision(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document(
        "Notification of the decision to the Home Office", "home_office_decision"
    )
    found = decision(case, DecisionKind.REVIEW)
    letter(
        ctx,
        doc,
        Recipient(
            "Home Office DHR Team",
            "Dear colleague",
            ("Home Office", "2 Marsham Street", "London SW1P 4DF"),
        ),
        "letters/home_office_decision.txt",
        victim=_victim(ctx),
        decided=found is not None,
        to_review=found is not None and found.outcome == DecisionOutcome.REVIEW,
        decided_on=found.decided_on if found else None,
        decided_by=ctx.text(found.decided_by) if found else "",
        rationale=ctx.text(found.rationale) if found else "",
        suicide=case.suspected_suicide,
        joint=case.joint_review_with,
    )
    return doc


def family_letter(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Letter to the family", "family_letter")
    family = people_with_role(case, PersonRole.FAMILY)
    advocate = case.advocates[0] if case.advocates else None
    advocacy = (
        f"{advocate.organisation or ctx.names.professional(advocate.name, 'a specialist advocate')}"
        if advocate
        else "Advocacy After Fatal Domestic Abuse (AAFDA)"
    )
    chair = chair_of(case)
    targets: list[Person | None] = list(family) or [None]
    for person in targets:
        ctx.check()
        if person is None:
            recipient = Recipient("[Name of family member]", "Dear [name]", ())
        else:
            shown = ctx.names.person(person)
            lines = tuple(x.strip() for x in ctx.names.address(person).split(",") if x.strip())
            recipient = Recipient(shown, f"Dear {shown}", lines)
        letter(
            ctx,
            doc,
            recipient,
            "letters/family_letter.txt",
            victim=_victim(ctx),
            relationship=(person.relationship_to_victim if person else ""),
            advocacy=advocacy,
            chair=ctx.names.panel_member(chair) if chair else "",
        )
    return doc


def panel_invitation(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Invitation to join the review panel", "panel_invitation")
    first = sorted(case.meetings, key=lambda m: (m.held_on, m.number))
    meeting = first[0] if first else None
    chair = chair_of(case)
    members: list[PanelMember | None] = list(case.panel) or [None]
    for member in members:
        ctx.check()
        if member is None:
            recipient = Recipient("[Panel member]", "Dear colleague", ())
        else:
            shown = ctx.names.panel_member(member)
            org = member.agency.name if member.agency else ""
            recipient = Recipient(shown, f"Dear {shown}", (org,) if org else (), org)
        letter(
            ctx,
            doc,
            recipient,
            "letters/panel_invitation.txt",
            victim=_victim(ctx),
            role=(member.role.label.lower() if member else "member"),
            chair=ctx.names.panel_member(chair) if chair else "the independent chair",
            meeting_on=meeting.held_on if meeting else None,
            meeting_time=meeting.start_time if meeting else "",
            meeting_place=ctx.text(meeting.location) if meeting else "",
            decided_on=milestone_on(case, "decision"),
        )
    return doc


def submission_letter(ctx: BuildContext) -> Document:
    from dhr_desk.documents.builders.common import pauses_text

    case = ctx.the_case
    doc = ctx.new_document(
        "Submission to the Home Office Quality Assurance Panel", "submission_letter"
    )
    sent = _what_was_sent(ctx)
    letter(
        ctx,
        doc,
        Recipient(
            "Home Office Quality Assurance Panel",
            "Dear colleague",
            ("Home Office", "2 Marsham Street", "London SW1P 4DF"),
        ),
        "letters/submission_letter.txt",
        dated=sent["sent_on"] or milestone_on(case, "submitted"),
        victim=_victim(ctx),
        panel_sign_off=milestone_on(case, "panel_sign_off"),
        csp_sign_off=milestone_on(case, "csp_sign_off"),
        family_saw_draft=milestone_on(case, "family_saw_draft"),
        parallel=pauses_text(ctx, case),
        **sent,
    )
    return doc


def _in_words(items: list[str]) -> str:
    if not items:
        return "[the documents sent]"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _what_was_sent(ctx: BuildContext) -> dict[str, Any]:
    """What went to the QA Panel and the Commissioner, and when, in the latest round (the
    standard three documents when no submission is recorded yet)."""
    from dhr_desk.workflow import qa_cycle, stages

    rounds = [r for r in qa_cycle.qa_rounds(ctx.session, ctx.the_case) if r.sent is not None]
    latest = rounds[-1] if rounds else None
    before = rounds[-2] if len(rounds) > 1 else None
    standard = ["the overview report", "the executive summary", "the action plan"]
    sent = latest.sent if latest else None
    return {
        "round": latest.number if latest else 1,
        "sent_on": sent.sent_on if sent else None,
        "sent_documents": _in_words(sent.documents() if sent else standard),
        "qa_letter_on": before.letter.decided_on if before and before.letter else None,
        "commissioner": [
            {"on": copy.sent_on, "documents": _in_words(copy.documents())}
            for copy in (latest.to_commissioner if latest else [])
        ],
        "s19": bool(ctx.settings.get(stages.S19_SETTING)),
    }
