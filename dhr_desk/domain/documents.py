"""The register of generated documents and of who received which version."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr_desk.domain.enums import Edition
from dhr_desk.storage.schema import MEDIUM, SHORT, Base, IdMixin, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from dhr_desk.domain.case import Case


class GeneratedDocument(IdMixin, Base):
    """One generated file: kind, version, edition, format and the SHA-256 of its bytes.

    A version belongs to one document: its kind, case, part ("meeting 4" for the minutes of
    meeting 4) and edition. The Word and PDF files of the same content are the same version;
    ``content_sha256`` says what the content was."""

    __tablename__ = "generated_document"

    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))
    part: Mapped[str] = mapped_column(String(SHORT), default="", server_default="")
    title: Mapped[str] = mapped_column(String(MEDIUM), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    edition: Mapped[Edition] = mapped_column(enum_column(Edition), default=Edition.FULL)
    file_format: Mapped[str] = mapped_column(String(10))
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    file_name: Mapped[str] = mapped_column(String(MEDIUM), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    content_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    generated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    generated_by: Mapped[str] = mapped_column(String(SHORT), default="")

    case: Mapped[Case | None] = relationship(back_populates="documents")
    distributions: Mapped[list[Distribution]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Distribution.id"
    )


class Distribution(IdMixin, Base):
    """A copy of a document made for, and sent to, a named recipient."""

    __tablename__ = "distribution"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("generated_document.id", ondelete="CASCADE"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(SHORT))
    sent_on: Mapped[dt.date] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(MEDIUM), default="")
    password_protected: Mapped[bool] = mapped_column(Boolean, default=False)

    document: Mapped[GeneratedDocument] = relationship(back_populates="distributions")
