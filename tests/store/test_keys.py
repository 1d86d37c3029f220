"""Keys: recovery keys, opening without the keyring entry, changing the key, wrong keys."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.domain.errors import LedgerBusyError, MissingKeyError, WrongKeyError
from db.models import Organization
from db.store import keys
from db.store.backup import key_opens, list_backups
from db.store.check import check_ledger
from db.store.storage import open_ledger
from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_org(ledger, name: str) -> None:
    with ledger.session() as s:
        s.add(Organization(name=name))


def _names(ledger) -> set[str]:
    with ledger.session(write=False) as s:
        return {o.name for o in s.query(Organization)}


@given(st.binary(min_size=32, max_size=32))
def test_recovery_key_round_trip(key: bytes) -> None:
    text = keys.recovery_key(key)
    assert len(text.split("-")) == 14
    assert keys.parse_key(text) == key
    assert keys.parse_key(text.lower().replace("-", " ")) == key
    assert keys.parse_key(key.hex()) == key


@given(st.binary(min_size=32, max_size=32), st.integers(min_value=0, max_value=55), st.sampled_from("ACXZ27"))
def test_a_mistyped_recovery_key_is_refused(key: bytes, pos: int, char: str) -> None:
    text = keys.recovery_key(key).replace("-", "")
    if text[pos] == char:
        return
    typo = text[:pos] + char + text[pos + 1 :]
    with pytest.raises(ValueError, match="恢复密钥"):
        keys.parse_key(typo)


def test_cli_prints_the_recovery_key_of_the_open_ledger(ledger_path: Path, capsys) -> None:
    assert main(["--db", str(ledger_path), "init"]) == 0
    first = capsys.readouterr().out
    assert main(["--db", str(ledger_path), "recovery-key"]) == 0
    out = capsys.readouterr().out
    printed = out.strip().splitlines()[-1]
    assert printed in first  # the same key init showed
    led = open_ledger(ledger_path, key=keys.parse_key(printed))
    led.close()


def test_lost_keyring_entry_then_recovery_key_opens_and_restores_it(
    ledger_path: Path, memory_keyring, monkeypatch
) -> None:
    led = open_ledger(ledger_path)
    _add_org(led, "河北省机构编制委员会办公室")
    recovery = keys.recovery_key(led.key)
    led.close()
    memory_keyring.store.clear()  # a new Windows profile: the credential is gone
    before = sha256(ledger_path)
    with pytest.raises(MissingKeyError, match="恢复密钥"):
        open_ledger(ledger_path)
    assert sha256(ledger_path) == before

    monkeypatch.setenv("DENGBAO_KEY", recovery)
    led = open_ledger(ledger_path)
    assert _names(led) == {"河北省机构编制委员会办公室"}
    led.close()
    monkeypatch.delenv("DENGBAO_KEY")
    led = open_ledger(ledger_path)  # from the keyring again
    led.close()


def test_explicit_key_opens_and_is_stored(ledger_path: Path, memory_keyring) -> None:
    led = open_ledger(ledger_path)
    key = led.key
    led.close()
    memory_keyring.store.clear()
    open_ledger(ledger_path, key=key).close()
    assert keys.load_key(ledger_path) == key


def test_unlock_command_reads_the_recovery_key(
    ledger_path: Path, memory_keyring, monkeypatch, capsys
) -> None:
    led = open_ledger(ledger_path)
    recovery = keys.recovery_key(led.key)
    led.close()
    memory_keyring.store.clear()
    monkeypatch.setattr(sys, "stdin", io.StringIO(recovery + "\n"))
    assert main(["--db", str(ledger_path), "unlock"]) == 0
    assert "已保存到系统凭据管理器" in capsys.readouterr().out
    open_ledger(ledger_path).close()


def test_wrong_key_leaves_the_file_byte_for_byte_untouched(ledger_path: Path, monkeypatch, capsys) -> None:
    led = open_ledger(ledger_path)
    _add_org(led, "某单位")
    led.close()
    wal, shm = (ledger_path.with_name(ledger_path.name + s) for s in ("-wal", "-shm"))
    assert not wal.exists() and not shm.exists()
    before = sha256(ledger_path)
    wrong = keys.new_key()
    with pytest.raises(WrongKeyError) as err:
        open_ledger(ledger_path, key=wrong)
    assert "密钥不正确" in str(err.value) and "文件未做任何修改" in str(err.value)
    monkeypatch.setenv("DENGBAO_KEY", keys.recovery_key(wrong))
    assert main(["--db", str(ledger_path), "list", "orgs"]) == 1
    assert "密钥不正确" in capsys.readouterr().err
    assert sha256(ledger_path) == before
    assert not wal.exists() and not shm.exists()


def test_rekey_changes_the_key_keeps_the_data_and_backs_up_first(ledger_path: Path, capsys) -> None:
    led = open_ledger(ledger_path)
    _add_org(led, "河北省编办")
    old = led.key
    led.close()
    assert main(["--db", str(ledger_path), "rekey"]) == 0
    out = capsys.readouterr().out
    new = keys.parse_key(out.strip().splitlines()[-1])
    assert new != old
    assert keys.load_key(ledger_path) == new
    assert key_opens(ledger_path, new) and not key_opens(ledger_path, old)
    backups = {b.reason: b for b in list_backups(ledger_path.parent / "backups", ledger_path.stem)}
    assert sorted(backups) == ["after-rekey", "before-rekey"]
    assert key_opens(backups["before-rekey"].path, old) and not key_opens(backups["before-rekey"].path, new)
    assert key_opens(backups["after-rekey"].path, new) and not key_opens(backups["after-rekey"].path, old)
    led = open_ledger(ledger_path)
    assert _names(led) == {"河北省编办"}
    _add_org(led, "新单位")  # still writable under the new key
    assert check_ledger(led).ok
    led.close()


def test_old_key_after_rekey_is_called_a_wrong_key(ledger_path: Path, capsys, monkeypatch) -> None:
    """The newest backup opens with the new key only, so the old key is not mistaken for damage."""
    led = open_ledger(ledger_path)
    _add_org(led, "河北省编办")
    old = led.key
    led.close()
    assert main(["--db", str(ledger_path), "rekey"]) == 0
    capsys.readouterr()
    before = sha256(ledger_path)
    monkeypatch.setenv("DENGBAO_KEY", old.hex())
    assert main(["--db", str(ledger_path), "list", "orgs"]) == 1
    err = capsys.readouterr().err
    assert "密钥不正确" in err and "密钥正确" not in err
    assert sha256(ledger_path) == before


def test_rekey_refused_while_another_process_uses_the_ledger(ledger_path: Path) -> None:
    """A second program holding the ledger open blocks a re-key; the file keeps its key."""
    from db.store.rekey import change_key

    led = open_ledger(ledger_path)
    _add_org(led, "甲")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import os,sys; from db.store.storage import open_ledger; l=open_ledger(sys.argv[1], create=False);"
         "print('open', flush=True); sys.stdin.read()", str(ledger_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "DENGBAO_KEY": led.key.hex()},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        old = led.key
        with pytest.raises(LedgerBusyError):
            change_key(led)
        assert key_opens(ledger_path, old)
        _add_org(led, "乙")  # the refused re-key left this process's ledger usable
    finally:
        holder.communicate("")
    assert _names(led) == {"甲", "乙"}
    led.close()


def test_rekey_in_process_reconnects_the_ledger(ledger) -> None:
    from db.store.rekey import change_key

    _add_org(ledger, "甲")
    result = change_key(ledger)
    assert ledger.key == result.key and result.stored
    _add_org(ledger, "乙")
    assert _names(ledger) == {"甲", "乙"}


def test_rekey_refused_while_another_program_has_the_ledger_open(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    _add_org(led, "甲")
    key = led.key
    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "support" / "crash_worker.py"), "open", str(ledger_path), "4"],
        cwd=ROOT,
        env={**_env(), "DENGBAO_KEY": key.hex()},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        from db.store.rekey import change_key

        started = time.monotonic()
        with pytest.raises(LedgerBusyError, match="台账正被另一个程序"):
            change_key(led)
        assert time.monotonic() - started < 10
        assert led.key == key
        assert _names(led) == {"甲"}  # reconnected with the old key
    finally:
        holder.kill()
        holder.wait()
        led.close()
    assert key_opens(ledger_path, key)


def _env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env["PYTHONPATH"] = str(ROOT)
    return env
