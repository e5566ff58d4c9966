"""Long work off the GUI thread: a Qt-free job from the core (with a progress callback and a
cancel check) run in a QThread.

The worker thread never emits a Python signal: it writes its progress and result under a lock,
the GUI thread reads the progress on a timer and the result when QThread's own ``finished``
arrives, then emits this class's signals from the GUI thread. (Cross-thread emission of Python
signals at a high rate is fragile in PySide6, and a progress bar needs no more than 20 Hz.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, QTimer, Signal

from dhr_desk.errors import DhrDeskError

Job = Callable[[Callable[..., None], Callable[[], bool]], Any]
POLL_MS = 50


def percent_of(*args: Any) -> tuple[int, str]:
    """``(fraction)``, ``(fraction, message)``, ``(done, total)`` or ``(done, total, message)``."""
    message = next((a for a in args if isinstance(a, str)), "")
    numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
    percent = 0
    if len(numbers) >= 2 and numbers[1]:
        percent = int(100 * numbers[0] / numbers[1])
    elif numbers:
        value = float(numbers[0])
        percent = int(value * 100) if value <= 1 else int(value)
    return max(0, min(100, percent)), message


class JobThread(QThread):
    """Runs ``job(progress, cancelled)`` in a worker thread."""

    progressed = Signal(int, str)  # percent, message (emitted in the GUI thread)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled_by_user = Signal()

    def __init__(self, job: Job, parent: Any = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._progress: tuple[int, str] | None = None
        self._outcome: tuple[str, Any] = ("failed", "The work did not finish.")
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self.finished.connect(self._finished)
        self.started.connect(self._timer.start)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # worker thread -------------------------------------------------------------
    def _report(self, *args: Any) -> None:
        with self._lock:
            self._progress = percent_of(*args)

    def run(self) -> None:
        try:
            result = self._job(self._report, self.is_cancelled)
        except DhrDeskError as exc:
            outcome: tuple[str, Any] = (
                ("cancelled", None) if self.is_cancelled() else ("failed", str(exc))
            )
        except Exception as exc:  # noqa: BLE001 - reported plainly, logged without values
            from ui.errors import log_exception

            log_exception(type(exc), exc, exc.__traceback__)
            outcome = (
                "failed",
                "The work stopped because of an unexpected problem. Details (without any case "
                "data) were written to the log.",
            )
        else:
            outcome = ("cancelled", None) if self.is_cancelled() else ("done", result)
        with self._lock:
            self._outcome = outcome

    # GUI thread ----------------------------------------------------------------
    def _poll(self) -> None:
        with self._lock:
            progress, self._progress = self._progress, None
        if progress is not None:
            self.progressed.emit(*progress)

    def _finished(self) -> None:
        self._timer.stop()
        self._poll()
        with self._lock:
            kind, value = self._outcome
        if kind == "done":
            self.succeeded.emit(value)
        elif kind == "cancelled":
            self.cancelled_by_user.emit()
        else:
            self.failed.emit(value)
