"""Issue 12 in the window: previews and opened attachments are plain copies in one private folder per run,
removed when the window closes; 另存为 goes through the one writer; the save dialog confirms overwriting;
the user is told once that an outside program gets a plain copy."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from desktop.services import private_temp

    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(private_temp, "_root", lambda: root)
    private_temp.cleanup()
    private_temp._reset_for_tests()
    yield private_temp
    private_temp.cleanup()


def test_preview_is_private_and_save_as_refuses_the_ledger(qtbot, ledger, tmp_path: Path, private) -> None:
    from PySide6.QtWidgets import QWidget

    from db.demo.unit import build_demo
    from db.domain.errors import LedgerError
    from db.repo import lists
    from desktop.ui import printing
    from desktop.ui.worker import Database

    build_demo(ledger)
    with ledger.session(write=False) as s:
        oid = lists.query_ids(s, "objects", lists.ListQuery(level=3))[0]
    errors: list[BaseException] = []
    db = Database(ledger, lambda exc, _tb: errors.append(exc))
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        printing.preview_document(parent, db, "grading", oid, "../../单位/../定级报告")
        qtbot.waitUntil(lambda: bool(printing.open_previews) or bool(errors), timeout=60000)
        assert not errors
        dlg = printing.open_previews[-1]
        assert dlg.pdf.parent.parent == private.folder() and dlg.pdf.suffix == ".pdf"
        saved = tmp_path / "定级报告.pdf"
        dlg.save_to(str(saved))
        qtbot.waitUntil(lambda: db.pending == 0 and saved.exists(), timeout=10000)
        assert saved.read_bytes() == dlg.pdf.read_bytes()
        size = ledger.path.stat().st_size
        for target in (ledger.path, ledger.path.with_name(ledger.path.name + "-wal")):
            dlg.save_to(str(target))
            qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)
        assert len(errors) == 2 and all(isinstance(e, LedgerError) and "台账" in str(e) for e in errors)
        assert ledger.path.stat().st_size == size  # never read here: that would drop the window's locks
        dlg.close()
    finally:
        db.shutdown()


def test_plain_copy_notice_is_shown_once(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from PySide6.QtGui import QDesktopServices

    from desktop.ui import messages

    opened: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(messages, "info", lambda _parent, title, text: told.append(text))
    copy = tmp_path / "附件.pdf"
    messages.open_outside(None, copy)
    messages.open_outside(None, copy)
    assert opened == [str(copy), str(copy)]
    assert len(told) == 1 and "未加密" in told[0] and "删除" in told[0]


def test_the_save_dialog_confirms_overwriting(qtbot) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import filedialogs

    dialog = filedialogs.make_dialog(None, "另存为", "PDF 文件 (*.pdf)", purpose="pdf", save=True,
                                     mode=QFileDialog.FileMode.AnyFile)
    try:
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        assert not dialog.testOption(QFileDialog.Option.DontConfirmOverwrite)
    finally:
        dialog.deleteLater()


def test_closing_the_window_removes_the_private_folder(qtbot, ledger, private) -> None:
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.worker import Database

    folder = private.new_path("附件.pdf").parent.parent
    db = Database(ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    try:
        assert folder.is_dir()
        win.close()
        assert not folder.exists()
    finally:
        db.shutdown()
