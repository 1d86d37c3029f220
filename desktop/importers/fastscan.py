"""A quick measure of an ordinary worksheet, for :mod:`desktop.importers.extent`.

Measuring a 20,000-row sheet event by event with expat (one Python call per tag) took several times
as long as reading it with calamine. Sheets written by Excel, WPS, LibreOffice or openpyxl are
regular: every cell carries its position (``<c r="B12" …>``) and is closed as written. For such a
sheet :func:`measure_regular` takes a few regular-expression passes over its inflated bytes (no
Python call per cell) and gives the last row and column and the cells with content; the characters
are an upper bound (bytes of text; the shared strings' own lengths for ``t="s"`` cells). It returns
None whenever the sheet is anything else (a DTD or comment, a cell without a position, a cell
longer than the limit, an unknown cell type, a shared-string cell written otherwise) and the caller
then measures it the careful way, which also gives the exact message for any limit exceeded — as it
does when an upper bound here is beyond a limit. Outside ``<sheetData>`` the parts are parsed with
expat (no DTD, nesting depth capped, at most :data:`MAX_OUTLINE_BYTES`) so that a deep, huge or
malformed head is left to the careful way too. Tags inside ``<sheetData>`` that are not cells are
not looked at: calamine skips them, and they place no cell.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from operator import itemgetter
from xml.parsers import expat

#: the head and tail around <sheetData> measured here (a larger one: the careful way)
MAX_OUTLINE_BYTES = 1 << 20
MAX_DEPTH = 64

_CELL_START = re.compile(rb"<c[\s/>]")
#: text longer than a cell may hold (32,767 characters: at least as many bytes)
_LONG_TEXT = re.compile(rb">[^<]{32768}")
_EMPTY_CELL = re.compile(rb"<c [^<>]*/>")
_KIND = re.compile(rb' t="([A-Za-z]+)"')
_KNOWN_KINDS = frozenset({b"n", b"s", b"str", b"inlineStr", b"b", b"e", b"d"})
_POSITION = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_TEXT = re.compile(rb">([^<]+)<")
_SHARED_CELL = re.compile(rb'<c [^<>]*? t="s"')
_SHARED_INDEX = re.compile(rb'<c [^<>]*? t="s"[^<>]*><v>([0-9]{1,11})</v></c>')
_DIMENSION = re.compile(rb'<dimension ref="([^"<>]{1,40})"')


@dataclass(frozen=True)
class Measured:
    dimension: str
    rows: int
    columns: int
    cells: int
    chars: int


def _outline_ok(outline: bytes) -> bool:
    """The sheet without its data: well-formed, no DTD, nesting within :data:`MAX_DEPTH`."""
    parser = expat.ParserCreate()
    depth = 0
    deepest = 0

    def start(_tag: str, _attrs: dict[str, str]) -> None:
        nonlocal depth, deepest
        depth += 1
        deepest = max(deepest, depth)

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(outline, True)
    except expat.ExpatError:
        return False
    return deepest <= MAX_DEPTH


def measure_regular(data: bytes, shared: array[int], max_cell_chars: int) -> Measured | None:
    """Last row and column with content, cells with content and their characters, or None (see above).

    Inline text is counted in bytes when that is within the limits (never fewer than its characters):
    the totals are then an upper bound, which only ever sends a sheet to the careful measure."""
    if b"<!" in data:
        return None
    start = data.find(b"<sheetData")
    if start < 0:
        return None
    if data.startswith(b"/>", data.find(b"sheetData", start) + 9):
        head_end = end = data.find(b"/>", start) + 2
        region = b""
    else:
        head_end = data.find(b">", start) + 1
        end = data.find(b"</sheetData>", head_end)
        if head_end <= 0 or end < 0 or data.find(b"<sheetData", head_end) >= 0:
            return None
        region = data[head_end:end]
        end += len(b"</sheetData>")
    head, tail = data[:start], data[end:]
    if len(head) + len(tail) > MAX_OUTLINE_BYTES or not _outline_ok(head + b"<sheetData/>" + tail):
        return None
    n_cells = len(_CELL_START.findall(region))
    n_empty = len(_EMPTY_CELL.findall(region))
    positions = _POSITION.findall(region)
    if len(positions) != n_cells or region.count(b"</c>") != n_cells - n_empty:
        return None  # a cell without its position first, or not closed as expected
    if _LONG_TEXT.search(region) or not set(_KIND.findall(region)) <= _KNOWN_KINDS:
        return None  # a cell longer than the limit, or of a kind not known here
    # the last row and column of any cell: an upper bound when empty (formatted) cells lie beyond
    count = n_cells - n_empty
    if not count:
        return _result(head, 0, 0, 0, 0)
    max_row = max(map(int, map(itemgetter(1), positions)))
    max_col = max(map(_column, set(map(itemgetter(0), positions))))
    # characters: an upper bound (bytes of all text, never fewer than its characters), plus the
    # shared strings' own lengths for t="s" cells (whose text is an index)
    chars = sum(map(len, _TEXT.findall(region)))
    if b't="s"' in region:
        indexes = _SHARED_INDEX.findall(region)
        if len(indexes) != len(_SHARED_CELL.findall(region)):
            return None  # a shared-string cell written otherwise than <v>index</v>
        n_shared = len(shared)
        for index in map(int, indexes):
            length = shared[index] if index < n_shared else 0
            if length > max_cell_chars:
                return None
            chars += length
    return _result(head, max_row, max_col, count, chars)


def _column(letters: bytes) -> int:
    column = 0
    for ch in letters:
        column = column * 26 + ch - 64
    return column


def _result(head: bytes, rows: int, columns: int, cells: int, chars: int) -> Measured:
    found = _DIMENSION.search(head)
    return Measured(found[1].decode("ascii", "replace") if found else "", rows, columns, cells, chars)
