"""The filing packet (备案材料): cover, the form's tables, materials index and appended PDFs.

``render_filing_packet(data, out)`` picks the template from ``data.filing.form_version`` (or the
``form`` argument): ``"2025"`` prints 表一–表六 of the 2025 《网络安全等级保护备案表》, ``"1.0"``
the 2007 《信息系统安全等级保护备案表》 表一–表四.

Attached PDFs are cleaned before they are appended (:mod:`desktop.documents.pdf_sanitize`: no
JavaScript, actions that start programs, open web addresses or other files, send data, embedded files
or XFA forms travel to the police); what was removed is in :attr:`PacketResult.cleaned` and in the
materials index, and an attachment that cannot be cleaned is left out and listed as such.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter
from reportlab.platypus import Flowable, PageBreak

from db.domain.identity import APP_CREATOR
from desktop.documents import filing_1_0, filing_2025
from desktop.documents.expert_review import render_expert_review
from desktop.documents.filing_common import (
    COVER_FOOTER,
    AppendixEntry,
    cover,
    grading_documents,
    inspect_appendix,
    materials_index,
)
from desktop.documents.grading_report import render_grading_report
from desktop.documents.model import FilingPacketData, GradingReportData
from desktop.documents.pdf_base import FORM_MARGINS, build_pdf, frame_width, styles
from desktop.documents.pdf_sanitize import UncleanablePdf, sanitize_pdf, scrub_writer
from desktop.documents.preflight import choose_form

FORMS = ("2025", "1.0")
#: the materials index's note for an attachment whose active content was removed
CLEANED_NOTE = "（已移除其中的活动内容）"
UNCLEANABLE_NOTE = "（PDF含无法清除的活动内容，未附入）"


@dataclass(frozen=True)
class CleanedAttachment:
    """An appended PDF from which active content was removed."""

    label: str
    filename: str
    #: what was removed, in words (e.g. "JavaScript", "启动外部程序的动作")
    removed: list[str]

    def message(self) -> str:
        return f"附件《{self.filename}》已移除：{'、'.join(self.removed)}"


@dataclass
class PacketResult:
    form: str
    form_pages: int
    total_pages: int
    appendix: list[AppendixEntry]
    #: the appended attachments that had active content removed (in the index's order)
    cleaned: list[CleanedAttachment] = field(default_factory=list)
    #: the documents printed from the ledger and appended after the index (定级报告, 专家评审意见表)
    generated: list[str] = field(default_factory=list)

    @property
    def appended(self) -> list[AppendixEntry]:
        return [e for e in self.appendix if e.appended]

    @property
    def skipped(self) -> list[AppendixEntry]:
        return [e for e in self.appendix if not e.appended]

    def warnings(self) -> list[str]:
        """One line per attachment whose active content was removed or that was left out for it."""
        lines = [c.message() for c in self.cleaned]
        lines += [
            f"附件《{e.attachment.filename}》含无法清除的活动内容，未附入"
            for e in self.skipped
            if e.note == UNCLEANABLE_NOTE
        ]
        return lines


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
    """Write the whole packet as one PDF to ``out``: the form, the materials index, the 定级报告 and the
    专家评审意见表 printed from the ledger (where no signed file is attached), then the attached PDFs.

    The template: ``form`` if given, else the one chosen for the data (:func:`preflight.choose_form`,
    by date and rule), else chosen now."""
    version = normalise_form(form or data.form or choose_form(data, date.today())[0])
    data.form = version
    st = styles(body_size=14)
    width = frame_width(FORM_MARGINS)
    entries = inspect_appendix(data.appendix)
    cleaned = clean_appendix(entries)
    generated = _generated_documents(data)
    story: list[Flowable] = []
    if version == "2025":
        story += cover(data, st, width, ["网络安全等级保护", "备案表"])
        story += filing_2025.tables(data, st, width)
    else:
        story += cover(data, st, width, ["信息系统安全等级保护", "备案表"], seal=True)
        story += filing_1_0.tables(data, st, width)
    story.append(PageBreak())
    index_rows = [(label, name, f"本程序按台账生成，共{len(PdfReader(io.BytesIO(pdf)).pages)}页")
                  for label, name, pdf in generated]
    story += materials_index(data, entries, st, width, generated=index_rows)

    title = f"{data.unit.name}-{data.obj.name}-网络安全等级保护备案表"
    form_pdf = io.BytesIO()
    form_pages = build_pdf(
        story, form_pdf, title=title, margins=FORM_MARGINS, start="cover", cover_footer=COVER_FOOTER
    )

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(form_pdf.getvalue())))
    total = form_pages
    for label, _name, pdf in generated:
        reader = PdfReader(io.BytesIO(pdf))
        writer.append(reader, outline_item=label)
        total += len(reader.pages)
    for entry in entries:
        if entry.reader is None:
            continue
        writer.append(entry.reader, outline_item=f"附件：{entry.label}")
        total += entry.pages
    # a last pass over the whole packet (the attachments were cleaned one by one above)
    scrub_writer(writer)
    writer.add_metadata({"/Title": title, "/Producer": APP_CREATOR})
    if isinstance(out, str | Path):
        with open(out, "wb") as fh:
            writer.write(fh)
    else:
        writer.write(out)
    return PacketResult(version, form_pages, total, entries, cleaned, [g[0] for g in generated])


def _generated_documents(data: FilingPacketData) -> list[tuple[str, str, bytes]]:
    """(label, name on the form, PDF) of the 定级报告 and the 专家评审意见表 the program prints from the
    ledger, for those not attached as signed files."""
    names = grading_documents(data)
    g = data.grading
    out: list[tuple[str, str, bytes]] = []
    if g is not None and g.report_attachment is None and names["report"]:
        buf = io.BytesIO()
        render_grading_report(GradingReportData(unit=data.unit, obj=data.obj, grading=g), buf)
        out.append(("定级报告", names["report"], buf.getvalue()))
    review = data.expert_review
    if review is not None and review.attachment is None:
        buf = io.BytesIO()
        render_expert_review(review, buf)
        out.append(("专家评审意见表", names["review"], buf.getvalue()))
    return out


def clean_appendix(entries: list[AppendixEntry]) -> list[CleanedAttachment]:
    """Replace each readable PDF by its cleaned copy; leave out (and say so) one that cannot be cleaned."""
    cleaned: list[CleanedAttachment] = []
    for entry in entries:
        if entry.reader is None:
            continue
        try:
            result = sanitize_pdf(entry.reader)
        except UncleanablePdf as exc:
            entry.reader, entry.pages, entry.note, entry.error = None, 0, UNCLEANABLE_NOTE, str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on hostile files
            entry.reader, entry.pages, entry.note = None, 0, UNCLEANABLE_NOTE
            entry.error = f"{type(exc).__name__}: {exc}"
            continue
        entry.reader = result.reader
        if result.removed:
            entry.note += CLEANED_NOTE
            cleaned.append(CleanedAttachment(entry.label, entry.attachment.filename, result.removed))
    return cleaned
