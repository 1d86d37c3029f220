"""The 附件 tab: drop files onto a record, open them, see their SHA-256 and size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import attachments as svc
from desktop.services import views
from desktop.ui import filedialogs, messages, settings, theme
from desktop.ui.errors import show_error
from desktop.ui.models import RowsModel
from desktop.ui.windowfit import FlowLayout
from desktop.ui.worker import Database


class AttachmentsView(QWidget):
    """Attachments of one or more records; files dropped here belong to ``target``."""

    added = Signal(int)

    def __init__(
        self, db: Database, entity: str, entity_id: int | None, parent: QWidget | None = None,
        *, also: list[tuple[str, list[int]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.entity = entity
        self.entity_id = entity_id
        self.also = also or []
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        self.hint = QLabel(self.tr("把文件拖到这里即可添加为附件（文件保存在台账中，并记录 SHA-256 校验值）。"))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = RowsModel(
            ["filename", "size", "sha256", "created_at"],
            parent=self,
            formatters={
                "size": lambda v: svc.human_size(int(v or 0)),
                "created_at": lambda v: v.strftime("%Y-%m-%d %H:%M") if v else "",
            },
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.view, 1)
        buttons = FlowLayout()  # wraps in a narrow window
        self.add_button = QPushButton(self.tr("添加文件…"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setToolTip(self.tr("用系统中关联的程序打开所选附件"))
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(self.tr("另存为…"))
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.open_button, self.save_button, self.delete_button):
            buttons.addWidget(b)
        self.status = QLabel()
        buttons.addWidget(self.status)
        layout.addLayout(buttons)
        self.db.ledger_changed.connect(self.reload)

    def set_target(self, entity_id: int | None, also: list[tuple[str, list[int]]] | None = None) -> None:
        self.entity_id = entity_id
        if also is not None:
            self.also = also
        self.reload()

    def reload(self) -> None:
        if self.entity_id is None:
            self.model.set_rows([])
            return
        targets = [(self.entity, [self.entity_id]), *self.also]
        self.db.call(views.attachments, targets, on_done=self._show, owner=self)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnToContents(0)
        self.view.resizeColumnToContents(1)

    # ---- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and self.entity_id is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def choose_files(self) -> None:
        paths = filedialogs.open_files(self, self.tr("选择要添加的文件"), purpose="attachments")
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        if self.entity_id is None:
            return
        max_mb = int(settings.get("attachments/max_mb"))
        for path in paths:
            try:
                svc.check_size(Path(path), max_mb)
            except Exception as exc:  # noqa: BLE001 - shown to the user
                self._message(str(getattr(exc, "message", exc)), error=True)
                show_error(exc, "", self)
                continue
            self.status.setText(self.tr("正在添加 %1…").replace("%1", Path(path).name))
            self.db.write(
                svc.add_file, self.entity, self.entity_id, path, max_mb=max_mb,
                on_done=self._added, owner=self,
            )

    def _added(self, info: svc.AttachmentInfo) -> None:
        self._message(self.tr("已添加 %1（%2）").replace("%1", info.filename).replace("%2", svc.human_size(info.size)))
        self.added.emit(info.id)

    def _message(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};" if error else "")

    def selected_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.row_dict(idx.row())["id"] if idx.isValid() else None

    def open_selected(self) -> None:
        att = self.selected_id()
        if att is None:
            return
        self.db.call(
            svc.export_to_temp, att, on_done=lambda path: messages.open_outside(self, path), owner=self,
        )

    def save_selected(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        row = self.model.row_dict(idx.row())
        target = filedialogs.save_file(self, self.tr("附件另存为"), row["filename"], purpose="attachments")
        if target:
            # the save dialog asked before replacing a file; the writer still refuses the ledger, its
            # companion files and a file of another type
            self.db.call(svc.save_as, row["id"], target, overwrite=True, owner=self)

    def delete_selected(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        row = self.model.row_dict(idx.row())
        if messages.ask(self, self.tr("删除附件"), self.tr("确定删除附件“%1”吗？").replace("%1", row["filename"])):
            self.db.write(svc.delete, row["id"], owner=self)

