"""Write a document's reportlab story as a Word file (see :mod:`desktop.documents.word`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from desktop.documents.fonts import BUNDLED_FILES, document_fonts
from desktop.documents.pdf_base import BuiltDocument, Margins
from desktop.documents.ticks import Choices
from desktop.documents.word_tables import add_table

#: Word's East Asian font per role (official-document practice), and the bundled font standing in for it
ROLE_FONTS = {"title": "方正小标宋简体", "heading": "黑体", "body": "仿宋", "table": "宋体"}
ALT_FONTS = {role: ("Noto Serif SC" if "Serif" in f else "Noto Sans SC") for role, f in BUNDLED_FILES.items()}
#: the role of each paragraph style of :class:`desktop.documents.pdf_base.Styles`
_STYLE_ROLES = {
    "title": "title", "cover_title": "title",
    "subtitle": "heading", "table_title": "heading", "h1": "heading", "h2": "heading", "cell_head": "heading",
    "body": "body", "body_noindent": "body", "right": "body", "center": "body",
}
_ALIGN = {0: WD_ALIGN_PARAGRAPH.LEFT, 1: WD_ALIGN_PARAGRAPH.CENTER, 2: WD_ALIGN_PARAGRAPH.RIGHT,
          4: WD_ALIGN_PARAGRAPH.JUSTIFY}
TICKED, UNTICKED = "☑", "☐"
#: border width in eighths of a point (the PDF's rules are 0.6 pt)
_RULE = "5"
A4_MM = (210, 297)


def _emu(points: float) -> Emu:
    return Emu(int(round(points * 12700)))


def _set_east_asian(rpr_owner: Any, name: str, alt: str) -> None:
    """Set a run's (or style's) fonts: the Chinese name for East Asian text, the same for Latin text."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


class WordWriter:
    """Turns one :class:`BuiltDocument` into a python-docx document."""

    def __init__(self, build: BuiltDocument) -> None:
        self.build = build
        self.doc: DocxDocument = Document()
        self.fonts = document_fonts()
        self.orientation = "portrait"
        self.pending_template: str | None = None
        self.break_pending = False
        self.in_cover = build.start == "cover"
        self._setup()

    # -- document, sections, footers ------------------------------------------------------------

    def _setup(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(10.5)
        _set_east_asian(normal.element, ROLE_FONTS["table"], ALT_FONTS["table"])
        self._font_table()
        section = self.doc.sections[0]
        self._page(section, "landscape" if self.build.start == "landscape" else "portrait")
        self.doc.core_properties.title = self.build.title
        if self.in_cover:
            self._footer_text(section, self.build.cover_footer or "")
        else:
            self._footer_numbers(section)

    def _font_table(self) -> None:
        """Name each Chinese font's bundled stand-in as its alternative (w:altName) in the font table."""
        for rel in self.doc.part.rels.values():
            if not rel.reltype.endswith("/fontTable"):
                continue
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for role, name in ROLE_FONTS.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), ALT_FONTS[role])
                etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page(self, section: Any, orientation: str) -> None:
        m: Margins = self.build.margins
        w, h = A4_MM if orientation == "portrait" else (A4_MM[1], A4_MM[0])
        section.orientation = WD_ORIENT.PORTRAIT if orientation == "portrait" else WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(w), Mm(h)
        section.top_margin, section.bottom_margin = _emu(m.top), _emu(m.bottom)
        section.left_margin, section.right_margin = _emu(m.left), _emu(m.right)
        section.footer_distance = Mm(10)
        self.orientation = orientation

    def _footer_paragraph(self, section: Any) -> DocxParagraph:
        footer = section.footer
        footer.is_linked_to_previous = False
        p: DocxParagraph = footer.paragraphs[0]
        for r in list(p.runs):
            r._element.getparent().remove(r._element)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def _footer_text(self, section: Any, text: str) -> None:
        p = self._footer_paragraph(section)
        if text:
            self._run(p, text, "heading", 16)

    def _footer_numbers(self, section: Any) -> None:
        """第 PAGE 页 共 SECTIONPAGES 页 (fields, so Word and WPS keep them right after editing)."""
        p = self._footer_paragraph(section)
        self._run(p, "第 ", "table", 9)
        self._field(p, "PAGE")
        self._run(p, " 页 共 ", "table", 9)
        # after a cover the form counts its own pages (the cover is its own, unnumbered section);
        # LibreOffice has no SECTIONPAGES and shows the stored value there, Word and WPS compute it
        self._field(p, "SECTIONPAGES" if self.build.start == "cover" else "NUMPAGES")
        self._run(p, " 页", "table", 9)

    def _field(self, p: DocxParagraph, instr: str) -> None:
        """A complex field (begin, instruction, separator, shown value, end), as Word writes page numbers."""
        def run_with(child: Any) -> None:
            run = self._run(p, "", "table", 9)
            run._element.append(child)

        def instruction(value: str) -> None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = value
            run_with(text)

        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        run_with(begin)
        instruction(f" {instr} ")
        sep = OxmlElement("w:fldChar")
        sep.set(qn("w:fldCharType"), "separate")
        run_with(sep)
        self._run(p, "1", "table", 9)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run_with(end)

    def _new_section(self, orientation: str) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(section, orientation)
        if self.in_cover:
            # leaving the cover: the form's pages are numbered from 1
            self.in_cover = False
            numbering = OxmlElement("w:pgNumType")
            numbering.set(qn("w:start"), "1")
            section._sectPr.append(numbering)
            section.different_first_page_header_footer = False
        self._footer_numbers(section)
        self.break_pending = False

    # -- runs and paragraphs --------------------------------------------------------------------

    def _role(self, style_name: str, font_name: str | None = None) -> str:
        role = _STYLE_ROLES.get(style_name, "table")
        if font_name and font_name == self.fonts.heading and role in ("body", "table"):
            return "heading"  # <b> in body text switches to 黑体, as in the PDF
        return role

    def _run(self, p: DocxParagraph, text: str, role: str, size: float) -> Any:
        run = p.add_run(text)
        run.font.size = Pt(size)
        _set_east_asian(run._element, ROLE_FONTS[role], ALT_FONTS[role])
        if role == "title":
            run.font.bold = False
        return run

    def _format(self, p: DocxParagraph, style: Any) -> None:
        f = p.paragraph_format
        f.alignment = _ALIGN.get(int(getattr(style, "alignment", 0)), WD_ALIGN_PARAGRAPH.LEFT)
        if getattr(style, "firstLineIndent", 0):
            f.first_line_indent = _emu(style.firstLineIndent)
        f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        f.line_spacing = _emu(style.leading)
        f.space_before = _emu(getattr(style, "spaceBefore", 0) or 0)
        f.space_after = _emu(getattr(style, "spaceAfter", 0) or 0)
        if getattr(style, "keepWithNext", 0):
            f.keep_with_next = True

    def paragraph(self, container: Any, para: Paragraph, first: DocxParagraph | None = None) -> DocxParagraph:
        p = first if first is not None else container.add_paragraph()
        style = para.style
        self._format(p, style)
        if self.break_pending and first is None:
            p.paragraph_format.page_break_before = True
            self.break_pending = False
        for frag in getattr(para, "frags", []):
            if hasattr(frag, "lineBreak"):
                p.add_run().add_break()
                continue
            text = getattr(frag, "text", "")
            if text:
                self._run(p, text, self._role(style.name, getattr(frag, "fontName", None)),
                          getattr(frag, "fontSize", style.fontSize))
        return p

    def choices(self, container: Any, ch: Choices, first: DocxParagraph | None = None) -> list[DocxParagraph]:
        """Tick boxes as ☑/☐ characters: one paragraph, or one per option."""
        texts = []
        for opt in ch.options:
            mark = "" if opt.checked is None else (TICKED if opt.checked else UNTICKED)
            texts.append(f"{mark}{opt.text}")
        groups = [[t] for t in texts] if ch.one_per_line else [texts]
        out = []
        for i, group in enumerate(groups):
            p = first if (first is not None and i == 0) else container.add_paragraph()
            p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            p.paragraph_format.line_spacing = _emu(ch.leading)
            self._run(p, "　".join(group), "table", ch.size)
            out.append(p)
        return out

    # -- the story ------------------------------------------------------------------------------

    def story(self, flowables: Sequence[Flowable]) -> None:
        for f in flowables:
            self.flowable(f)

    def flowable(self, f: Flowable) -> None:
        if isinstance(f, NextPageTemplate):
            self.pending_template = str(f.action[1]) if isinstance(f.action, list | tuple) else None
            return
        if isinstance(f, PageBreak):
            target = self.pending_template
            self.pending_template = None
            if self.in_cover or (target in ("portrait", "landscape") and target != self.orientation):
                self._new_section(target if target in ("portrait", "landscape") else "portrait")
            else:
                self.break_pending = True
            return
        if isinstance(f, CondPageBreak):
            return
        if isinstance(f, KeepTogether):
            before = len(self.doc.paragraphs)
            self.story(f._content)
            made = self.doc.paragraphs[before:]
            for p in made[:-1]:
                p.paragraph_format.keep_with_next = True
            return
        if isinstance(f, Spacer):
            height = float(getattr(f, "height", 0) or 0)
            if height >= 2:
                p = self.doc.add_paragraph()
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                p.paragraph_format.line_spacing = _emu(height)
                p.paragraph_format.space_before = p.paragraph_format.space_after = 0
            return
        if isinstance(f, Paragraph):
            self.paragraph(self.doc, f)
            return
        if isinstance(f, Choices):
            self.choices(self.doc, f)
            return
        if isinstance(f, Table):
            if self.break_pending:
                p = self.doc.add_paragraph()
                p.paragraph_format.page_break_before = True
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                p.paragraph_format.line_spacing = Pt(1)
                self.break_pending = False
            add_table(self, self.doc, f, self._frame_width())
            return
        # anything else (a flowable the documents do not use yet) is left out rather than guessed

    def _frame_width(self) -> float:
        m = self.build.margins
        page = (A4_MM[0] if self.orientation == "portrait" else A4_MM[1]) * 72 / 25.4
        return float(page - m.left - m.right)

    def cell_content(self, cell: _Cell, items: Sequence[Any], width: float | None = None) -> None:
        """Fill a table cell with the PDF cell's content (the cell's own first paragraph is used first)."""
        first: DocxParagraph | None = cell.paragraphs[0]
        for item in items:
            if isinstance(item, str):
                item = Paragraph(item, _plain_style())
            if isinstance(item, Paragraph):
                self.paragraph(cell, item, first)
                first = None
            elif isinstance(item, Choices):
                self.choices(cell, item, first)
                first = None
            elif isinstance(item, Table):
                add_table(self, cell, item, width)
            elif isinstance(item, list | tuple):
                self.cell_content(cell, item, width)
                first = None

    def save(self, out: str | Path | BinaryIO) -> None:
        self.doc.save(str(out) if isinstance(out, Path) else out)


def _plain_style() -> Any:
    from desktop.documents.pdf_base import styles

    return styles().cell


def write_word(build: BuiltDocument, out: str | Path | BinaryIO) -> None:
    """Write ``build`` as a .docx file to a path or binary stream."""
    writer = WordWriter(build)
    writer.story(build.story)
    writer.save(out)
