"""The window's passphrase: asked at start for a ledger kept by one, a wrong one said plainly with the file
untouched, 使用恢复密钥 falls through to the recovery-key prompt, 设置 → 口令 changes it without re-encrypting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from ledger_helpers import add, names, sha256
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.store import keys, passphrase
from db.store.storage import open_ledger
from desktop.ui import unlock

PASSPHRASE = "窗口里输入的口令一二"


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch, qapp) -> Iterator[None]:
    from desktop.ui.fonts import setup_fonts

    setup_fonts(qapp)  # Chinese glyphs in the screenshots the tests save
    monkeypatch.setenv(passphrase.ENV_TEST_COST, "1")
    keys.reset_passphrase()
    yield
    keys.reset_passphrase()


def _protected_ledger(path: Path) -> None:
    keys.use_passphrase(lambda _new: PASSPHRASE)
    ledger = open_ledger(path)
    add(ledger, "某局门户网站")
    ledger.close()
    keys.reset_passphrase()


def _dialog() -> unlock.PassphraseDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, unlock.PassphraseDialog) and widget.isVisible():
            return widget
    return None


def test_wrong_then_right_passphrase_in_the_dialog(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    _protected_ledger(path)
    before = sha256(path)
    seen: list[str] = []

    def drive() -> None:
        dialog = _dialog()
        if dialog is None:
            QTimer.singleShot(20, drive)
            return
        dialog.passphrase.setText("并不是这个口令啊")
        dialog.ok.click()
        seen.append(dialog.error.text())
        seen.append(sha256(path))
        dialog.grab().save(str(tmp_path / "passphrase-dialog.png"))
        dialog.passphrase.setText(PASSPHRASE)
        dialog.ok.click()

    QTimer.singleShot(20, drive)
    opened = unlock.open_with_passphrase(path)
    assert opened not in (None, unlock.QUIT)
    try:
        assert "某局门户网站" in names(opened.ledger)
    finally:
        opened.ledger.close()
    assert "口令不正确" in seen[0] and seen[1] == before


def test_quit_and_recovery_key_choices(monkeypatch: pytest.MonkeyPatch, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    _protected_ledger(path)
    monkeypatch.setattr(unlock, "ask_passphrase", lambda *_a: None)
    assert unlock.open_with_passphrase(path) == unlock.QUIT
    monkeypatch.setattr(unlock, "ask_passphrase", lambda *_a: unlock.USE_RECOVERY_KEY)
    assert unlock.open_with_passphrase(path) is None  # desktop.app goes on to the recovery-key prompt


def test_a_new_ledger_without_keyring_gets_a_passphrase(monkeypatch: pytest.MonkeyPatch, qtbot, tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        path = tmp_path / "ledger.db"
        monkeypatch.setattr(unlock, "ask_new_passphrase", lambda *_a, **_k: (PASSPHRASE, False))
        assert unlock.open_with_passphrase(path) is None
        ledger = open_ledger(path)  # what firstrun.create_ledger does after the first-run dialog
        ledger.close()
        assert passphrase.unwrap(path, PASSPHRASE) == ledger.key
    finally:
        keyring.set_keyring(previous)


def test_settings_dialog_sets_changes_and_removes(monkeypatch: pytest.MonkeyPatch, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ledger = open_ledger(path)  # the usual way: key in the keyring, no passphrase
    try:
        dialog = unlock.PassphraseSettingsDialog(ledger)
        qtbot.addWidget(dialog)
        assert "设置口令" in dialog.set_button.text() and not dialog.remove_button.isEnabled()
        before = sha256(path)
        monkeypatch.setattr(unlock, "ask_new_passphrase", lambda *_a, **_k: (PASSPHRASE, False))
        dialog.change()
        assert passphrase.unwrap(path, PASSPHRASE) == ledger.key
        assert not keys.key_in_keyring(path) and sha256(path) == before
        assert "口令" in dialog.status.text() and "系统凭据管理器" not in dialog.status.text()
        dialog.show()
        dialog.grab().save(str(tmp_path / "passphrase-settings.png"))
        dialog.remove()  # only the recovery key would be left: refused, said in the dialog
        assert passphrase.has_passphrase(path) and "只能用恢复密钥" in dialog.error.text()
        monkeypatch.setattr(unlock, "ask_new_passphrase", lambda *_a, **_k: ("第二个口令第二个口令", True))
        dialog.change()
        assert keys.key_in_keyring(path)
        dialog.remove()
        assert not passphrase.has_passphrase(path)
    finally:
        ledger.close()


def test_new_passphrase_dialog_checks_what_is_typed(qtbot) -> None:
    dialog = unlock.NewPassphraseDialog("为台账设置口令。", keyring_choice=True, keyring_checked=False)
    qtbot.addWidget(dialog)
    dialog.first.setText("一二三四五六七八")
    dialog.second.setText("一二三四五六七九")
    dialog._check()
    assert "不一致" in dialog.error.text() and dialog.result() == 0
    dialog.first.setText("短")
    dialog.second.setText("短")
    dialog._check()
    assert "太短" in dialog.error.text()


def test_a_stale_passphrase_file_is_explained_in_the_dialog(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    _protected_ledger(path)
    passphrase.write_wrap(path, keys.new_key(), PASSPHRASE)  # e.g. left from before a change of key
    before = sha256(path)
    from desktop.services.passphrase_access import open_with_passphrase

    dialog = unlock.PassphraseDialog(path, lambda text: open_with_passphrase(path, text))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.attempt()
    assert "更换密钥" in dialog.error.text() and dialog.result_ledger is None
    assert sha256(path) == before


def test_a_damaged_ledger_goes_on_to_the_restore_offer(qtbot, tmp_path: Path) -> None:
    from db.domain.errors import LedgerError

    path = tmp_path / "ledger.db"
    _protected_ledger(path)

    def damaged(_text: str) -> None:
        raise LedgerError("台账文件已损坏")

    dialog = unlock.PassphraseDialog(path, damaged)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.attempt()
    assert isinstance(dialog.failure, LedgerError) and dialog.result() == 0
