"""Second process for tests/test_ui_nothing_lost.py: the real window, an import check, then a save.

    python tests/ui_driver.py LEDGER WORKBOOK RECORD_ID VALUE SETTINGS_DIR [--sniff]

The key comes from DENGBAO_KEY. The driver opens the ledger, builds the MainWindow, goes to 导出与打印
and clicks through 选择文件并检查… : the import panel's file dialog (desktop.ui.filedialogs) lists
the ledger's folder, the workbook is picked there, and the check runs in its child process. The check
is run once more (as after correcting the workbook), so a second child process opens and closes the
ledger after the folder was listed. With ``--sniff`` the driver reads the content type of the ledger
file and of its -wal and -shm before that second check (what a stock Qt dialog or a native GTK dialog
does for every file it lists), which drops all of the window's SQLite locks on them.

Then unit RECORD_ID is opened in its editor, 备注 is set to VALUE and 保存 is clicked. Once the worker
has acknowledged the save and the window was told the ledger changed, the driver prints
``SAVED <id> <value>`` and keeps the window running until it is killed. Progress lines:
``LISTED locks=held|lost|unknown``, ``CHECKED n ok=…``, ``SNIFFED locks=…``; ``FAILED <why>`` (and
exit code 2) when anything goes wrong, so the test never waits for a line that cannot come.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

#: the driver ends itself after this long, should the test that started it be gone
LIFETIME_S = 900
STEP_TIMEOUT_S = 300


def say(line: str) -> None:
    print(line, flush=True)


def fail(why: str) -> None:
    say(f"FAILED {why}")
    os._exit(2)


def locks_state(path: Path) -> str:
    """held / lost: whether /proc/locks lists a lock of this process on ``path`` (Linux only)."""
    if not sys.platform.startswith("linux"):
        return "unknown"
    inode, pid = str(path.stat().st_ino), str(os.getpid())
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields:
            continue
        for n, f in enumerate(fields[1:], start=1):
            if f.count(":") == 2 and f.rsplit(":", 1)[1] == inode and fields[n - 1] == pid:
                return "held"
    return "lost"


def wait_until(what: str, predicate: Any, timeout: float = STEP_TIMEOUT_S) -> None:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            fail(f"timeout: {what}")
        QTest.qWait(20)


def watch_for_errors() -> None:
    """An error shown by the window, or a question, would wait for a click that never comes; an
    exception in a slot would only be printed: report either and stop instead."""
    import traceback

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.ui import errors

    def check() -> None:
        for w in [*errors.shown, *QApplication.topLevelWidgets()]:
            if isinstance(w, QMessageBox) and w.isVisible():
                fail(f"message box: {w.text()} {w.informativeText()}".replace("\n", " "))
            if isinstance(w, errors.ErrorDialog) and w.isVisible():
                fail(f"error dialog: {w.details.toPlainText()[-1500:]}".replace("\n", " "))

    sys.excepthook = lambda t, e, tb: fail("".join(traceback.format_exception(t, e, tb))[-1500:].replace("\n", " "))

    timer = QTimer(QApplication.instance())
    timer.timeout.connect(check)
    timer.start(100)


def main() -> None:
    ledger_file, workbook_file, record_arg, value, settings_dir, *flags = sys.argv[1:]
    ledger_path, workbook, record_id = Path(ledger_file), Path(workbook_file), int(record_arg)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import keyring

    from desktop.selftest import ThrowawayKeyring

    keyring.set_keyring(ThrowawayKeyring())  # DENGBAO_KEY is used; nothing goes to a real keyring

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QFileSystemModel, QLineEdit

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):  # ours, and Qt's dialog history
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
    app = QApplication([sys.argv[0]])
    QTimer.singleShot(LIFETIME_S * 1000, lambda: os._exit(3))
    watch_for_errors()

    from db.store.storage import open_ledger
    from desktop.ui import editors, filedialogs, fonts
    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.worker import Database

    fonts.setup_fonts(app)
    ledger = open_ledger(ledger_path, create=False)
    db = Database(ledger, lambda exc, tb: fail(f"worker: {exc!r} {tb[-800:]}".replace("\n", " ")))
    win = MainWindow(db=db)
    win.show()
    wait_until("dashboard loaded", lambda: db.pending == 0)

    # 导出与打印 → 选择文件并检查…: the dialog opens in the ledger's folder (the import folder last used)
    page: Any = win.go_to("export")
    wait_until("export page loaded", lambda: db.pending == 0)
    panel = page.importer
    panel.kind.setCurrentIndex(panel.kind.findData("selfcheck"))
    filedialogs.remember_folder("import", ledger_path.parent)

    def pick_workbook() -> None:
        dialog = QApplication.activeModalWidget()
        model = dialog.findChild(QFileSystemModel) if isinstance(dialog, QFileDialog) else None
        index = model.index(str(ledger_path)) if model is not None else None
        if index is None or not index.isValid() or not model.index(str(workbook)).isValid():
            QTimer.singleShot(20, pick_workbook)
            return
        if not isinstance(model.iconProvider(), filedialogs.NameOnlyIconProvider):
            fail("the import dialog does not use the name-only icon provider")
        model.type(index)  # as the 类型 column would
        QTimer.singleShot(200, lambda: finish_pick(dialog))

    def finish_pick(dialog: Any) -> None:
        say(f"LISTED locks={locks_state(ledger_path)}")
        # typed into 文件名, as a user would (selectFile leaves a focused name field alone)
        dialog.findChild(QLineEdit, "fileNameEdit").setText(workbook.name)
        dialog.accept()
        if dialog.isVisible():
            fail(f"the file dialog did not take {workbook.name}: {dialog.selectedFiles()}")

    if filedialogs.USE_NATIVE:  # Windows: a native dialog cannot be driven from here
        say("LISTED locks=unknown")
        panel.check(str(workbook))
    else:
        QTimer.singleShot(0, pick_workbook)
        panel.choose_button.click()  # modal: returns once the workbook was picked and the check started
    if panel.path != str(workbook):
        fail(f"the import panel did not take the workbook: {panel.path!r}")

    def checked(n: int) -> None:
        wait_until(
            f"import check {n}",
            lambda: not panel.running and not panel._timer.isActive() and panel.result is not None
            and db.pending == 0,
        )
        result = panel.result
        say(f"CHECKED {n} ok={result.ok} created={len(result.created)} errors={len(result.errors)}")

    checked(1)
    if "--sniff" in flags:
        from PySide6.QtCore import QMimeDatabase

        # what a stock dialog does for every file it lists: the ledger and its -wal and -shm
        for name in (ledger_path.name, f"{ledger_path.name}-wal", f"{ledger_path.name}-shm"):
            if (ledger_path.parent / name).exists():
                QMimeDatabase().mimeTypeForFile(str(ledger_path.parent / name))
        say(f"SNIFFED locks={locks_state(ledger_path)}")
    panel.check(str(workbook), "selfcheck")  # again, as after correcting the workbook
    checked(2)

    # the unit's editor: 备注 → 保存
    changed: list[int] = []
    db.ledger_changed.connect(lambda: changed.append(1))
    win.open_record("organizations", record_id)
    wait_until("editor opened", lambda: bool(editors.open_editors))
    dlg = editors.open_editors[-1]
    wait_until("record loaded", lambda: dlg.record.get("id") == record_id and db.pending == 0)
    saved: list[int] = []
    dlg.saved.connect(saved.append)
    dlg.form.widgets["notes"].setPlainText(value)
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    wait_until("save answered", lambda: bool(saved) or dlg.banner.isVisible())
    if not saved:
        fail(f"save refused: {dlg.banner.text()}")
    wait_until("save acknowledged", lambda: not dlg.isVisible() and db.pending == 0 and bool(changed))
    say(f"SAVED {saved[0]} {value}")
    app.exec()  # the window stays open until the test kills the process


if __name__ == "__main__":  # import checks run in spawned children, which import this file again
    try:
        main()
    except BaseException as exc:  # noqa: BLE001 - reported to the test, never a hang
        import traceback

        fail(f"{exc!r} {traceback.format_exc()[-1500:]}".replace("\n", " "))
