"""The filing packet (备案材料): cover, the form's tables, materials index and appended PDFs.

``render_filing_packet(data, out)`` picks the template from ``data.filing.form_version`` (or the
``form`` argument): ``"2025"`` prints 表一–表六 of the 2025 《网络安全等级保护备案表》, ``"1.0"``
the 2007 《信息系统安全等级保护备案表》 表一–表四.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from reportlab.platypus import Flowable, PageBreak

from db.domain.identity import APP_CREATOR
from desktop.documents import filing_1_0, filing_2025
from desktop.documents.filing_common import (
    COVER_FOOTER,
    AppendixEntry,
    cover,
    inspect_appendix,
    materials_index,
)
from desktop.documents.model import FilingPacketData
from desktop.documents.pdf_base import FORM_MARGINS, build_pdf, frame_width, styles

FORMS = ("2025", "1.0")


@dataclass
class PacketResult:
    form: str
    form_pages: int
    total_pages: int
    appendix: list[AppendixEntry]

    @property
    def appended(self) -> list[AppendixEntry]:
        return [e for e in self.appendix if e.appended]

    @property
    def skipped(self) -> list[AppendixEntry]:
        return [e for e in self.appendix if not e.appended]


def normalise_form(form: str | None) -> str:
    text = (form or "2025").strip()
    if text in ("1", "1.0", "2007"):
        return "1.0"
    if text in ("2025", "2025.1"):
        return "2025"
    raise ValueError(f"未知的备案表版本：{form}（可选 2025 或 1.0）")


def render_filing_packet(
    data: FilingPacketData, out: str | Path | BinaryIO, form: str | None = None
) -> PacketResult:
    """Write the whole packet as one PDF to ``out``."""
    version = normalise_form(form or data.filing.form_version)
    st = styles(body_size=14)
    width = frame_width(FORM_MARGINS)
    entries = inspect_appendix(data.appendix)
    story: list[Flowable] = []
    if version == "2025":
        story += cover(data, st, width, ["网络安全等级保护", "备案表"])
        story += filing_2025.tables(data, st, width)
    else:
        story += cover(data, st, width, ["信息系统安全等级保护", "备案表"])
        story += filing_1_0.tables(data, st, width)
    story.append(PageBreak())
    story += materials_index(data, entries, st, width)

    title = f"{data.unit.name}-{data.obj.name}-网络安全等级保护备案表"
    form_pdf = io.BytesIO()
    form_pages = build_pdf(
        story, form_pdf, title=title, margins=FORM_MARGINS, start="cover", cover_footer=COVER_FOOTER
    )

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(form_pdf.getvalue())))
    total = form_pages
    for entry in entries:
        if entry.reader is None:
            continue
        writer.append(entry.reader, outline_item=f"附件：{entry.label}")
        total += entry.pages
    writer.add_metadata({"/Title": title, "/Producer": APP_CREATOR})
    if isinstance(out, str | Path):
        with open(out, "wb") as fh:
            writer.write(fh)
    else:
        writer.write(out)
    return PacketResult(version, form_pages, total, entries)
