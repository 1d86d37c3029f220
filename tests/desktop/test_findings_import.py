"""Findings import (issue 16): the own 整改台账 round-trips, an assessor's list in any column order,
scanner results (Nessus, CSV), all or nothing with errors by sheet/row/column — real files, real ledgers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from db.models import AuditEvent, Finding
from desktop.importers.findings import parse_findings
from desktop.importers.xlsx_reader import Sheet
from desktop.services import records
from desktop.services.documents_io import export_workbook
from desktop.services.findings_import import FindingsImportError, import_findings

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["整改期限", "责任人", "风险等级", "安全问题", "测评项", "整改建议", "控制点"]
ROWS = [
    [date(2026, 12, 31), "张三", "高", "管理员使用弱口令", "L3-CES1-01", "启用口令复杂度策略", "身份鉴别"],
    ["2026-11-30", "—", "中风险", "未启用登录失败处理", "L3-CES1-02", "暂无", ""],
    ["", "李四", "低", "机房无温湿度记录", "", "配置温湿度监控", "温湿度控制"],
]


def counts(ledger) -> tuple[int, int]:
    with ledger.session(write=False) as s:
        return (
            s.scalar(sa.select(sa.func.count()).select_from(Finding)) or 0,
            s.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) or 0,
        )


def workbook(path: Path, rows: list[list[object]], header: list[str] = HEADER, title: str = "问题清单") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "测评问题"
    ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def unit(ledger) -> tuple[object, int, int]:
    """A ledger with one unit, one object and one assessment of it."""
    org = records.save(ledger, "organizations", None, {"name": "河北省测试局"})
    obj = records.save(ledger, "protected_objects", None, {"organization_id": org, "name": "门户网站", "object_type": "website"})
    other = records.save(ledger, "protected_objects", None, {"organization_id": org, "name": "办公系统", "object_type": "info_system"})
    test = records.save(ledger, "assessments", None, {"object_id": obj, "report_no": "R-1"})
    del other
    return ledger, obj, test


def test_assessor_list_in_any_order_resolves_codes_and_round_trips(unit, tmp_path: Path) -> None:
    ledger, obj, test = unit
    path = workbook(tmp_path / "问题清单.xlsx", ROWS)
    before = counts(ledger)
    dry = import_findings(ledger, path, object_id=obj, assessment_id=test, dry_run=True)
    assert dry.plan.ok and not dry.written and len(dry.plan.created) == 3
    assert counts(ledger) == before
    done = import_findings(ledger, path, object_id=obj, assessment_id=test)
    assert done.written
    with ledger.session(write=False) as s:
        found = {f.title: f for f in s.scalars(sa.select(Finding))}
        weak = found["管理员使用弱口令"]
        assert (weak.category, weak.test_item_code, weak.control_point) == ("CES", "L3-CES1-01", "身份鉴别")
        assert weak.risk.value == "high" and weak.owner == "张三" and weak.deadline == date(2026, 12, 31)
        assert weak.assessment_id == test and weak.object_id == obj
        second = found["未启用登录失败处理"]
        # placeholders are empty, not values
        assert second.owner is None and second.recommendation is None and second.category == "CES"
        assert found["机房无温湿度记录"].control_point == "温湿度控制"
    after = counts(ledger)
    again = import_findings(ledger, path, object_id=obj, assessment_id=test)
    assert not again.written and len(again.plan.unchanged) == 3 and counts(ledger) == after


def test_own_rectification_ledger_round_trips(unit, tmp_path: Path) -> None:
    ledger, obj, test = unit
    import_findings(ledger, workbook(tmp_path / "a.xlsx", ROWS), object_id=obj, assessment_id=test)
    out = tmp_path / "整改台账.xlsx"
    export_workbook(ledger, "ledger", out)
    before = counts(ledger)
    result = import_findings(ledger, out, object_id=obj)
    assert result.plan.ok, result.plan.errors
    assert (len(result.plan.created), len(result.plan.updated), len(result.plan.unchanged)) == (0, 0, 3)
    assert not result.written and counts(ledger) == before
    assert any("整改状态" in note for note in result.notes)


def test_an_edited_row_updates_only_what_changed(unit, tmp_path: Path) -> None:
    ledger, obj, _test = unit
    import_findings(ledger, workbook(tmp_path / "a.xlsx", ROWS), object_id=obj)
    changed = [list(r) for r in ROWS]
    changed[0][1] = "王五"
    result = import_findings(ledger, workbook(tmp_path / "b.xlsx", changed), object_id=obj)
    assert result.written and [e.name for e in result.plan.updated] == ["管理员使用弱口令"]
    assert [(c.field, c.old, c.new) for c in result.plan.updated[0].changes] == [("责任人", "张三", "王五")]


def test_errors_by_row_and_column_and_nothing_written(unit, tmp_path: Path) -> None:
    ledger, obj, _test = unit
    bad = [
        *ROWS,
        ["2026-13-40", "", "很高", "口令未定期更换", "L9-XYZ1-00", "", ""],
        ["", "", "高", "管理员使用弱口令", "L3-CES1-01", "", ""],
        ["", "", "中", "", "", "", ""],
        ["", "", "高", "通信未加密", "L3-CNS1-01", "", "身份鉴别"],
    ]
    before = counts(ledger)
    result = import_findings(ledger, workbook(tmp_path / "bad.xlsx", bad), object_id=obj)
    assert not result.written and counts(ledger) == before
    where = {(e.row, e.column) for e in result.plan.errors}
    assert {(6, "A"), (6, "C"), (6, "E"), (7, "D"), (8, "D"), (9, "G")} <= where
    text = "\n".join(e.line() for e in result.plan.errors)
    assert "“测评问题”第6行 C列：风险等级：应填 高、中 或 低：很高" in text
    assert "与第3行重复" in text
    assert "不是安全通信网络的控制点" in text


def test_refusals(unit, tmp_path: Path) -> None:
    ledger, obj, test = unit
    path = workbook(tmp_path / "a.xlsx", ROWS)
    with pytest.raises(LookupError):
        import_findings(ledger, path, object_id=9999)
    other = records.save(ledger, "assessments", None, {"object_id": obj + 1, "report_no": "R-2"})
    with pytest.raises(FindingsImportError, match="不属于"):
        import_findings(ledger, path, object_id=obj, assessment_id=other)
    no_header = workbook(tmp_path / "n.xlsx", [["x", "y"]], header=["甲", "乙"])
    assert "没有找到问题清单的表头" in import_findings(ledger, no_header, object_id=obj).plan.errors[0].message
    assert counts(ledger)[0] == 0 and test


def test_header_aliases_and_placeholders_in_parser() -> None:
    rows: list[list[object]] = [
        ["序号", "问题描述", "风险等级", "测评项编号", "安全类", "整改状态"],
        [1, "审计记录未保护", "高危", "l3－ces1－10", "/", "未整改"],
    ]
    table = parse_findings([Sheet("S", rows)])
    assert not table.errors, table.errors
    rec = table.records[0]
    assert rec.values == {"title": "审计记录未保护", "risk": "high", "test_item_code": "L3-CES1-10", "category": "CES"}
    assert table.ignored == ["整改状态"]


NESSUS = """<?xml version="1.0" ?>
<NessusClientData_v2><Report name="weekly">
<ReportHost name="10.1.2.3"><HostProperties><tag name="HOST_START">Mon Nov 16 09:10:11 2026</tag>
<tag name="host-ip">10.1.2.3</tag></HostProperties>
<ReportItem port="443" protocol="tcp" severity="3" pluginID="42873" pluginName="SSL Medium Strength Ciphers">
<risk_factor>High</risk_factor><synopsis>Medium strength ciphers.</synopsis><solution>Reconfigure.</solution>
<cve>CVE-2016-2183</cve></ReportItem>
<ReportItem port="8443" protocol="tcp" severity="3" pluginID="42873" pluginName="SSL Medium Strength Ciphers">
<risk_factor>High</risk_factor></ReportItem>
<ReportItem port="0" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information">
<risk_factor>None</risk_factor></ReportItem>
<ReportItem port="22" protocol="tcp" severity="4" pluginID="1" pluginName="OpenSSH RCE"></ReportItem>
</ReportHost>
<ReportHost name="10.1.2.4"><ReportItem port="22" protocol="tcp" severity="1" pluginID="70658"
 pluginName="SSH CBC Mode Ciphers"><risk_factor>Low</risk_factor></ReportItem></ReportHost>
</Report></NessusClientData_v2>
"""


def test_nessus_grouped_per_plugin_and_host_linked_by_ip(unit, tmp_path: Path) -> None:
    ledger, obj, _test = unit
    records.save(ledger, "protected_objects", obj, {"ip_ranges": ["10.1.2.0/24"]})
    path = tmp_path / "weekly.nessus"
    path.write_text(NESSUS, encoding="utf-8")
    result = import_findings(ledger, path, object_id=None, control_point="访问控制", category="安全区域边界")
    assert result.plan.ok and result.written, result.plan.errors
    with ledger.session(write=False) as s:
        found = {f.title: f for f in s.scalars(sa.select(Finding))}
    assert set(found) == {
        "SSL Medium Strength Ciphers（10.1.2.3）", "OpenSSH RCE（10.1.2.3）", "SSH CBC Mode Ciphers（10.1.2.4）",
    }  # fmt: skip
    ssl = found["SSL Medium Strength Ciphers（10.1.2.3）"]
    assert ssl.risk.value == "high" and ssl.object_id == obj and ssl.found_on == date(2026, 11, 16)
    assert "443/tcp、8443/tcp" in (ssl.description or "") and "CVE-2016-2183" in (ssl.description or "")
    assert (ssl.category, ssl.control_point, ssl.recommendation) == ("ABS", "访问控制", "Reconfigure.")
    assert found["OpenSSH RCE（10.1.2.3）"].risk.value == "high"
    assert found["SSH CBC Mode Ciphers（10.1.2.4）"].risk.value == "low"
    assert any("信息级结果 1 条" in n for n in result.notes)
    again = import_findings(ledger, path, object_id=None, control_point="访问控制", category="安全区域边界")
    assert not again.written and len(again.plan.unchanged) == 3


def test_scanner_csv_default_control_point_and_unknown_host(unit, tmp_path: Path) -> None:
    ledger, obj, _test = unit
    path = tmp_path / "scan.csv"
    path.write_text(
        "Plugin ID,Risk,Host,Protocol,Port,Name,Solution\n"
        "7,Medium,192.0.2.9,tcp,80,Weak Web,fix it\n7,Medium,192.0.2.9,tcp,8080,Weak Web,fix it\n",
        encoding="utf-8-sig",
    )
    before = counts(ledger)
    refused = import_findings(ledger, path, object_id=None)
    assert not refused.written and "192.0.2.9" in refused.plan.errors[0].message and counts(ledger) == before
    assert refused.plan.errors[0].row == 2
    done = import_findings(ledger, path, object_id=obj)
    assert done.written and len(done.plan.created) == 1
    with ledger.session(write=False) as s:
        f = s.scalars(sa.select(Finding)).one()
    assert (f.category, f.control_point, f.risk.value) == ("CES", "入侵防范", "medium")


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--db", str(db), "--no-encryption", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_cli_import_findings(tmp_path: Path) -> None:
    db = tmp_path / "L.db"
    assert _cli("init", db=db).returncode == 0
    from db.store.storage import open_ledger

    led = open_ledger(db, encryption=False)
    try:
        org = records.save(led, "organizations", None, {"name": "河北省测试局"})
        obj = records.save(led, "protected_objects", None, {"organization_id": org, "name": "门户网站"})
    finally:
        led.close()
    path = workbook(tmp_path / "问题清单.xlsx", ROWS)
    usage = _cli("import", "findings", str(path), db=db)
    assert usage.returncode == 2 and "--object" in usage.stderr
    dry = _cli("import", "findings", str(path), "--object", str(obj), "--dry-run", "--json", db=db)
    assert dry.returncode == 0, dry.stderr
    assert len(json.loads(dry.stdout)["created"]) == 3
    real = _cli("import", "findings", str(path), "--object", str(obj), db=db)
    assert real.returncode == 0 and "已导入" in real.stdout
    again = _cli("import", "findings", str(path), "--object", str(obj), db=db)
    assert again.returncode == 0 and "无变化 3 项" in again.stdout
    missing = _cli("import", "findings", str(path), "--object", "999", db=db)
    assert missing.returncode == 1 and missing.stderr.startswith("错误：") and "Traceback" not in missing.stderr
    wrong = _cli("import", "summary", str(path), "--object", "1", db=db)
    assert wrong.returncode == 2
