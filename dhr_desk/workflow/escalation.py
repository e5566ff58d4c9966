"""What an ASB Case Review applicant can do when dissatisfied: the one time limit to ask for a
review (the clocks and the letters read the same rule), who considers the request and by when,
and every route still open after it.

The review procedures must say what happens when an applicant is dissatisfied with the way an
application was dealt with or a review carried out (Schedule 4 paragraph 3 of the Anti-social
Behaviour, Crime and Policing Act 2014). The July 2025 guidance adds the Police and Crime
Commissioner where the local procedure names one, and asks that the applicant is told every
route open, not only the Ombudsman.

Settings: ``ct_review_body`` (who considers a request), ``ct_pcc_name`` (the Police and Crime
Commissioner the local procedure names as a further step; empty when it names none).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from dhr_desk.domain import Appeal, Case
from dhr_desk.records import settings
from dhr_desk.workflow.deadline_rules import APPEAL_DECIDE, REVIEW_REQUEST
from dhr_desk.workflow.time_limits import TimeLimit, time_limit

settings.register_defaults(
    {
        "ct_review_body": "a senior officer of the partnership who was not involved in the "
        "decision",
        "ct_pcc_name": "",
    }
)


def review_request_limit(session: Session, decided_on: dt.date | None) -> TimeLimit:
    """The time to ask for a review of a decision made on ``decided_on`` (rule
    ``ct_review_request``): the same date the clock shows."""
    return time_limit(session, REVIEW_REQUEST, decided_on)


def appeal_decision_limit(session: Session, requested_on: dt.date | None) -> TimeLimit:
    """When a request for a review made on ``requested_on`` is to be decided (rule
    ``ct_appeal_decide``)."""
    return time_limit(session, APPEAL_DECIDE, requested_on)


def review_body(session: Session) -> str:
    return str(settings.get_in(session, "ct_review_body")).strip()


def pcc_name(session: Session) -> str:
    return str(settings.get_in(session, "ct_pcc_name")).strip()


def _considered_by_pcc(appeal: Appeal | None, pcc: str) -> bool:
    route = (appeal.route if appeal else "").lower()
    return bool(pcc) and ("commissioner" in route or pcc.lower() in route)


def _sectors(case: Case) -> str:
    return " ".join(link.agency.sector.lower() for link in case.case_agencies)


def escalation_routes(session: Session, case: Case, appeal: Appeal | None = None) -> list[str]:
    """Every route still open to an applicant after the local review of a decision, one
    sentence each: the Police and Crime Commissioner where the local procedure names one (and
    did not already consider it), then the Ombudsmen and the police complaints system for the
    agencies in the case (all of them when no agency is recorded)."""
    pcc = pcc_name(session)
    routes = []
    if pcc and not _considered_by_pcc(appeal, pcc):
        routes.append(
            f"You can ask {pcc} to review how your case was handled: the local procedure names "
            "the Commissioner's office as the next step."
        )
    sectors = _sectors(case)
    every = not sectors.strip()
    routes.append(
        "The Local Government and Social Care Ombudsman can look at how the council dealt with "
        "your application or the case review (www.lgo.org.uk)."
    )
    if every or "housing" in sectors:
        routes.append(
            "The Housing Ombudsman can look at a complaint about a housing association or "
            "council landlord, once its own complaints procedure is finished "
            "(www.housing-ombudsman.org.uk)."
        )
    if every or "health" in sectors or "nhs" in sectors:
        routes.append(
            "The Parliamentary and Health Service Ombudsman can look at a complaint about an NHS "
            "body (www.ombudsman.org.uk)."
        )
    if every or "police" in sectors:
        routes.append(
            "A complaint about the police goes first to the force's Professional Standards "
            "Department, then to the Independent Office for Police Conduct "
            "(www.policeconduct.gov.uk)."
        )
    return routes
