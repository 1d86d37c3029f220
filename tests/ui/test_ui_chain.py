"""The officer's whole chain driven through the window's widgets; the dashboard follows every step.

unit → website with one English and two Chinese domains → grading wizard → filing with certificate →
assessment with findings → rectify a finding with an action and evidence → close it (verified).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QWizard
from shiboken6 import isValid

from db.domain.enums import FindingStatus
from desktop.ui import editors, messages
from desktop.ui.forms import DateEdit
from desktop.ui.mainwindow import MainWindow
from desktop.ui.wizard import GradingWizard
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui
USCC = "11130000291417776L"




@pytest.fixture
def window(qtbot, ledger):
    from desktop.ui import fonts

    fonts.setup_fonts(QApplication.instance())
    db = Database(ledger)
    win = MainWindow(db=db)
    qtbot.addWidget(win)
    win.show()
    win.nav.setCurrentRow(0)
    yield win
    win.close()
    db.shutdown()


def settle(qtbot, win: MainWindow, extra: Any = None, timeout: int = 10000) -> None:
    def ok() -> bool:
        return win.db.pending == 0 and (extra is None or extra())

    qtbot.waitUntil(ok, timeout=timeout)
    # the ledger_changed refresh is debounced; let it run and finish too
    qtbot.wait(60)
    qtbot.waitUntil(lambda: win.db.pending == 0, timeout=timeout)


def summary(qtbot, win: MainWindow):
    win.dashboard.refresh()
    settle(qtbot, win)
    return win.dashboard.summary


def last_editor() -> editors.EditorDialog:
    assert editors.open_editors, "no editor open"
    return editors.open_editors[-1]


def type_into(dlg: editors.EditorDialog, key: str, value: Any) -> None:
    w = dlg.form.widgets[key]
    if isinstance(w, QLineEdit):
        w.setText(value)
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(value)
    elif isinstance(w, DateEdit):
        w.setText(value)
    elif isinstance(w, QComboBox):
        idx = w.findData(value)
        assert idx >= 0, (key, value, [w.itemData(i) for i in range(w.count())])
        w.setCurrentIndex(idx)
    else:
        w.setChecked(bool(value))


def save(qtbot, win: MainWindow, dlg: editors.EditorDialog) -> None:
    dlg.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot, win, lambda: not dlg.isVisible())


def test_complete_chain_through_the_window(qtbot, window: MainWindow, monkeypatch) -> None:
    win = window
    today = date.today()
    s = summary(qtbot, win)
    assert s.items == () and s.findings_open == 0
    assert "新建本单位" in win.dashboard.headline.text()  # the first-run path starts with the unit

    # 1. a unit ------------------------------------------------------------------------------------
    units = win.go_to("organizations")
    settle(qtbot, win)
    units.current().new_button.click()
    dlg = last_editor()
    settle(qtbot, win)
    type_into(dlg, "name", "测试市大数据局")
    type_into(dlg, "uscc", "11130000291417777L")
    assert "校验位" in dlg.form.error_text("uscc")  # inline Chinese validation
    type_into(dlg, "uscc", USCC)
    assert dlg.form.error_text("uscc") == ""
    type_into(dlg, "leader_office_phone", "0311-87802765")
    save(qtbot, win, dlg)
    settle(qtbot, win, lambda: units.current().model.rowCount() == 1)
    assert units.current().model.data(units.current().model.index(0, 0)) == "测试市大数据局"

    # 2. a website with an English and two Chinese domains -------------------------------------------
    objects = win.go_to("objects")
    settle(qtbot, win)
    objects.current().new_button.click()
    dlg = last_editor()
    settle(qtbot, win, lambda: dlg.form.widgets["organization_id"].count() > 1)
    type_into(dlg, "organization_id", win_org_id(win))
    type_into(dlg, "name", "测试市大数据局门户网站")
    type_into(dlg, "object_type", "website")
    type_into(dlg, "domains", "www.csdsj.gov.cn\n测试市大数据局.政务\n测试市数据局·公益")
    type_into(dlg, "icp_number", "冀ICP备 15003849号")
    save(qtbot, win, dlg)
    settle(qtbot, win, lambda: win.object_page.page is not None)
    page = win.object_page.page
    assert page.name == "测试市大数据局门户网站"
    assert [k for _n, k in page.domains] == ["en", "cn", "cn"]
    assert page.domains[2][0] == "测试市数据局.公益"
    assert page.record["icp_number"] == "冀ICP备15003849号"
    assert win.stack.currentWidget() is win.object_holder
    s = summary(qtbot, win)
    assert dict(s.objects_by_level) == {None: 1}

    # 3. grade it with the wizard ----------------------------------------------------------------------
    win.object_page.wizard_button.click()
    wiz = next(w for w in QApplication.topLevelWidgets() if isinstance(w, GradingWizard) and w.isVisible())
    assert wiz.currentPage() is wiz.start
    wiz.next()
    pick(wiz.business.objects, "society")
    pick(wiz.business.degrees, "serious")
    assert "第三级" in wiz.business.result.text()
    wiz.next()
    pick(wiz.service.objects, "citizen")
    pick(wiz.service.degrees, "serious")
    wiz.next()
    assert wiz.currentPage() is wiz.result_page
    assert "第三级" in wiz.result_page.final.text()
    highlighted = [
        (r, c) for r in range(3) for c in range(3)
        if wiz.result_page.model.data(wiz.result_page.model.index(r, c), Qt.ItemDataRole.BackgroundRole) is not None
    ]
    assert sorted(highlighted) == [(0, 1), (1, 1)]
    wiz.next()
    wiz.review.result.setCurrentIndex(1)
    assert not wiz.review.isComplete()  # date and experts needed
    wiz.review.date.setText(today.isoformat())
    wiz.review.experts.setText("张三、李四、王五")
    assert wiz.review.isComplete()
    wiz.next()
    assert wiz.currentPage() is wiz.approval
    wiz.button(QWizard.WizardButton.FinishButton).click()
    settle(qtbot, win, lambda: not isValid(wiz) or not wiz.isVisible())
    settle(qtbot, win, lambda: win.object_page.page.level == 3)
    assert win.object_page.header.badge.text() == "第三级"
    s = summary(qtbot, win)
    assert dict(s.objects_by_level) == {3: 1}
    assert any(i.kind == "filing_due" and not i.overdue for i in s.items)

    # 4. filing and certificate ----------------------------------------------------------------------
    win.object_page.new_filing.click()
    dlg = last_editor()
    settle(qtbot, win)
    type_into(dlg, "police_organ", "测试市公安局网安支队")
    type_into(dlg, "submitted_on", today.isoformat())
    type_into(dlg, "accepted_on", today.isoformat())
    type_into(dlg, "status", "accepted")
    type_into(dlg, "certificate_no", "1301009900100001")
    assert dlg.form.error_text("certificate_no") == ""
    save(qtbot, win, dlg)
    settle(qtbot, win, lambda: win.object_page.page.filing_status == "accepted")
    assert win.object_page.page.certificate_no == "13010099001-00001"
    assert win.object_page.page.certificate_expiry is not None
    assert "已受理备案" in win.object_page.header.filing.text()
    s = summary(qtbot, win)
    assert not any(i.kind == "filing_due" for i in s.items)
    assert ("accepted", 1) in s.filings_by_status

    # 5. an assessment with findings -------------------------------------------------------------------
    win.object_page.new_assessment.click()
    dlg = last_editor()
    settle(qtbot, win)
    type_into(dlg, "kind", "level_test")
    type_into(dlg, "report_date", today.isoformat())
    type_into(dlg, "report_no", "13010099001-00001-25-1301-01")
    type_into(dlg, "scheme", "conclusion-2025")
    type_into(dlg, "compliance_rate", "85.5")
    type_into(dlg, "conclusion", "基本符合")
    type_into(dlg, "status", "reported")
    save(qtbot, win, dlg)
    settle(qtbot, win, lambda: len(win.object_page.page.assessments) == 1)
    for title, risk in (("管理员账户使用弱口令", "high"), ("未定期开展漏洞扫描", "medium")):
        win.object_page.new_finding.click()
        dlg = last_editor()
        settle(qtbot, win, lambda d=dlg: d.form.widgets["assessment_id"].count() > 1)
        type_into(dlg, "title", title)
        type_into(dlg, "risk", risk)
        type_into(dlg, "test_item_code", "l3-ces1-01")
        assert dlg.form.error_text("test_item_code") == ""
        save(qtbot, win, dlg)
    settle(qtbot, win, lambda: len(win.object_page.page.findings) == 2)
    assert all(f["deadline"] is not None for f in win.object_page.page.findings)  # computed by the rules
    s = summary(qtbot, win)
    assert s.findings_open == 2
    assert sum(n for r, st, n in s.findings_by_risk_status if r == "high" and st == "open") == 1

    # 6. rectify one finding with an action and evidence ---------------------------------------------
    win.object_page.tabs.setCurrentIndex(4)
    high = next(f for f in win.object_page.page.findings if f["risk"] == "high")
    row = next(i for i, f in enumerate(win.object_page.findings.rows) if f["id"] == high["id"])
    win.object_page._open("findings", win.object_page.findings, row)
    fdlg = last_editor()
    settle(qtbot, win, lambda: fdlg.record.get("id") == high["id"])
    fixed = fdlg.status_buttons[FindingStatus.FIXED.value]
    assert not fixed.isEnabled()
    assert "整改措施" in fixed.toolTip()
    fdlg.add_action_button.click()
    adlg = last_editor()
    settle(qtbot, win)
    type_into(adlg, "action", "启用口令复杂度策略和登录失败锁定")
    type_into(adlg, "done_on", today.isoformat())
    type_into(adlg, "evidence", "策略配置截图；复测记录")
    save(qtbot, win, adlg)
    settle(qtbot, win, lambda: fixed.isEnabled())
    fixed.click()
    settle(qtbot, win, lambda: fdlg.record.get("status") == "fixed")
    s = summary(qtbot, win)
    assert s.findings_open == 1
    assert sum(n for _r, st, n in s.findings_by_risk_status if st == "fixed") == 1

    # 7. close it: verified (the verifier is asked for) --------------------------------------------------
    monkeypatch.setattr(messages, "get_text", lambda *a, **k: "王工")
    fdlg.status_buttons[FindingStatus.VERIFIED.value].click()
    settle(qtbot, win, lambda: fdlg.record.get("status") == "verified")
    assert fdlg.record["verifier"] == "王工"
    fdlg.reject()
    s = summary(qtbot, win)
    assert s.findings_open == 1
    assert sum(n for _r, st, n in s.findings_by_risk_status if st == "verified") == 1
    assert not any(i.kind == "finding_deadline" and i.entity_id == high["id"] for i in s.items)
    # the dashboard widgets show the same numbers
    assert win.dashboard.tile_open.number.text() == "1"


def pick(group: Any, code: str) -> None:
    next(b for b in group.buttons() if b.property("code") == code).click()


def win_org_id(win: MainWindow) -> int:
    model = win.page("organizations").current().model
    return model.id_at(0)
