"""A ledger that cannot be opened at start-up: offer 从最近的备份恢复.

When opening the ledger raises :class:`db.domain.errors.CorruptLedgerError` and a backup was found
(``exc.backup``), the user sees the reason and can restore that backup: the damaged file is first
kept as it is in the backup folder (``before-restore-raw``), the backup is verified completely, and
only then replaces the ledger (:func:`desktop.services.ledger_access.restore_at_start`); the ledger
is then opened normally. Nothing happens without the user's click.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

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


__all__ = ["recover_at_start"]
