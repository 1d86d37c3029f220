"""The hostile corpus: attacks built by script (no checked-in binaries), run by tests/desktop/test_hostile_corpus.py.

Each area module (``outputs``, ``imports``, ``attachments``, ``restore`` …) defines ``cases() -> list[Case]``.
A case builds its files in a fresh work folder next to a demonstration ledger ``L.db`` (plain or encrypted),
then runs ``dengbao-cli --db L.db <argv>`` as a real process. The runner asserts: the documented exit code,
one Chinese sentence and no traceback on stderr, the ledger byte-identical afterwards, and peak memory
(the child's maximum resident set) under 500 MB; it prints one table row per case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: starts the command in a small process that reads the command's own peak memory with ``os.wait4``
#: (a child forked straight from pytest would count pytest's memory in ``ru_maxrss`` too)
LAUNCHER = """
import os, subprocess, sys
base = sys.argv[1]
with open(base + ".out", "wb") as out, open(base + ".err", "wb") as err:
    child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
with open(base + ".rss", "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class Case:
    #: the attack in a few words (the table's first column), e.g. "导出覆盖台账文件本身"
    name: str
    #: command-line arguments after ``--db L.db``; ``{work}`` and ``{ledger}`` are replaced by the paths
    argv: list[str]
    #: writes the attack's files into the work folder (the ledger is already there)
    build: Callable[[Path], None] = lambda _work: None
    #: the exit code the command must end with (1: refused; 2: usage error)
    exit_code: int = 1
    #: a fragment the Chinese message must contain (empty: any Chinese sentence)
    says: str = ""
    #: run against an encrypted ledger (DENGBAO_KEY set) instead of a plain one
    encrypted: bool = False
    #: files (relative to the work folder) that must not exist afterwards
    absent: list[str] = field(default_factory=list)
