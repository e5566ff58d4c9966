"""Settings: the partnership and its documents, the deadline rules and closure days, the
ASB Case Review threshold and review routes, the idle lock and the backup folder. One Save, one
transaction."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import policy
from dhr_desk.services.access import Database
from ui import dialogs

LABELS = {
    "council_name": "Council",
    "partnership_name": "Community Safety Partnership",
    "coordinator_name": "Review coordinator",
    "coordinator_email": "Coordinator's email",
    "csp_chair_name": "Chair of the partnership",
    "protective_marking": "Protective marking",
    "dhr_label": "Name of the review",
    "ct_label": "Name of the ASB Case Review",
    "vpa_s19_in_force": "Victims and Prisoners Act 2024 s19 in force (DARDR, report to the "
    "Commissioner)",
    "ct_threshold_complaints": "Statutory threshold: qualifying complaints by anyone (1–3)",
    "ct_threshold_applicant": "Local route: complaints by the applicant (0 = off)",
    "ct_threshold_people": "Local route: complaints from different people (0 = off)",
    "ct_threshold_hate": "Local route: one hate incident or crime",
    "ct_threshold_discretion": "Allow a decision met by discretion (s104(5))",
    "ct_count_incident_once": "Count one incident reported to several agencies once",
    "ct_review_body": "Who considers a request for a review",
    "ct_pcc_name": "Police and Crime Commissioner named in the procedure (empty = none)",
    "warning_days": "Warn this many days before a deadline",
    "idle_lock_minutes": "Lock after this many idle minutes (0 = never)",
    "refresh_seconds": "Read the dashboard and case list afresh every this many seconds "
    "(0 = only when asked)",
    "backup_folder": "Backup folder",
    "logo_png_base64": "Logo",
    "published_area": "General area an address becomes in published editions",
    "published_dates_month_year": "Published editions give event dates as month and year",
}
TABS = {
    "Partnership": [
        "council_name",
        "partnership_name",
        "coordinator_name",
        "coordinator_email",
        "csp_chair_name",
        "logo_png_base64",
    ],
    "Documents": [
        "protective_marking",
        "dhr_label",
        "vpa_s19_in_force",
        "ct_label",
        "published_area",
        "published_dates_month_year",
    ],
    "Deadlines": ["warning_days"],
    "ASB Case Review": [],
    "Security and backup": ["idle_lock_minutes", "backup_folder"],
    "Working together": ["refresh_seconds"],
}


def _label(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


def _tab_for(key: str) -> str:
    for tab, keys in TABS.items():
        if key in keys:
            return tab
    if key.startswith(("ct_", "threshold", "trigger")):
        return "ASB Case Review"
    return "Deadlines" if "deadline" in key or "working" in key else "Partnership"


class SettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.resize(900, 600)
        self.values = policy.all_settings(db)
        self.editors: dict[str, QWidget] = {}
        self.logo_value = str(self.values.get("logo_png_base64", ""))
        self.tabs = QTabWidget()
        forms: dict[str, QFormLayout] = {}
        for tab in TABS:
            page = QWidget()
            forms[tab] = QFormLayout(page)
            self.tabs.addTab(page, tab)
        for key, value in self.values.items():
            if isinstance(value, dict | list):
                continue  # kept by their own screens (the chronology import's column maps)
            editor = self._editor(key, value)
            editor.setObjectName(f"setting_{key}")
            editor.setAccessibleName(_label(key))
            self.editors[key] = editor
            forms[_tab_for(key)].addRow(_label(key), editor)
        self.rules = DeadlineRulesEditor(db)
        forms["Deadlines"].addRow(self.rules)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _editor(self, key: str, value: Any) -> QWidget:
        if key == "logo_png_base64":
            return self._logo_editor()
        choices = policy.setting_choices(key)
        if choices:
            combo = QComboBox()
            combo.addItems(list(choices))
            combo.setCurrentText(str(value))
            return combo
        if isinstance(value, bool):
            box = QCheckBox()
            box.setChecked(value)
            return box
        if isinstance(value, int):
            spin = QSpinBox()
            spin.setRange(*(policy.setting_limits(key) or (0, 10_000)))
            spin.setValue(value)
            return spin
        if key == "backup_folder":
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            edit = QLineEdit(str(value))
            edit.setObjectName("backupFolderEdit")
            choose = QPushButton("Choose…")
            choose.clicked.connect(
                lambda: edit.setText(
                    QFileDialog.getExistingDirectory(self, "Backup folder", edit.text())
                    or edit.text()
                )
            )
            row.addWidget(edit)
            row.addWidget(choose)
            holder.setProperty("line", edit)
            return holder
        return QLineEdit(str(value))

    def _logo_editor(self) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel()
        self._show_logo()
        choose = QPushButton("Choose a PNG…")
        choose.clicked.connect(self._choose_logo)
        clear = QPushButton("Remove")
        clear.clicked.connect(lambda: self._set_logo(""))
        row.addWidget(self.logo_preview)
        row.addWidget(choose)
        row.addWidget(clear)
        row.addStretch(1)
        return holder

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Logo", "", "PNG images (*.png)")
        if name:
            self.load_logo(Path(name))

    def load_logo(self, path: Path) -> bool:
        data = path.read_bytes()
        if not data.startswith(b"\x89PNG") or len(data) > 1_000_000:
            self.error.setText("The logo must be a PNG image under 1 MB.")
            return False
        self._set_logo(base64.b64encode(data).decode("ascii"))
        return True

    def _set_logo(self, value: str) -> None:
        self.logo_value = value
        self._show_logo()

    def _show_logo(self) -> None:
        if not self.logo_value:
            self.logo_preview.setText("No logo")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(base64.b64decode(self.logo_value))
        self.logo_preview.setPixmap(pixmap.scaledToHeight(40))

    def value_of(self, key: str) -> Any:
        if key == "logo_png_base64":
            return self.logo_value
        editor = self.editors[key]
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        line = editor.property("line")
        if isinstance(line, QLineEdit):
            return line.text().strip()
        assert isinstance(editor, QLineEdit)
        return editor.text().strip()

    def has_unsaved(self) -> bool:
        return (
            any(self.value_of(key) != self.values.get(key) for key in self.editors)
            or self.rules.has_unsaved()
        )

    def reject(self) -> None:
        if self.has_unsaved():
            answer = dialogs.ask_unsaved(self, "the settings")
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
            if answer == "save":
                return
        super().reject()

    def save(self) -> bool:
        changed = {
            key: self.value_of(key)
            for key in self.editors
            if self.value_of(key) != self.values.get(key)
        }
        try:  # one transaction: all of it or none
            policy.save_settings(self.db, changed, self.rules.edited())
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.saved.emit()
        self.accept()
        return True


class DeadlineRulesEditor(QWidget):
    """The deadline rules (amount and unit of each clock) and the local closure days."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget()
        self.table.setObjectName("deadlineRules")
        self.table.setAccessibleName("Deadline rules")
        self.table.verticalHeader().hide()
        self.closure = QLineEdit()
        self.closure.setPlaceholderText("Closure day YYYY-MM-DD")
        self.closure.setAccessibleName("Closure day to add")
        self.closure_label = QLineEdit()
        self.closure_label.setPlaceholderText("Label, e.g. Council closure")
        add = QPushButton("Add closure day")
        add.clicked.connect(self.add_closure)
        self.closures = QComboBox()
        self.closures.setAccessibleName("Closure days")
        remove = QPushButton("Remove closure day")
        remove.clicked.connect(self.remove_closure)
        row = QHBoxLayout()
        row.addWidget(self.closure)
        row.addWidget(self.closure_label)
        row.addWidget(add)
        row2 = QHBoxLayout()
        row2.addWidget(self.closures, 1)
        row2.addWidget(remove)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addLayout(row2)
        layout.addWidget(self.status)
        self.reload()

    def reload(self) -> None:
        self.reload_rules()
        self.reload_closures()

    def reload_rules(self) -> None:
        self.rule_rows = policy.list_rules(self.db)
        headers = ["Kind", "Deadline", "Amount", "Unit", "Active"]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rule_rows))
        self.units: list[QComboBox] = []
        self.amounts: list[QSpinBox] = []
        self.actives: list[QCheckBox] = []
        for r, rule in enumerate(self.rule_rows):
            self.table.setItem(r, 0, QTableWidgetItem(rule.case_kind_label))
            self.table.setItem(r, 1, QTableWidgetItem(rule.label))
            amount = QSpinBox()
            amount.setRange(0, policy.MAX_AMOUNT)
            amount.setValue(rule.amount)
            unit = QComboBox()
            for value, label in policy.UNITS:
                unit.addItem(label, value)
            unit.setCurrentIndex(unit.findData(rule.unit))
            active = QCheckBox()
            active.setChecked(rule.active)
            self.table.setCellWidget(r, 2, amount)
            self.table.setCellWidget(r, 3, unit)
            self.table.setCellWidget(r, 4, active)
            self.amounts.append(amount)
            self.units.append(unit)
            self.actives.append(active)
        self.table.resizeColumnsToContents()

    def reload_closures(self) -> None:
        closures = policy.list_closures(self.db)
        self.closures.clear()
        for day in closures:
            self.closures.addItem(f"{day.day.isoformat()} {day.label}", day.day.isoformat())

    def edited(self) -> list[tuple[str, dict[str, Any]]]:
        """The rules changed here and not yet saved, as (code, changes)."""
        out = []
        for r, rule in enumerate(self.rule_rows):
            values = {
                "amount": self.amounts[r].value(),
                "unit": self.units[r].currentData(),
                "active": self.actives[r].isChecked(),
            }
            if (values["amount"], values["unit"], values["active"]) != (
                rule.amount,
                rule.unit,
                rule.active,
            ):
                out.append((rule.code, values))
        return out

    def has_unsaved(self) -> bool:
        return bool(self.edited())

    def add_closure(self) -> None:
        try:
            policy.add_closures(
                self.db, self.closure.text(), label=self.closure_label.text() or "Council closure"
            )
        except DhrDeskError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Closure day added.")
        self.closure.clear()
        self.reload_closures()

    def remove_closure(self) -> None:
        day = self.closures.currentData()
        if not day:
            return
        if not dialogs.confirm(self, "Closure day", f"Remove the closure day {day}?"):
            return
        policy.remove_closure(self.db, day)
        self.reload_closures()
