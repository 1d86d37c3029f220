"""One place where errors reach the user.

Known errors (:class:`db.domain.errors.LedgerError`, :class:`db.domain.validators.ValidationError`,
:class:`db.domain.lifecycle.TransitionError`, a record that vanished) are shown as their plain Chinese message.
Anything else reaches :func:`excepthook` — installed as ``sys.excepthook`` together with a Qt message
handler — and shows a dialog with the details ready to copy.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from functools import cache
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from db.domain.errors import LedgerError

log = logging.getLogger("dengbao")


@cache
def known_errors() -> tuple[type[BaseException], ...]:
    """The error classes shown as their plain message (imported on first use: the validators pull in
    phone-number and ID libraries that a normal start does not need)."""
    from db.domain.lifecycle import TransitionError
    from db.domain.validators import ValidationError
    from desktop.services.views import NotFoundError

    return (LedgerError, ValidationError, TransitionError, NotFoundError)

#: dialogs currently shown (kept referenced; tests read it)
shown: list[QWidget] = []


def is_known(exc: BaseException) -> bool:
    return isinstance(exc, known_errors())


def message_of(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


class ErrorDialog(QDialog):
    """An unexpected error: what happened, and the details to copy for support."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "发生了意外错误。您的台账数据已保存到上一次成功保存的状态。"
                "请将下面的详细信息复制给技术支持人员。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("复制详细信息"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("M") * 70, self.sizeHint().height())

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def _details(exc: BaseException, tb: str) -> str:
    return (
        f"等保台账 — Python {platform.python_version()}, PySide6 {pyside_version}, {platform.platform()}\n\n"
        f"{tb or ''.join(traceback.format_exception(exc))}"
    )


def show_error(exc: BaseException, tb: str = "", parent: QWidget | None = None) -> QWidget | None:
    """Show ``exc`` to the user: plainly if known, with details otherwise. Never blocks."""
    if QApplication.instance() is None:
        print(message_of(exc), file=sys.stderr)
        return None
    parent = parent or QApplication.activeWindow()
    if is_known(exc):
        box = QMessageBox(
            QMessageBox.Icon.Warning, QApplication.translate("Errors", "无法完成"), message_of(exc),
            QMessageBox.StandardButton.Ok, parent,
        )
        dialog: QWidget = box
    else:
        log.error("unexpected error\n%s", tb)
        dialog = ErrorDialog(_details(exc, tb), parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    shown.append(dialog)
    dialog.finished.connect(lambda _r, d=dialog: shown.remove(d) if d in shown else None)  # type: ignore[attr-defined]
    dialog.open()  # type: ignore[attr-defined]
    return dialog


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    print(text, file=sys.stderr)
    show_error(exc, text)


#: warnings a platform plugin gives about what it cannot do (offscreen/minimal: no window manager hints);
#: nothing the user or the program can act on, so they are logged at debug level
_PLATFORM_LIMITS = ("This plugin does not support",)


def _qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    if message.startswith(_PLATFORM_LIMITS):
        log.debug("Qt: %s", message)
    elif mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", message)
    elif mode == QtMsgType.QtWarningMsg:
        log.warning("Qt: %s", message)
    else:
        log.debug("Qt: %s", message)


def install() -> None:
    sys.excepthook = excepthook
    qInstallMessageHandler(_qt_message)
