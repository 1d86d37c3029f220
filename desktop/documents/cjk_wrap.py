"""Chinese line breaking for every reportlab Paragraph the documents draw.

reportlab's own CJK wrapping (``wordWrap="CJK"``) breaks between any two characters and knows only a
Japanese list of marks that may not start a line — the Chinese ，：；！？ are not in it — so printed
forms had lines starting with "，" and dates split as ``2025年4月26/日``. :func:`install` replaces the
line breaking of :class:`reportlab.platypus.Paragraph` for CJK-wrapped paragraphs with the rules of
:mod:`desktop.documents.cjk_breaks`; glyph widths, fonts, inline markup and forced ``<br/>`` breaks are
kept as reportlab measures them, and the lines are assembled by reportlab's own line builder.

It is installed once, when :mod:`desktop.documents.pdf_base` is imported: every document module
builds its paragraphs from there, including paragraphs inside tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import paragraph as rl_paragraph

from desktop.documents.cjk_breaks import line_ends

_INSTALLED = False


def _glyphs(frags: Sequence[Any]) -> list[Any]:
    """One reportlab glyph item per character (zero-width items for empty and break fragments)."""
    out: list[Any] = []
    for f in frags:
        text = getattr(f, "text", "")
        if isinstance(text, bytes):
            text = text.decode("utf8")
        if text:
            out.extend(rl_paragraph.cjkU(t, f, "utf8") for t in text)
        else:
            out.append(rl_paragraph.cjkU(text, f, "utf8"))
    return out


def _width(u: Any, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return float(w)


def split_lines(frags: Sequence[Any], max_widths: Sequence[float], calc_bounds: bool) -> Any:
    """reportlab ``ParaLines`` (kind 1) for ``frags`` broken by the Chinese rules."""
    glyphs = _glyphs(frags)
    lines: list[Any] = []
    start = 0
    # a forced break (<br/>) ends a paragraph piece; each piece is broken on its own
    pieces: list[tuple[int, int, bool]] = []
    for i, u in enumerate(glyphs):
        if hasattr(u.frag, "lineBreak"):
            pieces.append((start, i + 1, True))
            start = i + 1
    if start < len(glyphs):
        pieces.append((start, len(glyphs), False))
    for first, stop, forced in pieces:
        offset = len(lines)
        widths_of_lines = [max_widths[min(offset + k, len(max_widths) - 1)] for k in range(len(max_widths))]
        if not widths_of_lines:
            widths_of_lines = [max_widths[-1]]
        piece = glyphs[first:stop]
        chars = [str(u) for u in piece]
        widths = [_width(u, widths_of_lines[0]) for u in piece]
        ends = line_ends(chars, widths, widths_of_lines) or [0]
        begin = 0
        for k, end in enumerate(ends):
            max_width = widths_of_lines[min(k, len(widths_of_lines) - 1)]
            used = sum(widths[begin:end])
            last = k == len(ends) - 1
            lines.append(
                rl_paragraph.makeCJKParaLine(
                    piece[begin:end], max_width, used, max_width - used, forced and last, calc_bounds
                )
            )
            begin = end
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def _break_lines_cjk(self: Any, maxWidths: Any) -> Any:  # noqa: N803 (reportlab's signature)
    if not isinstance(maxWidths, list | tuple):
        maxWidths = [maxWidths]
    style = self.style
    self.height = 0
    rl_paragraph._handleBulletWidth(self.bulletText, style, maxWidths)
    frags = self.frags
    if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
        return self.blPara
    if not frags:
        return rl_paragraph.ParaLines(
            kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor, lines=[],
            ascent=style.fontSize, descent=-0.2 * style.fontSize,
        )
    auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
    return split_lines(frags, list(maxWidths), auto_leading not in ("", "off"))


def install() -> None:
    """Make every CJK-wrapped reportlab Paragraph in this process break lines by the Chinese rules."""
    global _INSTALLED
    if _INSTALLED:
        return
    rl_paragraph.Paragraph.breakLinesCJK = _break_lines_cjk
    _INSTALLED = True
