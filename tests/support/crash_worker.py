"""Worker process for the crash-safety and locking tests (run as a script, key in DENGBAO_KEY).

Modes:
  stream LEDGER FIRST_ID SEED   acknowledged writes and 200-unit import batches until killed;
                                prints "ack write N" / "ack batch N" after each commit
  serve LEDGER                  pre-imported launcher: for every line "go FIRST_ID SEED" read from
                                stdin it forks a child running ``stream`` and prints "pid N"
  hold LEDGER SECONDS           one write transaction held open for SECONDS, then committed
  open LEDGER SECONDS           the ledger merely open (an idle connection) for SECONDS
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.models import Domain, Organization, ProtectedObject  # noqa: E402
from db.store.storage import open_ledger  # noqa: E402

BATCH_UNITS = 200


def _say(line: str) -> None:
    # one write() per line: lines from a forked child and its launcher never interleave
    os.write(1, (line + "\n").encode())


def import_batch(ledger, batch_id: int) -> None:
    """200 units, each with one website and one domain, in one transaction (like a workbook import)."""
    tag = f"batch-{batch_id}"
    with ledger.session() as s:
        for i in range(BATCH_UNITS):
            org = Organization(name=f"{tag}-单位{i}", notes=tag)
            obj = ProtectedObject(organization=org, name=f"{tag}-网站{i}", notes=tag)
            obj.domains.append(
                Domain(name=f"{tag}-{i}.example.gov.cn", ascii_name=f"{tag}-{i}.example.gov.cn")
            )
            s.add(org)


def stream(path: str, first_id: int, seed: int) -> None:
    rnd = random.Random(seed)
    ledger = open_ledger(path, create=False)
    _say("ready")
    next_id = first_id
    while True:
        if rnd.random() < 0.15:
            _say(f"begin batch {next_id}")
            import_batch(ledger, next_id)
            _say(f"ack batch {next_id}")
        else:
            with ledger.session() as s:
                s.add(Organization(name=f"ack-{next_id}", notes="write"))
            _say(f"ack write {next_id}")
        next_id += 1


def _warm_up() -> None:
    """Run both kinds of work once on a scratch ledger so forked children start with warm caches."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = open_ledger(Path(folder) / "warm.db", encryption=False)
        import_batch(scratch, 0)
        with scratch.session() as s:
            s.add(Organization(name="warm"))
        scratch.close()


def serve(path: str) -> None:
    """Fork a fresh ``stream`` child per request, so each run skips the interpreter start-up."""
    _warm_up()
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                stream(path, int(parts[1]), int(parts[2]))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(3)
        _say(f"pid {pid}")
        os.waitpid(pid, 0)
        _say(f"exited {pid}")


def hold(path: str, seconds: float) -> None:
    ledger = open_ledger(path, create=False)
    with ledger.session() as s:
        s.add(Organization(name="holder"))
        s.flush()
        _say("locked")
        time.sleep(seconds)
    _say("done")
    ledger.close()


def keep_open(path: str, seconds: float) -> None:
    ledger = open_ledger(path, create=False)
    with ledger.session(write=False) as s:
        s.query(Organization).count()
    _say("ready")
    time.sleep(seconds)
    ledger.close()


if __name__ == "__main__":
    mode, ledger_file, *rest = sys.argv[1:]
    if mode == "stream":
        stream(ledger_file, int(rest[0]), int(rest[1]))
    elif mode == "serve":
        serve(ledger_file)
    elif mode == "hold":
        hold(ledger_file, float(rest[0]))
    elif mode == "open":
        keep_open(ledger_file, float(rest[0]))
    else:
        raise SystemExit(f"unknown mode {mode}")
