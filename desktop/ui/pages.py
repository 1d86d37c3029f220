"""Pages made of lists: one list, or several lists in tabs (测评, 应急, 上级通知), plus the findings page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import messages
from desktop.ui.listpage import ListPage
from desktop.ui.worker import Database


class ListsPage(QWidget):
    """One or more lists; re-emits their open/new requests."""

    open_requested = Signal(str, int, object)
    new_requested = Signal(str)

    def __init__(self, db: Database, lists: list[tuple[str, str, str | None]], parent: QWidget | None = None) -> None:
        """``lists``: (list name, tab title, new-button label or None)."""
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages: list[ListPage] = []
        self.tabs: QTabWidget | None = None
        if len(lists) > 1:
            self.tabs = QTabWidget()
            layout.addWidget(self.tabs)
            self.tabs.currentChanged.connect(lambda _i: self.activate())
        for name, title, new_label in lists:
            page = self.make_list(name, new_label)
            page.open_requested.connect(self.open_requested)
            page.new_requested.connect(self.new_requested)
            self.pages.append(page)
            if self.tabs is not None:
                self.tabs.addTab(page, title)
            else:
                layout.addWidget(page)

    def make_list(self, name: str, new_label: str | None) -> ListPage:
        return ListPage(self.db, name, self, new_label=new_label)

    def current(self) -> ListPage:
        return self.pages[self.tabs.currentIndex()] if self.tabs is not None else self.pages[0]

    def activate(self) -> None:
        self.current().activate()

    def prepare(self) -> None:
        """Get ready to be shown (see :meth:`ListPage.prepare`)."""
        self.current().prepare()

    def focus_search(self) -> None:
        self.current().focus_search()

    def new_entity(self) -> str:
        return self.current().spec.entity


class PagePreparer(QObject):
    """Builds pages ahead of need once the window has shown its first view.

    ``builders`` build (or return the already built) page each; the first runs :attr:`QUIET_MS`
    after :meth:`start` (the first view has painted by then) and each further one as long after
    the one before, so the event loop never waits for more than one page. A built page's
    ``prepare()`` is called too. They do not wait for the database worker to be idle: an officer
    may open a list while the dashboard is still being refreshed.
    """

    QUIET_MS = 200

    def __init__(self, builders: list[Callable[[], QWidget]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._todo = list(builders)
        self._started = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        """Begin (once; later calls do nothing), e.g. when the first view has shown."""
        if self._started:
            return
        self._started = True
        self._timer.start(self.QUIET_MS)

    def _step(self) -> None:
        if not self._todo:
            return
        page = self._todo.pop(0)()
        prepare = getattr(page, "prepare", None)
        if prepare is not None:
            prepare()
        if self._todo:
            self._timer.start(self.QUIET_MS)


class MoveDeadlineDialog(QDialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("调整整改期限"))
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("已选 %1 个问题").replace("%1", str(count))))
        from desktop.ui.forms import DateEdit

        self.date = DateEdit()
        form.addRow(self.tr("新的期限 *"), self.date)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：需等待厂商补丁，经分管领导同意延期"))
        form.addRow(self.tr("理由 *"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class FindingsPage(ListsPage):
    """The 问题整改 list with bulk actions on the selected findings."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, [("findings", "", None)], parent)
        page = self.pages[0]
        page.new_button = None
        self.assign_button = page.add_action_button(
            self.tr("指派责任人…"), self.tr("为所选问题指定责任人"), self.assign_owner
        )
        self.move_button = page.add_action_button(
            self.tr("调整期限…"), self.tr("为所选问题设定新的整改期限（须说明理由）"), self.move_deadline
        )
        page.extra_bar.addStretch(1)
        page.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self, *_a: Any) -> None:
        n = len(self.pages[0].view.selected_rows())
        for b in (self.assign_button, self.move_button):
            b.setEnabled(n > 0)
            if n == 0:
                b.setToolTip(self.tr("请先在列表中选择问题（可按住 Ctrl 或 Shift 多选）"))

    def assign_owner(self) -> None:
        ids = self.pages[0].selected_ids()
        if not ids:
            return
        owner = messages.get_text(self, self.tr("指派责任人"), self.tr("为 %1 个问题指定责任人：").replace("%1", str(len(ids))))
        if owner and owner.strip():
            from desktop.services import findings as svc

            self.db.write(svc.bulk_assign, ids, owner.strip(), owner=self)

    def move_deadline(self) -> None:
        ids = self.pages[0].selected_ids()
        if not ids:
            return
        from desktop.services import findings as svc

        dlg = MoveDeadlineDialog(len(ids), self)
        dlg.accepted.connect(lambda: self.db.write(
            svc.bulk_move_deadline, ids, dlg.date.text(), dlg.reason.text(), owner=self
        ))
        dlg.open()
