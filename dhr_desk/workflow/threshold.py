"""The ASB Case Review (Community Trigger) threshold test: s104 of the Anti-social Behaviour,
Crime and Policing Act 2014.

A complaint *qualifies* (s104(11)) when it was made within the period of one month beginning
with the date of the incident, and the application was made within the period of six months
beginning with the date of the complaint.

**The statutory rule comes first and cannot be switched off** (s104(4)): the relevant bodies
*must* decide the threshold is met when at least N qualifying complaints have been made about
the anti-social behaviour the application relates to — by anyone, not only the applicant.
N is the local number (setting ``ct_threshold_complaints``, 1 to 3; the Act's figure is 3).

The local procedure may add routes to "met" for any other situation (s104(5)); a local route
never takes one away:

* ``ct_threshold_applicant`` — M qualifying complaints made by the applicant (or the victim they
  apply for); 0 switches the route off;
* ``ct_threshold_people`` — M qualifying complaints from M different people about the same
  matter; 0 switches it off;
* ``ct_threshold_hate`` — any qualifying complaint about a hate incident or crime;
* ``ct_threshold_discretion`` — the decision maker may decide the threshold is met having
  regard to the persistence of the behaviour, the harm or potential harm, the adequacy of the
  response, or the victim's vulnerability, with reasons (see :mod:`.threshold_decision`).

Counting (``ct_count_incident_once``, default on): reports of one incident to several agencies
count once — reports with the same incident reference or, where none was given, the same
incident date, complainant and matter. A complaint about other behaviour than the
application's (``Complaint.relates_to_application`` false) is kept but never counted.

The result says met or not met, under which rule, and why, complaint by complaint, in sentences
that go straight into the decision letter (and into ``Decision.detail`` when recorded). Other
complainants are never named: a complaint is "made by the applicant", "by the victim" or "by
another person".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dhr_desk.domain import Case, CaseKind, TriggerApplication
from dhr_desk.errors import ValidationError
from dhr_desk.workflow.periods import long_date
from dhr_desk.workflow.threshold_counting import (
    STATUTORY_MAXIMUM,
    ComplaintLine,
    ThresholdPolicy,
    classify,
    policy,
)
from dhr_desk.workflow.threshold_rules import (
    RULE_NAMES,
    RULES,
    STATUTORY,
    RuleOutcome,
    plural,
)

__all__ = [
    "RULE_NAMES",
    "RULES",
    "STATUTORY",
    "STATUTORY_MAXIMUM",
    "ComplaintLine",
    "DetailParts",
    "RuleOutcome",
    "ThresholdPolicy",
    "ThresholdResult",
    "classify",
    "policy",
    "split_detail",
    "threshold_test",
]

COUNTED_HEADING = "The complaints counted:"
NOT_COUNTED_HEADING = "The complaints not counted, and why:"
LEGACY_HEADING = "The complaints considered:"  # decisions recorded before the statutory rule


@dataclass
class ThresholdResult:
    met: bool
    reasons: list[str]
    complaints: list[ComplaintLine] = field(default_factory=list)
    application_on: dt.date | None = None
    rules: list[RuleOutcome] = field(default_factory=list)
    counted_once: bool = True
    verdict_sentences: list[str] = field(default_factory=list)

    @property
    def met_by(self) -> list[RuleOutcome]:
        """The rules that were met (the statutory rule first)."""
        return [r for r in self.rules if r.met]

    @property
    def basis(self) -> str:
        """The codes of the rules met, as kept in ``Decision.basis``."""
        return ",".join(r.code for r in self.met_by)

    @property
    def verdict(self) -> str:
        """The concluding sentences: met (under which rule) or not, and any discretion left."""
        return " ".join(self.verdict_sentences)

    @property
    def counted(self) -> list[ComplaintLine]:
        return [line for line in self.complaints if line.counted]

    @property
    def not_counted(self) -> list[ComplaintLine]:
        return [line for line in self.complaints if not line.counted]

    @property
    def text(self) -> str:
        """The reasons, then the complaints counted and those not counted with why, as kept in
        ``Decision.detail`` (and split again for the letter by ``split_detail``)."""
        lines = list(self.reasons)
        for heading, items in (
            (COUNTED_HEADING, self.counted),
            (NOT_COUNTED_HEADING, self.not_counted),
        ):
            if items:
                lines.extend(["", heading])
                lines.extend(f"{line.number}. {line.why}" for line in items)
        return "\n".join(lines)


@dataclass(frozen=True)
class DetailParts:
    """A stored ``Decision.detail`` split for the letter: the reasons, the complaints counted,
    those not counted (with why), and — for decisions recorded before the statutory rule — the
    complaints considered in one list."""

    reasons: list[str]
    counted: list[str]
    not_counted: list[str]
    considered: list[str]


def split_detail(detail: str) -> DetailParts:
    parts: dict[str, list[str]] = {"": [], COUNTED_HEADING: [], NOT_COUNTED_HEADING: []}
    parts[LEGACY_HEADING] = []
    current = ""
    for line in detail.splitlines():
        text = line.strip()
        if text in parts:
            current = text
        elif text:
            parts[current].append(text)
    return DetailParts(
        parts[""], parts[COUNTED_HEADING], parts[NOT_COUNTED_HEADING], parts[LEGACY_HEADING]
    )


def _application_of(case: Case) -> TriggerApplication:
    if case.kind != CaseKind.COMMUNITY_TRIGGER:
        raise ValidationError(
            f"{case.reference} is {case.kind.with_article}: it has no threshold test."
        )
    if case.application is None:
        raise ValidationError(
            f"{case.reference} has no application recorded: the threshold is tested against an "
            "application."
        )
    return case.application


def _names(outcomes: list[RuleOutcome]) -> str:
    names = [o.name for o in outcomes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _verdict(
    outcomes: list[RuleOutcome], rules: ThresholdPolicy, app: TriggerApplication
) -> list[str]:
    met = [o for o in outcomes if o.met]
    if met:
        return [f"The threshold for an ASB case review is therefore met, under {_names(met)}."]
    out = [
        "The threshold for an ASB case review is therefore not met: neither the statutory rule "
        "nor any local route is met."
    ]
    if rules.discretion:
        out.append(
            "The partnership may still decide that it is met under its local procedure (section "
            "104(5)), having regard to the persistence of the behaviour, the harm or potential "
            "harm it causes, and the adequacy of the response."
        )
    if app.victim_vulnerable:
        out.append(
            "The victim is recorded as vulnerable: the partnership may use its discretion to "
            "hold a case review although the threshold is not met."
        )
    return out


def _counting_sentence(count_once: bool) -> str:
    if count_once:
        return (
            "Reports of one incident to several agencies were counted once, as the local "
            "procedure provides."
        )
    return (
        "Each report was counted on its own, including reports of one incident to several "
        "agencies, as the local procedure provides."
    )


def threshold_test(session: Session, case: Case, as_of: dt.date | None = None) -> ThresholdResult:
    """Apply the statutory rule, then the local routes, to the complaints on the case.

    Complaints reported after ``as_of`` (default: today) are left out, so a decision can be
    re-run as it stood on the day it was made.
    """
    app = _application_of(case)
    rules = policy(session)
    lines, counted = classify(
        list(case.complaints), app, as_of or dt.date.today(), count_once=rules.count_once
    )
    n = len(counted)
    reasons = [
        f"The application was received on {long_date(app.received_on)}. "
        f"{plural(len(lines), 'complaint')} {'was' if len(lines) == 1 else 'were'} considered, "
        f"of which {n} {'is a' if n == 1 else 'are'} qualifying "
        f"{'complaint' if n == 1 else 'complaints'} about the behaviour the application relates "
        "to, counted towards the threshold.",
        _counting_sentence(rules.count_once),
    ]
    outcomes = [o for o in (rule(counted, rules, app) for rule in RULES) if o is not None]
    met = any(o.met for o in outcomes)
    for outcome in outcomes:
        # Once the threshold is met, a local route that is not met has nothing to add.
        if outcome.met or outcome.code == STATUTORY or not met:
            reasons.extend(outcome.sentences)
    verdict = _verdict(outcomes, rules, app)
    reasons.extend(verdict)
    return ThresholdResult(
        met=met,
        reasons=reasons,
        complaints=lines,
        application_on=app.received_on,
        rules=outcomes,
        counted_once=rules.count_once,
        verdict_sentences=verdict,
    )
