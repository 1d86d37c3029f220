"""设置: every declared setting with its label, plus facts about the open ledger."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import settings
from desktop.ui.worker import Database


class SettingsPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("选项"))
        form = QFormLayout(box)
        self.editors: dict[str, QWidget] = {}
        for spec in settings.SETTINGS:
            if spec.key == "ledger/last_path":
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
        led: Any = db.ledger
        iform.addRow(self.tr("位置"), self._label(str(led.path or led.url)))
        iform.addRow(self.tr("加密"), self._label(self.tr("是（SQLCipher，密钥在系统凭据管理器中）") if led.encrypted else self.tr("否")))
        iform.addRow(self.tr("类型"), self._label(self.tr("服务器（PostgreSQL）") if getattr(led, "is_server", False) else self.tr("本机文件")))
        iform.addRow(self.tr("操作人"), self._label(str(led.actor)))
        layout.addWidget(info)
        note = QLabel(self.tr("备份、恢复与完整性检查也可用命令行工具 dengbao-cli 完成。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)

    def _label(self, text: str) -> QLabel:
        lbl = QLabel(text)
        lbl.setWordWrap(True)
        return lbl

    def activate(self) -> None:
        pass
