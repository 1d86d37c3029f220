"""``dengbao --screenshots DIR``: one PNG per navigation page, the object page, the wizard, editors."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services import outputs, views
from desktop.ui.mainwindow import MainWindow

SETTLE_MS = 250
PAGE_FILES = (
    "01-dashboard", "02-units", "03-objects", "04-gradings", "05-filings", "06-assessments",
    "07-findings", "08-emergency", "09-notices", "10-export", "11-settings",
)


class ScreenshotRunner(QObject):
    """Runs the steps one after another; each waits until the database worker is idle, then grabs."""

    #: the wizard or editor dialog on screen (set by the first dialog step)
    _dialog: QDialog | None

    def __init__(self, window: MainWindow, out: Path, done: Callable[[list[Path]], None]) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.done = done
        self.written: list[Path] = []
        self.steps: list[tuple[str, Callable[[], QWidget | None]]] = []
        self.object_id: int | None = None
        self.finding_id: int | None = None
        self._quiet = 0
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._poll)
        self._current: tuple[str, Callable[[], QWidget | None]] | None = None
        self._target: QWidget | None = None
        self._waited = 0

    def start(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.window.db.call(views.sample_targets, on_done=self._picked)

    def _picked(self, ids: tuple[int | None, int | None]) -> None:
        self.object_id, self.finding_id = ids
        for n, name in enumerate(PAGE_FILES):
            self.steps.append((name, partial(self._nav, n)))
        if self.object_id is not None:
            self.steps.append(("12-object", self._object))
            self.steps.append(("13-object-findings", self._object_findings))
            self.steps.append(("14-wizard", self._wizard))
            self.steps.append(("15-editor-object", self._editor))
        if self.finding_id is not None:
            self.steps.append(("16-editor-finding", self._finding))
        self.steps.append(("17-editor-unit", self._unit_editor))
        self._next()

    # ---- steps ---------------------------------------------------------------------------------

    def _nav(self, n: int) -> QWidget:
        self.window.nav.setCurrentRow(n)
        return self.window

    def _object(self) -> QWidget:
        assert self.object_id is not None
        self.window.open_object(self.object_id)
        return self.window

    def _object_findings(self) -> QWidget:
        self.window.object_page.tabs.setCurrentIndex(4)
        return self.window

    def _wizard(self) -> QWidget:
        from desktop.ui.wizard import GradingWizard

        page = self.window.object_page.page
        wiz = GradingWizard(self.window.db, self.object_id or 0, page.name if page else "", self.window,
                            previous_level=page.level if page else None)
        wiz.business.select("society", "serious")
        wiz.service.select("citizen", "serious")
        wiz.show()
        for _ in range(3):
            wiz.next()
        self._dialog = wiz
        return wiz

    def _editor(self) -> QWidget:
        from desktop.ui.editor_dialogs import editor_for

        self._close_dialog()
        dlg = editor_for(self.window.db, "protected_objects", self.object_id, self.window)
        dlg.show()
        self._dialog = dlg
        return dlg

    def _finding(self) -> QWidget:
        from desktop.ui.editor_dialogs import editor_for

        self._close_dialog()
        dlg = editor_for(self.window.db, "findings", self.finding_id, self.window)
        dlg.show()
        self._dialog = dlg
        return dlg

    def _unit_editor(self) -> QWidget:
        from desktop.ui.editor_dialogs import editor_for

        self._close_dialog()
        dlg = editor_for(self.window.db, "organizations", None, self.window)
        dlg.show()
        self._dialog = dlg
        return dlg

    def _close_dialog(self) -> None:
        dlg = getattr(self, "_dialog", None)
        if dlg is not None:
            dlg.hide()
            dlg.deleteLater()
            self._dialog = None

    # ---- machinery -----------------------------------------------------------------------------

    def _next(self) -> None:
        if not self.steps:
            self._close_dialog()
            self.done(self.written)
            return
        self._current = self.steps.pop(0)
        self._target = self._current[1]()
        self._quiet = 0
        self._waited = 0
        self._timer.start()

    def _poll(self) -> None:
        self._waited += self._timer.interval()
        if self.window.db.pending == 0:
            self._quiet += self._timer.interval()
        else:
            self._quiet = 0
        if self._quiet < SETTLE_MS and self._waited < 20000:
            return
        self._timer.stop()
        assert self._current is not None
        name = self._current[0]
        target = self._target or self.window
        path = self.out / f"{name}.png"
        image = target.grab()
        outputs.write(None, path, lambda tmp: image.save(str(tmp), "PNG"), outputs.PNG_IMAGE, overwrite=True)
        self.written.append(path)
        QTimer.singleShot(0, self._next)
