"""Self-inspection (自查) of a 第三级 object in a real ledger: checklist, verdicts, 符合率 under both
部分符合 weights, findings with deadlines by risk, the next date by the level's cycle, carrying forward."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from db.domain.enums import AssessmentKind, FindingSource, ObjectType
from db.models import Assessment, Finding, Organization, ProtectedObject
from db.repo import deadlines
from db.repo.self_inspection import SelfInspectionError, Verdict
from desktop.services import self_inspection as svc

TODAY = date(2026, 11, 30)


def _object(ledger, level: int | None = 3, object_type: ObjectType = ObjectType.WEBSITE) -> int:
    with ledger.session() as s:
        org = Organization(name=f"某市大数据中心{level}{object_type.value}")
        s.add(org)
        s.flush()
        obj = ProtectedObject(organization_id=org.id, name="政务云平台", current_level=level, object_type=object_type)
        s.add(obj)
        s.flush()
        return int(obj.id)


def _fill(ledger, iid: int, n_items: int) -> None:
    changes = [Verdict(p, "符合", person="李四", checked_on=TODAY) for p in range(1, n_items + 1)]
    changes[1] = Verdict(2, "部分符合", note="门禁记录只保存三个月", person="李四", checked_on=TODAY)
    changes[2] = Verdict(3, "不符合", note="未启用双因素认证", person="李四", checked_on=TODAY, risk="高")
    changes[3] = Verdict(4, "不适用", note="无无线网络")
    changes[4] = Verdict(5, "部分符合")
    svc.set_verdicts(ledger, iid, changes)


def test_a_third_level_self_inspection_end_to_end(ledger) -> None:
    oid = _object(ledger)
    iid = svc.create(ledger, oid, 2026, today=TODAY, inspector="张三")
    view = svc.show(ledger, iid, today=TODAY)
    assert len(view.items) == 71 and view.counts.open == 71 and view.rate is None
    assert view.conclusion.needs_confirmation

    _fill(ledger, iid, 71)
    view = svc.show(ledger, iid, today=TODAY)
    c = view.counts
    assert (c.conform, c.partial, c.nonconform, c.not_applicable, c.open) == (67, 2, 1, 1, 0)
    rates = dict(view.rates)
    assert rates[0.0] == round(100 * 67 / 70, 2) == 95.71
    assert rates[0.5] == round(100 * 68 / 70, 2) == 97.14
    assert view.rate == rates[0.0] and view.conclusion.label == "符合"
    svc.set_header(ledger, iid, partial_weight=0.5, major_hazards=1, on=TODAY)
    view = svc.show(ledger, iid, today=TODAY)
    assert view.rate == 97.14 and "×0.5" in view.formula
    assert view.conclusion.label is None and "重大风险隐患" in view.conclusion.flags[0]  # 1846号 gap: flagged

    aid, created = svc.complete(ledger, iid, on=TODAY)
    assert created == 3
    with ledger.session(write=False) as s:
        found = s.scalars(sa.select(Finding).where(Finding.assessment_id == aid).order_by(Finding.id)).all()
        assert {f.source for f in found} == {FindingSource.SELF_INSPECTION}
        by_cp = {f.control_point: f for f in found}
        risks = sorted((f.risk.value, (f.deadline - f.found_on).days) for f in found)
        assert risks == [("high", 30), ("low", 180), ("low", 180)]
        assert all(f.deadline_rule == "obligations-1846-2025" for f in found)
        assert by_cp[view.items[2].control_point].description == "未启用双因素认证"
        a = s.get(Assessment, aid)
        assert a.kind == AssessmentKind.SELF_CHECK and a.compliance_rate == 97.14 and a.conclusion is None
        dates = deadlines.object_dates(s, oid, TODAY)
    assert dates is not None and dates.next_self_inspection.due == date(2027, 11, 30)
    view = svc.show(ledger, iid, today=TODAY)
    assert view.next_due is not None and view.next_due.due == date(2027, 11, 30)
    assert len(view.findings) == 3
    with pytest.raises(SelfInspectionError, match="已完成"):
        svc.set_verdicts(ledger, iid, [Verdict(1, "不符合")])
    with pytest.raises(SelfInspectionError, match="已于"):
        svc.complete(ledger, iid, on=TODAY)

    # next year: last year's verdicts carried forward; only what changed needs review
    nid = svc.create(ledger, oid, 2027, today=date(2027, 11, 1))
    nxt = svc.show(ledger, nid, today=date(2027, 11, 1))
    assert nxt.carried_open == 71 and nxt.counts.open == 0
    assert nxt.items[2].verdict == "nonconform" and nxt.items[2].note == "未启用双因素认证"
    svc.set_verdicts(ledger, nid, [Verdict(3, "符合", note="已启用")])
    nxt = svc.show(ledger, nid, today=date(2027, 11, 1))
    assert nxt.carried_open == 70 and not nxt.items[2].carried


def test_refusals_leave_the_ledger_unchanged(ledger) -> None:
    oid = _object(ledger)
    ungraded = _object(ledger, level=None)
    with pytest.raises(SelfInspectionError, match="尚未定级"):
        svc.create(ledger, ungraded, 2026, today=TODAY)
    with pytest.raises(SelfInspectionError, match="找不到定级对象"):
        svc.create(ledger, 999999, 2026, today=TODAY)
    with pytest.raises(SelfInspectionError, match="部分符合的计分"):
        svc.create(ledger, oid, 2026, today=TODAY, partial_weight=0.7)
    iid = svc.create(ledger, oid, 2026, today=TODAY)
    with pytest.raises(SelfInspectionError, match="已有2026年度"):
        svc.create(ledger, oid, 2026, today=TODAY)
    with pytest.raises(SelfInspectionError, match="没有序号 72"):
        svc.set_verdicts(ledger, iid, [Verdict(1, "符合"), Verdict(72, "符合")])
    assert svc.show(ledger, iid, today=TODAY).counts.open == 71  # the good first row was not kept either
    with pytest.raises(SelfInspectionError, match="未判定"):
        svc.complete(ledger, iid, on=TODAY)


def test_extension_scenarios_follow_the_object_type(ledger) -> None:
    oid = _object(ledger, object_type=ObjectType.CLOUD)
    view = svc.show(ledger, svc.create(ledger, oid, 2026, today=TODAY, extra_scenarios=["iot"]), today=TODAY)
    assert view.scenarios == ("general", "cloud", "iot")
    assert {i.scenario for i in view.items} == {"general", "cloud", "iot"}


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        (["1=符合", "x=符合"], "第2行的序号"),
        (["3.colour=红"], "字段未知"),
        (["3=好"], "未知的自查结论"),
        (["3.date=2026/11/30"], "YYYY-MM-DD"),
        (["no equals sign"], "应写成"),
        (["1=符合"] * (svc.MAX_LINES + 1), "超过"),
    ],
)
def test_assignment_text_is_checked_line_by_line(lines: list[str], words: str) -> None:
    with pytest.raises(SelfInspectionError, match=words):
        svc.parse_assignments(lines)


def test_assignments_merge_by_position() -> None:
    got = svc.parse_assignments(["# 注释", "\ufeff12=不符合", "12.note=未启用双因素认证", "12.date=2026-11-30", "4=不适用"])
    assert got == [Verdict(4, "na"), Verdict(12, "nonconform", note="未启用双因素认证", checked_on=TODAY)]


@pytest.mark.pg
def test_self_inspection_and_calendar_on_postgresql(pg_ledger) -> None:
    """The same migrations and queries on the server: 0005/0006 columns, 符合率, findings, a 2027 calendar."""
    from calendar_samples import SAMPLE_2027

    from db.domain import holidays
    from desktop.services import calendar

    oid = _object(pg_ledger)
    iid = svc.create(pg_ledger, oid, 2026, today=TODAY)
    _fill(pg_ledger, iid, 71)
    aid, created = svc.complete(pg_ledger, iid, on=TODAY)
    view = svc.show(pg_ledger, iid, today=TODAY)
    assert created == 3 and view.rate == 95.71 and dict(view.rates)[0.5] == 97.14
    try:
        result = calendar.save(pg_ledger, calendar.parse_text(SAMPLE_2027), today=TODAY)
        assert result.year == 2027 and calendar.activate(pg_ledger) == (2027,)
    finally:
        holidays.install([])
