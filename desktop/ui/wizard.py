"""定级向导: 业务信息 and 系统服务 harm analysis on the rule set in force, the matrix, expert review, approval."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from db.domain import rules, validators
from db.domain.enums import level_label
from db.domain.validators import ValidationError
from desktop.services import grading as svc
from desktop.ui import theme
from desktop.ui.forms import DateEdit
from desktop.ui.worker import Database

Index = QModelIndex | QPersistentModelIndex
HIGHLIGHT = QColor("#dbe8f7")
BOTH = QColor("#b9d3f0")


class MatrixModel(QAbstractTableModel):
    """The grading matrix: rows 受侵害的客体, columns 侵害程度, cells 第N级; chosen cells highlighted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: rules.GradingMatrix | None = None
        self.business: tuple[str, str] | None = None
        self.service: tuple[str, str] | None = None

    def set_matrix(self, matrix: rules.GradingMatrix) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.endResetModel()

    def set_choice(self, business: tuple[str, str] | None, service: tuple[str, str] | None) -> None:
        self.business, self.service = business, service
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.objects)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.degrees)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.matrix is None:
            return None
        items = self.matrix.degrees if orientation == Qt.Orientation.Horizontal else self.matrix.objects
        return items[section][1] if 0 <= section < len(items) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.matrix is None or not self.hasIndex(index.row(), index.column()):
            return None
        obj = self.matrix.objects[index.row()][0]
        deg = self.matrix.degrees[index.column()][0]
        marks = []
        if self.business == (obj, deg):
            marks.append(self.tr("业务信息"))
        if self.service == (obj, deg):
            marks.append(self.tr("系统服务"))
        if role == Qt.ItemDataRole.DisplayRole:
            text = level_label(self.matrix.level(obj, deg))
            return f"{text}\n（{'、'.join(marks)}）" if marks else text
        if role == Qt.ItemDataRole.BackgroundRole and marks:
            return BOTH if len(marks) == 2 else HIGHLIGHT
        if role == Qt.ItemDataRole.FontRole and marks:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.matrix.cell(obj, deg).statement
        return None


class StartPage(QWizardPage):
    def __init__(self, wizard: GradingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("定级对象与日期"))
        self.setSubTitle(self.tr("定级结果按定级日期当天有效的规则确定。"))
        form = QFormLayout(self)
        self.object_label = QLabel(wizard.object_name)
        self.object_label.setWordWrap(True)
        form.addRow(self.tr("定级对象"), self.object_label)
        self.date = DateEdit()
        self.date.setText(date.today().isoformat())
        self.date.changed.connect(self._date_changed)
        form.addRow(self.tr("定级日期 *"), self.date)
        self.date_error = QLabel()
        self.date_error.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        form.addRow("", self.date_error)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        form.addRow(self.tr("适用规则"), self.rule_label)
        self.filled_by = QLineEdit()
        form.addRow(self.tr("填表人"), self.filled_by)
        if wizard.previous_level:
            prev = QLabel(self.tr("当前等级：%1。保存后原定级记录标记为“已被重新定级取代”，历史保留。").replace(
                "%1", level_label(wizard.previous_level)))
            prev.setWordWrap(True)
            form.addRow("", prev)
        self._date_changed()

    def graded_on(self) -> date | None:
        try:
            return validators.parse_date(self.date.text(), field="graded_on")
        except ValidationError:
            return None

    def _date_changed(self) -> None:
        d = self.graded_on()
        if d is None:
            self.date_error.setText(self.tr("请填写正确的日期，如 2025-06-01"))
        elif d > date.today():
            self.date_error.setText(self.tr("定级日期不能晚于今天"))
        else:
            self.date_error.setText("")
            rs = rules.in_force("grading", d)
            self.w.set_rule_set(rs.id)
            self.rule_label.setText(f"{rs.name}（{rs.source}）")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        d = self.graded_on()
        return d is not None and d <= date.today()


class HarmPage(QWizardPage):
    """One harm analysis: what is harmed, and how badly."""

    def __init__(self, wizard: GradingWizard, which: str) -> None:
        super().__init__()
        self.w = wizard
        self.which = which
        if which == "business":
            self.setTitle(self.tr("业务信息安全"))
            self.setSubTitle(self.tr("业务信息遭到破坏（泄露、篡改、丢失）时，受侵害的客体和侵害程度。"))
        else:
            self.setTitle(self.tr("系统服务安全"))
            self.setSubTitle(self.tr("系统服务遭到破坏（中断、无法访问）时，受侵害的客体和侵害程度。"))
        layout = QVBoxLayout(self)
        self.desc = QPlainTextEdit()
        self.desc.setTabChangesFocus(True)  # Tab moves on; a tab character is never wanted here
        self.desc.setPlaceholderText(self.tr("简述承载的业务信息或提供的服务"))
        self.desc.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        layout.addWidget(self.desc)
        self.objects_box = QGroupBox(self.tr("受侵害的客体 *"))
        self.objects = QButtonGroup(self)
        QVBoxLayout(self.objects_box)
        layout.addWidget(self.objects_box)
        self.degrees_box = QGroupBox(self.tr("侵害程度 *"))
        self.degrees = QButtonGroup(self)
        QHBoxLayout(self.degrees_box)
        layout.addWidget(self.degrees_box)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab moves on; a tab character is never wanted here
        self.reason.setPlaceholderText(self.tr("判断理由（写入定级报告）"))
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        layout.addWidget(self.reason)
        self.result = QLabel()
        self.result.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.result)
        self.objects.idClicked.connect(lambda _i: self._changed())
        self.degrees.idClicked.connect(lambda _i: self._changed())

    def set_matrix(self, matrix: rules.GradingMatrix) -> None:
        chosen = self.choice()
        for group, box, items in (
            (self.objects, self.objects_box, matrix.objects),
            (self.degrees, self.degrees_box, matrix.degrees),
        ):
            for b in group.buttons():
                group.removeButton(b)
                b.deleteLater()
            box_layout = box.layout()
            assert box_layout is not None  # made with the box in __init__
            for i, (code, label) in enumerate(items):
                rb = QRadioButton(label)
                rb.setObjectName(f"{self.which}_{code}")
                rb.setProperty("code", code)
                group.addButton(rb, i)
                box_layout.addWidget(rb)
        if chosen:
            self.select(*chosen)
        self._changed()

    def select(self, obj: str, degree: str) -> None:
        for b in self.objects.buttons():
            b.setChecked(b.property("code") == obj)
        for b in self.degrees.buttons():
            b.setChecked(b.property("code") == degree)
        self._changed()

    def choice(self) -> tuple[str, str] | None:
        o, d = self.objects.checkedButton(), self.degrees.checkedButton()
        if o is None or d is None:
            return None
        return str(o.property("code")), str(d.property("code"))

    def _changed(self) -> None:
        c = self.choice()
        if c and self.w.rule_set:
            self.result.setText(self.tr("本项定级：%1").replace("%1", level_label(rules.grade(self.w.rule_set, *c))))
        else:
            self.result.setText("")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.choice() is not None


class ResultPage(QWizardPage):
    def __init__(self, wizard: GradingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("定级结果"))
        self.setSubTitle(self.tr("安全保护等级取业务信息和系统服务两者中较高的等级。"))
        layout = QVBoxLayout(self)
        self.model = MatrixModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(True)
        self.view.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.levels = QLabel()
        layout.addWidget(self.levels)
        self.final = QLabel()
        f = self.final.font()
        f.setPointSizeF(f.pointSizeF() * 1.5)
        f.setBold(True)
        self.final.setFont(f)
        layout.addWidget(self.final)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        matrix = rules.grading_matrix(self.w.rule_set)
        self.model.set_matrix(matrix)
        b, s = self.w.business.choice(), self.w.service.choice()
        self.model.set_choice(b, s)
        if b and s:
            bl, sl = rules.grade(self.w.rule_set, *b), rules.grade(self.w.rule_set, *s)
            final = rules.final_level(bl, sl)
            self.levels.setText(
                self.tr("业务信息安全保护等级：%1；系统服务安全保护等级：%2")
                .replace("%1", level_label(bl)).replace("%2", level_label(sl))
            )
            self.final.setText(self.tr("安全保护等级：%1").replace("%1", level_label(final)))
            self.w.final_level = final


class ReviewPage(QWizardPage):
    def __init__(self, wizard: GradingWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("专家评审"))
        self.setSubTitle(self.tr("第二级以上的定级对象应组织专家评审。尚未评审可留空，之后再次定级时补录。"))
        form = QFormLayout(self)
        self.result = QComboBox()
        self.result.addItem(self.tr("尚未评审"), None)
        self.result.addItem(self.tr("评审通过"), True)
        self.result.addItem(self.tr("评审未通过"), False)
        form.addRow(self.tr("评审结论"), self.result)
        self.date = DateEdit()
        form.addRow(self.tr("评审日期"), self.date)
        self.experts = QLineEdit()
        self.experts.setPlaceholderText(self.tr("姓名，用顿号分隔"))
        form.addRow(self.tr("评审专家"), self.experts)
        self.opinion = QPlainTextEdit()
        self.opinion.setTabChangesFocus(True)  # Tab moves on; a tab character is never wanted here
        self.opinion.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("评审意见"), self.opinion)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        self.error.setWordWrap(True)
        form.addRow("", self.error)
        for sig in (self.result.currentIndexChanged, self.date.changed, self.experts.textChanged):
            sig.connect(lambda *_a: self.completeChanged.emit())

    def review_date(self) -> date | None:
        try:
            return validators.parse_date(self.date.text()) if self.date.text().strip() else None
        except ValidationError:
            return None

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        if self.result.currentData() is None:
            self.error.setText("")
            return True
        problems = []
        if self.review_date() is None:
            problems.append(self.tr("请填写评审日期"))
        if not self.experts.text().strip():
            problems.append(self.tr("请填写评审专家"))
        self.error.setText("；".join(problems))
        return not problems


class ApprovalPage(QWizardPage):
    def __init__(self, wizard: GradingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("主管部门审核"))
        self.setSubTitle(self.tr("有行业主管（监管）部门的，定级结果应经其审核同意。"))
        form = QFormLayout(self)
        self.has = QCheckBox(self.tr("有行业主管部门"))
        form.addRow(self.has)
        self.name = QLineEdit()
        form.addRow(self.tr("主管部门名称"), self.name)
        self.approved = QComboBox()
        self.approved.addItem(self.tr("尚未审核"), None)
        self.approved.addItem(self.tr("审核同意"), True)
        self.approved.addItem(self.tr("审核不同意"), False)
        form.addRow(self.tr("审核结果"), self.approved)
        self.date = DateEdit()
        form.addRow(self.tr("审核日期"), self.date)
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {theme.css(theme.OVERDUE)};")
        form.addRow("", self.error)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        self.has.toggled.connect(self._toggle)
        for sig in (self.name.textChanged, self.approved.currentIndexChanged, self.date.changed):
            sig.connect(lambda *_a: self.completeChanged.emit())
        self._toggle(False)

    def _toggle(self, on: bool) -> None:
        for w in (self.name, self.approved, self.date):
            w.setEnabled(on)
        self.completeChanged.emit()

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.summary.setText(
            self.tr("点击“完成”保存定级：%1。").replace("%1", level_label(self.w.final_level))
        )

    def approval_date(self) -> date | None:
        try:
            return validators.parse_date(self.date.text()) if self.date.text().strip() else None
        except ValidationError:
            return None

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        if not self.has.isChecked():
            self.error.setText("")
            return True
        problems = []
        if not self.name.text().strip():
            problems.append(self.tr("请填写主管部门名称"))
        if self.approved.currentData() and self.approval_date() is None:
            problems.append(self.tr("请填写审核日期"))
        self.error.setText("；".join(problems))
        return not problems


class GradingWizard(QWizard):
    """The 定级向导 of one object; emits :attr:`graded` after the grading is saved."""

    graded = Signal(object)

    def __init__(
        self, db: Database, object_id: int, object_name: str, parent: QWidget | None = None,
        *, previous_level: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.object_id = object_id
        self.object_name = object_name
        self.previous_level = previous_level
        self.rule_set = rules.in_force("grading", date.today()).id
        self.final_level: int | None = None
        self._saving = False
        self.setWindowTitle(self.tr("定级向导 — %1").replace("%1", object_name))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步 >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.business = HarmPage(self, "business")
        self.service = HarmPage(self, "service")
        self.start = StartPage(self)
        self.result_page = ResultPage(self)
        self.review = ReviewPage(self)
        self.approval = ApprovalPage(self)
        for page in (self.start, self.business, self.service, self.result_page, self.review, self.approval):
            self.addPage(page)
        self.set_rule_set(self.rule_set)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 52, em * 40)

    def set_rule_set(self, rule_set: str) -> None:
        if getattr(self, "_applied", None) == rule_set:
            return
        self.rule_set = rule_set
        if hasattr(self, "business"):
            self._applied = rule_set
            matrix = rules.grading_matrix(rule_set)
            self.business.set_matrix(matrix)
            self.service.set_matrix(matrix)

    def grading_input(self) -> svc.GradingInput:
        b, s = self.business.choice(), self.service.choice()
        assert b and s
        graded_on = self.start.graded_on() or date.today()
        return svc.GradingInput(
            object_id=self.object_id,
            rule_set=self.rule_set,
            business_object=b[0],
            business_degree=b[1],
            service_object=s[0],
            service_degree=s[1],
            graded_on=graded_on,
            business_desc=self.business.desc.toPlainText().strip(),
            business_degree_reason=self.business.reason.toPlainText().strip(),
            service_desc=self.service.desc.toPlainText().strip(),
            service_degree_reason=self.service.reason.toPlainText().strip(),
            expert_review_date=self.review.review_date(),
            expert_names=self.review.experts.text().strip(),
            expert_review_passed=self.review.result.currentData(),
            expert_opinion=self.review.opinion.toPlainText().strip(),
            has_supervisor=self.approval.has.isChecked(),
            supervisor_name=self.approval.name.text().strip(),
            supervisor_approved=self.approval.approved.currentData() if self.approval.has.isChecked() else None,
            supervisor_approval_date=self.approval.approval_date(),
            filled_by=self.start.filled_by.text().strip(),
        )

    def accept(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.db.write(svc.save_grading, self.grading_input(), on_done=self._saved, on_error=self._failed, owner=self)

    def _saved(self, result: svc.GradingResult) -> None:
        self._saving = False
        self.graded.emit(result)
        super().accept()

    def _failed(self, exc: BaseException, tb: str) -> None:
        from desktop.ui.errors import show_error

        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(exc, tb, self)
