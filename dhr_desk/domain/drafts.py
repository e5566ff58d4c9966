"""Drafts: unsaved edits of an open form, kept every few seconds so that a crash or a power cut
loses no keystroke.

A draft is scratch, not a record. It lives in the same encrypted database as the records (never
in a file beside it), it is written with the audit trail off for its session so that typing does
not flood the trail, and it is left out of every check that compares the tables with the trail
(``__audited__ = False``). It goes when its record is saved or its edits are discarded, and with
its case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dhr_desk.storage.schema import SHORT, Base, IdMixin, UTCDateTime, utcnow


class Draft(IdMixin, Base):
    """The unsaved field values of one form: a record being changed, or a new one.

    ``record_kind`` is the table of the record (``person``, ``case`` for a case's summary…),
    ``parent_id`` the record it hangs under (the case, or a meeting for an attendance) and
    ``record_id`` the record being changed — none for a new record never saved. ``slot`` joins
    the three, so one form keeps at most one draft.
    """

    __tablename__ = "draft"
    __audited__ = False  # scratch: written with the audit trail off

    slot: Mapped[str] = mapped_column(String(SHORT), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    area: Mapped[str] = mapped_column(String(60))  # the page of the case, e.g. "people"
    record_kind: Mapped[str] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(Integer)
    record_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(SHORT), default="")  # "person", "case summary"
    content: Mapped[dict[str, Any]] = mapped_column(JSON)  # field → value as typed
    # The version of the record the edits were typed against (a save after restoring the
    # draft is refused if someone else changed the record since); none for a new record.
    record_version: Mapped[int | None] = mapped_column(Integer)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


def draft_slot(record_kind: str, parent_id: int | None, record_id: int | None) -> str:
    """The one place a form's draft is kept: its record, or a new record under its parent."""
    return f"{record_kind}:{parent_id if parent_id is not None else '-'}:" + (
        str(record_id) if record_id is not None else "new"
    )
