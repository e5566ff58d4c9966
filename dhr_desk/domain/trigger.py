"""Community Trigger (ASB Case Review): application, complaints relied on, appeals."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import AppealOutcome, ApplicationChannel
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.case import Case
    from dhr_desk.domain.people import Person


class TriggerApplication(IdMixin, Base):
    """The application: who applied, for whom, with what consent, by which channel, when."""

    __tablename__ = "trigger_application"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[ApplicationChannel] = mapped_column(enum_column(ApplicationChannel))
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    victim_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    on_behalf_of_victim: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_obtained_on: Mapped[dt.date | None] = mapped_column(Date)
    matter: Mapped[str] = mapped_column(Text, default="")  # the behaviour complained of
    victim_vulnerable: Mapped[bool] = mapped_column(Boolean, default=False)
    acknowledged_on: Mapped[dt.date | None] = mapped_column(Date)
    single_point_of_contact: Mapped[str] = mapped_column(String(SHORT), default="")
    # Accessible ways of applying (July 2025 guidance): the adjustments asked for or made
    # (large print, Easy Read, an interpreter, a named contact, calls at set times…).
    reasonable_adjustments: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="application")
    applicant: Mapped[Person | None] = relationship(foreign_keys=[applicant_id])
    victim: Mapped[Person | None] = relationship(foreign_keys=[victim_id])


class Complaint(IdMixin, Base):
    """A complaint relied on: the incident, when and to whom it was reported, by whom.

    ``incident_ref`` groups reports of the same incident to several agencies (it counts once);
    ``matter`` groups complaints about the same matter from different people;
    ``relates_to_application`` is false for a complaint about other behaviour than the
    application's (whoever made it, a complaint about that behaviour counts).
    """

    __tablename__ = "complaint"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    incident_on: Mapped[dt.date] = mapped_column(Date)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    reported_to: Mapped[str] = mapped_column(String(SHORT))
    agency_reference: Mapped[str] = mapped_column(String(SHORT), default="")
    complainant_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    incident_ref: Mapped[str] = mapped_column(String(60), default="")
    matter: Mapped[str] = mapped_column(String(SHORT), default="")
    description: Mapped[str] = mapped_column(String(MEDIUM), default="")
    is_hate_incident: Mapped[bool] = mapped_column(Boolean, default=False)
    # About the anti-social behaviour the application relates to (s104(4)); a complaint about
    # other behaviour is kept on the case but never counted.
    relates_to_application: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true()
    )

    case: Mapped[Case] = relationship(back_populates="complaints")
    complainant: Mapped[Person | None] = relationship()


class Appeal(IdMixin, Base):
    """A request to review the threshold decision or the outcome, and its decision."""

    __tablename__ = "appeal"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    grounds: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(String(SHORT), default="")
    acknowledged_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[AppealOutcome] = mapped_column(
        enum_column(AppealOutcome), default=AppealOutcome.PENDING
    )
    decided_by: Mapped[str] = mapped_column(String(SHORT), default="")
    reasons: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="appeals")
