"""A recovery key the officer never saw (first run killed) is shown again, once, by init and the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db.store.keys import new_key, recovery_key
from db.store.recovery import mark_recovery_key_shown, note_new_key, recovery_key_pending
from db.store.storage import open_ledger

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str, key: bytes) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env.update(PYTHONPATH=str(ROOT), DENGBAO_KEY=key.hex())
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], env=env, capture_output=True, text=True,
                          timeout=300)


def test_a_new_ledger_is_marked_until_its_key_was_shown(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    assert recovery_key_pending(led)
    mark_recovery_key_shown(led)
    assert not recovery_key_pending(led)
    led.close()
    led = open_ledger(ledger_path)
    assert not recovery_key_pending(led)  # reopening does not mark it again
    led.close()


def test_init_shows_the_key_again_after_an_interrupted_first_run(ledger_path: Path) -> None:
    """The first init was killed before it printed the key: the next init prints it, the one after does not."""
    key = new_key()
    led = open_ledger(ledger_path, key=key)  # what the killed init had done: file, schema, pending mark
    assert recovery_key_pending(led)
    led.close()
    again = _cli("--db", str(ledger_path), "init", key=key)
    assert again.returncode == 0, again.stderr
    assert "补显示" in again.stdout and recovery_key(key) in again.stdout
    third = _cli("--db", str(ledger_path), "init", key=key)
    assert third.returncode == 0 and recovery_key(key) not in third.stdout


def test_plain_and_older_ledgers_are_never_pending(tmp_path: Path) -> None:
    plain = open_ledger(tmp_path / "plain.db", encryption=False)
    note_new_key(plain)
    assert not recovery_key_pending(plain)
    plain.close()
