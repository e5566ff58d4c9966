"""The case's Publication check page: the publication check's findings (what in the published
documents could still identify someone, and where), the checklist the final published edition
must pass, everything the published edition hides, and what was accepted or overridden.

The check builds the published documents in memory, so it runs off the GUI thread. A finding is
settled by fixing the record it comes from (then "Check now"), by adding what it names to the
pseudonym register, or by accepting it with a reason; a condition of the checklist other than
the findings can be overridden with a reason. Every acceptance and override is audited.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import publication, workspace
from dhr_desk.services.access import Database
from dhr_desk.words import plural
from ui.case_pages import colour_rows, fill_table, heading, read_only_table
from ui.jobs import JobThread

NOTE = (
    "Before a review is published, the check reads every text of its published documents "
    "(for a DHR the overview report, executive summary and action plan; for a Community "
    "Trigger its letters in their published edition) for names in any of the ways "
    "they are written, dates of birth, addresses, postcodes, phone numbers, e-mail addresses, "
    "NHS and National Insurance numbers, police and court references, vehicle registrations "
    "and the watch list. Fix each finding in the case, add it to the pseudonym register, or "
    "accept it with a reason."
)


class PublicationPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.case_id: int | None = None
        self.result: publication.PublicationCheck | None = None
        self.job: JobThread | None = None
        self.setObjectName("page_publication")
        note = QLabel(NOTE)
        note.setWordWrap(True)
        self.check_button = QPushButton("&Check now")
        self.check_button.setAccessibleName("Run the publication check")
        self.check_button.clicked.connect(self.run_check)
        self.status = QLabel()
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.status, 1)

        self.gate_table = read_only_table("The final published edition")
        self.findings_table = read_only_table("Findings of the publication check")
        self.findings_table.setWordWrap(True)
        self.gate_table.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._check_tab(), "Findings and checklist")
        self.register_table = read_only_table("Everything the published edition hides")
        self.register_table.setWordWrap(True)
        self.tabs.addTab(self.register_table, "Everything the published edition hides")
        self.tabs.addTab(self._cleared_tab(), "Accepted and overridden")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Publication check"))
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)

    # Layout ---------------------------------------------------------------------------------
    def _check_tab(self) -> QWidget:
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for accepting or overriding")
        self.reason.setPlaceholderText("Why it may be published (kept in the audit trail)")
        self.accept_button = QPushButton("&Accept the finding")
        self.accept_button.clicked.connect(lambda: self.accept_finding(everywhere=False))
        self.accept_all_button = QPushButton("Accept it &everywhere it is written")
        self.accept_all_button.clicked.connect(lambda: self.accept_finding(everywhere=True))
        self.override_button = QPushButton("&Override the chosen condition")
        self.override_button.clicked.connect(self.override_condition)
        self.register_kind = QComboBox()
        self.register_kind.setAccessibleName("Kind of register line")
        for value, label in workspace.options(workspace.kind("pseudonym_entry").model, "kind"):
            self.register_kind.addItem(label, value)
        self.shown_as = QLineEdit()
        self.shown_as.setAccessibleName("Shown instead in the published edition")
        self.shown_as.setPlaceholderText("A pseudonym, a role or a description")
        self.add_button = QPushButton("Add to the &register")
        self.add_button.clicked.connect(self.add_to_register)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)

        accept_row = QHBoxLayout()
        for widget in (self.accept_button, self.accept_all_button, self.override_button):
            accept_row.addWidget(widget)
        accept_row.addStretch(1)
        register_row = QHBoxLayout()
        register_row.addWidget(self.register_kind)
        register_row.addWidget(self.shown_as, 1)
        register_row.addWidget(self.add_button)
        form = QFormLayout()
        # Labels above their fields: the buttons' row keeps the page readable at 1024×700.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("&Reason", self.reason)
        form.addRow("", _wrap(accept_row))
        form.addRow("Add what was found as", _wrap(register_row))

        gate_box = QWidget()
        gate_layout = QVBoxLayout(gate_box)
        gate_layout.setContentsMargins(0, 0, 0, 0)
        gate_layout.addWidget(QLabel("The final published edition may be written when:"))
        gate_layout.addWidget(self.gate_table)
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(QLabel("What the check found"))
        findings_layout.addWidget(self.findings_table, 1)
        findings_layout.addLayout(form)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(gate_box)
        splitter.addWidget(findings_box)
        splitter.setSizes([215, 385])
        return splitter

    def _cleared_tab(self) -> QWidget:
        self.cleared_table = read_only_table("Accepted and overridden")
        self.cleared_table.setWordWrap(True)
        self.withdraw_reason = QLineEdit()
        self.withdraw_reason.setAccessibleName("Reason for taking it back")
        self.withdraw_reason.setPlaceholderText("Why it no longer stands")
        self.withdraw_button = QPushButton("&Take back the chosen one")
        self.withdraw_button.clicked.connect(self.withdraw)
        row = QHBoxLayout()
        row.addWidget(self.withdraw_reason, 1)
        row.addWidget(self.withdraw_button)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.addWidget(self.cleared_table, 1)
        layout.addLayout(row)
        return box

    # Showing --------------------------------------------------------------------------------
    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            return
        self._show_register()
        self._show_cleared()
        self.run_check()

    def _show_register(self) -> None:
        assert self.case_id is not None
        lines = publication.register_lines(self.db, self.case_id)
        fill_table(
            self.register_table,
            ["What", "Name, place or number", "Other ways written", "Shown instead", "Found in"],
            [(r.what, r.name, r.other_names, r.shown_as, r.source) for r in lines],
        )

    def _show_cleared(self) -> None:
        assert self.case_id is not None
        self.cleared = publication.clearances(self.db, self.case_id)
        fill_table(
            self.cleared_table,
            ["On", "By", "What", "Reason"],
            [(c.cleared_on, c.cleared_by, c.what, c.reason) for c in self.cleared],
        )

    def run_check(self) -> None:
        """Run the check in the background; the tables fill when it is done."""
        if self.case_id is None or (self.job is not None and self.job.isRunning()):
            return
        db, case_id = self.db, self.case_id

        def job(progress: Any, cancelled: Any) -> publication.PublicationCheck:
            return publication.check_case(db, case_id, progress, cancelled)

        self.job = JobThread(job, self)
        self.job.progressed.connect(lambda _p, message: self.status.setText(message))
        self.job.succeeded.connect(self._checked)
        self.job.failed.connect(self._failed)
        self.check_button.setEnabled(False)
        self.status.setText("Checking the published documents…")
        self.job.start()

    def _finish_job(self) -> None:
        self.check_button.setEnabled(True)
        if self.job is not None:
            self.job.wait()
            self.job = None

    def _failed(self, text: str) -> None:
        self._finish_job()
        self.status.setText(f"The check did not finish: {text}")

    def _checked(self, result: publication.PublicationCheck) -> None:
        self._finish_job()
        self.result = result
        fill_table(
            self.gate_table,
            ["Condition", "State", "Detail", "Override"],
            [(c.label, _state(c), c.detail, c.override) for c in result.conditions],
        )
        colour_rows(
            self.gate_table,
            ["done" if c.met else "overdue" if not c.passes else "" for c in result.conditions],
        )
        fill_table(
            self.findings_table,
            ["Kind", "Found", "State", "Where", "Why", "Accepted because"],
            [
                (f.label, f.text, "open" if f.open else "accepted", f.where, f.detail, f.cleared)
                for f in result.findings
            ],
        )
        colour_rows(self.findings_table, ["overdue" if f.open else "done" for f in result.findings])
        still_open = len(result.open_findings)
        checked = ", ".join(result.documents) or "no document"
        verdict = (
            "the final published edition may be written"
            if all(c.passes for c in result.conditions)
            else "the final published edition is not yet possible"
        )
        self.status.setText(
            f"Checked {checked}: {plural(len(result.findings), 'finding')}, "
            f"{still_open} open; {verdict}."
        )

    # Settling -------------------------------------------------------------------------------
    def _chosen_finding(self) -> publication.Finding | None:
        row = self.findings_table.currentRow()
        if self.result is None or not 0 <= row < len(self.result.findings):
            self.error.setText("Choose a finding in the list first.")
            return None
        return self.result.findings[row]

    def _done(self, message: str) -> None:
        self.error.clear()
        self.reason.clear()
        self.status.setText(message)
        self._show_cleared()
        self._show_register()
        self.saved.emit()
        self.run_check()

    def accept_finding(self, *, everywhere: bool) -> bool:
        finding = self._chosen_finding()
        if finding is None or self.case_id is None:
            return False
        try:
            publication.accept(
                self.db, self.case_id, finding, self.reason.text(), everywhere=everywhere
            )
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self._done(f"Accepted {finding.label.lower()} '{finding.text}'.")
        return True

    def add_to_register(self) -> bool:
        finding = self._chosen_finding()
        if finding is None or self.case_id is None:
            return False
        try:
            publication.add_to_register(
                self.db,
                self.case_id,
                finding.text,
                str(self.register_kind.currentData()),
                self.shown_as.text(),
            )
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.shown_as.clear()
        self._done(f"Added '{finding.text}' to the pseudonym register.")
        return True

    def override_condition(self) -> bool:
        row = self.gate_table.currentRow()
        if (
            self.result is None
            or self.case_id is None
            or not 0 <= row < len(self.result.conditions)
        ):
            self.error.setText("Choose a condition of the checklist first.")
            return False
        condition = self.result.conditions[row]
        try:
            publication.override(self.db, self.case_id, condition.code, self.reason.text())
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self._done(f"Overridden: {condition.label}.")
        return True

    def withdraw(self) -> bool:
        row = self.cleared_table.currentRow()
        if self.case_id is None or not 0 <= row < len(self.cleared):
            self.error.setText("Choose an acceptance or override first.")
            return False
        try:
            publication.withdraw(self.db, self.cleared[row].id, self.withdraw_reason.text())
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            return False
        self.withdraw_reason.clear()
        self._done("Taken back.")
        return True

    # The workspace's contract ---------------------------------------------------------------
    def new_record(self) -> None:
        self.check_button.setFocus()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True


def _state(condition: publication.Condition) -> str:
    if condition.met:
        return "yes"
    return "overridden" if condition.override else "not yet"


def _colour(condition: publication.Condition) -> str:
    if condition.met:
        return "done"
    return "" if condition.passes else "overdue"


def _wrap(layout: QHBoxLayout) -> QWidget:
    box = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    box.setLayout(layout)
    return box
