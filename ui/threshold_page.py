"""The Community Trigger threshold: the test against the complaints relied on (each counted
or not, and why), and recording the decision that keeps the reasons for the letter."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import progress
from dhr_desk.services.access import Database
from ui.case_pages import heading


class ThresholdPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.setObjectName("page_threshold")
        self.verdict = QLabel()
        self.verdict.setObjectName("thresholdVerdict")
        self.verdict.setWordWrap(True)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName("Threshold test result")
        self.decided_on = QLineEdit(dt.date.today().isoformat())
        self.decided_on.setAccessibleName("Decided on")
        self.decided_on.setPlaceholderText("YYYY-MM-DD")
        self.decided_by = QLineEdit()
        self.decided_by.setAccessibleName("Decided by")
        self.decided_by.setPlaceholderText("Name and role of the decision maker")
        self.run_button = QPushButton("Run the &test again")
        self.run_button.clicked.connect(lambda: self.set_parent(self.case_id))
        self.record_button = QPushButton("&Record the threshold decision")
        self.record_button.clicked.connect(self.record)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Decided on", self.decided_on)
        form.addRow("Decided by", self.decided_by)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Threshold"))
        layout.addWidget(self.verdict)
        layout.addWidget(self.result, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            return
        try:
            result = progress.threshold(self.db, case_id)
        except DhrDeskError as exc:
            self.verdict.setText(str(exc))
            self.result.clear()
            return
        self.verdict.setText(
            "The threshold for a case review is MET."
            if result.met
            else "The threshold for a case review is NOT met."
        )
        self.result.setPlainText(result.text)

    def record(self) -> bool:
        if self.case_id is None:
            return False
        try:
            progress.decide_threshold(
                self.db, self.case_id, self.decided_on.text(), self.decided_by.text()
            )
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        self.set_parent(self.case_id)
        self.saved.emit()
        return True

    def new_record(self) -> None:
        self.decided_by.setFocus()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True
