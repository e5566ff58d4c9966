"""The combined chronology of a case: every agency's entries in date order, filtered by agency,
person, period, key events and flagged duplicates; each entry read in full in the reading pane
and edited in the form beside it (or corrected in the table). Beside it: importing an agency's
return, the template for an agency, the likely duplicates to link, the timeline and the gaps.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import ChangedMeanwhileError, DhrDeskError, NotFoundError, ValidationError
from dhr_desk.services import chronology, workspace
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow, Filters
from ui import changed_meanwhile, dialogs
from ui.chronology_entry import EntryForm
from ui.chronology_import import ImportDialog
from ui.chronology_jobs import detached
from ui.chronology_model import ChronologyFilter, ChronologyModel
from ui.chronology_timeline import TimelineView
from ui.chronology_views import DuplicatesView, GapsView, TemplateDialog, entry_html
from ui.jobs import JobThread


class ChronologyPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.editing_id: int | None = None
        self.seen: int | None = None  # the version of the entry the form was opened on
        self.noun = "chronology entry"
        self.flag_job: JobThread | None = None
        self._flags_again = False
        self.setObjectName("page_chronology")
        self.model = ChronologyModel(db, self)
        self.proxy = ChronologyFilter(self)
        self.proxy.setSourceModel(self.model)
        self.duplicates = DuplicatesView(db)
        self.duplicates.decided.connect(self._decided)
        self.timeline = TimelineView(db)
        self.timeline.entry_clicked.connect(self.select_entry)
        self.gaps = GapsView(db)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chronologyTabs")
        self.tabs.addTab(self._entries_tab(), "&Entries")
        self.tabs.addTab(self.duplicates, "Likely &duplicates")
        self.tabs.addTab(self.timeline, "&Timeline")
        self.tabs.addTab(self.gaps, "&Gaps")
        self.tabs.currentChanged.connect(self._tab_shown)
        heading = QLabel("Chronology")
        heading.setObjectName("pageHeading")
        self.import_button = QPushButton("&Import a return…")
        self.import_button.setAccessibleName("Import an agency's chronology return")
        self.import_button.clicked.connect(self.open_import)
        self.template_button = QPushButton("Template for an a&gency…")
        self.template_button.clicked.connect(self.open_template)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(300)
        self._filter_timer.timeout.connect(self._filters_settled)

    # ------------------------------------------------------------------ building
    def _filter_bar(self) -> QVBoxLayout:
        self.agency_filter = QComboBox()
        self.agency_filter.setAccessibleName("Show entries from agency")
        self.person_filter = QComboBox()
        self.person_filter.setAccessibleName("Show entries about person")
        self.from_filter = QLineEdit()
        self.from_filter.setPlaceholderText("e.g. 2019")
        self.from_filter.setAccessibleName("Entries from date")
        self.to_filter = QLineEdit()
        self.to_filter.setPlaceholderText("e.g. March 2021")
        self.to_filter.setAccessibleName("Entries to date")
        self.words_filter = QLineEdit()
        self.words_filter.setPlaceholderText("Find in entries…")
        self.words_filter.setAccessibleName("Find in chronology")
        self.words_filter.setClearButtonEnabled(True)
        self.key_only = QCheckBox("&Key events only")
        self.flagged_only = QCheckBox("Flagged &duplicates only")
        for edit in (self.words_filter, self.from_filter, self.to_filter):
            edit.textChanged.connect(self.apply_filters)
        for combo in (self.agency_filter, self.person_filter):
            combo.currentIndexChanged.connect(self.apply_filters)
        for box in (self.key_only, self.flagged_only):
            box.toggled.connect(self.apply_filters)
        self.count = QLabel()
        self.count.setObjectName("chronologyCount")
        first = QHBoxLayout()
        first.addWidget(QLabel("Agency"))
        first.addWidget(self.agency_filter, 2)
        first.addWidget(QLabel("Person"))
        first.addWidget(self.person_filter, 2)
        first.addWidget(self.words_filter, 2)
        second = QHBoxLayout()
        second.addWidget(QLabel("From"))
        second.addWidget(self.from_filter, 1)
        second.addWidget(QLabel("to"))
        second.addWidget(self.to_filter, 1)
        second.addWidget(self.key_only)
        second.addWidget(self.flagged_only)
        second.addWidget(self.count, 1)
        rows = QVBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("chronologyTable")
        table.setAccessibleName("Combined chronology")
        table.setModel(self.proxy)
        # The query returns the entries in order already: no sort on opening.
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(24)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.ensurePolished()
        for column, width in enumerate((98, 50, 140, 150, 300, 44, 200, 180, 160)):
            # never narrower than its heading (with room for the sort arrow)
            header.resizeSection(column, max(width, header.sectionSizeHint(column) + 16))
        header.setStretchLastSection(True)
        table.selectionModel().currentRowChanged.connect(self._row_chosen)
        return table

    def _entries_tab(self) -> QWidget:
        self.table = self._table()
        self.reading = QTextBrowser()
        self.reading.setObjectName("chronologyReading")
        self.reading.setAccessibleName("The selected entry in full")
        self.reading.setOpenLinks(False)
        self.reading.setPlaceholderText("Select an entry to read it in full.")
        self.form = EntryForm(
            self.db, lambda name: workspace.choices(self.db, self.case_id or 0, name)
        )
        self.form.draft_owner = self  # unsaved new entries are kept as drafts
        self.add_button = QPushButton("&Add entry")
        self.add_button.setAccessibleName("Add this chronology entry")
        self.add_button.clicked.connect(self.save)
        self.new_button = QPushButton("&New entry")
        self.new_button.clicked.connect(self.new_record)
        self.delete_button = QPushButton("Delete selected entry")
        self.delete_button.clicked.connect(self.delete_selected)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.model.problem.connect(self.status.setText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        # Labels above their fields: the form reads in the half of the page it has, with no
        # sideways scrolling, at 1024×700 as on a wide screen.
        self.form.layout_of_fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form_area = QScrollArea()
        form_area.setWidgetResizable(True)
        form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_area.setWidget(self.form)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(buttons)
        editor_layout.addWidget(self.status)
        editor_layout.addWidget(form_area, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.reading)
        lower.addWidget(editor)
        lower.setSizes([420, 420])
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(self._filter_bar())
        upper_layout.addWidget(self.table, 1)
        hint = QLabel(
            "Select an entry to read it in full and edit it below; double-click a cell to "
            "correct it in place; tick Key for the summary chronology."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        upper_layout.addWidget(hint)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([380, 280])
        return split

    # ------------------------------------------------------------------ loading
    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is not None:
            self.model.load(case_id)
            self._refresh_choices()
            self.find_flags()
        self.editing_id = None
        self.form.load_row(None)
        self._mode()
        self.apply_filters()

    def reload(self) -> None:
        if self.case_id is not None:
            self.set_parent(self.case_id)

    def _refresh_choices(self) -> None:
        assert self.case_id is not None
        agency = self.agency_filter.currentText()
        person = self.person_filter.currentData()
        for combo in (self.agency_filter, self.person_filter):
            combo.blockSignals(True)
            combo.clear()
        self.agency_filter.addItem("Every agency", "")
        for name in chronology.agencies(self.db, self.case_id):
            self.agency_filter.addItem(name, name)
        self.agency_filter.setCurrentIndex(max(self.agency_filter.findText(agency), 0))
        self.person_filter.addItem("Everyone", None)
        for person_id, label in chronology.people(self.db, self.case_id):
            self.person_filter.addItem(label, person_id)
        self.person_filter.setCurrentIndex(max(self.person_filter.findData(person), 0))
        for combo in (self.agency_filter, self.person_filter):
            combo.blockSignals(False)
        self.form.refresh_choices()

    def find_flags(self) -> None:
        """Likely duplicates and links, worked out in the background (thousands of entries)."""
        if self.case_id is None:
            return
        if self.flag_job is not None and self.flag_job.isRunning():
            self._flags_again = True  # once this one ends: the chronology changed meanwhile
            return
        db, case_id = self.db, self.case_id

        def job(_progress: Any, _cancelled: Any) -> tuple[list[Any], dict[int, int], list[Any]]:
            return (
                chronology.duplicates(db, case_id),
                chronology.groups(db, case_id),
                chronology.rows(db, case_id),
            )

        self.flag_job = detached(job)
        self.flag_job.succeeded.connect(self._flags_found)
        self.flag_job.failed.connect(self.status.setText)
        self.flag_job.start()

    def _flags_found(self, result: tuple[list[Any], dict[int, int], list[CombinedRow]]) -> None:
        pairs, groups, rows = result
        self.flag_job = None
        if self._flags_again:
            self._flags_again = False
            self.find_flags()
            return
        if self.case_id is None:
            return
        by_id = {r.id: r for r in rows}
        flags: dict[int, str] = {}
        for entry_id, first in groups.items():
            others = [
                by_id[o].agency
                for o, f in groups.items()
                if f == first and o != entry_id and o in by_id
            ]
            flags[entry_id] = "One event: also " + ", ".join(sorted(set(others)))
        for pair in pairs:
            for this, other in ((pair.first, pair.second), (pair.second, pair.first)):
                flags.setdefault(this.id, f"Likely duplicate: {other.agency} #{other.id}")
        self.model.set_flags(flags)
        self.duplicates.show_pairs(self.case_id, pairs)
        self.tabs.setTabText(1, f"Likely &duplicates ({len(pairs)})")
        if self.flagged_only.isChecked():
            self.apply_filters()

    def _decided(self) -> None:
        self.find_flags()
        self.saved.emit()

    # ------------------------------------------------------------------ filters
    def current_filters(self) -> Filters:
        person_id = self.person_filter.currentData()
        names: tuple[str, ...] = ()
        if person_id is not None:
            person_id, names = chronology.person_filter(self.db, int(person_id))
        agency = str(self.agency_filter.currentData() or "")
        for edit in (self.from_filter, self.to_filter):
            problem = chronology.date_problem(edit.text(), required=False)
            edit.setProperty("invalid", problem is not None)
            edit.setToolTip(problem or "")
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        return Filters(
            agencies=frozenset([agency]) if agency else frozenset(),
            person_id=person_id,
            person_names=names,
            date_from=chronology.filter_date(self.from_filter.text()),
            date_to=chronology.filter_date(self.to_filter.text(), end=True),
            key_events_only=self.key_only.isChecked(),
            entry_ids=frozenset(self.model.flags_) if self.flagged_only.isChecked() else None,
            words=self.words_filter.text(),
        )

    def apply_filters(self) -> None:
        self.proxy.set_filters(self.current_filters())
        self.count.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} entries")
        if self.tabs.currentWidget() is self.timeline:
            self._filter_timer.start()

    def _filters_settled(self) -> None:
        if self.case_id is not None and self.tabs.currentWidget() is self.timeline:
            self.timeline.set_rows(self.case_id, self.model.rows, self.proxy.filters)

    def _tab_shown(self, _index: int) -> None:
        if self.case_id is None:
            return
        current = self.tabs.currentWidget()
        if current is self.timeline:
            self.timeline.set_rows(self.case_id, self.model.rows, self.proxy.filters)
        elif current is self.gaps:
            self.gaps.show_case(self.case_id)

    # ------------------------------------------------------------------ reading, editing
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.reading.clear()
            return
        row = self.model.rows[self.proxy.mapToSource(current).row()]
        flag = self.model.flags_.get(row.id, "")
        shown = f"<p style='background:#fff4ce'><b>{html.escape(flag)}</b></p>" if flag else ""
        self.reading.setHtml(shown + entry_html(row))
        if self.form.dirty and row.id != self.editing_id and not self.resolve_unsaved():
            return
        self.editing_id = row.id
        self.form.load_row(self._opened(row))
        self._mode()

    def _opened(self, listed: CombinedRow) -> CombinedRow:
        """The entry as saved now, with its version (the table may have been read earlier):
        a save then goes through only if nobody else saved it meanwhile."""
        try:
            fresh, self.seen = chronology.opened_row(self.db, listed.id)
        except NotFoundError:
            self.seen = None
            return listed  # deleted meanwhile: a save says so
        self.model.replace(fresh, self.seen)  # the table shows it as the form does
        return fresh

    def take(self, record: CombinedRow, version: int) -> None:
        """Show ``record`` (as saved at ``version``) in the form, as if just opened."""
        self.seen = version
        self.model.replace(record, version)
        self.form.load_row(record)

    def select_entry(self, entry_id: int) -> None:
        """Show an entry (e.g. from the timeline) selected in the table."""
        self.tabs.setCurrentIndex(0)
        for number, row in enumerate(self.model.rows):
            if row.id == entry_id:
                index = self.proxy.mapFromSource(self.model.index(number, 0))
                if not index.isValid():
                    return
                self.table.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
                return

    def _mode(self) -> None:
        editing = self.editing_id is not None
        self.add_button.setText("&Save changes" if editing else "&Add entry")
        self.add_button.setAccessibleName(
            "Save the changes to this entry" if editing else "Add this chronology entry"
        )
        self.delete_button.setEnabled(editing)

    def save(self) -> bool:
        if self.case_id is None:
            return False
        if not self.form.check_all():
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        adding = self.editing_id is None
        case_id, entry_id, values = self.case_id, self.editing_id, self.form.entry_values()
        seen = None if adding else self.seen
        try:
            saved = dialogs.confirmed(
                self,
                lambda ok: chronology.save_entry(
                    self.db, case_id, entry_id, values, confirmed=ok, seen=seen
                ),
            )
        except ValidationError as exc:
            self.form.show_problems(
                [("occurred_on" if f == "date" else f, r) for f, r in exc.problems],
                str(exc).splitlines()[0],
            )
            self.status.setText("Not saved: see the fields marked in red.")
            return False
        except ChangedMeanwhileError as exc:
            return entry_id is not None and changed_meanwhile.settle(
                self, exc, lambda: chronology.opened_row(self.db, entry_id)
            )
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        if saved is None:
            self.status.setText("Not saved: the entry is as it was.")
            return False
        row = saved
        if adding:  # the table knows its version, for a correction in a cell
            self.model.replace(*chronology.opened_row(self.db, row.id))
        else:
            self.model.replace(row)
        self.apply_filters()
        if adding:
            self.form.load_row(None)
            self._refresh_choices()
            self.status.setText(f"Added the entry of {row.date_words}.")
        else:
            self.form.load_row(self._opened(row))  # the version just saved
            self.status.setText(f"Saved the entry of {row.date_words}.")
        self.saved.emit()
        return True

    def delete_selected(self) -> None:
        if self.editing_id is None:
            return
        row = next((r for r in self.model.rows if r.id == self.editing_id), None)
        if row is None:
            return
        if not dialogs.confirm(self, "Delete entry", f"Delete the entry of {row.date_words}?"):
            return
        try:
            chronology.delete_entry(self.db, row.id)
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return
        self.model.remove_id(row.id)
        self.new_record()
        self.apply_filters()
        self.status.setText("Deleted the entry.")
        self.saved.emit()

    def new_record(self) -> None:
        self.table.clearSelection()
        self.editing_id = None
        self.form.load_row(None)
        self._mode()
        self.form.widgets["occurred_on"].setFocus()

    # ------------------------------------------------------------------ dialogs
    def open_import(self, agency: str = "") -> ImportDialog | None:
        if self.case_id is None:
            return None
        dialog = ImportDialog(self.db, self.case_id, self, agency)
        dialog.imported.connect(self._imported)
        dialog.open()
        self.import_dialog = dialog
        return dialog

    def _imported(self, result: Any) -> None:
        self.reload()
        self.status.setText(result.message)
        self.saved.emit()

    def open_template(self) -> None:
        if self.case_id is None:
            return
        dialog = TemplateDialog(self.db, self.case_id, self)
        if dialog.exec():
            self.status.setText(f"Saved the template to {dialog.saved_to}.")

    # ------------------------------------------------------------------ the page contract
    def draft_place(self) -> tuple[int, None, str] | None:
        """Where the form's unsaved edits belong: a new entry of the case (a changed entry is
        not kept as a draft: restored, it would come back as a new one)."""
        if self.case_id is None or self.editing_id is not None:
            return None
        return self.case_id, None, "chronology entry"

    def has_unsaved(self) -> bool:
        return self.form.dirty

    def resolve_unsaved(self) -> bool:
        return dialogs.settle_unsaved(self, self.form, "a chronology entry", self.save)

    def focus_find(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.words_filter.setFocus()
        self.words_filter.selectAll()
