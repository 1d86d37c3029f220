"""Issue 19, the dashboard's statistics: the level chart names every level in full and draws each
count where it can be read (a province's 18184 stood half outside its bar, 未定级 was cut to 未定);
at the default size the statistics get a fair share of the width and need no sideways scrolling;
the divider the officer moves is remembered."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QValueAxis
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop.ui import fonts
from desktop.ui.mainwindow import MainWindow
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


def open_window(qtbot: Any, ledger: Any) -> MainWindow:
    fonts.setup_fonts(QApplication.instance())
    win = MainWindow(db=Database(ledger))
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    dash = win.dashboard
    qtbot.waitUntil(lambda: dash._charts is not None and win.db.pending == 0, timeout=30000)
    qtbot.wait(50)
    return win


def close_window(win: MainWindow) -> None:
    win.close()
    win.db.shutdown()


def test_level_chart_names_each_level_in_full_and_has_room_for_its_counts(qtbot, demo_ledger) -> None:
    win = open_window(qtbot, demo_ledger)
    try:
        dash = win.dashboard
        chart = dash._charts.levels_chart
        categories = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis)).categories()
        by_level = dict(dash.summary.objects_by_level)
        assert by_level.get(None, by_level.get(0)), "the demonstration ledger has ungraded websites"
        assert categories[-1] == "未定级"  # the last category is drawn at the top
        counts = next(a for a in chart.axes() if isinstance(a, QValueAxis))
        series = chart.series()[0]
        assert series.isLabelsVisible()
        assert series.labelsPosition() == QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd
        # past the longest bar there is room for its count
        assert counts.max() > max(by_level.values()) * 1.1
    finally:
        close_window(win)


def test_statistics_get_a_fair_share_of_the_default_window(qtbot, demo_ledger) -> None:
    win = open_window(qtbot, demo_ledger)
    try:
        em = win.fontMetrics().horizontalAdvance("中")
        win.resize(em * 90, em * 56)  # the first start's size
        qtbot.wait(100)
        sizes = win.dashboard.splitter.sizes()
        assert sizes[1] * 3 >= sum(sizes), sizes  # a third or more (it was a sliver)
        right = win.dashboard.splitter.widget(1)
        assert isinstance(right, QScrollArea)
        assert right.horizontalScrollBar().maximum() == 0  # the counts wrap rather than scroll sideways
        # blocks side by side start at the same height (a shorter one was centred beside a taller)
        flow = win.dashboard.counts_flow
        blocks = [flow.itemAt(i).geometry() for i in range(flow.count())]
        for a in blocks:
            for b in blocks:
                if a.top() <= b.top() <= a.bottom():
                    assert a.top() == b.top(), (a, b)
    finally:
        close_window(win)


def test_the_divider_is_remembered(qtbot, demo_ledger) -> None:
    win = open_window(qtbot, demo_ledger)
    try:
        win.resize(1200, 700)
        qtbot.wait(50)
        win.dashboard.splitter.setSizes([800, 300])
        qtbot.wait(50)
        moved = win.dashboard.splitter.sizes()
    finally:
        close_window(win)
    again = open_window(qtbot, demo_ledger)
    try:
        again.resize(1200, 700)
        qtbot.wait(50)
        assert again.dashboard.splitter.sizes() == moved
    finally:
        close_window(again)


def count_labels(win: MainWindow, block: int) -> list[Any]:
    grid = win.dashboard.counts_blocks[block]
    return [grid.itemAt(i).widget() for i in range(grid.count())]


def test_a_refresh_keeps_unchanged_counts_and_shows_changed_ones(qtbot, ledger) -> None:
    """Each refresh rebuilt every count label (58 on a province); now a block whose numbers did not
    change keeps its labels, and a changed one shows the new numbers."""
    from desktop.services import records as svc

    org = svc.save(ledger, "organizations", None, {"name": "测试市大数据局"})
    svc.save(ledger, "protected_objects", None, {"organization_id": org, "name": "测试市门户网站"})
    win = open_window(qtbot, ledger)
    try:
        dash = win.dashboard
        levels, filings = count_labels(win, 0), count_labels(win, 1)
        assert any(w.text() == "未定级" for w in levels) and "1" in [w.text() for w in levels]
        dash.refresh()
        qtbot.waitUntil(lambda: win.db.pending == 0 and dash.summary is not None, timeout=15000)
        qtbot.wait(50)
        assert count_labels(win, 0) == levels and count_labels(win, 1) == filings  # the same labels
        svc.save(ledger, "protected_objects", None, {"organization_id": org, "name": "测试市政务服务网"})
        win.db.ledger_changed.emit()
        qtbot.waitUntil(lambda: "2" in [w.text() for w in count_labels(win, 0)], timeout=15000)
        assert count_labels(win, 1) == filings  # the filings did not change
    finally:
        close_window(win)
