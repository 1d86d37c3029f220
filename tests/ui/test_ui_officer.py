"""Issue 19, the window as an officer uses it: the dashboard is complete, sorted by urgency and filtered
by its tiles; the wheel never changes a field the user has not clicked into; the object header shows
an overdue filing; a first-time user is led from the unit to its systems to their grading; the menu
bar, Ctrl+Q and 关于; addresses and ports are checked; the wizard's text boxes let Tab move on."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMenuBar, QPlainTextEdit
from ui_events import wheel

from db.domain import addresses, validators
from desktop.services import views
from desktop.ui import editors, messages, theme
from desktop.ui.mainwindow import MainWindow
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


def _window(qtbot: Any, ledger: Any) -> MainWindow:
    db = Database(ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    return win


@pytest.fixture(autouse=True)
def never_block(monkeypatch) -> None:
    """Closing an editor with changes never waits for an answer in these tests."""
    monkeypatch.setattr(messages, "ask_unsaved", lambda _p, _w: messages.Answer.DISCARD)


@pytest.fixture
def demo_window(qtbot, demo_ledger):
    win = _window(qtbot, demo_ledger)
    yield win
    win.close()
    win.db.shutdown()


@pytest.fixture
def empty_window(qtbot, ledger):
    win = _window(qtbot, ledger)
    yield win
    win.close()
    win.db.shutdown()


def settle(qtbot: Any, win: MainWindow, extra: Any = None) -> None:
    qtbot.waitUntil(lambda: win.db.pending == 0 and (extra is None or extra()), timeout=15000)
    qtbot.wait(60)
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=15000)


# ---- 1. the dashboard -------------------------------------------------------------------------


def test_dashboard_lists_everything_by_urgency_and_tiles_filter(qtbot, demo_window) -> None:
    win = demo_window
    dash = win.dashboard
    settle(qtbot, win, lambda: dash.summary is not None)
    s = dash.summary
    assert s is not None
    shown = dash.items_shown()
    overdue, soon = s.overdue_items, s.due_soon_items
    findings = sum(s.count_of("finding_deadline"))
    expected = overdue + soon - findings + min(findings, 200)
    # complete: no cut at 50, every item the tiles count is in the list
    assert overdue + soon > 50
    assert len([t for t in shown if t[0] != "gradings"]) == expected
    # grouped by kind, hours before days before months: the incident to report comes first
    groups = [dash.tree.topLevelItem(i).text(0) for i in range(dash.tree.topLevelItemCount())]
    assert groups[0].startswith("事件报告")
    assert shown[0][0] == "incidents"
    kinds = [dash.tree.topLevelItem(i).child(0).data(0, Qt.ItemDataRole.UserRole)[0]
             for i in range(dash.tree.topLevelItemCount())]
    assert kinds.index("findings") < kinds.index("protected_objects")
    # the 已逾期 tile is a filter: only overdue items, as many as it says
    qtbot.mouseClick(dash.tile_overdue, Qt.MouseButton.LeftButton)
    assert dash.filter == "overdue"
    states = [dash.tree.topLevelItem(g).child(c).data(0, Qt.ItemDataRole.UserRole + 1)
              for g in range(dash.tree.topLevelItemCount())
              for c in range(dash.tree.topLevelItem(g).childCount())]
    states = [st for st in states if st is not None]  # the rows that link to a list
    assert set(states) == {"overdue"} and len(states) == overdue
    assert dash.show_all_button.isVisibleTo(dash)
    # the 30天内到期 tile shows the others; clicking it again shows everything
    qtbot.mouseClick(dash.tile_soon, Qt.MouseButton.LeftButton)
    assert dash.filter == "soon"
    assert len(dash.items_shown()) == soon
    qtbot.mouseClick(dash.tile_soon, Qt.MouseButton.LeftButton)
    assert dash.filter is None and dash.items_shown() == shown
    # a row opens its record: the first (an incident) opens the incident editor
    first = dash.tree.topLevelItem(0).child(0)
    before = len(editors.open_editors)
    dash.open_tree_item(first)
    settle(qtbot, win)
    assert len(editors.open_editors) == before + 1
    editors.open_editors[-1].reject()


# ---- 2. the wheel -------------------------------------------------------------------------------


def test_wheel_over_an_unfocused_field_changes_nothing(qtbot, demo_window) -> None:
    win = demo_window
    settle(qtbot, win)
    unit_id = views.lookup(win.db.ledger, "organizations")[0][0]
    win.open_record("organizations", unit_id)
    settle(qtbot, win, lambda: bool(editors.open_editors))
    dlg = editors.open_editors[-1]
    settle(qtbot, win)
    combos = [c for c in dlg.findChildren(QComboBox) if c.isVisibleTo(dlg) and c.count() > 2]
    assert combos, "the unit editor has choice fields"
    win.activateWindow()
    before = [c.currentIndex() for c in combos]
    for combo in combos:
        combo.clearFocus()
        wheel(combo, -3)
        wheel(combo, +3)
        wheel(combo, -1)
    assert [c.currentIndex() for c in combos] == before
    assert not dlg.form.is_dirty()
    # a field the user clicked into still answers the wheel
    target = combos[0]
    target.setFocus()
    if target.hasFocus():
        target.setCurrentIndex(0)
        wheel(target, -1)
        assert target.currentIndex() == 1
    dlg.reject()


# ---- 3. the object header ------------------------------------------------------------------------


def test_object_header_shows_an_overdue_filing_in_red(qtbot, demo_window) -> None:
    win = demo_window
    dash = win.dashboard
    settle(qtbot, win, lambda: dash.summary is not None)
    assert dash.summary is not None
    candidates = [i for i in dash.summary.items if i.kind == "filing_due" and i.overdue]
    page = next(
        (p for p in (views.object_page(win.db.ledger, i.entity_id) for i in candidates)
         if p.filing_status not in (None, "accepted", "submitted")),
        None,
    )
    assert page is not None, "the demo ledger has an object whose filing is overdue while being prepared"
    win.open_object(page.id)
    settle(qtbot, win, lambda: win.object_page.header.filing.text() != "")
    label = win.object_page.header.filing
    assert "逾期" in label.text() and page.filing_due is not None
    assert page.filing_due.due.isoformat() in label.text()
    assert theme.css(theme.OVERDUE) in label.styleSheet()


# ---- 4. the first-run path -----------------------------------------------------------------------


def test_first_run_leads_from_unit_to_systems_to_grading(qtbot, empty_window, monkeypatch) -> None:
    win = empty_window
    dash = win.dashboard
    settle(qtbot, win, lambda: dash.summary is not None)
    assert "新建本单位" in dash.headline.text() + dash.next_button.text()
    assert dash.next_button.isVisibleTo(dash)
    assert dash.tree.topLevelItem(0).text(0)  # an empty-state message, not a blank list
    # 新建 (a website) on a ledger without units offers the unit first
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask", lambda _p, title, text: asked.append(text) or True)
    before = len(editors.open_editors)
    win.new_record("protected_objects")
    settle(qtbot, win, lambda: len(editors.open_editors) > before)
    dlg = editors.open_editors[-1]
    assert asked and "单位" in asked[0]
    assert dlg.entity == "organizations"
    dlg.reject()
    # with a unit and an ungraded system the dashboard is not green: it asks for the grading
    from db.models import Organization, ProtectedObject

    with win.db.ledger.session() as s:
        org = Organization(name="测试市大数据局", uscc="11130000291417776L")
        s.add(org)
        s.flush()
        s.add(ProtectedObject(name="测试市政务网站", organization_id=org.id, status="running"))
    win.db.ledger_changed.emit()
    settle(qtbot, win, lambda: dash.summary is not None and dash.summary.ungraded != ())
    assert "尚未定级" in dash.headline.text()
    assert theme.css(theme.DONE) not in dash.headline.styleSheet()
    assert any(t[0] == "gradings" for t in dash.items_shown())


# ---- 7. the rest -----------------------------------------------------------------------------------


def test_menu_bar_ctrl_q_and_about(qtbot, demo_window) -> None:
    win = demo_window
    settle(qtbot, win)
    bar = win.findChild(QMenuBar)
    titles = [a.text().split("(")[0] for a in bar.actions()]
    assert titles == ["文件", "编辑", "视图", "帮助"]
    assert win.quit_action is not None and win.quit_action.shortcut().toString() == "Ctrl+Q"
    win.show_about()
    from desktop.ui.about import AboutDialog

    qtbot.waitUntil(lambda: win.findChild(AboutDialog) is not None)
    about = win.findChild(AboutDialog)
    assert views.program_version() in about.version.text()
    assert views.data_folder() in about.data_folder.text()
    assert about.licences.count() >= 2
    assert "SIL OPEN FONT LICENSE" in about.licences.widget(0).toPlainText().upper()
    about.close()
    qtbot.keyClick(win, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not win.isVisible())


@pytest.mark.parametrize("bad", ["10.1.1.300", "10.1.1", "10.1.1.0/33", "10.1.1.20-10.1.1.10"])
def test_invalid_ip_refused(bad: str) -> None:
    with pytest.raises(validators.ValidationError, match="有效"):
        addresses.ip_range(bad)


@pytest.mark.parametrize("bad", ["99999", "HTTPS/99999", "HTTP/0", "HTTPS/abc"])
def test_invalid_port_refused(bad: str) -> None:
    with pytest.raises(validators.ValidationError):
        addresses.port_spec(bad)


def test_object_editor_refuses_bad_ip_and_port(qtbot, demo_window) -> None:
    from db.repo import entities  # the field records the editor checks with

    fields = {f.key: f for f in entities.entity("protected_objects").fields}
    assert fields["ip_ranges"].item_check is not None and fields["ports"].item_check is not None
    assert addresses.ip_range("10.1.1.10-20") == "10.1.1.10-10.1.1.20"
    assert addresses.port_spec("https/443") == "HTTPS/443"


def test_wizard_text_boxes_let_tab_move_on(qtbot, demo_window) -> None:
    from desktop.ui.wizard import GradingWizard

    win = demo_window
    settle(qtbot, win)
    object_id = views.lookup(win.db.ledger, "objects")[0][0]
    wiz = GradingWizard(win.db, object_id, "测试系统", win)
    qtbot.addWidget(wiz)
    boxes = wiz.findChildren(QPlainTextEdit)
    assert boxes and all(b.tabChangesFocus() for b in boxes)
    wiz.reject()


# ---- 5. the 历史 tab -------------------------------------------------------------------------------


def test_history_tab_speaks_the_officers_words_and_includes_children(qtbot, demo_window) -> None:
    win = demo_window
    settle(qtbot, win)
    with win.db.ledger.session(write=False) as s:
        from db.models import Domain

        object_id = next(d.object_id for d in s.query(Domain).all() if d.ascii_name.startswith("xn--")
                         or ".xn--" in d.ascii_name)
    win.open_object(object_id)
    page = win.object_page
    settle(qtbot, win)
    page.tabs.setCurrentWidget(page.history)
    settle(qtbot, win, lambda: page.history.loaded)
    model = page.history.model
    cells = [model.data(model.index(r, c)) or "" for r in range(model.rowCount()) for c in range(model.columnCount())]
    text = "\n".join(cells)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["时间", "操作人", "操作", "记录", "字段", "原值", "新值"]
    # no database internals: table or column names, JSON, punycode, True/False
    for internal in ("xn--", "findings", "verified_on", "protected_objects", "=True", "True", "False", "{", "ascii_name",
                     "row_version", "open→"):
        assert internal not in text, internal
    # the object's children are in its history
    records = {model.data(model.index(r, 3)) or "" for r in range(model.rowCount())}
    for kind in ("定级", "域名", "问题", "测评"):
        assert any(r.startswith(kind) for r in records), kind
    assert ".政务" in text  # the Chinese domain as typed
    assert "第三级" in text or "第二级" in text  # levels as the forms show them


# ---- 9. a sort is one query ------------------------------------------------------------------------


def test_sorting_the_findings_list_queries_once(qtbot, demo_window) -> None:
    win = demo_window
    page = win.go_to("findings").current()
    settle(qtbot, win, lambda: page.model.rowCount() > 0)
    reloads: list[int] = []
    reload = page.model.reload
    page.model.reload = lambda: (reloads.append(1), reload())[1]
    page.view.sortByColumn(page.spec.keys.index("deadline"), Qt.SortOrder.DescendingOrder)
    settle(qtbot, win)
    assert reloads == [1]
    # the findings list shows each finding's object among its leading columns
    assert page.spec.keys.index("object") < 7


def test_objects_list_does_not_repeat_the_unit_in_the_name() -> None:
    from db.repo.lists import without_unit

    assert without_unit("河北机构编制网（河北省编办）（河北省编办）", "河北省编办") == "河北机构编制网"
    assert without_unit("门户网站(某局)", "某局") == "门户网站"
    assert without_unit("（某局）", "某局") == "（某局）"  # never an empty name
    assert without_unit("某局网站", "某局") == "某局网站"


def test_domain_error_is_all_chinese() -> None:
    with pytest.raises(validators.ValidationError) as err:
        validators.domain("河北..政务")
    assert "Empty Label" not in str(err.value) and "两个点相连" in str(err.value)


def test_main_window_fits_the_screen(qtbot, demo_window) -> None:
    """At 150 % a restored or default size can exceed the screen: the window is shrunk and moved
    so that its title bar and close button stay on the screen."""
    from desktop.ui.windowfit import FRAME_ALLOWANCE, available_area, fit_to_screen

    win = demo_window
    win.resize(5000, 4000)
    win.move(-300, -200)
    fit_to_screen(win)
    area = available_area(win)
    assert area is not None
    assert win.height() <= area.height() - FRAME_ALLOWANCE + 1 or win.height() == win.minimumSizeHint().height()
    assert win.y() >= area.top() and win.x() >= area.left()
