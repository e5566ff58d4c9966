"""The DHR overview report, with the Home Office headings in order, pre-filled from the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dhr_desk.documents.builders.common import (
    action_plan,
    author_of,
    contributors_table,
    decision,
    early_learning_table,
    milestone_on,
    panel_table,
    pauses_text,
    report_cover,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.editions import first_with_role, people_with_role
from dhr_desk.documents.model import Document
from dhr_desk.domain import Case, DecisionKind, PanelMember, PanelRole, PersonRole

OVERVIEW_HEADINGS = (
    "Preface",
    "1 Introduction",
    "2 Timescales",
    "3 Confidentiality",
    "4 Terms of Reference",
    "5 Methodology",
    "6 Involvement of family, friends, work colleagues, neighbours and wider community",
    "7 Contributors to the review",
    "8 Review panel members",
    "9 Author of the overview report",
    "10 Parallel reviews",
    "11 Equality and diversity",
    "12 Dissemination",
    "13 Background information (the facts)",
    "14 Chronology",
    "15 Overview",
    "16 Analysis",
    "17 Conclusions",
    "18 Lessons to be learnt",
    "19 Recommendations",
    "Appendix A: Action plan",
    "Appendix B: Glossary",
)

DEFAULT_LINES_OF_ENQUIRY = (
    "Coercive and controlling behaviour: what agencies knew and how they responded.",
    "Risk assessment and management, including DASH, MARAC and referral pathways.",
    "The equality characteristics of the victim and perpetrator, and any barriers to help.",
    "Information sharing between agencies and with the family.",
    "The victim's own voice: what they told agencies, and what was done.",
)


def lines_of_enquiry(ctx: BuildContext, case: Case) -> list[str]:
    lines = [ctx.text(x.strip(" -•\t")) for x in case.lines_of_enquiry.splitlines() if x.strip()]
    if lines:
        return lines
    defaults = list(DEFAULT_LINES_OF_ENQUIRY)
    if case.suspected_suicide:
        defaults.append("Suicide risk: what was known of the victim's mental health and despair.")
    return defaults


def age_on(person: Any, day: dt.date | None) -> str:
    born = person.date_of_birth
    if born is None or day is None:
        return ""
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return str(years)


def subjects_table(ctx: BuildContext, doc: Document, case: Case) -> None:
    people = people_with_role(
        case, PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.CHILD, PersonRole.FAMILY
    )
    on = case.date_of_death
    if ctx.published:
        rows = [
            (
                p.published_name,
                p.relationship_to_victim or p.role.label,
                age_on(p, on),
                p.ethnicity,
            )
            for p in people
        ]
        doc.table(
            ("Pseudonym", "Relationship to the victim", "Age at the time", "Ethnicity"),
            rows,
            (2, 2.4, 1.2, 2),
        )
        return
    full_rows = [
        (
            p.real_name,
            p.published_name,
            p.relationship_to_victim or p.role.label,
            age_on(p, on),
            p.ethnicity,
        )
        for p in people
    ]
    doc.table(
        ("Name", "Pseudonym", "Relationship to the victim", "Age at the time", "Ethnicity"),
        full_rows,
        (2, 1.8, 2.2, 1.1, 1.8),
    )


def timescales(ctx: BuildContext, doc: Document, case: Case) -> None:
    review = decision(case, DecisionKind.REVIEW)
    facts = [
        ("Notification received", ctx.cell_date(case.notification_received_on)),
        ("Decision to hold a review", ctx.cell_date(review.decided_on if review else None)),
        ("Home Office informed", ctx.cell_date(milestone_on(case, "home_office_informed"))),
        ("First panel meeting", ctx.cell_date(_first_meeting(case))),
        ("Panel meetings held", str(sum(1 for m in case.meetings if m.status.value == "held"))),
        ("Submitted to the Home Office", ctx.cell_date(milestone_on(case, "submitted"))),
    ]
    doc.key_values(facts)
    deadlines = _deadlines(ctx, case)
    if deadlines:
        doc.para("The statutory and local timescales for this review stand as follows:")
        doc.table(
            ("Step", "Due", "Done", "State", "Days paused"),
            deadlines,
            (3.5, 1.4, 1.4, 1.2, 1),
        )
    pauses = pauses_text(ctx, case)
    if pauses:
        doc.para("The review was paused for parallel proceedings:")
        for line in pauses:
            doc.bullet(line)
    doc.narrative(
        "Explain the timescales: when the review began and finished, and the reasons for any "
        "delay (criminal proceedings, family engagement, agency returns)."
    )


def _first_meeting(case: Case) -> dt.date | None:
    held = sorted(m.held_on for m in case.meetings)
    return held[0] if held else None


def _deadlines(ctx: BuildContext, case: Case) -> list[tuple[str, ...]]:
    from dhr_desk.workflow import case_deadlines

    rows: list[tuple[str, ...]] = []
    for item in case_deadlines(ctx.session, case, ctx.today):
        rows.append(
            (
                ctx.text(item.label),
                ctx.cell_date(item.due_on, "Paused"),
                ctx.cell_date(item.done_on),
                item.state.replace("_", " "),
                str(item.paused_days or ""),
            )
        )
    return rows


def family_involvement(ctx: BuildContext, doc: Document, case: Case) -> None:
    doc.extend(ctx.words("sections/overview_family.txt"))
    rows = []
    for contact in case.family_contacts:
        rows.append(
            (
                ctx.cell_date(contact.contacted_on),
                ctx.names.person(contact.person, "Family"),
                contact.method.label,
                ctx.text(contact.purpose),
                ctx.text(contact.outcome),
            )
        )
    if rows:
        doc.table(("Date", "With", "How", "Purpose", "Outcome"), rows, (1.5, 1.6, 1.2, 2.2, 3.0))
    for advocate in case.advocates:
        accepted = {True: "accepted", False: "declined", None: "not yet answered"}[
            advocate.accepted
        ]
        who = advocate.organisation or ctx.names.professional(advocate.name, "an advocate")
        doc.bullet(
            f"Specialist advocacy offered by {who} on {ctx.date(advocate.offered_on)}: {accepted}."
        )
    doc.narrative(
        "How the family, friends, colleagues and neighbours contributed, in their own words "
        "where they agree, and whether they saw the draft report."
    )


def equality(ctx: BuildContext, doc: Document, case: Case) -> None:
    people = people_with_role(case, PersonRole.VICTIM, PersonRole.PERPETRATOR)
    fields = (
        ("Sex", "sex"),
        ("Gender identity", "gender_identity"),
        ("Ethnicity", "ethnicity"),
        ("Religion or belief", "religion"),
        ("Disability", "disability"),
        ("Sexual orientation", "sexual_orientation"),
        ("Nationality", "nationality"),
        ("First language", "first_language"),
    )
    if people:
        header = ("Characteristic", *(ctx.names.person(p) for p in people))
        rows = [
            (label, *(ctx.text(getattr(p, attr)) or "Not recorded" for p in people))
            for label, attr in fields
        ]
        rows.insert(0, ("Age at the time", *(age_on(p, case.date_of_death) for p in people)))
        doc.table(header, rows, (1.6, *([2.0] * len(people))))
    doc.extend(ctx.words("sections/overview_equality.txt"))


def overview_report(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Overview report", "overview_report")
    doc.cover(report_cover(ctx, "Overview report"))
    victim = ctx.names.person(first_with_role(case, PersonRole.VICTIM), "the victim")
    perpetrator = ctx.names.person(first_with_role(case, PersonRole.PERPETRATOR), "the perpetrator")
    words = {"victim": victim, "perpetrator": perpetrator}
    h = iter(OVERVIEW_HEADINGS)

    doc.heading(next(h))  # Preface
    doc.extend(ctx.words("sections/overview_preface.txt", **words))
    doc.heading(next(h))  # 1 Introduction
    doc.extend(ctx.words("sections/overview_introduction.txt", **words))
    doc.heading(next(h))  # 2 Timescales
    timescales(ctx, doc, case)
    doc.heading(next(h))  # 3 Confidentiality
    doc.extend(ctx.words("sections/overview_confidentiality.txt", **words))
    subjects_table(ctx, doc, case)
    doc.heading(next(h))  # 4 Terms of Reference
    doc.para(
        f"The review covers the period from {ctx.date(case.review_period_start)} to "
        f"{ctx.date(case.review_period_end)}. The key lines of enquiry were:"
    )
    for line in lines_of_enquiry(ctx, case):
        doc.bullet(line)
    agreed = milestone_on(case, "tor_agreed")
    doc.para(
        f"The panel agreed the Terms of Reference on {ctx.date(agreed)}."
        if agreed
        else "[Date the panel agreed the Terms of Reference.]",
        "small",
    )
    doc.heading(next(h))  # 5 Methodology
    doc.extend(ctx.words("sections/overview_methodology.txt", **words))
    ctx.progress(0.05)
    doc.heading(next(h))  # 6 Family
    family_involvement(ctx, doc, case)
    doc.heading(next(h))  # 7 Contributors
    doc.para("The following agencies were asked whether they had contact and what they hold:")
    contributors_table(ctx, doc)
    doc.heading(next(h))  # 8 Panel
    panel_table(ctx, doc)
    doc.para(
        "Panel members were independent of the case and of the line management of the staff "
        "involved."
    )
    doc.heading(next(h))  # 9 Author
    author = author_of(case)
    doc.extend(
        ctx.words(
            "sections/overview_author.txt",
            author=author_described(ctx, author),
            author_role=author_role(author),
            statement=ctx.text(author.independence_statement) if author else "",
            **words,
        )
    )
    doc.heading(next(h))  # 10 Parallel reviews
    for line in pauses_text(ctx, case):
        doc.bullet(line)
    if case.joint_review_with:
        doc.para(f"This review was conducted jointly with a {case.joint_review_with}.")
    doc.narrative(
        "Any inquest, criminal trial, IOPC investigation, SAR or CSPR, and how the "
        "review worked alongside it."
    )
    doc.heading(next(h))  # 11 Equality and diversity
    equality(ctx, doc, case)
    doc.heading(next(h))  # 12 Dissemination
    doc.extend(
        ctx.words(
            "sections/overview_dissemination.txt",
            agencies=[link.agency.name for link in case.case_agencies],
        )
    )
    doc.heading(next(h))  # 13 Background
    if case.summary:
        doc.para(ctx.text(case.summary))
    doc.narrative(
        "The facts: the people involved, their relationship and family, and the "
        "circumstances of the death, in plain words."
    )
    ctx.progress(0.1)
    doc.heading(next(h))  # 14 Chronology
    from dhr_desk.documents.builders.common import chronology_rows

    rows = chronology_rows(ctx, case)
    doc.para(
        f"The combined chronology holds {len(rows)} entries from the agencies' chronologies; "
        "the key events are summarised here and the full chronology is held by the partnership."
    )
    from dhr_desk.documents.builders.chronology import timeline_figure

    timeline_figure(
        ctx,
        doc,
        case,
        "Figure 1: contacts with the agencies over time, one lane per agency; key events in red, "
        "the review period shaded, the date of death marked.",
    )
    doc.table(
        ("Date", "Agency", "Event", "Action / decision"),
        [(r[0], r[2], r[4], r[5]) for r in rows],
        (1.5, 1.3, 4.0, 2.5),
    )
    ctx.progress(0.2)
    doc.heading(next(h))  # 15 Overview
    doc.narrative("An overview of what each agency knew and did, drawing on the chronology.")
    doc.heading(next(h))  # 16 Analysis
    for line in lines_of_enquiry(ctx, case):
        doc.heading(line.rstrip("."), 2)
        doc.narrative("Analysis of agencies' involvement against this line of enquiry.")
    doc.heading(next(h))  # 17 Conclusions
    doc.narrative(
        "The conclusions of the review, including whether the death was predictable or preventable."
    )
    doc.heading(next(h))  # 18 Lessons
    doc.narrative("The lessons to be learnt, for each agency and for the partnership.")
    early_learning_summary(ctx, doc, case)
    doc.heading(next(h))  # 19 Recommendations
    recommendations(ctx, doc, case)
    doc.orientation(True)
    doc.heading(next(h))  # Appendix A
    action_plan(ctx, case).add_to(doc)
    early_learning_table(ctx, doc, case, level=2)
    doc.orientation(False)
    doc.heading(next(h))  # Appendix B
    doc.extend(ctx.words("sections/glossary.txt"))
    return doc


def author_role(member: PanelMember | None) -> str:
    if member is not None and member.role == PanelRole.AUTHOR:
        return "author"
    return "chair and author"


def author_described(ctx: BuildContext, member: PanelMember | None) -> str:
    """The author by name, or in a published edition by who they are: their job title when it
    says more than their role on the panel, and their independence or agency ("The chair and
    author of this review is independent of the agencies involved")."""
    if member is None:
        return ""
    if not ctx.published:
        return member.name
    role_words = set(author_role(member).split()) | {"independent", "the", "of", "review"}
    job = member.job_title.strip()
    says_more = bool(set(job.lower().split()) - role_words)
    described = f"{'an' if job[:1].lower() in 'aeiou' else 'a'} {job}" if job and says_more else ""
    if member.independent:
        whose = "independent of the agencies involved"
    else:
        whose = f"from {member.agency.display_name}" if member.agency else ""
    parts = [x for x in (described, whose) if x]
    return ", ".join(parts) if parts else "named in the full edition held by the partnership"


def early_learning_summary(ctx: BuildContext, doc: Document, case: Case) -> None:
    """The learning acted on before the review ended, named among the lessons (the full table
    is in the action plan appendix)."""
    if not case.early_learning:
        return
    doc.heading("Learning acted on during the review", 2)
    doc.para(
        "The agencies did not wait for this report to act on the following learning; the "
        "actions and their outcomes are in the action plan (Appendix A)."
    )
    for item in case.early_learning:
        lead = f" ({item.lead_agency.display_name})" if item.lead_agency else ""
        doc.bullet(f"{item.number}. {ctx.text(item.learning)} {ctx.text(item.action)}{lead}")


def recommendations(ctx: BuildContext, doc: Document, case: Case) -> None:
    overview = [r for r in case.recommendations if r.source == "overview"]
    single = [r for r in case.recommendations if r.source != "overview"]
    if not case.recommendations:
        doc.narrative("The review's recommendations, each numbered, specific and with a lead.")
        return
    if overview:
        doc.heading("Overview report recommendations", 2)
        for rec in overview:
            lead = f" (lead: {rec.lead_agency.display_name})" if rec.lead_agency else ""
            doc.para(f"{rec.number}. {ctx.text(rec.text)} [{rec.scope.label}]{lead}")
    if single:
        doc.heading("Single-agency recommendations", 2)
        doc.table(
            ("No.", "Agency", "Recommendation", "Scope"),
            [(str(r.number), ctx.text(r.source), ctx.text(r.text), r.scope.label) for r in single],
            (0.6, 1.8, 5, 1.2),
        )
