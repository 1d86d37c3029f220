"""A ledger with thousands of ungraded websites (a supervising department's 开办情况汇总表 just
imported): the dashboard says how many, lists the first of them, and leads to the full list in
定级对象 filtered to 未定级 — instead of building a tree row for every one on the GUI thread."""

from __future__ import annotations

from typing import Any

import pytest

from db.models import Organization, ProtectedObject
from db.repo.dashboard import PER_KIND_SHOWN
from desktop.ui.mainwindow import MainWindow
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


def _add_sites(ledger: Any, count: int) -> None:
    with ledger.session() as s:
        org = s.query(Organization).first()
        if org is None:
            org = Organization(name="测试市大数据局", uscc="11130000291417776L")
            s.add(org)
            s.flush()
        first = s.query(ProtectedObject).count()
        s.add_all(
            ProtectedObject(name=f"测试市网站{n:04d}", organization_id=org.id, status="running")
            for n in range(first, first + count)
        )


@pytest.fixture
def window(qtbot: Any, ledger: Any) -> Any:
    db = Database(ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    yield win
    win.close()
    db.shutdown()


def test_many_ungraded_objects(qtbot: Any, ledger: Any, window: Any) -> None:
    win, db = window, window.db
    dash = win.dashboard
    qtbot.waitUntil(lambda: dash.summary is not None and db.pending == 0, timeout=30000)
    many = PER_KIND_SHOWN + 57
    _add_sites(ledger, many)
    db.ledger_changed.emit()
    qtbot.waitUntil(lambda: dash.summary.ungraded_count == many and db.pending == 0, timeout=30000)
    assert len(dash.summary.ungraded) == PER_KIND_SHOWN
    assert str(many) in dash.headline.text()
    groups = [dash.tree.topLevelItem(i) for i in range(dash.tree.topLevelItemCount())]
    group = next(g for g in groups if g is not None and g.text(0).startswith("尚未定级"))
    assert group.text(0) == f"尚未定级（{many}）"
    assert group.childCount() == PER_KIND_SHOWN + 1  # the rows listed, and the way to the rest
    more = group.child(PER_KIND_SHOWN)
    assert more is not None and "还有 57 个" in more.text(0)
    dash.open_tree_item(more)
    page = win.pages[[k for k, _t, _w in win.pages].index("objects")][2].ensure().current()
    qtbot.waitUntil(lambda: db.pending == 0 and page.model.rowCount() == many, timeout=30000)
    assert page.level_filter is not None and page.level_filter.currentData() == 0


def test_a_hidden_dashboard_reads_again_when_shown(qtbot: Any, ledger: Any, window: Any) -> None:
    """A change made while another page is open (an import) is not rebuilt into the hidden dashboard;
    the dashboard reads the ledger again when the officer comes back to it."""
    win, db = window, window.db
    dash = win.dashboard
    qtbot.waitUntil(lambda: dash.summary is not None and db.pending == 0, timeout=30000)
    assert dash.summary.ungraded_count == 0
    shown: list[object] = []
    dash.shown.connect(lambda: shown.append(1))
    win.go_to("objects")
    qtbot.waitUntil(lambda: db.pending == 0, timeout=30000)
    _add_sites(ledger, 1)
    db.ledger_changed.emit()
    qtbot.wait(200)
    qtbot.waitUntil(lambda: db.pending == 0, timeout=30000)
    assert shown == [] and dash.summary.ungraded_count == 0  # hidden: not rebuilt
    win.go_to("dashboard")
    qtbot.waitUntil(lambda: shown != [] and db.pending == 0, timeout=30000)
    assert dash.summary.ungraded_count == 1
