"""A DHR after its report is signed off: each submission to the Home Office Quality Assurance
Panel and to the Domestic Abuse Commissioner, each document published and when it comes down,
and the learning acted on before the review ended."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import PublishedDocument, SubmissionRecipient
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import Agency
    from dhr_desk.domain.case import Case


class Submission(IdMixin, Base):
    """The report sent on a day to one recipient, and exactly which documents went.

    The first submission to the Home Office is the ``submitted`` step; each later one answers a
    QA letter asking for the report to be revised (a resubmission). A submission to the
    Domestic Abuse Commissioner is the ``sent_to_commissioner`` step (Victims and Prisoners Act
    2024 s19, once in force).
    """

    __tablename__ = "submission"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    recipient: Mapped[SubmissionRecipient] = mapped_column(
        enum_column(SubmissionRecipient), default=SubmissionRecipient.HOME_OFFICE
    )
    overview_report: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    executive_summary: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    action_plan: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    other_documents: Mapped[str] = mapped_column(String(MEDIUM), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="submissions")

    def documents(self) -> list[str]:
        """What was sent, in words: ``["the overview report", "the action plan", …]``."""
        sent = [
            name
            for name, flag in (
                ("the overview report", self.overview_report),
                ("the executive summary", self.executive_summary),
                ("the action plan", self.action_plan),
            )
            if flag
        ]
        sent.extend(x.strip() for x in (self.other_documents or "").split(";") if x.strip())
        return sent


class Publication(IdMixin, Base):
    """One document published: where and when, the day it is to come down (by default the
    retention rule ``dhr_take_down`` from ``published_on``) and the day it came down."""

    __tablename__ = "publication"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    document: Mapped[PublishedDocument] = mapped_column(enum_column(PublishedDocument))
    published_on: Mapped[dt.date] = mapped_column(Date)
    location: Mapped[str] = mapped_column(String(MEDIUM), default="")  # web address or place
    take_down_on: Mapped[dt.date | None] = mapped_column(Date)  # only to differ from the rule
    taken_down_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="publications")


class EarlyLearning(IdMixin, Base):
    """Learning acted on before the review ended: what was learnt, the action agreed, by whom
    and when, and how it finished. Shown in the action plan and the overview report."""

    __tablename__ = "early_learning"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    learning: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    agreed_on: Mapped[dt.date] = mapped_column(Date)
    target_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[str] = mapped_column(String(SHORT), default="")  # e.g. "Panel meeting 2"

    case: Mapped[Case] = relationship(back_populates="early_learning")
    lead_agency: Mapped[Agency | None] = relationship(lazy="joined")
