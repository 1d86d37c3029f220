"""A department server enforces officers' scopes and writes the audit trail itself (real PostgreSQL).

Each officer connects with their own login and runs raw SQL: what the server allows is what they get,
whatever the program would or would not do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from pg_server import Server, fresh_database

from db.models import AuditEvent, Finding, Organization, ProtectedObject
from db.store import server_admin
from db.store.audit import verify_chain
from db.store.check import check_ledger
from db.store.storage import open_ledger

pytestmark = pytest.mark.pg


@pytest.fixture
def server() -> Iterator[dict[str, Any]]:
    """Department 厅 with units 甲 (with a sub-unit 甲一) and 乙; one object and finding each; officers."""
    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        with led.session() as s:
            dept = Organization(name="某厅")
            a = Organization(name="甲单位", parent=dept)
            a1 = Organization(name="甲一分局", parent=a)
            b = Organization(name="乙单位", parent=dept)
            s.add_all([dept, a, a1, b])
            s.flush()
            for org in (a, a1, b):
                s.add(ProtectedObject(organization=org, name=f"{org.name}网站"))
            ids = {"dept": dept.id, "a": a.id, "a1": a1.id, "b": b.id}
        led.close()
        engine = sa.create_engine(srv.url, poolclass=sa.pool.NullPool)
        server_admin.init(engine)
        users = {
            "unit_a": srv.login_name("unit_a"),
            "unit_b": srv.login_name("unit_b"),
            "sup": srv.login_name("sup"),
            "aud": srv.login_name("aud"),
        }
        server_admin.add_user(engine, users["unit_a"], "unit", ids["a"], "pw")
        server_admin.add_user(engine, users["unit_b"], "unit", ids["b"], "pw")
        server_admin.add_user(engine, users["sup"], "supervisor", ids["dept"], "pw")
        server_admin.add_user(engine, users["aud"], "auditor", None, "pw")
        try:
            yield {"srv": srv, "ids": ids, "users": users, "engine": engine}
        finally:
            engine.dispose()


def _names(srv: Server, login: str) -> set[str]:
    engine = srv.engine_as(login)
    try:
        with engine.connect() as conn:
            return set(conn.exec_driver_sql("SELECT name FROM organizations").scalars())
    finally:
        engine.dispose()


def test_each_officer_sees_only_their_subtree_by_raw_sql(server: dict[str, Any]) -> None:
    srv, users = server["srv"], server["users"]
    assert _names(srv, users["unit_a"]) == {"甲单位", "甲一分局"}
    assert _names(srv, users["unit_b"]) == {"乙单位"}
    assert _names(srv, users["sup"]) == {"某厅", "甲单位", "甲一分局", "乙单位"}
    assert _names(srv, users["aud"]) == {"某厅", "甲单位", "甲一分局", "乙单位"}
    engine = srv.engine_as(users["unit_a"])
    with engine.connect() as conn:
        objects = set(conn.exec_driver_sql("SELECT name FROM protected_objects").scalars())
        assert objects == {"甲单位网站", "甲一分局网站"}
    engine.dispose()


def test_a_unit_cannot_change_another_units_rows(server: dict[str, Any]) -> None:
    srv, users, ids = server["srv"], server["users"], server["ids"]
    engine = srv.engine_as(users["unit_a"])
    with engine.begin() as conn:
        changed = conn.execute(
            sa.text("UPDATE organizations SET address = '改了' WHERE id = :i"), {"i": ids["b"]}
        ).rowcount
        deleted = conn.execute(
            sa.text("DELETE FROM protected_objects WHERE organization_id = :i"), {"i": ids["b"]}
        ).rowcount
    assert changed == 0 and deleted == 0
    # nor put a record into another unit's tree
    with pytest.raises(sa.exc.ProgrammingError, match="row-level security"), engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO protected_objects (organization_id, name, object_type, status, created_at, "
                    "updated_at) VALUES (:i, '冒名网站', 'website', 'running', now(), now())"),
            {"i": ids["b"]},
        )
    engine.dispose()
    # its own subtree it may change, and the change is audited with its login and the server's clock
    engine = srv.engine_as(users["unit_a"])
    with engine.begin() as conn:
        assert conn.execute(
            sa.text("UPDATE organizations SET address = '石家庄' WHERE id = :i"), {"i": ids["a1"]}
        ).rowcount == 1
    engine.dispose()
    with sa.create_engine(srv.url, poolclass=sa.pool.NullPool).connect() as conn:
        last = conn.execute(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).mappings().one()
        assert (last["actor"], last["action"], last["field"]) == (users["unit_a"], "update", "address")
        assert last["new_value"] == '"石家庄"'
        assert verify_chain(conn).ok


def test_an_auditor_cannot_write(server: dict[str, Any]) -> None:
    srv, users, ids = server["srv"], server["users"], server["ids"]
    engine = srv.engine_as(users["aud"])
    for statement in (
        f"UPDATE organizations SET address = 'x' WHERE id = {ids['a']}",
        "INSERT INTO institutions (name, created_at, updated_at) VALUES ('某测评机构', now(), now())",
        f"DELETE FROM organizations WHERE id = {ids['a1']}",
    ):
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), engine.begin() as conn:
            conn.exec_driver_sql(statement)
    engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'someone'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "UPDATE audit_head SET last_event_id = 0",
        "TRUNCATE organizations CASCADE",
        "INSERT INTO audit_events (id, at, actor, action, entity, prev_hash, hash) "
        "VALUES (999, now(), 'x', 'insert', 'organizations', 'x', 'x')",
        "DELETE FROM dengbao_audit_pending",
        "ALTER TABLE organizations DISABLE TRIGGER dengbao_audit",
        "SET session_replication_role = replica",
    ],
)
def test_client_roles_cannot_touch_the_trail(server: dict[str, Any], statement: str) -> None:
    srv, users = server["srv"], server["users"]
    for who in ("sup", "unit_a"):
        engine = srv.engine_as(users[who])
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied|must be owner"), engine.begin() as c:
            c.exec_driver_sql(statement)
        engine.dispose()


def test_every_write_by_an_officer_has_its_event_and_check_passes(server: dict[str, Any]) -> None:
    """Through the program (a ledger session as the officer): no client-side event, one from the server."""
    srv, users, ids = server["srv"], server["users"], server["ids"]
    led = open_ledger(url=srv.url_as(users["unit_a"]))
    try:
        with led.session() as s:
            obj = s.scalars(sa.select(ProtectedObject).where(ProtectedObject.organization_id == ids["a"])).one()
            finding = Finding(object_id=obj.id, title="弱口令", description="弱口令")
            s.add(finding)
            s.flush()
            finding_id = finding.id
        with led.session() as s:
            s.get(Finding, finding_id).description = "弱口令（已核实）"
    finally:
        led.close()
    owner = open_ledger(url=srv.url)
    try:
        with owner.connect() as conn:
            events = conn.execute(
                sa.select(AuditEvent.actor, AuditEvent.action, AuditEvent.field)
                .where(AuditEvent.entity == "findings")
                .order_by(AuditEvent.id)
            ).all()
        got = [tuple(e) for e in events]
        assert got[0] == (users["unit_a"], "insert", None)
        assert (users["unit_a"], "update", "description") in got[1:]
        assert len(got) == len(set(got)), "an event written twice (client and server)"
        report = check_ledger(owner)
        assert report.ok, report.lines()
    finally:
        owner.close()


def test_attachments_and_history_follow_their_record(server: dict[str, Any]) -> None:
    """An officer sees the attachments and audit events of their own records only; an administrator (a
    login that is not the owner) sees all and may verify the whole chain."""
    srv, users, ids = server["srv"], server["users"], server["ids"]
    with sa.create_engine(srv.url, poolclass=sa.pool.NullPool).begin() as conn:
        for org in ("a", "b"):
            conn.execute(
                sa.text("INSERT INTO attachments (entity_type, entity_id, filename, size, sha256, data, created_at) "
                        "VALUES ('organizations', :i, :f, 1, 'x', '\\x00', now())"),
                {"i": ids[org], "f": f"{org}.pdf"},
            )
    engine = srv.engine_as(users["unit_a"])
    with engine.connect() as conn:
        files = set(conn.exec_driver_sql("SELECT filename FROM attachments").scalars())
        events = set(conn.exec_driver_sql("SELECT entity_id FROM audit_events WHERE entity = 'organizations'").scalars())
        attached = set(conn.exec_driver_sql(
            "SELECT entity_id FROM audit_events WHERE entity = 'attachments'").scalars())
    engine.dispose()
    assert files == {"a.pdf"}
    assert events == {ids["a"], ids["a1"]}
    assert len(attached) == 1
    admin = srv.login_name("admin")
    server_admin.add_user(server["engine"], admin, "admin", None, "pw")
    led = open_ledger(url=srv.url_as(admin))
    try:
        report = check_ledger(led)
        assert report.ok and "审计链完整" in "\n".join(report.lines()), report.lines()
    finally:
        led.close()


def test_concurrent_officers_keep_one_linear_chain(server: dict[str, Any]) -> None:
    """Writers chained by the server at commit (not behind one row for their whole transaction): the
    chain stays linear, every save has its events, and check passes."""
    import threading

    srv, users, ids = server["srv"], server["users"], server["ids"]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(who: str, org: int, n: int) -> None:
        led = open_ledger(url=srv.url_as(users[who]))
        try:
            start.wait()
            for i in range(10):
                with led.session() as s:
                    s.add(Organization(name=f"{who}-{n}-{i}", parent_id=org))
                    s.flush()
                    s.add(Organization(name=f"{who}-{n}-{i}-b", parent_id=org))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            led.close()

    threads = [
        threading.Thread(target=writer, args=(who, ids[org], n))
        for n, (who, org) in enumerate([("unit_a", "a"), ("unit_a", "a1"), ("unit_b", "b"), ("sup", "dept")])
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    owner = open_ledger(url=srv.url)
    try:
        with owner.connect() as conn:
            chain = verify_chain(conn)
            ids_seen = conn.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id)).scalars().all()
            pending = conn.exec_driver_sql("SELECT count(*) FROM dengbao_audit_pending").scalar()
        assert chain.ok, chain.message()
        assert ids_seen == list(range(1, len(ids_seen) + 1)) and pending == 0
        report = check_ledger(owner)
        assert report.ok, report.lines()
    finally:
        owner.close()


def test_a_disabled_officer_sees_nothing_even_on_an_open_connection(server: dict[str, Any]) -> None:
    srv, users = server["srv"], server["users"]
    engine = srv.engine_as(users["unit_b"])
    conn = engine.connect()
    try:
        assert conn.exec_driver_sql("SELECT count(*) FROM organizations").scalar() == 1
        conn.commit()
        # the entry alone (as when the administrator may not end other sessions) already shuts them out
        with server["engine"].begin() as admin:
            admin.execute(sa.text("UPDATE dengbao_officers SET disabled = true WHERE login = :n"),
                          {"n": users["unit_b"]})
        assert conn.exec_driver_sql("SELECT count(*) FROM organizations").scalar() == 0
        conn.commit()
        with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
            conn.exec_driver_sql("INSERT INTO institutions (name, created_at, updated_at) VALUES ('x', now(), now())")
        conn.rollback()
        assert server_admin.disable_user(server["engine"], users["unit_b"])  # and its sessions are ended
    finally:
        conn.close()
        engine.dispose()
    with pytest.raises(sa.exc.OperationalError), srv.engine_as(users["unit_b"]).connect():
        pass
    officers = {o.login: o for o in server_admin.list_users(server["engine"])}
    assert officers[users["unit_b"]].disabled and not officers[users["unit_b"]].can_login


def test_a_unit_officers_new_day_leaves_no_other_unit_behind(server: dict[str, Any]) -> None:
    """The first officer of the day is a unit officer: their rebuild sees only their subtree, yet marks
    the day. The supervisor who opens next still gets no row of another unit left at yesterday's."""
    from datetime import date, timedelta

    from db.models import LedgerMeta, ObjectDeadline
    from db.repo import deadlines

    srv: Server = server["srv"]
    users = server["users"]
    day1 = date(2026, 12, 1)
    day2 = day1 + timedelta(days=1)
    owner = open_ledger(url=srv.url)
    with owner.session() as s:
        # yesterday's cache, as an all-seeing login left it: one row per object of every unit
        for oid in s.scalars(sa.select(ProtectedObject.id)):
            s.add(ObjectDeadline(object_id=oid, kind="next_drill", due=day1 + timedelta(days=30), rule_set="r",
                                 approximate=False, basis="", computed_on=day1))
        s.merge(LedgerMeta(key=deadlines.META_KEY, value=day1.isoformat()))
    owner.close()
    unit = open_ledger(url=srv.url_as(users["unit_a"]))
    with unit.session() as s:
        deadlines.ensure_fresh(s, day2)  # today: unit 甲 opens first and marks the day
    unit.close()
    sup = open_ledger(url=srv.url_as(users["sup"]))
    with sup.session() as s:
        deadlines.ensure_fresh(s, day2)
        behind = s.scalars(sa.select(ObjectDeadline.object_id).where(ObjectDeadline.computed_on < day2)).all()
    sup.close()
    assert behind == [], "another unit's cached dates were left at yesterday's"
