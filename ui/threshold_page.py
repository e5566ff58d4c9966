"""The ASB Case Review threshold: the statutory rule and the local routes applied to the
complaints (each counted or not, and why), and recording the decision that keeps the reasons
for the letter — with the partnership's discretion under s104(5) when the test says not met."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import ChangedMeanwhileError, DhrDeskError
from dhr_desk.services import progress
from dhr_desk.services.access import Database
from ui import changed_meanwhile, dialogs
from ui.case_pages import heading
from ui.messages import ERROR, Notice, describe

LABELS = {
    "decided_on": "Decided on",
    "decided_by": "Decided by",
    "on": "Decided on",
    "override_reason": "Override reason",
}


THRESHOLD_FIELDS = [
    ("test", "Threshold test"),
    ("complaints", "Complaints"),
    ("decision", "Threshold decision"),
]

# The grounds of s104(5) as the check boxes name them (the full words are their tooltips).
GROUND_LABELS = {
    "persistence": "Persistence of the behaviour",
    "harm": "Harm or potential harm",
    "adequacy": "Adequacy of the response",
    "vulnerability": "The victim's vulnerability",
}


class ThresholdPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.seen: int | None = None  # the version of what the test shown was read from
        self.opened: dict[str, str] = {}  # the test and decisions shown, in words
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
        grounds_box = QWidget()
        grounds_grid = QGridLayout(grounds_box)
        grounds_grid.setContentsMargins(0, 0, 0, 0)
        for index, (code, words) in enumerate(progress.discretion_grounds().items()):
            box = QCheckBox(GROUND_LABELS.get(code, words[:1].upper() + words[1:]))
            box.setToolTip(words[:1].upper() + words[1:])
            box.setAccessibleName(f"Ground for discretion: {words}")
            box.toggled.connect(self._discretion_changed)
            self.grounds[code] = box
            grounds_grid.addWidget(box, index // 2, index % 2)
        self.discretion_reasons = QPlainTextEdit()
        self.discretion_reasons.setAccessibleName("Why the threshold is met by discretion")
        self.discretion_reasons.setPlaceholderText(
            "Only when the test says not met and the partnership decides it is met under its "
            "local procedure (section 104(5)): say why"
        )
        self.discretion_reasons.setMaximumHeight(70)
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Decided on *", self.decided_on)
        form.addRow("Decided by *", self.decided_by)
        form.addRow("Met by discretion, for", grounds_box)
        form.addRow("Reasons for the discretion", self.discretion_reasons)
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
            view = progress.opened_threshold(self.db, case_id)
        except DhrDeskError as exc:
            self.verdict.setText(str(exc))
            self.result.clear()
            self.seen, self.opened = None, {}
            return
        result, recorded = view.result, view.decisions
        self.seen, self.opened = view.version, view.texts
        if result.met:
            rules = " and ".join(r.name for r in result.met_by)
            said = f"The threshold for a case review is MET, under {rules}."
        else:
            said = "The threshold for a case review is NOT met."
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

    def _edited(self) -> None:
        if self.error.kind == ERROR:
            self.error.clear()  # it spoke of what was typed before

    def record(self) -> bool:
        if self.case_id is None:
            return False
        chosen = tuple(code for code, box in self.grounds.items() if box.isChecked())
        try:
            decision, result = progress.decide_threshold(
                self.db,
                self.case_id,
                self.decided_on.text(),
                self.decided_by.text(),
                self.override.text(),
                grounds=chosen,
                discretion_reasons=self.discretion_reasons.toPlainText(),
                seen=self.seen,
            )
        except ChangedMeanwhileError as exc:
            return self._changed_meanwhile(exc)
        except DhrDeskError as exc:
            self.error.error(describe(exc, LABELS))
            return False
        for box in self.grounds.values():
            box.setChecked(False)
        self.discretion_reasons.clear()
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

    def _changed_meanwhile(self, exc: ChangedMeanwhileError) -> bool:
        """Someone else changed a complaint, the application or the threshold decisions since
        the test was read: the test and decisions both ways, then keep mine (decide on the
        test as it stands now), take theirs (the test afresh, what was typed cleared) or go
        back to editing (the test afresh, what was typed kept)."""
        yours = self.opened | {k: changed_meanwhile.as_text(v) for k, v in exc.yours.items()}
        comparison = changed_meanwhile.comparison_of(
            "case's threshold", exc, THRESHOLD_FIELDS, yours, self.opened
        )
        choice = dialogs.changed_meanwhile(self, comparison)
        self.set_parent(self.case_id)  # the test as it stands now, and its version
        if choice == changed_meanwhile.KEEP:
            return self.record()
        who, when = comparison.who, changed_meanwhile.when_text(comparison.when)
        if choice == changed_meanwhile.THEIRS:
            for box in self.grounds.values():
                box.setChecked(False)
            self.discretion_reasons.clear()
            self.override.clear()
            self.error.warning(
                f"Not recorded: {who} changed what the test reads {when}. The test above is "
                "run afresh; nothing of yours was recorded."
            )
            return False
        self.error.warning(
            f"Not recorded: {who} changed what the test reads {when}. The test above is run "
            "afresh; what you typed is kept, to record again on it."
        )
        return False

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
