"""Publication safety: the pseudonym register's own lines (beside the people of the case), and
what the coordinator cleared for publication (a finding of the check accepted with a reason, or
a condition of the publication gate overridden with a reason)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import RegisterKind
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, enum_column

if TYPE_CHECKING:
    from dhr_desk.domain.case import Case


class PseudonymEntry(IdMixin, Base):
    """One line of the pseudonym register: a name or place the case holds outside its people
    (a professional, a friend named in a statement, a workplace, a school, an address), every
    other way it is written, and what a published edition shows instead. A watch-list line is
    never replaced: the publication check points out every mention of it."""

    __tablename__ = "pseudonym_entry"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[RegisterKind] = mapped_column(enum_column(RegisterKind))
    name: Mapped[str] = mapped_column(String(SHORT))
    other_names: Mapped[str] = mapped_column(Text, default="")  # one a line
    shown_as: Mapped[str] = mapped_column(String(SHORT), default="")
    agreed_with_family: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="pseudonym_entries")


class PublicationClearance(IdMixin, Base):
    """A finding of the publication check accepted, or a condition of the publication gate
    overridden, with the reason, the day and who did it."""

    __tablename__ = "publication_clearance"

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    # "finding" (``key`` is the finding's key) or "gate" (``key`` is the condition's code)
    subject: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(40), default="")  # the finding's kind
    text: Mapped[str] = mapped_column(String(MEDIUM), default="")  # as written
    location: Mapped[str] = mapped_column(String(MEDIUM), default="")
    reason: Mapped[str] = mapped_column(Text)
    cleared_on: Mapped[dt.date] = mapped_column(Date)
    cleared_by: Mapped[str] = mapped_column(String(SHORT), default="")

    case: Mapped[Case] = relationship(back_populates="publication_clearances")
