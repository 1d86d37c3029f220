"""``dengbao --self-test``: prove that this installation (frozen or from source) has what it needs.

    dengbao --self-test [--self-test-log FILE]
    python -m desktop.selftest [--log FILE]

Everything happens in a temporary folder with a throwaway key: ``DENGBAO_KEY``, ``DENGBAO_DB_URL``
and ``DENGBAO_PORTABLE_DIR`` point there while the test runs and Qt settings go to an INI file
there, so the user's ledger, settings and keyring entries are never read or written (the keyring
step only asks which backend is in use).

One line per step, ``OK``/``WARN``/``FAIL name: detail``; the exit status is 0 only when every
required step passed. A ``WARN`` is reported but does not fail (e.g. no keyring backend on a
Linux build machine, no PostgreSQL driver).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import os
import platform
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from keyring.backend import KeyringBackend
from keyring.compat import properties

#: where the main window may live; the first importable module with a ``MainWindow`` wins
WINDOW_MODULES = ("desktop.ui.main_window", "desktop.ui.mainwindow", "desktop.ui.window", "desktop.ui")
WINDOW_CLASS = "MainWindow"
ORGANIZATION = "Dengbao"
APPLICATION = "DengbaoLedger"
SAMPLE_TEXT = "网络安全等级保护备案表 自检"
_ISOLATED_ENV = ("DENGBAO_KEY", "DENGBAO_DB_URL", "DENGBAO_PORTABLE_DIR")


class Warn(Exception):
    """Raised by a step that found something worth saying but not worth failing for."""


@dataclass
class StepResult:
    name: str
    status: str  # OK / WARN / FAIL
    detail: str
    seconds: float
    required: bool = True

    def line(self) -> str:
        sep = ": " if self.detail else ""
        return f"{self.status} {self.name}{sep}{self.detail} ({self.seconds:.1f} s)"


@dataclass
class Context:
    tmp: Path
    key_hex: str
    ledger: Any = None
    pdf: Path | None = None
    app: Any = None
    notes: dict[str, str] = field(default_factory=dict)
    cleanups: list[Callable[[], None]] = field(default_factory=list)
    real_keyring: Any = None  #: the user's keyring backend, set aside while the test runs


def frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """Where the bundled data lives: the PyInstaller ``_internal`` folder, or the repository."""
    meipass = getattr(sys, "_MEIPASS", None)
    return Path(meipass) if meipass else Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------------------------
# Steps. Each returns a one-line detail, raises Warn for a warning, anything else for a failure.


def step_environment(ctx: Context) -> str:
    from db.store.migrate import app_version

    version = app_version()
    if frozen() and version.endswith("+source"):
        raise RuntimeError(
            "package metadata for dengbao-ledger missing from the bundle (app_version unknown)"
        )
    where = "frozen" if frozen() else "source"
    return (
        f"等保台账 {version}, {where}, Python {platform.python_version()} on {platform.platform(terse=True)}"
    )


def step_portable(ctx: Context) -> str:
    from desktop import portable

    root = portable.detect_portable()
    if root is not None:
        return f"portable mode: data in {root / 'data'}"
    folder = portable.program_dir()
    if folder is None:
        return "installed mode (running from source: portable markers are not looked for)"
    return f"installed mode (no {' / '.join(portable.MARKERS)} beside {folder})"


def step_resources(ctx: Context) -> str:
    from db.domain.rules import all_rule_sets

    root = bundle_root() / "resources"
    rules = all_rule_sets()
    fonts = sorted(p.name for p in (root / "fonts").glob("*.ttf"))
    if not fonts:
        raise FileNotFoundError(f"no bundled fonts in {root / 'fonts'}")
    licences = sorted(p.name for p in (root / "fonts").glob("OFL*.txt"))
    if not licences:
        raise FileNotFoundError("OFL licence files missing beside the bundled fonts")
    qm = sorted(p.name for p in (root / "translations").glob("*.qm"))
    icons = (
        sorted(p.name for p in (root / "icons").glob("*") if p.is_file()) if (root / "icons").is_dir() else []
    )
    return (
        f"{len(rules)} rule sets, {len(fonts)} fonts + {len(licences)} licences, "
        f"{len(qm)} translations, {len(icons)} icons"
    )


def step_ledger(ctx: Context) -> str:
    from db.domain.errors import WrongKeyError
    from db.store import migrate
    from db.store.check import check_ledger
    from db.store.keys import parse_key
    from db.store.storage import is_plain_sqlite, open_ledger

    path = ctx.tmp / "data" / "ledger.db"
    ledger = open_ledger(path)
    if not ledger.created or not ledger.encrypted:
        raise RuntimeError(
            f"expected a new encrypted ledger, got created={ledger.created} encrypted={ledger.encrypted}"
        )
    with ledger.connect() as conn:
        revision = migrate.current_revision(conn)
        tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").scalar()
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    head = migrate.head_revision()
    if revision != head:
        raise RuntimeError(f"migrated to {revision}, head is {head}")
    report = check_ledger(ledger)
    if not report.ok:
        raise RuntimeError("check failed: " + "; ".join(report.lines()))
    ledger.close()
    if is_plain_sqlite(path):
        raise RuntimeError("the ledger file is not encrypted")
    os.environ["DENGBAO_KEY"] = secrets.token_hex(32)
    try:
        open_ledger(path).close()
    except WrongKeyError:
        pass
    else:
        raise RuntimeError("the ledger opened with a wrong key")
    finally:
        os.environ["DENGBAO_KEY"] = ctx.key_hex
    ctx.ledger = open_ledger(path, key=parse_key(ctx.key_hex))
    return f"encrypted ledger (SQLCipher {cipher}) migrated to {head}, {tables} tables, check passed, wrong key refused"


def step_keyring(ctx: Context) -> str:
    """Which credential store the keys would go to. Nothing is read from or written to it."""
    import keyring

    from db.store.keys import keyring_available

    backend = ctx.real_keyring
    if backend is None:
        raise RuntimeError("keyring could not be initialised")
    chain = getattr(backend, "backends", None) or [backend]
    names = ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in chain) or "none"
    stand_in = keyring.get_keyring()
    keyring.set_keyring(backend)  # only to ask db.store.keys whether it would accept this backend
    try:
        available = keyring_available()
    finally:
        keyring.set_keyring(stand_in)
    if not available:
        message = f"no usable credential store ({names}); keys would need DENGBAO_KEY or a recovery key"
        if sys.platform.startswith("win"):
            raise RuntimeError(message)
        raise Warn(message)
    if sys.platform.startswith("win") and not any("Windows" in type(b).__module__ for b in chain):
        raise RuntimeError(f"Windows Credential Manager backend not found (have {names})")
    return names


def step_pdf(ctx: Context) -> str:
    from pypdf import PdfReader

    out = ctx.tmp / "selftest.pdf"
    how = _render_pdf(out)
    reader = PdfReader(str(out))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if SAMPLE_TEXT.split()[0] not in text.replace(" ", ""):
        raise RuntimeError(f"the Chinese sample text did not come back out of the PDF ({text[:40]!r})")
    fonts = sorted(
        {
            str(f.get_object()["/BaseFont"])
            for page in reader.pages
            for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
        }
    )
    ctx.pdf = out
    return f"{how}: {len(reader.pages)} page(s), {out.stat().st_size // 1024} KiB, fonts {', '.join(fonts)}"


def _render_pdf(out: Path) -> str:
    try:
        from desktop.documents import pdf_base
    except ModuleNotFoundError as exc:
        if exc.name not in ("desktop.documents", "desktop.documents.pdf_base"):
            raise
        return _render_pdf_plain(out)
    st = pdf_base.styles()
    story = [pdf_base.para(SAMPLE_TEXT, st.title), pdf_base.para("这是等保台账自检生成的页面。", st.body)]
    pages = pdf_base.build_pdf(story, out, title=SAMPLE_TEXT, margins=pdf_base.REPORT_MARGINS)
    if pages < 1:
        raise RuntimeError("desktop.documents produced no page")
    return "desktop.documents"


def _render_pdf_plain(out: Path) -> str:
    """Fallback while desktop.documents does not exist: reportlab with the bundled font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    font = bundle_root() / "resources" / "fonts" / "NotoSansSC-Regular.ttf"
    pdfmetrics.registerFont(TTFont("SelfTestSC", str(font)))
    canvas = Canvas(str(out), pagesize=A4)
    canvas.setFont("SelfTestSC", 16)
    canvas.drawString(72, 760, SAMPLE_TEXT)
    canvas.showPage()
    canvas.save()
    return "reportlab (desktop.documents not present)"


def step_workbook(ctx: Context) -> str:
    import openpyxl
    from python_calamine import CalamineWorkbook

    out = ctx.tmp / "selftest.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "摸底自查表"
    ws.append(["序号", "网站名称", "备案证明编号"])
    ws.append([1, "河北机构编制网", "13010099001-26003"])
    wb.save(out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("摸底自查表").to_python()
    if rows[1][1] != "河北机构编制网":
        raise RuntimeError(f"read back {rows!r}")
    return f"openpyxl wrote, python-calamine read back {len(rows)} rows"


def step_libraries(ctx: Context) -> str:
    import datetime as dt

    import chinese_calendar
    import idna
    import phonenumbers
    from stdnum.cn import ric, uscc

    if not uscc.is_valid("91110000600037341L"):
        raise RuntimeError("stdnum.cn.uscc rejected a valid code")
    ric.validate("110101199003070134")  # needs stdnum's bundled loc.dat (region codes)
    number = phonenumbers.parse("13800138000", "CN")
    if not phonenumbers.is_valid_number(number):
        raise RuntimeError("phonenumbers: a valid CN mobile number was rejected")
    if idna.encode("政府.政务").decode() != "xn--mxtq1m.xn--zfr164b":
        raise RuntimeError("idna encoded 政府.政务 wrongly")
    if chinese_calendar.is_workday(dt.date(2025, 10, 1)):
        raise RuntimeError("chinese_calendar: 2025-10-01 (National Day) reported as a working day")
    return "stdnum (uscc, ric/loc.dat), phonenumbers, idna, chinese_calendar"


def step_server_driver(ctx: Context) -> str:
    try:
        import psycopg
        import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401 - the dialect SQLAlchemy loads by name
    except ImportError as exc:
        raise Warn(f"PostgreSQL driver not bundled ({exc}); server mode unavailable") from exc
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__})"


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
            app = QApplication([sys.argv[0] if sys.argv else "dengbao"])
        if not QCoreApplication.organizationName():
            QCoreApplication.setOrganizationName(ORGANIZATION)
        if not QCoreApplication.applicationName():
            QCoreApplication.setApplicationName(APPLICATION)
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
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
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

    app = _qt_app(ctx)
    module, cls = _find_window_class()
    kwargs = _window_kwargs(cls, ctx)
    errors: list[str] = []
    previous_hook = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        errors.append("".join(traceback.format_exception_only(exc_type, exc)).strip())

    sys.excepthook = hook
    restore_settings = _isolate_window_settings(ctx)
    try:
        window = cls(**kwargs)
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
    passed = ", ".join(kwargs) or "no arguments"
    settings = " (its QSettings redirected to the temporary folder)" if ctx.notes.get("settings") else ""
    return f"{module}.{WINDOW_CLASS}({passed}) built, painted and closed, title {title!r}{settings}"


def _isolate_window_settings(ctx: Context) -> Callable[[], None]:
    """Keep the window's settings (geometry saved on close…) out of the user's registry/config.

    ``QSettings(org, app)`` ignores the INI default set in :func:`_qt_app`; if the UI's settings
    helper builds one of those, it is swapped for an INI file in the temporary folder while the
    window lives. Returns the function that undoes the swap.
    """
    try:
        module = importlib.import_module("desktop.ui.settings")
    except ModuleNotFoundError:
        return lambda: None
    original = getattr(module, "qsettings", None)
    if original is None:
        return lambda: None
    try:
        inside = Path(original().fileName()).resolve().is_relative_to(ctx.tmp.resolve())
    except Exception:  # noqa: BLE001 - a broken helper shows up in the window step anyway
        inside = True
    if inside:
        return lambda: None
    from PySide6.QtCore import QSettings

    ini = str(ctx.tmp / "settings" / "window.ini")
    module.qsettings = lambda: QSettings(ini, QSettings.Format.IniFormat)  # type: ignore[attr-defined]
    ctx.notes["settings"] = "patched"

    def restore() -> None:
        module.qsettings = original  # type: ignore[attr-defined]

    return restore


def _find_window_class() -> tuple[str, type]:
    tried = []
    for name in WINDOW_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
                tried.append(name)
                continue
            raise
        cls = getattr(module, WINDOW_CLASS, None)
        if cls is not None:
            return name, cls
        tried.append(f"{name} (no {WINDOW_CLASS})")
    raise RuntimeError(f"main window not found: no {WINDOW_CLASS} in {', '.join(tried)}")


def _window_kwargs(cls: type, ctx: Context) -> dict[str, Any]:
    """Pass the throwaway ledger to a constructor that asks for one; leave other arguments to their defaults."""
    kwargs: dict[str, Any] = {}
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return kwargs
    for name, param in params.items():
        if name == "ledger" and ctx.ledger is not None:
            kwargs[name] = ctx.ledger
        elif param.default is inspect.Parameter.empty and param.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            raise RuntimeError(f"{WINDOW_CLASS} needs argument {name!r} the self-test cannot supply")
    return kwargs


#: (name, function, required)
STEPS: tuple[tuple[str, Callable[[Context], str], bool], ...] = (
    ("environment", step_environment, True),
    ("portable", step_portable, True),
    ("resources", step_resources, True),
    ("ledger", step_ledger, True),
    ("keyring", step_keyring, True),
    ("pdf", step_pdf, True),
    ("workbook", step_workbook, True),
    ("libraries", step_libraries, True),
    ("postgresql", step_server_driver, False),
    ("qt", step_qt, True),
    ("qt-modules", step_qt_modules, True),
    ("window", step_window, True),
)


# ---------------------------------------------------------------------------------------------


class ThrowawayKeyring(KeyringBackend):
    """Stands in for the OS credential store during the self-test: keys stay in this object.

    Never chosen by keyring's own backend discovery (every subclass is a candidate there): its
    priority raises, which makes it "not viable"; only :func:`isolated` installs it, explicitly.
    """

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]  # noqa: N805 - a class property
        raise RuntimeError("installed explicitly by the self-test only")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@contextlib.contextmanager
def isolated(ctx: Context) -> Iterator[None]:
    """Point every user-data location at ``ctx.tmp`` for the duration; restore afterwards.

    The keyring is swapped for a throwaway in-memory one: opening an existing ledger with a
    given key stores that key in the keyring (db.store.storage), which must not reach the user's
    Credential Manager.
    """
    import keyring

    saved = {name: os.environ.get(name) for name in _ISOLATED_ENV}
    os.environ["DENGBAO_KEY"] = ctx.key_hex
    os.environ["DENGBAO_DB_URL"] = f"sqlite:///{(ctx.tmp / 'data' / 'ledger.db').as_posix()}"
    os.environ["DENGBAO_PORTABLE_DIR"] = str(ctx.tmp)  # db.store.storage.default_data_dir() -> tmp/data
    try:
        ctx.real_keyring = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - reported by the keyring step
        ctx.real_keyring = None
    keyring.set_keyring(ThrowawayKeyring())
    try:
        yield
    finally:
        if ctx.real_keyring is not None:
            keyring.set_keyring(ctx.real_keyring)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_self_test(
    stream: TextIO | None = None,
    *,
    steps: tuple[tuple[str, Callable[[Context], str], bool], ...] = STEPS,
) -> int:
    """Run every step, print one line each to ``stream`` (stdout by default); 0 if all required passed."""
    out = stream if stream is not None else sys.stdout
    results: list[StepResult] = []

    def emit(text: str) -> None:
        if out is not None:
            print(text, file=out, flush=True)

    with tempfile.TemporaryDirectory(prefix="dengbao-selftest-") as tmpdir:
        tmp = Path(tmpdir)
        ctx = Context(tmp=tmp, key_hex=secrets.token_hex(32))
        with isolated(ctx):
            for name, func, required in steps:
                started = time.perf_counter()
                try:
                    detail = func(ctx)
                    status = "OK"
                except Warn as exc:
                    status, detail = "WARN", str(exc)
                except Exception as exc:  # noqa: BLE001 - every failure becomes a FAIL line
                    status = "FAIL" if required else "WARN"
                    detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")
                result = StepResult(name, status, detail, time.perf_counter() - started, required)
                results.append(result)
                emit(result.line())
            if ctx.ledger is not None:
                ctx.ledger.close()
            for undo in reversed(ctx.cleanups):
                with contextlib.suppress(Exception):
                    undo()
    failed = [r.name for r in results if r.status == "FAIL"]
    warned = [r.name for r in results if r.status == "WARN"]
    if failed:
        emit(f"SELF-TEST FAILED: {', '.join(failed)}")
        return 1
    emit(f"self-test passed: {len(results) - len(warned)} OK, {len(warned)} warnings")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry for ``dengbao --self-test [--self-test-log FILE]`` and ``python -m desktop.selftest [--log FILE]``.

    A windowed ``dengbao.exe`` may have no console; ``--self-test-log`` (or the environment variable
    ``DENGBAO_SELFTEST_LOG``) writes the same lines to a file as well.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    log_path = os.environ.get("DENGBAO_SELFTEST_LOG") or None
    for flag in ("--self-test-log", "--log"):
        if flag in args:
            i = args.index(flag)
            if i + 1 < len(args):
                log_path = args[i + 1]
    streams: list[TextIO] = []
    if sys.stdout is not None:
        with contextlib.suppress(AttributeError, OSError):
            sys.stdout.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        streams.append(sys.stdout)
    log = open(log_path, "w", encoding="utf-8") if log_path else None  # noqa: SIM115 - closed below
    if log is not None:
        streams.append(log)
    try:
        return run_self_test(_Tee(streams))
    finally:
        if log is not None:
            log.close()


class _Tee:
    def __init__(self, streams: list[TextIO]) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            with contextlib.suppress(OSError, ValueError):
                s.write(text)
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            with contextlib.suppress(OSError, ValueError):
                s.flush()


if __name__ == "__main__":
    sys.exit(main())
