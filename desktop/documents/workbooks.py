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
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from desktop.documents.cells import looks_like_formula

SELFCHECK_TITLE = "党政机关、事业单位网站摸底自查表"
SUMMARY_TITLE = "党政机关、事业单位网站开办情况汇总表"
SELFCHECK_HEADERS = ["单位名称", "网站名称", "英文域名", "中文域名", "是否挂标", "联系人", "联系电话"]
SUMMARY_HEADERS = ["主管部门", *SELFCHECK_HEADERS]
#: the notice's own 注 line (seed 附件2/附件3)
SEED_NOTE = "注：填写规范以河北省机构编制委员会办公室为例。"

FORMULA_PREFIXES = ("=", "+", "-", "@")
#: called with the number of data rows written so far
Progress = Callable[[int], None]

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "宋体"


def cell_value(value: Any) -> Any:
    """The value to store: dates as dates, booleans as 是/否, None as empty, text cleaned."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def text_cell(ws: Any, value: Any, **style: Any) -> WriteOnlyCell:
    """A write-only cell that can never hold a formula."""
    cell = WriteOnlyCell(ws, value=None)
    v = cell_value(value)
    cell.value = v
    if isinstance(v, str):
        # openpyxl turns any string starting with "=" into a formula: force a text cell instead,
        # and mark formula-like text with the quote prefix so Excel keeps it text when edited
        cell.data_type = "s"
        if looks_like_formula(v):
            cell.quotePrefix = True
    elif isinstance(v, date):
        cell.number_format = "yyyy-mm-dd"
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


@dataclass
class SheetSpec:
    """One sheet: title line, the 公章 line, the header and widths, the closing note."""

    name: str
    title: str
    headers: list[str]
    widths: list[float]
    stamp_line: str | None = None
    note: str | None = None
    wrap_cols: set[int] = field(default_factory=set)


def _merge_row(ws: Any, row: int, ncols: int) -> None:
    ws.merged_cells.add(f"A{row}:{get_column_letter(ncols)}{row}")


def body_probe(ws: Any, wrap: bool, kind: str) -> WriteOnlyCell:
    """A cell carrying the style of a data cell (font, border, wrapping; date format or quote prefix),
    from which every writer takes that style once instead of styling each cell."""
    probe = WriteOnlyCell(ws)
    probe.font = Font(name=_FONT, size=10.5)
    probe.border = _BORDER
    probe.alignment = Alignment(vertical="center", wrap_text=wrap or None)
    if kind == "date":
        probe.number_format = "yyyy-mm-dd"
    elif kind == "quoted":
        probe.quotePrefix = True
    return probe


class _BodyStyles:
    """Data cells share a few styles: build each once and copy its style array onto every cell.

    Setting font/border/alignment objects per cell makes openpyxl hash them into the workbook's
    style tables every time, which dominates the cost of a 200,000-row export.
    """

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._arrays: dict[tuple[bool, str], StyleArray] = {}

    def _array(self, wrap: bool, kind: str) -> StyleArray:
        key = (wrap, kind)
        array = self._arrays.get(key)
        if array is None:
            array = self._arrays[key] = body_probe(self.ws, wrap, kind)._style
        return array

    def cell(self, value: Any, wrap: bool) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        v = cell_value(value)
        kind = "plain"
        if isinstance(v, str):
            # set the text directly: openpyxl's value setter would turn "=…" into a formula
            cell._value = v[:32767]
            cell.data_type = "s"
            if looks_like_formula(v):
                kind = "quoted"
        else:
            cell.value = v
            if isinstance(v, date):
                kind = "date"
        cell._style = copy(self._array(wrap, kind))
        return cell


def sheet_layout(ws: Any, spec: SheetSpec) -> int:
    """Everything of a sheet but its data rows and note: widths, page setup (A4 landscape, fit to width,
    header row repeated), frozen header, title, 公章 line and header. Returns the header's row number."""
    ncols = len(spec.headers)
    for i, width in enumerate(spec.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_row = 3 if spec.stamp_line is not None else 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6

    title_font = Font(name="方正小标宋简体", size=16, bold=True)
    ws.append(
        [
            text_cell(
                ws, spec.title, font=title_font, alignment=Alignment(horizontal="center", vertical="center")
            )
        ]
    )
    _merge_row(ws, 1, ncols)
    if spec.stamp_line is not None:
        ws.append(
            [
                text_cell(
                    ws,
                    spec.stamp_line,
                    font=Font(name=_FONT, size=11),
                    alignment=Alignment(horizontal="left", vertical="center"),
                )
            ]
        )
        _merge_row(ws, 2, ncols)
    head_font = Font(name="黑体", size=11)
    centre_wrap = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append(
        [
            text_cell(ws, h, font=head_font, alignment=centre_wrap, border=_BORDER, fill=_HEAD_FILL)
            for h in spec.headers
        ]
    )
    return header_row


def write_sheet(wb: Workbook, spec: SheetSpec, rows: Iterable[Sequence[Any]]) -> int:
    """Write ``rows`` cell by cell into a new write-only sheet (openpyxl's own writer, the reference the
    streamed XML is checked against); return the number of data rows."""
    ws = wb.create_sheet(spec.name)
    ncols = len(spec.headers)
    header_row = sheet_layout(ws, spec)
    body = _BodyStyles(ws)
    count = 0
    for row in rows:
        ws.append([body.cell(v, c in spec.wrap_cols) for c, v in enumerate(row)])
        count += 1
    if spec.note:
        ws.append([text_cell(ws, spec.note, font=Font(name=_FONT, size=10.5))])
        _merge_row(ws, header_row + count + 1, ncols)
    return count


def save(wb: Workbook, out: str | Path | BinaryIO) -> None:
    if isinstance(out, str | Path):
        wb.save(str(out))
    else:
        wb.save(out)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


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
LEDGER_WIDTHS = [
    7,
    24,
    26,
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
        )
    if kind == "summary":
        return SheetSpec(
            "开办情况汇总表", SUMMARY_TITLE, SUMMARY_HEADERS, [28, 30, 22, 24, 46, 10, 12, 18],
            stamp_line=f"单位（公章）：{who}", note=SEED_NOTE if note is None else note, wrap_cols={0, 1, 2, 3, 4},
        )
    assert today is not None
    if kind == "worksummary":
        return SheetSpec(
            "等保工作汇总表", "网络安全等级保护工作汇总表", WORKSUMMARY_HEADERS,
            [6, 28, 30, 12, 10, 20, 12, 14, 12, 26, 10, 10, 10, 10, 10, 12, 12, 12],
            stamp_line=f"单位（公章）：{who}　　　　统计日期：{today.isoformat()}",
            note="注：有效期、下次测评/自查/演练日期按台账规则计算；逾期问题指已过整改时限仍未完成的问题。",
            wrap_cols={1, 2, 9},
        )
    if kind == "ledger":
        return SheetSpec(
            "整改台账", "网络安全问题整改台账", LEDGER_HEADERS, LEDGER_WIDTHS,
            stamp_line=f"单位（公章）：{who}　　　　导出日期：{today.isoformat()}",
            note="注：整改措施按登记顺序列出（措施/责任人/计划/完成/验证）；是否逾期按导出日期判断。",
            wrap_cols={1, 2, 8, 9, 12, 13, 20, 21, 26, 27},
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
    from desktop.documents.streaming import write_workbook  # noqa: PLC0415 - streaming imports this module

    return write_workbook(spec, rows, out, progress=progress)
