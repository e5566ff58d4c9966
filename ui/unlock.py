"""First run and unlocking: the set-up wizard that creates the encrypted database (keyring or
passphrase mode, recovery key shown once) or connects this computer to the partnership's
server, and the dialog that opens the laptop's database afterwards."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import access
from dhr_desk.services.access import MIN_PASSPHRASE_LENGTH, DataDir, KeyMode, Unlock

if TYPE_CHECKING:
    from dhr_desk.services.access import Database

PAGE_MODE, PAGE_PASSPHRASE, PAGE_RECOVERY, PAGE_SERVER = 0, 1, 2, 3


class ModePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to DHR Desk")
        self.setSubTitle(
            "Keep the case data in an encrypted database on this computer, or work on the "
            "partnership's shared server."
        )
        self.problem = access.keyring_problem()
        self.keyring = QRadioButton("Keep the key in this computer's credential store")
        self.keyring.setObjectName("modeKeyring")
        self.passphrase = QRadioButton("Ask for a passphrase each time DHR Desk opens")
        self.passphrase.setObjectName("modePassphrase")
        self.server = QRadioButton("Connect to the partnership's &server")
        self.server.setObjectName("modeServer")
        group = QButtonGroup(self)
        group.addButton(self.keyring)
        group.addButton(self.passphrase)
        group.addButton(self.server)
        server_note = QLabel(
            "When the partnership keeps its cases on a shared server, the administrator gives "
            "you its address and your sign-in."
        )
        server_note.setWordWrap(True)
        server_note.setObjectName("serverNote")
        reason = QLabel()
        reason.setWordWrap(True)
        reason.setObjectName("keyringReason")
        if self.problem:
            self.keyring.setEnabled(False)
            self.passphrase.setChecked(True)
            reason.setText(
                f"The credential store cannot be used: {self.problem}. "
                "Passphrase mode keeps the data just as safe; you type the passphrase when "
                "DHR Desk opens and after it locks."
            )
        else:
            self.keyring.setChecked(True)
            reason.setText(
                "With the credential store (e.g. Windows Credential Manager) DHR Desk opens "
                "without a question when you are signed in to this computer."
            )
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring)
        layout.addWidget(self.passphrase)
        layout.addWidget(reason)
        layout.addSpacing(12)
        layout.addWidget(self.server)
        layout.addWidget(server_note)
        layout.addStretch(1)

    def mode(self) -> KeyMode:
        return "keyring" if self.keyring.isChecked() else "passphrase"

    def nextId(self) -> int:  # noqa: N802
        if self.server.isChecked():
            return PAGE_SERVER
        return PAGE_RECOVERY if self.mode() == "keyring" else PAGE_PASSPHRASE

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        if self.server.isChecked():
            return True  # nothing is made on this computer
        return self.mode() == "passphrase" or wizard.create_database()


class ServerPage(QWizardPage):
    """The third path: the server's address and the sign-in; Finish saves them."""

    def __init__(self) -> None:
        super().__init__()
        from ui.connect_dialog import ConnectionTester, ServerForm

        self.setTitle("Connect to the partnership's server")
        self.setSubTitle(
            "Ask the administrator for the server's address, your sign-in name and password. "
            "The address is saved on this computer; the password only in its credential store."
        )
        self.form = ServerForm()
        self.tester = ConnectionTester(self.form)
        self.form.changed.connect(lambda: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.tester)
        layout.addStretch(1)
        QWidget.setTabOrder(self.form.choose, self.tester.button)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Save and connect")
        self.setFinalPage(True)

    def nextId(self) -> int:  # noqa: N802
        return -1

    def isComplete(self) -> bool:  # noqa: N802
        return self.form.complete()

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        url = self.form.save(wizard.data_dir)
        if url is None:
            return False
        self.tester.stop()
        wizard.server_url = url
        wizard.server_password = self.form.typed_password()
        return True


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose a passphrase")
        self.setSubTitle(
            f"At least {MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well."
        )
        self.first = QLineEdit()
        self.first.setObjectName("passphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("Passphrase")
        self.second = QLineEdit()
        self.second.setObjectName("passphraseAgain")
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Passphrase again")
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Passphrase", self.first)
        form.addRow("&Again", self.second)
        form.addRow(self.error)
        self.first.textChanged.connect(self._check)
        self.second.textChanged.connect(self._check)

    def problem(self) -> str:
        first, second = self.first.text(), self.second.text()
        if len(first) < MIN_PASSPHRASE_LENGTH:
            return f"The passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters."
        if second and first != second:
            return "The two passphrases are not the same."
        if not second:
            return "Type the passphrase again to confirm it."
        return ""

    def _check(self) -> None:
        problem = self.problem() if self.first.text() or self.second.text() else ""
        self.error.setText(problem)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.problem()

    def validatePage(self) -> bool:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        return wizard.create_database()


class RecoveryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your recovery key")
        self.setSubTitle(
            "It opens the database if the passphrase is forgotten or the credential store is "
            "lost. It is shown only now: print it or save it somewhere safe, away from this "
            "computer."
        )
        self.key = QLabel()
        self.key.setObjectName("recoveryKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(14)
        self.key.setFont(font)
        self.key.setAccessibleName("Recovery key")
        copy = QPushButton("&Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.key.text()))
        save = QPushButton("&Save to a file…")
        save.clicked.connect(self.save_to_file)
        print_button = QPushButton("&Print…")
        print_button.clicked.connect(self.print_key)
        self.kept = QCheckBox("I have printed or saved the recovery key")
        self.kept.setObjectName("recoveryKept")
        self.kept.toggled.connect(lambda _checked: self.completeChanged.emit())
        buttons = QHBoxLayout()
        for button in (copy, save, print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key)
        layout.addLayout(buttons)
        layout.addWidget(self.kept)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        self.key.setText(wizard.recovery_key)

    def isComplete(self) -> bool:  # noqa: N802
        return self.kept.isChecked()

    def nextId(self) -> int:  # noqa: N802
        return -1  # the last page of a new database (the server's page is another path)

    def save_to_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the recovery key", "DHR Desk recovery key.txt", "Text (*.txt)"
        )
        if name:
            Path(name).write_text(
                "DHR Desk recovery key\n\n" + self.key.text() + "\n\nKeep this safe and apart "
                "from the computer.\n",
                "utf-8",
            )

    def print_key(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            doc = QTextDocument()
            doc.setPlainText("DHR Desk recovery key\n\n" + self.key.text())
            doc.print_(printer)


class SetupWizard(QWizard):
    """Creates the encrypted database in ``data_dir``; ``database`` is open when it finishes."""

    def __init__(self, data_dir: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.recovery_key = ""
        self.database: Database | None = None
        self.server_url: str | None = None  # the server path was saved: open it next
        self.server_password: str | None = None  # as typed (kept in memory only)
        self.setWindowTitle("Set up DHR Desk")
        self.setObjectName("setupWizard")
        self.mode_page = ModePage()
        self.passphrase_page = PassphrasePage()
        self.recovery_page = RecoveryPage()
        self.server_page = ServerPage()
        self.setPage(PAGE_MODE, self.mode_page)
        self.setPage(PAGE_PASSPHRASE, self.passphrase_page)
        self.setPage(PAGE_RECOVERY, self.recovery_page)
        self.setPage(PAGE_SERVER, self.server_page)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.currentIdChanged.connect(self._page_changed)
        self.resize(620, 440)

    def _page_changed(self, page: int) -> None:
        """No way back once the recovery key is shown (the database exists); the server's page
        keeps Back and Cancel."""
        final = page == PAGE_RECOVERY
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, final)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, final)

    def create_database(self) -> bool:
        """Make the database (once). A problem is shown on the page; nothing half-made stays."""
        if self.database is not None:
            return True
        mode = self.mode_page.mode()
        passphrase = self.passphrase_page.first.text() if mode == "passphrase" else None
        try:
            result = access.create(self.data_dir, mode, passphrase)
            unlock = Unlock(passphrase=passphrase) if passphrase else Unlock()
            self.database = access.open_database(self.data_dir, unlock)
        except DhrDeskError as exc:
            page = self.currentPage()
            label = getattr(page, "error", None)
            if isinstance(label, QLabel):
                label.setText(str(exc))
            else:
                from ui import dialogs

                dialogs.error(self, str(exc))
            return False
        self.recovery_key = result.recovery_key
        return True


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key) and opens the database."""

    def __init__(self, data_dir: DataDir, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.database: Database | None = None
        self.mode = access.key_mode(data_dir)
        self.setWindowTitle("Open DHR Desk")
        self.setObjectName("unlockDialog")
        intro = QLabel(
            message
            or (
                "Type the passphrase to open the case database."
                if self.mode == "passphrase"
                else "Type the recovery key to open the case database."
            )
        )
        intro.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setObjectName("unlockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase or recovery key")
        self.secret.setPlaceholderText(
            "Passphrase (or recovery key)" if self.mode == "passphrase" else "Recovery key"
        )
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.secret)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(480, 180)

    def try_open(self) -> bool:
        try:
            self.database = access.open_database(
                self.data_dir, access.unlock_for(self.mode, self.secret.text())
            )
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            self.secret.selectAll()
            self.secret.setFocus()
            return False
        self.accept()
        return True


def open_database(data_dir: DataDir, parent: QWidget | None = None) -> Database | None:
    """First run: the wizard (which may connect to the server instead). Keyring mode:
    silently. Passphrase mode: ask. None if cancelled."""
    if not access.is_set_up(data_dir):
        wizard = SetupWizard(data_dir, parent)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            if wizard.database is not None:
                return wizard.database  # created: the key was shown; open it anyway
            return None
        if wizard.server_url is not None:
            from ui.server_connect import open_server

            opened = open_server(wizard.server_url, data_dir, parent, wizard.server_password)
            return None if isinstance(opened, str) else opened
        return wizard.database
    message = ""
    if access.key_mode(data_dir) == "keyring":
        try:
            return access.open_database(data_dir)
        except DhrDeskError as exc:
            message = str(exc)
    dialog = UnlockDialog(data_dir, message, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.database
