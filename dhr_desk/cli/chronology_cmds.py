"""chronology: the template for an agency, importing an agency's return, the combined
chronology, likely duplicates and links, the timeline picture and the gaps."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dhr_desk.cli import common
from dhr_desk.errors import ValidationError
from dhr_desk.services import cases, chronology
from dhr_desk.services.chronology import CombinedRow, Filters, ImportPlan, LikelyDuplicate
from dhr_desk.storage.database import Database


def register(sub: Any) -> None:
    p = sub.add_parser(
        "chronology",
        help="gather the chronology: templates, agency returns in, duplicates, timeline, gaps",
        description="Send each agency a chronology template, import the returns they send "
        "back (Word, Excel or CSV), and read the combined chronology. See "
        "dhr-desk chronology ACTION --help.",
    )
    actions = p.add_subparsers(dest="chronology_action", metavar="ACTION", required=True)
    _template(actions)
    _import(actions)
    _list(actions)
    _duplicates(actions)
    _link(actions)
    _key(actions)
    _timeline(actions)
    _gaps(actions)


def _template(actions: Any) -> None:
    p = actions.add_parser(
        "template",
        help="the chronology template for one agency (.xlsx or .docx)",
        description="Write the chronology template for AGENCY: the Home Office columns, the "
        "review period, the subjects' names and dates of birth, the due date and the "
        "instructions. The file holds personal data: send it securely.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--agency", required=True, metavar="NAME", help="the agency, by its name")
    p.add_argument("--format", required=True, choices=chronology.TEMPLATE_FORMATS, dest="fmt")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.set_defaults(handler=cmd_template)


def _import(actions: Any) -> None:
    p = actions.add_parser(
        "import",
        help="import an agency's chronology return (all or nothing)",
        description="Read FILE (.docx, .xlsx or .csv), list every entry to add and every row "
        "with a problem, and import the entries in one go. A return with a problem row is "
        "refused (exit 2) unless --skip-problems; nothing is written then. The file's name and "
        "SHA-256 are recorded on the agency's return, which becomes received.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--agency", required=True, metavar="NAME", help="the agency the return is from")
    p.add_argument("--check", action="store_true", help="read and check only; write nothing")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of a workbook to read")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADING=FIELD",
        help=f"use a column for a field ({', '.join(chronology.FIELDS)}); remembered for the "
        "agency",
    )
    p.add_argument(
        "--skip-problems",
        action="store_true",
        help="import the sound rows and skip every row with a problem (each is listed)",
    )
    p.add_argument(
        "--accept-warnings",
        action="store_true",
        help="import entries dated after the death or outside the review period as they are "
        "(each is listed)",
    )
    p.add_argument("--all-rows", action="store_true", help="also list every entry to add")
    p.set_defaults(handler=cmd_import)


def _list(actions: Any) -> None:
    p = actions.add_parser("list", help="the combined chronology, in date order")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--agency", action="append", default=[], metavar="NAME")
    p.add_argument(
        "--person",
        metavar="NAME",
        help="entries about a person of the case (real name or pseudonym): those recorded as "
        "about them, and those whose words name them",
    )
    p.add_argument("--from", dest="date_from", metavar="DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE")
    p.add_argument("--key-events", action="store_true", help="key events only")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)


def _duplicates(actions: Any) -> None:
    p = actions.add_parser(
        "duplicates",
        help="likely duplicates across agencies (same day, similar words), to link",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_duplicates)


def _link(actions: Any) -> None:
    p = actions.add_parser(
        "link",
        help="record two entries as one event (or, with --not-same, as different)",
        description="Link two entries that several agencies recorded for one event; both are "
        "kept. With --not-same the pair is no longer flagged as a likely duplicate.",
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("entry", type=int, metavar="ENTRY")
    p.add_argument("other", type=int, metavar="OTHER")
    p.add_argument("--not-same", action="store_true")
    p.add_argument("--note", default="")
    p.set_defaults(handler=cmd_link)


def _key(actions: Any) -> None:
    p = actions.add_parser("key", help="mark an entry as a key event (or --off)")
    p.add_argument("reference", metavar="REF")
    p.add_argument("entry", type=int, metavar="ENTRY")
    p.add_argument("--off", action="store_true")
    p.set_defaults(handler=cmd_key)


def _timeline(actions: Any) -> None:
    p = actions.add_parser("timeline", help="the timeline picture, as .png or .svg")
    p.add_argument("reference", metavar="REF")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.add_argument("--width", type=int, default=1400, help="width in pixels (default 1400)")
    p.set_defaults(handler=cmd_timeline)


def _gaps(actions: Any) -> None:
    p = actions.add_parser(
        "gaps", help="agencies with no entries, months with no contact, contacts per year"
    )
    p.add_argument("reference", metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_gaps)


# ------------------------------------------------------------------------------ commands
def _open(args: argparse.Namespace) -> tuple[Database, int]:
    db = common.open_db(args)
    try:
        return db, cases.id_of(db, args.reference)
    except BaseException:
        db.close()
        raise


def cmd_template(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        path = chronology.write_template(db, case_id, args.agency, args.fmt, Path(args.output))
    finally:
        db.close()
    print(f"Wrote the chronology template for {args.agency} to {path}.")
    return 0


def _mapping(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    problems = []
    for pair in pairs:
        heading, sep, field = pair.rpartition("=")
        if not sep or not heading.strip() or not field.strip():
            problems.append(("--map", f"'{pair}' is not HEADING=FIELD"))
            continue
        out[heading.strip()] = field.strip()
    if problems:
        raise ValidationError("Nothing was imported:", problems)
    return out


def _print_plan(plan: ImportPlan, all_rows: bool) -> None:
    print(plan.summary())
    used = ", ".join(f"'{c.heading}' → {c.field}" for c in plan.columns if c.heading.strip())
    print(f"Columns: {used}.")
    for notice in plan.notices:
        print(f"Note: {notice}")
    for aside in plan.set_aside:
        shown = f": {aside.text[:80]}" if aside.text else ""
        print(f"Left out {aside.place} ({aside.reason}){shown}")
    warned = [r for r in plan.to_add if r.warnings]
    if warned:
        print("Warnings (imported as they are):")
        for row in warned:
            print(f"  {row.place}: {'; '.join(row.warnings)}")
    if all_rows:
        print("Entries to add:")
        for row in plan.to_add:
            assert row.entry is not None
            time = f" {row.entry.time}" if row.entry.time else ""
            print(f"  {row.place}: {row.entry.date.label()}{time} — {row.entry.event[:70]}")


def _print_problems(plan: ImportPlan, stream: Any) -> None:
    problems = plan.with_problems
    if not problems:
        return
    print(
        "Rows with a problem (correct them in the file, or fix or skip them in the app, or "
        "import the rest with --skip-problems):",
        file=stream,
    )
    for row in problems:
        print(f"  {row.place}: {'; '.join(row.problems)}", file=stream)


def _print_to_confirm(rows: list[Any]) -> None:
    print(
        f"{len(rows):,} entr{'y is' if len(rows) == 1 else 'ies are'} dated after the death or "
        "outside the review period: check them, then import with --accept-warnings to keep "
        "them as they are (or correct or skip them). Nothing was imported:",
        file=sys.stderr,
    )
    for row in rows:
        print(f"  {row.place}: {'; '.join(row.warnings)}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    mapping = _mapping(args.map)
    db, case_id = _open(args)
    try:
        plan = chronology.read_return(
            db, case_id, Path(args.file), args.agency, sheet=args.sheet, mapping=mapping
        )
        _print_plan(plan, args.all_rows)
        if plan.refused:
            print(plan.refused, file=sys.stderr)
            return 2
        if args.skip_problems:
            for row in plan.with_problems:
                plan.skip(row.number)
                print(f"Skipping {row.place}: {'; '.join(row.problems)}")
        if plan.with_problems:
            _print_problems(plan, sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 2
        unusual = chronology.to_confirm(plan)
        if unusual and not args.accept_warnings:
            _print_to_confirm(unusual)
            return 2
        if args.check:
            count = len(plan.to_add)
            print(f"Check only: importing would add {count:,} entries; nothing was written.")
            return 0 if plan.to_add else 2
        result = chronology.import_return(db, case_id, plan, accept_warnings=True)
    finally:
        db.close()
    print(result.message)
    return 0


def _row_json(row: CombinedRow, group: int | None = None) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.date_text,
        "date_start": row.occurred_on.isoformat(),
        "date_precision": row.precision.value,
        "time": row.occurred_time,
        "agency": row.agency,
        "person": row.person,
        "source": row.source,
        "event": row.event,
        "action_decision": row.action_decision,
        "comment": row.comment,
        "key_event": row.key_event,
        "imported_from": row.origin,
        "linked_event": group,
    }


def cmd_list(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        shown = chronology.rows(db, case_id)
        groups = chronology.groups(db, case_id)
        person_id: int | None = None
        names: tuple[str, ...] = ()
        if args.person:
            person = chronology.person_named(db, case_id, args.person)
            person_id, names = chronology.person_filter(db, person)
    finally:
        db.close()
    filters = Filters(
        agencies=frozenset(args.agency),
        person_id=person_id,
        person_names=names,
        date_from=chronology.filter_date(args.date_from or ""),
        date_to=chronology.filter_date(args.date_to or "", end=True),
        key_events_only=args.key_events,
    )
    kept = [r for r in shown if filters.accepts(r)]
    if args.json:
        common.print_json([_row_json(r, groups.get(r.id)) for r in kept])
        return 0
    for row in kept:
        mark = "*" if row.key_event else " "
        linked = (
            f" [one event with #{groups[row.id]}]"
            if row.id in groups and groups[row.id] != row.id
            else ""
        )
        print(
            f"{mark} #{row.id:<6} {row.date_text:<12} {row.occurred_time or '':5}  "
            f"{row.agency[:24]:<24}  {' '.join(row.event.split())[:90]}{linked}"
        )
    print(f"{len(kept):,} of {len(shown):,} entries" + (" (* key event)" if kept else ""))
    return 0


def _duplicate_json(found: LikelyDuplicate) -> dict[str, Any]:
    return {
        "score": found.score,
        "words_in_common": list(found.shared),
        "first": _row_json(found.first),
        "second": _row_json(found.second),
    }


def cmd_duplicates(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        found = chronology.duplicates(db, case_id)
    finally:
        db.close()
    if args.json:
        common.print_json([_duplicate_json(d) for d in found])
        return 0
    for pair in found:
        first, second = pair.first, pair.second
        print(
            f"{first.date_text}: #{first.id} ({first.agency}) and #{second.id} "
            f"({second.agency}) — {pair.reason}"
        )
        for row in (first, second):
            text = " ".join(row.event.split())[:100]
            print(f"    #{row.id} {row.occurred_time or '     '} {text}")
    if found:
        print(
            f"{len(found):,} likely duplicate(s). Link a pair with dhr-desk chronology link "
            f"{args.reference} ENTRY OTHER (or --not-same); both entries are kept."
        )
    else:
        print("No likely duplicates: no two agencies recorded much the same on the same day.")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        chronology.decide(db, case_id, args.entry, args.other, not args.not_same, args.note)
    finally:
        db.close()
    if args.not_same:
        print(f"Recorded: #{args.entry} and #{args.other} are not the same event.")
    else:
        print(f"Linked #{args.entry} and #{args.other} as one event; both entries are kept.")
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        row = chronology.row(db, args.entry)
        if row.id not in {r.id for r in chronology.rows(db, case_id)}:
            raise ValidationError(f"Entry {args.entry} is not in {args.reference}.")
        chronology.set_key_event(db, args.entry, not args.off)
    finally:
        db.close()
    state = "no longer a key event" if args.off else "a key event"
    print(f"Entry #{args.entry} ({row.date_text}) is {state}.")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        path = chronology.write_timeline(db, case_id, Path(args.output), float(args.width))
    finally:
        db.close()
    print(f"Wrote the timeline to {path}.")
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    db, case_id = _open(args)
    try:
        found = chronology.gaps(db, case_id)
    finally:
        db.close()
    if args.json:
        common.print_json(
            {
                "agencies_with_no_entries": list(found.silent_agencies),
                "months_with_no_contact": [
                    {
                        "from": s.first.isoformat()[:7],
                        "to": s.last.isoformat()[:7],
                        "months": s.months,
                    }
                    for s in found.quiet_spells
                ],
                "contacts_per_agency_per_year": {
                    agency: {str(y): n for y, n in years.items()}
                    for agency, years in found.per_year.items()
                },
            }
        )
        return 0
    print("Agencies in scope with no entries: " + (", ".join(found.silent_agencies) or "none"))
    if found.period:
        first, last = found.period
        print(f"Months with no contact by any agency ({first:%B %Y} to {last:%B %Y}):")
        for spell in found.quiet_spells:
            print(f"  {spell.label} ({spell.months} month{'s' if spell.months > 1 else ''})")
        if not found.quiet_spells:
            print("  none")
    print("Contacts per agency per year:")
    years = found.years
    print("  " + " " * 40 + "".join(f"{y:>6}" for y in years))
    for agency, counts in found.per_year.items():
        print(f"  {agency[:40]:<40}" + "".join(f"{counts.get(y, 0):>6}" for y in years))
    return 0
