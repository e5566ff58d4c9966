"""The Community Trigger threshold test (s104 Anti-social Behaviour, Crime and Policing Act 2014).

A complaint *qualifies* when it was made within the period of one month beginning with the date
of the incident, and the application was made within the period of six months beginning with
the date of the complaint. One incident reported to several agencies counts once: reports with
the same incident reference (or, where none was given, the same incident date, complainant and
matter) are one incident.

The threshold is met when any local rule is met (each a setting):

* ``ct_threshold_complaints`` — N qualifying complaints made by the applicant (or the victim they
  apply for); the statutory default and maximum is 3; 0 switches the rule off;
* ``ct_threshold_people`` — M qualifying complaints from M different people about the same
  matter; 0 switches the rule off;
* ``ct_threshold_hate`` — any qualifying complaint about a hate incident or crime.

The result says met or not met and why, complaint by complaint, in sentences that go straight
into the decision letter (and into ``Decision.detail`` when the decision is recorded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import (
    Case,
    CaseKind,
    Complaint,
    Decision,
    DecisionKind,
    DecisionOutcome,
    TriggerApplication,
)
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.workflow.periods import as_date, long_date, period_end
from dhr_desk.workflow.stages import record_step

STATUTORY_MAXIMUM = 3
settings.register_defaults(
    {"ct_threshold_complaints": 3, "ct_threshold_people": 5, "ct_threshold_hate": True}
)


@records.rule(Complaint)
def _incident_before_report(_session: Session, complaint: Complaint) -> list[tuple[str, str]]:
    incident, reported = complaint.incident_on, complaint.reported_on
    if incident is None or reported is None or incident <= reported:
        return []
    return [
        (
            "incident_on",
            f"{long_date(incident)} is after the incident was reported on {long_date(reported)}",
        )
    ]


@dataclass(frozen=True)
class ComplaintLine:
    """One complaint as the test saw it: ``qualifying`` per s104, ``counted`` once per incident."""

    number: int
    complaint_id: int
    incident_on: dt.date
    reported_on: dt.date
    reported_to: str
    qualifying: bool
    counted: bool
    by_applicant: bool
    hate: bool
    why: str


@dataclass
class ThresholdResult:
    met: bool
    reasons: list[str]
    complaints: list[ComplaintLine] = field(default_factory=list)
    application_on: dt.date | None = None

    @property
    def verdict(self) -> str:
        """The concluding sentences: met or not met, and any discretion left to the partnership."""
        return " ".join(r for r in self.reasons if "therefore" in r or "discretion" in r)

    @property
    def text(self) -> str:
        """The reasons and the complaint-by-complaint lines, as kept in ``Decision.detail``."""
        lines = list(self.reasons)
        if self.complaints:
            lines.append("")
            lines.append("The complaints considered:")
            lines.extend(f"{line.number}. {line.why}" for line in self.complaints)
        return "\n".join(lines)


@dataclass(frozen=True)
class ThresholdPolicy:
    complaints: int
    people: int
    hate: bool


def policy(session: Session) -> ThresholdPolicy:
    return ThresholdPolicy(
        complaints=int(settings.get_in(session, "ct_threshold_complaints")),
        people=int(settings.get_in(session, "ct_threshold_people")),
        hate=bool(settings.get_in(session, "ct_threshold_hate")),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _numbers(items: list[int]) -> str:
    names = [str(n) for n in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _incident_key(c: Complaint) -> tuple[str, ...]:
    if c.incident_ref.strip():
        return ("ref", c.incident_ref.strip().lower())
    return ("same", c.incident_on.isoformat(), str(c.complainant_id), c.matter.strip().lower())


def _describe(c: Complaint) -> str:
    return (
        f"Incident of {long_date(c.incident_on)} reported to {c.reported_to} on "
        f"{long_date(c.reported_on)}"
    )


@dataclass(frozen=True)
class _Counted:
    """A qualifying complaint counted once for its incident, with the record it came from."""

    line: ComplaintLine
    complaint: Complaint


def _qualifies(c: Complaint, received: dt.date) -> tuple[bool, str]:
    """Whether a complaint qualifies under s104 for an application received on ``received``,
    and why, in a sentence for the letter."""
    base = _describe(c)
    month_end = period_end(c.incident_on, 1)
    six_end = period_end(c.reported_on, 6)
    if c.reported_on > received:
        return (
            False,
            f"{base}: made after the application of {long_date(received)}, so not relied on",
        )
    if c.reported_on > month_end:
        return False, (
            f"{base}: not a qualifying complaint, because it was made after the month "
            f"beginning with the incident (which ended on {long_date(month_end)})"
        )
    if received > six_end:
        return False, (
            f"{base}: not a qualifying complaint, because the application was made after "
            f"the six months beginning with the complaint (which ended on {long_date(six_end)})"
        )
    return True, (
        f"{base}: a qualifying complaint (made within the month beginning with the "
        "incident, and the application within six months of it)"
    )


def classify(
    complaints: list[Complaint], app: TriggerApplication, day: dt.date
) -> tuple[list[ComplaintLine], list[_Counted]]:
    """Every complaint made by ``day``, in the order made, each qualifying or not and counted
    once per incident; and the counted ones."""
    mine = {pid for pid in (app.applicant_id, app.victim_id) if pid is not None}
    considered = sorted(
        (c for c in complaints if c.reported_on <= day),
        key=lambda c: (c.reported_on, c.incident_on, c.id),
    )
    lines: list[ComplaintLine] = []
    counted: list[_Counted] = []
    first_of_incident: dict[tuple[str, ...], int] = {}
    for number, c in enumerate(considered, start=1):
        qualifying, why = _qualifies(c, app.received_on)
        is_counted = False
        if qualifying:
            key = _incident_key(c)
            if key in first_of_incident:
                why = (
                    f"{_describe(c)}: the same incident as complaint {first_of_incident[key]}, "
                    "so it counts once"
                )
            else:
                first_of_incident[key] = number
                is_counted = True
        if c.is_hate_incident:
            why += "; recorded as a hate incident"
        line = ComplaintLine(
            number=number,
            complaint_id=c.id,
            incident_on=c.incident_on,
            reported_on=c.reported_on,
            reported_to=c.reported_to,
            qualifying=qualifying,
            counted=is_counted,
            by_applicant=c.complainant_id is None or c.complainant_id in mine,
            hate=c.is_hate_incident,
            why=why + ".",
        )
        lines.append(line)
        if is_counted:
            counted.append(_Counted(line, c))
    return lines, counted


# Each rule looks at the counted complaints and says whether it is met, with its sentences.
RuleResult = tuple[bool, list[str]]


def _by_applicant(counted: list[_Counted], rules: ThresholdPolicy, _app: Any) -> RuleResult:
    """N qualifying complaints by the applicant (or the victim they apply for)."""
    reasons = []
    needed = min(rules.complaints, STATUTORY_MAXIMUM)
    if rules.complaints > STATUTORY_MAXIMUM:
        reasons.append(
            f"The local setting of {rules.complaints} complaints is above the statutory maximum of "
            f"{STATUTORY_MAXIMUM}, so {STATUTORY_MAXIMUM} was used."
        )
    if needed <= 0:
        return False, reasons
    own = [c.line.number for c in counted if c.line.by_applicant]
    found = (
        f"{_plural(len(own), 'qualifying complaint')} "
        f"({'complaint' if len(own) == 1 else 'complaints'} {_numbers(own)})"
        if own
        else "no qualifying complaint"
    )
    met = len(own) >= needed
    reasons.append(
        f"The threshold of {_plural(needed, 'qualifying complaint')} by the applicant is "
        f"{'met' if met else 'not met'}: there {'is' if len(own) <= 1 else 'are'} {found}."
    )
    return met, reasons


def _by_several_people(
    counted: list[_Counted], rules: ThresholdPolicy, app: TriggerApplication
) -> RuleResult:
    """M qualifying complaints from M different people about the same matter."""
    if rules.people <= 0:
        return False, []
    default_matter = (app.matter or "").strip().lower()
    people_by_matter: dict[str, set[int]] = {}
    for item in counted:
        c = item.complaint
        person = c.complainant_id if c.complainant_id is not None else app.applicant_id
        if person is None:
            continue
        matter = c.matter.strip().lower() or default_matter
        people_by_matter.setdefault(matter, set()).add(person)
    most = max((len(p) for p in people_by_matter.values()), default=0)
    rule = (
        f"The threshold of {rules.people} qualifying complaints from {rules.people} "
        "different people about the same matter is"
    )
    if most >= rules.people:
        return True, [
            f"{rule} met: {most} different people made qualifying complaints about the same matter."
        ]
    return False, [
        f"{rule} not met: the most about one matter is {most} "
        f"{'person' if most == 1 else 'people'}."
    ]


def _hate_incident(counted: list[_Counted], rules: ThresholdPolicy, _app: Any) -> RuleResult:
    """Any qualifying complaint about a hate incident or crime."""
    if not rules.hate:
        return False, []
    hate = [c.line.number for c in counted if c.line.hate]
    if not hate:
        return False, ["No qualifying complaint was about a hate incident or crime."]
    return True, [
        "A qualifying complaint about a hate incident or crime meets the threshold on its "
        f"own: {'complaint' if len(hate) == 1 else 'complaints'} {_numbers(hate)}."
    ]


RULES = (_by_applicant, _by_several_people, _hate_incident)


def _application_of(case: Case) -> TriggerApplication:
    if case.kind != CaseKind.COMMUNITY_TRIGGER:
        raise ValidationError(f"{case.reference} is a {case.kind.label}: it has no threshold test.")
    if case.application is None:
        raise ValidationError(
            f"{case.reference} has no application recorded: the threshold is tested against an "
            "application."
        )
    return case.application


def threshold_test(session: Session, case: Case, as_of: dt.date | None = None) -> ThresholdResult:
    """Apply the local threshold to the complaints relied on in the application.

    Complaints reported after ``as_of`` (default: today) are left out, so a decision can be
    re-run as it stood on the day it was made.
    """
    app = _application_of(case)
    rules = policy(session)
    lines, counted = classify(list(case.complaints), app, as_of or dt.date.today())
    n = len(counted)
    reasons = [
        f"The application was received on {long_date(app.received_on)}. "
        f"{_plural(len(lines), 'complaint')} {'was' if len(lines) == 1 else 'were'} considered, "
        f"of which {n} {'is a' if n == 1 else 'are'} qualifying "
        f"{'complaint' if n == 1 else 'complaints'} about separate incidents."
    ]
    met_any = False
    for rule in RULES:
        met, said = rule(counted, rules, app)
        met_any = met_any or met
        reasons.extend(said)
    if met_any:
        reasons.append("The threshold for an ASB case review is therefore met.")
    else:
        reasons.append("The threshold for an ASB case review is therefore not met.")
        if app.victim_vulnerable:
            reasons.append(
                "The victim is recorded as vulnerable: the partnership may use its discretion to "
                "hold a case review although the threshold is not met."
            )
    return ThresholdResult(met_any, reasons, lines, app.received_on)


def record_threshold_decision(
    session: Session,
    case: Case,
    decided_on: dt.date | str,
    decided_by: str,
    override_reason: str = "",
) -> Decision:
    """Run the test as it stood on ``decided_on``, keep the result and its reasons as a threshold
    :class:`~dhr_desk.domain.Decision`, and record the ``threshold_decision`` step."""
    day = as_date(decided_on, "decided_on")
    who = decided_by.strip()
    if not who:
        raise ValidationError("Nothing was saved:", [("decided_by", "is required")])
    result = threshold_test(session, case, as_of=day)
    earlier = [d for d in case.decisions if d.kind == DecisionKind.THRESHOLD]
    record_step(session, case, "threshold_decision", day, override_reason=override_reason)
    decision = records.add_in(
        session,
        Decision,
        case.id,
        {
            "kind": DecisionKind.THRESHOLD,
            "decided_on": day,
            "outcome": DecisionOutcome.MET if result.met else DecisionOutcome.NOT_MET,
            "decided_by": who,
            "rationale": result.verdict,
            "detail": result.text,
            "number": len(earlier) + 1,
        },
    )
    if decision not in case.decisions:
        case.decisions.append(decision)
    return decision
