"""Cases that travel: checked out from the partnership's server to a laptop for a secure room,
and checked back in.

On the server, :class:`CaseHold` says who holds a case checked out, since when and on which
computer. On the laptop, :class:`CheckedOutCopy` keeps what the check-in needs: the server the
case came from, the case as it was on the server when it was checked out (the common base of a
three-way merge, record by record) and which record here is which record there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dhr_desk.storage.schema import MEDIUM, SHORT, Base, UTCDateTime, utcnow


class CaseHold(Base):
    """A case checked out to a laptop (on the server). One hold per case at most."""

    __tablename__ = "case_hold"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    held_by: Mapped[str] = mapped_column(String(SHORT))  # the sign-in that checked it out
    held_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    device: Mapped[str] = mapped_column(String(SHORT), default="")  # the laptop's name
    token: Mapped[str] = mapped_column(String(40))  # matches the laptop's copy


class CheckedOutCopy(Base):
    """The laptop's note of a case checked out from a server (on the laptop).

    ``base``: every record of the case as the server had it at check-out, by table and server
    id, in plain JSON values (agencies by name). ``ids``: table → this database's id → the
    server's id. Scratch for the merge, not a record: it is not audited (the case's records
    copied here are) and it goes with the case.
    """

    __tablename__ = "checked_out_copy"
    __audited__ = False

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), primary_key=True
    )
    server: Mapped[str] = mapped_column(String(MEDIUM))  # its address, never a password
    server_case_id: Mapped[int] = mapped_column(Integer)
    token: Mapped[str] = mapped_column(String(40))
    checked_out_by: Mapped[str] = mapped_column(String(SHORT))
    checked_out_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    base: Mapped[dict[str, Any]] = mapped_column(JSON)
    ids: Mapped[dict[str, Any]] = mapped_column(JSON)
