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
    #: print at this fixed scale (per cent) across several pages instead of shrinking to the page width
    print_scale: int | None = None
    #: columns repeated on every printed page when the sheet is printed across pages (e.g. ``"A:C"``)
    print_title_cols: str | None = None
    #: the notice's attachment label printed above the table (``附件2``), in the page header so the
    #: sheet's own rows (title, 公章 line, header) stay where importers and the seed expect them
    attachment_label: str | None = None


# ---------------------------------------------------------------------------------------------
# Row heights: spreadsheet programs do not grow a row for wrapped text they did not lay out
# themselves (LibreOffice draws it over the next rows), so every row with wrapped text gets its height.

#: one line of 10.5 pt 宋体, in points, and the cell's own top and bottom padding
LINE_PT = 14.25
PAD_PT = 3.0
#: the tallest row a spreadsheet accepts
MAX_ROW_PT = 409.0
#: wrapped text rarely fills a line to the last unit (a word or date does not fit and moves down)
_FILL = 0.95


def text_units(text: str) -> float:
    """Width of ``text`` in column-width units: a Chinese character is 2, a Latin letter or digit 1.

    (UTF-8 length + character count) / 2 gives exactly that for the two scripts, without a Python loop.
    """
    return (len(text.encode("utf-8")) + len(text)) / 2


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` units wide."""
    room = max(width - 1.0, 1.0) * _FILL
    total = 0
    for part in text.split("\n"):
        units = text_units(part)
        total += 1 if units <= room else int(-(-units // room))
    return max(total, 1)


def row_height(values: Sequence[Any], spec: SheetSpec) -> float | None:
    """The height (points) a data row needs for its wrapped cells; ``None`` for one line."""
    lines = 1
    widths = spec.widths
    for c in spec.wrap_cols:
        if c < len(values) and c < len(widths):
            v = values[c]
            if isinstance(v, str) and (len(v) * 2 > widths[c] - 1 or "\n" in v):
                lines = max(lines, lines_needed(v, widths[c]))
    if lines <= 1:
        return None
    return min(lines * LINE_PT + PAD_PT, MAX_ROW_PT)


def merged_height(text: str, spec: SheetSpec) -> float | None:
    """The height of a line merged across the whole sheet (the closing 注 line)."""
    lines = lines_needed(text, sum(spec.widths))
    return None if lines <= 1 else min(lines * LINE_PT + PAD_PT, MAX_ROW_PT)


def header_height(spec: SheetSpec) -> float:
    """The header row's height: its longest wrapped header (黑体 11 pt)."""
    lines = max((lines_needed(h, w) for h, w in zip(spec.headers, spec.widths, strict=False)), default=1)
    return lines * (LINE_PT + 0.75) + PAD_PT


#: A4 landscape less the sheet's side margins, in millimetres, and one column-width unit printed at 100 %
#: (7 px of Calibri 11 at 96 dpi; LibreOffice without Calibri's metrics draws columns somewhat wider)
_PRINT_WIDTH_MM = 297 - 2 * 12.7
_MM_PER_UNIT = 7 * 25.4 / 96


def first_page_columns(spec: SheetSpec) -> int:
    """How many columns the first printed page holds (all of them when the sheet is shrunk to fit).

    The title and 公章 lines are merged across these only, so that a sheet printed across pages shows
    them on its first page instead of centred over the whole width."""
    ncols = len(spec.headers)
    if spec.print_scale is None:
        return ncols
    room = _PRINT_WIDTH_MM / (spec.print_scale / 100) / _MM_PER_UNIT
    used = 0.0
    for i, w in enumerate(spec.widths):
        used += w + 5 / 7  # each column's grid padding
        if used > room:
            return max(i, 1)
    return ncols


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
    for i, width in enumerate(spec.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_row = 3 if spec.stamp_line is not None else 2
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    if spec.print_scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
    else:
        # too wide to shrink onto one page legibly: print at a readable scale, a band of rows across
        # consecutive pages, with the identifying columns repeated on each
        ws.page_setup.scale = spec.print_scale
        ws.page_setup.pageOrder = "overThenDown"
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
        if spec.print_title_cols:
            ws.print_title_cols = spec.print_title_cols
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if spec.attachment_label:
        ws.oddHeader.left.text = spec.attachment_label
        ws.oddHeader.left.font = "黑体"
        ws.oddHeader.left.size = 14
    ws.oddFooter.center.text = "第 &[Page] 页 共 &[Pages] 页"
    ws.oddFooter.center.size = 9
    ws.row_dimensions[1].height = 27
    ws.row_dimensions[header_row].height = header_height(spec)

    title_font = Font(name="方正小标宋简体", size=16, bold=True)
    ws.append(
        [
            text_cell(
                ws, spec.title, font=title_font, alignment=Alignment(horizontal="center", vertical="center")
            )
        ]
    )
    _merge_row(ws, 1, first_page_columns(spec))
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
        _merge_row(ws, 2, first_page_columns(spec))
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
        values = [cell_value(v) for v in row]
        height = row_height(values, spec)
        if height is not None:
            ws.row_dimensions[header_row + count + 1].height = height
        ws.append([body.cell(v, c in spec.wrap_cols) for c, v in enumerate(row)])
        count += 1
    if spec.note:
        note_height = merged_height(spec.note, spec)
        if note_height is not None:
            ws.row_dimensions[header_row + count + 1].height = note_height
        ws.append([text_cell(ws, spec.note, font=Font(name=_FONT, size=10.5), alignment=Alignment(wrap_text=True))])
        _merge_row(ws, header_row + count + 1, ncols)
    return count


def save(wb: Workbook, out: str | Path | BinaryIO) -> None:
    if isinstance(out, str | Path):
        wb.save(str(out))
    else:
        wb.save(out)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)
