"""``dengbao``: the window program.

``dengbao [--db PATH | --url URL] [--no-encryption] [--lang zh_CN|en] [--screenshots DIR] [--exit-when-ready] [--self-test]``

``--exit-when-ready`` prints ``ready since_start_ms=… since_process_ms=…`` when the main window has painted
once and the event loop is idle, then quits:

- ``since_start_ms`` counts from the first statement of this module, so it leaves out the interpreter's
  own start-up and ``site`` (typically 20–60 ms, more from a cold disk);
- ``since_process_ms`` counts from the operating system's creation of the process, which is what a user
  waits for after double-clicking: on Linux the process's age is /proc/uptime minus the start time in
  /proc/self/stat (10 ms clock ticks), on Windows from GetProcessTimes (100 ns units). It is missing
  where neither can be read.
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()
_WALL0 = time.time()

import argparse  # noqa: E402 - the timer above must come first
import gc  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any, cast  # noqa: E402

from db.domain.identity import APP_AUTHOR, APP_NAME, APP_TITLE, GUI_PROGRAM  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def process_age_ms() -> float | None:
    """Milliseconds since the operating system created this process, or None where it cannot be read."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/self/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            start_ticks = int(fields[19])
            with open("/proc/uptime", encoding="ascii") as fh:
                uptime = float(fh.read().split()[0])
            return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            creation, exit_, kernel, user = (wintypes.FILETIME() for _ in range(4))
            handle = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
            if ctypes.windll.kernel32.GetProcessTimes(  # type: ignore[attr-defined]
                handle, ctypes.byref(creation), ctypes.byref(exit_), ctypes.byref(kernel), ctypes.byref(user)
            ):
                ticks = (creation.dwHighDateTime << 32) + creation.dwLowDateTime
                return (time.time() - (ticks / 1e7 - 11644473600)) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def process_start_time() -> float | None:
    """Process creation time as a Unix timestamp, or None where it cannot be read."""
    age = process_age_ms()
    return None if age is None else time.time() - age / 1000


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=GUI_PROGRAM, description=APP_TITLE)
    p.add_argument("--db", metavar="PATH", help="台账文件路径")
    p.add_argument("--url", metavar="URL", help="台账服务器（PostgreSQL），如 postgresql+psycopg://用户@服务器/dengbao")
    p.add_argument("--no-encryption", action="store_true", help="新建不加密的台账")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="界面语言（默认取“设置”中的选择）")
    p.add_argument("--screenshots", metavar="DIR", help="截取每个页面的 PNG 到 DIR 后退出")
    p.add_argument("--exit-when-ready", action="store_true", help="窗口可用后立即退出并打印启动耗时")
    p.add_argument("--self-test", action="store_true", help="运行安装自检后退出")
    return p


def _setup_app(argv: list[str], lang: str | None) -> QApplication:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName(APP_AUTHOR)
    QCoreApplication.setApplicationName(APP_NAME)
    QGuiApplication.setDesktopFileName(GUI_PROGRAM)
    from desktop import portable

    portable.apply()
    # instance() is typed as the base QCoreApplication; the GUI only ever runs under a QApplication
    app = cast(QApplication, QApplication.instance() or QApplication(argv))
    from desktop.ui import errors, fonts, i18n, icons, settings, wheelguard

    errors.install()
    wheelguard.install(app)
    fonts.setup_fonts(app)
    i18n.install(app, lang or settings.get("ui/language"))
    app.setWindowIcon(icons.app_icon())
    # lupdate needs the literal; it is db.domain.identity.APP_TITLE
    app.setApplicationDisplayName(QCoreApplication.translate("App", "等保台账"))
    return app


def _import_database_stack() -> None:
    """Import SQLAlchemy and the ledger's modules before the first PySide6 import.

    PySide6 replaces ``builtins.__import__`` with its own hook (``__feature_import__``, for its
    ``snake_case``/``true_property`` features), which every later import statement goes through:
    SQLAlchemy's few hundred modules imported after Qt cost about half a second more at start-up.
    Nothing here imports Qt (``desktop.services`` never does).
    """
    import db.store.storage  # noqa: F401 - SQLAlchemy, the models, the store
    import desktop.services.views  # noqa: F401 - the repositories the window's first page reads


def _ready_reporter(window: Any, app: Any) -> None:
    """Quit once the window has painted and the event loop has gone idle; print the timings."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        fired = False

        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt override
            if not self.fired and event.type() == QEvent.Type.Paint:
                self.fired = True
                QTimer.singleShot(0, done)
            return False

    def done() -> None:
        since_start = (time.perf_counter() - _T0) * 1000
        since_process = process_age_ms()
        line = f"ready since_start_ms={since_start:.0f}"
        if since_process is not None:
            line += f" since_process_ms={since_process:.0f}"
        print(line, flush=True)
        window.close()
        app.quit()

    watcher = Watcher(window)
    window.installEventFilter(watcher)
    for child in window.findChildren(QObject):
        if hasattr(child, "installEventFilter") and child.isWidgetType():
            child.installEventFilter(watcher)
    QTimer.singleShot(10000, done)  # never hang


def settle_memory() -> None:
    """Once the window is built: keep the objects made so far (modules, classes, widgets' wrappers —
    well over a hundred thousand) out of the cyclic garbage collector's full passes.

    Each full collection walks every tracked object; in a window that had just received an import's
    preview, one took 74 ms of the GUI thread, most of it over start-up objects that live until exit.
    Reference counting still frees everything as before; only cycles among these objects would stay."""
    gc.collect()
    gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        # exports and imports run in a child process (multiprocessing, spawn): in the frozen program
        # the child is this executable again, and must run the job instead of opening a window
        import multiprocessing

        multiprocessing.freeze_support()
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    if args.self_test:
        from desktop.selftest import run_self_test

        return int(run_self_test())
    headless = bool(args.screenshots or args.exit_when_ready)
    _import_database_stack()
    app = _setup_app([sys.argv[0]], args.lang)

    from desktop.services import private_temp

    # plain copies left by an earlier run that crashed (or whose viewer held a file open)
    private_temp.remove_stale()

    from db.domain.errors import LedgerError
    from db.store.paths import default_ledger_path
    from db.store.storage import open_ledger, resolve_target
    from desktop.ui import settings
    from desktop.ui.errors import show_error
    from desktop.ui.serverconn import startup_url
    from desktop.ui.single_instance import InstanceServer, notify_running, server_name

    # --url, else --db, else the server saved in 设置 → 服务器 (password from the OS keyring), else the file
    server_url, file_path = resolve_target(args.db, url=startup_url(args.url, args.db))
    target = server_url or str(file_path or default_ledger_path())
    name = server_name(target)
    instance = None
    if not headless and notify_running(name):
        return 0
    load_demo = False
    try:
        if server_url or headless:
            ledger = open_ledger(args.db, url=server_url, encryption=not args.no_encryption)
        else:
            from desktop.ui.firstrun import open_interactively
            from desktop.ui.unlock import QUIT, open_with_passphrase

            # a ledger kept by a passphrase asks for it first (or, new in portable mode, will be given one)
            opened = open_with_passphrase(Path(target))
            if opened == QUIT:
                return 1
            if opened is None:
                opened = open_interactively(Path(target), encrypt=not args.no_encryption)
            if opened is None:
                return 1
            ledger, load_demo = opened.ledger, opened.load_demo
    except LedgerError as exc:
        if headless:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
        from desktop.ui.unlock import recover_at_start

        # a damaged ledger file with a backup: offer 从最近的备份恢复
        recovered = recover_at_start(exc, file_path)
        if recovered is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, app.translate("App", "无法打开台账"), str(exc))
            return 1
        ledger = recovered
    if file_path is not None and not headless:
        settings.set("ledger/last_path", str(file_path))

    from desktop.ui.mainwindow import MainWindow
    from desktop.ui.worker import Database

    db = Database(ledger, show_error)
    window = MainWindow(db=db)
    if not headless:
        from desktop.ui.backuppanel import start_auto_backup

        instance = InstanceServer(name, lambda: _bring_forward(window), window)
        start_auto_backup(db, window)
    window.show()
    window.nav.setCurrentRow(0)
    settle_memory()
    if load_demo:
        _load_demo(window)
    status = 0
    if args.screenshots:
        from desktop.ui.screenshots import ScreenshotRunner

        def finished(paths: list[Path]) -> None:
            print(f"已写入 {len(paths)} 张截图到 {args.screenshots}")
            window.close()
            app.quit()

        runner = ScreenshotRunner(window, Path(args.screenshots), finished)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, runner.start)
    elif args.exit_when_ready:
        _ready_reporter(window, app)
    try:
        status = app.exec()
    finally:
        db.shutdown()
        if not headless:
            from desktop.ui.backuppanel import backup_on_exit

            backup_on_exit(ledger)  # after the worker stopped: a last backup when the ledger changed
        ledger.close()
        private_temp.cleanup()
        del instance
        _tear_down(app, window)
    return status


def _tear_down(app: Any, window: Any) -> None:
    """Destroy the window and the application now, in this order, while Python is fully alive.

    Left to the interpreter's exit, the QApplication is destroyed by PySide's module clean-up during
    finalisation: Qt then deletes the window's widgets, calls the Python overrides still installed on
    them (event filters, ``event()``) and frees queued cross-thread signal events that hold Python
    results of the database worker, at a time when Python objects are already being torn down - the
    ``Fatal Python error: bool_dealloc`` seen on exit. Here the worker thread has stopped (the caller
    ran ``Database.shutdown``); what it posted is discarded, the window and its children are deleted,
    and the application is shut down before ``main`` returns.
    """
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, qInstallMessageHandler

    from desktop.ui import wheelguard

    wheelguard.uninstall(app)
    if shiboken6.isValid(window):
        window.hide()
        # results the stopped worker posted to the main thread (Python objects inside Qt events)
        QCoreApplication.removePostedEvents(None)  # type: ignore[arg-type]  # None: every receiver
        shiboken6.delete(window)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.removePostedEvents(None)  # type: ignore[arg-type]  # None: every receiver
    app.shutdown()
    # Qt's own last messages must not call into a Python handler while the interpreter finalises
    qInstallMessageHandler(None)


def _bring_forward(window: Any) -> None:
    from PySide6.QtCore import Qt

    if window.isMinimized():
        window.showNormal()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def _load_demo(window: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from db.demo.unit import build_demo
    from desktop.ui.errors import show_error
    from desktop.ui.worker import CancelToken, ProgressGate

    token = CancelToken()
    gate = ProgressGate(window, QCoreApplication.translate("App", "正在载入演示数据…"), token)

    def failed(exc: BaseException, tb: str) -> None:
        gate.finish()
        show_error(exc, tb, window)

    window.db.write(build_demo, on_done=lambda _c: gate.finish(), on_error=failed)


if __name__ == "__main__":
    raise SystemExit(main())
