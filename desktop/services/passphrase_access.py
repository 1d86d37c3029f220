"""The passphrase that unlocks a ledger file, for the window (:mod:`desktop.ui.unlock`, 设置).

The window never sees the ledger key or the wrapped-key file: it hands a typed passphrase here.
How the key is wrapped is :mod:`db.store.passphrase`; where a passphrase comes from in this process
is :func:`db.store.keys.use_passphrase`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.store import keys, passphrase
from db.store.passphrase import PassphraseError as PassphraseError
from db.store.passphrase import WrongPassphraseError as WrongPassphraseError
from db.store.storage import Ledger, open_ledger

MIN_LENGTH = passphrase.MIN_LENGTH


def portable_mode() -> bool:
    """A portable copy (marker beside the program); ``DENGBAO_PORTABLE_DIR`` set by hand is not one."""
    from desktop import portable

    paths = portable.current()
    return paths is not None and paths.marker is not None


def _exists(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def needs_passphrase(path: Path) -> bool:
    """True when the ledger file at ``path`` can only be opened here with its passphrase (or recovery key):
    it has a passphrase file, and neither ``DENGBAO_KEY`` nor the keyring has its key."""
    if not _exists(path) or not passphrase.has_passphrase(path):
        return False
    if os.environ.get(keys.ENV_KEY, "").strip():
        return False
    return not keys.key_in_keyring(path)


def new_ledger_uses_passphrase(path: Path) -> bool:
    """A ledger created at ``path`` now is protected by a passphrase: portable mode, or no keyring."""
    if _exists(path) or os.environ.get(keys.ENV_KEY, "").strip():
        return False
    return portable_mode() or not keys.keyring_available()


def ask_new_passphrase_when_created(ask: Callable[[], str | None]) -> None:
    """A ledger created in this process takes its passphrase from ``ask`` (None: the user gave up)."""

    def source(_new: bool) -> str:
        text = ask()
        if text is None:
            raise PassphraseError("未设置口令，台账未创建。")
        return text

    keys.use_passphrase(source, on_create=True)


def open_with_passphrase(path: Path, text: str) -> Ledger:
    """Open the existing ledger at ``path`` with passphrase ``text``.

    Raises WrongPassphraseError (nothing opened or written) and the usual opening errors. The
    passphrase stays known to this process (a restore offered for a damaged ledger needs it, and a
    change of key wraps the new key with it again) unless it was wrong.
    """
    keys.use_passphrase(lambda _new: text, on_create=False)
    try:
        return open_ledger(path, create=False)
    except PassphraseError:
        keys.reset_passphrase()
        raise


def check_new(text: str) -> None:
    """Raise PassphraseError (Chinese) for a passphrase that may not be set."""
    passphrase.check_new(text)


@dataclass(frozen=True)
class PassphraseState:
    applicable: bool  #: an encrypted ledger file (a server or plain ledger has no key to wrap)
    protected: bool
    in_keyring: bool
    keyring_available: bool
    cost: str


def state(ledger: Any) -> PassphraseState:
    path = getattr(ledger, "path", None)
    if path is None or not ledger.encrypted or ledger.key is None:
        return PassphraseState(False, False, False, keys.keyring_available(), "")
    protected = passphrase.has_passphrase(path)
    cost = ""
    if protected:
        try:
            cost = passphrase.describe_cost(path)
        except PassphraseError as exc:
            cost = str(exc)
    return PassphraseState(True, protected, keys.key_in_keyring(path), keys.keyring_available(), cost)


def set_passphrase(ledger: Any, text: str, *, keep_in_keyring: bool) -> bool:
    """Wrap the open ledger's key with ``text`` (the ledger is not re-encrypted), read it back, then keep the
    key in the keyring or remove it from there as asked. Returns whether the keyring holds the key now."""
    path: Path = ledger.path
    passphrase.write_wrap(path, ledger.key, text)
    if passphrase.unwrap(path, text) != ledger.key:
        raise PassphraseError("口令文件写入后校验失败，未做其他修改，请重试。")
    keys.use_passphrase(lambda _new: text, on_create=False)
    if keep_in_keyring:
        keys.remember_key(path, ledger.key)
    else:
        keys.forget_key(path)
    return keys.key_in_keyring(path)


def remove_passphrase(ledger: Any) -> None:
    """Drop the passphrase; refused (PassphraseError) unless the keyring holds the key."""
    path: Path = ledger.path
    if not keys.key_in_keyring(path):
        raise PassphraseError(
            "系统凭据管理器中没有此台账的密钥，删除口令后只能用恢复密钥打开，已拒绝。"
            "请先勾选“同时保存在系统凭据管理器中”重新设置口令。"
        )
    passphrase.remove_wrap(path)
    keys.reset_passphrase()
