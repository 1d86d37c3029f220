"""设置 → 节假日安排: where each year's working days come from, and entering or importing a year's
State Council schedule (the same TOML file ``dengbao-cli calendar import`` reads)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import calendar
from desktop.ui import filedialogs, messages
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database

ORIGINS = {"builtin": "程序内置（chinese-calendar）", "ledger": "已录入", "missing": "未录入，按周一至周五估算"}


def template(year: int) -> str:
    """A blank calendar for ``year`` to fill in from the State Council's notice."""
    return (
        'kind = "holidays"\n'
        f"year = {year}\n"
        f'source = "国务院办公厅关于{year}年部分节假日安排的通知"\n'
        f"published = {date.today().isoformat()}\n"
        "# 放假的日期（含周末在内的全部放假日），逗号分隔，如 " + f"{year}-01-01\n"
        "holidays = []\n"
        "# 调休上班的周末日期\n"
        "workdays = []\n"
    )


class HolidaysPanel(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "程序内置的节假日数据只到有数据的年份。国务院公布下一年的节假日安排后，请在这里录入或导入；"
            "录入前，该年以工作日计算的期限按周一至周五估算，录入后自动重新计算。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = RowsModel(["year", "origin", "source", "published"], parent=self,
                               formatters={"origin": lambda v: ORIGINS.get(v, v), "published": lambda v: v or ""})
        self.model.titles = {"year": self.tr("年份"), "origin": self.tr("来源"), "source": self.tr("发文"),
                             "published": self.tr("发布日期")}
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("各年节假日安排"))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(140)
        layout.addWidget(self.table)
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName(self.tr("节假日安排（TOML）"))
        layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存录入的安排(&S)"))
        self.save_button.clicked.connect(self.save_text)
        self.import_button = QPushButton(self.tr("从文件导入(&I)…"))
        self.import_button.clicked.connect(self.import_file)
        for b in (self.save_button, self.import_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        def done(rows: list[calendar.CalendarStatus]) -> None:
            self.model.set_rows([vars(r) for r in rows])
            missing = next((r.year for r in rows if r.origin == "missing"), None)
            if missing is not None and not self.editor.toPlainText().strip():
                self.editor.setPlainText(template(missing))

        self.db.call(calendar.status, on_done=done, owner=self)

    def _saved(self, result: calendar.ImportResult) -> None:
        messages.info(self, self.tr("节假日安排"), self.tr("已保存%1年节假日安排，相关期限已重新计算。")
                      .replace("%1", str(result.year)))
        self.editor.clear()
        self.reload()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        messages.warn(self, self.tr("节假日安排"), str(exc))

    def _store(self, fn: Any, arg: Any) -> None:
        self.db.write(fn, arg, on_done=self._saved, on_error=self._failed, owner=self)

    def save_text(self) -> None:
        try:
            cal = calendar.parse_text(self.editor.toPlainText())
        except calendar.CalendarError as exc:
            messages.warn(self, self.tr("节假日安排"), str(exc))
            return
        self._store(calendar.save, cal)

    def import_file(self) -> None:
        path = filedialogs.open_file(self, self.tr("导入节假日安排"), "TOML (*.toml)", purpose="calendar")
        if path:
            self._store(calendar.import_file, path)
