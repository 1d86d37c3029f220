"""Excel workbooks: 摸底自查表, 开办情况汇总表, 等保工作汇总表 and 整改台账.

The two website tables follow the notice's attachments column for column (seed 附件2/附件3):
row 1 the title merged across the columns, row 2 the ``主管部门（公章）：`` / ``单位（公章）：`` line,
row 3 the header, then the data rows and a closing ``注：`` line.

Every sheet is written with openpyxl's write-only mode from an iterable of rows, so an export of
hundreds of thousands of findings streams from the database to the file without holding them.
No formula is ever written: text that a spreadsheet would read as a formula (``= + - @``, also
after leading tabs, carriage returns or spaces) is stored as a text cell with the quote prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from desktop.documents.sheet_layout import (
    Progress,
    SheetSpec,
)
from desktop.documents.streaming import write_workbook

SELFCHECK_TITLE = "党政机关、事业单位网站摸底自查表"
SUMMARY_TITLE = "党政机关、事业单位网站开办情况汇总表"
SELFCHECK_HEADERS = ["单位名称", "网站名称", "英文域名", "中文域名", "是否挂标", "联系人", "联系电话"]
SUMMARY_HEADERS = ["主管部门", *SELFCHECK_HEADERS]
#: the notice's own 注 line (seed 附件2/附件3)
SEED_NOTE = "注：填写规范以河北省机构编制委员会办公室为例。"

# ---------------------------------------------------------------------------------------------
# Website tables (附件2 摸底自查表, 附件3 开办情况汇总表)


@dataclass
class WebsiteRow:
    supervisor: str  # 主管部门
    unit: str
    site_name: str
    english: list[str]
    chinese: list[str]
    badge: bool | None
    contact: str
    phone: str


def chinese_display(name: str) -> str:
    """``河北省编办.政务`` as the notice writes it: ``河北省编办·政务``."""
    return re.sub(r"\.(政务|公益)(?=$|\.)", r"·\1", name)


def domain_cell(names: Sequence[str]) -> str:
    """One domain as is; several numbered ``1. a 2. b``; none → 无."""
    names = [n for n in names if n]
    if not names:
        return "无"
    if len(names) == 1:
        return names[0]
    return " ".join(f"{i}. {n}" for i, n in enumerate(names, 1))


def _badge(flag: bool | None) -> str:
    return "" if flag is None else ("是" if flag else "否")


def _site_values(r: WebsiteRow) -> list[Any]:
    return [
        r.unit,
        r.site_name,
        domain_cell(r.english),
        domain_cell([chinese_display(n) for n in r.chinese]),
        _badge(r.badge),
        r.contact,
        r.phone,
    ]


def write_selfcheck(
    rows: Iterable[WebsiteRow], out: str | Path | BinaryIO, supervisor: str, note: str = SEED_NOTE,
    *, progress: Progress | None = None,
) -> int:
    """摸底自查表 (seed 附件2), streamed: see :mod:`desktop.documents.streaming`."""
    return _stream(sheet_spec("selfcheck", supervisor, note=note), sheet_rows("selfcheck", rows), out, progress)


def write_summary(
    rows: Iterable[WebsiteRow], out: str | Path | BinaryIO, unit: str, note: str = SEED_NOTE,
    *, progress: Progress | None = None,
) -> int:
    """开办情况汇总表 (seed 附件3), streamed."""
    return _stream(sheet_spec("summary", unit, note=note), sheet_rows("summary", rows), out, progress)


# ---------------------------------------------------------------------------------------------
# 等保工作汇总表


WORKSUMMARY_HEADERS = [
    "序号",
    "单位名称",
    "定级对象",
    "对象类型",
    "安全保护等级",
    "备案证明编号",
    "备案受理日期",
    "备案证明有效期至",
    "最近等级测评",
    "测评机构",
    "测评结论",
    "未整改问题（高）",
    "未整改问题（中）",
    "未整改问题（低）",
    "逾期问题数",
    "下次等级测评",
    "下次自查",
    "下次应急演练",
]


@dataclass
class WorkSummaryRow:
    unit: str
    object_name: str
    object_type: str
    level: str
    certificate_no: str = ""
    accepted_on: date | None = None
    certificate_expiry: date | None = None
    last_test: date | None = None
    institution: str = ""
    conclusion: str = ""
    open_high: int = 0
    open_medium: int = 0
    open_low: int = 0
    overdue: int = 0
    next_test: date | None = None
    next_self_inspection: date | None = None
    next_drill: date | None = None


def write_worksummary(
    rows: Iterable[WorkSummaryRow], out: str | Path | BinaryIO, unit: str, today: date,
    *, progress: Progress | None = None,
) -> int:
    """等保工作汇总表: one row per object, streamed."""
    return _stream(sheet_spec("worksummary", unit, today), sheet_rows("worksummary", rows), out, progress)


# ---------------------------------------------------------------------------------------------
# 整改台账


LEDGER_HEADERS = [
    "序号",
    "单位名称",
    "定级对象",
    "问题来源",
    "来源记录",
    "安全类",
    "控制点",
    "测评项编号",
    "问题",
    "问题描述",
    "风险等级",
    "重大风险隐患",
    "整改建议",
    "临时措施",
    "责任部门",
    "责任人",
    "发现日期",
    "整改时限",
    "是否逾期",
    "整改状态",
    "整改措施",
    "证明材料",
    "完成日期",
    "验证人",
    "验证日期",
    "风险接受批准人",
    "风险接受理由",
    "后续计划",
    "时限说明",
]
LEDGER_WIDTHS: list[float] = [
    7,
    16,
    18,
    10,
    24,
    14,
    14,
    13,
    30,
    40,
    8,
    10,
    30,
    24,
    14,
    10,
    12,
    12,
    8,
    10,
    46,
    30,
    12,
    10,
    12,
    12,
    24,
    24,
    24,
]


#: the 整改台账 is too wide for one page: it prints at this scale, across pages, 序号/单位/对象 repeated
LEDGER_PRINT_SCALE = 65


def write_rectification_ledger(
    rows: Iterable[Sequence[Any]], out: str | Path | BinaryIO, unit: str, today: date,
    *, progress: Progress | None = None,
) -> int:
    """整改台账: ``rows`` are value lists in :data:`LEDGER_HEADERS` order (without 序号), streamed."""
    return _stream(sheet_spec("ledger", unit, today), sheet_rows("ledger", rows), out, progress)


# ---------------------------------------------------------------------------------------------
# one definition of each sheet: layout and row values


def sheet_spec(kind: str, who: str, today: date | None = None, note: str | None = None) -> SheetSpec:
    """Title, 公章 line, header, widths and note of one of the four workbooks."""
    if kind == "selfcheck":
        return SheetSpec(
            "摸底自查表", SELFCHECK_TITLE, SELFCHECK_HEADERS, [30, 22, 24, 46, 10, 12, 18],
            stamp_line=f"主管部门（公章）：{who}", note=SEED_NOTE if note is None else note, wrap_cols={0, 1, 2, 3},
            attachment_label="附件2",
        )
    if kind == "summary":
        return SheetSpec(
            "开办情况汇总表", SUMMARY_TITLE, SUMMARY_HEADERS, [28, 30, 22, 24, 46, 10, 12, 18],
            stamp_line=f"单位（公章）：{who}", note=SEED_NOTE if note is None else note, wrap_cols={0, 1, 2, 3, 4},
            attachment_label="附件3",
        )
    assert today is not None
    if kind == "worksummary":
        return SheetSpec(
            "等保工作汇总表", "网络安全等级保护工作汇总表", WORKSUMMARY_HEADERS,
            [5, 20, 22, 10, 9, 16, 11, 11, 11, 18, 9, 8, 8, 8, 8, 11, 11, 11],
            stamp_line=f"单位（公章）：{who}　　　　统计日期：{today.isoformat()}",
            note="注：有效期、下次测评/自查/演练日期按台账规则计算；逾期问题指已过整改时限仍未完成的问题。",
            wrap_cols={1, 2, 9},
        )
    if kind == "ledger":
        return SheetSpec(
            "整改台账", "网络安全问题整改台账", LEDGER_HEADERS, LEDGER_WIDTHS,
            stamp_line=f"单位（公章）：{who}　　　　导出日期：{today.isoformat()}",
            note="注：整改措施按登记顺序列出（措施/责任人/计划/完成/验证）；是否逾期按导出日期判断。",
            wrap_cols={1, 2, 4, 8, 9, 12, 13, 20, 21, 26, 27, 28},
            print_scale=LEDGER_PRINT_SCALE, print_title_cols="A:C",
        )
    raise ValueError(kind)


def sheet_rows(kind: str, rows: Iterable[Any]) -> Iterator[list[Any]]:
    """Cell values of each data row, in the sheet's column order (序号 added where the sheet has one)."""
    if kind == "selfcheck":
        return (_site_values(r) for r in rows)
    if kind == "summary":
        return ([r.supervisor, *_site_values(r)] for r in rows)
    if kind == "worksummary":
        return (
            [
                i, r.unit, r.object_name, r.object_type, r.level, r.certificate_no, r.accepted_on,
                r.certificate_expiry, r.last_test, r.institution, r.conclusion, r.open_high, r.open_medium,
                r.open_low, r.overdue, r.next_test, r.next_self_inspection, r.next_drill,
            ]
            for i, r in enumerate(rows, 1)
        )
    if kind == "ledger":
        return ([i, *r] for i, r in enumerate(rows, 1))
    raise ValueError(kind)


def _stream(spec: SheetSpec, rows: Iterable[Sequence[Any]], out: str | Path | BinaryIO,
            progress: Progress | None) -> int:
    return write_workbook(spec, rows, out, progress=progress)
