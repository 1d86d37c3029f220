"""May this connection rebuild the cached object dates? Not an auditor on a department server.

A read-only officer (``server adduser … --role auditor``) holds no write privilege on a department server
(:mod:`db.store.server_sql`); reading the deadlines must not try to rebuild the cache then (it would fail
with "permission denied"). Such a reader gets the cache as the writers last left it (rebuilt by the first
officer who may write, each day). Files and servers without roles: always True.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

_INFO = "dengbao_may_write_cache"


def may_rebuild(session: Session) -> bool:
    """True unless the server says this login may not change the cached dates (asked once per session)."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    known = session.info.get(_INFO)
    if known is None:
        known = bool(session.scalar(sa.text("SELECT has_table_privilege('object_deadlines', 'INSERT, DELETE')")))
        session.info[_INFO] = known
    return bool(known)
