"""First run on a machine without an OS keyring: the recovery key is shown once and is then the only way in."""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from db.domain.errors import MissingKeyError
from db.store import keys
from db.store.storage import open_ledger
from desktop.ui.firstrun import RecoveryKeyDialog, create_ledger


def _confirm_recovery_dialog(seen: list[str]) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, RecoveryKeyDialog) and widget.isVisible():
            seen.append(widget.recovery)
            assert not widget.ok.isEnabled(), "继续 stays disabled until the user confirms the key is kept"
            widget.confirm.setChecked(True)
            widget.ok.click()
            return
    QTimer.singleShot(20, lambda: _confirm_recovery_dialog(seen))


def test_without_keyring_the_recovery_key_opens_the_new_ledger(qtbot, tmp_path, monkeypatch) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    path = tmp_path / "ledger.db"
    seen: list[str] = []
    QTimer.singleShot(20, lambda: _confirm_recovery_dialog(seen))
    ledger = create_ledger(path, encrypt=True)
    assert ledger is not None and ledger.encrypted
    assert "DENGBAO_KEY" not in os.environ, "the key is not left behind in the environment"
    ledger.close()
    (recovery,) = seen
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(MissingKeyError):
        open_ledger(path)
    reopened = open_ledger(path, key=keys.parse_key(recovery.lower().replace("-", " ")))
    assert reopened.encrypted
    reopened.close()
