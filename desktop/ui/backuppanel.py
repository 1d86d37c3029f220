"""设置 → 备份与恢复: backup folder, 立即备份, the backups, restore, recovery key and key change.

Everything touching the ledger runs on the database worker (:mod:`desktop.services.backups`). A
restore closes the ledger on the worker, restores, reopens it into the same Ledger object and then
``ledger_changed`` refreshes every open view. Automatic backups: :func:`start_auto_backup` (a timer
on the main thread that queues ``auto_backup`` on the worker about once an hour) and
:func:`backup_on_exit` (after the worker has stopped, when the window closes).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import backups
from desktop.ui import filedialogs, messages, theme
from desktop.ui.errors import is_known, show_error
from desktop.ui.firstrun import RecoveryKeyActions
from desktop.ui.models import RowsModel
from desktop.ui.worker import CancelToken, Database, ProgressGate

log = logging.getLogger("dengbao")

#: automatic backups: first look a minute after start, then every hour (a backup is written only
#: when none was taken in the last 24 hours)
AUTO_FIRST_MS = 60_000
AUTO_INTERVAL_MS = 3_600_000


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"


class RecoveryKeyView(RecoveryKeyActions, QDialog):
    """The recovery key of the open ledger, with 打印 and 保存到文件."""

    def __init__(self, recovery: str, path: str, parent: QWidget | None = None, *, new_key: bool = False) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.path = path
        self.setWindowTitle(self.tr("恢复密钥"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("台账的密钥已更换。下面是新的恢复密钥：以前打印或保存的恢复密钥不能再打开此台账"
                    "（更换前做的备份仍用旧的恢复密钥打开）。请打印或保存，并妥善保管。")
            if new_key else
            self.tr("凭这个恢复密钥可以在任何电脑上打开此台账。请打印或保存到U盘，妥善保管，不要与台账文件放在一起。")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.add_key_display(layout, scale=1.2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # a minimum width, not a fixed size: the layout then gives the wrapped key label its full height
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)


class BackupPanel(QWidget):
    """The 备份与恢复 tab of 设置."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.state: backups.BackupState | None = None
        layout = QVBoxLayout(self)

        folder_box = QGroupBox(self.tr("备份文件夹"))
        fl = QVBoxLayout(folder_box)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fl.addWidget(self.folder_label)
        frow = QHBoxLayout()
        self.change_folder_button = QPushButton(self.tr("更改…"))
        self.change_folder_button.setToolTip(self.tr("选择保存备份的文件夹，如另一块硬盘或网络共享"))
        self.change_folder_button.clicked.connect(self.choose_folder)
        self.default_folder_button = QPushButton(self.tr("恢复默认"))
        self.default_folder_button.setToolTip(self.tr("备份保存到台账文件旁的 backups 文件夹"))
        self.default_folder_button.clicked.connect(lambda: self.set_folder(None))
        frow.addWidget(self.change_folder_button)
        frow.addWidget(self.default_folder_button)
        frow.addStretch(1)
        fl.addLayout(frow)
        auto_note = QLabel(self.tr(
            "程序运行时每天自动备份一次，退出时如有修改再备份一次；自动备份按日、周、月轮换保留，"
            "手动备份不会被自动删除。"
        ))
        auto_note.setWordWrap(True)
        auto_note.setStyleSheet(f"color: {theme.css(theme.MUTED)};")
        fl.addWidget(auto_note)
        layout.addWidget(folder_box)

        list_box = QGroupBox(self.tr("备份"))
        ll = QVBoxLayout(list_box)
        brow = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.setToolTip(self.tr("把台账完整备份到备份文件夹（加密，与台账使用同一密钥）"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("从所选备份恢复…"))
        self.restore_button.setToolTip(self.tr("用列表中选中的备份替换当前台账（先校验备份，并保留当前台账的副本）"))
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setEnabled(False)
        self.restore_file_button = QPushButton(self.tr("从文件恢复…"))
        self.restore_file_button.setToolTip(self.tr("选择一个备份文件（如U盘上的备份）恢复"))
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        for b in (self.backup_button, self.restore_button, self.restore_file_button):
            brow.addWidget(b)
        brow.addStretch(1)
        brow.addWidget(self.refresh_button)
        ll.addLayout(brow)
        self.model = RowsModel(
            ["taken", "reason_label", "size", "name"], parent=self,
            titles={"taken": self.tr("备份时间"), "reason_label": self.tr("原因"), "size": self.tr("大小"),
                    "name": self.tr("文件名")},
            formatters={"taken": lambda v: v.strftime("%Y-%m-%d %H:%M:%S") if v else "", "size": human_size},
        )
        self.view = QTableView()
        self.view.setObjectName("backups")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())
        ll.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        ll.addWidget(self.status)
        layout.addWidget(list_box, 1)

        key_box = QGroupBox(self.tr("密钥"))
        kl = QVBoxLayout(key_box)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        kl.addWidget(self.key_note)
        krow = QHBoxLayout()
        self.show_key_button = QPushButton(self.tr("显示恢复密钥…"))
        self.show_key_button.setToolTip(self.tr("显示、打印或保存此台账的恢复密钥"))
        self.show_key_button.clicked.connect(self.show_recovery_key)
        self.rekey_button = QPushButton(self.tr("更换密钥…"))
        self.rekey_button.setToolTip(self.tr("用新的随机密钥重新加密台账（如恢复密钥可能已泄露）"))
        self.rekey_button.clicked.connect(self.change_key)
        krow.addWidget(self.show_key_button)
        krow.addWidget(self.rekey_button)
        krow.addStretch(1)
        kl.addLayout(krow)
        layout.addWidget(key_box)
        self.loaded = False
        #: the last outcome, for tests: ("backup"|"restore"|"rekey"|…, result or exception)
        self.last: tuple[str, Any] | None = None

    # ---- state ---------------------------------------------------------------------------------

    def activate(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.db.call(backups.state, on_done=self._show_state, owner=self)

    def _show_state(self, st: backups.BackupState) -> None:
        self.loaded = True
        self.state = st
        server = st.server
        for b in (self.change_folder_button, self.default_folder_button, self.backup_button,
                  self.restore_file_button, self.refresh_button):
            b.setEnabled(not server)
        if server:
            self.folder_label.setText(self.tr(
                "服务器台账（PostgreSQL）由数据库管理员备份（如 pg_dump），本程序不做文件备份。"))
        else:
            text = st.folder or ""
            if not st.custom:
                text += self.tr("（默认）")
            self.folder_label.setText(text)
            self.default_folder_button.setEnabled(st.custom)
        rows = [
            {"taken": b.taken, "reason_label": b.reason_label, "size": b.size, "name": Path(b.path).name,
             "path": b.path, "reason": b.reason}
            for b in st.backups
        ]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self._selection_changed()
        encrypted = st.encrypted and not server
        self.show_key_button.setEnabled(encrypted)
        self.rekey_button.setEnabled(encrypted)
        self.key_note.setText(
            self.tr("台账已加密，密钥保存在系统凭据管理器中。恢复密钥是它的可打印形式。") if encrypted
            else self.tr("此台账未加密，没有密钥。") if not server
            else self.tr("服务器台账没有文件密钥。")
        )

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_path() is not None and not (self.state and self.state.server))

    def selected_path(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_dict(rows[0].row())["path"] if rows else None

    def _say(self, text: str, color: Any = None) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.css(color)};" if color is not None else "")

    def _failed(self, what: str, exc: BaseException, tb: str) -> None:
        self.last = (what, exc)
        self._set_busy(False)
        if is_known(exc):
            self._say(str(getattr(exc, "message", None) or exc), theme.OVERDUE)
        else:
            self._say(str(exc), theme.OVERDUE)
            show_error(exc, tb, self)

    def _set_busy(self, busy: bool) -> None:
        for b in (self.backup_button, self.restore_button, self.restore_file_button, self.rekey_button,
                  self.change_folder_button):
            b.setEnabled(not busy)
        if not busy and self.state is not None:
            self._show_state(self.state)

    # ---- folder --------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        start = self.state.folder if self.state and self.state.folder else None
        folder = filedialogs.existing_dir(self, self.tr("选择备份文件夹"), start, purpose="backup")
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str | None) -> None:
        def done(st: backups.BackupState) -> None:
            self._show_state(st)
            self._say(self.tr("备份文件夹已设为：%1").replace("%1", st.folder or ""))

        self.db.call(backups.set_folder, folder, on_done=done,
                     on_error=lambda e, tb: self._failed("folder", e, tb), owner=self)

    # ---- backup --------------------------------------------------------------------------------

    def backup_now(self) -> None:
        token = CancelToken()
        gate = ProgressGate(self, self.tr("正在备份台账…"), token)
        self._set_busy(True)
        self._say(self.tr("正在备份…"))

        def done(path: str) -> None:
            gate.finish()
            self._set_busy(False)
            if token():
                # cancelled while the copy ran: the copy is complete but unwanted
                Path(path).unlink(missing_ok=True)
                self._say(self.tr("备份已取消。"))
                self.last = ("backup", None)
            else:
                self._say(self.tr("已备份到 %1").replace("%1", path), theme.DONE)
                self.last = ("backup", path)
            self.refresh()

        def failed(exc: BaseException, tb: str) -> None:
            gate.finish()
            self._failed("backup", exc, tb)

        self.db.call(backups.backup_now, on_done=done, on_error=failed, owner=self)

    # ---- restore -------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.restore(path)

    def restore_from_file(self) -> None:
        start = self.state.folder if self.state and self.state.folder else None
        path = filedialogs.open_file(
            self, self.tr("选择备份文件"), self.tr("台账备份 (*.db)"), start, purpose="backup"
        )
        if path:
            self.restore(path)

    def restore(self, path: str) -> None:
        row = next((r for r in self.model.rows if r["path"] == path), None)
        what = (
            f"{row['taken']:%Y-%m-%d %H:%M}（{row['reason_label']}）" if row is not None else Path(path).name
        )
        if not messages.ask(
            self, self.tr("从备份恢复"),
            self.tr("用备份 %1 替换当前台账？\n\n此后所做的修改将不在恢复后的台账中。程序会先把当前台账另存一份到备份文件夹，"
                    "再完整校验所选备份；校验不通过时，当前台账不会有任何改变。").replace("%1", what),
        ):
            return
        # no 取消 here: once the verified backup replaces the ledger there is nothing to cancel
        self._set_busy(True)
        self._say(self.tr("正在校验并恢复备份…"))

        def done(outcome: backups.RestoreOutcome) -> None:
            self.last = ("restore", outcome)
            self._set_busy(False)
            text = self.tr("已从备份恢复（审计记录 %1 条，校验通过）。").replace("%1", str(outcome.events))
            if outcome.previous:
                text += self.tr("恢复前的台账已保存为 %1。").replace("%1", outcome.previous)
            self._say(text, theme.DONE)
            self.refresh()

        def failed(exc: BaseException, tb: str) -> None:
            self._failed("restore", exc, tb)
            if not is_known(exc):
                return  # the error dialog with details is shown
            message = str(getattr(exc, "message", None) or exc)
            if "当前台账" not in message:
                message += self.tr("当前台账未做修改。")
            self._say(message, theme.OVERDUE)
            messages.warn(self, self.tr("未能恢复"), message)

        # a write: when it succeeds, ledger_changed refreshes every open view
        self.db.write(backups.restore_into, path, on_done=done, on_error=failed, owner=self)

    # ---- keys ----------------------------------------------------------------------------------

    def _ledger_path(self) -> str:
        return str(getattr(self.db.ledger, "path", "") or "")

    def show_recovery_key(self) -> None:
        if not messages.ask(
            self, self.tr("显示恢复密钥"),
            self.tr("恢复密钥可以打开此台账。请确认周围没有无关人员，并在打印或保存后妥善保管。现在显示吗？"),
        ):
            return

        def done(recovery: str) -> None:
            self.last = ("recovery_key", recovery)
            dlg = RecoveryKeyView(recovery, self._ledger_path(), self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.open()

        self.db.call(backups.recovery_key, on_done=done,
                     on_error=lambda e, tb: self._failed("recovery_key", e, tb), owner=self)

    def change_key(self) -> None:
        if not messages.ask(
            self, self.tr("更换密钥"),
            self.tr("用新的随机密钥重新加密台账？\n\n程序会先备份台账（备份仍用旧密钥）。更换后，以前打印或保存的恢复密钥"
                    "不能再打开此台账，请打印或保存新的恢复密钥。其他电脑上的程序需要输入新的恢复密钥。"),
        ):
            return
        self._set_busy(True)
        self._say(self.tr("正在更换密钥…"))

        def done(outcome: backups.RekeyOutcome) -> None:
            self.last = ("rekey", outcome)
            self._set_busy(False)
            text = self.tr("密钥已更换。更换前的备份（旧密钥）：%1").replace("%1", outcome.backup)
            if not outcome.stored:
                text += self.tr("\n新密钥未能保存到系统凭据管理器：每次启动都需要输入新的恢复密钥。")
            if outcome.env_key_stale:
                text += self.tr("\n环境变量 DENGBAO_KEY 仍是旧密钥，请改为新的恢复密钥。")
            self._say(text, theme.SOON if not outcome.stored or outcome.env_key_stale else theme.DONE)
            dlg = RecoveryKeyView(outcome.recovery_key, self._ledger_path(), self, new_key=True)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.open()
            self.refresh()

        self.db.write(backups.change_key, on_done=done,
                      on_error=lambda e, tb: self._failed("rekey", e, tb), owner=self)


# ---- automatic backups (hooks for the main window / app) ----------------------------------------


def start_auto_backup(db: Database, parent: QObject) -> QTimer:
    """Queue ``auto_backup`` on the worker a minute after start and then hourly; returns the timer."""

    def run() -> None:
        db.call(backups.auto, on_error=lambda e, _tb: log.warning("automatic backup failed: %s", e), owner=parent)

    timer = QTimer(parent)
    timer.setObjectName("autoBackupTimer")
    timer.setInterval(AUTO_INTERVAL_MS)
    timer.timeout.connect(run)
    timer.start()
    QTimer.singleShot(AUTO_FIRST_MS, parent, run)
    return timer


def backup_on_exit(ledger: Any) -> str | None:
    """The closing backup (when the ledger changed since the newest backup); call after the worker stopped."""
    return backups.auto(ledger, on_exit=True)


__all__ = ["BackupPanel", "RecoveryKeyView", "backup_on_exit", "start_auto_backup"]
