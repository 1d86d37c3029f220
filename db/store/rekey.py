"""Changing the key of an encrypted ledger file.

:func:`change_key` backs the ledger up first (the backup keeps the OLD key: it opens with the old
recovery key), makes sure no other program has the file open, re-encrypts every page with
SQLCipher's ``PRAGMA rekey = "x'…'"`` (raw 256-bit key; done in one transaction, so a crash
leaves the file under the old key), checks that the new key opens it, then stores the new key in
the keyring and reconnects the ledger with it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.domain.errors import LedgerError, translate
from db.store import keys
from db.store.backup import connect_file, key_opens, make_backup
from db.store.restore import claim_exclusive

if TYPE_CHECKING:
    from db.store.storage import Ledger


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


def change_key(ledger: Ledger, new_key: bytes | None = None) -> RekeyResult:
    """Re-encrypt ``ledger`` with ``new_key`` (default: a fresh random key); see the module docstring."""
    from db.store.storage import sqlite_engine  # noqa: PLC0415 - storage imports this package lazily

    if ledger.path is None:
        raise LedgerError("服务器台账（PostgreSQL）没有文件密钥，无法更换。")
    if not ledger.encrypted or ledger.key is None:
        raise LedgerError("此台账未加密，没有可以更换的密钥。")
    new_key = new_key or keys.new_key()
    if len(new_key) != keys.KEY_BYTES:
        raise ValueError("密钥长度应为 32 字节（256 位）")
    old_key = ledger.key
    backup = make_backup(ledger, reason="before-rekey")
    try:
        # every connection of this process closed, and no other process may have the file open
        with ledger.sole_use():
            claim_exclusive(ledger.path, old_key)
            conn = connect_file(ledger.path, old_key)
            try:
                conn.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
            finally:
                conn.close()
    except Exception as exc:
        known = translate(exc) if not isinstance(exc, LedgerError) else exc
        ledger.engine = sqlite_engine(ledger.path, old_key)
        raise (known or exc) from exc
    if not key_opens(ledger.path, new_key):
        ledger.engine = sqlite_engine(ledger.path, old_key)
        raise LedgerError(f"更换密钥未成功，台账仍使用原密钥。更换前的备份：{backup}")
    ledger.engine = sqlite_engine(ledger.path, new_key)
    ledger.key = new_key
    # the newest backup opens with the new key only, so an old key is told "wrong key" at the
    # next start instead of "the file is damaged" (the probe tries the key on the newest backup)
    with contextlib.suppress(LedgerError, OSError):
        make_backup(ledger, reason="after-rekey")
    try:
        keys.store_key(ledger.path, new_key)
        stored = True
    except LedgerError:
        stored = False
    return RekeyResult(
        key=new_key,
        recovery_key=keys.recovery_key(new_key),
        backup=backup,
        stored=stored,
        env_key_stale=bool(os.environ.get(keys.ENV_KEY, "").strip()),
    )
