"""Workspace pages that are not a plain list of records: the case summary, its stages and clocks,
its pauses, its documents and its audit history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import workspace
from dhr_desk.services.access import Database
from ui import dialogs
from ui.forms import Field, RecordForm, display
from ui.record_page import RecordPage

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
    table.setAccessibleName(name)
    table.setObjectName(name.replace(" ", "_"))
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class SummaryPage(QWidget):
    """The case's own fields: reference, title, notification, review period…"""

    saved = Signal()

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
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.facts = QLabel()
        self.facts.setObjectName("caseFacts")
        self.facts.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.save_button)
        top.addStretch(1)
        top.addWidget(self.status)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Summary"))
        layout.addWidget(self.facts)
        layout.addLayout(top)
        layout.addWidget(area)

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

    def save(self) -> bool:
        if self.case_id is None:
            return False
        if not self.form.check_all():
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        case_id, values = self.case_id, self.form.values()
        try:
            case = dialogs.confirmed(
                self, lambda ok: workspace.update_case(self.db, case_id, values, confirmed=ok)
            )
        except ValidationError as exc:
            self.form.show_problems(exc.problems, str(exc).splitlines()[0])
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if case is None:
            self.status.setText("Not saved: nothing was changed.")
            return False
        self.set_parent(self.case_id)
        self.status.setText("Saved the summary.")
        self.saved.emit()
        return True

    def new_record(self) -> None:
        self.form.widgets["title"].setFocus()

    def draft_place(self) -> tuple[int, int, str] | None:
        """Where the form's unsaved edits belong: the case itself."""
        return None if self.case_id is None else (self.case_id, self.case_id, "case summary")

    def has_unsaved(self) -> bool:
        return self.form.dirty

    def resolve_unsaved(self) -> bool:
        return dialogs.settle_unsaved(self, self.form, "the case summary", self.save)


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
