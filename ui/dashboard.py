"""The dashboard: what is overdue and due soon, the meetings ahead, the agency returns still
out and the action-plan actions past their target date. Each item opens where it is dealt with.

The line at the top says the same as the four lists below it: each overdue item is counted under
the name of the list that shows it. With no case at all (the first run) the dashboard says how to
begin instead.
"""

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
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import dashboard
from dhr_desk.services.access import Database
from dhr_desk.services.dashboard import Dashboard, Item
from dhr_desk.words import plural
from ui.messages import due_text
from ui.tables import RowsFollowWidth

COLOURS = {"overdue": "#b3261e", "due_soon": "#8a5300"}
BOXES = (
    ("deadlines", "Deadlines overdue or due soon", "No deadline is overdue or due soon."),
    ("meetings", "Meetings ahead", "No meetings planned."),
    ("returns", "Agency returns outstanding", "No agency return is outstanding."),
    ("actions", "Actions past their target date", "No action is past its target date."),
)


def _when(item: Item) -> str:
    if item.state == "paused":
        return "clock paused"
    if item.due_on is None:
        return "no date set"
    return due_text(item.due_on, item.state, item.days_left)


class ItemTable(QTableWidget):
    """One dashboard list; Enter or a double-click opens the item. Long texts wrap."""

    chosen = Signal(object)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.items_shown: list[Item] = []
        self.setObjectName(name.replace(" ", "_"))
        self.setAccessibleName(name)
        self.setColumnCount(3)
        self.setHorizontalHeaderLabels(["Case", "What", "When"])
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.rows_fitter = RowsFollowWidth(self)  # the wrapped texts take the lines they need
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
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
            self.resizeRowsToContents()
            return
        for row, item in enumerate(items):
            cells = (item.reference, item.what, _when(item))
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                colour = COLOURS.get(item.state)
                if colour:
                    cell.setForeground(QColor(colour))
                self.setItem(row, column, cell)
        self.resizeRowsToContents()

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.items_shown):
            self.chosen.emit(self.items_shown[row])


class FirstRun(QWidget):
    """An empty database: the four ways to begin."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        title = QLabel("Welcome to DHR Desk")
        title.setObjectName("welcomeTitle")
        intro = QLabel(
            "There are no cases yet. Everything you record is kept in this computer's "
            "encrypted database. How would you like to begin?"
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, detail in (
            (
                "new_dhr",
                "New DHR from a police notification…",
                "Record the notification of a death: the case gets its reference, and the "
                "decision whether to hold a review is due within a month.",
            ),
            (
                "new_trigger",
                "New Community Trigger application…",
                "Record who applied, when and how; the threshold decision is due within the "
                "working days your procedure sets.",
            ),
            (
                "import_file",
                "Import a case file…",
                "Add cases kept in DHR Desk case files (.json), for example moved from another "
                "computer. Each file is checked and added whole, or not at all.",
            ),
            (
                "training",
                "Load the training cases",
                "Five fictional cases (two DHRs, three Community Triggers) to learn with. Your "
                "council's settings are not changed.",
            ),
        ):
            button = QPushButton(text)
            button.setObjectName(f"start_{name}")
            button.setAccessibleDescription(detail)
            button.setMinimumHeight(button.sizeHint().height() + 8)
            note = QLabel(detail)
            note.setObjectName("hint")
            note.setWordWrap(True)
            note.setIndent(4)
            layout.addSpacing(10)
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(note)
            self.buttons[name] = button
        layout.addStretch(1)


class DashboardPage(QWidget):
    open_item = Signal(object)
    new_dhr = Signal()
    new_trigger = Signal()
    import_file = Signal()
    load_training = Signal()

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
        self.tables = {
            "deadlines": self.deadlines,
            "meetings": self.meetings,
            "returns": self.returns,
            "actions": self.actions_table,
        }
        self.boxes: dict[str, QGroupBox] = {}
        lists = QWidget()
        grid = QGridLayout(lists)
        grid.setContentsMargins(0, 0, 0, 0)
        for position, (name, _title, _empty) in enumerate(BOXES):
            table = self.tables[name]
            box = QGroupBox(table.accessibleName())
            inner = QVBoxLayout(box)
            inner.addWidget(table)
            grid.addWidget(box, position // 2, position % 2)
            table.chosen.connect(self.open_item.emit)
            self.boxes[name] = box
        self.first_run = FirstRun()
        for name, signal in (
            ("new_dhr", self.new_dhr),
            ("new_trigger", self.new_trigger),
            ("import_file", self.import_file),
            ("training", self.load_training),
        ):
            self.first_run.buttons[name].clicked.connect(signal.emit)
        self.lists = lists
        self.stack = QStackedWidget()
        self.stack.addWidget(lists)
        self.stack.addWidget(self.first_run)
        heading = QLabel("Dashboard")
        heading.setObjectName("pageHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.refresh_button, alignment=Qt.AlignmentFlag.AlignLeft)

    def reload(self, as_of: dt.date | None = None) -> Dashboard:
        """Build and show the dashboard here (the window reads it in the background)."""
        board = dashboard.build(self.db, as_of)
        self.show_board(board)
        return board

    def show_board(self, board: Dashboard) -> None:
        self.board = board
        for name, title, empty in BOXES:
            items: list[Item] = getattr(board, name)
            self.tables[name].show_items(items, empty)
            self.boxes[name].setTitle(_box_title(title, items, board))
        self.stack.setCurrentWidget(self.first_run if board.cases == 0 else self.lists)
        self.summary.setText(summary_text(board))

    def overdue_by_case(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        if self.board is None:
            return counts
        for items in (self.board.deadlines, self.board.returns, self.board.actions):
            for item in items:
                if item.state == "overdue":
                    counts[item.case_id] = counts.get(item.case_id, 0) + 1
        return counts


def _box_title(title: str, items: list[Item], board: Dashboard) -> str:
    """The list's name with how many it shows (and how many of them are overdue, where that
    is not what the list is)."""
    if not items:
        return title
    late = board.overdue_in(items)
    if not late or late == len(items) and items is board.actions:
        return f"{title} ({len(items)})"
    return f"{title} ({len(items)}, {late} overdue)"


def summary_text(board: Dashboard) -> str:
    """The line above the lists: the day, then what is overdue counted under the name of the
    list that shows it, then what is coming."""
    day = f"{board.as_of:%A} {board.as_of.day} {board.as_of:%B %Y}"
    if board.cases == 0:
        return f"{day}. No cases yet: choose how to begin below."
    late = [
        plural(n, what, whats)
        for what, whats, items in (
            ("deadline", None, board.deadlines),
            ("agency return", None, board.returns),
            ("action past its target date", "actions past their target date", board.actions),
        )
        if (n := board.overdue_in(items))
    ]
    head = f"Overdue: {', '.join(late)}." if late else "Nothing is overdue."
    soon = sum(
        1 for items in (board.deadlines, board.returns) for i in items if i.state == "due_soon"
    )
    coming = [
        plural(soon, "deadline") + " due soon" if soon else "",
        plural(len(board.meetings), "meeting") + " ahead",
        plural(len(board.returns), "agency return") + " outstanding",
    ]
    cases = plural(board.open_cases, "open case")
    return f"{day} · {cases}. {head} {', '.join(c for c in coming if c)}."
