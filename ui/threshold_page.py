"""The ASB Case Review threshold: the statutory rule and the local routes applied to the
complaints (each counted or not, and why), and recording the decision that keeps the reasons
for the letter — with the partnership's discretion under s104(5) when the test says not met."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
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
        self.grounds: dict[str, QCheckBox] = {}
        for code, words in progress.discretion_grounds().items():
            box = QCheckBox(words[:1].upper() + words[1:])
            box.setAccessibleName(f"Ground for discretion: {words}")
            box.toggled.connect(self._discretion_changed)
            self.grounds[code] = box
        grounds_box = QWidget()
        grounds_column = QVBoxLayout(grounds_box)
        grounds_column.setContentsMargins(0, 0, 0, 0)
        for box in self.grounds.values():
            grounds_column.addWidget(box)
        self.discretion_reasons = QPlainTextEdit()
        self.discretion_reasons.setAccessibleName("Why the threshold is met by discretion")
        self.discretion_reasons.setPlaceholderText(
            "Only when the test says not met and the partnership decides it is met under its "
            "local procedure (section 104(5)): say why"
        )
        self.discretion_reasons.setMaximumHeight(70)
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
        form.addRow("Met by discretion, having regard to", grounds_box)
        form.addRow("Reasons for the discretion", self.discretion_reasons)
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
        if result.met:
            rules = " and ".join(r.name for r in result.met_by)
            said = f"The threshold for a case review is MET, under {rules}."
        else:
            said = "The threshold for a case review is NOT met."
        recorded = progress.threshold_decisions(self.db, case_id)
        if recorded:
            latest = recorded[-1]
            how = " by discretion" if latest.basis == "discretion" else ""
            said += (
                f" Decision recorded on {latest.decided_on:%d/%m/%Y}: "
                f"{latest.outcome.label.lower()}{how}."
            )
        self.verdict.setText(said)
        self.result.setPlainText(result.text)
        for box in self.grounds.values():
            box.setEnabled(not result.met)
        self.discretion_reasons.setEnabled(not result.met)

    def record(self) -> bool:
        if self.case_id is None:
            return False
        chosen = tuple(code for code, box in self.grounds.items() if box.isChecked())
        try:
            progress.decide_threshold(
                self.db,
                self.case_id,
                self.decided_on.text(),
                self.decided_by.text(),
                grounds=chosen,
                discretion_reasons=self.discretion_reasons.toPlainText(),
            )
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.error.clear()
        for box in self.grounds.values():
            box.setChecked(False)
        self.discretion_reasons.clear()
        self.set_parent(self.case_id)
        self.saved.emit()
        return True

    def _discretion_changed(self) -> None:
        if any(box.isChecked() for box in self.grounds.values()):
            self.record_button.setText("&Record the threshold as met by discretion")
        else:
            self.record_button.setText("&Record the threshold decision")

    def new_record(self) -> None:
        self.decided_by.setFocus()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True
