"""The main window's menu bar: 文件, 编辑, 视图, 帮助, with the usual entries and shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenuBar

if TYPE_CHECKING:
    from desktop.ui.mainwindow import MainWindow


def build_menus(window: MainWindow) -> QMenuBar:
    """Fill ``window``'s menu bar from its toolbar actions plus 退出 (Ctrl+Q), the pages and 关于."""
    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("Menus", "文件(&F)"))
    file_menu.addAction(window.new_action)
    file_menu.addAction(window.save_action)
    file_menu.addSeparator()
    file_menu.addAction(window.print_action)
    export = QAction(QCoreApplication.translate("Menus", "导出与打印…"), window)
    export.triggered.connect(lambda: window.go_to("export"))
    file_menu.addAction(export)
    file_menu.addSeparator()
    quit_action = QAction(QCoreApplication.translate("Menus", "退出(&X)"), window)
    # Ctrl+Q everywhere (QKeySequence.Quit is empty on Windows, where users still expect Ctrl+Q)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    window.addAction(quit_action)
    file_menu.addAction(quit_action)
    window.quit_action = quit_action

    edit_menu = bar.addMenu(QCoreApplication.translate("Menus", "编辑(&E)"))
    edit_menu.addAction(window.find_action)
    settings = QAction(QCoreApplication.translate("Menus", "设置…"), window)
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    settings.triggered.connect(lambda: window.go_to("settings"))
    edit_menu.addAction(settings)

    view_menu = bar.addMenu(QCoreApplication.translate("Menus", "视图(&V)"))
    view_menu.addAction(window.refresh_action)
    view_menu.addSeparator()
    for n, (key, title, _slot) in enumerate(window.pages):
        page = QAction(title, window)
        if n < 9:
            page.setShortcut(QKeySequence(f"Alt+{n + 1}"))
            page.setShortcutVisibleInContextMenu(True)
        page.triggered.connect(lambda _c=False, key=key: window.go_to(key))
        view_menu.addAction(page)
    back = QAction(QCoreApplication.translate("Menus", "返回上一页"), window)
    back.setShortcut(QKeySequence("Alt+Left"))
    back.triggered.connect(window.go_back)
    view_menu.addAction(back)

    help_menu = bar.addMenu(QCoreApplication.translate("Menus", "帮助(&H)"))
    about = QAction(QCoreApplication.translate("Menus", "关于 等保台账…"), window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)
    window.about_action = about
    about_qt = QAction(QCoreApplication.translate("Menus", "关于 Qt…"), window)
    about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
    about_qt.triggered.connect(QApplication.aboutQt)
    help_menu.addAction(about_qt)
    return bar
