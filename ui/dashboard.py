"""The dashboard: what is overdue and due soon, the meetings ahead, the agency returns still
out and the action-plan actions past their target date. Each item opens where it is dealt with."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import dashboard
from dhr_desk.services.access import Database
from dhr_desk.services.dashboard import Dashboard, Item

COLOURS = {"overdue": "#b3261e", "due_soon": "#9a6700"}


def _when(item: Item) -> str:
    if item.state == "paused":
        return "clock paused"
    if item.due_on is None:
        return "no date set"
    if item.days_left is None:
        return item.due_on.isoformat()
    if item.days_left < 0:
        return f"{item.due_on.isoformat()} ({-item.days_left} days late)"
    if item.days_left == 0:
        return f"{item.due_on.isoformat()} (today)"
    return f"{item.due_on.isoformat()} (in {item.days_left} days)"


class ItemTable(QTableWidget):
    """One dashboard list; Enter or a double-click opens the item."""

    chosen = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.items_shown: list[Item] = []
        self.setObjectName(name.replace(" ", "_"))
        self.setAccessibleName(name)
        self.setColumnCount(3)
        self.setHorizontalHeaderLabels(["Case", "What", "When"])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.cellDoubleClicked.connect(lambda row, _c: self._choose(row))
        self.itemActivated.connect(lambda item: self._choose(item.row()))

    def show_items(self, items: list[Item], empty: str) -> None:
        self.items_shown = items
        self.clearContents()
        self.setRowCount(max(len(items), 1))
        if not items:
            placeholder = QTableWidgetItem(empty)
            placeholder.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.setItem(0, 1, placeholder)
            return
        for row, item in enumerate(items):
            cells = (item.reference, item.what, _when(item))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                colour = COLOURS.get(item.state)
                if colour:
                    cell.setForeground(QColor(colour))
                self.setItem(row, column, cell)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.items_shown):
            self.chosen.emit(self.items_shown[row])


class DashboardPage(QWidget):
    open_item = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("page_dashboard")
        self.board: Dashboard | None = None
        self.summary = QLabel()
        self.summary.setObjectName("dashboardSummary")
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setAccessibleName("Refresh the dashboard")
        self.refresh_button.clicked.connect(self.reload)
        self.deadlines = ItemTable("Deadlines overdue or due soon")
        self.meetings = ItemTable("Meetings ahead")
        self.returns = ItemTable("Agency returns outstanding")
        self.actions_table = ItemTable("Actions past their target date")
        grid = QGridLayout()
        for position, table in enumerate(
            (self.deadlines, self.meetings, self.returns, self.actions_table)
        ):
            box = QGroupBox(table.accessibleName())
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            grid.addWidget(box, position // 2, position % 2)
            table.chosen.connect(self.open_item.emit)
        heading = QLabel("Dashboard")
        heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addLayout(grid, 1)
        layout.addWidget(self.refresh_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def reload(self, as_of: dt.date | None = None) -> Dashboard:
        board = dashboard.build(self.db, as_of)
        self.board = board
        self.deadlines.show_items(board.deadlines, "Nothing overdue or due soon.")
        self.meetings.show_items(board.meetings, "No meetings planned.")
        self.returns.show_items(board.returns, "No returns outstanding.")
        self.actions_table.show_items(board.actions, "No actions past their target date.")
        overdue = board.overdue_count
        where = [
            f"{n} {label}"
            for label, items in (
                ("deadline(s)", board.deadlines),
                ("agency return(s)", board.returns),
                ("action(s) past target", board.actions),
            )
            if (n := sum(1 for i in items if i.state == "overdue"))
        ]
        self.summary.setText(
            f"{board.as_of.strftime('%A %d %B %Y')}: "
            + (f"{overdue} overdue ({', '.join(where)}). " if overdue else "nothing overdue. ")
            + f"{len(board.meetings)} meeting(s) ahead, {len(board.returns)} return(s) "
            f"outstanding."
        )
        return board

    def overdue_by_case(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        if self.board is None:
            return counts
        for items in (self.board.deadlines, self.board.returns, self.board.actions):
            for item in items:
                if item.state == "overdue":
                    counts[item.case_id] = counts.get(item.case_id, 0) + 1
        return counts
