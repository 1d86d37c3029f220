"""A finding: its fields, its rectification actions and evidence, and its status workflow.

Status buttons follow :func:`db.domain.findings.close_problems` (the rule the ledger enforces too):
a move the lifecycle never allows hides its button; a move blocked now (no action with evidence yet)
disables it and says why (tooltip and the line under the buttons). 已验证 asks for the verifier,
风险接受 for the approver and the reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.domain import findings
from db.domain.enums import FindingStatus
from desktop.services import findings as svc
from desktop.ui import theme
from desktop.ui.attachments import AttachmentsView
from desktop.ui.editors import EditorDialog
from desktop.ui.models import RowsModel
from desktop.ui.worker import Database

#: problems this dialog resolves itself by asking (the verifier's name; the approver and the reason)
ASKED = (findings.NEEDS_VERIFIER, findings.NEEDS_APPROVER)


class AcceptRiskDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("风险接受"))
        form = QFormLayout(self)
        intro = QLabel(self.tr("风险接受须由有权限的负责人批准，并写明理由和临时防护措施。"))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.approver = QLineEdit()
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self.tr("批准人 *"), self.approver)
        form.addRow(self.tr("理由 *"), self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def update() -> None:
            ok.setEnabled(bool(self.approver.text().strip() and self.reason.toPlainText().strip()))

        self.approver.textChanged.connect(update)
        self.reason.textChanged.connect(update)


class FindingDialog(EditorDialog):
    """Editor of one finding with the 整改 tab (status, actions) and 附件."""

    def __init__(self, db: Database, record_id: int | None, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(db, "findings", record_id, parent, **kw)
        if record_id is not None:
            self.tabs.setCurrentWidget(self.work_tab)

    def extra_tabs(self) -> None:
        self.work_tab = QWidget()
        layout = QVBoxLayout(self.work_tab)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        hf = self.heading.font()
        hf.setBold(True)
        hf.setPointSizeF(hf.pointSizeF() * 1.15)
        self.heading.setFont(hf)
        layout.addWidget(self.heading)
        box = QGroupBox(self.tr("状态"))
        box_layout = QVBoxLayout(box)
        self.status_label = QLabel()
        box_layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        labels = {
            FindingStatus.IN_PROGRESS.value: self.tr("开始整改"),
            FindingStatus.FIXED.value: self.tr("标记为已整改"),
            FindingStatus.VERIFIED.value: self.tr("验证通过"),
            FindingStatus.RISK_ACCEPTED.value: self.tr("风险接受…"),
            FindingStatus.OPEN.value: self.tr("重新打开"),
        }
        for state, text in labels.items():
            b = QPushButton(text)
            b.setObjectName(f"status_{state}")
            b.clicked.connect(lambda _c=False, s=state: self.move_to(s))
            buttons.addWidget(b)
            self.status_buttons[state] = b
        buttons.addStretch(1)
        box_layout.addLayout(buttons)
        self.why = QLabel()
        self.why.setWordWrap(True)
        self.why.setStyleSheet(f"color: {theme.css(theme.SOON)};")
        box_layout.addWidget(self.why)
        layout.addWidget(box)
        actions_box = QGroupBox(self.tr("整改措施与证明材料"))
        al = QVBoxLayout(actions_box)
        self.actions_model = RowsModel(
            ["action", "responsible", "planned_on", "done_on", "evidence", "verifier"], parent=self,
            titles={"action": self.tr("整改措施")},
        )
        self.actions_view = QTableView()
        self.actions_view.setModel(self.actions_model)
        self.actions_view.verticalHeader().setVisible(False)
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.horizontalHeader().setStretchLastSection(True)
        self.actions_view.doubleClicked.connect(lambda idx: self.edit_action(idx.row()))
        al.addWidget(self.actions_view)
        row = QHBoxLayout()
        self.add_action_button = QPushButton(self.tr("添加整改措施…"))
        self.add_action_button.clicked.connect(self.add_action)
        row.addWidget(self.add_action_button)
        row.addStretch(1)
        al.addLayout(row)
        layout.addWidget(actions_box, 1)
        self.tabs.insertTab(0, self.work_tab, self.tr("整改"))
        self.attachments = AttachmentsView(self.db, "findings", self.record_id)
        self.tabs.insertTab(2, self.attachments, self.tr("附件"))
        enabled = self.record_id is not None
        self.tabs.setTabEnabled(0, enabled)
        self.tabs.setTabEnabled(2, enabled)
        if not enabled:
            self.tabs.setCurrentIndex(1)

    def _history_entity(self) -> str:
        return "findings"

    def after_load(self, record: dict[str, Any]) -> None:
        self.tabs.setTabEnabled(0, True)
        self.tabs.setTabEnabled(2, True)
        self.attachments.set_target(self.record_id)
        self.heading.setText(f"{record.get('object_name') or ''}：{record.get('title') or ''}")
        self.actions_model.set_rows(record.get("actions", []))
        self.actions_view.resizeColumnsToContents()
        state = FindingStatus(record["status"])
        overdue = (
            findings.is_open(state)
            and record.get("deadline") is not None
            and record["deadline"] < date.today()
        )
        text = self.tr("当前状态：%1").replace("%1", state.label)
        if record.get("deadline"):
            text += self.tr("；整改期限 %1").replace("%1", record["deadline"].isoformat())
        if overdue:
            text += self.tr("（已逾期）")
        if state == FindingStatus.RISK_ACCEPTED:
            text += self.tr("；批准人 %1").replace("%1", record.get("accepted_by") or "")
        self.status_label.setText(text)
        color = theme.OVERDUE if overdue else theme.DONE if findings.is_done(state) else None
        self.status_label.setStyleSheet(f"color: {theme.css(color)}; font-weight: bold;" if color else "font-weight: bold;")
        problems = svc.move_problems(record)
        reasons = []
        for st, button in self.status_buttons.items():
            if st == state.value:
                button.setVisible(False)
                continue
            found = problems.get(st, [])
            allowed_ever = not any(r.code == findings.NOT_ALLOWED for r in found)
            # the verifier and the approver are asked for when the button is pressed
            blocking = [r for r in found if r.code not in ASKED]
            reason = blocking[0].message if blocking else ""
            button.setVisible(allowed_ever)
            button.setEnabled(not blocking)
            button.setToolTip(reason)
            if reason and allowed_ever:
                reasons.append(f"“{button.text().rstrip('…')}”：{reason}")
        self.why.setText("\n".join(reasons))
        self.why.setVisible(bool(reasons))

    # ---- actions -------------------------------------------------------------------------------

    def add_action(self) -> None:
        if self.record_id is None:
            return
        dlg = EditorDialog(
            self.db, "rectification_actions", None, self,
            defaults={"finding_id": self.record_id, "responsible": self.record.get("owner")},
        )
        dlg.saved.connect(lambda _i: self.load())
        dlg.open()

    def edit_action(self, row: int) -> None:
        rid = self.actions_model.row_dict(row)["id"]
        dlg = EditorDialog(self.db, "rectification_actions", rid, self)
        dlg.saved.connect(lambda _i: self.load())
        dlg.open()

    def move_to(self, state: str, **extra: Any) -> None:
        if self.record_id is None:
            return
        if state == FindingStatus.RISK_ACCEPTED.value and not extra:
            dlg = AcceptRiskDialog(self)
            dlg.accepted.connect(
                lambda: self.move_to(
                    state, accepted_by=dlg.approver.text(), accepted_reason=dlg.reason.toPlainText()
                )
            )
            dlg.open()
            return
        if state == FindingStatus.VERIFIED.value and not extra:
            from desktop.ui import messages

            verifier = messages.get_text(self, self.tr("验证通过"), self.tr("验证人："))
            if not verifier or not verifier.strip():
                return
            extra = {"verifier": verifier}
        self.db.write(
            svc.change_finding_status, self.record_id, state, **extra,
            on_done=lambda _r: self.load(), on_error=self._save_failed, owner=self,
        )
