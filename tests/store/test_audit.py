"""Audit trail: every change recorded, tampering and deletion detected, the chain stays linear."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from db.models import AuditEvent, Domain, Organization, ProtectedObject
from db.store.audit import GENESIS, verify_chain
from db.store.backup import connect_file
from db.store.check import check_ledger
from db.store.storage import open_ledger
from desktop.cli import main


def _events(ledger) -> list[dict]:
    with ledger.connect() as conn:
        table = AuditEvent.__table__
        return [dict(r) for r in conn.execute(sa.select(table).order_by(table.c.id)).mappings()]


def test_insert_update_delete_are_recorded_with_actor_entity_field_old_and_new(ledger) -> None:
    ledger.actor = "张三"
    with ledger.session() as s:
        org = Organization(name="河北省编办", address="石家庄")
        obj = ProtectedObject(organization=org, name="河北机构编制网")
        obj.domains.append(Domain(name="河北省编办.政务", ascii_name="xn--test.xn--zfr164b", kind="cn"))
        s.add(org)
    with ledger.session() as s:
        org = s.query(Organization).one()
        org.address = "石家庄市桥西区"
    with ledger.session() as s:
        s.delete(s.query(Domain).one())
    events = _events(ledger)
    assert all(e["actor"] == "张三" for e in events)
    inserts = {e["entity"]: e for e in events if e["action"] == "insert"}
    assert set(inserts) == {"organizations", "protected_objects", "domains"}
    assert json.loads(inserts["organizations"]["new_value"])["name"] == "河北省编办"
    assert all(e["entity_id"] for e in inserts.values())
    (update,) = [e for e in events if e["action"] == "update"]
    assert update["entity"] == "organizations" and update["field"] == "address"
    assert json.loads(update["old_value"]) == "石家庄" and json.loads(update["new_value"]) == "石家庄市桥西区"
    (delete,) = [e for e in events if e["action"] == "delete"]
    assert delete["entity"] == "domains" and json.loads(delete["old_value"])["name"] == "河北省编办.政务"
    assert delete["new_value"] is None
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:], strict=False))


def _flip_one_byte(text: str) -> str:
    """Change one ASCII byte of ``text`` (keeps it valid UTF-8)."""
    raw = bytearray(text.encode())
    pos = next(i for i, b in enumerate(raw) if 0x61 <= b <= 0x7A)  # a lower-case letter
    raw[pos] ^= 0x01
    return raw.decode()


def test_one_flipped_byte_in_a_stored_event_fails_check_and_names_the_event(
    ledger_path: Path, capsys
) -> None:
    led = open_ledger(ledger_path)
    for name in ("甲单位", "乙单位", "丙单位"):
        with led.session() as s:
            s.add(Organization(name=name, short_name="abc"))
    target = _events(led)[1]
    key = led.key
    led.close()
    assert main(["--db", str(ledger_path), "check"]) == 0
    conn = connect_file(ledger_path, key)
    conn.execute(
        "UPDATE audit_events SET new_value = ? WHERE id = ?",
        (_flip_one_byte(target["new_value"]), target["id"]),
    )
    conn.close()
    capsys.readouterr()
    assert main(["--db", str(ledger_path), "check"]) == 1
    out = capsys.readouterr().out
    assert f"第 {target['id']} 号记录" in out and "篡改" in out and "未通过" in out
    assert main(["--db", str(ledger_path), "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["audit_chain"]["first_broken_id"] == target["id"]


def test_deleting_the_newest_event_is_detected(ledger_path: Path, capsys) -> None:
    led = open_ledger(ledger_path)
    for name in ("甲", "乙"):
        with led.session() as s:
            s.add(Organization(name=name))
    key = led.key
    led.close()
    conn = connect_file(ledger_path, key)
    conn.execute("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)")
    conn.close()
    assert main(["--db", str(ledger_path), "check"]) == 1
    assert "链尾记录缺失" in capsys.readouterr().out


def test_deleting_an_event_in_the_middle_is_detected(ledger) -> None:
    for name in ("甲", "乙", "丙"):
        with ledger.session() as s:
            s.add(Organization(name=name))
    with ledger.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_events WHERE id = 2")
    with ledger.connect() as conn:
        report = verify_chain(conn)
    assert not report.ok and report.first_broken_id == 2 and "删除" in report.reason


def test_two_sequential_writers_keep_the_chain_linear(ledger_path: Path) -> None:
    first = open_ledger(ledger_path)
    second = open_ledger(ledger_path)
    second.actor = "李四"
    for i in range(10):
        writer = first if i % 2 == 0 else second
        with writer.session() as s:
            s.add(Organization(name=f"单位{i}"))
            if i:
                s.query(Organization).filter_by(name=f"单位{i - 1}").one().notes = f"由{writer.actor}修改"
    events = _events(first)
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert {e["actor"] for e in events} == {first.actor, "李四"}
    report = check_ledger(second)
    assert report.ok and report.chain is not None and report.chain.events == len(events) == 19
    first.close()
    second.close()
