"""Tick boxes (☑/☐) drawn as vector graphics, laid out like words.

Neither the bundled Noto fonts nor 仿宋/宋体 carry U+2610/U+2611, and reportlab's CJK line
breaker fails on inline images, so a row of options is its own small flowable: each option is a
box (drawn with lines, ticked or not) followed by its text, options flow left to right and wrap
between options (an option longer than a line wraps inside its text, character by character).
The option text stays real text in the PDF, so it can be searched and copied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Flowable

from desktop.documents.cjk_breaks import line_ends


@dataclass(frozen=True)
class Opt:
    """One option: ``checked`` True/False draws a box; None is plain text (a prefix or a note)."""

    checked: bool | None
    text: str


@dataclass
class _Run:
    x: float
    line: int
    box: bool | None  # None: no box in this run (continuation or plain text)
    text: str


class Choices(Flowable):  # type: ignore[misc]  # reportlab ships no type stubs
    """Options with tick boxes: flowing (wrap between options) or in ``columns`` equal columns."""

    def __init__(
        self,
        options: Sequence[Opt],
        font: str,
        size: float = 10.5,
        leading: float | None = None,
        *,
        columns: int | None = None,
        gap: float | None = None,
        one_per_line: bool = False,
    ) -> None:
        super().__init__()
        self.options = list(options)
        self.font = font
        self.size = size
        self.leading = leading or size * 1.38
        self.columns = columns
        self.gap = size * 1.2 if gap is None else gap
        self.one_per_line = one_per_line
        self._runs: list[_Run] = []
        self._lines = 0
        self.width = self.height = 0.0

    # -- layout ---------------------------------------------------------------------------------

    @property
    def box_size(self) -> float:
        return self.size * 0.82

    def _box_width(self, opt: Opt) -> float:
        return 0.0 if opt.checked is None else self.box_size + self.size * 0.25

    def _text_width(self, text: str) -> float:
        width: float = stringWidth(text, self.font, self.size)
        return width

    def _break(self, text: str, first: float, rest: float) -> list[str]:
        """Split ``text`` into chunks fitting ``first`` then ``rest`` points (at least one char each)."""
        # the Chinese line-breaking rules of the paragraphs (no line starting with 》 or ，, dates whole)
        widths = [self._text_width(ch) for ch in text]
        ends = line_ends(list(text), widths, [first, rest]) or [len(text)]
        chunks, start = [], 0
        for end in ends:
            chunks.append(text[start:end])
            start = end
        return chunks

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: ARG002
        self._runs = []
        width = max(avail_width, self.size * 3)
        if self.columns:
            self._layout_columns(width)
        else:
            self._layout_flow(width)
        self.width = width
        self.height = self._lines * self.leading
        return self.width, self.height

    def _layout_flow(self, width: float) -> None:
        line, x = 0, 0.0
        for i, opt in enumerate(self.options):
            need = self._box_width(opt) + self._text_width(opt.text)
            if i and (self.one_per_line or (x > 0 and x + need > width)):
                line, x = line + 1, 0.0
            box_w = self._box_width(opt)
            chunks = self._break(opt.text, width - x - box_w, width)
            for j, chunk in enumerate(chunks):
                if j:
                    line, x = line + 1, 0.0
                self._runs.append(_Run(x, line, opt.checked if j == 0 else None, chunk))
                x += (box_w if j == 0 else 0.0) + self._text_width(chunk)
            x += self.gap
        self._lines = line + 1 if self.options else 0

    def _layout_columns(self, width: float) -> None:
        cols = self.columns or 1
        col_w = width / cols
        line = 0
        row_lines = 1
        for i, opt in enumerate(self.options):
            col = i % cols
            if col == 0 and i:
                line += row_lines
                row_lines = 1
            x0 = col * col_w
            box_w = self._box_width(opt)
            chunks = self._break(opt.text, col_w - box_w - 2, col_w - box_w - 2)
            for j, chunk in enumerate(chunks):
                self._runs.append(
                    _Run(x0 + (0 if j == 0 else box_w), line + j, opt.checked if j == 0 else None, chunk)
                )
            row_lines = max(row_lines, len(chunks))
        self._lines = line + row_lines if self.options else 0

    # -- drawing --------------------------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        ascent, descent = getAscentDescent(self.font, self.size)
        # baseline of a line: centre the glyph box vertically in the leading
        pad = (self.leading - (ascent - descent)) / 2
        canv.setFont(self.font, self.size)
        for run in self._runs:
            baseline = self.height - (run.line * self.leading) - pad - ascent
            x = run.x
            if run.box is not None:
                self._draw_box(x, baseline, run.box)
                x += self.box_size + self.size * 0.25
            if run.text:
                canv.drawString(x, baseline, run.text)

    def _draw_box(self, x: float, baseline: float, checked: bool) -> None:
        canv = self.canv
        s = self.box_size
        y = baseline - self.size * 0.1
        canv.saveState()
        canv.setLineWidth(max(0.5, self.size * 0.055))
        canv.rect(x + 0.3, y, s, s, stroke=1, fill=0)
        if checked:
            canv.setLineWidth(max(0.8, self.size * 0.09))
            canv.setLineCap(1)
            canv.setLineJoin(1)
            path = canv.beginPath()
            path.moveTo(x + s * 0.2, y + s * 0.52)
            path.lineTo(x + s * 0.43, y + s * 0.24)
            path.lineTo(x + s * 0.86, y + s * 0.86)
            canv.drawPath(path, stroke=1, fill=0)
        canv.restoreState()


def options(choices: Iterable[tuple[str, str]], chosen: Iterable[str] | str | None) -> list[Opt]:
    """(code, text) pairs to options, ticking the chosen code(s)."""
    if chosen is None:
        picked: set[str] = set()
    elif isinstance(chosen, str):
        picked = {chosen}
    else:
        picked = {str(c) for c in chosen}
    return [Opt(code in picked, text) for code, text in choices]
