"""The pre-print check (体检) before the preview: one line per problem, each opening the record to fix.

Blocking problems stop the print unless the officer chooses 仍然打印 (recorded in the ledger's audit
trail through :func:`desktop.services.preflight.record_override`); warnings only inform. For a filing
packet the dialog also offers the 备案表 template (chosen by date and rule, overridable here).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.preflight import Problem, summary

BLOCKING_COLOUR = QColor("#b3261e")


class PreflightDialog(QDialog):
    """Shows a :class:`desktop.services.preflight.Checked`; accepted means: go on and print."""

    #: the officer picked another 备案表 template: check again with it
    form_changed = Signal(str)

    def __init__(self, checked: Any, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checked = checked
        self.forced = False
        self.setWindowTitle(self.tr("打印前体检 — %1").replace("%1", title))
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary(checked.problems))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        if checked.kind == "filing":
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("备案表版本：")))
            self.form = QComboBox()
            self.form.addItem(self.tr("2025版"), "2025")
            self.form.addItem(self.tr("1.0版（2007）"), "1.0")
            self.form.setCurrentIndex(0 if checked.form != "1.0" else 1)
            self.form.currentIndexChanged.connect(lambda _i: self.form_changed.emit(self.form.currentData()))
            row.addWidget(self.form)
            reason = QLabel(checked.form_reason)
            reason.setWordWrap(True)
            row.addWidget(reason, 1)
            layout.addLayout(row)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for problem in checked.problems:
            self.list.addItem(self._item(problem))
        self.list.itemActivated.connect(self.open_item)
        layout.addWidget(self.list, 1)
        hint = QLabel(self.tr("双击一行打开需要修改的记录。"))
        layout.addWidget(hint)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.open_button = QPushButton(self.tr("打开记录"))
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentItem()))
        self.print_button = QPushButton(self.tr("仍然打印") if checked.blocking else self.tr("继续预览"))
        if checked.blocking:
            self.print_button.setToolTip(self.tr("存在阻断问题时仍然打印，此选择将记入审计记录"))
        self.print_button.clicked.connect(self.go_on)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        for b in (self.open_button, self.print_button, cancel):
            bar.addWidget(b)
        layout.addLayout(bar)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 48, em * 30)

    def _item(self, problem: Problem) -> QListWidgetItem:
        item = QListWidgetItem(problem.line())
        item.setData(Qt.ItemDataRole.UserRole, problem)
        if problem.blocking:
            item.setForeground(QBrush(BLOCKING_COLOUR))
        return item

    def open_item(self, item: QListWidgetItem | None) -> None:
        """Open the record the problem names, with the window's own editors."""
        if item is None:
            return
        problem: Problem = item.data(Qt.ItemDataRole.UserRole)
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        opener = getattr(window, "open_record", None)
        if opener is None or problem.record_id is None:
            return
        opener(problem.entity, problem.record_id, problem.object_id)

    def go_on(self) -> None:
        self.forced = bool(self.checked.blocking)
        self.accept()


__all__ = ["PreflightDialog"]
