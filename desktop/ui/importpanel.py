"""Importing a subordinate unit's 摸底自查表 / 开办情况汇总表 with a preview the user can fix.

The preview lists what the file would create, update and leave unchanged, and every error with its
sheet, row, column and message. Any row can be ticked 跳过 (it is left out and the rest is checked
again, e.g. for duplicates); an error in a cell can be corrected in place (double-click the value):
the file itself is never changed, the correction is applied when the file is read. 确认导入 writes
everything in one transaction, and only when no error remains. Reading and checking run in a child
process (``Database.run_job``), like the exports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, overload

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.domain import catalogue, rules
from desktop.ui import choices, filedialogs, theme
from desktop.ui.errors import show_error
from desktop.ui.worker import Database

Index = QModelIndex | QPersistentModelIndex
REVALIDATE_MS = 400
SKIP = "skip"


class LazyRows(Sequence[dict[str, Any]]):
    """Row dicts made when a view first asks for them (a preview of 24,000 rows is shown at once;
    building every dict up front held the window for a fifth of a second)."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], dict[str, Any]]) -> None:
        self.items = items
        self.make = make
        self.made: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.items)
        row = self.made.get(index)
        if row is None:
            row = self.made[index] = self.make(self.items[index])
        return row


class PreviewModel(QAbstractTableModel):
    """Rows of one preview list. Column 0 is the 跳过 tick (rows tied to a file row); the ``value``
    column of error rows that point at a cell can be edited."""

    skip_changed = Signal(object, bool)
    fix_edited = Signal(object, str)

    def __init__(self, keys: list[str], titles: dict[str, str], parent: Any = None, *,
                 editable: str | None = None) -> None:
        super().__init__(parent)
        self.keys = [SKIP, *keys]
        self.titles = titles
        self.editable = editable
        self.rows: Sequence[dict[str, Any]] = []

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows if isinstance(rows, LazyRows) else list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.keys):
            return self.titles.get(self.keys[section], self.keys[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return section + 1
        return None

    def _editable(self, row: dict[str, Any], key: str) -> bool:
        return key == self.editable and row.get("cell") is not None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        if key == SKIP and row.get("key") is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if self._editable(row, key) and not row.get("skipped"):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        if key == SKIP:
            if role == Qt.ItemDataRole.CheckStateRole and row.get("key") is not None:
                return Qt.CheckState.Checked if row.get("skipped") else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.ToolTipRole and row.get("key") is not None:
                return self.titles.get("skip_tip")
            return None
        value = row.get(key)
        text = "" if value is None else str(value)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._editable(row, key):
                return self.titles.get("edit_tip")
            return text if len(text) > 20 else None
        if role == Qt.ItemDataRole.ForegroundRole and key == "message":
            return theme.OVERDUE
        if role == Qt.ItemDataRole.BackgroundRole and self._editable(row, key):
            return theme.SOON_BG
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return False
        row = self.rows[index.row()]
        key = self.keys[index.column()]
        if key == SKIP and role == Qt.ItemDataRole.CheckStateRole and row.get("key") is not None:
            state = value.value if hasattr(value, "value") else value
            on = int(state) == Qt.CheckState.Checked.value
            row["skipped"] = on
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.skip_changed.emit(row["key"], on)
            return True
        if role == Qt.ItemDataRole.EditRole and self._editable(row, key):
            text = "" if value is None else str(value).strip()
            if text == (row.get(key) or ""):
                return False
            row[key] = text
            self.dataChanged.emit(index, index)
            self.fix_edited.emit(row["cell"], text)
            return True
        return False


class ImportPanel(QWidget):
    """Choose a file, see the preview, skip or fix rows, then 确认导入."""

    #: a preview (or an import) arrived: the ImportResult
    checked = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path: str | None = None
        self.kind_code = "selfcheck"
        self.skip: set[tuple[str, int]] = set()
        self.overrides: dict[tuple[str, int, str], str] = {}
        self.result: Any = None
        self.running = False
        self._generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("摸底自查表"), "selfcheck")
        self.kind.addItem(self.tr("开办情况汇总表"), "summary")
        self.kind.addItem(self.tr("问题清单 / 漏洞扫描结果"), "findings")
        row.addWidget(self.kind)
        # findings: the object they belong to, and the 安全类/控制点 of scanner results
        self.object_label = QLabel(self.tr("定级对象："))
        self.object_box = QComboBox()
        self.object_box.setObjectName("import_object")
        self.object_choices = choices.long_choices(self.object_box, 18)
        self._by_address = (self.tr("（扫描结果按IP地址或域名对应）"), None)
        self.object_choices.set_items([self._by_address])
        self.category_box = QComboBox()
        self.category_box.setObjectName("import_category")
        for cat in catalogue.categories():
            self.category_box.addItem(cat.name, cat.code)
        self.point_edit = QLineEdit()
        self.point_edit.setObjectName("import_control_point")
        self.point_edit.setPlaceholderText(self.tr("扫描结果的控制点"))
        default = rules.rule_set("scanner-severity").data["default"]
        category, point = str(default["category"]), str(default["control_point"])
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(category)))
        self.point_edit.setText(point)
        self.findings_widgets = (self.object_label, self.object_box, self.category_box, self.point_edit)
        for w in self.findings_widgets:
            row.addWidget(w)
            w.setVisible(False)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.object_box.currentIndexChanged.connect(self._findings_option_changed)
        self.category_box.currentIndexChanged.connect(self._findings_option_changed)
        self.point_edit.editingFinished.connect(self._findings_option_changed)
        self._objects_loaded = False
        self.choose_button = QPushButton(self.tr("选择文件并检查…"))
        self.choose_button.clicked.connect(self.choose)
        row.addWidget(self.choose_button)
        self.apply_button = QPushButton(self.tr("确认导入"))
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(self.tr("先选择文件并检查；还有错误时不能导入"))
        self.apply_button.clicked.connect(self.apply)
        row.addWidget(self.apply_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel(self.tr("选择下级单位报送的表格：先检查，显示将新增、更新和有问题的行；可以跳过或改正有问题的行，确认后才写入台账。"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        titles = {
            SKIP: self.tr("跳过"), "type": self.tr("类别"), "name": self.tr("名称"), "row": self.tr("行"),
            "changes": self.tr("变化"), "sheet": self.tr("工作表"), "column": self.tr("列"),
            "what": self.tr("内容"), "message": self.tr("问题"), "value": self.tr("单元格的值（双击改正）"),
            "skip_tip": self.tr("勾选后不导入这一行，其余的行重新检查"),
            "edit_tip": self.tr("双击输入正确的值（只用于本次导入，不修改文件）"),
        }
        self.tabs = QTabWidget()
        self.models: dict[str, PreviewModel] = {}
        self.views: dict[str, QTableView] = {}
        self._tab_titles: dict[str, str] = {}
        for key, label, cols, editable in (
            ("errors", self.tr("错误"), ["sheet", "row", "column", "what", "value", "message"], "value"),
            ("created", self.tr("将新增"), ["type", "name", "row", "changes"], None),
            ("updated", self.tr("将更新"), ["type", "name", "row", "changes"], None),
            ("unchanged", self.tr("无变化"), ["type", "name", "row"], None),
            ("skipped", self.tr("已跳过"), ["sheet", "row", "what"], None),
        ):
            model = PreviewModel(cols, titles, self, editable=editable)
            model.skip_changed.connect(self.set_skipped)
            model.fix_edited.connect(self.set_fix)
            view = QTableView()
            view.setObjectName(f"import_{key}")
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.AnyKeyPressed
            )
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            view.resizeColumnsToContents()  # headers readable before the first file
            self.models[key] = model
            self.views[key] = view
            self._tab_titles[key] = label
            self.tabs.addTab(view, label)
        layout.addWidget(self.tabs, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REVALIDATE_MS)
        self._timer.timeout.connect(self.revalidate)

    # ---- choosing and checking -----------------------------------------------------------------

    def choose(self) -> None:
        if self.kind.currentData() == "findings":
            kinds = self.tr("问题清单或扫描结果 (*.xlsx *.xls *.nessus *.csv)")
        else:
            kinds = self.tr("Excel 工作簿 (*.xlsx *.xls)")
        path = filedialogs.open_file(self, self.tr("选择要导入的表格"), kinds, purpose="import")
        if path:
            self.check(path)

    def check(self, path: str, kind: str | None = None) -> None:
        """Start over with a new file."""
        self.path = path
        self.kind_code = kind or self.kind.currentData()
        if kind is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.skip.clear()
        self.overrides.clear()
        self.result = None
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("正在检查 %1…").replace("%1", Path(path).name))
        self.revalidate()

    def set_skipped(self, key: tuple[str, int], on: bool) -> None:
        (self.skip.add if on else self.skip.discard)(tuple(key))  # type: ignore[arg-type]
        self._changed()

    def set_fix(self, cell: tuple[str, int, str], value: str) -> None:
        self.overrides[tuple(cell)] = value  # type: ignore[index]
        self._changed()

    def _changed(self) -> None:
        self.apply_button.setEnabled(False)
        self.summary.setText(self.tr("正在重新检查…"))
        self._timer.start()

    def revalidate(self) -> None:
        if self.path is None:
            return
        self._timer.stop()
        self._generation += 1
        gen = self._generation
        self.running = True
        self.apply_button.setEnabled(False)

        def done(result: Any) -> None:
            if gen != self._generation:
                return
            self.running = False
            self.show_result(result)

        def failed(exc: BaseException, tb: str) -> None:
            if gen != self._generation:
                return
            self.running = False
            self.summary.setText(str(exc))
            self.summary.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
            if not isinstance(exc, ValueError):
                show_error(exc, tb, self)

        self._run(dry_run=True, on_done=done, on_error=failed)

    # ---- showing -------------------------------------------------------------------------------

    def show_result(self, result: Any) -> None:
        """Show a :class:`desktop.services.imports.PreviewResult`."""
        self.result = result
        labels = result.rows
        sheet = result.sheet

        def entry(e: tuple[str, str, int | None, str]) -> dict[str, Any]:
            kind, name, row, changes = e
            return {"type": kind, "name": name, "row": row, "changes": changes,
                    "key": (sheet, row) if row else None, "skipped": False}

        for key in ("created", "updated", "unchanged"):
            self.models[key].set_rows(LazyRows(getattr(result, key), entry))
        errors = []
        for s, r, col, message in result.errors:
            cell = (s, r, col) if col else None
            errors.append({
                "sheet": s, "row": r, "column": col, "message": message,
                "what": labels.get((s, r), ""),
                "value": result.cells.get(cell, "") if cell else "",
                "cell": cell, "key": (s, r) if (s, r) in labels else None, "skipped": False,
            })
        self.models["errors"].set_rows(errors)
        self.models["skipped"].set_rows([
            {"sheet": s, "row": r, "what": labels.get((s, r), ""), "key": (s, r), "skipped": True}
            for s, r in result.skipped
        ])
        for n, key in enumerate(("errors", "created", "updated", "unchanged", "skipped")):
            count = self.models[key].rowCount()
            self.tabs.setTabText(n, f"{self._tab_titles[key]} ({count})")
            if count <= 2000:
                self.views[key].resizeColumnsToContents()
            if key == "errors":
                em = self.fontMetrics().horizontalAdvance("中")
                view, keys = self.views[key], self.models[key].keys
                what, value = keys.index("what"), keys.index("value")
                view.setColumnWidth(what, min(view.columnWidth(what), em * 22))
                view.setColumnWidth(value, min(max(view.columnWidth(value), em * 12), em * 20))
                view.setWordWrap(True)
                if count <= 2000:
                    view.resizeRowsToContents()
        skipped = len(result.skipped)
        if result.written:
            self.summary.setText(
                self.tr("已导入：新增 %1 条、更新 %2 条；跳过 %3 行。").replace("%1", str(len(result.created)))
                .replace("%2", str(len(result.updated))).replace("%3", str(skipped))
            )
            self.summary.setStyleSheet(f"color: {theme.css(theme.DONE)};")
            self.apply_button.setEnabled(False)
        elif result.errors:
            self.tabs.setCurrentIndex(0)
            self.summary.setText(
                self.tr("还有 %1 处问题。请在“错误”中改正单元格的值，或勾选“跳过”不导入该行；问题全部解决前不会写入任何内容。")
                .replace("%1", str(len(result.errors)))
            )
            self.summary.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
            self.apply_button.setEnabled(False)
        elif not result.changes_anything:
            self.summary.setText(self.tr("检查通过，但没有需要写入的变化。"))
            self.summary.setStyleSheet("")
            self.apply_button.setEnabled(False)
        else:
            if self.tabs.currentIndex() == 0:
                self.tabs.setCurrentIndex(1)
            self.summary.setText(
                self.tr("检查通过：将新增 %1 条、更新 %2 条、%3 条无变化；跳过 %4 行。确认后一次性写入台账。")
                .replace("%1", str(len(result.created))).replace("%2", str(len(result.updated)))
                .replace("%3", str(len(result.unchanged))).replace("%4", str(skipped))
            )
            self.summary.setStyleSheet("")
            self.apply_button.setEnabled(True)
        notes = getattr(result, "notes", ())
        if notes:  # what was read, columns not imported, rows of other objects left out
            self.summary.setText(self.summary.text() + "\n" + "".join(notes))
        self.checked.emit(result)

    # ---- importing -----------------------------------------------------------------------------

    def apply(self) -> None:
        if self.path is None or self.result is None or not self.result.ok or self._timer.isActive():
            return
        self.apply_button.setEnabled(False)
        self.running = True
        self.summary.setText(self.tr("正在导入…"))

        def done(result: Any) -> None:
            self.running = False
            self.show_result(result)
            if not result.written:
                self.summary.setText(self.tr("没有写入：文件有错误或没有变化。"))

        def failed(exc: BaseException, tb: str) -> None:
            self.running = False
            self.summary.setText(str(exc))
            self.summary.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
            show_error(exc, tb, self)

        self._run(dry_run=False, on_done=done, on_error=failed)

    def _run(self, *, dry_run: bool, on_done: Callable[[Any], None],
             on_error: Callable[[BaseException, str], None]) -> None:
        """The check (``dry_run``) or the import as a child-process job (the importers load in the child)."""
        options: dict[str, Any] = {
            "dry_run": dry_run, "skip_rows": sorted(self.skip), "overrides": dict(self.overrides),
            "writes": not dry_run, "on_done": on_done, "on_error": on_error, "owner": self,
        }
        # the jobs are named, not imported here: their modules load in the child process only
        if self.kind_code == "findings":
            self.db.run_job("desktop.services.findings_import:findings_job", self.path,
                            self.object_box.currentData(), category=self.category_box.currentData(),
                            control_point=self.point_edit.text().strip() or None, **options)
            return
        self.db.run_job("desktop.services.imports:import_job", self.path, self.kind_code, **options)

    # ---- findings options ----------------------------------------------------------------------

    def _kind_changed(self) -> None:
        findings = self.kind.currentData() == "findings"
        for w in self.findings_widgets:
            w.setVisible(findings)
        if findings and not self._objects_loaded:
            self._objects_loaded = True
            from desktop.services import views

            self.db.call(views.lookup, "objects", on_done=self._fill_objects, owner=self)

    def _fill_objects(self, pairs: list[tuple[int, str]]) -> None:
        self.object_box.blockSignals(True)  # the choice of object is not a change of the check
        try:
            choices.refill(self.object_box, self.object_choices, [self._by_address, *((n, i) for i, n in pairs)])
        finally:
            self.object_box.blockSignals(False)

    def _findings_option_changed(self) -> None:
        if self.path is not None and self.kind_code == "findings":
            self._changed()


__all__ = ["ImportPanel", "PreviewModel"]
