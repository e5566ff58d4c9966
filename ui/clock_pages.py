"""The clock pages of a case: its workflow steps and deadlines (with recording a step and the
decisions), and the pauses for parallel proceedings."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import progress, workspace
from dhr_desk.services.access import Database
from ui import dialogs
from ui.case_pages import colour_rows, fill_table, heading, read_only_table
from ui.record_page import RecordPage


class StagesPage(QWidget):
    """The workflow steps (done, next, blocked and why), recording a step, the case's deadlines
    and its recorded decisions."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.setObjectName("page_stages")
        self.steps_table = read_only_table("Steps of the review")
        self.deadlines_table = read_only_table("Deadlines")
        self.step_choice = QComboBox()
        self.step_choice.setAccessibleName("Step to record")
        self.step_on = QLineEdit(dt.date.today().isoformat())
        self.step_on.setAccessibleName("Date the step happened")
        self.step_on.setPlaceholderText("YYYY-MM-DD")
        self.step_note = QLineEdit()
        self.step_note.setAccessibleName("Note about the step")
        self.step_override = QLineEdit()
        self.step_override.setAccessibleName("Reason for recording out of order")
        self.step_override.setPlaceholderText("Only if the guidance's order cannot be followed")
        self.record_button = QPushButton("&Record step")
        self.record_button.setAccessibleName("Record the step")
        self.record_button.clicked.connect(self.record_step)
        self.remove_button = QPushButton("&Take back step")
        self.remove_button.setAccessibleName("Take back the chosen step, recorded by mistake")
        self.remove_button.setToolTip(
            "Remove the chosen step if it was recorded by mistake; give the reason in the "
            "override reason field (kept in the audit trail)."
        )
        self.remove_button.clicked.connect(self.remove_step)
        self.step_error = QLabel()
        self.step_error.setObjectName("fieldError")
        self.step_error.setWordWrap(True)
        self.step_on.textChanged.connect(self._check_date)

        form = QFormLayout()
        form.addRow("Step", self.step_choice)
        form.addRow("Happened on", self.step_on)
        form.addRow("Note", self.step_note)
        form.addRow("Override reason", self.step_override)
        record_box = QWidget()
        record_layout = QVBoxLayout(record_box)
        record_layout.addLayout(form)
        record_layout.addWidget(self.step_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        record_layout.addLayout(buttons)

        self.decisions = RecordPage(db, "decision")
        self.decisions.saved.connect(self._refresh)

        steps_box = QWidget()
        left = QVBoxLayout(steps_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(QLabel("Steps"))
        left.addWidget(self.steps_table)
        clocks_box = QWidget()
        right = QVBoxLayout(clocks_box)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("Deadlines (clocks)"))
        right.addWidget(self.deadlines_table, 1)
        right.addWidget(record_box)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(steps_box)
        upper.addWidget(clocks_box)
        upper.setSizes([560, 440])
        self.decisions.heading.hide()
        splitter = QTabWidget()
        splitter.addTab(upper, "Steps and clocks")
        splitter.addTab(self.decisions, "Decisions (review, QA, threshold, outcome)")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Stages and clocks"))
        layout.addWidget(splitter)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.decisions.set_parent(case_id)
        self._refresh()

    def _check_date(self) -> bool:
        problem = workspace.date_problem(self.step_on.text(), required=True)
        if problem:
            self.step_error.setText(problem)
            self.step_error.show()
            return False
        self.step_error.clear()
        self.step_error.hide()
        return True

    def _refresh(self) -> None:
        if self.case_id is None:
            return
        steps = progress.steps(self.db, self.case_id)
        fill_table(
            self.steps_table,
            ["Step", "Done on", "State", "Why not yet / override"],
            [(s.label, s.done_on, s.state, s.why or s.override_reason) for s in steps],
        )
        colour_rows(self.steps_table, [s.state for s in steps])
        current = self.step_choice.currentData()
        self.step_choice.clear()
        for s in steps:
            mark = "✓ " if s.state == "done" else ""
            self.step_choice.addItem(f"{mark}{s.label}", s.code)
        following = next((s.code for s in steps if s.state == "next"), None)
        index = self.step_choice.findData(current or following)
        self.step_choice.setCurrentIndex(max(index, 0))
        deadlines = progress.deadlines(self.db, self.case_id)
        fill_table(
            self.deadlines_table,
            ["Deadline", "Due", "State", "Days left / how met", "Paused days"],
            [
                (
                    d.label,
                    d.due_on,
                    d.state.replace("_", " "),
                    (d.note or "on time")
                    if d.state == "met"
                    else ("" if d.days_left is None else d.days_left),
                    d.paused_days or "",
                )
                for d in deadlines
            ],
        )
        colour_rows(self.deadlines_table, [d.state for d in deadlines])

    def record_step(self) -> bool:
        if self.case_id is None or not self._check_date():
            return False
        try:
            progress.record_step(
                self.db,
                self.case_id,
                str(self.step_choice.currentData()),
                self.step_on.text(),
                note=self.step_note.text(),
                override_reason=self.step_override.text(),
            )
        except DhrDeskError as exc:
            self.step_error.setText(str(exc))
            self.step_error.show()
            return False
        self.step_error.hide()
        self.step_note.clear()
        self.step_override.clear()
        self._refresh()
        self.saved.emit()
        return True

    def remove_step(self) -> bool:
        if self.case_id is None:
            return False
        try:
            progress.remove_step(
                self.db,
                self.case_id,
                str(self.step_choice.currentData()),
                self.step_override.text(),
            )
        except DhrDeskError as exc:
            self.step_error.setText(str(exc))
            self.step_error.show()
            return False
        self.step_error.hide()
        self.step_override.clear()
        self._refresh()
        self.saved.emit()
        return True

    def new_record(self) -> None:
        self.step_choice.setFocus()

    def has_unsaved(self) -> bool:
        return self.decisions.has_unsaved()

    def resolve_unsaved(self) -> bool:
        return self.decisions.resolve_unsaved()


class PausesPage(RecordPage):
    """Pauses for parallel proceedings (criminal trial, inquest, IOPC, SAR, CSPR): the clock
    stops from the start date until work resumes."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, "pause")
        self.resume_on = QLineEdit()
        self.resume_on.setPlaceholderText("Resumed on YYYY-MM-DD")
        self.resume_on.setAccessibleName("Date work resumed")
        self.resume_on.setMinimumWidth(190)
        self.button_row.insertWidget(3, self.resume_on)
        self.resume_button = self.add_button(
            "&Resume", lambda: None if self.resume() else None, "Resume the clock"
        )

    def save(self) -> bool:
        """A new pause goes through the clocks (which check it); a change is a plain edit."""
        if self.current_id is not None:
            return super().save()
        if self.parent_id is None or not self.form.check_all():
            return False
        values = self.form.values()
        try:
            pause = progress.add_pause(
                self.db,
                self.parent_id,
                values["reason"],
                values["started_on"],
                values["detail"],
                values.get("resumed_on"),
            )
        except ValidationError as exc:
            self.form.show_problems(exc.problems, str(exc).splitlines()[0])
            if not exc.problems:
                self.form.show_problems([("pause", str(exc))])
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        self.form.dirty = False
        self.reload(select_id=pause.id)
        self.status.setText("Saved pause.")
        self.saved.emit()
        return True

    def resume(self) -> bool:
        if self.current_id is None:
            return False
        try:
            progress.resume_pause(self.db, self.current_id, self.resume_on.text())
        except ValidationError as exc:
            reasons = "; ".join(r for _f, r in exc.problems) or str(exc)
            self.status.setText(f"Not resumed: {reasons}")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        pause_id = self.current_id
        self.resume_on.clear()
        self.reload(select_id=pause_id)
        self.status.setText("The clock runs again.")
        self.saved.emit()
        return True
