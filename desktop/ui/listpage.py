"""A list of one entity: search, filters, sortable columns, a column chooser and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain.enums import LEVEL_LABELS, Risk
from desktop.services import entities, table_export, views
from desktop.ui import filedialogs, settings
from desktop.ui.choices import long_choices, refill
from desktop.ui.errors import show_error
from desktop.ui.models import LazyListModel
from desktop.ui.windowfit import FlowLayout
from desktop.ui.worker import CancelToken, Database, ProgressGate

#: bump when the lists' column order changes, so old saved header layouts are not applied to it
HEADER_LAYOUT = "v2"


class ListView(QTableView):
    """A table view with the list conventions: row selection, Enter opens, remembered header.

    One column (the list's title or name) stretches: it takes the width the list's primary columns
    leave in the viewport, until the user resizes columns himself (his layout is then remembered).
    """

    activated_row = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.doubleClicked.connect(lambda idx: self.activated_row.emit(idx.row()))
        self._state_key = ""
        self._stretch: int | None = None
        self._primary = 0
        self._fitting = False
        #: the user's own layout (restored, or columns resized by hand): no automatic fitting
        self.user_layout = False

    def set_stretch(self, column: int | None, primary: int) -> None:
        """Let ``column`` take the width the first ``primary`` columns leave free."""
        self._stretch = column
        self._primary = primary
        self.fit_columns()

    def fit_columns(self) -> None:
        if self._stretch is None or self.user_layout or self.model() is None:
            return
        header = self.horizontalHeader()
        visible = [c for c in (header.logicalIndex(v) for v in range(header.count())) if not header.isSectionHidden(c)]
        first = visible[: max(self._primary, 1)]
        if self._stretch not in first:
            return
        others = sum(header.sectionSize(c) for c in first if c != self._stretch)
        minimum = self.fontMetrics().horizontalAdvance("中") * 10
        width = max(minimum, self.viewport().width() - others - 2)
        if header.sectionSize(self._stretch) != width:
            self._fitting = True
            try:
                header.resizeSection(self._stretch, width)
            finally:
                self._fitting = False

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_columns()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self._release_model()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self._release_model()  # no paint is coming

    def _release_model(self) -> None:
        model = self.model()
        if isinstance(model, LazyListModel):
            model.rows_painted()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def remember_header(self, key: str) -> None:
        """Restore and keep saving column widths, order and visibility under ``key``."""
        self._state_key = f"header/{key}"
        state = settings.restore_state(self._state_key)
        header = self.horizontalHeader()
        if state is not None and header.restoreState(state):
            self.user_layout = True
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)

    def _save_header(self, *_args: Any) -> None:
        if self._fitting:
            return
        self.user_layout = True
        if self._state_key:
            settings.save_state(self._state_key, self.horizontalHeader().saveState())

    def _header_menu(self, pos: QPoint) -> None:
        model = self.model()
        if model is None:
            return
        menu = QMenu(self)
        menu.setTitle(self.tr("显示的列"))
        header = self.horizontalHeader()
        for col in range(model.columnCount()):
            act = menu.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
            act.setCheckable(True)
            act.setChecked(not header.isSectionHidden(col))
            act.toggled.connect(lambda on, c=col: self.set_column_visible(c, on))
        menu.addSeparator()
        menu.addAction(self.tr("恢复默认列"), self.reset_columns)
        menu.popup(header.mapToGlobal(pos))

    def set_column_visible(self, column: int, visible: bool) -> None:
        header = self.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(column, not visible)
        self._save_header()

    def reset_columns(self) -> None:
        header = self.horizontalHeader()
        self._fitting = True
        try:
            for logical in range(header.count()):
                header.setSectionHidden(logical, False)
                header.moveSection(header.visualIndex(logical), logical)
            self.resizeColumnsToContents()
        finally:
            self._fitting = False
        self.user_layout = False
        if self._state_key:
            settings.remove_state(self._state_key)
        self.fit_columns()

    def visible_columns(self) -> list[int]:
        header = self.horizontalHeader()
        cols = [header.logicalIndex(v) for v in range(header.count())]
        return [c for c in cols if not header.isSectionHidden(c)]

    def selected_rows(self) -> list[int]:
        sel = self.selectionModel()
        return sorted({i.row() for i in sel.selectedRows()}) if sel else []


class ListPage(QWidget):
    """One list page: filter bar, the table, and a count; double-click opens the record."""

    open_requested = Signal(str, int, object)
    new_requested = Signal(str)

    def __init__(
        self,
        db: Database,
        list_name: str,
        parent: QWidget | None = None,
        *,
        new_label: str | None = None,
        hidden_columns: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.list_name = list_name
        self.spec = views.list_spec(list_name)
        self.model = LazyListModel(db, list_name, self)
        self._build(new_label)
        self.model.ids_loaded.connect(self._update_count)
        self.view.activated_row.connect(self._open_row)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._apply_filters)
        for key in hidden_columns:
            if key in self.spec.keys:
                self.view.horizontalHeader().setSectionHidden(self.spec.keys.index(key), True)
        self.view.remember_header(f"{list_name}.{HEADER_LAYOUT}")
        # the leading columns (the entity record says how many) fit the window at its default width
        # (~1024 px); the stretch column (title or name) takes whatever width they leave
        self.view.set_stretch(self.spec.keys.index(self.spec.stretch_key), entities.primary_columns(list_name))
        self._loaded_once = False
        self._orgs_due = False
        self._exporting = False
        self.db.ledger_changed.connect(self.refresh)

    # ---- building ------------------------------------------------------------------------------

    def _build(self, new_label: str | None) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = FlowLayout()  # wraps at a small window instead of widening it
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 18)
        bar.addWidget(self.search)
        self.org_filter: QComboBox | None = None
        self.level_filter: QComboBox | None = None
        self.status_filter: QComboBox | None = None
        self.risk_filter: QComboBox | None = None
        self.overdue_filter: QCheckBox | None = None
        if self.spec.org_col is not None and self.list_name != "organizations":
            self.org_filter = QComboBox()
            # every unit of a province (thousands): one model reset, not an addItem each
            self._org_choices = long_choices(self.org_filter, width_chars=10)
            self._org_choices.set_items([(self.tr("全部单位"), None)])
            self.org_filter.currentIndexChanged.connect(self._apply_filters)
            bar.addWidget(self.org_filter)
        if self.spec.level_col is not None:
            items: list[tuple[Any, str]] = [(None, self.tr("全部等级"))]
            items += [(k, v) for k, v in LEVEL_LABELS.items() if k <= 4] + [(0, self.tr("未定级"))]
            self.level_filter = self._combo(items)
            bar.addWidget(self.level_filter)
        if self.spec.status_enum is not None:
            items = [(None, self.tr("全部状态"))]
            if self.list_name == "findings":
                items.append(("@open", self.tr("未完成（未整改+整改中）")))
            items += [(m.value, m.label) for m in self.spec.status_enum]  # type: ignore[attr-defined]
            self.status_filter = self._combo(items)
            bar.addWidget(self.status_filter)
        if self.spec.risk_col is not None:
            self.risk_filter = self._combo([(None, self.tr("全部风险"))] + [(r.value, r.label) for r in Risk])
            bar.addWidget(self.risk_filter)
        if self.spec.overdue is not None:
            self.overdue_filter = QCheckBox(self.tr("仅逾期"))
            self.overdue_filter.toggled.connect(self._apply_filters)
            bar.addWidget(self.overdue_filter)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把当前显示的行和列导出为 Excel 或 CSV 文件"))
        self.export_button.clicked.connect(self.export_visible)
        bar.addWidget(self.export_button)
        self.new_button: QPushButton | None = None
        if new_label:
            self.new_button = QPushButton(new_label)
            self.new_button.setToolTip(self.tr("新建（Ctrl+N）"))
            self.new_button.clicked.connect(lambda: self.new_requested.emit(self.spec.entity))
            bar.addWidget(self.new_button)
        layout.addLayout(bar)
        self.extra_bar = QHBoxLayout()
        layout.addLayout(self.extra_bar)
        self.view: ListView = ListView(self)
        self.view.setModel(self.model)
        self.model.view_visible = self.view.isVisible
        # lay the new rows out (scroll bar, stretched columns) before they are painted, not after:
        # one paint of the first rows instead of three
        self.model.modelReset.connect(self.view.executeDelayedItemsLayout)
        default = self.spec.keys.index(self.spec.default_sort)
        order = Qt.SortOrder.DescendingOrder if self.spec.default_desc else Qt.SortOrder.AscendingOrder
        self.view.horizontalHeader().setSortIndicator(default, order)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.model.query = views.ListQuery(sort=self.spec.default_sort, descending=self.spec.default_desc)
        self.view.setSortingEnabled(True)
        layout.addWidget(self.view, 1)
        self._set_default_widths()

    def _set_default_widths(self) -> None:
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("中")
        wide = {"name": 16, "title": 22, "object": 14, "organization": 12, "text": 24, "domains": 18, "id": 5,
                "owner": 6, "risk": 5}
        for i, col in enumerate(self.spec.columns):
            chars = wide.get(col.key, 7 if col.kind in ("date", "level", "enum", "int", "float", "bool") else 9)
            self.view.setColumnWidth(i, em * chars)

    def _combo(self, items: list[tuple[Any, str]]) -> QComboBox:
        combo = QComboBox()
        for value, label in items:
            combo.addItem(label, value)
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    # ---- behaviour -----------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the page is shown: load on first show."""
        if not self._loaded_once:
            self._loaded_once = True
            # the units' chooser once every id is in: the 2,000 units of a province neither delay
            # the first rows nor compete with their first paint
            self._orgs_due = True
            self._apply_filters()

    def prepare(self) -> None:
        """Make the first show quick; the window calls this while idle, before the page is shown.

        The worker reads the list's first page and the model keeps it (see
        :meth:`LazyListModel.preload`): the first show paints those rows without waiting for a
        query, unless the ledger changed in between. The list stays inactive until shown.
        """
        if not self._loaded_once:
            self.model.preload(self.current_query())

    def refresh(self) -> None:
        if self._loaded_once and self.model.active:
            self.model.reload()
            self._load_orgs()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _load_orgs(self) -> None:
        if self.org_filter is None:
            return

        self.db.call(views.lookup, "organizations", on_done=self._fill_orgs, owner=self)

    def _fill_orgs(self, orgs: list[tuple[int, str]]) -> None:
        assert self.org_filter is not None
        # a unit deleted meanwhile: back to 全部单位, and the list follows
        refill(self.org_filter, self._org_choices, [(self.tr("全部单位"), None)] + [(n, i) for i, n in orgs])

    def set_filter(self, **values: Any) -> None:
        """Set filters programmatically (e.g. from a dashboard link): status, risk, overdue_only, search."""
        mapping = {"status": self.status_filter, "risk": self.risk_filter, "level": self.level_filter}
        for key, combo in mapping.items():
            if key in values and combo is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(values[key])))
                combo.blockSignals(False)
        if "overdue_only" in values and self.overdue_filter is not None:
            self.overdue_filter.blockSignals(True)
            self.overdue_filter.setChecked(bool(values["overdue_only"]))
            self.overdue_filter.blockSignals(False)
        if "search" in values:
            self.search.blockSignals(True)
            self.search.setText(values["search"])
            self.search.blockSignals(False)
        self._loaded_once = True
        self._apply_filters()

    def current_query(self) -> views.ListQuery:
        def val(combo: QComboBox | None) -> Any:
            return combo.currentData() if combo is not None else None

        return views.ListQuery(
            search=self.search.text(),
            organization_id=val(self.org_filter),
            level=val(self.level_filter),
            status=val(self.status_filter),
            risk=val(self.risk_filter),
            overdue_only=bool(self.overdue_filter and self.overdue_filter.isChecked()),
            sort=self.model.query.sort,
            descending=self.model.query.descending,
            today=date.today(),
        )

    def _apply_filters(self) -> None:
        self.count_label.setText(self.tr("正在查询…"))
        # export what the list shows: only once every id of the new query is known
        self.export_button.setEnabled(False)
        self.model.set_query(self.current_query())

    def _update_count(self, n: int) -> None:
        self.count_label.setText(self.tr("共 %n 条", "", n))
        self.export_button.setEnabled(not self._exporting)
        if self._orgs_due:
            self._orgs_due = False
            self._load_orgs()

    def _open_row(self, row: int) -> None:
        data = self.model.row_at(row)
        self.open_requested.emit(self.spec.entity, self.model.id_at(row), data.object_id if data else None)

    def selected_ids(self) -> list[int]:
        return [self.model.id_at(r) for r in self.view.selected_rows()]

    # ---- export --------------------------------------------------------------------------------

    def export_visible(self) -> None:
        name = {
            "findings": self.tr("整改台账"),
        }.get(self.list_name, self.list_name)
        path = filedialogs.save_file(
            self,
            self.tr("导出当前列表"),
            f"{name}-{date.today():%Y%m%d}.xlsx",
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
            purpose="export",
        )
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        columns = self.view.visible_columns()
        headers = [str(self.model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
        ids = self.model.ids
        token = CancelToken()
        gate = ProgressGate(self, self.tr("正在导出 %1 行…").replace("%1", str(len(ids))), token)
        self.export_button.setEnabled(False)
        self._exporting = True

        def done(n: int) -> None:
            gate.finish()
            self._exporting = False
            self.export_button.setEnabled(self.model.complete)
            self.count_label.setText(self.tr("已导出 %1 行到 %2").replace("%1", str(n)).replace("%2", Path(path).name))

        def failed(exc: BaseException, tb: str) -> None:
            gate.finish()
            self._exporting = False
            self.export_button.setEnabled(self.model.complete)
            if isinstance(exc, table_export.Cancelled):
                self.count_label.setText(self.tr("导出已取消"))
                return
            show_error(exc, tb, self)

        # a child process writes the file: the window keeps painting however many rows there are
        self.db.run_job(
            table_export.export_rows,
            self.list_name,
            list(ids),
            columns,
            headers,
            path,
            today=date.today(),
            overwrite=True,  # the save dialog asked before replacing a file
            token=token,
            on_done=done,
            on_error=failed,
            owner=self,
        )

    def add_action_button(self, text: str, tooltip: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.clicked.connect(slot)
        self.extra_bar.addWidget(button)
        return button

    def shortcut_actions(self) -> list[QAction]:
        act = QAction(self)
        act.setShortcut(QKeySequence.StandardKey.Find)
        act.triggered.connect(self.focus_search)
        return [act]
