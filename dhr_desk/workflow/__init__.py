"""The statutory clocks and rules: workflow steps, deadlines, pauses, the working calendar, the
ASB Case Review threshold test (the statutory rule, the local routes, discretion), the time to
ask for a review and the routes after it (:mod:`.escalation`), a DHR's Home Office QA rounds
(:mod:`.qa_cycle`), and what the reviews are called (:mod:`.names`). Qt-free; the app and the
command line call it.

Importing this package registers its settings (``warning_days``, ``warning_working_days``,
``ct_threshold_complaints``, ``ct_threshold_people``, ``ct_threshold_hate``) and the save rules
for :class:`~dhr_desk.domain.Pause` (resume before start, overlapping pauses) and
:class:`~dhr_desk.domain.Complaint` (incident after its report), so every save path enforces them.

Public API (all functions take an open SQLAlchemy ``Session``; :mod:`dhr_desk.workflow.service`
has the same actions by case reference, one committed unit of work each):

Deadlines — computed on read, never stored, so editing a rule recomputes every open deadline:
    ``Deadline`` (case_id, reference, kind, code, label, start_on, due_on — None while paused —,
    original_due_on, done_on, state ∈ overdue | due_soon | later | paused | met, days_left —
    negative when overdue —, paused_days, note, return_id);
    ``case_deadlines(session, case, as_of)``; ``open_deadlines(session, as_of)`` (every open
    case, not met, soonest first, paused last). Each requested agency return not yet received
    is its own item ("IMR from <agency>"), due on its own ``due_on`` or per the agency-return rule.

The next thing to do:
    ``NextStep`` (case_id, what, due_on, state, days_left, step, overdue);
    ``next_steps(session, as_of=None, case_ids=None)`` for every case in a fixed handful of
    queries; ``next_step_of(session, case, as_of)``; ``overview(session, as_of)`` gives the
    open deadlines (as ``open_deadlines``) and the next steps in one pass.

Steps:
    ``StepStatus`` (code, label, done_on, state ∈ done | next | blocked | optional, why,
    override_reason, note); ``steps(session, case)``;
    ``remove_step(session, case, step, reason)`` — takes back a step recorded by mistake
    (audited);
    ``record_step(session, case, step, on, note="", override_reason="")`` — raises
    ``ValidationError`` with a plain reason when the guidance forbids the step yet; with an
    override reason it is recorded, ``Case.stage`` is set and an ``override`` event is audited.

Pauses:
    ``add_pause(session, case, reason, started_on, detail="")``,
    ``resume_pause(session, pause, resumed_on)``, ``resume_case(session, case, resumed_on)``.

Threshold test (ASB Case Review / Community Trigger, s104):
    ``threshold_test(session, case, as_of=None) -> ThresholdResult`` (``.met``, ``.reasons`` —
    sentences for the decision letter —, ``.rules`` — one ``RuleOutcome`` per rule applied, the
    statutory rule first —, ``.met_by``, ``.basis``, ``.complaints`` — one ``ComplaintLine``
    each, with ``qualifying``, ``relates``, ``counted`` and ``why`` —, ``.text``);
    ``record_threshold_decision(session, case, decided_on, decided_by, override_reason="",
    discretion=None)`` stores a ``Decision(kind=THRESHOLD)`` whose ``detail`` is
    ``ThresholdResult.text`` and ``basis`` the rules met, and records the ``threshold_decision``
    step; ``Discretion(grounds, reasons)`` decides "met" under s104(5) when the test says not;
    ``split_detail(detail)`` splits a stored detail for the letter.

Local policy and calendar:
    ``rules(session)``, ``update_rule(session, code, amount=None, unit=None, label=None,
    active=None)``, ``reset_rule(session, code)``; ``add_closure_day(session, day, label)``,
    ``add_closure_days(session, first, last, label)``, ``remove_closure_day(session, day)``,
    ``closure_days(session)``; ``WorkingCalendar``, ``calendar_for(session)``,
    ``working_days_between(start, end, calendar=None)``,
    ``add_working_days(start, n, calendar=None)``, ``add_months(day, n)``,
    ``period_end(beginning_with, months)``, ``long_date(day)``.
"""

# Imported for what they register: the save rules of submissions and publications, and the
# escalation settings (who reviews a request, the Police and Crime Commissioner).
from dhr_desk.workflow import escalation as _escalation  # noqa: F401
from dhr_desk.workflow import review_records as _review_records  # noqa: F401
from dhr_desk.workflow.calendar import (
    WorkingCalendar,
    add_working_days,
    bank_holidays,
    calendar_for,
    working_days_between,
)
from dhr_desk.workflow.closures import (
    add_closure_day,
    add_closure_days,
    closure_days,
    remove_closure_day,
)
from dhr_desk.workflow.deadline_rules import DEFAULT_RULES, reset_rule, rules, update_rule
from dhr_desk.workflow.deadlines import Deadline, case_deadlines, open_deadlines
from dhr_desk.workflow.outlook import NextStep, next_step_of, next_steps, overview
from dhr_desk.workflow.pauses import add_pause, open_pause, resume_case, resume_pause
from dhr_desk.workflow.periods import add_months, long_date, period_end
from dhr_desk.workflow.stages import (
    StepStatus,
    record_step,
    remove_step,
    step_named,
    steps,
    steps_for,
)
from dhr_desk.workflow.threshold import (
    ComplaintLine,
    RuleOutcome,
    ThresholdResult,
    split_detail,
    threshold_test,
)
from dhr_desk.workflow.threshold_decision import (
    GROUNDS,
    Discretion,
    decision_result,
    parse_grounds,
    record_threshold_decision,
)

__all__ = [
    "DEFAULT_RULES",
    "GROUNDS",
    "ComplaintLine",
    "Discretion",
    "RuleOutcome",
    "NextStep",
    "Deadline",
    "StepStatus",
    "ThresholdResult",
    "WorkingCalendar",
    "add_closure_day",
    "add_closure_days",
    "add_months",
    "add_pause",
    "add_working_days",
    "bank_holidays",
    "calendar_for",
    "case_deadlines",
    "closure_days",
    "decision_result",
    "long_date",
    "next_step_of",
    "next_steps",
    "overview",
    "open_deadlines",
    "open_pause",
    "parse_grounds",
    "period_end",
    "record_step",
    "remove_step",
    "record_threshold_decision",
    "remove_closure_day",
    "reset_rule",
    "resume_case",
    "resume_pause",
    "rules",
    "steps",
    "split_detail",
    "step_named",
    "steps_for",
    "threshold_test",
    "update_rule",
    "working_days_between",
]
