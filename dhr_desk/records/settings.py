"""Settings the coordinator changes, kept in the database (encrypted and audited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dhr_desk.domain import Setting
from dhr_desk.errors import ValidationError
from dhr_desk.storage.database import Database

DEFAULTS: dict[str, Any] = {
    "council_name": "Example Borough Council",
    "partnership_name": "Example Community Safety Partnership",
    "protective_marking": "OFFICIAL-SENSITIVE",
    "dhr_label": "DHR",  # or "DARDR" once the Victims and Prisoners Act 2024 is commenced
    # The July 2025 guidance's name first, the older name after it in brackets.
    "ct_label": "ASB Case Review (Community Trigger)",
    "idle_lock_minutes": 10,
    "backup_folder": "",
    "logo_png_base64": "",
    "coordinator_name": "",
    "coordinator_email": "",
    "csp_chair_name": "",
    "warning_days": 14,
}

_CHOICES: dict[str, tuple[str, ...]] = {
    "dhr_label": ("DHR", "DARDR"),
    "ct_label": ("ASB Case Review (Community Trigger)", "ASB Case Review", "Community Trigger"),
}
# Whole-number settings with a lowest and highest value (registered by their owners).
_LIMITS: dict[str, tuple[int, int, str]] = {}


def register_defaults(values: dict[str, Any]) -> None:
    """Let a module that owns a setting declare its default (e.g. the threshold rules).

    The owners register when they are imported; :mod:`dhr_desk.services` imports them all.
    """
    for key, value in values.items():
        DEFAULTS.setdefault(key, value)


def register_limits(key: str, lowest: int, highest: int, why: str = "") -> None:
    """Let the owner of a whole-number setting bound it; ``why`` ends the refusal sentence."""
    _LIMITS[key] = (lowest, highest, why)


def limits(key: str) -> tuple[int, int] | None:
    """The lowest and highest value of a bounded whole-number setting (None if unbounded)."""
    found = _LIMITS.get(key)
    return (found[0], found[1]) if found else None


def choices(key: str) -> tuple[str, ...]:
    """The values a setting may take, where it is one of a list (empty otherwise)."""
    return _CHOICES.get(key, ())


def defaults() -> dict[str, Any]:
    return dict(DEFAULTS)


def get_in(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is not None:
        return row.value
    if key not in DEFAULTS:
        raise KeyError(f"no setting called {key!r} is registered")
    return DEFAULTS[key]


def get(db: Database, key: str) -> Any:
    with db.reading() as session:
        return get_in(session, key)


def all_settings(db: Database) -> dict[str, Any]:
    with db.reading() as session:
        stored = {row.key: row.value for row in session.query(Setting)}
    return {**DEFAULTS, **stored}


def _check(key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise ValidationError(f"There is no setting called '{key}'.")
    default = DEFAULTS[key]
    if isinstance(default, bool) != isinstance(value, bool) or (
        isinstance(default, int) and not isinstance(value, int)
    ):
        raise ValidationError(f"The setting '{key}' must be like {default!r}.")
    if isinstance(default, str) and not isinstance(value, str):
        raise ValidationError(f"The setting '{key}' must be text.")
    if key in _LIMITS and not _LIMITS[key][0] <= value <= _LIMITS[key][1]:
        lowest, highest, why = _LIMITS[key]
        raise ValidationError(
            f"The setting '{key}' must be from {lowest} to {highest}{f': {why}' if why else ''}."
        )
    if key in _CHOICES and value not in _CHOICES[key]:
        raise ValidationError(f"The setting '{key}' must be one of: {', '.join(_CHOICES[key])}.")
    if isinstance(value, str) and len(value) > 2_000_000:
        raise ValidationError(f"The setting '{key}' is too long.")


def set_in(session: Session, key: str, value: Any) -> None:
    _check(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()


def set_many(db: Database, values: dict[str, Any]) -> None:
    """Save several settings in one transaction (all or none)."""
    with db.session() as session:
        for key, value in values.items():
            set_in(session, key, value)
