"""Open lists and pages follow what other officers save, without F5.

:class:`LiveRefresh` owns the service's background watcher (:class:`desktop.services.live.ChangeWatcher`) and
turns its reports into :attr:`changed` on the GUI thread; a short pause gathers a burst of saves into one
refresh, which goes out as :attr:`desktop.ui.worker.Database.ledger_changed` — the signal every list, the
object page and the dashboard already reload on after the window's own saves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.live import ChangeWatcher
from desktop.ui.worker import Database

#: milliseconds a burst of other officers' saves is gathered before the open views reload once
GATHER_MS = 400


class LiveRefresh(QObject):
    #: another officer (window or command line) changed the ledger; the tables, comma-separated ("" unknown)
    changed = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.tables: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(GATHER_MS)
        self._timer.timeout.connect(self._refresh)
        self.changed.connect(self._noted)
        # emitted from the watcher's thread: Qt queues it to this object's (the GUI) thread
        self.watcher = ChangeWatcher(db.ledger, self.changed.emit).start()
        stop = self.watcher.stop_soon
        self.destroyed.connect(lambda *_a: stop())

    def _noted(self, tables: str) -> None:
        self.tables.update(t for t in tables.split(",") if t)
        self._timer.start()

    def _refresh(self) -> None:
        self.tables.clear()
        self.db.ledger_changed.emit()

    def stop(self) -> None:
        """Stop watching (the window is closing; the ledger is closed after this)."""
        self._timer.stop()
        self.watcher.stop()


def attach(db: Database, parent: QObject | None = None) -> LiveRefresh:
    """Start following other officers' saves for the window whose database worker is ``db``."""
    return LiveRefresh(db, parent)
