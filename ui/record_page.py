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
from ui import dialogs, messages, specs
from ui.forms import RecordForm, display
from ui.messages import ERROR, Notice, not_saved
from ui.specs import Column
from ui.tables import RowsFollowWidth

Index = QModelIndex | QPersistentModelIndex
NOT_SAVED = messages.NOT_SAVED
NOT_CONFIRMED = "Not saved: you chose to check it first. What you typed is still here."


LIST_TEXT = 160  # characters of a long text shown in a list (all of it is in the form)
COLUMN_WIDTH = 260


def shortened(text: str, limit: int = LIST_TEXT) -> str:
    """A long text as a list shows it: on one paragraph, and — past ``limit`` characters —
    cut at a word with "…" (the whole text is in the form, and in the cell's tooltip). Lines
    that end without a stop are kept apart by "; " (a list of other names reads as a list)."""
    flat = ""
    for line in (" ".join(part.split()) for part in text.splitlines()):
        if line:
            joint = "" if not flat else (" " if flat[-1] in ".,;:!?…" else "; ")
            flat += joint + line
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


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
        if role == Qt.ItemDataRole.DisplayRole:
            return shortened(text)
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
        self.table.setWordWrap(True)
        self.rows_fitter = RowsFollowWidth(self.table, self._fill_width)
        self._natural: list[int] = []
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.form = RecordForm(self.model, page.fields, choices, lambda: workspace.agency_names(db))
        self.form.changed.connect(self._update_buttons)
        self.form.changed.connect(self._problems_changed)
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
        self.status = Notice(name="saveStatus")
        self.form.problems_changed.connect(self._problems_changed)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        self.button_row = buttons
        buttons.addStretch(1)

        form_area = QScrollArea()
        form_area.setWidgetResizable(True)
        form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        form_holder = QWidget()
        holder_layout = QVBoxLayout(form_holder)
        form_row = QHBoxLayout()
        form_row.setContentsMargins(0, 0, 0, 0)
        form_row.addWidget(self.form, 1)
        form_row.addStretch(0)  # past the form's widest, the room is left empty
        holder_layout.addLayout(form_row)
        form_area.setWidget(form_holder)
        self.form_area = form_area
        self.form_holder_layout = holder_layout

        self.editor = QWidget()
        self.editor.setObjectName("recordEditor")
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 4, 0, 0)
        editor_layout.addLayout(buttons)
        editor_layout.addWidget(self.status)
        editor_layout.addWidget(form_area, 1)

        # The record's own form is the first tab; the lists that belong to it (a meeting's
        # attendance, a recommendation's actions) are the next ones, each given the full
        # width. With no such list the tab bar is not shown.
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("recordTabs")
        self.detail_tabs.setTabBarAutoHide(True)
        self.detail_tabs.addTab(self.editor, noun[:1].upper() + noun[1:])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail_tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self._fit_table_rows(3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter)
        self.new_record()

    def _fit_table_rows(self, rows: int) -> None:
        """The list always shows at least ``rows`` rows (and its header)."""
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth()
        self.table.setMinimumHeight(header + rows * row + frame)

    # ------------------------------------------------------------------ composition
    def add_detail(self, page: RecordPage, title: str) -> None:
        """A list that belongs to the selected record (e.g. a meeting's attendance)."""
        self.details.append(page)
        page.heading.hide()
        page._fit_table_rows(2)
        self.detail_tabs.addTab(page, title)
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
        self.fit_columns()
        if select_id is not None:
            self.select_record(select_id)
        self.form.refresh_choices()
        self._update_buttons()

    def fit_columns(self) -> None:
        """Columns as wide as their contents, up to a cap past which the text wraps; the
        column with the longest texts also takes the width left over."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        self._natural = [header.sectionSize(c) for c in range(self.table_model.columnCount())]
        for column, width in enumerate(self._natural):
            header.resizeSection(column, min(max(width, 70), COLUMN_WIDTH))
        self._fill_width()
        self.table.resizeRowsToContents()  # a long text wraps in its column

    def _fill_width(self) -> None:
        if not self._natural:
            return
        header = self.table.horizontalHeader()
        widest = max(range(len(self._natural)), key=self._natural.__getitem__)
        others = sum(header.sectionSize(c) for c in range(len(self._natural)) if c != widest)
        room = self.table.viewport().width() - others
        capped = min(max(self._natural[widest], 70), COLUMN_WIDTH)
        header.resizeSection(widest, max(capped, room))

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
        self.show_clock(obj)
        self._sync_details()
        self._update_buttons()

    def show_clock(self, obj: Any | None) -> None:
        """What the clocks say about the record shown (a page for returns fills this in)."""

    def show_refusal(self, exc: ValidationError) -> None:
        """Why the services refused a save: by the fields, and in the line above the form."""
        general = self.form.show_problems(exc.problems, banner=False)
        self.status.error(not_saved(exc, general))

    def _problems_changed(self) -> None:
        """The red line goes as soon as every field it pointed at is put right (a problem no
        field shows goes at the next edit)."""
        if self.status.kind == ERROR and not self.form.has_problems():
            self.status.clear()

    def new_values(self) -> dict[str, Any]:
        """What a new record's form starts with (the record's defaults, the next number…)."""
        return workspace.new_values(self.db, self.model, self.parent_id)

    def _sync_details(self) -> None:
        for page in self.details:
            page.set_parent(self.current_id)
        for index in range(1, self.detail_tabs.count()):
            self.detail_tabs.setTabEnabled(index, self.current_id is not None)
            self.detail_tabs.setTabToolTip(
                index, "" if self.current_id is not None else f"Save the {self.noun} first"
            )
        if self.current_id is None:
            self.detail_tabs.setCurrentIndex(0)

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
            self.status.error(NOT_SAVED)
            return False
        parent_id, values = self.parent_id, self.form.values()
        adding = self.current_id is None
        try:
            obj = dialogs.confirmed(
                self,
                lambda ok: workspace.save(
                    self.db, self.model, parent_id, self.current_id, values, confirmed=ok
                ),
            )
        except ValidationError as exc:
            self.show_refusal(exc)
            return False
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if obj is None:
            self.status.warning(NOT_CONFIRMED)
            return False
        self.form.dirty = False
        self.reload(select_id=obj.id)
        self.status.done(f"{'Added' if adding else 'Saved'} the {self.noun}.")
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
        self.status.done(f"Deleted the {self.noun}.")
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
