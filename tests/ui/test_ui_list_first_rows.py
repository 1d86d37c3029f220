"""The findings list's first rows on screen: laid out once, painted before the full id query runs,
and the 问题整改 page built ahead of need (counts and order only, never timings)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from desktop.services import views
from desktop.ui import models
from desktop.ui.listpage import ListPage, ListView
from desktop.ui.mainwindow import MainWindow
from desktop.ui.pages import FindingsPage
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


@pytest.fixture
def db(qtbot, demo_ledger):
    database = Database(demo_ledger)
    yield database
    database.shutdown()


class PaintLog:
    """What the list's view had painted when the worker started reading every id."""

    def __init__(self) -> None:
        self.paints: list[tuple[int, bool]] = []  # (rows in the model, vertical scroll bar shown)
        self.at_full_query: list[int] = []

    def painted_rows(self) -> int:
        return sum(1 for rows, _bar in self.paints if rows > 0)


@pytest.fixture
def paint_log(monkeypatch: pytest.MonkeyPatch) -> PaintLog:
    log = PaintLog()
    paint = ListView.paintEvent

    def logged_paint(view: ListView, event: Any) -> None:
        rows, bar = view.model().rowCount(), view.verticalScrollBar().isVisible()
        paint(view, event)
        log.paints.append((rows, bar))  # once painted

    monkeypatch.setattr(ListView, "paintEvent", logged_paint)
    list_ids = views.list_ids

    def logged_list_ids(ledger: Any, name: str, query: Any) -> list[int]:
        log.at_full_query.append(log.painted_rows())  # read on the worker thread
        return list_ids(ledger, name, query)

    monkeypatch.setattr(views, "list_ids", logged_list_ids)
    # however slow the machine, the full id query waits for the paint in this test
    monkeypatch.setattr(models, "PAINT_WAIT_S", 30.0, raising=False)
    # only the list's own queries in the worker (the units' chooser has its own test)
    monkeypatch.setattr(ListPage, "_load_orgs", lambda _page: None)
    return log


def shown_findings(qtbot: Any, db: Database) -> ListPage:
    page = ListPage(db, "findings")
    qtbot.addWidget(page)
    page.resize(900, 400)  # fewer than 100 rows fit: the first page needs a scroll bar
    page.show()
    qtbot.waitExposed(page)
    return page


def test_first_rows_are_painted_before_every_id_is_read(qtbot, db: Database, paint_log: PaintLog) -> None:
    page = shown_findings(qtbot, db)
    page.activate()
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert page.model.rowCount() > models.PAGE  # the demo ledger has more than one page of findings
    # the worker read every id only once the first page had been painted
    assert len(paint_log.at_full_query) == 1
    assert paint_log.at_full_query[0] >= 1
    # a list no one sees does not wait for a paint
    hidden = ListPage(db, "findings")
    qtbot.addWidget(hidden)
    hidden.activate()
    qtbot.waitUntil(lambda: hidden.model.complete and db.pending == 0, timeout=5000)
    assert hidden.model.rowCount() == page.model.rowCount() and len(paint_log.at_full_query) == 2


def test_first_rows_are_laid_out_when_they_arrive(qtbot, db: Database, paint_log: PaintLog) -> None:
    """The scroll bar and the stretched column are set as the first page comes in, so the first
    paint of the rows is the final one (not one paint, then another for the narrower viewport)."""
    page = shown_findings(qtbot, db)
    range_when_ready: list[int] = []
    page.model.first_rows_ready.connect(lambda: range_when_ready.append(page.view.verticalScrollBar().maximum()))
    page.activate()
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert len(range_when_ready) == 1 and range_when_ready[0] > 0  # laid out for the 100 rows already


def test_units_chooser_filled_once_every_id_is_in(qtbot, db: Database, demo_ledger) -> None:
    page = ListPage(db, "findings")
    qtbot.addWidget(page)
    filled: list[int] = []
    fill = page._fill_orgs

    def logged_fill(orgs: list[tuple[int, str]]) -> None:
        filled.append(page.model.rowCount())
        fill(orgs)

    page._fill_orgs = logged_fill  # type: ignore[method-assign]
    page.activate()
    qtbot.waitUntil(lambda: bool(filled) and db.pending == 0, timeout=10000)
    assert filled == [len(page.model.ids)] and page.model.complete
    with demo_ledger.session(write=False) as s:
        from db.repo import lists

        units = len(lists.lookup(s, "organizations"))
    assert page.org_filter is not None and page.org_filter.count() == units + 1


def test_findings_page_built_ahead_of_need(qtbot, demo_ledger) -> None:
    from desktop.ui import fonts

    fonts.setup_fonts(QApplication.instance())
    db = Database(demo_ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    try:
        slot = next(slot for key, _t, slot in win.pages if key == "findings")
        qtbot.waitUntil(lambda: win.dashboard.loaded, timeout=15000)
        qtbot.waitUntil(lambda: slot.widget is not None, timeout=5000)
        built = slot.widget
        qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)
        assert isinstance(built, FindingsPage)
        lists_page = built.current()
        assert not lists_page.model.active and lists_page.model.rowCount() == 0  # nothing shown, nothing listed
        # the other lists are still built only when first shown
        assert all(s.widget is None for key, _t, s in win.pages if key not in ("dashboard", "findings"))
        shown = win.go_to("findings")
        assert shown is built
        qtbot.waitUntil(lambda: lists_page.model.rowCount() > 0 and db.pending == 0, timeout=10000)
    finally:
        win.close()
        db.shutdown()


@pytest.fixture
def first_page_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lists whose first page the worker read (list_first_page), in order."""
    calls: list[str] = []
    first_page = views.list_first_page

    def logged(ledger: Any, name: str, query: Any, limit: int) -> Any:
        calls.append(name)
        return first_page(ledger, name, query, limit)

    monkeypatch.setattr(views, "list_first_page", logged)
    monkeypatch.setattr(ListPage, "_load_orgs", lambda _page: None)
    return calls


@pytest.fixture
def own_demo(ledger) -> Any:
    """The window's database worker on a demonstration ledger of its own (these tests write)."""
    from demo_day import DEMO_TODAY

    from db.demo.unit import build_demo

    build_demo(ledger, today=DEMO_TODAY)
    db = Database(ledger)
    yield db
    db.shutdown()


@pytest.fixture
def prepared(qtbot, own_demo: Database, first_page_calls: list[str]) -> Any:
    """A findings list prepared while hidden: ``(db, page, id of the first finding read ahead)``."""
    db = own_demo
    page = ListPage(db, "findings")
    qtbot.addWidget(page)
    page.prepare()
    qtbot.waitUntil(lambda: db.pending == 0 and page.model._preloaded is not None, timeout=10000)
    return db, page, page.model._preloaded[1][0][0]


def title_of(page: ListPage, record_id: int) -> Any:
    model = page.model
    return model.data(model.index(model.row_of_id(record_id), model.spec.keys.index("title")))


def test_a_prepared_list_shows_its_first_rows_without_waiting_for_a_query(
    qtbot, db: Database, first_page_calls: list[str]
) -> None:
    page = ListPage(db, "findings")
    qtbot.addWidget(page)
    page.prepare()
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)
    assert first_page_calls == ["findings"] and page.model.rowCount() == 0  # read, not shown
    page.resize(900, 400)
    page.show()
    page.activate()
    # the rows are in the model before the event loop runs again: the first paint shows them
    assert page.model.rowCount() == models.PAGE and page.model.row_at(0) is not None
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert first_page_calls == ["findings"]  # no second read of the first page
    assert page.model.rowCount() > models.PAGE


def test_a_change_after_preparing_is_not_hidden_by_the_rows_read_ahead(
    qtbot, prepared: Any, first_page_calls: list[str]
) -> None:
    from desktop.services import records as svc

    db, page, first_id = prepared
    page.model._reread_timer.setInterval(600_000)  # this test: the rows dropped, not yet read again
    changed = []
    db.ledger_changed.connect(lambda: changed.append(1))
    db.write(svc.save, "findings", first_id, {"title": "已改名的问题：改动后才显示的列表"})
    qtbot.waitUntil(lambda: bool(changed) and db.pending == 0, timeout=10000)
    page.resize(900, 400)
    page.show()
    page.activate()
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert first_page_calls == ["findings", "findings"]  # read again after the change
    assert title_of(page, first_id) == "已改名的问题：改动后才显示的列表"


def test_a_prepared_list_reads_its_first_page_again_after_a_change(
    qtbot, prepared: Any, first_page_calls: list[str]
) -> None:
    """Rows read ahead and dropped by a change are read again once the ledger is quiet, so the list
    still opens without a query — and shows the change."""
    from desktop.services import records as svc

    db, page, first_id = prepared
    db.write(svc.save, "findings", first_id, {"title": "改动之后重新预读的问题"})
    qtbot.waitUntil(lambda: page.model._preloaded is None, timeout=10000)  # dropped by the change
    qtbot.waitUntil(lambda: page.model._preloaded is not None and db.pending == 0, timeout=15000)
    assert first_page_calls == ["findings", "findings"]
    page.resize(900, 400)
    page.show()
    page.activate()
    assert title_of(page, first_id) == "改动之后重新预读的问题"
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert first_page_calls == ["findings", "findings"]  # shown without a third read


def test_units_chooser_keeps_its_choice_and_lets_go_of_a_deleted_unit(qtbot, ledger, own_demo: Database) -> None:
    from desktop.services import records as svc

    db = own_demo
    page = ListPage(db, "objects")
    qtbot.addWidget(page)
    page.activate()
    combo = page.org_filter
    assert combo is not None
    qtbot.waitUntil(lambda: combo.count() > 2 and page.model.complete and db.pending == 0, timeout=15000)
    every = page.model.rowCount()
    spare = svc.save(ledger, "organizations", None, {"name": "临时筹建办公室"})
    db.ledger_changed.emit()
    qtbot.waitUntil(lambda: combo.findData(spare) > 0 and db.pending == 0, timeout=15000)
    combo.setCurrentIndex(combo.findData(spare))
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert page.model.rowCount() == 0  # the new unit has no websites yet
    db.ledger_changed.emit()  # refilled: the choice stays
    qtbot.waitUntil(lambda: page.model.complete and db.pending == 0, timeout=15000)
    assert combo.currentData() == spare and page.model.rowCount() == 0
    db.write(svc.delete, "organizations", spare)
    # the unit is gone from the chooser; the list shows every unit's websites again
    qtbot.waitUntil(lambda: combo.findData(spare) < 0 and page.model.complete and db.pending == 0,
                    timeout=15000)
    assert combo.currentData() is None and page.model.rowCount() == every
