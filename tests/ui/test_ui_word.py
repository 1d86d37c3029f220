"""保存为 Word from the print preview: the same document as the previewed PDF, saved as .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def test_preview_saves_the_document_as_word_and_opens_its_folder(qtbot, ledger, tmp_path: Path, monkeypatch) -> None:
    from docx import Document
    from PySide6.QtWidgets import QWidget

    from db.demo.unit import build_demo
    from desktop.ui import messages, printing
    from desktop.ui.worker import Database

    build_demo(ledger)
    opened: list[Path] = []
    # the folder would open in the desktop's file manager: note it instead
    monkeypatch.setattr(messages, "open_outside", lambda _parent, path: opened.append(Path(path)))
    errors: list[BaseException] = []
    db = Database(ledger, lambda exc, _tb: errors.append(exc))
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        printing.preview_document(parent, db, "grading", 1, "定级报告")
        qtbot.waitUntil(lambda: bool(printing.open_previews) or bool(printing.open_checks) or bool(errors),
                        timeout=60000)
        if printing.open_checks:  # the 体检 found something: go on to the preview
            printing.open_checks[-1].accept()
            qtbot.waitUntil(lambda: bool(printing.open_previews) or bool(errors), timeout=60000)
        assert not errors
        dlg = printing.open_previews[-1]
        assert dlg.word_button.isVisibleTo(dlg) and dlg.word_button.text() == "保存为 Word…"
        target = tmp_path / "out" / "定级报告.docx"
        target.parent.mkdir()
        dlg.save_word_to(str(target))
        qtbot.waitUntil(lambda: bool(opened) or bool(errors), timeout=60000)
        assert opened == [target.parent]
        doc = Document(str(target))
        text = "".join(p.text for p in doc.paragraphs)
        assert "定级报告" in text and doc.tables
        dlg.reject()
    finally:
        db.shutdown()
