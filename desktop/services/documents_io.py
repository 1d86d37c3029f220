"""The window's bridge to the document builders: load data (database worker), render (pool), export.

Printing is split in two so the window can keep the database on its one worker thread and render in a
pool: :func:`load_document_data` runs a short read transaction and returns the plain dataclasses of
:mod:`desktop.documents.model`; :func:`render_document` turns them into a PDF file without a database.
Workbook exports stream rows from the database and check a cancel flag between rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from desktop.services.table_export import Cancelled

T = TypeVar("T")

DOCUMENTS = ("filing", "grading", "rectification", "review")
WORKBOOKS = ("selfcheck", "summary", "worksummary", "ledger")


def load_document_data(
    ledger: Any, kind: str, object_id: int, assessment_id: int | None = None, form: str | None = None
) -> Any:
    """The document's data, the 备案表 template chosen (by date and rule, or ``form``); the window runs the
    体检 through :func:`desktop.services.preflight.load_checked`, which returns the same data."""
    from desktop.services import preflight

    return preflight.load_checked(
        ledger, kind, object_id, today=date.today(), form=form, assessment_id=assessment_id
    ).data


def render_document(kind: str, data: Any, out: str | Path) -> Path:
    """Render the document into ``out`` (the window's private preview folder) through the one writer."""
    from desktop.services import outputs

    out = Path(out)
    if kind not in DOCUMENTS:
        raise ValueError(f"未知的文档类型：{kind}")
    outputs.write(None, out, lambda tmp: _render(kind, data, tmp), outputs.PDF_FILE)
    return out


def save_word(ledger: Any, kind: str, data: Any, target: str | Path, *, overwrite: bool = True) -> Path:
    """Write the Word version of the document to ``target`` through the one writer (same data, same
    story as the PDF: :mod:`desktop.documents.word`). A packet's Word file is the form and its
    materials index; its 定级报告 and 专家评审意见表 are their own documents, and attached PDFs cannot
    become Word content."""
    from desktop.documents.word import word_document
    from desktop.services import outputs

    if kind not in DOCUMENTS:
        raise ValueError(f"未知的文档类型：{kind}")
    outputs.write(
        ledger, target, lambda tmp: word_document(lambda d, o: _render(kind, d, o), data, tmp), outputs.DOCX,
        overwrite=overwrite,
    )
    return Path(target)


def _render(kind: str, data: Any, out: Any) -> Any:
    if kind == "filing":
        from desktop.documents.filing_packet import render_filing_packet

        return render_filing_packet(data, out)
    if kind == "grading":
        from desktop.documents.grading_report import render_grading_report

        return render_grading_report(data, out)
    if kind == "review":
        from desktop.documents.expert_review import render_expert_review

        return render_expert_review(data, out)
    from desktop.documents.rectification_report import render_rectification_report

    return render_rectification_report(data, out)


def _watch(rows: Iterable[T], cancelled: Callable[[], bool] | None, progress: Callable[[int, int], None] | None,
           total: int) -> Iterator[T]:
    for n, row in enumerate(rows, 1):
        if cancelled is not None and n % 200 == 0 and cancelled():
            raise Cancelled()
        if progress is not None and n % 500 == 0:
            progress(n, total)
        yield row


def export_workbook(
    ledger: Any, kind: str, out: str | Path, *, org_id: int | None = None,
    cancelled: Callable[[], bool] | None = None, progress: Callable[[int, int], None] | None = None,
    today: date | None = None, overwrite: bool = False,
) -> int:
    """Write one of the supervising department's workbooks; return the number of data rows.

    Rows stream from plain SQL (:mod:`desktop.services.export_rows`) into the streaming writer
    (:mod:`desktop.documents.streaming`); the window runs this in a child process
    (:meth:`desktop.ui.worker.Database.run_job`). The file goes through :mod:`desktop.services.outputs`:
    never onto the ledger or its companions, an existing file only with ``overwrite``.
    """
    from desktop.services import outputs

    if kind not in WORKBOOKS:
        raise ValueError(f"未知的报表：{kind}")
    day = today or date.today()
    return outputs.write(
        ledger, out, lambda tmp: _write_workbook(ledger, kind, tmp, org_id, cancelled, progress, day),
        outputs.XLSX, overwrite=overwrite,
    )


def _write_workbook(
    ledger: Any, kind: str, tmp: Path, org_id: int | None, cancelled: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None, today: date,
) -> int:
    from desktop.documents import workbooks as wb
    from desktop.services import document_data as dd
    from desktop.services import export_rows as er

    with ledger.session(write=False) as session:
        ids, unit = dd.unit_scope(session, org_id)
        if kind in ("selfcheck", "summary"):
            rows = dd.website_rows(session, ids)
            writer = wb.write_selfcheck if kind == "selfcheck" else wb.write_summary
            return int(writer(_watch(rows, cancelled, progress, len(rows)), tmp, unit))
        if kind == "worksummary":
            total = _count(session, "objects", ids)
            return int(wb.write_worksummary(
                _watch(er.worksummary_rows(session, ids, today), cancelled, progress, total), tmp, unit, today
            ))
        total = _count(session, "findings", ids)
        return int(wb.write_rectification_ledger(
            _watch(er.ledger_rows(session, ids, today), cancelled, progress, total), tmp, unit, today
        ))


def _count(session: Any, what: str, org_ids: list[int] | None) -> int:
    """Rows to expect, for the progress bar (objects: all, not only running ones; close enough)."""
    import sqlalchemy as sa

    from db.models import Finding, ProtectedObject

    if what == "objects":
        stmt = sa.select(sa.func.count()).select_from(ProtectedObject)
        if org_ids is not None:
            stmt = stmt.where(ProtectedObject.organization_id.in_(org_ids))
    else:
        stmt = sa.select(sa.func.count()).select_from(Finding)
        if org_ids is not None:
            stmt = stmt.where(
                Finding.object_id.in_(
                    sa.select(ProtectedObject.id).where(ProtectedObject.organization_id.in_(org_ids))
                )
            )
    return int(session.scalar(stmt) or 0)
