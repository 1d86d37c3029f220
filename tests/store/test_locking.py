"""One writer at a time: a second writer waits up to the busy timeout, then gets a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.domain.errors import LedgerBusyError
from db.models import Organization
from db.store.backup import connect_file
from db.store.check import check_ledger
from db.store.engine import BUSY_TIMEOUT_MS
from db.store.storage import open_ledger

ROOT = Path(__file__).resolve().parents[2]
WORKER = ROOT / "tests" / "support" / "crash_worker.py"
BUSY_S = BUSY_TIMEOUT_MS / 1000


def _env(key: bytes) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env.update(DENGBAO_KEY=key.hex(), PYTHONPATH=str(ROOT))
    return env


def _holder(path: Path, key: bytes, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), "hold", str(path), str(seconds)],
        cwd=ROOT,
        env=_env(key),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.slow
def test_second_writer_waits_then_gets_a_clear_error_and_writes_after(ledger_path: Path) -> None:
    ledger = open_ledger(ledger_path)
    key = ledger.key
    assert key is not None
    holder = _holder(ledger_path, key, seconds=BUSY_S + 2)
    try:
        started = time.monotonic()
        with pytest.raises(LedgerBusyError) as err, ledger.session() as s:
            s.add(Organization(name="第二个写入者"))
        waited = time.monotonic() - started
        assert "台账正被另一个程序" in str(err.value)
        assert BUSY_S - 0.5 <= waited <= BUSY_S + 3, waited
        # reading still works while the other program writes
        with ledger.session(write=False) as s:
            assert s.query(Organization).count() == 0
    finally:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "done"
        holder.wait(timeout=10)
    with ledger.session() as s:
        s.add(Organization(name="第二个写入者"))
    with ledger.session(write=False) as s:
        assert {o.name for o in s.query(Organization)} == {"holder", "第二个写入者"}
    assert check_ledger(ledger).ok
    ledger.close()


@pytest.mark.slow
def test_the_command_line_tells_the_user_when_the_program_holds_the_ledger(ledger_path: Path) -> None:
    ledger = open_ledger(ledger_path)
    key = ledger.key
    assert key is not None
    ledger.close()
    holder = _holder(ledger_path, key, seconds=60)
    try:
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "desktop.cli", "--db", str(ledger_path), "demo"],
            cwd=ROOT,
            env=_env(key),
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()  # a writer killed mid-transaction leaves no trace either
        holder.wait(timeout=20)
    assert result.returncode == 1
    assert "台账正被另一个程序" in result.stderr
    assert "Traceback" not in result.stderr
    assert BUSY_S <= waited < BUSY_S + 10, waited
    ledger = open_ledger(ledger_path)
    with ledger.session(write=False) as s:
        assert s.query(Organization).count() == 0  # neither the killed holder nor the refused demo wrote
    assert check_ledger(ledger).ok
    ledger.close()


@pytest.mark.slow
def test_locked_at_commit_time_is_translated_too(ledger_path: Path) -> None:
    """In rollback-journal mode (e.g. WAL impossible on the medium) COMMIT waits for readers."""
    ledger = open_ledger(ledger_path)
    key = ledger.key
    ledger.close()
    conn = connect_file(ledger_path, key)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM organizations").fetchone()  # holds a SHARED lock
    try:
        ledger = open_ledger(ledger_path)  # cannot switch to WAL while the reader holds its lock
        with ledger.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        session_cm = ledger.session()
        session = session_cm.__enter__()
        session.add(Organization(name="提交时被锁"))
        session.flush()  # the INSERT itself succeeds under a RESERVED lock
        with pytest.raises(LedgerBusyError, match="台账正被另一个程序"):
            session_cm.__exit__(None, None, None)  # COMMIT needs the EXCLUSIVE lock
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    with ledger.session(write=False) as s:
        assert s.query(Organization).count() == 0
    assert check_ledger(ledger).ok
    ledger.close()
