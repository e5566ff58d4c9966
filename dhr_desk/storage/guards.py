"""Checks applied to every flush, whoever writes: text lengths and required values.

SQLite does not enforce ``VARCHAR(n)``; PostgreSQL would fail with a driver error. Either way the
coordinator gets one plain sentence naming the record and field, and nothing is written.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import String, Text, event, inspect
from sqlalchemy.orm import Session

from dhr_desk.errors import ValidationError
from dhr_desk.storage.database import READ_ONLY
from dhr_desk.storage.schema import HUGE

_SURROGATE = re.compile("[\ud800-\udfff]")  # cannot be encoded, so cannot be stored


def _label(obj: Any) -> str:
    return type(obj).__tablename__.replace("_", " ")


def check_object(obj: Any) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    mapper = inspect(type(obj))
    for column in mapper.columns:
        key = mapper.get_property_by_column(column).key
        value = getattr(obj, key, None)
        if isinstance(value, str) and isinstance(column.type, String | Text):
            limit = getattr(column.type, "length", None) or HUGE
            if len(value) > limit:
                problems.append(
                    (
                        f"{_label(obj)}.{key}",
                        f"is {len(value):,} characters long; the most allowed is {limit:,}",
                    )
                )
            if "\x00" in value:
                problems.append((f"{_label(obj)}.{key}", "contains a NUL character"))
            if not value.isascii() and _SURROGATE.search(value):
                problems.append(
                    (
                        f"{_label(obj)}.{key}",
                        "contains a character that is not valid text (an unpaired surrogate)",
                    )
                )
    return problems


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(READ_ONLY) and (session.new or session.dirty or session.deleted):
        raise RuntimeError("a read-only session (Database.reading) cannot save changes")
    problems: list[tuple[str, str]] = []
    for obj in list(session.new) + list(session.dirty):
        problems.extend(check_object(obj))
    if problems:
        raise ValidationError(
            "Nothing was saved because some text is too long or invalid:", problems
        )


def install(session_class: type[Session] = Session) -> None:
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
