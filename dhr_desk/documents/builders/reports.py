"""DHR executive summary, Terms of Reference and the IMR template."""

from __future__ import annotations

from dhr_desk.documents.builders.common import (
    ACTION_PLAN_HEADER,
    ACTION_PLAN_WIDTHS,
    CHRONOLOGY_HEADER,
    CHRONOLOGY_WIDTHS,
    author_of,
    chair_of,
    chronology_rows,
    contributors_table,
    decision,
    milestone_on,
    panel_table,
    pauses_text,
    report_cover,
)
from dhr_desk.documents.builders.overview import (
    author_described,
    author_role,
    lines_of_enquiry,
    recommendations,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.editions import first_with_role, people_with_role
from dhr_desk.documents.model import Document
from dhr_desk.domain import DecisionKind, PersonRole
from dhr_desk.words import plural

EXECUTIVE_SUMMARY_HEADINGS = (
    "1 The review process",
    "2 Contributors to the review",
    "3 Review panel members",
    "4 Author of the overview report",
    "5 Terms of reference",
    "6 Summary chronology",
    "7 Key issues arising from the review",
    "8 Conclusions",
    "9 Lessons to be learned",
    "10 Recommendations",
)

TERMS_OF_REFERENCE_HEADINGS = (
    "1 Background",
    "2 Purpose of the review",
    "3 Review period",
    "4 Subjects of the review",
    "5 Agencies in scope",
    "6 Key lines of enquiry",
    "7 Family involvement",
    "8 Parallel processes",
    "9 Timetable",
    "10 Confidentiality and disclosure",
)

IMR_TEMPLATE_HEADINGS = (
    "1 Agency and author",
    "2 Methodology",
    "3 Agency chronology",
    "4 Analysis against the Terms of Reference",
    "5 Good practice",
    "6 Lessons learned",
    "7 Recommendations",
    "8 Single-agency action plan",
    "9 Senior management sign-off",
)


def executive_summary(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Executive summary", "executive_summary")
    doc.cover(report_cover(ctx, "Executive summary"))
    victim = ctx.names.person(first_with_role(case, PersonRole.VICTIM), "the victim")
    h = iter(EXECUTIVE_SUMMARY_HEADINGS)
    review = decision(case, DecisionKind.REVIEW)
    doc.heading(next(h))
    doc.extend(
        ctx.words(
            "sections/exec_review_process.txt",
            victim=victim,
            decided_on=review.decided_on if review else None,
            meetings=sum(1 for m in case.meetings if m.status.value == "held"),
            pauses=pauses_text(ctx, case),
        )
    )
    doc.heading(next(h))
    contributors_table(ctx, doc)
    doc.heading(next(h))
    panel_table(ctx, doc)
    doc.heading(next(h))
    author = author_of(case)
    if author is not None:
        doc.para(
            f"The {author_role(author)} of this review, who wrote the overview report, is "
            f"{author_described(ctx, author)}. " + (ctx.text(author.independence_statement) or "")
        )
    else:
        doc.narrative("The author and a statement of their independence.")
    doc.heading(next(h))
    doc.para(
        f"The review covers {ctx.date(case.review_period_start)} to "
        f"{ctx.date(case.review_period_end)}. The key lines of enquiry were:"
    )
    for line in lines_of_enquiry(ctx, case):
        doc.bullet(line)
    doc.heading(next(h))
    summary_chronology(ctx, doc)
    for _ in range(3):
        doc.heading(next(h))
        doc.narrative("To be written from the overview report.")
    doc.heading(next(h))
    recommendations(ctx, doc, case)
    return doc


def summary_chronology(ctx: BuildContext, doc: Document) -> None:
    """6 Summary chronology: the entries marked as key events, not the whole chronology."""
    rows = chronology_rows(ctx, ctx.the_case, key_events=True)
    if not rows:
        doc.narrative(
            "No entry of the combined chronology is marked as a key event yet: mark the key "
            "events in the chronology and generate the executive summary again."
        )
        return
    doc.para(
        f"The {plural(len(rows), 'key event')} of the combined chronology, in date order; the "
        "overview report holds the full chronology."
    )
    doc.table(
        ("Date", "Agency", "Event", "Action / decision"),
        [(r[0], r[2], r[4], r[5]) for r in rows],
        (1.5, 1.4, 4.8, 2.6),
    )
    doc.narrative("A short narrative of the key events in the summary chronology.")


def terms_of_reference(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Terms of Reference", "terms_of_reference")
    victim = ctx.names.person(first_with_role(case, PersonRole.VICTIM), "the victim")
    h = iter(TERMS_OF_REFERENCE_HEADINGS)
    doc.heading(next(h))
    review = decision(case, DecisionKind.REVIEW)
    doc.extend(
        ctx.words(
            "sections/tor_background.txt",
            victim=victim,
            decided_on=review.decided_on if review else None,
        )
    )
    doc.heading(next(h))
    doc.extend(ctx.words("sections/tor_purpose.txt", victim=victim))
    doc.heading(next(h))
    doc.para(
        f"The review will examine agencies' contact with the subjects from "
        f"{ctx.date(case.review_period_start)} to {ctx.date(case.review_period_end)}. Agencies "
        "should also summarise any earlier contact they consider relevant."
    )
    doc.heading(next(h))
    people = people_with_role(
        case, PersonRole.VICTIM, PersonRole.PERPETRATOR, PersonRole.CHILD, PersonRole.FAMILY
    )
    doc.table(
        ("Subject", "Role", "Relationship to the victim"),
        [
            (
                ctx.names.person(p),
                p.role.label,
                p.relationship_to_victim or ("—" if p.role == PersonRole.VICTIM else ""),
            )
            for p in people
        ],
        (2.5, 1.5, 3),
    )
    doc.heading(next(h))
    doc.table(
        ("Agency", "In scope", "Contribution"),
        [
            (
                link.agency.name,
                "Yes" if link.in_scope else "No",
                next(
                    (r.return_type.label for r in case.returns if r.agency_id == link.agency_id),
                    "To be agreed",
                ),
            )
            for link in case.case_agencies
        ],
        (3.5, 1, 2.5),
    )
    doc.heading(next(h))
    for line in lines_of_enquiry(ctx, case):
        doc.bullet(line)
    doc.narrative("Lines of enquiry particular to this case, agreed by the panel.")
    doc.heading(next(h))
    doc.extend(ctx.words("sections/tor_family.txt", victim=victim))
    doc.heading(next(h))
    lines = pauses_text(ctx, case)
    for line in lines:
        doc.bullet(line)
    if not lines:
        doc.para("No parallel proceedings have been recorded yet.")
    doc.narrative(
        "Liaison with the Senior Investigating Officer, CPS, Coroner and any SAR or CSPR."
    )
    doc.heading(next(h))
    timetable = [
        (ctx.text(m.kind.label) + f" meeting {m.number}", ctx.cell_date(m.held_on))
        for m in sorted(case.meetings, key=lambda m: m.held_on)
    ]
    timetable += [
        (
            f"{r.return_type.label} from {r.agency.display_name}",
            ctx.cell_date(r.due_on, "To be set"),
        )
        for r in case.returns
    ]
    decided = milestone_on(case, "decision")
    if decided:
        from dhr_desk.workflow import add_months

        timetable.append(
            ("Completion due (six months from the decision)", ctx.cell_date(add_months(decided, 6)))
        )
    doc.table(("Milestone", "Date"), timetable, (4, 2))
    doc.heading(next(h))
    doc.extend(ctx.words("sections/tor_confidentiality.txt"))
    chair = chair_of(case)
    if chair is not None:
        doc.para(f"Agreed by the panel, chaired by {ctx.names.panel_member(chair)}.", "small")
    return doc


def imr_template(ctx: BuildContext) -> Document:
    case = ctx.the_case
    doc = ctx.new_document("Individual Management Review template", "imr_template")
    h = iter(IMR_TEMPLATE_HEADINGS)
    doc.extend(ctx.words("sections/imr_guidance.txt"))
    doc.heading(next(h))
    doc.key_values(
        [
            ("Agency", "[Agency name]"),
            ("IMR author", "[Name and job title]"),
            ("Independence", "[Statement of the author's independence from the case]"),
            ("Date records secured", "[Date]"),
            ("Review reference", case.reference),
        ]
    )
    doc.heading(next(h))
    doc.narrative("How the IMR was done: records examined, staff interviewed, policies consulted.")
    doc.orientation(True)  # the seven-column tables need the width of a landscape page
    doc.heading(next(h))
    doc.para("Every entry must give its source of information. Add rows as needed.")
    blank = [("",) * len(CHRONOLOGY_HEADER) for _ in range(6)]
    doc.table(CHRONOLOGY_HEADER, blank, CHRONOLOGY_WIDTHS)
    doc.orientation(False)
    doc.heading(next(h))
    for line in lines_of_enquiry(ctx, case):
        doc.heading(line.rstrip("."), 2)
        doc.narrative("Your agency's involvement against this line of enquiry.")
    doc.heading(next(h))
    doc.narrative("Good practice identified.")
    doc.heading(next(h))
    doc.narrative("Lessons learned by your agency.")
    doc.heading(next(h))
    doc.narrative("Your agency's recommendations, numbered.")
    doc.orientation(True)
    doc.heading(next(h))
    doc.table(ACTION_PLAN_HEADER, [("",) * 7 for _ in range(3)], ACTION_PLAN_WIDTHS)
    doc.orientation(False)
    doc.heading(next(h))
    doc.key_values(
        [
            ("Signed off by", "[Name]"),
            ("Job title", "[Senior manager's job title]"),
            ("Date", "[Date]"),
        ]
    )
    return doc
