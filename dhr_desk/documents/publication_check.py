"""The publication check of a whole case: the published edition of each document the case
publishes, built in memory, and every text they carry read by the check (nothing is written).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dhr_desk import records
from dhr_desk.documents.context import BuildProblem
from dhr_desk.documents.generate import (
    Cancelled,
    GenerationCancelled,
    Progress,
    _build,
)
from dhr_desk.documents.kinds import document_kinds, kind_named
from dhr_desk.documents.model import Markings
from dhr_desk.documents.published import Clearances, document_findings, gate_conditions
from dhr_desk.domain import CaseKind, Edition
from dhr_desk.publication import Condition, Finding, unique
from dhr_desk.storage.database import Database

PUBLICATION_SET = ("overview_report", "executive_summary", "action_plan")


def publication_set(case_kind: CaseKind) -> tuple[str, ...]:
    """The documents a case publishes: a DHR's overview report, executive summary and action
    plan; for a Community Trigger, every document of the case (in its published edition)."""
    if case_kind == CaseKind.DHR:
        return PUBLICATION_SET
    return tuple(k.code for k in document_kinds(case_kind) if k.case_kind == case_kind)


@dataclass(frozen=True)
class PublicationCheck:
    """The publication check of a case: the documents read, those that could not be built
    (with why), every finding, and the gate of the final published edition."""

    reference: str
    documents: tuple[str, ...]
    not_built: tuple[str, ...]
    findings: tuple[Finding, ...]
    conditions: tuple[Condition, ...]

    @property
    def open_findings(self) -> list[Finding]:
        return [f for f in self.findings if f.open]


def check_publication(
    db: Database,
    reference: str,
    kinds: tuple[str, ...] = (),
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> PublicationCheck:
    """Build the published edition of each document of the case's publication set (or of
    ``kinds``) and run the publication check over every text they carry. Nothing is written."""
    report: Progress = progress or (lambda _f, _m: None)
    day = today or dt.date.today()

    def check() -> None:
        if cancelled is not None and cancelled():
            raise GenerationCancelled()

    with db.session() as session:
        case = records.case_by_reference(session, reference)
        codes = kinds or publication_set(case.kind)
        clearances = Clearances.of(session, case)
        findings: list[Finding] = []
        documents: list[str] = []
        not_built: list[str] = []
        for number, code in enumerate(codes):
            kind = kind_named(code)
            report(number / len(codes), f"Checking the {kind.title.lower()}")
            try:
                built = _build(
                    session, kind, reference, Edition.PUBLISHED, day, None, check, lambda _f: None
                )
            except BuildProblem as exc:
                not_built.append(f"{kind.title}: {exc}")
                continue
            marks = Markings("", built.label, reference, 0, day, False, Edition.PUBLISHED.value)
            findings += document_findings(built.names, built.doc, clearances, marks)
            documents.append(built.doc.title)
        findings = unique(findings)
        conditions = gate_conditions(case, findings, clearances)
        report(1.0, "Checked")
        return PublicationCheck(
            case.reference,
            tuple(documents),
            tuple(not_built),
            tuple(findings),
            tuple(conditions),
        )
