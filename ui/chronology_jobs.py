"""Background work of the chronology page that may outlive the page: finding the likely
duplicates, drawing the timeline. A case tab can be closed while such work runs; the work is
then left to finish on its own (its results go nowhere) instead of its thread being destroyed
while it runs. When the app quits, whatever still runs is stopped and waited for."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui.jobs import Job, JobThread

_RUNNING: set[JobThread] = set()
_QUIT_HOOKED = False


def detached(job: Job) -> JobThread:
    """A job thread owned by no widget; connect its signals, then ``start()`` it."""
    global _QUIT_HOOKED
    thread = JobThread(job, None)
    _RUNNING.add(thread)
    thread.finished.connect(lambda: _ended(thread))
    app = QCoreApplication.instance()
    if app is not None and not _QUIT_HOOKED:
        app.aboutToQuit.connect(stop_all)
        _QUIT_HOOKED = True
    return thread


def _ended(thread: JobThread) -> None:
    if thread in _RUNNING:
        _RUNNING.discard(thread)
        thread.deleteLater()


def running() -> int:
    """How many detached jobs have not ended."""
    return sum(1 for thread in _RUNNING if not thread.isFinished())


def stop_all() -> None:
    """Stop every detached job and wait for it (the app is quitting)."""
    for thread in list(_RUNNING):
        thread.cancel()
    for thread in list(_RUNNING):
        thread.wait()
