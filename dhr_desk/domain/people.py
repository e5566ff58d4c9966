"""People in a case (real name and pseudonym), family contact and advocacy."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import ContactMethod, PersonRole
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.case import Case


class Person(IdMixin, Base):
    """A subject, family member, witness, applicant… ``pseudonym`` is what published text uses."""

    __tablename__ = "person"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    real_name: Mapped[str] = mapped_column(String(SHORT))
    # Aliases and nicknames, maiden and former names: one a line (hidden like the real name).
    other_names: Mapped[str] = mapped_column(Text, default="", server_default="")
    pseudonym: Mapped[str] = mapped_column(String(SHORT), default="")
    pseudonym_agreed_with_family: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))
    relationship_to_victim: Mapped[str] = mapped_column(String(SHORT), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    date_of_death: Mapped[dt.date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(MEDIUM), default="")
    contact: Mapped[str] = mapped_column(String(MEDIUM), default="")  # phone / email for letters
    # Equality and diversity (protected characteristics), free text as recorded.
    sex: Mapped[str] = mapped_column(String(60), default="")
    gender_identity: Mapped[str] = mapped_column(String(60), default="")
    ethnicity: Mapped[str] = mapped_column(String(SHORT), default="")
    religion: Mapped[str] = mapped_column(String(SHORT), default="")
    disability: Mapped[str] = mapped_column(String(SHORT), default="")
    sexual_orientation: Mapped[str] = mapped_column(String(SHORT), default="")
    nationality: Mapped[str] = mapped_column(String(SHORT), default="")
    first_language: Mapped[str] = mapped_column(String(SHORT), default="")
    other_identifiers: Mapped[str] = mapped_column(String(MEDIUM), default="")  # NHS no, PNC id…
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="people")

    @property
    def published_name(self) -> str:
        return self.pseudonym or f"[{self.role.label} – pseudonym not set]"


class Advocate(IdMixin, Base):
    """Specialist advocacy offered to the family (e.g. AAFDA)."""

    __tablename__ = "advocate"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(SHORT))
    organisation: Mapped[str] = mapped_column(String(SHORT), default="")
    contact: Mapped[str] = mapped_column(String(MEDIUM), default="")
    offered_on: Mapped[dt.date | None] = mapped_column(Date)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(back_populates="advocates")


class FamilyContact(IdMixin, Base):
    """One contact with the family: date, who, how, outcome, advocate present."""

    __tablename__ = "family_contact"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    contacted_on: Mapped[dt.date] = mapped_column(Date)
    contacted_by: Mapped[str] = mapped_column(String(SHORT), default="")
    method: Mapped[ContactMethod] = mapped_column(enum_column(ContactMethod))
    purpose: Mapped[str] = mapped_column(String(MEDIUM), default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    advocate_id: Mapped[int | None] = mapped_column(ForeignKey("advocate.id", ondelete="SET NULL"))
    leaflet_given: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="family_contacts")
    person: Mapped[Person | None] = relationship()
    advocate: Mapped[Advocate | None] = relationship()
