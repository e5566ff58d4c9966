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
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import Case, CaseKind, Complaint, TriggerApplication
from dhr_desk.errors import ValidationError
from dhr_desk.records import settings
from dhr_desk.workflow.periods import long_date, period_end

STATUTORY_MAXIMUM = 3
settings.register_defaults(
    {
        "ct_threshold_complaints": STATUTORY_MAXIMUM,
        "ct_threshold_applicant": 0,
        "ct_threshold_people": 5,
        "ct_threshold_hate": True,
        "ct_threshold_discretion": True,
        "ct_count_incident_once": True,
    }
)
settings.register_limits(
    "ct_threshold_complaints",
    1,
    STATUTORY_MAXIMUM,
    "the Act sets at most 3 qualifying complaints, and the statutory rule cannot be switched off",
)
settings.register_limits("ct_threshold_applicant", 0, STATUTORY_MAXIMUM, "0 switches it off")
settings.register_limits("ct_threshold_people", 0, 100, "0 switches it off")

COUNTED_HEADING = "The complaints counted:"
NOT_COUNTED_HEADING = "The complaints not counted, and why:"
LEGACY_HEADING = "The complaints considered:"  # decisions recorded before the statutory rule
ACT = "the Anti-social Behaviour, Crime and Policing Act 2014"


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
    """One complaint as the test saw it: ``qualifying`` per s104(11), ``relates`` to the
    application's behaviour, ``counted`` towards the threshold (once per incident where the
    local procedure says so)."""

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
    relates: bool = True


@dataclass(frozen=True)
class RuleOutcome:
    """One rule applied: its code (kept on the decision), its name for the letter, and why."""

    code: str
    name: str
    met: bool
    sentences: tuple[str, ...]


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


@dataclass(frozen=True)
class ThresholdPolicy:
    """The local procedure's figures, with the statutory number already held to 1–3."""

    complaints: int
    applicant: int
    people: int
    hate: bool
    discretion: bool
    count_once: bool
    notes: tuple[str, ...] = ()


def policy(session: Session) -> ThresholdPolicy:
    stored = int(settings.get_in(session, "ct_threshold_complaints"))
    number, notes = _statutory_number(stored)
    return ThresholdPolicy(
        complaints=number,
        applicant=int(settings.get_in(session, "ct_threshold_applicant")),
        people=int(settings.get_in(session, "ct_threshold_people")),
        hate=bool(settings.get_in(session, "ct_threshold_hate")),
        discretion=bool(settings.get_in(session, "ct_threshold_discretion")),
        count_once=bool(settings.get_in(session, "ct_count_incident_once")),
        notes=notes,
    )


def _statutory_number(stored: int) -> tuple[int, tuple[str, ...]]:
    """The number the statutory rule uses: the local number, held to 1–3 (a value saved before
    the limits existed is not obeyed, and the letter says so)."""
    if stored > STATUTORY_MAXIMUM:
        return STATUTORY_MAXIMUM, (
            f"The local number of {stored} complaints is above the statutory maximum of "
            f"{STATUTORY_MAXIMUM}, so {STATUTORY_MAXIMUM} was used.",
        )
    if stored < 1:
        return STATUTORY_MAXIMUM, (
            f"The local number of {stored} cannot switch the statutory rule off, so "
            f"{STATUTORY_MAXIMUM} was used.",
        )
    return stored, ()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _numbers(items: list[int]) -> str:
    names = [str(n) for n in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _found(numbers: list[int]) -> str:
    """``there are 2 qualifying complaints (complaints 1 and 3)`` / ``there is no …``."""
    if not numbers:
        return "there is no qualifying complaint"
    word = "complaint" if len(numbers) == 1 else "complaints"
    verb = "is" if len(numbers) == 1 else "are"
    return (
        f"there {verb} {_plural(len(numbers), 'qualifying complaint')} ({word} {_numbers(numbers)})"
    )


def _incident_key(c: Complaint, count_once: bool) -> tuple[str, ...]:
    if not count_once:
        return ("own", str(c.id))
    if c.incident_ref.strip():
        return ("ref", c.incident_ref.strip().lower())
    return ("same", c.incident_on.isoformat(), str(c.complainant_id), c.matter.strip().lower())


def _describe(c: Complaint) -> str:
    return (
        f"Incident of {long_date(c.incident_on)} reported to {c.reported_to} on "
        f"{long_date(c.reported_on)}"
    )


def _made_by(c: Complaint, app: TriggerApplication) -> str:
    """Who made the complaint, in words that never name anyone but the applicant's side."""
    if c.complainant_id is None or c.complainant_id == app.applicant_id:
        return "made by the applicant"
    if c.complainant_id == app.victim_id:
        return "made by the victim"
    return "made by another person"


@dataclass(frozen=True)
class _Counted:
    """A complaint counted towards the threshold, with the record it came from."""

    line: ComplaintLine
    complaint: Complaint


def _qualifies(c: Complaint, received: dt.date) -> tuple[bool, str]:
    """Whether a complaint qualifies under s104(11) for an application received on
    ``received``, and why, in a sentence for the letter."""
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
    complaints: list[Complaint],
    app: TriggerApplication,
    day: dt.date,
    count_once: bool = True,
) -> tuple[list[ComplaintLine], list[_Counted]]:
    """Every complaint made by ``day``, in the order made: qualifying or not, about the
    application's behaviour or not, counted (once per incident when ``count_once``) or not,
    and why; and the counted ones."""
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
        if qualifying and not c.relates_to_application:
            why = (
                f"{_describe(c)}: a qualifying complaint, but about other behaviour than the "
                "application relates to, so not counted"
            )
        elif qualifying:
            key = _incident_key(c, count_once)
            if key in first_of_incident:
                why = (
                    f"{_describe(c)}: the same incident as complaint {first_of_incident[key]}, "
                    "so it counts once"
                )
            else:
                first_of_incident[key] = number
                is_counted = True
                why += f", {_made_by(c, app)}"
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
            relates=c.relates_to_application,
        )
        lines.append(line)
        if is_counted:
            counted.append(_Counted(line, c))
    return lines, counted


# ---------------------------------------------------------------------------------- the rules
# Each rule looks at the counted complaints and says whether it is met, with its sentences;
# None when the local procedure has switched it off.
Rule = Callable[[list["_Counted"], ThresholdPolicy, TriggerApplication], RuleOutcome | None]

STATUTORY = "statutory"
RULE_NAMES = {
    STATUTORY: "the statutory rule (section 104(4) of the Act)",
    "applicant": "the local route for qualifying complaints by the applicant",
    "people": "the local route for qualifying complaints from several people",
    "hate": "the local route for a hate incident or crime",
    "discretion": "the partnership's discretion under its local procedure (section 104(5))",
}


def _statutory(
    counted: list[_Counted], rules: ThresholdPolicy, _app: TriggerApplication
) -> RuleOutcome:
    """s104(4): N qualifying complaints about the behaviour the application relates to, by
    anyone. Cannot be switched off."""
    numbers = [c.line.number for c in counted]
    met = len(numbers) >= rules.complaints
    sentence = (
        f"The statutory threshold of {_plural(rules.complaints, 'qualifying complaint')} about "
        "the anti-social behaviour the application relates to, made by anyone (section 104(4) "
        f"of {ACT}), is {'met' if met else 'not met'}: {_found(numbers)}."
    )
    return RuleOutcome(STATUTORY, RULE_NAMES[STATUTORY], met, (*rules.notes, sentence))


def _by_applicant(
    counted: list[_Counted], rules: ThresholdPolicy, _app: TriggerApplication
) -> RuleOutcome | None:
    """A local route: M qualifying complaints by the applicant (or the victim they apply for)."""
    needed = min(rules.applicant, STATUTORY_MAXIMUM)
    if needed <= 0:
        return None
    own = [c.line.number for c in counted if c.line.by_applicant]
    met = len(own) >= needed
    return RuleOutcome(
        "applicant",
        RULE_NAMES["applicant"],
        met,
        (
            f"The local route of {_plural(needed, 'qualifying complaint')} by the applicant is "
            f"{'met' if met else 'not met'}: {_found(own)}.",
        ),
    )


def _by_several_people(
    counted: list[_Counted], rules: ThresholdPolicy, app: TriggerApplication
) -> RuleOutcome | None:
    """A local route: M qualifying complaints from M different people about the same matter."""
    if rules.people <= 0:
        return None
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
        f"The local route of {rules.people} qualifying complaints from {rules.people} "
        "different people about the same matter is"
    )
    if most >= rules.people:
        sentence = (
            f"{rule} met: {most} different people made qualifying complaints about the same matter."
        )
    else:
        sentence = (
            f"{rule} not met: the most about one matter is {most} "
            f"{'person' if most == 1 else 'people'}."
        )
    return RuleOutcome("people", RULE_NAMES["people"], most >= rules.people, (sentence,))


def _hate_incident(
    counted: list[_Counted], rules: ThresholdPolicy, _app: TriggerApplication
) -> RuleOutcome | None:
    """A local route: any qualifying complaint about a hate incident or crime."""
    if not rules.hate:
        return None
    hate = [c.line.number for c in counted if c.line.hate]
    if not hate:
        return RuleOutcome(
            "hate",
            RULE_NAMES["hate"],
            False,
            ("No qualifying complaint counted was about a hate incident or crime.",),
        )
    return RuleOutcome(
        "hate",
        RULE_NAMES["hate"],
        True,
        (
            "Under the local procedure a qualifying complaint about a hate incident or crime "
            f"meets the threshold on its own: {'complaint' if len(hate) == 1 else 'complaints'} "
            f"{_numbers(hate)}.",
        ),
    )


# The statutory rule first; the local routes after it, each only adding a way to "met".
RULES: tuple[Rule, ...] = (_statutory, _by_applicant, _by_several_people, _hate_incident)


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
        f"{_plural(len(lines), 'complaint')} {'was' if len(lines) == 1 else 'were'} considered, "
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
