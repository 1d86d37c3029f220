"""SIGKILL a writing process at random moments: nothing acknowledged is lost, nothing is half-written.

A worker (tests/crash_worker.py) streams acknowledged single writes and 200-unit import batches
(600 rows in one transaction) into an encrypted ledger and prints an ack after each commit. The
test kills it at random moments, reopens the ledger and checks: integrity_check and
cipher_integrity_check pass, the audit chain verifies, every acknowledged write is present and
every import batch is complete or absent. Set DENGBAO_CRASH_SEED to replay a run.

What this proves: process crashes (killed program, Windows shutting the program down). It does not
simulate power loss: the operating system still writes out what the process handed it; durability
across power loss rests on ``synchronous = FULL``.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.check import check_ledger
from db.keys import new_key
from db.models import Domain, Organization, ProtectedObject
from db.storage import open_ledger

ROOT = Path(__file__).resolve().parents[1]
KILLS = 60
#: a fresh ledger every this many kills keeps the per-kill check (whole audit chain) fast
KILLS_PER_LEDGER = 12
BATCH_ROWS = {"units": 200, "objects": 200, "domains": 200}
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks workers (POSIX only)")


class Worker:
    """The pre-imported launcher process and a reader thread collecting its output lines."""

    def __init__(self, ledger_path: Path, key: bytes) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
        env.update(DENGBAO_KEY=key.hex(), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "crash_worker.py"), "serve", str(ledger_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a line cut short by the kill is not an acknowledgement
                self.lines.put(raw.decode().strip())

    def expect(self, prefix: str, timeout: float = 30) -> tuple[str, list[str]]:
        """Wait for a line starting with ``prefix``; return it and the lines seen before it."""
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line.startswith(prefix):
                return line, seen
            seen.append(line)

    def start(self, first_id: int, seed: int) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {first_id} {seed}\n".encode())
        self.proc.stdin.flush()
        line, _ = self.expect("pid ")
        return int(line.split()[1])

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


def _batch_counts(conn: sa.Connection) -> dict[str, Counter[str]]:
    """Rows per import batch tag: units, objects, and domains (through their object)."""
    org, obj, dom = Organization.__table__, ProtectedObject.__table__, Domain.__table__
    queries = {
        "units": sa.select(org.c.notes, sa.func.count())
        .where(org.c.notes.like("batch-%"))
        .group_by(org.c.notes),
        "objects": sa.select(obj.c.notes, sa.func.count())
        .where(obj.c.notes.like("batch-%"))
        .group_by(obj.c.notes),
        "domains": sa.select(obj.c.notes, sa.func.count())
        .select_from(dom.join(obj, dom.c.object_id == obj.c.id))
        .where(obj.c.notes.like("batch-%"))
        .group_by(obj.c.notes),
    }
    return {kind: Counter({str(tag): n for tag, n in conn.execute(q)}) for kind, q in queries.items()}


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_write_and_no_import_is_partial(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    seed = int(os.environ.get("DENGBAO_CRASH_SEED", time.time_ns() % 1_000_000))
    rnd = random.Random(seed)
    key = new_key()
    monkeypatch.setenv("DENGBAO_KEY", key.hex())
    started = time.monotonic()
    total_writes = total_batches = interrupted = 0
    kills = corrupt = lost = partial = 0
    for round_no in range(KILLS // KILLS_PER_LEDGER):
        path = tmp_path / f"ledger{round_no}.db"
        open_ledger(path).close()
        acked_writes: set[int] = set()
        acked_batches: set[int] = set()
        begun_batches: set[int] = set()
        worker = Worker(path, key)
        try:
            for run in range(round_no * KILLS_PER_LEDGER, (round_no + 1) * KILLS_PER_LEDGER):
                pid = worker.start(first_id=(run + 1) * 1_000_000, seed=rnd.randrange(1 << 30))
                if rnd.random() > 0.1:  # else: kill while it is still opening the ledger
                    worker.expect("ready")
                    time.sleep(rnd.uniform(0.0, 0.5))
                os.kill(pid, signal.SIGKILL)
                kills += 1
                _, lines = worker.expect(f"exited {pid}")
                for line in lines:
                    if line.startswith("ack write "):
                        acked_writes.add(int(line.split()[2]))
                    elif line.startswith("ack batch "):
                        acked_batches.add(int(line.split()[2]))
                    elif line.startswith("begin batch "):
                        begun_batches.add(int(line.split()[2]))

                ledger = open_ledger(path, create=False)
                try:
                    report = check_ledger(ledger)
                    if not report.ok:
                        corrupt += 1
                        pytest.fail(f"run {run} (seed {seed}): ledger failed its check: {report.as_dict()}")
                    with ledger.connect() as conn:
                        org = Organization.__table__
                        names = set(
                            conn.execute(sa.select(org.c.name).where(org.c.notes == "write")).scalars()
                        )
                        counts = _batch_counts(conn)
                    lost = len({f"ack-{i}" for i in acked_writes} - names)
                    present = set(counts["units"]) | set(counts["objects"]) | set(counts["domains"])
                    partial = sum(
                        1 for tag in present if any(counts[kind][tag] != n for kind, n in BATCH_ROWS.items())
                    )
                    missing_batches = {f"batch-{b}" for b in acked_batches} - present
                    assert not lost, f"run {run} (seed {seed}): acknowledged writes lost"
                    assert not partial, f"run {run} (seed {seed}): partial import batches {counts}"
                    assert not missing_batches, f"run {run} (seed {seed}): acknowledged batches lost"
                finally:
                    ledger.close()
        finally:
            worker.close()
        total_writes += len(acked_writes)
        total_batches += len(acked_batches)
        interrupted += len(begun_batches - acked_batches)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\n[crash safety] seed={seed} kills={kills} corrupt_ledgers={corrupt} "
            f"lost_acknowledged_writes={lost} partial_imports={partial} "
            f"acknowledged: writes={total_writes} batches={total_batches}, batches cut by a kill={interrupted} "
            f"runtime={elapsed:.1f}s"
        )
    assert kills >= 50
    assert total_writes and total_batches, "the kills should fall between acknowledged work of both kinds"
