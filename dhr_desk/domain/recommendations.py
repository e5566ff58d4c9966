"""Recommendations and the action plan, monitored until every action is closed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import ActionStatus, RecommendationScope
from dhr_desk.storage.schema import SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import Agency
    from dhr_desk.domain.case import Case

_CASCADE = "all, delete-orphan"


class Recommendation(IdMixin, Base):
    __tablename__ = "recommendation"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    scope: Mapped[RecommendationScope] = mapped_column(
        enum_column(RecommendationScope), default=RecommendationScope.LOCAL
    )
    # "overview" for the overview report, or the agency whose IMR made it (single-agency).
    source: Mapped[str] = mapped_column(String(SHORT), default="overview")
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))

    case: Mapped[Case] = relationship(back_populates="recommendations")
    lead_agency: Mapped[Agency | None] = relationship(lazy="joined")
    actions: Mapped[list[Action]] = relationship(
        back_populates="recommendation", cascade=_CASCADE, order_by="Action.id"
    )


class Action(IdMixin, Base):
    """Action to take | Lead agency | Key milestones | Target date | Completion and outcome."""

    __tablename__ = "action"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    lead_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    milestones: Mapped[str] = mapped_column(Text, default="")
    target_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus), default=ActionStatus.OPEN
    )

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")
    lead_agency: Mapped[Agency | None] = relationship(lazy="joined")
    progress: Mapped[list[ActionProgress]] = relationship(
        back_populates="action", cascade=_CASCADE, order_by="ActionProgress.reported_on"
    )


class ActionProgress(IdMixin, Base):
    __tablename__ = "action_progress"

    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)

    action: Mapped[Action] = relationship(back_populates="progress")
