"""Import preview in the window: skip a bad row or fix its cell inline, then import the rest in one go."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from docs_seed_tables import SELFCHECK_ROWS, selfcheck_file
from PySide6.QtCore import Qt

from db.models import AuditEvent, Organization, ProtectedObject
from desktop.services.imports import import_file
from desktop.ui.importpanel import ImportPanel, PreviewModel
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui
BAD_ROW = 6  # title, stamp, header, then data rows 4..7; the third data row is Excel row 6




@pytest.fixture
def bad_file(tmp_path) -> Path:
    rows = [list(r) for r in SELFCHECK_ROWS]
    rows[2][6] = "12345"  # 联系电话 (column G) without an area code
    return selfcheck_file(tmp_path / "附件2-有错.xlsx", rows)


@pytest.fixture
def panel(qtbot, ledger):
    db = Database(ledger)
    p = ImportPanel(db)
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show()
    yield p
    db.shutdown()


def counts(ledger) -> tuple[int, int, int]:
    with ledger.session(write=False) as s:
        return tuple(
            s.scalar(sa.select(sa.func.count()).select_from(m)) or 0 for m in (Organization, ProtectedObject, AuditEvent)
        )


def wait_result(qtbot, p: ImportPanel, check=lambda r: True):
    qtbot.waitUntil(
        lambda: not p.running and not p._timer.isActive() and p.result is not None and check(p.result)
        and p.db.pending == 0,
        timeout=60000,
    )
    return p.result


def test_skip_the_bad_row_then_import_the_others(qtbot, panel, ledger, bad_file, qtmodeltester) -> None:
    panel.check(str(bad_file), "selfcheck")
    result = wait_result(qtbot, panel)
    assert not result.ok and not panel.apply_button.isEnabled()
    errors = panel.models["errors"]
    assert errors.rowCount() == 1
    row = errors.rows[0]
    assert (row["sheet"], row["row"], row["column"]) == ("Sheet1", BAD_ROW, "G")
    assert "电话号码无效" in row["message"] and row["value"] == "12345"
    assert row["what"].startswith("河北省机构编制电子政务中心")
    assert panel.tabs.tabText(0) == "错误 (1)"
    assert "还有 1 处问题" in panel.summary.text()
    qtmodeltester.check(errors)
    assert counts(ledger) == (0, 0, 0)  # nothing written while an error remains

    skip = errors.index(0, 0)
    assert errors.flags(skip) & Qt.ItemFlag.ItemIsUserCheckable
    assert errors.setData(skip, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    result = wait_result(qtbot, panel, lambda r: r.skipped)
    assert result.ok and result.skipped == (("Sheet1", BAD_ROW),)
    assert panel.models["skipped"].rowCount() == 1 and panel.models["errors"].rowCount() == 0
    assert panel.apply_button.isEnabled()
    assert "跳过 1 行" in panel.summary.text()
    qtmodeltester.check(panel.models["created"])

    panel.apply_button.click()
    result = wait_result(qtbot, panel, lambda r: r.written)
    orgs, sites, _events = counts(ledger)
    assert (orgs, sites) == (3, 3)
    assert "已导入" in panel.summary.text()
    with ledger.session(write=False) as s:
        names = set(s.scalars(sa.select(Organization.name)))
    assert "河北省机构编制电子政务中心" not in names


def test_fix_the_bad_phone_inline_then_import_everything(qtbot, panel, ledger, bad_file) -> None:
    panel.check(str(bad_file), "selfcheck")
    wait_result(qtbot, panel)
    errors = panel.models["errors"]
    value = errors.index(0, errors.keys.index("value"))
    assert errors.flags(value) & Qt.ItemFlag.ItemIsEditable
    # a correction that is still wrong keeps the error (with the new value)
    assert errors.setData(value, "0311-123", Qt.ItemDataRole.EditRole)
    result = wait_result(qtbot, panel, lambda r: bool(r.overrides))
    assert not result.ok and errors.rows[0]["value"] == "0311-123"
    assert not panel.apply_button.isEnabled()
    value = errors.index(0, errors.keys.index("value"))
    assert errors.setData(value, "0311-87802765", Qt.ItemDataRole.EditRole)
    result = wait_result(qtbot, panel, lambda r: r.ok)
    assert panel.apply_button.isEnabled() and not result.skipped
    panel.apply_button.click()
    wait_result(qtbot, panel, lambda r: r.written)
    assert counts(ledger)[:2] == (4, 4)
    # the file itself is unchanged: read again, the error is still there
    again = import_file(ledger, bad_file, "selfcheck", dry_run=True)
    assert not again.plan.ok


def test_preview_model_rows_without_a_file_row_cannot_be_skipped(qtbot, qtmodeltester) -> None:
    m = PreviewModel(["message", "value"], {"value": "值"}, editable="value")
    m.set_rows([
        {"message": "表头缺少列", "value": "", "key": None, "cell": None},
        {"message": "电话号码无效", "value": "1", "key": ("S", 5), "cell": ("S", 5, "G"), "skipped": False},
    ])
    qtmodeltester.check(m)
    assert not m.flags(m.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not m.flags(m.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert m.flags(m.index(1, 2)) & Qt.ItemFlag.ItemIsEditable
    seen = []
    m.skip_changed.connect(lambda key, on: seen.append((key, on)))
    m.setData(m.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert seen == [(("S", 5), True)]


def test_skip_and_fix_headless(ledger, bad_file) -> None:
    """The service the window uses: skipped rows leave the plan, corrections are checked again."""
    skipped = import_file(ledger, bad_file, "selfcheck", dry_run=True, skip_rows=[("Sheet1", BAD_ROW)])
    assert skipped.plan.ok and skipped.skipped == [("Sheet1", BAD_ROW)]
    assert not any(e.row == BAD_ROW for e in skipped.plan.created)
    # the header row cannot be skipped
    header = import_file(ledger, bad_file, "selfcheck", dry_run=True, skip_rows=[("Sheet1", 3)])
    assert header.skipped == [] and not header.plan.ok
    fixed = import_file(ledger, bad_file, "selfcheck", overrides={("Sheet1", BAD_ROW, "g"): "0311-87802765"})
    assert fixed.plan.ok and fixed.written


def test_findings_list_preview_then_import_into_the_chosen_object(qtbot, panel, ledger, tmp_path, qtmodeltester) -> None:
    from openpyxl import Workbook

    from db.models import Finding
    from desktop.services import records

    org = records.save(ledger, "organizations", None, {"name": "河北省测试局"})
    obj = records.save(ledger, "protected_objects", None, {"organization_id": org, "name": "门户网站"})
    wb = Workbook()
    ws = wb.active
    ws.append(["风险等级", "安全问题", "测评项", "责任人"])
    ws.append(["高", "管理员使用弱口令", "L3-CES1-01", "张三"])
    ws.append(["特别高", "未启用登录失败处理", "L3-CES1-02", "—"])
    path = tmp_path / "问题清单.xlsx"
    wb.save(path)
    panel.kind.setCurrentIndex(panel.kind.findData("findings"))
    qtbot.waitUntil(lambda: panel.object_box.findData(obj) >= 0, timeout=30000)
    assert panel.point_edit.isVisible() and panel.point_edit.text() == "入侵防范"
    panel.object_box.setCurrentIndex(panel.object_box.findData(obj))
    panel.check(str(path), "findings")
    result = wait_result(qtbot, panel)
    errors = panel.models["errors"]
    assert errors.rowCount() == 1 and errors.rows[0]["column"] == "A" and errors.rows[0]["value"] == "特别高"
    qtmodeltester.check(errors)
    assert errors.setData(errors.index(0, errors.keys.index("value")), "中")
    result = wait_result(qtbot, panel, lambda r: r.ok)
    assert len(result.created) == 2 and panel.apply_button.isEnabled()
    qtmodeltester.check(panel.models["created"])
    panel.grab().save(str(tmp_path / "findings-preview.png"))
    panel.apply()
    wait_result(qtbot, panel, lambda r: r.written)
    with ledger.session(write=False) as s:
        found = {f.title: (f.object_id, f.risk.value, f.owner) for f in s.scalars(sa.select(Finding))}
    assert found == {"管理员使用弱口令": (obj, "high", "张三"), "未启用登录失败处理": (obj, "medium", None)}
