"""Issue 19, the object page: the 测评 list shows a level test's 得分 and a 自查's 符合率 in a column the
default window shows; the 概况's multi-value fields (several domains, addresses, long names) are
given the height their wrapped lines need at the default and at the smallest window size."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel

from db.models import Assessment, ProtectedObject
from desktop.services import records as svc
from desktop.services import self_inspection
from desktop.ui import fonts, messages
from desktop.ui.mainwindow import MainWindow
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui

LONG_UNIT = "河北省某某市人民政府办公室电子政务与大数据综合服务管理中心（市政务信息化建设运行保障中心）"
DOMAINS = ["www.mouxxshi.gov.cn", "zwgk.mouxxshi.gov.cn", "hudong.mouxxshi.gov.cn",
           "banshi.service.mouxxshi.gov.cn", "某某市人民政府.政务", "某某市政务公开.政务"]
ADDRESSES = ["10.12.34.56", "10.12.34.0/24", "192.168.100.1-192.168.100.200", "203.0.113.7", "198.51.100.0/25"]


@pytest.fixture(autouse=True)
def never_block(monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_unsaved", lambda _p, _w: messages.Answer.DISCARD)


@pytest.fixture
def ids(ledger) -> dict[str, int]:
    """A unit with a long name, a website with six domains and five addresses, a level test with a
    score, a completed self-inspection (its 自查 assessment has a 符合率) and a 自查 registered by hand."""
    org = svc.save(ledger, "organizations", None, {"name": LONG_UNIT})
    obj = svc.save(ledger, "protected_objects", None, {
        "organization_id": org, "name": "某某市人民政府门户网站集约化平台（含政务公开、互动交流、办事服务子站）",
        "object_type": "website", "domains": DOMAINS, "ip_ranges": ADDRESSES,
        "ports": ["https/443", "http/80", "ssh/22"],
    })
    with ledger.session() as s:
        s.get(ProtectedObject, obj).current_level = 2
    level = svc.save(ledger, "assessments", None, {
        "object_id": obj, "kind": "level_test", "report_date": "2025-03-10", "conclusion": "良", "score": 88.5,
        "status": "reported",
    })
    by_hand = svc.save(ledger, "assessments", None, {
        "object_id": obj, "kind": "self_check", "report_date": "2024-05-01", "status": "reported",
    })
    ins = self_inspection.create(ledger, obj, date.today().year, today=date.today())
    items = self_inspection.show(ledger, ins).items
    verdicts = [self_inspection.Verdict(i.position, "nonconform" if n < 2 else "conform")
                for n, i in enumerate(items)]
    self_inspection.set_verdicts(ledger, ins, verdicts)
    checked, _findings = self_inspection.complete(ledger, ins)
    return {"object": obj, "level": level, "by_hand": by_hand, "checked": checked}


@pytest.fixture
def window(qtbot, ledger, ids):
    fonts.setup_fonts(QApplication.instance())
    db = Database(ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.open_object(ids["object"])
    settle(qtbot, win)
    yield win
    win.close()
    db.shutdown()


def settle(qtbot: Any, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=15000)
    qtbot.wait(80)
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=15000)


def cell(win: MainWindow, record_id: int, header: str) -> str:
    model = win.object_page.assessments
    col = next(c for c in range(model.columnCount()) if model.headerData(c, _h()) == header)
    row = next(r for r in range(model.rowCount()) if model.row_dict(r)["id"] == record_id)
    return str(model.index(row, col).data() or "")


def _h() -> Any:
    return Qt.Orientation.Horizontal


def test_tests_tab_shows_the_score_of_a_level_test_and_the_rate_of_a_self_check(qtbot, window, ids, ledger) -> None:
    win = window
    with ledger.session(write=False) as session:
        rate = session.get(Assessment, ids["checked"]).compliance_rate
    assert rate is not None
    assert cell(win, ids["level"], "得分/符合率") == "88.5"
    assert cell(win, ids["checked"], "得分/符合率") == f"{rate:g}%"
    assert cell(win, ids["by_hand"], "得分/符合率") == "未记录"


def test_score_column_is_seen_at_the_default_window_width(qtbot, window) -> None:
    """Right after 结论 and before the wide columns (测评机构, 报告编号), inside the table's visible part at
    the window's default size (here fitted to an 800-pixel-wide screen)."""
    win = window
    win.object_page.tabs.setCurrentIndex(3)
    settle(qtbot, win)
    view = win.object_page.assessments_view
    model = win.object_page.assessments
    titles = [model.headerData(c, _h()) for c in range(model.columnCount())]
    score = titles.index("得分/符合率")
    assert titles[score - 1] == "结论"
    assert score < titles.index("测评机构") and score < titles.index("报告编号")
    right = view.columnViewportPosition(score) + view.columnWidth(score)
    assert view.columnViewportPosition(score) >= 0 and right <= view.viewport().width()


@pytest.mark.parametrize("size", ["default", "minimum"])
def test_overview_values_get_the_height_their_lines_need(qtbot, window, size) -> None:
    win = window
    em = win.fontMetrics().horizontalAdvance("中")
    win.resize(win.minimumSizeHint() if size == "minimum" else QSize(em * 90, em * 56))
    win.object_page.tabs.setCurrentIndex(0)
    settle(qtbot, win)
    labels = [lbl for lbl in win.object_page.overview.findChildren(QLabel) if lbl.wordWrap() and lbl.isVisible()]
    texts = {lbl.text() for lbl in labels}
    assert "\n".join(DOMAINS[:4]) in texts and "\n".join(ADDRESSES) in texts and LONG_UNIT in texts
    short = [(lbl.text()[:20], lbl.height(), lbl.heightForWidth(lbl.width())) for lbl in labels
             if lbl.heightForWidth(lbl.width()) > lbl.height()]
    assert not short, f"clipped: {short}"
    # the header's unit line too
    unit = win.object_page.header.unit
    assert unit.heightForWidth(unit.width()) <= unit.height()
