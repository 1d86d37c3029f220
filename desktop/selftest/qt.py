"""Self-test steps on Qt: the platform and image plugins, translations, QtPdf/QtCharts/QtPrintSupport,
and the main window built on the throwaway ledger, painted offscreen and closed.

Qt settings go to an INI file in the temporary folder while the test runs, never to the registry or
the user's configuration.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.domain.identity import APP_AUTHOR, APP_NAME, GUI_PROGRAM
from desktop.selftest.context import SAMPLE_TEXT, Context, bundle_root


def _qt_app(ctx: Context) -> Any:
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    if ctx.app is None:
        app = QApplication.instance()
        if app is None:
            if (
                sys.platform.startswith("linux")
                and not os.environ.get("QT_QPA_PLATFORM")
                and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
            ):
                os.environ["QT_QPA_PLATFORM"] = "offscreen"
            app = QApplication([sys.argv[0] if sys.argv else GUI_PROGRAM])
        if not QCoreApplication.organizationName():
            QCoreApplication.setOrganizationName(APP_AUTHOR)
        if not QCoreApplication.applicationName():
            QCoreApplication.setApplicationName(APP_NAME)
        # settings of whatever the window stores go to the temporary folder, never the registry
        ctx.cleanups.append(qsettings_restorer())
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(ctx.tmp / "settings"))
        ctx.app = app
    return ctx.app


def qsettings_restorer() -> Callable[[], None]:
    """Remember QSettings' default format and INI folders; the returned function puts them back."""
    from PySide6.QtCore import QSettings

    fmt = QSettings.defaultFormat()
    ini = QSettings.Format.IniFormat
    folders = {
        scope: str(Path(QSettings(ini, scope, "probe-org", "probe-app").fileName()).parent.parent)
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope)
    }

    def restore() -> None:
        QSettings.setDefaultFormat(fmt)
        for scope, folder in folders.items():
            QSettings.setPath(ini, scope, folder)

    return restore


def step_qt(ctx: Context) -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QGuiApplication, QImageReader

    _qt_app(ctx)
    platform_name = QGuiApplication.platformName()
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    native = {"win32": "qwindows", "darwin": "qcocoa"}.get(sys.platform, "qxcb")
    present = [p.name for p in (plugins / "platforms").glob("*")]
    missing = [stem for stem in (native, "qoffscreen") if not any(stem in name for name in present)]
    if missing:
        raise RuntimeError(f"platform plugins missing in {plugins / 'platforms'}: {', '.join(missing)}")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    lacking = {"png", "ico", "svg", "jpeg"} - formats
    if lacking:
        raise RuntimeError(f"image formats missing: {', '.join(sorted(lacking))}")
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_zh = QTranslator()
    if not qt_zh.load("qtbase_zh_CN", translations):
        raise RuntimeError(f"Qt's own Chinese translation qtbase_zh_CN.qm not found in {translations}")
    own = sorted((bundle_root() / "resources" / "translations").glob("*.qm"))
    for qm in own:
        if not QTranslator().load(str(qm)):
            raise RuntimeError(f"cannot load {qm.name}")
    return (
        f"PySide6 {pyside_version}, platform {platform_name}, plugins {plugins.name}/, "
        f"qtbase_zh_CN + {len(own)} own translations"
    )


def step_qt_modules(ctx: Context) -> str:
    from PySide6.QtCharts import QChart, QPieSeries
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QPageSize, QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    _qt_app(ctx)
    details = []
    if ctx.pdf is not None:
        doc = QPdfDocument()
        doc.load(str(ctx.pdf))
        if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
            raise RuntimeError(f"QtPdf could not open the generated PDF ({doc.error()})")
        image = doc.render(0, QSize(210, 297))
        if image.isNull():
            raise RuntimeError("QtPdf rendered an empty page")
        details.append(f"QtPdf previewed {doc.pageCount()} page(s)")
        doc.close()
    series = QPieSeries()
    series.append("逾期", 2)
    series.append("即将到期", 5)
    chart = QChart()
    chart.addSeries(series)
    details.append("QtCharts")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    target = ctx.tmp / "qprinter.pdf"
    printer.setOutputFileName(str(target))
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("QPrinter (PDF) could not start")
    painter.drawText(100, 100, SAMPLE_TEXT)
    painter.end()
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError("QPrinter wrote no PDF")
    details.append(f"QtPrintSupport ({len(QPrinterInfo.availablePrinterNames())} printers)")
    return ", ".join(details)


def step_window(ctx: Context) -> str:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QIcon

    # imported here: the window pulls in every page, which the other steps need not wait for
    from desktop.ui.mainwindow import MainWindow

    app = _qt_app(ctx)
    errors: list[str] = []
    previous_hook = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        errors.append("".join(traceback.format_exception_only(exc_type, exc)).strip())

    sys.excepthook = hook
    restore_settings = _isolate_window_settings(ctx)
    try:
        window = MainWindow(ledger=ctx.ledger)
        title = window.windowTitle()
        # laid out and painted, never on screen (also on Windows' real platform plugin)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.show()
        if window.grab().isNull():
            raise RuntimeError("the window painted nothing")
        icon = bundle_root() / "resources" / "icons" / "dengbao.ico"
        if icon.exists() and QIcon(str(icon)).isNull():
            raise RuntimeError(f"cannot load {icon.name}")
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)  # let queued start-up work (first queries) run
        loop.exec()
        window.close()
        window.deleteLater()
        loop2 = QEventLoop()
        QTimer.singleShot(200, loop2.quit)
        loop2.exec()
        app.sendPostedEvents()
    finally:
        sys.excepthook = previous_hook
        restore_settings()
    if errors:
        raise RuntimeError("errors while the window started: " + " | ".join(errors))
    settings = " (its QSettings redirected to the temporary folder)" if ctx.notes.get("settings") else ""
    return (
        f"{MainWindow.__module__}.{MainWindow.__name__}(ledger) built, painted and closed, "
        f"title {title!r}{settings}"
    )


def _isolate_window_settings(ctx: Context) -> Callable[[], None]:
    """Keep the window's settings (geometry saved on close…) out of the user's registry/config.

    ``QSettings(org, app)`` ignores the INI default set in :func:`_qt_app`; if the UI's settings
    helper builds one of those, it is swapped for an INI file in the temporary folder while the
    window lives. Returns the function that undoes the swap.
    """
    from PySide6.QtCore import QSettings

    from desktop.ui import settings

    original = settings.qsettings
    try:
        inside = Path(original().fileName()).resolve().is_relative_to(ctx.tmp.resolve())
    except Exception:  # noqa: BLE001 - a broken helper shows up in the window step anyway
        inside = True
    if inside:
        return lambda: None
    ini = str(ctx.tmp / "settings" / "window.ini")
    settings.qsettings = lambda: QSettings(ini, QSettings.Format.IniFormat)
    ctx.notes["settings"] = "patched"

    def restore() -> None:
        settings.qsettings = original

    return restore
