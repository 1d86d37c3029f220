"""Schema migrations with Alembic, shipped inside the package.

A new ledger is created at head. Before an existing file is upgraded it is backed up
into its backup folder (:mod:`db.store.backup`, encrypted like the ledger); a ledger written by a
newer program (an unknown revision) is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.domain.errors import CorruptLedgerError, NewerLedgerError
from db.domain.identity import DISTRIBUTION
from db.models import AuditHead, LedgerMeta
from db.models.base import table_of
from db.store.audit import GENESIS
from db.store.engine import migration_lock

if TYPE_CHECKING:
    from db.store.storage import Ledger

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def app_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0.0.0+source"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: sa.Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def is_known_revision(revision: str) -> bool:
    """True if this program ships the migration ``revision`` (False: a newer program wrote it)."""
    return _known(revision)


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for unknown ids
        return False


def copy_aside(ledger: Ledger, reason: str) -> Path | None:
    """Back up the ledger file into its backup folder before a risky step; return the backup's path.

    The copy is taken with the online backup API and encrypted with the ledger's key (see
    :func:`db.store.backup.make_backup`); ``reason`` becomes part of the file name (letters and '-').
    """
    if ledger.path is None:
        return None
    from db.store.backup import make_backup  # noqa: PLC0415 - backup imports storage helpers lazily

    words = re.findall(r"[a-z]+", reason.lower())
    return make_backup(ledger, reason="-".join(words) or "before-migration")


def upgrade(ledger: Ledger) -> Path | None:
    """Bring the ledger to head; return the path of the safety copy made first, if any.

    On a server several clients may start at once on a new or older database: they take turns
    (:func:`db.store.engine.migration_lock`), and those after the first find the schema at head."""
    with migration_lock(ledger.engine):
        return _upgrade(ledger)


def _upgrade(ledger: Ledger) -> Path | None:
    head = head_revision()
    with ledger.engine.connect() as conn:
        current = current_revision(conn)
        tables = set(sa.inspect(conn).get_table_names())
        conn.rollback()
    if current == head:
        _ensure_audit_head(ledger.engine)
        return None
    if current is not None and not _known(current):
        raise NewerLedgerError(current)
    if current is None and tables - {"alembic_version"}:
        raise CorruptLedgerError("文件中有数据表，但没有数据结构版本记录，不像是等保台账")
    backup = copy_aside(ledger, "before-migration") if current is not None else None
    with ledger.engine.connect() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if current is None:
            _write_meta(conn)
        elif conn.dialect.name == "postgresql":
            from db.store import server_admin  # noqa: PLC0415 - servers only

            if server_admin.is_department_server(conn):
                # the tables this version adds get the server's protection with the upgrade itself
                # (before, the administrator had to remember to run ``server init`` again)
                server_admin.apply_setup(conn)
        conn.commit()
    _ensure_audit_head(ledger.engine)
    return backup


def _ensure_audit_head(engine: sa.Engine) -> None:
    """Create the audit chain's head row if missing (ledgers created before it was made up front).

    With the row present from the start, concurrent first writers on a server serialise on
    ``SELECT … FOR UPDATE`` instead of both trying to insert it.
    """
    table = table_of(AuditHead)
    with contextlib.suppress(sa.exc.IntegrityError, sa.exc.OperationalError), engine.begin() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.id == 1)).first() is None:
            conn.execute(sa.insert(table).values(id=1, last_event_id=0, last_hash=GENESIS))


def _write_meta(conn: sa.Connection) -> None:
    table = table_of(LedgerMeta)
    with conn.begin_nested() if conn.in_transaction() else conn.begin():
        conn.execute(
            sa.insert(table),
            [
                {"key": "ledger_id", "value": str(uuid.uuid4())},
                {"key": "created_by_version", "value": app_version()},
                {"key": "created_at", "value": datetime.now().isoformat(timespec="seconds")},
            ],
        )


def read_meta(conn: sa.Connection) -> dict[str, str]:
    table = LedgerMeta.__table__
    return {row.key: row.value for row in conn.execute(sa.select(table.c.key, table.c.value))}
