"""Local policy: the coordinator's settings, the deadline rules (amount and unit of each clock,
with the statutory default beside it) and the council's closure days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import dhr_desk.publication  # noqa: F401 - registers the published editions' settings
from dhr_desk.domain import ClosureDay, DeadlineRule, DeadlineUnit
from dhr_desk.records import settings
from dhr_desk.storage.database import Database
from dhr_desk.workflow import closures
from dhr_desk.workflow import deadline_rules as rules

MAX_AMOUNT = rules.MAX_AMOUNT
UNITS: tuple[tuple[str, str], ...] = tuple((u.value, u.label) for u in DeadlineUnit)


@dataclass(frozen=True)
class RuleView:
    """A deadline rule as shown to the coordinator, with its default and statutory basis."""

    code: str
    case_kind: str
    case_kind_label: str
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
        out = {**self.__dict__, "period": self.period}
        out.pop("case_kind_label")
        return out


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
        case_kind_label=rule.case_kind.label,
        label=rule.label,
        start_event=rule.start_event,
        done_event=rule.done_event,
        amount=rule.amount,
        unit=rule.unit.value,
        active=rule.active,
        default=period_text(default.amount, default.unit.value) if default else "",
        basis=default.basis if default else "",
    )


# --------------------------------------------------------------------------- settings
def setting(db: Database, key: str) -> Any:
    return settings.get(db, key)


def all_settings(db: Database) -> dict[str, Any]:
    """Every setting: the stored value, or the default where none is stored."""
    return settings.all_settings(db)


def setting_choices(key: str) -> tuple[str, ...]:
    """The values a setting may take, where it is one of a list (empty otherwise)."""
    return settings.choices(key)


def setting_limits(key: str) -> tuple[int, int] | None:
    """The lowest and highest value of a bounded whole-number setting (None if unbounded)."""
    return settings.limits(key)


def save_settings(
    db: Database,
    values: dict[str, Any],
    rule_changes: Iterable[tuple[str, dict[str, Any]]] = (),
) -> None:
    """Save settings and deadline-rule changes in one transaction: all of it or none."""
    with db.session() as session:
        for key, value in values.items():
            settings.set_in(session, key, value)
        for code, changes in rule_changes:
            rules.update_rule(session, code, **changes)


# --------------------------------------------------------------------------- deadline rules
def list_rules(db: Database) -> list[RuleView]:
    with db.reading() as session:
        return [_view(rule) for rule in rules.rules(session)]


def change_rule(db: Database, code: str, **changes: Any) -> RuleView:
    with db.session() as session:
        return _view(rules.update_rule(session, code, **changes))


def reset_rule(db: Database, code: str) -> RuleView:
    with db.session() as session:
        return _view(rules.reset_rule(session, code))


# --------------------------------------------------------------------------- closure days
def list_closures(db: Database, year: int | None = None) -> list[ClosureDay]:
    with db.reading() as session:
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
