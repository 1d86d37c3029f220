"""工作台: what is late and what falls due soon, counts by level and state, and two charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.domain.enums import FilingStatus, FindingStatus, Risk, level_label
from desktop.services import views
from desktop.ui import settings, theme
from desktop.ui.windowfit import FlowLayout
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


#: what a row of the attention tree opens: (entity, id, object id) or a list to show
ROLE_TARGET = Qt.ItemDataRole.UserRole
ROLE_STATE = Qt.ItemDataRole.UserRole + 1
#: where the divider between the attention list and the statistics is remembered
SPLITTER_STATE = "dashboard/splitter"
#: rows measured to size the attention list's date and state columns
RESIZE_PRECISION = 60


class DashboardPage(QWidget):
    open_requested = Signal(str, int, object)
    show_list = Signal(str, dict)
    #: the first-run path: create a record of this entity (organizations, protected_objects)
    new_requested = Signal(str)
    #: the summary is shown (numbers, attention list; the charts follow on the next turn of the loop)
    shown = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.summary: views.Summary | None = None
        self._charts: Any = None
        #: None (everything), "overdue" or "soon": set by clicking the matching tile
        self.filter: str | None = None
        #: kinds whose every item was asked for (显示全部): kind → items
        self._expanded: dict[str, tuple[Any, ...]] = {}
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.headline = QLabel(self.tr("正在统计…"))
        hf = self.headline.font()
        hf.setPointSizeF(hf.pointSizeF() * 1.35)
        hf.setBold(True)
        self.headline.setFont(hf)
        self.headline.setWordWrap(True)
        head.addWidget(self.headline, 1)
        self.next_button = QPushButton()
        self.next_button.hide()
        self.next_button.clicked.connect(self._next_step)
        self._next_entity = ""
        head.addWidget(self.next_button)
        outer.addLayout(head)
        tiles = FlowLayout()  # two rows of tiles in a narrow window
        self.tile_overdue = CountTile(self.tr("已逾期事项"))
        self.tile_soon = CountTile(self.tr("30天内到期"))
        self.tile_findings = CountTile(self.tr("逾期未整改问题"))
        self.tile_open = CountTile(self.tr("未完成整改问题"))
        self.tile_overdue.setToolTip(self.tr("只显示已逾期的事项（再次点击显示全部）"))
        self.tile_soon.setToolTip(self.tr("只显示即将到期的事项（再次点击显示全部）"))
        self.tile_findings.setToolTip(self.tr("打开“问题整改”，只列逾期未整改的问题"))
        self.tile_open.setToolTip(self.tr("打开“问题整改”，只列未完成整改的问题"))
        self.tile_overdue.clicked.connect(lambda: self.set_filter("overdue"))
        self.tile_soon.clicked.connect(lambda: self.set_filter("soon"))
        self.tile_findings.clicked.connect(lambda: self.show_list.emit("findings", {"overdue_only": True}))
        self.tile_open.clicked.connect(lambda: self.show_list.emit("findings", {"status": "@open"}))
        for t in (self.tile_overdue, self.tile_soon, self.tile_findings, self.tile_open):
            tiles.addWidget(t)
        outer.addLayout(tiles)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QGroupBox(self.tr("需要处理的事项（点击打开）"))
        ll = QVBoxLayout(left)
        filter_row = QHBoxLayout()
        self.filter_label = QLabel()
        self.show_all_button = QPushButton(self.tr("显示全部"))
        self.show_all_button.clicked.connect(lambda: self.set_filter(None))
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.show_all_button)
        ll.addLayout(filter_row)
        self.tree = QTreeWidget()
        self.tree.setObjectName("attention")
        self.tree.setHeaderLabels([self.tr("事项"), self.tr("到期日"), self.tr("情况")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setWordWrap(False)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # the two narrow columns hold dates and short states of one width: measuring the first rows
        # is enough (measuring every one of a province's hundreds of rows held the window up)
        self.tree.header().setResizeContentsPrecision(RESIZE_PRECISION)
        self.tree.itemActivated.connect(lambda item, _c: self.open_tree_item(item))
        self.tree.itemClicked.connect(lambda item, _c: self.open_tree_item(item))
        ll.addWidget(self.tree)
        self.splitter.addWidget(left)
        right = QWidget()
        self.right_layout = QVBoxLayout(right)
        self.right_layout.setContentsMargins(0, 0, 0, 0)
        counts = QGroupBox(self.tr("统计"))
        # three blocks (levels, filings, findings) side by side, one under another when narrow
        self.counts_flow = FlowLayout(counts, spacing=self.fontMetrics().horizontalAdvance("中") * 2, top=True)
        self.counts_blocks = [QGridLayout(), QGridLayout(), QGridLayout()]
        #: what each block shows now: (title, rows)
        self._counts_shown: dict[int, tuple[str, list[tuple[str, int, Any]]]] = {}
        for grid in self.counts_blocks:
            block = QWidget()
            grid.setContentsMargins(0, 0, 0, 0)
            block.setLayout(grid)
            self.counts_flow.addWidget(block)
        self.right_layout.addWidget(counts)
        self.chart_area = QVBoxLayout()
        self.right_layout.addLayout(self.chart_area, 1)
        # the statistics and charts scroll in a narrow window rather than widening it
        right_scroll = QScrollArea()
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setWidgetResizable(True)
        right_scroll.setWidget(right)
        self.splitter.addWidget(right_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # three fifths to the list, two to the statistics (their size hints gave the charts a sliver)
        # unless the officer moved the divider before
        self.splitter.setSizes([600, 400])
        saved = settings.restore_state(SPLITTER_STATE)
        if saved is not None:
            self.splitter.restoreState(saved)
        outer.addWidget(self.splitter, 1)
        self.db.ledger_changed.connect(self._ledger_changed)
        self.loaded = False
        self._inflight = False
        self._again = False
        self._show_filter()

    def activate(self) -> None:
        if not self.loaded and not self._inflight:
            self.refresh()

    def _ledger_changed(self) -> None:
        """Read again now when on screen; else when next shown (:meth:`activate`): rebuilding a
        hidden dashboard after an import took a tenth of a second of the window's thread."""
        if self.isVisible():
            self.refresh()
        else:
            self.loaded = False

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

    # ---- headline and first-run path ----------------------------------------------------------

    def _headline(self, s: views.Summary) -> None:
        overdue, soon = s.overdue_items, s.due_soon_items
        n_objects = sum(n for _st, n in s.objects_by_status)
        step = ""
        if s.organizations == 0:
            text = self.tr("台账还是空的。第一步：新建本单位；然后登记单位的网站和信息系统，再逐一定级。")
            color, step, self._next_entity = theme.SOON, self.tr("新建本单位…"), "organizations"
        elif n_objects == 0:
            text = self.tr("已有单位。第二步：登记单位的网站和信息系统，然后逐一定级。")
            color, step, self._next_entity = theme.SOON, self.tr("新建网站或系统…"), "protected_objects"
        elif overdue:
            text = self.tr("有 %1 项工作已逾期，请优先处理。").replace("%1", str(overdue))
            color = theme.OVERDUE
        elif soon:
            text = self.tr("没有逾期事项；%1 天内有 %2 项到期。").replace("%1", str(s.horizon_days)).replace("%2", str(soon))
            color = theme.SOON
        elif s.ungraded:
            text = self.tr("没有逾期事项，但有 %1 个网站或系统尚未定级：请打开它们，使用“定级向导”。").replace(
                "%1", str(s.ungraded_count)
            )
            color = theme.SOON
        else:
            text = self.tr("没有逾期或即将到期的事项。")
            color = theme.DONE
        if s.ungraded and n_objects and (overdue or soon):
            text += self.tr(" 另有 %1 个网站或系统尚未定级。").replace("%1", str(s.ungraded_count))
        self.headline.setText(text)
        self.headline.setStyleSheet(f"color: {theme.css(color)};")
        self.next_button.setText(step)
        self.next_button.setVisible(bool(step))

    def _next_step(self) -> None:
        if self._next_entity:
            self.new_requested.emit(self._next_entity)

    # ---- the attention tree -------------------------------------------------------------------

    def set_filter(self, which: str | None) -> None:
        """Show only overdue (``"overdue"``) or only due-soon (``"soon"``) items; the same tile
        again, or None, shows everything."""
        self.filter = None if which == self.filter else which
        self._show_filter()
        if self.summary is not None:
            self._fill_tree(self.summary)

    def _show_filter(self) -> None:
        texts = {"overdue": self.tr("只显示：已逾期"), "soon": self.tr("只显示：即将到期")}
        self.filter_label.setText(texts.get(self.filter or "", self.tr("按紧急程度分组：小时、天、月")))
        self.show_all_button.setVisible(self.filter is not None)
        for tile, key in ((self.tile_overdue, "overdue"), (self.tile_soon, "soon")):
            tile.setFrameShadow(QFrame.Shadow.Sunken if self.filter == key else QFrame.Shadow.Raised)
            tile.setLineWidth(2 if self.filter == key else 1)

    def _fill_tree(self, s: views.Summary) -> None:
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        shown: dict[str, int] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        items = list(s.items)
        for kind, full in self._expanded.items():
            items = [i for i in items if i.kind != kind] + list(full)
        if self._expanded:
            order: dict[str, int] = {}
            for n, x in enumerate(s.items):
                order.setdefault(x.kind, n)
            items.sort(key=lambda i: order.get(i.kind, len(order)))  # stable: each kind keeps its order
        for item in items:
            if self.filter == "overdue" and not item.overdue or self.filter == "soon" and item.overdue:
                continue
            group = groups.get(item.kind)
            if group is None:
                group = groups[item.kind] = QTreeWidgetItem(self.tree, [item.kind_label])
                group.setFont(0, bold)
            self._add_row(group, item)
            shown[item.kind] = shown.get(item.kind, 0) + 1
        for kind, group in groups.items():
            overdue, soon = s.count_of(kind)
            total = {"overdue": overdue, "soon": soon}.get(self.filter or "", overdue + soon)
            parts = []
            if overdue and self.filter != "soon":
                parts.append(self.tr("逾期 %1").replace("%1", str(overdue)))
            if soon and self.filter != "overdue":
                parts.append(self.tr("临近 %1").replace("%1", str(soon)))
            group.setText(0, f"{group.text(0)}（{'，'.join(parts) or shown[kind]}）")
            if total > shown[kind]:
                more = QTreeWidgetItem(group, [
                    self.tr("已列出最紧急的 %1 项，还有 %2 项：点击显示全部 %3 项").replace("%1", str(shown[kind]))
                    .replace("%2", str(total - shown[kind])).replace("%3", str(total))
                ])
                more.setData(0, ROLE_TARGET, ("@more", kind, None))
                more.setForeground(0, self.palette().link())
            if kind == "finding_deadline":
                link = QTreeWidgetItem(group, [self.tr("在“问题整改”中查看这些问题 →")])
                link.setData(0, ROLE_TARGET, ("@list", kind, None))
                link.setForeground(0, self.palette().link())
            group.setExpanded(True)
        if s.ungraded and self.filter is None:
            group = QTreeWidgetItem(self.tree, [self.tr("尚未定级（%1）").replace("%1", str(s.ungraded_count))])
            group.setFont(0, bold)
            for oid, name, org in s.ungraded:
                text = self.tr("%1（%2）：请使用定级向导").replace("%1", name).replace("%2", org)
                row = QTreeWidgetItem(group, [text, "", self.tr("未定级")])
                row.setData(0, ROLE_TARGET, ("gradings", 0, oid))
            if s.ungraded_count > len(s.ungraded):
                more = QTreeWidgetItem(group, [
                    self.tr("已列出 %1 个，还有 %2 个：在“网站与信息系统”中查看全部未定级的 →")
                    .replace("%1", str(len(s.ungraded))).replace("%2", str(s.ungraded_count - len(s.ungraded)))
                ])
                more.setData(0, ROLE_TARGET, ("@ungraded", None, None))
                more.setForeground(0, self.palette().link())
            group.setExpanded(True)
        if self.tree.topLevelItemCount() == 0:
            empty = QTreeWidgetItem(self.tree, [self._empty_text(s)])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            empty.setForeground(0, self.palette().placeholderText())

    def _add_row(self, group: QTreeWidgetItem, item: Any) -> None:
        title = item.title + (self.tr("（按周一至周五估算）") if item.approximate else "")
        state = self.tr("逾期") if item.overdue else self.tr("临近")
        row = QTreeWidgetItem(group, [title, item.due.isoformat(), state])
        row.setData(0, ROLE_TARGET, (item.entity, item.entity_id, item.object_id))
        row.setData(0, ROLE_STATE, "overdue" if item.overdue else "soon")
        color = theme.STATE_COLORS["overdue" if item.overdue else "soon"]
        for col in range(3):
            row.setForeground(col, color)
        row.setToolTip(0, title)

    def show_all_of(self, kind: str) -> None:
        """显示全部: every item of ``kind``, read on the worker, then the tree again."""
        horizon = int(settings.get("dashboard/horizon_days"))

        def arrived(items: list[Any]) -> None:
            self._expanded[kind] = tuple(items)
            if self.summary is not None:
                self._fill_tree(self.summary)

        self.db.call(views.dashboard_kind_items, kind, horizon, date.today(), on_done=arrived, owner=self)

    def _empty_text(self, s: views.Summary) -> str:
        if s.organizations == 0:
            return self.tr("还没有任何记录：请先新建本单位。")
        if self.filter == "overdue":
            return self.tr("没有已逾期的事项。")
        if self.filter == "soon":
            return self.tr("%1 天内没有到期的事项。").replace("%1", str(s.horizon_days))
        return self.tr("没有需要处理的事项。")

    def items_shown(self) -> list[tuple[str, int, object]]:
        """(entity, id, object id) of every listed item, top to bottom (tests, screen readers)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for c in range(group.childCount()):
                child = group.child(c)
                target = None if child is None else child.data(0, ROLE_TARGET)
                if target is not None and not str(target[0]).startswith("@"):
                    out.append(tuple(target))
        return out

    def open_tree_item(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, ROLE_TARGET)
        if target is None:
            return
        entity, entity_id, object_id = target
        if entity == "@more":
            self.show_all_of(str(entity_id))
        elif entity == "@list":
            filters: dict[str, Any] = {"overdue_only": True} if self.filter == "overdue" else {"status": "@open"}
            self.show_list.emit("findings", filters)
        elif entity == "@ungraded":
            self.show_list.emit("objects", {"level": 0})
        else:
            self.open_requested.emit(entity, int(entity_id), object_id)

    def _show(self, s: views.Summary) -> None:
        self._expanded.clear()  # a new summary: the lists of every item are read again when asked
        self.summary = s
        self.loaded = True
        self._headline(s)
        self.tile_overdue.set_value(s.overdue_items, theme.OVERDUE)
        self.tile_soon.set_value(s.due_soon_items, theme.SOON)
        self.tile_soon.caption.setText(self.tr("%1天内到期").replace("%1", str(s.horizon_days)))
        self.tile_findings.set_value(s.findings_overdue, theme.OVERDUE)
        self.tile_open.set_value(s.findings_open)
        self._fill_tree(s)
        self._fill_counts(s)
        if self._charts is None:
            QTimer.singleShot(0, self._make_charts)
        else:
            self._charts.update(s)
        self.shown.emit()

    def _fill_counts(self, s: views.Summary) -> None:
        by_state: dict[str, int] = {}
        for _risk, status, n in s.findings_by_risk_status:
            by_state[status] = by_state.get(status, 0) + n
        done = (FindingStatus.FIXED, FindingStatus.VERIFIED)
        blocks: list[tuple[str, list[tuple[str, int, Any]]]] = [
            (self.tr("定级对象（按等级）"), [(level_label(level), n, None) for level, n in s.objects_by_level]),
            (self.tr("备案（按状态）"), [(FilingStatus(code).label, n, None) for code, n in s.filings_by_status]),
            (self.tr("问题（按状态）"), [
                (st.label, by_state.get(st.value, 0), theme.DONE if st in done else None) for st in FindingStatus
            ]),
        ]
        changed = False
        for index, (grid, (title, rows)) in enumerate(zip(self.counts_blocks, blocks, strict=True)):
            if self._counts_shown.get(index) == (title, rows):
                continue  # unchanged: its labels stay (a refresh rebuilt 58 labels and their layout)
            self._counts_shown[index] = (title, rows)
            changed = True
            while grid.count():
                item = grid.takeAt(0)
                assert item is not None  # count() > 0
                w = item.widget()
                if w is not None:
                    w.deleteLater()
            grid.addWidget(QLabel(title), 0, 0, 1, 2)
            for r, (label, n, color) in enumerate(rows, start=1):
                grid.addWidget(QLabel(label), r, 0)
                grid.addWidget(self._num(n, color), r, 1)
            grid.setColumnStretch(1, 1)
        if changed:
            self.counts_flow.invalidate()

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


RISK_ORDER = [Risk.HIGH, Risk.MEDIUM, Risk.LOW]
