"""The pending key of a change of key, in process (the kill test, test_rekey_kills.py, does it for real).

The new key is kept before the file is re-encrypted (keyring entry ``<path>#pending``, or shown to the
user where no keyring exists), opening tries it when the current key fails and promotes it, and
leftovers of a change that never re-encrypted the file are dropped at the next opening.
"""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from db.domain.errors import LedgerError, WrongKeyError
from db.models import Organization
from db.store import keys
from db.store.backup import key_opens
from db.store.rekey import change_key
from db.store.storage import open_ledger


def _add(ledger, name: str) -> None:
    with ledger.session() as s:
        s.add(Organization(name=name))


def _names(ledger) -> set[str]:
    with ledger.session(write=False) as s:
        return {o.name for o in s.query(Organization)}


def _interrupted_after_switch(path: Path, old: bytes, new: bytes) -> None:
    """The state a change of key killed right after its commit leaves: file under ``new``, keyring
    current ``old``, pending ``new``, marker present."""
    from db.store.backup import connect_file

    assert keys.store_pending_key(path, new)
    keys.write_rekey_marker(path, old, new, pending_in_keyring=True)
    conn = connect_file(path, old)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA rekey = \"x'{new.hex()}'\"")
    conn.close()


def test_the_new_key_is_kept_and_shown_before_the_file_changes(ledger) -> None:
    path, old = ledger.path, ledger.key
    _add(ledger, "甲")
    seen: list[tuple[bytes | None, bool, bool]] = []

    def announce(recovery: str) -> None:
        new = keys.parse_key(recovery)
        seen.append((keys.load_pending_key(path), key_opens(path, old), key_opens(path, new)))

    result = change_key(ledger, announce=announce)
    assert seen == [(result.key, True, False)]  # kept in the keyring, the file still under the old key
    assert keys.load_key(path) == result.key and keys.load_pending_key(path) is None
    assert keys.read_rekey_marker(path) is None
    _add(ledger, "乙")
    assert _names(ledger) == {"甲", "乙"}


def test_without_a_keyring_the_change_needs_someone_to_show_the_key_to(ledger_path: Path, monkeypatch) -> None:
    led = open_ledger(ledger_path)
    _add(led, "甲")
    old = led.key
    monkeypatch.setenv("DENGBAO_KEY", old.hex())
    keyring.set_keyring(FailKeyring())
    with pytest.raises(LedgerError, match="系统凭据管理器不可用"):
        change_key(led)
    assert key_opens(ledger_path, old) and led.key == old
    assert keys.read_rekey_marker(ledger_path) is None
    shown: list[str] = []
    result = change_key(led, announce=shown.append)
    assert shown == [result.recovery_key] and not result.stored and result.env_key_stale
    assert key_opens(ledger_path, result.key)
    assert keys.read_rekey_marker(ledger_path) is None
    led.close()


def test_opening_after_a_kill_past_the_switch_uses_and_promotes_the_pending_key(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    _add(led, "甲")
    old = led.key
    led.close()
    new = keys.new_key()
    _interrupted_after_switch(ledger_path, old, new)

    led = open_ledger(ledger_path, create=False)
    assert led.key == new and _names(led) == {"甲"}
    assert "更换密钥时中断" in led.key_notice and keys.key_tag(new) in led.key_notice
    led.close()
    assert keys.load_key(ledger_path) == new and keys.load_pending_key(ledger_path) is None
    assert keys.read_rekey_marker(ledger_path) is None
    led = open_ledger(ledger_path, create=False)
    assert led.key_notice == ""
    led.close()


def test_the_cli_says_which_key_opened_the_ledger(ledger_path: Path, capsys) -> None:
    from desktop.cli import main

    led = open_ledger(ledger_path)
    _add(led, "甲")
    old = led.key
    led.close()
    new = keys.new_key()
    _interrupted_after_switch(ledger_path, old, new)
    assert main(["--db", str(ledger_path), "list", "orgs"]) == 0
    captured = capsys.readouterr()
    assert "甲" in captured.out
    assert captured.err.startswith("注意：台账上次更换密钥时中断") and keys.key_tag(new) in captured.err


def test_without_the_pending_key_the_old_key_is_told_about_the_change(ledger_path: Path, monkeypatch) -> None:
    """No keyring (DENGBAO_KEY): the refusal names the interrupted change, never a damaged header."""
    led = open_ledger(ledger_path)
    _add(led, "甲")
    old = led.key
    led.close()
    new = keys.new_key()
    _interrupted_after_switch(ledger_path, old, new)
    keys.forget_pending_key(ledger_path)
    monkeypatch.setenv("DENGBAO_KEY", old.hex())
    with pytest.raises(WrongKeyError) as err:
        open_ledger(ledger_path, create=False)
    message = str(err.value)
    assert "开始更换密钥" in message and keys.key_tag(new) in message and "文件头已损坏" not in message
    monkeypatch.setenv("DENGBAO_KEY", keys.recovery_key(new))
    led = open_ledger(ledger_path, create=False)
    assert _names(led) == {"甲"}
    led.close()
    assert keys.read_rekey_marker(ledger_path) is None


@pytest.mark.skipif(os.name == "nt", reason="dropped only where the shared use lock (flock) proves no change runs")
def test_leftovers_of_a_change_killed_before_the_switch_are_dropped(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    old = led.key
    led.close()
    stale = keys.new_key()
    keys.store_pending_key(ledger_path, stale)
    keys.write_rekey_marker(ledger_path, old, stale, pending_in_keyring=True)
    led = open_ledger(ledger_path, create=False)
    assert led.key == old and led.key_notice == ""
    led.close()
    assert keys.load_pending_key(ledger_path) is None and keys.read_rekey_marker(ledger_path) is None
    assert keys.load_key(ledger_path) == old
