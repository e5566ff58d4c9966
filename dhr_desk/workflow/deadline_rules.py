"""Deadline rules: local policy with the statutory figures as defaults.

Every deadline is a :class:`~dhr_desk.domain.DeadlineRule`: ``amount`` ``unit`` after the
``start_event`` step, met by the ``done_event`` step. The defaults are seeded by migration 0002;
the coordinator may change the amount, unit, label or switch a rule off (each change audited).
Deadlines are computed when read, so a change applies at once to every open deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import CaseKind, DeadlineRule, DeadlineUnit
from dhr_desk.errors import NotFoundError, ValidationError
from dhr_desk.records.fields import FieldError, parse_bool, parse_enum

# The rule whose deadline applies to each requested agency return (IMR, chronology…).
AGENCY_RETURN = "dhr_agency_return"
CT_AGENCY_RETURN = "ct_agency_return"
# The rule that dates each requested agency return, by kind of case.
RETURN_RULES = frozenset({AGENCY_RETURN, CT_AGENCY_RETURN})
# One rule for the time an applicant has to ask for a review of a decision; it opens a window
# after each decision that can be reviewed (code of the window, the step it starts at, label).
REVIEW_REQUEST = "ct_review_request"
REVIEW_WINDOWS: tuple[tuple[str, str, str], ...] = (
    (
        "ct_appeal_threshold",
        "threshold_decision",
        "Window to ask for a review of the threshold decision",
    ),
    ("ct_appeal_outcome", "outcome_letter", "Window to ask for a review of the outcome"),
)
# Windows are time the applicant has, not a task for the coordinator: they close on their last
# day and are never overdue.
WINDOWS = frozenset(code for code, _start, _label in REVIEW_WINDOWS)
APPEAL_DECIDE = "ct_appeal_decide"
# DHR rules dated per record: each QA letter asking for a resubmission, each publication.
RESUBMISSION = "dhr_resubmission"
TAKE_DOWN = "dhr_take_down"
MAX_AMOUNT = 3660


@dataclass(frozen=True)
class DefaultRule:
    code: str
    case_kind: CaseKind
    label: str
    start_event: str
    done_event: str
    amount: int
    unit: DeadlineUnit
    basis: str

    def as_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "case_kind": self.case_kind,
            "label": self.label,
            "start_event": self.start_event,
            "done_event": self.done_event,
            "amount": self.amount,
            "unit": self.unit,
            "active": True,
        }


_M, _W, _WD = DeadlineUnit.MONTHS, DeadlineUnit.WEEKS, DeadlineUnit.WORKING_DAYS
_DHR, _CT = CaseKind.DHR, CaseKind.COMMUNITY_TRIGGER

DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule(
        "dhr_decision",
        _DHR,
        "Decide whether to hold a review",
        "notification",
        "decision",
        1,
        _M,
        "Statutory guidance (2016): the decision is made within one month of notification.",
    ),
    DefaultRule(
        "dhr_completion",
        _DHR,
        "Complete the review and submit it to the Home Office",
        "decision",
        "submitted",
        6,
        _M,
        "Statutory guidance (2016): the review is completed within six months of the decision "
        "(the 2024 draft guidance proposes twelve).",
    ),
    DefaultRule(
        AGENCY_RETURN,
        _DHR,
        "Agency return due",
        "returns_requested",
        "returns_received",
        6,
        _W,
        "Local practice: IMRs and chronologies are asked for within 6–8 weeks.",
    ),
    DefaultRule(
        RESUBMISSION,
        _DHR,
        "Resubmit the report to the Home Office QA Panel",
        "qa_resubmit",
        "resubmitted",
        3,
        _M,
        "Local practice: each QA letter asking for the report to be revised starts its own "
        "clock, met by the next submission to the Home Office (no statutory figure).",
    ),
    DefaultRule(
        TAKE_DOWN,
        _DHR,
        "Take the published document down (retention)",
        "published",
        "taken_down",
        12,
        _M,
        "Local retention policy, from each document's publication date; the statutory guidance "
        "(2016) asks for the report to stay online for at least 12 months.",
    ),
    DefaultRule(
        "ct_acknowledge",
        _CT,
        "Acknowledge the application",
        "application",
        "acknowledged",
        2,
        _WD,
        "Local procedure (commonly 2–10 working days).",
    ),
    DefaultRule(
        "ct_threshold",
        _CT,
        "Decide whether the threshold is met",
        "application",
        "threshold_decision",
        10,
        _WD,
        "Local procedure (commonly 5–21 working days of receiving the application).",
    ),
    DefaultRule(
        CT_AGENCY_RETURN,
        _CT,
        "Agency information due",
        "returns_requested",
        "returns_received",
        5,
        _WD,
        "Local procedure: agencies return what they hold in time for the threshold decision "
        "(commonly 5 working days of the request).",
    ),
    DefaultRule(
        "ct_review_meeting",
        _CT,
        "Hold the case review meeting",
        "threshold_decision",
        "case_review_meeting",
        15,
        _WD,
        "Local procedure (commonly 10–28 working days of the threshold decision).",
    ),
    DefaultRule(
        "ct_outcome_letter",
        _CT,
        "Send the outcome letter",
        "case_review_meeting",
        "outcome_letter",
        5,
        _WD,
        "Local procedure (commonly 5–10 working days of the meeting).",
    ),
    DefaultRule(
        REVIEW_REQUEST,
        _CT,
        "Time to ask for a review of a decision",
        "threshold_decision",
        "appeal_received",
        20,
        _WD,
        "Local procedure for an applicant dissatisfied with how the application or the review "
        "was dealt with (Schedule 4 paragraph 3 of the Act; commonly 10–21 working days). One "
        "time limit, after a threshold decision not met and after the outcome letter; the "
        "letters give the same date as the clock.",
    ),
    DefaultRule(
        APPEAL_DECIDE,
        _CT,
        "Decide a request for a review",
        "appeal_received",
        "appeal_decided",
        20,
        _WD,
        "Local escalation procedure (commonly 10–21 working days); the acknowledgement letter "
        "gives the same date.",
    ),
)
DEFAULTS_BY_CODE = {rule.code: rule for rule in DEFAULT_RULES}


def rules(session: Session) -> list[DeadlineRule]:
    """Every deadline rule, DHR first, in workflow order."""
    order = {rule.code: i for i, rule in enumerate(DEFAULT_RULES)}
    found = list(session.scalars(select(DeadlineRule)))
    return sorted(found, key=lambda r: (order.get(r.code, len(order)), r.code))


def rule_named(session: Session, code: str) -> DeadlineRule:
    found = session.scalar(select(DeadlineRule).where(DeadlineRule.code == code.strip()))
    if found is None:
        known = ", ".join(r.code for r in rules(session))
        raise NotFoundError(f"There is no deadline rule called '{code}'. The rules are: {known}.")
    return found


def _amount(value: int | str) -> int:
    try:
        amount = int(str(value).strip())
    except ValueError:
        raise FieldError(f"'{value}' is not a whole number") from None
    if not 0 <= amount <= MAX_AMOUNT:
        raise FieldError(f"must be between 0 and {MAX_AMOUNT}")
    return amount


def _unit(value: DeadlineUnit | str) -> DeadlineUnit | None:
    unit: DeadlineUnit | None = parse_enum(DeadlineUnit, value)
    return unit


def _label(value: str) -> str:
    label = value.strip()
    if not label:
        raise FieldError("cannot be empty")
    if len(label) > 200:
        raise FieldError("is longer than 200 characters")
    return label


_PARSERS: dict[str, Any] = {"amount": _amount, "unit": _unit, "label": _label, "active": parse_bool}


def update_rule(
    session: Session,
    code: str,
    amount: int | str | None = None,
    unit: DeadlineUnit | str | None = None,
    label: str | None = None,
    active: bool | str | None = None,
) -> DeadlineRule:
    """Change a rule (audited). Every open deadline that uses it is recomputed when next read.
    Each value given is checked; one problem leaves the rule as it was."""
    rule = rule_named(session, code)
    given = {"amount": amount, "unit": unit, "label": label, "active": active}
    changes: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, value in given.items():
        if value is None:
            continue
        try:
            parsed = _PARSERS[key](value)
        except FieldError as exc:
            problems.append((key, str(exc)))
            continue
        if parsed is not None:  # an empty unit or yes/no keeps the rule's own
            changes[key] = parsed
    if problems:
        raise ValidationError(f"The rule {rule.code} was not changed:", problems)
    for key, value in changes.items():
        setattr(rule, key, value)
    session.flush()
    return rule


def reset_rule(session: Session, code: str) -> DeadlineRule:
    """Put a rule back to its default figure, unit and label."""
    rule = rule_named(session, code)
    default = DEFAULTS_BY_CODE.get(rule.code)
    if default is None:
        raise ValidationError(f"The rule {rule.code} has no default to go back to.")
    return update_rule(session, code, default.amount, default.unit, default.label, active=True)
