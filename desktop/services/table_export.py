"""Export the rows a list shows (in its order, its visible columns) to .xlsx or .csv."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from db.repo import lists
from desktop.documents.cells import looks_like_formula

CHUNK = 400


class Cancelled(Exception):
    """The user cancelled the export; the partial file was removed."""


def safe_cell(value: Any) -> Any:
    """Plain value for a cell; text starting like a formula is kept as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def export_rows(
    ledger: Any,
    list_name: str,
    ids: Sequence[int],
    columns: Sequence[int],
    headers: Sequence[str],
    target: str | Path,
    *,
    today: date,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    overwrite: bool = False,
) -> int:
    """Write ``ids`` rows, ``columns`` (indexes into the list's columns) under ``headers``; return rows written.

    The file goes through :mod:`desktop.services.outputs` (never onto the ledger; an existing file only
    with ``overwrite``, which the window's save dialog has confirmed)."""
    from desktop.services import outputs

    kind = outputs.XLSX if Path(target).suffix.lower() == ".xlsx" else outputs.CSV

    def write(tmp: Path) -> int:
        return _write_rows(ledger, list_name, ids, columns, headers, tmp, kind is outputs.XLSX, today,
                           progress, cancelled)

    return outputs.write(ledger, target, write, kind, overwrite=overwrite)


def _write_rows(
    ledger: Any, list_name: str, ids: Sequence[int], columns: Sequence[int], headers: Sequence[str], tmp: Path,
    xlsx: bool, today: date, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None,
) -> int:
    rows_written = 0
    fh = None
    try:
        if xlsx:
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("导出")
            ws.freeze_panes = "A2"
            ws.append(list(headers))
            write: Callable[[list[Any]], None] = ws.append
        else:
            fh = tmp.open("w", encoding="utf-8-sig", newline="")
            writer = csv.writer(fh)
            writer.writerow(list(headers))
            write = writer.writerow
        for start in range(0, len(ids), CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled()
            chunk = ids[start : start + CHUNK]
            with ledger.session(write=False) as session:
                fetched = lists.fetch_rows(session, list_name, chunk, today=today)
            for rid in chunk:
                row = fetched.get(rid)
                if row is None:
                    continue
                write([safe_cell(row.values[c]) for c in columns])
                rows_written += 1
            if progress is not None:
                progress(min(start + CHUNK, len(ids)), len(ids))
        if xlsx:
            wb.save(tmp)
    finally:
        if fh is not None and not fh.closed:
            fh.close()
    return rows_written
