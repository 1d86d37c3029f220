"""The main window: navigation, toolbar, status bar, shortcuts, and routing of "open this record"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import private_temp
from desktop.services.ledger_access import describe as describe_ledger
from desktop.ui import icons, live_refresh, settings
from desktop.ui.dashboard import SPLITTER_STATE, DashboardPage
from desktop.ui.pages import FindingsPage, ListsPage, PagePreparer
from desktop.ui.windowfit import FittedPage, page_scroller
from desktop.ui.worker import Database

if TYPE_CHECKING:
    from desktop.ui.objectpage import ObjectPageView

#: entities whose record is a page (the others open an editor)
PAGE_ENTITIES = {"protected_objects", "gradings"}


class PageSlot(QWidget):
    """A place in the page stack whose page is built the first time it is needed."""

    def __init__(self, factory: Callable[[], QWidget], built: Callable[[QWidget], None]) -> None:
        super().__init__()
        self._factory = factory
        self._built = built
        self.widget: QWidget | None = None
        self.scroller = page_scroller(self)

    def ensure(self) -> QWidget:
        if self.widget is None:
            self.widget = self._factory()
            self.scroller.setWidget(FittedPage(self.widget))
            self._built(self.widget)
        return self.widget


class MainWindow(QMainWindow):
    ready = Signal()

    def __init__(self, ledger: Any = None, *, db: Database | None = None, parent: QWidget | None = None) -> None:
        """Give an open ``ledger`` (the window then owns its database worker) or a running ``db``."""
        super().__init__(parent)
        if db is None:
            if ledger is None:
                raise ValueError("MainWindow needs a ledger or a Database")
            from desktop.ui.errors import show_error

            db = Database(ledger, show_error)
            self._owns_db = True
        else:
            self._owns_db = False
        self.db = db
        self.setWindowTitle(self.tr("等保台账"))  # lupdate needs the literal: db.domain.identity.APP_TITLE
        self.setWindowIcon(icons.app_icon())
        self.pages: list[tuple[str, str, PageSlot]] = []
        self.quit_action: QAction | None = None
        self.about_action: QAction | None = None
        self._painted = False
        self._activate_after_paint: Callable[[], None] | None = None
        self._back_to = 0
        from desktop.ui import wheelguard

        app = QApplication.instance()
        if isinstance(app, QApplication):
            wheelguard.install(app)  # the wheel never changes a field the user has not clicked into
        self._build()
        self._build_actions()
        self._restore()
        self.db.idle.connect(self._update_busy)
        self.live = live_refresh.attach(self.db, self)  # other officers' saves refresh the open views
        # the 问题整改 page (the largest list) is built ahead of need, shortly after the dashboard has shown
        self.preparer = PagePreparer([slot.ensure for key, _t, slot in self.pages if key == "findings"], self)
        self.dashboard.shown.connect(self.preparer.start)

    # ---- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(1)
        self.nav.setUniformItemSizes(True)
        self.stack = QStackedWidget()
        self.dashboard = DashboardPage(self.db)
        self.dashboard.open_requested.connect(self.open_record)
        self.dashboard.show_list.connect(self.show_list)
        self.dashboard.new_requested.connect(self.new_record)
        db = self.db

        def lists_page(*specs: tuple[str, str, str | None]) -> Callable[[], QWidget]:
            return lambda: ListsPage(db, list(specs))

        def findings_page() -> QWidget:
            return FindingsPage(db)

        def export_page() -> QWidget:
            from desktop.ui.exportpage import ExportPage

            return ExportPage(db)

        def settings_page() -> QWidget:
            from desktop.ui.settingspage import SettingsPage

            return SettingsPage(db)

        # every page but the dashboard is built the first time it is shown (a faster start)
        spec: list[tuple[str, str, str, Callable[[], QWidget]]] = [
            ("dashboard", self.tr("工作台"), "台", lambda: self.dashboard),
            ("organizations", self.tr("单位"), "单", lists_page(("organizations", "", self.tr("新建单位…")))),
            ("objects", self.tr("网站与信息系统"), "网", lists_page(("objects", "", self.tr("新建网站或系统…")))),
            ("gradings", self.tr("定级"), "级", lists_page(("gradings", "", None))),
            ("filings", self.tr("备案"), "备", lists_page(("filings", "", self.tr("登记备案…")))),
            ("assessments", self.tr("测评"), "测", lists_page(
                ("assessments", self.tr("测评与检查"), self.tr("登记测评…")),
                ("institutions", self.tr("测评机构"), self.tr("新建测评机构…")),
            )),
            ("findings", self.tr("问题整改"), "改", findings_page),
            ("emergency", self.tr("应急"), "急", lists_page(
                ("emergency_plans", self.tr("预案"), self.tr("新建预案…")),
                ("drills", self.tr("演练"), self.tr("登记演练…")),
                ("incidents", self.tr("事件"), self.tr("登记事件…")),
            )),
            ("notices", self.tr("上级通知"), "通", lists_page(
                ("notices", self.tr("通知"), self.tr("登记通知…")),
                ("notice_tasks", self.tr("任务"), self.tr("新建任务…")),
            )),
            ("export", self.tr("导出与打印"), "印", export_page),
            ("settings", self.tr("设置"), "设", settings_page),
        ]
        for n, (key, title, glyph, factory) in enumerate(spec):
            item = QListWidgetItem(icons.glyph_icon(glyph), title)
            shortcut = f"Alt+{n + 1}" if n < 9 else ""
            item.setToolTip(f"{title}（{shortcut}）" if shortcut else title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            slot = PageSlot(factory, self._page_built)
            self.stack.addWidget(slot)
            self.pages.append((key, title, slot))
        self.pages[0][2].ensure()
        self.object_holder = QWidget()
        inner = QWidget()
        page_scroller(self.object_holder).setWidget(FittedPage(inner))
        self._object_layout = QVBoxLayout(inner)
        back_row = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← 返回"))
        self.back_button.setToolTip(self.tr("返回上一页（Alt+←）"))
        self.back_button.clicked.connect(self.go_back)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        self._object_layout.addLayout(back_row)
        self._object_page: ObjectPageView | None = None
        self.stack.addWidget(self.object_holder)
        width = max(self.nav.sizeHintForColumn(0), self.fontMetrics().horizontalAdvance("网站与信息系统")) + 48
        self.nav.setMinimumWidth(width)
        self.nav.currentRowChanged.connect(self.show_page)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        # pages larger than this scroll (see page_scroller); this much keeps a page usable, and with
        # the navigation it fits 150 % on an 800×600 screen (533×400 logical pixels, frame included)
        em = self.fontMetrics().horizontalAdvance("中")
        self.stack.setMinimumSize(em * 26, em * 18)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([width, 1000])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        bar = self.statusBar()
        self.busy_label = QLabel()
        self.ledger_label = QLabel()
        bar.addWidget(self.busy_label, 1)
        bar.addPermanentWidget(self.ledger_label)
        # a long path is cut in a narrow window (it is in the tooltip too) rather than widening it
        self.ledger_label.setMinimumWidth(em * 12)
        self.ledger_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._describe_ledger()

    def _page_built(self, widget: QWidget) -> None:
        if isinstance(widget, ListsPage):
            widget.open_requested.connect(self.open_record)
            widget.new_requested.connect(self.new_record)

    @property
    def object_page(self) -> ObjectPageView:
        """The object page, built the first time a record opens."""
        if self._object_page is None:
            from desktop.ui.objectpage import ObjectPageView

            self._object_page = ObjectPageView(self.db)
            self._object_page.open_requested.connect(self.open_record)
            self._object_layout.addWidget(self._object_page, 1)
        return self._object_page

    @property
    def export_page(self) -> QWidget:
        return self.page("export")

    @property
    def settings_page(self) -> QWidget:
        return self.page("settings")

    def _describe_ledger(self) -> None:
        led = describe_ledger(self.db.ledger)
        if led.is_server:
            from desktop.services.server_info import officer

            # the server's own answer (login, role, scope, TLS) comes from the worker: a slow or
            # distant server never holds up the window's first paint
            self._show_ledger(self.tr("服务器：%1").replace("%1", led.location), self.tr("正在核对账户…"), True)
            self.db.call(officer, on_done=lambda who: self._show_officer(led.location, who), owner=self)
        else:
            where = self.tr("文件：%1").replace("%1", led.location)
            enc = self.tr("已加密") if led.encrypted else self.tr("未加密")
            self._show_ledger(where, enc, False, encrypted=led.encrypted)

    def _show_officer(self, location: str, who: Any) -> None:
        from desktop.services.server_info import connection_security

        where = self.tr("服务器：%1").replace("%1", location)
        if who is not None:
            where += "  |  " + self.tr("%1（%2，范围：%3）").replace("%1", who.login).replace(
                "%2", who.role or self.tr("未分角色")).replace("%3", who.scope)
        enc = self.tr(connection_security(who.tls if who is not None else None))
        if who is not None and who.read_only:
            enc += "  |  " + self.tr("只读：本账户不能修改台账")
            self.setWindowTitle(self.tr("等保台账（只读）"))
            for action in (self.new_action, self.save_action):
                action.setEnabled(False)
        self._show_ledger(where, enc, True)

    def _show_ledger(self, where: str, enc: str, server: bool, *, encrypted: bool = False) -> None:
        self.ledger_label.setText(f"{where}  |  {enc}")
        self.ledger_label.setToolTip(where + "\n" + (
            self.tr("账户、角色和范围由服务器核定；连接加密见“设置 → 服务器”") if server
            else self.tr("台账使用 SQLCipher 加密，密钥保存在系统凭据管理器中") if encrypted
            else self.tr("此台账文件未加密")
        ))

    def _build_actions(self) -> None:
        tb = self.addToolBar(self.tr("工具栏"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)

        def act(text: str, icon: str, shortcut: Any, slot: Any, tip: str) -> QAction:
            a = QAction(icons.std(icon), text, self)
            a.setShortcut(shortcut)
            a.setToolTip(f"{tip}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）")
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.new_action = act(self.tr("新建"), "SP_FileIcon", QKeySequence.StandardKey.New, self.new_current, self.tr("在当前页新建记录"))
        self.save_action = act(self.tr("保存"), "SP_DialogSaveButton", QKeySequence.StandardKey.Save, self.save_current, self.tr("保存正在编辑的记录"))
        self.find_action = act(self.tr("搜索"), "SP_FileDialogContentsView", QKeySequence.StandardKey.Find, self.find_current, self.tr("在当前列表中搜索"))
        self.print_action = act(self.tr("打印"), "SP_FileDialogDetailedView", QKeySequence.StandardKey.Print, self.print_current, self.tr("打印当前对象的备案材料，或打开“导出与打印”"))
        self.refresh_action = act(self.tr("刷新"), "SP_BrowserReload", QKeySequence(Qt.Key.Key_F5), self.refresh, self.tr("重新读取台账"))
        for a in (self.new_action, self.save_action, self.find_action, self.print_action, self.refresh_action):
            tb.addAction(a)
        from desktop.ui.menus import build_menus

        build_menus(self)  # 文件/编辑/视图/帮助; the page shortcuts Alt+1…9 and Alt+← live there

    def show_about(self) -> None:
        from desktop.ui.about import AboutDialog

        dlg = AboutDialog(self, ledger_location=describe_ledger(self.db.ledger).location)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    # ---- state ---------------------------------------------------------------------------------

    def _restore(self) -> None:
        geom = settings.restore_state("main/geometry")
        if geom is not None:
            self.restoreGeometry(geom)
        else:
            em = self.fontMetrics().horizontalAdvance("中")
            self.resize(em * 90, em * 56)
        state = settings.restore_state("main/state")
        if state is not None:
            self.restoreState(state)
        sizes = settings.restore_state("main/splitter")
        if sizes is not None:
            self.splitter.restoreState(sizes)
        from desktop.ui.windowfit import fit_to_screen

        fit_to_screen(self)

    def save_window_state(self) -> None:
        settings.save_state("main/geometry", self.saveGeometry())
        settings.save_state("main/state", self.saveState())
        settings.save_state("main/splitter", self.splitter.saveState())
        settings.save_state(SPLITTER_STATE, self.dashboard.splitter.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.save_window_state()
        event.accept()
        self.live.stop()
        if self._owns_db:
            self.db.shutdown()
        # plain copies opened with other programs (attachments, previews) go with the window
        private_temp.cleanup()

    def _update_busy(self) -> None:
        self.busy_label.setText("")

    # ---- navigation ----------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        slot = self.pages[index][2]
        widget = slot.ensure()
        self.stack.setCurrentWidget(slot)
        activate = getattr(widget, "activate", None)
        if activate is None:
            return
        if self.isVisible() and not self._painted:
            # the first page queries once the window has painted: the worker's Python work would
            # otherwise compete with building and painting the window for the interpreter lock
            self._activate_after_paint = activate
            QTimer.singleShot(500, self._first_paint_done)  # should no paint come (minimised window)
            return
        activate()

    def event(self, e: QEvent) -> bool:  # noqa: D102 - Qt override
        if not getattr(self, "_painted", True) and e.type() == QEvent.Type.UpdateRequest:
            result = super().event(e)
            self._painted = True
            QTimer.singleShot(0, self._first_paint_done)
            return result
        return super().event(e)

    def _first_paint_done(self) -> None:
        pending, self._activate_after_paint = self._activate_after_paint, None
        if pending is not None:
            pending()

    def page(self, key: str) -> QWidget:
        for k, _t, slot in self.pages:
            if k == key:
                return slot.ensure()
        raise KeyError(key)

    def go_to(self, key: str) -> QWidget:
        for n, (k, _t, _w) in enumerate(self.pages):
            if k == key:
                if self.nav.currentRow() == n:
                    self.show_page(n)
                self.nav.setCurrentRow(n)
                return self.pages[n][2].ensure()
        raise KeyError(key)

    def go_back(self) -> None:
        if self.stack.currentWidget() is self.object_holder:
            self.show_page(self.nav.currentRow())

    def show_list(self, key: str, filters: dict[str, Any]) -> None:
        page = self.go_to(key)
        if isinstance(page, ListsPage):
            page.current().set_filter(**filters)

    def open_object(self, object_id: int, tab: int = 0) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(2)
        self.nav.blockSignals(False)
        self.object_page.show_object(object_id)
        self.object_page.tabs.setCurrentIndex(tab)
        self.stack.setCurrentWidget(self.object_holder)

    def open_record(self, entity: str, record_id: int, object_id: Any = None) -> None:
        if entity == "protected_objects":
            self.open_object(record_id)
        elif entity == "gradings" and object_id:
            self.open_object(int(object_id), tab=1)
        elif entity in ("notice_tasks", "findings", "incidents", "filings", "assessments", "organizations",
                        "institutions", "emergency_plans", "drills", "notices"):
            from desktop.ui.editor_dialogs import editor_for

            editor_for(self.db, entity, record_id, self).open()

    def new_record(self, entity: str, defaults: dict[str, Any] | None = None) -> None:
        from desktop.ui.editor_dialogs import editor_for

        dlg = editor_for(self.db, entity, None, self, defaults=defaults or {})
        if entity == "protected_objects":
            dlg.saved.connect(lambda rid: QTimer.singleShot(0, lambda: self.open_object(rid)))
        dlg.open()
        if entity == "protected_objects" and not (defaults or {}).get("organization_id"):
            # a website or system belongs to a unit: on a ledger without units, offer the unit first
            from desktop.services import views

            self.db.call(views.lookup, "organizations", on_done=lambda units: self._no_unit_yet(units, dlg),
                         owner=dlg)

    def _no_unit_yet(self, units: list[tuple[int, str]], dlg: Any) -> None:
        if units:
            return
        from desktop.ui import messages

        if messages.ask(self, self.tr("还没有单位"), self.tr(
            "网站和信息系统要登记在所属单位之下，而台账中还没有单位。\n现在先新建本单位吗？"
            "（保存后即可登记它的网站和信息系统）"
        )):
            dlg.reject()
            self.new_record("organizations")

    # ---- toolbar actions -----------------------------------------------------------------------

    def current_lists(self) -> ListsPage | None:
        w = self.stack.currentWidget()
        w = w.widget if isinstance(w, PageSlot) else w
        return w if isinstance(w, ListsPage) else None

    def new_current(self) -> None:
        page = self.current_lists()
        if page is not None:
            entity = page.new_entity()
            if entity in ("gradings",):
                self.statusBar().showMessage(self.tr("定级请在对象页面使用“定级向导”。"), 5000)
                return
            if entity == "findings":
                self.statusBar().showMessage(self.tr("问题请在对象页面的“问题整改”中登记。"), 5000)
                return
            self.new_record(entity)
        elif self.stack.currentWidget() is self.object_holder:
            self.object_page._new("findings")
        else:
            self.new_record("protected_objects")

    def save_current(self) -> None:
        self.statusBar().showMessage(self.tr("没有需要保存的修改。"), 3000)

    def find_current(self) -> None:
        page = self.current_lists()
        if page is not None:
            page.focus_search()

    def print_current(self) -> None:
        if self.stack.currentWidget() is self.object_holder:
            self.object_page.print_document("filing")
        else:
            self.go_to("export")

    def refresh(self) -> None:
        self.db.ledger_changed.emit()
        self.statusBar().showMessage(self.tr("已刷新"), 2000)
