"""The window's file dialogs (desktop.ui.filedialogs) list a folder without reading any file in it.

Reading the open ledger file anywhere in our process would drop the SQLite (POSIX fcntl) locks of the
window's connections; a stock Qt file dialog does that while it decides icons and type names. The
test shows the dialog on the ledger's folder and reads /proc/locks (Linux): our lock on the ledger
is still there afterwards. The same check is shown to catch the problem when the file *is* read.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QFileInfo, QMimeDatabase, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit

from db.models import Organization
from desktop.ui import filedialogs

pytestmark = pytest.mark.gui
LINUX = sys.platform.startswith("linux")
needs_qt_dialog = pytest.mark.skipif(filedialogs.USE_NATIVE, reason="native dialogs on Windows cannot be driven")




def lock_held(path: Path, pid: int | None = None) -> bool:
    """True when /proc/locks lists a lock of ``pid`` (default: this process) on ``path``'s inode.

    Lines read ``1: POSIX  ADVISORY  READ 7450 fe:00:2148751 128 128``; ``->`` lines are waiters, not
    holders. The inode is matched without the device: on overlay file systems /proc/locks names the
    underlying device, which differs from ``st_dev``.
    """
    pid = os.getpid() if pid is None else pid
    inode = str(path.stat().st_ino)
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:
            continue
        for n, f in enumerate(fields[1:], start=1):
            if f.count(":") == 2 and f.rsplit(":", 1)[1] == inode and fields[n - 1] == str(pid):
                return True
    return False


def read_once(ledger) -> None:
    """A read through a session: SQLite then keeps its shared lock while the connection is pooled."""
    with ledger.session(write=False) as s:
        s.scalar(sa.select(sa.func.count()).select_from(Organization))


def file_model(dialog: QFileDialog) -> QFileSystemModel:
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    return model


def listed(model: QFileSystemModel, path: Path) -> bool:
    index = model.index(str(path))
    return index.isValid() and model.fileName(index) == path.name


@needs_qt_dialog
def test_listing_the_ledger_folder_keeps_the_windows_sqlite_lock(qtbot, ledger, ledger_path, tmp_path) -> None:
    (tmp_path / "附件2-摸底自查表.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    read_once(ledger)
    if LINUX:
        assert lock_held(ledger_path), "SQLite holds no lock after a read: the check below would prove nothing"

    dialog = filedialogs.make_dialog(
        None, "选择要导入的表格", "台账备份 (*.db);;Excel 工作簿 (*.xlsx)", purpose="import", start_dir=tmp_path
    )
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)  # the 类型 column asks the provider for type names too
    dialog.show()
    model = file_model(dialog)
    assert isinstance(model.iconProvider(), filedialogs.NameOnlyIconProvider)
    qtbot.waitUntil(lambda: listed(model, ledger_path), timeout=30000)
    qtbot.waitUntil(lambda: listed(model, tmp_path / "附件2-摸底自查表.xlsx"), timeout=30000)
    index = model.index(str(ledger_path))
    assert model.type(index)  # a type name was decided for the ledger, from its name
    assert not model.fileIcon(index).isNull()
    qtbot.wait(200)  # anything the gatherer thread still does for this folder
    if LINUX:
        assert lock_held(ledger_path), "listing the ledger's folder dropped the window's SQLite lock"
    dialog.close()
    read_once(ledger)  # and the ledger still works

    if not LINUX:
        return
    # the check can fail: reading the file's content (what a stock dialog does) drops the lock
    QMimeDatabase().mimeTypeForFile(str(ledger_path))
    try:
        assert not lock_held(ledger_path), "reading the ledger kept the lock: the check above cannot fail"
    finally:
        ledger.engine.dispose()  # new connections take their locks again
    read_once(ledger)
    assert lock_held(ledger_path)


def test_icon_provider_answers_from_the_name(qapp, tmp_path) -> None:
    provider = filedialogs.NameOnlyIconProvider()
    sheet = tmp_path / "表.xlsx"
    sheet.write_bytes(b"not a zip at all")
    assert provider.type(QFileInfo(str(sheet))) == QMimeDatabase().mimeTypesForFileName("表.xlsx")[0].comment()
    assert not provider.icon(QFileInfo(str(sheet))).isNull()
    assert not provider.icon(QFileInfo(str(tmp_path))).isNull()
    assert provider.type(QFileInfo(str(tmp_path)))


def test_start_folder_is_documents_then_the_last_one_per_purpose(qapp, tmp_path) -> None:
    default = filedialogs.start_folder("export")
    assert Path(default) == filedialogs.documents_folder()
    chosen = tmp_path / "导出"
    chosen.mkdir()
    filedialogs.remember_folder("export", chosen)
    assert filedialogs.start_folder("export") == str(chosen)
    assert filedialogs.start_folder("import") == default  # each purpose remembers its own folder
    assert filedialogs.start_folder("export", tmp_path) == str(tmp_path)  # the caller's folder first
    filedialogs.remember_folder("export", tmp_path / "gone")
    assert filedialogs.start_folder("export") == default  # a folder that no longer exists is skipped


def type_name(dialog: QFileDialog, name: str) -> None:
    """Type into 文件名 as a user would (``selectFile`` leaves a focused name field alone)."""
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert edit is not None
    edit.setText(name)


def _answer_next_dialog(qtbot, answer) -> list[QFileDialog]:
    """When our modal dialog shows, let ``answer(dialog)`` fill it in and accept it."""
    seen: list[QFileDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog) and dialog.isVisible():
            seen.append(dialog)
            answer(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


@needs_qt_dialog
def test_save_file_adds_the_suffix_and_remembers_the_folder(qtbot, tmp_path) -> None:
    def answer(dialog: QFileDialog) -> None:
        assert dialog.windowTitle() == "导出当前列表"
        assert Path(dialog.directory().absolutePath()) == tmp_path
        assert dialog.selectedFiles()[0].endswith("整改台账-20260101.xlsx")
        dialog.selectNameFilter("CSV 文件 (*.csv)")
        dialog.filterSelected.emit("CSV 文件 (*.csv)")
        type_name(dialog, "整改台账")
        dialog.accept()

    seen = _answer_next_dialog(qtbot, answer)
    target = filedialogs.save_file(
        None, "导出当前列表", "整改台账-20260101.xlsx", "Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)",
        tmp_path, purpose="export",
    )
    assert seen and target == str(tmp_path / "整改台账.csv")
    assert filedialogs.start_folder("export") == str(tmp_path)


@needs_qt_dialog
def test_open_file_returns_none_when_cancelled(qtbot, tmp_path) -> None:
    seen = _answer_next_dialog(qtbot, lambda dialog: dialog.reject())
    assert filedialogs.open_file(None, "选择备份文件", "台账备份 (*.db)", tmp_path, purpose="backup") is None
    assert seen
    assert filedialogs.remembered_folder("backup") is None
