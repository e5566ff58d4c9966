"""The review panel and its meetings: agenda, attendance, minutes, actions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import Attendance, MeetingKind, MeetingStatus, PanelRole
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import Agency
    from dhr_desk.domain.case import Case

_CASCADE = "all, delete-orphan"


class PanelMember(IdMixin, Base):
    __tablename__ = "panel_member"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(SHORT))
    job_title: Mapped[str] = mapped_column(String(SHORT), default="")
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    role: Mapped[PanelRole] = mapped_column(enum_column(PanelRole), default=PanelRole.MEMBER)
    email: Mapped[str] = mapped_column(String(SHORT), default="")
    independent: Mapped[bool] = mapped_column(Boolean, default=False)
    independence_statement: Mapped[str] = mapped_column(Text, default="")
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="panel")
    agency: Mapped[Agency | None] = relationship(lazy="joined")


class Meeting(IdMixin, Base):
    """A panel meeting (DHR) or case review meeting (Community Trigger)."""

    __tablename__ = "meeting"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind), default=MeetingKind.PANEL)
    number: Mapped[int] = mapped_column(Integer, default=1)
    held_on: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM"
    location: Mapped[str] = mapped_column(String(MEDIUM), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus), default=MeetingStatus.PLANNED
    )
    agenda: Mapped[str] = mapped_column(Text, default="")  # one item per line
    minutes: Mapped[str] = mapped_column(Text, default="")
    victim_invited: Mapped[bool] = mapped_column(Boolean, default=False)
    impact_statement: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="meetings")
    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade=_CASCADE, order_by="MeetingAttendance.id"
    )
    actions: Mapped[list[MeetingAction]] = relationship(
        back_populates="meeting", cascade=_CASCADE, order_by="MeetingAction.id"
    )


class MeetingAttendance(IdMixin, Base):
    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    panel_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("panel_member.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(String(SHORT))
    organisation: Mapped[str] = mapped_column(String(SHORT), default="")
    status: Mapped[Attendance] = mapped_column(enum_column(Attendance), default=Attendance.INVITED)

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")


class MeetingAction(IdMixin, Base):
    __tablename__ = "meeting_action"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(String(MEDIUM))
    owner: Mapped[str] = mapped_column(String(SHORT), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="actions")
