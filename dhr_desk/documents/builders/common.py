"""Pieces shared by the document builders: letters, panel and agency tables, look-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from dhr_desk.chronology.combined import ORDER as CHRONOLOGY_ORDER
from dhr_desk.chronology.dates import DAY, MONTH, short_label
from dhr_desk.documents.context import BuildContext, BuildProblem
from dhr_desk.documents.model import Cover, Document, Merge, Run
from dhr_desk.domain import (
    Action,
    Agency,
    Case,
    CaseAgency,
    ChronologyEntry,
    DatePrecision,
    Decision,
    DecisionKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Milestone,
    PanelRole,
    PersonRole,
    Recommendation,
)
from dhr_desk.publication.dates import month_year


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


def postal_lines(ctx: BuildContext, person: Any) -> tuple[str, ...]:
    """A person's postal address a line at a time (a line per comma or line break, the
    postcode last); a full edition says so when none is recorded, so no letter goes without."""
    if ctx.published:
        return ()
    address = ctx.names.address(person)
    lines = [x.strip() for x in address.replace("\r", "").replace("\n", ",").split(",")]
    lines = [x for x in lines if x]
    return tuple(lines) or ("[Postal address not recorded]",)


def subject_line(ctx: BuildContext) -> str:
    case = ctx.the_case
    return f"{ctx.review_name}: {case.reference} ({ctx.text(case.title)})"


def report_cover(ctx: BuildContext, title: str) -> Cover:
    """The cover of a report: the review, the title, whose death it looks into (by pseudonym),
    the partnership and the author; the renderers add the date and the version."""
    case = ctx.the_case
    victim = next((p for p in case.people if p.role == PersonRole.VICTIM), None)
    about = victim.published_name if victim is not None else "[the victim's pseudonym]"
    author = author_of(case)
    facts = [("Partnership", ctx.partnership)]
    facts.append(("Author", ctx.names.panel_member(author) if author else "[Independent author]"))
    return Cover(
        ctx.review_name,
        title,
        f"A report into the death of {about}",
        tuple(facts),
        ctx.logo(),
    )


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
    logo = ctx.logo()
    if logo is not None:
        doc.blocks.append(replace(logo, width_mm=32.0))
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
                ctx.cell_date(link.records_secured_on),
                ret.return_type.label if ret else ("Not requested" if link.in_scope else "—"),
                ctx.cell_date(ret.received_on, "Awaited") if ret else "—",
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


def month_year_only(ctx: BuildContext) -> bool:
    """Whether event dates show only their month and year (a published edition, where the
    setting ``published_dates_month_year`` says so)."""
    return ctx.published and ctx.names.register.month_year


def event_date(ctx: BuildContext, day: dt.date, precision: DatePrecision) -> str:
    """The date of a chronology entry in a table: an event's day as the edition shows it, a
    partial date as given (Apr 2019, Spring 2019, 2019)."""
    if precision == DAY:
        return ctx.names.event_date(day)
    if precision == MONTH and month_year_only(ctx):
        return month_year(day)  # as the days around it are shown
    return short_label(day, precision)


def chronology_rows(
    ctx: BuildContext, case: Case, *, key_events: bool = False
) -> list[tuple[str, ...]]:
    """Date | Time | Agency | Source | Event | Action / decision | Comment, in date order
    (only the entries marked as key events when ``key_events``). A partial date shows as
    given (Apr 2019, Spring 2019, 2019) and sorts at its start."""
    stmt = select(ChronologyEntry).where(ChronologyEntry.case_id == case.id)
    if key_events:
        stmt = stmt.where(ChronologyEntry.key_event.is_(True))
    stmt = stmt.order_by(*CHRONOLOGY_ORDER)
    entries = []
    for index, entry in enumerate(ctx.session.scalars(stmt)):
        if index % 250 == 0:
            ctx.check()
        entries.append(entry)
    # The free text of every entry is rewritten for the edition at once (a published edition
    # reads them all in one pass).
    texts = iter(
        ctx.names.texts(
            [
                value
                for e in entries
                for value in (
                    e.agency.display_name if e.agency else "",
                    e.source,
                    e.event,
                    e.action_decision,
                    e.comment,
                )
            ]
        )
    )
    rows: list[tuple[str, ...]] = []
    for entry in entries:
        agency, source, event, action, comment = (next(texts) for _ in range(5))
        rows.append(
            (
                event_date(ctx, entry.occurred_on, entry.date_precision),
                ctx.names.event_time(entry.occurred_time),
                agency,
                source,
                event,
                action,
                comment,
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


@dataclass(frozen=True)
class ActionPlan:
    """The action plan's rows: each recommendation's words (and scope) once, in a cell that
    runs down the rows of its actions."""

    rows: list[tuple[str, ...]]
    merges: list[Merge]

    def add_to(self, doc: Document) -> None:
        doc.table(ACTION_PLAN_HEADER, self.rows, ACTION_PLAN_WIDTHS, merges=self.merges)


def _action_row(ctx: BuildContext, rec: Recommendation, action: Action | None) -> tuple[str, ...]:
    """Action to take | Lead agency | Key milestones | Target date | Completion and outcome."""
    if action is None:
        lead = rec.lead_agency.display_name if rec.lead_agency else ""
        return ("[Action to be agreed]", lead, "", "", "")
    lead_agency = action.lead_agency or rec.lead_agency
    done = ""
    if action.completed_on:
        done = f"{ctx.cell_date(action.completed_on)}: {ctx.text(action.outcome)}".strip(": ")
    elif action.status.value != "open":
        done = action.status.label
    return (
        ctx.text(action.description),
        lead_agency.display_name if lead_agency else "",
        ctx.text(action.milestones),
        ctx.cell_date(action.target_on, ""),
        done,
    )


def action_plan(ctx: BuildContext, case: Case) -> ActionPlan:
    rows: list[tuple[str, ...]] = []
    merges: list[Merge] = []
    for rec in case.recommendations:
        first = len(rows) + 1  # the header is row 0 of the table
        actions: list[Action | None] = list(rec.actions) or [None]
        for index, action in enumerate(actions):
            shown = (
                (f"{rec.number}. {ctx.text(rec.text)}", rec.scope.label) if index == 0 else ("", "")
            )
            rows.append((*shown, *_action_row(ctx, rec, action)))
        last = len(rows)
        if last > first:
            merges += [Merge(0, first, last), Merge(1, first, last)]
    return ActionPlan(rows, merges)


EARLY_LEARNING_HEADER = (
    "No.",
    "Learning identified",
    "Action agreed (when and where)",
    "Lead agency",
    "Target date",
    "Date of completion and outcome",
)
EARLY_LEARNING_WIDTHS = (0.6, 3.4, 3.6, 1.6, 1.35, 3.1)


def early_learning_rows(ctx: BuildContext, case: Case) -> list[tuple[str, ...]]:
    """Learning acted on before the review ended, one row each, in number order."""
    rows: list[tuple[str, ...]] = []
    for item in case.early_learning:
        where = f", {ctx.text(item.agreed_at)}" if item.agreed_at else ""
        done = ""
        if item.completed_on:
            done = f"{item.completed_on:%d/%m/%Y}: {ctx.text(item.outcome)}".strip(": ")
        rows.append(
            (
                str(item.number),
                ctx.text(item.learning),
                f"{ctx.text(item.action)} (agreed {item.agreed_on:%d/%m/%Y}{where})",
                item.lead_agency.display_name if item.lead_agency else "",
                item.target_on.strftime("%d/%m/%Y") if item.target_on else "",
                done or "In progress",
            )
        )
    return rows


def early_learning_table(ctx: BuildContext, doc: Document, case: Case, level: int = 1) -> None:
    """The early learning of a review under its own heading (nothing when there is none)."""
    rows = early_learning_rows(ctx, case)
    if not rows:
        return
    doc.heading("Early learning: actions taken during the review", level)
    doc.para(
        "Learning the review identified and the agencies acted on before the review ended, so "
        "that it did not wait for the final report."
    )
    doc.table(EARLY_LEARNING_HEADER, rows, EARLY_LEARNING_WIDTHS)


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
    """One sentence per pause: "Criminal trial (Guilty plea 12 September 2025): from … to …".
    The detail, often typed as a sentence of its own, loses its closing full stop and spaces
    inside the brackets."""
    lines = []
    for pause in case.pauses:
        until = f"to {ctx.date(pause.resumed_on)}" if pause.resumed_on else "and continuing"
        words = ctx.text(pause.detail).strip().rstrip(".").rstrip()
        detail = f" ({words})" if words else ""
        lines.append(f"{pause.reason.label}{detail}: from {ctx.date(pause.started_on)} {until}.")
    return lines
