"""Meeting papers for both review kinds: agenda, minutes, and the case review invitation."""

from __future__ import annotations

from typing import Any

from dhr_desk.documents.builders.common import (
    Recipient,
    agency_recipient,
    letter,
    pick_meeting,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.model import Document
from dhr_desk.domain import Attendance, Meeting, MeetingKind

DEFAULT_DHR_AGENDA = (
    "Introductions, apologies and confidentiality",
    "Minutes and actions of the last meeting",
    "Terms of Reference and scope",
    "Agencies in scope and agency returns",
    "Family engagement plan",
    "Liaison with the Senior Investigating Officer and CPS on disclosure",
    "Combined chronology and emerging themes",
    "Recommendations",
    "Any other business and date of the next meeting",
)
DEFAULT_CT_AGENDA = (
    "Introductions and purpose of the case review",
    "The application and the threshold decision",
    "The victim's account or impact statement",
    "Each agency's history and actions taken",
    "Options and an action plan, with owners and dates",
    "Single point of contact for the victim",
    "Date of the outcome letter",
)


def meeting_part(meeting: Meeting) -> str:
    """The papers of each meeting are a document of their own, with their own versions."""
    return f"meeting {meeting.number}"


def _meeting_facts(ctx: BuildContext, meeting: Meeting) -> list[tuple[str, str]]:
    when = ctx.cell_date(meeting.held_on) + (
        f" at {meeting.start_time}" if meeting.start_time else ""
    )
    return [
        ("Meeting", f"{meeting.kind.label} meeting {meeting.number}"),
        ("Date and time", when),
        ("Place", ctx.text(meeting.location) or "To be confirmed"),
        ("Status", meeting.status.label),
    ]


def _agenda_items(ctx: BuildContext, meeting: Meeting) -> list[str]:
    items = [ctx.text(x.strip(" -•\t")) for x in meeting.agenda.splitlines() if x.strip()]
    if items:
        return items
    return list(
        DEFAULT_CT_AGENDA if meeting.kind == MeetingKind.CASE_REVIEW else DEFAULT_DHR_AGENDA
    )


def meeting_agenda(ctx: BuildContext) -> Document:
    meeting = pick_meeting(ctx, MeetingKind.PANEL, held=False)
    doc = ctx.new_document(
        f"Agenda: {meeting.kind.label} meeting {meeting.number}", "meeting_agenda"
    )
    doc.part = meeting_part(meeting)
    doc.key_values(_meeting_facts(ctx, meeting))
    doc.heading("Agenda")
    doc.table(
        ("No.", "Item", "Lead"),
        [(str(i), item, "") for i, item in enumerate(_agenda_items(ctx, meeting), 1)],
        (0.5, 6, 1.8),
    )
    invited = [
        (ctx.professional_or_name(a.name, a.organisation), a.organisation)
        for a in meeting.attendance
    ]
    if invited:
        doc.heading("Invited")
        doc.table(("Name", "Organisation"), invited, (3, 3))
    marking = "" if ctx.published else ctx.settings["protective_marking"]
    papers = f"Papers for this meeting are {marking}: keep them" if marking else "Keep the papers"
    doc.para(f"{papers} securely and do not forward them.", "small")
    return doc


def _minutes(ctx: BuildContext, meeting: Meeting, kind: str) -> Document:
    doc = ctx.new_document(f"Minutes: {meeting.kind.label} meeting {meeting.number}", kind)
    doc.part = meeting_part(meeting)
    doc.key_values(_meeting_facts(ctx, meeting))
    doc.heading("Attendance")
    present = [a for a in meeting.attendance if a.status == Attendance.ATTENDED]
    apologies = [a for a in meeting.attendance if a.status == Attendance.APOLOGIES]
    absent = [a for a in meeting.attendance if a.status in (Attendance.ABSENT, Attendance.INVITED)]
    rows = [
        (ctx.professional_or_name(a.name, a.organisation), a.organisation, a.status.label)
        for a in present + apologies + absent
    ]
    doc.table(("Name", "Organisation", "Attendance"), rows, (2.5, 3, 1.3))
    if meeting.kind == MeetingKind.CASE_REVIEW:
        doc.heading("The victim's voice")
        if meeting.impact_statement:
            doc.para(ctx.text(meeting.impact_statement))
        else:
            doc.para(
                "The victim was invited to attend or give an impact statement."
                if meeting.victim_invited
                else "[Record whether the victim was invited and their account.]"
            )
    doc.heading("Minutes")
    if meeting.minutes.strip():
        for para in meeting.minutes.split("\n\n"):
            if para.strip():
                doc.para(ctx.text(para.strip()))
    else:
        for item in _agenda_items(ctx, meeting):
            doc.heading(item, 2)
            doc.narrative("Discussion and decisions on this item.")
    doc.heading("Actions")
    actions = [
        (
            str(i),
            ctx.text(a.description),
            ctx.names.professional(a.owner, "Named officer") if a.owner else "",
            ctx.cell_date(a.due_on, ""),
            ctx.cell_date(a.done_on, "Open"),
        )
        for i, a in enumerate(meeting.actions, 1)
    ]
    doc.table(("No.", "Action", "Owner", "Due", "Done"), actions, (0.5, 5, 1.8, 1.3, 1.3))
    return doc


def meeting_minutes(ctx: BuildContext) -> Document:
    return _minutes(ctx, pick_meeting(ctx, MeetingKind.PANEL, held=True), "meeting_minutes")


def ct_review_minutes(ctx: BuildContext) -> Document:
    return _minutes(ctx, pick_meeting(ctx, MeetingKind.CASE_REVIEW, held=True), "ct_review_minutes")


def ct_meeting_invitation(ctx: BuildContext) -> Document:
    """Invitations to the case review meeting: the victim (or applicant) and each agency."""
    case = ctx.the_case
    meeting = pick_meeting(ctx, MeetingKind.CASE_REVIEW, held=False)
    doc = ctx.new_document("Invitation to the case review meeting", "ct_meeting_invitation")
    doc.part = meeting_part(meeting)
    app = case.application
    victim = app.victim if app else None
    shown = ctx.names.person(victim, "the applicant")
    lines = tuple(x.strip() for x in ctx.names.address(victim).split(",") if x.strip())
    values: dict[str, Any] = {
        "meeting_on": meeting.held_on,
        "meeting_time": meeting.start_time,
        "meeting_place": ctx.text(meeting.location),
        "victim": shown,
    }
    letter(
        ctx,
        doc,
        Recipient(shown, f"Dear {shown}", lines),
        "letters/ct_meeting_invitation.txt",
        to_victim=True,
        **values,
    )
    for link in case.case_agencies:
        ctx.check()
        letter(
            ctx,
            doc,
            agency_recipient(ctx, link, link.agency),
            "letters/ct_meeting_invitation.txt",
            to_victim=False,
            **values,
        )
    return doc
