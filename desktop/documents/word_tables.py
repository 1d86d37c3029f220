"""Word tables from the documents' reportlab tables: widths on the grid and on every cell, merges, rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from reportlab.platypus import Table

if TYPE_CHECKING:
    from desktop.documents.word_story import WordWriter

#: rule width in eighths of a point (the PDF's rules are 0.6 pt)
RULE = "5"
#: Word's default left and right cell margins together (0.08 in each), in points
CELL_MARGINS = 11.5
_EDGES = ("top", "left", "bottom", "right")

Cell = tuple[int, int]  # (row, col)


def _emu(points: float) -> Emu:
    return Emu(int(round(points * 12700)))


def _norm(index: int, count: int) -> int:
    return index + count if index < 0 else index


def _range(start: Any, stop: Any, rows: int, cols: int) -> tuple[int, int, int, int]:
    """(first row, first col, last row, last col) of a reportlab (col, row) cell range."""
    c0, r0 = _norm(start[0], cols), _norm(start[1], rows)
    c1, r1 = _norm(stop[0], cols), _norm(stop[1], rows)
    return min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


def column_widths(table: Table, frame_width: float | None) -> list[float]:
    """The table's column widths in points (columns left open share what the frame has left)."""
    cols = len(table._cellvalues[0]) if table._cellvalues else 0
    given = list(getattr(table, "_argW", None) or table._colWidths or [None] * cols)
    given = [w if isinstance(w, int | float) and w > 0 else None for w in given][:cols]
    given += [None] * (cols - len(given))
    known = sum(w for w in given if w)
    missing = [i for i, w in enumerate(given) if not w]
    if missing:
        room = max((frame_width or known * 1.2 or 400.0) - known, 20.0 * len(missing))
        for i in missing:
            given[i] = room / len(missing)
    widths = [float(w or 0) for w in given]
    total = sum(widths)
    if frame_width and total > frame_width:
        # a table inside a cell (digit boxes) narrower than it is drawn in the PDF: Word would widen the
        # cell and push the whole form past the margin instead
        widths = [w * frame_width / total for w in widths]
    return widths


def spans(table: Table) -> list[tuple[int, int, int, int]]:
    rows, cols = len(table._cellvalues), len(table._cellvalues[0]) if table._cellvalues else 0
    out = []
    for cmd in getattr(table, "_spanCmds", []):
        r0, c0, r1, c1 = _range(cmd[1], cmd[2], rows, cols)
        if (r0, c0) != (r1, c1):
            out.append((r0, c0, r1, c1))
    return out


def _borders(table: Table) -> dict[Cell, set[str]]:
    """Which edges of which cells the PDF table rules."""
    rows, cols = len(table._cellvalues), len(table._cellvalues[0]) if table._cellvalues else 0
    edges: dict[Cell, set[str]] = {}

    def add(r: int, c: int, *names: str) -> None:
        edges.setdefault((r, c), set()).update(names)

    for cmd in getattr(table, "_linecmds", []):
        op = str(cmd[0]).upper()
        r0, c0, r1, c1 = _range(cmd[1], cmd[2], rows, cols)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if op == "GRID":
                    add(r, c, *_EDGES)
                elif op in ("BOX", "OUTLINE"):
                    add(r, c, *([n for n, edge in (("top", r == r0), ("bottom", r == r1), ("left", c == c0),
                                                   ("right", c == c1)) if edge]))
                elif op == "INNERGRID":
                    add(r, c, *([n for n, edge in (("top", r > r0), ("bottom", r < r1), ("left", c > c0),
                                                   ("right", c < c1)) if edge]))
                elif op == "LINEBELOW":
                    add(r, c, "bottom")
                elif op == "LINEABOVE":
                    add(r, c, "top")
                elif op == "LINEBEFORE":
                    add(r, c, "left")
                elif op == "LINEAFTER":
                    add(r, c, "right")
    return edges


def _fills(table: Table) -> dict[Cell, str]:
    rows, cols = len(table._cellvalues), len(table._cellvalues[0]) if table._cellvalues else 0
    fills: dict[Cell, str] = {}
    for cmd in getattr(table, "_bkgrndcmds", []):
        if str(cmd[0]).upper() != "BACKGROUND" or not hasattr(cmd[3], "hexval"):
            continue
        colour = cmd[3].hexval()[2:].upper()
        r0, c0, r1, c1 = _range(cmd[1], cmd[2], rows, cols)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                fills[(r, c)] = colour
    return fills


def _cell_props(cell: Any, width: float, edges: set[str], fill: str | None) -> None:
    cell.width = _emu(width)
    tc_pr = cell._tc.get_or_add_tcPr()
    if edges:
        borders = OxmlElement("w:tcBorders")
        for name in _EDGES:
            edge = OxmlElement(f"w:{name}")
            edge.set(qn("w:val"), "single" if name in edges else "nil")
            if name in edges:
                edge.set(qn("w:sz"), RULE)
                edge.set(qn("w:color"), "000000")
            borders.append(edge)
        tc_pr.append(borders)
    if fill:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill)
        tc_pr.append(shd)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(writer: WordWriter, container: Any, table: Table, frame_width: float | None) -> Any:
    """Add ``table`` to the document or a cell; return the Word table."""
    values = table._cellvalues
    if not values:
        return None
    rows, cols = len(values), len(values[0])
    widths = column_widths(table, frame_width)
    word = container.add_table(rows=rows, cols=cols)
    word.autofit = False  # fixed layout: the widths below are the widths
    word.alignment = {"LEFT": WD_TABLE_ALIGNMENT.LEFT, "RIGHT": WD_TABLE_ALIGNMENT.RIGHT}.get(
        str(getattr(table, "hAlign", "CENTER")).upper(), WD_TABLE_ALIGNMENT.CENTER
    )
    for c, w in enumerate(widths):
        word.columns[c].width = _emu(w)
    merged = spans(table)
    covered: set[Cell] = set()
    for r0, c0, r1, c1 in merged:
        word.cell(r0, c0).merge(word.cell(r1, c1))
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    span_width = {(r0, c0): sum(widths[c0:c1 + 1]) for r0, c0, r1, c1 in merged}
    edges, fills = _borders(table), _fills(table)
    repeat = int(getattr(table, "repeatRows", 0) or 0)
    keep_rows = not getattr(table, "splitInRow", 0)
    for r in range(rows):
        tr_pr = word.rows[r]._tr.get_or_add_trPr()
        if r < repeat:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if keep_rows:
            tr_pr.append(OxmlElement("w:cantSplit"))
        for c in range(cols):
            if (r, c) in covered:
                continue
            cell = word.cell(r, c)
            _cell_props(cell, span_width.get((r, c), widths[c]), edges.get((r, c), set()), fills.get((r, c)))
            value = values[r][c]
            inner = span_width.get((r, c), widths[c]) - CELL_MARGINS
            writer.cell_content(cell, value if isinstance(value, list | tuple) else [value] if value else [], inner)
    # every cell of a vertical merge carries its width too (WPS lays the grid out from the cells)
    for r, c in covered:
        cell = word.cell(r, c)
        if cell._tc.get_or_add_tcPr().find(qn("w:tcW")) is None:
            cell.width = _emu(widths[c])
    return word
