"""The window on a department server (real PostgreSQL): it says who is logged in, in what role and
scope, whether the connection is encrypted, and an auditor's window is read-only and says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pg_server import fresh_database

from db.models import Organization
from db.store import server_admin
from db.store.storage import open_ledger
from desktop.ui.mainwindow import MainWindow
from desktop.ui.worker import Database

pytestmark = [pytest.mark.gui, pytest.mark.pg]


@pytest.fixture
def department() -> Iterator[dict[str, Any]]:
    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        with led.session() as s:
            dept = Organization(name="某厅")
            unit = Organization(name="甲单位", parent=dept)
            s.add_all([dept, unit, Organization(name="甲一分局", parent=unit)])
            s.flush()
            unit_id = unit.id
        led.close()
        engine = sa.create_engine(srv.url, poolclass=sa.pool.NullPool)
        server_admin.init(engine)
        logins = {"unit": srv.login_name("unit"), "aud": srv.login_name("aud")}
        server_admin.add_user(engine, logins["unit"], "unit", unit_id, "pw")
        server_admin.add_user(engine, logins["aud"], "auditor", None, "pw")
        engine.dispose()
        yield {"srv": srv, "logins": logins}


def _window(qtbot: Any, url: str) -> tuple[MainWindow, Any]:
    """The window on ``url``, once the server has said who the officer is."""
    ledger = open_ledger(url=url)
    win = MainWindow(db=Database(ledger))
    qtbot.addWidget(win)
    # the window is built before the server is asked (the worker asks it, not the GUI thread)
    assert "正在核对账户" in win.ledger_label.text()
    win.show()
    qtbot.waitUntil(lambda: "正在核对账户" not in win.ledger_label.text(), timeout=15000)
    return win, ledger


def test_status_bar_and_settings_show_the_officer(qtbot: Any, department: dict[str, Any]) -> None:
    srv, logins = department["srv"], department["logins"]
    win, ledger = _window(qtbot, srv.url_as(logins["unit"]))
    try:
        text = win.ledger_label.text()
        assert logins["unit"] in text and "单位" in text and "甲单位及其下属单位（共 2 个单位）" in text
        assert "连接未加密" in text and "保护" not in text  # the test server speaks plain TCP
        assert win.new_action.isEnabled()
        from desktop.ui.serverconn import ServerPanel

        panel = ServerPanel(ledger)
        qtbot.addWidget(panel)
        panel.show()
        qtbot.waitUntil(lambda: panel.officer_login.text() == logins["unit"], timeout=10000)
        assert panel.officer_role.text() == "单位"
        assert "甲单位" in panel.officer_scope.text() and panel.officer_tls.text() == "连接未加密"
        shots = os.environ.get("DENGBAO_SCREENSHOTS")
        if shots:
            from PySide6.QtWidgets import QApplication

            from desktop.ui.fonts import setup_fonts

            app = QApplication.instance()
            assert isinstance(app, QApplication)
            setup_fonts(app)
            panel.resize(760, 560)
            panel.grab().save(str(Path(shots) / "server-officer-panel.png"))
            win.resize(1280, 800)
            win.grab().save(str(Path(shots) / "server-officer-window.png"))
    finally:
        win.db.shutdown()
        ledger.close()


def test_an_auditors_window_is_read_only_and_says_so(qtbot: Any, department: dict[str, Any]) -> None:
    srv, logins = department["srv"], department["logins"]
    win, ledger = _window(qtbot, srv.url_as(logins["aud"]))
    try:
        assert "只读" in win.ledger_label.text() and "只读审计" in win.ledger_label.text()
        assert "只读" in win.windowTitle()
        qtbot.waitUntil(lambda: not win.new_action.isEnabled() and not win.save_action.isEnabled(), timeout=5000)
    finally:
        win.db.shutdown()
        ledger.close()


def test_tls_settings_go_into_the_saved_address(qtbot: Any, tmp_path: Path, monkeypatch: Any, ledger: Any) -> None:
    from desktop.ui import serverconn, settings

    panel = serverconn.ServerPanel(ledger)
    qtbot.addWidget(panel)
    panel.url.setText("postgresql+psycopg://officer@db.example:5432/dengbao")
    monkeypatch.setattr(serverconn, "ask_password", lambda _p, _url: "口令123")
    panel.sslmode.setCurrentIndex(panel.sslmode.findData("verify-full"))
    panel.save_button.click()  # no CA file: refused, nothing saved
    assert "CA" in panel.status.text() and not settings.get("ledger/server_url")
    ca = tmp_path / "dept-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    panel.ca_file.setText(str(ca))
    panel.save_button.click()
    saved = str(settings.get("ledger/server_url"))
    assert "sslmode=verify-full" in saved and "sslrootcert=" in saved and "口令123" not in saved
    again = serverconn.ServerPanel(ledger)
    qtbot.addWidget(again)
    assert again.sslmode.currentData() == "verify-full" and again.ca_file.text() == str(ca)


def test_the_owner_is_told_it_is_not_an_officer(qtbot: Any, department: dict[str, Any]) -> None:
    win, ledger = _window(qtbot, department["srv"].url)
    try:
        text = win.ledger_label.text()
        assert "数据库所有者" in text and "只读" not in text and win.new_action.isEnabled()
    finally:
        win.db.shutdown()
        ledger.close()
