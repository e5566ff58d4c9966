"""The list of every case, both kinds: search as you type, filter by kind, stage, year and
overdue, sort by any column; a double-click (or Enter) opens the case."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import cases
from dhr_desk.services.access import Database
from dhr_desk.services.cases import CaseKind, CaseSummary

Index = QModelIndex | QPersistentModelIndex
COLUMNS = [
    "Reference",
    "Kind",
    "Title",
    "Stage",
    "Opened",
    "Decision",
    "Paused",
    "Overdue",
    "Closed",
]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.overdue: dict[int, int] = {}

    def set_rows(self, rows: list[CaseSummary], overdue: dict[int, int]) -> None:
        self.beginResetModel()
        self.rows, self.overdue = rows, overdue
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def value(self, row: CaseSummary, column: int) -> Any:
        return (
            row.reference,
            CaseKind(row.kind).label,
            row.title,
            row.stage.replace("_", " "),
            row.opened_on,
            row.decision_on,
            "Paused" if row.paused else "",
            self.overdue.get(row.id, 0) or "",
            row.closed_on,
        )[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = self.value(row, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            return value.isoformat() if hasattr(value, "isoformat") else str(value)
        if role == SORT_ROLE:
            if value is None:
                return ""
            if hasattr(value, "isoformat"):
                return value.isoformat()
            return value if isinstance(value, int) else str(value).lower()
        if role == Qt.ItemDataRole.ForegroundRole and self.overdue.get(row.id):
            return QColor("#b3261e")
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class CaseFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = ""
        self.kind = ""
        self.stage = ""
        self.year = ""
        self.overdue_only = False
        self.open_only = False
        self.setSortRole(SORT_ROLE)

    def refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, CaseTableModel)
        row = model.rows[source_row]
        if self.kind and row.kind != self.kind:
            return False
        if self.stage and row.stage != self.stage:
            return False
        if self.year and not (row.opened_on and str(row.opened_on.year) == self.year):
            return False
        if self.overdue_only and not model.overdue.get(row.id):
            return False
        if self.open_only and row.closed_on is not None:
            return False
        if self.words:
            return self.words in f"{row.reference} {row.title} {row.stage}".lower()
        return True


class CaseListPage(QWidget):
    open_case = Signal(int)
    new_dhr = Signal()
    new_trigger = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("page_cases")
        self.model = CaseTableModel(self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setAccessibleName("Cases")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText("Search reference, title or stage…")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Kind of case")
        self.kind_filter.addItem("Both kinds", "")
        for kind in CaseKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.stage_filter = QComboBox()
        self.stage_filter.setAccessibleName("Stage")
        self.year_filter = QComboBox()
        self.year_filter.setAccessibleName("Year opened")
        self.overdue_filter = QCheckBox("Overdue only")
        self.open_filter = QCheckBox("Open cases only")
        self.search.textChanged.connect(self._filters_changed)
        for combo in (self.kind_filter, self.stage_filter, self.year_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_filter.toggled.connect(self._filters_changed)
        self.open_filter.toggled.connect(self._filters_changed)

        self.new_dhr_button = QPushButton("New &DHR from a notification…")
        self.new_dhr_button.clicked.connect(self.new_dhr.emit)
        self.new_ct_button = QPushButton("New &ASB Case Review application…")
        self.new_ct_button.clicked.connect(self.new_trigger.emit)
        self.count = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.stage_filter)
        filters.addWidget(self.year_filter)
        filters.addWidget(self.overdue_filter)
        filters.addWidget(self.open_filter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_dhr_button)
        buttons.addWidget(self.new_ct_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        heading = QLabel("Cases")
        heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def reload(self, overdue: dict[int, int] | None = None) -> None:
        rows = cases.list_cases(self.db)
        self.model.set_rows(rows, overdue or {})
        self._fill_combo(
            self.stage_filter,
            "Every stage",
            sorted({r.stage for r in rows if r.stage}),
            lambda s: s.replace("_", " "),
        )
        years = sorted({str(r.opened_on.year) for r in rows if r.opened_on}, reverse=True)
        self._fill_combo(self.year_filter, "Every year", years, str)
        self.table.resizeColumnsToContents()
        self._update_count()

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, values: list[str], label: Any) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for value in values:
            combo.addItem(label(value), value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _filters_changed(self) -> None:
        self.proxy.words = self.search.text().strip().lower()
        self.proxy.kind = self.kind_filter.currentData() or ""
        self.proxy.stage = self.stage_filter.currentData() or ""
        self.proxy.year = self.year_filter.currentData() or ""
        self.proxy.overdue_only = self.overdue_filter.isChecked()
        self.proxy.open_only = self.open_filter.isChecked()
        self.proxy.refilter()
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} cases")

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(int(self.proxy.data(index, Qt.ItemDataRole.UserRole)))

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
