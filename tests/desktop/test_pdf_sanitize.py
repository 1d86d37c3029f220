"""Active content in attached PDFs never reaches the filing packet (issue 12, hostile attachments).

The hostile PDFs are built by script (tests/support/hostile/attachments.py). The packet is read back
with pypdf, walking every object in its cross-reference table (not only what the pages reach), and
with poppler's pdftotext: none of the attacks may be left, and each attachment's visible text must.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path

import docs_samples as samples
import pytest
from hostile.attachments import ATTACKS, PAYLOADS, VISIBLE_TEXT, hostile_pdf, uncleanable_pdf
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from desktop.documents.filing_packet import CLEANED_NOTE, UNCLEANABLE_NOTE, render_filing_packet
from desktop.documents.model import AttachmentInfo
from desktop.documents.pdf_sanitize import sanitize_pdf

#: names that mark active content, as keys or values anywhere in a file
ACTIVE = {
    "/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/URI", "/SubmitForm",
    "/ImportData", "/GoToR", "/GoToE", "/XFA", "/AA", "/OpenAction", "/FileAttachment", "/RichMedia",
}


def every_object(reader: PdfReader):
    """Every object the file's cross-reference table lists, and all they contain."""
    size = int(reader.trailer["/Size"])
    stack: list = [reader.trailer]
    for num in range(1, size):
        try:
            obj = reader.get_object(num)
        except Exception:  # noqa: BLE001 - free entries
            continue
        if obj is not None:
            stack.append(obj)
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            continue  # listed above by number
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, DictionaryObject):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def active_names(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {str(o) for o in every_object(reader) if isinstance(o, NameObject) and o in ACTIVE}


def pdftotext(data: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    path = tmp_path / "in.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout


def packet_with(*pdfs: tuple[str, bytes]):
    """The sample packet data with these PDFs as its only attachments."""
    data = samples.filing_packet()
    appendix = [
        (f"材料{n}", AttachmentInfo(900 + n, name, "application/pdf", len(body), "", body))
        for n, (name, body) in enumerate(pdfs, 1)
    ]
    return dataclasses.replace(data, appendix=appendix)


def test_the_hostile_builder_really_carries_every_attack(tmp_path: Path) -> None:
    """Guard for the tests below: the unclean file has all of it, and pdftotext reads its text."""
    raw = hostile_pdf()
    assert {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/URI", "/SubmitForm", "/XFA", "/AA",
            "/OpenAction", "/GoToR", "/ImportData"} <= active_names(raw)
    assert VISIBLE_TEXT in pdftotext(raw, tmp_path)


@pytest.mark.parametrize("attack", ATTACKS)
def test_each_attack_alone_is_removed_and_named(attack: str, tmp_path: Path) -> None:
    raw = hostile_pdf((attack,))
    result = sanitize_pdf(PdfReader(io.BytesIO(raw)))
    out = io.BytesIO()
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(result.reader)
    writer.write(out)
    assert active_names(out.getvalue()) == set()
    assert result.removed, attack
    assert VISIBLE_TEXT in pdftotext(out.getvalue(), tmp_path)


def test_packet_carries_no_active_content_but_the_attachments_text(tmp_path: Path) -> None:
    first = hostile_pdf(("page-js", "open-js", "launch"), text="FIRST ATTACHMENT")
    second = hostile_pdf(("embedded", "file-annot", "uri", "xfa", "doc-js", "outline", "chain"), text="SECOND")
    plain = hostile_pdf((), text="PLAIN ATTACHMENT")
    out = tmp_path / "packet.pdf"
    result = render_filing_packet(packet_with(("a.pdf", first), ("b.pdf", second), ("c.pdf", plain)), out)
    body = out.read_bytes()

    assert active_names(body) == set()
    for payload in PAYLOADS:
        assert payload not in body, payload
    text = pdftotext(body, tmp_path)
    for visible in ("FIRST ATTACHMENT", "SECOND", "PLAIN ATTACHMENT"):
        assert visible in text
    assert [e.attachment.filename for e in result.appended] == ["a.pdf", "b.pdf", "c.pdf"]

    # what was removed, per attachment, in words; the clean one is not mentioned
    messages = [c.message() for c in result.cleaned]
    assert messages == [
        "附件《a.pdf》已移除：JavaScript、启动外部程序的动作",
        "附件《b.pdf》已移除：JavaScript、网址链接、嵌入的文件、XFA动态表单",
    ]
    notes = {e.attachment.filename: e.note for e in result.appendix}
    assert notes["a.pdf"].endswith(CLEANED_NOTE) and CLEANED_NOTE not in notes["c.pdf"]


def test_an_attachment_that_cannot_be_cleaned_is_left_out_and_listed(tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    result = render_filing_packet(
        packet_with(("bad.pdf", uncleanable_pdf()), ("ok.pdf", hostile_pdf((), text="GOOD"))), out
    )
    assert [e.attachment.filename for e in result.skipped] == ["bad.pdf"]
    assert result.skipped[0].note == UNCLEANABLE_NOTE
    assert result.warnings() == ["附件《bad.pdf》含无法清除的活动内容，未附入"]
    text = pdftotext(out.read_bytes(), tmp_path)
    assert "UNCLEANABLE" not in text and "GOOD" in text
    assert active_names(out.read_bytes()) == set()


def test_cli_print_filing_names_what_it_removed(tmp_path: Path, capsys) -> None:
    from hostile.attachments import attach_to_demo_filing

    from desktop.cli import main

    ledger = tmp_path / "L.db"
    assert main(["--db", str(ledger), "--no-encryption", "demo"]) == 0
    pdf = tmp_path / "定级报告附件.pdf"
    pdf.write_bytes(hostile_pdf(("page-js", "launch")))
    attach_to_demo_filing(ledger, pdf)
    capsys.readouterr()
    out = tmp_path / "备案材料.pdf"
    assert main(["--db", str(ledger), "print", "filing", "--object", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().err
    assert printed.strip() == "注意：附件《定级报告附件.pdf》已移除：JavaScript、启动外部程序的动作"
    assert active_names(out.read_bytes()) == set()
    assert VISIBLE_TEXT in pdftotext(out.read_bytes(), tmp_path)


def test_a_looping_action_chain_is_cleaned_not_followed_forever(tmp_path: Path) -> None:
    from pypdf import PdfWriter
    from pypdf.generic import TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(hostile_pdf((), text="LOOP"))))
    js = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    ref = writer._add_object(js)
    js[NameObject("/Next")] = ref  # the script runs itself again, forever
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): ref})
    buf = io.BytesIO()
    writer.write(buf)
    result = sanitize_pdf(PdfReader(io.BytesIO(buf.getvalue())))
    assert result.removed == ["JavaScript"]
    packet = PdfWriter()
    packet.append(result.reader)  # as the packet does: only what the pages reach is copied
    out = io.BytesIO()
    packet.write(out)
    assert active_names(out.getvalue()) == set()
