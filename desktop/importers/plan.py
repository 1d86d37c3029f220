"""What an import would do: created / updated / unchanged records and the errors that block it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ImportIssue:
    """A problem in the file: sheet, 1-based Excel row, column letter (or header name), Chinese message."""

    sheet: str
    row: int
    column: str
    message: str

    def line(self) -> str:
        where = f"“{self.sheet}”第{self.row}行" + (f" {self.column}列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
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

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": [e.as_dict() for e in self.created],
            "updated": [e.as_dict() for e in self.updated],
            "unchanged": [e.as_dict() for e in self.unchanged],
            "errors": [asdict(e) for e in self.errors],
        }

    def lines(self) -> list[str]:
        out = [
            f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，无变化 {len(self.unchanged)} 项，"
            f"错误 {len(self.errors)} 项。"
        ]
        out += [f"  新增 {e.line()}" for e in self.created]
        out += [f"  更新 {e.line()}" for e in self.updated]
        out += [f"  错误 {e.line()}" for e in self.errors]
        return out
