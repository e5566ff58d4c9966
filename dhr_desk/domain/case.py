"""A review case (either kind), its milestones, pauses and decisions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    FetchedValue,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import CaseKind, DecisionKind, DecisionOutcome, PauseReason
from dhr_desk.storage.schema import (
    LONG,
    MEDIUM,
    SHORT,
    Base,
    IdMixin,
    UTCDateTime,
    enum_column,
    utcnow,
)

if TYPE_CHECKING:
    from dhr_desk.domain.agencies import AgencyReturn, CaseAgency
    from dhr_desk.domain.chronology import ChronologyEntry
    from dhr_desk.domain.documents import GeneratedDocument
    from dhr_desk.domain.panel import Meeting, PanelMember
    from dhr_desk.domain.people import Advocate, FamilyContact, Person
    from dhr_desk.domain.publication import PseudonymEntry, PublicationClearance
    from dhr_desk.domain.recommendations import Recommendation
    from dhr_desk.domain.review_cycle import EarlyLearning, Publication, Submission
    from dhr_desk.domain.trigger import Appeal, Complaint, TriggerApplication

_CASCADE = "all, delete-orphan"


class Case(IdMixin, Base):
    """One Domestic Homicide Review or one Community Trigger (ASB Case Review)."""

    __tablename__ = "case"

    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind))
    # Published-safe working title, e.g. "Adult A" or "Ms B (CT)"; never a real name.
    title: Mapped[str] = mapped_column(String(SHORT))
    stage: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # DHR notification (step 1)
    notification_received_on: Mapped[dt.date | None] = mapped_column(Date)
    notified_by: Mapped[str] = mapped_column(String(SHORT), default="")
    date_of_death: Mapped[dt.date | None] = mapped_column(Date)
    place_of_death: Mapped[str] = mapped_column(String(MEDIUM), default="")
    circumstances: Mapped[str] = mapped_column(Text, default="")
    suspected_suicide: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_review_with: Mapped[str] = mapped_column(String(SHORT), default="")  # e.g. "SAR"
    review_period_start: Mapped[dt.date | None] = mapped_column(Date)
    review_period_end: Mapped[dt.date | None] = mapped_column(Date)
    lines_of_enquiry: Mapped[str] = mapped_column(Text, default="")
    web_link: Mapped[str] = mapped_column(String(MEDIUM), default="")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # Why the case closes, as the single point of contact tells the victim (or the family).
    closure_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The partnership the case belongs to: "local" on a laptop; on a shared server, the
    # partnership of the person who opened it (the database fills it in and lets each
    # partnership see only its own cases, see migration 0012).
    partnership: Mapped[str] = mapped_column(String(60), server_default="local")
    # On the server, the sign-in of the coordinator responsible for the case: only they (or a
    # manager) change it; empty on a laptop and for an unassigned case (migration 0015).
    coordinator: Mapped[str | None] = mapped_column(
        String(63), nullable=True, server_default=FetchedValue()
    )

    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Milestone.occurred_on"
    )
    pauses: Mapped[list[Pause]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Pause.started_on"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Decision.decided_on"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Person.id"
    )
    case_agencies: Mapped[list[CaseAgency]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="CaseAgency.id"
    )
    returns: Mapped[list[AgencyReturn]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="AgencyReturn.id"
    )
    panel: Mapped[list[PanelMember]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="PanelMember.id"
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Meeting.id"
    )
    chronology: Mapped[list[ChronologyEntry]] = relationship(
        back_populates="case",
        cascade=_CASCADE,
        lazy="raise_on_sql",
        order_by="(ChronologyEntry.occurred_on, ChronologyEntry.occurred_time, ChronologyEntry.id)",
    )
    family_contacts: Mapped[list[FamilyContact]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="FamilyContact.contacted_on"
    )
    advocates: Mapped[list[Advocate]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Advocate.id"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Recommendation.number"
    )
    application: Mapped[TriggerApplication | None] = relationship(
        back_populates="case", cascade=_CASCADE, uselist=False
    )
    complaints: Mapped[list[Complaint]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Complaint.id"
    )
    appeals: Mapped[list[Appeal]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="Appeal.id"
    )
    documents: Mapped[list[GeneratedDocument]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="GeneratedDocument.id"
    )
    pseudonym_entries: Mapped[list[PseudonymEntry]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="PseudonymEntry.id"
    )
    publication_clearances: Mapped[list[PublicationClearance]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="PublicationClearance.id"
    )
    submissions: Mapped[list[Submission]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="(Submission.sent_on, Submission.id)"
    )
    publications: Mapped[list[Publication]] = relationship(
        back_populates="case",
        cascade=_CASCADE,
        order_by="(Publication.published_on, Publication.id)",
    )
    early_learning: Mapped[list[EarlyLearning]] = relationship(
        back_populates="case", cascade=_CASCADE, order_by="EarlyLearning.number"
    )

    @property
    def is_dhr(self) -> bool:
        return self.kind == CaseKind.DHR


class Milestone(IdMixin, Base):
    """A workflow step completed on a date (e.g. ``decision``, ``submitted``, ``published``).

    ``override_reason`` is set when the coordinator recorded the step out of the usual order.
    """

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("case_id", "step", name="case_step"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(String(MEDIUM), default="")

    case: Mapped[Case] = relationship(back_populates="milestones")


class Pause(IdMixin, Base):
    """The clock stopped for a parallel proceeding, from ``started_on`` until ``resumed_on``."""

    __tablename__ = "pause"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    reason: Mapped[PauseReason] = mapped_column(enum_column(PauseReason))
    detail: Mapped[str] = mapped_column(String(MEDIUM), default="")
    started_on: Mapped[dt.date] = mapped_column(Date)
    resumed_on: Mapped[dt.date | None] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="pauses")


class Decision(IdMixin, Base):
    """A recorded decision: to review (DHR), threshold (CT), case review outcome (CT), QA."""

    __tablename__ = "decision"
    __table_args__ = (Index("ix_decision_case_kind", "case_id", "kind"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    outcome: Mapped[DecisionOutcome] = mapped_column(enum_column(DecisionOutcome))
    rationale: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(SHORT), default="")
    communicated_on: Mapped[dt.date | None] = mapped_column(Date)
    # For the CT threshold test: the per-complaint reasons as computed, kept verbatim.
    detail: Mapped[str] = mapped_column(String(LONG), default="")
    number: Mapped[int] = mapped_column(Integer, default=1)
    # For the CT threshold: the rules that were met, by code ("statutory", "hate"…), comma
    # separated; empty when none was (or for other decisions).
    basis: Mapped[str] = mapped_column(String(SHORT), default="")

    case: Mapped[Case] = relationship(back_populates="decisions")
