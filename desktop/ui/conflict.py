"""The conflict dialog: someone saved the record after this editor loaded it.

The save was refused (:class:`db.domain.errors.StaleRecordError`), nothing was written. The dialog shows, for
each field where the stored record and this form differ, 他人保存的值 and 我的值 side by side, with a tick
"保留我的" preselected where the officer changed the field. Then:

- 保存所选: the form takes the stored record (and its version) with the ticked fields of mine on top, and
  saves again — a save that can itself be refused if yet another officer saved meanwhile;
- 重新载入: my changes are dropped and the form shows the stored record;
- 取消: back to the form as it was (nothing saved).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import views
from desktop.ui.forms import FormView

if TYPE_CHECKING:
    from desktop.ui.editors import EditorDialog

#: the dialogs now open (tests and screenshots look here)
open_dialogs: list[ConflictDialog] = []

KEEP_COLUMN = 3


def _same(a: Any, b: Any) -> bool:
    return (a in (None, "", [], {})) and (b in (None, "", [], {})) or a == b


class ConflictDialog(QDialog):
    RELOAD = 2

    def __init__(
        self,
        form: FormView,
        mine: dict[str, Any],
        original: dict[str, Any],
        theirs: dict[str, Any],
        who: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form, self.mine, self.theirs = form, mine, theirs
        self.setWindowTitle(self.tr("记录已被他人修改"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("打开此表单后，%1保存了这条记录，您的修改没有保存。请逐项选择保留哪一个值：勾选“保留我的”用您的值，"
                    "不勾选则用对方已保存的值。").replace("%1", who or self.tr("另一位操作员（或另一个窗口、命令行）"))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.keys = [k for k in mine if not _same(mine.get(k), theirs.get(k))]
        self.table = QTableWidget(len(self.keys), 4)
        self.table.setHorizontalHeaderLabels([self.tr("项目"), self.tr("他人保存的值"), self.tr("我的值"),
                                              self.tr("保留我的")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        for row, key in enumerate(self.keys):
            uf = form.ui_fields.get(key)
            self.table.setItem(row, 0, QTableWidgetItem(uf.label if uf is not None else key))
            self.table.setItem(row, 1, QTableWidgetItem(self.display(key, theirs.get(key))))
            self.table.setItem(row, 2, QTableWidgetItem(self.display(key, mine.get(key))))
            keep = QTableWidgetItem()
            keep.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            changed_by_me = not _same(mine.get(key), original.get(key))
            keep.setCheckState(Qt.CheckState.Checked if changed_by_me else Qt.CheckState.Unchecked)
            self.table.setItem(row, KEEP_COLUMN, keep)
        self.table.resizeRowsToContents()
        layout.addWidget(self.table, 1)
        if not self.keys:
            layout.addWidget(QLabel(self.tr("对方保存的内容与您的表单相同。")))
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("保存所选"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.reload_button = buttons.addButton(self.tr("重新载入（放弃我的修改）"), QDialogButtonBox.ButtonRole.ResetRole)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.accept)
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 56, em * (14 + 2 * min(len(self.keys), 12)))
        open_dialogs.append(self)
        self.finished.connect(lambda _r: open_dialogs.remove(self) if self in open_dialogs else None)

    def display(self, key: str, value: Any) -> str:
        """The value as the form shows it (a unit's name for its id, 是/否, one line per list entry)."""
        widget = self.form.widgets.get(key)
        if isinstance(widget, QComboBox) and value not in (None, ""):
            index = widget.findData(value)
            if index >= 0:
                return widget.itemText(index)
        if value in (None, "", [], {}):
            return self.tr("（空）")
        if isinstance(value, bool):
            return self.tr("是") if value else self.tr("否")
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    def keep_mine(self, key: str, keep: bool) -> None:
        item = self.table.item(self.keys.index(key), KEEP_COLUMN)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)

    def kept(self) -> list[str]:
        """The fields where the officer keeps their own value."""
        kept = []
        for row, key in enumerate(self.keys):
            item = self.table.item(row, KEEP_COLUMN)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                kept.append(key)
        return kept

    def merged(self) -> dict[str, Any]:
        """The stored values with the kept fields of mine on top."""
        out = {k: self.theirs.get(k) for k in self.mine}
        out.update({k: self.mine[k] for k in self.kept()})
        return out


def resolve(editor: EditorDialog) -> None:
    """After a refused save: fetch the stored record, ask, and reload or save the chosen values."""
    mine = editor.form.values()
    original = dict(editor.form._original)  # noqa: SLF001 - the values as the form was loaded

    def show(stored: dict[str, Any]) -> None:
        theirs = _in_form_shape(editor.form, stored)
        dlg = ConflictDialog(editor.form, mine, original, theirs, parent=editor)
        dlg.finished.connect(lambda result: _apply(editor, dlg, stored, result))
        dlg.open()

    def gone(_exc: BaseException, _tb: str) -> None:
        editor.banner.setText(QCoreApplication.translate("ConflictDialog", "这条记录已被他人删除，修改无法保存。"))
        editor.banner.show()

    editor.db.call(views.record, editor.entity, editor.record_id, on_done=show, on_error=gone, owner=editor)


def _in_form_shape(form: FormView, record: dict[str, Any]) -> dict[str, Any]:
    """``record``'s values as the form would give them back (dates, lists and codes as the form holds them),
    read by loading it into the form and putting the officer's values (and the loaded base) back."""
    base = dict(form._original)  # noqa: SLF001
    mine = form.values()
    form.load(record)
    shaped = form.values()
    form.load(mine)
    form._original = base  # noqa: SLF001
    return shaped


def _apply(editor: EditorDialog, dlg: ConflictDialog, stored: dict[str, Any], result: int) -> None:
    if result == QDialog.DialogCode.Accepted:
        merged = dlg.merged()
        editor._loaded(stored)  # noqa: SLF001 - the stored record and its version become the form's base
        for key in dlg.kept():
            editor.form.set_value(key, merged[key])
        editor.save(then_close=False)
    elif result == ConflictDialog.RELOAD:
        editor._loaded(stored)  # noqa: SLF001
        editor.form.mark_clean()
        editor.banner.setText(QCoreApplication.translate("ConflictDialog", "已重新载入他人保存的内容。"))
        editor.banner.show()
