"""The ledger on a PostgreSQL server (skipped with the reason when DENGBAO_TEST_PG_URL is not set)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import sqlalchemy as sa

from db.models import AuditEvent, Domain, Organization, ProtectedObject
from db.store import migrate
from db.store.audit import verify_chain
from db.store.check import check_ledger

pytestmark = pytest.mark.pg


def test_models_and_migrations_run_on_postgresql(pg_ledger) -> None:
    assert pg_ledger.is_server and pg_ledger.path is None
    with pg_ledger.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        tables = set(sa.inspect(conn).get_table_names())
    from db.models import Base

    assert set(Base.metadata.tables) <= tables
    with pg_ledger.session() as s:
        org = Organization(name="河北省机构编制委员会办公室")
        obj = ProtectedObject(organization=org, name="河北机构编制网", ip_ranges=["10.0.0.0/24"])
        obj.domains.append(Domain(name="河北省编办.政务", ascii_name="xn--a", kind="cn"))
        s.add(org)
    with pg_ledger.session(write=False) as s:
        got = s.query(ProtectedObject).one()
        assert got.ip_ranges == ["10.0.0.0/24"] and got.domains[0].name == "河北省编办.政务"


def test_audit_chain_works_and_detects_tampering(pg_ledger) -> None:
    for name in ("甲", "乙", "丙"):
        with pg_ledger.session() as s:
            s.add(Organization(name=name))
    with pg_ledger.session() as s:
        s.query(Organization).filter_by(name="乙").one().address = "石家庄"
    report = check_ledger(pg_ledger)
    assert report.ok and report.chain is not None and report.chain.events == 4
    with pg_ledger.engine.begin() as conn:
        conn.execute(
            sa.update(AuditEvent.__table__)
            .where(AuditEvent.__table__.c.id == 2)
            .values(new_value='{"name": "丁"}')
        )
    report = check_ledger(pg_ledger)
    assert not report.ok and report.chain is not None and report.chain.first_broken_id == 2


def test_concurrent_writers_keep_the_chain_linear(pg_ledger) -> None:
    """Writers on separate connections at once: SELECT … FOR UPDATE on audit_head serialises the links."""
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(15):
                with pg_ledger.session() as s:
                    s.add(Organization(name=f"写入者{n}-{i}"))
                    s.flush()
                    s.add(Organization(name=f"写入者{n}-{i}-b"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with pg_ledger.connect() as conn:
        report = verify_chain(conn)
        ids = conn.execute(sa.select(AuditEvent.id).order_by(AuditEvent.id)).scalars().all()
    assert report.ok, report.message()
    assert ids == list(range(1, 4 * 15 * 2 + 1))


def test_demo_data_loads(pg_ledger) -> None:
    from db.demo.unit import build_demo

    counts = build_demo(pg_ledger, today=date(2026, 11, 21))
    assert all(v > 0 for v in counts.values()), counts
    report = check_ledger(pg_ledger)
    assert report.ok, report.as_dict()
    with pg_ledger.session(write=False) as s:
        assert s.query(Organization).filter_by(name="河北省机构编制委员会办公室").count() == 1


def test_file_backups_are_refused_for_server_ledgers(pg_ledger) -> None:
    from db.store.backup import BackupError, auto_backup, make_backup

    assert auto_backup(pg_ledger) is None
    with pytest.raises(BackupError, match="pg_dump"):
        make_backup(pg_ledger)
