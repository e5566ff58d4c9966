"""The main window: the dashboard, the case list and one tab per open case; menus with
shortcuts for new, save and find; the idle lock; the window layout remembered between runs."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from dhr_desk import __version__
from dhr_desk.errors import DhrDeskError
from dhr_desk.services import cases, connection, dashboard, policy, workspace
from dhr_desk.services.access import Database, DataDir
from dhr_desk.services.dashboard import Item
from ui import dialogs
from ui.case_list import CaseListPage, kind_labels
from ui.checkout import Travel
from ui.dashboard import DashboardPage, summary_text
from ui.documents_page import DocumentsPage
from ui.lock import IdleWatcher, LockScreen

if TYPE_CHECKING:
    from ui.import_dialog import ImportDialog
    from ui.jobs import JobThread
    from ui.new_case import NewDhrDialog, NewTriggerDialog
    from ui.reports_page import ReportsPage
    from ui.workspace import CaseWorkspace

ORGANISATION = "DHR Desk"
LAPTOP_DATABASE = "laptop"  # switch_to: this laptop's own database
AWAY_SECONDS = 30  # back in the window after this long: the lists are read afresh


def qsettings() -> QSettings:
    return QSettings(ORGANISATION, "DHR Desk")


class MainWindow(QMainWindow):
    refreshed = Signal()  # the dashboard and the case list were read afresh and shown

    def __init__(self, db: Database, data_dir: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = data_dir
        self.setObjectName("mainWindow")
        self.where = connection.where(db)  # "Server: name@host/database" or "This laptop"
        self.setWindowTitle(self.title())
        # After the window closes, the app opens this instead: LAPTOP_DATABASE or a server URL.
        self.switch_to: str | None = None
        self.workspaces: dict[int, CaseWorkspace] = {}
        self.reports: ReportsPage | None = None
        self.hidden_windows: list[QWidget] = []
        self.training_job: JobThread | None = None
        self.refresh_job: JobThread | None = None
        self.refresh_again = False
        self.stale = False
        self.travel = Travel(self)  # check-out to this laptop and check-in
        self.last_read = time.monotonic()  # when the lists were last read afresh
        # Others change cases meanwhile on a shared database: the dashboard and the case list
        # are read afresh every few seconds (Settings ▸ Working together), and on coming back
        # to the window after a while.
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setObjectName("refreshTimer")
        self.refresh_timer.timeout.connect(self.refresh_if_shown)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.dashboard = DashboardPage(db)
        self.dashboard.open_item.connect(self.open_item)
        self.dashboard.new_dhr.connect(self.new_dhr)
        self.dashboard.new_trigger.connect(self.new_trigger)
        self.dashboard.import_file.connect(self.import_case_files)
        self.dashboard.load_training.connect(self.load_training_cases)
        self.case_list = CaseListPage(db)
        self.case_list.open_case.connect(self.open_case)
        self.case_list.new_dhr.connect(self.new_dhr)
        self.case_list.new_trigger.connect(self.new_trigger)
        self.tabs.addTab(self.dashboard, "Dashboard")
        self.tabs.addTab(self.case_list, "Cases")
        for index in (0, 1):  # the two fixed tabs cannot be closed
            self.tabs.tabBar().setTabButton(
                index, self.tabs.tabBar().ButtonPosition.RightSide, None
            )
        self.tabs.currentChanged.connect(self._tab_changed)

        self.lock_screen = LockScreen(data_dir, db)
        self.lock_screen.unlocked.connect(self.unlock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.database_label = QLabel(self.where)
        self.database_label.setObjectName("databaseLabel")
        self.database_label.setAccessibleName(f"Working on: {self.where}")
        self.database_label.setToolTip(
            "The partnership's shared database: colleagues see your changes."
            if db.is_server
            else "The encrypted database on this computer."
        )
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        self.statusBar().addPermanentWidget(divider)
        self.statusBar().addPermanentWidget(self.database_label)
        self._build_menus()
        self.idle = IdleWatcher(int(policy.setting(db, "idle_lock_minutes")), self)
        self.idle.idle.connect(self.lock)
        from ui.drafts import DraftKeeper

        self.drafts = DraftKeeper(self)  # unsaved edits kept every few seconds
        self.set_refresh_interval()
        self.refresh()
        self.restore_layout()

    def title(self) -> str:
        return f"DHR Desk — {self.where}"

    # ------------------------------------------------------------------ menus
    def _action(self, text: str, handler: Any, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(handler)
        if name:
            action.setObjectName(name)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(
            "&New", self.new_in_context, QKeySequence.StandardKey.New, "actionNew"
        )
        self.save_action = self._action(
            "&Save", self.save_current, QKeySequence.StandardKey.Save, "actionSave"
        )
        self.find_action = self._action(
            "&Find", self.find_in_context, QKeySequence.StandardKey.Find, "actionFind"
        )
        file_menu.addAction(self.new_action)
        file_menu.addAction(
            self._action("New &DHR from a notification…", self.new_dhr, "Ctrl+Shift+D")
        )
        file_menu.addAction(
            self._action(
                "New &ASB Case Review (Community Trigger) application…",
                self.new_trigger,
                "Ctrl+Shift+T",
            )
        )
        file_menu.addAction(self.save_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(
                "&Import case file…", self.import_case_files, "Ctrl+Shift+I", "actionImport"
            )
        )
        file_menu.addAction(self._action("&Generate document…", self.generate, "Ctrl+G"))
        file_menu.addAction(
            self._action("Check &out to this laptop…", self.travel.check_out, name="actionCheckOut")
        )
        file_menu.addAction(
            self._action("Check &in to the server…", self.travel.check_in, name="actionCheckIn")
        )
        file_menu.addAction(
            self._action("Close case &tab", self.close_current_tab, QKeySequence.StandardKey.Close)
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Back up now", self.back_up, "Ctrl+Shift+B", "actionBackUp")
        )
        file_menu.addAction(
            self._action("Connect to a ser&ver…", self.connect_to_server, None, "actionConnect")
        )
        use_laptop = self._action(
            "Use this la&ptop's database", self.use_laptop, None, "actionUseLaptop"
        )
        use_laptop.setVisible(self.db.is_server)
        file_menu.addAction(use_laptop)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Lock now", self.lock, "Ctrl+L", "actionLock"))
        file_menu.addAction(self._action("E&xit", self.close, QKeySequence.StandardKey.Quit))
        view = bar.addMenu("&View")
        view.addAction(self._action("&Dashboard", lambda: self.tabs.setCurrentIndex(0), "Ctrl+1"))
        view.addAction(self._action("&Cases", lambda: self.tabs.setCurrentIndex(1), "Ctrl+2"))
        view.addAction(
            self._action("&Reports (annual figures)", self.open_reports, "Ctrl+3", "actionReports")
        )
        view.addAction(self.find_action)
        view.addAction(self._action("&Refresh", self.refresh, QKeySequence.StandardKey.Refresh))
        tools = bar.addMenu("&Tools")
        tools.addAction(self._action("&Settings…", self.open_settings, "Ctrl+,"))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About DHR Desk", self.about))

    # ------------------------------------------------------------------ cases
    def refresh(self) -> None:
        """The dashboard and the case list read afresh in the background (a county hub's
        thousand cases take a second or more) and shown when read; the window stays usable.
        A refresh asked for while one runs follows it."""
        from ui.jobs import JobThread

        self.stale = False
        if self.refresh_job is not None:
            self.refresh_again = True
            return
        db = self.db

        def read(_progress: Any, _cancelled: Any) -> tuple[Any, ...]:
            return dashboard.build(db), cases.list_cases(db), kind_labels(db)

        job = JobThread(read, self)
        job.succeeded.connect(self._show_refreshed)
        job.failed.connect(self._refresh_failed)
        job.finished.connect(self._refresh_finished)
        self.refresh_job = job
        if not self.status_label.text():
            self.status_label.setText("Reading the cases…")
        job.start()

    @property
    def refreshing(self) -> bool:
        return self.refresh_job is not None

    def set_refresh_interval(self) -> None:
        """Read the lists afresh on a timer as Settings say (0: only when asked)."""
        seconds = int(policy.setting(self.db, "refresh_seconds"))
        if seconds > 0:
            self.refresh_timer.start(seconds * 1000)
        else:
            self.refresh_timer.stop()

    def refresh_if_shown(self) -> None:
        """Others' changes: the dashboard or the case list shown is read afresh; one not shown
        is read when next shown. Nothing while locked, or while a read is under way."""
        if self.locked or self.refresh_job is not None:
            return
        if self.tabs.currentWidget() in (self.dashboard, self.case_list):
            self.refresh()
        else:
            self.stale = True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Coming back to the window after a while, with the lists read on a timer: they are
        read afresh at once rather than at the next tick."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.refresh_timer.isActive()
            and time.monotonic() - self.last_read >= AWAY_SECONDS
        ):
            self.refresh_if_shown()

    def _show_refreshed(self, read: tuple[Any, ...]) -> None:
        board, rows, labels = read
        self.last_read = time.monotonic()
        self.dashboard.show_board(board)
        self.case_list.show_rows(rows, self.dashboard.overdue_by_case(), board.next_steps, labels)
        overdue = board.overdue_count
        self.status_label.setText(f"{overdue} overdue" if overdue else "Nothing overdue")
        self.status_label.setToolTip(summary_text(board))

    def _refresh_failed(self, text: str) -> None:
        self.statusBar().showMessage(f"The dashboard could not be brought up to date: {text}")

    def _refresh_finished(self) -> None:
        if self.refresh_job is not None:
            self.refresh_job.wait()
        self.refresh_job = None
        if self.refresh_again:
            self.refresh_again = False
            self.refresh()
        else:
            self.refreshed.emit()

    def open_case(
        self,
        case_id: int,
        area: str | None = None,
        record_kind: str = "",
        record_id: int | None = None,
    ) -> CaseWorkspace | None:
        from ui.workspace import CaseWorkspace

        ws = self.workspaces.get(case_id)
        if ws is None:
            try:
                case = workspace.get_case(self.db, case_id)
            except DhrDeskError as exc:
                dialogs.error(self, str(exc))
                return None
            ws = CaseWorkspace(self.db, case, area=area or "summary")
            ws.changed.connect(self._case_changed)
            ws.travel.check_in_requested.connect(self.travel.check_in)
            ws.travel.release_requested.connect(self.travel.release)
            ws.title_changed.connect(
                lambda ref, w=ws: self.tabs.setTabText(self.tabs.indexOf(w), ref)
            )
            self.workspaces[case_id] = ws
            self.tabs.addTab(ws, case.reference)
        self.tabs.setCurrentWidget(ws)
        if area:
            ws.show_area(area, record_kind, record_id)
        return ws

    def open_item(self, item: Item) -> None:
        self.open_case(item.case_id, item.area, item.record_kind, item.record_id)

    def new_dhr(self) -> NewDhrDialog:
        from ui.new_case import NewDhrDialog

        dialog = NewDhrDialog(self.db, self)
        dialog.created.connect(self._created)
        dialog.open()
        return dialog

    def new_trigger(self) -> NewTriggerDialog:
        from ui.new_case import NewTriggerDialog

        dialog = NewTriggerDialog(self.db, self)
        dialog.created.connect(self._created)
        dialog.open()
        return dialog

    def _created(self, case_id: int) -> None:
        self.refresh()
        self.open_case(case_id)

    def import_case_files(self) -> ImportDialog | None:
        """File ▸ Import case file…: the chosen files imported in the background."""
        from ui.import_dialog import ImportDialog

        paths = dialogs.choose_files(
            self, "Import case files", "Case files (*.json);;All files (*)"
        )
        if not paths:
            return None
        dialog = ImportDialog(self.db, paths, self)
        dialog.imported.connect(lambda _refs: self.refresh())
        self.import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def load_training_cases(self) -> JobThread | None:
        """The fictional training cases, dated to look live today, added in the background.
        The council's own settings are left as they are."""
        from dhr_desk.services import demo
        from ui.jobs import JobThread

        if self.training_job is not None:
            return None
        today = dt.date.today()
        job = JobThread(lambda _progress, _cancelled: demo.load_demo(self.db, today), self)
        job.succeeded.connect(self._training_loaded)
        job.failed.connect(lambda text: dialogs.error(self, text))
        job.finished.connect(self._training_finished)
        self.statusBar().showMessage("Loading the training cases…")
        self.training_job = job
        job.start()
        return job

    def _training_loaded(self, references: list[str]) -> None:
        self.refresh()
        self.statusBar().showMessage(
            f"Loaded {len(references)} fictional training cases: {', '.join(references)}.", 15000
        )

    def _training_finished(self) -> None:
        if self.training_job is not None:
            self.training_job.wait()
        self.training_job = None

    def current_workspace(self) -> CaseWorkspace | None:
        widget = self.tabs.currentWidget()
        return widget if widget in self.workspaces.values() else None  # type: ignore[return-value]

    def new_in_context(self) -> None:
        ws = self.current_workspace()
        if ws is not None:
            ws.new_record()
        else:
            self.new_dhr()

    def save_current(self) -> None:
        ws = self.current_workspace()
        if ws is not None:
            ws.save_current()

    def find_in_context(self) -> None:
        ws = self.current_workspace()
        if ws is not None:
            ws.focus_find()
        else:
            self.tabs.setCurrentWidget(self.case_list)
            self.case_list.focus_find()

    def generate(self) -> None:
        ws = self.current_workspace()
        if ws is None:
            dialogs.inform(self, "Open a case first: documents are generated from a case.")
            return
        ws.show_area("documents")
        page = ws.pages["documents"]
        if isinstance(page, DocumentsPage):
            page.open_generate()

    def open_reports(self) -> ReportsPage:
        """The Reports area (the annual ASB Case Review figures) in a tab of its own."""
        from ui.reports_page import ReportsPage

        if self.reports is None:
            self.reports = ReportsPage(self.db)
            self.reports.refresh()
        if self.tabs.indexOf(self.reports) < 0:
            self.tabs.addTab(self.reports, "Reports")
        self.tabs.setCurrentWidget(self.reports)
        return self.reports

    def close_tab(self, index: int) -> bool:
        if self.reports is not None and self.tabs.widget(index) is self.reports:
            self.tabs.removeTab(index)
            return True
        widget = next((w for w in self.workspaces.values() if w is self.tabs.widget(index)), None)
        if widget is None:
            return False
        if not widget.resolve_unsaved():
            return False
        self.tabs.removeTab(index)
        self.workspaces.pop(widget.case_id, None)
        widget.deleteLater()
        return True

    def close_current_tab(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    def _case_changed(self) -> None:
        """A save in a case: the dashboard and the list are brought up to date when next shown."""
        self.stale = True
        if self.tabs.currentWidget() in (self.dashboard, self.case_list):
            self.refresh()

    def _tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.dashboard or (widget is self.case_list and self.stale):
            self.refresh()

    def back_up(self) -> None:
        """An encrypted backup into the backup folder of Settings, off the GUI thread."""
        from dhr_desk.services import backups
        from ui.jobs import JobThread

        refused = backups.refused_here(self.db)
        if refused:
            dialogs.inform(self, refused)
            return
        if not backups.backup_folder(self.db):
            dialogs.inform(
                self,
                "Choose a backup folder first (Settings → Security and backup), ideally on an "
                "encrypted drive or a share the council backs up.",
            )
            self.open_settings()
            return
        self.statusBar().showMessage("Writing an encrypted backup…")
        job = JobThread(
            lambda progress, _cancelled: backups.back_up(self.db, self.data_dir, None, progress),
            self,
        )
        job.succeeded.connect(self._backed_up)
        job.failed.connect(lambda text: dialogs.error(self, text))
        job.finished.connect(self.statusBar().clearMessage)
        self.backup_job = job
        job.start()

    def _backed_up(self, path: Path) -> None:
        dialogs.inform(
            self,
            f"Encrypted backup written to {path} ({path.stat().st_size:,} bytes). It opens with "
            "this database's key or its recovery key.",
        )

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.db, self)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        self.settings_dialog = dialog

    def _settings_saved(self) -> None:
        self.idle.set_minutes(int(policy.setting(self.db, "idle_lock_minutes")))
        self.set_refresh_interval()
        self.refresh()
        for ws in self.workspaces.values():
            if "stages" in ws.pages:
                ws.pages["stages"].set_parent(ws.case_id)

    # ------------------------------------------------------------------ which database
    def connect_to_server(self) -> None:
        """File ▸ Connect to a server…: once saved, the window closes and opens on it."""
        from ui.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.data_dir, self)
        dialog.saved.connect(self._server_saved)
        dialog.open()
        self.connect_dialog = dialog

    def _server_saved(self, url: str) -> None:
        if not self.switch(url):
            self.statusBar().showMessage(
                "The server's address is saved: DHR Desk works on it from its next start."
            )

    def use_laptop(self) -> None:
        """File ▸ Use this laptop's database: from now on, and at the next start (the saved
        address of the server is forgotten; its cases stay on the server)."""
        if not dialogs.confirm(
            self,
            "Use this laptop's database",
            "Work on the encrypted database on this computer instead of the server? The "
            "server's address is forgotten on this computer; the cases stay on the server.",
        ):
            return
        if self.switch(LAPTOP_DATABASE):
            try:
                connection.forget_saved(self.data_dir)
            except DhrDeskError as exc:
                dialogs.error(self, str(exc))

    def switch(self, target: str) -> bool:
        """Close the window (unsaved edits settled first) for the app to open ``target``: a
        server's URL or LAPTOP_DATABASE. False when the person stayed."""
        self.switch_to = target
        if self.close():
            return True
        self.switch_to = None
        return False

    def about(self) -> None:
        dialogs.inform(
            self,
            f"DHR Desk {__version__}\n\nDomestic Homicide Reviews and ASB Case Reviews "
            f"(Community Trigger), offline and encrypted.\n\nWorking on: {self.where}\n"
            f"Data folder: {self.data_dir.root}",
        )

    # ------------------------------------------------------------------ lock
    @property
    def locked(self) -> bool:
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.locked:
            return
        self.hidden_windows = []
        for child in self.findChildren(QDialog):
            if child.isVisible():
                child.hide()
                self.hidden_windows.append(child)
        self.stack.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        for action in self.actions():
            action.setEnabled(False)
        self.setWindowTitle(f"{self.title()} (locked)")
        self.lock_screen.reset()

    def unlock(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.menuBar().setEnabled(True)
        for action in self.actions():
            action.setEnabled(True)
        self.setWindowTitle(self.title())
        for window in self.hidden_windows:
            window.show()
        self.hidden_windows = []
        self.idle.set_minutes(self.idle.minutes)

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ layout and closing
    def restore_layout(self) -> None:
        store = qsettings()
        geometry = store.value("main/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 800)
        state = store.value("main/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))

    def save_layout(self) -> None:
        store = qsettings()
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/state", self.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.locked:  # unlock first: the questions about unsaved edits show case data
            self.bring_forward()
            event.ignore()
            return
        for ws in list(self.workspaces.values()):
            if ws.has_unsaved():
                self.tabs.setCurrentWidget(ws)
                if not ws.resolve_unsaved():
                    event.ignore()
                    return
        self.save_layout()
        self.idle.stop()
        self.drafts.stop()
        self.refresh_timer.stop()
        self.refresh_again = False
        if self.refresh_job is not None:  # a read under way ends before the database closes
            self.refresh_job.wait()
        event.accept()
