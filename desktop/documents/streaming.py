"""Fast streaming of a workbook's data rows: the notice's layout from openpyxl, the body as plain XML.

openpyxl builds (in write-only mode) everything around the data: the title, the 公章 line, the header,
column widths, page setup, print titles, frozen panes and the style table. Writing every data cell
through openpyxl costs about 8 µs a cell (an object per cell, an ElementTree element, a style lookup),
which is most of a minute for the 200,000-finding 整改台账. Here the data rows are written straight into
the sheet's XML stream: each distinct cell style is registered once in the workbook's style table, and
each row is one formatted string. The cells are exactly what :mod:`desktop.documents.workbooks` writes
with openpyxl (inline strings, Excel date serials, the same fonts, borders and alignment), and the same
rules hold: no formula is ever written — text that looks like one is stored as text with the quote
prefix — and characters XML cannot carry are dropped.

:func:`write_workbook` takes a :class:`desktop.documents.sheet_layout.SheetSpec` and an iterable of rows,
and writes the whole file to a path or binary stream.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from desktop.documents.sheet_layout import body_probe, merged_height, row_height, sheet_layout

#: the same cleaning openpyxl applies (control characters XML 1.0 cannot carry)
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_FORMULA_LEAD = re.compile(r"^[\t\r\n ]*[=+\-@]")
_DATE_ORDINAL_0 = date(1899, 12, 30).toordinal()
#: zlib level for the big sheet stream: level 1 compresses XML almost as well as 6 at several times the speed
COMPRESS_LEVEL = 1
SHEET_MEMBER = "xl/worksheets/sheet1.xml"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "宋体"

Progress = Callable[[int], None]


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class _Styles:
    """Style ids of the body cells, registered once in the workbook's style table."""

    def __init__(self, wb: Workbook, ws: Any) -> None:
        self.wb = wb
        self.ws = ws
        self._ids: dict[tuple[bool, str], int] = {}

    def id(self, wrap: bool, kind: str) -> int:
        key = (wrap, kind)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = body_probe(self.ws, wrap, kind).style_id
        return found

    def note_id(self) -> int:
        probe = WriteOnlyCell(self.ws)
        probe.font = Font(name=_FONT, size=10.5)
        probe.alignment = Alignment(wrap_text=True)
        style_id: int = probe.style_id
        return style_id


def _row_writer(spec: Any, styles: _Styles) -> Callable[[int, Sequence[Any]], str]:
    """A function turning (row number, values) into the row's XML."""
    ncols = len(spec.headers)
    letters = [get_column_letter(i + 1) for i in range(max(ncols, 1) + 64)]
    plain = [styles.id(c in spec.wrap_cols, "plain") for c in range(len(letters))]
    dated = [styles.id(c in spec.wrap_cols, "date") for c in range(len(letters))]
    quoted = [styles.id(c in spec.wrap_cols, "quoted") for c in range(len(letters))]
    illegal = ILLEGAL_CHARACTERS_RE.search
    formula = _FORMULA_LEAD.match
    epoch = styles.wb.epoch

    def row_xml(n: int, values: Sequence[Any]) -> str:
        r = str(n)
        height = row_height(values, spec)
        out = [f'<row r="{r}">' if height is None else f'<row r="{r}" ht="{height!r}" customHeight="1">']
        add = out.append
        for c, v in enumerate(values):
            ref = letters[c] + r
            if v is None:
                add(f'<c r="{ref}" s="{plain[c]}"/>')
                continue
            cls = v.__class__
            if cls is str:
                if not v:
                    add(f'<c r="{ref}" s="{plain[c]}" t="inlineStr"/>')
                    continue
                s = quoted[c] if formula(v) else plain[c]
            elif cls is bool:
                v, s = ("是" if v else "否"), plain[c]
            elif cls is int or cls is float:
                add(f'<c r="{ref}" s="{plain[c]}" t="n"><v>{v!r}</v></c>')
                continue
            elif cls is date:
                add(f'<c r="{ref}" s="{dated[c]}" t="n"><v>{v.toordinal() - _DATE_ORDINAL_0}</v></c>')
                continue
            elif isinstance(v, datetime):
                add(f'<c r="{ref}" s="{dated[c]}" t="n"><v>{to_excel(v.replace(tzinfo=None), epoch)!r}</v></c>')
                continue
            elif isinstance(v, date):
                add(f'<c r="{ref}" s="{dated[c]}" t="n"><v>{v.toordinal() - _DATE_ORDINAL_0}</v></c>')
                continue
            elif isinstance(v, bool):
                v, s = ("是" if v else "否"), plain[c]
            elif isinstance(v, int | float):
                add(f'<c r="{ref}" s="{plain[c]}" t="n"><v>{v!r}</v></c>')
                continue
            else:
                v = str(v)
                s = quoted[c] if formula(v) else plain[c]
            if illegal(v):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)
                if not v:
                    add(f'<c r="{ref}" s="{plain[c]}" t="inlineStr"/>')
                    continue
            text = _escape(v)
            if text[0] in " \t\n\r" or text[-1] in " \t\n\r":
                add(f'<c r="{ref}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            else:
                add(f'<c r="{ref}" s="{s}" t="inlineStr"><is><t>{text}</t></is></c>')
        add("</row>")
        return "".join(out)

    return row_xml


def _template(spec: Any) -> tuple[Workbook, Any, int]:
    """The workbook with everything but the data rows and the note; returns (wb, ws, header row)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(spec.name)
    header_row = sheet_layout(ws, spec)
    return wb, ws, header_row


def write_workbook(
    spec: Any,
    rows: Iterable[Sequence[Any]],
    out: str | Path | BinaryIO,
    *,
    progress: Progress | None = None,
) -> int:
    """Write one sheet laid out by ``spec`` with ``rows`` streamed into it; return the number of data rows.

    ``progress(rows_written)`` is called every 1,000 rows.
    """
    wb, ws, header_row = _template(spec)
    styles = _Styles(wb, ws)
    row_xml = _row_writer(spec, styles)
    note_style = styles.note_id() if spec.note else 0
    ncols = len(spec.headers)
    template = io.BytesIO()
    wb.save(template)
    template.seek(0)

    if isinstance(out, str | Path):
        with open(out, "wb") as fh:
            return _assemble(template, fh, spec, rows, row_xml, header_row, ncols, note_style, progress)
    return _assemble(template, out, spec, rows, row_xml, header_row, ncols, note_style, progress)


def _assemble(
    template: BinaryIO,
    out: BinaryIO,
    spec: Any,
    rows: Iterable[Sequence[Any]],
    row_xml: Callable[[int, Sequence[Any]], str],
    header_row: int,
    ncols: int,
    note_style: int,
    progress: Progress | None,
) -> int:
    count = 0
    with zipfile.ZipFile(template) as zin, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as zout:
        for info in zin.infolist():
            if info.filename != SHEET_MEMBER:
                with zin.open(info) as src, zout.open(info.filename, "w") as dst:
                    shutil.copyfileobj(src, dst)
                continue
            xml = zin.read(info).decode("utf-8")
            head, sep, tail = xml.partition("</sheetData>")
            if not sep:
                raise ValueError("unexpected sheet XML: no </sheetData>")
            with zout.open(SHEET_MEMBER, "w", force_zip64=True) as dst:
                dst.write(head.encode("utf-8"))
                n = header_row
                buf: list[str] = []
                for values in rows:
                    n += 1
                    buf.append(row_xml(n, values))
                    if len(buf) >= 500:
                        dst.write("".join(buf).encode("utf-8"))
                        buf.clear()
                        if progress is not None and (n - header_row) % 1000 == 0:
                            progress(n - header_row)
                count = n - header_row
                if spec.note:
                    n += 1
                    note = _escape(ILLEGAL_CHARACTERS_RE.sub("", spec.note))
                    note_height = merged_height(spec.note, spec)
                    row_open = f'<row r="{n}"' + (
                        "" if note_height is None else f' ht="{note_height!r}" customHeight="1"'
                    )
                    buf.append(
                        f'{row_open}><c r="A{n}" s="{note_style}" t="inlineStr"><is><t>{note}</t></is></c></row>'
                    )
                    merge = f'<mergeCell ref="A{n}:{get_column_letter(ncols)}{n}"/>'
                    tail = _add_merge(tail, merge)
                dst.write("".join(buf).encode("utf-8"))
                dst.write(sep.encode("utf-8"))
                dst.write(tail.encode("utf-8"))
    if progress is not None:
        progress(count)
    return count


def _add_merge(tail: str, merge: str) -> str:
    """Add one merged range to the sheet XML that follows ``</sheetData>``."""
    m = re.search(r'<mergeCells count="(\d+)"\s*>', tail)
    if m is None:
        # mergeCells directly follows sheetData in the sheets written here
        return f'<mergeCells count="1">{merge}</mergeCells>{tail}'
    start, end = m.span()
    return f'{tail[:start]}<mergeCells count="{int(m.group(1)) + 1}">{merge}{tail[end:]}'


# ---------------------------------------------------------------------------------------------
