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

from desktop.documents.model import AttachmentInfo, FilingPacketData, UnitInfo, document_title
from desktop.documents.pdf_base import Styles, cn_date, esc, grid_table, plain_table

SLASH = "/"
COVER_FOOTER = "中华人民共和国公安部监制"


def blank(value: object, filler: str = "") -> str:
    text = "" if value is None else str(value).strip()
    return text or filler


def form_date(d: date | None) -> str:
    return cn_date(d)


def form_number(data: FilingPacketData) -> str:
    """备案表编号: as recorded, else the first segment of the 备案证明编号; blank until the police accepted
    the filing (the number is theirs to give; the 体检 reports a number recorded before acceptance)."""
    if data.filing.accepted_on is None:
        return ""
    number = blank(data.filing.form_number)
    if not number and data.filing.certificate_no:
        number = data.filing.certificate_no.split("-")[0]
    return number


#: the suffix the form prints after each part of the address, and the endings a recorded name may carry
_REGION_SUFFIXES = {
    "province": ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"),
    "prefecture": ("自治州", "地区", "市", "州", "盟"),
    "county": ("自治县", "县", "区", "市", "旗"),
}


def region_part(value: str, part: str) -> str:
    """A recorded 省/市/县 name without the ending the form already prints (河北省 → 河北), so the line does
    not read “河北省 省(自治区、直辖市)”; a name that is nothing but the ending is kept."""
    text = (value or "").strip()
    for suffix in _REGION_SUFFIXES[part]:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def address_lines(u: UnitInfo) -> tuple[str, str]:
    """The two lines of 表一's 单位地址."""
    return (
        f"{blank(region_part(u.province, 'province'), '____')}省(自治区、直辖市)　"
        f"{blank(region_part(u.prefecture, 'prefecture'), '____')}地(区、市、州、盟)",
        f"{blank(region_part(u.county, 'county'), '____')}县(区、市、旗)　详细地址：{blank(u.address, '________')}",
    )


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


def cover(
    data: FilingPacketData, st: Styles, width: float, title_lines: list[str], *, seal: bool = False
) -> list[Flowable]:
    (
        """The 备案表 cover: 备案表编号 boxes, title and the four filing lines.

    The bottom line 中华人民共和国公安部监制 is drawn by the cover page template (``COVER_FOOTER``). ``seal``:
    the 1.0 form's 备案单位 line asks for the unit's seal (（盖章）); the 2025 line does not (§2).
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
        ("备 案 单 位（盖章）：" if seal else "备 案 单 位：", data.unit.name),
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


def grading_documents(data: FilingPacketData) -> dict[str, str]:
    """附件名称 of 表三's three documents, "" where none exists: the attached file's title, else the
    document the program prints from the ledger (the 定级报告's recorded content, the recorded review)."""
    from desktop.documents.preflight import report_recorded

    g = data.grading
    if g is None:
        return {"report": "", "review": "", "approval": ""}
    unit, obj = data.unit.name, data.obj.name
    report = attachment_label(g.report_attachment) or (
        document_title(unit, obj, "定级报告") if report_recorded(data) else ""
    )
    review = attachment_label(g.review_attachment) or (
        document_title(unit, obj, "专家评审意见表") if data.expert_review is not None else ""
    )
    return {"report": report, "review": review, "approval": attachment_label(g.approval_attachment)}


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
    data: FilingPacketData,
    entries: list[AppendixEntry],
    st: Styles,
    width: float,
    today: date | None = None,
    generated: list[tuple[str, str, str]] | None = None,
) -> list[Flowable]:
    """The 附件材料目录 page listing the documents the program printed from the ledger (``generated``:
    label, name, note; the 定级报告 and the 专家评审意见表) and every attachment (appended or not)."""
    story: list[Flowable] = [Paragraph("附件材料目录", st.table_title)]
    facts = [
        f"备案单位：{data.unit.name}",
        f"定级对象：{data.obj.name}",
        f"备案证明编号：{blank(data.filing.certificate_no, '（尚未取得）')}",
    ]
    if data.filing.cross_province:
        facts.append("跨省或全国联网运行：是（向省级公安机关备案）")
    for fact in facts:
        story.append(Paragraph(esc(fact), st.cell))
    story.append(Spacer(1, 3 * mm))
    rows: list[list[object]] = [["序号", "材料名称", "文件名", "附入情况"]]
    generated = generated or []
    for i, (label, name, note) in enumerate(generated, 1):
        rows.append([str(i), label, name, note])
    for i, e in enumerate(entries, len(generated) + 1):
        rows.append([str(i), e.label, e.attachment.filename, e.note])
    if not entries and not generated:
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
        Paragraph(
            esc("本程序生成的文书和附入的PDF材料按本目录顺序排在本页之后；非PDF材料请另行提交纸质件或电子件。"),
            st.note,
        )
    )
    return story
