"""The idle lock: after the set number of idle minutes the window hides every case and asks to
be unlocked (the passphrase in passphrase mode; the credential store in keyring mode; on the
partnership's server, the password the sign-in was made with, or nothing when the credential
store keeps it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dhr_desk.errors import DhrDeskError
from dhr_desk.services import access, connection
from dhr_desk.services.access import Database, DataDir

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits ``idle`` when no key, mouse or touch input has arrived for ``minutes``."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle.emit)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _ACTIVITY and self.minutes > 0:
            self.timer.start()
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """Shown in place of the window's content while locked."""

    unlocked = Signal()

    def __init__(
        self, data_dir: DataDir, db: Database | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.db = db if db is not None and db.is_server else None  # on the server: its sign-in
        self.setObjectName("lockScreen")
        self.mode = access.key_mode(data_dir) if data_dir.keyinfo.exists() else "keyring"
        title = QLabel("DHR Desk is locked")
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain = QLabel(
            "Case data is hidden because the computer was left idle. Your unsaved edits are kept."
        )
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain.setWordWrap(True)
        self.secret = QLineEdit()
        self.secret.setObjectName("lockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase or recovery key")
        self.secret.setPlaceholderText(
            "Passphrase (or recovery key)"
            if self.mode == "passphrase"
            else "Recovery key (only if the credential store fails)"
        )
        if self.db is not None:
            self.secret.setAccessibleName("Password of your sign-in to the server")
            self.secret.setPlaceholderText(
                "Password of your sign-in to the server (none if the credential store keeps it)"
            )
        self.secret.returnPressed.connect(self.try_unlock)
        self.button = QPushButton("&Unlock")
        self.button.setObjectName("unlockButton")
        self.button.setAccessibleName("Unlock DHR Desk")
        self.button.clicked.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.secret, 2)
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(2)

    def reset(self) -> None:
        self.secret.clear()
        self.error.clear()
        self.secret.setFocus()

    def try_unlock(self) -> bool:
        text = self.secret.text()
        try:
            if self.db is not None:
                connection.check_unlock(self.db, text)
            else:
                access.check_unlock(self.data_dir, access.unlock_for(self.mode, text))
        except DhrDeskError as exc:
            self.error.setText(str(exc))
            self.secret.selectAll()
            return False
        self.secret.clear()
        self.error.clear()
        self.unlocked.emit()
        return True
