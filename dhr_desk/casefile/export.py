"""Export one case, with every record that belongs to it, as a case file document."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk import __version__
from dhr_desk.casefile.spec import (
    AGENCY,
    AGENCY_DETAILS,
    CASE,
    CASE_SECTIONS,
    FORMAT_NAME,
    FORMAT_VERSION,
    INVOLVEMENT,
    Section,
)
from dhr_desk.domain import Agency, Case, CaseAgency
from dhr_desk.records import case_by_reference
from dhr_desk.records.case_rows import plain
from dhr_desk.storage.atomic import atomic_writer
from dhr_desk.storage.database import Database

CREATED_WITH = f"DHR Desk {__version__}"


def _values(section: Section, obj: Any) -> dict[str, Any]:
    return {key: plain(getattr(obj, key)) for key in section.fields}


class _Exporter:
    def __init__(self, session: Session, case: Case) -> None:
        self.session = session
        self.case = case
        self.keys: dict[str, dict[int, str]] = defaultdict(dict)  # target → record id → key
        self.agency_names: dict[int, str] = {}
        self.agency_ids: set[int] = set()
        self.children: dict[tuple[str, str], dict[int, list[Any]]] = {}

    def rows(self, section: Section, parent_ids: list[int]) -> list[Any]:
        model = section.model
        if not parent_ids:
            return []
        parent = getattr(model, section.parent_column)
        order = [getattr(model, name) for name in section.order if name != "id"] + [model.id]
        rows: list[Any] = []
        for start in range(0, len(parent_ids), 500):  # keep the IN list short
            chunk = parent_ids[start : start + 500]
            rows += self.session.scalars(select(model).where(parent.in_(chunk)).order_by(*order))
        return rows

    def collect(self, section: Section, parent_ids: list[int]) -> dict[int, list[Any]]:
        """Records of ``section`` grouped by parent, in export order; keys and agencies noted."""
        rows = self.rows(section, parent_ids)  # a parent's records all come in one chunk
        grouped: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, section.parent_column)].append(row)
            if section.key_prefix:
                keys = self.keys[section.name]
                keys[row.id] = f"{section.key_prefix}{len(keys) + 1}"
            for ref in section.refs:
                value = getattr(row, ref.column)
                if ref.target == AGENCY and value is not None:
                    self.agency_ids.add(value)
        child_ids = [r.id for r in rows]
        for relationship, child in section.children:
            self.children[(section.name, relationship)] = self.collect(child, child_ids)
        return grouped

    def record(self, section: Section, obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if section.key_prefix:
            out["key"] = self.keys[section.name][obj.id]
        out.update(_values(section, obj))
        for ref in section.refs:
            value = getattr(obj, ref.column)
            if value is None:
                out[ref.name] = None
            elif ref.target == AGENCY:
                out[ref.name] = self.agency_names[value]
            else:
                out[ref.name] = self.keys[ref.target][value]
        for relationship, child in section.children:
            rows = self.children[(section.name, relationship)].get(obj.id, [])
            out[relationship] = [self.record(child, r) for r in rows]
        return out

    def agencies(self) -> list[dict[str, Any]]:
        links = list(
            self.session.scalars(
                select(CaseAgency).where(CaseAgency.case_id == self.case.id).order_by(CaseAgency.id)
            )
        )
        linked = {link.agency_id: link for link in links}
        others = self.agency_ids - set(linked)
        agencies = {
            a.id: a
            for a in self.session.scalars(select(Agency).where(Agency.id.in_(set(linked) | others)))
        }
        ordered = [agencies[link.agency_id] for link in links] + sorted(
            (agencies[i] for i in others), key=lambda a: a.name
        )
        out = []
        for agency in ordered:
            self.agency_names[agency.id] = agency.name
            entry = _values(AGENCY_DETAILS, agency)
            link = linked.get(agency.id)
            entry["involvement"] = _values(INVOLVEMENT, link) if link else None
            out.append(entry)
        return out

    def document(self) -> dict[str, Any]:
        grouped = {s.name: self.collect(s, [self.case.id]) for s in CASE_SECTIONS}
        doc: dict[str, Any] = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "created_with": CREATED_WITH,
            "case": _values(CASE, self.case),
            "agencies": self.agencies(),
        }
        for section in CASE_SECTIONS:
            rows = grouped[section.name].get(self.case.id, [])
            if section.single:
                doc[section.name] = self.record(section, rows[0]) if rows else None
            else:
                doc[section.name] = [self.record(section, r) for r in rows]
        return doc


def export_case(session: Session, reference: str) -> dict[str, Any]:
    """The whole case as a case file document (see docs/case-file-format.md)."""
    case = case_by_reference(session, reference)
    return _Exporter(session, case).document()


def dumps(document: dict[str, Any]) -> str:
    """The file text: UTF-8 JSON, two-space indent, one newline at the end."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_case_file(db: Database, reference: str, target: Path) -> Path:
    """Export a case to ``target``, replacing it whole (never a half-written file)."""
    with db.session() as session:
        text = dumps(export_case(session, reference))
    target = Path(target)
    with atomic_writer(target, "wb") as handle:
        handle.write(text.encode("utf-8"))
    return target
