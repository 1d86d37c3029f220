"""Word (.docx) output: the same documents as the PDFs, as editable Word files (python-docx).

A document's content is built once: its renderer assembles a reportlab story (paragraphs with their
styles, ruled tables with merged cells and widths, tick-box rows, page breaks, keep-together groups)
and hands it to :func:`desktop.documents.pdf_base.build_pdf`. :func:`word_document` runs the same
renderer under :func:`pdf_base.capture_builds`, takes the story it built and writes it with
:mod:`desktop.documents.word_story` into a Word file instead: no second copy of any form.

What the Word file carries (what WPS and Word need to show a form as printed):

- A4 pages with the PDF's margins (GB/T 9704 for reports); a cover in its own section without a page
  number, the 公安部监制 line in its footer; "第 X 页 共 Y 页" as PAGE / SECTIONPAGES fields;
- fonts by role with the East Asian font set: 方正小标宋简体 (titles), 黑体 (headings), 仿宋 (body), 宋体
  (tables); the font table names the bundled Noto fonts as each one's alternative;
- tables as Word tables with a fixed layout, explicit widths on the grid and on every cell (WPS ignores
  table-only widths), merged cells where the form merges them, header rows repeated, form rows kept
  whole;
- tick boxes as the characters ☑/☐, which stay editable text.

Attached PDFs (the packet's appended materials) cannot become Word content: the materials index lists
them, as in the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from desktop.documents.pdf_base import BuiltDocument, capture_builds
from desktop.documents.word_story import write_word

#: Word's MIME type, for the window's save dialog and the command line's messages
DOCX_SUFFIX = ".docx"


def captured_builds(render: Callable[[Any, BinaryIO], Any], data: Any) -> list[BuiltDocument]:
    """Run a PDF renderer on ``data`` (into memory) and return the documents it built, in order."""
    with capture_builds() as builds:
        render(data, io.BytesIO())
    return builds


def main_build(builds: list[BuiltDocument]) -> BuiltDocument:
    """The document a renderer printed for itself: the one with a cover (a packet's form) if any, else
    the last one built (documents printed along the way, such as a packet's 定级报告, come first)."""
    if not builds:
        raise ValueError("渲染器没有生成任何文档")
    for b in builds:
        if b.start == "cover":
            return b
    return builds[-1]


def word_document(
    render: Callable[[Any, BinaryIO], Any], data: Any, out: str | Path | BinaryIO
) -> BuiltDocument:
    """Write the Word version of the document ``render`` prints from ``data``; return what was written."""
    build = main_build(captured_builds(render, data))
    write_word(build, out)
    return build
