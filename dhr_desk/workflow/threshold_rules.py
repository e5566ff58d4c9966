"""The rules of the ASB Case Review threshold, the statutory rule first.

**The statutory rule cannot be switched off** (s104(4) of the Anti-social Behaviour, Crime and
Policing Act 2014): the relevant bodies *must* decide the threshold is met when at least N
qualifying complaints have been made about the anti-social behaviour the application relates to
— by anyone. The local procedure may add routes to "met" for any other situation (s104(5)); a
local route never takes one away. Each rule says whether it is met, in sentences for the
decision letter, or nothing when the local procedure has switched it off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dhr_desk.domain import TriggerApplication
from dhr_desk.words import plural
from dhr_desk.workflow.threshold_counting import STATUTORY_MAXIMUM, Counted, ThresholdPolicy

ACT = "the Anti-social Behaviour, Crime and Policing Act 2014"


@dataclass(frozen=True)
class RuleOutcome:
    """One rule applied: its code (kept on the decision), its name for the letter, and why."""

    code: str
    name: str
    met: bool
    sentences: tuple[str, ...]


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
        f"there {verb} {plural(len(numbers), 'qualifying complaint')} ({word} {_numbers(numbers)})"
    )


Rule = Callable[[list["Counted"], ThresholdPolicy, TriggerApplication], RuleOutcome | None]

STATUTORY = "statutory"
RULE_NAMES = {
    STATUTORY: "the statutory rule (section 104(4) of the Act)",
    "applicant": "the local route for qualifying complaints by the applicant",
    "people": "the local route for qualifying complaints from several people",
    "hate": "the local route for a hate incident or crime",
    "discretion": "the partnership's discretion under its local procedure (section 104(5))",
}


def _statutory(
    counted: list[Counted], rules: ThresholdPolicy, _app: TriggerApplication
) -> RuleOutcome:
    """s104(4): N qualifying complaints about the behaviour the application relates to, by
    anyone. Cannot be switched off."""
    numbers = [c.line.number for c in counted]
    met = len(numbers) >= rules.complaints
    sentence = (
        f"The statutory threshold of {plural(rules.complaints, 'qualifying complaint')} about "
        "the anti-social behaviour the application relates to, made by anyone (section 104(4) "
        f"of {ACT}), is {'met' if met else 'not met'}: {_found(numbers)}."
    )
    return RuleOutcome(STATUTORY, RULE_NAMES[STATUTORY], met, (*rules.notes, sentence))


def _by_applicant(
    counted: list[Counted], rules: ThresholdPolicy, _app: TriggerApplication
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
            f"The local route of {plural(needed, 'qualifying complaint')} by the applicant is "
            f"{'met' if met else 'not met'}: {_found(own)}.",
        ),
    )


def _by_several_people(
    counted: list[Counted], rules: ThresholdPolicy, app: TriggerApplication
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
    counted: list[Counted], rules: ThresholdPolicy, _app: TriggerApplication
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
