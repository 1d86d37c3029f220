"""设置 → 审计记录: lazy paging through the whole trail, filters, and the chain check finding a tampered event."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from db.repo import audit_view
from desktop.services import records as svc
from desktop.ui import auditpage
from desktop.ui.auditpage import AuditPage
from desktop.ui.settingspage import SettingsPage
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(auditpage, "PAGE", 25)  # several pages from a small ledger


@pytest.fixture
def filled(ledger):
    """60 units, each renamed once: 120 events."""
    for n in range(60):
        oid = svc.save(ledger, "organizations", None, {"name": f"审计单位{n:02d}"})
        svc.save(ledger, "organizations", oid, {"name": f"审计单位{n:02d}（改名）"})
    return ledger


def total_events(ledger) -> int:
    with ledger.connect() as conn:
        return audit_view.count(conn)


@pytest.fixture
def page(qtbot, filled):
    db = Database(filled)
    p = AuditPage(db)
    qtbot.addWidget(p)
    p.resize(1100, 700)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.model.rowCount() > 0 and db.pending == 0)
    yield p
    db.shutdown()


def ids_shown(qtbot, p: AuditPage) -> list[int]:
    m = p.model
    for r in range(m.rowCount()):
        m.data(m.index(r, 0))  # asks for every page
    qtbot.waitUntil(lambda: m.complete and p.db.pending == 0)
    return [m.data(m.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(m.rowCount())]


def test_pages_through_every_event_newest_first(qtbot, page, filled, qtmodeltester) -> None:
    n = total_events(filled)
    assert n >= 120 and page.model.rowCount() == n
    assert f"共 {n:,} 条审计记录" == page.count_label.text()
    # only the first page was fetched up front
    assert list(page.model._pages) == [0]
    ids = ids_shown(qtbot, page)
    assert ids == sorted(ids, reverse=True) and ids[0] == n and ids[-1] == 1
    assert len(page.model._pages) == -(-n // auditpage.PAGE)
    # cells read like the history tab: who, when, what, old → new
    m = page.model
    row = next(r for r in range(m.rowCount()) if m.data(m.index(r, 3)) == "修改")
    texts = [m.data(m.index(row, c)) for c in range(m.columnCount())]
    assert texts[4].startswith("单位 #") and texts[5] == "单位名称"  # the editor's label
    assert texts[6].startswith("审计单位") and texts[7].endswith("（改名）")
    qtmodeltester.check(m)


def test_filters_narrow_the_list(qtbot, page, filled) -> None:
    page.text.setText("审计单位07")
    qtbot.waitUntil(lambda: page.model.filter.text == "审计单位07" and page.db.pending == 0)
    assert page.model.rowCount() == 2  # the insert and the rename
    assert "符合条件的记录 2 条" in page.count_label.text()
    page.clear_filters()
    qtbot.waitUntil(lambda: page.model.filter.empty and page.db.pending == 0)
    qtbot.waitUntil(lambda: page.entity.count() > 1)
    page.entity.setCurrentIndex(page.entity.findData("organizations"))
    qtbot.waitUntil(lambda: page.model.filter.entity == "organizations" and page.db.pending == 0)
    assert page.model.rowCount() == 120
    assert page.actor.count() == 2 and page.actor.itemData(1) == filled.actor
    tomorrow = date.today() + timedelta(days=2)
    page.since.setText(tomorrow.isoformat())
    qtbot.waitUntil(lambda: page.model.filter.since is not None and page.db.pending == 0)
    assert page.model.rowCount() == 0
    page.since.setText((date.today() - timedelta(days=1)).isoformat())
    page.until.setText(date.today().isoformat())
    qtbot.waitUntil(lambda: page.model.filter.until is not None and page.db.pending == 0, timeout=5000)
    qtbot.waitUntil(lambda: page.model.rowCount() == 120)


def test_verify_reports_ok_then_the_tampered_event(qtbot, page, filled) -> None:
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.last_report is not None and page.db.pending == 0, timeout=20000)
    assert page.last_report["ok"]
    assert "审计链完整" in page.result.text()

    # flip one byte of one stored event with raw SQL
    target = 37
    with filled.engine.begin() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE") if not conn.in_transaction() else None
        old = conn.execute(sa.text("SELECT new_value FROM audit_events WHERE id = :i"), {"i": target}).scalar()
        tampered = old.replace("审", "宙", 1)
        assert tampered != old
        conn.execute(sa.text("UPDATE audit_events SET new_value = :v WHERE id = :i"), {"v": tampered, "i": target})
    page.text.setText("审计单位")  # a filter that the check clears
    qtbot.waitUntil(lambda: page.model.filter.text == "审计单位" and page.db.pending == 0)
    page.last_report = None
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.last_report is not None and page.db.pending == 0, timeout=20000)
    report = page.last_report
    assert not report["ok"] and report["audit_chain"]["first_broken_id"] == target
    assert f"第 {target} 号记录" in page.result.text()
    assert "#c62828" in page.result.styleSheet()
    qtbot.waitUntil(lambda: page.view.currentIndex().isValid() and page.db.pending == 0, timeout=10000)
    assert page.model.filter.empty
    selected = page.model.data(page.view.currentIndex(), Qt.ItemDataRole.UserRole)
    assert selected == target
    row = page.view.currentIndex().row()
    assert page.model.data(page.model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
    qtbot.waitUntil(lambda: str(target) in page.details.toPlainText())


def test_audit_and_backup_are_tabs_of_settings(qtbot, filled) -> None:
    db = Database(filled)
    try:
        s = SettingsPage(db)
        qtbot.addWidget(s)
        titles = [s.tabs.tabText(i) for i in range(s.tabs.count())]
        assert titles == ["选项", "备份与恢复", "审计记录", "服务器", "节假日安排"]
        audit = s.show_tab("audit")
        assert isinstance(audit, AuditPage)
        qtbot.waitUntil(lambda: audit.model.rowCount() == total_events(filled) and db.pending == 0)
        backup = s.show_tab("backup")
        qtbot.waitUntil(lambda: backup.loaded and db.pending == 0)
    finally:
        db.shutdown()


def test_repository_pages_by_keyset_and_offset(filled) -> None:
    with filled.connect() as conn:
        n = audit_view.count(conn)
        first = audit_view.page(conn, limit=10)
        by_key = audit_view.page(conn, below_id=first[-1]["id"], limit=10)
        by_offset = audit_view.page(conn, offset=10, limit=10)
        assert [r["id"] for r in by_key] == [r["id"] for r in by_offset] == list(range(n - 10, n - 20, -1))
        f = audit_view.AuditFilter(text="审计单位03")
        assert audit_view.count(conn, f) == 2
        assert audit_view.position(conn, audit_view.AuditFilter(), n) == 0
        assert audit_view.position(conn, audit_view.AuditFilter(), 1) == n - 1
        assert audit_view.position(conn, f, 1) is None
        assert audit_view.count(conn, audit_view.AuditFilter(text="#5")) >= 1
        assert audit_view.count(conn, audit_view.AuditFilter(text="100%_")) == 0
