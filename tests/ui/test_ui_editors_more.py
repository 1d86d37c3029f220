"""表六 数据摸底调查表 editor round trip; deleting records, and the refusals that protect other work."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from db.domain.enums import FilingStatus, Risk
from db.models import AuditEvent, Contact, DataCategory, Finding, RectificationAction
from db.repo import records
from desktop.services import records as svc
from desktop.ui import editor_dialogs, editors, messages  # noqa: F401 - editor_dialogs registers the special dialogs
from desktop.ui.datacategory import DataCategoryDialog
from desktop.ui.datacategory_widgets import CodeChecks, InteractionsEdit, StorageEdit
from desktop.ui.editors import editor_for
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setattr(messages, "ask", lambda *_a: True)
    warned: list[str] = []
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text: warned.append(text))
    yield warned


@pytest.fixture
def db(ledger):
    from desktop.ui import fonts

    fonts.setup_fonts(QApplication.instance())
    d = Database(ledger)
    yield d
    d.shutdown()


@pytest.fixture
def unit(ledger) -> dict[str, int]:
    org = svc.save(ledger, "organizations", None, {"name": "表六测试单位"})
    obj = svc.save(ledger, "protected_objects", None, {"organization_id": org, "name": "门户网站"})
    return {"org": org, "obj": obj}


def settle(qtbot, db: Database, extra=lambda: True) -> None:
    qtbot.waitUntil(lambda: db.pending == 0 and extra(), timeout=10000)
    qtbot.wait(50)
    qtbot.waitUntil(lambda: db.pending == 0, timeout=10000)


def last_editor() -> editors.EditorDialog:
    assert editors.open_editors
    return editors.open_editors[-1]


def test_table_six_editor_round_trip(qtbot, db, ledger, unit) -> None:
    dlg = editor_for(db, "organizations", unit["org"], None)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db, lambda: dlg.data_categories.add_button.isEnabled())
    assert dlg.tabs.tabText(2) == "数据摸底（表六）"
    dlg.data_categories.add_button.click()
    dc = last_editor()
    assert isinstance(dc, DataCategoryDialog)
    settle(qtbot, db, lambda: dc.form.widgets["object_id"].count() == 2)  # only the unit's own object
    f = dc.form
    f.widgets["name"].setText("网站注册用户信息")
    f.widgets["data_level"].setCurrentIndex(f.widgets["data_level"].findData("1"))
    f.widgets["category"].setText("个人基本信息")
    f.widgets["responsible_dept"].setText("信息中心")
    f.widgets["responsible_person"].setText("李克强")
    f.widgets["object_id"].setCurrentIndex(f.widgets["object_id"].findData(unit["obj"]))
    personal: CodeChecks = f.widgets["personal_info"]
    personal.boxes["1"].setChecked(True)
    personal.boxes["3"].setChecked(True)
    # 不涉及 clears and locks the other ticks
    personal.boxes["4"].setChecked(True)
    assert personal.value() == ["4"] and not personal.boxes["1"].isEnabled()
    personal.boxes["4"].setChecked(False)
    assert personal.boxes["1"].isEnabled()
    personal.boxes["1"].setChecked(True)
    personal.boxes["3"].setChecked(True)
    f.widgets["total_records_10k"].setText("12.5")
    f.widgets["monthly_growth_gb"].setText("0.2")
    sources: CodeChecks = f.widgets["sources"]
    sources.boxes["1"].setChecked(True)
    sources.boxes["9"].setChecked(True)
    f.widgets["sources_other"].setText("群众来信")
    f.widgets["source_units"].setPlainText("本单位\n省大数据局")
    inter: InteractionsEdit = f.widgets["interactions"]
    inter.rows["provide"].box.setChecked(True)
    assert "请填写对方单位名称" in f.error_text("interactions")  # inline, as the user ticks
    inter.rows["provide"].name.setText("省大数据局")
    inter.rows["entrust"].name.setText("某云服务商")
    inter.rows["entrust"].name.textEdited.emit("某云服务商")  # typing a name ticks the box
    assert inter.rows["entrust"].box.isChecked()
    assert f.error_text("interactions") == ""
    inter.none.setChecked(True)
    assert inter.value() == {"none": True} and not inter.rows["provide"].box.isEnabled()
    assert inter.rows["entrust"].name.text() == ""  # cleared
    inter.none.setChecked(False)
    inter.rows["provide"].box.setChecked(True)
    inter.rows["provide"].name.setText("省大数据局")
    inter.rows["entrust"].box.setChecked(True)
    inter.rows["entrust"].name.setText("某云服务商")
    storage: StorageEdit = f.widgets["storage"]
    storage.rows["cloud"]["4"].box.setChecked(True)
    assert "请填写名称" in f.error_text("storage")
    storage.rows["cloud"]["4"].name.setText("河北省政务云平台")
    storage.rows["region"]["1"].box.setChecked(True)
    storage.rows["region"]["1"].name.setText("河北省石家庄市")
    # GB and TB together: refused by the service, shown on the form
    f.widgets["total_gb"].setText("30")
    f.widgets["total_tb"].setText("1")
    dc.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot, db)
    assert dc.isVisible() and "GB 或 TB" in f.error_text("total_tb")
    f.widgets["total_tb"].setText("")
    dc.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle(qtbot, db, lambda: not dc.isVisible())
    settle(qtbot, db, lambda: dlg.data_categories.model.rowCount() == 1)
    assert dlg.data_categories.model.data(dlg.data_categories.model.index(0, 4)) == "门户网站"

    with ledger.session(write=False) as s:
        row = records.row_dict(s.scalars(sa.select(DataCategory)).one())
    assert row["name"] == "网站注册用户信息" and row["data_level"] == "1" and row["object_id"] == unit["obj"]
    assert row["personal_info"] == ["1", "3"] and row["sources"] == ["1", "9"] and row["sources_other"] == "群众来信"
    assert row["total_gb"] == 30 and row["total_tb"] is None and row["total_records_10k"] == 12.5
    assert row["source_units"] == ["本单位", "省大数据局"] and row["outflow_units"] == []
    assert row["interactions"] == {"provide": "省大数据局", "entrust": "某云服务商"}
    assert row["storage"] == {"cloud": [["4", "河北省政务云平台"]], "region": [["1", "河北省石家庄市"]]}

    # reopened, the editor shows every tick and name again
    again = editor_for(db, "data_categories", row["id"], None)
    qtbot.addWidget(again)
    again.show()
    settle(qtbot, db, lambda: again.record.get("id") == row["id"])
    g = again.form
    assert g.widgets["personal_info"].value() == ["1", "3"]
    assert g.widgets["interactions"].value() == row["interactions"]
    assert g.widgets["storage"].value() == row["storage"]
    assert g.widgets["object_id"].currentData() == unit["obj"]
    assert not g.is_dirty()
    # 删除 in the editor
    again.delete_button.click()
    settle(qtbot, db, lambda: not again.isVisible())
    with ledger.session(write=False) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(DataCategory)) == 0
    dlg.close()


def test_the_filing_packet_reads_what_the_editor_wrote(ledger, unit) -> None:
    from desktop.services import document_data as dd

    svc.save(ledger, "data_categories", None, {
        "organization_id": unit["org"], "name": "机构编制实名制数据", "category": "机构编制管理数据",
        "responsible_dept": "信息中心", "personal_info": ["4"], "total_gb": 35, "sources": ["2"],
        "interactions": {"none": True}, "storage": {"room": [["1", "本单位机房"]]},
    })
    svc.save(ledger, "filings", None, {"object_id": unit["obj"], "status": FilingStatus.PREPARING.value})
    with ledger.session(write=False) as s:
        data = dd.filing_packet_data(s, unit["obj"])
    [cat] = data.data_categories
    assert cat.personal_info == ["4"] and cat.interactions == {"none": True}
    assert cat.storage == {"room": [["1", "本单位机房"]]} and cat.total_gb == 35


def test_table_six_rules_in_the_service(ledger, unit) -> None:
    base = {"organization_id": unit["org"], "name": "x", "category": "c", "responsible_dept": "d"}
    with pytest.raises(svc.FormErrors) as e:
        svc.save(ledger, "data_categories", None, {**base, "personal_info": ["4", "1"],
                                                   "interactions": {"none": True, "joint": "某单位"}})
    assert set(e.value.errors) == {"personal_info", "interactions"}
    with pytest.raises(svc.FormErrors) as e:
        svc.save(ledger, "data_categories", None, {**base, "sources": ["9"]})
    assert "写明来源" in e.value.errors["sources_other"]
    with pytest.raises(svc.FormErrors) as e:
        svc.save(ledger, "data_categories", None, {**base, "storage": {"cloud": [["7", "某云"]]}})
    assert "storage" in e.value.errors
    with pytest.raises(svc.FormErrors) as e:
        svc.save(ledger, "data_categories", None, {**base, "responsible_dept": ""})
    assert e.value.errors == {"responsible_dept": "此项必填"}


def test_delete_refusals_say_why(qtbot, db, ledger, unit) -> None:
    # a unit with objects
    dlg = editor_for(db, "organizations", unit["org"], None)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db, lambda: dlg.record.get("id") == unit["org"])
    assert dlg.delete_button is not None and dlg.delete_button.isVisible()
    dlg.delete_button.click()
    settle(qtbot, db)
    assert dlg.isVisible()
    assert "该单位下还有 1 个定级对象，不能删除" in dlg.banner.text()
    dlg.close()
    # an object with a filing
    svc.save(ledger, "filings", None, {"object_id": unit["obj"], "status": FilingStatus.PREPARING.value})
    obj = editor_for(db, "protected_objects", unit["obj"], None)
    qtbot.addWidget(obj)
    obj.show()
    settle(qtbot, db, lambda: obj.record.get("id") == unit["obj"])
    obj.delete_button.click()
    settle(qtbot, db)
    assert "该对象已有 1 条备案记录，不能删除" in obj.banner.text() and "已下线" in obj.banner.text()
    obj.close()
    # records that are never deleted in the window have no 删除 button
    filing = svc.latest_filing_id(ledger, unit["obj"])
    fdlg = editor_for(db, "filings", filing, None)
    qtbot.addWidget(fdlg)
    assert fdlg.delete_button is None
    with pytest.raises(svc.ValidationError, match="不能在程序中删除"):
        svc.delete(ledger, "filings", filing)
    fdlg.close()


def test_an_object_with_findings_is_refused_but_a_bare_one_goes(ledger, unit) -> None:
    svc.save(ledger, "findings", None, {"object_id": unit["obj"], "title": "弱口令", "risk": Risk.HIGH.value})
    with pytest.raises(svc.ValidationError, match="问题 1 条"):
        svc.delete(ledger, "protected_objects", unit["obj"])
    bare = svc.save(ledger, "protected_objects", None, {
        "organization_id": unit["org"], "name": "测试系统", "domains": ["www.example.gov.cn"],
    })
    svc.delete(ledger, "protected_objects", bare)
    with ledger.session(write=False) as s:
        deleted = set(s.scalars(sa.select(AuditEvent.entity).where(AuditEvent.action == "delete")))
    assert {"protected_objects", "domains"} <= deleted


def test_delete_contact_action_task_and_finding(qtbot, db, ledger, unit, isolated) -> None:
    contact = svc.save(ledger, "contacts", None, {"organization_id": unit["org"], "name": "王五", "mobile": "13800138000"})
    # the unit's 联系人 tab: select the row, 删除所选
    dlg = editor_for(db, "organizations", unit["org"], None)
    qtbot.addWidget(dlg)
    dlg.show()
    settle(qtbot, db, lambda: dlg.contacts.model.rowCount() == 1)
    dlg.contacts.view.selectRow(0)
    assert dlg.contacts.delete_button.isEnabled()
    dlg.contacts.delete_button.click()
    settle(qtbot, db, lambda: dlg.contacts.model.rowCount() == 0)
    dlg.close()
    finding = svc.save(ledger, "findings", None, {"object_id": unit["obj"], "title": "未开启审计", "risk": Risk.MEDIUM.value})
    action = svc.save(ledger, "rectification_actions", None, {"finding_id": finding, "action": "开启审计"})
    svc.save(ledger, "rectification_actions", None, {"finding_id": finding, "action": "复测"})
    adlg = editor_for(db, "rectification_actions", action, None)
    qtbot.addWidget(adlg)
    adlg.show()
    settle(qtbot, db, lambda: adlg.record.get("id") == action)
    adlg.delete_button.click()
    settle(qtbot, db, lambda: not adlg.isVisible())
    fdlg = editor_for(db, "findings", finding, None)
    qtbot.addWidget(fdlg)
    fdlg.show()
    settle(qtbot, db, lambda: fdlg.record.get("id") == finding)
    fdlg.delete_button.click()
    settle(qtbot, db, lambda: not fdlg.isVisible())
    notice = svc.save(ledger, "notices", None, {"title": "关于开展网站安全检查的通知"})
    task = svc.save(ledger, "notice_tasks", None, {"notice_id": notice, "text": "报送自查表"})
    svc.delete(ledger, "notice_tasks", task)
    with ledger.session(write=False) as s:
        assert s.get(Contact, contact) is None
        assert s.scalar(sa.select(sa.func.count()).select_from(Finding)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(RectificationAction)) == 0
        deletes = s.execute(
            sa.select(AuditEvent.entity, sa.func.count()).where(AuditEvent.action == "delete").group_by(AuditEvent.entity)
        ).all()
    assert dict(deletes) == {"contacts": 1, "rectification_actions": 2, "findings": 1, "notice_tasks": 1}
    from db.store.check import check_ledger

    assert check_ledger(ledger).ok
    assert not isolated  # no refusal was shown
