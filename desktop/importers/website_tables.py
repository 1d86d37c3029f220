"""Parse the 摸底自查表 / 开办情况汇总表 (or a sheet laid out like them) into website records.

The header row is found wherever the title and 公章 lines put it (the first rows are scanned for
the known header names), columns may come in any order, and cells are normalised (NFKC, spaces
trimmed) before they are checked with :mod:`db.domain.validators`. Names must be text cells
(:func:`db.domain.validators.name`: no numbers, TRUE/FALSE or NaN, no control or bidirectional
characters) and a cell lists at most :data:`MAX_DOMAINS_PER_CELL` domains. Nothing here touches the
ledger.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from db.domain import validators
from db.domain.validators import DomainName, ValidationError
from desktop.importers.plan import MAX_ERRORS, ImportIssue
from desktop.importers.xlsx_reader import PLACEHOLDERS, Sheet, header_key, is_placeholder, normalise_text

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
#: domains in one cell (a website has a handful; the check comes before any is validated)
MAX_DOMAINS_PER_CELL = 100
#: the text columns that hold names: key → the longest name the ledger stores
NAME_LENGTHS = {"unit": 200, "supervisor": 200, "site": 200, "contact": 50}

_YES = {"是", "已挂标", "已挂", "挂标", "y", "yes", "√", "✓", "true", "1"}
_NO = {"否", "未挂标", "未挂", "不挂标", "n", "no", "×", "x", "false", "0"}
_STAMP = re.compile(r"^(主管部门|单位)\s*[(（]\s*公章\s*[)）]\s*[:：]\s*(.*)$")
#: the longest placeholder (longer cells are never one)
_PLACEHOLDER_LENGTH = max(map(len, PLACEHOLDERS))
_NOTE = re.compile(r"^(注|备注|说明)\s*[:：]")


@dataclass(slots=True)
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
    #: column letter of each header found (key → "A")
    letters: dict[str, str] = field(default_factory=dict)
    #: the sheets looked at before the table was found, and hidden sheets (never read)
    skipped: list[str] = field(default_factory=list)
    #: data rows left out at the caller's request, and their "单位 / 网站"
    skipped_rows: list[tuple[str, int]] = field(default_factory=list)
    skipped_labels: dict[tuple[str, int], str] = field(default_factory=dict)
    #: errors beyond :data:`desktop.importers.plan.MAX_ERRORS`: counted, not kept
    more_errors: int = 0

    def add(self, issue: ImportIssue) -> None:
        """Keep ``issue``, or only count it once :data:`MAX_ERRORS` are kept."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)
        else:
            self.more_errors += 1


# Each distinct value is checked once per process (a unit's name, code and contact repeat on every
# row of its websites; a province table has tens of thousands of rows). A check's result or its
# Chinese message is kept; the inputs are bounded by the workbook limits of :mod:`extent`.


@functools.lru_cache(maxsize=65_536)
def _checked_name(raw: str, max_length: int) -> tuple[str, str]:
    try:
        return validators.name(raw, label="", max_length=max_length), ""
    except ValidationError as exc:
        return "", exc.message


#: domains the ledger already holds, by their stored (Unicode) name: checked when they were stored,
#: so a table repeating them is not put through IDNA again (:func:`parse_table`'s ``known_domains``)
_known_domains: dict[str, DomainName] = {}


@functools.lru_cache(maxsize=65_536)
def _checked_domain(text: str) -> tuple[DomainName | None, str]:
    known = _known_domains.get(text)
    if known is not None:
        return known, ""
    try:
        return validators.domain(text), ""
    except ValidationError as exc:
        return None, exc.message


@functools.lru_cache(maxsize=65_536)
def _checked_uscc(text: str) -> tuple[str, str]:
    try:
        return validators.uscc(text), ""
    except ValidationError as exc:
        return "", exc.message


@functools.lru_cache(maxsize=65_536)
def _checked_text(raw: str, max_length: int) -> tuple[str, str]:
    """A name cell given as text: ("", "") when empty or a placeholder, else :func:`_checked_name`."""
    if not raw.strip() or is_placeholder(raw):
        return "", ""
    return _checked_name(raw, max_length)


@functools.lru_cache(maxsize=65_536)
def _checked_domains(text: str) -> tuple[tuple[DomainName, ...], tuple[str, ...], int]:
    """A 域名 cell: its valid domains and the messages of the others, in order; or, with more than
    :data:`MAX_DOMAINS_PER_CELL`, nothing checked and the count (the third item, else 0)."""
    if not text:
        return (), (), 0
    listed = validators.split_domains(text)
    if len(listed) > MAX_DOMAINS_PER_CELL:
        return (), (), len(listed)
    found: list[DomainName] = []
    problems: list[str] = []
    for item in listed:
        parsed, problem = _checked_domain(item)
        if parsed is None:
            problems.append(problem)
        else:
            found.append(parsed)
    return tuple(found), tuple(problems), 0


@functools.lru_cache(maxsize=65_536)
def _checked_phone(text: str) -> tuple[str, str]:
    try:
        return validators.phone(text), ""
    except ValidationError as exc:
        return "", exc.message


@functools.lru_cache(maxsize=1_024)
def _checked_badge(text: str) -> tuple[bool | None, str]:
    try:
        return _badge(text), ""
    except ValidationError as exc:
        return None, exc.message


@functools.lru_cache(maxsize=65_536, typed=True)
def _normalised(value: Any) -> str:
    return normalise_text(value)


def _norm(value: Any) -> str:
    """:func:`normalise_text`, cached for the hashable values a reader gives (all of calamine's)."""
    try:
        return _normalised(value)
    except TypeError:
        return normalise_text(value)


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


def _stamp(rows: list[list[Any]], header_row: int) -> tuple[str, str, int]:
    """(主管部门 or 单位, the name after 公章：, its 1-based row) from the lines above the header."""
    for r, row in enumerate(rows[:header_row]):
        for cell in row:
            m = _STAMP.match(normalise_text(cell))
            if m:
                return m[1], m[2].strip(), r + 1
    return "", "", 0


def _badge(text: str) -> bool | None:
    t = text.lower().replace(" ", "")
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    raise ValidationError(f"是否挂标应填“是”或“否”：{text}")


def parse_table(
    sheets: list[Sheet],
    kind: str,
    *,
    skip: Collection[tuple[str, int]] = (),
    known_domains: Mapping[str, DomainName] | None = None,
) -> ParsedTable:
    """Find the table in the workbook and turn its rows into records and per-cell errors.

    The first sheet (of those given: the visible ones) with the table's header is read. Data rows
    whose (sheet, Excel row) is in ``skip`` are left out unread (:attr:`ParsedTable.skipped_rows`).
    ``known_domains`` are the ledger's own domains by stored name, taken as they are when a cell
    names one exactly (what :func:`validators.domain` gives for a stored name: it was checked when stored).
    """
    global _known_domains
    previous, _known_domains = _known_domains, dict(known_domains or {})
    try:
        return _parse_table(sheets, kind, skip)
    finally:
        _known_domains = previous


def _parse_table(sheets: list[Sheet], kind: str, skip: Collection[tuple[str, int]]) -> ParsedTable:
    if kind not in REQUIRED:
        raise ValueError(f"未知的表格类型：{kind}")
    result = ParsedTable(kind)
    found = None
    for sheet in sheets:
        hit = _find_header(sheet.rows)
        if hit:
            found = (sheet, *hit)
            break
        result.skipped.append(sheet.name)
    if found is None:
        name = sheets[0].name if sheets else ""
        result.add(
            ImportIssue(name, 1, "", f"没有找到{KIND_LABELS[kind]}的表头（应包含“单位名称”“网站名称”等列）。")
        )
        return result
    sheet, header_index, columns = found
    result.sheet, result.header_row = sheet.name, header_index + 1
    missing = REQUIRED[kind] - set(columns)
    if missing:
        names = "、".join(h for h, k in HEADERS.items() if k in missing)
        result.add(ImportIssue(sheet.name, header_index + 1, "", f"表头缺少列：{names}"))
        return result
    from openpyxl.utils import get_column_letter  # here: the window imports this module on a click

    result.letters = {k: get_column_letter(c + 1) for k, c in columns.items()}
    result.stamp_label, stamp_name, stamp_row = _stamp(sheet.rows, header_index)
    if stamp_name:
        try:
            result.stamp_name = validators.name(stamp_name, label=f"{result.stamp_label}（公章）")
        except ValidationError as exc:
            result.add(ImportIssue(sheet.name, stamp_row, "", exc.message))
    skipped = {r for s, r in skip if s == sheet.name}
    parser = _RowParser(result, sheet.name, columns)
    for r in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[r]
        values = [_normalised(v) if v.__class__ is str else _norm(v) for v in row]
        if not any(values):
            continue
        first = next(v for v in values if v)
        if _NOTE.match(first):
            continue
        if r + 1 in skipped:
            result.skipped_rows.append((sheet.name, r + 1))
            label = [values[c] for c in (columns["unit"], columns["site"]) if c < len(values) and values[c]]
            result.skipped_labels[(sheet.name, r + 1)] = " / ".join(label)
            continue
        parser.parse(r + 1, row, values)
    if not result.records and not result.errors and not result.skipped_rows:
        result.add(ImportIssue(sheet.name, header_index + 2, "", "表头下面没有数据行。"))
    return result


class _RowParser:
    """Data rows → :class:`SiteRecord` in ``result.records``, each problem an issue of its cell.

    One parser per sheet: the columns are looked up once, and a row is read with local lookups only
    (a province table has tens of thousands of rows; every check is cached per distinct value)."""

    def __init__(self, result: ParsedTable, sheet: str, columns: dict[str, int]) -> None:
        self.result, self.sheet = result, sheet
        #: each known column's index, -1 when the table has no such column
        self.at = {key: columns.get(key, -1) for key in HEADERS.values()}
        self.required = ("unit", "site", *(["supervisor"] if result.kind == "summary" else []))
        self.stamp_supervisor = (
            result.stamp_name if result.kind == "selfcheck" and result.stamp_label == "主管部门" else ""
        )

    def issue(self, excel_row: int, key: str, message: str) -> None:
        col = self.result.letters.get(key, "")  # the column's letters, or "" when it has none
        label = next(h for h, k in HEADERS.items() if k == key)
        self.result.add(ImportIssue(self.sheet, excel_row, col, f"{label}：{message}"))

    def text(self, excel_row: int, row: list[Any], key: str) -> tuple[str, bool]:
        """A name cell checked as text (:func:`validators.name`): (value, refused); "" when empty."""
        c = self.at[key]
        raw = row[c] if 0 <= c < len(row) else ""
        if raw is None:
            return "", False
        if raw.__class__ is str:
            value, problem = _checked_text(raw, NAME_LENGTHS[key])
        else:
            value, problem = "", ""
            try:
                value = validators.name(raw, label="", max_length=NAME_LENGTHS[key])
            except ValidationError as exc:
                problem = exc.message
        if problem:
            self.issue(excel_row, key, problem)
            return value, True
        return value, False

    def cell(self, values: list[str], key: str) -> str:
        """The cell normalised; a placeholder (``—``, ``/``, ``暂无`` …) is empty (issue 19)."""
        c = self.at[key]
        text = values[c] if 0 <= c < len(values) else ""
        return "" if len(text) <= _PLACEHOLDER_LENGTH and text.lower() in PLACEHOLDERS else text

    def parse(self, excel_row: int, row: list[Any], values: list[str]) -> None:
        """``row`` as read, ``values`` its cells normalised (:func:`_norm` of each)."""
        text, cell = self.text, self.cell
        unit, unit_refused = text(excel_row, row, "unit")
        site, site_refused = text(excel_row, row, "site")
        supervisor, supervisor_refused = text(excel_row, row, "supervisor")
        contact, _refused = text(excel_row, row, "contact")
        rec = SiteRecord(
            self.sheet, excel_row, unit=unit, site=site, supervisor=supervisor or self.stamp_supervisor,
            contact=contact,
        )  # fmt: skip
        refused = {"unit": unit_refused, "site": site_refused, "supervisor": supervisor_refused}
        for key in self.required:
            if not getattr(rec, key) and not refused[key]:
                self.issue(excel_row, key, "不能为空")
        uscc = cell(values, "uscc")
        if uscc:
            rec.uscc, problem = _checked_uscc(uscc)
            if problem:
                self.issue(excel_row, "uscc", problem)
        for key in ("english", "chinese"):
            found, problems, too_many = _checked_domains(cell(values, key))
            if too_many:
                self.issue(
                    excel_row,
                    key,
                    f"一个单元格最多填写 {MAX_DOMAINS_PER_CELL} 个域名，此处有 {too_many:,} 个，请核对",
                )
                continue
            rec.domains.extend(found)
            for problem in problems:
                self.issue(excel_row, key, problem)
        rec.badge, problem = _checked_badge(cell(values, "badge"))
        if problem:
            self.issue(excel_row, "badge", problem)
        phone = cell(values, "phone")
        if phone:
            rec.phone, problem = _checked_phone(phone)
            if problem:
                self.issue(excel_row, "phone", problem)
        self.result.records.append(rec)
