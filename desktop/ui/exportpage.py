"""导出与打印: the supervising department's workbooks, documents for one object, and imports with preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.repo import lists
from desktop.services import documents_io
from desktop.services.table_export import Cancelled
from desktop.ui import theme
from desktop.ui.errors import show_error
from desktop.ui.models import RowsModel
from desktop.ui.worker import CancelToken, Database, ProgressGate


class ImportPreview(QWidget):
    """What an import would create, update and reject — nothing is written until 确认导入."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.models: dict[str, RowsModel] = {}
        titles = {"type": self.tr("类别"), "name": self.tr("名称"), "row": self.tr("行"), "changes": self.tr("变化"),
                  "sheet": self.tr("工作表"), "column": self.tr("列"), "message": self.tr("问题")}
        for key, label, cols in (
            ("created", self.tr("将新增"), ["type", "name", "row", "changes"]),
            ("updated", self.tr("将更新"), ["type", "name", "row", "changes"]),
            ("unchanged", self.tr("无变化"), ["type", "name", "row"]),
            ("errors", self.tr("将拒绝（错误）"), ["sheet", "row", "column", "message"]),
        ):
            model = RowsModel(cols, parent=self, titles=titles)
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setStretchLastSection(True)
            self.models[key] = model
            self.tabs.addTab(view, label)
        layout.addWidget(self.tabs, 1)

    def show_plan(self, plan: Any) -> None:
        def entry(e: Any) -> dict[str, Any]:
            return {
                "type": e.type, "name": e.name, "row": e.row,
                "changes": "；".join(f"{c.field}：{c.old or '（空）'} → {c.new}" for c in e.changes),
            }

        for key in ("created", "updated", "unchanged"):
            self.models[key].set_rows([entry(e) for e in getattr(plan, key)])
        self.models["errors"].set_rows(
            [{"sheet": i.sheet, "row": i.row, "column": i.column, "message": i.message} for i in plan.errors]
        )
        for n, key in enumerate(("created", "updated", "unchanged", "errors")):
            self.tabs.setTabText(n, self.tabs.tabText(n).split("（")[0].split(" (")[0] + f" ({len(getattr(plan, key))})")
        if plan.errors:
            self.tabs.setCurrentIndex(3)
            self.summary.setText(self.tr("文件中有 %1 处问题，整个文件不会导入。请改正后重新选择文件。").replace("%1", str(len(plan.errors))))
            self.summary.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        else:
            self.summary.setText(
                self.tr("检查通过：将新增 %1 条、更新 %2 条、%3 条无变化。确认后一次性写入台账。")
                .replace("%1", str(len(plan.created))).replace("%2", str(len(plan.updated)))
                .replace("%3", str(len(plan.unchanged)))
            )
            self.summary.setStyleSheet("")


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
        self.org.addItem(self.tr("全部单位"), None)
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
        irow = QHBoxLayout()
        self.import_kind = QComboBox()
        self.import_kind.addItem(self.tr("摸底自查表"), "selfcheck")
        self.import_kind.addItem(self.tr("开办情况汇总表"), "summary")
        irow.addWidget(self.import_kind)
        self.choose_button = QPushButton(self.tr("选择文件并检查…"))
        self.choose_button.clicked.connect(self.choose_import)
        irow.addWidget(self.choose_button)
        self.apply_button = QPushButton(self.tr("确认导入"))
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(self.tr("先选择文件并检查；有错误的文件不能导入"))
        self.apply_button.clicked.connect(self.apply_import)
        irow.addWidget(self.apply_button)
        irow.addStretch(1)
        il.addLayout(irow)
        self.preview = ImportPreview()
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        il.addWidget(self.preview, 1)
        layout.addWidget(ibox, 1)
        self._import_path: str | None = None
        self.loaded = False
        self.db.ledger_changed.connect(lambda: self.loaded and self._load_choices())

    def activate(self) -> None:
        if not self.loaded:
            self.loaded = True
            self._load_choices()

    def _load_choices(self) -> None:
        def work(ledger: Any) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
            with ledger.session(write=False) as session:
                return lists.lookup(session, "organizations"), lists.lookup(session, "objects")

        self.db.call(work, on_done=self._fill, owner=self)

    def _fill(self, found: tuple[list[tuple[int, str]], list[tuple[int, str]]]) -> None:
        orgs, objs = found
        for combo, items, blank in ((self.org, orgs, self.tr("全部单位")), (self.obj, objs, None)):
            current = combo.currentData()
            combo.clear()
            if blank:
                combo.addItem(blank, None)
            for i, name in items:
                combo.addItem(name, i)
            combo.setCurrentIndex(max(0, combo.findData(current)))

    # ---- exports -------------------------------------------------------------------------------

    def export(self, kind: str, title: str) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, self.tr("导出%1").replace("%1", title),
            str(Path.home() / f"{title}-{date.today():%Y%m%d}.xlsx"), self.tr("Excel 工作簿 (*.xlsx)"),
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

        self.db.call(documents_io.export_workbook, kind, path, org_id=self.org.currentData(),
                     cancelled=token, progress=lambda d, t: token.report(d, t),
                     on_done=done, on_error=failed, owner=self)

    def print_doc(self, kind: str, title: str) -> None:
        oid = self.obj.currentData()
        if oid is None:
            return
        from desktop.ui.printing import preview_document

        preview_document(self, self.db, kind, oid, f"{self.obj.currentText()}-{title}")

    # ---- imports -------------------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, self.tr("选择要导入的表格"), str(Path.home()),
                                               self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.check_import(path)

    def check_import(self, path: str) -> None:
        from desktop.services import imports

        self._import_path = None
        self.apply_button.setEnabled(False)
        self.preview.summary.setText(self.tr("正在检查 %1…").replace("%1", Path(path).name))
        kind = self.import_kind.currentData()

        def done(result: Any) -> None:
            self.preview.show_plan(result.plan)
            ok = result.plan.ok and result.plan.changes_anything
            self._import_path = path if ok else None
            self.apply_button.setEnabled(ok)

        self.db.call(imports.import_file, path, kind, dry_run=True, on_done=done, owner=self,
                     on_error=lambda e, tb: (self.preview.summary.setText(str(e)), show_error(e, tb, self)))

    def apply_import(self) -> None:
        from desktop.services import imports

        if self._import_path is None:
            return
        path, kind = self._import_path, self.import_kind.currentData()
        self.apply_button.setEnabled(False)

        def done(result: Any) -> None:
            self.preview.show_plan(result.plan)
            self._import_path = None
            self.preview.summary.setText(
                self.tr("已导入：新增 %1 条、更新 %2 条。").replace("%1", str(len(result.plan.created)))
                .replace("%2", str(len(result.plan.updated))) if result.written
                else self.tr("没有写入：文件有错误或没有变化。")
            )

        self.db.write(imports.import_file, path, kind, on_done=done, owner=self)


__all__ = ["ExportPage"]
