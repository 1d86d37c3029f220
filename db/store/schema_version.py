"""A cheap "is this ledger already at the newest schema?" check that does not import Alembic.

Importing Alembic and loading its script directory costs a few hundred milliseconds on an office PC,
and nearly every start finds the ledger already up to date. :func:`head_revision` reads the revision
ids straight from the migration files (``revision = "…"`` / ``down_revision = "…"`` near the top of
each) once per process, and :func:`stored_revision` reads ``alembic_version``. Only when they differ
(or anything is unusual) does the caller need :mod:`db.store.migrate` and Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import sqlalchemy as sa

VERSIONS_DIR = Path(__file__).resolve().parents[1] / "migrations" / "versions"
_REVISION = re.compile(r"""^revision\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]+)?=\s*(None|["']([^"']+)["'])""", re.MULTILINE)
#: the revision lines sit in the first lines of a migration file
_HEAD_BYTES = 4096


@cache
def head_revision() -> str | None:
    """The newest revision shipped with the program, or None if it cannot be told without Alembic
    (no migration files, a merge or a branch): the caller then asks Alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = sorted(VERSIONS_DIR.glob("*.py"))
        for path in files:
            with path.open("r", encoding="utf-8") as fh:
                text = fh.read(_HEAD_BYTES)
            rev = _REVISION.search(text)
            if rev is None:
                continue
            revisions.add(rev.group(1))
            down = _DOWN.search(text)
            if down is None:
                return None
            if down.group(2):
                parents.add(down.group(2))
    except OSError:
        return None
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def stored_revision(conn: sa.Connection) -> str | None:
    """The revision recorded in the ledger (None: no version table, or no row)."""
    try:
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    except sa.exc.DBAPIError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def at_head(engine: sa.Engine) -> bool:
    """True when the ledger records exactly the newest shipped revision (no migration needed)."""
    head = head_revision()
    if head is None:
        return False
    with engine.connect() as conn:
        try:
            return stored_revision(conn) == head
        finally:
            conn.rollback()
