"""设置: options, 备份与恢复, 审计记录 (the whole ledger's audit trail) and the 服务器 connection.

Each tab is built the first time it is shown, so opening 设置 costs nothing on a big ledger.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.ledger_access import describe as describe_ledger
from desktop.ui import settings
from desktop.ui.worker import Database

#: settings edited elsewhere (not in the 选项 form)
HIDDEN = {"ledger/last_path", "ledger/server_url"}


class _LazyTab(QWidget):
    def __init__(self, factory: Callable[[], QWidget]) -> None:
        super().__init__()
        self._factory = factory
        self.widget: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.widget is None:
            self.widget = self._factory()
            layout = self.layout()
            assert layout is not None  # set in __init__
            layout.addWidget(self.widget)
        return self.widget


class SettingsPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.tabs.addTab(self._options(), self.tr("选项"))

        def backup_panel() -> QWidget:
            from desktop.ui.backuppanel import BackupPanel

            return BackupPanel(db)

        def audit_page() -> QWidget:
            from desktop.ui.auditpage import AuditPage

            return AuditPage(db)

        def server_panel() -> QWidget:
            from desktop.ui.serverconn import ServerPanel

            return ServerPanel(db.ledger)

        def holidays_panel() -> QWidget:
            from desktop.ui.holidays import HolidaysPanel

            return HolidaysPanel(db)

        self.lazy: dict[str, _LazyTab] = {}
        for key, title, factory in (
            ("backup", self.tr("备份与恢复"), backup_panel),
            ("audit", self.tr("审计记录"), audit_page),
            ("server", self.tr("服务器"), server_panel),
            ("holidays", self.tr("节假日安排"), holidays_panel),
        ):
            tab = _LazyTab(factory)
            self.lazy[key] = tab
            self.tabs.addTab(tab, title)
        self.tabs.currentChanged.connect(lambda _i: self.activate())

    def _options(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        box = QGroupBox(self.tr("选项"))
        form = QFormLayout(box)
        self.editors: dict[str, QWidget] = {}
        for spec in settings.SETTINGS:
            if spec.key in HIDDEN:
                continue
            value = settings.get(spec.key)
            w: QWidget
            if spec.choices:
                w = QComboBox()
                for v, label in spec.choices:
                    w.addItem(label, v)
                w.setCurrentIndex(max(0, w.findData(value)))
                w.currentIndexChanged.connect(lambda _i, k=spec.key, c=w: settings.set(k, c.currentData()))
            elif spec.type is bool:
                w = QCheckBox()
                w.setChecked(bool(value))
                w.toggled.connect(lambda on, k=spec.key: settings.set(k, on))
            elif spec.type is int:
                w = QSpinBox()
                w.setRange(spec.minimum, spec.maximum)
                w.setValue(int(value))
                w.valueChanged.connect(lambda v, k=spec.key: settings.set(k, v))
            else:
                w = QLineEdit(str(value))
                w.textChanged.connect(lambda t, k=spec.key: settings.set(k, t))
            self.editors[spec.key] = w
            form.addRow(spec.tr_label(), w)
        layout.addWidget(box)
        info = QGroupBox(self.tr("台账"))
        iform = QFormLayout(info)
        led = describe_ledger(self.db.ledger)
        iform.addRow(self.tr("位置"), self._label(led.location))
        iform.addRow(self.tr("加密"), self._label(self.tr("是（SQLCipher，密钥在系统凭据管理器中）") if led.encrypted else self.tr("否")))
        iform.addRow(self.tr("类型"), self._label(self.tr("服务器（PostgreSQL）") if led.is_server else self.tr("本机文件")))
        iform.addRow(self.tr("操作人"), self._label(led.actor))
        if led.encrypted and not led.is_server:
            self.passphrase_button = QPushButton(self.tr("口令…"))
            self.passphrase_button.setToolTip(self.tr("设置、更改或删除打开台账的口令（不重新加密台账）"))
            self.passphrase_button.clicked.connect(self._passphrase)
            iform.addRow(self.tr("口令"), self.passphrase_button)
        layout.addWidget(info)
        note = QLabel(self.tr("备份、恢复与完整性检查也可用命令行工具 dengbao-cli 完成。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _passphrase(self) -> None:
        from desktop.ui.unlock import PassphraseSettingsDialog

        PassphraseSettingsDialog(self.db.ledger, self).exec()

    def _label(self, text: str) -> QLabel:
        lbl = QLabel(text)
        lbl.setWordWrap(True)
        return lbl

    def tab(self, key: str) -> QWidget:
        """The widget of tab ``key`` ("backup", "audit", "server"), built if needed."""
        return self.lazy[key].ensure()

    def show_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentWidget(self.lazy[key])
        widget = self.tab(key)
        activate = getattr(widget, "activate", None)
        if activate is not None:
            activate()
        return widget

    def activate(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, _LazyTab):
            widget = current.ensure()
            activate = getattr(widget, "activate", None)
            if activate is not None:
                activate()
