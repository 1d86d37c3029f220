"""Self-inspection (自查) for the window and the command line: one short transaction per call.

Create an object's checklist for a year (last year's verdicts carried forward), record verdicts,
complete it (findings and a 自查 assessment), and write the annual 自查报告 (PDF) and the checklist
workbook (xlsx) through the one output writer (:mod:`desktop.services.outputs`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from db.domain import self_inspection as rules
from db.repo import self_inspection as repo
from db.repo.self_inspection import InspectionView, SelfInspectionError, Verdict

__all__ = [
    "InspectionView", "SelfInspectionError", "Verdict", "complete", "create", "export_xlsx", "find",
    "inspections", "parse_assignments", "print_report", "set_header", "set_verdicts", "show",
]

VERDICT_CHOICES = rules.VERDICTS
ITEM_ENTITY = repo.ITEM_ENTITY


def create(
    ledger: Any, object_id: int, year: int, *, today: date, inspector: str | None = None,
    partial_weight: float | None = None, extra_scenarios: Sequence[str] = (), carry: bool = True,
) -> int:
    with ledger.session() as session:
        return repo.create(
            session, object_id, year, today=today, inspector=inspector, partial_weight=partial_weight,
            extra_scenarios=extra_scenarios, carry=carry,
        )


def find(ledger: Any, object_id: int, year: int | None = None) -> int | None:
    with ledger.session(write=False) as session:
        return repo.find(session, object_id, year)


def inspections(ledger: Any, object_id: int) -> list[tuple[int, int, date | None]]:
    with ledger.session(write=False) as session:
        return repo.list_for_object(session, object_id)


def show(ledger: Any, inspection_id: int, *, today: date | None = None) -> InspectionView:
    with ledger.session(write=False) as session:
        return repo.view(session, inspection_id, today=today or date.today())


def set_verdicts(ledger: Any, inspection_id: int, changes: Iterable[Verdict]) -> int:
    with ledger.session() as session:
        return repo.set_verdicts(session, inspection_id, list(changes))


def set_header(ledger: Any, inspection_id: int, *, on: date | None = None, **values: Any) -> None:
    with ledger.session() as session:
        repo.set_header(session, inspection_id, on=on or date.today(), **values)


def complete(ledger: Any, inspection_id: int, *, on: date | None = None) -> tuple[int, int]:
    with ledger.session() as session:
        return repo.complete(session, inspection_id, on=on or date.today())


# --------------------------------------------------------------------------------------------------
# Verdicts from text: FIELD=VALUE arguments or a file of lines
# --------------------------------------------------------------------------------------------------

_FIELDS = {"verdict": "verdict", "结论": "verdict", "note": "note", "说明": "note", "person": "person",
           "人员": "person", "date": "checked_on", "日期": "checked_on", "risk": "risk", "风险": "risk"}
MAX_LINES = 5000


def parse_assignments(lines: Iterable[str]) -> list[Verdict]:
    """Lines like ``12=不符合`` or ``12.note=未启用双因素认证`` (序号[.字段]=值; 字段: verdict, note,
    person, date, risk; ``#`` starts a comment). One Chinese sentence on the first bad line."""
    merged: dict[int, dict[str, Any]] = {}
    for n, raw in enumerate(lines, start=1):
        if n > MAX_LINES:
            raise SelfInspectionError(f"自查结论文件超过{MAX_LINES}行")
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise SelfInspectionError(f"第{n}行应写成“序号=结论”或“序号.字段=值”：{line[:40]}")
        pos_text, _dot, name = key.strip().partition(".")
        if not pos_text.isdigit() or len(pos_text) > 5:
            raise SelfInspectionError(f"第{n}行的序号应为正整数：{pos_text[:20]}")
        attr = _FIELDS.get(name.strip() or "verdict")
        if attr is None:
            raise SelfInspectionError(f"第{n}行的字段未知：{name[:20]}（可用 verdict、note、person、date、risk）")
        text: Any = value.strip()
        if attr == "checked_on":
            try:
                text = date.fromisoformat(text)
            except ValueError:
                raise SelfInspectionError(f"第{n}行的日期格式应为 YYYY-MM-DD：{value.strip()[:20]}") from None
        elif attr == "verdict":
            try:
                text = rules.verdict_code(text)
            except ValueError as exc:
                raise SelfInspectionError(f"第{n}行：{exc}") from None
        merged.setdefault(int(pos_text), {})[attr] = text
    return [Verdict(position=pos, **values) for pos, values in sorted(merged.items())]


# --------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------


def print_report(
    ledger: Any, inspection_id: int, target: str | Path, *, today: date | None = None, overwrite: bool = False
) -> int:
    """The annual 自查报告 as a PDF (returns its page count), or as Word when ``target`` ends in .docx
    (the same story, :mod:`desktop.documents.word`; returns 0)."""
    from desktop.documents.self_inspection_report import render_report
    from desktop.services import outputs

    word = Path(target).suffix.lower() == ".docx"
    outputs.check(ledger, target, outputs.DOCX if word else outputs.PDF_FILE, overwrite=overwrite)
    data = show(ledger, inspection_id, today=today)
    if word:
        from desktop.documents.word import word_document

        def draw(d: Any, out: Any) -> int:
            return render_report(d, out, today=today or date.today())

        outputs.write(ledger, target, lambda tmp: word_document(draw, data, tmp), outputs.DOCX, overwrite=overwrite)
        return 0
    return outputs.write(
        ledger, target, lambda tmp: render_report(data, tmp, today=today or date.today()), outputs.PDF_FILE,
        overwrite=overwrite,
    )


def export_xlsx(
    ledger: Any, inspection_id: int, target: str | Path, *, today: date | None = None, overwrite: bool = False
) -> int:
    """The checklist as a workbook for the supervising department; returns the rows written."""
    from desktop.documents.self_inspection_report import write_checklist
    from desktop.services import outputs

    outputs.check(ledger, target, outputs.XLSX, overwrite=overwrite)
    data = show(ledger, inspection_id, today=today)
    return outputs.write(ledger, target, lambda tmp: write_checklist(data, tmp), outputs.XLSX, overwrite=overwrite)
