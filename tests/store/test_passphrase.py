"""Passphrase unlock (db.store.passphrase, db.store.keys): real SQLCipher files, real Argon2id and AES-GCM.

The KDF runs with the test cost (``DENGBAO_KDF_TEST_COST=1``, documented in db.store.passphrase);
one test checks that the shipped default is the full cost.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from ledger_helpers import add, names, sha256

from db.domain.errors import MissingKeyError, WrongKeyError
from db.store import keys, passphrase
from db.store.storage import open_ledger

PASSPHRASE = "县网信办等保台账口令"
OTHER = "另一个完全不同的口令"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(passphrase.ENV_TEST_COST, "1")
    keys.reset_passphrase()
    yield
    keys.reset_passphrase()


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _given(text: str) -> None:
    keys.use_passphrase(lambda _new: text)


def _create(path: Path, text: str = PASSPHRASE) -> bytes:
    _given(text)
    ledger = open_ledger(path)
    try:
        add(ledger, "某县政务网站")
        assert ledger.key is not None
        return ledger.key
    finally:
        ledger.close()
        keys.reset_passphrase()


def test_shipped_default_is_the_full_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(passphrase.ENV_TEST_COST)
    assert passphrase.chosen_cost() == passphrase.DEFAULT_COST
    assert passphrase.DEFAULT_COST.memory_kib >= 64 * 1024 and passphrase.DEFAULT_COST.time_cost >= 3


def test_wrap_round_trip_and_unicode_forms(tmp_path: Path) -> None:
    ledger = tmp_path / "l.db"
    key = keys.new_key()
    decomposed = unicodedata.normalize("NFD", "café口令一二三四")
    passphrase.write_wrap(ledger, key, decomposed)
    assert passphrase.unwrap(ledger, unicodedata.normalize("NFC", decomposed)) == key
    text = passphrase.wrap_path(ledger).read_text(encoding="utf-8")
    assert key.hex() not in text and "口令" not in text and "caf" not in text
    assert not list(tmp_path.glob("*.partial"))


def test_new_ledger_with_passphrase_only_opens_with_it_or_the_recovery_key(ledger_path: Path, memory_keyring) -> None:
    key = _create(ledger_path)
    assert passphrase.has_passphrase(ledger_path)
    assert not keys.key_in_keyring(ledger_path)  # passphrase only: nothing in the keyring
    before = sha256(ledger_path)

    with pytest.raises(MissingKeyError, match="设置了口令"):
        open_ledger(ledger_path, create=False)
    _given(OTHER)
    with pytest.raises(passphrase.WrongPassphraseError, match="口令不正确"):
        open_ledger(ledger_path, create=False)
    assert sha256(ledger_path) == before
    assert not keys.key_in_keyring(ledger_path)

    _given(PASSPHRASE)
    ledger = open_ledger(ledger_path, create=False)
    try:
        assert ledger.key == key and "某县政务网站" in names(ledger)
    finally:
        ledger.close()
    keys.reset_passphrase()
    recovered = open_ledger(ledger_path, key=keys.parse_key(keys.recovery_key(key)), create=False)
    try:
        assert "某县政务网站" in names(recovered)
    finally:
        recovered.close()


def test_without_keyring_the_passphrase_is_enough(ledger_path: Path, no_keyring: None) -> None:
    _create(ledger_path)
    _given(PASSPHRASE)
    ledger = open_ledger(ledger_path, create=False)
    ledger.close()


def test_keyring_too_keeps_both_ways_in(ledger_path: Path, memory_keyring) -> None:
    keys.keep_in_keyring_too()
    key = _create(ledger_path)
    assert keys.key_in_keyring(ledger_path)
    ledger = open_ledger(ledger_path, create=False)  # the keyring, no passphrase asked
    ledger.close()
    assert passphrase.unwrap(ledger_path, PASSPHRASE) == key


def test_changing_the_passphrase_does_not_touch_the_ledger(ledger_path: Path) -> None:
    key = _create(ledger_path)
    before = sha256(ledger_path)
    passphrase.write_wrap(ledger_path, key, OTHER)
    assert sha256(ledger_path) == before
    with pytest.raises(passphrase.WrongPassphraseError):
        passphrase.unwrap(ledger_path, PASSPHRASE)
    _given(OTHER)
    open_ledger(ledger_path, create=False).close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {**d, "memory_kib": d["memory_kib"] * 2},  # bound into the tag: fails, never weakens
        lambda d: {**d, "time_cost": 1_000_000},  # a forged cost is refused before any work
        lambda d: {**d, "memory_kib": 2**40},
        lambda d: {**d, "wrapped_key": "!!"},
        lambda d: {**d, "format": "something-else"},
        lambda d: {k: v for k, v in d.items() if k != "salt"},
    ],
)
def test_a_damaged_passphrase_file_is_one_sentence_and_changes_nothing(ledger_path: Path, damage) -> None:
    _create(ledger_path)
    wrap = passphrase.wrap_path(ledger_path)
    wrap.write_text(json.dumps(damage(json.loads(wrap.read_text(encoding="utf-8")))), encoding="utf-8")
    before = sha256(ledger_path)
    _given(PASSPHRASE)
    with pytest.raises(passphrase.PassphraseError) as caught:
        open_ledger(ledger_path, create=False)
    assert "\n" not in str(caught.value) and "台账未做任何修改" in str(caught.value)
    assert sha256(ledger_path) == before


def test_garbage_and_huge_passphrase_files(ledger_path: Path) -> None:
    _create(ledger_path)
    wrap = passphrase.wrap_path(ledger_path)
    for content in (b"\xff\xfe not json", b"[]", b" " * (200 * 1024)):
        wrap.write_bytes(content)
        with pytest.raises(passphrase.PassphraseFileError, match="口令文件"):
            passphrase.unwrap(ledger_path, PASSPHRASE)


@pytest.mark.parametrize("text", ["", "       ", "短口令", "x" * 2000])
def test_weak_passphrases_are_refused_and_nothing_is_created(ledger_path: Path, text: str) -> None:
    _given(text)
    with pytest.raises(passphrase.PassphraseError):
        open_ledger(ledger_path)
    assert not ledger_path.exists() and not passphrase.has_passphrase(ledger_path)


def test_passphrase_survives_backup_and_restore(ledger_path: Path, tmp_path: Path) -> None:
    from db.store.backup import make_backup
    from db.store.restore import restore_backup

    _create(ledger_path)
    _given(PASSPHRASE)
    ledger = open_ledger(ledger_path, create=False)
    backup = make_backup(ledger, tmp_path / "backups")
    add(ledger, "备份之后的系统")
    ledger.close()
    restore_backup(ledger_path, backup, folder=tmp_path / "backups")
    keys.reset_passphrase()
    _given(PASSPHRASE)
    restored = open_ledger(ledger_path, create=False)
    try:
        assert "某县政务网站" in names(restored) and "备份之后的系统" not in names(restored)
    finally:
        restored.close()


def test_change_of_key_rewraps_with_the_passphrase(ledger_path: Path, memory_keyring) -> None:
    from db.store.rekey import change_key

    old = _create(ledger_path)
    _given(PASSPHRASE)
    ledger = open_ledger(ledger_path, create=False)
    shown: list[str] = []
    result = change_key(ledger, announce=shown.append)
    ledger.close()
    assert result.key != old and shown
    assert passphrase.unwrap(ledger_path, PASSPHRASE) == result.key
    assert not keys.key_in_keyring(ledger_path)  # still passphrase only
    keys.reset_passphrase()
    _given(PASSPHRASE)
    reopened = open_ledger(ledger_path, create=False)
    reopened.close()
    with pytest.raises(WrongKeyError):
        open_ledger(ledger_path, key=old, create=False)
