"""``check``: file integrity, foreign keys and the audit chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from db.audit import ChainReport, verify_chain

if TYPE_CHECKING:
    from db.storage import Ledger


@dataclass
class CheckReport:
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    cipher: list[str] = field(default_factory=list)
    chain: ChainReport | None = None

    @property
    def ok(self) -> bool:
        return (
            not self.integrity
            and not self.foreign_keys
            and not self.cipher
            and bool(self.chain and self.chain.ok)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "integrity": self.integrity or ["ok"],
            "foreign_keys": self.foreign_keys,
            "cipher": self.cipher,
            "audit_chain": {
                "ok": bool(self.chain and self.chain.ok),
                "events": self.chain.events if self.chain else 0,
                "first_broken_id": self.chain.first_broken_id if self.chain else None,
                "reason": self.chain.reason if self.chain else "",
            },
        }

    def lines(self) -> list[str]:
        out = ["文件完整性：" + ("正常" if not self.integrity else "；".join(self.integrity[:5]))]
        out.append("外键关系：" + ("正常" if not self.foreign_keys else "；".join(self.foreign_keys[:5])))
        if self.cipher:
            out.append("加密页校验：" + "；".join(self.cipher[:5]))
        if self.chain is not None:
            out.append(self.chain.message())
        out.append("检查结果：" + ("通过" if self.ok else "未通过"))
        return out


def check_ledger(ledger: Ledger) -> CheckReport:
    report = CheckReport()
    with ledger.connect() as conn:
        if not ledger.is_server:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
            report.integrity = [r for r in rows if r != "ok"]
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                report.foreign_keys.append(f"{table} 第 {rowid} 行引用的 {parent} 记录不存在")
            if ledger.encrypted:
                report.cipher = [
                    str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
                ]
        report.chain = verify_chain(conn)
        conn.rollback()
    return report
