"""Generate a document: kind, format, edition, recipients (one copy each), password, draft or
final. It runs in the background with progress and cancel, then offers to open the folder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import documents, workspace
from dhr_desk.services.access import Database
from dhr_desk.services.cases import CaseKind
from dhr_desk.services.documents import Edition
from ui.jobs import JobThread
from ui.messages import Notice

FOLDER_KEY = "documents/last_folder"


def default_folder() -> Path:
    stored = QSettings("DHR Desk", "DHR Desk").value(FOLDER_KEY)
    if isinstance(stored, str) and stored and Path(stored).is_dir():
        return Path(stored)
    return Path.home() / "Documents" / "DHR Desk"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "copy"


def output_path(folder: Path, reference: str, title: str, fmt: str, recipient: str) -> Path:
    """A file name that says what it is and never overwrites an earlier file."""
    stem = f"{reference} {title}" + (f" - {recipient}" if recipient else "")
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "-", stem).strip()
    path = folder / f"{stem}.{fmt}"
    number = 2
    while path.exists():
        path = folder / f"{stem} ({number}).{fmt}"
        number += 1
    return path


class GenerateDialog(QDialog):
    generated = Signal(object)  # list[GeneratedFile]

    def __init__(
        self, db: Database, case_id: int, kind: CaseKind, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id = case_id
        self.case = workspace.get_case(db, case_id)
        self.job: JobThread | None = None
        self.files: list[Any] = []
        self.setWindowTitle(f"Generate a document — {self.case.reference}")
        self.setObjectName("generateDialog")
        self.resize(620, 520)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Document")
        for doc_kind in documents.document_kinds(kind):
            self.kind.addItem(doc_kind.title, doc_kind.code)
        self.file_format = QComboBox()
        self.file_format.setAccessibleName("Format")
        self.file_format.addItem("PDF", "pdf")
        self.file_format.addItem("Word (.docx)", "docx")
        self.edition = QComboBox()
        self.edition.setAccessibleName("Edition")
        self.edition.addItem("Full (working copy with names)", Edition.FULL.value)
        self.edition.addItem("Published (pseudonyms, no identifiers)", Edition.PUBLISHED.value)
        self.final = QCheckBox("Final version (not marked DRAFT)")
        self.final.setToolTip(
            "A final published edition is written only when the checklist on the Publication "
            "check page passes; a draft published edition lists what the publication check "
            "found at its end."
        )
        self.meeting = QSpinBox()
        self.meeting.setAccessibleName("Meeting number")
        self.meeting.setRange(0, 99)
        self.meeting.setSpecialValueText("Latest")
        self.recipients = QPlainTextEdit()
        self.recipients.setAccessibleName("Recipients, one a line")
        self.recipients.setPlaceholderText(
            "One recipient a line: each gets their own marked copy, listed in the register. "
            "Leave empty for one copy."
        )
        self.recipients.setTabChangesFocus(True)
        self.recipients.setMaximumHeight(90)
        self.password = QLineEdit()
        self.password.setAccessibleName("Password to open the file")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Optional")
        self.folder = QLineEdit(str(default_folder()))
        self.folder.setAccessibleName("Folder")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder)
        folder_row.addWidget(choose)

        form = QFormLayout()
        form.addRow("&Document", self.kind)
        form.addRow("&Format", self.file_format)
        form.addRow("&Edition", self.edition)
        form.addRow("", self.final)
        form.addRow("&Meeting (agenda, minutes)", self.meeting)
        form.addRow("&Recipients", self.recipients)
        form.addRow("&Password", self.password)
        form.addRow("Folder", folder_row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress")
        self.message = Notice(name="generateStatus")
        self.error = Notice(name="formError")
        self.generate_button = QPushButton("&Generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton("&Open the folder")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (
            self.open_button,
            self.generate_button,
            self.cancel_button,
            self.close_button,
        ):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Save documents in", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def requests(self) -> list[documents.GenerationRequest]:
        folder = Path(self.folder.text()).expanduser()
        fmt = str(self.file_format.currentData())
        code = str(self.kind.currentData())
        title = self.kind.currentText()
        recipients = [r.strip() for r in self.recipients.toPlainText().splitlines() if r.strip()]
        out = []
        taken: set[Path] = set()
        for recipient in recipients or [""]:
            path = output_path(folder, self.case.reference, title, fmt, recipient)
            while path in taken:
                path = path.with_name(f"{path.stem} {_slug(recipient)}{path.suffix}")
            taken.add(path)
            out.append(
                documents.GenerationRequest(
                    kind=code,
                    output=path,
                    reference=self.case.reference,
                    file_format=fmt,
                    edition=Edition(self.edition.currentData()),
                    recipient=recipient,
                    password=self.password.text() or None,
                    final=self.final.isChecked(),
                    meeting=self.meeting.value() or None,
                )
            )
        return out

    def start(self) -> None:
        self.error.clear()
        folder = Path(self.folder.text()).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.error.error(f"The folder {folder} cannot be used: {exc.strerror}.")
            return
        requests = self.requests()
        db = self.db

        def job(progress: Any, cancelled: Any) -> list[Any]:
            made = []
            share = 1.0 / len(requests)
            for number, request in enumerate(requests):

                def step(fraction: float, message: str = "", n: int = number) -> None:
                    progress((n + fraction) * share, message)

                made.append(documents.generate(db, request, step, cancelled))
            return made

        self.job = JobThread(job, self)
        self.job.progressed.connect(self._progress)
        self.job.succeeded.connect(self._done)
        self.job.failed.connect(self._failed)
        self.job.cancelled_by_user.connect(self._cancelled)
        self.generate_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.setText("Starting…")
        QSettings("DHR Desk", "DHR Desk").setValue(FOLDER_KEY, str(folder))
        self.started_at = dt.datetime.now()
        self.job.start()

    def _progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        if message:
            self.message.setText(message)

    def _finish(self) -> None:
        self.generate_button.setEnabled(True)
        if self.job is not None:
            self.job.wait()
            self.job = None

    def _done(self, files: list[Any]) -> None:
        self._finish()
        self.files = files
        self.progress.setValue(100)
        names = ", ".join(f.path.name for f in files)
        version = files[0].version if files else ""
        self.message.done(f"Made version {version}: {names}")
        self.open_button.show()
        self.close_button.show()
        self.cancel_button.hide()
        self.generated.emit(files)

    def _failed(self, text: str) -> None:
        self._finish()
        self.error.error(text)
        self.message.clear()

    def _cancelled(self) -> None:
        self._finish()
        self.progress.setValue(0)
        self.message.warning("Cancelled: no file was written and nothing was recorded.")

    def cancel(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()
            self.message.setText("Cancelling…")
            return
        self.reject()

    def open_folder(self) -> None:
        if self.files:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.files[0].path.parent)))

    def reject(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.cancel()
            return
        super().reject()
