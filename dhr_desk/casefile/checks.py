"""Check a case file document completely before anything is written, and turn it into a plan.

Four passes, every problem kept with its JSON path: the JSON Schema (shape, types, lengths,
vocabularies); each value parsed by :mod:`dhr_desk.records.fields` (impossible dates, times);
references between records (keys, agency names); rules that span records (one milestone per
step, an application only for a Community Trigger) and the save rules registered with
:func:`dhr_desk.records.rule` (a pause resumed before it started…). Where two passes
find fault with the same value, only the first one's reason is reported.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Enum, String, Text, inspect
from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.casefile import schema
from dhr_desk.casefile.schema import _path_key
from dhr_desk.casefile.spec import (
    AGENCY,
    AGENCY_DETAILS,
    CASE,
    CASE_SECTIONS,
    INVOLVEMENT,
    Section,
)
from dhr_desk.domain import CaseKind
from dhr_desk.errors import ValidationError
from dhr_desk.records.fields import coerce_fields

SCHEMA, FIELDS, LINKS, RULES = range(4)


@dataclass
class Item:
    """One record of the file, its values parsed, ready to write."""

    section: Section
    path: str
    values: dict[str, Any]
    refs: dict[str, Any] = field(default_factory=dict)
    children: list[tuple[str, list[Item]]] = field(default_factory=list)
    key: str | None = None
    obj: Any = None  # the record, built when its values were checked


@dataclass
class AgencyItem:
    path: str
    name: str
    details: dict[str, Any]
    involvement: dict[str, Any] | None


@dataclass
class Plan:
    reference: str
    kind: CaseKind | None
    case: dict[str, Any]
    agencies: list[AgencyItem]
    sections: dict[str, list[Item]]
    record_count: int = 0

    def items(self) -> list[Item]:
        out: list[Item] = []

        def walk(items: list[Item]) -> None:
            for item in items:
                out.append(item)
                for _rel, children in item.children:
                    walk(children)

        for section in CASE_SECTIONS:
            walk(self.sections[section.name])
        return out


class Problems:
    """(stage, JSON path, reason); a later stage's reason for a path already faulted is dropped."""

    def __init__(self) -> None:
        self._found: list[tuple[int, str, str]] = []

    def add(self, stage: int, path: str, reason: str) -> None:
        self._found.append((stage, path, reason))

    def extend(self, stage: int, problems: list[tuple[str, str]]) -> None:
        for path, reason in problems:
            self.add(stage, path, reason)

    def paths(self) -> set[str]:
        return {path for _stage, path, _reason in self._found}

    def __bool__(self) -> bool:
        return bool(self._found)

    def listed(self) -> list[tuple[str, str]]:
        first: dict[str, int] = {}
        for stage, path, _reason in self._found:
            first[path] = min(stage, first.get(path, stage))
        kept = [(p, r) for s, p, r in self._found if first[p] == s]
        return sorted(dict.fromkeys(kept), key=lambda pr: _path_key(pr[0]))


@functools.cache
def _parsed_fields(section: Section) -> tuple[frozenset[str], frozenset[str]]:
    """(fields parsed by services.fields, plain text fields the schema has fully checked)."""
    mapper = inspect(section.model)
    parsed: set[str] = set()
    text: set[str] = set()
    for key in section.fields:
        ctype = mapper.column_attrs[key].columns[0].type
        is_text = isinstance(ctype, String | Text) and not isinstance(ctype, Enum)
        (text if is_text and not key.endswith("_time") else parsed).add(key)
    return frozenset(parsed), frozenset(text)


def _coerce(
    section: Section, record: dict[str, Any], path: str, problems: Problems
) -> dict[str, Any]:
    parsed, text = _parsed_fields(section)
    raw = {k: v for k, v in record.items() if k in parsed}
    values, found = coerce_fields(section.model, raw, prefix=f"{path}.")
    if found:
        problems.extend(FIELDS, found)
        wrong = {p for p, _ in found}
        values = {k: v for k, v in values.items() if f"{path}.{k}" not in wrong}
    for key, value in record.items():
        if key in text and isinstance(value, str):
            if "\x00" in value:  # valid JSON, but no database stores it
                problems.add(FIELDS, f"{path}.{key}", NUL)
                continue
            values[key] = value
    return values


NUL = "contains a NUL character"


def _step(key: str) -> str:
    return f".{key}" if key.isidentifier() else f"[{key!r}]"


def nul_problems(node: Any, path: str = "$") -> list[tuple[str, str]]:
    """Every NUL character in the document, in a value or a field's name, wherever it stands
    (one no database stores: the server refuses it as soon as it is sent, even in a look-up,
    so it is found before anything else is done with the file)."""
    found: list[tuple[str, str]] = []
    if isinstance(node, str):
        if "\x00" in node:
            found.append((path, NUL))
    elif isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}{_step(str(key))}"
            if "\x00" in str(key):
                found.append((where, "has a NUL character in the name of the field"))
            else:
                found.extend(nul_problems(value, where))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(nul_problems(value, f"{path}[{index}]"))
    return found


def _records(document: dict[str, Any], name: str) -> list[tuple[int, Any]]:
    value = document.get(name)
    return list(enumerate(value)) if isinstance(value, list) else []


class _Planner:
    def __init__(self, document: dict[str, Any], session: Session) -> None:
        self.document = document
        self.session = session
        self.problems = Problems()
        self.keys: dict[str, dict[str, str]] = {}  # target list → key → path
        self.agency_names: dict[str, str] = {}  # name → path
        self.count = 0

    # -- pass 2: values, and the keys and agency names records may refer to
    def item(self, section: Section, record: Any, path: str) -> Item | None:
        if not isinstance(record, dict):
            return None
        self.count += 1
        item = Item(section, path, _coerce(section, record, path, self.problems))
        for ref in section.refs:
            value = record.get(ref.name)
            item.refs[ref.name] = value if isinstance(value, str) else None
        if section.key_prefix and isinstance(record.get("key"), str):
            item.key = record["key"]
            seen = self.keys.setdefault(section.name, {})
            if item.key in seen:
                self.problems.add(
                    LINKS, f"{path}.key", f"'{item.key}' is already the key of {seen[item.key]}"
                )
            else:
                seen[item.key] = path
        for relationship, child in section.children:
            rows = record.get(relationship)
            children = [
                c
                for i, r in enumerate(rows if isinstance(rows, list) else [])
                if (c := self.item(child, r, f"{path}.{relationship}[{i}]")) is not None
            ]
            item.children.append((relationship, children))
        return item

    def agencies(self) -> list[AgencyItem]:
        out = []
        for i, record in _records(self.document, "agencies"):
            path = f"$.agencies[{i}]"
            if not isinstance(record, dict):
                continue
            self.count += 1
            details = _coerce(AGENCY_DETAILS, record, path, self.problems)
            name = details.get("name")
            if not isinstance(name, str) or not name.strip():
                continue
            name = details["name"] = name.strip()
            if name in self.agency_names:
                self.problems.add(
                    LINKS,
                    f"{path}.name",
                    f"'{name}' is already listed at {self.agency_names[name]}",
                )
                continue
            self.agency_names[name] = path
            involvement = record.get("involvement")
            inv_values = None
            if isinstance(involvement, dict):
                self.count += 1
                inv_values = _coerce(INVOLVEMENT, involvement, f"{path}.involvement", self.problems)
            out.append(AgencyItem(path, name, details, inv_values))
        return out

    # -- pass 3: references and rules across records
    def check_refs(self, item: Item) -> None:
        for ref in item.section.refs:
            value = item.refs.get(ref.name)
            where = f"{item.path}.{ref.name}"
            if value is None:
                continue
            if ref.target == AGENCY:
                if value.strip() not in self.agency_names:
                    self.problems.add(
                        LINKS, where, f"the agency '{value}' is not listed in $.agencies"
                    )
                else:
                    item.refs[ref.name] = value.strip()
            elif value not in self.keys.get(ref.target, {}):
                self.problems.add(
                    LINKS, where, f"there is no record with the key '{value}' in $.{ref.target}"
                )

    def plan(self) -> tuple[Plan, Problems]:
        document = self.document
        self.problems.extend(FIELDS, nul_problems(document))
        self.problems.extend(SCHEMA, schema.problems(document))
        case_record = document.get("case")
        case_values: dict[str, Any] = {}
        if isinstance(case_record, dict):
            case_values = _coerce(CASE, case_record, "$.case", self.problems)
        agencies = self.agencies()
        sections: dict[str, list[Item]] = {}
        for section in CASE_SECTIONS:
            if section.single:
                record = document.get(section.name)
                one = self.item(section, record, f"$.{section.name}")
                sections[section.name] = [one] if one is not None else []
            else:
                sections[section.name] = [
                    it
                    for i, r in _records(document, section.name)
                    if (it := self.item(section, r, f"$.{section.name}[{i}]")) is not None
                ]
        plan = Plan(
            reference=str(case_values.get("reference") or ""),
            kind=case_values.get("kind"),
            case=case_values,
            agencies=agencies,
            sections=sections,
        )
        for item in plan.items():  # every record, nested ones included
            self.check_refs(item)
        self.rules(plan)
        if "$.case.reference" in self.problems.paths():
            plan.reference = ""  # not looked up: it is refused anyway
        plan.record_count = self.count + 1
        return plan, self.problems

    def rules(self, plan: Plan) -> None:
        add = self.problems.add
        steps: dict[str, str] = {}
        for item in plan.sections["milestones"]:
            step = item.values.get("step")
            if isinstance(step, str) and step:
                if step in steps:
                    add(
                        RULES, f"{item.path}.step", f"'{step}' is already recorded at {steps[step]}"
                    )
                steps.setdefault(step, item.path)
        application = plan.sections["application"]
        if application:
            app = application[0]
            if plan.kind == CaseKind.DHR:
                add(RULES, app.path, "a DHR has no Community Trigger application; remove it")
            if app.refs.get("applicant") is None:
                add(
                    RULES,
                    f"{app.path}.applicant",
                    "is required: the guidance does not allow anonymous applications",
                )
            if app.values.get("on_behalf_of_victim") and not app.values.get("consent_obtained_on"):
                add(
                    RULES,
                    f"{app.path}.consent_obtained_on",
                    "is required when applying on the victim's behalf",
                )
        case = plan.case
        reference = case.get("reference")
        if isinstance(reference, str) and (reference != reference.strip() or "\n" in reference):
            add(RULES, "$.case.reference", f"is not a case reference: {schema.REFERENCE_RULE}")
        _after(add, "$.case", case, "review_period_start", "review_period_end")
        death, notified = case.get("date_of_death"), case.get("notification_received_on")
        if death and notified and death > notified:
            add(RULES, "$.case.date_of_death", "is after the notification was received")
        self.record_rules(plan)

    def record_rules(self, plan: Plan) -> None:
        """The save rules other modules register (``records.rule``), on each record as read.

        Rules that look at the other records of the case in the database run again once the
        case is written, before it is committed.
        """
        faulted = {path.rsplit(".", 1)[0] for path in self.problems.paths()}
        for item in plan.items():
            if item.path in faulted:
                continue  # a value of the record is already wrong
            names = {r.column: r.name for r in item.section.refs}
            item.obj = item.section.model(**item.values)  # not in the session: nothing written
            try:
                records.check(self.session, item.obj)
            except ValidationError as exc:
                for name, reason in exc.problems:
                    self.problems.add(RULES, f"{item.path}.{names.get(name, name)}", reason)


def _after(add: Any, path: str, values: dict[str, Any], first: str, then: str) -> None:
    start, end = values.get(first), values.get(then)
    if start and end and end < start:
        add(RULES, f"{path}.{then}", f"{end.isoformat()} is earlier than {first} ({start})")


def plan_document(document: dict[str, Any], session: Session) -> tuple[Plan, list[tuple[str, str]]]:
    """The plan of what to write, and every problem found (empty when the file is sound)."""
    plan, problems = _Planner(document, session).plan()
    return plan, problems.listed()
