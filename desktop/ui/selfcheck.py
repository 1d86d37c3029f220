"""自查 window: one object's self-inspection per year, filled control point by control point.

Keyboard: the checklist has the focus; ↑/↓ move, Ctrl+1…Ctrl+4 set 符合 / 部分符合 / 不符合 / 不适用 on
the selected rows, Ctrl+Enter saves the note of the current row, Alt+letters reach every button.
符合率 is shown under the inspection's 部分符合 weight and under every weight the rule data offers,
with the formula beside it; a case 1846号 leaves open is shown as 待确认, never decided here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import self_inspection as svc
from desktop.ui import filedialogs, messages
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database

COLUMNS = ["position", "category_name", "control_point", "verdict_label", "note", "person", "evidence", "carried"]


class SelfCheckDialog(QDialog):
    """The self-inspections of one object: choose a year, fill verdicts, complete, print, export."""

    def __init__(self, db: Database, object_id: int, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.object_id = object_id
        self.object_name = object_name
        self.inspection_id: int | None = None
        self.view_data: svc.InspectionView | None = None
        self.setWindowTitle(self.tr("自查 — %1").replace("%1", object_name))
        self.resize(1100, 720)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("年度：")))
        self.year_box = QComboBox()
        self.year_box.setAccessibleName(self.tr("自查年度"))
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        top.addWidget(self.year_box)
        self.new_button = QPushButton(self.tr("新建本年度自查(&N)"))
        self.new_button.setToolTip(self.tr("按对象的等级和扩展场景生成自查表；上一年度的结论会沿用，只需复核变化"))
        self.new_button.clicked.connect(self.create_this_year)
        top.addWidget(self.new_button)
        top.addWidget(QLabel(self.tr("部分符合计分：")))
        self.weight_box = QComboBox()
        self.weight_box.setAccessibleName(self.tr("部分符合计分"))
        for w in (0.0, 0.5):
            self.weight_box.addItem(f"{w:g}", w)
        self.weight_box.activated.connect(self._header_changed)
        top.addWidget(self.weight_box)
        top.addWidget(QLabel(self.tr("重大风险隐患：")))
        self.hazards = QSpinBox()
        self.hazards.setRange(0, 10000)
        self.hazards.setAccessibleName(self.tr("重大风险隐患数量"))
        self.hazards.editingFinished.connect(self._header_changed)
        top.addWidget(self.hazards)
        top.addStretch(1)
        layout.addLayout(top)

        self.rate_label = QLabel()
        self.rate_label.setWordWrap(True)
        self.rate_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.rate_label)

        self.model = RowsModel(COLUMNS, parent=self, formatters={
            "carried": lambda v: self.tr("沿用上年") if v else "",
            "evidence": lambda v: str(v) if v else "",
        })
        self.model.titles = {
            "position": self.tr("序号"), "category_name": self.tr("安全类"), "control_point": self.tr("控制点"),
            "verdict_label": self.tr("结论"), "note": self.tr("说明"), "person": self.tr("检查人"),
            "evidence": self.tr("证明材料"), "carried": self.tr("沿用"),
        }
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("自查表"))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        for col, width in enumerate((48, 110, 200, 80, 0, 80, 70, 70)):
            if width:
                header.resizeSection(col, width)
        header.setSectionResizeMode(COLUMNS.index("note"), QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_changed(cur.row()))
        layout.addWidget(self.table, 1)

        edit = QHBoxLayout()
        self.verdict_buttons: list[QPushButton] = []
        for n, (code, label) in enumerate(svc.VERDICT_CHOICES, start=1):
            b = QPushButton(f"{label}（Ctrl+{n}）")
            b.clicked.connect(lambda _c=False, v=code: self.set_verdict(v))
            QShortcut(QKeySequence(f"Ctrl+{n}"), self, lambda v=code: self.set_verdict(v))
            edit.addWidget(b)
            self.verdict_buttons.append(b)
        edit.addWidget(QLabel(self.tr("说明：")))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("说明"))
        self.note.setPlaceholderText(self.tr("不符合或部分符合的原因、现状（Ctrl+Enter 保存）"))
        self.note.returnPressed.connect(self.save_note)
        edit.addWidget(self.note, 1)
        self.person = QLineEdit()
        self.person.setAccessibleName(self.tr("检查人"))
        self.person.setPlaceholderText(self.tr("检查人"))
        self.person.setMaximumWidth(120)
        edit.addWidget(self.person)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save_note)
        layout.addLayout(edit)

        actions = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("添加证明材料(&A)…"))
        self.attach_button.clicked.connect(self.attach)
        self.complete_button = QPushButton(self.tr("完成自查(&C)…"))
        self.complete_button.setToolTip(self.tr("不符合、部分符合项登记为问题（来源：自查），按风险确定整改期限"))
        self.complete_button.clicked.connect(self.complete)
        self.report_button = QPushButton(self.tr("打印自查报告(&P)…"))
        self.report_button.clicked.connect(self.print_report)
        self.export_button = QPushButton(self.tr("导出自查表(&X)…"))
        self.export_button.clicked.connect(self.export)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        for b in (self.attach_button, self.complete_button, self.report_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(close)
        layout.addLayout(actions)
        self._set_enabled(False)
        self.reload_years()

    # ---- loading -------------------------------------------------------------------------------

    def reload_years(self, select: int | None = None) -> None:
        def done(rows: list[tuple[int, int, date | None]]) -> None:
            self.year_box.blockSignals(True)
            self.year_box.clear()
            for iid, year, completed in rows:
                state = self.tr("已完成") if completed else self.tr("进行中")
                self.year_box.addItem(f"{year}（{state}）", iid)
            self.year_box.blockSignals(False)
            index = max(0, self.year_box.findData(select)) if select is not None else 0
            if rows:
                self.year_box.setCurrentIndex(index)
                self._year_chosen(index)
            else:
                self.rate_label.setText(self.tr("该对象还没有自查记录。请点“新建本年度自查”。"))

        self.db.call(svc.inspections, self.object_id, on_done=done, owner=self)

    def _year_chosen(self, index: int) -> None:
        iid = self.year_box.itemData(index)
        if iid is None:
            return
        self.inspection_id = int(iid)
        self.load()

    def load(self) -> None:
        if self.inspection_id is not None:
            self.db.call(svc.show, self.inspection_id, on_done=self._show, owner=self)

    def _show(self, view: svc.InspectionView) -> None:
        current = self.table.currentIndex().row()
        self.view_data = view
        self.model.set_rows([{k: getattr(i, k) for k in (*COLUMNS, "id")} for i in view.items])
        self.weight_box.setCurrentIndex(max(0, self.weight_box.findData(view.partial_weight)))
        self.hazards.setValue(view.major_hazards)
        c = view.counts
        rate = "—" if view.rate is None else f"{view.rate:g}%"
        both = "；".join(f"部分符合按{w:g}计：{'—' if r is None else f'{r:g}%'}" for w, r in view.rates)
        verdict = (self.tr("结论：%1").replace("%1", view.conclusion.label) if view.conclusion.label
                   else self.tr("结论待确认：%1").replace("%1", "；".join(view.conclusion.flags)))
        lines = [
            self.tr("%1 %2，%3项控制点：符合%4，部分符合%5，不符合%6，不适用%7，未判定%8。").replace("%1", view.level_label)
            .replace("%2", self.object_name).replace("%3", str(len(view.items))).replace("%4", str(c.conform))
            .replace("%5", str(c.partial)).replace("%6", str(c.nonconform)).replace("%7", str(c.not_applicable))
            .replace("%8", str(c.open)),
            f"符合率 {rate}（{view.formula}）。{both}。{verdict}",
        ]
        if view.carried_open:
            lines.append(self.tr("%1项沿用上一年度结论，尚未复核。").replace("%1", str(view.carried_open)))
        if view.completed_on:
            lines.append(self.tr("已于%1完成，登记问题%2项。").replace("%1", view.completed_on.isoformat())
                         .replace("%2", str(len(view.findings))))
            if view.next_due:
                lines.append(self.tr("下次自查：%1").replace("%1", view.next_due.due.isoformat()))
        self.rate_label.setText("\n".join(lines))
        self._set_enabled(True, editable=view.completed_on is None)
        if view.items:
            self.table.selectRow(min(max(current, 0), len(view.items) - 1))
            self.table.setFocus()

    def _set_enabled(self, on: bool, *, editable: bool = True) -> None:
        for w in (*self.verdict_buttons, self.note, self.person, self.attach_button, self.complete_button,
                  self.weight_box, self.hazards):
            w.setEnabled(on and editable)
        for w in (self.report_button, self.export_button):
            w.setEnabled(on)

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            item = self.model.row_dict(row)
            self.note.setText(item.get("note") or "")
            self.person.setText(item.get("person") or "")

    def _selected_positions(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [int(self.model.row_dict(r)["position"]) for r in rows]

    # ---- changes -------------------------------------------------------------------------------

    def _write(self, fn: Any, *args: Any, **kwargs: Any) -> None:
        self.db.write(fn, *args, on_done=lambda _r: self.load(), owner=self, **kwargs)

    def set_verdict(self, code: str) -> None:
        if self.inspection_id is None or not self.verdict_buttons[0].isEnabled():
            return
        person = self.person.text().strip() or None
        changes = [svc.Verdict(p, code, person=person, checked_on=date.today()) for p in self._selected_positions()]
        if changes:
            self._write(svc.set_verdicts, self.inspection_id, changes)

    def save_note(self) -> None:
        if self.inspection_id is None or not self.note.isEnabled():
            return
        changes = [svc.Verdict(p, note=self.note.text().strip(), person=self.person.text().strip())
                   for p in self._selected_positions()]
        if changes:
            self._write(svc.set_verdicts, self.inspection_id, changes)

    def _header_changed(self, *_a: Any) -> None:
        if self.inspection_id is None or self.view_data is None or self.view_data.completed_on:
            return
        self._write(svc.set_header, self.inspection_id, partial_weight=float(self.weight_box.currentData()),
                    major_hazards=self.hazards.value())

    def create_this_year(self) -> None:
        year = date.today().year
        self.db.write(svc.create, self.object_id, year, today=date.today(),
                      on_done=lambda iid: self.reload_years(select=iid), owner=self)

    def attach(self) -> None:
        positions = self._selected_positions()
        if self.view_data is None or len(positions) != 1:
            messages.info(self, self.tr("添加证明材料"), self.tr("请先选中一个控制点。"))
            return
        path = filedialogs.open_file(self, self.tr("选择证明材料"), purpose="attachment")
        if not path:
            return
        from desktop.services import attachments

        item_id = self.view_data.items[positions[0] - 1].id
        self._write(attachments.add_file, svc.ITEM_ENTITY, item_id, path)

    def complete(self) -> None:
        if self.inspection_id is None:
            return
        if not messages.ask(self, self.tr("完成自查"),
                            self.tr("完成后结论不能再修改，不符合和部分符合项将登记为问题。继续吗？")):
            return
        self._write(svc.complete, self.inspection_id, on=date.today())

    def _suggested(self, what: str, suffix: str) -> str:
        year = self.view_data.year if self.view_data else date.today().year
        return f"{self.object_name}-{year}年度{what}{suffix}"

    def print_report(self) -> None:
        if self.inspection_id is None:
            return
        path = filedialogs.save_file(self, self.tr("保存自查报告"), self._suggested("自查报告", ".pdf"),
                                     "PDF (*.pdf)", purpose="print")
        if path:
            self.db.call(svc.print_report, self.inspection_id, path, overwrite=True,
                         on_done=lambda _n: messages.open_outside(self, path), owner=self)

    def export(self) -> None:
        if self.inspection_id is None:
            return
        path = filedialogs.save_file(self, self.tr("导出自查表"), self._suggested("自查表", ".xlsx"),
                                     "Excel (*.xlsx)", purpose="export")
        if path:
            self.db.call(svc.export_xlsx, self.inspection_id, path, overwrite=True,
                         on_done=lambda _n: messages.info(self, self.tr("导出自查表"),
                                                          self.tr("已导出：%1").replace("%1", path)), owner=self)
