"""One copy of the app per data folder: a second copy asks the first to come forward, then
exits (a local socket named after the folder)."""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from dhr_desk.services.access import DataDir

MESSAGE = b"show\n"


def server_name(data_dir: DataDir) -> str:
    digest = hashlib.sha256(str(data_dir.root.resolve()).encode("utf-8")).hexdigest()[:16]
    user = hashlib.sha256(os.path.expanduser("~").encode("utf-8")).hexdigest()[:6]
    return f"dhr-desk-{user}-{digest}"


def ask_first_copy(data_dir: DataDir, timeout_ms: int = 500) -> bool:
    """True when another copy already has this folder open (it has been asked to show itself)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return True


class FirstCopy(QObject):
    """Listens for later copies; ``show_requested`` asks the window to come forward."""

    show_requested = Signal()

    def __init__(self, data_dir: DataDir, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name(data_dir)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # left behind by a copy that crashed
            self.server.listen(name)
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket.bytesAvailable() or socket.waitForReadyRead(300):
                data = bytes(socket.readAll().data())
            else:
                data = b""
            socket.abort()
            socket.deleteLater()
            if data.startswith(MESSAGE.strip()):
                self.show_requested.emit()

    def close(self) -> None:
        self.server.close()
