"""Small modal questions and notices, in one place (tests replace :func:`ask` and :func:`get_text`)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"
    YES = "yes"
    NO = "no"


def ask_unsaved(parent: QWidget | None, what: str) -> Answer:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("Messages", "未保存的修改"))
    box.setText(QCoreApplication.translate("Messages", "“%1”有未保存的修改。要保存吗？").replace("%1", what))
    save = box.addButton(QCoreApplication.translate("Messages", "保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("Messages", "不保存"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QCoreApplication.translate("Messages", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Answer.SAVE
    if clicked is discard:
        return Answer.DISCARD
    return Answer.CANCEL


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    )
    return answer == QMessageBox.StandardButton.Yes


def get_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


#: remembered once the user has been told that an outside program needs a plain copy
PLAIN_COPY_NOTICE = "notices/plain_copy_shown"


def open_outside(parent: QWidget | None, path: str | Path) -> None:
    """Open a plain copy (attachment, print preview) with the system's program for it; the first time
    ever, say that the copy is unencrypted and is deleted when the program closes."""
    from desktop.ui import settings

    store = settings.qsettings()
    if str(store.value(PLAIN_COPY_NOTICE, "")).lower() not in ("1", "true"):
        store.setValue(PLAIN_COPY_NOTICE, True)
        info(
            parent,
            QCoreApplication.translate("Messages", "用其他程序打开"),
            QCoreApplication.translate(
                "Messages",
                "其他程序（PDF 阅读器、WPS 等）读不了加密的台账，程序为它在本机的临时文件夹中放了一份"
                "未加密的副本。关闭等保台账时副本会被删除；如程序异常退出，下次启动时删除。"
                "请不要把重要修改保存在这份副本里。",
            ),
        )
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def warn(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
