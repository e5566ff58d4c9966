"""The rows of an import plan as a Qt table: every row to add or with a problem (fixed by typing
over it, skipped by unticking it), then what was left out; and the filter by state."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from dhr_desk.services.chronology import ImportPlan, PlannedRow, SetAside

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Import", "Where in the file", "Date", "Time", "Reason", "Source", "Event", "Action")
FIXABLE = {2: "date", 3: "time", 5: "source", 6: "event", 7: "action"}
REASON = 4
TEXT_COLUMNS = (5, 6, 7)
STATE_WORDS = {"ready": "Ready", "warning": "Warning", "problem": "Problem", "skipped": "Skipped"}
FILL = {"problem": QColor("#fde7e9"), "warning": QColor("#fff4ce"), "left out": QColor("#eeeeee")}


def _raw(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


class PreviewModel(QAbstractTableModel):
    """Every row of the plan, then what was left out (notes, other tables)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.rows: list[PlannedRow] = []
        self.aside: list[SetAside] = []

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self.rows = list(plan.rows) if plan else []
        self.aside = list(plan.set_aside) if plan else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows) + len(self.aside)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def state(self, row: int) -> str:
        return self.rows[row].state if row < len(self.rows) else "left out"

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def _planned_text(self, row: PlannedRow, column: int) -> str:
        entry = row.entry
        if column == 0:
            return STATE_WORDS[row.state]
        if column == 1:
            return row.place
        if column == REASON:
            return "; ".join(row.reasons)
        if entry is not None:
            values = {
                2: entry.date.label(),
                3: entry.time,
                5: entry.source,
                6: entry.event,
                7: entry.action,
            }
            return values[column]
        return _raw(row.raw.get(FIXABLE[column]))

    def text(self, row: int, column: int) -> str:
        if row < len(self.rows):
            return self._planned_text(self.rows[row], column)
        aside = self.aside[row - len(self.rows)]
        return {0: "Left out", 1: aside.place, 6: aside.text, REASON: aside.reason}.get(column, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.text(row, column)
            return " ".join(text.split())[:160] if column in TEXT_COLUMNS else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, column) or None
        if role == Qt.ItemDataRole.EditRole and row < len(self.rows) and column in FIXABLE:
            return _raw(self.rows[row].raw.get(FIXABLE[column]))
        if role == Qt.ItemDataRole.CheckStateRole and column == 0 and row < len(self.rows):
            skipped = self.rows[row].skipped
            return Qt.CheckState.Unchecked if skipped else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.BackgroundRole:
            return FILL.get(self.state(row))
        if role == Qt.ItemDataRole.UserRole:
            return self.state(row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.row() >= len(self.rows):
            return base
        if index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in FIXABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if self.plan is None or not index.isValid() or index.row() >= len(self.rows):
            return False
        row = self.rows[index.row()]
        if index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.plan.skip(row.number, not checked)
        elif index.column() in FIXABLE and role == Qt.ItemDataRole.EditRole:
            self.plan.fix(row.number, {FIXABLE[index.column()]: str(value)})
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        self.changed.emit()
        return True


class StateFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wanted = ""

    def show_only(self, wanted: str) -> None:
        self.beginFilterChange()
        self.wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self.wanted:
            return True
        model = self.sourceModel()
        assert isinstance(model, PreviewModel)
        state = model.state(source_row)
        if self.wanted == "skipped":
            return state in ("skipped", "left out")
        return state == self.wanted
