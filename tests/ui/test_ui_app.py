"""The window program as a whole: translations, fonts, screenshots, start-up, settings, errors, attachments."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "dengbao_en.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.gui




def _tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        pytest.skip(f"{name} not installed")
    return str(found)


def test_every_source_string_has_an_english_translation(tmp_path) -> None:
    """lupdate over the sources finds nothing the committed .ts lacks, and nothing is unfinished."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").glob("*.py")) + [str(ROOT / "desktop" / "app.py")]
    # the texts of the entity records (editor labels, titles) and the column titles the window translates
    sources += [str(ROOT / "db" / "repo" / "entities.py"), str(ROOT / "db" / "repo" / "columns.py")]
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(c.findtext("name"), m.findtext("source")) for c in ET.parse(fresh).getroot().iter("context")
              for m in c.iter("message")}
    committed = {}
    for c in ET.parse(TS).getroot().iter("context"):
        for m in c.iter("message"):
            tr = m.find("translation")
            committed[(c.findtext("name"), m.findtext("source"))] = (tr.get("type"), (tr.text or "").strip() or
                                                                      "".join(n.text or "" for n in tr))
    missing = wanted - set(committed)
    assert not missing, f"run pyside6-lupdate and translate: {sorted(missing)[:10]}"
    unfinished = [k for k, (kind, text) in committed.items() if kind in ("unfinished", "obsolete") or not text]
    assert not unfinished, unfinished[:10]


def test_qm_is_compiled_from_the_current_ts(tmp_path) -> None:
    out = tmp_path / "dengbao_en.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert QM.exists(), "compile with pyside6-lrelease resources/translations/dengbao_en.ts"
    assert out.read_bytes() == QM.read_bytes(), "dengbao_en.qm is stale: run pyside6-lrelease"


def test_english_and_chinese_qt_translators_load(qapp) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    from desktop.ui import i18n

    tr = QTranslator()
    assert tr.load("dengbao_en", str(i18n.translations_dir()))
    assert tr.translate("MainWindow", "工作台") == "Dashboard"
    qt_tr = QTranslator()
    from PySide6.QtCore import QLibraryInfo

    assert qt_tr.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    assert QCoreApplication.instance() is not None


def test_bundled_cjk_font_is_used_without_system_fonts(qapp) -> None:
    from desktop.ui import fonts

    family = fonts.setup_fonts(QApplication.instance())
    if fonts.system_cjk_family() is None or family == fonts.SANS_FAMILY:
        assert "Noto Sans SC" in fonts.register_bundled()
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert QApplication.font().families()[0] == family
    from PySide6.QtGui import QFontMetrics, QRawFont

    raw = QRawFont.fromFont(QApplication.font())
    assert raw.supportsCharacter(ord("等")) and raw.supportsCharacter(ord("级"))
    assert 0 not in raw.glyphIndexesForString("等保台账第三级")
    assert QFontMetrics(QApplication.font()).horizontalAdvance("等保台账") > 0


def test_settings_are_declared_once_with_defaults(qapp) -> None:
    from desktop.ui import settings

    keys = [s.key for s in settings.SETTINGS]
    assert len(keys) == len(set(keys))
    assert settings.get("attachments/max_mb") == 50
    settings.set("attachments/max_mb", 2)
    assert settings.get("attachments/max_mb") == 2
    assert all(s.tr_label() for s in settings.SETTINGS)


def test_attachments_refuse_big_files_and_keep_hash(qtbot, ledger, tmp_path) -> None:
    import hashlib

    from db.domain.validators import ValidationError
    from desktop.services import attachments, records

    org = records.save(ledger, "organizations", None, {"name": "测试单位"})
    small = tmp_path / "拓扑图.pdf"
    small.write_bytes(b"%PDF-1.4 test")
    info = attachments.add_file(ledger, "organizations", org, small, max_mb=1)
    assert info.sha256 == hashlib.sha256(b"%PDF-1.4 test").hexdigest() and info.mime_type == "application/pdf"
    big = tmp_path / "big.bin"
    big.write_bytes(b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="超过了允许的 1 MB"):
        attachments.add_file(ledger, "organizations", org, big, max_mb=1)
    assert attachments.export_to_temp(ledger, info.id).read_bytes() == b"%PDF-1.4 test"


def test_attachment_drop_adds_a_file(qtbot, ledger, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from desktop.services import records
    from desktop.ui.attachments import AttachmentsView
    from desktop.ui.worker import Database

    db = Database(ledger)
    try:
        org = records.save(ledger, "organizations", None, {"name": "拖放单位"})
        view = AttachmentsView(db, "organizations", org)
        qtbot.addWidget(view)
        f = tmp_path / "证明材料.txt"
        f.write_text("evidence", encoding="utf-8")
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(f))])
        event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                           Qt.KeyboardModifier.NoModifier)
        view.dropEvent(event)
        qtbot.waitUntil(lambda: db.pending == 0 and view.model.rowCount() == 1, timeout=10000)
        row = view.model.row_dict(0)
        assert row["filename"] == "证明材料.txt" and len(row["sha256"]) == 64 and row["size"] == 8
    finally:
        db.shutdown()


def test_known_errors_are_plain_and_unknown_show_details(qtbot) -> None:
    from db.domain.errors import LedgerBusyError
    from desktop.ui import errors

    box = errors.show_error(LedgerBusyError())
    assert box is not None and "另一个程序" in box.text()
    box.close()
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        dlg = errors.show_error(exc, "Traceback: boom")
    assert isinstance(dlg, errors.ErrorDialog) and "boom" in dlg.details.toPlainText()
    dlg.copy()
    assert "boom" in QApplication.clipboard().text()
    dlg.close()


def test_single_instance_brings_the_first_forward(qtbot) -> None:
    from desktop.ui.single_instance import InstanceServer, notify_running, server_name

    name = server_name(f"/tmp/test-{os.getpid()}.db")
    shown = []
    server = InstanceServer(name, lambda: shown.append(True))
    try:
        assert notify_running(name)
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    finally:
        server.server.close()
    assert not notify_running(server_name("/nonexistent/other.db"), timeout_ms=100)


def test_worker_delivers_on_main_thread_and_refreshes(qtbot, ledger) -> None:
    import threading

    from desktop.ui.worker import Database

    db = Database(ledger)
    seen = []
    try:
        with qtbot.waitSignal(db.ledger_changed, timeout=5000):
            db.write(lambda led: threading.current_thread().name, on_done=lambda r: seen.append(
                (r, threading.current_thread() is threading.main_thread())))
        assert seen and seen[0][1] and seen[0][0] != threading.main_thread().name
        errors = []
        db.call(lambda led: 1 / 0, on_error=lambda e, tb: errors.append((e, tb)))
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
        assert isinstance(errors[0][0], ZeroDivisionError) and "ZeroDivisionError" in errors[0][1]
    finally:
        db.shutdown()


def _run_app(args: list[str], db: Path, timeout: int = 240) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("DENGBAO_KEY", None)
    env["XDG_CONFIG_HOME"] = str(db.parent / "xdg-config")
    return subprocess.run(
        [sys.executable, "-m", "desktop.app", "--db", str(db), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def test_screenshots_one_png_per_page(demo_ledger, tmp_path) -> None:
    out = tmp_path / "shots"
    result = _run_app(["--screenshots", str(out)], demo_ledger.path)
    assert result.returncode == 0, result.stderr[-2000:]
    from desktop.ui.screenshots import PAGE_FILES

    names = {p.stem for p in out.glob("*.png")}
    assert set(PAGE_FILES) <= names
    assert {"12-object", "14-wizard", "15-editor-object"} <= names
    for p in out.glob("*.png"):
        assert p.stat().st_size > 5000, p


def test_exit_when_ready_reports_start_up_time(demo_ledger) -> None:
    result = _run_app(["--exit-when-ready"], demo_ledger.path, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(x for x in result.stdout.splitlines() if x.startswith("ready "))
    assert "since_start_ms=" in line


def test_print_previews_first_and_prints(qtbot, demo_ledger, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QWidget

    from db.repo import lists
    from desktop.ui import printing
    from desktop.ui.worker import Database

    with demo_ledger.session(write=False) as s:
        oid = lists.query_ids(s, "objects", lists.ListQuery(level=3))[0]
    db = Database(demo_ledger)
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        printing.preview_document(parent, db, "rectification", oid, "整改报告")
        qtbot.waitUntil(lambda: bool(printing.open_previews), timeout=60000)
        dlg = printing.open_previews[-1]
        assert dlg.document.pageCount() > 0
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out = tmp_path / "printed.pdf"
        printer.setOutputFileName(str(out))
        assert dlg.print_to(printer) == dlg.document.pageCount()
        assert out.stat().st_size > 1000
        dlg.close()
    finally:
        db.shutdown()


def test_export_page_workbook_and_import_preview(qtbot, demo_ledger, tmp_path) -> None:
    from desktop.ui.exportpage import ExportPage
    from desktop.ui.worker import Database

    db = Database(demo_ledger)
    page = ExportPage(db)
    qtbot.addWidget(page)
    try:
        out = tmp_path / "selfcheck.xlsx"
        page.export_to("selfcheck", "摸底自查表", str(out))
        qtbot.waitUntil(lambda: db.pending == 0 and out.exists(), timeout=30000)
        assert "已导出" in page.export_status.text()
        page.check_import(str(out))  # nothing is written: only a plan
        qtbot.waitUntil(lambda: db.pending == 0 and page.preview.summary.text() != "", timeout=30000)
        qtbot.waitUntil(lambda: "正在检查" not in page.preview.summary.text(), timeout=30000)
        total = sum(page.preview.models[k].rowCount() for k in ("created", "updated", "unchanged", "errors"))
        assert total > 0
    finally:
        db.shutdown()
