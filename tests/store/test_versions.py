"""Record versions on a ledger file: a save from a stale form is refused, never silently applied.

The window and the command line can race on one SQLite ledger too (two processes); the same save path
(:func:`desktop.services.records.save` with ``expected_version``) refuses the later of two saves made from
the same version, and the record, its version and the audit trail stay as the first save left them.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import sqlalchemy as sa
from race_check import assert_check_passes, run_clients, seed, verdict
from sqlalchemy.pool import StaticPool

from db.domain.errors import StaleRecordError
from db.domain.lifecycle import TransitionError
from db.store.check import check_ledger
from db.store.storage import open_ledger
from desktop.services import findings, records, views


@pytest.fixture
def plain_ledger(tmp_path: Path):
    led = open_ledger(tmp_path / "v.db", encryption=False)
    yield led
    led.close()


def _unit(led, name: str = "版本测试单位") -> int:
    return records.save(led, "organizations", None, {"name": name})


def test_new_record_is_version_1_and_every_change_counts_up(plain_ledger) -> None:
    oid = _unit(plain_ledger)
    assert views.record(plain_ledger, "organizations", oid)["row_version"] == 1
    records.save(plain_ledger, "organizations", oid, {"notes": "一"}, expected_version=1)
    records.save(plain_ledger, "organizations", oid, {"notes": "二"}, expected_version=2)
    assert views.record(plain_ledger, "organizations", oid)["row_version"] == 3
    # a save that changes nothing writes nothing: other officers' forms stay current
    records.save(plain_ledger, "organizations", oid, {"notes": "二"}, expected_version=3)
    assert views.record(plain_ledger, "organizations", oid)["row_version"] == 3


def test_a_stale_form_is_refused_and_changes_nothing(plain_ledger) -> None:
    oid = _unit(plain_ledger)
    mine = views.record(plain_ledger, "organizations", oid)
    theirs = views.record(plain_ledger, "organizations", oid)
    records.save(plain_ledger, "organizations", oid, {"notes": "他人的修改"}, expected_version=theirs["row_version"])
    with plain_ledger.session(write=False) as s:
        events_before = s.scalar(sa.text("SELECT count(*) FROM audit_events"))
    with pytest.raises(StaleRecordError) as caught:
        records.save(plain_ledger, "organizations", oid, {"notes": "我的修改"}, expected_version=mine["row_version"])
    assert str(caught.value).startswith("记录已被他人修改")
    assert (caught.value.expected, caught.value.found, caught.value.record_id) == (1, 2, oid)
    now = views.record(plain_ledger, "organizations", oid)
    assert (now["notes"], now["row_version"]) == ("他人的修改", 2)
    with plain_ledger.session(write=False) as s:
        assert s.scalar(sa.text("SELECT count(*) FROM audit_events")) == events_before
    # the error crosses process boundaries (the window saves in a job process) with its facts
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.expected, again.found, str(again)) == (1, 2, str(caught.value))
    assert_check_passes(check_ledger(plain_ledger))


def test_a_save_that_only_changes_children_counts_the_version_up(plain_ledger) -> None:
    oid = _unit(plain_ledger)
    pid = records.save(plain_ledger, "protected_objects", None, {"name": "门户网站", "organization_id": oid})
    v = views.record(plain_ledger, "protected_objects", pid)["row_version"]
    records.save(plain_ledger, "protected_objects", pid, {"domains": ["www.example.gov.cn"]}, expected_version=v)
    after = views.record(plain_ledger, "protected_objects", pid)
    assert after["domains"] == ["www.example.gov.cn"] and after["row_version"] == v + 1
    with pytest.raises(StaleRecordError):
        records.save(plain_ledger, "protected_objects", pid, {"domains": []}, expected_version=v)
    assert views.record(plain_ledger, "protected_objects", pid)["domains"] == ["www.example.gov.cn"]


def test_a_status_move_from_a_stale_page_is_refused(plain_ledger) -> None:
    s = seed(plain_ledger, 1)
    v = views.record(plain_ledger, "findings", s.status)["row_version"]
    findings.change_finding_status(plain_ledger, s.status, "fixed", expected_version=v)
    with pytest.raises(StaleRecordError):
        findings.change_finding_status(plain_ledger, s.status, "open", expected_version=v)
    # the lifecycle is checked against the stored status, under the write lock
    findings.change_finding_status(plain_ledger, s.status, "in_progress")
    with pytest.raises(TransitionError):
        findings.change_finding_status(plain_ledger, s.status, "verified", verifier="张三")
    assert views.record(plain_ledger, "findings", s.status)["status"] == "in_progress"


def test_an_old_ledger_is_upgraded_with_version_1_on_its_rows(tmp_path: Path) -> None:
    from alembic import command

    from db.store.migrate import _config

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}", poolclass=StaticPool)
    with engine.connect() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.exec_driver_sql(
            "INSERT INTO institutions (id, name, created_at, updated_at) VALUES (1, '旧机构', '2026-01-01', '2026-01-01')"
        )
        conn.commit()
        command.upgrade(cfg, "0004")
        conn.commit()
        assert conn.exec_driver_sql("SELECT row_version FROM institutions").scalar() == 1
    engine.dispose()


def test_window_and_command_line_racing_on_one_file_lose_nothing(plain_ledger, tmp_path: Path) -> None:
    """Two processes (as the window and ``dengbao-cli``) save the same findings 40 times each."""
    seeded = seed(plain_ledger, 2)
    lines = run_clients(["--db", str(plain_ledger.path)], seeded, clients=2, saves=40, tmp=tmp_path)
    counts = verdict(plain_ledger, seeded, lines, attempted=80)
    assert counts["landed"] > 0
    assert_check_passes(check_ledger(plain_ledger))
