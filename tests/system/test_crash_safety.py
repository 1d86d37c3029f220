"""SIGKILL a writing process at counted points: nothing acknowledged is lost, nothing is half-written.

A worker (tests/support/crash_worker.py) streams acknowledged single writes and 200-unit import batches
(600 rows in one transaction) into an encrypted ledger and prints an ack after each commit. The
test kills it, reopens the ledger and checks: integrity_check and cipher_integrity_check pass, the
audit chain verifies, every acknowledged write is present and every import batch is complete or
absent. Set DENGBAO_CRASH_SEED to replay a run.

When a kill happens is decided by counted progress, never by the clock, so a slow or loaded machine
runs the same test, only more slowly: a kill is armed once the worker has acknowledged at least one
write and one batch since the previous kill, and then lands after a random number of further acks,
right after a batch began (so it cuts a transaction in half), or after a short random pause. A few
kills fall while the worker is still opening the ledger. Waits for the worker are generous and only
bound a hung process; no assertion depends on how fast anything runs.

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

from db.models import Domain, Organization, ProtectedObject
from db.store.check import check_ledger
from db.store.keys import new_key
from db.store.storage import open_ledger

ROOT = Path(__file__).resolve().parents[2]
KILLS = 60
#: a fresh ledger every this many kills keeps the per-kill check (whole audit chain) fast
KILLS_PER_LEDGER = 12
BATCH_ROWS = {"units": 200, "objects": 200, "domains": 200}
#: only a hung worker takes this long to print its next line, however loaded the machine is
LINE_TIMEOUT_S = 600
#: share of kills that fall while the worker is still opening the ledger (not armed by acks)
OPENING_KILLS = 0.1
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill test forks workers (POSIX only)")


class Worker:
    """The pre-imported launcher process and a reader thread collecting its output lines."""

    def __init__(self, ledger_path: Path, key: bytes) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
        env.update(DENGBAO_KEY=key.hex(), PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "support" / "crash_worker.py"), "serve", str(ledger_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a line cut short by the kill is not an acknowledgement
                self.lines.put(raw.decode().strip())
        self.lines.put(None)

    def next_line(self, what: str) -> str:
        """The worker's next line; fails the test if the launcher ended or printed nothing for minutes."""
        try:
            line = self.lines.get(timeout=LINE_TIMEOUT_S)
        except queue.Empty:
            pytest.fail(f"the crash worker printed nothing for {LINE_TIMEOUT_S} s while {what}")
        if line is None:
            pytest.fail(f"the crash worker's launcher ended while {what} (see its stderr above)")
        return line

    def expect(self, prefix: str) -> tuple[str, list[str]]:
        """Wait for a line starting with ``prefix``; return it and the lines seen before it."""
        seen: list[str] = []
        while True:
            line = self.next_line(f"waiting for {prefix!r}")
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
        self.proc.wait(timeout=60)


def run_until_kill(worker: Worker, pid: int, rnd: random.Random) -> tuple[str, list[str]]:
    """Let the stream child work, kill it at a counted point; return how the kill was placed and
    the child's lines read before the kill.

    Armed once at least one write and one batch were acknowledged since this child started (the
    previous kill); then: ``acks`` kills after 0-4 further acknowledgements, ``mid-batch`` right
    after the next ``begin batch`` line (plus a pause of up to 20 ms), ``pause`` after up to 0.3 s.
    """
    style = rnd.choice(("acks", "mid-batch", "pause"))
    extra_acks = rnd.randrange(5)
    lines: list[str] = []
    writes = batches = 0
    further: int | None = None  # acks since the kill was armed
    while True:
        line = worker.next_line(f"child {pid} worked towards a kill ({style})")
        if line.startswith(f"exited {pid}"):
            pytest.fail(f"child {pid} exited by itself before it was killed (see its traceback above)")
        lines.append(line)
        if further is None:
            writes += line.startswith("ack write ")
            batches += line.startswith("ack batch ")
            if not (writes and batches):
                continue
            further = 0
        else:
            further += line.startswith("ack ")
        if style == "acks":
            if further >= extra_acks:
                break
        elif style == "mid-batch":
            if line.startswith("begin batch "):
                time.sleep(rnd.uniform(0.0, 0.02))
                break
        else:
            time.sleep(rnd.uniform(0.0, 0.3))
            break
    os.kill(pid, signal.SIGKILL)
    return style, lines


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
    placed: Counter[str] = Counter()
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
                if rnd.random() < OPENING_KILLS:
                    # while it is still opening the ledger (or just after): not armed by acks
                    os.kill(pid, signal.SIGKILL)
                    style, before = "opening", []
                else:
                    style, before = run_until_kill(worker, pid, rnd)
                kills += 1
                placed[style] += 1
                _, after = worker.expect(f"exited {pid}")
                for line in before + after:
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
            f"\n[crash safety] seed={seed} kills={kills} ({', '.join(f'{k} {n}' for k, n in sorted(placed.items()))}) "
            f"corrupt_ledgers={corrupt} lost_acknowledged_writes={lost} partial_imports={partial} "
            f"acknowledged: writes={total_writes} batches={total_batches}, batches cut by a kill={interrupted} "
            f"runtime={elapsed:.1f}s"
        )
    assert kills == KILLS
    # every kill but those while opening was armed by one acknowledged write and batch since the last
    armed = KILLS - placed["opening"]
    assert total_writes >= armed and total_batches >= armed, "kills must fall between acknowledged work"
