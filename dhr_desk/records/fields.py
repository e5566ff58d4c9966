"""Turn user input (text from a form, a CLI flag or a JSON file) into typed model values.

Every problem is reported as ``(field, reason)`` in plain words, and nothing is written unless
every field of the record is valid.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import Any

from sqlalchemy import Boolean, Date, Enum, Integer, String, Text, inspect

from dhr_desk.errors import ValidationError
from dhr_desk.storage.schema import HUGE, UTCDateTime

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
# A case reference: letters and digits, single separators between them (never a path, a line
# break or nothing at all).
REFERENCE_PATTERN = r"^[A-Za-z0-9]+([ ._-][A-Za-z0-9]+)*$"
REFERENCE_RULE = (
    "use letters and digits, with single '-', '_', '.' or spaces between them, e.g. DHR-2025-003"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


class FieldError(ValueError):
    pass


def long_date(day: dt.date) -> str:
    """A date as letters write it: ``14 March 2025`` (English month names, whatever the
    computer's language)."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


MONTH_NAMES = (  # in English, whatever the computer's language
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def parse_date(value: Any) -> dt.date | None:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY``; a date that does not exist is named as such."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        result = value
    elif isinstance(value, str):
        text = value.strip()
        m = _ISO.match(text)
        if m:
            year, month, day = int(m[1]), int(m[2]), int(m[3])
        else:
            m = _UK.match(text)
            if not m:
                raise FieldError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14")
            day, month, year = int(m[1]), int(m[2]), int(m[3])
        if not 1 <= month <= 12:
            raise FieldError(f"'{text}' is not a date: there is no month {month}")
        last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
        if not 1 <= day <= last:
            raise FieldError(
                f"'{text}' is not a date: {calendar.month_name[month]} {year} has {last} days"
            )
        result = dt.date(year, month, day)
    else:
        raise FieldError(f"{value!r} is not a date")
    if not EARLIEST <= result <= LATEST:
        raise FieldError(f"{result.isoformat()} is outside the years 1900–2100")
    return result


def parse_time(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = str(value).strip()
    m = _TIME.match(text)
    if not m:
        raise FieldError(f"'{text}' is not a time; write it as HH:MM on the 24-hour clock")
    return f"{int(m[1]):02d}:{m[2]}"


def parse_bool(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise FieldError(f"'{value}' is not yes or no")


def parse_enum(enum_cls: type[enum.Enum], value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, enum_cls):
        return value
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    for member in enum_cls:
        if text in (member.value, member.name.lower()):
            return member
    allowed = ", ".join(m.value for m in enum_cls)
    raise FieldError(f"'{value}' is not one of: {allowed}")


def enum_of(model: type[Any], key: str) -> type[enum.Enum]:
    """The enumeration a column of ``model`` stores."""
    column = inspect(model).column_attrs[key].columns[0]
    enum_cls = getattr(column.type, "enum_class", None)
    if enum_cls is None:
        raise TypeError(f"{model.__tablename__}.{key} is not an enumerated field")
    return enum_cls


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise FieldError(f"'{value}' is not a date and time") from exc


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise FieldError(f"{value!r} is not a whole number")
    try:
        return int(str(value).strip())
    except ValueError as exc:
        raise FieldError(f"'{value}' is not a whole number") from exc


def parse_text(value: Any, ctype: String | Text, key: str) -> str:
    """Text within the column's length; ``*_time`` columns of five characters hold HH:MM."""
    if not isinstance(value, str):
        raise FieldError(f"{value!r} is not text")
    limit = getattr(ctype, "length", None) or HUGE
    if len(value) > limit:
        raise FieldError(f"is {len(value):,} characters long; the most allowed is {limit:,}")
    if "\x00" in value:
        raise FieldError("contains a NUL character, which cannot be stored")
    if _SURROGATE.search(value):
        raise FieldError(
            "contains a character that is not valid text (an unpaired surrogate), which cannot "
            "be stored"
        )
    if key.endswith("_time") and isinstance(ctype, String) and ctype.length == 5:
        return parse_time(value)
    return value


def _empty_value(column: Any) -> Any:
    """What an empty field stores: nothing where the column allows it, else its default; a
    required column with neither is refused."""
    if not column.nullable and column.default is None and not column.primary_key:
        raise FieldError("is required")
    return None if column.nullable else column.default.arg if column.default else None


def coerce_column(model: type[Any], key: str, value: Any) -> Any:
    """Parse one value for ``model.key`` according to its column type; raise FieldError."""
    mapper = inspect(model)
    if key not in mapper.column_attrs:
        raise FieldError(f"{model.__tablename__} has no field '{key}'")
    column = mapper.column_attrs[key].columns[0]
    ctype = column.type
    if value is None or (value == "" and not isinstance(ctype, String | Text)):
        return _empty_value(column)
    if isinstance(ctype, Enum) and ctype.enum_class is not None:
        return parse_enum(ctype.enum_class, value)
    if isinstance(ctype, Date):
        return parse_date(value)
    if isinstance(ctype, UTCDateTime):
        return parse_datetime(value)
    if isinstance(ctype, Boolean):
        return parse_bool(value)
    if isinstance(ctype, Integer):
        return parse_int(value)
    if isinstance(ctype, String | Text):
        return parse_text(value, ctype, key)
    return value


def coerce_fields(
    model: type[Any], values: dict[str, Any], *, prefix: str = ""
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    out: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, value in values.items():
        try:
            out[key] = coerce_column(model, key, value)
        except FieldError as exc:
            problems.append((f"{prefix}{key}", str(exc)))
    return out, problems


def required_missing(
    model: type[Any], values: dict[str, Any], *, only_given: bool = False
) -> list[tuple[str, str]]:
    """Fields a record must have that ``values`` leaves out or empty (with ``only_given``,
    only those ``values`` sets: a change may not blank a required field)."""
    problems = []
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        if column.primary_key or column.nullable or column.default is not None:
            continue
        if column.server_default is not None:
            continue  # the database fills it in (a case's partnership)
        if column.foreign_keys:
            continue  # set by the service from the parent record
        if only_given and attr.key not in values:
            continue
        value = values.get(attr.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append((attr.key, "is required"))
    return problems


def validated(model: type[Any], values: dict[str, Any], *, new: bool) -> dict[str, Any]:
    """Coerce every field; raise one ValidationError listing every problem."""
    out, problems = coerce_fields(model, values)
    done = {where for where, _ in problems}
    problems += [p for p in required_missing(model, out, only_given=not new) if p[0] not in done]
    if problems:
        raise ValidationError("Nothing was saved:", problems)
    return out
