"""Table documents: the combined chronology, the action plan and the board status report."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from dhr_desk.documents.builders.chronology import timeline_figure
from dhr_desk.documents.builders.common import (
    CHRONOLOGY_HEADER,
    CHRONOLOGY_WIDTHS,
    chronology_rows,
    early_learning_table,
)
from dhr_desk.documents.builders.common import (
    action_plan as plan_of,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.model import Document
from dhr_desk.domain import (
    Action,
    ActionStatus,
    Case,
    CaseKind,
    ChronologyEntry,
    Milestone,
    Recommendation,
)
from dhr_desk.words import plural
from dhr_desk.workflow import names


def combined_chronology(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Combined chronology", "combined_chronology", landscape=True)
    rows = chronology_rows(ctx, case)
    ctx.progress(0.08)
    agencies = sorted({r[2] for r in rows if r[2]})
    doc.para(
        f"{plural(len(rows), 'entry', 'entries')} from "
        f"{plural(len(agencies), 'agency', 'agencies')}, merged in date order"
        + (f" ({', '.join(agencies)})" if agencies else "")
        + ". Every entry keeps its source of information."
    )
    if case.review_period_start:
        doc.para(
            f"Review period: {ctx.date(case.review_period_start)} to "
            f"{ctx.date(case.review_period_end)}.",
            "small",
        )
    partial = ctx.session.scalar(
        select(func.count(ChronologyEntry.id)).where(
            ChronologyEntry.case_id == case.id, ChronologyEntry.date_precision != "day"
        )
    )
    if partial:
        doc.para(
            "Where an agency gave only the month, season or year of an entry, the date is shown "
            "as given and the entry is placed at the start of that period.",
            "small",
        )
    timeline_figure(
        ctx,
        doc,
        case,
        "Figure 1: the combined chronology as a timeline: one lane per agency, one mark per "
        "entry (a bar where only the month, season or year is known), key events in red, the "
        "review period shaded and the date of death marked.",
    )
    ctx.progress(0.12)
    doc.table(CHRONOLOGY_HEADER, rows, CHRONOLOGY_WIDTHS)
    return doc


def action_plan(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Action plan", "action_plan", landscape=True)
    plan = plan_of(ctx, case)
    if not plan.rows:
        doc.narrative("No recommendations are recorded yet: add them and their actions.")
    plan.add_to(doc)
    early_learning_table(ctx, doc, case)
    return doc


def board_report(ctx: BuildContext) -> Document:
    """The status of every open review for the partnership's meeting."""
    from dhr_desk.workflow import open_deadlines

    doc = ctx.new_document("Status of open reviews", "board_report", landscape=True)
    doc.subject = f"{ctx.partnership} — report to the board, {ctx.date(ctx.today)}"
    cases = list(
        ctx.session.scalars(select(Case).where(Case.closed_on.is_(None)).order_by(Case.reference))
    )
    deadlines = defaultdict(list)
    for item in open_deadlines(ctx.session, ctx.today):
        deadlines[item.case_id].append(item)
    open_actions: dict[int, list[Action]] = defaultdict(list)
    stmt = (
        select(Recommendation.case_id, Action)
        .join(Action, Action.recommendation_id == Recommendation.id)
        .where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
    )
    for case_id, action in ctx.session.execute(stmt):
        open_actions[case_id].append(action)
    opened: dict[int, object] = {}
    for case_id, day in ctx.session.execute(
        select(Milestone.case_id, Milestone.occurred_on).where(
            Milestone.step.in_(("notification", "application"))
        )
    ):
        opened[case_id] = day
    dhr = [c for c in cases if c.kind == CaseKind.DHR]
    ct = [c for c in cases if c.kind == CaseKind.COMMUNITY_TRIGGER]
    overdue_total = sum(1 for c in cases for d in deadlines[c.id] if d.state == "overdue")
    doc.para(
        f"{plural(len(dhr), 'open ' + names.dhr_label(ctx.settings) + ' review')} and "
        f"{plural(len(ct), 'open ' + str(ctx.settings['ct_label']) + ' case')} on "
        f"{ctx.date(ctx.today)}; {plural(overdue_total, 'item')} overdue."
    )
    header = (
        "Reference",
        "Review",
        "Stage",
        "Opened",
        "Days open",
        "Paused",
        "Overdue",
        "Next due",
        "Open actions",
    )
    rows = []
    for case in cases:
        ctx.check()
        start = opened.get(case.id)
        days = (ctx.today - start).days if start is not None else None  # type: ignore[operator]
        items = deadlines[case.id]
        overdue = [d for d in items if d.state == "overdue"]
        upcoming = sorted(
            (d for d in items if d.state in ("due_soon", "later") and d.due_on),
            key=lambda d: d.due_on,  # type: ignore[arg-type,return-value]
        )
        pause = next((p for p in case.pauses if p.resumed_on is None), None)
        paused_days = sum(((p.resumed_on or ctx.today) - p.started_on).days for p in case.pauses)
        actions = open_actions[case.id]
        late = [a for a in actions if a.target_on and a.target_on < ctx.today]
        rows.append(
            (
                case.reference,
                f"{ctx.text(case.title)}",
                case.stage.replace("_", " "),
                ctx.cell_date(start) if start else "—",  # type: ignore[arg-type]
                str(days) if days is not None else "—",
                (
                    f"Since {ctx.cell_date(pause.started_on)} ({pause.reason.label})"
                    if pause
                    else (f"{paused_days} days in all" if paused_days else "No")
                ),
                "\n".join(f"{d.label} ({-d.days_left} days)" for d in overdue) or "None",
                (f"{upcoming[0].label}: {ctx.cell_date(upcoming[0].due_on)}" if upcoming else "—"),
                f"{len(actions)}" + (f" ({len(late)} past target)" if late else ""),
            )
        )
    doc.table(header, rows, (1.4, 1.8, 1.4, 1.3, 0.8, 1.6, 2.4, 2.2, 1.0))
    doc.narrative("Commentary for the board: risks to the timetable and decisions needed.")
    return doc
