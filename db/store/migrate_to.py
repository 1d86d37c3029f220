"""``dengbao-cli migrate-to URL``: copy a local ledger file onto a (department) server.

Everything is copied with its ids: every table's rows, the attachments' bytes, and the audit trail
event for event (its hashes stay valid, since they cover the events' own fields). The copy is one
transaction on the server: it is all there or not at all. On a department server the audit triggers
are switched off inside that transaction only (other sessions wait on the table locks and never see
them off), so the copied history is not recorded a second time; this needs the database owner, the
role that ran ``server init``. Afterwards the id sequences are moved past the copied ids, and the
server's copy is verified: row counts per table, the audit chain, and the trail's coverage of the data.

The local file is only read (the caller opens it read-only); it is left exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.domain.errors import LedgerError
from db.models import Base
from db.store import server_sql
from db.store.audit import verify_chain
from db.store.audit_replay import audited_tables, verify_coverage
from db.store.server_admin import is_department_server

if TYPE_CHECKING:
    from db.store.storage import Ledger

BATCH = 2000
ATTACHMENT_BATCH = 20
#: tables the new server ledger already fills itself (its own id and creation record are kept)
_MERGED = ("ledger_meta", "audit_head")


@dataclass
class MigrateResult:
    target: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    chain: str = ""
    coverage: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"已复制到 {self.target}："]
        out += [f"  {name}：{n} 条" for name, n in self.counts.items() if n]
        out += [f"服务器上核对：{self.chain}", f"服务器上核对：{self.coverage}"]
        out += [f"问题：{p}" for p in self.problems]
        out.append("结果：" + ("迁移完成，本机台账文件未作任何修改" if self.ok else "迁移后的核对未通过"))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "target": self.target, "counts": self.counts, "problems": self.problems,
                "chain": self.chain, "coverage": self.coverage}


def _tables() -> list[sa.Table]:
    return [t for t in Base.metadata.sorted_tables]


def _late_columns(tables: list[sa.Table]) -> dict[str, list[str]]:
    """Foreign-key columns whose target is not copied before the row (itself, or a later table in a
    cycle, e.g. an organisation's contact): written as NULL first, then set once everything is in."""
    order = {t.name: i for i, t in enumerate(tables)}
    late: dict[str, list[str]] = {}
    for table in tables:
        for fk in table.foreign_keys:
            if order.get(fk.column.table.name, -1) >= order[table.name]:
                late.setdefault(table.name, []).append(fk.parent.name)
    return late


def _refuse_non_empty(conn: sa.Connection, tables: list[sa.Table]) -> None:
    for table in tables:
        if table.name in _MERGED:
            continue
        if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
            raise LedgerError(
                f"服务器数据库中已有台账数据（表 {table.name}）：migrate-to 只能迁入新建的空台账，未做任何修改"
            )


def _set_triggers(conn: sa.Connection, enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    for table in audited_tables():
        conn.exec_driver_sql(f"ALTER TABLE {server_sql.q(table.name)} {verb} TRIGGER {server_sql.AUDIT_TRIGGER}")


def _copy_table(
    source: sa.Connection, target: sa.Connection, table: sa.Table, late: list[str], after: list[Any]
) -> int:
    """Copy ``table``'s rows; the updates that set its ``late`` columns are appended to ``after``."""
    copied = 0
    size = ATTACHMENT_BATCH if table.name == "attachments" else BATCH
    key = list(table.primary_key.columns)
    result = source.execute(sa.select(table).order_by(*key).execution_options(yield_per=size))
    for chunk in result.mappings().partitions(size):
        rows = [dict(r) for r in chunk]
        if table.name == "ledger_meta":
            stmt: Any = sa.dialects.postgresql.insert(table).on_conflict_do_nothing()
            target.execute(stmt, rows)
        else:
            target.execute(sa.insert(table), [{**r, **dict.fromkeys(late, None)} for r in rows])
            if late:
                for r in rows:
                    values = {c: r[c] for c in late if r[c] is not None}
                    if values:
                        after.append(sa.update(table).where(table.c.id == r["id"]).values(**values))
        copied += len(rows)
    return copied


def copy_ledger(ledger: Ledger, target_url: str) -> MigrateResult:
    """Copy the local ``ledger`` onto the server at ``target_url`` (an empty ledger or database)."""
    from db.store import migrate  # noqa: PLC0415 - Alembic only when needed
    from db.store.storage import open_ledger  # noqa: PLC0415 - storage imports this module's users

    shown = sa.make_url(target_url).render_as_string(hide_password=True)
    result = MigrateResult(shown)
    with ledger.connect() as source:
        revision = migrate.current_revision(source)
        source.rollback()
    if revision != migrate.head_revision():
        raise LedgerError("本机台账的数据结构不是最新版本：请先用本程序正常打开一次（自动升级）再迁移")
    server = open_ledger(url=target_url)  # creates (or upgrades) the schema on the server
    tables = _tables()
    late = _late_columns(tables)
    try:
        with ledger.connect() as source, server.engine.begin() as target:
            _refuse_non_empty(target, tables)
            department = is_department_server(target)
            if department:
                try:
                    _set_triggers(target, False)
                except sa.exc.ProgrammingError as exc:
                    raise LedgerError(
                        "迁入部门服务器需要数据库所有者账户（运行 server init 所用的账户），未做任何修改"
                    ) from exc
            after: list[Any] = []
            for table in tables:
                if table.name == "audit_head":
                    continue
                result.counts[table.name] = _copy_table(source, target, table, late.get(table.name, []), after)
            for statement in after:  # the references to rows copied later (an organisation's contacts)
                target.execute(statement)
            head = source.execute(sa.select(Base.metadata.tables["audit_head"])).mappings().first()
            if head is not None:
                audit_head = Base.metadata.tables["audit_head"]
                target.execute(sa.delete(audit_head))
                target.execute(sa.insert(audit_head), [dict(head)])
            for statement in server_sql.sequences_sql():
                target.exec_driver_sql(statement)
            if department:
                _set_triggers(target, True)
            source.rollback()
        _verify(ledger, server, result)
    finally:
        server.close()
    return result


def _verify(ledger: Ledger, server: Ledger, result: MigrateResult) -> None:
    with server.connect() as conn:
        conn.execution_options(isolation_level="REPEATABLE READ")
        for table in _tables():
            if table.name in _MERGED:
                continue
            count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            if count != result.counts.get(table.name):
                result.problems.append(f"表 {table.name}：本机 {result.counts.get(table.name)} 条，服务器 {count} 条")
        chain = verify_chain(conn)
        coverage = verify_coverage(conn)
        conn.rollback()
    result.chain = chain.message()
    result.coverage = coverage.message()
    if not chain.ok:
        result.problems.append(chain.message())
    if chain.events != result.counts.get("audit_events"):
        result.problems.append(f"审计记录：本机 {result.counts.get('audit_events')} 条，服务器链上 {chain.events} 条")
    if not coverage.ok:
        result.problems.append(coverage.message())
