"""Beside the combined chronology: the likely duplicates to link (never deleted), the gaps
(agencies with no entries, months with no contact, contacts per agency per year), and the
template an agency fills in."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import chronology
from dhr_desk.services.access import Database
from dhr_desk.services.chronology import CombinedRow, LikelyDuplicate
from ui import dialogs


def entry_html(row: CombinedRow, heading: str = "") -> str:
    """One entry for reading: every field, wrapped, nothing cut short."""

    def block(title: str, text: str) -> str:
        if not text.strip():
            return ""
        body = html.escape(text).replace("\n", "<br>")
        return f"<p><b>{html.escape(title)}</b><br>{body}</p>"

    when = row.date_words + (f", {row.occurred_time}" if row.occurred_time else "")
    parts = [
        f"<h3>{html.escape(heading or when)} — {html.escape(row.agency or 'no agency')}</h3>",
        f"<p>{'<b>Key event.</b> ' if row.key_event else ''}"
        f"<i>Source of information:</i> {html.escape(row.source)}"
        + (f"<br><i>About:</i> {html.escape(row.person)}" if row.person else "")
        + (f"<br><i>Imported from:</i> {html.escape(row.origin)}" if row.origin else "")
        + "</p>",
        block("Event", row.event),
        block("Action / decision", row.action_decision),
        block("Comment / analysis", row.comment),
    ]
    return "".join(parts)


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(" ".join(text.split())[:200])
    item.setToolTip(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class DuplicatesView(QWidget):
    """Pairs of entries from different agencies on the same day that say much the same."""

    decided = Signal()
    open_entry = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.pairs: list[LikelyDuplicate] = []
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("duplicatesTable")
        self.table.setAccessibleName("Likely duplicates across agencies")
        self.table.setHorizontalHeaderLabels(
            ["Date", "Agency", "Entry", "Other agency", "Other entry", "Words in common"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 130, 260, 130, 260)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_pair)
        self.reading = QTextBrowser()
        self.reading.setObjectName("duplicateReading")
        self.reading.setAccessibleName("The two entries side by side")
        self.link_button = QPushButton("&Link: one event")
        self.link_button.setAccessibleName("Link the two entries as one event; both are kept")
        self.link_button.clicked.connect(lambda: self.decide(True))
        self.different_button = QPushButton("&Not the same")
        self.different_button.clicked.connect(lambda: self.decide(False))
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note on this pair (optional)")
        self.note.setAccessibleName("Note on this pair")
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        hint = QLabel(
            "Entries from two agencies on the same day with much the same words. Link them as "
            "one event seen by both, or say they are not the same; both entries are always "
            "kept."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.different_button)
        buttons.addWidget(self.note, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.reading)
        split.setSizes([260, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._enable()

    def show_pairs(self, case_id: int, pairs: list[LikelyDuplicate]) -> None:
        self.case_id, self.pairs = case_id, pairs
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            cells = (
                pair.first.date_text,
                pair.first.agency,
                pair.first.event,
                pair.second.agency,
                pair.second.event,
                ", ".join(pair.shared),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _item(text))
        self.reading.clear()
        self._enable()

    def _selected(self) -> LikelyDuplicate | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.pairs[min(rows)] if rows and min(rows) < len(self.pairs) else None

    def _enable(self) -> None:
        chosen = self._selected() is not None
        self.link_button.setEnabled(chosen)
        self.different_button.setEnabled(chosen)

    def _show_pair(self) -> None:
        self._enable()
        pair = self._selected()
        if pair is None:
            self.reading.clear()
            return
        self.reading.setHtml(
            entry_html(pair.first)
            + "<hr>"
            + entry_html(pair.second)
            + f"<p><i>{html.escape(pair.reason)}</i></p>"
        )

    def decide(self, same_event: bool) -> bool:
        pair = self._selected()
        if pair is None or self.case_id is None:
            return False
        try:
            chronology.decide(
                self.db, self.case_id, pair.first.id, pair.second.id, same_event, self.note.text()
            )
        except DhrDeskError as exc:
            dialogs.error(self, str(exc))
            return False
        row = self.pairs.index(pair)
        del self.pairs[row]
        self.table.removeRow(row)
        self.note.clear()
        self.status.setText(
            f"Linked the {pair.first.agency} and {pair.second.agency} entries as one event."
            if same_event
            else "Recorded that the two entries are not the same; the pair is no longer flagged."
        )
        self.decided.emit()
        return True


class GapsView(QWidget):
    """Agencies with no entries, months with no contact by any agency, contacts per year."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.summary = QTextBrowser()
        self.summary.setObjectName("gapsSummary")
        self.summary.setAccessibleName("Gaps in the chronology")
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("contactsPerYear")
        self.table.setAccessibleName("Contacts per agency per year")
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.summary)
        split.addWidget(self.table)
        split.setSizes([220, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_case(self, case_id: int) -> None:
        gaps = chronology.gaps(self.db, case_id)
        silent = ", ".join(html.escape(a) for a in gaps.silent_agencies) or "none"
        parts = [f"<h3>Agencies in scope with no entries</h3><p>{silent}</p>"]
        if gaps.period:
            first, last = gaps.period
            spells = "".join(
                f"<li>{html.escape(s.label)} ({s.months} month{'s' if s.months > 1 else ''})</li>"
                for s in gaps.quiet_spells
            )
            parts.append(
                f"<h3>Months with no contact by any agency ({first:%B %Y} to {last:%B %Y})</h3>"
                + (f"<ul>{spells}</ul>" if spells else "<p>None: every month has a contact.</p>")
            )
        count = gaps.undated_to_month
        if count:
            noun = "entry is" if count == 1 else "entries are"
            parts.append(
                f"<p><i>{count} {noun} dated only to a season or a year and fill no particular "
                "month.</i></p>"
            )
        self.summary.setHtml("".join(parts))
        years = list(gaps.years)
        agencies = list(gaps.per_year)
        self.table.clear()
        self.table.setColumnCount(len(years) + 1)
        self.table.setRowCount(len(agencies))
        self.table.setHorizontalHeaderLabels([str(y) for y in years] + ["All"])
        self.table.setVerticalHeaderLabels(agencies)
        for row, agency in enumerate(agencies):
            counts = gaps.per_year[agency]
            for column, year in enumerate(years):
                item = QTableWidgetItem(str(counts.get(year, 0)) if counts.get(year) else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
            total = QTableWidgetItem(str(sum(counts.values())))
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, len(years), total)


class TemplateDialog(QDialog):
    """Save the chronology template for one agency (.xlsx or .docx)."""

    def __init__(self, db: Database, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.case_id = db, case_id
        self.setWindowTitle("Chronology template for an agency")
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setAccessibleName("Agency")
        self.agency.addItems(chronology.agencies(db, case_id))
        self.file_format = QComboBox()
        self.file_format.setAccessibleName("Format")
        self.file_format.addItem("Excel workbook (.xlsx)", "xlsx")
        self.file_format.addItem("Word document (.docx)", "docx")
        self.path = QLineEdit()
        self.path.setAccessibleName("Save as")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Agency", self.agency)
        form.addRow("&Format", self.file_format)
        form.addRow("Save as", row)
        note = QLabel(
            "The template lists the subjects' names and dates of birth so the agency can search "
            "its records: send it by secure email only."
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(box)

    def _choose(self) -> None:
        fmt = str(self.file_format.currentData())
        name = f"Chronology template - {self.agency.currentText().strip() or 'agency'}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, "Save the template", str(Path.home() / name))
        if path:
            self.path.setText(path)

    def save(self) -> bool:
        fmt = str(self.file_format.currentData())
        target = Path(self.path.text().strip()) if self.path.text().strip() else None
        if target is None:
            self.error.setText("Choose where to save the template.")
            return False
        if target.suffix.lower() != f".{fmt}":
            target = target.with_suffix(f".{fmt}")
        try:
            chronology.write_template(self.db, self.case_id, self.agency.currentText(), fmt, target)
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.saved_to = target
        self.accept()
        return True
