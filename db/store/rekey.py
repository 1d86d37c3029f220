"""Changing the key of an encrypted ledger file, so that no interruption can lose the ledger.

:func:`change_key` works in this order (each step is a numbered point a test can stop at, see
:data:`STEPS` and :data:`HOOK_ENV`):

1. back up the ledger (the backup keeps the OLD key: it opens with the old recovery key);
2. make sure no other program has the file open (and none can open it until the end);
3. keep the new key safe *before* the file changes: as the ledger's pending key in the keyring
   (:func:`db.store.keys.store_pending_key`, read back), and write the ``<ledger>.rekey`` marker
   (no secret in it); then show the new recovery key (``announce``), which is the only copy where
   no keyring exists (``DENGBAO_KEY``). Without a keyring and without ``announce`` the change is
   refused;
4. re-encrypt every page with SQLCipher's ``PRAGMA rekey`` (one transaction: a crash leaves the file
   wholly under the old key or wholly under the new one);
5. check that the new key opens it, then promote the pending key to the current keyring entry and
   remove the marker; reconnect and take an ``after-rekey`` backup.

Killed anywhere, the ledger opens with the old key or the new one: before step 4 commits with the old
key (the keyring's current entry or ``DENGBAO_KEY``), after it with the pending key, which
:func:`db.store.storage.open_ledger` tries when the current key fails (and then promotes), or with the
recovery key shown in step 3.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.domain.errors import LedgerError, translate
from db.store import keys
from db.store.backup import connect_file, key_opens, make_backup
from db.store.restore import claim_exclusive

if TYPE_CHECKING:
    from db.store.storage import Ledger

#: test hook: when set, every step prints ``rekey-step <n> <name>`` on stderr; ``stop:<name>`` (or
#: ``stop:<n>``) also makes the process wait at that step (until it is killed)
HOOK_ENV = "DENGBAO_REKEY_TEST_HOOK"
STEPS = (
    "start",
    "backed-up",
    "sole-use",
    "pending-kept",
    "announced",
    "switched",
    "verified",
    "promoted",
    "reconnected",
    "done",
)


@dataclass(frozen=True)
class RekeyResult:
    key: bytes
    recovery_key: str
    #: backup taken before the change; it opens with the previous key only
    backup: Path
    #: False when the new key could not be stored in the keyring (keep the recovery key!)
    stored: bool
    #: True when DENGBAO_KEY is set: it still holds the previous key and must be updated
    env_key_stale: bool


def _step(name: str) -> None:
    hook = os.environ.get(HOOK_ENV, "")
    if not hook:
        return
    number = STEPS.index(name)
    print(f"rekey-step {number} {name}", file=sys.stderr, flush=True)
    if hook in (f"stop:{name}", f"stop:{number}"):
        while True:  # held here until the test kills the process
            time.sleep(60)


def change_key(
    ledger: Ledger, new_key: bytes | None = None, *, announce: Callable[[str], None] | None = None
) -> RekeyResult:
    """Re-encrypt ``ledger`` with ``new_key`` (default: a fresh random key); see the module docstring.

    ``announce`` receives the new recovery key before the file is re-encrypted (the command line
    prints it); it is required where the keyring cannot keep the new key first.
    """
    from db.store.engine import sqlite_engine  # noqa: PLC0415

    if ledger.path is None:
        raise LedgerError("服务器台账（PostgreSQL）没有文件密钥，无法更换。")
    if not ledger.encrypted or ledger.key is None:
        raise LedgerError("此台账未加密，没有可以更换的密钥。")
    new_key = new_key or keys.new_key()
    if len(new_key) != keys.KEY_BYTES:
        raise ValueError("密钥长度应为 32 字节（256 位）")
    path, old_key = ledger.path, ledger.key
    _step("start")
    backup = make_backup(ledger, reason="before-rekey")
    _step("backed-up")
    try:
        # every connection of this process closed, and no other process may have the file open
        with ledger.sole_use():
            claim_exclusive(path, old_key)
            _step("sole-use")
            _keep_new_key(path, old_key, new_key, announce)
            conn = connect_file(path, old_key)
            try:
                conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            finally:
                conn.close()
            _step("switched")
            if not key_opens(path, new_key):
                raise LedgerError(f"更换密钥未成功，台账仍使用原密钥。更换前的备份：{backup}")
            _step("verified")
            stored = keys.promote_pending_key(path, new_key)
            _step("promoted")
    except Exception as exc:
        if not key_opens(path, new_key):
            # the file kept its old key: the pending key and the marker mean nothing any more
            keys.forget_pending_key(path)
            keys.clear_rekey_marker(path)
            ledger.engine = sqlite_engine(path, old_key)
            known = translate(exc) if not isinstance(exc, LedgerError) else exc
            raise (known or exc) from exc
        # re-encrypted, but a later step failed (the keyring, say): the new key is in force
        stored = keys.promote_pending_key(path, new_key)
    ledger.engine = sqlite_engine(path, new_key)
    ledger.key = new_key
    _step("reconnected")
    # the newest backup opens with the new key only, so an old key is told "wrong key" at the
    # next start instead of "the file is damaged" (the probe tries the key on the newest backup)
    with contextlib.suppress(LedgerError, OSError):
        make_backup(ledger, reason="after-rekey")
    _step("done")
    return RekeyResult(
        key=new_key,
        recovery_key=keys.recovery_key(new_key),
        backup=backup,
        stored=stored,
        env_key_stale=bool(os.environ.get(keys.ENV_KEY, "").strip()),
    )


def _keep_new_key(path: Path, old_key: bytes, new_key: bytes, announce: Callable[[str], None] | None) -> None:
    """Step 3: the new key is kept (keyring) and shown (``announce``) before the file changes.

    The marker is written before the pending key and removed after it (:func:`db.store.keys.settle_rekey`
    relies on "no marker, nothing pending"): a kill between keeping the pending key and writing the
    marker would otherwise leave a pending key that no later opening clears."""
    keys.write_rekey_marker(path, old_key, new_key, pending_in_keyring=False)
    pending = keys.store_pending_key(path, new_key)
    if not pending and announce is None:
        keys.clear_rekey_marker(path)
        raise LedgerError(
            "系统凭据管理器不可用，无法在更换前保存新密钥；为免更换中断后打不开台账，未更换密钥。"
            "请用命令行 dengbao-cli rekey（会在更换前显示新的恢复密钥）。"
        )
    if pending:
        keys.write_rekey_marker(path, old_key, new_key, pending_in_keyring=True)
    _step("pending-kept")
    if announce is not None:
        announce(keys.recovery_key(new_key))
    _step("announced")
