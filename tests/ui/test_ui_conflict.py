"""The window when someone else saved first: the conflict dialog, and lists that follow other officers' saves.

Another officer is a second process (or a second connection) saving through the same service path; the
window's editor was loaded before, so its save is refused and the conflict dialog shows both values.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from db.store.storage import open_ledger
from desktop.services import records as svc
from desktop.services import views
from desktop.ui import conflict, editors, live_refresh
from desktop.ui.editors import editor_for
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def plain(tmp_path: Path):
    led = open_ledger(tmp_path / "conflict.db", encryption=False)
    yield led
    led.close()


@pytest.fixture
def db(plain):
    from desktop.ui import fonts

    fonts.setup_fonts(QApplication.instance())
    d = Database(plain)
    yield d
    d.shutdown()


@pytest.fixture
def finding(plain) -> int:
    org = svc.save(plain, "organizations", None, {"name": "冲突测试单位"})
    obj = svc.save(plain, "protected_objects", None, {"organization_id": org, "name": "办公系统"})
    return svc.save(plain, "findings", None, {"object_id": obj, "title": "弱口令", "risk": "high",
                                              "description": "初始描述", "owner": "张三"})


def settle(qtbot, db: Database, extra=lambda: True) -> None:
    qtbot.waitUntil(lambda: db.pending == 0 and extra(), timeout=10000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)


def _other_officer_saves(path: Path, finding_id: int, values: dict) -> None:
    """A second process (as ``dengbao-cli`` or another window) saves the finding from a fresh read."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from db.store.storage import open_ledger\n"
        "from desktop.services import records, views\n"
        "led = open_ledger(sys.argv[2], encryption=False)\n"
        "v = views.record(led, 'findings', int(sys.argv[3]))['row_version']\n"
        f"records.save(led, 'findings', int(sys.argv[3]), {values!r}, expected_version=v)\n"
        "led.close()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(ROOT), str(path), str(finding_id)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _open_editor(qtbot, db, finding_id: int) -> editors.EditorDialog:
    dlg = editor_for(db, "findings", finding_id, None)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db, lambda: dlg.record.get("id") == finding_id)
    return dlg


def _conflict_dialog(qtbot, db) -> conflict.ConflictDialog:
    settle(qtbot, db, lambda: bool(conflict.open_dialogs))
    return conflict.open_dialogs[-1]


def test_a_stale_save_shows_both_values_and_keeps_what_the_officer_ticks(qtbot, db, plain, finding, tmp_path) -> None:
    dlg = _open_editor(qtbot, db, finding)
    _other_officer_saves(plain.path, finding, {"description": "他人的描述", "owner": "王五"})
    dlg.form.widgets["description"].setPlainText("我的描述")
    dlg.save(then_close=False)
    cd = _conflict_dialog(qtbot, db)
    rows = {cd.table.item(r, 0).text(): (cd.table.item(r, 1).text(), cd.table.item(r, 2).text())
            for r in range(cd.table.rowCount())}
    assert set(cd.keys) == {"description", "owner"}
    assert ("他人的描述", "我的描述") in rows.values() and ("王五", "张三") in rows.values()
    assert cd.kept() == ["description"]  # only what I changed is preselected as mine
    # nothing of mine was stored by the refused save
    assert views.record(plain, "findings", finding)["description"] == "他人的描述"
    cd.grab().save(str(tmp_path / "conflict.png"))
    cd.save_button.click()
    settle(qtbot, db, lambda: views.record(plain, "findings", finding)["description"] == "我的描述")
    stored = views.record(plain, "findings", finding)
    assert (stored["description"], stored["owner"], stored["row_version"]) == ("我的描述", "王五", 3)
    assert not dlg.form.is_dirty()


def test_reload_drops_my_changes_and_shows_theirs(qtbot, db, plain, finding) -> None:
    dlg = _open_editor(qtbot, db, finding)
    _other_officer_saves(plain.path, finding, {"owner": "赵六"})
    dlg.form.widgets["owner"].setText("我填的责任人")
    dlg.save(then_close=False)
    cd = _conflict_dialog(qtbot, db)
    cd.reload_button.click()
    settle(qtbot, db)
    assert dlg.form.widgets["owner"].text() == "赵六" and not dlg.form.is_dirty()
    assert dlg.record["row_version"] == 2
    stored = views.record(plain, "findings", finding)
    assert (stored["owner"], stored["row_version"]) == ("赵六", 2)
    # the next save starts from the reloaded version and lands
    dlg.form.widgets["owner"].setText("钱七")
    dlg.save(then_close=False)
    settle(qtbot, db, lambda: views.record(plain, "findings", finding)["owner"] == "钱七")
    assert not conflict.open_dialogs


def test_another_process_saving_refreshes_the_open_views(qtbot, db, plain, finding) -> None:
    live = live_refresh.attach(db)
    try:
        qtbot.wait(300)  # the watcher has read the counter once
        with qtbot.waitSignal(db.ledger_changed, timeout=15000):
            _other_officer_saves(plain.path, finding, {"owner": "孙八"})
    finally:
        live.stop()


def test_the_watcher_reports_other_processes_saves_but_not_this_ones(plain, finding) -> None:
    """The window reloads after its own save already: the change watcher only reports what another
    process committed (one report for the other officer's save, none for this process's)."""
    import threading

    from desktop.services import records, views
    from desktop.services.live import ChangeWatcher

    reported = threading.Event()
    watcher = ChangeWatcher(plain, lambda _tables: reported.set(), poll_s=0.05).start()
    try:
        def polls_after(n: int) -> None:
            start = watcher.polls
            while watcher.polls < start + n:
                threading.Event().wait(0.02)

        polls_after(2)
        v = views.record(plain, "findings", finding)["row_version"]
        records.save(plain, "findings", finding, {"owner": "本窗口"}, expected_version=v)
        polls_after(3)  # the watcher has looked at the counter after this process's save
        assert watcher.seen == 0
        _other_officer_saves(plain.path, finding, {"owner": "孙八"})
        assert reported.wait(60)
        assert watcher.seen == 1
    finally:
        watcher.stop()
