"""帮助 → 关于: the program's version, where its data lives, and the licences of the bundled fonts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import views
from desktop.ui.fonts import font_dir


def font_licences() -> list[tuple[str, str]]:
    """(font family, licence text) of every bundled font (``resources/fonts/OFL-*.txt``)."""
    out = []
    for path in sorted(Path(font_dir()).glob("OFL-*.txt")):
        family = path.stem.removeprefix("OFL-")
        out.append((family, path.read_text(encoding="utf-8", errors="replace")))
    return out


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, ledger_location: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于 等保台账"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("等保台账"))
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        title.setFont(f)
        layout.addWidget(title)
        self.version = QLabel(self.tr("版本：%1").replace("%1", views.program_version()))
        self.data_folder = QLabel(self.tr("数据文件夹：%1").replace("%1", views.data_folder()))
        self.ledger = QLabel(self.tr("当前台账：%1").replace("%1", ledger_location) if ledger_location else "")
        for lbl in (self.version, self.data_folder, self.ledger):
            lbl.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lbl.setWordWrap(True)
            layout.addWidget(lbl)
        layout.addWidget(QLabel(self.tr("随程序附带的字体及其许可证（SIL 开源字体许可证 1.1）：")))
        self.licences = QTabWidget()
        for family, text in font_licences():
            view = QPlainTextEdit(text)
            view.setReadOnly(True)
            view.setTabChangesFocus(True)
            self.licences.addTab(view, family)
        layout.addWidget(self.licences, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 40, em * 30)
