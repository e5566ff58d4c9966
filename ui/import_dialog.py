"""Import case files (File ▸ Import case file…): the files are checked and imported in the
background with progress and Cancel; each is added whole or not at all. What was refused is
listed in plain words; a file refused only for what is unusual but possible (an entry after the
date of death) can be imported as it is once the coordinator has read why and confirms.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import casefiles
from dhr_desk.services.access import Database
from dhr_desk.services.casefiles import FileResult
from dhr_desk.words import plural
from ui import dialogs
from ui.jobs import JobThread
from ui.messages import Notice


class ImportDialog(QDialog):
    """Imports ``paths`` as soon as it is started; ``imported`` gives the references added."""

    imported = Signal(object)  # list[str]

    def __init__(self, db: Database, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.paths = list(paths)
        self.job: JobThread | None = None
        self.results: dict[Path, FileResult] = {}
        self.setWindowTitle("Import case files")
        self.setObjectName("importDialog")
        self.resize(640, 440)
        intro = QLabel(
            f"Importing {plural(len(self.paths), 'case file')}: "
            + ", ".join(p.name for p in self.paths)
            + ". Each file is checked completely and added whole, or not at all."
        )
        intro.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress")
        self.step = QLabel()
        self.step.setWordWrap(True)
        self.notice = Notice(name="importNotice")
        self.report = QTextBrowser()
        self.report.setAccessibleName("What happened to each file")
        self.report.setOpenLinks(False)
        self.report.hide()
        self.accept_button = QPushButton("&Import anyway…")
        self.accept_button.setToolTip(
            "Import the files refused only for what is unusual but possible, as they are"
        )
        self.accept_button.clicked.connect(self.import_anyway)
        self.accept_button.hide()
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.accept_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        layout.addWidget(self.notice)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ running
    def start(self, paths: list[Path] | None = None, *, confirmed: bool = False) -> None:
        chosen = list(paths if paths is not None else self.paths)
        db = self.db

        def job(progress: Any, cancelled: Any) -> list[FileResult]:
            return casefiles.import_files(db, chosen, progress, cancelled, confirmed=confirmed)

        self.job = JobThread(job, self)
        self.job.progressed.connect(self._progress)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.cancelled_by_user.connect(self._cancelled)
        self.progress.setValue(0)
        self.step.setText("Starting…")
        self.notice.clear()
        self.accept_button.hide()
        self.close_button.hide()
        self.cancel_button.show()
        self.job.start()

    def _progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        if message:
            self.step.setText(message + "…")

    def _finish(self) -> None:
        if self.job is not None:
            self.job.wait()
            self.job = None
        self.cancel_button.hide()
        self.close_button.show()
        self.step.clear()

    def _done(self, results: list[FileResult]) -> None:
        self._finish()
        self.progress.setValue(100)
        for result in results:
            self.results[result.path] = result
        self._show_results()
        added = [r.reference for r in results if r.imported and r.reference]
        if added:
            self.imported.emit(added)

    def _failed(self, text: str) -> None:
        self._finish()
        self.notice.error(text)

    def _cancelled(self) -> None:
        self._finish()
        self.progress.setValue(0)
        self.notice.warning("Stopped: the file being imported was not added, nor any after it.")

    def cancel(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()
            self.step.setText("Stopping…")
            return
        self.reject()

    def reject(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.cancel()
            return
        super().reject()

    # ------------------------------------------------------------------ results
    def refused(self) -> list[FileResult]:
        return [r for r in self.results.values() if not r.imported]

    def confirmable(self) -> list[FileResult]:
        return [r for r in self.refused() if r.confirmable]

    def _show_results(self) -> None:
        results = [self.results[p] for p in self.paths if p in self.results]
        done = sum(1 for r in results if r.imported)
        refused = len(results) - done
        summary = f"{done} of {plural(len(results), 'file')} imported."
        waiting = self.confirmable()
        if waiting:
            which = "was" if len(waiting) == 1 else "were"
            self.notice.warning(
                f"{summary} {plural(len(waiting), 'file')} {which} refused only for what is "
                "unusual but possible: read why below, then choose Import anyway… if it is "
                "right."
            )
        elif refused:
            self.notice.error(f"{summary} The files refused were not imported at all: see why.")
        else:
            self.notice.done(summary)
        self.report.setHtml(_report_html(results))
        self.report.show()
        self.accept_button.setVisible(bool(self.confirmable()))

    def import_anyway(self) -> None:
        """The files refused only for warnings, imported as they are once confirmed."""
        files = self.confirmable()
        if not files:
            return
        points = "\n".join(f"• {p}" for r in files for p in r.problems[:20])
        more = sum(max(len(r.problems) - 20, 0) for r in files)
        question = "Import it as it is?" if len(files) == 1 else "Import them as they are?"
        text = f"{points}" + (f"\n…and {more} more." if more else "") + f"\n\n{question}"
        if not dialogs.confirm(self, "Please check before importing", text):
            return
        self.start([r.path for r in files], confirmed=True)


def _report_html(results: list[FileResult]) -> str:
    parts = []
    for result in results:
        colour = "#1a7f37" if result.imported else "#b3261e"
        parts.append(f"<p><b style='color:{colour}'>{html.escape(result.message)}</b></p>")
        if result.problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in result.problems)
            parts.append(f"<ul>{items}</ul>")
        if result.confirmable:
            parts.append(
                "<p style='color:#5c3900'>Unusual but possible: Import anyway… adds this file "
                "as it is.</p>"
            )
    return "".join(parts)
