"""Read an .xlsx workbook safely with python-calamine.

Real .xlsx files are read, and legacy .xls workbooks (:func:`_read_xls`, issue 19). Anything else
gets a plain Chinese message rather than a traceback: encrypted workbooks (an .xlsx with an open
password is an OLE container, not a zip), other files, oversized zips (:mod:`desktop.importers.safety`) and workbooks beyond the limits of
:mod:`desktop.importers.extent` (rows, columns, cells, text), measured before calamine allocates
anything. Only the visible sheets are read; hidden ones are named, never read.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from desktop.importers import extent, safety

MAX_ROWS = extent.MAX_ROWS
#: refuse zips that would inflate beyond this (zip bombs, or far larger than any ledger table)
MAX_UNCOMPRESSED = 512 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class WorkbookError(ValueError):
    """The file cannot be imported; the message says why, in Chinese."""


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]


def normalise_text(value: object) -> str:
    """NFKC (full-width → half-width), trimmed, inner runs of whitespace collapsed to one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    # str.split() splits at runs of the same whitespace as the pattern \s and drops it at both ends
    return " ".join(text.split())


#: cells that mean "nothing here" in an optional column (issue 19): read as empty, not as a value
PLACEHOLDERS = frozenset(
    {"—", "——", "-", "--", "–", "－", "/", "／", "\\", "暂无", "无", "没有", "空"}
)


def is_placeholder(text: str) -> bool:
    """True for a placeholder (``—``, ``-``, ``/``, ``暂无``, ``无`` …) after NFKC and trimming."""
    if len(text) > 8:
        return False
    short = text.strip()
    return len(short) <= 2 and normalise_text(short).lower() in PLACEHOLDERS


def header_key(value: object) -> str:
    """A header cell for matching: NFKC with every space removed (``单 位 名 称`` → ``单位名称``)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if value is None else str(value)))


def _check_container(path: Path) -> extent.WorkbookExtent | None:
    try:
        with path.open("rb") as fh:
            start = fh.read(1_000_000)  # the magic, and the OLE directory of an encrypted workbook
        head = start[:8]
    except FileNotFoundError:
        raise WorkbookError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise WorkbookError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    if head.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in start or "EncryptedPackage".encode("utf-16-le") in start:
            raise WorkbookError(
                "工作簿已加密（设置了打开密码），无法读取。请在 Excel 中取消密码后另存为 .xlsx 再导入。"
            )
        return None  # a legacy .xls workbook (BIFF in an OLE container): read by :func:`_read_xls`
    if not head.startswith(_ZIP_MAGIC):
        raise WorkbookError("文件不是 Excel 工作簿（.xlsx）。请选择 .xlsx 文件。")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise WorkbookError("文件不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容。")
            if sum(info.file_size for info in zf.infolist()) > MAX_UNCOMPRESSED:
                raise WorkbookError("工作簿解压后过大，无法导入。请拆分后再导入。")
            problem = safety.check_zip_members(zf)
            if problem:
                raise WorkbookError(problem)
            try:
                return extent.measure(path, zf)
            except extent.ExtentError as exc:
                raise WorkbookError(str(exc)) from None
            except OSError as exc:
                raise WorkbookError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    except zipfile.BadZipFile:
        raise WorkbookError("文件已损坏或不是 .xlsx 工作簿。") from None


@dataclass
class Workbook:
    """The visible sheets, in workbook order, and the names of the hidden sheets (not read)."""

    sheets: list[Sheet]
    hidden: list[str]


def read_workbook(path: str | Path, *, max_rows: int = MAX_ROWS) -> list[Sheet]:
    """Every visible sheet's cell values (strings, numbers, dates, booleans; empty cells as "")."""
    return read_sheets(path, max_rows=max_rows).sheets


def read_sheets(path: str | Path, *, max_rows: int = MAX_ROWS) -> Workbook:
    """The visible sheets of the workbook (hidden sheets are only named), measured first."""
    p = Path(path)
    measured = _check_container(p)
    if measured is None:
        return _read_xls(p, max_rows)
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(p))
    except python_calamine.PasswordError:
        raise WorkbookError("工作簿已加密（设置了打开密码），无法读取。") from None
    except (
        python_calamine.CalamineError,
        python_calamine.ZipError,
        python_calamine.XmlError,
        OSError,
        ValueError,
    ) as exc:
        if isinstance(exc, python_calamine.XmlError):
            raise WorkbookError(
                "工作簿内容已损坏（XML 格式错误），无法读取。请在 Excel 中打开后另存为 .xlsx 再导入。"
            ) from None
        raise WorkbookError(f"无法读取工作簿：{exc}") from None
    sheets: list[Sheet] = []
    try:
        for part in measured.sheets:
            sheet = wb.get_sheet_by_name(part.name)
            if sheet.total_height > max_rows or sheet.height > max_rows:
                raise WorkbookError(f"工作表“{part.name}”的行数超过上限（{max_rows:,} 行），请拆分后再导入。")
            sheets.append(Sheet(part.name, sheet.to_python(skip_empty_area=False)))
            del sheet  # frees calamine's copy of the cells
    except (python_calamine.CalamineError, python_calamine.XmlError, ValueError) as exc:
        if isinstance(exc, WorkbookError):
            raise
        raise WorkbookError(f"无法读取工作簿：{exc}") from None
    finally:
        wb.close()
    return Workbook(sheets, list(measured.hidden))


#: the largest legacy .xls read (BIFF8 holds at most 65,536 rows × 256 columns; a province table is a
#: few MB)
MAX_XLS_BYTES = 32 * 1024 * 1024


def _read_xls(path: Path, max_rows: int) -> Workbook:
    """A legacy .xls workbook read by calamine: its visible sheets, the hidden ones named.

    BIFF has no zip to measure part by part; the format itself bounds a sheet to 65,536 × 256 cells,
    the file is held to :data:`MAX_XLS_BYTES`, and each sheet's size is checked as it is read.
    """
    size = path.stat().st_size
    if size > MAX_XLS_BYTES:
        raise WorkbookError(
            f"旧版 Excel（.xls）文件有 {size / 1024 / 1024:,.0f} MB，超过导入上限"
            f"（{MAX_XLS_BYTES // 1024 // 1024} MB）。请拆分或另存为 .xlsx 后再导入。"
        )
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise WorkbookError("工作簿已加密（设置了打开密码），无法读取。") from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(
            f"无法读取旧版 Excel（.xls）文件（{exc}）。请在 Excel 中另存为 .xlsx 后再导入。"
        ) from None
    sheets: list[Sheet] = []
    hidden: list[str] = []
    try:
        for meta in wb.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                hidden.append(meta.name)
                continue
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            if sheet.height > max_rows:
                raise WorkbookError(f"工作表“{meta.name}”的行数超过上限（{max_rows:,} 行），请拆分后再导入。")
            if sheet.height * sheet.width > extent.MAX_AREA:
                raise WorkbookError(
                    f"工作表“{meta.name}”的使用区域过大（{sheet.height:,} 行 × {sheet.width:,} 列），"
                    "请删除远处多余的内容后再导入。"
                )
            sheets.append(Sheet(meta.name, sheet.to_python(skip_empty_area=False)))
            del sheet
    except (python_calamine.CalamineError, ValueError) as exc:
        if isinstance(exc, WorkbookError):
            raise
        raise WorkbookError(f"无法读取旧版 Excel（.xls）文件：{exc}") from None
    finally:
        wb.close()
    return Workbook(sheets, hidden)
