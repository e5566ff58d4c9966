"""The chronology in documents: the timeline figure (agencies as lanes, contacts as marks, key
events labelled, the review period and the date of death), and the chronology request and chase
letters to agencies with the due date from the clocks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dhr_desk.chronology import drawing
from dhr_desk.chronology.combined import CombinedRow, combined_rows
from dhr_desk.chronology.dates import DAY, date_label
from dhr_desk.chronology.timeline import TimelineEntry, TimelineFacts, lay_out
from dhr_desk.documents.builders.common import (
    agency_recipient,
    author_of,
    letter,
    month_year_only,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.editions import first_with_role
from dhr_desk.documents.model import Document
from dhr_desk.domain import Agency, AgencyReturn, Case, DatePrecision, PersonRole, ReturnType
from dhr_desk.publication.dates import month_year

FIGURE_WIDTH = 1000.0


def _lanes(ctx: BuildContext, case: Case, rows: list[CombinedRow]) -> dict[str, str]:
    """Agency name → the name its lane shows (the short name), in the case's order."""
    named = {r.agency for r in rows if r.agency}
    order = [link.agency for link in case.case_agencies if link.agency.name in named]
    others = sorted(
        ctx.session.scalars(select(Agency).where(Agency.name.in_(named - {a.name for a in order}))),
        key=lambda a: a.name,
    )
    return {a.name: a.display_name for a in [*order, *others]}


def timeline_figure(ctx: BuildContext, doc: Document, case: Case, caption: str) -> int:
    """Add the timeline figure of the case's chronology; returns how many entries it shows."""
    rows = combined_rows(ctx.session, case.id)
    if not rows:
        return 0
    lanes = _lanes(ctx, case, rows)
    # the key events' words as the edition shows them, rewritten in one pass
    labels = iter(ctx.names.texts([r.event for r in rows if r.key_event]))
    entries = [
        TimelineEntry(
            r.id,
            r.occurred_on,
            r.date.end,
            lanes.get(r.agency, r.agency) or "Other sources",
            r.key_event,
            next(labels) if r.key_event else "",
        )
        for r in rows
    ]
    precisions = {r.id: r.precision for r in rows if r.key_event}
    shown = list(dict.fromkeys([*lanes.values(), *(e.agency for e in entries)]))
    month_only = month_year_only(ctx)
    facts = TimelineFacts(
        f"{case.reference}: contacts by agency",
        case.review_period_start,
        case.review_period_end,
        case.date_of_death,
        month_only,
    )

    def day(value: dt.date, precision: DatePrecision = DAY) -> str:
        """An event's date in words as the edition shows it (a partial one as given)."""
        if precision != DAY:
            return date_label(value, precision)
        return month_year(value) if month_only else ctx.date(value)

    layout = lay_out(
        entries, facts, FIGURE_WIDTH, lanes=shown, measure=drawing.measure(), check=ctx.check
    )
    keys = [e for e in entries if e.key_event]
    alt = (
        f"Timeline of {len(entries)} chronology entries from {len(shown)} agencies or sources, "
        f"{layout.first.year} to {layout.last.year}, one lane each"
        + (
            f"; review period {ctx.date(case.review_period_start)} to "
            f"{ctx.date(case.review_period_end)}"
            if case.review_period_start
            else ""
        )
        + (f"; date of death {day(case.date_of_death)}" if case.date_of_death else "")
        + (
            ". Key events: "
            + "; ".join(
                f"{day(e.start, precisions[e.id])}: {' '.join(e.label.split())[:60]}"
                for e in keys[:12]
            )
            if keys
            else ""
        )
        + "."
    )
    doc.figure(drawing.to_png(layout), alt, caption)
    return len(entries)


# ------------------------------------------------------------------------------ letters
def _due_dates(ctx: BuildContext, case: Case) -> dict[int, object]:
    from dhr_desk.workflow import case_deadlines

    return {d.return_id: d for d in case_deadlines(ctx.session, case, ctx.today) if d.return_id}


def _victim(ctx: BuildContext) -> str:
    return ctx.names.person(first_with_role(ctx.the_case, PersonRole.VICTIM), "the deceased")


def chronology_request(ctx: BuildContext) -> Document:
    """To each agency asked for a chronology: what to send, with the template, and by when."""
    case = ctx.the_case
    doc = ctx.new_document("Request for an agency chronology", "chronology_request")
    wanted = [
        r for r in case.returns if r.return_type == ReturnType.CHRONOLOGY and not r.received_on
    ]
    if not wanted:
        doc.narrative(
            "No agency chronology is awaited: record the chronologies requested (agency and "
            "date requested) on the Agencies and returns page, then generate these letters again."
        )
    deadlines = _due_dates(ctx, case)
    links = {link.agency_id: link for link in case.case_agencies}
    author = author_of(case)
    for ret in wanted:
        ctx.check()
        deadline = deadlines.get(ret.id)
        letter(
            ctx,
            doc,
            agency_recipient(ctx, links.get(ret.agency_id), ret.agency),
            "letters/chronology_request.txt",
            agency=ret.agency.name,
            due_on=getattr(deadline, "due_on", None) or ret.due_on,
            victim=_victim(ctx),
            period_start=case.review_period_start,
            period_end=case.review_period_end,
            author=ctx.names.panel_member(author) if author else "the independent author",
        )
    return doc


def _overdue(ctx: BuildContext, case: Case) -> list[tuple[AgencyReturn, object]]:
    deadlines = _due_dates(ctx, case)
    out = []
    for ret in case.returns:
        deadline = deadlines.get(ret.id)
        if ret.received_on is None and getattr(deadline, "state", "") == "overdue":
            out.append((ret, deadline))
    return out


def chronology_chase(ctx: BuildContext) -> Document:
    """To each agency whose return is overdue by the clocks: a reminder with a new date."""
    from dhr_desk.workflow import add_working_days, calendar_for

    case = ctx.the_case
    doc = ctx.new_document("Reminder: agency return overdue", "chronology_chase")
    overdue = _overdue(ctx, case)
    if not overdue:
        doc.narrative(
            "No agency return is overdue today: nothing to chase. (A return counts as overdue "
            "once its due date, moved by any pause, has passed without it being received.)"
        )
    links = {link.agency_id: link for link in case.case_agencies}
    reply_by = add_working_days(ctx.today, 5, calendar_for(ctx.session))
    for ret, deadline in overdue:
        ctx.check()
        letter(
            ctx,
            doc,
            agency_recipient(ctx, links.get(ret.agency_id), ret.agency),
            "letters/chronology_chase.txt",
            agency=ret.agency.name,
            return_type=ret.return_type.label,
            requested_on=ret.requested_on,
            due_on=getattr(deadline, "due_on", None),
            days_overdue=-int(getattr(deadline, "days_left", 0)),
            reminder=ret.times_chased + 1,
            last_chased_on=ret.last_chased_on,
            reply_by=reply_by,
            victim=_victim(ctx),
        )
    return doc
