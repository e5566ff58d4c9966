"""A list of one kind of record (people, returns, meetings…) with its editing form underneath.

Selecting a row loads it into the form; Save writes it in one transaction through
:func:`dhr_desk.services.workspace.save`; problems appear next to their fields. Leaving a record
with unsaved edits asks first. Detail lists (a meeting's attendance, a recommendation's actions)
hang below and follow the selected record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import workspace
from dhr_desk.services.access import Database
from ui import dialogs, specs
from ui.forms import RecordForm, display
from ui.specs import Column

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        text = display(self.columns[index.column()][1](self.rows[index.row()]))
        if role == Qt.ItemDataRole.DisplayRole and len(text) > 120:
            return text[:117].replace("\n", " ") + "…"
        return text

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


class RecordPage(QWidget):
    """One kind of record under one parent, listed and edited."""

    saved = Signal()

    def __init__(
        self,
        db: Database,
        kind: str,
        *,
        choices: Callable[[str], list[tuple[int, str]]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        record_kind = workspace.kind(kind)
        page = specs.PAGES[kind]
        title = page.title
        noun = record_kind.noun
        self.db = db
        self.model: type[Any] = record_kind.model
        self.noun = noun
        self.parent_id: int | None = None
        self.current_id: int | None = None
        self.details: list[RecordPage] = []
        self.extra_buttons: list[QPushButton] = []
        self.setObjectName(f"page_{kind}")

        self.table_model = RecordTableModel(page.columns, self)
        self.table = QTableView()
        self.table.setObjectName("recordTable")
        self.table.setAccessibleName(title)
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.form = RecordForm(self.model, page.fields, choices, lambda: workspace.agency_names(db))
        self.form.changed.connect(self._update_buttons)
        self.form.draft_owner = self

        self.heading = QLabel(title)
        self.heading.setObjectName("pageHeading")
        self.new_button = QPushButton(f"&New {noun}")
        self.save_button = QPushButton("&Save")
        self.delete_button = QPushButton("Delete")
        for button, text in (
            (self.new_button, f"Start a new {noun}"),
            (self.save_button, f"Save this {noun}"),
            (self.delete_button, f"Delete this {noun}"),
        ):
            button.setAccessibleName(text)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        self.button_row = buttons
        buttons.addStretch(1)
        buttons.addWidget(self.status)

        form_area = QScrollArea()
        form_area.setWidgetResizable(True)
        form_holder = QWidget()
        holder_layout = QVBoxLayout(form_holder)
        holder_layout.addWidget(self.form)
        form_area.setWidget(form_holder)
        self.form_holder_layout = holder_layout

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(buttons)
        lower_layout.addWidget(form_area)

        self.detail_tabs = QTabWidget()
        self.detail_tabs.hide()
        self.lower_split = QSplitter(Qt.Orientation.Horizontal)
        self.lower_split.addWidget(lower)
        self.lower_split.addWidget(self.detail_tabs)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.lower_split)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter)
        self.new_record()

    # ------------------------------------------------------------------ composition
    def add_detail(self, page: RecordPage, title: str) -> None:
        """A list that belongs to the selected record (e.g. a meeting's attendance)."""
        self.details.append(page)
        page.heading.hide()
        if page.details:  # a list inside a list: its own details go below its form
            page.lower_split.setOrientation(Qt.Orientation.Vertical)
        self.detail_tabs.addTab(page, title)
        self.detail_tabs.show()
        self._sync_details()

    def add_button(self, text: str, handler: Callable[[], None], name: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(handler)
        self.button_row.insertWidget(3 + len(self.extra_buttons), button)
        self.extra_buttons.append(button)
        self._update_buttons()
        return button

    # ------------------------------------------------------------------ data
    def set_parent(self, parent_id: int | None) -> None:
        self.parent_id = parent_id
        self.reload()
        self.new_record(force=True)

    def reload(self, select_id: int | None = None) -> None:
        rows = (
            []
            if self.parent_id is None
            else workspace.children(self.db, self.model, self.parent_id)
        )
        self.table.selectionModel().blockSignals(True)
        self.table_model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.table_model.columnCount()):
            header.resizeSection(column, min(max(header.sectionSize(column), 70), 320))
        if select_id is not None:
            self.select_record(select_id)
        self.form.refresh_choices()
        self._update_buttons()

    def select_record(self, record_id: int) -> bool:
        for row, obj in enumerate(self.table_model.rows):
            if obj.id == record_id:
                self.table.selectRow(row)
                self._load(obj)
                return True
        return False

    def current(self) -> Any | None:
        for obj in self.table_model.rows:
            if obj.id == self.current_id:
                return obj
        return None

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        obj = self.table_model.rows[current.row()]
        if obj.id == self.current_id:
            return
        if not self.resolve_unsaved():
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(previous.row() if previous.isValid() else -1)
            self.table.selectionModel().blockSignals(False)
            return
        self._load(obj)

    def _load(self, obj: Any | None) -> None:
        self.current_id = obj.id if obj is not None else None
        defaults = None if obj is not None else self.new_values()
        self.form.load(obj, defaults)
        self.status.clear()
        self._sync_details()
        self._update_buttons()

    def new_values(self) -> dict[str, Any]:
        """What a new record's form starts with (the record's defaults, the next number…)."""
        return workspace.new_values(self.db, self.model, self.parent_id)

    def _sync_details(self) -> None:
        for page in self.details:
            page.set_parent(self.current_id)
        self.detail_tabs.setEnabled(self.current_id is not None)

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.parent_id is not None)
        self.new_button.setEnabled(self.parent_id is not None)
        self.delete_button.setEnabled(self.current_id is not None)
        for button in self.extra_buttons:
            button.setEnabled(self.current_id is not None)

    # ------------------------------------------------------------------ actions
    def new_record(self, force: bool = False) -> None:
        if not force and not self.resolve_unsaved():
            return
        self.table.clearSelection()
        self._load(None)
        first = next(iter(self.form.widgets.values()), None)
        if first is not None and not force:
            first.setFocus()

    def save(self) -> bool:
        """Save the form; on a problem, show it by the field and keep every keystroke."""
        if self.parent_id is None:
            return False
        if not self.form.check_all():
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        parent_id, values = self.parent_id, self.form.values()
        try:
            obj = dialogs.confirmed(
                self,
                lambda ok: workspace.save(
                    self.db, self.model, parent_id, self.current_id, values, confirmed=ok
                ),
            )
        except ValidationError as exc:
            self.form.show_problems(exc.problems, str(exc).splitlines()[0])
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if obj is None:
            self.status.setText("Not saved: nothing was changed.")
            return False
        self.form.dirty = False
        self.reload(select_id=obj.id)
        self.status.setText(f"Saved {self.noun}.")
        self.saved.emit()
        return True

    def delete(self) -> None:
        if self.current_id is None:
            return
        if not dialogs.confirm(self, f"Delete {self.noun}", f"Delete this {self.noun}?"):
            return
        try:
            workspace.remove(self.db, self.model, self.current_id)
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return
        self.form.dirty = False
        self.reload()
        self.new_record(force=True)
        self.status.setText(f"Deleted {self.noun}.")
        self.saved.emit()

    # ------------------------------------------------------------------ unsaved edits
    def draft_place(self) -> tuple[int, int | None, str] | None:
        """Where the form's unsaved edits belong: (parent, record or None if new, noun)."""
        return None if self.parent_id is None else (self.parent_id, self.current_id, self.noun)

    def has_unsaved(self) -> bool:
        return self.form.dirty or any(p.has_unsaved() for p in self.details)

    def resolve_unsaved(self) -> bool:
        """Ask about unsaved edits here (and in detail lists). False means stay put."""
        for page in self.details:
            if not page.resolve_unsaved():
                return False
        return dialogs.settle_unsaved(self, self.form, f"this {self.noun}", self.save)


def show_record(db: Database, page: Any, model: type[Any], record_id: int) -> bool:
    """Show one record in a page — or in one of its tabs, or in a detail list, after selecting
    the record that holds it (an action inside its recommendation)."""
    tabs = getattr(page, "pages", None)
    if tabs is not None:  # several lists on tabs
        for target in tabs:
            if show_record(db, target, model, record_id):
                page.tabs.setCurrentWidget(target)
                return True
        return False
    if not isinstance(page, RecordPage):
        return False
    if page.model is model:
        page.reload()
        return page.select_record(record_id)
    for detail in page.details:
        if _holds(detail, model):
            owner = _owner_in(db, page, model, record_id)
            if owner is None or not page.select_record(owner):
                return False
            page.detail_tabs.setCurrentWidget(detail)
            return show_record(db, detail, model, record_id)
    return False


def _holds(page: RecordPage, model: type[Any]) -> bool:
    return page.model is model or any(_holds(d, model) for d in page.details)


def _owner_in(db: Database, page: RecordPage, model: type[Any], record_id: int) -> int | None:
    """The id, among ``page``'s records, of the one that holds the record (at any depth)."""
    current_model: type[Any] = model
    current_id: int | None = record_id
    while current_id is not None:
        parent_model = workspace.kind_of(current_model).parent
        if parent_model is None:
            return None
        owner = workspace.parent_id(db, current_model, current_id)
        if parent_model is page.model:
            return owner
        current_model, current_id = parent_model, owner
    return None
