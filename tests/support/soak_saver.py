"""The soak test's saver: saves like the window until killed (run as a script, key in DENGBAO_KEY).

    soak_saver.py LEDGER FIRST_SEQ SEED [--sniff-every N] [--hold-every N] [--dialog-thread]

It opens the ledger once, as the window does, and saves units through the window's service path
(:func:`desktop.services.records.save`, what the editors run through ``Database.write``): new units
and edits of units it created. After each commit it prints one line:

    ack new ID SEQ      unit ID created with name ``soak-SEQ`` and notes ``vSEQ``
    ack upd ID SEQ      unit ID's notes changed to ``vSEQ``

SEQ grows with every save, so a later save of the same unit always carries a larger number. A save
the ledger refused prints ``refused ERROR-CLASS MESSAGE`` (the window would show the message).

Every 1 to ``--sniff-every`` saves (default 3) it also does what the window does when a file dialog
shows the ledger's folder, which is what used to strip SQLite's locks from the process: it asks
:func:`db.store.storage.is_plain_sqlite` about the ledger and has Qt sniff the type of every file in the
folder (``QMimeDatabase.mimeTypeForFile``, as the dialog's icon provider does; skipped without
PySide6), then prints ``sniffed``. Qt opens and closes each file to read its first bytes, the
ledger's ``-wal`` and ``-shm`` included. Sniffing the ``-shm`` matters: another process closing the
ledger deletes ``-wal``/``-shm`` only if no process holds SQLite's lock on the ``-shm`` either (it
tests that lock first), so dropping only the ledger file's lock does not yet lose saves.

``--dialog-thread`` sniffs from a second thread instead, every 0-20 ms while the main thread saves,
as a dialog in the window's GUI thread would while its database thread writes (a harsher, optional
mode: ``DENGBAO_SOAK_DIALOG=thread`` in the soak test).

When the ledger reports reopening its connections (``Ledger.relocks``, the lock guard) it prints
``relocks N``. Every 2 to ``--hold-every`` saves (default 0: never) it prints ``hold`` right after a
commit and waits for a line on stdin, so the test can look at its open files at a moment when a
correct program has no stale handle (the save just committed with its locks intact).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from db.domain.errors import LedgerError  # noqa: E402
from db.store.storage import is_plain_sqlite, open_ledger  # noqa: E402
from desktop.services import records  # noqa: E402

try:
    from PySide6.QtCore import QMimeDatabase
except ImportError:  # pragma: no cover - the soak runs without Qt too
    QMimeDatabase = None  # type: ignore[assignment,misc]

#: a pause between saves, so the saver leaves CPU to the other processes on a 2-core machine; no
#: check depends on it (the test counts acks, not seconds)
PAUSE_S = 0.005
#: stop by itself if the test is gone (it is normally killed long before)
MAX_SAVES = 200_000


def _say(line: str) -> None:
    # one write() per line: lines of the two threads never interleave
    os.write(1, (line + "\n").encode())


def sniff(path: Path) -> None:
    """What a file dialog listing the ledger's folder does to the ledger and the files beside it."""
    is_plain_sqlite(path)
    if QMimeDatabase is None:
        return
    try:
        entries = sorted(path.parent.iterdir())
    except OSError:
        entries = [path]
    mime = QMimeDatabase()
    for entry in entries:
        mime.mimeTypeForFile(str(entry))


def _dialog_thread(path: Path, seed: int) -> None:
    rnd = random.Random(seed)
    while True:
        time.sleep(rnd.uniform(0.0, 0.02))
        sniff(path)
        _say("sniffed")


def main(args: argparse.Namespace) -> None:
    path: Path = args.ledger
    rnd = random.Random(args.seed)
    parent = os.getppid()
    ledger = open_ledger(path, create=False)
    _say("ready")
    if args.dialog_thread:
        threading.Thread(target=_dialog_thread, args=(path, args.seed + 1), daemon=True).start()
    mine: list[int] = []
    relocks = 0
    next_sniff = rnd.randint(1, args.sniff_every)
    next_hold = rnd.randint(2, args.hold_every) if args.hold_every >= 2 else 0
    for seq in range(args.first_seq, args.first_seq + MAX_SAVES):
        if os.getppid() != parent:
            break  # the test is gone
        value = f"v{seq}"
        try:
            if mine and rnd.random() < 0.4:
                record_id = rnd.choice(mine)
                records.save(ledger, "organizations", record_id, {"notes": value})
                _say(f"ack upd {record_id} {seq}")
            else:
                record_id = records.save(
                    ledger, "organizations", None, {"name": f"soak-{seq}", "notes": value}
                )
                mine.append(record_id)
                _say(f"ack new {record_id} {seq}")
        except LedgerError as exc:
            message = str(exc).splitlines()[0] if str(exc) else ""
            _say(f"refused {type(exc).__name__} {message}")
        if next_hold:
            next_hold -= 1
            if next_hold == 0:
                _say("hold")
                if not sys.stdin.readline():
                    break  # the test is gone
                next_hold = rnd.randint(2, args.hold_every)
        now = getattr(ledger, "relocks", 0)
        if now != relocks:
            relocks = now
            _say(f"relocks {relocks}")
        if not args.dialog_thread:
            next_sniff -= 1
            if next_sniff <= 0:
                sniff(path)
                _say("sniffed")
                next_sniff = rnd.randint(1, args.sniff_every)
        time.sleep(PAUSE_S)
    ledger.close()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("first_seq", type=int)
    parser.add_argument("seed", type=int)
    parser.add_argument("--sniff-every", type=int, default=3)
    parser.add_argument("--hold-every", type=int, default=0)
    parser.add_argument("--dialog-thread", action="store_true")
    return parser.parse_args(argv)


if __name__ == "__main__":
    main(parse(sys.argv[1:]))
