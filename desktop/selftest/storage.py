"""Self-test steps on storage: an encrypted ledger made, migrated, checked and refused with a wrong
key; and which credential store the keys would go to."""

from __future__ import annotations

import os
import secrets
import sys

from desktop.selftest.context import Context, Warn


def step_ledger(ctx: Context) -> str:
    from db.domain.errors import WrongKeyError
    from db.store import migrate
    from db.store.check import check_ledger
    from db.store.keys import parse_key
    from db.store.storage import is_plain_sqlite, open_ledger

    path = ctx.tmp / "data" / "ledger.db"
    ledger = open_ledger(path)
    if not ledger.created or not ledger.encrypted:
        raise RuntimeError(
            f"expected a new encrypted ledger, got created={ledger.created} encrypted={ledger.encrypted}"
        )
    with ledger.connect() as conn:
        revision = migrate.current_revision(conn)
        tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='table'").scalar()
        cipher = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
    head = migrate.head_revision()
    if revision != head:
        raise RuntimeError(f"migrated to {revision}, head is {head}")
    report = check_ledger(ledger)
    if not report.ok:
        raise RuntimeError("check failed: " + "; ".join(report.lines()))
    ledger.close()
    if is_plain_sqlite(path):
        raise RuntimeError("the ledger file is not encrypted")
    os.environ["DENGBAO_KEY"] = secrets.token_hex(32)
    try:
        open_ledger(path).close()
    except WrongKeyError:
        pass
    else:
        raise RuntimeError("the ledger opened with a wrong key")
    finally:
        os.environ["DENGBAO_KEY"] = ctx.key_hex
    ctx.ledger = open_ledger(path, key=parse_key(ctx.key_hex))
    return f"encrypted ledger (SQLCipher {cipher}) migrated to {head}, {tables} tables, check passed, wrong key refused"


def step_keyring(ctx: Context) -> str:
    """Which credential store the keys would go to. Nothing is read from or written to it."""
    import keyring

    from db.store.keys import keyring_available

    backend = ctx.real_keyring
    if backend is None:
        raise RuntimeError("keyring could not be initialised")
    chain = getattr(backend, "backends", None) or [backend]
    names = ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in chain) or "none"
    stand_in = keyring.get_keyring()
    keyring.set_keyring(backend)  # only to ask db.store.keys whether it would accept this backend
    try:
        available = keyring_available()
    finally:
        keyring.set_keyring(stand_in)
    if not available:
        message = f"no usable credential store ({names}); keys would need DENGBAO_KEY or a recovery key"
        if sys.platform.startswith("win"):
            raise RuntimeError(message)
        raise Warn(message)
    if sys.platform.startswith("win") and not any("Windows" in type(b).__module__ for b in chain):
        raise RuntimeError(f"Windows Credential Manager backend not found (have {names})")
    return names
