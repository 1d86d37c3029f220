"""Encryption keys: random 256-bit keys kept in the OS keyring, with a printable recovery form.

The key never touches disk in plain form. Where no keyring exists (automation, CI),
``DENGBAO_KEY`` supplies it as 64 hex digits or as the recovery key.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import secrets
from pathlib import Path

import keyring
import keyring.errors

from db.domain.errors import KeyringUnavailableError
from db.domain.identity import KEYRING_SERVICE

SERVICE = KEYRING_SERVICE
KEY_BYTES = 32
ENV_KEY = "DENGBAO_KEY"

#: keyring backends that would store the key in plain text or not at all
_REFUSED_BACKENDS = (
    "keyring.backends.fail",
    "keyring.backends.null",
    "keyrings.alt.file",
)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _account(path: Path) -> str:
    resolved = str(path.resolve())
    return resolved.lower() if os.name == "nt" else resolved


def account_for(path: Path) -> str:
    """The name under which the key of the ledger at ``path`` is stored (its absolute path)."""
    return _account(path)


def _backend() -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    chain = getattr(backend, "backends", None) or [backend]
    usable = [b for b in chain if not type(b).__module__.startswith(_REFUSED_BACKENDS)]
    if not usable:
        raise KeyringUnavailableError(type(backend).__name__)
    return backend


def keyring_available() -> bool:
    try:
        _backend()
    except KeyringUnavailableError:
        return False
    return True


def load_key(path: Path) -> bytes | None:
    """The key for ``path`` from ``DENGBAO_KEY`` or the keyring; None if neither has one."""
    env = os.environ.get(ENV_KEY, "").strip()
    if env:
        return parse_key(env)
    try:
        stored = _backend().get_password(SERVICE, _account(path))
    except KeyringUnavailableError:
        return None
    except keyring.errors.KeyringError:
        return None
    return bytes.fromhex(stored) if stored else None


def store_key(path: Path, key: bytes) -> None:
    try:
        _backend().set_password(SERVICE, _account(path), key.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(str(exc)) from exc


def remember_key(path: Path, key: bytes) -> bool:
    """Store ``key`` for ``path`` if a keyring is available and does not hold it yet; True if stored.

    Used after a ledger was opened with a recovery key (``DENGBAO_KEY`` or typed in), so the next
    start finds the key again. Never raises: without a keyring the recovery key keeps working.
    """
    try:
        backend = _backend()
        if backend.get_password(SERVICE, _account(path)) == key.hex():
            return False
        backend.set_password(SERVICE, _account(path), key.hex())
    except (KeyringUnavailableError, keyring.errors.KeyringError):
        return False
    return True


def forget_key(path: Path) -> None:
    with contextlib.suppress(keyring.errors.KeyringError, KeyringUnavailableError):
        _backend().delete_password(SERVICE, _account(path))


def _checksum(key: bytes) -> bytes:
    return hashlib.sha256(b"dengbao-recovery" + key).digest()[:3]


def recovery_key(key: bytes) -> str:
    """Printable form of ``key``: 14 groups of 4 base32 characters, the last carrying a checksum."""
    text = base64.b32encode(key + _checksum(key)).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_key(text: str) -> bytes:
    """Accept 64 hex digits or a recovery key (any case, spaces or dashes); raise ValueError otherwise."""
    compact = "".join(ch for ch in text.strip() if ch not in " -\t\r\n").upper()
    if len(compact) == KEY_BYTES * 2 and all(c in "0123456789ABCDEF" for c in compact):
        return bytes.fromhex(compact)
    compact = compact.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except ValueError as exc:
        raise ValueError("恢复密钥格式不正确：应为 14 组、每组 4 个字母或数字。") from exc
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(key) != KEY_BYTES or check != _checksum(key):
        raise ValueError("恢复密钥不正确：校验失败，请检查是否抄错。")
    return key
