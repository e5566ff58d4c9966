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

from dhr_desk.errors import ChangedMeanwhileError, DhrDeskError, ValidationError
from dhr_desk.services import chronology
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow, Filters
from ui import changed_meanwhile, dialogs

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
        self.read_at = 0  # the version of the chronology the rows were read at
        self.versions: dict[int, int] = {}  # entry id → its version, once saved here

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.beginResetModel()
        self.rows, self.read_at = chronology.opened_rows(self.db, case_id)
        self.versions = {}
        self.endResetModel()

    def seen(self, entry_id: int) -> int:
        """The version of an entry as the table shows it (a save over a later change by
        someone else is refused)."""
        return self.versions.get(entry_id, self.read_at)

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
        if column == KEY_COLUMN and role == Qt.ItemDataRole.CheckStateRole:
            change: tuple[str, Any] = ("key_event", Qt.CheckState(value) == Qt.CheckState.Checked)
        elif role == Qt.ItemDataRole.EditRole and column not in (KEY_COLUMN, FLAG_COLUMN):
            typed = self._typed(row, column, str(value))
            if typed is None:
                return False
            change = (COLUMNS[column][2], typed)
        else:
            return False
        try:
            fresh = self._write(row, change, self.seen(row.id))
        except ChangedMeanwhileError as exc:
            fresh = self._settle(row, change, exc)
        except ValidationError as exc:
            label = COLUMNS[column][0]
            reasons = "; ".join(f"{label} {r}" for _f, r in exc.problems)
            self.problem.emit(f"Not saved: {reasons or exc}. The entry is unchanged.")
            return False
        except DhrDeskError as exc:
            self.problem.emit(str(exc))
            return False
        if fresh is None:
            return False
        self.problem.emit("Saved.")
        return True

    def _typed(self, row: CombinedRow, column: int, value: str) -> str | None:
        """The text typed into a cell, or None when there is nothing to save."""
        label, _attr, key = COLUMNS[column]
        text = value if key == "event" else value.strip()
        if text == self._text(row, column):
            return None
        if key in REQUIRED and not text.strip():
            self.problem.emit(f"Not saved: {label} is required. The entry is unchanged.")
            return None
        return text

    def _write(self, row: CombinedRow, change: tuple[str, Any], seen: int) -> CombinedRow | None:
        """Save one field of an entry from the version ``seen``; the row as saved (None when
        the person would rather not save something unusual)."""
        key, value = change
        case_id = self.case_id
        assert case_id is not None
        if key == "key_event":
            chronology.set_key_event(self.db, row.id, bool(value), seen=seen)
        elif (
            dialogs.confirmed(
                None,
                lambda ok: chronology.save_entry(
                    self.db, case_id, row.id, {key: value}, confirmed=ok, seen=seen
                ),
            )
            is None
        ):
            return None
        fresh, version = chronology.opened_row(self.db, row.id)
        self.replace(fresh, version)
        return fresh

    def texts(self, row: CombinedRow) -> dict[str, str]:
        """An entry's fields as the table shows them, by the field the service saves."""
        out = {key: self._text(row, n) for n, (_h, _a, key) in enumerate(COLUMNS) if key}
        out["key_event"] = "Yes" if row.key_event else "No"
        return out

    def _settle(
        self, row: CombinedRow, change: tuple[str, Any], exc: ChangedMeanwhileError
    ) -> CombinedRow | None:
        """Someone else changed the entry since the table was read: show both versions, and
        save over theirs only if the person keeps theirs out."""
        try:
            fresh, version = chronology.opened_row(self.db, row.id)
        except DhrDeskError as problem:  # deleted meanwhile
            self.problem.emit(str(problem))
            return None
        key, value = change
        yours = self.texts(row) | {
            key: "Yes" if value is True else "No" if value is False else value
        }
        labels = [(k, h) for h, _a, k in COLUMNS if k]
        comparison = changed_meanwhile.comparison_of(
            "chronology entry", exc, labels, yours, self.texts(row), self.texts(fresh)
        )
        parent = self.parent()
        choice = dialogs.changed_meanwhile(
            parent if isinstance(parent, QWidget) else None, comparison, editing=False
        )
        self.replace(fresh, version)  # their version, and the one to save from
        if choice == changed_meanwhile.KEEP:
            return self._write(row, change, version)
        who, when = comparison.who, changed_meanwhile.when_text(comparison.when)
        typed = yours[key] or "(empty)"
        self.problem.emit(
            f"Not saved: {who} changed this entry {when}. Their version is shown; yours "
            f"({dict(labels)[key]}: {typed}) was not saved."
        )
        return None

    def replace(self, fresh: CombinedRow, version: int | None = None) -> None:
        """Show ``fresh`` in the place of its row (or as a new one); ``version``, when known,
        is the version it was read at (a cell then saves from it)."""
        if version is not None:
            self.versions[fresh.id] = version
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
