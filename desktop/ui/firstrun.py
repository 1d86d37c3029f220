"""Opening the ledger with the user: first run (create, recovery key, demo), missing key, no keyring.

The key never goes to disk in plain form: it lives in the OS keyring, or — where there is none —
the user keeps the recovery key and types it at each start. Saving the recovery key to a file or
printing it is the user's explicit choice on the recovery-key dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPainter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from db.domain.errors import KeyringUnavailableError, LedgerError, MissingKeyError, WrongKeyError
from desktop.services import ledger_access as access
from desktop.services.ledger_access import Ledger
from desktop.ui import filedialogs, theme


@dataclass
class Opened:
    ledger: Ledger
    load_demo: bool = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryKeyDialog", text)


class RecoveryKeyActions:
    """打印 / 保存到文件 of a recovery key, shared by the first-run dialog and 设置's key view.

    Needs ``self.recovery`` and ``self.path``; the class using it must be a QWidget.
    """

    recovery: str
    path: str
    key_label: QLabel

    def add_key_display(self, layout: QVBoxLayout, *, scale: float) -> None:
        """The key in a large fixed-width, selectable label, then 打印… and 保存到文件…."""
        widget: Any = self
        self.key_label = QLabel(self.recovery)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), widget.font().pointSizeF()) * scale)
        self.key_label.setFont(mono)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setWordWrap(True)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setStyleSheet("QLabel { border: 1px solid palette(mid); padding: 8px; }")
        layout.addWidget(self.key_label)
        row = QHBoxLayout()
        print_button = QPushButton(_tr("打印…"))
        print_button.clicked.connect(self.print_key)
        save_button = QPushButton(_tr("保存到文件…"))
        save_button.clicked.connect(self.save_key)
        row.addWidget(print_button)
        row.addWidget(save_button)
        row.addStretch(1)
        layout.addLayout(row)

    def text(self) -> str:
        return _tr("等保台账恢复密钥\n台账：%1\n恢复密钥：%2\n请妥善保管，不要与台账文件放在一起。\n").replace(
            "%1", self.path).replace("%2", self.recovery)

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        widget: Any = self
        printer = QPrinter()
        if QPrintDialog(printer, widget).exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setDefaultFont(QFont(widget.font().family(), 14))
        doc.setPlainText(self.text())
        painter = QPainter(printer)
        doc.drawContents(painter)
        painter.end()

    def save_key(self) -> None:
        widget: Any = self
        target = filedialogs.save_file(
            widget, _tr("保存恢复密钥"), "等保台账恢复密钥.txt", _tr("文本文件 (*.txt)"), purpose="recovery_key"
        )
        if target:
            try:
                self.save_to(target)
            except (LedgerError, OSError) as exc:
                from desktop.ui.errors import show_error

                show_error(exc, "", widget)

    def save_to(self, target: str) -> None:
        """Write the key text through the one writer (never onto the ledger; the save dialog confirmed
        replacing an existing text file)."""
        from desktop.services import outputs

        outputs.write_text(self.path, target, self.text(), overwrite=True)


class RecoveryKeyDialog(RecoveryKeyActions, QDialog):
    """Shows the recovery key once, with 打印 and 保存到文件; 继续 only after the user confirms."""

    def __init__(self, recovery: str, path: str, parent: QWidget | None = None, *, must_type_each_time: bool = False) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.path = path
        self.setWindowTitle(self.tr("恢复密钥"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "台账已加密。下面是它的恢复密钥，只显示这一次。电脑重装、换机或密钥丢失时，"
            "只有凭它才能打开台账。请打印或保存到U盘，并妥善保管。"
        ))
        if must_type_each_time:
            intro.setText(intro.text() + "\n" + self.tr("本机没有可用的系统凭据管理器：每次启动都需要输入此恢复密钥。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.add_key_display(layout, scale=1.3)
        self.confirm = QCheckBox(self.tr("我已打印或保存恢复密钥"))
        layout.addWidget(self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("继续"))
        self.ok.setEnabled(False)
        self.confirm.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)



class FirstRunDialog(QDialog):
    """No ledger yet: where, encrypted or not, and whether to load the demonstration data."""

    def __init__(self, path: Path, *, encrypt: bool, keyring_ok: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("欢迎使用等保台账"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("这是第一次使用。程序将新建一个台账文件，保存本单位的等级保护工作记录。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path = QLineEdit(str(path))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("台账文件"), row)
        layout.addLayout(form)
        self.encrypted = QRadioButton(self.tr("加密（推荐）"))
        self.plain = QRadioButton(self.tr("不加密（文件内容可被直接读取）"))
        (self.encrypted if encrypt else self.plain).setChecked(True)
        layout.addWidget(self.encrypted)
        layout.addWidget(self.plain)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if not keyring_ok:
            self.keyring_note.setText(self.tr(
                "本机没有可用的系统凭据管理器，密钥无法保存在本机。选择“加密”时，程序会生成恢复密钥，"
                "请打印或保存它，以后每次启动时输入；也可以选择不加密。"
            ))
            self.keyring_note.setStyleSheet(f"color: {theme.css(theme.SOON)};")
        layout.addWidget(self.keyring_note)
        self.demo = QCheckBox(self.tr("载入演示数据（可先熟悉程序，之后可新建正式台账）"))
        layout.addWidget(self.demo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建台账"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        # the proposed path names the folder to start in (no ledger is open yet)
        target = filedialogs.save_file(
            self, self.tr("台账文件"), self.path.text(), self.tr("台账 (*.db)"), purpose="ledger"
        )
        if target:
            self.path.setText(target)


class KeyPromptDialog(QDialog):
    """An encrypted ledger whose key is not on this machine: type the recovery key."""

    def __init__(self, path: Path, message: str, *, keyring_ok: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("输入恢复密钥"))
        layout = QVBoxLayout(self)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-…")
        layout.addWidget(self.key)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.remember = QCheckBox(self.tr("把密钥保存到本机的系统凭据管理器"))
        self.remember.setChecked(keyring_ok)
        self.remember.setVisible(keyring_ok)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("打开台账"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.parsed: bytes | None = None

    def _check(self) -> None:
        try:
            self.parsed = access.parse_key(self.key.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def create_ledger(path: Path, *, encrypt: bool, parent: QWidget | None = None) -> Ledger | None:
    if not encrypt:
        return access.create(path, encrypt=False)
    try:
        ledger = access.create(path, encrypt=True)
    except KeyringUnavailableError:
        key = access.new_key()
        dlg = RecoveryKeyDialog(access.recovery_key(key), str(path), parent, must_type_each_time=True)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        # a key handed in is used, never stored: without a keyring it must be typed at each start
        created = access.create(path, encrypt=True, key=key)
        access.mark_recovery_key_shown(created)  # the officer confirmed it above
        return created
    show_recovery_key_if_pending(ledger, path, parent)
    return ledger


def show_recovery_key_if_pending(ledger: Ledger, path: Path, parent: QWidget | None = None) -> None:
    """Show the recovery key of a ledger whose key was never confirmed as shown (a new ledger, or one
    whose first run was interrupted), and note the confirmation in the ledger."""
    if ledger.key is None or not access.recovery_key_pending(ledger):
        return
    dlg = RecoveryKeyDialog(access.recovery_key(ledger.key), str(path), parent)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        access.mark_recovery_key_shown(ledger)


def open_existing(path: Path, parent: QWidget | None = None) -> Ledger | None:
    try:
        ledger = access.open_existing(path)
    except MissingKeyError as exc:
        message = str(exc)
    else:
        show_recovery_key_if_pending(ledger, path, parent)
        return ledger
    keyring_ok = access.keyring_available()
    while True:
        dlg = KeyPromptDialog(path, message, keyring_ok=keyring_ok, parent=parent)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.parsed is None:
            return None
        try:
            ledger = access.open_existing(path, key=dlg.parsed)
        except WrongKeyError as exc:
            message = str(exc)
            continue
        if dlg.remember.isChecked():
            access.keep_key(path, dlg.parsed)
        return ledger


def open_interactively(path: Path, *, encrypt: bool, parent: QWidget | None = None) -> Opened | None:
    """Open ``path``, creating it on first run; None if the user gave up."""
    if path.exists() and path.stat().st_size > 0:
        ledger = open_existing(path, parent)
        return Opened(ledger) if ledger is not None else None
    keyring_ok = access.key_can_be_found()
    dlg = FirstRunDialog(path, encrypt=encrypt, keyring_ok=keyring_ok, parent=parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    target = Path(dlg.path.text()).expanduser()
    try:
        ledger = create_ledger(target, encrypt=dlg.encrypted.isChecked(), parent=parent)
    except LedgerError:
        raise
    if ledger is None:
        return None
    return Opened(ledger, dlg.demo.isChecked())
