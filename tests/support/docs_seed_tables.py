"""Builders for the seed attachment tables (附件2 摸底自查表, 附件3 开办情况汇总表) as real .xlsx files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

SUPERVISOR = "河北省机构编制委员会办公室"
SELFCHECK_TITLE = "党政机关、事业单位网站摸底自查表"
SUMMARY_TITLE = "党政机关、事业单位网站开办情况汇总表"
SELFCHECK_HEADER = ["单位名称", "网站名称", "英文域名", "中文域名", "是否挂标", "联系人", "联系电话"]
SUMMARY_HEADER = ["主管部门", *SELFCHECK_HEADER]
NOTE = "注：填写规范以河北省机构编制委员会办公室为例。"
PHONE = "0311—87802765"

#: the four data rows of 附件2, exactly as the notice prints them
SELFCHECK_ROWS = [
    [
        "河北省机构编制委员会办公室",
        "河北机构编制网",
        "www.hebjgbz.gov.cn",
        "1. 河北省机构编制委员会办公室·政务 2. 河北省编办·政务 3. 河北机构编制网·政务",
        "是",
        "李克强",
        PHONE,
    ],
    [
        "河北省事业单位登记管理局",
        "河北机构编制网",
        "无",
        "河北省事业单位登记管理局·政务",
        "是",
        "李克强",
        PHONE,
    ],
    [
        "河北省机构编制电子政务中心",
        "河北机构编制网",
        "无",
        "河北省机构编制电子政务中心·政务",
        "是",
        "李克强",
        PHONE,
    ],
    ["河北省机构编制研究中心", "河北机构编制网", "无", "河北省机构编制研究中心·公益", "是", "李克强", PHONE],
]
SUMMARY_ROWS = [[SUPERVISOR, *row] for row in SELFCHECK_ROWS]


def write_table(
    path: Path,
    title: str,
    stamp: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    note: str | None = NOTE,
    sheet: str = "Sheet1",
) -> Path:
    """Title line, 公章 line, header, rows and the 注 line, laid out like the notice's attachment."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append([stamp])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    if note:
        ws.append([note])
    wb.save(path)
    return path


def selfcheck_file(
    path: Path, rows: Sequence[Sequence[object]] = SELFCHECK_ROWS, header: Sequence[str] = SELFCHECK_HEADER
) -> Path:
    return write_table(path, SELFCHECK_TITLE, f"主管部门（公章）：{SUPERVISOR}", header, rows)


def summary_file(
    path: Path, rows: Sequence[Sequence[object]] = SUMMARY_ROWS, header: Sequence[str] = SUMMARY_HEADER
) -> Path:
    return write_table(path, SUMMARY_TITLE, f"单位（公章）：{SUPERVISOR}", header, rows)


def shuffled(
    header: Sequence[str], rows: Sequence[Sequence[object]], order: Sequence[int]
) -> tuple[list, list]:
    return [header[i] for i in order], [[row[i] for i in order] for row in rows]
