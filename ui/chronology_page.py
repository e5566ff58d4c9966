"""The combined chronology: a table of every entry (one query, thousands of rows), filtered by
agency, words and dates, edited in place; new entries through the form underneath."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import workspace
from dhr_desk.services.access import Database
from dhr_desk.services.workspace import ChronologyRow
from ui import dialogs
from ui.forms import RecordForm
from ui.specs import CHRONOLOGY

ENTRY = workspace.kind("chronology_entry").model

Index = QModelIndex | QPersistentModelIndex

# (header, row attribute, field key for saving)
COLUMNS = [
    ("Date", "occurred_on", "occurred_on"),
    ("Time", "occurred_time", "occurred_time"),
    ("Agency", "agency", "agency"),
    ("Source of information", "source", "source"),
    ("Event", "event", "event"),
    ("Action / decision", "action_decision", "action_decision"),
    ("Comment / analysis", "comment", "comment"),
]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
REQUIRED = {f.key for f in CHRONOLOGY if f.required}


class ChronologyModel(QAbstractTableModel):
    """Rows are plain tuples from one query; an edit saves that one field at once."""

    problem = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.rows: list[ChronologyRow] = []

    def load(self, case_id: int) -> None:
        self.case_id = case_id
        self.beginResetModel()
        self.rows = workspace.chronology_rows(self.db, case_id)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = getattr(row, COLUMNS[index.column()][1])
        if role == SORT_ROLE:
            if index.column() in (0, 1):
                return f"{row.occurred_on.isoformat()} {row.occurred_time or '99:99'} {row.id:09d}"
            return str(value).lower()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == Qt.ItemDataRole.ToolTipRole and index.column() >= 4:
            return value
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.case_id is None:
            return False
        row = self.rows[index.row()]
        _header, attr, key = COLUMNS[index.column()]
        text = str(value).strip() if key != "event" else str(value)
        current = getattr(row, attr)
        if text == (current.isoformat() if isinstance(current, dt.date) else current):
            return False
        if key in REQUIRED and not text.strip():
            self.problem.emit(
                f"Not saved: {COLUMNS[index.column()][0]} is required. The entry is unchanged."
            )
            return False
        case_id = self.case_id
        try:
            saved = dialogs.confirmed(
                None,
                lambda ok: workspace.save(
                    self.db, ENTRY, case_id, row.id, {key: text}, confirmed=ok
                ),
            )
        except ValidationError as exc:
            reasons = "; ".join(f"{COLUMNS[index.column()][0]} {r}" for _f, r in exc.problems)
            self.problem.emit(f"Not saved: {reasons or exc}. The entry is unchanged.")
            return False
        except DhrDeskError as exc:
            self.problem.emit(str(exc))
            return False
        if saved is None:
            return False
        self.rows[index.row()] = workspace.chronology_row(self.db, row.id)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.problem.emit("Saved.")
        return True

    def append(self, row: ChronologyRow) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()


class ChronologyFilter(QSortFilterProxyModel):
    """Agency, words anywhere in the entry, and a date range."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agency = ""
        self.words = ""
        self.date_from: dt.date | None = None
        self.date_to: dt.date | None = None
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self, agency: str, words: str, date_from: dt.date | None, date_to: dt.date | None
    ) -> None:
        self.beginFilterChange()
        self.agency, self.words = agency, words.strip().lower()
        self.date_from, self.date_to = date_from, date_to
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ChronologyModel)
        row = model.rows[source_row]
        if self.agency and row.agency != self.agency:
            return False
        if self.date_from and row.occurred_on < self.date_from:
            return False
        if self.date_to and row.occurred_on > self.date_to:
            return False
        if self.words:
            text = " ".join(
                (row.source, row.event, row.action_decision, row.comment, row.agency)
            ).lower()
            return self.words in text
        return True


class ChronologyPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.setObjectName("page_chronology")
        self.model = ChronologyModel(db, self)
        self.proxy = ChronologyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("chronologyTable")
        self.table.setAccessibleName("Combined chronology")
        self.table.setModel(self.proxy)
        # The query returns the entries in date order already: no sort on opening (sorting
        # thousands of rows through Python comparisons costs a visible pause); a click on a
        # column heading sorts by that column.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 50, 140, 160, 320, 200)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)

        self.agency_filter = QComboBox()
        self.agency_filter.setAccessibleName("Show entries from agency")
        self.words_filter = QLineEdit()
        self.words_filter.setPlaceholderText("Find in entries…")
        self.words_filter.setAccessibleName("Find in chronology")
        self.words_filter.setClearButtonEnabled(True)
        self.from_filter = QLineEdit()
        self.from_filter.setPlaceholderText("From YYYY-MM-DD")
        self.from_filter.setAccessibleName("Entries from date")
        self.to_filter = QLineEdit()
        self.to_filter.setPlaceholderText("To YYYY-MM-DD")
        self.to_filter.setAccessibleName("Entries to date")
        for edit in (self.words_filter, self.from_filter, self.to_filter):
            edit.textChanged.connect(self.apply_filters)
        self.agency_filter.currentIndexChanged.connect(self.apply_filters)
        self.count = QLabel()
        self.count.setObjectName("chronologyCount")

        filters = QHBoxLayout()
        filters.addWidget(QLabel("Agency"))
        filters.addWidget(self.agency_filter)
        filters.addWidget(self.words_filter, 2)
        filters.addWidget(self.from_filter)
        filters.addWidget(self.to_filter)
        filters.addWidget(self.count)

        self.form = RecordForm(ENTRY, CHRONOLOGY, None, lambda: workspace.agency_names(db))
        self.form.draft_owner = self
        self.add_button = QPushButton("&Add entry")
        self.add_button.setAccessibleName("Add this chronology entry")
        self.add_button.clicked.connect(self.save)
        self.delete_button = QPushButton("Delete selected entry")
        self.delete_button.clicked.connect(self.delete_selected)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.model.problem.connect(self.status.setText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.status, 2)

        heading = QLabel("Chronology")
        heading.setObjectName("pageHeading")
        hint = QLabel("Double-click a cell to correct it; the change is saved when you leave it.")
        hint.setObjectName("hint")
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(filters)
        upper_layout.addWidget(self.table)
        upper_layout.addWidget(hint)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(buttons)
        form_area = QScrollArea()
        form_area.setWidgetResizable(True)
        form_area.setWidget(self.form)
        lower_layout.addWidget(form_area)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 260])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is not None:
            self.model.load(case_id)
        self._refresh_agencies()
        self.form.load(None)
        self.apply_filters()

    def _refresh_agencies(self) -> None:
        current = self.agency_filter.currentText()
        self.agency_filter.blockSignals(True)
        self.agency_filter.clear()
        self.agency_filter.addItem("")
        self.agency_filter.addItems(sorted({r.agency for r in self.model.rows if r.agency}))
        self.agency_filter.setCurrentIndex(max(self.agency_filter.findText(current), 0))
        self.agency_filter.blockSignals(False)

    def apply_filters(self) -> None:
        def day(edit: QLineEdit) -> dt.date | None:
            edit.setProperty("invalid", workspace.date_problem(edit.text()) is not None)
            return workspace.read_date(edit.text())

        self.proxy.set_filters(
            self.agency_filter.currentText(),
            self.words_filter.text(),
            day(self.from_filter),
            day(self.to_filter),
        )
        self.count.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} entries")

    def save(self) -> bool:
        if self.case_id is None:
            return False
        if not self.form.check_all():
            self.status.setText("Not added: see the fields marked in red.")
            return False
        case_id, values = self.case_id, self.form.values()
        try:
            entry = dialogs.confirmed(
                self,
                lambda ok: workspace.save(self.db, ENTRY, case_id, None, values, confirmed=ok),
            )
        except ValidationError as exc:
            self.form.show_problems(exc.problems, str(exc).splitlines()[0])
            self.status.setText("Not added: see the fields marked in red.")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if entry is None:
            self.status.setText("Not added: nothing was changed.")
            return False
        row = workspace.chronology_row(self.db, entry.id)
        self.model.append(row)
        self._refresh_agencies()
        self.apply_filters()
        self.form.load(None)
        self.status.setText(f"Added the entry of {row.occurred_on.isoformat()}.")
        self.saved.emit()
        return True

    def delete_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        source = self.proxy.mapToSource(index)
        row = self.model.rows[source.row()]
        if not dialogs.confirm(self, "Delete entry", f"Delete the entry of {row.occurred_on}?"):
            return
        try:
            workspace.remove(self.db, ENTRY, row.id)
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return
        self.model.remove_row(source.row())
        self.apply_filters()
        self.status.setText("Deleted the entry.")

    def new_record(self) -> None:
        self.form.load(None)
        self.form.widgets["occurred_on"].setFocus()

    def draft_place(self) -> tuple[int, None, str] | None:
        """Where the form's unsaved edits belong: a new entry of the case."""
        return None if self.case_id is None else (self.case_id, None, "chronology entry")

    def has_unsaved(self) -> bool:
        return self.form.dirty

    def resolve_unsaved(self) -> bool:
        return dialogs.settle_unsaved(self, self.form, "a new chronology entry", self.save)

    def focus_find(self) -> None:
        self.words_filter.setFocus()
        self.words_filter.selectAll()
