"""Encryption keys: random 256-bit keys kept in the OS keyring, with a printable recovery form.

The key never touches disk in plain form. Where no keyring exists (automation, CI),
``DENGBAO_KEY`` supplies it as 64 hex digits or as the recovery key.

While a key is being changed (:mod:`db.store.rekey`) the new key is kept first as the ledger's
*pending* key (a second keyring entry, ``<path>#pending``), and only promoted to the current entry
once the file is re-encrypted; opening tries it when the current key fails
(:func:`db.store.storage.open_ledger`). Without a keyring the new recovery key is shown before the
switch instead. The ``<ledger>.rekey`` file beside the ledger says that a change was begun: when and
how to recognise the two keys (the last group of their recovery keys), never a key.

A ledger may also (or instead) be unlocked by a passphrase (:mod:`db.store.passphrase`): its key is
wrapped in ``<ledger>.passphrase.json``. Where the passphrase comes from is set once per process
(:func:`use_passphrase`: the command line's ``--passphrase-stdin``, the window's dialog); then
:func:`load_key` unwraps the key when neither ``DENGBAO_KEY`` nor the keyring has it, and
:func:`store_key` (a new ledger, or the new key of a change of key) wraps it again instead of, or as
well as, keeping it in the keyring. (Portable mode makes the passphrase the default: the window and
the command line set the source there, see :mod:`desktop.ui.unlock` and :mod:`desktop.cli.support`.)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import keyring
import keyring.errors

from db.domain.errors import KeyringUnavailableError
from db.domain.identity import KEYRING_SERVICE
from db.store import passphrase
from db.store.ledger_files import fsync_dir

SERVICE = KEYRING_SERVICE
KEY_BYTES = 32
ENV_KEY = "DENGBAO_KEY"
#: the keyring account of a ledger's pending key is its path with this suffix
PENDING_SUFFIX = "#pending"
#: the file beside a ledger saying that a change of key was begun (no secret in it)
REKEY_MARKER_SUFFIX = ".rekey"

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


# --- where a passphrase comes from in this process -------------------------------------------

#: asked for the passphrase; ``new`` when one is being set (ask twice where a person types it)
PassphraseSource = Callable[[bool], str]


@dataclass
class _PassphrasePolicy:
    source: PassphraseSource | None = None
    #: a ledger created in this process is protected by the passphrase
    on_create: bool = False
    #: ... and its key is kept in the keyring as well
    keyring_too: bool = False
    cached: str | None = None


_policy = _PassphrasePolicy()


def use_passphrase(source: PassphraseSource, *, on_create: bool = True) -> None:
    """Take the passphrase from ``source`` (asked at most once, when needed) for the rest of this process."""
    _policy.source, _policy.on_create, _policy.cached = source, on_create, None


def keep_in_keyring_too(flag: bool = True) -> None:
    """A ledger created with a passphrase keeps its key in the keyring as well (both ways in)."""
    _policy.keyring_too = flag


def reset_passphrase() -> None:
    """Forget the passphrase and where it comes from (start of a command-line run, tests)."""
    _policy.source, _policy.on_create, _policy.keyring_too, _policy.cached = None, False, False, None


def passphrase_given() -> bool:
    return _policy.source is not None


def current_passphrase(*, new: bool = False) -> str:
    """The passphrase of this process (asked from its source the first time)."""
    if _policy.cached is None:
        if _policy.source is None:
            raise passphrase.PassphraseError("没有提供口令。")
        _policy.cached = _policy.source(new)
    return _policy.cached


def _exists(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def _key_from_passphrase(path: Path) -> bytes | None:
    if not _exists(path) or not passphrase.has_passphrase(path):
        return None
    if _policy.source is None:
        raise passphrase.PassphraseRequiredError(str(path))
    try:
        return passphrase.unwrap(path, current_passphrase())
    except passphrase.WrongPassphraseError:
        _policy.cached = None  # the next attempt asks again
        raise


def _keyring_entry(path: Path) -> str | None:
    try:
        return _backend().get_password(SERVICE, _account(path))
    except (KeyringUnavailableError, keyring.errors.KeyringError):
        return None


def load_key(path: Path) -> bytes | None:
    """The key for ``path`` from ``DENGBAO_KEY``, the keyring or the passphrase; None if none has one.

    Raises :class:`db.store.passphrase.PassphraseRequiredError` for a ledger protected by a passphrase
    when no passphrase was given, :class:`~db.store.passphrase.WrongPassphraseError` for a wrong one
    (before anything is opened: the ledger is not touched).
    """
    env = os.environ.get(ENV_KEY, "").strip()
    if env:
        return parse_key(env)
    stored = _keyring_entry(path)
    if stored:
        return bytes.fromhex(stored)
    return _key_from_passphrase(path)


def store_key(path: Path, key: bytes) -> None:
    """Keep ``key`` for ``path``: wrapped by the passphrase where one is used, in the keyring otherwise
    (and as well, where the keyring held it already or both were asked for)."""
    wrapped = passphrase.has_passphrase(path)
    if _policy.source is not None and (wrapped or (_policy.on_create and not _exists(path))):
        had_entry = _keyring_entry(path) is not None
        passphrase.write_wrap(path, key, current_passphrase(new=not wrapped))
        if had_entry or _policy.keyring_too:
            with contextlib.suppress(KeyringUnavailableError, keyring.errors.KeyringError):
                _backend().set_password(SERVICE, _account(path), key.hex())
        return
    try:
        _backend().set_password(SERVICE, _account(path), key.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(str(exc)) from exc


def key_in_keyring(path: Path) -> bool:
    """True when the keyring holds a key for ``path`` (never says which)."""
    return _keyring_entry(path) is not None


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


def key_tag(key: bytes) -> str:
    """The last group of ``key``'s recovery key: names a key in messages without giving it away
    (it is almost all checksum)."""
    return recovery_key(key).rsplit("-", 1)[-1]


# --- the pending key of a change of key -------------------------------------------------------


def load_pending_key(path: Path) -> bytes | None:
    """The pending key kept for ``path`` while its key is changed; None if none (or no keyring)."""
    try:
        stored = _backend().get_password(SERVICE, _account(path) + PENDING_SUFFIX)
    except (KeyringUnavailableError, keyring.errors.KeyringError):
        return None
    try:
        return bytes.fromhex(stored) if stored else None
    except ValueError:
        return None


def store_pending_key(path: Path, key: bytes) -> bool:
    """Keep ``key`` as the pending key of ``path``; False when no keyring can hold it.

    Read back after writing: a change of key goes ahead on this entry only if it really is there.
    """
    try:
        backend = _backend()
        backend.set_password(SERVICE, _account(path) + PENDING_SUFFIX, key.hex())
        return backend.get_password(SERVICE, _account(path) + PENDING_SUFFIX) == key.hex()
    except (KeyringUnavailableError, keyring.errors.KeyringError):
        return False


def forget_pending_key(path: Path) -> None:
    with contextlib.suppress(keyring.errors.KeyringError, KeyringUnavailableError):
        _backend().delete_password(SERVICE, _account(path) + PENDING_SUFFIX)


def promote_pending_key(path: Path, key: bytes) -> bool:
    """Make ``key`` (now the key of the file) the current key of ``path``, then drop the pending
    entry and the marker. False when no keyring holds it: the recovery key is then the only copy."""
    try:
        store_key(path, key)
    except KeyringUnavailableError:
        stored = False
    else:
        stored = True
        forget_pending_key(path)
    clear_rekey_marker(path)
    return stored


def pending_key_notice(key: bytes, *, promoted: bool, from_env: bool) -> str:
    """What the user is told when the pending key ``key`` opened the ledger (the current one did not)."""
    which = "DENGBAO_KEY 中的原密钥" if from_env else "原密钥"
    return (
        f"台账上次更换密钥时中断，{which}已打不开；已用更换前保存在系统凭据管理器中的新密钥"
        f"（恢复密钥最后一组为 {key_tag(key)}）打开"
        + ("，并已改为当前密钥。" if promoted else "。")
        + ("请把 DENGBAO_KEY 改为新的恢复密钥。" if from_env else "")
    )


def settle_rekey(path: Path, key: bytes) -> None:
    """After ``key`` opened ``path`` with no change of key running: promote the pending key if it is
    ``key``, else drop the pending key and the marker (a change that never re-encrypted the file).
    Without a marker nothing is pending (it is removed last), so the keyring is not asked."""
    if not rekey_marker_path(path).exists():
        return
    if load_pending_key(path) == key:
        promote_pending_key(path, key)
    else:
        forget_pending_key(path)
        clear_rekey_marker(path)


@dataclass(frozen=True)
class RekeyMarker:
    """A change of key was begun on the ledger (and perhaps not finished)."""

    started: str
    old_tag: str
    new_tag: str
    #: True when the new key was kept in the keyring as the pending key
    pending_in_keyring: bool

    def describe(self) -> str:
        where = "更换前已保存在系统凭据管理器中" if self.pending_in_keyring else "更换时已显示"
        return (
            f"台账在 {self.started} 开始更换密钥、可能未完成，文件可能已改用新密钥：新恢复密钥{where}，"
            f"最后一组为 {self.new_tag}；原恢复密钥最后一组为 {self.old_tag}"
        )


def rekey_marker_path(path: Path) -> Path:
    return path.with_name(path.name + REKEY_MARKER_SUFFIX)


def write_rekey_marker(path: Path, old_key: bytes, new_key: bytes, *, pending_in_keyring: bool) -> None:
    """Write the marker beside the ledger atomically and durably (before the file is re-encrypted)."""
    marker = rekey_marker_path(path)
    text = json.dumps(
        {
            "started": datetime.now().isoformat(sep=" ", timespec="seconds"),
            "old_tag": key_tag(old_key),
            "new_tag": key_tag(new_key),
            "pending_in_keyring": pending_in_keyring,
        },
        ensure_ascii=False,
    )
    partial = marker.with_name(marker.name + ".partial")
    with partial.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, marker)
    fsync_dir(marker.parent, quiet=True)


def read_rekey_marker(path: Path) -> RekeyMarker | None:
    try:
        data = json.loads(rekey_marker_path(path).read_text(encoding="utf-8"))
        return RekeyMarker(
            str(data["started"]), str(data["old_tag"]), str(data["new_tag"]), bool(data["pending_in_keyring"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear_rekey_marker(path: Path) -> None:
    marker = rekey_marker_path(path)
    for name in (marker, marker.with_name(marker.name + ".partial")):
        with contextlib.suppress(FileNotFoundError, OSError):
            name.unlink()
