"""Parts shared by both filing forms: cover page, small form helpers, materials index, appendix."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table

from desktop.documents.model import AttachmentInfo, FilingPacketData
from desktop.documents.pdf_base import Styles, cn_date, esc, grid_table, plain_table

SLASH = "/"
COVER_FOOTER = "中华人民共和国公安部监制"


def blank(value: object, filler: str = "") -> str:
    text = "" if value is None else str(value).strip()
    return text or filler


def form_number(data: FilingPacketData) -> str:
    """备案表编号: as recorded, else the first segment of the 备案证明编号."""
    number = blank(data.filing.form_number)
    if not number and data.filing.certificate_no:
        number = data.filing.certificate_no.split("-")[0]
    return number


def digit_boxes(value: str, count: int, st: Styles, size: float = 6.5 * mm) -> Table:
    """A row of ``count`` single-character boxes (备案表编号, 系统编号)."""
    chars = list((value or "")[:count].ljust(count))
    digit = ParagraphStyle("digit", parent=st.cell_center, leading=st.cell_center.fontSize)
    return plain_table(
        [[Paragraph(esc(ch.strip()), digit) for ch in chars]],
        [size] * count,
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
        rowHeights=[size],
        hAlign="LEFT",
    )


def cover(data: FilingPacketData, st: Styles, width: float, title_lines: list[str]) -> list[Flowable]:
    (
        """The 备案表 cover: 备案表编号 boxes, title and the four filing lines.

    The bottom line 中华人民共和国公安部监制 is drawn by the cover page template (``COVER_FOOTER``).
    """
        ""
    )
    number_row = plain_table(
        [[Paragraph("备案表编号：", st.cell), digit_boxes(form_number(data), 11, st)]],
        [26 * mm, 11 * 6.5 * mm],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="RIGHT",
    )
    story: list[Flowable] = [number_row, Spacer(1, 40 * mm)]
    for line in title_lines:
        story.append(Paragraph(esc(line), st.cover_title))
    story.append(Spacer(1, 45 * mm))
    filing = data.filing
    lines = [
        ("备 案 单 位：", data.unit.name),
        ("备 案 日 期：", cn_date(filing.submitted_on or filing.filled_on, "")),
        ("受理备案单位（盖章）：", filing.police_organ),
        ("受 理 日 期：", cn_date(filing.accepted_on, "")),
    ]
    label_w = 62 * mm
    rows = [
        [Paragraph(esc(label), st.body_noindent), Paragraph(esc(value), st.body_noindent)]
        for label, value in lines
    ]
    table = plain_table(
        rows,
        [label_w, width - label_w - 10 * mm],
        [
            ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
        ],
        hAlign="CENTER",
    )
    story += [table, NextPageTemplate("portrait"), PageBreak()]
    return story


def attachment_label(att: AttachmentInfo | None) -> str:
    return f"《{att.title}》" if att else ""


@dataclass
class AppendixEntry:
    """One attachment listed in the materials index, and whether it is appended."""

    label: str
    attachment: AttachmentInfo
    pages: int = 0
    note: str = ""
    reader: PdfReader | None = None
    #: why a PDF could not be read (for logs; the index shows ``note``)
    error: str = ""

    @property
    def appended(self) -> bool:
        return self.reader is not None


def inspect_appendix(items: list[tuple[str, AttachmentInfo]]) -> list[AppendixEntry]:
    """Open every PDF attachment once: count its pages or say why it is not appended."""
    entries: list[AppendixEntry] = []
    seen: set[int] = set()
    for label, att in items:
        if att.id in seen:
            continue
        seen.add(att.id)
        entry = AppendixEntry(label, att)
        if not att.is_pdf or not att.data:
            entry.note = "（非PDF，未附入）"
        else:
            try:
                reader = PdfReader(io.BytesIO(att.data))
                if reader.is_encrypted and not reader.decrypt(""):
                    entry.note = "（PDF已加密，未附入）"
                else:
                    entry.pages = len(reader.pages)
                    entry.reader = reader
                    entry.note = f"共{entry.pages}页"
            except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
                entry.note = "（PDF无法读取，未附入）"
                entry.error = f"{type(exc).__name__}: {exc}"
        entries.append(entry)
    return entries


def materials_index(
    data: FilingPacketData, entries: list[AppendixEntry], st: Styles, width: float, today: date | None = None
) -> list[Flowable]:
    """The 附件材料目录 page listing every attachment (appended or not)."""
    story: list[Flowable] = [Paragraph("附件材料目录", st.table_title)]
    facts = [
        f"备案单位：{data.unit.name}",
        f"定级对象：{data.obj.name}",
        f"备案证明编号：{blank(data.filing.certificate_no, '（尚未取得）')}",
    ]
    for fact in facts:
        story.append(Paragraph(esc(fact), st.cell))
    story.append(Spacer(1, 3 * mm))
    rows: list[list[object]] = [["序号", "材料名称", "文件名", "附入情况"]]
    for i, e in enumerate(entries, 1):
        rows.append([str(i), e.label, e.attachment.filename, e.note])
    if not entries:
        rows.append(["—", "（无附件）", "", ""])
    story.append(
        grid_table(
            rows,
            [12 * mm, width * 0.33, width * 0.33, width - 12 * mm - width * 0.66],
            st,
            header_rows=1,
            label_cols=(0,),
            long=True,
        )
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(esc("附入的PDF材料按本目录顺序排在本页之后；非PDF材料请另行提交纸质件或电子件。"), st.note)
    )
    return story
