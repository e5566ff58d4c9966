"""The register of generated documents: versions, and the copies sent to named recipients.

A version is one content of one document: the document is its kind, case, part (the meeting
of an agenda or minutes) and edition, and each document counts its own versions from 1.
Generating again when nothing has changed gives the same version (the renderers are
repeatable, so the file of a version always has the same SHA-256); any change to the content or
to draft/final makes the next version. The Word and PDF files of one content are the same
version, dated the day the version was first made. Every copy made for a recipient (and every
password-protected file) is a :class:`~dhr_desk.domain.Distribution` of its version, with the
SHA-256 of the exact file sent: a copy has its version's number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dhr_desk.domain import Case, Distribution, Edition, GeneratedDocument
from dhr_desk.storage.database import Database


@dataclass(frozen=True)
class Identity:
    """Which document a version belongs to."""

    case_id: int | None
    kind: str
    part: str
    edition: Edition

    def rows(self) -> Any:
        stmt = select(GeneratedDocument).where(
            GeneratedDocument.kind == self.kind,
            GeneratedDocument.part == self.part,
            GeneratedDocument.edition == self.edition,
        )
        if self.case_id is None:
            return stmt.where(GeneratedDocument.case_id.is_(None))
        return stmt.where(GeneratedDocument.case_id == self.case_id)


def latest_version(session: Session, identity: Identity) -> GeneratedDocument | None:
    """The newest version of the document (in either format)."""
    stmt = identity.rows().order_by(GeneratedDocument.version.desc(), GeneratedDocument.id.desc())
    return session.scalar(stmt.limit(1))


def version_file(
    session: Session, identity: Identity, version: int, file_format: str
) -> GeneratedDocument | None:
    """The register row of one version in one format, if it was made."""
    stmt = identity.rows().where(
        GeneratedDocument.version == version, GeneratedDocument.file_format == file_format
    )
    return session.scalar(stmt.order_by(GeneratedDocument.id).limit(1))


def version_day(session: Session, identity: Identity, version: int) -> dt.date | None:
    """The day a version was first made (its date in either format)."""
    stmt = identity.rows().where(GeneratedDocument.version == version)
    first = session.scalar(stmt.order_by(GeneratedDocument.generated_at).limit(1))
    return first.generated_at.date() if first is not None else None


@dataclass(frozen=True)
class RegisterLine:
    """One row of the register as a coordinator reads it."""

    reference: str
    kind: str
    part: str
    title: str
    version: int
    edition: str
    file_format: str
    draft: bool
    generated_at: dt.datetime
    generated_by: str
    recipient: str
    sent_on: dt.date | None
    file_name: str
    sha256: str
    password_protected: bool

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["generated_at"] = self.generated_at.isoformat()
        out["sent_on"] = self.sent_on.isoformat() if self.sent_on else None
        return out


def register_lines(db: Database, reference: str | None = None) -> list[RegisterLine]:
    """Every version and every copy, oldest first (one line per version and per copy)."""
    with db.session() as session:
        stmt = select(GeneratedDocument, Case.reference).outerjoin(
            Case, Case.id == GeneratedDocument.case_id
        )
        if reference and reference.upper() != "ALL":
            stmt = stmt.where(Case.reference == reference)
        stmt = stmt.order_by(GeneratedDocument.id)
        lines: list[RegisterLine] = []
        for doc, ref in session.execute(stmt):
            common: dict[str, Any] = {
                "reference": ref or "ALL",
                "kind": doc.kind,
                "part": doc.part,
                "title": doc.title,
                "version": doc.version,
                "edition": doc.edition.value,
                "file_format": doc.file_format,
                "draft": doc.draft,
                "generated_at": doc.generated_at,
                "generated_by": doc.generated_by,
            }
            lines.append(
                RegisterLine(
                    **common,
                    recipient="",
                    sent_on=None,
                    file_name=doc.file_name,
                    sha256=doc.sha256,
                    password_protected=False,
                )
            )
            for copy in doc.distributions:
                lines.append(
                    RegisterLine(
                        **common,
                        recipient=copy.recipient,
                        sent_on=copy.sent_on,
                        file_name=copy.file_name,
                        sha256=copy.sha256,
                        password_protected=copy.password_protected,
                    )
                )
        return lines


def add_distribution(
    session: Session,
    document: GeneratedDocument,
    recipient: str,
    sent_on: dt.date,
    sha256: str,
    file_name: str,
    password_protected: bool,
) -> Distribution:
    copy = Distribution(
        document=document,
        recipient=recipient,
        sent_on=sent_on,
        sha256=sha256,
        file_name=file_name,
        password_protected=password_protected,
    )
    session.add(copy)
    return copy
