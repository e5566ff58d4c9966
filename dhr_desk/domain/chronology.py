"""Chronology entries: agency chronologies merged into the combined chronology; and the links
the coordinator makes between entries that several agencies recorded for one event."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import Agency
    from dhr_desk.domain.case import Case
    from dhr_desk.domain.people import Person


class DatePrecision(enum.StrEnum):
    """How much of an entry's date the agency gave. ``occurred_on`` holds the first day of the
    period ("April 2019" → 2019-04-01, "Spring 2019" → 2019-03-01, "2019" → 2019-01-01); a
    partial date is never invented into a full one."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"  # spring (March–May), summer, autumn, winter (December–February)
    YEAR = "year"

    @property
    def label(self) -> str:
        return {"day": "Day", "month": "Month", "season": "Season", "year": "Year"}[self.value]

    @property
    def rank(self) -> int:
        """Broader first: a year-only entry sorts before the dated entries of that year."""
        return {"year": 0, "season": 1, "month": 2, "day": 3}[self.value]


class ChronologyEntry(IdMixin, Base):
    """Date | Time | Agency | Source of information (mandatory) | Event | Action | Comment."""

    __tablename__ = "chronology_entry"
    __table_args__ = (Index("ix_chronology_case_date", "case_id", "occurred_on"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    # How much of the date is known: a month, a season or a year starts on ``occurred_on``.
    date_precision: Mapped[DatePrecision] = mapped_column(
        enum_column(DatePrecision), default=DatePrecision.DAY, server_default="day"
    )
    occurred_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM" or ""
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    # The subject the entry is about (victim, perpetrator, a child…), where the return says.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(MEDIUM))
    event: Mapped[str] = mapped_column(Text)
    action_decision: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    # A key event: one of the entries the summary chronology (executive summary) carries.
    key_event: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The agency's return (file) the entry was imported from, and where in that file.
    return_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency_return.id", ondelete="SET NULL")
    )
    import_row: Mapped[str] = mapped_column(String(SHORT), default="", server_default="")

    case: Mapped[Case] = relationship(back_populates="chronology")
    agency: Mapped[Agency | None] = relationship(lazy="joined")
    person: Mapped[Person | None] = relationship()


class ChronologyLink(IdMixin, Base):
    """The coordinator's word on two entries flagged as likely duplicates: the same event seen
    by two agencies (``same_event``), or not the same (the flag is dismissed). Both entries are
    always kept; ``entry_id`` is the lower id of the two."""

    __tablename__ = "chronology_link"
    __table_args__ = (UniqueConstraint("entry_id", "other_id", name="chronology_link_pair"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(
        ForeignKey("chronology_entry.id", ondelete="CASCADE"), index=True
    )
    same_event: Mapped[bool] = mapped_column(Boolean, default=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(MEDIUM), default="")
