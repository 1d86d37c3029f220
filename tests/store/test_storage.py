"""Storage: encrypted by default, nothing readable on disk, overrides, connection settings, keyring rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from db.domain.errors import KeyringUnavailableError
from db.models import Organization
from db.store import keys
from db.store.storage import (
    default_data_dir,
    default_ledger_path,
    is_plain_sqlite,
    open_ledger,
    resolve_target,
)
from desktop.cli import main

SEED = "河北省机构编制委员会办公室"
#: as in tests/conftest.py (not imported: tests/benchmarks has a conftest of its own)
DEMO_TODAY = date(2026, 11, 21)


def _disk_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_new_ledger_is_encrypted_by_default(ledger, ledger_path: Path) -> None:
    assert ledger.encrypted and ledger.key is not None and len(ledger.key) == 32
    assert not is_plain_sqlite(ledger_path)
    assert keys.load_key(ledger_path) == ledger.key  # in the keyring, not on disk
    assert ledger.key.hex().encode() not in _disk_bytes(ledger_path)


def test_no_stored_text_is_readable_on_disk_after_the_demo(ledger, ledger_path: Path) -> None:
    from db.demo.unit import build_demo

    build_demo(ledger, today=DEMO_TODAY)
    needles = [SEED.encode(), "河北机构编制网".encode(), b"hebjgbz", b"CREATE TABLE", b"organizations"]
    on_disk = _disk_bytes(ledger_path)  # while open: the -wal holds recent pages
    assert ledger_path.with_name(ledger_path.name + "-wal").exists()
    for needle in needles:
        assert needle not in on_disk, needle
    ledger.close()
    on_disk = _disk_bytes(ledger_path)
    for needle in needles:
        assert needle not in on_disk, needle


def test_the_plaintext_check_would_catch_an_unencrypted_file(tmp_path: Path) -> None:
    """Control for the test above: the same grep finds the text in a --no-encryption ledger."""
    led = open_ledger(tmp_path / "plain.db", encryption=False)
    with led.session() as s:
        s.add(Organization(name=SEED))
    led.close()
    assert SEED.encode() in _disk_bytes(tmp_path / "plain.db")


def test_no_encryption_creates_a_plain_sqlite_file_and_says_so(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plain.db"
    assert main(["--db", str(path), "--no-encryption", "init"]) == 0
    out = capsys.readouterr().out
    assert "未加密" in out and "恢复密钥" not in out
    assert is_plain_sqlite(path)
    led = open_ledger(path)  # reopened as plain without any key
    assert not led.encrypted
    led.close()


def test_encrypted_init_shows_the_recovery_key_once(tmp_path: Path, capsys) -> None:
    path = tmp_path / "new.db"
    assert main(["--db", str(path), "init"]) == 0
    out = capsys.readouterr().out
    assert "已加密" in out and keys.parse_key(out.strip().splitlines()[-1]) == keys.load_key(path)
    assert main(["--db", str(path), "init"]) == 0
    assert "恢复密钥" not in capsys.readouterr().out


def test_db_url_env_and_db_option_override(tmp_path: Path, monkeypatch) -> None:
    env_path = tmp_path / "env" / "ledger.db"
    monkeypatch.setenv("DENGBAO_DB_URL", f"sqlite:///{env_path}")
    assert resolve_target() == (None, env_path)
    assert main(["init"]) == 0
    assert env_path.exists()
    opt_path = tmp_path / "opt.db"
    assert main(["--db", str(opt_path), "init"]) == 0
    assert opt_path.exists()
    monkeypatch.setenv("DENGBAO_DB_URL", "postgresql+psycopg://u@h/db")
    assert resolve_target() == ("postgresql+psycopg://u@h/db", None)
    assert resolve_target(path=opt_path) == (None, opt_path)
    assert resolve_target(url="postgresql+psycopg://x@y/z") == ("postgresql+psycopg://x@y/z", None)


def test_default_location_and_portable_mode(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("DENGBAO_DB_URL", raising=False)
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path / "data"
    assert resolve_target() == (None, default_ledger_path())
    assert default_ledger_path() == tmp_path / "data" / "ledger.db"


def test_connection_settings(ledger) -> None:
    with ledger.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") == 5000
        assert pragma("cipher_version")


def test_foreign_keys_are_enforced(ledger) -> None:
    from sqlalchemy.exc import IntegrityError

    from db.models import ProtectedObject

    with pytest.raises(IntegrityError), ledger.session() as s:
        s.add(ProtectedObject(name="孤儿网站", organization_id=999))
    with ledger.session(write=False) as s:
        assert s.query(ProtectedObject).count() == 0


def test_a_failed_action_leaves_nothing_behind(ledger) -> None:
    with pytest.raises(RuntimeError), ledger.session() as s:
        s.add(Organization(name="甲"))
        s.flush()
        raise RuntimeError("the user action failed half-way")
    with ledger.session(write=False) as s:
        assert s.query(Organization).count() == 0
    from db.store.check import check_ledger

    assert check_ledger(ledger).ok


def test_keyring_unavailable_is_refused_unless_a_key_is_given(tmp_path: Path, monkeypatch) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailableError, match="DENGBAO_KEY"):
        open_ledger(tmp_path / "a.db")
    assert not (tmp_path / "a.db").exists()
    assert main(["--db", str(tmp_path / "a.db"), "init"]) == 1
    monkeypatch.setenv("DENGBAO_KEY", keys.new_key().hex())
    led = open_ledger(tmp_path / "b.db")
    assert led.encrypted
    led.close()
    monkeypatch.delenv("DENGBAO_KEY")
    plain = open_ledger(tmp_path / "c.db", encryption=False)  # explicit opt-out still works
    assert not plain.encrypted
    plain.close()


def test_plaintext_keyring_backends_are_refused(tmp_path: Path) -> None:
    plaintext = pytest.importorskip(
        "keyrings.alt.file", reason="keyrings.alt (a plaintext keyring) not installed"
    )
    PlaintextKeyring = plaintext.PlaintextKeyring  # noqa: N806

    keyring.set_keyring(PlaintextKeyring())
    assert not keys.keyring_available()
    with pytest.raises(KeyringUnavailableError):
        open_ledger(tmp_path / "a.db")
