"""Only the schema this program creates: nothing extra, nothing changed, nothing missing.

A ledger file is a SQLite database, and a database can carry more than tables: a trigger added to a
backup would run inside every later transaction and silently change stored data; a view or an extra
table could stand in for what a report reads. So a backup is restored, and ``check`` passes a ledger,
only when its ``sqlite_master`` (type, name, table, normalised SQL) is exactly what this program's own
Alembic migrations create at the file's schema revision.

The reference is built once per revision by running the shipped migrations on an in-memory SQLite
database (the migrations are the truth: ``Base.metadata.create_all`` writes some tables differently).
SQLite's own tables are allowed where SQLite makes them: the planner statistics (``sqlite_stat1``,
``sqlite_stat4``, made by ``ANALYZE``/``PRAGMA optimize``) with SQLite's exact definition.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

#: how each kind of schema object is named in messages
TYPE_NAMES = {"table": "数据表", "index": "索引", "view": "视图", "trigger": "触发器"}

#: tables SQLite creates by itself when statistics are gathered: allowed, with exactly this definition
_SQLITE_STATS = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
}

_SPACE = re.compile(r"\s+")
_AROUND_PUNCT = re.compile(r"\s*([(),])\s*")
_QUOTED_NAME = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"|\[([A-Za-z_][A-Za-z0-9_]*)\]|`([A-Za-z_][A-Za-z0-9_]*)`')


@dataclass(frozen=True)
class SchemaEntry:
    type: str
    name: str
    tbl_name: str
    sql: str | None


@dataclass(frozen=True)
class SchemaProblem:
    #: "extra": the program never creates it; "changed": its definition differs; "missing": not there
    kind: str
    type: str
    name: str

    def describe(self, where: str) -> str:
        """One sentence; ``where`` is e.g. "备份中" or "台账中"."""
        what = TYPE_NAMES.get(self.type, self.type)
        if self.kind == "extra":
            return f"{where}有本程序不会创建的{what}“{self.name}”"
        if self.kind == "changed":
            return f"{where}的{what}“{self.name}”与本程序创建的定义不同"
        return f"{where}缺少本程序创建的{what}“{self.name}”"


def normalise_sql(sql: str | None) -> str | None:
    """The definition with layout and identifier quoting made uniform (SQLite keeps the text as written)."""
    if sql is None:
        return None
    text = _QUOTED_NAME.sub(lambda m: next(g for g in m.groups() if g is not None), sql)
    text = _SPACE.sub(" ", text).strip()
    return _AROUND_PUNCT.sub(r"\1", text).rstrip(";")


def _rows(conn: Any) -> list[tuple[Any, ...]]:
    sql = "SELECT type, name, tbl_name, sql FROM sqlite_master"
    if isinstance(conn, sa.Connection):
        return [tuple(r) for r in conn.exec_driver_sql(sql).fetchall()]
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def schema_of(conn: Any) -> dict[tuple[str, str], SchemaEntry]:
    """The schema objects of the database behind ``conn`` (SQLAlchemy or DB-API connection),
    keyed by (type, lower-case name)."""
    out: dict[tuple[str, str], SchemaEntry] = {}
    for type_, name, tbl_name, sql in _rows(conn):
        entry = SchemaEntry(str(type_), str(name), str(tbl_name), normalise_sql(sql))
        out[(entry.type, entry.name.lower())] = entry
    return out


@functools.cache
def reference_schema(revision: str) -> dict[tuple[str, str], SchemaEntry]:
    """What this program's migrations create up to ``revision``, on an empty in-memory database."""
    from alembic import command  # noqa: PLC0415 - Alembic is loaded only when a schema is compared

    from db.store.migrate import _config  # noqa: PLC0415 - migrate imports the models

    engine = sa.create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.connect() as conn:
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            return schema_of(conn)
    finally:
        engine.dispose()


def compare(conn: Any, revision: str) -> list[SchemaProblem]:
    """What in the database behind ``conn`` differs from the program's schema at ``revision``."""
    reference = reference_schema(revision)
    found = schema_of(conn)
    problems: list[SchemaProblem] = []
    for key, entry in sorted(found.items()):
        expected = reference.get(key)
        if expected is None and entry.type == "table" and entry.name.lower() in _SQLITE_STATS:
            expected = SchemaEntry("table", entry.name, entry.name, _SQLITE_STATS[entry.name.lower()])
        if expected is None:
            problems.append(SchemaProblem("extra", entry.type, entry.name))
        elif entry.tbl_name.lower() != expected.tbl_name.lower() or entry.sql != normalise_sql(expected.sql):
            problems.append(SchemaProblem("changed", entry.type, entry.name))
    for key, expected in sorted(reference.items()):
        if key not in found and expected.name.lower() not in _SQLITE_STATS:
            problems.append(SchemaProblem("missing", expected.type, expected.name))
    # the dangerous kinds first: a trigger or view matters more than a missing index
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    problems.sort(key=lambda p: (order.get(p.type, 4), p.kind != "extra", p.name))
    return problems
