"""The demonstration ledgers: the seed units as given, every state present, province generator sound."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from db.demo.province import build_province
from db.domain.enums import FilingStatus, FindingStatus
from db.models import Domain, Filing, Finding, Organization, ProtectedObject
from db.repo.deadlines import upcoming
from db.store.check import check_ledger

TODAY = date(2026, 11, 21)


def test_seed_units_and_domains_are_as_given(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        parent = s.scalar(sa.select(Organization).where(Organization.name == "河北省机构编制委员会办公室"))
        children = sorted(o.name for o in parent.children)
        assert children == ["河北省事业单位登记管理局", "河北省机构编制电子政务中心", "河北省机构编制研究中心"]
        site = s.scalar(sa.select(ProtectedObject).where(ProtectedObject.organization_id == parent.id))
        names = [d.name for d in site.domains]
        assert names == ["www.hebjgbz.gov.cn", "河北省机构编制委员会办公室.政务", "河北省编办.政务", "河北机构编制网.政务"]
        assert [(c.name, c.office_phone) for c in parent.contacts] == [("李克强", "0311-87802765")]


def test_every_finding_and_filing_state_occurs(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        finding_states = set(s.scalars(sa.select(Finding.status).distinct()))
        filing_states = set(s.scalars(sa.select(Filing.status).distinct()))
    assert finding_states == set(FindingStatus)
    assert {FilingStatus.PREPARING, FilingStatus.SUBMITTED, FilingStatus.ACCEPTED, FilingStatus.RETURNED} <= filing_states


def test_demo_always_has_overdue_and_due_soon_work(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        items = upcoming(s, today=TODAY, horizon_days=30)
    assert any(i.overdue for i in items)
    assert any(not i.overdue for i in items)
    assert any(i.kind == "incident_report" for i in items), "the open incident's reporting clock is shown"


def test_small_province_ledger_is_consistent(tmp_path) -> None:
    from db.store.storage import open_ledger

    led = open_ledger(tmp_path / "p.db", encryption=False)
    counts = build_province(led, today=TODAY, units=12)
    assert counts["单位"] == 12 and counts["定级对象"] == 120 and counts["测评"] == 240 and counts["问题"] == 1200
    report = check_ledger(led)
    assert report.ok, report.lines()
    with led.session(write=False) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Domain)) >= 12
        overdue = s.scalar(
            sa.select(sa.func.count())
            .select_from(Finding)
            .where(Finding.deadline < TODAY, Finding.status.in_([FindingStatus.OPEN, FindingStatus.IN_PROGRESS]))
        )
    assert 0 < overdue < 1200
    assert report.chain is not None and report.chain.events > 1200
    led.close()
