"""Parse the 摸底自查表 / 开办情况汇总表 (or a sheet laid out like them) into website records.

The header row is found wherever the title and 公章 lines put it (the first rows are scanned for
the known header names), columns may come in any order, and cells are normalised (NFKC, spaces
trimmed) before they are checked with :mod:`db.domain.validators`. Nothing here touches the ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from db.domain import validators
from db.domain.validators import DomainName, ValidationError
from desktop.importers.plan import ImportIssue
from desktop.importers.xlsx_reader import Sheet, header_key, normalise_text

HEADERS = {
    "主管部门": "supervisor",
    "单位名称": "unit",
    "统一社会信用代码": "uscc",
    "网站名称": "site",
    "英文域名": "english",
    "中文域名": "chinese",
    "是否挂标": "badge",
    "联系人": "contact",
    "联系电话": "phone",
}
REQUIRED = {"selfcheck": {"unit", "site"}, "summary": {"supervisor", "unit", "site"}}
KIND_LABELS = {"selfcheck": "摸底自查表", "summary": "开办情况汇总表"}
HEADER_SCAN_ROWS = 10

_YES = {"是", "已挂标", "已挂", "挂标", "y", "yes", "√", "✓", "true", "1"}
_NO = {"否", "未挂标", "未挂", "不挂标", "n", "no", "×", "x", "false", "0"}
_STAMP = re.compile(r"^(主管部门|单位)\s*[(（]\s*公章\s*[)）]\s*[:：]\s*(.*)$")


@dataclass
class SiteRecord:
    """One data row: a unit (under its 主管部门) and its website."""

    sheet: str
    row: int
    unit: str
    site: str
    supervisor: str = ""
    uscc: str = ""
    domains: list[DomainName] = field(default_factory=list)
    badge: bool | None = None
    contact: str = ""
    phone: str = ""


@dataclass
class ParsedTable:
    kind: str
    sheet: str = ""
    header_row: int = 0
    stamp_label: str = ""
    stamp_name: str = ""
    records: list[SiteRecord] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = HEADERS.get(header_key(cell))
            if key and key not in columns:
                columns[key] = c
        if {"unit", "site"} <= set(columns) and len(columns) >= 3:
            return r, columns
    return None


def _stamp(rows: list[list[Any]], header_row: int) -> tuple[str, str]:
    for row in rows[:header_row]:
        for cell in row:
            m = _STAMP.match(normalise_text(cell))
            if m:
                return m[1], m[2].strip()
    return "", ""


def _badge(text: str) -> bool | None:
    t = text.lower().replace(" ", "")
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    raise ValidationError(f"是否挂标应填“是”或“否”：{text}")


def parse_table(sheets: list[Sheet], kind: str) -> ParsedTable:
    """Find the table in the workbook and turn its rows into records and per-cell errors."""
    if kind not in REQUIRED:
        raise ValueError(f"未知的表格类型：{kind}")
    result = ParsedTable(kind)
    found = None
    for sheet in sheets:
        hit = _find_header(sheet.rows)
        if hit:
            found = (sheet, *hit)
            break
    if found is None:
        name = sheets[0].name if sheets else ""
        result.errors.append(
            ImportIssue(name, 1, "", f"没有找到{KIND_LABELS[kind]}的表头（应包含“单位名称”“网站名称”等列）。")
        )
        return result
    sheet, header_index, columns = found
    result.sheet, result.header_row = sheet.name, header_index + 1
    missing = REQUIRED[kind] - set(columns)
    if missing:
        names = "、".join(h for h, k in HEADERS.items() if k in missing)
        result.errors.append(ImportIssue(sheet.name, header_index + 1, "", f"表头缺少列：{names}"))
        return result
    result.stamp_label, result.stamp_name = _stamp(sheet.rows, header_index)
    headers = {k: h for h, k in HEADERS.items()}
    for r in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[r]
        excel_row = r + 1

        def cell(key: str, row: list[Any] = row) -> str:
            c = columns.get(key)
            return normalise_text(row[c]) if c is not None and c < len(row) else ""

        def issue(key: str, message: str, excel_row: int = excel_row) -> None:
            c = columns.get(key)
            col = get_column_letter(c + 1) if c is not None else ""
            result.errors.append(ImportIssue(sheet.name, excel_row, col, f"{headers[key]}：{message}"))

        values = [normalise_text(v) for v in row]
        if not any(values):
            continue
        first = next(v for v in values if v)
        if re.match(r"^(注|备注|说明)\s*[:：]", first):
            continue
        rec = SiteRecord(
            sheet.name,
            excel_row,
            unit=cell("unit"),
            site=cell("site"),
            supervisor=cell("supervisor"),
            contact=cell("contact"),
        )
        if kind == "selfcheck" and not rec.supervisor and result.stamp_label == "主管部门":
            rec.supervisor = result.stamp_name
        if not rec.unit:
            issue("unit", "不能为空")
        if not rec.site:
            issue("site", "不能为空")
        if kind == "summary" and not rec.supervisor:
            issue("supervisor", "不能为空")
        if cell("uscc"):
            try:
                rec.uscc = validators.uscc(cell("uscc"))
            except ValidationError as exc:
                issue("uscc", exc.message)
        for key in ("english", "chinese"):
            for text in validators.split_domains(cell(key)):
                try:
                    rec.domains.append(validators.domain(text))
                except ValidationError as exc:
                    issue(key, exc.message)
        try:
            rec.badge = _badge(cell("badge"))
        except ValidationError as exc:
            issue("badge", exc.message)
        if cell("phone"):
            try:
                rec.phone = validators.phone(cell("phone"))
            except ValidationError as exc:
                issue("phone", exc.message)
        result.records.append(rec)
    if not result.records and not result.errors:
        result.errors.append(ImportIssue(sheet.name, header_index + 2, "", "表头下面没有数据行。"))
    return result
