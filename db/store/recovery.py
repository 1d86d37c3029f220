"""Whether the officer has seen a ledger's recovery key.

A new encrypted ledger shows its recovery key once. If the program was killed before that happened
(or before the officer confirmed it in the window), the key would never be shown again although it is
the only way back in on another machine. A new encrypted ledger records, inside its encrypted file,
that its key is still to be shown (:func:`note_new_key`, called by ``open_ledger`` when it creates the
file); ``init`` and the window show the key again until the officer has seen it (:func:`mark_recovery_key_shown`).
Ledgers made before this record existed carry no mark and are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from db.models import LedgerMeta

if TYPE_CHECKING:
    from db.store.storage import Ledger

PENDING_KEY = "recovery_key_pending"


def note_new_key(ledger: Ledger) -> None:
    """Mark a just-created encrypted ledger: its recovery key is still to be shown."""
    if not ledger.encrypted or ledger.path is None:
        return
    with ledger.session() as session:
        if session.get(LedgerMeta, PENDING_KEY) is None:
            session.execute(sa.insert(LedgerMeta).values(key=PENDING_KEY, value="1"))


def recovery_key_pending(ledger: Ledger) -> bool:
    """True for an encrypted ledger file whose recovery key was never confirmed as shown."""
    if not ledger.encrypted or ledger.key is None or ledger.path is None:
        return False
    with ledger.session(write=False) as session:
        return session.get(LedgerMeta, PENDING_KEY) is not None


def mark_recovery_key_shown(ledger: Ledger) -> None:
    if not ledger.encrypted or ledger.path is None:
        return
    with ledger.session() as session:
        session.execute(sa.delete(LedgerMeta).where(LedgerMeta.key == PENDING_KEY))
