"""Which complaints count towards the ASB Case Review threshold (s104(11) of the Anti-social
Behaviour, Crime and Policing Act 2014), and the local procedure's figures.

A complaint *qualifies* when it was made within the period of one month beginning with the date
of the incident, and the application was made within the period of six months beginning with
the date of the complaint. It *counts* when it qualifies, is about the behaviour the
application relates to (``Complaint.relates_to_application``), and — where the local procedure
counts one incident reported to several agencies once (``ct_count_incident_once``, default on)
— is the first report of its incident: reports with the same incident reference or, where none
was given, the same incident date, complainant and matter are one incident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dhr_desk import records
from dhr_desk.domain import Complaint, TriggerApplication
from dhr_desk.records import settings
from dhr_desk.workflow.periods import long_date, period_end

STATUTORY_MAXIMUM = 3
settings.register_defaults(
    {
        "ct_threshold_complaints": STATUTORY_MAXIMUM,
        "ct_threshold_applicant": 0,
        "ct_threshold_people": 5,
        "ct_threshold_hate": True,
        "ct_threshold_discretion": True,
        "ct_count_incident_once": True,
    }
)
settings.register_limits(
    "ct_threshold_complaints",
    1,
    STATUTORY_MAXIMUM,
    "the Act sets at most 3 qualifying complaints, and the statutory rule cannot be switched off",
)
settings.register_limits("ct_threshold_applicant", 0, STATUTORY_MAXIMUM, "0 switches it off")
settings.register_limits("ct_threshold_people", 0, 100, "0 switches it off")


@records.rule(Complaint)
def _incident_before_report(_session: Session, complaint: Complaint) -> list[tuple[str, str]]:
    incident, reported = complaint.incident_on, complaint.reported_on
    if incident is None or reported is None or incident <= reported:
        return []
    return [
        (
            "incident_on",
            f"{long_date(incident)} is after the incident was reported on {long_date(reported)}",
        )
    ]


@dataclass(frozen=True)
class ComplaintLine:
    """One complaint as the test saw it: ``qualifying`` per s104(11), ``relates`` to the
    application's behaviour, ``counted`` towards the threshold (once per incident where the
    local procedure says so)."""

    number: int
    complaint_id: int
    incident_on: dt.date
    reported_on: dt.date
    reported_to: str
    qualifying: bool
    counted: bool
    by_applicant: bool
    hate: bool
    why: str
    relates: bool = True


@dataclass(frozen=True)
class ThresholdPolicy:
    """The local procedure's figures, with the statutory number already held to 1–3."""

    complaints: int
    applicant: int
    people: int
    hate: bool
    discretion: bool
    count_once: bool
    notes: tuple[str, ...] = ()


def policy(session: Session) -> ThresholdPolicy:
    stored = int(settings.get_in(session, "ct_threshold_complaints"))
    number, notes = _statutory_number(stored)
    return ThresholdPolicy(
        complaints=number,
        applicant=int(settings.get_in(session, "ct_threshold_applicant")),
        people=int(settings.get_in(session, "ct_threshold_people")),
        hate=bool(settings.get_in(session, "ct_threshold_hate")),
        discretion=bool(settings.get_in(session, "ct_threshold_discretion")),
        count_once=bool(settings.get_in(session, "ct_count_incident_once")),
        notes=notes,
    )


def _statutory_number(stored: int) -> tuple[int, tuple[str, ...]]:
    """The number the statutory rule uses: the local number, held to 1–3 (a value saved before
    the limits existed is not obeyed, and the letter says so)."""
    if stored > STATUTORY_MAXIMUM:
        return STATUTORY_MAXIMUM, (
            f"The local number of {stored} complaints is above the statutory maximum of "
            f"{STATUTORY_MAXIMUM}, so {STATUTORY_MAXIMUM} was used.",
        )
    if stored < 1:
        return STATUTORY_MAXIMUM, (
            f"The local number of {stored} cannot switch the statutory rule off, so "
            f"{STATUTORY_MAXIMUM} was used.",
        )
    return stored, ()


def _incident_key(c: Complaint, count_once: bool) -> tuple[str, ...]:
    if not count_once:
        return ("own", str(c.id))
    if c.incident_ref.strip():
        return ("ref", c.incident_ref.strip().lower())
    return ("same", c.incident_on.isoformat(), str(c.complainant_id), c.matter.strip().lower())


def _describe(c: Complaint) -> str:
    return (
        f"Incident of {long_date(c.incident_on)} reported to {c.reported_to} on "
        f"{long_date(c.reported_on)}"
    )


def _made_by(c: Complaint, app: TriggerApplication) -> str:
    """Who made the complaint, in words that never name anyone but the applicant's side."""
    if c.complainant_id is None or c.complainant_id == app.applicant_id:
        return "made by the applicant"
    if c.complainant_id == app.victim_id:
        return "made by the victim"
    return "made by another person"


@dataclass(frozen=True)
class Counted:
    """A complaint counted towards the threshold, with the record it came from."""

    line: ComplaintLine
    complaint: Complaint


def _qualifies(c: Complaint, received: dt.date) -> tuple[bool, str]:
    """Whether a complaint qualifies under s104(11) for an application received on
    ``received``, and why, in a sentence for the letter."""
    base = _describe(c)
    month_end = period_end(c.incident_on, 1)
    six_end = period_end(c.reported_on, 6)
    if c.reported_on > received:
        return (
            False,
            f"{base}: made after the application of {long_date(received)}, so not relied on",
        )
    if c.reported_on > month_end:
        return False, (
            f"{base}: not a qualifying complaint, because it was made after the month "
            f"beginning with the incident (which ended on {long_date(month_end)})"
        )
    if received > six_end:
        return False, (
            f"{base}: not a qualifying complaint, because the application was made after "
            f"the six months beginning with the complaint (which ended on {long_date(six_end)})"
        )
    return True, (
        f"{base}: a qualifying complaint (made within the month beginning with the "
        "incident, and the application within six months of it)"
    )


def classify(
    complaints: list[Complaint],
    app: TriggerApplication,
    day: dt.date,
    count_once: bool = True,
) -> tuple[list[ComplaintLine], list[Counted]]:
    """Every complaint made by ``day``, in the order made: qualifying or not, about the
    application's behaviour or not, counted (once per incident when ``count_once``) or not,
    and why; and the counted ones."""
    mine = {pid for pid in (app.applicant_id, app.victim_id) if pid is not None}
    considered = sorted(
        (c for c in complaints if c.reported_on <= day),
        key=lambda c: (c.reported_on, c.incident_on, c.id),
    )
    lines: list[ComplaintLine] = []
    counted: list[Counted] = []
    first_of_incident: dict[tuple[str, ...], int] = {}
    for number, c in enumerate(considered, start=1):
        qualifying, why = _qualifies(c, app.received_on)
        is_counted = False
        if qualifying and not c.relates_to_application:
            why = (
                f"{_describe(c)}: a qualifying complaint, but about other behaviour than the "
                "application relates to, so not counted"
            )
        elif qualifying:
            key = _incident_key(c, count_once)
            if key in first_of_incident:
                why = (
                    f"{_describe(c)}: the same incident as complaint {first_of_incident[key]}, "
                    "so it counts once"
                )
            else:
                first_of_incident[key] = number
                is_counted = True
                why += f", {_made_by(c, app)}"
        if c.is_hate_incident:
            why += "; recorded as a hate incident"
        line = ComplaintLine(
            number=number,
            complaint_id=c.id,
            incident_on=c.incident_on,
            reported_on=c.reported_on,
            reported_to=c.reported_to,
            qualifying=qualifying,
            counted=is_counted,
            by_applicant=c.complainant_id is None or c.complainant_id in mine,
            hate=c.is_hate_incident,
            why=why + ".",
            relates=c.relates_to_application,
        )
        lines.append(line)
        if is_counted:
            counted.append(Counted(line, c))
    return lines, counted


# ---------------------------------------------------------------------------------- the rules
# Each rule looks at the counted complaints and says whether it is met, with its sentences;
# None when the local procedure has switched it off.
