"""``check``: file integrity, foreign keys, the schema, the audit chain, and whether the chain covers the data.

Besides the chain's own links (:func:`db.store.audit.verify_chain`) it replays the trail against the
stored rows (:mod:`db.store.audit_replay`: unaudited or lost changes, named by table, record and field)
and compares the chain with the head recorded outside the ledger (:mod:`db.store.audit_head`: the
newest events deleted). A ledger file must also hold exactly the schema this program creates
(:mod:`db.store.schema_check`: no trigger, view, table or index added or changed by anyone else).
Everything is read in one snapshot; the outside record is read first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.store import audit_head, schema_check, server_check
from db.store.audit import ChainReport, verify_chain
from db.store.audit_head import HeadReport
from db.store.audit_replay import CoverageReport, verify_coverage
from db.store.server_check import ServerReport

if TYPE_CHECKING:
    from db.store.storage import Ledger


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    cipher: list[str] = field(default_factory=list)
    #: schema objects this program would not create, or created differently (None: server ledger)
    schema: list[str] | None = None
    chain: ChainReport | None = None
    coverage: CoverageReport | None = None
    head: HeadReport | None = None
    #: a server ledger: SQLite's file checks did not run; what the server enforces instead
    server: ServerReport | None = None
    #: why the chain and its coverage were not verified (a scoped officer sees only part of the trail)
    chain_skipped: str = ""

    @property
    def ok(self) -> bool:
        if self.server is not None and self.chain_skipped:
            return self.server.ok
        return (
            (self.server is None or self.server.ok)
            and not self.integrity
            and not self.foreign_keys
            and not self.cipher
            and not self.schema
            and bool(self.chain and self.chain.ok)
            and (self.coverage is None or self.coverage.ok)
            and (self.head is None or self.head.ok)
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            # on a server SQLite's file checks do not exist: say so instead of "ok"
            "integrity": (self.integrity or ["ok"]) if self.server is None else None,
            "foreign_keys": self.foreign_keys if self.server is None else None,
            "cipher": self.cipher,
            "schema": self.schema or [],
            "audit_chain": {
                "ok": bool(self.chain and self.chain.ok),
                "events": self.chain.events if self.chain else 0,
                "first_broken_id": self.chain.first_broken_id if self.chain else None,
                "reason": self.chain.reason if self.chain else "",
            },
        }
        if self.coverage is not None:
            out["audit_coverage"] = {
                "ok": self.coverage.ok,
                "tables": self.coverage.tables,
                "rows": self.coverage.rows,
                "mismatches": self.coverage.total,
                "details": [m.as_dict() for m in self.coverage.problems],
            }
        if self.head is not None:
            out["audit_head"] = self.head.as_dict()
        if self.server is not None:
            out["server"] = self.server.as_dict()
            if self.chain_skipped:
                out["audit_chain"] = {"ok": None, "skipped": self.chain_skipped}
        return out

    def lines(self) -> list[str]:
        if self.server is not None:
            return self._server_lines()
        out = ["文件完整性：" + ("正常" if not self.integrity else "；".join(self.integrity[:5]))]
        out.append("外键关系：" + ("正常" if not self.foreign_keys else "；".join(self.foreign_keys[:5])))
        if self.cipher:
            out.append("加密页校验：" + "；".join(self.cipher[:5]))
        if self.schema is not None:
            out.append("数据结构：" + ("正常" if not self.schema else "；".join(self.schema[:5])))
        if self.chain is not None:
            out.append(self.chain.message())
        if self.coverage is not None:
            out.append(self.coverage.message())
        if self.head is not None:
            out.append(self.head.message())
        out.append("检查结果：" + ("通过" if self.ok else "未通过"))
        return out

    def _server_lines(self) -> list[str]:
        """Only what ran on the server (file integrity and foreign keys are the server's own business)."""
        assert self.server is not None
        out = self.server.lines()
        if self.chain_skipped:
            out.append("审计链与审计覆盖：未核对（" + self.chain_skipped + "）")
        else:
            out += [r.message() for r in (self.chain, self.coverage, self.head) if r is not None]
        out.append("检查结果：" + ("通过" if self.ok else "未通过"))
        return out


def check_ledger(ledger: Ledger) -> CheckReport:
    report = CheckReport()
    # the outside record first: every event it names was committed before the snapshot below
    head = audit_head.read_for(ledger.url)
    with ledger.connect() as conn:
        if ledger.is_server:
            # one snapshot for all statements, so concurrent writers cannot make rows and events disagree
            conn.execution_options(isolation_level="REPEATABLE READ")
            report.server = server_check.inspect(conn)
            if not report.server.sees_all:
                report.chain_skipped = (
                    f"账户 {report.server.login} 只能看到本单位范围内的记录；请由管理员或全局审计账户运行 check"
                )
                conn.rollback()
                return report
        else:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            report.integrity = [r for r in rows if r != "ok"]
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                report.foreign_keys.append(f"{table} 第 {rowid} 行引用的 {parent} 记录不存在")
            if ledger.encrypted:
                report.cipher = [
                    str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                ]
            report.schema = _schema_problems(conn)
        report.chain = verify_chain(conn)
        report.coverage = verify_coverage(conn)
        report.head = audit_head.compare(conn, head)
        conn.rollback()
    return report


def _schema_problems(conn: Any) -> list[str]:
    """The schema objects of a ledger file that this program would not have created as they are."""
    from db.store.migrate import current_revision, is_known_revision  # noqa: PLC0415 - loads Alembic

    revision = current_revision(conn)
    if revision is None or not is_known_revision(revision):
        return [f"数据结构版本“{revision or '无'}”不是本程序的版本，无法核对"]
    return [p.describe("台账中") for p in schema_check.compare(conn, revision)]
