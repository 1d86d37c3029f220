"""The pre-print check (体检): rules as data, each contradiction of issue 13 found on the demo ledger,
the template chosen by date, and the command line's --check-only / --print-anyway (audited)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import docs_samples as samples
import pytest
import sqlalchemy as sa
from demo_day import DEMO_TODAY

from db.domain.enums import HarmDegree, HarmedObject
from db.models import AuditEvent, Filing, PrintOverride, ProtectedObject
from desktop.documents import preflight as pf
from desktop.services import preflight as pre
from desktop.services.document_data import DocumentDataError

#: every contradiction and blank of issue 13 item 6, by rule id
ITEM_6 = {
    "conclusion-major-open",  # 结论“符合” with a 重大风险隐患 open
    "conclusion-score",  # “差” with 91.3 分 and no high risk
    "accepted-before-submitted",  # 受理日期 before 备案日期
    "report-before-test",  # a 整改报告 dated before its test
    "number-before-acceptance",  # 备案表编号 before acceptance
    "contact-email-blank",  # required fields blank …
    "internet-origin-blank",
    "go-live-blank",
}


def _problems(ledger, kinds=("filing", "rectification", "grading")) -> dict[str, list[pf.Problem]]:
    with ledger.session(write=False) as s:
        oids = s.scalars(sa.select(ProtectedObject.id).order_by(ProtectedObject.id)).all()
    found: dict[str, list[pf.Problem]] = {}
    for oid in oids:
        for kind in kinds:
            try:
                checked = pre.load_checked(ledger, kind, oid, today=DEMO_TODAY, form="2025" if kind == "filing" else None)
            except DocumentDataError:
                continue
            for p in checked.problems:
                found.setdefault(p.rule, []).append(p)
    return found


def test_rules_are_data_and_match_the_checks() -> None:
    rules = pf.load_rules()
    assert set(rules) == set(pf._CHECKS)  # noqa: SLF001 - the registry the rule file must match
    for rule in rules.values():
        assert rule.severity in (pf.BLOCKING, pf.WARNING)
        assert rule.source and rule.message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.message), rule.id
    with pytest.raises(pf.PreflightRuleError):
        pf.parse_rules('[[rules]]\nid="x"\nseverity="fatal"\ndocuments=["filing"]\nmessage="m"\nsource="s"\n')
    with pytest.raises(pf.PreflightRuleError):
        pf.parse_rules('[[rules]]\nid="x"\nseverity="warning"\n')


def test_demo_ledger_holds_each_contradiction_and_the_check_names_it(demo_ledger) -> None:
    found = _problems(demo_ledger)
    assert set(found) >= ITEM_6, ITEM_6 - set(found)
    assert "table6-blank" in found  # units without data categories get the blank 表六 (and are told)
    messages = [p.message for p in found["conclusion-score"]]
    assert any("“差”" in m and "91.3" in m and "高风险问题0个" in m for m in messages), messages
    for rule in ITEM_6 - {"contact-email-blank", "go-live-blank"}:
        assert all(p.blocking for p in found[rule]), rule
    # every line names a record the window can open
    assert all(p.entity and p.record_id for ps in found.values() for p in ps)


def test_form_by_date_and_override() -> None:
    data = samples.filing_packet("1.0")
    day_1846 = date(2025, 4, 27)
    data.filing = replace(data.filing, submitted_on=day_1846)
    assert pf.choose_form(data, DEMO_TODAY)[0] == "2025"
    data.filing = replace(data.filing, submitted_on=date(2025, 4, 26), filled_on=None)
    assert pf.choose_form(data, DEMO_TODAY)[0] == "1.0"
    assert pf.choose_form(data, DEMO_TODAY, "2025") == ("2025", "按指定")
    # a filing being prepared (no dates yet) is made today: 2025
    data.filing = replace(data.filing, submitted_on=None, filled_on=None)
    assert pf.choose_form(data, DEMO_TODAY)[0] == "2025"
    # the 1.0 form forced for a filing after the letter is reported
    data.filing = replace(data.filing, submitted_on=date(2026, 1, 5))
    rules = [p.rule for p in pf.check("filing", data, today=DEMO_TODAY, form="1.0")]
    assert "form-1-0-after-1846" in rules


def test_grading_whose_level_differs_on_the_forms_matrix_is_blocked() -> None:
    data = samples.filing_packet()
    g = data.grading
    g.rule_set = "grading-gbt22240-2020"
    g.business_object, g.business_degree = HarmedObject.NATION.value, HarmDegree.GENERAL.value
    g.service_object, g.service_degree = HarmedObject.CITIZEN.value, HarmDegree.GENERAL.value
    g.business_level, g.service_level, g.level = 3, 1, 3
    on_2025 = [p for p in pf.check("filing", data, today=DEMO_TODAY, form="2025") if p.rule == "level-on-form-matrix"]
    assert len(on_2025) == 1 and on_2025[0].blocking and "第四级" in on_2025[0].message
    on_1_0 = [p for p in pf.check("filing", data, today=DEMO_TODAY, form="1.0") if p.rule == "level-on-form-matrix"]
    assert on_1_0 == []


def test_attachments_and_dates_rules_on_hand_built_data() -> None:
    data = samples.filing_packet()
    data.filing.materials[1] = replace(data.filing.materials[1], attachment=None)
    data.filing = replace(data.filing, accepted_on=date(2025, 6, 1))
    rules = {p.rule for p in pf.check("filing", data, today=DEMO_TODAY)}
    assert {"material-attachment-missing", "accepted-before-submitted"} <= rules
    report = samples.rectification(findings=3)
    assert report.assessment is not None and report.assessment.report_date is not None
    early = date(report.assessment.report_date.year - 1, 1, 1)
    report.today = early
    assert "report-before-test" in {p.rule for p in pf.check("rectification", report, today=early)}
    report.today = report.assessment.report_date
    assert "report-before-test" not in {p.rule for p in pf.check("rectification", report, today=early)}


# ---------------------------------------------------------------------------------------------
# command line


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.cli import main

    path = tmp_path_factory.mktemp("pre") / "L.db"
    assert main(["--db", str(path), "--no-encryption", "demo"]) == 0
    return path


def _object_with(path: Path, rule: str, kind: str = "filing") -> int:
    from db.store.storage import open_ledger

    led = open_ledger(path, encryption=False)
    try:
        with led.session(write=False) as s:
            oids = s.scalars(sa.select(Filing.object_id).order_by(Filing.object_id)).all()
        for oid in oids:
            checked = pre.load_checked(led, kind, oid, today=date.today())
            if rule == "" and not checked.problems:
                return oid
            if rule and any(p.rule == rule for p in checked.problems):
                return oid
    finally:
        led.close()
    raise AssertionError(f"no demo object with {rule or 'no problem'}")


def test_check_only_prints_the_lines_and_changes_nothing(demo_file: Path, tmp_path: Path, capsys) -> None:
    from desktop.cli import main

    blocked = _object_with(demo_file, "accepted-before-submitted")
    clean = _object_with(demo_file, "")
    before = _sha(demo_file)
    capsys.readouterr()
    assert main(["--db", str(demo_file), "print", "filing", "--object", str(clean), "--check-only"]) == 0
    out = capsys.readouterr()
    assert "体检通过" in out.out and "备案表：" in out.out and out.err == ""
    assert main(["--db", str(demo_file), "print", "filing", "--object", str(blocked), "--check-only"]) == 1
    err = capsys.readouterr().err
    assert "【阻断】备案：受理日期" in err and "依据：" in err and "Traceback" not in err
    # printing is refused without --print-anyway: no file, the ledger unchanged
    target = tmp_path / "packet.pdf"
    assert main(["--db", str(demo_file), "print", "filing", "--object", str(blocked), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "--print-anyway" in err and not target.exists() and not list(tmp_path.glob(".dengbao-*"))
    assert _sha(demo_file) == before
    # a usage error: neither --out nor --check-only
    assert main(["--db", str(demo_file), "print", "filing", "--object", str(clean)]) == 2


def test_print_anyway_is_audited(demo_file: Path, tmp_path: Path, capsys) -> None:
    from db.store.storage import open_ledger
    from desktop.cli import main

    blocked = _object_with(demo_file, "accepted-before-submitted")
    target = tmp_path / "packet.pdf"
    capsys.readouterr()
    argv = ["--db", str(demo_file), "print", "filing", "--object", str(blocked), "--out", str(target)]
    assert main([*argv, "--print-anyway"]) == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert "已在审计记录中登记" in capsys.readouterr().err
    led = open_ledger(demo_file, encryption=False)
    try:
        with led.session(write=False) as s:
            row = s.scalars(sa.select(PrintOverride).order_by(PrintOverride.id.desc())).first()
            assert row is not None and row.object_id == blocked and row.document == "filing"
            assert row.blocking >= 1 and "accepted-before-submitted" in (row.rules or "")
            assert row.output == "packet.pdf"
            event = s.scalars(
                sa.select(AuditEvent).where(AuditEvent.entity == "print_overrides", AuditEvent.entity_id == row.id)
            ).one()
            assert event.action == "insert"
    finally:
        led.close()
    assert main(["--db", str(demo_file), "check"]) == 0


def test_conclusions_1846_leaves_open_are_not_called_contradictions() -> None:
    """符合率 exactly 90 % is not decided by 1846号: whatever the assessor concluded is not flagged."""
    from dataclasses import replace
    from datetime import date

    import docs_samples as ds

    from desktop.documents.model import AssessmentInfo
    from desktop.documents.preflight import _conclusion_score

    def hits(rate: float, conclusion: str) -> list:
        a = AssessmentInfo(id=1, kind="test", scheme="conclusion-2025", conclusion=conclusion, compliance_rate=rate,
                           report_date=date(2026, 3, 1))
        return list(_conclusion_score(replace(ds.rectification(1), assessment=a), {}))

    assert hits(90.0, "符合") == [] and hits(90.0, "基本符合") == []
    assert hits(95.0, "不符合")  # a decided case still contradicts
