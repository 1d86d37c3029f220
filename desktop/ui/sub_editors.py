"""Editors with child tables: a unit's contacts and 表六 data categories, a notice's tasks, an incident's reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from db.domain.incidents import REPORT_KINDS
from desktop.services import entities
from desktop.services import records as svc
from desktop.ui import messages
from desktop.ui.editors import EditorDialog, editor_for
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database


class ChildTable(QWidget):
    """Rows of a child entity: 添加 and double-click open the child's editor; 删除 removes the selected row."""

    def __init__(
        self,
        db: Database,
        entity: str,
        keys: list[str],
        parent_key: str,
        add_label: str,
        parent: QWidget | None = None,
        *,
        formatters: dict[str, Callable[[Any], str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.entity = entity
        self.parent_key = parent_key
        self.parent_id: int | None = None
        self.on_change: Callable[[], None] = lambda: None
        layout = QVBoxLayout(self)
        self.model = RowsModel(keys, parent=self, formatters=formatters)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda idx: self.edit(idx.row()))
        layout.addWidget(self.view)
        bar = QHBoxLayout()
        self.add_button = QPushButton(add_label)
        self.add_button.clicked.connect(self.add)
        self.add_button.setEnabled(False)
        bar.addWidget(self.add_button)
        self.delete_button: QPushButton | None = None
        if entity in entities.DELETABLE:
            self.delete_button = QPushButton(self.tr("删除所选…"))
            self.delete_button.setToolTip(self.tr("删除所选的一行（记入审计记录，不能撤销）"))
            self.delete_button.setEnabled(False)
            self.delete_button.clicked.connect(self.delete_selected)
            bar.addWidget(self.delete_button)
            self.view.selectionModel().selectionChanged.connect(
                lambda *_a: self.delete_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
                if self.delete_button is not None else None
            )
        bar.addStretch(1)
        layout.addLayout(bar)
        #: what the last refused deletion said (tests read it)
        self.last_refusal = ""

    def set_rows(self, parent_id: int | None, rows: list[dict[str, Any]]) -> None:
        self.parent_id = parent_id
        self.add_button.setEnabled(parent_id is not None)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()

    def add(self) -> None:
        if self.parent_id is None:
            return
        dlg = editor_for(self.db, self.entity, None, self, defaults={self.parent_key: self.parent_id})
        dlg.saved.connect(lambda _i: self.on_change())
        dlg.open()

    def edit(self, row: int) -> None:
        rid = self.model.row_dict(row)["id"]
        dlg = editor_for(self.db, self.entity, rid, self)
        dlg.saved.connect(lambda _i: self.on_change())
        dlg.deleted.connect(lambda _i: self.on_change())
        dlg.open()

    def delete_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_dict(rows[0].row())
        name = str(row.get("name") or row.get("text") or row.get("action") or "").splitlines()
        label = f"“{name[0][:40]}”" if name and name[0] else ""
        if not messages.ask(self, self.tr("删除"), self.tr("确定删除%1吗？\n删除会记入审计记录，不能撤销。").replace("%1", label)):
            return

        def failed(exc: BaseException, _tb: str) -> None:
            self.last_refusal = str(getattr(exc, "message", None) or exc)
            messages.warn(self, self.tr("不能删除"), self.last_refusal)

        self.db.write(svc.delete, self.entity, row["id"], on_done=lambda _r: self.on_change(),
                      on_error=failed, owner=self)


class OrganizationDialog(EditorDialog):
    def extra_tabs(self) -> None:
        self.contacts = ChildTable(
            self.db, "contacts", ["name", "title", "role", "office_phone", "mobile", "email"],
            "organization_id", self.tr("添加联系人…"),
        )
        self.contacts.model.titles = {
            "name": self.tr("姓名"), "title": self.tr("职务"), "role": self.tr("角色"),
            "office_phone": self.tr("办公电话"), "mobile": self.tr("移动电话"), "email": self.tr("电子邮件"),
        }
        self.contacts.on_change = self.load
        self.tabs.insertTab(1, self.contacts, self.tr("联系人"))
        self.data_categories = ChildTable(
            self.db, "data_categories", ["name", "category", "data_level", "responsible_dept", "object_name"],
            "organization_id", self.tr("添加数据类别…"),
            formatters={
                "data_level": lambda v: {"1": self.tr("一般数据"), "2": self.tr("重要及以上数据")}.get(v or "", ""),
                "object_name": lambda v: v or self.tr("（全单位）"),
            },
        )
        self.data_categories.model.titles = {
            "name": self.tr("数据名称"), "category": self.tr("数据类别"), "data_level": self.tr("拟定级别"),
            "responsible_dept": self.tr("责任部门"), "object_name": self.tr("关联对象"),
        }
        self.data_categories.on_change = self.load
        self.tabs.insertTab(2, self.data_categories, self.tr("数据摸底（表六）"))

    def after_load(self, record: dict[str, Any]) -> None:
        self.contacts.set_rows(self.record_id, record.get("contacts", []))
        self.data_categories.set_rows(self.record_id, record.get("data_categories", []))


class NoticeDialog(EditorDialog):
    def extra_tabs(self) -> None:
        self.tasks = ChildTable(
            self.db, "notice_tasks", ["text", "due_on", "assignee", "done_on", "status"], "notice_id",
            self.tr("添加任务…"),
            formatters={"status": _label("TaskStatus")},
        )
        self.tasks.on_change = self.load
        self.tabs.insertTab(1, self.tasks, self.tr("任务"))

    def after_load(self, record: dict[str, Any]) -> None:
        self.tasks.set_rows(self.record_id, record.get("tasks", []))


class IncidentDialog(EditorDialog):
    def extra_tabs(self) -> None:
        self.reports = ChildTable(
            self.db, "incident_reports", ["reported_at", "kind", "reported_to", "method", "reported_by"],
            "incident_id", self.tr("登记报告…"),
            formatters={"reported_at": lambda v: v.strftime("%Y-%m-%d %H:%M") if v else "",
                        "kind": lambda v: dict(REPORT_KINDS).get(v or "initial", v or "")},
        )
        self.reports.model.titles = {
            "reported_at": self.tr("报告时间"), "kind": self.tr("报告类型"), "reported_to": self.tr("报告对象"),
            "method": self.tr("方式"), "reported_by": self.tr("报告人"),
        }
        self.reports.on_change = self.load
        self.tabs.insertTab(1, self.reports, self.tr("报告记录"))
        # computed dates (报告时限, 处置总结报告) above the tabs
        from PySide6.QtWidgets import QBoxLayout, QLabel

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        self.due_label.setAccessibleName(self.tr("报告时限"))
        layout = self.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(0, self.due_label)

    def after_load(self, record: dict[str, Any]) -> None:
        self.reports.set_rows(self.record_id, record.get("reports", []))
        if self.record_id is not None:
            from desktop.services.incident_dates import incident_dates_text

            self.db.call(incident_dates_text, self.record_id, on_done=self.due_label.setText, owner=self)


def _label(enum_name: str) -> Callable[[Any], str]:
    from db.domain import enums

    enum = getattr(enums, enum_name)

    def fmt(value: Any) -> str:
        try:
            label: str = enum(value).label
            return label
        except ValueError:
            return str(value or "")

    return fmt
