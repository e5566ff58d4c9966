"""The append-only audit trail, each entry chained to the previous one by SHA-256."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dhr_desk.domain.base import SHORT, Base, IdMixin, UTCDateTime


class AuditEntry(IdMixin, Base):
    __tablename__ = "audit_entry"

    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    os_user: Mapped[str] = mapped_column(String(SHORT))
    action: Mapped[str] = mapped_column(String(20))  # insert / update / delete / override / …
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: survives deletion
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
