"""Parse a findings list (the program's own 整改台账, or an assessor's 问题清单) into finding records.

The header row is looked for in the first rows and the columns are mapped by their names, in any
order (:data:`HEADERS`). A test-item code such as ``L3-CES1-01`` is checked against the GB/T 22239
catalogue (:mod:`db.domain.catalogue`) and gives the 安全类 when the file has none; a 控制点 is
checked against the catalogue's control points of that category. Cells are normalised (NFKC,
spaces trimmed); a placeholder such as ``—`` or ``暂无`` in an optional cell is read as empty.
Columns the export writes but an import does not take (状态, 整改措施, 验证…) are named once in
:attr:`FindingsTable.ignored`. Nothing here touches the ledger.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter

from db.domain import catalogue, validators
from db.domain.validators import ValidationError
from desktop.importers.plan import MAX_ERRORS, ImportIssue
from desktop.importers.xlsx_reader import Sheet, header_key, is_placeholder, normalise_text

#: header text (spaces removed, NFKC) → field; "title_or_description" is 问题描述: the title when the
#: file has no 问题 column, else the description
HEADERS: dict[str, str] = {
    "问题": "title",
    "问题名称": "title",
    "问题标题": "title",
    "安全问题": "title",
    "存在问题": "title",
    "问题描述": "title_or_description",
    "详细描述": "description",
    "问题详情": "description",
    "安全类": "category",
    "安全层面": "category",
    "层面": "category",
    "控制点": "control_point",
    "测评指标": "control_point",
    "测评项": "item",
    "测评项编号": "test_item_code",
    "测评项代码": "test_item_code",
    "风险等级": "risk",
    "风险级别": "risk",
    "风险程度": "risk",
    "重大风险隐患": "major_hazard",
    "是否重大风险隐患": "major_hazard",
    "整改建议": "recommendation",
    "修复建议": "recommendation",
    "临时措施": "interim_measures",
    "临时防护措施": "interim_measures",
    "责任部门": "owner_dept",
    "责任人": "owner",
    "发现日期": "found_on",
    "发现时间": "found_on",
    "整改期限": "deadline",
    "整改时限": "deadline",
    "整改完成时限": "deadline",
    "时限说明": "deadline_note",
    "期限说明": "deadline_note",
    "后续计划": "remaining_plan",
    "定级对象": "object",
    "系统名称": "object",
    "单位名称": "unit",
}
#: columns of the 整改台账 export that an import does not take (the state moves by its own rules)
EXPORT_ONLY = (
    "序号", "问题来源", "来源记录", "是否逾期", "整改状态", "整改措施", "证明材料", "完成日期", "验证人",
    "验证日期", "风险接受批准人", "风险接受理由",
)  # fmt: skip
#: a label per field for messages
LABELS = {
    "title": "问题",
    "description": "问题描述",
    "category": "安全类",
    "control_point": "控制点",
    "item": "测评项",
    "test_item_code": "测评项编号",
    "risk": "风险等级",
    "major_hazard": "重大风险隐患",
    "recommendation": "整改建议",
    "interim_measures": "临时措施",
    "owner_dept": "责任部门",
    "owner": "责任人",
    "found_on": "发现日期",
    "deadline": "整改期限",
    "deadline_note": "时限说明",
    "remaining_plan": "后续计划",
    "object": "定级对象",
    "unit": "单位名称",
}
#: the longest text the ledger stores per field (None: no limit)
LENGTHS = {
    "title": 300, "control_point": 60, "test_item_code": 20, "owner": 50, "owner_dept": 100,
    "deadline_note": 300, "object": 200, "unit": 200,
}  # fmt: skip
_RISKS = {
    "高": "high", "高风险": "high", "高危": "high", "严重": "high", "紧急": "high", "high": "high",
    "critical": "high", "中": "medium", "中风险": "medium", "中危": "medium", "medium": "medium",
    "低": "low", "低风险": "low", "低危": "low", "low": "low",
}  # fmt: skip
_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "×", "x"}
HEADER_SCAN_ROWS = 10
_NOTE = re.compile(r"^(注|备注|说明)\s*[:：]")
#: control characters (line breaks aside), bidirectional controls and lone surrogates
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CODE_LIKE = re.compile(r"^\s*L\s*\d\s*[-‐‑‒–—―−]\s*[A-Za-z]{3}", re.IGNORECASE)


# Catalogue look-ups, each distinct value once (a 问题清单 repeats the same codes and names on many rows):
# (result, "") or (None, the Chinese message).


@functools.lru_cache(maxsize=4096)
def _item_code(text: str) -> tuple[catalogue.TestItemCode | None, str]:
    try:
        return catalogue.parse_test_item_code(text), ""
    except ValueError as exc:
        return None, str(exc)


@functools.lru_cache(maxsize=1024)
def _category(text: str) -> tuple[str | None, str]:
    try:
        return catalogue.category(text).code, ""
    except ValueError as exc:
        return None, str(exc)


@functools.lru_cache(maxsize=256)
def _known_points(category: str, scene: int) -> frozenset[str]:
    """The catalogue's control points of a category in a scenario, at any level."""
    scenes = [s.code for s in catalogue.scenarios() if s.scene == scene]
    return frozenset(p.name for lv in (1, 2, 3, 4) for sc in scenes for p in catalogue.control_points(lv, sc, category))


@functools.lru_cache(maxsize=65_536, typed=True)
def _normalised(value: Any) -> str:
    return normalise_text(value)


@dataclass(slots=True)
class FindingRecord:
    """One data row: the finding's fields (ledger field names) and where it came from."""

    sheet: str
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    #: the 定级对象 / 单位名称 the row names ("" when the file has no such column)
    object: str = ""
    unit: str = ""

    @property
    def title(self) -> str:
        return str(self.values.get("title", ""))

    def key(self) -> tuple[str, str]:
        """What makes two findings of one object the same: the title and the test-item code."""
        return (" ".join(self.title.split()), str(self.values.get("test_item_code") or ""))


@dataclass
class FindingsTable:
    sheet: str = ""
    header_row: int = 0
    records: list[FindingRecord] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    more_errors: int = 0
    #: column letter per field
    letters: dict[str, str] = field(default_factory=dict)
    #: export-only headers present in the file (not imported)
    ignored: list[str] = field(default_factory=list)
    skipped_rows: list[tuple[str, int]] = field(default_factory=list)
    skipped_labels: dict[tuple[str, int], str] = field(default_factory=dict)
    #: remarks for the user (what was read)
    notes: list[str] = field(default_factory=list)

    def add(self, issue: ImportIssue) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)
        else:
            self.more_errors += 1


def _norm(value: Any) -> str:
    try:
        return _normalised(value)
    except TypeError:
        return normalise_text(value)


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int], list[str]] | None:
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [header_key(c) for c in row]
        columns: dict[str, int] = {}
        for c, key in enumerate(keys):
            name = HEADERS.get(key)
            if name and name not in columns:
                columns[name] = c
        if ("title" in columns or "title_or_description" in columns) and len(columns) >= 2:
            if "title" in columns and "title_or_description" in columns:
                columns["description"] = columns.pop("title_or_description")
            elif "title_or_description" in columns:
                columns["title"] = columns.pop("title_or_description")
            if "item" in columns and "test_item_code" in columns:
                columns.pop("item")
            ignored = [k for k in keys if k in EXPORT_ONLY and k != "序号"]
            return r, columns, ignored
    return None


def parse_findings(sheets: list[Sheet], *, skip: Collection[tuple[str, int]] = ()) -> FindingsTable:
    """Find the findings table in the visible sheets and turn its rows into records and errors."""
    result = FindingsTable()
    found = None
    for sheet in sheets:
        hit = _find_header(sheet.rows)
        if hit:
            found = (sheet, *hit)
            break
    if found is None:
        name = sheets[0].name if sheets else ""
        result.add(
            ImportIssue(name, 1, "", "没有找到问题清单的表头（应包含“问题”或“问题描述”“风险等级”等列）。")
        )
        return result
    sheet, header_index, columns, ignored = found
    result.sheet, result.header_row, result.ignored = sheet.name, header_index + 1, ignored
    result.letters = {k: get_column_letter(c + 1) for k, c in columns.items()}
    if "risk" not in columns:
        result.add(ImportIssue(sheet.name, header_index + 1, "", "表头缺少列：风险等级"))
        return result
    skipped = {r for s, r in skip if s == sheet.name}
    for r in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[r]
        texts = [_norm(v) for v in row]
        filled = [t for t in texts if t and not is_placeholder(t)]
        if not filled or _NOTE.match(filled[0]):
            continue
        if r + 1 in skipped:
            result.skipped_rows.append((sheet.name, r + 1))
            c = columns["title"]
            result.skipped_labels[(sheet.name, r + 1)] = texts[c] if c < len(texts) else ""
            continue
        _Row(result, sheet.name, r + 1, row, columns).parse()
    if not result.records and not result.errors and not result.skipped_rows:
        result.add(ImportIssue(sheet.name, header_index + 2, "", "表头下面没有数据行。"))
    return result


class _Row:
    def __init__(
        self, result: FindingsTable, sheet: str, excel_row: int, row: list[Any], columns: dict[str, int]
    ) -> None:
        self.result, self.sheet, self.excel_row, self.row, self.columns = result, sheet, excel_row, row, columns
        self.rec = FindingRecord(sheet, excel_row)

    def raw(self, key: str) -> Any:
        c = self.columns.get(key)
        return self.row[c] if c is not None and c < len(self.row) else None

    def text(self, key: str) -> str:
        """The cell as text: a value as typed (full-width punctuation kept: the ledger stores it so, and
        a round trip must compare equal), line breaks kept, each line trimmed; "" for placeholders."""
        raw = self.raw(key)
        if raw is None or raw == "":
            return ""
        if not isinstance(raw, str):
            value = _norm(raw)
        elif "\n" in raw or "\r" in raw:
            lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            value = "\n".join(line for line in lines if line)
        else:
            value = raw.strip()
        return "" if is_placeholder(value) else value

    def code(self, key: str) -> str:
        """A cell holding a code or a choice (风险等级, 安全类, 是/否): NFKC, spaces collapsed."""
        return _norm(self.text(key))

    def issue(self, key: str, message: str) -> None:
        self.result.add(
            ImportIssue(self.sheet, self.excel_row, self.result.letters.get(key, ""), f"{LABELS[key]}：{message}")
        )

    def put(self, key: str, value: str) -> None:
        limit = LENGTHS.get(key)
        if limit is not None and len(value) > limit:
            self.issue(key, f"过长：有{len(value):,}个字符，最多{limit}个")
            return
        bad = _FORBIDDEN.search(value.replace("\n", " "))
        if bad:
            self.issue(key, f"含有控制字符或无效字符 U+{ord(bad[0]):04X}，请删除后重新填写")
            return
        self.rec.values[key] = value

    def parse(self) -> None:
        """Parse the row; it becomes a record only when it has no error (its errors are listed)."""
        rec = self.rec
        errors = len(self.result.errors) + self.result.more_errors
        rec.object, rec.unit = self.text("object"), self.text("unit")
        title = self.text("title")
        if not title:
            self.issue("title", "不能为空")
        else:
            self.put("title", title.replace("\n", " "))
        for key in ("description", "recommendation", "interim_measures", "remaining_plan"):
            if self.text(key):
                self.put(key, self.text(key))
        for key in ("owner", "owner_dept", "deadline_note"):
            if self.text(key):
                self.put(key, " ".join(self.text(key).split()))
        self.parse_catalogue()
        self.parse_risk()
        hazard = self.code("major_hazard").lower()
        if hazard:
            if hazard in _YES:
                rec.values["major_hazard"] = True
            elif hazard in _NO:
                rec.values["major_hazard"] = False
            else:
                self.issue("major_hazard", f"应填“是”或“否”：{hazard}")
        for key in ("found_on", "deadline"):
            raw = self.raw(key)
            if raw is None or (isinstance(raw, str) and (not raw.strip() or is_placeholder(raw))):
                continue
            try:
                rec.values[key] = validators.parse_date(raw, field=key)
            except ValidationError as exc:
                self.issue(key, exc.message)
        found, due = rec.values.get("found_on"), rec.values.get("deadline")
        if isinstance(found, date) and isinstance(due, date) and due < found:
            self.issue("deadline", "整改期限不能早于发现日期")
        if len(self.result.errors) + self.result.more_errors == errors:
            self.result.records.append(rec)

    def parse_risk(self) -> None:
        text = self.code("risk")
        if not text:
            self.issue("risk", "不能为空（应填 高、中 或 低）")
            return
        risk = _RISKS.get(text.lower().replace(" ", ""))
        if risk is None:
            self.issue("risk", f"应填 高、中 或 低：{text}")
            return
        self.rec.values["risk"] = risk

    def parse_catalogue(self) -> None:
        """安全类, 测评项编号 (or a code in 测评项) and 控制点, checked against the catalogue."""
        rec = self.rec
        code_text = self.code("test_item_code")
        item = self.code("item") if _CODE_LIKE.match(self.code("item")) else self.text("item")
        if item and not code_text:
            if _CODE_LIKE.match(item):
                code_text = item
            elif not self.text("control_point") and len(item) <= LENGTHS["control_point"]:
                self.put("control_point", item)
            else:
                description = str(rec.values.get("description") or "")
                rec.values["description"] = f"测评项：{item}" + (f"\n{description}" if description else "")
        code = None
        if code_text:
            code, problem = _item_code(code_text)
            if code is None:
                self.issue("test_item_code" if "test_item_code" in self.columns else "item", problem)
            else:
                rec.values["test_item_code"] = str(code)
        category_text = self.code("category")
        if category_text:
            found, problem = _category(category_text)
            if found is None:
                self.issue("category", problem)
            else:
                rec.values["category"] = found
        if code is not None:
            if rec.values.get("category") not in (None, code.category):
                self.issue(
                    "category",
                    f"与测评项编号 {code} 的安全类（{catalogue.category(code.category).name}）不一致",
                )
            rec.values.setdefault("category", code.category)
        point = self.text("control_point")
        if point:
            self.put("control_point", " ".join(point.split()))
            self.check_point(code)

    def check_point(self, code: catalogue.TestItemCode | None) -> None:
        """With a test-item code, the 控制点 must be one of the catalogue's for its scenario and category
        (at any level: a 第二级 object may be held to a 第三级 point); without a code the free text the
        window allows is kept."""
        rec = self.rec
        point = rec.values.get("control_point")
        cat = rec.values.get("category")
        if not point or not cat or code is None:
            return
        known = _known_points(str(cat), code.scene)
        if known and point not in known:
            name = catalogue.category(str(cat)).name
            self.issue(
                "control_point",
                f"“{point}”不是{name}的控制点（应为{'、'.join(sorted(known)[:12])}之一）",
            )
