"""设置 → 审计记录: every change of the ledger, newest first, with filters and a chain check.

:class:`AuditModel` holds only the number of matching events and the pages the view has asked for
(fetched through :mod:`desktop.services.views` on the database worker), so a ledger with half a million
events opens at once. 校验审计链 runs :func:`desktop.services.views.verify_ledger` on the worker; a broken chain is
reported in red with the first broken event, which is selected (filters cleared) in the list.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import entities, views
from desktop.ui import editor_specs, theme
from desktop.ui.columns import title as column_title
from desktop.ui.errors import show_error
from desktop.ui.forms import DateEdit
from desktop.ui.history import _value
from desktop.ui.worker import CancelToken, Database, ProgressGate

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
CACHE_PAGES = 40
LOADING = "…"
KEYS = ("id", "at", "actor", "action", "entity", "field", "old_value", "new_value")


def local_time(at: datetime | None) -> str:
    """Stored times are UTC; show them in the computer's time zone."""
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def utc_bound(day: date) -> datetime:
    """Local midnight of ``day`` as a naive UTC time (how events are stored)."""
    return datetime.combine(day, dtime()).astimezone().astimezone(UTC).replace(tzinfo=None)


class AuditModel(QAbstractTableModel):
    """Audit events matching a filter, newest first; pages fetched lazily on the worker."""

    counted = Signal(int)
    rows_arrived = Signal()

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = views.AuditFilter()
        self.total = 0
        self.broken_id: int | None = None
        self.labels: dict[str, str] = {}
        self._field_labels: dict[str | None, dict[str, str]] = {}
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._inflight: set[int] = set()
        self._wanted: set[int] = set()
        self._generation = 0
        self.loading = False
        self.last_ms = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._fetch)

    # ---- loading -------------------------------------------------------------------------------

    def set_filter(self, f: views.AuditFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        """Count the matching events and fetch the first page in one worker call."""
        self._generation += 1
        gen, f = self._generation, self.filter
        self.loading = True
        t0 = time.perf_counter()

        def done(result: tuple[int, list[dict[str, Any]]]) -> None:
            if gen != self._generation:
                return
            self.beginResetModel()
            self.total, first = result
            self._pages.clear()
            self._inflight.clear()
            self._wanted.clear()
            self._pages[0] = first
            self.endResetModel()
            self.loading = False
            self.last_ms = (time.perf_counter() - t0) * 1000
            self.counted.emit(self.total)
            self.rows_arrived.emit()

        self.db.call(views.audit_first_page, f, PAGE, on_done=done, owner=self)

    def _want(self, page: int) -> None:
        if page in self._pages or page in self._inflight:
            return
        self._wanted.add(page)
        self._timer.start()

    def _fetch(self) -> None:
        gen, f = self._generation, self.filter
        for page in sorted(self._wanted):
            self._inflight.add(page)
            previous = self._pages.get(page - 1)
            below = previous[-1]["id"] if previous and len(previous) == PAGE else None
            self.db.call(
                views.audit_page, f, below_id=below, offset=page * PAGE, limit=PAGE,
                on_done=partial(self._arrived, gen, page), owner=self,
            )
        self._wanted.clear()

    def _arrived(self, gen: int, page: int, rows: list[dict[str, Any]]) -> None:
        self._inflight.discard(page)
        if gen != self._generation:
            return
        self._pages[page] = rows
        while len(self._pages) > CACHE_PAGES:
            oldest = next(iter(self._pages))
            if oldest == page:
                break
            self._pages.pop(oldest)
        first = page * PAGE
        last = min(self.total, first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.rows_arrived.emit()

    def row_at(self, row: int) -> dict[str, Any] | None:
        page, offset = divmod(row, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            self._want(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    @property
    def complete(self) -> bool:
        return not self.loading and not self._inflight and not self._wanted

    # ---- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(KEYS):
            return column_title(KEYS[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.total:
            return section + 1
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def field_label(self, entity: str | None, field: str) -> str:
        """The label the editor shows for ``entity.field`` (else the list column title, else the name)."""
        if entity not in self._field_labels:
            self._field_labels[entity] = editor_specs.labels(entity or "")
        return self._field_labels[entity].get(field) or column_title(field)

    def display(self, row: dict[str, Any], key: str) -> str:
        value = row.get(key)
        if key == "at":
            return local_time(value)
        if key == "action":
            return self.labels.get(f"action:{value}", str(value or ""))
        if key == "entity":
            name = self.labels.get(f"entity:{value}", str(value or ""))
            return f"{name} #{row['entity_id']}" if row.get("entity_id") is not None else name
        if key == "field":
            return self.field_label(row.get("entity"), value) if value else ""
        if key in ("old_value", "new_value"):
            return _value(value)
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole else None
        key = KEYS[index.column()]
        broken = self.broken_id is not None and row["id"] == self.broken_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.display(row, key)
            return text if len(text) > 24 else None
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        if role == Qt.ItemDataRole.ForegroundRole and broken:
            return theme.OVERDUE
        if role == Qt.ItemDataRole.BackgroundRole and broken:
            return theme.OVERDUE_BG
        return None


class AuditPage(QWidget):
    """Filters, the event list, the selected event in full, and 校验审计链."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "台账的每一次新建、修改和删除都记录在这里（谁、何时、原值、新值），并以哈希链相连：任何一条被改动或删除，校验都会发现。"
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        bar = QHBoxLayout()
        self.entity = QComboBox()
        self.entity.setToolTip(self.tr("只看某类记录"))
        self.entity.addItem(self.tr("全部记录"), None)
        self.actor = QComboBox()
        self.actor.setToolTip(self.tr("只看某个操作人"))
        self.actor.addItem(self.tr("全部操作人"), None)
        self.since = DateEdit()
        self.since.setToolTip(self.tr("起始日期（含）"))
        self.until = DateEdit()
        self.until.setToolTip(self.tr("截止日期（含）"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("搜索字段或内容，或输入记录编号"))
        self.text.setClearButtonEnabled(True)
        self.clear_button = QPushButton(self.tr("清除筛选"))
        self.clear_button.clicked.connect(self.clear_filters)
        bar.addWidget(self.entity)
        bar.addWidget(self.actor)
        bar.addWidget(QLabel(self.tr("从")))
        bar.addWidget(self.since)
        bar.addWidget(QLabel(self.tr("到")))
        bar.addWidget(self.until)
        bar.addWidget(self.text, 1)
        bar.addWidget(self.clear_button)
        layout.addLayout(bar)
        em = self.fontMetrics().horizontalAdvance("中")
        self.since.setFixedWidth(em * 9)
        self.until.setFixedWidth(em * 9)

        self.model = AuditModel(db, self)
        self.model.labels = self._labels()
        self.view = QTableView()
        self.view.setObjectName("auditEvents")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        widths = {"id": 6, "at": 11, "actor": 7, "action": 4, "entity": 10, "field": 8, "old_value": 14}
        for n, key in enumerate(KEYS):
            if key in widths:
                self.view.setColumnWidth(n, em * widths[key])
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_details(cur.row()))
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("选择一条记录查看完整内容"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        self.verify_button = QPushButton(self.tr("校验审计链"))
        self.verify_button.setToolTip(self.tr("检查文件完整性和整个审计哈希链，找出第一条被改动或删除的记录"))
        self.verify_button.clicked.connect(self.verify)
        bottom.addWidget(self.verify_button)
        layout.addLayout(bottom)
        self.result = QLabel()
        self.result.setObjectName("verifyResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_filters)
        self.entity.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.actor.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.since.changed.connect(self._debounce.start)
        self.until.changed.connect(self._debounce.start)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.model.counted.connect(self._counted)
        self._details_row: int | None = None
        self.model.rows_arrived.connect(self._rows_arrived)
        self.loaded = False
        #: the last chain check, for tests: the report's dict
        self.last_report: dict[str, Any] | None = None
        self._select_after: int | None = None

        def reload_if_loaded() -> None:
            if self.loaded:
                self.model.reload()

        self.db.ledger_changed.connect(reload_if_loaded)

    def _labels(self) -> dict[str, str]:
        labels = {f"action:{k}": v for k, v in
                  (("insert", self.tr("新建")), ("update", self.tr("修改")), ("delete", self.tr("删除")))}
        for ent in entities.all_entities():
            labels[f"entity:{ent.name}"] = editor_specs.title(ent.name)
        return labels

    # ---- loading -------------------------------------------------------------------------------

    def activate(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.model.reload()
            self._load_choices()

    def _load_choices(self) -> None:
        def done(found: tuple[list[str], list[str]]) -> None:
            entities, actors = found
            for combo, values, label in ((self.entity, entities, "entity:"), (self.actor, actors, None)):
                current = combo.currentData()
                combo.blockSignals(True)
                while combo.count() > 1:
                    combo.removeItem(1)
                for v in values:
                    combo.addItem(self.model.labels.get(f"{label}{v}", v) if label else v, v)
                combo.setCurrentIndex(max(0, combo.findData(current)))
                combo.blockSignals(False)

        self.db.call(views.audit_choices, on_done=done, owner=self)

    def current_filter(self) -> views.AuditFilter:
        from db.domain.validators import ValidationError, parse_date

        def day(edit: DateEdit) -> date | None:
            text = edit.text().strip()
            if not text:
                return None
            try:
                return parse_date(text)
            except ValidationError:
                return None

        since, until = day(self.since), day(self.until)
        return views.AuditFilter(
            entity=self.entity.currentData(),
            actor=self.actor.currentData(),
            since=utc_bound(since) if since else None,
            until=utc_bound(until + timedelta(days=1)) if until else None,
            text=self.text.text().strip(),
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())

    def clear_filters(self) -> None:
        for w in (self.entity, self.actor, self.since, self.until, self.text):
            w.blockSignals(True)
        self.entity.setCurrentIndex(0)
        self.actor.setCurrentIndex(0)
        self.since.setText("")
        self.until.setText("")
        self.text.clear()
        for w in (self.entity, self.actor, self.since, self.until, self.text):
            w.blockSignals(False)
        self.apply_filters()

    def _counted(self, total: int) -> None:
        if self.model.filter.empty:
            self.count_label.setText(self.tr("共 %1 条审计记录").replace("%1", f"{total:,}"))
        else:
            self.count_label.setText(self.tr("符合条件的记录 %1 条").replace("%1", f"{total:,}"))
        if self._select_after is not None:
            event_id, self._select_after = self._select_after, None
            self.select_event(event_id)

    def _rows_arrived(self) -> None:
        if self._details_row is not None:
            self._show_details(self._details_row)

    def _show_details(self, row: int) -> None:
        data = self.model.row_at(row) if row >= 0 else None
        if data is None:
            self.details.clear()
            # the row's page is on its way: show it when it arrives
            self._details_row = row if row >= 0 else None
            return
        self._details_row = None
        event_id = data["id"]

        def done(event: dict[str, Any] | None) -> None:
            if event is None:
                return
            m = self.model
            lines = [
                self.tr("编号：%1    时间：%2    操作人：%3").replace("%1", str(event["id"]))
                .replace("%2", local_time(event["at"])).replace("%3", str(event["actor"])),
                self.tr("操作：%1    记录：%2").replace("%1", m.display(event, "action"))
                .replace("%2", m.display(event, "entity")),
            ]
            if event.get("field"):
                lines.append(self.tr("字段：%1（%2）").replace("%1", m.display(event, "field")).replace("%2", event["field"]))
            if event.get("old_value") is not None:
                lines.append(self.tr("原值：%1").replace("%1", _value(event["old_value"])))
            if event.get("new_value") is not None:
                lines.append(self.tr("新值：%1").replace("%1", _value(event["new_value"])))
            lines.append(self.tr("哈希：%1（前一条：%2）").replace("%1", event["hash"]).replace("%2", event["prev_hash"]))
            self.details.setPlainText("\n".join(lines))

        self.db.call(views.audit_event, event_id, on_done=done, owner=self)

    # ---- selecting one event -------------------------------------------------------------------

    def select_event(self, event_id: int) -> None:
        """Scroll to and select event ``event_id`` in the current list (if the filters let it in)."""
        f = self.model.filter

        def done(row: int | None) -> None:
            if row is None or row >= self.model.rowCount():
                return
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index, self.view.selectionModel().SelectionFlag.ClearAndSelect | self.view.selectionModel().SelectionFlag.Rows
            )
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

        self.db.call(views.audit_position, f, event_id, on_done=done, owner=self)

    # ---- verifying -----------------------------------------------------------------------------

    def verify(self) -> None:
        token = CancelToken()
        gate = ProgressGate(self, self.tr("正在校验审计链…"), token)
        self.verify_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("正在校验…"))

        def done(report: dict[str, Any]) -> None:
            gate.finish()
            self.verify_button.setEnabled(True)
            if token():
                self.result.setText(self.tr("校验已取消。"))
                return
            self.last_report = report
            chain = report["audit_chain"]
            text = "\n".join(report["lines"])
            if report["ok"]:
                self.model.broken_id = None
                self.result.setText(text)
                self.result.setStyleSheet(f"color: {theme.css(theme.DONE)};")
                self.model.reload()
                return
            self.result.setText(text)
            self.result.setStyleSheet(f"color: {theme.css(theme.OVERDUE)}; font-weight: bold;")
            broken = chain.get("first_broken_id")
            self.model.broken_id = broken
            if broken is not None:
                self.loaded = True
                self._select_after = int(broken)
                self.clear_filters()

        def failed(exc: BaseException, tb: str) -> None:
            gate.finish()
            self.verify_button.setEnabled(True)
            self.result.setText(str(exc))
            self.result.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
            show_error(exc, tb, self)

        self.db.call(views.verify_ledger, on_done=done, on_error=failed, owner=self)


__all__ = ["AuditModel", "AuditPage"]
