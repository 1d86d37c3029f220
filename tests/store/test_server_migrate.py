"""``dengbao-cli server …`` and ``migrate-to`` against the real PostgreSQL server, run as a user would
(the command line in a child process: exit codes, one Chinese sentence on failure, no traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ledger_helpers import sha256
from pg_server import fresh_database

from db.models import Attachment, AuditEvent, Organization
from db.store.storage import open_ledger

pytestmark = pytest.mark.pg


def cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full = {**os.environ, **(env or {})}
    full.pop("DENGBAO_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=300, env=full, check=False,
    )


def _no_traceback(run: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in run.stderr, run.stderr


def test_server_commands_end_to_end(tmp_path: Path) -> None:
    with fresh_database() as srv:
        run = cli("server", "init", "--url", srv.url)
        assert run.returncode == 0, run.stderr
        assert "已初始化部门服务器" in run.stdout
        # a second init replaces what it made
        assert cli("server", "init", "--url", srv.url).returncode == 0
        admin = srv.login_name("admin")
        run = cli("server", "adduser", admin, "--role", "admin", "--password-stdin", "--url", srv.url,
                  stdin="correct horse\n")
        assert run.returncode == 0, run.stderr
        # refusals: one sentence, exit 1 or 2, nothing created
        for args, stdin, code, words in [
            (("server", "adduser", "Bad-Name", "--role", "unit", "--org", "1", "--password-stdin"), "longpassword\n", 1, "账户名"),
            (("server", "adduser", srv.login_name("u"), "--role", "unit", "--password-stdin"), "longpassword\n", 1, "--org"),
            (("server", "adduser", srv.login_name("v"), "--role", "unit", "--org", "999", "--password-stdin"), "longpassword\n", 1, "999"),
            (("server", "adduser", srv.login_name("w"), "--role", "admin", "--password-stdin"), "short\n", 1, "8"),
            (("server", "adduser", admin, "--role", "admin", "--password-stdin"), "longpassword\n", 1, "已有"),
            (("server", "adduser", "x", "--role", "boss", "--password-stdin"), "longpassword\n", 2, "boss"),
            (("server", "disable", "nobody_here"), "", 1, "nobody_here"),
        ]:
            run = cli(*args, "--url", srv.url, stdin=stdin)
            _no_traceback(run)
            assert run.returncode == code, (args, run.stderr)
            assert words in run.stderr and "错误" in run.stderr, run.stderr
        run = cli("server", "users", "--json", "--url", srv.url)
        assert run.returncode == 0, run.stderr
        users = json.loads(run.stdout)
        assert [(u["login"], u["role"], u["org_id"], u["can_login"]) for u in users] == [(admin, "admin", None, True)]
        assert cli("server", "disable", admin, "--url", srv.url).returncode == 0
        users = json.loads(cli("server", "users", "--json", "--url", srv.url).stdout)
        assert users[0]["disabled"] is True and users[0]["can_login"] is False
        run = cli("server", "init", "--url", srv.url_as(admin))
        _no_traceback(run)
        assert run.returncode == 1 and "无法连接" in run.stderr


def _local_ledger(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A small encrypted ledger file with a sub-unit, an attachment and some history."""
    path = tmp_path / "unit.db"
    key_hex = "ab" * 32
    env = {"DENGBAO_KEY": key_hex}
    import os

    os.environ["DENGBAO_KEY"] = key_hex
    try:
        led = open_ledger(path)
        with led.session() as s:
            top = Organization(name="某局")
            sub = Organization(name="某局信息中心", parent=top)
            s.add_all([top, sub])
            s.flush()
            top.security_contact_id = None
            s.add(Attachment(entity_type="organizations", entity_id=top.id, filename="证明.pdf", size=3,
                             sha256="x" * 64, data=b"%PD"))
        with led.session() as s:
            s.scalars(sa.select(Organization).where(Organization.name == "某局")).one().address = "保定"
        led.close()
    finally:
        del os.environ["DENGBAO_KEY"]
    return path, env


def test_migrate_to_copies_everything_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path, env = _local_ledger(tmp_path)
    before = sha256(path)
    with fresh_database() as srv:
        assert cli("server", "init", "--url", srv.url).returncode == 0
        run = cli("--db", str(path), "migrate-to", srv.url, "--json", env=env)
        assert run.returncode == 0, run.stderr
        result: dict[str, Any] = json.loads(run.stdout)
        assert result["ok"] and result["counts"]["organizations"] == 2 and result["counts"]["attachments"] == 1
        assert sha256(path) == before
        # on the server: the history as it was, and new records get fresh ids (sequences moved on)
        server = open_ledger(url=srv.url)
        try:
            with server.session() as s:
                s.add(Organization(name="新单位"))
            with server.connect() as conn:
                events = conn.execute(sa.select(AuditEvent.action, AuditEvent.entity).order_by(AuditEvent.id)).all()
                data = conn.execute(sa.select(Attachment.data)).scalar()
            assert data == b"%PD"
            assert [tuple(e) for e in events][-1] == ("insert", "organizations")
            assert len(events) == result["counts"]["audit_events"] + 1
        finally:
            server.close()
        run = cli("--url", srv.url, "check")
        assert run.returncode == 0, run.stdout + run.stderr
        # a second migration into the now filled server is refused, and changes nothing
        run = cli("--db", str(path), "migrate-to", srv.url, env=env)
        _no_traceback(run)
        assert run.returncode == 1 and "已有台账数据" in run.stderr
        assert sha256(path) == before


def test_an_auditor_lists_deadlines_on_a_new_day_without_writing(tmp_path: Path) -> None:
    """Reading the deadlines rebuilds the day's cache; an auditor may not write, so it reads the cache as is."""
    from demo_day import DEMO_TODAY

    from db.demo.unit import build_demo

    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        build_demo(led, today=DEMO_TODAY)
        led.close()
        assert cli("server", "init", "--url", srv.url).returncode == 0
        auditor = srv.login_name("aud")
        run = cli("server", "adduser", auditor, "--role", "auditor", "--password-stdin", "--url", srv.url,
                  stdin="auditor-password\n")
        assert run.returncode == 0, run.stderr
        engine = sa.create_engine(srv.url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            events_before = conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar()
        next_day = DEMO_TODAY.replace(day=DEMO_TODAY.day % 27 + 1).isoformat()
        run = cli("--url", srv.url_as(auditor), "list", "deadlines", "--json", "--today", next_day)
        _no_traceback(run)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout), "the auditor sees the department's deadlines"
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar() == events_before
        engine.dispose()


def test_new_records_after_a_province_demo_and_server_init(tmp_path: Path) -> None:
    """Bulk-loaded ids (the province generator writes them itself) leave no sequence behind: new records
    can be created right away, before and after ``server init``, and the server ledger checks clean."""
    from demo_day import DEMO_TODAY

    from db.demo.province import build_province
    from db.models import Finding

    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        try:
            build_province(led, today=DEMO_TODAY, units=3)
            with led.session() as s:
                s.add(Organization(name="演示后新建的单位"))
        finally:
            led.close()
        assert cli("server", "init", "--url", srv.url).returncode == 0
        led = open_ledger(url=srv.url)
        try:
            with led.session() as s:
                obj_id = s.scalars(sa.select(Finding.object_id).limit(1)).one()
                s.add(Finding(object_id=obj_id, title="初始化后新建的问题"))
                s.add(Organization(name="初始化后新建的单位"))
        finally:
            led.close()
        run = cli("--url", srv.url, "check")
        assert run.returncode == 0, run.stdout + run.stderr


def test_bulk_writers_on_a_department_server_leave_one_event_per_row(tmp_path: Path) -> None:
    """The province generator writes its rows with Core and appends their events itself; on a department
    server the triggers record them, and the generator's own events are not written a second time."""
    from demo_day import DEMO_TODAY

    from db.demo.province import build_province

    with fresh_database() as srv:
        open_ledger(url=srv.url).close()
        assert cli("server", "init", "--url", srv.url).returncode == 0
        led = open_ledger(url=srv.url)
        try:
            counts = build_province(led, today=DEMO_TODAY, units=2)
            with led.connect() as conn:
                events = conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar()
                inserts = conn.exec_driver_sql(
                    "SELECT count(DISTINCT (entity, entity_id)) FROM audit_events WHERE action = 'insert'"
                ).scalar()
        finally:
            led.close()
        assert events == inserts, "an inserted row with two insert events"
        assert inserts >= sum(v for k, v in counts.items() if isinstance(v, int) and k != "object_deadlines") > 0
        run = cli("--url", srv.url, "check")
        assert run.returncode == 0, run.stdout + run.stderr


def test_an_upgrade_protects_audits_and_grants_the_tables_it_adds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A department server set up by an older version, upgraded by the administrator's newer program:
    the table the upgrade adds (print_overrides, migration 0007) gets row-level security, the audit
    triggers and the officers' grants in the same transaction — no ``server init`` to remember;
    before, officers could not use it and its changes went unrecorded by the server."""
    from alembic import command

    from db.store import migrate, server_admin, server_sql

    with fresh_database() as srv:
        led = open_ledger(url=srv.url)
        led.close()
        engine = sa.create_engine(srv.url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as conn:  # the older version's schema: before migration 0007
                cfg = migrate._config()
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, "0006")
                conn.commit()
            with monkeypatch.context() as older:  # ... and its server init, which knew only its tables
                known = [t for t in server_sql.ledger_tables() if t.name != "print_overrides"]
                audited = [t for t in server_sql.audited_tables() if t.name != "print_overrides"]
                older.setattr(server_sql, "ledger_tables", lambda: known)
                older.setattr(server_sql, "audited_tables", lambda: audited)
                server_admin.init(engine)
            upgraded = open_ledger(url=srv.url)  # the newer program starts: it upgrades the schema
            upgraded.close()
            unit_role = f"{srv.database}_unit"
            with engine.connect() as conn:
                secured = conn.exec_driver_sql(
                    "SELECT relrowsecurity FROM pg_class WHERE relname = 'print_overrides'"
                ).scalar()
                granted = conn.execute(
                    sa.text("SELECT has_table_privilege(:r, 'print_overrides', 'INSERT')"), {"r": unit_role}
                ).scalar()
                triggers = conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'print_overrides'::regclass"
                    " AND NOT tgisinternal"
                ).scalar()
            assert secured is True and granted is True and triggers and triggers > 0
        finally:
            engine.dispose()
