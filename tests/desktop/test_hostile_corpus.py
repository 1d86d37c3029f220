"""Every attack of the hostile corpus (tests/support/hostile) against the real command line.

Each case runs ``dengbao-cli --db L.db …`` as its own process next to a copy of a demonstration ledger and
must end with the documented exit code, one Chinese sentence and no traceback on stderr, the ledger file
byte-identical, and a peak resident set under 500 MB. The table of all cases is printed at the end of the
run (``-s`` not needed: it is also written to ``hostile-corpus.txt`` in the session's temporary folder).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import hostile
import pytest
from hostile import LAUNCHER, Case

ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))
PEAK_LIMIT_KIB = 500 * 1024
CHINESE = re.compile(r"[\u4e00-\u9fff]")
_TABLE: list[tuple[str, str, str, str]] = []


def _cases() -> list[Case]:
    found: list[Case] = []
    for info in sorted(pkgutil.iter_modules(hostile.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"hostile.{info.name}")
        found.extend(module.cases())
    return found


CASES = _cases()


def _env(encrypted: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests" / "support")])
    env["XDG_DATA_HOME"] = env.get("XDG_DATA_HOME", str(Path.home() / ".local" / "share"))
    if encrypted:
        env["DENGBAO_KEY"] = KEY.hex()
    return env


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    """A plain and an encrypted demonstration ledger, each a single closed file (no -wal)."""
    made: dict[bool, Path] = {}
    for encrypted in (False, True):
        folder = tmp_path_factory.mktemp("corpus-demo")
        path = folder / "L.db"
        args = [sys.executable, "-m", "desktop.cli", "--db", str(path)]
        if not encrypted:
            args.append("--no-encryption")
        subprocess.run([*args, "demo", "--today", "2026-11-21"], env=_env(encrypted), check=True,
                       capture_output=True, timeout=600)
        made[encrypted] = path
    return made


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, int]:
    """Exit code, stderr text and peak resident set (KiB) of one command-line process (started through
    :data:`hostile.LAUNCHER`, so pytest's own memory is not counted)."""
    base = cwd / "run"
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, str(base), sys.executable, "-m", "desktop.cli", *argv],
                          cwd=cwd, env=env, timeout=900)
    err = Path(f"{base}.err").read_text(encoding="utf-8", errors="replace")
    return proc.returncode, err, int(Path(f"{base}.rss").read_text())


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory is read with os.wait4 (POSIX)")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_attack_is_refused_cleanly(case: Case, demo_files: dict[bool, Path], tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    ledger = work / "L.db"
    shutil.copyfile(demo_files[case.encrypted], ledger)
    case.build(work)
    before = _sha(ledger)
    argv = ["--db", str(ledger), *[a.replace("{work}", str(work)).replace("{ledger}", str(ledger)) for a in case.argv]]
    code, err, peak = _run(argv, work, _env(case.encrypted))
    clean = code == case.exit_code and "Traceback" not in err and bool(CHINESE.search(err))
    _TABLE.append((case.name, f"exit {code}", "yes" if clean else "NO", f"{peak / 1024:.0f} MB"))
    assert code == case.exit_code, err
    assert "Traceback" not in err and CHINESE.search(err), err
    assert len([line for line in err.splitlines() if line.strip()]) <= 3, err
    if case.says:
        assert case.says in err, err
    assert ledger.exists() and _sha(ledger) == before, "the ledger changed"
    assert peak < PEAK_LIMIT_KIB, f"peak memory {peak / 1024:.0f} MB"
    for name in case.absent:
        assert not (work / name).exists(), name


def test_print_the_table(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The closing note's table: attack, outcome, refused cleanly, peak memory (runs last in this module)."""
    if not _TABLE:
        pytest.skip("no corpus case ran")
    lines = ["| attack | outcome | refused cleanly | peak memory |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in _TABLE]
    text = "\n".join(lines)
    (tmp_path_factory.getbasetemp() / "hostile-corpus.txt").write_text(text, encoding="utf-8")
    print("\n" + text)
