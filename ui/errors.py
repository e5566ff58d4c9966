"""The global error handler: a plain message for the coordinator, and a log line for support
that holds no personal data — the exception's type and where in the code it happened, never
its message or any value."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from dhr_desk.errors import DhrDeskError

LOG_NAME = "errors.log"
_log_dir: Path | None = None
_MAX_BYTES = 1_000_000


def log_path() -> Path | None:
    return _log_dir / LOG_NAME if _log_dir is not None else None


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and code locations only (file, line, function): safe to send to support."""
    where = [
        f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
    ]
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    name = f"{exc_type.__module__}.{exc_type.__qualname__}"
    return "\n".join([f"{stamp} {name}", *where]) + "\n"


def log_exception(
    exc_type: type[BaseException], _exc: BaseException | None, tb: TracebackType | None
) -> None:
    path = log_path()
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > _MAX_BYTES:
            os.replace(path, path.with_suffix(".log.1"))
        with path.open("a", encoding="utf-8") as handle:
            handle.write(describe(exc_type, tb))
    except OSError:
        pass  # a log that cannot be written must never hide the original problem


def plain_message(exc: BaseException) -> str:
    if isinstance(exc, DhrDeskError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "The computer ran out of memory. Save your work and close other programs."
    if isinstance(exc, OSError):
        return (
            "A file could not be read or written (the disk may be full, or a folder is not "
            "available). Nothing else was changed."
        )
    return (
        "Something unexpected went wrong. Your saved work is safe; the last change may not have "
        "been saved. A note for support (with no case data) was written to the log"
        + (f" in {log_path().parent}." if log_path() is not None else ".")  # type: ignore[union-attr]
    )


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log (no values), then tell the coordinator in plain words."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if not isinstance(exc, DhrDeskError):
        log_exception(exc_type, exc, tb)
    from PySide6.QtWidgets import QApplication

    from ui import dialogs

    if QApplication.instance() is not None:
        dialogs.error(QApplication.activeWindow(), plain_message(exc))


def install(log_dir: Path) -> None:
    global _log_dir
    _log_dir = log_dir
    sys.excepthook = handle
