"""Agencies of the partnership, their involvement in a case, and their returns (IMRs etc.)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import ReturnType
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, UTCDateTime, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.case import Case


class Agency(IdMixin, Base):
    """An organisation (police, ICB, council housing, probation, a charity…), shared by cases."""

    __tablename__ = "agency"

    name: Mapped[str] = mapped_column(String(SHORT), unique=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    sector: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(MEDIUM), default="")
    contact_name: Mapped[str] = mapped_column(String(SHORT), default="")
    contact_email: Mapped[str] = mapped_column(String(SHORT), default="")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class CaseAgency(IdMixin, Base):
    """An agency's involvement in one case: scoping answer, records secured, in scope."""

    __tablename__ = "case_agency"
    __table_args__ = (
        UniqueConstraint("case_id", "agency_id", name="uq_case_agency_case_id_agency_id"),
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    scoping_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    had_contact: Mapped[bool | None] = mapped_column(Boolean)  # None = not yet answered
    records_secured_on: Mapped[dt.date | None] = mapped_column(Date)
    in_scope: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_name: Mapped[str] = mapped_column(String(SHORT), default="")
    contact_email: Mapped[str] = mapped_column(String(SHORT), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="case_agencies")
    agency: Mapped[Agency] = relationship(lazy="joined")


class AgencyReturn(IdMixin, Base):
    """A requested IMR, chronology or short report: requested, due, chased, received, checked."""

    __tablename__ = "agency_return"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    return_type: Mapped[ReturnType] = mapped_column(enum_column(ReturnType))
    requested_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    last_chased_on: Mapped[dt.date | None] = mapped_column(Date)
    times_chased: Mapped[int] = mapped_column(Integer, default=0)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    quality_checked_on: Mapped[dt.date | None] = mapped_column(Date)
    author_name: Mapped[str] = mapped_column(String(SHORT), default="")
    author_independent: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The agency's chronology file, when it was imported: its name, SHA-256, when, how many
    # entries it gave.
    imported_file: Mapped[str] = mapped_column(String(SHORT), default="", server_default="")
    imported_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    imported_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    imported_entries: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    case: Mapped[Case] = relationship(back_populates="returns")
    agency: Mapped[Agency] = relationship(lazy="joined")
