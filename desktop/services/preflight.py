"""The pre-print check (体检) for the window and the command line: load a document's data, choose the
备案表 template, run the rules (:mod:`desktop.documents.preflight`) and record a print made despite
blocking problems (a ``print_overrides`` row, so the audit trail names who did it and when).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from db.models import PrintOverride
from desktop.documents import preflight as pf
from desktop.documents.model import FilingPacketData
from desktop.services import document_data as dd


@dataclass
class Checked:
    """A document's data, ready to render, with its 体检."""

    kind: str
    object_id: int
    data: Any
    problems: list[pf.Problem] = field(default_factory=list)
    #: filings: the 备案表 template chosen and why
    form: str = ""
    form_reason: str = ""

    @property
    def blocking(self) -> list[pf.Problem]:
        return [p for p in self.problems if p.blocking]

    def lines(self) -> list[str]:
        return [p.line() for p in self.problems]


def prepare_filing(data: FilingPacketData, today: date, form: str | None = None) -> FilingPacketData:
    """Fix the template of a packet (by date and rule, or ``form``) on its data."""
    data.form, data.form_reason = pf.choose_form(data, today, form)
    return data


def load_checked(
    ledger: Any,
    kind: str,
    object_id: int,
    *,
    today: date | None = None,
    form: str | None = None,
    filing_id: int | None = None,
    grading_id: int | None = None,
    assessment_id: int | None = None,
) -> Checked:
    """Load one document's data in one read transaction and run the 体检 over it."""
    day = today or date.today()
    data: Any
    with ledger.session(write=False) as session:
        if kind == "filing":
            data = prepare_filing(dd.filing_packet_data(session, object_id, filing_id=filing_id), day, form)
        elif kind == "grading":
            data = dd.grading_report_data(session, object_id, grading_id=grading_id)
        elif kind == "rectification":
            data = dd.rectification_data(session, object_id, assessment_id=assessment_id, today=day)
        elif kind == "review":
            data = dd.expert_review_for(session, object_id, grading_id=grading_id)
        else:
            raise ValueError(f"未知的文档类型：{kind}")
    checked = Checked(kind, object_id, data, pf.check(kind, data, today=day, form=getattr(data, "form", None)))
    if isinstance(data, FilingPacketData):
        checked.form, checked.form_reason = data.form, data.form_reason
    return checked


def record_override(ledger: Any, checked: Checked, output: str | Path | None = None) -> int:
    """Record that the officer printed despite the blocking problems; return the record's id.

    The row is written through an ordinary ledger session, so the audit trail gets its insert event
    (actor, time, document, object, how many blocking problems and which rules)."""
    blocking = checked.blocking
    name = Path(output).name if output else "预览"
    with ledger.session() as session:
        row = PrintOverride(
            document=checked.kind,
            object_id=checked.object_id,
            form=checked.form or None,
            blocking=len(blocking),
            warnings=len(checked.problems) - len(blocking),
            rules=",".join(dict.fromkeys(p.rule for p in blocking)) or None,
            output=name[:255],
        )
        session.add(row)
        session.flush()
        return int(row.id)
