"""The audit trail covers the data: ``check`` names unaudited changes, lost audited changes and a
cut-off chain tail, on plain, encrypted and PostgreSQL ledgers, and stays quiet on normal work.

Every tampering goes through a separate raw connection (python's sqlite3, a keyed SQLCipher
connection, or plain SQL on the server), the way someone bypassing the program would do it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from demo_day import DEMO_TODAY

from db.domain.enums import FindingStatus, OperatorType, OrgStatus
from db.models import (
    Assessment,
    AuditEvent,
    Domain,
    Finding,
    Organization,
    ProtectedObject,
    RectificationAction,
)
from db.store import audit_head
from db.store.audit import verify_chain
from db.store.backup import connect_file
from db.store.check import check_ledger
from db.store.storage import Ledger, open_ledger

KINDS = ["plain", "encrypted", "pg"]


@dataclass
class Target:
    """A ledger under test and a way to change it behind the program's back."""

    kind: str
    ledger: Ledger
    reopen: Callable[[], Ledger]
    raw_sql: Callable[[list[str]], None]


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Server ledgers keep their head record in the per-user data folder: use a private one."""
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))


@pytest.fixture(params=KINDS)
def target(request: pytest.FixtureRequest, ledger_path: Path) -> Iterator[Target]:
    kind = request.param
    if kind == "pg":
        led: Ledger = request.getfixturevalue("pg_ledger")

        def pg_sql(statements: list[str]) -> None:
            engine = sa.create_engine(led.url)
            try:
                with engine.begin() as conn:
                    for sql in statements:
                        conn.exec_driver_sql(sql)
            finally:
                engine.dispose()

        yield Target(kind, led, lambda: led, pg_sql)
        return

    holder = {"ledger": open_ledger(ledger_path, encryption=kind == "encrypted")}
    key = holder["ledger"].key

    def file_sql(statements: list[str]) -> None:
        holder["ledger"].close()  # tampered while the program is closed
        conn = connect_file(ledger_path, key)
        try:
            for sql in statements:
                conn.execute(sql)
        finally:
            conn.close()

    def reopen() -> Ledger:
        holder["ledger"] = open_ledger(ledger_path, create=False)
        return holder["ledger"]

    yield Target(kind, holder["ledger"], reopen, file_sql)
    holder["ledger"].close()


def _seed(ledger: Ledger) -> dict[str, int]:
    """A unit, an object with a domain, an assessment with three findings, in a few sessions."""
    with ledger.session() as s:
        org = Organization(name="河北省编办", address="石家庄")
        obj = ProtectedObject(organization=org, name="河北机构编制网")
        obj.domains.append(Domain(name="河北省编办.政务", ascii_name="xn--test.xn--zfr164b", kind="cn"))
        s.add(org)
        s.flush()
        assessment = Assessment(object_id=obj.id, report_date=date(2026, 3, 1))
        s.add(assessment)
        s.flush()
        findings = [
            Finding(
                object_id=obj.id, assessment_id=assessment.id, title=f"问题{i}", deadline=date(2026, 6, i)
            )
            for i in range(1, 4)
        ]
        s.add_all(findings)
    with ledger.session() as s:
        finding = s.get(Finding, findings[0].id)
        assert finding is not None
        finding.owner = "张三"
        finding.actions.append(RectificationAction(action="改口令", evidence="截图"))
    return {"org": org.id, "object": obj.id, "finding": findings[0].id, "domain": obj.domains[0].id}


def _problems(report: Any) -> list[dict[str, Any]]:
    return report.as_dict()["audit_coverage"]["details"]


# --- (a) changes without an audit event ----------------------------------------------------------


def test_unaudited_update_insert_and_delete_are_named(target: Target) -> None:
    ids = _seed(target.ledger)
    assert check_ledger(target.ledger).ok
    target.raw_sql(
        [
            f"UPDATE findings SET deadline = '2031-01-31' WHERE id = {ids['finding']}",
            "INSERT INTO institutions (id, name, created_at, updated_at) "
            "VALUES (77, '冒名测评机构', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            f"DELETE FROM domains WHERE id = {ids['domain']}",
        ]
    )
    ledger = target.reopen()
    report = check_ledger(ledger)
    assert not report.ok
    assert report.chain is not None and report.chain.ok, "the chain itself was not touched"
    found = {(p["table"], p["id"], p["kind"], p["field"]) for p in _problems(report)}
    assert found == {
        ("findings", ids["finding"], "field", "deadline"),
        ("institutions", 77, "insert", None),
        ("domains", ids["domain"], "delete", None),
    }
    text = "\n".join(report.lines())
    assert f"表 findings 第 {ids['finding']} 条记录的字段 deadline 与审计记录不符" in text
    assert "未经审计的修改或丢失的修改" in text and "检查结果：未通过" in text


# --- (b) audited changes lost or overwritten -----------------------------------------------------


def test_a_lost_audited_change_is_named(target: Target) -> None:
    ids = _seed(target.ledger)
    with target.ledger.session() as s:
        finding = s.get(Finding, ids["finding"])
        assert finding is not None
        finding.owner = "李四"
        finding.status = FindingStatus.IN_PROGRESS
    assert check_ledger(target.ledger).ok
    # the row goes back to its state before the audited edit (e.g. an old copy of the row put back)
    target.raw_sql([f"UPDATE findings SET owner = '张三', status = 'open' WHERE id = {ids['finding']}"])
    report = check_ledger(target.reopen())
    assert not report.ok
    details = {p["field"]: p for p in _problems(report)}
    assert set(details) == {"owner", "status"}
    assert details["owner"]["table"] == "findings" and details["owner"]["id"] == ids["finding"]
    assert "审计记录为 李四" in details["owner"]["message"]


def test_a_lost_delete_is_named(target: Target) -> None:
    _seed(target.ledger)
    with target.ledger.session() as s:
        temp = Organization(name="临时单位")
        s.add(temp)
    with target.ledger.session() as s:
        s.delete(s.get(Organization, temp.id))
    # the deleted record comes back under its old id (e.g. an old copy of the row put back)
    target.raw_sql(
        [
            "INSERT INTO organizations (id, name, operator_type, status, created_at, updated_at) "
            f"VALUES ({temp.id}, '临时单位', '{OperatorType.OTHER.value}', '{OrgStatus.ACTIVE.value}', "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        ]
    )
    report = check_ledger(target.reopen())
    assert not report.ok
    (problem,) = _problems(report)
    assert (problem["table"], problem["id"], problem["kind"]) == ("organizations", temp.id, "deleted")
    assert "按审计记录已被删除，但仍在台账中" in problem["message"]


def test_an_unreadable_value_is_reported_not_raised(target: Target) -> None:
    ids = _seed(target.ledger)
    target.raw_sql([f"UPDATE findings SET status = 'no-such-status' WHERE id = {ids['finding']}"])
    report = check_ledger(target.reopen())
    assert not report.ok
    (problem,) = _problems(report)
    assert (problem["table"], problem["id"], problem["field"]) == ("findings", ids["finding"], "status")


# --- (c) the newest events deleted ---------------------------------------------------------------


def test_a_cut_off_chain_tail_is_caught_by_the_outside_record(target: Target) -> None:
    _seed(target.ledger)
    with target.ledger.connect() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(AuditEvent.__table__)).scalar()
        last = conn.execute(sa.select(AuditEvent.hash).where(AuditEvent.id == events)).scalar()
        keep = conn.execute(sa.select(AuditEvent.hash).where(AuditEvent.id == events - 2)).scalar()
    first = check_ledger(target.ledger)
    assert first.ok and first.head is not None and first.head.recorded is not None
    assert first.head.recorded.events == events and first.head.recorded.last_hash == last
    # the two newest events go, and the head row is set back to match: the chain alone looks intact
    target.raw_sql(
        [
            f"DELETE FROM audit_events WHERE id > {events - 2}",
            f"UPDATE audit_head SET last_event_id = {events - 2}, last_hash = '{keep}' WHERE id = 1",
        ]
    )
    ledger = target.reopen()
    with ledger.connect() as conn:
        assert verify_chain(conn).ok
    report = check_ledger(ledger)
    assert not report.ok
    assert report.head is not None and not report.head.ok
    assert (
        f"审计记录被截断：外部记录的最新第 {events} 条事件（哈希 {last[:16]}…）在台账中不存在"
        in report.lines()
    )
    assert report.as_dict()["audit_head"]["recorded_events"] == events
    # later writes do not move the record past the cut: the evidence stays until a restore resets it
    with ledger.session() as s:
        s.add(Organization(name="截断后新增"))
    assert audit_head.read_for(ledger.url).recorded == first.head.recorded
    assert not check_ledger(ledger).ok


def test_check_cli_exits_1_on_an_unaudited_change(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    led = open_ledger(path, encryption=False)
    ids = _seed(led)
    led.close()
    cli = [sys.executable, "-m", "desktop.cli", "--db", str(path), "check"]
    env = {**os.environ, "DENGBAO_PORTABLE_DIR": str(tmp_path / "profile")}
    clean = subprocess.run(cli, capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    conn = connect_file(path, None)
    conn.execute(f"UPDATE findings SET deadline = '2031-01-31' WHERE id = {ids['finding']}")
    conn.close()
    run = subprocess.run(
        [*cli, "--json"], capture_output=True, text=True, encoding="utf-8", env=env, check=False
    )
    assert run.returncode == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["ok"] is False and report["audit_chain"]["ok"] is True
    assert report["audit_coverage"]["details"][0]["field"] == "deadline"


# --- no false positives --------------------------------------------------------------------------


def test_demo_and_everyday_edits_check_clean(target: Target) -> None:
    from db.demo.unit import build_demo
    from desktop.services import findings, records

    build_demo(target.ledger, today=DEMO_TODAY)
    with target.ledger.session(write=False) as s:
        ids = list(s.scalars(sa.select(Finding.id).order_by(Finding.id).limit(5)))
    findings.bulk_assign(target.ledger, ids[:3], "王五")
    findings.bulk_move_deadline(target.ledger, ids[1:4], "2027-03-31", "等待设备到货")
    records.delete(target.ledger, "findings", ids[4])
    with target.ledger.session() as s:
        org = s.scalars(sa.select(Organization).order_by(Organization.id)).first()
        assert org is not None
        org.notes = "年度复核"
        org.address = None
        # a savepoint that is rolled back after its events were flushed leaves no trace
        nested = s.begin_nested()
        s.add(Organization(name="撤回的单位"))
        s.flush()
        nested.rollback()
    report = check_ledger(target.ledger)
    assert report.ok, report.lines()
    assert report.coverage is not None and report.coverage.rows > 500
    with target.ledger.connect() as conn:
        events = conn.execute(sa.select(sa.func.max(AuditEvent.id))).scalar()
    assert report.head is not None and report.head.recorded is not None
    assert report.head.recorded.events == events, "the record follows every committed session"


def test_a_missing_record_is_a_note_not_a_failure(ledger: Ledger) -> None:
    _seed(ledger)
    path = audit_head.record_path(ledger.url)
    assert path is not None and path.name == "ledger.db.audit-head.json" and path.is_file()
    path.unlink()
    report = check_ledger(ledger)
    assert report.ok
    assert report.head is not None and "没有台账之外的审计链头记录" in report.head.message()
    # an explicit refresh (e.g. after a bulk load with Core) writes it again
    assert audit_head.record(ledger)
    assert check_ledger(ledger).head.recorded is not None  # type: ignore[union-attr]


def test_the_record_never_moves_back_and_is_never_a_ledger_file(ledger_path: Path) -> None:
    first = open_ledger(ledger_path, encryption=False)
    second = open_ledger(ledger_path, encryption=False)
    for i in range(6):
        with (first if i % 2 else second).session() as s:
            s.add(Organization(name=f"单位{i}"))
    path = audit_head.record_path(first.url)
    assert path is not None
    recorded, _ = audit_head.read(path)
    assert recorded is not None and recorded.events == 6
    older = audit_head.Head(3, "0" * 64, recorded.ledger_id)
    assert not audit_head.advance(path, older, url=first.url)
    assert audit_head.read(path)[0] == recorded
    for name in ("ledger.db", "ledger.db-wal", "ledger.db-shm"):
        with pytest.raises(ValueError):
            audit_head.advance(ledger_path.with_name(name), recorded, url=first.url)
    assert check_ledger(first).ok
    first.close()
    second.close()


def test_forget_after_a_deliberate_rewind(ledger_path: Path) -> None:
    led = open_ledger(ledger_path, encryption=False)
    _seed(led)
    led.close()
    conn = connect_file(ledger_path, None)
    last = conn.execute("SELECT max(id) FROM audit_events").fetchone()[0]
    keep = conn.execute("SELECT hash FROM audit_events WHERE id = ?", (last - 1,)).fetchone()[0]
    # stands in for a restored older copy: one event fewer, and the data as it was then
    row = conn.execute(
        "SELECT entity, entity_id, field, old_value FROM audit_events WHERE id = ?", (last,)
    ).fetchone()
    conn.execute("DELETE FROM audit_events WHERE id = ?", (last,))
    conn.execute("UPDATE audit_head SET last_event_id = ?, last_hash = ? WHERE id = 1", (last - 1, keep))
    if row[2]:
        conn.execute(f"UPDATE {row[0]} SET {row[2]} = ? WHERE id = ?", (json.loads(row[3] or "null"), row[1]))
    else:
        conn.execute(f"DELETE FROM {row[0]} WHERE id = ?", (row[1],))
    conn.close()
    led = open_ledger(ledger_path, create=False)
    assert not check_ledger(led).ok
    audit_head.forget(ledger_path)
    assert check_ledger(led).ok
    led.close()


def test_a_domain_dropped_in_the_form_is_an_audited_deletion(tmp_path) -> None:
    """A website saved with one of its two domains removed: the unit of work deletes the orphaned row
    itself (it is never in ``session.deleted``); the trail still records the deletion, once."""
    import sqlalchemy as sa

    from db.models import AuditEvent
    from db.store.check import check_ledger
    from db.store.storage import open_ledger
    from desktop.services import records

    led = open_ledger(tmp_path / "x.db", encryption=False)
    try:
        org = records.save(led, "organizations", None, {"name": "甲单位"})
        obj = records.save(led, "protected_objects", None,
                           {"organization_id": org, "name": "甲网站", "domains": ["a.example.gov.cn", "b.example.gov.cn"]})
        records.save(led, "protected_objects", obj, {"domains": ["a.example.gov.cn"]})
        with led.session(write=False) as s:
            deletes = s.scalars(sa.select(AuditEvent.entity).where(AuditEvent.action == "delete")).all()
        assert deletes == ["domains"]
        report = check_ledger(led)
        assert report.ok, report.lines()
    finally:
        led.close()
