"""Pieces shared by the document builders: letters, panel and agency tables, look-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from dhr_desk.chronology.combined import ORDER as CHRONOLOGY_ORDER
from dhr_desk.chronology.dates import short_label
from dhr_desk.documents.context import BuildContext, BuildProblem
from dhr_desk.documents.model import Document, Run
from dhr_desk.domain import (
    Action,
    Agency,
    Case,
    CaseAgency,
    ChronologyEntry,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Milestone,
    PanelRole,
)


@dataclass(frozen=True)
class Recipient:
    """Who a letter goes to, as this edition may show them."""

    name: str
    salutation: str
    lines: tuple[str, ...] = ()  # organisation and address lines
    organisation: str = ""

    def as_words(self) -> dict[str, Any]:
        return {"name": self.name, "salutation": self.salutation, "organisation": self.organisation}


def agency_recipient(ctx: BuildContext, link: CaseAgency | None, agency: Agency) -> Recipient:
    contact = (link.contact_name if link else "") or agency.contact_name
    shown = ctx.names.professional(contact, f"The {agency.display_name} lead")
    lines = [agency.name]
    if agency.address and not ctx.published:
        lines.extend(x.strip() for x in agency.address.split(",") if x.strip())
    salutation = f"Dear {shown}" if contact and not ctx.published else "Dear colleague"
    return Recipient(shown, salutation, tuple(lines), agency.name)


def subject_line(ctx: BuildContext) -> str:
    case = ctx.the_case
    return f"{ctx.review_name}: {case.reference} ({ctx.text(case.title)})"


def letter(
    ctx: BuildContext,
    doc: Document,
    recipient: Recipient,
    template: str,
    *,
    subject: str | None = None,
    dated: dt.date | None = None,
    **values: Any,
) -> None:
    """One letter: letterhead, address, date, reference, subject, wording, signature."""
    doc.show_title = False
    if doc.blocks:
        doc.page_break()
    doc.para(ctx.partnership, "body", bold=True)
    doc.para(ctx.council, "small")
    doc.para(recipient.name, "address")
    for line in recipient.lines:
        if line and line != recipient.name:
            doc.para(line, "address")
    doc.para("")
    if ctx.case is not None:
        doc.runs(Run("Our reference: ", bold=True), Run(ctx.case.reference), style="address")
    doc.runs(Run("Date: ", bold=True), Run(ctx.date(dated or ctx.today)), style="address")
    doc.para("")
    doc.para(subject or subject_line(ctx), bold=True)
    doc.extend(ctx.words(template, recipient=recipient.as_words(), **values))
    signature(ctx, doc)


def signature(ctx: BuildContext, doc: Document) -> None:
    doc.para("")
    if ctx.coordinator != "Review Coordinator":
        doc.para(ctx.coordinator, "signature", bold=True)
    doc.para("Review Coordinator", "signature", bold=ctx.coordinator == "Review Coordinator")
    doc.para(f"on behalf of {ctx.partnership}", "signature")
    email = str(ctx.settings.get("coordinator_email") or "")
    if email and not ctx.published:
        doc.para(email, "signature")


def decision(case: Case, kind: DecisionKind) -> Decision | None:
    found = [d for d in case.decisions if d.kind == kind]
    return found[-1] if found else None


def milestone_on(case: Case, *steps: str) -> dt.date | None:
    for m in case.milestones:
        if m.step in steps:
            return m.occurred_on
    return None


def milestone(case: Case, step: str) -> Milestone | None:
    return next((m for m in case.milestones if m.step == step), None)


def yes_no(value: bool | None, unknown: str = "Not yet known") -> str:
    if value is None:
        return unknown
    return "Yes" if value else "No"


def panel_rows(ctx: BuildContext) -> list[tuple[str, str, str, str]]:
    rows = []
    for member in ctx.the_case.panel:
        if member.left_on and member.left_on < ctx.today and member.role == PanelRole.MEMBER:
            continue
        agency = (
            member.agency.name if member.agency else ("Independent" if member.independent else "")
        )
        rows.append(
            (
                ctx.names.panel_member(member),
                member.job_title or member.role.label,
                agency,
                member.role.label,
            )
        )
    return rows


def panel_table(ctx: BuildContext, doc: Document) -> None:
    rows = panel_rows(ctx)
    header = ("Name", "Job title", "Agency", "Role on the panel")
    if ctx.published:
        header = ("Panel member (by role)", "Job title", "Agency", "Role on the panel")
    doc.table(header, rows, (2.2, 2.2, 2.4, 1.6))


def author_of(case: Case) -> Any:
    for member in case.panel:
        if member.role in (PanelRole.AUTHOR, PanelRole.CHAIR_AND_AUTHOR):
            return member
    return None


def chair_of(case: Case) -> Any:
    for member in case.panel:
        if member.role in (PanelRole.CHAIR, PanelRole.CHAIR_AND_AUTHOR):
            return member
    return None


def contributors_table(ctx: BuildContext, doc: Document) -> None:
    case = ctx.the_case
    rows = []
    returns = {(r.agency_id): r for r in case.returns}
    for link in case.case_agencies:
        ret = returns.get(link.agency_id)
        rows.append(
            (
                link.agency.name,
                yes_no(link.had_contact),
                ctx.date(link.records_secured_on, "—"),
                ret.return_type.label if ret else ("Not requested" if link.in_scope else "—"),
                ctx.date(ret.received_on, "Awaited") if ret else "—",
                yes_no(ret.author_independent, "—") if ret else "—",
            )
        )
    doc.table(
        (
            "Agency",
            "Contact with the subjects",
            "Records secured",
            "Contribution",
            "Received",
            "Author independent of the case",
        ),
        rows,
        (2.6, 1.3, 1.4, 1.8, 1.3, 1.4),
    )


def chronology_rows(ctx: BuildContext, case: Case) -> list[tuple[str, ...]]:
    """Date | Time | Agency | Source | Event | Action / decision | Comment, in date order. A
    partial date shows as given (Apr 2019, Spring 2019, 2019) and sorts at its start."""
    stmt = (
        select(ChronologyEntry)
        .where(ChronologyEntry.case_id == case.id)
        .order_by(*CHRONOLOGY_ORDER)
    )
    rows: list[tuple[str, ...]] = []
    for index, entry in enumerate(ctx.session.scalars(stmt)):
        if index % 250 == 0:
            ctx.check()
        rows.append(
            (
                short_label(entry.occurred_on, entry.date_precision),
                entry.occurred_time,
                entry.agency.display_name if entry.agency else "",
                ctx.text(entry.source),
                ctx.text(entry.event),
                ctx.text(entry.action_decision),
                ctx.text(entry.comment),
            )
        )
    return rows


CHRONOLOGY_HEADER = (
    "Date",
    "Time",
    "Agency",
    "Source of information",
    "Event",
    "Action / decision",
    "Comment / analysis",
)
CHRONOLOGY_WIDTHS = (1.25, 0.75, 1.3, 1.6, 4.0, 2.5, 2.5)

ACTION_PLAN_HEADER = (
    "Recommendation",
    "Scope (local / regional / national)",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting recommendation",
    "Target date",
    "Date of completion and outcome",
)
ACTION_PLAN_WIDTHS = (2.6, 1.2, 2.6, 1.5, 2.3, 1.35, 2.1)


def action_plan_rows(ctx: BuildContext, case: Case) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for rec in case.recommendations:
        rec_text = f"{rec.number}. {ctx.text(rec.text)}"
        actions: list[Action | None] = list(rec.actions) or [None]
        for action in actions:
            if action is None:
                lead = rec.lead_agency.display_name if rec.lead_agency else ""
                rows.append((rec_text, rec.scope.label, "[Action to be agreed]", lead, "", "", ""))
                continue
            lead_agency = action.lead_agency or rec.lead_agency
            done = ""
            if action.completed_on:
                done = f"{action.completed_on:%d/%m/%Y}: {ctx.text(action.outcome)}".strip(": ")
            elif action.status.value != "open":
                done = action.status.label
            rows.append(
                (
                    rec_text,
                    rec.scope.label,
                    ctx.text(action.description),
                    lead_agency.display_name if lead_agency else "",
                    ctx.text(action.milestones),
                    action.target_on.strftime("%d/%m/%Y") if action.target_on else "",
                    done,
                )
            )
    return rows


def pick_meeting(ctx: BuildContext, kind: MeetingKind, *, held: bool) -> Meeting:
    """The meeting asked for by number, else the next planned (agenda) or last held (minutes)."""
    case = ctx.the_case
    meetings = [m for m in case.meetings if m.kind == kind] or list(case.meetings)
    if ctx.meeting_number is not None:
        for m in meetings:
            if m.number == ctx.meeting_number:
                return m
        raise BuildProblem(f"{case.reference} has no meeting number {ctx.meeting_number}.")
    if not meetings:
        raise BuildProblem(f"{case.reference} has no meeting recorded yet; add the meeting first.")
    ordered = sorted(meetings, key=lambda m: (m.held_on, m.number))
    if held:
        done = [m for m in ordered if m.status == MeetingStatus.HELD]
        return done[-1] if done else ordered[-1]
    planned = [m for m in ordered if m.status == MeetingStatus.PLANNED]
    return planned[0] if planned else ordered[-1]


def pauses_text(ctx: BuildContext, case: Case) -> list[str]:
    lines = []
    for pause in case.pauses:
        until = f"to {ctx.date(pause.resumed_on)}" if pause.resumed_on else "and continuing"
        detail = f" ({ctx.text(pause.detail)})" if pause.detail else ""
        lines.append(f"{pause.reason.label}{detail}: from {ctx.date(pause.started_on)} {until}.")
    return lines
