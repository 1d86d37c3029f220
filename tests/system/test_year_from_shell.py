"""An officer's whole year recorded twice — once from the shell (``dengbao-cli``), once in the window —
gives the same ledger, the same audit trail and the same printed 整改报告.

The year: a unit → its website → the grading → the filing, submitted and accepted with its certificate
→ the testing institution and the level test → 30 findings from it → an action with its evidence for
each (an evidence file for a few) → fixed → verified. Then a stale ``edit --if-version`` is refused.

The window's steps drive the real editors offscreen (pytest-qt): the unit, object, filing (created and
moved through its status), institution, assessment, finding and action editors are filled in and saved,
and the finding dialog moves each finding (:meth:`FindingDialog.move_to`, what its buttons call). Two
steps call the service the window's widget calls instead of the widget: the grading wizard's
:func:`desktop.services.grading.save_grading` (with the wizard's answers) and the 附件 tab's
:func:`desktop.services.attachments.add_file`. The report of each ledger is printed (the shell's
``print rectification``; the window's :mod:`desktop.services.documents_io`) and read with pdftotext.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from db.models import AuditEvent, Base
from db.store.storage import open_ledger
from desktop.cli import main

pytestmark = pytest.mark.gui

N_FINDINGS = 30
#: columns that differ by when a step ran, not by what was recorded
TIMES = frozenset({"id", "created_at", "updated_at", "at", "hash", "prev_hash", "actor"})
RISKS = ("high", "medium", "low")
CONTROL_POINTS = (("CES", "身份鉴别", "L3-CES1-01"), ("CNS", "通信传输", "L3-CNS1-02"), ("ABS", "访问控制", "L3-ABS1-07"),
                  ("SMC", "集中管控", "L3-SMC1-05"), ("MMS", "漏洞和风险管理", "L3-MMS1-19"))

UNIT = {"name": "河北省示例厅", "uscc": "11130000MB00000017", "unit_type": None, "security_dept": "信息中心",
        "leader_name": "王主任", "leader_email": "wang@example.gov.cn"}
OBJECT = {"name": "河北省示例厅门户网站", "object_type": "website", "site_name": "示例厅门户",
          "domains": ["www.example.gov.cn"], "go_live_date": "2018-05-01", "badge_displayed": True}
GRADING = {"business_object": "citizen", "business_degree": "serious", "service_object": "society",
           "service_degree": "general", "graded_on": "2026-02-10", "expert_review_date": "2026-02-20",
           "expert_names": "张专家、李专家", "expert_review_passed": True, "filled_by": "赵六"}
FILING = {"form_version": "2025", "police_organ": "河北省公安厅网安总队", "filled_by": "赵六", "filled_on": "2026-02-25"}
INSTITUTION = {"name": "河北某测评中心", "certificate_no": "DJCP2026-0001", "phone": "0311-87802765"}
ASSESSMENT = {"kind": "level_test", "planned_on": "2026-04-01", "started_on": "2026-04-10", "report_date": "2026-05-10",
              "report_no": "DJCP-2026-0001", "scheme": None, "conclusion": None, "status": "reported"}


def _finding(n: int) -> dict[str, Any]:
    cat, point, code = CONTROL_POINTS[n % len(CONTROL_POINTS)]
    return {"title": f"问题{n:02d}：{point}措施不足", "risk": RISKS[n % 3], "category": cat, "control_point": point,
            "test_item_code": code, "owner": f"责任人{n % 4}", "found_on": "2026-05-10",
            "recommendation": f"按{point}要求整改（第{n}项）", "major_hazard": n == 7}


def _action(n: int) -> dict[str, Any]:
    return {"action": f"已按建议完成第{n}项整改", "responsible": f"责任人{n % 4}", "done_on": "2026-07-01",
            "evidence": f"整改前后配置截图{n}"}


def _evidence_file(folder: Path, n: int) -> Path:
    path = folder / f"证明材料{n:02d}.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes([n]) * 64)
    return path


def _pairs(values: dict[str, Any]) -> list[str]:
    out = []
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, list):
            out += [f"{key}={v}" for v in value]
        elif isinstance(value, bool):
            out.append(f"{key}={'是' if value else '否'}")
        else:
            out.append(f"{key}={value}")
    return out


# --------------------------------------------------------------------------------------------------
# the shell
# --------------------------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> str:
    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    assert code == 0, f"{args[:3]}: {err}"
    return out


def year_from_shell(db: Path, files: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    def new(kind: str, values: dict[str, Any]) -> int:
        return int(json.loads(_cli(capsys, db, "add", kind, *_pairs(values), "--json"))["id"])

    assert main(["--db", str(db), "--no-encryption", "init"]) == 0
    org = new("org", UNIT)
    obj = new("object", {"organization_id": org, **OBJECT})
    new("grading", {"object_id": obj, **GRADING})
    filing = new("filing", {"object_id": obj, **FILING})
    _cli(capsys, db, "filing", str(filing), "submitted", "--on", "2026-03-01")
    _cli(capsys, db, "filing", str(filing), "accepted", "--on", "2026-03-20", "--certificate", "13010099001-00001")
    inst = new("institution", INSTITUTION)
    assessment = new("assessment", {"object_id": obj, "institution_id": inst, **ASSESSMENT})
    findings = [new("finding", {"object_id": obj, "assessment_id": assessment, **_finding(n)})
                for n in range(1, N_FINDINGS + 1)]
    for n, fid in enumerate(findings, 1):
        new("action", {"finding_id": fid, **_action(n)})
        extra = ["--evidence", str(_evidence_file(files, n))] if n % 10 == 1 else []
        _cli(capsys, db, "finding", str(fid), "fixed", *extra)
        _cli(capsys, db, "finding", str(fid), "verified", "--verifier", "测评师甲")
    return {"object": obj, "findings": findings}


# --------------------------------------------------------------------------------------------------
# the window
# --------------------------------------------------------------------------------------------------


class Window:
    """The real editors on one ledger, driven as the officer would fill them in."""

    def __init__(self, qtbot: Any, ledger: Any) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.ui import editor_dialogs, fonts  # editor_dialogs: the special editors register
        from desktop.ui.worker import Database

        assert editor_dialogs.editor_for is not None

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        fonts.setup_fonts(app)
        self.qtbot, self.ledger = qtbot, ledger
        self.db = Database(ledger)

    def settle(self, extra: Any = lambda: True) -> None:
        self.qtbot.waitUntil(lambda: self.db.pending == 0 and extra(), timeout=20000)
        self.qtbot.wait(10)
        self.qtbot.waitUntil(lambda: self.db.pending == 0, timeout=20000)

    def open(self, entity: str, record_id: int | None, **kw: Any) -> Any:
        from desktop.ui.editors import editor_for

        dlg = editor_for(self.db, entity, record_id, None, **kw)
        self.qtbot.addWidget(dlg)
        dlg.show()
        self.settle()
        return dlg

    def fill_and_save(self, dlg: Any, values: dict[str, Any]) -> int:
        saved: list[int] = []
        dlg.saved.connect(saved.append)
        for key, value in values.items():
            assert key in dlg.form.widgets, key
            dlg.form.set_value(key, value)
        dlg.save(then_close=False)
        self.settle(lambda: bool(saved) or dlg.banner.isVisible())
        assert saved, dlg.banner.text()
        return saved[-1]

    def new(self, entity: str, values: dict[str, Any], **kw: Any) -> int:
        dlg = self.open(entity, None, **kw)
        record_id = self.fill_and_save(dlg, values)
        dlg._closing_ok = True
        dlg.close()
        return record_id

    def edit(self, entity: str, record_id: int, values: dict[str, Any]) -> None:
        dlg = self.open(entity, record_id)
        self.fill_and_save(dlg, values)
        dlg._closing_ok = True
        dlg.close()

    def shutdown(self) -> None:
        self.db.shutdown()


def year_in_window(window: Window, files: Path) -> dict[str, Any]:
    from desktop.services import attachments, grading
    from desktop.ui.finding import FindingDialog

    org = window.new("organizations", UNIT)
    obj = window.new("protected_objects", {"organization_id": org, **OBJECT})
    # the grading wizard's Finish: its answers, handed to the service it calls
    answers: dict[str, Any] = dict(GRADING)
    answers["graded_on"] = date.fromisoformat(str(answers["graded_on"]))
    answers["expert_review_date"] = date.fromisoformat(str(answers["expert_review_date"]))
    from db.domain import rules

    grading.save_grading(window.ledger, grading.GradingInput(
        object_id=obj, rule_set=rules.in_force("grading", date.today()).id, **answers,
    ))
    filing = window.new("filings", {"object_id": obj, **FILING})
    window.edit("filings", filing, {"status": "submitted", "submitted_on": "2026-03-01"})
    window.edit("filings", filing, {"status": "accepted", "accepted_on": "2026-03-20",
                                    "certificate_no": "13010099001-00001"})
    inst = window.new("institutions", INSTITUTION)
    assessment = window.new("assessments", {"object_id": obj, "institution_id": inst, **ASSESSMENT})
    findings = [window.new("findings", {"object_id": obj, "assessment_id": assessment, **_finding(n)})
                for n in range(1, N_FINDINGS + 1)]
    for n, fid in enumerate(findings, 1):
        window.new("rectification_actions", _action(n), defaults={"finding_id": fid})
        if n % 10 == 1:  # the 附件 tab of the finding dialog
            attachments.add_file(window.ledger, "findings", fid, _evidence_file(files, n))
        dlg = window.open("findings", fid)
        assert isinstance(dlg, FindingDialog)
        dlg.move_to("fixed")
        window.settle()
        dlg.move_to("verified", verifier="测评师甲")
        window.settle()
        dlg._closing_ok = True
        dlg.close()
    return {"object": obj, "findings": findings}


# --------------------------------------------------------------------------------------------------
# comparing
# --------------------------------------------------------------------------------------------------


def ledger_state(path: Path) -> dict[str, list[dict[str, Any]]]:
    led = open_ledger(path, encryption=False)
    try:
        with led.session(write=False) as s:
            conn = s.connection()
            out = {}
            for table in Base.metadata.sorted_tables:
                if table.name in ("audit_events", "audit_head", "ledger_meta", "alembic_version"):
                    continue
                rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).mappings().all()
                out[table.name] = [{k: v for k, v in r.items() if k not in TIMES} for r in rows]
            return out
    finally:
        led.close()


def audit_trail(path: Path) -> list[tuple[Any, ...]]:
    led = open_ledger(path, encryption=False)
    try:
        with led.session(write=False) as s:
            events = s.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
            return [
                (e.action, e.entity, e.entity_id, e.field,
                 _without_times(e.field, e.old_value), _without_times(e.field, e.new_value))
                for e in events
            ]
    finally:
        led.close()


def _without_times(field: str | None, value: str | None) -> str | None:
    """An event's value without the moments it holds (a whole row's, for an insert or a delete)."""
    if field in TIMES or value is None:
        return None
    try:
        row = json.loads(value)
    except ValueError:
        return value
    if isinstance(row, dict):
        return json.dumps({k: v for k, v in row.items() if k not in TIMES}, ensure_ascii=False, sort_keys=True)
    return value


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def isolated_settings(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


def test_a_year_from_the_shell_equals_the_year_in_the_window(
    qtbot: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    isolated_settings: None,
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the printed reports cannot be compared")
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))
    shell_db, window_db = tmp_path / "shell" / "ledger.db", tmp_path / "window" / "ledger.db"
    for folder in (shell_db.parent, window_db.parent, tmp_path / "files-a", tmp_path / "files-b"):
        folder.mkdir()

    shell = year_from_shell(shell_db, tmp_path / "files-a", capsys)

    led = open_ledger(window_db, encryption=False)
    window = Window(qtbot, led)
    try:
        in_window = year_in_window(window, tmp_path / "files-b")
    finally:
        window.shutdown()
    from desktop.services import documents_io

    data = documents_io.load_document_data(led, "rectification", in_window["object"])
    window_pdf = documents_io.render_document("rectification", data, tmp_path / "window.pdf")
    led.close()

    shell_pdf = tmp_path / "shell.pdf"
    _cli(capsys, shell_db, "print", "rectification", "--object", str(shell["object"]), "--out", str(shell_pdf))

    # the same records, field by field
    shell_state, window_state = ledger_state(shell_db), ledger_state(window_db)
    assert len(shell_state["findings"]) == N_FINDINGS and len(shell_state["attachments"]) == 3
    assert {f["status"] for f in shell_state["findings"]} == {"verified"}
    for table in shell_state:
        assert shell_state[table] == window_state[table], table
    # the same audit events
    shell_audit, window_audit = audit_trail(shell_db), audit_trail(window_db)
    assert len(shell_audit) > 30 * 5
    assert {e[:2] for e in shell_audit} >= {("insert", "findings"), ("update", "findings"), ("insert", "attachments"),
                                            ("insert", "rectification_actions"), ("update", "filings")}
    assert shell_audit == window_audit  # in the same order
    # the same printed 整改报告
    shell_text, window_text = pdf_text(shell_pdf), pdf_text(window_pdf)
    assert "整改" in shell_text and "问题30" in shell_text.replace(" ", "")
    assert shell_text == window_text

    # a stale --if-version edit is refused, the ledger unchanged
    fid = str(shell["findings"][0])
    version = json.loads(_cli(capsys, shell_db, "show", "finding", fid, "--json"))["row_version"]
    _cli(capsys, shell_db, "edit", "finding", fid, "owner_dept=信息中心", "--if-version", str(version))
    before = ledger_state(shell_db)
    capsys.readouterr()
    code = main(["--db", str(shell_db), "edit", "finding", fid, "owner_dept=办公室", "--if-version", str(version)])
    err = capsys.readouterr().err
    assert code == 1 and "记录已被他人修改" in err and err.count("\n") == 1
    assert ledger_state(shell_db) == before
