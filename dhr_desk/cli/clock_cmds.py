"""deadlines, step, steps, pause, resume, threshold, rules and closures: the statutory clocks."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from dhr_desk.cli import common
from dhr_desk.domain import DeadlineUnit, PauseReason
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases, policy, progress
from dhr_desk.services.policy import RuleView
from dhr_desk.workflow import Deadline
from dhr_desk.workflow.periods import as_date, long_date

_STATE_WORDS = {
    "overdue": "OVERDUE",
    "due_soon": "due soon",
    "later": "later",
    "paused": "paused",
    "met": "met",
}


def register(sub: Any) -> None:
    p = sub.add_parser("deadlines", help="what is due: every open deadline across all cases")
    p.add_argument("--as-of", metavar="DATE", help="as things stood on DATE (default: today)")
    p.add_argument("--case", metavar="REF", help="one case only, met deadlines included")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_deadlines)

    p = sub.add_parser("step", help="record a workflow step of a case")
    p.add_argument("reference", metavar="REF")
    p.add_argument("step", metavar="STEP", help="e.g. decision, submitted, acknowledged")
    p.add_argument("--on", metavar="DATE", help="the day it happened")
    p.add_argument("--note", default="")
    p.add_argument(
        "--remove",
        metavar="REASON",
        help="take back a step recorded by mistake, saying why (audited)",
    )
    p.add_argument(
        "--override",
        metavar="REASON",
        default="",
        help="record it although the guidance says it is out of order (audited)",
    )
    p.set_defaults(handler=cmd_step)

    p = sub.add_parser("steps", help="the steps of a case: done, next, not yet")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_steps)

    p = sub.add_parser("pause", help="stop the clock of a case for a parallel proceeding")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--reason", required=True, choices=[r.value for r in PauseReason])
    p.add_argument("--from", dest="started_on", metavar="DATE", required=True)
    p.add_argument("--detail", default="")
    p.set_defaults(handler=cmd_pause)

    p = sub.add_parser("resume", help="restart the clock of a paused case")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--on", metavar="DATE", required=True)
    p.set_defaults(handler=cmd_resume)

    p = sub.add_parser("threshold", help="Community Trigger threshold test, and its decision")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--as-of", metavar="DATE", help="leave out complaints reported after DATE")
    p.add_argument("--record", action="store_true", help="record the decision (needs --on, --by)")
    p.add_argument("--on", metavar="DATE", help="the day the decision was made")
    p.add_argument("--by", metavar="NAME", default="", help="who made the decision")
    p.add_argument("--override", metavar="REASON", default="")
    p.add_argument(
        "--discretion",
        metavar="GROUNDS",
        default="",
        help="decide it is met under the local procedure (s104(5)) although the test says not: "
        "persistence, harm, adequacy, vulnerability (comma separated); needs --reasons",
    )
    p.add_argument("--reasons", default="", help="why the threshold is met by discretion")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_threshold)

    p = sub.add_parser("rules", help="the deadline rules (local policy): list, set, reset")
    p.set_defaults(handler=cmd_rules_list, json=False)
    rules_sub = p.add_subparsers(dest="rules_action", metavar="ACTION")
    q = rules_sub.add_parser("list", help="every rule with its default")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_rules_list)
    q = rules_sub.add_parser("set", help="change a rule; every open deadline follows")
    q.add_argument("code", metavar="CODE")
    q.add_argument("--amount", metavar="N")
    q.add_argument("--unit", choices=[u.value for u in DeadlineUnit])
    q.add_argument("--label")
    q.add_argument("--active", choices=("yes", "no"))
    q.set_defaults(handler=cmd_rules_set)
    q = rules_sub.add_parser("reset", help="put a rule back to its default")
    q.add_argument("code", metavar="CODE")
    q.set_defaults(handler=cmd_rules_reset)

    p = sub.add_parser("closures", help="council closure days (not working days)")
    p.set_defaults(handler=cmd_closures_list, year=None, json=False)
    closures_sub = p.add_subparsers(dest="closures_action", metavar="ACTION")
    q = closures_sub.add_parser("list", help="the closure days")
    q.add_argument("--year", type=int)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_closures_list)
    q = closures_sub.add_parser("add", help="add a closure day (or every working day to --to)")
    q.add_argument("day", metavar="DATE")
    q.add_argument("--to", metavar="DATE", help="last day of a run of closure days")
    q.add_argument("--label", default="")
    q.set_defaults(handler=cmd_closures_add)
    q = closures_sub.add_parser("remove", help="remove a closure day")
    q.add_argument("day", metavar="DATE")
    q.set_defaults(handler=cmd_closures_remove)


def _as_of(args: argparse.Namespace) -> dt.date | None:
    return as_date(args.as_of, "--as-of") if args.as_of else None


def _days(item: Deadline) -> str:
    if item.state == "met":
        return item.note or "met"
    if item.state == "paused":
        return f"{item.days_left} left when paused"
    if item.days_left < 0:
        return f"{-item.days_left} overdue"
    if item.days_left == 0:
        return "due today"
    return f"{item.days_left} left"


def _table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def cmd_deadlines(args: argparse.Namespace) -> int:
    as_of = _as_of(args)
    db = common.open_db(args)
    with db:
        if args.case:
            items = progress.deadlines(db, cases.id_of(db, args.case), as_of)
        else:
            items = progress.open_deadlines(db, as_of)
    if args.json:
        common.print_json([item.as_json() for item in items])
        return 0
    day = long_date(as_of or dt.date.today())
    if not items:
        print(f"No open deadlines as of {day}.")
        return 0
    print(f"Deadlines as of {day}:")
    rows = [
        [
            item.reference,
            item.label,
            item.due_on.isoformat() if item.due_on else "(paused)",
            _days(item),
            _STATE_WORDS[item.state],
        ]
        for item in items
    ]
    _table(rows, ["Case", "Step", "Due", "Days", "State"])
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    if args.remove is not None:
        db = common.open_db(args)
        with db:
            progress.remove_step(db, cases.id_of(db, args.reference), args.step, args.remove)
        print(f"{args.reference}: {args.step} taken back (the reason is in the audit trail).")
        return 0
    if not args.on:
        raise ValidationError("Give the day the step happened: --on YYYY-MM-DD.")
    db = common.open_db(args)
    with db:
        milestone = progress.record_step(
            db, cases.id_of(db, args.reference), args.step, args.on, args.note, args.override
        )
    extra = " (override recorded in the audit trail)" if milestone.override_reason else ""
    print(
        f"{args.reference}: {milestone.step} recorded on {long_date(milestone.occurred_on)}{extra}."
    )
    return 0


def cmd_steps(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        case_id = cases.id_of(db, args.reference)
        case = cases.get(db, case_id)
        statuses = progress.steps(db, case_id)
        pauses = progress.pauses(db, case_id)
    if args.json:
        common.print_json(
            [
                {**s.__dict__, "done_on": s.done_on.isoformat() if s.done_on else None}
                for s in statuses
            ]
        )
        return 0
    print(f"{case.reference} ({case.kind.label}), stage: {case.stage or '-'}")
    words = {"done": "done", "next": "next", "blocked": "not yet", "optional": "optional"}
    for s in statuses:
        when = s.done_on.isoformat() if s.done_on else ""
        why = f"  ({s.why})" if s.why else ""
        override = f"  [override: {s.override_reason}]" if s.override_reason else ""
        print(f"  {words[s.state]:<8} {when:<10}  {s.code:<24} {s.label}{why}{override}")
    for pause in pauses:
        until = (
            f"resumed {long_date(pause.resumed_on)} ({(pause.resumed_on - pause.started_on).days}"
            " days)"
            if pause.resumed_on
            else "STILL PAUSED"
        )
        detail = f": {pause.detail}" if pause.detail else ""
        print(f"  Pause: {pause.reason.label}{detail}, from {long_date(pause.started_on)}, {until}")
    return 0


def cmd_pause(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        pause = progress.add_pause(
            db, cases.id_of(db, args.reference), args.reason, args.started_on, args.detail
        )
    print(
        f"{args.reference}: paused for {pause.reason.label.lower()} from "
        f"{long_date(pause.started_on)}. Resume it with: dhr-desk resume {args.reference} --on DATE"
    )
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        pause = progress.resume_case(db, cases.id_of(db, args.reference), args.on)
    assert pause.resumed_on is not None
    days = (pause.resumed_on - pause.started_on).days
    print(
        f"{args.reference}: resumed on {long_date(pause.resumed_on)}; deadlines running when the "
        f"pause began move on by {days} days."
    )
    return 0


def cmd_threshold(args: argparse.Namespace) -> int:
    if args.record and not (args.on and args.by.strip()):
        raise ValidationError("To record the decision give both --on DATE and --by NAME.")
    if (args.discretion or args.reasons) and not args.record:
        raise ValidationError("--discretion and --reasons go with --record (and --on, --by).")
    db = common.open_db(args)
    with db:
        if args.record:
            _decision, result = progress.decide_threshold(
                db,
                cases.id_of(db, args.reference),
                args.on,
                args.by,
                args.override,
                args.discretion,
                args.reasons,
            )
        else:
            result = progress.threshold(db, cases.id_of(db, args.reference), _as_of(args))
    if args.json:
        common.print_json(
            {
                "met": result.met,
                "met_by": [r.code for r in result.met_by],
                "counted_once": result.counted_once,
                "reasons": result.reasons,
                "complaints": [
                    {
                        **line.__dict__,
                        "incident_on": line.incident_on.isoformat(),
                        "reported_on": line.reported_on.isoformat(),
                    }
                    for line in result.complaints
                ],
                "recorded": bool(args.record),
            }
        )
        return 0
    print(result.text)
    if args.record:
        print(f"\nThe threshold decision was recorded for {args.reference}.")
    return 0


def _print_rules(views: list[RuleView]) -> None:
    rows = [
        [
            v.code,
            v.label,
            v.period,
            f"after {v.start_event}",
            v.default if v.default != v.period else "",
            "yes" if v.active else "off",
        ]
        for v in views
    ]
    _table(rows, ["Code", "Deadline", "Period", "Starts", "Default", "Active"])


def cmd_rules_list(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        views = policy.list_rules(db)
    if args.json:
        common.print_json([v.as_json() for v in views])
        return 0
    _print_rules(views)
    return 0


def cmd_rules_set(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        view = policy.change_rule(
            db,
            args.code,
            amount=args.amount,
            unit=args.unit,
            label=args.label,
            active=args.active,
        )
    state = "" if view.active else " (switched off)"
    print(
        f"{view.code}: {view.label}, {view.period} after {view.start_event}{state}. "
        "Every open deadline now follows it."
    )
    return 0


def cmd_rules_reset(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        view = policy.reset_rule(db, args.code)
    print(f"{view.code}: back to {view.period} after {view.start_event}.")
    return 0


def cmd_closures_list(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        days = policy.list_closures(db, args.year)
    if args.json:
        common.print_json([{"day": c.day.isoformat(), "label": c.label} for c in days])
        return 0
    if not days:
        print("No closure days are set.")
        return 0
    for c in days:
        print(f"{c.day.isoformat()}  {c.day.strftime('%A'):<9}  {c.label}")
    return 0


def cmd_closures_add(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        added = policy.add_closures(db, args.day, args.to, args.label)
    if not added:
        print("No closure day was added: those days are already not working days.")
    for c in added:
        print(f"Added {c.day.isoformat()} ({c.label}).")
    return 0


def cmd_closures_remove(args: argparse.Namespace) -> int:
    db = common.open_db(args)
    with db:
        policy.remove_closure(db, args.day)
    print(f"Removed the closure day {args.day}.")
    return 0
