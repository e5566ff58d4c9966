"""What the desktop app and the command line call: one committed unit of work per action,
cases found by reference, plain errors for the user."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from dhr_desk.domain import Case, ClosureDay, DeadlineRule, Decision, Milestone, Pause, PauseReason
from dhr_desk.services.cases import get_in
from dhr_desk.storage.database import Database
from dhr_desk.workflow import closures, deadlines, pauses, stages, threshold
from dhr_desk.workflow import deadline_rules as rules
from dhr_desk.workflow.deadlines import Deadline
from dhr_desk.workflow.stages import StepStatus
from dhr_desk.workflow.threshold import ThresholdResult


@dataclass(frozen=True)
class RuleView:
    """A deadline rule as shown to the coordinator, with its default and statutory basis."""

    code: str
    case_kind: str
    label: str
    start_event: str
    done_event: str
    amount: int
    unit: str
    active: bool
    default: str
    basis: str

    @property
    def period(self) -> str:
        return period_text(self.amount, self.unit)

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "period": self.period}


def period_text(amount: int, unit: str) -> str:
    """``1 month``, ``10 working days``…"""
    words = unit.replace("_", " ")
    if amount == 1:
        words = words.replace("days", "day").replace("weeks", "week").replace("months", "month")
    return f"{amount} {words}"


def _view(rule: DeadlineRule) -> RuleView:
    default = rules.DEFAULTS_BY_CODE.get(rule.code)
    return RuleView(
        code=rule.code,
        case_kind=rule.case_kind.value,
        label=rule.label,
        start_event=rule.start_event,
        done_event=rule.done_event,
        amount=rule.amount,
        unit=rule.unit.value,
        active=rule.active,
        default=period_text(default.amount, default.unit.value) if default else "",
        basis=default.basis if default else "",
    )


def due(db: Database, as_of: dt.date | None = None, reference: str | None = None) -> list[Deadline]:
    """Open deadlines of every open case (or of one case, met ones included)."""
    with db.session() as session:
        if reference:
            return deadlines.case_deadlines(session, get_in(session, reference), as_of)
        return deadlines.open_deadlines(session, as_of)


def case_steps(db: Database, reference: str) -> tuple[Case, list[StepStatus]]:
    with db.session() as session:
        case = get_in(session, reference)
        return case, stages.steps(session, case)


def remove_step(db: Database, reference: str, step: str, reason: str) -> None:
    with db.session() as session:
        stages.remove_step(session, get_in(session, reference), step, reason)


def record_step(
    db: Database,
    reference: str,
    step: str,
    on: dt.date | str,
    note: str = "",
    override_reason: str = "",
) -> Milestone:
    with db.session() as session:
        case = get_in(session, reference)
        return stages.record_step(session, case, step, on, note, override_reason)


def pause(
    db: Database,
    reference: str,
    reason: PauseReason | str,
    started_on: dt.date | str,
    detail: str = "",
) -> Pause:
    with db.session() as session:
        return pauses.add_pause(session, get_in(session, reference), reason, started_on, detail)


def resume(db: Database, reference: str, resumed_on: dt.date | str) -> Pause:
    with db.session() as session:
        return pauses.resume_case(session, get_in(session, reference), resumed_on)


def test_threshold(db: Database, reference: str, as_of: dt.date | None = None) -> ThresholdResult:
    with db.session() as session:
        return threshold.threshold_test(session, get_in(session, reference), as_of)


def decide_threshold(
    db: Database,
    reference: str,
    decided_on: dt.date | str,
    decided_by: str,
    override_reason: str = "",
) -> tuple[Decision, ThresholdResult]:
    with db.session() as session:
        case = get_in(session, reference)
        decision = threshold.record_threshold_decision(
            session, case, decided_on, decided_by, override_reason
        )
        result = threshold.threshold_test(session, case, decision.decided_on)
        return decision, result


def list_rules(db: Database) -> list[RuleView]:
    with db.session() as session:
        return [_view(rule) for rule in rules.rules(session)]


def change_rule(db: Database, code: str, **changes: Any) -> RuleView:
    with db.session() as session:
        return _view(rules.update_rule(session, code, **changes))


def reset_rule(db: Database, code: str) -> RuleView:
    with db.session() as session:
        return _view(rules.reset_rule(session, code))


def list_closures(db: Database, year: int | None = None) -> list[ClosureDay]:
    with db.session() as session:
        return closures.closure_days(session, year)


def add_closures(
    db: Database, first: dt.date | str, last: dt.date | str | None = None, label: str = ""
) -> list[ClosureDay]:
    with db.session() as session:
        if last is None:
            return [closures.add_closure_day(session, first, label)]
        return closures.add_closure_days(session, first, last, label)


def remove_closure(db: Database, day: dt.date | str) -> None:
    with db.session() as session:
        closures.remove_closure_day(session, day)
