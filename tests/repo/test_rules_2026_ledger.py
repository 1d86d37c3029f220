"""The rules of 2026 in a real ledger: incidents' computed dates on the dashboard's deadline source,
holiday calendars stored in the ledger (2027 approximate until imported, exact afterwards), and the
model agreeing with migrations 0005/0006."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa
from calendar_samples import SAMPLE_2027

from db.domain import holidays, workdays
from db.domain.enums import IncidentStatus, OperatorType, Risk
from db.models import Finding, Incident, IncidentReport, Organization, ProtectedObject
from db.repo import deadlines
from desktop.services import calendar, records

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def no_entered_calendars():
    holidays.install([])
    yield
    holidays.install([])


def _incident(ledger, *, grade: str | None, operator: OperatorType = OperatorType.OTHER) -> int:
    with ledger.session() as s:
        org = Organization(name=f"某市政务服务数据管理局{operator.value}{grade}", operator_type=operator)
        s.add(org)
        s.flush()
        inc = Incident(organization_id=org.id, title="门户网站被篡改", category="网页篡改", grade=grade,
                       discovered_at=datetime(2026, 11, 30, 8, 30), status=IncidentStatus.OPEN)
        s.add(inc)
        s.flush()
        return int(inc.id)


def _items(ledger, incident_id: int) -> dict[str, deadlines.DeadlineItem]:
    with ledger.session() as s:
        items = deadlines.upcoming(s, today=TODAY, horizon_days=30)
    return {i.kind: i for i in items if i.entity == "incidents" and i.entity_id == incident_id}


def test_incident_entered_today_shows_its_deadline_then_the_summary_due(ledger) -> None:
    iid = _incident(ledger, grade="较大")
    items = _items(ledger, iid)
    assert set(items) == {"incident_report"}
    assert "12:30" in items["incident_report"].title and "4小时" in items["incident_report"].basis
    with ledger.session() as s:
        s.add(IncidentReport(incident_id=iid, reported_to="属地省级网信部门", reported_at=datetime(2026, 11, 30, 10),
                             kind="initial"))
    assert _items(ledger, iid) == {}
    with ledger.session() as s:
        s.get(Incident, iid).handling_ended_at = datetime(2026, 12, 5, 17, 0)
    summary = _items(ledger, iid)["incident_summary"]
    assert summary.due == date(2027, 1, 4) and "30日内" in summary.basis
    with ledger.session() as s:
        s.add(IncidentReport(incident_id=iid, reported_to="属地省级网信部门", reported_at=datetime(2026, 12, 20),
                             kind="summary"))
    assert _items(ledger, iid) == {}


def test_an_ordinary_incident_has_no_reporting_deadline(ledger) -> None:
    iid = _incident(ledger, grade="一般", operator=OperatorType.CII)
    assert _items(ledger, iid) == {}
    cii = _incident(ledger, grade="重大", operator=OperatorType.CII)
    assert _items(ledger, cii)["incident_report"].due == date(2026, 11, 30)
    assert "1小时" in _items(ledger, cii)["incident_report"].basis


def test_2027_is_approximate_until_its_calendar_is_imported(ledger, tmp_path) -> None:
    with ledger.session() as s:
        obj = ProtectedObject(organization=Organization(name="某县人民医院"), name="HIS系统", current_level=3)
        s.add(obj)
        s.flush()
        oid = obj.id
    records.save(ledger, "findings", None, {"object_id": oid, "title": "存在重大风险隐患", "risk": Risk.HIGH.value,
                                            "major_hazard": True, "found_on": date(2027, 1, 20)})
    with ledger.session(write=False) as s:
        f = s.scalar(sa.select(Finding).where(Finding.title == "存在重大风险隐患"))
        estimated = (f.deadline, f.deadline_note)
    # 15 working days from 2027-01-20 on Monday–Friday: 2027-02-10
    assert estimated[0] == date(2027, 2, 10)
    with ledger.session() as s:
        reminder = [i for i in deadlines.upcoming(s, today=TODAY) if i.kind == "holiday_calendar"]
    assert reminder and reminder[0].title.startswith("2027年节假日安排尚未录入") and reminder[0].approximate

    path = tmp_path / "2027.toml"
    path.write_text(SAMPLE_2027, encoding="utf-8")
    result = calendar.import_file(ledger, path, today=TODAY)
    assert (result.year, result.replaced, result.findings_recomputed) == (2027, False, 1)
    with ledger.session(write=False) as s:
        f = s.scalar(sa.select(Finding).where(Finding.title == "存在重大风险隐患"))
        # 01-21..02-05 are 12 working days, Saturday 02-06 is worked (13), 02-08..02-12 are off: 02-16
        assert f.deadline == date(2027, 2, 16) and f.deadline_note is None
        assert not [i for i in deadlines.upcoming(s, today=TODAY) if i.kind == "holiday_calendar"]
    assert workdays.is_workday(date(2027, 2, 20)) == (True, False)

    # another process: the calendar comes from the ledger, not from memory
    holidays.install([])
    assert workdays.is_workday(date(2027, 2, 20)) == (False, True)
    assert calendar.activate(ledger) == (2027,)
    assert workdays.is_workday(date(2027, 2, 20)) == (True, False)
    assert [s.origin for s in calendar.status(ledger, TODAY)] == ["builtin", "ledger", "missing"]


def test_a_year_chinese_calendar_knows_is_not_imported(ledger) -> None:
    with pytest.raises(calendar.CalendarError, match="已内置"):
        calendar.save(ledger, holidays.HolidayCalendar(2026, frozenset({date(2026, 5, 4)}), frozenset(), "x",
                                                       date(2025, 11, 4)))


def test_models_agree_with_the_migrations() -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.pool import StaticPool

    from db.models import Base
    from db.store.migrate import _config

    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    with engine.connect() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    mine = ("self_inspection", "holiday_calendars", "handling_ended_at", "followup_needed", "cross_province",
            "incident_reports")
    assert [d for d in diff if any(word in repr(d) for word in mine)] == []


def test_incident_dates_survive_a_day_change(ledger) -> None:
    iid = _incident(ledger, grade=None)
    item = _items(ledger, iid)["incident_report"]
    assert "级别未判定" in item.detail
    with ledger.session() as s:
        later = deadlines.upcoming(s, today=TODAY + timedelta(days=1))
    assert [i for i in later if i.entity_id == iid and i.kind == "incident_report"][0].overdue
