"""``check`` on a department server: reports only what it checked, passes on a clean server ledger, and
names what the owner role changed behind the trail's back (real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from pg_server import fresh_database

from db.models import Organization
from db.store import server_admin
from db.store.check import check_ledger
from db.store.storage import open_ledger

pytestmark = pytest.mark.pg


@pytest.fixture
def server() -> Iterator[dict[str, Any]]:
    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        with led.session() as s:
            dept = Organization(name="某厅")
            s.add_all([dept, Organization(name="甲单位", parent=dept)])
            s.flush()
            dept_id = dept.id
        led.close()
        engine = sa.create_engine(srv.url, poolclass=sa.pool.NullPool)
        server_admin.init(engine)
        unit = srv.login_name("unit")
        server_admin.add_user(engine, unit, "unit", dept_id, "pw")
        # one change by the officer, so the trail holds server-written events too
        officer = open_ledger(url=srv.url_as(unit))
        with officer.session() as s:
            s.add(Organization(name="乙单位", parent_id=dept_id))
        officer.close()
        owner = open_ledger(url=srv.url)
        try:
            yield {"srv": srv, "owner": owner, "engine": engine, "unit": unit}
        finally:
            owner.close()
            engine.dispose()


def _fails_naming(ledger: Any, *words: str) -> None:
    report = check_ledger(ledger)
    text = "\n".join(report.lines())
    assert not report.ok, text
    for word in words:
        assert word in text, text


def test_clean_server_ledger_passes_and_says_only_what_ran(server: dict[str, Any]) -> None:
    report = check_ledger(server["owner"])
    lines = report.lines()
    assert report.ok, lines
    text = "\n".join(lines)
    assert "文件完整性" not in text and "外键关系" not in text
    assert "服务器权限：正常" in text and "审计链完整" in text and "审计覆盖：正常" in text
    data = report.as_dict()
    assert data["integrity"] is None and data["server"]["department_server"] is True


def test_a_scoped_officer_is_told_the_chain_was_not_verified(server: dict[str, Any]) -> None:
    officer = open_ledger(url=server["srv"].url_as(server["unit"]))
    try:
        report = check_ledger(officer)
    finally:
        officer.close()
    text = "\n".join(report.lines())
    assert "未核对" in text and "审计链完整" not in text


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        ("UPDATE audit_events SET actor = 'nobody' WHERE id = (SELECT max(id) FROM audit_events)", ["篡改"]),
        ("DELETE FROM audit_events WHERE id = 2", ["缺少编号为 2"]),
        (
            "ALTER TABLE organizations DISABLE TRIGGER dengbao_audit; "
            "UPDATE organizations SET address = '偷改' WHERE name = '甲单位'",
            ["已被停用", "organizations", "address"],
        ),
        ("ALTER TABLE findings DISABLE ROW LEVEL SECURITY", ["findings", "行级安全已被关闭"]),
        ("DROP POLICY dengbao_read ON attachments; DROP POLICY dengbao_write ON attachments", ["attachments", "缺少行级安全策略"]),
        ("GRANT UPDATE ON audit_events TO {unit_group}", ["audit_events", "UPDATE"]),
        ("GRANT TRUNCATE ON organizations TO {unit_group}", ["organizations", "TRUNCATE"]),
        ("DROP TRIGGER dengbao_audit ON protected_objects", ["protected_objects", "缺少审计触发器"]),
    ],
)
def test_tampering_by_the_owner_is_named(server: dict[str, Any], tamper: str, words: list[str]) -> None:
    from db.store.server_sql import group_role

    statement = tamper.format(unit_group=group_role(server["srv"].database, "unit"))
    with server["engine"].begin() as conn:
        conn.exec_driver_sql(statement)
    _fails_naming(server["owner"], *words)
