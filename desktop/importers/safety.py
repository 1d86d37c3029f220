"""Checks on a workbook's zip container before anything is inflated.

:func:`check_zip_members` looks only at the central directory (names, declared sizes, methods,
flags), so a zip bomb is refused without decompressing a byte. It complements the reader's
total-size check with limits per member and on the compression ratio: a 500 KB file that
inflates to 500 MB is not a spreadsheet anyone typed, and reading it would take gigabytes of
memory. A member whose data inflates beyond its declared size is refused by the zip reader
itself (calamine) as it reads.

Use from the reader::

    with zipfile.ZipFile(path) as zf:
        problem = check_zip_members(zf)
        if problem:
            raise WorkbookError(problem)
"""

from __future__ import annotations

import zipfile

MAX_MEMBERS = 5_000
#: no part of a workbook the ledger imports comes near this (100,000 rows × 10 columns ≈ 60 MB)
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: sheet XML compresses 5–30×, very repetitive sheets ~100×; only members above RATIO_FLOOR count
MAX_RATIO = 200
RATIO_FLOOR = 4 * 1024 * 1024
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def check_zip_members(zf: zipfile.ZipFile) -> str | None:
    """A Chinese message if the archive must not be inflated, else None."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        return f"工作簿包含的部件过多（{len(infos):,} 个），不像是正常的 Excel 文件，已拒绝导入。"
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            return "工作簿已加密（设置了打开密码），无法读取。请在 Excel 中取消密码后另存为 .xlsx 再导入。"
        if info.compress_type not in _METHODS:
            return "工作簿使用了不支持的压缩方式，请在 Excel 中重新“另存为” .xlsx 后再导入。"
        if info.file_size > MAX_MEMBER_BYTES:
            return _too_big(info.file_size)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return (
                f"工作簿中的“{info.filename}”解压后会从 {_mb(info.compress_size)} 膨胀到 {_mb(info.file_size)}，"
                "不像是正常的 Excel 文件（可能是“压缩炸弹”），已拒绝导入。"
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            return _too_big(total)
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def _too_big(n: int) -> str:
    return f"工作簿解压后约 {_mb(n)}，超过导入上限（{_mb(MAX_TOTAL_BYTES)}），已拒绝导入。请拆分后再导入。"
