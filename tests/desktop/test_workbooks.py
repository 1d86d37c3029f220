"""Workbooks read back with openpyxl and with LibreOffice (an independent reader) as CSV."""

from __future__ import annotations

import csv
import shutil
import subprocess
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import python_calamine
import sqlalchemy as sa
from demo_day import DEMO_TODAY
from docs_seed_tables import (
    NOTE,
    SELFCHECK_HEADER,
    SELFCHECK_TITLE,
    SUMMARY_HEADER,
    SUMMARY_TITLE,
    SUPERVISOR,
)
from openpyxl import load_workbook

from db.models import Finding, Organization
from desktop.documents import sheet_layout as sl
from desktop.documents import workbooks as wb
from desktop.services import document_data as dd
from desktop.services import export_rows as er

# LibreOffice CSV filter: comma, double quote, UTF-8, from line 1, …, every sheet to its own file
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice_csv(xlsx: Path, outdir: Path) -> dict[str, list[list[str]]]:
    """Convert every sheet with LibreOffice headless; {sheet name: rows}."""
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if not tool:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
    outdir.mkdir(exist_ok=True)
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            tool,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    sheets = {}
    for f in outdir.glob(f"{xlsx.stem}*.csv"):
        name = f.stem[len(xlsx.stem) + 1 :] if f.stem != xlsx.stem else ""
        with f.open(encoding="utf-8") as fh:
            sheets[name] = list(csv.reader(fh))
    assert sheets, "LibreOffice wrote no CSV"
    return sheets


def _seed_org_id(session) -> int:
    return session.scalar(sa.select(Organization.id).where(Organization.name == SUPERVISOR))


def test_selfcheck_matches_the_seed_layout(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        ids, name = dd.unit_scope(s, _seed_org_id(s))
        rows = dd.website_rows(s, ids)
    out = tmp_path / "selfcheck.xlsx"
    assert wb.write_selfcheck(rows, out, name) == 4
    csv_rows = soffice_csv(out, tmp_path / "csv")["摸底自查表"]
    assert csv_rows[0][0] == SELFCHECK_TITLE
    assert csv_rows[1][0] == f"主管部门（公章）：{SUPERVISOR}"
    assert csv_rows[2] == SELFCHECK_HEADER
    assert csv_rows[3] == [
        SUPERVISOR,
        "河北机构编制网",
        "www.hebjgbz.gov.cn",
        "1. 河北省机构编制委员会办公室·政务 2. 河北省编办·政务 3. 河北机构编制网·政务",
        "是",
        "李克强",
        "0311-87802765",
    ]
    assert csv_rows[4][:5] == [
        "河北省事业单位登记管理局",
        "河北机构编制网",
        "无",
        "河北省事业单位登记管理局·政务",
        "是",
    ]
    assert csv_rows[6][3] == "河北省机构编制研究中心·公益"
    assert csv_rows[-1][0] == NOTE

    book = load_workbook(out)
    ws = book["摸底自查表"]
    assert "A1:G1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows.replace("$", "") == "3:3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_summary_matches_the_seed_layout(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        ids, name = dd.unit_scope(s, _seed_org_id(s))
        rows = dd.website_rows(s, ids)
    out = tmp_path / "summary.xlsx"
    wb.write_summary(rows, out, name)
    csv_rows = soffice_csv(out, tmp_path / "csv")["开办情况汇总表"]
    assert csv_rows[0][0] == SUMMARY_TITLE
    assert csv_rows[1][0] == f"单位（公章）：{SUPERVISOR}"
    assert csv_rows[2] == SUMMARY_HEADER
    assert [r[0] for r in csv_rows[3:7]] == [SUPERVISOR] * 4
    assert csv_rows[-1][0] == NOTE


def test_no_formula_is_ever_written(tmp_path: Path) -> None:
    nasty = ["=1+1", "@SUM(A1)", "+1", "-2", "\t=cmd|' /C calc'!A0", "\r=1", ' =HYPERLINK("x")']
    rows = [
        wb.WebsiteRow(
            supervisor=v, unit=v, site_name=v, english=[], chinese=[], badge=None, contact=v, phone=v
        )
        for v in nasty
    ]
    out = tmp_path / "evil.xlsx"
    wb.write_summary(rows, out, "=2+2")
    with zipfile.ZipFile(out) as zf:
        sheet_xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    book = load_workbook(out)
    ws = book.active
    values = {ws.cell(row=r, column=2).value for r in range(4, 4 + len(nasty))}
    assert values == {v.replace("\r", "\n") for v in nasty}  # XML turns a bare CR into LF
    for r in range(4, 4 + len(nasty)):
        cell = ws.cell(row=r, column=2)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    csv_rows = soffice_csv(out, tmp_path / "csv")["开办情况汇总表"]
    body = [row[1] for row in csv_rows[3 : 3 + len(nasty)]]
    assert "=1+1" in body and "@SUM(A1)" in body and "+1" in body and "-2" in body
    assert "2" not in body and "4" not in body  # nothing was evaluated
    assert csv_rows[1][0] == "单位（公章）：=2+2"


def test_cell_value_cleaning() -> None:
    assert sl.cell_value(True) == "是" and sl.cell_value(False) == "否"
    assert sl.cell_value("a\x00b\x1fc") == "abc"
    assert sl.looks_like_formula("\t\r=x") and not sl.looks_like_formula("a=b")
    assert wb.domain_cell([]) == "无"
    assert wb.domain_cell(["a.gov.cn"]) == "a.gov.cn"
    assert wb.chinese_display("河北省编办.政务") == "河北省编办·政务"
    assert wb.chinese_display("某单位.公益.cn") == "某单位·公益.cn"


def test_worksummary_and_ledger_from_demo(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        ids, name = dd.unit_scope(s, None)
        summary_rows = list(er.worksummary_rows(s, ids, DEMO_TODAY))
        out1 = tmp_path / "work.xlsx"
        wb.write_worksummary(iter(summary_rows), out1, name, DEMO_TODAY)
        out2 = tmp_path / "ledger.xlsx"
        n = wb.write_rectification_ledger(er.ledger_rows(s, ids, DEMO_TODAY), out2, name, DEMO_TODAY)
        findings = s.scalar(sa.select(sa.func.count()).select_from(Finding))
    assert n == findings
    assert any(r.certificate_no and r.certificate_expiry for r in summary_rows)
    assert any(r.open_high or r.open_medium for r in summary_rows)
    work = soffice_csv(out1, tmp_path / "csv1")["等保工作汇总表"]
    assert work[2] == wb.WORKSUMMARY_HEADERS
    assert len(work) == 3 + len(summary_rows) + 1
    ledger = soffice_csv(out2, tmp_path / "csv2")["整改台账"]
    assert ledger[2] == wb.LEDGER_HEADERS
    assert len(ledger) == 3 + findings + 1
    actions_col = wb.LEDGER_HEADERS.index("整改措施")
    assert any(row[actions_col].startswith("1. ") for row in ledger[3:-1])
    header = next(
        iter(
            load_workbook(out2, read_only=True)["整改台账"].iter_rows(min_row=3, max_row=3, values_only=True)
        )
    )
    assert list(header) == wb.LEDGER_HEADERS


def test_ledger_export_streams_large_input(tmp_path: Path) -> None:
    """A generator of many rows is written without materialising it (write-only mode)."""
    produced = 0

    def rows():
        nonlocal produced
        for i in range(20_000):
            produced += 1
            yield [
                "单位",
                "系统",
                "测评",
                "",
                "安全计算环境",
                "身份鉴别",
                f"L3-CES1-{i % 99:02d}",
                f"问题{i}",
                "描述",
                "高",
                False,
                "建议",
                "",
                "信息中心",
                "李四",
                date(2026, 1, 1),
                date(2026, 3, 1),
                True,
                "未整改",
                "1. 措施",
                "",
                None,
                "",
                None,
                "",
                "",
                "",
                "",
            ]

    out = tmp_path / "big.xlsx"
    started = time.perf_counter()
    assert wb.write_rectification_ledger(rows(), out, "单位", date(2026, 11, 21)) == 20_000
    assert time.perf_counter() - started < 60
    assert produced == 20_000
    sheet = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("整改台账")
    assert sheet.height == 3 + 20_000 + 1


def test_cli_export_commands(demo_ledger, tmp_path: Path) -> None:
    from desktop.cli import main

    db = str(demo_ledger.path)
    with demo_ledger.session(write=False) as s:
        org = _seed_org_id(s)
    for what in ("selfcheck", "summary", "worksummary", "ledger"):
        out = tmp_path / f"{what}.xlsx"
        args = ["--db", db, "export", what, "--out", str(out), "--today", DEMO_TODAY.isoformat()]
        if what in ("selfcheck", "summary"):
            args += ["--org", str(org)]
        assert main(args) == 0
        assert zipfile.is_zipfile(out)
    assert (
        main(["--db", db, "export", "selfcheck", "--org", "999999", "--out", str(tmp_path / "x.xlsx")]) == 1
    )
    assert not (tmp_path / "x.xlsx").exists()
