"""Chronology entries: agency chronologies merged into the combined chronology."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.storage.schema import MEDIUM, Base, IdMixin

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import Agency
    from dhr_desk.domain.case import Case


class ChronologyEntry(IdMixin, Base):
    """Date | Time | Agency | Source of information (mandatory) | Event | Action | Comment."""

    __tablename__ = "chronology_entry"
    __table_args__ = (Index("ix_chronology_case_date", "case_id", "occurred_on"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    occurred_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" or ""
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    source: Mapped[str] = mapped_column(String(MEDIUM))
    event: Mapped[str] = mapped_column(Text)
    action_decision: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # A key event: one of the entries the summary chronology (executive summary) carries.
    key_event: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    case: Mapped[Case] = relationship(back_populates="chronology")
    agency: Mapped[Agency | None] = relationship(lazy="joined")
