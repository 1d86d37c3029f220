"""The 自查 window by keyboard, the 节假日安排 settings tab and the incident editor's computed dates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from calendar_samples import SAMPLE_2027
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db.domain import holidays
from desktop.services import records as svc
from desktop.services import self_inspection
from desktop.ui import messages
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    holidays.install([])
    monkeypatch.setattr(messages, "ask", lambda *_a: True)
    shown: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text: shown.append(text))
    yield shown
    holidays.install([])


@pytest.fixture
def db(ledger):
    from desktop.ui import fonts

    fonts.setup_fonts(QApplication.instance())
    d = Database(ledger)
    yield d
    d.shutdown()


def settle(qtbot, db: Database) -> None:
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)


def _shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_selfcheck_window_by_keyboard(qtbot, db, ledger) -> None:
    from desktop.ui.selfcheck import SelfCheckDialog

    org = svc.save(ledger, "organizations", None, {"name": "自查测试单位"})
    obj = svc.save(ledger, "protected_objects", None, {"organization_id": org, "name": "门户网站"})
    with ledger.session() as s:
        from db.models import ProtectedObject

        s.get(ProtectedObject, obj).current_level = 3
    dlg = SelfCheckDialog(db, obj, "门户网站")
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db)
    assert "还没有自查记录" in dlg.rate_label.text()
    dlg.new_button.click()
    settle(qtbot, db)
    assert dlg.model.rowCount() == 71 and dlg.table.hasFocus()
    # first row: Ctrl+1 = 符合; down; Ctrl+3 = 不符合 with a note typed and Enter
    qtbot.keyClick(dlg.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, db)
    qtbot.keyClick(dlg.table, Qt.Key.Key_Down)
    qtbot.keyClick(dlg.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, db)
    dlg.note.setFocus()
    dlg.note.setText("未启用双因素认证")  # typed text (QTest cannot synthesise CJK key events)
    qtbot.keyClick(dlg.note, Qt.Key.Key_Return)
    settle(qtbot, db)
    view = self_inspection.show(ledger, dlg.inspection_id)
    assert [i.verdict for i in view.items[:3]] == ["conform", "nonconform", None]
    assert view.items[1].note == "未启用双因素认证"
    assert "符合率 50%" in dlg.rate_label.text() and "部分符合按0.5计" in dlg.rate_label.text()
    _shot(dlg, "selfcheck.png")


def test_holidays_tab_saves_a_typed_calendar(qtbot, db, ledger, quiet) -> None:
    from desktop.ui.holidays import HolidaysPanel

    panel = HolidaysPanel(db)
    qtbot.addWidget(panel)
    panel.show()
    settle(qtbot, db)
    assert "year = 2027" in panel.editor.toPlainText() or date.today().year > 2026
    panel.editor.setPlainText("不是日历")
    panel.save_button.click()
    assert quiet and "TOML" in quiet[-1]
    panel.editor.setPlainText(SAMPLE_2027)
    panel.save_button.click()
    settle(qtbot, db)
    assert "已保存2027年" in quiet[-1]
    origins = {r["year"]: r["origin"] for r in panel.model.rows}
    assert origins.get(2027, "ledger") == "ledger"
    _shot(panel, "holidays.png")


def test_incident_editor_shows_its_deadline(qtbot, db, ledger) -> None:
    import desktop.ui.editor_dialogs  # noqa: F401 - registers the incident editor, as the window does
    from desktop.ui.editors import editor_for

    org = svc.save(ledger, "organizations", None, {"name": "事件测试单位"})
    iid = svc.save(ledger, "incidents", None, {
        "organization_id": org, "title": "网站被篡改", "category": "网页篡改", "grade": "较大",
        "discovered_at": datetime(2026, 11, 30, 9, 0),
    })
    dlg = editor_for(db, "incidents", iid, None)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db)
    assert "报告时限：2026-11-30 13:00 前" in dlg.due_label.text()
    _shot(dlg, "incident.png")


def test_selfcheck_is_reachable_from_the_object_page(qtbot, db, ledger) -> None:
    from desktop.ui.objectpage import ObjectPageView
    from desktop.ui.selfcheck import SelfCheckDialog

    org = svc.save(ledger, "organizations", None, {"name": "对象页测试单位"})
    obj = svc.save(ledger, "protected_objects", None, {"organization_id": org, "name": "办公系统"})
    page = ObjectPageView(db)
    qtbot.addWidget(page)
    page.show_object(obj)
    settle(qtbot, db)
    page.selfcheck_button.click()
    settle(qtbot, db)
    dialogs = [w for w in page.findChildren(SelfCheckDialog)]
    assert dialogs and dialogs[0].windowTitle() == "自查 — 办公系统"
    dialogs[0].new_button.click()  # not graded yet: refused with the reason, nothing created
    settle(qtbot, db)
    assert self_inspection.find(ledger, obj) is None
