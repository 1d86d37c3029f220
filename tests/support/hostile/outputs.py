"""Hostile outputs: export, print and backup aimed at the ledger, its companions, its backup folder, or a
file that is not the program's to replace (issue 12). Every one must be refused with exit code 1 and the
ledger left byte-identical; see :mod:`db.store.output` for the rules."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from hostile import Case

PDF = b"%PDF-1.7\n%not ours\n"
XLSX = b"PK\x03\x04" + b"\x00" * 26


def _files(named: dict[str, bytes]) -> Callable[[Path], None]:
    def build(work: Path) -> None:
        for name, data in named.items():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    return build


def _folder(name: str) -> Callable[[Path], None]:
    return lambda work: (work / name).mkdir(parents=True, exist_ok=True)


def _link_to_ledger(name: str) -> Callable[[Path], None]:
    return lambda work: (work / name).symlink_to(work / "L.db")


def _hard_link_to_ledger(name: str) -> Callable[[Path], None]:
    return lambda work: os.link(work / "L.db", work / name)


def _other_ledger(work: Path) -> None:
    conn = sqlite3.connect(work / "另一个台账.db")
    conn.execute("CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO organizations (name) VALUES ('别的单位')")
    conn.commit()
    conn.close()


def cases() -> list[Case]:
    export = ["export", "summary", "--out"]
    grading = ["print", "grading", "--object", "1", "--out"]
    return [
        Case("导出覆盖台账文件本身", [*export, "{ledger}"], says="台账文件本身"),
        Case("导出加 --force 覆盖台账", [*export, "{ledger}", "--force"], says="台账文件本身"),
        Case("加密台账：导出加 --force 覆盖台账", [*export, "{ledger}", "--force"], says="台账文件本身", encrypted=True),
        Case("打印加 --force 覆盖台账", [*grading, "{ledger}", "--force"], says="台账文件本身"),
        Case("加密台账：打印覆盖台账", [*grading, "{ledger}", "--force"], says="台账文件本身", encrypted=True),
        Case("备份加 --force 覆盖台账", ["backup", "--out", "{ledger}", "--force"], says="台账文件本身"),
        Case("加密台账：备份覆盖台账", ["backup", "--out", "{ledger}", "--force"], says="台账文件本身", encrypted=True),
        Case("导出写入台账的 -wal", [*export, "{ledger}-wal", "--force"], says="附属文件"),
        Case("打印写入台账的 -shm", [*grading, "{ledger}-shm"], says="附属文件"),
        Case("导出写入台账的 -journal", [*export, "{ledger}-journal", "--force"], says="附属文件",
             absent=["L.db-journal"]),
        Case("导出写入台账的 .lock", [*export, "{ledger}.lock", "--force"], says="附属文件"),
        Case("导出写入台账的审计链头记录", [*export, "{ledger}.audit-head.json", "--force"], says="附属文件"),
        Case("导出写入台账的口令文件", [*export, "{ledger}.passphrase.json", "--force"], says="附属文件"),
        Case("导出经符号链接覆盖台账", [*export, "{work}/汇总.xlsx", "--force"], build=_link_to_ledger("汇总.xlsx"),
             says="台账文件本身"),
        Case("打印经符号链接覆盖台账", [*grading, "{work}/定级报告.pdf", "--force"],
             build=_link_to_ledger("定级报告.pdf"), says="台账文件本身"),
        Case("Word 经符号链接覆盖台账", [*grading, "{work}/定级报告.docx", "--format", "docx", "--force"],
             build=_link_to_ledger("定级报告.docx"), says="台账文件本身"),
        Case("Word 写入台账文件名", [*grading, "{ledger}", "--format", "docx", "--force"], exit_code=2,
             says=".docx"),
        Case("备份经符号链接覆盖台账", ["backup", "--out", "{work}/拷贝.db", "--force"], build=_link_to_ledger("拷贝.db"),
             says="台账文件本身"),
        Case("导出经硬链接覆盖台账", [*export, "{work}/汇总.xlsx", "--force"], build=_hard_link_to_ledger("汇总.xlsx"),
             says="台账"),
        Case("加密台账：导出经硬链接覆盖台账", [*export, "{work}/汇总.xlsx", "--force"],
             build=_hard_link_to_ledger("汇总.xlsx"), says="台账", encrypted=True),
        Case("路径中的 ../ 绕回台账", [*export, "{work}/新建文件夹/../L.db", "--force"], says="台账文件本身",
             absent=["新建文件夹"]),
        Case("导出写入备份文件夹", [*export, "{work}/backups/汇总.xlsx"], build=_folder("backups"), says="备份文件夹",
             absent=["backups/汇总.xlsx"]),
        Case("打印覆盖备份文件夹中的文件", [*grading, "{work}/backups/L-20261121-080000-manual.db", "--force"],
             build=_files({"backups/L-20261121-080000-manual.db": b"SQLite format 3\x00" + bytes(4080)}), says="备份文件夹"),
        Case("备份写入备份文件夹（自选文件名）", ["backup", "--out", "{work}/backups/我的备份.db"],
             build=_folder("backups"), says="备份文件夹", absent=["backups/我的备份.db"]),
        Case("导出覆盖已有工作簿（无 --force）", [*export, "{work}/旧汇总.xlsx"], build=_files({"旧汇总.xlsx": XLSX}),
             says="--force"),
        Case("导出覆盖他人的 PDF（有 --force）", [*export, "{work}/他人.pdf", "--force"], build=_files({"他人.pdf": PDF}),
             says="不能覆盖"),
        Case("打印覆盖工作簿（有 --force）", [*grading, "{work}/旧汇总.xlsx", "--force"], build=_files({"旧汇总.xlsx": XLSX}),
             says="不能覆盖"),
        Case("导出覆盖无法识别的文件（有 --force）", [*export, "{work}/密文.xlsx", "--force"],
             build=_files({"密文.xlsx": bytes(range(256)) * 64}), says="不能覆盖"),
        Case("导出覆盖另一个台账（有 --force）", [*export, "{work}/另一个台账.db", "--force"], build=_other_ledger,
             says="数据库文件"),
        Case("备份覆盖另一个台账（有 --force）", ["backup", "--out", "{work}/另一个台账.db", "--force"],
             build=_other_ledger, says="不能覆盖"),
        Case("备份覆盖文本文件（有 --force）", ["backup", "--out", "{work}/说明.txt", "--force"],
             build=_files({"说明.txt": "会议纪要".encode()}), says="不能覆盖"),
        Case("导出目标是文件夹", [*export, "{work}"], says="文件夹"),
    ]
