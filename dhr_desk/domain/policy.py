"""Local policy kept in the (encrypted, audited) database: settings, deadline rules, closures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dhr_desk.domain.enums import CaseKind, DeadlineUnit
from dhr_desk.storage.schema import SHORT, Base, IdMixin, enum_column


class Setting(Base):
    """A named setting with a JSON value (council name, protective marking, label…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class DeadlineRule(IdMixin, Base):
    """A deadline: ``amount`` ``unit`` after the ``start_event`` milestone, labelled ``label``.

    ``done_event`` is the milestone that meets it.
    """

    __tablename__ = "deadline_rule"

    code: Mapped[str] = mapped_column(String(60), unique=True)
    case_kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind))
    label: Mapped[str] = mapped_column(String(SHORT))
    start_event: Mapped[str] = mapped_column(String(40))
    done_event: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[DeadlineUnit] = mapped_column(enum_column(DeadlineUnit))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ClosureDay(IdMixin, Base):
    """A local closure day (e.g. 29–31 December) that is not a working day."""

    __tablename__ = "closure_day"

    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    label: Mapped[str] = mapped_column(String(SHORT), default="Council closure")
