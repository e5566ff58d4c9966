"""Long work off the GUI thread: a Qt-free job from the core (with a progress callback and a
cancel check) wrapped in a QThread that turns its progress into signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from dhr_desk.errors import DhrDeskError

Job = Callable[[Callable[..., None], Callable[[], bool]], Any]


class JobThread(QThread):
    """Runs ``job(progress, cancelled)``; ``progress`` may be called as ``(fraction)``,
    ``(fraction, message)``, ``(done, total)`` or ``(done, total, message)``."""

    progressed = Signal(int, str)  # percent, message
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled_by_user = Signal()

    def __init__(self, job: Job, parent: Any = None) -> None:
        super().__init__(parent)
        self._job = job
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, *args: Any) -> None:
        message = next((a for a in args if isinstance(a, str)), "")
        numbers = [a for a in args if isinstance(a, int | float) and not isinstance(a, bool)]
        percent = 0
        if len(numbers) >= 2 and numbers[1]:
            percent = int(100 * numbers[0] / numbers[1])
        elif numbers:
            value = float(numbers[0])
            percent = int(value * 100) if value <= 1 else int(value)
        self.progressed.emit(max(0, min(100, percent)), message)

    def run(self) -> None:  # runs in the worker thread
        try:
            result = self._job(self._progress, self.is_cancelled)
        except DhrDeskError as exc:
            if self.is_cancelled():
                self.cancelled_by_user.emit()
            else:
                self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - reported plainly, logged without values
            from ui.errors import log_exception

            log_exception(type(exc), exc, exc.__traceback__)
            self.failed.emit(
                "The document could not be made because of an unexpected problem. "
                "Details (without any case data) were written to the log."
            )
            return
        if self.is_cancelled():
            self.cancelled_by_user.emit()
        else:
            self.succeeded.emit(result)
