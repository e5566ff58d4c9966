"""The list of every case, both kinds, each with the next thing to do and when it is due: search
as you type, filter by kind, stage, year and overdue, sort by any column; a double-click (or
Enter) opens the case, and from the search box Enter opens the case found and Down goes to the
list."""

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
from PySide6.QtGui import QColor, QKeyEvent
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

from dhr_desk.services import cases, policy
from dhr_desk.services.access import Database
from dhr_desk.services.cases import CaseKind, CaseSummary, NextStep
from ui.messages import due_text
from ui.tables import RowsFollowWidth

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["Reference", "Title", "Kind", "Next step", "Due", "Overdue", "Opened", "Checked out"]
NEXT_COLUMN, DUE_COLUMN, OUT_COLUMN = 3, 4, 7
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_COLOURS = {"overdue": "#b3261e", "due_soon": "#8a5300", "paused": "#0b5cad"}


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CaseSummary] = []
        self.overdue: dict[int, int] = {}
        self.next: dict[int, NextStep] = {}
        self.kind_labels: dict[str, str] = {}

    def set_rows(
        self,
        rows: list[CaseSummary],
        overdue: dict[int, int],
        next_steps: dict[int, NextStep] | None = None,
        kind_labels: dict[str, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self.rows, self.overdue = rows, overdue
        self.next = next_steps or {}
        self.kind_labels = kind_labels or {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def value(self, row: CaseSummary, column: int) -> Any:
        step = self.next.get(row.id)
        if column == NEXT_COLUMN:
            return step.what if step else ""
        if column == DUE_COLUMN:
            return due_text(step.due_on, step.state, step.days_left) if step else ""
        return (
            row.reference,
            row.title,
            self.kind_labels.get(row.kind) or CaseKind(row.kind).label,
            None,
            None,
            self.overdue.get(row.id, 0) or "",
            row.opened_on,
            row.checked_out,
        )[column]

    def sort_value(self, row: CaseSummary, column: int) -> Any:
        if column == DUE_COLUMN:  # by date, paused and undated last
            step = self.next.get(row.id)
            day = step.due_on if step else None
            return day.isoformat() if day else "9999"
        value = self.value(row, column)
        if value is None:
            return ""
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value if isinstance(value, int) else str(value).lower()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            stage = row.stage.replace("_", " ") or "not started"
            return f"{row.reference}: last step recorded — {stage}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.value(row, index.column())
            if value is None:
                return ""
            return value.isoformat() if hasattr(value, "isoformat") else str(value)
        if role == SORT_ROLE:
            return self.sort_value(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _colour(self, row: CaseSummary, column: int) -> QColor | None:
        step = self.next.get(row.id)
        if column in (NEXT_COLUMN, DUE_COLUMN) and step is not None:
            colour = STATE_COLOURS.get(step.state)
            return QColor(colour) if colour else None
        if self.overdue.get(row.id) and column in (0, 5):
            return QColor(STATE_COLOURS["overdue"])
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
            step = model.next.get(row.id)
            what = step.what if step else ""
            return self.words in f"{row.reference} {row.title} {row.stage} {what}".lower()
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
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # kind: wraps
        header.setSectionResizeMode(NEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.rows_fitter = RowsFollowWidth(self.table)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)

        self.search = SearchBox()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText("Search cases…")
        self.search.setToolTip("Finds cases by reference, title, stage or next step as you type")
        self.search.setAccessibleName("Search cases")
        self.search.setAccessibleDescription(
            "Enter opens the case found (or the one selected); Down goes to the list"
        )
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._open_found)
        self.search.down.connect(self._to_list)
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
        self.empty = QLabel(
            "No case yet. Start one with the buttons above, import a case file (File ▸ Import "
            "case file…) or load the training cases from the Dashboard."
        )
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        heading = QLabel("Cases")
        heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)

    def reload(
        self, overdue: dict[int, int] | None = None, next_steps: dict[int, NextStep] | None = None
    ) -> None:
        """The cases afresh; ``next_steps`` when already worked out (the dashboard does it in
        the same pass as its deadlines)."""
        rows = cases.list_cases(self.db)
        if next_steps is None:
            next_steps = cases.next_steps(self.db)
        self.show_rows(rows, overdue or {}, next_steps, kind_labels(self.db))

    def show_rows(
        self,
        rows: list[CaseSummary],
        overdue: dict[int, int],
        next_steps: dict[int, NextStep],
        labels: dict[str, str],
    ) -> None:
        """Cases read elsewhere (the window reads them in the background) shown here. The
        case selected stays selected and the list stays where it was scrolled to (a refresh
        on a timer must not lose the coordinator's place)."""
        chosen = self.selected_case_id()
        scrolled = self.table.verticalScrollBar().value()
        self.model.set_rows(rows, overdue, next_steps, labels)
        # who holds a case checked out to a laptop: shown while any case is
        self.table.setColumnHidden(OUT_COLUMN, not any(r.checked_out for r in rows))
        self.empty.setVisible(not rows)
        self._fill_combo(
            self.stage_filter,
            "Every stage",
            sorted({r.stage for r in rows if r.stage}),
            lambda s: s.replace("_", " "),
        )
        years = sorted({str(r.opened_on.year) for r in rows if r.opened_on}, reverse=True)
        self._fill_combo(self.year_filter, "Every year", years, str)
        self.fit_rows()
        self._update_count()
        if chosen is not None:
            self.select_case(chosen)
        self.table.verticalScrollBar().setValue(scrolled)

    def selected_case_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.rows[row].id if 0 <= row < len(self.model.rows) else None

    def select_case(self, case_id: int) -> bool:
        for row, case in enumerate(self.model.rows):
            if case.id == case_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    return True
        return False

    def fit_rows(self) -> None:
        """Titles and next steps wrap rather than being cut short."""
        title = self.table.horizontalHeader()
        self.table.resizeColumnToContents(1)
        title.resizeSection(1, min(title.sectionSize(1), 260))
        self.table.resizeColumnToContents(2)  # "ASB Case Review (Community Trigger)" wraps
        title.resizeSection(2, min(title.sectionSize(2), 130))
        self.table.resizeRowsToContents()

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
        self.table.resizeRowsToContents()
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        noun = "case" if total == 1 else "cases"
        self.count.setText(f"{self.proxy.rowCount()} of {total} {noun}")

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(int(self.proxy.data(index, Qt.ItemDataRole.UserRole)))

    def _open_found(self) -> None:
        """Enter in the search box: the case selected, or the first one found."""
        current = self.table.currentIndex()
        if not current.isValid() and self.proxy.rowCount():
            current = self.proxy.index(0, 0)
        self._open_index(current)

    def _to_list(self) -> None:
        """Down from the search box: into the list, on the first case found."""
        if not self.proxy.rowCount():
            return
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.table.selectRow(self.table.currentIndex().row())
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


class SearchBox(QLineEdit):
    """The search line; Down goes on to the list below it."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


def kind_labels(db: Database) -> dict[str, str]:
    """What the partnership calls each kind of case ("DHR" or "DARDR"…), for the Kind column."""
    return {
        CaseKind.DHR.value: str(policy.setting(db, "dhr_label")),
        CaseKind.COMMUNITY_TRIGGER.value: str(policy.setting(db, "ct_label")),
    }
