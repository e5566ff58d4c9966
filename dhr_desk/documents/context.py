"""What a document builder works from: the case, the edition, the settings and the wording."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from dhr_desk.documents.editions import Names
from dhr_desk.documents.model import Block, Document, Figure, review_line
from dhr_desk.documents.wording import long_date, render_blocks, short_date
from dhr_desk.domain import Case, CaseKind, Edition
from dhr_desk.errors import DhrDeskError
from dhr_desk.workflow import names

SETTING_KEYS = (
    "council_name",
    "partnership_name",
    "protective_marking",
    "dhr_label",
    "ct_label",
    "coordinator_name",
    "coordinator_email",
    "csp_chair_name",
    "published_area",
    "published_dates_month_year",
    "logo_png_base64",
    "vpa_s19_in_force",
)


class BuildProblem(DhrDeskError):
    """The case does not hold what this document needs (e.g. no meeting for minutes)."""

    exit_code = 2


@dataclass
class BuildContext:
    session: Session
    case: Case | None
    edition: Edition
    settings: dict[str, Any]
    today: dt.date
    names: Names
    check: Callable[[], None]
    progress: Callable[[float], None]
    meeting_number: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def the_case(self) -> Case:
        if self.case is None:
            raise BuildProblem("This document belongs to a case; give the case reference.")
        return self.case

    @property
    def published(self) -> bool:
        return self.edition == Edition.PUBLISHED

    @property
    def label(self) -> str:
        """'DHR', 'DARDR' (once VPA 2024 s19 is in force) or the CT label."""
        return names.label(self.case.kind if self.case else CaseKind.DHR, self.settings)

    @property
    def review_name(self) -> str:
        """'Domestic Homicide Review' or 'Domestic Abuse Related Death Review' etc."""
        return names.review_name(self.case.kind if self.case else CaseKind.DHR, self.settings)

    @property
    def partnership(self) -> str:
        return str(self.settings["partnership_name"])

    @property
    def council(self) -> str:
        return str(self.settings["council_name"])

    @property
    def coordinator(self) -> str:
        return self.names.professional(str(self.settings["coordinator_name"]), "Review Coordinator")

    @property
    def chair_of_csp(self) -> str:
        return self.names.professional(str(self.settings["csp_chair_name"]), "Chair of the CSP")

    def professional_or_name(self, name: str, organisation: str) -> str:
        role = f"Representative, {organisation}" if organisation else "Participant"
        return self.names.professional(name, role)

    def new_document(self, title: str, kind: str, landscape: bool = False) -> Document:
        case = self.case
        subject = (
            f"{review_line(self.label, case.reference)} — {self.text(case.title)}" if case else ""
        )
        return Document(
            title=title,
            subject=subject or f"{self.partnership} — {title}",
            author=self.partnership,
            kind=kind,
            landscape=landscape,
        )

    def text(self, value: str | None) -> str:
        return self.names.text(value)

    def logo(self) -> Figure | None:
        """The partnership's logo chosen in Settings, if any (kept in memory, never a file)."""
        encoded = str(self.settings.get("logo_png_base64") or "").strip()
        if not encoded:
            return None
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            data = b""
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise BuildProblem(
                "The logo in Settings is not a PNG picture that can be read; choose it again "
                "in Tools ▸ Settings (or remove it). Nothing was written."
            )
        return Figure(data, f"{self.partnership} logo", 45.0)

    def date(self, value: dt.date | None, missing: str = "[date not recorded]") -> str:
        """A date in running text: "4 March 2025"."""
        return long_date(value, missing)

    def cell_date(self, value: dt.date | None, missing: str = "—") -> str:
        """A date in a table cell: "04/03/2025"."""
        return short_date(value, missing)

    def base_words(self) -> dict[str, Any]:
        case = self.case
        words: dict[str, Any] = {
            "council": self.council,
            "partnership": self.partnership,
            "label": self.label,
            "review_name": self.review_name,
            "today": self.today,
            "edition": self.edition.value,
            "published": self.published,
            "coordinator": self.coordinator,
            "coordinator_email": self.settings["coordinator_email"] or "",
            "csp_chair": self.chair_of_csp,
            "marking": "" if self.published else self.settings["protective_marking"],
        }
        if case is not None:
            words["case"] = {
                "reference": case.reference,
                "title": self.text(case.title),
                "summary": self.text(case.summary),
                "date_of_death": case.date_of_death,
                "place_of_death": "" if self.published else case.place_of_death,
                "notification_received_on": case.notification_received_on,
                "notified_by": self.text(case.notified_by),
                "circumstances": self.text(case.circumstances),
                "suspected_suicide": case.suspected_suicide,
                "joint_review_with": case.joint_review_with,
                "review_period_start": case.review_period_start,
                "review_period_end": case.review_period_end,
                "lines_of_enquiry": self.text(case.lines_of_enquiry),
            }
        words.update(self.extra)
        return words

    def words(self, template: str, **values: Any) -> list[Block]:
        """The blocks of a wording template, filled from the case and ``values``."""
        self.check()
        return render_blocks(template, {**self.base_words(), **values})
