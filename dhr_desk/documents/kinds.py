"""Every kind of document DHR Desk generates, with its builder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dhr_desk.documents.builders import (
    chronology,
    dhr_letters,
    meetings,
    overview,
    reports,
    tables,
    trigger,
)
from dhr_desk.documents.context import BuildContext
from dhr_desk.documents.model import Document
from dhr_desk.domain import CaseKind
from dhr_desk.errors import NotFoundError

Builder = Callable[[BuildContext], Document]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str
    case_kind: CaseKind | None  # None: not tied to one case (the board report)
    landscape: bool
    builder: Builder
    # Sent to a member of the public (a family, an applicant): its PDF is tagged for screen
    # readers, as the published edition of every kind is.
    public: bool = False

    @property
    def for_all_cases(self) -> bool:
        return self.case_kind is None


_D, _C = CaseKind.DHR, CaseKind.COMMUNITY_TRIGGER

KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "notification_ack", "Notification acknowledgement", _D, False, dhr_letters.notification_ack
    ),
    DocumentKind(
        "scoping_letter",
        "Agency scoping / secure-records letters",
        _D,
        False,
        dhr_letters.scoping_letter,
    ),
    DocumentKind("chair_letter", "Letter to the CSP chair", _D, False, dhr_letters.chair_letter),
    DocumentKind(
        "home_office_decision",
        "Home Office notification of the decision",
        _D,
        False,
        dhr_letters.home_office_decision,
    ),
    DocumentKind(
        "family_letter", "First family letter", _D, False, dhr_letters.family_letter, public=True
    ),
    DocumentKind("panel_invitation", "Panel invitations", _D, False, dhr_letters.panel_invitation),
    DocumentKind("terms_of_reference", "Terms of Reference", _D, False, reports.terms_of_reference),
    DocumentKind("imr_request", "IMR request letters", _D, False, dhr_letters.imr_request),
    DocumentKind("imr_template", "IMR template", _D, False, reports.imr_template),
    DocumentKind(
        "chronology_request",
        "Agency chronology request letters",
        _D,
        False,
        chronology.chronology_request,
    ),
    DocumentKind(
        "chronology_chase",
        "Reminders for overdue agency returns",
        _D,
        False,
        chronology.chronology_chase,
    ),
    DocumentKind("meeting_agenda", "Panel meeting agenda", _D, False, meetings.meeting_agenda),
    DocumentKind("meeting_minutes", "Panel meeting minutes", _D, False, meetings.meeting_minutes),
    DocumentKind(
        "combined_chronology", "Combined chronology", _D, True, tables.combined_chronology
    ),
    DocumentKind("overview_report", "Overview report", _D, False, overview.overview_report),
    DocumentKind("executive_summary", "Executive summary", _D, False, reports.executive_summary),
    DocumentKind("action_plan", "Action plan", _D, True, tables.action_plan),
    DocumentKind(
        "submission_letter",
        "Submission cover letter to the Home Office QA Panel",
        _D,
        False,
        dhr_letters.submission_letter,
    ),
    DocumentKind(
        "board_report", "Board status report of all open reviews", None, True, tables.board_report
    ),
    DocumentKind(
        "ct_acknowledgement",
        "Acknowledgement of the application",
        _C,
        False,
        trigger.ct_acknowledgement,
        public=True,
    ),
    DocumentKind(
        "ct_information_request",
        "Agency information requests",
        _C,
        False,
        trigger.ct_information_request,
    ),
    DocumentKind(
        "ct_threshold_met", "Threshold met letter", _C, False, trigger.ct_threshold_met, public=True
    ),
    DocumentKind(
        "ct_threshold_not_met",
        "Threshold not met letter",
        _C,
        False,
        trigger.ct_threshold_not_met,
        public=True,
    ),
    DocumentKind(
        "ct_meeting_invitation",
        "Case review meeting invitations",
        _C,
        False,
        meetings.ct_meeting_invitation,
        public=True,
    ),
    DocumentKind("ct_review_minutes", "Case review minutes", _C, False, meetings.ct_review_minutes),
    DocumentKind(
        "ct_action_plan_consultation",
        "The victim's views on the draft action plan",
        _C,
        False,
        trigger.ct_action_plan_consultation,
    ),
    DocumentKind(
        "ct_outcome_letter",
        "Outcome letter with the action plan",
        _C,
        False,
        trigger.ct_outcome_letter,
        public=True,
    ),
    DocumentKind(
        "ct_closure",
        "Closure letter: when and why the case closes",
        _C,
        False,
        trigger.ct_closure,
        public=True,
    ),
    DocumentKind(
        "ct_appeal_ack",
        "Acknowledgement of a request for review",
        _C,
        False,
        trigger.ct_appeal_ack,
        public=True,
    ),
    DocumentKind(
        "ct_appeal_decision",
        "Decision on a request for review",
        _C,
        False,
        trigger.ct_appeal_decision,
        public=True,
    ),
)

_BY_CODE = {k.code: k for k in KINDS}


def document_kinds(case_kind: CaseKind | None = None) -> list[DocumentKind]:
    """Every kind (or those for one case kind, plus the ones for all cases), in workflow order."""
    if case_kind is None:
        return list(KINDS)
    return [k for k in KINDS if k.case_kind in (case_kind, None)]


def kind_named(code: str) -> DocumentKind:
    found = _BY_CODE.get(code.strip().lower())
    if found is None:
        raise NotFoundError(
            f"There is no document kind called '{code}'; see dhr-desk generate --list."
        )
    return found
