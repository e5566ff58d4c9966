"""The publication gate: what must be true before the final published edition of a review is
written. No finding of the publication check is open; the Home Office QA Panel has said the
report may be published; the family has been told the date; no criminal proceedings are open.
Each condition but the first may be overridden with a reason (kept and audited); findings are
settled one by one instead (fixed, added to the register, or accepted with a reason).
"""

from __future__ import annotations

from dataclasses import dataclass

from dhr_desk.domain import Case, CaseKind
from dhr_desk.words import plural
from dhr_desk.workflow.case_facts import facts_of
from dhr_desk.workflow.periods import long_date

FINDINGS = "findings"
QA = "qa"
FAMILY = "family"
PROCEEDINGS = "proceedings"
OVERRIDABLE = (QA, FAMILY, PROCEEDINGS)
LABELS = {
    FINDINGS: "No finding of the publication check is open",
    QA: "The Home Office QA Panel has said the report may be published",
    FAMILY: "The family has been told the publication date",
    PROCEEDINGS: "No criminal proceedings are open",
}


@dataclass(frozen=True)
class Condition:
    code: str
    label: str
    met: bool
    detail: str
    override: str = ""  # the reason it was overridden ("" if not)
    why_not: str = ""  # the sentence a refusal gives when it is not met

    @property
    def can_override(self) -> bool:
        return self.code in OVERRIDABLE

    @property
    def passes(self) -> bool:
        return self.met or bool(self.override)


def conditions(case: Case | None, open_findings: int, overrides: dict[str, str]) -> list[Condition]:
    """The checklist for the final published edition of a document of ``case`` (None: a
    document of every open case, where only the findings count)."""
    count = (
        "none is open"
        if open_findings == 0
        else f"{plural(open_findings, 'finding')} open: fix, add to the register, or accept each"
    )
    out = [
        Condition(
            FINDINGS,
            LABELS[FINDINGS],
            open_findings == 0,
            count,
            why_not=f"{plural(open_findings, 'finding')} of the publication check "
            f"{'is' if open_findings == 1 else 'are'} open",
        )
    ]
    if case is None or case.kind != CaseKind.DHR:
        return out
    facts = facts_of(case)
    approved = facts.dates.get("qa_approved")
    asked = facts.resubmit_asked_on
    qa_ok = approved is not None and (asked is None or approved >= asked)
    if qa_ok and approved is not None:
        qa_detail = f"recorded on {long_date(approved)}"
    elif asked is not None:
        qa_detail = f"the Panel asked on {long_date(asked)} for the report to be resubmitted"
    else:
        qa_detail = "no QA outcome allowing publication is recorded"
    told = facts.dates.get("family_told_publication")
    trial = facts.open_trial_since
    trial_detail = (
        "no pause for a criminal trial is open"
        if trial is None
        else f"the pause for the criminal trial from {long_date(trial)} is still open"
    )
    out += [
        Condition(
            QA,
            LABELS[QA],
            qa_ok,
            qa_detail,
            overrides.get(QA, ""),
            f"the Home Office QA Panel has not said the report may be published ({qa_detail})",
        ),
        Condition(
            FAMILY,
            LABELS[FAMILY],
            told is not None,
            f"told on {long_date(told)}" if told else "the step is not recorded",
            overrides.get(FAMILY, ""),
            "the family has not been told the publication date",
        ),
        Condition(
            PROCEEDINGS,
            LABELS[PROCEEDINGS],
            trial is None,
            trial_detail,
            overrides.get(PROCEEDINGS, ""),
            f"criminal proceedings are open ({trial_detail})",
        ),
    ]
    return out


def refusal(title: str, items: list[Condition]) -> str:
    """Why the final published edition of ``title`` was not written (empty when it may be)."""
    failing = [c for c in items if not c.passes]
    if not failing:
        return ""
    reasons = "; ".join(c.why_not for c in failing)
    return (
        f"The final published edition of the {title.lower()} was not written: {reasons}. "
        "A draft published edition can be made to check it (watermarked, with the open findings "
        "listed at the end); a condition other than the findings may be overridden with a "
        "reason on the Publication check page or with dhr-desk check-publication."
    )
