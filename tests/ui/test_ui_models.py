"""Every table model of the window passes pytest-qt's model tester; lists behave on the demo ledger."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from db.repo import lists, records
from desktop.ui.history import HistoryView
from desktop.ui.listpage import ListPage
from desktop.ui.models import LazyListModel, RowsModel
from desktop.ui.wizard import MatrixModel
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui




@pytest.fixture
def db(qtbot, demo_ledger):
    database = Database(demo_ledger)
    yield database
    database.shutdown()


@pytest.mark.parametrize("name", sorted(lists.specs()))
def test_lazy_list_model(qtbot, qtmodeltester, db: Database, name: str) -> None:
    model = LazyListModel(db, name)
    model.reload()
    qtbot.waitUntil(lambda: not model.loading and db.pending == 0, timeout=10000)
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)
    last = model.rowCount() - 1
    model.data(model.index(last, 0))  # far rows are fetched lazily
    qtbot.waitUntil(lambda: model.row_at(last) is not None, timeout=10000)
    qtmodeltester.check(model)


def test_first_page_then_every_id(qtbot, qtmodeltester, db: Database, demo_ledger) -> None:
    """The first page shows before the full id list; the rest is appended below it, not reset."""
    with demo_ledger.session(write=False) as s:
        expected = lists.query_ids(s, "findings", lists.ListQuery())
    assert len(expected) > 100  # more than one page in the demo ledger
    model = LazyListModel(db, "findings")
    events: list[str] = []
    model.first_rows_ready.connect(lambda: events.append(f"first:{model.rowCount()}"))
    model.ids_loaded.connect(lambda n: events.append(f"all:{n}"))
    model.modelReset.connect(lambda: events.append("reset"))
    model.rowsInserted.connect(lambda *_a: events.append("inserted"))
    model.reload()
    qtbot.waitUntil(lambda: model.complete and db.pending == 0, timeout=10000)
    assert events == ["reset", "first:100", "inserted", f"all:{len(expected)}"]
    assert model.ids == expected and model.row_at(0) is not None
    qtmodeltester.check(model)
    events.clear()
    model.reload()  # same query again: nothing is reset, the rows stay
    qtbot.waitUntil(lambda: model.complete and db.pending == 0, timeout=10000)
    assert "reset" not in events and model.ids == expected


def test_list_page_sort_filter_search_export(qtbot, db: Database, tmp_path) -> None:
    page = ListPage(db, "findings")
    qtbot.addWidget(page)
    page.activate()
    qtbot.waitUntil(lambda: db.pending == 0 and page.model.rowCount() > 0, timeout=10000)
    total = page.model.rowCount()
    assert "共" in page.count_label.text()
    page.overdue_filter.setChecked(True)
    qtbot.waitUntil(lambda: db.pending == 0 and page.model.rowCount() < total, timeout=10000)
    row = page.model.row_at(0)
    assert row is not None and row.state == "overdue"
    assert page.model.data(page.model.index(0, 1), Qt.ItemDataRole.ForegroundRole) is not None
    page.overdue_filter.setChecked(False)
    page.search.setText("弱口令")
    qtbot.waitUntil(lambda: db.pending == 0 and 0 < page.model.rowCount() < total, timeout=10000)
    titles = [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())]
    qtbot.waitUntil(lambda: db.pending == 0, timeout=5000)
    titles = [page.model.data(page.model.index(r, 1)) for r in range(page.model.rowCount())]
    assert all("弱口令" in t for t in titles)
    page.view.sortByColumn(page.spec.keys.index("deadline"), Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: db.pending == 0 and page.model.query.sort == "deadline", timeout=10000)
    # column chooser hides a column and export writes only the visible ones
    page.view.set_column_visible(page.spec.keys.index("organization"), False)
    out = tmp_path / "findings.csv"
    page.export_to(str(out))
    qtbot.waitUntil(lambda: out.exists() and db.pending == 0, timeout=10000)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert "单位" not in lines[0].split(",") and "标题" in lines[0]
    assert len(lines) == page.model.rowCount() + 1
    xlsx = tmp_path / "findings.xlsx"
    page.export_to(str(xlsx))
    qtbot.waitUntil(lambda: xlsx.exists() and db.pending == 0, timeout=10000)
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws.max_row == page.model.rowCount() + 1


def test_rows_matrix_and_history_models(qtbot, qtmodeltester, db: Database, demo_ledger) -> None:
    rows = RowsModel(["a", "b"], [{"id": 1, "a": "甲", "b": date(2025, 1, 1)}, {"id": 2, "a": None, "b": 3}])
    qtmodeltester.check(rows)
    from db.domain import rules

    matrix = MatrixModel()
    matrix.set_matrix(rules.grading_matrix("grading-gbt22240-2020"))
    matrix.set_choice(("society", "serious"), ("citizen", "general"))
    qtmodeltester.check(matrix)
    with demo_ledger.session(write=False) as s:
        oid = lists.query_ids(s, "objects", lists.ListQuery())[0]
        page = records.object_page(s, oid, today=date.today())
    hist = HistoryView(db, "protected_objects", oid)
    qtbot.addWidget(hist)
    hist.load()
    qtbot.waitUntil(lambda: hist.loaded, timeout=10000)
    assert hist.model.rowCount() > 0
    qtmodeltester.check(hist.model)
    from desktop.ui.objectpage import ObjectPageView

    op = ObjectPageView(db)
    qtbot.addWidget(op)
    op.show_object(page.id)
    qtbot.waitUntil(lambda: op.page is not None, timeout=10000)
    for model in (op.gradings, op.filings, op.materials, op.assessments, op.findings):
        qtmodeltester.check(model)
    assert op.header.badge.text() == page.level_label
