"""The combined chronology as a Qt table: rows from one query, a correction in a cell saved at
once, a tick for a key event, the duplicate flags; and the filter the page reads it by."""

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
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import chronology
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow, Filters
from ui import dialogs

Index = QModelIndex | QPersistentModelIndex

# (header, row attribute, field the service saves)
COLUMNS = [
    ("Date", "date_text", "date"),
    ("Time", "occurred_time", "occurred_time"),
    ("Agency", "agency", "agency"),
    ("Source of information", "source", "source"),
    ("Event", "event", "event"),
    ("Key", "key_event", "key_event"),
    ("Duplicate", "", ""),
    ("Action / decision", "action_decision", "action_decision"),
    ("Comment / analysis", "comment", "comment"),
]
KEY_COLUMN, FLAG_COLUMN = 5, 6  # beside the event, where they are seen
REQUIRED = {"date", "source", "event"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
FLAGGED = QColor("#fff4ce")
LINKED = QColor("#e3f0fb")


class ChronologyModel(QAbstractTableModel):
    """Rows from one query; a correction in a cell saves that field at once."""

    problem = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.rows: list[CombinedRow] = []
        self.flags_: dict[int, str] = {}  # entry id → what the duplicate column says

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.beginResetModel()
        self.rows = chronology.rows(self.db, case_id)
        self.endResetModel()

    def set_flags(self, flags: dict[int, str]) -> None:
        self.flags_ = flags
        if self.rows:
            last = len(self.rows) - 1
            self.dataChanged.emit(self.index(0, FLAG_COLUMN), self.index(last, FLAG_COLUMN))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def _text(self, row: CombinedRow, column: int) -> str:
        if column == FLAG_COLUMN:
            return self.flags_.get(row.id, "")
        if column == KEY_COLUMN:
            return ""
        return str(getattr(row, COLUMNS[column][1]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, column)
            return " ".join(text.split())[:160] if column >= 3 else text
        if role == Qt.ItemDataRole.EditRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            if column in (0, 1):
                day, rank, time, number = row.sort_key
                return f"{day.isoformat()} {rank} {time or '  '} {number:09d}"
            return self._text(row, column).lower()
        if role == Qt.ItemDataRole.CheckStateRole and column == KEY_COLUMN:
            return Qt.CheckState.Checked if row.key_event else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column >= 3:
            return self._text(row, column) or None
        if role == Qt.ItemDataRole.BackgroundRole and row.id in self.flags_:
            return LINKED if self.flags_[row.id].startswith("One event") else FLAGGED
        if role == Qt.ItemDataRole.FontRole and row.key_event:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == KEY_COLUMN:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == FLAG_COLUMN:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or self.case_id is None:
            return False
        row, column = self.rows[index.row()], index.column()
        try:
            if column == KEY_COLUMN and role == Qt.ItemDataRole.CheckStateRole:
                checked = Qt.CheckState(value) == Qt.CheckState.Checked
                fresh = chronology.set_key_event(self.db, row.id, checked)
            elif role == Qt.ItemDataRole.EditRole and column not in (KEY_COLUMN, FLAG_COLUMN):
                saved = self._save_cell(row, column, str(value))
                if saved is None:
                    return False
                fresh = saved
            else:
                return False
        except ValidationError as exc:
            label = COLUMNS[column][0]
            reasons = "; ".join(f"{label} {r}" for _f, r in exc.problems)
            self.problem.emit(f"Not saved: {reasons or exc}. The entry is unchanged.")
            return False
        except DhrDeskError as exc:
            self.problem.emit(str(exc))
            return False
        self.replace(fresh)
        self.problem.emit("Saved.")
        return True

    def _save_cell(self, row: CombinedRow, column: int, value: str) -> CombinedRow | None:
        label, _attr, key = COLUMNS[column]
        text = value if key == "event" else value.strip()
        if text == self._text(row, column):
            return None
        if key in REQUIRED and not text.strip():
            self.problem.emit(f"Not saved: {label} is required. The entry is unchanged.")
            return None
        case_id = self.case_id
        assert case_id is not None
        return dialogs.confirmed(
            None,
            lambda ok: chronology.save_entry(self.db, case_id, row.id, {key: text}, confirmed=ok),
        )

    def replace(self, fresh: CombinedRow) -> None:
        for number, row in enumerate(self.rows):
            if row.id == fresh.id:
                self.rows[number] = fresh
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
                return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(fresh)
        self.endInsertRows()

    def remove_id(self, entry_id: int) -> None:
        for number, row in enumerate(self.rows):
            if row.id == entry_id:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
                return


class ChronologyFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = Filters()
        self.keep_all = True
        self.setSortRole(SORT_ROLE)

    def set_filters(self, filters: Filters) -> None:
        self.beginFilterChange()
        self.filters = filters
        self.keep_all = filters.empty
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if self.keep_all:
            return True
        model = self.sourceModel()
        assert isinstance(model, ChronologyModel)
        return self.filters.accepts(model.rows[source_row])
