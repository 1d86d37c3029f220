"""Hostile backups: files that are sound ledgers in every other way but carry schema objects this
program never creates (a trigger that rewrites data later, a view, an extra table, a changed table).

``restore`` must refuse each one by name, before anything is replaced: the ledger stays byte-identical.
The backups are made here by script from a copy of the demonstration ledger.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostile import Case

#: the key the corpus runner gives encrypted demonstration ledgers (DENGBAO_KEY)
RUNNER_KEY = bytes(range(32))

TRIGGER = (
    "CREATE TRIGGER quiet_rewrite AFTER INSERT ON findings BEGIN "
    "UPDATE findings SET risk = 'low' WHERE id = NEW.id; END"
)
VIEW = "CREATE VIEW organizations_shadow AS SELECT id, name FROM organizations"
TABLE = "CREATE TABLE notes_extra (id INTEGER PRIMARY KEY, body TEXT)"
CHANGED_TABLE = "ALTER TABLE organizations ADD COLUMN remark TEXT DEFAULT 'x'"
#: a trigger written straight into the schema table under a name SQLite reserves for itself
DISGUISED_TRIGGER = (
    "PRAGMA writable_schema = ON",
    "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger', 'sqlite_stat1', "
    "'organizations', 0, 'CREATE TRIGGER sqlite_stat1 AFTER UPDATE ON organizations BEGIN "
    "DELETE FROM findings; END')",
    "PRAGMA writable_schema = OFF",
)


def _connect(path: Path, key: bytes | None) -> Any:
    if key is None:
        import sqlite3

        return sqlite3.connect(str(path), isolation_level=None)
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def tampered_backup(ledger: Path, target: Path, statements: tuple[str, ...] | list[str], key: bytes | None) -> Path:
    """A copy of ``ledger`` (closed, no -wal) with ``statements`` run on it."""
    shutil.copyfile(ledger, target)
    conn = _connect(target, key)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return target


def _builder(statements: tuple[str, ...], encrypted: bool) -> Callable[[Path], None]:
    def build(work: Path) -> None:
        tampered_backup(work / "L.db", work / "backup.db", statements, RUNNER_KEY if encrypted else None)

    return build


def cases() -> list[Case]:
    argv = ["restore", "{work}/backup.db"]
    return [
        Case(
            "恢复带触发器的备份（以后悄悄改数据）",
            argv,
            build=_builder((TRIGGER,), False),
            says="备份中有本程序不会创建的触发器“quiet_rewrite”，不予恢复",
        ),
        Case(
            "加密台账：恢复带触发器的备份",
            argv,
            build=_builder((TRIGGER,), True),
            says="触发器“quiet_rewrite”",
            encrypted=True,
        ),
        Case("恢复多了视图的备份", argv, build=_builder((VIEW,), False), says="视图“organizations_shadow”"),
        Case("恢复多了数据表的备份", argv, build=_builder((TABLE,), False), says="数据表“notes_extra”"),
        Case(
            "恢复改过表定义的备份",
            argv,
            build=_builder((CHANGED_TABLE,), False),
            says="数据表“organizations”与本程序创建的定义不同",
        ),
        Case(
            "恢复把触发器伪装成SQLite内部表名的备份",
            argv,
            build=_builder(DISGUISED_TRIGGER, False),
            says="触发器“sqlite_stat1”",
        ),
    ]
