"""Import an agency's return: choose the file and the agency (and the sheet of a workbook), see
every row to be added and every problem row with its reason, change what a column is used for,
fix a row by typing over it or skip it, then import it all — or cancel and nothing is written.

Reading the file and writing the entries run off the GUI thread with progress and Cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import chronology
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import ImportPlan, ImportResult
from ui import dialogs
from ui.chronology_preview import REASON, PreviewModel, StateFilter
from ui.jobs import JobThread

FOLDER_KEY = "chronology/last_import_folder"
SHOW = (
    ("Every row", ""),
    ("Rows with a problem", "problem"),
    ("Rows with a warning", "warning"),
    ("Rows to add", "ready"),
    ("Skipped and left out", "skipped"),
)


class ImportDialog(QDialog):
    """Read, check, fix and import one agency's return."""

    imported = Signal(object)  # ImportResult

    def __init__(
        self, db: Database, case_id: int, parent: QWidget | None = None, agency: str = ""
    ) -> None:
        super().__init__(parent)
        self.db, self.case_id = db, case_id
        self.plan: ImportPlan | None = None
        self.job: JobThread | None = None
        self.outcome: ImportResult | None = None
        self.setWindowTitle("Import an agency's chronology")
        self.setObjectName("chronologyImport")
        self.resize(1000, 680)
        self._build_inputs(agency)
        self._build_preview()
        self._build_buttons()
        self._enable()

    # ------------------------------------------------------------------ building
    def _build_inputs(self, agency: str) -> None:
        self.path = QLineEdit()
        self.path.setAccessibleName("Return file")
        self.path.setPlaceholderText("A Word (.docx), Excel (.xlsx) or CSV file from the agency")
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self.choose_file)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setAccessibleName("Agency the return is from")
        self.agency.addItem("")
        self.agency.addItems(chronology.agencies(self.db, self.case_id))
        self.agency.setEditText(agency)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet of the workbook")
        self.sheet.setEnabled(False)
        self.read_button = QPushButton("&Read the file")
        self.read_button.clicked.connect(lambda: self.read())
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        self.inputs = QFormLayout()
        self.inputs.addRow("File", file_row)
        self.inputs.addRow("&Agency", self.agency)
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet, 1)
        sheet_row.addWidget(self.read_button)
        self.inputs.addRow("Sheet", sheet_row)

    def _build_preview(self) -> None:
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.notices = QLabel()
        self.notices.setObjectName("hint")
        self.notices.setWordWrap(True)
        self.columns = QTableWidget(0, 2)
        self.columns.setObjectName("importColumns")
        self.columns.setAccessibleName("What each column of the file is used for")
        self.columns.setHorizontalHeaderLabels(["Heading in the file", "Used for"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.setMinimumWidth(300)
        self.reread_button = QPushButton("Read again &with these columns")
        self.reread_button.clicked.connect(self.reread)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.columns, 1)
        left_layout.addWidget(self.reread_button)
        self.model = PreviewModel(self)
        self.model.changed.connect(self._plan_changed)
        self.proxy = StateFilter(self)
        self.proxy.setSourceModel(self.model)
        self.preview = QTableView()
        self.preview.setObjectName("importPreview")
        self.preview.setAccessibleName("Every row of the file: to add, with a problem, left out")
        self.preview.setModel(self.proxy)
        self.preview.verticalHeader().hide()
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setWordWrap(False)
        header = self.preview.horizontalHeader()
        for column, width in enumerate((92, 120, 110, 50, 250, 130, 260)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.show_only = QComboBox()
        self.show_only.setAccessibleName("Show")
        for text, value in SHOW:
            self.show_only.addItem(text, value)
        self.show_only.currentIndexChanged.connect(
            lambda _i: self.proxy.show_only(str(self.show_only.currentData()))
        )
        hint = QLabel(
            "Double-click a date, time, source or event to correct it; untick a row to skip it."
            " Nothing is written until you press Import."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.show_only)
        top.addWidget(hint, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(self.preview, 1)
        self.row_detail = QLabel()
        self.row_detail.setObjectName("hint")
        self.row_detail.setWordWrap(True)
        self.row_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right_layout.addWidget(self.row_detail)
        self.preview.selectionModel().currentRowChanged.connect(self._row_detail)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([320, 680])

    def _build_buttons(self) -> None:
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("saveStatus")
        self.message.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.skip_button = QPushButton("S&kip every problem row")
        self.skip_button.clicked.connect(self.skip_problems)
        self.import_button = QPushButton("&Import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.inputs)
        layout.addWidget(self.summary)
        layout.addWidget(self.notices)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _row_detail(self, current: Any, _previous: Any) -> None:
        if not current.isValid():
            self.row_detail.clear()
            return
        row = self.proxy.mapToSource(current).row()
        reason = self.model.text(row, REASON)
        cells = " | ".join(
            c for c in (self.model.rows[row].cells if row < len(self.model.rows) else ()) if c
        )
        where = self.model.text(row, 1)
        self.row_detail.setText(
            f"{where}: {reason or 'ready to add'}"
            + (f"\nThe row reads: {cells[:400]}" if cells else "")
        )

    # ------------------------------------------------------------------ reading
    def choose_file(self) -> None:
        settings = QSettings("DHR Desk", "DHR Desk")
        folder = str(settings.value(FOLDER_KEY) or Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self,
            "The agency's chronology",
            folder,
            "Chronology returns (*.docx *.xlsx *.xlsm *.csv *.txt *.tsv);;Every file (*)",
        )
        if path:
            settings.setValue(FOLDER_KEY, str(Path(path).parent))
            self.path.setText(path)
            self.sheet.clear()
            self.sheet.setEnabled(False)
            self.read()

    def _busy(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def _run(self, job: Any, done: Any, message: str) -> None:
        self.error.clear()
        self.message.setText(message)
        self.progress.setValue(0)
        self.progress.show()
        self.job = JobThread(job, self)
        self.job.progressed.connect(self._progress)
        self.job.succeeded.connect(done)
        self.job.failed.connect(self._failed)
        self.job.cancelled_by_user.connect(self._stopped)
        self.job.start()
        self._enable()

    def read(self, mapping: dict[str, str] | None = None) -> None:
        """Read the file into a plan (nothing is written)."""
        path = Path(self.path.text().strip()) if self.path.text().strip() else None
        agency = self.agency.currentText().strip()
        if path is None or not agency:
            self.error.setText("Choose the file and name the agency it comes from.")
            return
        sheet = self.sheet.currentText() if self.sheet.isEnabled() and self.sheet.count() else None
        db, case_id = self.db, self.case_id

        def job(progress: Any, cancelled: Any) -> ImportPlan:
            return chronology.read_return(
                db,
                case_id,
                path,
                agency,
                sheet=sheet,
                mapping=mapping,
                progress=lambda f, m: progress(f, m),
                cancelled=cancelled,
            )

        self._run(job, self._read_done, f"Reading {path.name}…")

    def reread(self) -> None:
        if self.plan is None:
            return
        mapping = {}
        for row in range(self.columns.rowCount()):
            heading = self.columns.item(row, 0)
            combo = self.columns.cellWidget(row, 1)
            if heading is not None and isinstance(combo, QComboBox):
                mapping[heading.text()] = str(combo.currentData())
        plan, db, case_id = self.plan, self.db, self.case_id

        def job(progress: Any, cancelled: Any) -> ImportPlan:
            progress(0.3, "Reading the rows again")
            return chronology.replan(db, case_id, plan, mapping)

        self._run(job, self._read_done, "Reading the rows again…")

    def _read_done(self, plan: ImportPlan) -> None:
        self._finish()
        self.show_plan(plan)

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.model.set_plan(plan)
        if plan.file.sheets:
            current = plan.sheet or plan.sheet_read
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(plan.file.sheets)
            self.sheet.setCurrentText(current)
            self.sheet.setEnabled(True)
            self.sheet.blockSignals(False)
        self.columns.setRowCount(len(plan.columns))
        for row, column in enumerate(plan.columns):
            heading = QTableWidgetItem(column.heading or f"(column {column.index + 1})")
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.columns.setItem(row, 0, heading)
            combo = QComboBox()
            combo.setAccessibleName(f"Use of the column {column.heading}")
            for field in chronology.FIELDS:
                combo.addItem(chronology.FIELD_LABELS[field], field)
            combo.setCurrentIndex(max(0, combo.findData(column.field)))
            self.columns.setCellWidget(row, 1, combo)
        self._plan_changed()

    def _plan_changed(self) -> None:
        plan = self.plan
        if plan is None:
            return
        self.summary.setText(plan.summary())
        notes = ([plan.refused] if plan.refused else []) + plan.notices
        self.notices.setText("\n".join(notes))
        self._enable()

    # ------------------------------------------------------------------ fixing, importing
    def skip_problems(self) -> None:
        if self.plan is None:
            return
        for row in self.plan.with_problems:
            self.plan.skip(row.number)
        self.model.set_plan(self.plan)
        self._plan_changed()

    def start_import(self) -> None:
        plan = self.plan
        if plan is None or self._busy():
            return
        unusual = chronology.to_confirm(plan)
        if unusual and not dialogs.confirm(
            self,
            "Please check before importing",
            f"{len(unusual):,} entr{'y is' if len(unusual) == 1 else 'ies are'} dated after the "
            "death or outside the review period (shown as warnings). Import them as they are?",
        ):
            return
        db, case_id = self.db, self.case_id

        def job(progress: Any, cancelled: Any) -> ImportResult:
            return chronology.import_return(
                db, case_id, plan, progress=lambda f, m: progress(f, m), cancelled=cancelled
            )

        self._run(job, self._imported, f"Importing {plan.file.name}…")

    def _imported(self, result: ImportResult) -> None:
        self._finish()
        self.outcome = result
        self.message.setText(result.message)
        self.imported.emit(result)
        self.accept()

    # ------------------------------------------------------------------ state
    def _progress(self, percent: int, message: str) -> None:
        self.progress.setValue(percent)
        if message:
            self.message.setText(message + "…")

    def _finish(self) -> None:
        self.progress.hide()
        if self.job is not None:
            self.job.wait()
            self.job = None
        self.message.clear()
        self._enable()

    def _failed(self, text: str) -> None:
        self._finish()
        self.error.setText(text)

    def _stopped(self) -> None:
        self._finish()
        self.message.setText("Stopped: nothing was imported.")

    def _enable(self) -> None:
        busy = self._busy()
        plan = self.plan
        ready = plan is not None and not plan.refused and not plan.with_problems
        count = len(plan.to_add) if plan is not None else 0
        self.import_button.setText(f"&Import {count:,} entr{'y' if count == 1 else 'ies'}")
        self.import_button.setEnabled(not busy and ready and count > 0)
        self.skip_button.setEnabled(not busy and plan is not None and bool(plan.with_problems))
        self.read_button.setEnabled(not busy)
        self.reread_button.setEnabled(not busy and plan is not None)
        self.cancel_button.setText("Stop" if busy else "Cancel")

    def cancel(self) -> None:
        if self._busy():
            assert self.job is not None
            self.job.cancel()
            self.message.setText("Stopping…")
            return
        self.reject()

    def reject(self) -> None:
        if self._busy():
            self.cancel()
            return
        super().reject()
