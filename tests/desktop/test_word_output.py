"""Word output checked by independent readers: python-docx reads the structure back, LibreOffice prints
each file to PDF, and pdftotext compares its text with the program's own PDF of the same document."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docs_samples as ds
import pytest
from docx import Document
from docx.oxml.ns import qn
from reportlab.platypus import KeepTogether, Table

from desktop.documents.filing_packet import render_filing_packet
from desktop.documents.grading_report import render_grading_report
from desktop.documents.pdf_base import FORM_MARGINS, REPORT_MARGINS
from desktop.documents.rectification_report import render_rectification_report
from desktop.documents.word import captured_builds, main_build, word_document
from desktop.documents.word_story import ROLE_FONTS

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"


def _filing(version: str) -> Callable[[Any, Any], Any]:
    return lambda data, out: render_filing_packet(data, out, form=version)


DOCUMENTS: dict[str, tuple[Callable[[Any, Any], Any], Callable[[], Any], Any]] = {
    "rectification": (render_rectification_report, lambda: ds.rectification(8), REPORT_MARGINS),
    "grading": (render_grading_report, ds.grading_report, REPORT_MARGINS),
    "filing2025": (_filing("2025"), lambda: ds.filing_packet("2025"), FORM_MARGINS),
    "filing1.0": (_filing("1.0"), lambda: ds.filing_packet("1.0"), FORM_MARGINS),
}


def _top_tables(story: list[Any]) -> int:
    n = 0
    for f in story:
        if isinstance(f, KeepTogether):
            n += _top_tables(f._content)
        elif isinstance(f, Table):
            n += 1
    return n


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_word_structure_read_back(name: str, tmp_path: Path) -> None:
    render, make, margins = DOCUMENTS[name]
    out = tmp_path / f"{name}.docx"
    build = word_document(render, make(), out)
    doc = Document(str(out))

    # one Word table per table of the printed form, each with a fixed grid and a width on every cell
    assert len(doc.tables) == _top_tables(build.story) > 0
    body = doc.element.body
    for tbl in body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        assert grid is not None and all(int(c.get(qn("w:w"))) > 0 for c in grid.findall(qn("w:gridCol")))
        layout = tbl.find(qn("w:tblPr")).find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"
        for tc in tbl.iter(qn("w:tc")):
            width = tc.find(qn("w:tcPr")).find(qn("w:tcW"))
            assert width is not None and int(width.get(qn("w:w"))) > 0, "a cell without its width (WPS)"
    merges = list(body.iter(qn("w:gridSpan"))) + list(body.iter(qn("w:vMerge")))
    assert merges, "the form's merged cells are missing"

    # A4 with the PDF's margins
    for section in doc.sections:
        assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
        assert abs(section.left_margin.pt - margins.left) < 0.5 and abs(section.top_margin.pt - margins.top) < 0.5

    # fonts by role with the East Asian font set, and page numbers as fields
    east = {f.get(qn("w:eastAsia")) for f in body.iter(qn("w:rFonts"))}
    assert east and east <= set(ROLE_FONTS.values())
    footers = "".join(s.footer._element.xml for s in doc.sections)
    assert "PAGE" in footers and ("NUMPAGES" in footers or "SECTIONPAGES" in footers)
    text = "\n".join(p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    if name.startswith("filing"):
        assert "☑" in text and "☐" in text  # tick boxes stay editable characters


def test_the_same_story_feeds_both_renderers() -> None:
    """Word output runs the PDF renderer itself: the story it writes is the one the PDF was built from."""
    render, make, _m = DOCUMENTS["filing2025"]
    builds = captured_builds(render, make())
    main = main_build(builds)
    assert main.start == "cover" and main.cover_footer
    # documents a packet prints along the way (定级报告, 专家评审意见表) are their own Word files
    assert all(b.start != "cover" for b in builds if b is not main)


def _lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        s = re.sub(r"\s+", "", line).replace("☑", "").replace("☐", "")
        if s and not re.fullmatch(r"第\d+页共\d+页", s):
            out.append(s)
    return out


def _pdftext(pdf: Path, last: int | None = None) -> str:
    args = ["pdftotext", "-raw", *(["-l", str(last)] if last else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_libreoffice_prints_the_same_fields_in_the_same_order(tmp_path: Path) -> None:
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if tool is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils not installed")
    own: dict[str, Path] = {}
    pages: dict[str, int | None] = {}
    files = []
    for name, (render, make, _m) in DOCUMENTS.items():
        own[name] = tmp_path / f"{name}.own.pdf"
        result = render(make(), own[name])
        pages[name] = getattr(result, "form_pages", None)  # a packet: the form, not the appended files
        files.append(tmp_path / f"{name}.docx")
        word_document(render, make(), files[-1])
    home = tmp_path / "home"
    (home / ".fonts").mkdir(parents=True)
    for font in FONTS.glob("*.ttf"):
        shutil.copy(font, home / ".fonts" / font.name)
    # a plain document python-docx writes by itself: if LibreOffice cannot print even that, Writer is missing
    control = Document()
    control.add_paragraph("对照")
    control.save(str(tmp_path / "control.docx"))
    done = subprocess.run(
        [tool, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(tmp_path / "control.docx"),
         *map(str, files)],
        env={**os.environ, "HOME": str(home)}, capture_output=True, timeout=600,
    )
    assert done.returncode == 0
    if not (tmp_path / "lo" / "control.pdf").is_file():
        pytest.skip("LibreOffice Writer is not installed (apt-get install libreoffice-writer-nogui)")
    for name in DOCUMENTS:
        converted = tmp_path / "lo" / f"{name}.pdf"
        assert converted.is_file(), f"LibreOffice could not open {name}.docx"
        mine = "".join(_lines(_pdftext(own[name], pages[name])))
        word = "".join(_lines(_pdftext(converted)))
        matcher = difflib.SequenceMatcher(None, mine, word, autojunk=False)
        matched = sum(b.size for b in matcher.get_matching_blocks())
        # every label and value, in order: all but a few characters that line breaks put elsewhere
        assert matched / len(mine) >= 0.98, f"{name}: {matched}/{len(mine)} characters in order"


def test_every_document_of_the_demo_ledger_saves_as_word(demo_ledger, tmp_path: Path) -> None:
    """print filing|grading|review|rectification --format docx for every object that has the document."""
    import sqlalchemy as sa
    from demo_day import DEMO_TODAY

    from db.models import ProtectedObject
    from desktop.services import document_data as dd
    from desktop.services import preflight
    from desktop.services.documents_io import DOCUMENTS, save_word

    with demo_ledger.session(write=False) as s:
        ids = s.scalars(sa.select(ProtectedObject.id).order_by(ProtectedObject.id)).all()
    written = dict.fromkeys(DOCUMENTS, 0)
    for oid in ids:
        for kind in DOCUMENTS:
            try:
                checked = preflight.load_checked(demo_ledger, kind, oid, today=DEMO_TODAY)
            except dd.DocumentDataError:
                continue  # no such document for this object (no grading, review or test): the PDF says so too
            out = tmp_path / f"{kind}-{oid}.docx"
            save_word(demo_ledger, kind, checked.data, out)
            doc = Document(str(out))
            assert doc.tables, (kind, oid)
            written[kind] += 1
    assert all(written.values()), written
