"""The paged list repository: every list filters and sorts in SQL and fetches rows by id."""

from __future__ import annotations

from datetime import date

import pytest
from demo_day import DEMO_TODAY

from db.repo import dashboard, lists, records

ALL = sorted(lists.specs())


@pytest.mark.parametrize("name", ALL)
def test_every_list_queries_and_fetches(demo_ledger, name: str) -> None:
    sp = lists.spec(name)
    with demo_ledger.session(write=False) as s:
        ids = lists.query_ids(s, name, lists.ListQuery(today=DEMO_TODAY))
        assert ids, name
        assert len(ids) == len(set(ids)) == lists.count(s, name, lists.ListQuery(today=DEMO_TODAY))
        rows = lists.fetch_rows(s, name, ids[:50], today=DEMO_TODAY)
        assert set(rows) == set(ids[:50])
        for row in rows.values():
            assert len(row.values) == len(sp.columns)
        for col in sp.columns:
            desc = lists.query_ids(s, name, lists.ListQuery(sort=col.key, descending=True, today=DEMO_TODAY))
            assert sorted(desc) == sorted(ids), col.key


def test_findings_filters(demo_ledger) -> None:
    q = lists.ListQuery(today=DEMO_TODAY)
    with demo_ledger.session(write=False) as s:
        total = lists.query_ids(s, "findings", q)
        overdue = lists.query_ids(s, "findings", lists.ListQuery(overdue_only=True, today=DEMO_TODAY))
        high = lists.query_ids(s, "findings", lists.ListQuery(risk="high", today=DEMO_TODAY))
        open_ = lists.query_ids(s, "findings", lists.ListQuery(status="@open", today=DEMO_TODAY))
        rows = lists.fetch_rows(s, "findings", overdue[:100], today=DEMO_TODAY)
        by_deadline = lists.query_ids(s, "findings", lists.ListQuery(sort="deadline", today=DEMO_TODAY))
        fetched = lists.fetch_rows(s, "findings", by_deadline, today=DEMO_TODAY)
        at = lists.spec("findings").keys.index("deadline")
        deadlines = [fetched[i].values[at] for i in by_deadline]
        summary = dashboard.summary(s, today=DEMO_TODAY)
    assert 0 < len(overdue) < len(total)
    assert all(r.state == "overdue" for r in rows.values())
    assert 0 < len(high) < len(total)
    assert set(overdue) <= set(open_)
    assert len(overdue) == summary.findings_overdue
    assert len(open_) == summary.findings_open
    dated = [d for d in deadlines if d is not None]
    assert dated == sorted(dated)


def test_search_matches_chinese_domain_and_unit(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        by_domain = lists.query_ids(s, "objects", lists.ListQuery(search="编办.政务"))
        orgs = lists.lookup(s, "organizations")
        org_id = next(i for i, n in orgs if n == "河北省机构编制委员会办公室")
        by_org = lists.query_ids(s, "objects", lists.ListQuery(organization_id=org_id))
        third = lists.query_ids(s, "objects", lists.ListQuery(level=3))
        rows = lists.fetch_rows(s, "objects", third, today=date.today())
    assert by_domain and set(by_domain) <= set(by_org) | set(by_domain)
    level = lists.spec("objects").keys.index("level")
    assert all(r.values[level] == "第三级" for r in rows.values())


def test_object_page_and_history(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        oid = lists.query_ids(s, "objects", lists.ListQuery(search="www.hebjgbz.gov.cn"))[0]
        page = records.object_page(s, oid, today=DEMO_TODAY)
        hist = records.history(s, "protected_objects", oid)
        rec = records.get(s, "protected_objects", oid)
    assert page.name == "河北机构编制网"
    assert [k for _n, k in page.domains].count("cn") == 3
    assert page.level is not None and page.gradings
    assert hist and {h["action"] for h in hist} <= {"insert", "update", "delete"}
    assert rec["domains"][0] == "www.hebjgbz.gov.cn"


def test_dashboard_summary_counts(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        summary = dashboard.summary(s, today=DEMO_TODAY, horizon_days=30)
        n_findings = lists.count(s, "findings", lists.ListQuery())
    assert sum(n for _r, _s, n in summary.findings_by_risk_status) == n_findings
    assert summary.overdue_items > 0
    assert any(i.kind == "finding_deadline" for i in summary.items)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("findings", lists.ListQuery(today=DEMO_TODAY)),
        ("findings", lists.ListQuery(sort="deadline", descending=True, today=DEMO_TODAY)),
        ("findings", lists.ListQuery(search="弱口令", today=DEMO_TODAY)),
        ("findings", lists.ListQuery(status="@open", sort="organization", today=DEMO_TODAY)),
        ("findings", lists.ListQuery(overdue_only=True, risk="high", today=DEMO_TODAY)),
        ("objects", lists.ListQuery(search="河北", today=DEMO_TODAY)),
        ("objects", lists.ListQuery(level=3, sort="name", descending=True, today=DEMO_TODAY)),
        ("gradings", lists.ListQuery(today=DEMO_TODAY)),
        ("assessments", lists.ListQuery(sort="object", today=DEMO_TODAY)),
        ("notice_tasks", lists.ListQuery(overdue_only=True, today=DEMO_TODAY)),
    ],
)
def test_first_page_is_the_start_of_the_full_list(demo_ledger, name, query) -> None:
    with demo_ledger.session(write=False) as s:
        full = lists.query_ids(s, name, query)
        for n in (1, 3, 10):
            assert lists.query_ids(s, name, query, limit=n) == full[:n]
        assert lists.count(s, name, query) == len(full)


def test_key_columns_come_first() -> None:
    """At the default window width the state and deadline columns are visible: they lead the list."""
    keys = lists.spec("findings").keys
    assert keys[:6] == ("id", "title", "risk", "status", "deadline", "owner")
    assert lists.spec("findings").stretch_key == "title"
    for name, spec in lists.specs().items():
        assert spec.stretch_key in spec.keys, name
        if "status" in spec.keys:
            assert spec.keys.index("status") <= 4, name


def test_schema_version_without_alembic_matches_alembic(tmp_path) -> None:
    from db.store import migrate, schema_version
    from db.store.storage import open_ledger

    assert schema_version.head_revision() == migrate.head_revision()
    led = open_ledger(tmp_path / "fresh.db", encryption=False)
    try:
        assert schema_version.at_head(led.engine)
        with led.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
        assert not schema_version.at_head(led.engine)
    finally:
        led.close()
