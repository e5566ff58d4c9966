"""Connecting this computer to the partnership's server: the server's address (typed in parts
or pasted as a ``postgresql://`` URL), the password, how the connection is secured (with the
council's CA certificate when it signed the server's), "Test connection" in the background, and
Save — the same setting ``dhr-desk server connect`` writes, the password in the credential
store. Used by the first-run wizard and by File ▸ Connect to a server…"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError, ValidationError
from dhr_desk.services import connection
from dhr_desk.services.access import DataDir
from dhr_desk.services.connection import Attempt, ServerAddress
from ui.server_connect import Connector, busy_bar, remember_box

VERIFY_FULL = "verify-full"


class ServerForm(QWidget):
    """The fields of a server connection. ``changed`` when any of them is edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverForm")
        self.sslmode = VERIFY_FULL
        self.host = self._line(
            "serverHost", "Server", "db.council.example, or paste a postgresql:// address"
        )
        self.host.editingFinished.connect(self._take_pasted_url)
        self.host.textChanged.connect(self._edited)
        self.port = self._line("serverPort", "Port", "5432")
        self.port.setMaximumWidth(90)
        self.database = self._line("serverDatabase", "Database", "e.g. dhr_desk")
        self.user = self._line("serverUser", "Sign-in name", "your sign-in, e.g. j.okafor")
        self.password = self._line("serverPassword", "Password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember, self.remember_reason = remember_box("serverRemember")
        self.security = QLabel()
        self.security.setObjectName("serverSecurity")
        self.security.setWordWrap(True)
        self.ca_file = self._line(
            "serverCaFile", "CA certificate", "only if the council's own authority signed it"
        )
        self.choose = choose = QPushButton("C&hoose…")
        choose.setObjectName("chooseCaFile")
        choose.setAccessibleName("Choose the CA certificate file")
        choose.clicked.connect(self.choose_ca_file)
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        host_row = QHBoxLayout()
        host_row.setContentsMargins(0, 0, 0, 0)
        host_row.addWidget(self.host, 1)
        port_label = QLabel("P&ort")
        port_label.setBuddy(self.port)
        host_row.addWidget(port_label)
        host_row.addWidget(self.port)
        self.problem = QLabel()
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        server_label = QLabel("&Server")
        server_label.setBuddy(self.host)
        form.addRow(server_label, host_row)
        form.addRow("&Database", self.database)
        form.addRow("Sign-in &name", self.user)
        form.addRow("&Password", self.password)
        form.addRow("", self.remember)
        form.addRow("", self.remember_reason)
        form.addRow("Security", self.security)
        ca_label = QLabel("&CA certificate")
        ca_label.setBuddy(self.ca_file)
        form.addRow(ca_label, ca_row)
        form.addRow(self.problem)
        order = [
            self.host,
            self.port,
            self.database,
            self.user,
            self.password,
            self.remember,
            self.ca_file,
            choose,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for edit in (self.port, self.database, self.user, self.password, self.ca_file):
            edit.textChanged.connect(self._edited)
        self.remember.toggled.connect(self._edited)
        self._show_security()

    def _edited(self, *_args: object) -> None:
        self.changed.emit()

    @staticmethod
    def _line(name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    # ------------------------------------------------------------------ the address
    def _take_pasted_url(self) -> bool:
        """A pasted URL is split into the fields (its password, if any, into the password)."""
        text = self.host.text().strip()
        if not text.lower().startswith(("postgresql://", "postgres://")):
            return False
        try:
            address = connection.parse(text)
        except DhrDeskError as exc:
            self.problem.setText(str(exc))
            return False
        self.fill(address)
        return True

    def fill(self, address: ServerAddress) -> None:
        self.host.setText(address.host)
        self.port.setText("" if address.port == connection.DEFAULT_PORT else str(address.port))
        self.database.setText(address.database)
        self.user.setText(address.user)
        if address.password:
            self.password.setText(address.password)
        self.ca_file.setText(address.options.get("sslrootcert", ""))
        self.sslmode = address.sslmode
        self.problem.clear()
        self._show_security()
        self.changed.emit()

    def _show_security(self) -> None:
        if self.sslmode == VERIFY_FULL:
            self.security.setText(
                "Encrypted (TLS); the server's certificate is checked against its name "
                "(verify-full)."
            )
        else:
            self.security.setText(
                "Not encrypted (sslmode=disable): accepted only for a server on this computer."
            )

    def choose_ca_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "The council's CA certificate",
            self.ca_file.text(),
            "Certificates (*.crt *.pem *.cer);;All files (*)",
        )
        if name:
            self.ca_file.setText(name)

    def address(self) -> ServerAddress:
        """The address as typed (raises a plain :class:`ValidationError` when incomplete)."""
        self._take_pasted_url()
        return connection.address_from(
            self.host.text(),
            self.database.text(),
            self.user.text(),
            port=self.port.text(),
            ca_certificate=self.ca_file.text(),
            sslmode=self.sslmode,
        )

    def typed_password(self) -> str | None:
        return self.password.text() or None

    def remembers(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()

    def complete(self) -> bool:
        return all(e.text().strip() for e in (self.host, self.database, self.user))

    def save(self, data_dir: DataDir) -> str | None:
        """Write the setting (and the password to the credential store); the URL, or None with
        the problem shown."""
        try:
            url = self.address().url()
            connection.save(data_dir, url, self.typed_password(), remember=self.remembers())
        except DhrDeskError as exc:
            self.problem.setText(_sentence(exc))
            return None
        self.problem.clear()
        return url


def _sentence(exc: DhrDeskError) -> str:
    if isinstance(exc, ValidationError) and exc.problems:
        return " ".join(
            [str(exc.args[0]) if exc.args else ""]
            + [f"{where[:1].upper()}{where[1:]} {reason}." for where, reason in exc.problems]
        ).strip()
    return str(exc)


class ConnectionTester(QWidget):
    """ "Test connection": connects with what the form holds, in the background, and says how
    it went (the database is closed again at once)."""

    def __init__(self, form: ServerForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.button = QPushButton("&Test connection")
        self.button.setObjectName("testConnection")
        self.button.clicked.connect(self.start)
        self.bar = busy_bar("testBusy")
        self.bar.hide()
        self.result = QLabel()
        self.result.setObjectName("testResult")
        self.result.setWordWrap(True)
        self.connector: Connector | None = None
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.bar, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        form.changed.connect(self.result.clear)

    @property
    def testing(self) -> bool:
        return self.connector is not None

    def start(self) -> None:
        if self.connector is not None:
            return
        try:
            url = self.form.address().url()
        except DhrDeskError as exc:
            self.result.setText(_sentence(exc))
            return
        self.result.setText("Testing…")
        self.connector = Connector(url, self.form.typed_password(), parent=self)
        self.connector.done.connect(self._done)
        self.button.setEnabled(False)
        self.bar.show()
        self.connector.start()

    def stop(self) -> None:
        if self.connector is not None:
            self.connector.abandon()
            self.connector = None
            self.button.setEnabled(True)
            self.bar.hide()
            self.result.clear()

    def _done(self, outcome: Attempt) -> None:
        self.connector = None
        self.button.setEnabled(True)
        self.bar.hide()
        if outcome.database is None:
            self.result.setText(outcome.problem)
            return
        outcome.database.close()
        address = outcome.address
        assert address is not None
        self.result.setText(
            f"Connected to {address.database} on {address.host} as {address.user}: the DHR "
            "Desk data there is ready to use."
        )


class ConnectDialog(QDialog):
    """File ▸ Connect to a server…: ``url`` is set (and ``saved`` emitted) after Save."""

    saved = Signal(str)

    def __init__(self, data_dir: DataDir, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.url: str | None = None
        self.setObjectName("connectDialog")
        self.setWindowTitle("Connect to the partnership's server")
        intro = QLabel(
            "Work on the partnership's shared database. Ask the administrator for the "
            "server's address, your sign-in name and password. The address is saved on this "
            "computer; the password only in its credential store."
        )
        intro.setWordWrap(True)
        self.form = ServerForm()
        try:
            current = connection.configured_url(None, data_dir)
            if current:
                self.form.fill(connection.parse(current))
        except DhrDeskError:
            pass
        self.tester = ConnectionTester(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveServer")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.tester)
        layout.addWidget(buttons)
        QWidget.setTabOrder(self.form.choose, self.tester.button)
        self.form.host.setFocus()
        self.resize(580, 420)

    def save(self) -> bool:
        url = self.form.save(self.data_dir)
        if url is None:
            return False
        self.tester.stop()
        self.url = url
        self.accept()
        self.saved.emit(url)
        return True

    def reject(self) -> None:
        self.tester.stop()
        super().reject()
