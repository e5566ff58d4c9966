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
from ui.messages import ERROR, Notice, describe

LABELS = {
    "decided_on": "Decided on",
    "decided_by": "Decided by",
    "on": "Decided on",
    "override_reason": "Override reason",
}


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
        self.override = QLineEdit()
        self.override.setAccessibleName("Reason for deciding again or out of order")
        self.override.setPlaceholderText(
            "Only to decide again, or before the usual steps (kept in the history)"
        )
        self.run_button = QPushButton("Run the &test again")
        self.run_button.clicked.connect(lambda: self.set_parent(self.case_id))
        self.record_button = QPushButton("&Record the threshold decision")
        self.record_button.clicked.connect(self.record)
        self.error = Notice(name="thresholdNotice")
        self.decided_by.textChanged.connect(self._edited)
        self.decided_on.textChanged.connect(self._edited)
        form = QFormLayout()
        form.addRow("Decided on *", self.decided_on)
        form.addRow("Decided by *", self.decided_by)
        form.addRow("Override reason", self.override)
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

    def _edited(self) -> None:
        if self.error.kind == ERROR:
            self.error.clear()  # it spoke of what was typed before

    def record(self) -> bool:
        if self.case_id is None:
            return False
        try:
            decision, result = progress.decide_threshold(
                self.db,
                self.case_id,
                self.decided_on.text(),
                self.decided_by.text(),
                self.override.text(),
            )
        except DhrDeskError as exc:
            self.error.error(describe(exc, LABELS))
            return False
        self.override.clear()
        self.set_parent(self.case_id)
        verdict = "met" if result.met else "not met"
        day = decision.decided_on
        self.error.done(
            f"Recorded the threshold decision of {day.day} {day:%B %Y} by {decision.decided_by}: "
            f"the threshold is {verdict}. The step 'Threshold decision made' is done, and the "
            "reasons are kept for the letter (Stages and clocks ▸ Decisions)."
        )
        self.saved.emit()
        return True

    def new_record(self) -> None:
        self.decided_by.setFocus()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True
