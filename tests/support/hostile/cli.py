"""Careless command lines: wrong dates, missing files, a folder where a file belongs."""

from __future__ import annotations

from pathlib import Path

from hostile import Case


def _folder(work: Path) -> None:
    (work / "a-folder.xlsx").mkdir()


def cases() -> list[Case]:
    return [
        Case("日期写成 2026/12/01", ["list", "deadlines", "--today", "2026/12/01"], exit_code=2, says="YYYY-MM-DD"),
        Case("导入不存在的文件", ["import", "selfcheck", "{work}/没有这个文件.xlsx", "--dry-run"]),
        Case("导入的“文件”是一个文件夹", ["import", "selfcheck", "{work}/a-folder.xlsx"], build=_folder),
        Case("把台账本身当作表格导入", ["import", "selfcheck", "{ledger}", "--dry-run"]),
        Case("加密台账：把台账本身当作表格导入", ["import", "summary", "{ledger}"], encrypted=True),
    ]
