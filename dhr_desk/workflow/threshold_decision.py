"""Recording the threshold decision: the test as it stood on the day, the rule that was met,
and — where the local procedure allows — the partnership's discretion under s104(5).

A decision always follows the statutory rule and the local routes: when the test says *met*, the
decision is *met* (no one can decide otherwise, s104(4)). When it says *not met*, the decision
maker may still decide it is met on the matters s104(5) names (persistence, harm or potential
harm, adequacy of the response) or the victim's vulnerability, giving reasons; the decision then
keeps those grounds and reasons word for word for the letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import Case, Decision, DecisionKind, DecisionOutcome
from dhr_desk.errors import ValidationError
from dhr_desk.workflow.periods import as_date
from dhr_desk.workflow.stages import record_step
from dhr_desk.workflow.threshold import (
    RULE_NAMES,
    RuleOutcome,
    ThresholdResult,
    policy,
    threshold_test,
)

DISCRETION = "discretion"
GROUNDS: dict[str, str] = {
    "persistence": "the persistence of the anti-social behaviour",
    "harm": "the harm caused, or the potential for harm to be caused, by the behaviour",
    "adequacy": "the adequacy of the response to the behaviour",
    "vulnerability": "the victim's vulnerability",
}


@dataclass(frozen=True)
class Discretion:
    """A decision that the threshold is met under the local procedure (s104(5)): the grounds
    (keys of :data:`GROUNDS`) and the decision maker's reasons."""

    grounds: tuple[str, ...]
    reasons: str


def parse_grounds(text: str) -> tuple[str, ...]:
    """``"harm, persistence"`` → ``("harm", "persistence")``; unknown words refused plainly."""
    found = tuple(g.strip().lower() for g in text.replace(";", ",").split(",") if g.strip())
    unknown = [g for g in found if g not in GROUNDS]
    if unknown:
        raise ValidationError(
            f"'{', '.join(unknown)}' is not a ground for discretion; the grounds are: "
            f"{', '.join(GROUNDS)}."
        )
    return found


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; and " + items[-1]


def apply_discretion(
    session: Session, result: ThresholdResult, discretion: Discretion
) -> ThresholdResult:
    """The result once the partnership decided the threshold is met under s104(5)."""
    if result.met:
        raise ValidationError(
            "The threshold is already met under "
            f"{', '.join(r.name for r in result.met_by)}: no discretion is needed."
        )
    if not policy(session).discretion:
        raise ValidationError(
            "The local procedure does not allow the threshold to be decided met by discretion "
            "(setting ct_threshold_discretion)."
        )
    problems = []
    if not discretion.grounds:
        problems.append(("grounds", f"give at least one of: {', '.join(GROUNDS)}"))
    if not discretion.reasons.strip():
        problems.append(("reasons", "are required: say why the threshold is met"))
    if problems:
        raise ValidationError("Nothing was saved:", problems)
    grounds = [GROUNDS[g] for g in discretion.grounds]
    said = (
        "Although neither the statutory rule nor any local route is met, the partnership "
        f"decided that the threshold is met under its local procedure (section 104(5)), having "
        f"regard to {_joined(grounds)}. {discretion.reasons.strip()}"
    )
    verdict = [
        f"The threshold for an ASB case review is therefore met, under {RULE_NAMES[DISCRETION]}."
    ]
    kept = [r for r in result.reasons if r not in result.verdict_sentences]
    outcome = RuleOutcome(DISCRETION, RULE_NAMES[DISCRETION], True, (said,))
    return replace(
        result,
        met=True,
        reasons=[*kept, said, *verdict],
        rules=[*result.rules, outcome],
        verdict_sentences=verdict,
    )


def record_threshold_decision(
    session: Session,
    case: Case,
    decided_on: dt.date | str,
    decided_by: str,
    override_reason: str = "",
    discretion: Discretion | None = None,
) -> Decision:
    """Run the test as it stood on ``decided_on`` (with the discretion, if given), keep the
    result, its reasons and the rules met as a threshold :class:`~dhr_desk.domain.Decision`,
    and record the ``threshold_decision`` step."""
    day = as_date(decided_on, "decided_on")
    who = decided_by.strip()
    if not who:
        raise ValidationError("Nothing was saved:", [("decided_by", "is required")])
    result = decision_result(session, case, day, discretion)
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
            "basis": result.basis,
            "number": len(earlier) + 1,
        },
    )
    if decision not in case.decisions:
        case.decisions.append(decision)
    return decision


def decision_result(
    session: Session, case: Case, day: dt.date, discretion: Discretion | None = None
) -> ThresholdResult:
    """The test as it stood on ``day``, with the discretion applied when one is given."""
    result = threshold_test(session, case, as_of=day)
    return apply_discretion(session, result, discretion) if discretion else result
