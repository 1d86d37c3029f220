"""工作台: what is late and what falls due soon, counts by level and state, and two charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain.enums import FilingStatus, FindingStatus, Risk, level_label
from desktop.services import views
from desktop.ui import settings, theme
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database


class CountTile(QFrame):
    """A number with a caption; clicking it opens the matching list."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        layout = QVBoxLayout(self)
        self.number = QLabel("—")
        f = self.number.font()
        f.setPointSizeF(f.pointSizeF() * 2.0)
        f.setBold(True)
        self.number.setFont(f)
        self.caption = QLabel(caption)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)

    def set_value(self, n: int, color: Any = None) -> None:
        self.number.setText(str(n))
        self.number.setStyleSheet(f"color: {theme.css(color)};" if color is not None and n else "")

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()


class DashboardPage(QWidget):
    open_requested = Signal(str, int, object)
    show_list = Signal(str, dict)
    #: the summary is shown (numbers, attention list; the charts follow on the next turn of the loop)
    shown = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.summary: views.Summary | None = None
        self._charts: Any = None
        outer = QVBoxLayout(self)
        self.headline = QLabel(self.tr("正在统计…"))
        hf = self.headline.font()
        hf.setPointSizeF(hf.pointSizeF() * 1.35)
        hf.setBold(True)
        self.headline.setFont(hf)
        self.headline.setWordWrap(True)
        outer.addWidget(self.headline)
        tiles = QHBoxLayout()
        self.tile_overdue = CountTile(self.tr("已逾期事项"))
        self.tile_soon = CountTile(self.tr("30天内到期"))
        self.tile_findings = CountTile(self.tr("逾期未整改问题"))
        self.tile_open = CountTile(self.tr("未完成整改问题"))
        self.tile_findings.clicked.connect(lambda: self.show_list.emit("findings", {"overdue_only": True}))
        self.tile_open.clicked.connect(lambda: self.show_list.emit("findings", {"status": "@open"}))
        for t in (self.tile_overdue, self.tile_soon, self.tile_findings, self.tile_open):
            tiles.addWidget(t)
        outer.addLayout(tiles)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QGroupBox(self.tr("需要处理的事项（点击打开）"))
        ll = QVBoxLayout(left)
        self.items = RowsModel(
            ["state", "due", "kind_label", "title"],
            parent=self,
            titles={"state": self.tr("情况"), "due": self.tr("到期日"), "kind_label": self.tr("事项"),
                    "title": self.tr("内容")},
            state=lambda r: "overdue" if r["overdue"] else "soon",
        )
        self.items_view = QTableView()
        self.items_view.setModel(self.items)
        self.items_view.verticalHeader().setVisible(False)
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_view.setShowGrid(False)
        self.items_view.setWordWrap(False)
        self.items_view.horizontalHeader().setStretchLastSection(True)
        self.items_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.items_view.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        self.items_view.clicked.connect(lambda idx: self.open_item(idx.row()))
        self.items_view.activated.connect(lambda idx: self.open_item(idx.row()))
        ll.addWidget(self.items_view)
        self.splitter.addWidget(left)
        right = QWidget()
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        counts = QGroupBox(self.tr("统计"))
        self.counts_grid = QGridLayout(counts)
        self.right_layout.addWidget(counts)
        self.chart_area = QVBoxLayout()
        self.right_layout.addLayout(self.chart_area, 1)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        outer.addWidget(self.splitter, 1)
        self.db.ledger_changed.connect(self.refresh)
        self.loaded = False
        self._inflight = False
        self._again = False

    def activate(self) -> None:
        if not self.loaded and not self._inflight:
            self.refresh()

    def refresh(self) -> None:
        """Query the summary (once at a time: a refresh asked for meanwhile runs when it is done)."""
        if self._inflight:
            self._again = True
            return
        self._inflight = True
        self._again = False
        horizon = int(settings.get("dashboard/horizon_days"))
        self.db.call(
            views.dashboard_summary, horizon, date.today(), on_done=self._arrived, on_error=self._failed, owner=self
        )

    def _arrived(self, s: views.Summary) -> None:
        self._inflight = False
        self._show(s)
        if self._again:
            self.refresh()

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._inflight = False
        from desktop.ui.errors import show_error

        show_error(exc, tb, self)

    def _show(self, s: views.Summary) -> None:
        self.summary = s
        self.loaded = True
        overdue, soon = s.overdue_items, s.due_soon_items
        if overdue:
            self.headline.setText(self.tr("有 %1 项工作已逾期，请优先处理。").replace("%1", str(overdue)))
            self.headline.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        elif soon:
            self.headline.setText(
                self.tr("没有逾期事项；%1 天内有 %2 项到期。").replace("%1", str(s.horizon_days)).replace("%2", str(soon))
            )
            self.headline.setStyleSheet(f"color: {theme.css(theme.SOON)};")
        else:
            self.headline.setText(self.tr("没有逾期或即将到期的事项。"))
            self.headline.setStyleSheet(f"color: {theme.css(theme.DONE)};")
        self.tile_overdue.set_value(overdue, theme.OVERDUE)
        self.tile_soon.set_value(soon, theme.SOON)
        self.tile_soon.caption.setText(self.tr("%1天内到期").replace("%1", str(s.horizon_days)))
        self.tile_findings.set_value(s.findings_overdue, theme.OVERDUE)
        self.tile_open.set_value(s.findings_open)
        rows = []
        for item in s.items:
            d = item.as_dict()
            d["due"] = item.due
            d["state"] = self.tr("逾期") if item.overdue else self.tr("临近")
            if item.approximate:
                d["title"] += self.tr("（按周一至周五估算）")
            rows.append(d)
        self.items.set_rows(rows)
        self.items_view.resizeColumnToContents(0)
        self.items_view.resizeColumnToContents(1)
        self.items_view.resizeColumnToContents(2)
        self._fill_counts(s)
        if self._charts is None:
            QTimer.singleShot(0, self._make_charts)
        else:
            self._charts.update(s)
        self.shown.emit()

    def _fill_counts(self, s: views.Summary) -> None:
        grid = self.counts_grid
        while grid.count():
            item = grid.takeAt(0)
            assert item is not None  # count() > 0
            w = item.widget()
            if w is not None:
                w.deleteLater()
        grid.addWidget(QLabel(self.tr("定级对象（按等级）")), 0, 0, 1, 2)
        r = 1
        for level, n in s.objects_by_level:
            grid.addWidget(QLabel(level_label(level)), r, 0)
            grid.addWidget(self._num(n), r, 1)
            r += 1
        grid.addWidget(QLabel(self.tr("备案（按状态）")), 0, 2, 1, 2)
        r2 = 1
        for code, n in s.filings_by_status:
            grid.addWidget(QLabel(FilingStatus(code).label), r2, 2)
            grid.addWidget(self._num(n), r2, 3)
            r2 += 1
        grid.addWidget(QLabel(self.tr("问题（按状态）")), 0, 4, 1, 2)
        by_state: dict[str, int] = {}
        for _risk, status, n in s.findings_by_risk_status:
            by_state[status] = by_state.get(status, 0) + n
        r3 = 1
        for st in FindingStatus:
            grid.addWidget(QLabel(st.label), r3, 4)
            color = theme.DONE if st in (FindingStatus.FIXED, FindingStatus.VERIFIED) else None
            grid.addWidget(self._num(by_state.get(st.value, 0), color), r3, 5)
            r3 += 1
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)

    def _num(self, n: int, color: Any = None) -> QLabel:
        lbl = QLabel(str(n))
        lbl.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if color is not None and n:
            lbl.setStyleSheet(f"color: {theme.css(color)};")
        return lbl

    def _make_charts(self) -> None:
        if self._charts is not None or self.summary is None:
            return
        from desktop.ui.charts import DashboardCharts  # QtCharts loads only now

        self._charts = DashboardCharts(self)
        self.chart_area.addWidget(self._charts, 1)
        self._charts.update(self.summary)

    def open_item(self, row: int) -> None:
        if not 0 <= row < len(self.items.rows):
            return
        item = self.items.rows[row]
        self.open_requested.emit(item["entity"], item["entity_id"], item.get("object_id"))


RISK_ORDER = [Risk.HIGH, Risk.MEDIUM, Risk.LOW]
