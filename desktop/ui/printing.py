"""Printing always previews first: QtPdf preview with 打印, 另存为 and 用PDF阅读器打开.

The previewed PDF is a plain copy in this run's private folder (:mod:`desktop.services.private_temp`),
deleted when the program closes; 另存为 copies it through the one writer (:mod:`desktop.services.outputs`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import documents_io, outputs, preflight, private_temp
from desktop.ui import filedialogs, messages
from desktop.ui.errors import show_error
from desktop.ui.preflight_dialog import PreflightDialog
from desktop.ui.worker import CancelToken, Database, ProgressGate, run_in_pool

#: writes the previewed document as a Word file at the given path
WordSaver = Callable[[str], Path]

#: preview dialogs currently open (screenshots and tests look here)
open_previews: list[PdfPreviewDialog] = []


class PdfPreviewDialog(QDialog):
    def __init__(
        self, pdf: Path, title: str, parent: QWidget | None = None, db: Database | None = None,
        word: WordSaver | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.db = db
        #: writes the same document as a Word file (None: this preview has no Word version)
        self.word = word
        self.setWindowTitle(self.tr("打印预览 — %1").replace("%1", title))
        self.document = QPdfDocument(self)
        self.document.load(str(pdf))
        layout = QVBoxLayout(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.pages = QLabel(self.tr("共 %1 页").replace("%1", str(self.document.pageCount())))
        bar.addWidget(self.pages)
        bar.addStretch(1)
        self.print_button = QPushButton(self.tr("打印…"))
        self.print_button.setToolTip(self.tr("选择打印机并打印（Ctrl+P）"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton(self.tr("保存为 PDF…"))
        self.save_button.clicked.connect(self.save_as)
        self.word_button = QPushButton(self.tr("保存为 Word…"))
        self.word_button.setToolTip(self.tr("保存为可在 WPS、Word 中编辑的 .docx 文件"))
        self.word_button.clicked.connect(self.save_word)
        self.word_button.setVisible(word is not None)
        self.open_button = QPushButton(self.tr("用PDF阅读器打开"))
        self.open_button.clicked.connect(lambda: messages.open_outside(self, self.pdf))
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        for b in (self.print_button, self.save_button, self.word_button, self.open_button, close):
            bar.addWidget(b)
        layout.addLayout(bar)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 50, em * 56)
        open_previews.append(self)
        self.finished.connect(lambda _r: open_previews.remove(self) if self in open_previews else None)

    def save_as(self) -> None:
        target = filedialogs.save_file(self, self.tr("另存为"), self.pdf.name, self.tr("PDF 文件 (*.pdf)"), purpose="pdf")
        if target:
            self.save_to(target)

    def save_word(self) -> None:
        name = self.pdf.with_suffix(".docx").name
        target = filedialogs.save_file(
            self, self.tr("保存为 Word"), name, self.tr("Word 文档 (*.docx)"), purpose="docx"
        )
        if target:
            self.save_word_to(target)

    def save_word_to(self, target: str) -> None:
        """Write the Word version to ``target`` in the pool, then open the folder it went to."""
        if self.word is None:
            return
        word = self.word

        def saved(path: Path) -> None:
            messages.open_outside(self, Path(path).parent)

        run_in_pool(lambda: word(target), saved, lambda exc, tb: show_error(exc, tb, self), owner=self)

    def save_to(self, target: str) -> None:
        """Copy the previewed PDF to ``target`` (the save dialog confirmed replacing a PDF there; the
        ledger, its companion files and any file that is not a PDF are still refused)."""
        if self.db is not None:
            self.db.call(outputs.copy_file, self.pdf, target, owner=self)
            return
        try:
            outputs.copy_file(None, self.pdf, target)
        except Exception as exc:  # noqa: BLE001 - shown to the user like any worker error
            show_error(exc, "", self)

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render every page (or the chosen range) onto ``printer``; return the pages printed."""
        first, last = printer.fromPage(), printer.toPage()
        if first == 0:
            first, last = 1, self.document.pageCount()
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        dpi = printer.resolution()
        printed = 0
        for number in range(first - 1, last):
            if printed:
                printer.newPage()
            size_pt = self.document.pagePointSize(number)
            px = QSize(int(size_pt.width() / 72 * dpi), int(size_pt.height() / 72 * dpi))
            image = self.document.render(number, px)
            target = painter.viewport()
            scaled = px.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            printed += 1
        painter.end()
        return printed


def preview_document(
    parent: QWidget,
    db: Database,
    kind: str,
    object_id: int,
    title: str,
    assessment_id: int | None = None,
    form: str | None = None,
) -> None:
    """Load and check (worker) → the 体检 list (when it found anything, and always for a filing packet,
    whose template it offers) → render (pool) → preview.

    Progress appears after 600 ms and can be cancelled. With blocking problems the preview opens only
    after 仍然打印, which is recorded in the ledger (audited) before rendering."""
    token = CancelToken()
    label = QCoreApplication.translate("Printing", "正在生成“%1”…").replace("%1", title)
    # the progress gate: one while checking, a new one while rendering after the 体检 list
    gates: list[ProgressGate] = [ProgressGate(parent, label, token)]
    #: the checked document data, kept for 保存为 Word
    rendered_data: dict[str, Any] = {}

    def finish() -> None:
        while gates:
            gates.pop().finish()

    def failed(exc: BaseException, tb: str) -> None:
        finish()
        if not token():
            show_error(exc, tb, parent)

    def rendered(path: Path) -> None:
        finish()
        if token():
            return
        data = rendered_data.get("data")
        word = None
        if data is not None:
            def word(target: str) -> Path:
                return documents_io.save_word(db.ledger, kind, data, target)
        dlg = PdfPreviewDialog(path, title, parent, db, word)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    def render(checked: Any) -> None:
        if not gates:
            gates.append(ProgressGate(parent, label, token))
        out = private_temp.new_path(f"{title}.pdf")  # a safe name in this run's private folder
        rendered_data["data"] = checked.data
        run_in_pool(lambda: documents_io.render_document(kind, checked.data, out), rendered, failed, owner=parent)

    def checked_(checked: Any) -> None:
        if token():
            finish()
            return
        if not checked.problems and kind != "filing":
            render(checked)
            return
        # a packet always shows the list (even empty): its 备案表 template can be changed there
        finish()
        dlg = PreflightDialog(checked, title, parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_checks.append(dlg)
        dlg.finished.connect(lambda _r: open_checks.remove(dlg) if dlg in open_checks else None)

        def again(new_form: str) -> None:
            dlg.reject()
            preview_document(parent, db, kind, object_id, title, assessment_id, new_form)

        def accepted() -> None:
            if dlg.forced:
                # recorded (audited) before anything is rendered
                db.write(preflight.record_override, checked, None, on_done=lambda _id: render(checked),
                         on_error=failed, owner=parent)
            else:
                render(checked)

        dlg.form_changed.connect(again)
        dlg.accepted.connect(accepted)
        dlg.open()

    db.call(preflight.load_checked, kind, object_id, assessment_id=assessment_id, form=form, on_done=checked_,
            on_error=failed, owner=parent)


#: 体检 dialogs currently open (screenshots and tests look here)
open_checks: list[PreflightDialog] = []


__all__ = ["PdfPreviewDialog", "PreflightDialog", "preview_document"]
