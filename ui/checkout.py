"""Checking a case out of the server to this laptop for a secure room, and back in.

The work itself is :mod:`dhr_desk.services.checkout`; here are the window's side of it: the line
a case's workspace shows while it travels, the check-out and check-in runs (off the GUI thread,
with progress), and the dialog in which each conflict is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import checkout
from dhr_desk.services.access import Database
from dhr_desk.words import plural
from ui import dialogs
from ui.jobs import JobThread
from ui.messages import Notice

Choice = checkout.Choice


class TravelLine(QWidget):
    """The line above a case's areas while it is checked out: on the server, who holds it
    (with Release… for a laptop that will not come back); on the laptop, where it came from
    (with Check in…)."""

    check_in_requested = Signal()
    release_requested = Signal()

    def __init__(self, db: Database, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id = case_id
        self.notice = Notice(self, "travelNotice")
        self.button = QPushButton()
        self.button.setObjectName("travelButton")
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.notice, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.state = ""
        self.reload()

    def reload(self) -> None:
        try:
            found = checkout.status(self.db, self.case_id)
        except DhrDeskError:
            found = None
        self.state = found[0] if found else ""
        if found is None:
            self.hide()
            return
        self.notice.info(found[1])
        if self.state == "held":
            self.button.setText("&Release…")
            self.button.setAccessibleName("Release the hold on this case")
        else:
            self.button.setText("Check &in…")
            self.button.setAccessibleName("Check this case in to the server")
        self.show()

    def _clicked(self) -> None:
        if self.state == "held":
            self.release_requested.emit()
        else:
            self.check_in_requested.emit()


# --------------------------------------------------------------------------- conflicts
def _shown(value: Any) -> str:
    return "(empty)" if value is None or value == "" else str(value)


class ConflictDialog(QDialog):
    """Each record changed on both sides, both versions side by side, and a choice for each:
    keep this laptop's version or the server's. Check in is possible once all are decided."""

    def __init__(self, conflicts: list[checkout.Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("DHR Desk: changed on both sides")
        self.conflicts = conflicts
        self.decisions: dict[str, Choice] = {}
        intro = QLabel(
            f"While this case was checked out, {plural(len(conflicts), 'record')} changed both "
            "here and on the server. Nothing has been checked in yet. For each, keep this "
            "laptop's version or the server's; what changed on one side only is merged for you."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("conflictList")
        self.list.setAccessibleName("Records changed on both sides")
        for conflict in conflicts:
            self.list.addItem(conflict.sentence())
        self.list.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflictFields")
        self.table.setAccessibleName("Both versions of the record")
        self.table.setHorizontalHeaderLabels(
            ["Field", "When checked out", "This laptop", "The server"]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.mine = QRadioButton("Keep this &laptop's version")
        self.theirs = QRadioButton("Keep the &server's version")
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.mine)
        self.choice.addButton(self.theirs)
        self.choice.buttonClicked.connect(self._decided)
        all_mine = QPushButton("All this laptop's")
        all_mine.setAccessibleName("Keep this laptop's version of every record")
        all_mine.clicked.connect(lambda: self._decide_all("mine"))
        all_theirs = QPushButton("All the server's")
        all_theirs.setAccessibleName("Keep the server's version of every record")
        all_theirs.clicked.connect(lambda: self._decide_all("theirs"))
        choices = QHBoxLayout()
        for widget in (self.mine, self.theirs):
            choices.addWidget(widget)
        choices.addStretch(1)
        choices.addWidget(all_mine)
        choices.addWidget(all_theirs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_in = self.buttons.addButton("Check &in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.check_in.setObjectName("checkInButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.progress = QLabel()
        self.progress.setObjectName("conflictProgress")
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addLayout(choices)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.list, self.table)
        self.setTabOrder(self.table, self.mine)
        self.setTabOrder(self.mine, self.theirs)
        self.list.currentRowChanged.connect(self._show)
        self.resize(960, 560)
        self.list.setCurrentRow(0)
        self._update()

    def _current(self) -> checkout.Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, _row: int) -> None:
        conflict = self._current()
        if conflict is None:
            return
        self.table.setRowCount(len(conflict.fields))
        for row, diff in enumerate(conflict.fields):
            mine = "(deleted)" if conflict.what == "deleted here" else _shown(diff.mine)
            gone = conflict.what == "deleted on the server"
            theirs = "(deleted)" if gone else _shown(diff.theirs)
            for column, text in enumerate(
                (diff.field.replace("_", " ").capitalize(), _shown(diff.base), mine, theirs)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        decided = self.decisions.get(conflict.ident)
        self.choice.setExclusive(False)
        self.mine.setChecked(decided == "mine")
        self.theirs.setChecked(decided == "theirs")
        self.choice.setExclusive(True)

    def _decided(self, button: QRadioButton) -> None:
        conflict = self._current()
        if conflict is not None:
            self.decisions[conflict.ident] = "mine" if button is self.mine else "theirs"
            self._mark(self.list.currentRow())
        self._update()

    def _decide_all(self, choice: Choice) -> None:
        for row, conflict in enumerate(self.conflicts):
            self.decisions[conflict.ident] = choice
            self._mark(row)
        self._show(self.list.currentRow())
        self._update()

    def _mark(self, row: int) -> None:
        conflict = self.conflicts[row]
        which = "this laptop's" if self.decisions[conflict.ident] == "mine" else "the server's"
        item = self.list.item(row)
        item.setText(f"{conflict.sentence()}\nKeeping {which} version.")

    def _update(self) -> None:
        left = sum(1 for c in self.conflicts if c.ident not in self.decisions)
        self.check_in.setEnabled(left == 0)
        self.progress.setText(
            "Every record is decided." if left == 0 else f"{plural(left, 'record')} to decide."
        )


# --------------------------------------------------------------------------- the runs
class Runner:
    """Runs one check-out or check-in off the GUI thread, reporting in the status bar."""

    def __init__(self, parent: QWidget, say: Callable[[str], None]) -> None:
        self.parent = parent
        self.say = say
        self.job: JobThread | None = None

    def start(self, work: Callable[[], Any], done: Callable[[Any], None], busy: str) -> JobThread:
        self.say(busy)
        job = JobThread(lambda _progress, _cancelled: work(), self.parent)
        job.succeeded.connect(done)
        job.failed.connect(lambda text: dialogs.error(self.parent, text))
        job.finished.connect(lambda: self.say(""))
        self.job = job
        job.start()
        return job


def check_out_work(server: Database, laptop: Database, reference: str) -> Any:
    def work() -> Any:
        try:
            return checkout.check_out(server, laptop, reference)
        finally:
            laptop.close()

    return work


def check_in_work(
    laptop: Database, server: Database, reference: str, decisions: dict[str, Choice]
) -> Callable[[], Any]:
    """The check-in; conflicts come back as the result (a list) to be decided."""

    def work() -> Any:
        try:
            return checkout.check_in(laptop, server, reference, decisions)
        except checkout.CheckInConflicts as stopped:
            return stopped.conflicts

    return work


class Travel:
    """The window's check-out, check-in and release, for the case in the current tab."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.runner = Runner(window, self._say)
        self.dialog: ConflictDialog | None = None

    def _say(self, text: str) -> None:
        bar = self.window.statusBar()
        if text:
            bar.showMessage(text)
        else:
            bar.clearMessage()

    def _workspace(self, what: str) -> Any:
        ws = self.window.current_workspace()
        if ws is None:
            dialogs.inform(self.window, f"Open the case you want to {what} first.")
            return None
        return ws if ws.resolve_unsaved() else None

    # ------------------------------------------------------------------ check out
    def check_out(self) -> JobThread | None:
        if not self.window.db.is_server:
            dialogs.inform(
                self.window,
                "Cases are checked out from the partnership's server to this laptop. This "
                "window works on this laptop's own database: connect to the server to check a "
                "case out.",
            )
            return None
        ws = self._workspace("check out")
        if ws is None:
            return None
        from ui.unlock import open_database

        laptop = open_database(self.window.data_dir, self.window)
        if laptop is None:
            return None
        if laptop.is_server:
            laptop.close()
            dialogs.error(self.window, "This laptop has no encrypted database of its own yet.")
            return None
        return self.runner.start(
            check_out_work(self.window.db, laptop, ws.reference),
            lambda result: self._checked_out(ws, result),
            f"Checking out {ws.reference} to this laptop…",
        )

    def _checked_out(self, ws: Any, result: checkout.CheckOutResult) -> None:
        ws.travel.reload()
        dialogs.inform(
            self.window,
            f"{result.reference} is checked out to this laptop ({result.records} records), "
            "in its encrypted database. To work on it with no network, choose File → Use this "
            "laptop's database; check it in from there when you are back on the network.",
        )

    # ------------------------------------------------------------------ check in
    def check_in(self) -> JobThread | None:
        if self.window.db.is_server:
            dialogs.inform(
                self.window,
                "A case is checked in from the laptop it was checked out to: start DHR Desk "
                "there on the laptop's own database, open the case and choose Check in.",
            )
            return None
        ws = self._workspace("check in")
        if ws is None:
            return None
        try:
            url = checkout.server_of(self.window.db, ws.case_id)
        except DhrDeskError as exc:
            dialogs.error(self.window, str(exc))
            return None
        from ui.server_connect import open_server

        # connecting in the background, asking for the password when none is kept
        server = open_server(url, self.window.data_dir, self.window)
        if not isinstance(server, Database):
            return None
        return self._run(ws, server, {})

    def _run(self, ws: Any, server: Database, decisions: dict[str, Choice]) -> JobThread:
        job = self.runner.start(
            check_in_work(self.window.db, server, ws.reference, decisions),
            lambda result: self._checked_in(ws, server, decisions, result),
            f"Checking {ws.reference} in to the server…",
        )
        job.failed.connect(lambda _text: server.close())
        return job

    def _checked_in(
        self, ws: Any, server: Database, decisions: dict[str, Choice], result: Any
    ) -> None:
        if isinstance(result, list):  # conflicts: decide, then check in again
            dialog = ConflictDialog(result, self.window)
            dialog.accepted.connect(
                lambda: self._run(ws, server, {**decisions, **dialog.decisions})
            )
            dialog.rejected.connect(server.close)
            self.dialog = dialog
            dialog.open()
            return
        server.close()
        index = self.window.tabs.indexOf(ws)
        if index >= 0:
            self.window.tabs.removeTab(index)
            self.window.workspaces.pop(ws.case_id, None)
            ws.deleteLater()
        self.window.refresh()
        notes = "".join(f"\n• {note}" for note in result.notes)
        dialogs.inform(self.window, result.sentence() + notes)

    # ------------------------------------------------------------------ release
    def release(self) -> None:
        ws = self.window.current_workspace()
        if ws is None:
            return
        why, ok = QInputDialog.getText(
            self.window,
            "DHR Desk: release the hold",
            f"Release {ws.reference} without its laptop copy (e.g. the laptop was lost). "
            "Why? (kept in the audit trail)",
        )
        if not ok:
            return
        try:
            checkout.release(self.window.db, ws.reference, why)
        except DhrDeskError as exc:
            dialogs.error(self.window, str(exc))
            return
        ws.travel.reload()
        self.window.refresh()
