"""A workbook's real size, measured before any reader allocates a cell.

python-calamine reads a sheet into one dense block from A1 to its last non-empty cell, and it
keeps every shared string in memory: a 2.6 KB file with one cell at ``XFD20000`` asks it for
16,384 × 20,000 cells (10 GB), and one cell can hold 700,000 domains. So :func:`measure` first
streams through every part calamine will read — ``workbook.xml`` and its relationships,
``sharedStrings.xml``, ``styles.xml`` and each visible worksheet — with expat, keeping counters
only (nothing of the content), and refuses the file beyond the limits below with a Chinese
message that names the limit and the cell. A worksheet is measured both by its declared
``<dimension ref=…>`` (held to :data:`MAX_DECLARED_ROWS`: it counts formatted empty rows too) and
by the cells actually present, placed as calamine places them; only cells with content count
(Excel writes formatted empty cells, calamine skips them).

Each part is inflated and parsed by :mod:`desktop.importers.parts` (declared sizes and CRCs
checked, one markup token and the nesting depth capped, DTDs refused), so memory stays small
whatever the input.

The limits are generous for the tables imported (a province's 摸底自查表: tens of thousands of
rows, 7–9 columns), and together they bound what calamine and the importer may allocate: at the
limits (60,000 distinct units with long names, 12 filled columns, the area spread to 25 columns)
a real import peaks near 430 MB, a dry run against a ledger already holding them near 460 MB.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from zipfile import ZipFile, ZipInfo

from desktop.importers import fastscan
from desktop.importers.parts import PartError, Stop, member_chunks, parse_member

#: rows of a sheet (its last cell with content)
MAX_ROWS = 60_000
#: rows a sheet may declare (``<dimension ref>``: it counts formatted empty rows too, e.g. a template
#: bordered down to row 65,536)
MAX_DECLARED_ROWS = 100_000
#: columns of a sheet (IV: the old Excel's last column)
MAX_COLUMNS = 256
#: cells of the dense block calamine builds (from A1 to the last row × the last column), all sheets read
MAX_AREA = 1_500_000
#: cells with content in the sheets read
MAX_CELLS = 750_000
#: characters in one cell (Excel's own limit)
MAX_CELL_CHARS = 32_767
#: characters in the cells read (a shared string counts at each use), and in the shared-string table
MAX_TEXT_CHARS = 12_000_000
#: entries of the shared-string table
MAX_SHARED_STRINGS = 1_000_000
#: sheets listed in the workbook
MAX_SHEETS = 1_000
#: other parts calamine reads whole (workbook.xml, its relationships, styles.xml), inflated
MAX_PART_BYTES = 32 * 1024 * 1024

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedstrings.xml"
STYLES = "xl/styles.xml"
_SHEETS_FOLDER = "xl/worksheets/"


#: the workbook is beyond a limit or damaged; the message is Chinese and says where
ExtentError = PartError


@dataclass(frozen=True)
class SheetExtent:
    """A worksheet as measured: the last row and column with content (1-based), cells, characters."""

    name: str
    part: str
    rows: int = 0
    columns: int = 0
    cells: int = 0
    chars: int = 0


@dataclass
class WorkbookExtent:
    """The visible worksheets (in workbook order, the ones to read) and the names of the hidden sheets."""

    sheets: list[SheetExtent] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """(row, column), 1-based → ``B12``."""
    return f"{column_letter(column)}{row}"


def _n(value: int) -> str:
    return f"{value:,}"


# --------------------------------------------------------------------------------------------------
# the workbook: which sheets, where, visible or not
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SheetEntry:
    name: str
    state: str
    rel_id: str


def _sheet_entries(fh: BinaryIO, info: ZipInfo) -> list[_SheetEntry]:
    entries: list[_SheetEntry] = []

    def start(local: str, attrs: dict[str, str]) -> None:
        if local != "sheet":
            return
        if len(entries) >= MAX_SHEETS:
            raise Stop(f"工作簿中的工作表超过 {_n(MAX_SHEETS)} 个，不像是正常的 Excel 文件，已拒绝导入。")
        rel_id = attrs.get("r:id", attrs.get("relationships:id", ""))
        entries.append(_SheetEntry(attrs.get("name", ""), attrs.get("state", "visible"), rel_id))

    parse_member(fh, info, "工作簿目录（xl/workbook.xml）", {"start": start}, limit=MAX_PART_BYTES)
    return entries


def _relationships(fh: BinaryIO, info: ZipInfo) -> dict[str, str]:
    targets: dict[str, str] = {}

    def start(local: str, attrs: dict[str, str]) -> None:
        if local == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    parse_member(fh, info, "工作簿的关系表", {"start": start}, limit=MAX_PART_BYTES)
    return targets


def _sheet_part(target: str) -> str:
    """The zip member a relationship target names, resolved as calamine does (no '..' handling)."""
    if target.startswith("/xl/"):
        return target[1:]
    if target.startswith("xl/"):
        return target
    return f"xl/{target}"


def _has_escapes(fh: BinaryIO, info: ZipInfo) -> bool:
    """True if the relationships part contains '&' anywhere: then expat's unescaped ids and targets
    may differ from the raw ones calamine uses, and every worksheet part is measured instead."""
    return any(b"&" in chunk for chunk in member_chunks(fh, info, MAX_PART_BYTES))


# --------------------------------------------------------------------------------------------------
# shared strings and worksheets
# --------------------------------------------------------------------------------------------------


class _Budget:
    """What the sheets read may use together: cells, characters, dense area."""

    def __init__(self) -> None:
        self.cells = 0
        self.chars = 0
        self.area = 0


def _shared_lengths(fh: BinaryIO, info: ZipInfo) -> array[int]:
    """The length in characters of each shared string (calamine keeps one entry per ``<si>``)."""
    lengths: array[int] = array("H")
    state = {"in_si": False, "phonetic": 0, "in_t": 0, "length": 0, "total": 0}

    def start(local: str, _attrs: dict[str, str]) -> None:
        if local == "si" and not state["in_si"]:
            state.update(in_si=True, phonetic=0, in_t=0, length=0)
        elif state["in_si"]:
            if local == "rPh":
                state["phonetic"] += 1
            elif local == "t":
                state["in_t"] += 1

    def end(local: str) -> None:
        if not state["in_si"]:
            return
        if local == "si":
            state["in_si"] = False
            if len(lengths) >= MAX_SHARED_STRINGS:
                raise Stop(
                    f"工作簿的共享文字表超过 {_n(MAX_SHARED_STRINGS)} 条，超过导入上限，已拒绝导入。请拆分后再导入。"
                )
            lengths.append(state["length"])
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["in_t"] -= 1

    def text(data: str) -> None:
        if state["in_si"] and state["in_t"] > 0 and state["phonetic"] <= 0:
            state["length"] += len(data)
            state["total"] += len(data)
            if state["length"] > MAX_CELL_CHARS:
                raise Stop(
                    f"工作簿共享文字表的第 {_n(len(lengths) + 1)} 条文字超过 {_n(MAX_CELL_CHARS)} 个字符"
                    "（Excel 单元格的上限），已拒绝导入。"
                )
            if state["total"] > MAX_TEXT_CHARS:
                raise Stop(
                    f"工作簿中的文字总量超过 {_n(MAX_TEXT_CHARS)} 个字符，超过导入上限，已拒绝导入。请拆分后再导入。"
                )

    parse_member(
        fh, info, "工作簿的共享文字表", {"start": start, "end": end, "text": text}, limit=info.file_size
    )
    return lengths


class _SheetScan:
    """Counters for one worksheet, following calamine's rules for cell positions:
    a ``<row r>`` sets the row, a row's end moves to the next; a ``<c r>`` sets row and column,
    a ``<c>`` without ``r`` takes the current ones; each cell moves one column right."""

    def __init__(self, name: str, shared: array[int], budget: _Budget) -> None:
        self.name = name
        self.where = f"工作表“{name}”"
        self.shared = shared
        self.budget = budget
        self.base_area = budget.area
        self.in_data = False
        self.done = False
        self.row = 0  # 0-based, as calamine counts
        self.col = 0
        self.max_row = 0  # 1-based, 0: no cell yet
        self.max_col = 0
        self.cells = 0
        self.chars = 0
        # the cell being read
        self.in_cell = False
        self.cell_pos = (0, 0)
        self.cell_type = ""
        self.cell_filled = False
        self.cell_chars = 0
        self.stack: list[str] = []
        self.index_text = ""

    # -- positions ---------------------------------------------------------------------------

    def _position(self, ref: str, *, row_only: bool = False) -> tuple[int, int]:
        letters = ref.rstrip("0123456789")
        digits = ref[len(letters) :]
        if row_only and not letters.isalpha():
            letters = ""
        if (
            not digits
            or len(digits) > 12
            or not digits.isascii()
            or len(letters) > 10
            or not (letters.isascii() and (letters.isalpha() or not letters))
            or (not row_only and not letters)
        ):
            raise Stop(f"{self.where}中的单元格位置“{ref[:40]}”无效，工作簿可能已损坏，已拒绝导入。")
        row = int(digits)
        if row < 1:
            raise Stop(f"{self.where}中的单元格位置“{ref[:40]}”无效，工作簿可能已损坏，已拒绝导入。")
        column = 0
        for ch in letters.upper():
            column = column * 26 + ord(ch) - 64
        return row - 1, column - 1

    def _check_dimension(self, ref: str) -> None:
        last = ref.split(":")[-1]
        row, col = self._position(last)
        if row + 1 > MAX_DECLARED_ROWS:
            raise Stop(
                f"{self.where}的行数超过上限（{_n(MAX_DECLARED_ROWS)} 行）：其使用区域声明为 {ref[:40]}。"
                "请删除多余的行或拆分后再导入。"
            )
        if col + 1 > MAX_COLUMNS:
            raise Stop(
                f"{self.where}的列数超过上限（{MAX_COLUMNS} 列，即到 {column_letter(MAX_COLUMNS)} 列）："
                f"其使用区域声明为 {ref[:40]}。请删除多余的列后再导入。"
            )

    # -- handlers ----------------------------------------------------------------------------

    def start(self, local: str, attrs: dict[str, str]) -> None:
        if self.done:
            return
        if self.in_cell:
            self.cell_filled = True
            self.stack.append(local)
            return
        if not self.in_data:
            if local == "dimension" and "ref" in attrs:
                self._check_dimension(attrs["ref"])
            elif local == "sheetData":
                self.in_data = True
            return
        if local == "row":
            ref = attrs.get("r")
            if ref is not None:
                self.row = self._position(ref, row_only=True)[0]
        elif local == "c":
            ref = attrs.get("r")
            if ref is not None:
                self.cell_pos = self._position(ref)
                self.col = self.cell_pos[1]
            else:
                self.cell_pos = (self.row, self.col)
            self.in_cell = True
            self.cell_type = attrs.get("t", "n")
            self.cell_filled = False
            self.cell_chars = 0
            self.index_text = ""
            self.stack = []

    def end(self, local: str) -> None:
        if self.done:
            return
        if self.in_cell:
            if self.stack:
                self.stack.pop()
                return
            if local == "c":
                self.in_cell = False
                self.col += 1
                if self.cell_filled:
                    self._count_cell()
            return
        if self.in_data:
            if local == "row":
                self.row += 1
                self.col = 0
            elif local == "sheetData":
                self.done = True

    def text(self, data: str) -> None:
        if not self.in_cell or not self.stack or "f" in self.stack or "rPh" in self.stack:
            return
        inner = self.stack[-1]
        if self.cell_type == "s":
            if inner == "v" and len(self.index_text) < 16:
                self.index_text += data.strip()
            return
        if inner in ("v", "t"):
            self.cell_chars += len(data)
            if self.cell_chars > MAX_CELL_CHARS:
                self._too_long()

    def _too_long(self) -> None:
        row, col = self.cell_pos
        raise Stop(
            f"{self.where}的单元格 {cell_name(row + 1, col + 1)} 超过 {_n(MAX_CELL_CHARS)} 个字符"
            "（Excel 单元格的上限），已拒绝导入。"
        )

    def _count_cell(self) -> None:
        row, col = self.cell_pos
        here = cell_name(row + 1, col + 1)
        if self.cell_type == "s":
            index = int(self.index_text) if self.index_text.isdigit() and len(self.index_text) < 12 else -1
            self.cell_chars = self.shared[index] if 0 <= index < len(self.shared) else 0
            if self.cell_chars > MAX_CELL_CHARS:
                self._too_long()
        if row + 1 > MAX_ROWS:
            raise Stop(
                f"{self.where}的行数超过上限（{_n(MAX_ROWS)} 行）：单元格 {here} 在第 {_n(row + 1)} 行。"
                "请删除多余的行或拆分后再导入。"
            )
        if col + 1 > MAX_COLUMNS:
            raise Stop(
                f"{self.where}的列数超过上限（{MAX_COLUMNS} 列，即到 {column_letter(MAX_COLUMNS)} 列）："
                f"单元格 {here} 在第 {_n(col + 1)} 列。请删除多余的列后再导入。"
            )
        self.max_row = max(self.max_row, row + 1)
        self.max_col = max(self.max_col, col + 1)
        area = self.max_row * self.max_col
        if self.base_area + area > MAX_AREA:
            raise Stop(
                f"{self.where}的使用区域过大：有内容的单元格延伸到 {here}，读取时要展开 "
                f"{_n(self.max_row)} 行 × {_n(self.max_col)} 列，超过上限（共 {_n(MAX_AREA)} 个单元格）。"
                "请删除远处多余的内容后再导入。"
            )
        self.budget.area = self.base_area + area
        self.cells += 1
        self.chars += self.cell_chars
        self.budget.cells += 1
        self.budget.chars += self.cell_chars
        if self.budget.cells > MAX_CELLS:
            raise Stop(
                f"工作簿中有内容的单元格超过上限（{_n(MAX_CELLS)} 个），到{self.where}的 {here} 处已超过。请拆分后再导入。"
            )
        if self.budget.chars > MAX_TEXT_CHARS:
            raise Stop(
                f"工作簿中的文字总量超过上限（{_n(MAX_TEXT_CHARS)} 个字符），到{self.where}的 {here} 处已超过。"
                "请拆分后再导入。"
            )


#: sheets up to this size (inflated) are first measured the quick way (:mod:`desktop.importers.fastscan`)
FAST_SCAN_BYTES = 64 * 1024 * 1024


def _measure_quickly(
    fh: BinaryIO, info: ZipInfo, name: str, shared: array[int], budget: _Budget
) -> SheetExtent | None:
    """The quick measure of an ordinary sheet within every limit; None: measure it the careful way
    (which also names the limit and the cell when one is exceeded)."""
    if info.file_size > FAST_SCAN_BYTES:
        return None
    data = b"".join(member_chunks(fh, info, info.file_size))  # sizes and CRC checked
    found = fastscan.measure_regular(data, shared, MAX_CELL_CHARS)
    del data
    if found is None:
        return None
    if found.dimension:
        try:
            _SheetScan(name, shared, budget)._check_dimension(found.dimension)
        except Stop as stop:
            raise PartError(stop.message) from None
    area = found.rows * found.columns
    if (
        found.rows > MAX_ROWS
        or found.columns > MAX_COLUMNS
        or budget.area + area > MAX_AREA
        or budget.cells + found.cells > MAX_CELLS
        or budget.chars + found.chars > MAX_TEXT_CHARS
    ):
        return None
    budget.area += area
    budget.cells += found.cells
    budget.chars += found.chars
    return SheetExtent(name, info.filename, found.rows, found.columns, found.cells, found.chars)


def _measure_sheet(
    fh: BinaryIO, info: ZipInfo, name: str, shared: array[int], budget: _Budget
) -> SheetExtent:
    quick = _measure_quickly(fh, info, name, shared, budget)
    if quick is not None:
        return quick
    scan = _SheetScan(name, shared, budget)
    handlers: dict[str, Callable[..., Any]] = {"start": scan.start, "end": scan.end, "text": scan.text}
    parse_member(fh, info, scan.where, handlers, limit=info.file_size)
    return SheetExtent(name, info.filename, scan.max_row, scan.max_col, scan.cells, scan.chars)


# --------------------------------------------------------------------------------------------------
# the whole workbook
# --------------------------------------------------------------------------------------------------


def _members(zf: ZipFile) -> dict[str, ZipInfo]:
    """Members by ASCII-lower-cased name (calamine finds parts case-insensitively); duplicates refused."""
    found: dict[str, ZipInfo] = {}
    for info in zf.infolist():
        key = _fold(info.filename)
        if key in found:
            raise ExtentError(f"工作簿中有重名的部件“{info.filename}”，不像是正常的 Excel 文件，已拒绝导入。")
        found[key] = info
    return found


def _fold(name: str) -> str:
    return (
        name.replace("\\", "/").encode("utf-8", "surrogateescape").lower().decode("utf-8", "surrogateescape")
    )


def measure(path: str | Path, zf: ZipFile) -> WorkbookExtent:
    """Measure the parts of the workbook at ``path`` (opened as ``zf``) that a reader would load;
    raise :class:`ExtentError` beyond the limits. Returns the visible worksheets to read."""
    members = _members(zf)
    result = WorkbookExtent()
    with open(path, "rb") as fh:
        workbook = members.get(WORKBOOK)
        rels = members.get(WORKBOOK_RELS)
        if workbook is None or rels is None:
            raise ExtentError("文件不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿内容。")
        entries = _sheet_entries(fh, workbook)
        targets = _relationships(fh, rels)
        conservative = _has_escapes(fh, rels)
        styles = members.get(STYLES)
        if styles is not None:
            for _chunk in member_chunks(fh, styles, MAX_PART_BYTES):
                pass
        strings = members.get(SHARED_STRINGS)
        shared = _shared_lengths(fh, strings) if strings is not None else array("H")

        seen: set[str] = set()
        budget = _Budget()
        to_read: list[tuple[str, ZipInfo]] = []
        for entry in entries:
            if entry.name in seen:
                raise ExtentError(
                    f"工作簿中有重名的工作表“{entry.name}”，不像是正常的 Excel 文件，已拒绝导入。"
                )
            seen.add(entry.name)
            part = _sheet_part(targets.get(entry.rel_id, ""))
            if entry.state != "visible":
                result.hidden.append(entry.name)
                continue
            if part.split("/")[1:2] != ["worksheets"]:
                continue  # a chart or dialog sheet: no cells
            info = members.get(_fold(part))
            if info is None:
                raise ExtentError(f"工作簿已损坏：工作表“{entry.name}”的内容（{part}）不存在，无法读取。")
            to_read.append((entry.name, info))
        if conservative:
            # ids or targets with escapes: measure every worksheet part, whichever sheet it belongs to
            named = {info.filename for _name, info in to_read}
            for key, info in members.items():
                if key.startswith(_SHEETS_FOLDER) and info.filename not in named:
                    _measure_sheet(fh, info, info.filename, shared, budget)
        for name, info in to_read:
            result.sheets.append(_measure_sheet(fh, info, name, shared, budget))
    return result
