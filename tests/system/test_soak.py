"""Soak: the window's saves, the command line and killed processes on one ledger at the same time.

One saver process (tests/support/soak_saver.py) saves units continuously through the window's service path
and acknowledges each commit; every few saves it also reads the ledger's folder the way a file dialog
does (the header check, and Qt sniffing the type of the ledger, its -wal and its -shm), which used to
strip the process's SQLite locks silently, so that the next command-line process to close the ledger
deleted the -wal and -shm the saver was still writing into. Two threads meanwhile run
``dengbao-cli`` on the same ledger without pause: import dry runs, real imports, exports, backups
and checks.

The test kills the saver (and sometimes a command-line process) at random counted points, starts a
new saver and after each kill checks: every acknowledged save is in the file with its audit event,
every finished import is complete and every killed one complete or absent, ``check_ledger`` passes,
and (Linux) no process of the test ever held a deleted ledger, -wal or -shm file. The saver stops at
counted points for that scan: right after a save committed, when a correct program holds no stale
handle.

Everything is bounded by counts (kills, acknowledged saves, command-line runs finished since the
saver's first file-dialog read), never by the clock, so a slow or loaded machine runs the same soak,
only longer; waits only bound a hung process. The figures are printed at the end (also without
``-s``), written as JSON into the test's temporary folder, and repeated in the failure message.
Set DENGBAO_SOAK_SEED to replay a run's choices. ``DENGBAO_SOAK_DIALOG=thread`` makes the saver's
"file dialog" sniff from a second thread while the main thread saves (the window's GUI thread and
database thread), a harsher opt-in mode; ``DENGBAO_SOAK_HUNG_S`` shortens the limit for a hung
process (600 s).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from docs_seed_tables import selfcheck_file

from db.domain.errors import LedgerError
from db.models import AuditEvent, Organization
from db.store.audit import encode
from db.store.check import check_ledger
from db.store.keys import new_key
from db.store.storage import open_ledger

ROOT = Path(__file__).resolve().parents[2]
SAVER = ROOT / "tests" / "support" / "soak_saver.py"
#: saver kills (each followed by the full verification and a new saver)
KILLS = 14
#: command-line threads, each running one ``dengbao-cli`` process after another
CLI_THREADS = 2
CLI_KINDS = ("dry-run", "import", "export", "backup", "check")
#: ``dengbao-cli``: what its console script runs (the ``desktop.cli:main`` entry point), with this
#: interpreter and ROOT on PYTHONPATH, so a copy of the tree tests its own code
CLI = [sys.executable, "-c", "import sys; from desktop.cli import main; sys.exit(main())"]
#: before a kill: command-line runs finished after the saver's first file-dialog read
MIN_CLI_RUNS_AFTER_SNIFF = 3
#: before a kill: acknowledged saves (a random number in this range), then 1-15 more after the above
MIN_SAVES = (10, 40)
#: the saver reads the ledger "like a file dialog" every 1 to this many saves
SNIFF_EVERY = 3
#: the saver stops for a stale-handle scan every 2 to this many saves
HOLD_EVERY = 6
#: share of saver kills that also kill a running command-line process
CLI_KILL_SHARE = 0.4
#: only a hung process takes this long (the soak itself runs 1-3 minutes)
HUNG_S = int(os.environ.get("DENGBAO_SOAK_HUNG_S", "600"))
HAS_PROC = Path("/proc/self/fd").is_dir()
#: opt-in harsher mode: the saver's "file dialog" sniffs from a second thread while it saves
DIALOG_THREAD = os.environ.get("DENGBAO_SOAK_DIALOG", "") == "thread"


def _env(key: bytes, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env.update(
        DENGBAO_KEY=key.hex(),
        # settings and keys of the subprocesses stay out of the user's profile and keyring
        DENGBAO_PORTABLE_DIR=str(folder / "profile"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def stale_handles(pid: int, ledger: Path) -> set[str]:
    """Descriptors and mappings of process ``pid`` that point to a deleted ledger, -wal or -shm (Linux)."""
    names = {str(ledger), f"{ledger}-wal", f"{ledger}-shm"}
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for entry in os.scandir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(entry.path)
                if target.endswith(" (deleted)") and target.removesuffix(" (deleted)") in names:
                    found.add(f"pid {pid} fd {entry.name} -> {target}")
    with contextlib.suppress(OSError), open(f"/proc/{pid}/maps", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.endswith(" (deleted)"):
                target = line.split(None, 5)[-1]
                if target.removesuffix(" (deleted)") in names:
                    found.add(f"pid {pid} mapping -> {target}")
    return found


@dataclass
class Figures:
    seed: int = 0
    qt_sniffing: bool = False
    dialog_thread: bool = False
    saves_acked: int = 0
    saves_refused: Counter[str] = field(default_factory=Counter)
    sniffs: int = 0
    relocks: int = 0
    saver_kills: int = 0
    saver_crashes: list[str] = field(default_factory=list)
    cli_kills: Counter[str] = field(default_factory=Counter)
    cli_runs: Counter[str] = field(default_factory=Counter)
    cli_failures: list[str] = field(default_factory=list)
    lost_saves: int = 0
    missing_audit_events: int = 0
    lost_examples: list[str] = field(default_factory=list)
    imports_verified: int = 0
    lost_imports: int = 0
    partial_imports: int = 0
    stale_scans: int = 0
    stale_handles: set[str] = field(default_factory=set)
    check_failures: list[Any] = field(default_factory=list)
    cli_thread_errors: list[str] = field(default_factory=list)
    runtime_s: float = 0.0
    aborted: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "qt_sniffing": self.qt_sniffing,
            "dialog_thread": self.dialog_thread,
            "saves_acked": self.saves_acked,
            "saves_refused": dict(self.saves_refused),
            "file_dialog_reads": self.sniffs,
            "relocks": self.relocks,
            "saver_kills": self.saver_kills,
            "saver_crashes": len(self.saver_crashes),
            "saver_crash_examples": [text[:600] for text in self.saver_crashes[:3]],
            "cli_kills": dict(self.cli_kills),
            "cli_runs": dict(sorted(self.cli_runs.items())),
            "cli_failures": self.cli_failures[:10],
            "lost_saves": self.lost_saves,
            "missing_audit_events": self.missing_audit_events,
            "lost_examples": self.lost_examples[:10],
            "imports_verified": self.imports_verified,
            "lost_imports": self.lost_imports,
            "partial_imports": self.partial_imports,
            "stale_handle_scans": self.stale_scans,
            "stale_handles_seen": len(self.stale_handles),
            "stale_examples": sorted(self.stale_handles)[:10],
            "check_failures": self.check_failures[:3],
            "cli_thread_errors": self.cli_thread_errors[:3],
            "runtime_s": round(self.runtime_s, 1),
            "aborted": self.aborted[:3000],
        }

    def line(self) -> str:
        return (
            f"saves acked={self.saves_acked} refused={sum(self.saves_refused.values())} "
            f"file-dialog reads={self.sniffs} relocks={self.relocks} saver crashes={len(self.saver_crashes)} "
            f"| kills: saver={self.saver_kills} "
            f"cli={sum(self.cli_kills.values())} | lost saves={self.lost_saves} "
            f"missing audit events={self.missing_audit_events} stale handles seen={len(self.stale_handles)} "
            f"(in {self.stale_scans} scans) failed checks={len(self.check_failures)} | imports verified="
            f"{self.imports_verified} lost={self.lost_imports} partial={self.partial_imports} | cli runs "
            + ", ".join(f"{k} {n}" for k, n in sorted(self.cli_runs.items()))
            + f" (failed {len(self.cli_failures)}) | seed={self.seed} runtime={self.runtime_s:.1f}s"
        )


@dataclass
class ImportRun:
    names: list[str]
    finished: bool  # exit code 0: the import said it was written
    killed: bool


class CliLoad:
    """``CLI_THREADS`` threads running ``dengbao-cli`` processes one after another until stopped."""

    def __init__(self, ledger: Path, folder: Path, env: dict[str, str], seed: int, figures: Figures) -> None:
        self.ledger = ledger
        self.folder = folder
        self.env = env
        self.seed = seed
        self.figures = figures
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.finished = 0  # runs finished, of every kind, killed or not
        self.live: dict[int, tuple[subprocess.Popen[bytes], str]] = {}
        self.killed: set[int] = set()
        self.imports: list[ImportRun] = []
        self.errors: list[str] = []
        self.threads = [
            threading.Thread(target=self._loop, args=(n,), name=f"soak-cli-{n}", daemon=True)
            for n in range(CLI_THREADS)
        ]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def _argv(self, kind: str, tag: str, rnd: random.Random) -> tuple[list[str], list[str]]:
        cli = [*CLI, "--db", str(self.ledger)]
        if kind in ("dry-run", "import"):
            n = rnd.randint(2, 6)
            names = [f"soakimp-{tag}-单位{i}" for i in range(n)]
            rows = [
                [name, f"{name}网站", f"www.{tag}-{i}.soak.gov.cn", "无", "是", "张三", "0311-87802765"]
                for i, name in enumerate(names)
            ]
            book = selfcheck_file(self.folder / f"{tag}.xlsx", rows)
            return [
                *cli,
                "import",
                "selfcheck",
                str(book),
                *(["--dry-run"] if kind == "dry-run" else []),
            ], names
        if kind == "export":
            return [*cli, "export", "summary", "--out", str(self.folder / f"{tag}.xlsx")], []
        if kind == "backup":
            return [*cli, "backup"], []
        return [*cli, "check"], []

    def _loop(self, thread_no: int) -> None:
        rnd = random.Random(self.seed * 31 + thread_no)
        run = 0
        try:
            while not self.stop.is_set():
                kinds = list(CLI_KINDS)
                rnd.shuffle(kinds)  # every kind once per round: each kind runs however slow the machine
                for kind in kinds:
                    if self.stop.is_set():
                        break
                    run += 1
                    self._one(kind, f"t{thread_no}r{run}", rnd)
        except BaseException:  # noqa: BLE001 - reported by the test
            self.errors.append(traceback.format_exc(limit=4))

    def _one(self, kind: str, tag: str, rnd: random.Random) -> None:
        argv, names = self._argv(kind, tag, rnd)
        proc = subprocess.Popen(
            argv, cwd=self.folder, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        with self.lock:
            self.live[proc.pid] = (proc, kind)
        try:
            _out, err = proc.communicate(timeout=HUNG_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
            self.errors.append(f"{kind} hung for {HUNG_S} s")
        with self.lock:
            del self.live[proc.pid]
            killed = proc.pid in self.killed
            self.finished += 1
            self.figures.cli_runs[kind] += 1
            if not killed and proc.returncode != 0:
                text = err.decode(errors="replace").strip().splitlines()
                self.figures.cli_failures.append(f"{kind} exit {proc.returncode}: {text[-1] if text else ''}")
            if kind == "import":
                self.imports.append(ImportRun(names, finished=proc.returncode == 0, killed=killed))

    def kill_one(self, rnd: random.Random) -> None:
        with self.lock:
            if not self.live:
                return
            pid = rnd.choice(sorted(self.live))
            proc, kind = self.live[pid]
            self.killed.add(pid)
            proc.kill()
            self.figures.cli_kills[kind] += 1

    def pids(self) -> list[tuple[int, str]]:
        with self.lock:
            return [(pid, f"cli {kind}") for pid, (_proc, kind) in self.live.items()]

    def done(self) -> int:
        with self.lock:
            return self.finished

    def close(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=HUNG_S)
        with self.lock:
            for proc, _kind in self.live.values():
                proc.kill()


class Saver:
    """One saver process and a reader thread collecting its lines."""

    def __init__(self, ledger: Path, env: dict[str, str], first_seq: int, seed: int, log: Path) -> None:
        self.log = log
        with log.open("ab") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    str(SAVER),
                    str(ledger),
                    str(first_seq),
                    str(seed),
                    f"--sniff-every={SNIFF_EVERY}",
                    f"--hold-every={HOLD_EVERY if HAS_PROC else 0}",
                    *(["--dialog-thread"] if DIALOG_THREAD else []),
                ],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
            )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.recent: deque[str] = deque(maxlen=30)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            if raw.endswith(b"\n"):  # a line cut short by the kill is not an acknowledgement
                self.lines.put(raw.decode().strip())
        self.lines.put(None)

    def story(self) -> str:
        stderr = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""
        return f"exit code {self.proc.poll()}; its last lines: {list(self.recent)}; its stderr:\n{stderr}"

    def next_line(self) -> str | None:
        """The next line; None once the saver ended by itself (it is never told to stop)."""
        try:
            line = self.lines.get(timeout=HUNG_S)
        except queue.Empty:
            pytest.fail(f"the saver printed nothing for {HUNG_S} s; {self.story()}")
        if line is None:
            self.proc.wait(timeout=HUNG_S)
            return None
        self.recent.append(line)
        return line

    def resume(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"go\n")
        self.proc.stdin.flush()

    def kill(self) -> list[str]:
        """SIGKILL; return the complete lines it printed that were not read yet."""
        self.proc.kill()
        self.proc.wait(timeout=HUNG_S)
        rest: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=HUNG_S)
            except queue.Empty:
                break
            if line is None:
                break
            rest.append(line)
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        return rest


@dataclass
class Acked:
    """Every acknowledged save, in order: ("new" | "upd", unit id, seq); and each unit's name seq."""

    saves: list[tuple[str, int, int]] = field(default_factory=list)
    created: dict[int, int] = field(default_factory=dict)

    def take(self, line: str) -> bool:
        parts = line.split()
        if len(parts) != 4 or parts[0] != "ack":
            return False
        kind, record_id, seq = parts[1], int(parts[2]), int(parts[3])
        self.saves.append((kind, record_id, seq))
        if kind == "new":
            self.created[record_id] = seq
        return True


def verify(path: Path, key: bytes, acked: Acked, load: CliLoad, figures: Figures, when: str) -> bool:
    """Check the ledger file against everything acknowledged so far; False if its check failed."""
    try:
        ledger = open_ledger(path, key=key, create=False)
    except LedgerError as exc:  # e.g. damaged beyond opening: its quick_check failed
        figures.check_failures.append({"when": when, "ok": False, "open": f"{type(exc).__name__}: {exc}"})
        return False
    try:
        report = check_ledger(ledger)
        if not report.ok:
            figures.check_failures.append({"when": when, **report.as_dict()})
        org, ev = Organization.__table__, AuditEvent.__table__
        with ledger.connect() as conn:
            units = {
                r.id: (r.name, r.notes)
                for r in conn.execute(
                    sa.select(org.c.id, org.c.name, org.c.notes).where(org.c.name.like("soak%"))
                )
            }
            events = {
                (r.action, r.entity_id, r.field, r.new_value)
                for r in conn.execute(
                    sa.select(ev.c.action, ev.c.entity_id, ev.c.field, ev.c.new_value).where(
                        ev.c.entity == "organizations", ev.c.action.in_(("insert", "update"))
                    )
                )
            }
            inserted: dict[int, list[str]] = {}
            for action, entity_id, _field, value in events:
                if action == "insert" and value:
                    inserted.setdefault(entity_id, []).append(value)
            conn.rollback()
    finally:
        ledger.close()

    lost = missing_audit = 0
    examples: list[str] = []
    for kind, record_id, seq in acked.saves:
        # a save is in the file if its unit is there under its name with this value or a later one
        # (a later save may have committed just before a kill, unacknowledged)
        name, notes = units.get(record_id, (None, None))
        stored = int(notes[1:]) if notes and notes[1:].isdigit() else -1
        if name != f"soak-{acked.created[record_id]}" or stored < seq:
            lost += 1
            examples.append(
                f"{when}: {kind} unit {record_id} v{seq} acknowledged, the file has {name}/{notes}"
            )
        if kind == "new":
            audited = any(f'"soak-{seq}"' in value for value in inserted.get(record_id, ()))
        else:
            audited = ("update", record_id, "notes", encode(f"v{seq}")) in events
        if not audited:
            missing_audit += 1
            examples.append(f"{when}: no audit event for {kind} unit {record_id} v{seq}")
    figures.lost_saves, figures.missing_audit_events = lost, missing_audit
    figures.lost_examples = examples[:10]

    names = {name for name, _notes in units.values()}
    with load.lock:
        imports = list(load.imports)
    lost_imports = partial = 0
    for run in imports:
        present = sum(name in names for name in run.names)
        if run.finished and present != len(run.names):
            lost_imports += 1
        elif run.killed and present not in (0, len(run.names)):
            partial += 1
    figures.imports_verified = len(imports)
    figures.lost_imports, figures.partial_imports = lost_imports, partial
    return report.ok


def scan(saver_pid: int | None, load: CliLoad, ledger: Path, figures: Figures) -> None:
    """Look for deleted ledger files held open by the saver and the running command-line processes."""
    if not HAS_PROC:
        return
    figures.stale_scans += 1
    for pid, role in ([(saver_pid, "saver")] if saver_pid else []) + load.pids():
        figures.stale_handles |= {f"{role} {found}" for found in stale_handles(pid, ledger)}


def run_saver_until_kill(
    saver: Saver, acked: Acked, load: CliLoad, ledger: Path, figures: Figures, rnd: random.Random
) -> None:
    """Read the saver's lines and kill it at a counted point (see the module docstring)."""
    min_saves = rnd.randint(*MIN_SAVES)
    extra = rnd.randint(1, 15)
    saves = 0  # save attempts, acknowledged or refused (a refusing ledger must not stall the soak)
    cli_at_first_sniff: int | None = None
    armed_at: int | None = None
    relocks = 0  # this saver's count of reopened connections (the lock guard, where present)
    while True:
        line = saver.next_line()
        if line is None:
            # crashed (e.g. SIGBUS: another process truncated the -shm it had mapped) or quit
            figures.saver_crashes.append(saver.story())
            figures.relocks += relocks
            return
        if acked.take(line):
            saves += 1
            figures.saves_acked += 1
        elif line == "sniffed":
            figures.sniffs += 1
            if cli_at_first_sniff is None:
                cli_at_first_sniff = load.done()
        elif line == "hold":
            scan(saver.proc.pid, load, ledger, figures)
            saver.resume()
            continue
        elif line.startswith("refused "):
            saves += 1
            figures.saves_refused[line.split()[1]] += 1
        elif line.startswith("relocks "):
            relocks = int(line.split()[1])
        if armed_at is None:
            if (
                saves >= min_saves
                and cli_at_first_sniff is not None
                and load.done() - cli_at_first_sniff >= MIN_CLI_RUNS_AFTER_SNIFF
            ):
                armed_at = saves
        elif saves - armed_at >= extra and line.startswith(("ack ", "refused ")):
            break
    if rnd.random() < CLI_KILL_SHARE:
        load.kill_one(rnd)
    for line in saver.kill():
        if acked.take(line):
            figures.saves_acked += 1
        elif line.startswith("relocks "):
            relocks = int(line.split()[1])
    figures.saver_kills += 1
    figures.relocks += relocks


@pytest.mark.slow
def test_soak_saves_survive_file_dialogs_command_line_and_kills(
    tmp_path: Path, capsys, record_property
) -> None:
    seed = int(os.environ.get("DENGBAO_SOAK_SEED", time.time_ns() % 1_000_000))
    rnd = random.Random(seed)
    figures = Figures(seed=seed, dialog_thread=DIALOG_THREAD)
    try:
        import PySide6.QtCore  # noqa: F401

        figures.qt_sniffing = True
    except ImportError:
        figures.qt_sniffing = False
    folder = tmp_path / "soak"  # the ledger's folder: the ledger, its sidecars and backups
    work = tmp_path / "work"  # workbooks for imports, exports
    folder.mkdir()
    work.mkdir()
    path = Path(os.path.realpath(folder)) / "ledger.db"
    key = new_key()
    open_ledger(path, key=key).close()
    env = _env(key, tmp_path)
    load = CliLoad(path, work, env, seed, figures)
    acked = Acked()
    started = time.monotonic()
    saver: Saver | None = None
    ok = True
    try:
        load.start()
        for cycle in range(KILLS):
            saver = Saver(
                path,
                env,
                first_seq=(cycle + 1) * 1_000_000,
                seed=rnd.randrange(1 << 30),
                log=tmp_path / "saver-stderr.txt",
            )
            run_saver_until_kill(saver, acked, load, path, figures, rnd)
            saver = None
            ok = verify(path, key, acked, load, figures, when=f"after kill {cycle + 1}")
            scan(None, load, path, figures)
            if not ok:
                break  # a damaged ledger: what follows would only repeat the failure
    except (Exception, pytest.fail.Exception) as exc:  # a hung process: report the figures all the same
        figures.aborted = f"{type(exc).__name__}: {exc}"
        ok = False
    finally:
        if saver is not None:
            saver.kill()
        load.close()
    if ok:
        ok = verify(path, key, acked, load, figures, when="at the end")
    scan(None, load, path, figures)
    figures.runtime_s = time.monotonic() - started
    figures.cli_thread_errors = list(load.errors)

    data = figures.as_dict()
    out = tmp_path / "soak_figures.json"
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    record_property("soak_figures", json.dumps(data, ensure_ascii=False))
    summary = f"[soak] {figures.line()}\n[soak] figures: {out}"
    with capsys.disabled():
        print(f"\n{summary}")
    detail = f"{summary}\n{json.dumps(data, ensure_ascii=False, indent=2)}"
    assert not figures.aborted, f"the soak stopped early\n{detail}"
    assert not load.errors, f"command-line threads failed: {load.errors}\n{detail}"
    assert not figures.lost_saves, f"acknowledged saves missing from the ledger file\n{detail}"
    assert not figures.missing_audit_events, f"acknowledged saves without their audit event\n{detail}"
    if (
        not DIALOG_THREAD
    ):  # there a sniff may land between commit and scan: a stale handle until the next save
        assert not figures.stale_handles, f"a process held a deleted ledger, -wal or -shm file\n{detail}"
    assert not figures.saver_crashes, f"the saver crashed\n{detail}"
    assert ok and not figures.check_failures, f"the ledger failed its check\n{detail}"
    assert not figures.lost_imports and not figures.partial_imports, f"imports lost or half-written\n{detail}"
    assert not figures.cli_failures, f"command-line runs failed\n{detail}"
    # the soak really exercised what it claims to (counts, not speed)
    assert figures.saver_kills + len(figures.saver_crashes) == KILLS, detail
    assert figures.saves_acked >= KILLS * MIN_SAVES[0], detail
    assert figures.sniffs >= KILLS, detail
    assert all(figures.cli_runs[kind] >= 1 for kind in CLI_KINDS), detail
    if HAS_PROC:
        assert figures.stale_scans >= KILLS, detail
