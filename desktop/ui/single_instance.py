"""A second launch on the same ledger brings the first window forward, then exits."""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(ledger_target: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - odd systems
        user = "user"
    digest = hashlib.sha256(f"{user}\x00{ledger_target.lower()}".encode()).hexdigest()[:20]
    return f"dengbao-{digest}"


def notify_running(name: str, timeout_ms: int = 500) -> bool:
    """True if another instance listens on ``name`` (it was asked to show its window)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(b"show\n")
    sock.flush()
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; calls ``on_show`` when one arrives."""

    def __init__(self, name: str, on_show: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_show = on_show
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # a stale socket left by a crashed instance
            self.server.listen(name)
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: (s.readAll(), self.on_show(), s.disconnectFromServer()))
            sock.disconnected.connect(sock.deleteLater)
