"""Workspace pages that are not a plain list of records: the case summary, its stages and clocks,
its pauses, its documents and its audit history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import cases, workspace
from dhr_desk.services.access import Database
from ui import dialogs
from ui.forms import Field, RecordForm, display
from ui.messages import DONE, ERROR, INFO, NOT_SAVED, WARNING, Notice, describe, due_text, not_saved
from ui.record_page import RecordPage
from ui.tables import RowsFollowWidth

STATE_COLOURS = {
    "overdue": "#b3261e",
    "due_soon": "#9a6700",
    "blocked": "#6b6b6b",
    "met": "#1a7f37",
    "done": "#1a7f37",
    "paused": "#0b5cad",
}


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


def fill_table(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Fill a read-only table; a row's last value may be a state that colours the row."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(display(value))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def mark_row(table: QTableWidget, row: int, *, primary: bool = False) -> None:
    """Bold a row (a step that can be done next); ``primary``: the one to do first, also
    shaded, with "next" followed by an arrow so it does not rest on weight alone."""
    for column in range(table.columnCount()):
        item = table.item(row, column)
        if item is None:
            continue
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        if primary:
            item.setBackground(QColor("#e3edf9"))
    state = table.item(row, 2)
    if primary and state is not None:
        state.setText("next ◀")
        state.setToolTip("The next step to take")


def fit_columns(table: QTableWidget, stretch: int, wrap: Sequence[int] = ()) -> None:
    """Size a read-only table so nothing is cut short: columns fit their contents, the
    ``stretch`` column takes the width left, and the ``wrap`` columns' texts wrap onto more
    lines (capped widths, rows as tall as they need)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(table.columnCount()):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif column in wrap:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column), 260))
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    table.setWordWrap(True)
    table.resizeRowsToContents()


def colour_rows(table: QTableWidget, states: Sequence[str]) -> None:
    for r, state in enumerate(states):
        colour = STATE_COLOURS.get(state)
        if colour:
            for c in range(table.columnCount()):
                item = table.item(r, c)
                if item is not None:
                    item.setForeground(QColor(colour))


def read_only_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.rows_fitter = RowsFollowWidth(table)  # type: ignore[attr-defined]
    table.setAccessibleName(name)
    table.setObjectName(name.replace(" ", "_"))
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class SummaryPage(QWidget):
    """The case's own fields: reference, title, notification, review period… with the next
    thing to do highlighted above them. The reference is shown, not edited: it changes only
    through Change reference…, which asks for the reason and keeps it in the history."""

    saved = Signal()
    go_to = Signal(str)  # an area of the case to open

    def __init__(self, db: Database, spec: Sequence[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.setObjectName("page_summary")
        self.form = RecordForm(workspace.kind("case").model, spec)
        self.form.draft_owner = self
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleName("Save the case summary")
        self.save_button.clicked.connect(self.save)
        self.reference_button = QPushButton("Change &reference…")
        self.reference_button.setAccessibleName("Change the case's reference, with the reason")
        self.reference_button.clicked.connect(self.change_reference)
        self.status = Notice(name="saveStatus")
        self.form.problems_changed.connect(self._problems_changed)
        self.form.changed.connect(self._problems_changed)
        self.facts = QLabel()
        self.facts.setObjectName("caseFacts")
        self.facts.setWordWrap(True)
        self.next_step = Notice(name="nextStep")
        self.next_button = QPushButton("Go to &Stages and clocks")
        self.next_button.clicked.connect(lambda: self.go_to.emit("stages"))
        next_row = QHBoxLayout()
        next_row.addWidget(self.next_step, 1)
        next_row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(self.save_button)
        top.addWidget(self.reference_button)
        top.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.addWidget(self.form, 1)
        holder_layout.addStretch(0)  # past the form's widest, the room is left empty
        area.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Summary"))
        layout.addWidget(self.facts)
        layout.addLayout(next_row)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(area)
        self.reference_dialog: ChangeReferenceDialog | None = None

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            return
        case = workspace.get_case(self.db, case_id)
        self.form.load(case)
        stage = case.stage.replace("_", " ")
        self.facts.setText(
            f"{case.kind.label} · stage: {stage or 'not started'} · opened "
            f"{display(case.created_at)}"
            + (f" · closed {case.closed_on.isoformat()}" if case.closed_on else "")
        )
        self.show_next_step()

    def show_next_step(self) -> None:
        """The next thing to do on the case and when, in the look its urgency calls for."""
        if self.case_id is None:
            return
        step = cases.next_step(self.db, self.case_id)
        when = due_text(step.due_on, step.state, step.days_left)
        text = f"Next step: {step.what}" + (f" — due {when}" if when else "") + "."
        if step.state in ("closed", "done"):
            text = f"{step.what}."
        kind = {"overdue": ERROR, "due_soon": WARNING, "done": DONE, "closed": DONE}.get(
            step.state, INFO
        )
        self.next_step.show_message(kind, text)
        self.next_button.setVisible(step.state not in ("closed", "done"))

    def _problems_changed(self) -> None:
        if self.status.kind == ERROR and not self.form.has_problems():
            self.status.clear()

    def save(self) -> bool:
        if self.case_id is None:
            return False
        if not self.form.check_all():
            self.status.error(NOT_SAVED)
            return False
        case_id, values = self.case_id, self.form.values()
        try:
            case = dialogs.confirmed(
                self, lambda ok: workspace.update_case(self.db, case_id, values, confirmed=ok)
            )
        except ValidationError as exc:
            general = self.form.show_problems(exc.problems, banner=False)
            self.status.error(not_saved(exc, general))
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if case is None:
            self.status.warning(
                "Not saved: you chose to check it first. What you typed is still here."
            )
            return False
        self.set_parent(self.case_id)
        self.status.done("Saved the summary.")
        self.saved.emit()
        return True

    def change_reference(self) -> ChangeReferenceDialog | None:
        """Change reference…: a deliberate change, with the reason, kept in the history."""
        if self.case_id is None:
            return None
        dialog = ChangeReferenceDialog(self.db, self.case_id, self.form.raw("reference"), self)
        dialog.changed.connect(self._reference_changed)
        self.reference_dialog = dialog
        dialog.open()
        return dialog

    def _reference_changed(self, reference: str) -> None:
        self.form.set_value("reference", reference)  # shown only: unsaved edits stay unsaved
        self.status.done(f"The reference is now {reference}; the reason is kept in the history.")
        self.saved.emit()

    def new_record(self) -> None:
        self.form.widgets["title"].setFocus()

    def draft_place(self) -> tuple[int, int, str] | None:
        """Where the form's unsaved edits belong: the case itself."""
        return None if self.case_id is None else (self.case_id, self.case_id, "case summary")

    def has_unsaved(self) -> bool:
        return self.form.dirty

    def resolve_unsaved(self) -> bool:
        return dialogs.settle_unsaved(self, self.form, "the case summary", self.save)


class ChangeReferenceDialog(QDialog):
    """A saved case's new reference and the reason for the change (both required)."""

    changed = Signal(str)

    def __init__(self, db: Database, case_id: int, current: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id = case_id
        self.setWindowTitle("Change the case's reference")
        self.setObjectName("changeReferenceDialog")
        intro = QLabel(
            f"The case is {current}. Documents already made keep the reference they were made "
            "with. The change and its reason are kept in the case's history."
        )
        intro.setWordWrap(True)
        self.reference = QLineEdit(current)
        self.reference.setAccessibleName("New reference")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the change")
        self.reason.setPlaceholderText("e.g. the partnership's numbering was agreed")
        self.notice = Notice(name="referenceNotice")
        form = QFormLayout()
        form.addRow("New &reference *", self.reference)
        form.addRow("Re&ason *", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Change the reference")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def accept(self) -> None:
        labels = {"reference": "The new reference", "reason": "The reason"}
        try:
            case = cases.change_reference(
                self.db, self.case_id, self.reference.text(), self.reason.text()
            )
        except DhrDeskError as exc:
            self.notice.error(describe(exc, labels))
            return
        self.changed.emit(case.reference)
        super().accept()


class HistoryPage(QWidget):
    """The case's audit history: who changed what, when (newest first)."""

    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.setObjectName("page_history")
        self.table = read_only_table("Audit history")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda: self.set_parent(self.case_id))
        layout = QVBoxLayout(self)
        layout.addWidget(heading("History"))
        layout.addWidget(
            QLabel("Every change to this case, as recorded in the tamper-evident audit trail.")
        )
        layout.addWidget(self.table)
        layout.addWidget(self.refresh_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            return
        rows = workspace.audit_history(self.db, case_id)
        fill_table(
            self.table,
            ["When", "Who", "What", "Record", "Fields"],
            [(r.at, r.os_user, r.action, f"{r.entity} {r.entity_id}", r.changed) for r in rows],
        )
        fit_columns(self.table, stretch=4, wrap=(4,))  # the list of fields wraps

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True

    def new_record(self) -> None:
        return None


class Tabs(QWidget):
    """Several record lists on one page (e.g. agencies and their returns)."""

    saved = Signal()

    def __init__(
        self, title: str, pages: Sequence[tuple[str, RecordPage]], object_name: str
    ) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.pages = [page for _t, page in pages]
        self.tabs = QTabWidget()
        for text, page in pages:
            page.heading.hide()
            self.tabs.addTab(page, text)
            page.saved.connect(self.saved.emit)
            page.saved.connect(self._refresh_choices)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title))
        layout.addWidget(self.tabs)

    def _refresh_choices(self) -> None:
        for page in self.pages:
            page.form.refresh_choices()

    def set_parent(self, case_id: int | None) -> None:
        for page in self.pages:
            page.set_parent(case_id)

    def current_page(self) -> RecordPage:
        return self.pages[self.tabs.currentIndex()]

    def new_record(self) -> None:
        self.current_page().new_record()

    def has_unsaved(self) -> bool:
        return any(p.has_unsaved() for p in self.pages)

    def resolve_unsaved(self) -> bool:
        return all(p.resolve_unsaved() for p in self.pages)
