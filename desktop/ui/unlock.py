"""Opening a ledger that needs more than its stored key: a passphrase, or a restore from a backup.

Passphrase (:func:`open_with_passphrase`, called by ``desktop.app`` before the first-run/recovery-key
dialogs): a ledger file whose key is wrapped by a passphrase and not in this machine's keyring asks for
the passphrase (a wrong one says so and changes nothing; 使用恢复密钥… goes on to the recovery-key
prompt). A new ledger made in portable mode, or where no keyring exists, is protected by a passphrase
chosen when it is created. 设置 → 台账 → 口令 sets, changes or removes it (:class:`PassphraseSettingsDialog`).

A ledger that cannot be opened at start-up: offer 从最近的备份恢复.

When opening the ledger raises :class:`db.domain.errors.CorruptLedgerError` and a backup was found
(``exc.backup``), the user sees the reason and can restore that backup: the damaged file is first
kept as it is in the backup folder (``before-restore-raw``), the backup is verified completely, and
only then replaces the ledger (:func:`desktop.services.ledger_access.restore_at_start`); the ledger
is then opened normally. Nothing happens without the user's click.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.domain.errors import CorruptLedgerError, LedgerError


def ask_restore(parent: QWidget | None, message: str, backup: Path) -> bool:
    """The question (tests replace this): True to restore ``backup``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Unlock", "无法打开台账"))
    box.setText(message)
    box.setInformativeText(
        QCoreApplication.translate("Unlock", "可以用最近的备份替换损坏的台账：%1\n程序会先把损坏的文件原样保存到备份文件夹，"
            "并在替换前完整校验备份。备份之后所做的修改不在其中。").replace("%1", str(backup))
    )
    restore = box.addButton(QCoreApplication.translate("Unlock", "从最近的备份恢复"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("Unlock", "退出"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def show_failure(parent: QWidget | None, message: str) -> None:
    """Tell that the restore failed (tests replace this)."""
    QMessageBox.critical(parent, QCoreApplication.translate("Unlock", "未能恢复"), message)


def recover_at_start(exc: BaseException, path: Path | None, parent: QWidget | None = None) -> Any:
    """For a damaged ledger with a backup, offer the restore; return the opened ledger or None."""
    backup = getattr(exc, "backup", None)
    if not isinstance(exc, CorruptLedgerError) or backup is None or path is None:
        return None
    if not ask_restore(parent, str(exc), Path(backup)):
        return None
    from desktop.services.ledger_access import restore_at_start

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return restore_at_start(Path(path), Path(backup))
    except LedgerError as failure:
        QGuiApplication.restoreOverrideCursor()
        show_failure(parent, str(failure))
        return None
    finally:
        if QGuiApplication.overrideCursor() is not None:
            QGuiApplication.restoreOverrideCursor()


#: what :func:`ask_passphrase` returns when the user chose the recovery key instead
USE_RECOVERY_KEY = "use-recovery-key"
#: what :func:`open_with_passphrase` returns when the user quit
QUIT = "quit"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Unlock", text)


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def _error_label() -> QLabel:
    from desktop.ui import theme

    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
    return label


class PassphraseDialog(QDialog):
    """口令: type the passphrase of ``path``; ``try_open(text)`` opens the ledger or raises.

    A wrong passphrase leaves the dialog open with the message (the ledger is not touched); 使用恢复密钥…
    ends it with ``choice = USE_RECOVERY_KEY``.
    """

    def __init__(self, path: Path, try_open: Callable[[str], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.try_open = try_open
        self.result_ledger: Any = None
        self.failure: BaseException | None = None
        self.choice = ""
        self.setWindowTitle(_tr("输入口令"))
        layout = QVBoxLayout(self)
        intro = QLabel(_tr("台账“%1”由口令保护，请输入口令。忘记口令时可改用恢复密钥。").replace("%1", str(path)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase = _password_field(_tr("口令"))
        layout.addWidget(self.passphrase)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_tr("打开台账"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("退出"))
        self.recovery = QPushButton(_tr("使用恢复密钥…"))
        buttons.addButton(self.recovery, QDialogButtonBox.ButtonRole.ActionRole)
        self.recovery.clicked.connect(self._use_recovery_key)
        buttons.accepted.connect(self.attempt)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def _use_recovery_key(self) -> None:
        self.choice = USE_RECOVERY_KEY
        self.accept()

    def attempt(self) -> None:
        from db.domain.errors import LedgerError, WrongKeyError
        from desktop.services.passphrase_access import PassphraseError

        text = self.passphrase.text()
        if not text:
            self.error.setText(_tr("请输入口令。"))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_ledger = self.try_open(text)
        except (PassphraseError, WrongKeyError) as exc:  # a wrong passphrase, a damaged or stale passphrase file
            message = str(exc) if isinstance(exc, PassphraseError) else _tr(
                "口令正确，但它保存的密钥打不开台账（台账可能已更换密钥）。文件未做任何修改。"
                "请用恢复密钥打开，然后在“设置”中重新设置口令。"
            )
            self.error.setText(message)
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        except LedgerError as exc:  # a damaged ledger, a busy one …: the start-up handles it (restore offer)
            self.failure = exc
            self.reject()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def ask_passphrase(parent: QWidget | None, path: Path, try_open: Callable[[str], Any]) -> Any:
    """The opened ledger, USE_RECOVERY_KEY, or None when the user quit (tests replace this).

    Raises the LedgerError of a ledger that the right passphrase could not open (damaged, busy), so the
    start-up can offer a backup as it does for any ledger."""
    dialog = PassphraseDialog(path, try_open, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        if dialog.failure is not None:
            raise dialog.failure
        return None
    return USE_RECOVERY_KEY if dialog.choice == USE_RECOVERY_KEY else dialog.result_ledger


class NewPassphraseDialog(QDialog):
    """Choose a passphrase (typed twice); optionally keep the key in the keyring as well."""

    def __init__(self, intro: str, *, keyring_choice: bool, keyring_checked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop.services.passphrase_access import MIN_LENGTH

        self.setWindowTitle(_tr("设置口令"))
        layout = QVBoxLayout(self)
        label = QLabel(intro + "\n" + _tr(
            "口令至少 %1 个字符，可以是一句中文。程序不保存口令；忘记口令时只能用恢复密钥打开台账。"
        ).replace("%1", str(MIN_LENGTH)))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.first = _password_field(_tr("新口令"))
        self.second = _password_field(_tr("再次输入新口令"))
        layout.addWidget(self.first)
        layout.addWidget(self.second)
        self.keyring = QCheckBox(_tr("同时保存在本机的系统凭据管理器中（本机启动时不必输入口令）"))
        self.keyring.setChecked(keyring_checked)
        self.keyring.setVisible(keyring_choice)
        layout.addWidget(self.keyring)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def _check(self) -> None:
        from db.domain.errors import LedgerError
        from desktop.services.passphrase_access import check_new

        if self.first.text() != self.second.text():
            self.error.setText(_tr("两次输入的口令不一致。"))
            return
        try:
            check_new(self.first.text())
        except LedgerError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def ask_new_passphrase(parent: QWidget | None, intro: str, *, keyring_choice: bool = False,
                       keyring_checked: bool = False) -> tuple[str, bool] | None:
    """(passphrase, keep in keyring too), or None when cancelled (tests replace this)."""
    dialog = NewPassphraseDialog(intro, keyring_choice=keyring_choice, keyring_checked=keyring_checked, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.first.text(), dialog.keyring.isChecked()


def open_with_passphrase(path: Path, parent: QWidget | None = None) -> Any:
    """At start-up, before the usual opening: the ledger opened with its passphrase (a ``firstrun.Opened``),
    QUIT, or None to go on as usual (no passphrase needed, or the user chose the recovery key).

    For a ledger still to be created in portable mode or without a keyring, arranges that it is protected by
    a passphrase asked for when it is created, and returns None."""
    from desktop.services import passphrase_access as access

    if access.new_ledger_uses_passphrase(path):
        intro = _tr("便携模式：台账密钥由口令保护，不保存在本机。") if access.portable_mode() else _tr(
            "本机没有可用的系统凭据管理器：台账密钥由口令保护，每次启动时输入口令。"
        )

        def ask() -> str | None:
            chosen = ask_new_passphrase(parent, intro)
            return None if chosen is None else chosen[0]

        access.ask_new_passphrase_when_created(ask)
        return None
    if not access.needs_passphrase(path):
        return None
    result = ask_passphrase(parent, path, lambda text: access.open_with_passphrase(path, text))
    if result == USE_RECOVERY_KEY:
        return None
    if result is None:
        return QUIT
    from desktop.ui.firstrun import Opened

    return Opened(result)


class PassphraseSettingsDialog(QDialog):
    """设置 → 台账 → 口令: how the key of the open ledger is kept; set, change or remove the passphrase."""

    def __init__(self, ledger: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle(_tr("台账口令"))
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.error = _error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_tr("关闭"))
        self.set_button = QPushButton()
        self.remove_button = QPushButton(_tr("删除口令"))
        buttons.addButton(self.set_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.set_button.clicked.connect(self.change)
        self.remove_button.clicked.connect(self.remove)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(520, self.sizeHint().height())

    def refresh(self) -> None:
        from desktop.services.passphrase_access import state

        now = state(self.ledger)
        if not now.applicable:
            self.status.setText(_tr("只有加密的台账文件可以设置口令（服务器台账和未加密的台账没有密钥）。"))
            self.set_button.setEnabled(False)
            self.remove_button.setEnabled(False)
            return
        ways = []
        if now.protected:
            ways.append(_tr("口令（%1）").replace("%1", now.cost))
        if now.in_keyring:
            ways.append(_tr("本机的系统凭据管理器"))
        ways.append(_tr("恢复密钥"))
        self.status.setText(_tr("此台账可以用以下方式打开：%1。更改口令不会重新加密台账。").replace("%1", "、".join(ways)))
        self.set_button.setText(_tr("更改口令…") if now.protected else _tr("设置口令…"))
        self.remove_button.setEnabled(now.protected)

    def change(self) -> None:
        from db.domain.errors import LedgerError
        from desktop.services.passphrase_access import set_passphrase, state

        now = state(self.ledger)
        chosen = ask_new_passphrase(
            self, _tr("为台账“%1”设置口令。").replace("%1", str(self.ledger.path)),
            keyring_choice=now.keyring_available, keyring_checked=now.in_keyring,
        )
        if chosen is None:
            return
        try:
            set_passphrase(self.ledger, chosen[0], keep_in_keyring=chosen[1])
        except (LedgerError, OSError) as exc:
            self.error.setText(str(exc))
        else:
            self.error.clear()
        self.refresh()

    def remove(self) -> None:
        from db.domain.errors import LedgerError
        from desktop.services.passphrase_access import remove_passphrase

        try:
            remove_passphrase(self.ledger)
        except (LedgerError, OSError) as exc:
            self.error.setText(str(exc))
        else:
            self.error.clear()
        self.refresh()


__all__ = ["PassphraseDialog", "PassphraseSettingsDialog", "open_with_passphrase", "recover_at_start"]
