"""Working on the partnership's server: connecting in the background with a busy indicator and
Cancel, the sign-in dialog (the password masked, remembered in the credential store when asked),
and what to do when the server cannot be reached (try again, this laptop's database, quit)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.services import access, connection
from dhr_desk.services.access import DataDir
from dhr_desk.services.connection import Attempt

if TYPE_CHECKING:
    from dhr_desk.services.access import Database
    from ui.jobs import JobThread

LAPTOP: Literal["laptop"] = "laptop"  # the person chose this laptop's own database instead
Choice = Literal["retry", "laptop", "quit"]

_BACKGROUND: set[JobThread] = set()  # attempts under way (kept until they end, even if dropped)


def wait_for_background() -> None:
    """Let attempts still under way end (at most the connection timeout) before the app quits."""
    for job in list(_BACKGROUND):
        job.wait()


class _Ticket:
    abandoned = False


class Connector(QObject):
    """One connection attempt off the GUI thread. ``done(Attempt)`` arrives in the GUI thread;
    an abandoned attempt that connects after all closes its database again."""

    done = Signal(object)

    def __init__(
        self,
        url: str,
        password: str | None = None,
        *,
        remember: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self.password = password
        self.remember = remember
        self.ticket = _Ticket()
        self.job: JobThread | None = None

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self) -> None:
        from ui.jobs import JobThread

        url, password, remember = self.url, self.password, self.remember
        job = JobThread(
            lambda _progress, _cancelled: connection.attempt(url, password, remember=remember)
        )
        _BACKGROUND.add(job)
        # Plain functions, not this object's slots: they run even after the window that asked
        # is gone, so a database opened for no one is closed again.
        ticket = self.ticket

        def arrived(outcome: object) -> None:
            assert isinstance(outcome, Attempt)
            if ticket.abandoned:
                if outcome.database is not None:
                    outcome.database.close()
                return
            self.done.emit(outcome)

        def ended() -> None:
            job.wait()
            _BACKGROUND.discard(job)
            if not ticket.abandoned:
                self.job = None
            job.deleteLater()

        job.succeeded.connect(arrived)
        job.failed.connect(lambda text: arrived(Attempt(None, problem=text, kind="other")))
        job.finished.connect(ended)
        self.job = job
        job.start()

    def abandon(self) -> None:
        self.ticket.abandoned = True
        self.job = None

    @property
    def abandoned(self) -> bool:
        return self.ticket.abandoned


def remember_box(name: str) -> tuple[QCheckBox, QLabel]:
    """ "Remember in this computer's credential store", ticked; greyed with the reason beside
    it when the credential store cannot keep a password."""
    remember = QCheckBox("&Remember in this computer's credential store")
    remember.setObjectName(name)
    reason = QLabel()
    reason.setObjectName("rememberReason")
    reason.setWordWrap(True)
    problem = connection.keyring_problem()
    if problem:
        remember.setEnabled(False)
        reason.setText(
            f"The password cannot be remembered here: {problem}. DHR Desk asks for it each "
            "time it opens."
        )
    else:
        remember.setChecked(True)
        reason.hide()
    return remember, reason


def busy_bar(name: str) -> QProgressBar:
    """An indicator that moves while the server is asked (no percentage: it cannot be known)."""
    bar = QProgressBar()
    bar.setObjectName(name)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setAccessibleName("Connecting to the server")
    bar.setMaximumHeight(8)
    return bar


class BusyDialog(QDialog):
    """ "Connecting to …" with a moving indicator and Cancel while a :class:`Connector` works.
    ``outcome`` is its :class:`Attempt` (None when cancelled)."""

    def __init__(
        self, url: str, password: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectingDialog")
        self.setWindowTitle("DHR Desk")
        self.outcome: Attempt | None = None
        try:
            shown = connection.parse(url).shown
        except Exception:  # noqa: BLE001 - the attempt says what is wrong with the address
            shown = "the server"
        label = QLabel(f"Connecting to {shown}…")
        label.setObjectName("connectingLabel")
        cancel = QPushButton("Cancel")
        cancel.setObjectName("cancelConnecting")
        cancel.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(busy_bar("connectingBar"))
        layout.addWidget(buttons)
        self.resize(420, 120)
        self.connector = Connector(url, password, parent=self)
        self.connector.done.connect(self._done)

    def exec(self) -> int:
        self.connector.start()
        return super().exec()

    def _done(self, outcome: Attempt) -> None:
        self.outcome = outcome
        self.accept()

    def reject(self) -> None:
        self.connector.abandon()
        super().reject()


class SignInDialog(QDialog):
    """Asks for the password of the sign-in to the server, tries it in the background, and
    keeps it in the credential store when asked to. ``database`` is open when it is accepted;
    ``outcome`` holds a problem other than the password (the server unreachable…)."""

    def __init__(self, url: str, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.address = connection.parse(url)
        self.database: Database | None = None
        self.outcome: Attempt | None = None
        self.remember_problem = ""
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to the partnership's server")
        intro = QLabel(message or f"The server asks for the password of {self.address.user}.")
        intro.setObjectName("signInMessage")
        intro.setWordWrap(True)
        where = QLabel(self.address.shown)
        where.setObjectName("signInServer")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(f"Password of {self.address.user}")
        self.password.textChanged.connect(self._typed)
        self.remember, self.remember_reason = remember_box("signInRemember")
        self.bar = busy_bar("signInBusy")
        self.bar.hide()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.sign_in = self.buttons.addButton("&Sign in", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in.setObjectName("signInButton")
        self.sign_in.setDefault(True)
        self.sign_in.setEnabled(False)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("signInCancel")
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Server", where)
        form.addRow("&Password", self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_reason)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.password, self.remember)
        self.setTabOrder(self.remember, self.sign_in)
        self.setTabOrder(self.sign_in, cancel)
        self.password.setFocus()
        self.resize(480, 230)
        self.connector: Connector | None = None

    def _typed(self, text: str) -> None:
        self.sign_in.setEnabled(bool(text) and self.connector is None)

    def try_sign_in(self) -> None:
        """Try the password in the background (the dialog stays responsive; Cancel stops
        waiting)."""
        if self.connector is not None or not self.password.text():
            return
        self.error.clear()
        self.connector = Connector(
            self.url,
            self.password.text(),
            remember=self.remember.isEnabled() and self.remember.isChecked(),
            parent=self,
        )
        self.connector.done.connect(self._done)
        self.bar.show()
        self.sign_in.setEnabled(False)
        self.password.setEnabled(False)
        self.connector.start()

    def _done(self, outcome: Attempt) -> None:
        self.connector = None
        self.bar.hide()
        self.password.setEnabled(True)
        self.sign_in.setEnabled(bool(self.password.text()))
        if outcome.database is not None:
            self.database = outcome.database
            self.remember_problem = outcome.remembered
            self.accept()
            return
        if outcome.kind == "sign_in":
            self.error.setText(outcome.problem)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.outcome = outcome
        super().reject()

    def reject(self) -> None:
        if self.connector is not None:  # stop waiting for the server; stay in the dialog
            self.connector.abandon()
            self.connector = None
            self.bar.hide()
            self.password.setEnabled(True)
            self.sign_in.setEnabled(bool(self.password.text()))
            self.error.setText("Signing in was cancelled.")
            return
        super().reject()


def ask_after_problem(parent: QWidget | None, text: str, offer_laptop: bool) -> Choice:
    """The server could not be used: try again, work on this laptop's database (when it has
    one), or quit. Tests replace this function to answer."""
    box = QMessageBox(parent)
    box.setObjectName("serverProblem")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("DHR Desk")
    box.setText(text)
    if offer_laptop:
        box.setInformativeText(
            "This laptop also has its own encrypted database (cases checked out for a secure "
            "room are there)."
        )
    retry = box.addButton("&Try again", QMessageBox.ButtonRole.AcceptRole)
    laptop = (
        box.addButton("&Work on this laptop's database", QMessageBox.ButtonRole.ActionRole)
        if offer_laptop
        else None
    )
    quit_button = box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if clicked is retry:
        return "retry"
    if laptop is not None and clicked is laptop:
        return LAPTOP
    return "quit"


def warn_not_remembered(parent: QWidget | None, text: str) -> None:
    from ui import dialogs

    dialogs.inform(parent, f"Signed in. The password was not remembered: {text}")


def open_server(
    url: str, data_dir: DataDir, parent: QWidget | None = None, password: str | None = None
) -> Database | Literal["laptop"] | None:
    """Open the server's database, asking for the password when the server wants one and the
    credential store has none (or a stale one); ``password`` is tried first when given.
    ``LAPTOP`` when the person chose this laptop's database instead; None to quit."""
    offer_laptop = access.is_set_up(data_dir)
    while True:
        busy = BusyDialog(url, password, parent=parent)
        busy.exec()
        outcome: Attempt | None = busy.outcome
        if outcome is not None and outcome.database is not None:
            return outcome.database
        if outcome is not None and outcome.kind == "sign_in":
            sign_in = SignInDialog(url, outcome.problem, parent)
            if sign_in.exec() == QDialog.DialogCode.Accepted and sign_in.database is not None:
                if sign_in.remember_problem:
                    warn_not_remembered(parent, sign_in.remember_problem)
                return sign_in.database
            outcome = sign_in.outcome
            text = outcome.problem if outcome is not None else "You did not sign in."
        else:
            text = outcome.problem if outcome is not None else "Connecting was cancelled."
        choice = ask_after_problem(parent, text, offer_laptop)
        if choice == "retry":
            continue
        return LAPTOP if choice == "laptop" else None
