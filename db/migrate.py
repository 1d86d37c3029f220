"""Schema migrations with Alembic, shipped inside the package.

A new ledger is created at head. Before an existing file is upgraded it is copied
aside; a ledger written by a newer program (an unknown revision) is refused.
"""

from __future__ import annotations

import shutil
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

from db.errors import CorruptLedgerError, NewerLedgerError
from db.models import LedgerMeta

if TYPE_CHECKING:
    from db.storage import Ledger

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def app_version() -> str:
    try:
        return version("dengbao-ledger")
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


def _known(revision: str) -> bool:
    script = ScriptDirectory.from_config(_config())
    try:
        return script.get_revision(revision) is not None
    except Exception:  # noqa: BLE001 - alembic raises several kinds for unknown ids
        return False


def copy_aside(ledger: Ledger, reason: str) -> Path | None:
    """Copy the ledger file next to itself (WAL checkpointed first); return the copy's path."""
    if ledger.path is None:
        return None
    with ledger.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = ledger.path.with_name(f"{ledger.path.stem}.{reason}-{stamp}{ledger.path.suffix}")
    shutil.copy2(ledger.path, target)
    return target


def upgrade(ledger: Ledger) -> Path | None:
    """Bring the ledger to head; return the path of the safety copy made first, if any."""
    head = head_revision()
    with ledger.engine.connect() as conn:
        current = current_revision(conn)
        tables = set(sa.inspect(conn).get_table_names())
        conn.rollback()
    if current == head:
        return None
    if current is not None and not _known(current):
        raise NewerLedgerError(current)
    if current is None and tables - {"alembic_version"}:
        raise CorruptLedgerError("文件中有数据表，但没有数据结构版本记录，不像是等保台账")
    backup = copy_aside(ledger, f"before-{head}") if current is not None else None
    with ledger.engine.connect() as conn:
        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if current is None:
            _write_meta(conn)
        conn.commit()
    return backup


def _write_meta(conn: sa.Connection) -> None:
    table = LedgerMeta.__table__
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
