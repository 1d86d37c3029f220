"""The 历史 tab: the audit trail of one record, newest first."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop.services import views
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database


def _value(text: Any) -> str:
    """A stored audit value (JSON) as one line of text (the whole-ledger 审计 page shows them raw)."""
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return str(text)
    if isinstance(value, dict):
        return "；".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return "" if value is None else str(value)


class HistoryView(QWidget):
    def __init__(self, db: Database, entity: str, record_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.entity = entity
        self.record_id = record_id
        layout = QVBoxLayout(self)
        self.note = QLabel(self.tr("每一次修改都记录在防篡改的审计链中（谁、何时、原值、新值）。"))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = RowsModel(
            ["at", "actor", "action", "record", "field", "old_value", "new_value"],
            parent=self,
            titles={"at": self.tr("时间"), "actor": self.tr("操作人"), "action": self.tr("操作"),
                    "record": self.tr("记录"), "field": self.tr("字段"), "old_value": self.tr("原值"),
                    "new_value": self.tr("新值")},
            formatters={"at": lambda v: v.strftime("%Y-%m-%d %H:%M") if v else ""},
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view)
        self.empty = QLabel(self.tr("还没有修改记录。"))
        self.empty.hide()
        layout.addWidget(self.empty)
        self.loaded = False

    def load(self, record_id: int | None = None) -> None:
        if record_id is not None:
            self.record_id = record_id
        if self.record_id is None:
            return
        self.db.call(views.readable_history, self.entity, self.record_id, on_done=self._show, owner=self)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        self.empty.setVisible(not rows)
        for col in (5, 6):
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), self.fontMetrics().horizontalAdvance("中") * 22))
        self.loaded = True
