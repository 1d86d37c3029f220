"""The cold-start floor: a bare PySide6 QMainWindow, shown and painted once, then quit.

Prints ``ready`` the same way ``dengbao --exit-when-ready`` does, so run.py times both identically.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("floor")
    window.setCentralWidget(QLabel("floor"))
    window.resize(1024, 700)

    class Watcher(QObject):
        fired = False

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if not self.fired and event.type() == QEvent.Type.Paint:
                self.fired = True
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        print(f"ready rss_mb={rss:.0f}", flush=True)
        app.quit()

    watcher = Watcher()
    window.installEventFilter(watcher)
    window.centralWidget().installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
