"""Sheet layout shared by the openpyxl writers and the streamed writer: cell values and styles, the
title / 公章 line / header / 注 layout of a :class:`SheetSpec`, page setup."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
