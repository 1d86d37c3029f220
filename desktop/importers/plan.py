"""What an import would do: created / updated / unchanged records and the errors that block it; what
an import did (:class:`ImportResult`), and the same in plain tuples for the window (:class:`PreviewResult`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: errors listed (and kept in memory); beyond this they are only counted
MAX_ERRORS = 1_000


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """A problem in the file: sheet, 1-based Excel row, column letter (or header name), Chinese message."""

    sheet: str
    row: int
    column: str
    message: str

    def line(self) -> str:
        where = f"“{self.sheet}”第{self.row}行" + (f" {self.column}列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(slots=True)
class PlanEntry:
    """One record the import touches: a unit (单位), a website (网站) or a contact (联系人)."""

    type: str
    name: str
    row: int | None = None
    changes: list[FieldChange] = field(default_factory=list)
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = [asdict(c) for c in self.changes]
        return data

    def line(self) -> str:
        head = f"{self.type}：{self.name}"
        if self.changes:
            head += (
                "（" + "；".join(f"{c.field}：{_show(c.old)} → {_show(c.new)}" for c in self.changes) + "）"
            )
        return head


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


@dataclass
class ImportPlan:
    created: list[PlanEntry] = field(default_factory=list)
    updated: list[PlanEntry] = field(default_factory=list)
    unchanged: list[PlanEntry] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    #: the sheet the table was read from, and the hidden sheets (never read)
    sheet: str = ""
    hidden: list[str] = field(default_factory=list)
    #: errors beyond :data:`MAX_ERRORS`: counted, not listed
    more_errors: int = 0

    def add_error(self, issue: ImportIssue) -> None:
        """List ``issue``, or only count it once :data:`MAX_ERRORS` are listed."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)
        else:
            self.more_errors += 1

    @property
    def ok(self) -> bool:
        return not self.errors and not self.more_errors

    def more_errors_line(self) -> str:
        return (
            f"另有 {self.more_errors:,} 项错误未列出（最多列出 {MAX_ERRORS:,} 项）。"
            if self.more_errors
            else ""
        )

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": [e.as_dict() for e in self.created],
            "updated": [e.as_dict() for e in self.updated],
            "unchanged": [e.as_dict() for e in self.unchanged],
            "errors": [asdict(e) for e in self.errors]
            + (
                [{"sheet": "", "row": 0, "column": "", "message": self.more_errors_line()}]
                if self.more_errors
                else []
            ),
        }

    def source(self) -> str:
        """Which sheet was read, e.g. 读取工作表“Sheet1”（未读取隐藏的工作表“数据”）。"""
        text = f"读取工作表“{self.sheet}”" if self.sheet else ""
        if self.hidden:
            hidden = "、".join(f"“{name}”" for name in self.hidden[:5]) + (
                "等" if len(self.hidden) > 5 else ""
            )
            text += f"（未读取隐藏的工作表{hidden}）" if text else f"未读取隐藏的工作表{hidden}"
        return f"{text}。" if text else ""

    def lines(self) -> list[str]:
        out = [self.source()] if self.source() else []
        out.append(
            f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，无变化 {len(self.unchanged)} 项，"
            f"错误 {len(self.errors) + self.more_errors} 项。"
        )
        out += [f"  新增 {e.line()}" for e in self.created]
        out += [f"  更新 {e.line()}" for e in self.updated]
        out += [f"  错误 {e.line()}" for e in self.errors]
        if self.more_errors:
            out.append(f"  {self.more_errors_line()}")
        return out


#: a cell of the file: (sheet name, 1-based Excel row, column letter)
CellKey = tuple[str, int, str]
#: a data row of the file: (sheet name, 1-based Excel row)
RowKey = tuple[str, int]


@dataclass
class ImportResult:
    plan: ImportPlan
    written: bool
    #: the sheet the table was read from ("" if none was found)
    sheet: str = ""
    #: rows left out at the user's request (they are in no list of the plan)
    skipped: list[RowKey] = field(default_factory=list)
    #: what each data row is ("单位 / 网站"), for the preview
    rows: dict[RowKey, str] = field(default_factory=dict)
    #: the value (after the user's corrections) of every cell an error points at
    cells: dict[CellKey, str] = field(default_factory=dict)
    #: the corrections that were applied
    overrides: dict[CellKey, str] = field(default_factory=dict)
    #: remarks for the user (columns not imported, rows left out and why)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PreviewResult:
    """What the window's preview needs, in plain tuples (cheap to send back from the child process).

    ``created`` / ``updated`` / ``unchanged``: (type, name, row, changes text); ``errors``: (sheet,
    row, column, message); ``rows``: "单位 / 网站" of the rows that have errors or were skipped;
    ``cells``: the value of each cell an error points at; ``sheet``: the sheet the table is on.
    """

    created: tuple[tuple[str, str, int | None, str], ...]
    updated: tuple[tuple[str, str, int | None, str], ...]
    unchanged: tuple[tuple[str, str, int | None, str], ...]
    errors: tuple[tuple[str, int, str, str], ...]
    written: bool
    sheet: str
    skipped: tuple[RowKey, ...] = ()
    rows: dict[RowKey, str] = field(default_factory=dict)
    cells: dict[CellKey, str] = field(default_factory=dict)
    overrides: dict[CellKey, str] = field(default_factory=dict)
    #: errors beyond the ones listed (:data:`desktop.importers.plan.MAX_ERRORS`)
    more_errors: int = 0
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and not self.more_errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated)

    @classmethod
    def of(cls, result: ImportResult) -> PreviewResult:
        def entries(items: list[PlanEntry]) -> tuple[tuple[str, str, int | None, str], ...]:
            return tuple((e.type, e.name, e.row, _changes_text(e.changes)) for e in items)

        plan = result.plan
        wanted = {(e.sheet, e.row) for e in plan.errors} | set(result.skipped)
        sheet = result.sheet or next(iter(result.rows), (plan.errors[0].sheet if plan.errors else "", 0))[0]
        return cls(
            created=entries(plan.created),
            updated=entries(plan.updated),
            unchanged=entries(plan.unchanged),
            errors=tuple((i.sheet, i.row, i.column, i.message) for i in plan.errors),
            written=result.written,
            sheet=sheet,
            skipped=tuple(result.skipped),
            rows={k: v for k, v in result.rows.items() if k in wanted},
            cells=dict(result.cells),
            overrides=dict(result.overrides),
            more_errors=plan.more_errors,
            notes=tuple(result.notes),
        )


def _changes_text(changes: list[FieldChange]) -> str:
    def show(value: Any) -> str:
        if value is None or value == "" or value == []:
            return "（空）"
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return str(value)

    return "；".join(f"{c.field}：{show(c.old)} → {show(c.new)}" for c in changes)
