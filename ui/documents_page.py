"""The case's documents: the register of everything generated (version, edition, format, who
received a copy) and the way to generate a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dhr_desk.services import workspace
from dhr_desk.services.access import Database
from dhr_desk.services.cases import CaseKind
from ui.case_pages import fill_table, heading, read_only_table


class DocumentsPage(QWidget):
    saved = Signal()

    def __init__(self, db: Database, kind: CaseKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.case_id: int | None = None
        self.setObjectName("page_documents")
        self.table = read_only_table("Document register")
        self.table.setWordWrap(True)  # long titles and lists of recipients wrap
        self.generate_button = QPushButton("&Generate document…")
        self.generate_button.setAccessibleName("Generate a document for this case")
        self.generate_button.clicked.connect(self.open_generate)
        self.note = QLabel(
            "Every document made is listed with its version, edition and the SHA-256 of the file; "
            "copies made for named recipients are listed beside it."
        )
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Documents"))
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def set_parent(self, case_id: int | None) -> None:
        self.case_id = case_id
        if case_id is None:
            return
        rows = workspace.document_register(self.db, case_id)
        fill_table(
            self.table,
            ["Generated", "Document", "Version", "Edition", "Format", "Draft", "File", "Sent to"],
            [
                (
                    r.generated_at,
                    r.title or r.kind,
                    r.version,
                    r.edition,
                    r.file_format.upper(),
                    r.draft,
                    r.file_name,
                    "; ".join(r.recipients),
                )
                for r in rows
            ],
        )

    def open_generate(self) -> None:
        from ui.generate_dialog import GenerateDialog

        if self.case_id is None:
            return
        dialog = GenerateDialog(self.db, self.case_id, self.kind, self)
        dialog.generated.connect(lambda _f: self.set_parent(self.case_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog

    def new_record(self) -> None:
        self.open_generate()

    def has_unsaved(self) -> bool:
        return False

    def resolve_unsaved(self) -> bool:
        return True
