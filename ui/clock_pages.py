"""The clock pages of a case: its workflow steps and deadlines (with recording a step and the
decisions), and the pauses for parallel proceedings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import ChangedMeanwhileError, DhrDeskError, ValidationError
from dhr_desk.services import cases, progress, workspace
from dhr_desk.services.access import Database
from ui import changed_meanwhile, dialogs
from ui.case_pages import (
    colour_rows,
    fill_table,
    fit_columns,
    heading,
    mark_row,
    read_only_table,
)
from ui.messages import (
    ERROR,
    NOT_SAVED,
    Notice,
    describe,
    due_text,
    problem_sentences,
    sentence,
)
from ui.record_page import RecordPage


class StagesPage(QWidget):
    """The workflow steps (done, next, blocked and why) with recording a step under them, the
    case's deadlines, and its recorded decisions — each on its own tab, at full width."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.steps: list[Any] = []
        self.seen: int | None = None  # the version of the case's steps as listed
        self.setObjectName("page_stages")
        self.steps_table = read_only_table("Steps of the review")
        self.deadlines_table = read_only_table("Deadlines")
        for table in (self.steps_table, self.deadlines_table):
            table.setWordWrap(True)
        self.step_choice = QComboBox()
        self.step_choice.setAccessibleName("Step to record")
        self.step_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.step_choice.setMinimumContentsLength(30)
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
        self.step_error = Notice(name="stepNotice")
        self.step_on.textChanged.connect(self._check_date)

        form = QFormLayout()
        form.addRow("Step", self.step_choice)
        form.addRow("Happened on", self.step_on)
        form.addRow("Note", self.step_note)
        form.addRow("Override reason", self.step_override)
        record_box = QGroupBox("Record a step")
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
        steps_layout = QVBoxLayout(steps_box)
        steps_layout.addWidget(self.steps_table, 1)
        steps_layout.addWidget(record_box)
        clocks_box = QWidget()
        clocks_layout = QVBoxLayout(clocks_box)
        clocks_layout.addWidget(
            _hint(
                "Each deadline counts from the step that starts it, by the rules in Settings "
                "▸ Deadlines; pauses for parallel proceedings move it later."
            )
        )
        clocks_layout.addWidget(self.deadlines_table, 1)
        self.decisions.heading.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(steps_box, "Steps")
        self.tabs.addTab(clocks_box, "Deadlines (clocks)")
        self.tabs.addTab(self.decisions, "Decisions (review, QA, threshold, outcome)")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Stages and clocks"))
        layout.addWidget(self.tabs)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        self.decisions.set_parent(case_id)
        self._refresh()

    def _check_date(self) -> bool:
        problem = workspace.date_problem(self.step_on.text(), required=True)
        if problem:
            self.step_error.error(sentence("Happened on", problem) + ".")
            return False
        if self.step_error.kind == ERROR:
            self.step_error.clear()
        return True

    def _refresh(self) -> None:
        if self.case_id is None:
            return
        steps, self.seen = progress.opened_steps(self.db, self.case_id)
        self.steps = steps
        following = cases.next_step(self.db, self.case_id).step
        fill_table(
            self.steps_table,
            ["Step", "Done on", "State", "Why not yet / override"],
            [(s.label, s.done_on, s.state, s.why or s.override_reason) for s in steps],
        )
        colour_rows(self.steps_table, [s.state for s in steps])
        for row, s in enumerate(steps):
            if s.state == "next":
                mark_row(self.steps_table, row, primary=s.code == following)
        fit_columns(self.steps_table, stretch=0, wrap=(0, 3))
        first_open = next(
            (r for r, s in enumerate(steps) if s.code == following or s.state != "done"), None
        )
        if first_open is not None:  # the list opens where the work is, not at the top
            QTimer.singleShot(0, self, lambda: self._show_row(first_open))
        current = self.step_choice.currentData()
        self.step_choice.clear()
        for s in steps:
            mark = "✓ " if s.state == "done" else ""
            self.step_choice.addItem(f"{mark}{s.label}", s.code)
        first = following or next((s.code for s in steps if s.state == "next"), None)
        index = self.step_choice.findData(current or first)
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
                    else (d.note if d.due_on is None else days_left(d.days_left)),
                    d.paused_days or "",
                )
                for d in deadlines
            ],
        )
        colour_rows(self.deadlines_table, [d.state for d in deadlines])
        fit_columns(self.deadlines_table, stretch=0, wrap=(0, 3))

    def _show_row(self, row: int) -> None:
        item = self.steps_table.item(row, 0)
        if item is not None:
            self.steps_table.scrollToItem(item, CENTRE)

    def _label(self, code: str) -> str:
        return next((s.label for s in self.steps if s.code == code), code)

    def record_step(self) -> bool:
        if self.case_id is None or not self._check_date():
            return False
        code = str(self.step_choice.currentData())
        try:
            milestone = progress.record_step(
                self.db,
                self.case_id,
                code,
                self.step_on.text(),
                note=self.step_note.text(),
                override_reason=self.step_override.text(),
                seen=self.seen,
            )
        except ChangedMeanwhileError as exc:
            return self._changed_meanwhile(exc, code, self.record_step)
        except DhrDeskError as exc:
            self.step_error.error(describe(exc, STEP_LABELS))
            return False
        overridden = bool(milestone.override_reason)
        self.step_note.clear()
        self.step_override.clear()
        self._refresh()
        self.step_error.done(
            f"Recorded '{self._label(code)}' as done on {long_date(milestone.occurred_on)}"
            + (" (out of the usual order; the reason is kept)." if overridden else ".")
        )
        self.saved.emit()
        return True

    def remove_step(self) -> bool:
        if self.case_id is None:
            return False
        code = str(self.step_choice.currentData())
        try:
            progress.remove_step(
                self.db, self.case_id, code, self.step_override.text(), seen=self.seen
            )
        except ChangedMeanwhileError as exc:
            return self._changed_meanwhile(exc, code, self.remove_step)
        except DhrDeskError as exc:
            self.step_error.error(describe(exc, STEP_LABELS))
            return False
        self.step_override.clear()
        self._refresh()
        self.step_error.done(f"Took back '{self._label(code)}'; the reason is kept.")
        self.saved.emit()
        return True

    def _step_texts(self, code: str) -> dict[str, str]:
        """The step as the list showed it when it was read."""
        step = next((s for s in self.steps if s.code == code), None)
        if step is None:
            return {}
        done = step.done_on.isoformat() if step.done_on else ""
        return {
            "step": step.label,
            "occurred_on": done,
            "note": step.note,
            "override_reason": step.override_reason,
        }

    def _changed_meanwhile(
        self, exc: ChangedMeanwhileError, code: str, again: Callable[[], bool]
    ) -> bool:
        """Someone else recorded, corrected or took back the same step since the list was
        read: both versions, then keep mine (do it again over theirs), take theirs (the list
        shows it, what was typed is cleared) or go back to editing (what was typed stays)."""
        yours = {k: changed_meanwhile.as_text(v) for k, v in exc.yours.items()}
        comparison = changed_meanwhile.comparison_of(
            "step", exc, STEP_FIELDS, yours, self._step_texts(code)
        )
        choice = dialogs.changed_meanwhile(self, comparison)
        self._refresh()  # their version in the list, and the version to save against
        if choice == changed_meanwhile.KEEP:
            return again()
        who, when = comparison.who, changed_meanwhile.when_text(comparison.when)
        if choice == changed_meanwhile.THEIRS:
            self.step_note.clear()
            self.step_override.clear()
            self.step_error.warning(
                f"Not saved: {who} changed '{self._label(code)}' {when}. Their version is in "
                "the list; yours was not saved."
            )
            return False
        self.step_error.warning(
            f"Not saved: {who} changed '{self._label(code)}' {when}. Their version is in the "
            "list; what you typed is kept here, to record again if it should replace theirs."
        )
        return False

    def new_record(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.step_choice.setFocus()

    def has_unsaved(self) -> bool:
        return self.decisions.has_unsaved()

    def resolve_unsaved(self) -> bool:
        return self.decisions.resolve_unsaved()


CENTRE = QAbstractItemView.ScrollHint.PositionAtCenter
STEP_LABELS = {"on": "Happened on", "step": "Step", "override_reason": "Override reason"}
STEP_FIELDS = [
    ("step", "Step"),
    ("occurred_on", "Done on"),
    ("note", "Note"),
    ("override_reason", "Override reason"),
]


def days_left(n: int | None) -> str:
    if n is None:
        return ""
    if n < 0:
        return f"{-n} day{'s' if n != -1 else ''} late"
    return "due today" if n == 0 else f"{n} day{'s' if n != 1 else ''} left"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


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
        if self.parent_id is None:
            return False
        if not self.form.check_all():
            self.status.error(NOT_SAVED)
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
            self.show_refusal(exc)
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        self.form.dirty = False
        self.reload(select_id=pause.id)
        self.status.done(
            f"Added the pause from {long_date(pause.started_on)}: the clock stops from that day."
        )
        self.saved.emit()
        return True

    def resume(self) -> bool:
        if self.current_id is None:
            return False
        pause_id = self.current_id
        try:
            progress.resume_pause(self.db, pause_id, self.resume_on.text(), seen=self.seen)
        except ChangedMeanwhileError as exc:
            # what was typed goes into the form, beside theirs: Keep mine saves it there
            self.form.set_value("resumed_on", self.resume_on.text().strip())
            return changed_meanwhile.settle(
                self, exc, lambda: workspace.opened(self.db, self.model, pause_id)
            )
        except ValidationError as exc:
            labels = {"resumed_on": "The date work resumed", "on": "The date work resumed"}
            reasons = "; ".join(problem_sentences(exc.problems, labels)) or str(exc)
            self.status.error(f"Not resumed: {reasons.removeprefix('Nothing was saved: ')}")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        day = self.resume_on.text().strip()
        self.resume_on.clear()
        self.reload(select_id=pause_id)
        self.status.done(
            f"Resumed on {day}: the clock runs again, and every deadline still running moved "
            "later by the length of the pause."
        )
        self.saved.emit()
        return True


class ReturnsPage(RecordPage):
    """Agency returns, each with its due date as the clock has it: the date recorded on the
    return, or — when none was typed — the agency-return rule's date from the request, moved
    by any pause."""

    def __init__(self, db: Database, choices: Any = None) -> None:
        super().__init__(db, "agency_return", choices=choices)
        self.clock: dict[int, Any] = {}
        self.table_model.columns = [
            (header, self._due) if header == "Due" else (header, value)
            for header, value in self.table_model.columns
        ]

    def _due(self, ret: Any) -> str:
        """The date typed on the return, or the clock's; for a return still out, how it
        stands ("3 days late", "clock paused"), and whether a pause moved it."""
        deadline = self.clock.get(ret.id)
        if deadline is None or deadline.state == "met":
            day = ret.due_on or (deadline.due_on if deadline is not None else None)
            return day.isoformat() if day else ""
        text = due_text(deadline.due_on, deadline.state, deadline.days_left)
        if deadline.paused_days and deadline.due_on is not None:
            text += " — moved by a pause"
        return text

    def reload(self, select_id: int | None = None) -> None:
        self.clock = (
            {} if self.parent_id is None else progress.return_deadlines(self.db, self.parent_id)
        )
        super().reload(select_id)

    def show_clock(self, obj: Any | None) -> None:
        """An empty Due field says what the clock makes it."""
        field = self.form.widgets["due_on"]
        assert isinstance(field, QLineEdit)
        clock: dict[int, Any] = getattr(self, "clock", {})  # (called while it is built)
        deadline = clock.get(obj.id) if obj is not None else None
        typed = obj.due_on if obj is not None else None
        if deadline is not None and typed is None and deadline.due_on is not None:
            field.setPlaceholderText(f"{deadline.due_on.isoformat()} by the clock")
            field.setToolTip(
                "No date typed: the clock counts from the request by the agency-return rule "
                "(Settings ▸ Deadlines). Type a date to set another."
            )
        else:
            field.setPlaceholderText("YYYY-MM-DD (empty: by the clock from the request)")
            field.setToolTip("")
