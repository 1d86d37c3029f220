"""The object page — the heart of the program: header, actions, and the tabs of one 定级对象."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.domain import form_codes as fc
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FilingStatus,
    FindingStatus,
    GradingStatus,
    HarmDegree,
    HarmedObject,
    ObjectStatus,
    ObjectType,
    Risk,
    level_label,
)
from db.domain.findings import is_done, is_open
from desktop.services import attachments as att_svc
from desktop.services import records as svc
from desktop.services import views
from desktop.ui import filedialogs
from desktop.ui.attachments import AttachmentsView
from desktop.ui.columns import title
from desktop.ui.editor_dialogs import editor_for
from desktop.ui.history import HistoryView
from desktop.ui.models import RowsModel
from desktop.ui.objectheader import ObjectHeader
from desktop.ui.windowfit import FlowLayout
from desktop.ui.worker import Database

#: the 测评 table's result column: a level test's score, a 自查's 符合率
SCORE_OR_RATE = "score_or_rate"


def _enum(enum: Any) -> Any:
    def fmt(v: Any) -> str:
        try:
            label: str = enum(v).label
            return label
        except ValueError:
            return str(v or "")

    return fmt


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


def _finding_state(row: dict[str, Any]) -> str | None:
    deadline = row.get("deadline")
    if is_open(row.get("status")) and deadline is not None:
        days = (deadline - date.today()).days
        return "overdue" if days < 0 else "soon" if days <= 30 else None
    if is_done(row.get("status")):
        return "done"
    return None


class ObjectPageView(QWidget):
    """One object; ``show_object(id)`` loads it. Emits ``open_requested`` for records it links to."""

    open_requested = Signal(str, int, object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.object_id: int | None = None
        self.page: views.ObjectPage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # the window's holder (with the 返回 button) has them
        self.header = ObjectHeader()
        layout.addWidget(self.header)
        actions = FlowLayout()  # the buttons wrap in a narrow window
        self.edit_button = QPushButton(self.tr("编辑…"))
        self.edit_button.clicked.connect(self.edit)
        self.wizard_button = QPushButton(self.tr("定级向导…"))
        self.wizard_button.setToolTip(self.tr("按定级规则确定安全保护等级；重新定级会保留原记录"))
        self.wizard_button.clicked.connect(self.open_wizard)
        self.print_filing = QPushButton(self.tr("打印备案材料…"))
        self.print_filing.setToolTip(self.tr("生成备案表及材料并预览"))
        self.print_filing.clicked.connect(lambda: self.print_document("filing"))
        self.print_rect = QPushButton(self.tr("打印整改报告…"))
        self.print_rect.setToolTip(self.tr("生成整改报告并预览"))
        self.print_rect.clicked.connect(lambda: self.print_document("rectification"))
        self.selfcheck_button = QPushButton(self.tr("自查…"))
        self.selfcheck_button.setToolTip(self.tr("按GB/T 22239-2019逐项自查，计算符合率，打印自查报告"))
        self.selfcheck_button.clicked.connect(self.open_selfcheck)
        for b in (self.edit_button, self.wizard_button, self.print_filing, self.print_rect, self.selfcheck_button):
            actions.addWidget(b)
        layout.addLayout(actions)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_tabs()
        self.db.ledger_changed.connect(self.reload)

    # ---- tabs ----------------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        self.overview = QWidget()
        self.overview_form = QFormLayout(self.overview)
        self.overview_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.overview)
        self.tabs.addTab(scroll, self.tr("概况"))

        grading_tab = QWidget()
        gl = QVBoxLayout(grading_tab)
        self.grading_summary = QLabel()
        self.grading_summary.setWordWrap(True)
        self.grading_summary.setTextFormat(Qt.TextFormat.PlainText)
        gl.addWidget(self.grading_summary)
        self.gradings = RowsModel(
            ["graded_on", "level", "business_level", "service_level", "rule_set", "expert_review_date", "status"],
            parent=self,
            formatters={
                "level": level_label, "business_level": level_label, "service_level": level_label,
                "status": _enum(GradingStatus),
            },
        )
        gl.addWidget(_table(self.gradings), 1)
        self.tabs.addTab(grading_tab, self.tr("定级"))

        filing_tab = QWidget()
        fl = QVBoxLayout(filing_tab)
        self.filings = RowsModel(
            ["status", "police_organ", "submitted_on", "accepted_on", "certificate_no", "form_version"],
            parent=self, formatters={"status": _enum(FilingStatus)},
        )
        self.filings_view = _table(self.filings)
        self.filings_view.doubleClicked.connect(lambda i: self._open("filings", self.filings, i.row()))
        fl.addWidget(self.filings_view, 1)
        row = QHBoxLayout()
        self.new_filing = QPushButton(self.tr("登记备案…"))
        self.new_filing.clicked.connect(lambda: self._new("filings"))
        row.addWidget(self.new_filing)
        row.addStretch(1)
        fl.addLayout(row)
        materials_note = QLabel(self.tr("备案材料清单（表五）：双击切换“已具备”，或为所选材料附加文件"))
        materials_note.setWordWrap(True)
        fl.addWidget(materials_note)
        self.materials = RowsModel(
            ["title", "present", "attachment_name"], parent=self,
            formatters={"present": lambda v: self.tr("有") if v else self.tr("无")},
        )
        self.materials_view = _table(self.materials)
        self.materials_view.doubleClicked.connect(lambda i: self.toggle_material(i.row()))
        fl.addWidget(self.materials_view, 1)
        mrow = QHBoxLayout()
        self.attach_material = QPushButton(self.tr("为所选材料附加文件…"))
        self.attach_material.clicked.connect(self.attach_to_material)
        mrow.addWidget(self.attach_material)
        mrow.addStretch(1)
        fl.addLayout(mrow)
        self.tabs.addTab(filing_tab, self.tr("备案"))

        test_tab = QWidget()
        tl = QVBoxLayout(test_tab)
        # the result (结论, 得分/符合率) right after the kind and date, where the default width shows it
        self.assessments = RowsModel(
            ["kind", "report_date", "conclusion", SCORE_OR_RATE, "institution", "report_no", "major_risk_count",
             "status"],
            parent=self,
            formatters={"kind": _enum(AssessmentKind), "status": _enum(AssessmentStatus)},
            titles={SCORE_OR_RATE: title("score")},
        )
        self.assessments_view = _table(self.assessments)
        self.assessments_view.doubleClicked.connect(lambda i: self._open("assessments", self.assessments, i.row()))
        tl.addWidget(self.assessments_view, 1)
        row = QHBoxLayout()
        self.new_assessment = QPushButton(self.tr("登记测评…"))
        self.new_assessment.clicked.connect(lambda: self._new("assessments"))
        row.addWidget(self.new_assessment)
        row.addStretch(1)
        tl.addLayout(row)
        self.tabs.addTab(test_tab, self.tr("测评"))

        find_tab = QWidget()
        fdl = QVBoxLayout(find_tab)
        self.findings_summary = QLabel()
        fdl.addWidget(self.findings_summary)
        self.findings = RowsModel(
            ["title", "risk", "major_hazard", "status", "owner", "deadline", "actions"],
            parent=self,
            formatters={
                "risk": _enum(Risk), "status": _enum(FindingStatus),
                "major_hazard": lambda v: self.tr("是") if v else "",
            },
            state=_finding_state,
        )
        self.findings_view = _table(self.findings)
        self.findings_view.doubleClicked.connect(lambda i: self._open("findings", self.findings, i.row()))
        fdl.addWidget(self.findings_view, 1)
        row = QHBoxLayout()
        self.new_finding = QPushButton(self.tr("登记问题…"))
        self.new_finding.clicked.connect(lambda: self._new("findings"))
        row.addWidget(self.new_finding)
        row.addStretch(1)
        fdl.addLayout(row)
        self.tabs.addTab(find_tab, self.tr("问题整改"))

        self.attachments = AttachmentsView(self.db, "protected_objects", None)
        self.tabs.addTab(self.attachments, self.tr("附件"))
        self.history = HistoryView(self.db, "protected_objects", None)
        self.tabs.addTab(self.history, self.tr("历史"))
        self.tabs.currentChanged.connect(self._tab_changed)

    # ---- loading -------------------------------------------------------------------------------

    def show_object(self, object_id: int) -> None:
        self.object_id = object_id
        self.history.loaded = False
        self.reload()

    def reload(self) -> None:
        if self.object_id is None:
            return
        self.db.call(
            views.object_page, self.object_id, date.today(), on_done=self._show, on_error=self._failed, owner=self
        )

    def _failed(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, views.NotFoundError):
            self.header.name.setText(str(exc))
            return
        from desktop.ui.errors import show_error

        show_error(exc, tb, self)

    def _show(self, page: views.ObjectPage) -> None:
        if page.id != self.object_id:
            return
        self.page = page
        self.header.show_page(page)
        self._fill_overview(page)
        current = next((g for g in page.gradings if g["status"] != GradingStatus.SUPERSEDED.value), None)
        if current:
            self.grading_summary.setText(
                self.tr("当前定级：%1（%2）。业务信息：%3 — %4；系统服务：%5 — %6。")
                .replace("%1", level_label(current["level"]))
                .replace("%2", GradingStatus(current["status"]).label)
                .replace("%3", HarmedObject(current["business_object"]).label)
                .replace("%4", HarmDegree(current["business_degree"]).label)
                .replace("%5", HarmedObject(current["service_object"]).label)
                .replace("%6", HarmDegree(current["service_degree"]).label)
            )
        else:
            self.grading_summary.setText(self.tr("尚未定级。点击“定级向导”开始。"))
        self.gradings.set_rows(list(page.gradings))
        self.filings.set_rows(list(page.filings))
        self.materials.set_rows(list(page.materials))
        self.assessments.set_rows([{**a, SCORE_OR_RATE: self.score_or_rate(a)} for a in page.assessments])
        self.findings.set_rows(list(page.findings))
        open_n = sum(1 for f in page.findings if is_open(f["status"]))
        overdue_n = sum(1 for f in page.findings if _finding_state(f) == "overdue")
        self.findings_summary.setText(
            self.tr("共 %1 个问题，未完成 %2 个，其中逾期 %3 个。")
            .replace("%1", str(len(page.findings))).replace("%2", str(open_n)).replace("%3", str(overdue_n))
        )
        for view in (self.filings_view, self.assessments_view, self.findings_view, self.materials_view):
            view.resizeColumnsToContents()
        filing_ids = [f["id"] for f in page.filings]
        self.attachments.set_target(page.id, [("filings", filing_ids)])
        self.print_rect.setEnabled(bool(page.findings))
        self.print_filing.setEnabled(page.level is not None)
        if self.tabs.currentWidget() is self.history:
            self.history.load(page.id)

    def _fill_overview(self, page: views.ObjectPage) -> None:
        form = self.overview_form
        while form.rowCount():
            form.removeRow(0)
        r = page.record
        en = [n for n, k in page.domains if k == "en"]
        cn = [n for n, k in page.domains if k == "cn"]

        def code(options: list[tuple[str, str]], value: Any) -> str:
            return fc.label_of(options, value) if value else ""

        # unknown (None) is shown blank
        badge: dict[bool | None, str] = {True: self.tr("已悬挂党政机关网站标识"), False: self.tr("未悬挂")}
        rows = [
            (self.tr("名称"), r.get("name")),
            (self.tr("所属单位"), page.organization),
            (self.tr("对象类型"), _enum(ObjectType)(r.get("object_type"))),
            (self.tr("运行状态"), _enum(ObjectStatus)(r.get("status"))),
            (self.tr("系统编号"), r.get("code")),
            (self.tr("网站名称"), r.get("site_name")),
            (self.tr("英文域名"), "\n".join(en)),
            (self.tr("中文域名"), "\n".join(cn)),
            (self.tr("源站IP"), "\n".join(r.get("ip_ranges") or [])),
            (self.tr("协议/端口"), "、".join(r.get("ports") or [])),
            (self.tr("ICP备案号"), r.get("icp_number")),
            (self.tr("公安联网备案号"), r.get("psb_number")),
            (self.tr("政府网站标识码"), r.get("site_code")),
            (self.tr("挂标"), badge.get(r.get("badge_displayed"), "")),
            (self.tr("开办审核"), r.get("opening_review")),
            (self.tr("网站群"), r.get("website_group")),
            (self.tr("业务类型"), code(fc.BUSINESS_TYPE_2025, r.get("business_type"))),
            (self.tr("服务范围"), code(fc.SERVICE_SCOPE, r.get("service_scope"))),
            (self.tr("服务对象"), code(fc.SERVICE_OBJECTS, r.get("service_objects"))),
            (self.tr("网络性质"), code(fc.NETWORK_NATURE, r.get("network_nature"))),
            (self.tr("投入运行"), r["go_live_date"].isoformat() if r.get("go_live_date") else ""),
            (self.tr("业务描述"), r.get("business_desc")),
        ]
        for label, value in rows:
            v = QLabel(str(value or "—"))
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label + "：", v)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.history and self.object_id is not None and not self.history.loaded:
            self.history.load(self.object_id)

    def score_or_rate(self, assessment: dict[str, Any]) -> str:
        """The 得分/符合率 cell: a level test's score (or, under the 2025 scheme, its 符合率); a 自查's
        符合率, which completing a self-inspection records on its assessment; “未记录” for a 自查
        registered without one (its self-inspection was not done in this program)."""
        score, rate = assessment.get("score"), assessment.get("compliance_rate")
        if assessment.get("kind") == AssessmentKind.SELF_CHECK.value:
            if rate is not None:
                return f"{rate:g}%"
            return f"{score:.1f}" if score is not None else self.tr("未记录")
        if score is not None:
            return f"{score:.1f}"
        return "" if rate is None else f"{rate:g}%"

    # ---- actions -------------------------------------------------------------------------------

    def _open(self, entity: str, model: RowsModel, row: int) -> None:
        rid = model.row_dict(row)["id"]
        self.open_requested.emit(entity, rid, self.object_id)

    def _new(self, entity: str) -> None:
        if self.object_id is None:
            return
        defaults: dict[str, Any] = {"object_id": self.object_id}
        if entity == "findings":
            defaults.update(found_on=date.today().isoformat(), risk=Risk.MEDIUM.value)
            latest = next((a for a in self.page.assessments if a["status"] == "reported"), None) if self.page else None
            if latest:
                defaults["assessment_id"] = latest["id"]
        if entity == "filings":
            defaults["status"] = FilingStatus.PREPARING.value
        dlg = editor_for(self.db, entity, None, self, defaults=defaults)
        dlg.open()

    def edit(self) -> None:
        if self.object_id is not None:
            editor_for(self.db, "protected_objects", self.object_id, self).open()

    def open_wizard(self) -> None:
        if self.page is None:
            return
        from desktop.ui.wizard import GradingWizard

        wiz = GradingWizard(self.db, self.page.id, self.page.name, self, previous_level=self.page.level)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.open()

    def open_selfcheck(self) -> None:
        if self.page is None:
            return
        from desktop.ui.selfcheck import SelfCheckDialog

        dialog = SelfCheckDialog(self.db, self.page.id, self.page.name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_document(self, kind: str) -> None:
        if self.page is None:
            return
        from desktop.ui.printing import preview_document

        title = {
            "filing": self.tr("备案材料"), "rectification": self.tr("整改报告"), "grading": self.tr("定级报告"),
        }[kind]
        preview_document(self, self.db, kind, self.page.id, f"{self.page.name}-{title}")

    def toggle_material(self, row: int) -> None:
        m = self.materials.row_dict(row)
        self.db.write(svc.set_material, m["id"], present=not m["present"], owner=self)

    def attach_to_material(self) -> None:
        idx = self.materials_view.currentIndex()
        if not idx.isValid() or self.page is None or self.page.filing_id is None:
            return
        m = self.materials.row_dict(idx.row())
        path = filedialogs.open_file(self, self.tr("选择“%1”的文件").replace("%1", m["title"]), purpose="attachments")
        if path:
            self.attach_file_to_material(m["id"], path)

    def attach_file_to_material(self, material_id: int, path: str) -> None:
        from desktop.ui import settings

        filing_id = self.page.filing_id if self.page else None
        if filing_id is None:
            return
        max_mb = int(settings.get("attachments/max_mb"))

        def work(ledger: Any) -> None:
            info = att_svc.add_file(ledger, "filings", filing_id, path, max_mb=max_mb)
            svc.set_material(ledger, material_id, present=True, attachment_id=info.id)

        self.db.write(work, owner=self)
