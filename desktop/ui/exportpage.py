"""导出与打印: the supervising department's workbooks, documents for one object, and imports with preview
(skip or correct rows before anything is written: :mod:`desktop.ui.importpanel`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services import documents_io, views
from desktop.services.table_export import Cancelled
from desktop.ui import choices, filedialogs
from desktop.ui.errors import show_error
from desktop.ui.importpanel import ImportPanel
from desktop.ui.worker import CancelToken, Database, ProgressGate


class ExportPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        box = QGroupBox(self.tr("导出报表（Excel）"))
        form = QFormLayout(box)
        self.org = QComboBox()
        self.org_choices = choices.long_choices(self.org)
        self.org_choices.set_items([(self.tr("全部单位"), None)])
        form.addRow(self.tr("范围"), self.org)
        self.export_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for kind, text, tip in (
            ("selfcheck", self.tr("摸底自查表…"), self.tr("党政机关、事业单位网站摸底自查表（按通知附件格式）")),
            ("summary", self.tr("开办情况汇总表…"), self.tr("党政机关、事业单位网站开办情况汇总表")),
            ("worksummary", self.tr("等保工作汇总表…"), self.tr("每个定级对象一行：等级、备案、测评、问题、到期日")),
            ("ledger", self.tr("整改台账…"), self.tr("每个问题一行，含整改措施和证明材料")),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, k=kind, t=text: self.export(k, t.rstrip("…")))
            row.addWidget(b)
            self.export_buttons[kind] = b
        row.addStretch(1)
        form.addRow(row)
        self.export_status = QLabel()
        self.export_status.setWordWrap(True)
        form.addRow(self.export_status)
        layout.addWidget(box)

        pbox = QGroupBox(self.tr("打印文书（先预览）"))
        pform = QFormLayout(pbox)
        self.obj = QComboBox()
        self.obj_choices = choices.long_choices(self.obj)
        pform.addRow(self.tr("定级对象"), self.obj)
        prow = QHBoxLayout()
        for kind, text in (("filing", self.tr("备案材料…")), ("grading", self.tr("定级报告…")),
                           ("rectification", self.tr("整改报告…"))):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, k=kind, t=text: self.print_doc(k, t.rstrip("…")))
            prow.addWidget(b)
        prow.addStretch(1)
        pform.addRow(prow)
        layout.addWidget(pbox)

        ibox = QGroupBox(self.tr("导入下级单位报送的表格"))
        il = QVBoxLayout(ibox)
        # preview with 跳过 / inline corrections; nothing is written before 确认导入 (desktop.ui.importpanel)
        self.importer = ImportPanel(db)
        self.importer.setMinimumHeight(self.fontMetrics().lineSpacing() * 16)
        il.addWidget(self.importer, 1)
        layout.addWidget(ibox, 1)
        # the names the tests and the benchmark use
        self.import_kind = self.importer.kind
        self.choose_button = self.importer.choose_button
        self.apply_button = self.importer.apply_button
        self.preview = self.importer
        self.loaded = False

        def reload_if_loaded() -> None:
            if self.loaded:
                self._load_choices()

        self.db.ledger_changed.connect(reload_if_loaded)

    def activate(self) -> None:
        if not self.loaded:
            self.loaded = True
            self._load_choices()

    def _load_choices(self) -> None:
        self.db.call(views.export_choices, on_done=self._fill, owner=self)

    def _fill(self, found: tuple[list[tuple[int, str]], list[tuple[int, str]]]) -> None:
        orgs, objs = found
        choices.refill(self.org, self.org_choices, [(self.tr("全部单位"), None), *((n, i) for i, n in orgs)])
        choices.refill(self.obj, self.obj_choices, [(n, i) for i, n in objs])

    # ---- exports -------------------------------------------------------------------------------

    def export(self, kind: str, title: str) -> None:
        path = filedialogs.save_file(
            self, self.tr("导出%1").replace("%1", title),
            f"{title}-{date.today():%Y%m%d}.xlsx", self.tr("Excel 工作簿 (*.xlsx)"), purpose="export",
        )
        if path:
            self.export_to(kind, title, path)

    def export_to(self, kind: str, title: str, path: str) -> None:
        token = CancelToken()
        gate = ProgressGate(self, self.tr("正在导出%1…").replace("%1", title), token)
        for b in self.export_buttons.values():
            b.setEnabled(False)

        def finish() -> None:
            gate.finish()
            for b in self.export_buttons.values():
                b.setEnabled(True)

        def done(n: int) -> None:
            finish()
            self.export_status.setText(self.tr("已导出“%1”：%2 行，保存在 %3").replace("%1", title)
                                       .replace("%2", str(n)).replace("%3", path))

        def failed(exc: BaseException, tb: str) -> None:
            finish()
            if isinstance(exc, Cancelled):
                self.export_status.setText(self.tr("导出已取消。"))
            else:
                show_error(exc, tb, self)

        # a child process reads the ledger and writes the file: the window keeps painting
        # overwrite: the save dialog has asked before replacing a file (the writer still refuses the
        # ledger, its companion files and any file that is not a workbook)
        self.db.run_job(documents_io.export_workbook, kind, path, overwrite=True,
                        org_id=self.org.currentData(), token=token, on_done=done, on_error=failed, owner=self)

    def print_doc(self, kind: str, title: str) -> None:
        oid = self.obj.currentData()
        if oid is None:
            return
        from desktop.ui.printing import preview_document

        preview_document(self, self.db, kind, oid, f"{self.obj.currentText()}-{title}")

    # ---- imports -------------------------------------------------------------------------------

    def choose_import(self) -> None:
        self.importer.choose()

    def check_import(self, path: str) -> None:
        self.importer.check(path)

    def apply_import(self) -> None:
        self.importer.apply()


__all__ = ["ExportPage"]
