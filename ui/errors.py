"""The global error handler: a plain message for the coordinator, and a log line for support
that holds no personal data — the exception's type and where in the code it happened, never
its message or any value.

A fatal error (one Python cannot recover from: a crash inside Qt, an abort) is traced into the
same log by :mod:`faulthandler`, which writes only code locations. A marker in the log folder
says the app is running; one found at start means the last run did not end cleanly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import faulthandler
import json
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from dhr_desk import __version__
from dhr_desk.errors import DhrDeskError

LOG_NAME = "errors.log"
RUN_MARKER = "running.json"
FATAL = "Fatal Python error"
_log_dir: Path | None = None
_MAX_BYTES = 1_000_000
_fatal_log: IO[str] | None = None  # kept open: faulthandler writes to it when the process dies


def log_path() -> Path | None:
    return _log_dir / LOG_NAME if _log_dir is not None else None


def describe(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and code locations only (file, line, function): safe to send to support."""
    where = [
        f"  {Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
    ]
    stamp = _stamp()
    name = f"{exc_type.__module__}.{exc_type.__qualname__}"
    return "\n".join([f"{stamp} {name}", *where]) + "\n"


def _open_log(path: Path) -> IO[str]:
    """The log for appending, readable by its owner only (made so if it was not)."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            path.parent.chmod(0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    if os.name == "posix" and os.fstat(fd).st_mode & 0o077:
        os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a", encoding="utf-8")


def _rotate(path: Path) -> None:
    """Keep the log small: past 1 MB it becomes ``errors.log.1`` (the one before is dropped)."""
    if path.exists() and path.stat().st_size > _MAX_BYTES:
        os.replace(path, path.with_suffix(".log.1"))
        if _fatal_log is not None:
            trace_fatal_errors()  # the fatal-error trace follows to the new file


def append(text: str) -> None:
    """Add lines to the log (never personal data); a log that cannot be written is skipped."""
    path = log_path()
    if path is None:
        return
    try:
        _rotate(path)
        with _open_log(path) as handle:
            handle.write(text)
    except OSError:
        pass  # a log that cannot be written must never hide the original problem


def log_exception(
    exc_type: type[BaseException], _exc: BaseException | None, tb: TracebackType | None
) -> None:
    append(describe(exc_type, tb))


def trace_fatal_errors() -> None:
    """Send :mod:`faulthandler`'s trace of a fatal error (every thread's code locations, no
    values) to the log. The file stays open for the life of the process."""
    global _fatal_log
    path = log_path()
    if path is None:
        return
    try:
        handle = _open_log(path)
    except OSError:
        return  # no log folder (a read-only disk): the app still runs
    faulthandler.enable(handle, all_threads=True)
    previous, _fatal_log = _fatal_log, handle
    if previous is not None:
        previous.close()


# --------------------------------------------------------------------------- the run marker
@dataclass(frozen=True)
class UncleanEnd:
    """The run before this one, which did not end cleanly."""

    started_at: dt.datetime | None
    fatal_error: bool  # a fatal error was traced into the log (else: killed, or power lost)


def _marker() -> Path | None:
    return _log_dir / RUN_MARKER if _log_dir is not None else None


def begin_run() -> UncleanEnd | None:
    """Mark this run as under way; say how the last one ended if it did not end cleanly.

    The marker holds when the run started, the app's version, its process number and how long
    the log was — nothing about cases or people.
    """
    marker, path = _marker(), log_path()
    if marker is None or path is None:
        return None
    previous = _read_marker(marker, path)
    if previous is not None:
        started = previous.started_at.isoformat() if previous.started_at else "an unknown time"
        how = "after the fatal error above" if previous.fatal_error else "without a trace"
        append(f"{_stamp()} the run started at {started} did not end cleanly ({how})\n")
    body = {
        "started_at": _stamp(),
        "version": __version__,
        "process": os.getpid(),
        "log_bytes": path.stat().st_size if path.exists() else 0,
    }
    # without a marker the next start cannot tell; the app itself is unaffected
    with contextlib.suppress(OSError):
        _write_whole(marker, json.dumps(body).encode("utf-8"))
    return previous


def _write_whole(target: Path, data: bytes) -> None:
    """Write a small file whole or not at all (beside it, flushed to disk, then moved in
    place), readable by its owner only."""
    part = target.with_name(f".{target.name}.part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def start_run() -> UncleanEnd | None:
    """:func:`begin_run`, and tell the coordinator in a plain message when the last run did
    not end cleanly (before anything else: this is the first thing a start shows)."""
    previous = begin_run()
    if previous is not None:
        from ui import dialogs

        dialogs.inform(None, unclean_end_message(previous), "DHR Desk closed unexpectedly")
    return previous


def end_run() -> None:
    """The run ends cleanly: the marker goes."""
    marker = _marker()
    if marker is not None:
        marker.unlink(missing_ok=True)


def _read_marker(marker: Path, log: Path) -> UncleanEnd | None:
    if not marker.exists():
        return None
    try:
        body = json.loads(marker.read_text("utf-8"))
        started = dt.datetime.fromisoformat(body["started_at"])
        offset = int(body.get("log_bytes", 0))
    except (OSError, ValueError, KeyError, TypeError):
        started, offset = None, 0  # a marker cut short by a power cut still counts
    fatal = False
    try:
        if log.exists():
            with log.open("rb") as handle:
                if handle.seek(0, os.SEEK_END) >= offset:
                    handle.seek(offset)
                else:
                    handle.seek(0)  # the log was rotated since
                fatal = FATAL.encode() in handle.read()
    except OSError:
        pass
    return UncleanEnd(started, fatal)


def unclean_end_message(previous: UncleanEnd) -> str:
    """What the coordinator is told at start after a run that did not end cleanly."""
    when = ""
    if previous.started_at is not None:
        when = f" (opened {previous.started_at.astimezone().strftime('%d %B %Y at %H:%M')})"
    if previous.fatal_error:
        cause = (
            "it stopped because of an error. A note for support, with no case data, was written "
            f"to {log_path()}."
        )
    else:
        cause = "it was ended from outside or the computer lost power."
    return (
        f"DHR Desk closed unexpectedly the last time it was used{when}: {cause}\n\n"
        "Everything you saved is safe. Edits not yet saved are kept as drafts every few "
        "seconds; if any were kept, DHR Desk offers them back once the database is open."
    )


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


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
