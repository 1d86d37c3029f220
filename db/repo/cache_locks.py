"""Advisory locks around the cached object dates on a server (:mod:`db.repo.deadlines`).

Many officers open a server ledger at once on a new day; each finds the cache computed for yesterday. Without
these locks all of them rebuild it together and all but one fail on a duplicate key. SQLite serialises
writers by itself, so every function here does nothing there.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

#: the advisory lock key of the daily rebuild on a server (any fixed number the program uses for nothing else)
REBUILD_LOCK_KEY = 0x0DB0_0001
#: how long a client starting on a new day waits for another client's rebuild before giving up
REBUILD_WAIT = "120s"


def serialise_rebuild(session: Session) -> bool:
    """On PostgreSQL, wait until no other client is rebuilding the cache (``pg_advisory_xact_lock``, held to
    the end of this transaction) and return True: the caller then reads the cache date again, and only the
    first of twenty officers opening the ledger on a new day rebuilds it — the others find it done instead of
    failing on a duplicate key. SQLite serialises writers by itself: False."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    _advisory(session, "SELECT pg_advisory_xact_lock(:k)", {"k": REBUILD_LOCK_KEY})
    return True


def serialise_objects(session: Session, ids: list[int]) -> None:
    """On PostgreSQL, the lock a save takes before it rewrites some objects' cached dates: shared with other
    saves, exclusive of a whole rebuild, and one per object (in id order) so two saves touching the same
    object's dates never both insert them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    _advisory(session, "SELECT pg_advisory_xact_lock_shared(:k)", {"k": REBUILD_LOCK_KEY})
    for object_id in ids:
        _advisory(session, "SELECT pg_advisory_xact_lock(CAST(:k AS integer), CAST(:o AS integer))", {"k": REBUILD_LOCK_KEY, "o": object_id})


def _advisory(session: Session, sql: str, params: dict[str, int]) -> None:
    """Take a transaction-level advisory lock, waiting up to :data:`REBUILD_WAIT` (a rebuild on a province
    ledger takes longer than the connection's usual lock timeout), then restore that timeout."""
    usual = session.scalar(sa.text("SELECT current_setting('lock_timeout')"))
    session.execute(sa.text("SELECT set_config('lock_timeout', :v, true)"), {"v": REBUILD_WAIT})
    session.execute(sa.text(sql), params)
    session.execute(sa.text("SELECT set_config('lock_timeout', :v, true)"), {"v": usual})
