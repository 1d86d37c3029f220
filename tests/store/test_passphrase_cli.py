"""``dengbao-cli --passphrase-stdin``: init, open, unlock and ``passphrase set|remove|status`` as a user runs them,
with the worst inputs: no passphrase, a wrong one, an empty input, a damaged passphrase file."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import sqlalchemy as sa
from keyring.backends import fail
from ledger_helpers import sha256

from db.store import keys, passphrase
from db.store.storage import open_ledger
from desktop.cli import main

PASSPHRASE = "乡镇网络安全台账口令"
NEW = "新的口令也是一句中文"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(passphrase.ENV_TEST_COST, "1")
    yield
    keys.reset_passphrase()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def cli(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(args))


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误：") and "Traceback" not in err, err
    return lines[0]


def _init(monkeypatch: pytest.MonkeyPatch, db: Path, capsys, *extra: str) -> str:
    assert cli(monkeypatch, PASSPHRASE + "\n", "--db", str(db), "--passphrase-stdin", "init", *extra) == 0
    out = capsys.readouterr().out
    assert "恢复密钥" in out and "口令" in out
    return out.split("只显示这一次）：\n", 1)[1].splitlines()[0]


def test_init_with_passphrase_and_no_keyring(tmp_path: Path, monkeypatch, capsys, no_keyring: None) -> None:
    db = tmp_path / "ledger.db"
    recovery = _init(monkeypatch, db, capsys)
    assert passphrase.has_passphrase(db)

    assert cli(monkeypatch, PASSPHRASE + "\n", "--db", str(db), "--passphrase-stdin", "list", "orgs") == 0
    capsys.readouterr()
    before = sha256(db)

    assert cli(monkeypatch, "", "--db", str(db), "list", "orgs") == 1
    assert "设置了口令" in _one_line_error(capsys.readouterr().err)
    assert cli(monkeypatch, "错误的口令错误的口令\n", "--db", str(db), "--passphrase-stdin", "list", "orgs") == 1
    assert "口令不正确" in _one_line_error(capsys.readouterr().err)
    assert cli(monkeypatch, "", "--db", str(db), "--passphrase-stdin", "list", "orgs") == 1
    assert "标准输入中没有口令" in _one_line_error(capsys.readouterr().err)
    assert sha256(db) == before

    # the recovery key keeps working
    assert cli(monkeypatch, recovery + "\n", "--db", str(db), "unlock") == 0
    assert "恢复密钥" in capsys.readouterr().out


def test_init_refuses_a_short_passphrase_and_creates_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    db = tmp_path / "new" / "ledger.db"
    assert cli(monkeypatch, "1234\n", "--db", str(db), "--passphrase-stdin", "init") == 1
    assert "口令太短" in _one_line_error(capsys.readouterr().err)
    assert not db.exists() and not passphrase.has_passphrase(db)


def test_change_status_and_remove(tmp_path: Path, monkeypatch, capsys, memory_keyring) -> None:
    db = tmp_path / "ledger.db"
    _init(monkeypatch, db, capsys)
    before = sha256(db)
    args = ("--db", str(db), "--passphrase-stdin")
    assert cli(monkeypatch, f"{PASSPHRASE}\n{NEW}\n", *args, "passphrase", "set") == 0
    assert "未重新加密" in capsys.readouterr().out
    assert sha256(db) == before  # a new passphrase, the same encrypted file
    assert cli(monkeypatch, PASSPHRASE + "\n", *args, "list", "orgs") == 1
    assert "口令不正确" in _one_line_error(capsys.readouterr().err)
    assert cli(monkeypatch, NEW + "\n", *args, "passphrase", "status") == 0
    status = capsys.readouterr().out
    assert "已设置" in status and "没有保存密钥" in status

    # removing it would leave only the recovery key: refused
    assert cli(monkeypatch, NEW + "\n", *args, "passphrase", "remove") == 1
    assert "只能用恢复密钥" in _one_line_error(capsys.readouterr().err)
    assert passphrase.has_passphrase(db)
    # unlock with the passphrase keeps the key in the keyring; then the passphrase may go
    assert cli(monkeypatch, NEW + "\n", *args, "unlock") == 0
    assert "已用口令打开" in capsys.readouterr().out
    assert cli(monkeypatch, "", "--db", str(db), "passphrase", "remove") == 0
    assert not passphrase.has_passphrase(db)
    assert cli(monkeypatch, "", "--db", str(db), "list", "orgs") == 0


def test_keyring_too_and_only(tmp_path: Path, monkeypatch, capsys, memory_keyring) -> None:
    db = tmp_path / "ledger.db"
    _init(monkeypatch, db, capsys, "--keyring-too")
    assert keys.key_in_keyring(db)
    assert cli(monkeypatch, "", "--db", str(db), "list", "orgs") == 0  # the keyring opens it
    capsys.readouterr()
    assert cli(monkeypatch, f"{NEW}\n", "--db", str(db), "passphrase", "set", "--only") == 0
    assert "只能用口令或恢复密钥打开" in capsys.readouterr().out
    assert not keys.key_in_keyring(db)
    assert cli(monkeypatch, NEW + "\n", "--db", str(db), "--passphrase-stdin", "list", "orgs") == 0


def test_a_damaged_passphrase_file_is_refused_plainly(tmp_path: Path, monkeypatch, capsys, no_keyring: None) -> None:
    db = tmp_path / "ledger.db"
    _init(monkeypatch, db, capsys)
    passphrase.wrap_path(db).write_text("{not json", encoding="utf-8")
    before = sha256(db)
    assert cli(monkeypatch, PASSPHRASE + "\n", "--db", str(db), "--passphrase-stdin", "list", "orgs") == 1
    assert "口令文件" in _one_line_error(capsys.readouterr().err)
    assert sha256(db) == before


def test_the_passphrase_is_written_nowhere(tmp_path: Path, monkeypatch, capsys, no_keyring: None) -> None:
    db = tmp_path / "ledger.db"
    _init(monkeypatch, db, capsys)
    args = ("--db", str(db), "--passphrase-stdin")
    cli(monkeypatch, "猜一个口令看看对不对\n", *args, "list", "orgs")
    cli(monkeypatch, f"{PASSPHRASE}\n{NEW}\n", *args, "passphrase", "set")
    capsys.readouterr()
    secrets = [t.encode("utf-8") for t in (PASSPHRASE, NEW, "猜一个口令看看对不对")]
    roots = [tmp_path, Path(os.environ["XDG_STATE_HOME"]), Path(os.environ["XDG_DATA_HOME"])]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(s in data for s in secrets), path
    keys.reset_passphrase()
    keys.use_passphrase(lambda _new: NEW)
    ledger = open_ledger(db, create=False)
    try:
        with ledger.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM audit_events")).fetchall()
    finally:
        ledger.close()
    assert not any(PASSPHRASE in str(row) or NEW in str(row) for row in rows)


def test_a_portable_copy_defaults_to_the_passphrase(tmp_path: Path, monkeypatch, capsys, memory_keyring) -> None:
    program = tmp_path / "usb" / "dengbao"
    program.mkdir(parents=True)
    (program / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(program))
    db = program / "data" / "ledger.db"
    assert cli(monkeypatch, PASSPHRASE + "\n", "init") == 0  # no --passphrase-stdin needed
    assert "口令" in capsys.readouterr().out
    assert passphrase.has_passphrase(db) and not keys.key_in_keyring(db)  # nothing left on this machine
    assert cli(monkeypatch, PASSPHRASE + "\n", "list", "orgs") == 0
    assert cli(monkeypatch, "错误的口令错误的口令\n", "list", "orgs") == 1
    assert "口令不正确" in _one_line_error(capsys.readouterr().err)
