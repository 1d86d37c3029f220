"""Shared PDF machinery: A4 page templates, Chinese paragraph styles, tables, footers.

Every document builds a list of flowables (its "story") with the helpers here and hands it to
:func:`build_pdf`, which lays it out on A4 (portrait, or landscape after
``NextPageTemplate("landscape")``), and writes "第 N 页 共 M 页" on every numbered page.

Text handling: plain ``str`` values are always XML-escaped before they reach a reportlab
Paragraph (user data may contain ``<`` or ``&``); pre-built markup is wrapped in :class:`Markup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from db.domain.identity import APP_CREATOR, APP_TITLE
from desktop.documents import cjk_wrap
from desktop.documents.fonts import DocumentFonts, document_fonts
from desktop.documents.ticks import Choices, Opt, options

# every paragraph of every document breaks its lines by the Chinese rules (desktop.documents.cjk_breaks)
cjk_wrap.install()

GREY = colors.HexColor("#BFBFBF")
LIGHT = colors.HexColor("#F2F2F2")


class Markup(str):
    """Text that is already reportlab paragraph markup (not escaped again)."""


def esc(value: object) -> str:
    """Escape a value for paragraph markup; ``None`` → ""; newlines become line breaks."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = escape(str(value))
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def spaced(*parts: str, gap: int = 6) -> Markup:
    """Texts side by side on one line, separated by ``gap`` non-breaking spaces (reportlab collapses
    ordinary and ideographic spaces)."""
    return Markup(("&nbsp;" * gap).join(esc(p) for p in parts))


#: an unknown date on a form or under a seal: room to write it by hand (spaces alone collapse when typeset)
BLANK_DATE = "______年____月____日"


def cn_date(d: date | None, blank: str = BLANK_DATE) -> str:
    """``2025年6月3日``; a blank form line (with room to write) when the date is unknown."""
    if d is None:
        return blank
    return f"{d.year}年{d.month}月{d.day}日"


def ticks(
    st: Styles,
    choices: Iterable[tuple[str, str]],
    chosen: Iterable[str] | str | None,
    *,
    prefix: str = "",
    suffix: str = "",
    small: bool = False,
    columns: int | None = None,
    one_per_line: bool = False,
) -> Choices:
    """Tick boxes for (code, text) ``choices``, the ``chosen`` code(s) ticked, in the table font."""
    opts = options(choices, chosen)
    if prefix:
        opts.insert(0, Opt(None, prefix))
    if suffix:
        opts.append(Opt(None, suffix))
    return choice_flow(st, opts, small=small, columns=columns, one_per_line=one_per_line)


def choice_flow(
    st: Styles,
    opts: Sequence[Opt],
    *,
    small: bool = False,
    columns: int | None = None,
    one_per_line: bool = False,
) -> Choices:
    style = st.cell_small if small else st.cell
    return Choices(
        opts, style.fontName, style.fontSize, style.leading, columns=columns, one_per_line=one_per_line
    )


def yes_no(st: Styles, flag: bool | None, yes: str = "是", no: str = "否", *, suffix: str = "") -> Choices:
    """Two tick boxes; neither is ticked when the answer is unknown (None)."""
    opts = [Opt(bool(flag), yes), Opt(flag is not None and not flag, no)]
    if suffix:
        opts.append(Opt(None, suffix))
    return choice_flow(st, opts)


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


#: GB/T 9704 body margins for reports (定级报告, 整改报告)
REPORT_MARGINS = Margins(top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)
#: forms carry wide tables; the police templates use narrower margins than 公文
FORM_MARGINS = Margins(top=22 * mm, bottom=22 * mm, left=22 * mm, right=20 * mm)


class Styles:
    """The paragraph styles of one document family (sizes in points: 二号 22, 三号 16, 四号 14, 五号 10.5)."""

    def __init__(self, fonts: DocumentFonts, body_size: float = 14.0) -> None:
        self.fonts = fonts
        base = dict(wordWrap="CJK", allowWidows=1, allowOrphans=1)
        self.title = ParagraphStyle(
            "title", fontName=fonts.title, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=10, **base
        )
        self.cover_title = ParagraphStyle(
            "cover_title", parent=self.title, fontSize=28, leading=44, spaceAfter=0
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            fontName=fonts.heading,
            fontSize=16,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=8,
            **base,
        )
        self.table_title = ParagraphStyle(
            "table_title",
            fontName=fonts.heading,
            fontSize=14,
            leading=20,
            alignment=TA_CENTER,
            spaceBefore=2,
            spaceAfter=6,
            **base,
        )
        self.h1 = ParagraphStyle(
            "h1",
            fontName=fonts.heading,
            fontSize=16,
            leading=26,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
            **base,
        )
        self.h2 = ParagraphStyle(
            "h2",
            fontName=fonts.heading,
            fontSize=body_size,
            leading=body_size * 1.7,
            spaceBefore=4,
            spaceAfter=2,
            firstLineIndent=body_size * 2,
            keepWithNext=1,
            **base,
        )
        self.body = ParagraphStyle(
            "body",
            fontName=fonts.body,
            fontSize=body_size,
            leading=body_size * 1.75,
            firstLineIndent=body_size * 2,
            alignment=TA_JUSTIFY,
            **base,
        )
        self.body_noindent = ParagraphStyle("body_noindent", parent=self.body, firstLineIndent=0)
        self.right = ParagraphStyle("right", parent=self.body, firstLineIndent=0, alignment=TA_RIGHT)
        self.center = ParagraphStyle("center", parent=self.body, firstLineIndent=0, alignment=TA_CENTER)
        self.cell = ParagraphStyle(
            "cell", fontName=fonts.table, fontSize=10.5, leading=14.5, alignment=TA_LEFT, **base
        )
        self.cell_small = ParagraphStyle("cell_small", parent=self.cell, fontSize=9, leading=12.5)
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle(
            "cell_head", parent=self.cell, fontName=fonts.heading, alignment=TA_CENTER
        )
        self.note = ParagraphStyle("note", parent=self.cell, fontSize=9, leading=13)


def styles(body_size: float = 14.0) -> Styles:
    return Styles(document_fonts(), body_size)


def para(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(esc(text), style)


# ---------------------------------------------------------------------------------------------
# Tables

#: a table cell: text (escaped), markup, a flowable, a list of flowables, or empty
Cell: TypeAlias = str | Markup | Flowable | list[Any] | None
#: a merged range of table cells: ((first col, first row), (last col, last row))
Span: TypeAlias = tuple[tuple[int, int], tuple[int, int]]


def _cell(value: Cell, style: ParagraphStyle) -> object:
    if value is None:
        return Paragraph("", style)
    if isinstance(value, Flowable | list):
        return value
    return Paragraph(esc(value), style)


def plain_table(
    data: list[list[object]], col_widths: Sequence[float], cmds: Sequence[tuple[Any, ...]] = (), **kw: object
) -> Table:
    """A reportlab Table whose cell font is the embedded table font.

    reportlab selects each cell's font even for Paragraph cells, and its default is Helvetica, which
    would then be listed (unembedded) in the PDF; every table of the documents goes through here.
    """
    table = Table(data, colWidths=list(col_widths), **kw)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), document_fonts().table), *cmds]))
    return table


def grid_table(
    rows: Sequence[Sequence[Cell]],
    col_widths: Sequence[float],
    st: Styles,
    *,
    header_rows: int = 0,
    spans: Sequence[Span] = (),
    shade: Sequence[tuple[int, int]] = (),
    label_cols: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
    long: bool = False,
    small: bool = False,
    split_in_row: bool = False,
    compact: bool = False,
) -> Table:
    """A ruled table whose text cells are wrapping Paragraphs.

    ``header_rows`` are set in 黑体 on a light background and repeat after a page break;
    ``label_cols`` are form label columns (centred); ``shade`` lists (col, row) cells to fill grey.
    ``split_in_row`` lets a row taller than the rest of a page continue on the next one (long
    free-text lists); forms keep their rows whole. ``compact`` narrows the cell padding.
    """
    body_style = st.cell_small if small else st.cell
    data = []
    for r, row in enumerate(rows):
        out = []
        for c, value in enumerate(row):
            if r < header_rows:
                style = st.cell_head
            elif c in label_cols:
                style = st.cell_center
            else:
                style = body_style
            out.append(_cell(value, style))
        data.append(out)
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.fonts.table),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 if compact else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 if compact else 4),
    ]
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), LIGHT))
    for start, end in spans:
        cmds.append(("SPAN", start, end))
    for col, shaded_row in shade:
        cmds.append(("BACKGROUND", (col, shaded_row), (col, shaded_row), GREY))
    cmds.extend(extra)
    cls = LongTable if long else Table
    table = cls(
        data,
        colWidths=list(col_widths),
        repeatRows=header_rows,
        splitByRow=1,
        splitInRow=1 if split_in_row else 0,
        hAlign="CENTER",
    )
    table.setStyle(TableStyle(cmds))
    return table


def form_rows(
    pairs: Sequence[tuple[Cell, Cell]], width: float, st: Styles, label_ratio: float = 0.26
) -> Table:
    """A two-column label/value form table."""
    lw = width * label_ratio
    return grid_table([list(p) for p in pairs], [lw, width - lw], st, label_cols=(0,))


class SignatureBlock(KeepTogether):  # type: ignore[misc]  # reportlab ships no type stubs
    """The signature/seal lines and date; :func:`build_pdf` keeps it on one page with the text before it."""


def signature_block(st: Styles, lines: Sequence[str], on: date | None = None) -> SignatureBlock:
    """Right-aligned signature/seal lines, then the date (blank date line when unknown)."""
    flow: list[Flowable] = [Spacer(1, 10 * mm)]
    for line in lines:
        flow.append(Paragraph(esc(line), st.right))
        flow.append(Spacer(1, 4 * mm))
    flow.append(Paragraph(esc(cn_date(on)), st.right))
    return SignatureBlock(flow)


# ---------------------------------------------------------------------------------------------
# Page templates, footer and building


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type stubs
    """Defers page output so every footer can say how many pages there are."""

    footer_font = "Helvetica"

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self.no_footer = False

    def showPage(self) -> None:  # noqa: N802 (reportlab API)
        self._saved_pages.append(dict(self.__dict__))
        self.no_footer = False
        self._startPage()

    def save(self) -> None:
        numbered = [p for p in self._saved_pages if not p.get("no_footer")]
        total = len(numbered)
        n = 0
        for state in self._saved_pages:
            self.__dict__.update(state)
            if not state.get("no_footer"):
                n += 1
                self._draw_footer(n, total)
            super().showPage()
        self.page_count = len(self._saved_pages)
        super().save()

    def _draw_footer(self, n: int, total: int) -> None:
        width, _height = self._pagesize
        self.saveState()
        self.setFont(self.footer_font, 9)
        self.drawCentredString(width / 2, 12 * mm, f"第 {n} 页 共 {total} 页")
        self.restoreState()


def _cover_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Cover pages carry no page number; a fixed bottom line (e.g. 公安部监制) if the document has one."""
    canvas.no_footer = True
    text = getattr(doc, "cover_footer", None)
    if text:
        canvas.saveState()
        canvas.setFont(document_fonts().heading, 16)
        canvas.drawCentredString(canvas._pagesize[0] / 2, 28 * mm, text)
        canvas.restoreState()


class _Doc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type stubs
    def __init__(self, target: object, margins: Margins, title: str, **kw: object) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=margins.left,
            rightMargin=margins.right,
            topMargin=margins.top,
            bottomMargin=margins.bottom,
            title=title,
            author=APP_TITLE,
            creator=APP_CREATOR,
            subject=title,
            **kw,
        )
        templates = []
        for tid, size in (("portrait", A4), ("landscape", landscape(A4))):
            w, h = size
            frame = Frame(
                margins.left,
                margins.bottom,
                w - margins.left - margins.right,
                h - margins.top - margins.bottom,
                id=f"{tid}-frame",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(PageTemplate(id=tid, frames=[frame], pagesize=size))
        w, h = A4
        cover_frame = Frame(
            margins.left,
            margins.bottom,
            w - margins.left - margins.right,
            h - margins.top - margins.bottom,
            id="cover-frame",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        # the cover comes first in the list so a document that starts with one begins there
        self._cover = PageTemplate(id="cover", frames=[cover_frame], pagesize=A4, onPage=_cover_page)
        self.addPageTemplates(templates + [self._cover])


def frame_width(margins: Margins, orientation: str = "portrait") -> float:
    w: float = A4[0] if orientation == "portrait" else A4[1]
    return w - margins.left - margins.right


def frame_height(margins: Margins, orientation: str = "portrait") -> float:
    h: float = A4[1] if orientation == "portrait" else A4[0]
    return h - margins.top - margins.bottom


@dataclass
class BuiltDocument:
    """One :func:`build_pdf` call as it was asked for: the story and its page settings.

    The Word writer (:mod:`desktop.documents.word`) renders these, so a document's content is built once
    and drawn twice (PDF and Word) instead of being written out a second time."""

    story: list[Flowable]
    title: str
    margins: Margins
    start: str
    cover_footer: str | None


_CAPTURE: ContextVar[list[BuiltDocument] | None] = ContextVar("dengbao_pdf_capture", default=None)


@contextmanager
def capture_builds() -> Iterator[list[BuiltDocument]]:
    """Within the block, every :func:`build_pdf` call also records its story (in call order)."""
    builds: list[BuiltDocument] = []
    token = _CAPTURE.set(builds)
    try:
        yield builds
    finally:
        _CAPTURE.reset(token)


def build_pdf(
    story: list[Flowable],
    out: str | Path | BinaryIO,
    *,
    title: str,
    margins: Margins = FORM_MARGINS,
    start: str = "portrait",
    cover_footer: str | None = None,
) -> int:
    """Lay out ``story`` and write the PDF to a path or binary stream; return the page count.

    ``start`` names the first page template: ``portrait``, ``landscape`` or ``cover`` (no page
    number; ``cover_footer`` is drawn at its bottom).
    """
    fonts = document_fonts()
    captured = _CAPTURE.get()
    if captured is not None:
        captured.append(BuiltDocument(list(story), title, margins, start, cover_footer))
    target = str(out) if isinstance(out, Path) else out
    # reportlab's page preamble selects Helvetica unless told otherwise: a font that would not be
    # embedded, so every page starts in the (embedded) table font instead
    doc = _Doc(target, margins, title, initialFontName=fonts.table, initialFontSize=10.5)
    doc.cover_footer = cover_footer
    if start != "portrait":
        for i, tmpl in enumerate(doc.pageTemplates):
            if tmpl.id == start:
                doc.pageTemplates.insert(0, doc.pageTemplates.pop(i))
                break
    pages: dict[str, int] = {}

    class Canvas_(_NumberedCanvas):
        footer_font = fonts.table

        def save(self) -> None:
            super().save()
            pages["count"] = self.page_count

    doc.build(keep_together(story), canvasmaker=Canvas_)
    return pages.get("count", 0)


#: a table title needs this much room below it on the page, or it moves to the next page with its table
TITLE_ROOM = 40 * mm
#: a table with at most this many rows goes onto the signature's page with it
_SMALL_TABLE_ROWS = 12


def _binds_to_signature(f: Flowable) -> bool:
    if isinstance(f, Paragraph | KeepTogether):
        return not isinstance(f, SignatureBlock)
    if isinstance(f, Table):
        return len(getattr(f, "_cellvalues", ())) <= _SMALL_TABLE_ROWS
    return False


def keep_together(story: Sequence[Flowable]) -> list[Flowable]:
    """The story with the keep-together rules applied.

    - A :class:`SignatureBlock` takes the flowable before it (the closing paragraph, or a small table)
      onto its page, so a seal never stands alone on the last page.
    - A table title (style ``table_title``) followed by its table moves to the next page when less than
      :data:`TITLE_ROOM` is left, so a title never ends a page without its table.
    """
    out: list[Flowable] = []
    for f in story:
        if isinstance(f, SignatureBlock):
            spacers: list[Flowable] = []
            while out and isinstance(out[-1], Spacer):
                spacers.insert(0, out.pop())
            if out and _binds_to_signature(out[-1]):
                out.append(SignatureBlock([out.pop(), *spacers, *f._content]))
                continue
            out.extend(spacers)
        out.append(f)
    result: list[Flowable] = []
    for i, f in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else None
        if (
            isinstance(f, Paragraph)
            and getattr(f.style, "name", "") == "table_title"
            and isinstance(nxt, Table)
        ):
            result.append(CondPageBreak(TITLE_ROOM))
        result.append(f)
    return result
