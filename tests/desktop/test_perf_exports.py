"""The fast export paths write exactly what the reference paths write (functional checks, no timing).

- :mod:`desktop.services.export_rows` (plain SQL) gives the same rows as the ORM builders in
  :mod:`desktop.services.document_data`;
- :mod:`desktop.documents.streaming` gives cell-for-cell the same sheets as
  :mod:`desktop.documents.workbooks` (values, types, fonts, borders, fills, alignment, number formats,
  quote prefixes, merged cells, widths, frozen panes, print titles);
- :mod:`desktop.services.process_jobs` runs a job (a module-level function, passed as itself) in a
  child process on an encrypted ledger and passes errors back.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from demo_day import DEMO_TODAY
from openpyxl import load_workbook

from desktop.documents import sheet_layout as sl
from desktop.documents import workbooks as wb
from desktop.services import document_data as dd
from desktop.services import export_rows as er


def _cells(data: bytes) -> tuple[list[tuple], dict]:
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    cells = []
    for row in ws.iter_rows():
        for c in row:
            cells.append((
                c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix,
                repr(c.font), repr(c.border), repr(c.alignment), repr(c.fill),
            ))
    sheet = {
        "title": ws.title,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        # rows of wrapped text carry their height (LibreOffice would draw them over the next rows)
        "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height},
        "footer": ws.oddFooter.center.text,
        "scale": ws.page_setup.scale,
        "orientation": ws.page_setup.orientation,
        "max_row": ws.max_row,
    }
    return cells, sheet


def _same(reference: bytes, fast: bytes) -> None:
    ref_cells, ref_sheet = _cells(reference)
    fast_cells, fast_sheet = _cells(fast)
    assert fast_sheet == ref_sheet
    assert fast_cells == ref_cells


AWKWARD = [
    "=SUM(A1:A2)", " +86 0311", "\t-1", "@cmd", "a < b & c > d", "  leading", "trailing ", "line\nbreak",
    "bell\x07inside", "\x01", "", None, True, False, 0, 3.25, date(2025, 1, 2), datetime(2025, 3, 4, 5, 6, 7),
]


def _openpyxl(kind: str, rows: list, today: date) -> bytes:
    """The same sheet written cell by cell by openpyxl itself: the oracle for the streamed XML."""
    book = sl.new_workbook()
    sl.write_sheet(book, wb.sheet_spec(kind, "单位", today), wb.sheet_rows(kind, rows))
    out = io.BytesIO()
    sl.save(book, out)
    return out.getvalue()


def test_streaming_sheets_match_openpyxl_cell_for_cell() -> None:
    today = date(2026, 11, 21)
    width = len(wb.LEDGER_HEADERS) - 1
    rows = [[AWKWARD[(i + j) % len(AWKWARD)] for j in range(width)] for i in range(len(AWKWARD) + 3)]
    b = io.BytesIO()
    assert wb.write_rectification_ledger(iter(rows), b, "单位", today) == len(rows)
    _same(_openpyxl("ledger", rows, today), b.getvalue())

    summary_rows = [
        wb.WorkSummaryRow("单位", "对象=1", "网站", "第二级", "C1", date(2024, 1, 1), None, None, "机构", "", 1, 2, 3,
                          4, date(2027, 1, 1), None, None),
        wb.WorkSummaryRow("单位", "对象", "", "未定级"),
    ]
    b = io.BytesIO()
    wb.write_worksummary(iter(summary_rows), b, "单位", today)
    _same(_openpyxl("worksummary", summary_rows, today), b.getvalue())

    sites = [
        wb.WebsiteRow("主管", "单位", "网站", ["a.gov.cn", "b.gov.cn"], ["河北省编办.政务"], True, "张三", "0311-1234567"),
        wb.WebsiteRow("主管", "单位", "=网站", [], [], None, "", ""),
    ]
    for kind, writer in (("selfcheck", wb.write_selfcheck), ("summary", wb.write_summary)):
        b = io.BytesIO()
        writer(iter(sites), b, "单位")
        _same(_openpyxl(kind, sites, today), b.getvalue())


def test_streaming_writes_no_formula_and_an_empty_sheet() -> None:
    out = io.BytesIO()
    assert wb.write_rectification_ledger(iter([]), out, "单位", date(2026, 1, 1)) == 0
    ws = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert ws.max_row == 4  # title, 公章 line, header, note
    out = io.BytesIO()
    wb.write_rectification_ledger(iter([["=1+1"] * 28]), out, "单位", date(2026, 1, 1))
    ws = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_plain_sql_rows_cover_every_finding_and_object_in_scope(demo_ledger) -> None:
    import sqlalchemy as sa

    from db.domain.enums import ObjectStatus
    from db.models import Finding, ProtectedObject

    with demo_ledger.session(write=False) as session:
        for org_id in (None, _first_org(session)):
            org_ids, _unit = dd.unit_scope(session, org_id)
            objects = sa.select(ProtectedObject.id)
            if org_ids is not None:
                objects = objects.where(ProtectedObject.organization_id.in_(org_ids))
            findings = session.scalar(
                sa.select(sa.func.count()).select_from(Finding).where(Finding.object_id.in_(objects))
            )
            rows = list(er.ledger_rows(session, org_ids, DEMO_TODAY))
            assert rows and len(rows) == findings
            live = objects.where(ProtectedObject.status.in_([ObjectStatus.RUNNING, ObjectStatus.PLANNED]))
            summary = list(er.worksummary_rows(session, org_ids, DEMO_TODAY))
            assert len(summary) == session.scalar(sa.select(sa.func.count()).select_from(live.subquery()))


def _first_org(session) -> int:
    import sqlalchemy as sa

    from db.models import Organization

    return int(session.scalar(sa.select(Organization.id).where(Organization.parent_id.is_(None)).limit(1)))


def test_export_workbook_writes_every_kind(demo_ledger, tmp_path: Path) -> None:
    from desktop.services import documents_io

    seen = []
    for kind in ("selfcheck", "summary", "worksummary", "ledger"):
        out = tmp_path / f"{kind}.xlsx"
        n = documents_io.export_workbook(demo_ledger, kind, out, progress=lambda d, t: seen.append((d, t)))
        ws = load_workbook(out).worksheets[0]
        assert n > 0 and ws.max_row == n + 4
        assert not (tmp_path / f"{kind}.xlsx.part").exists()


@pytest.fixture
def encrypted_demo(ledger):
    from db.demo.unit import build_demo

    build_demo(ledger, today=DEMO_TODAY)
    return ledger


def test_process_job_on_an_encrypted_ledger(encrypted_demo, tmp_path: Path) -> None:
    from desktop.services.documents_io import export_workbook
    from desktop.services.process_jobs import JobFailed, ProcessJob, run_job

    assert encrypted_demo.encrypted
    out = tmp_path / "ledger.xlsx"
    n = run_job(encrypted_demo, export_workbook, "ledger", str(out))
    assert n > 0 and load_workbook(out).worksheets[0].max_row == n + 4
    with pytest.raises(ValueError):
        run_job(encrypted_demo, export_workbook, "nonsense", str(tmp_path / "x.xlsx"))
    with pytest.raises(TypeError, match="module-level function"):
        run_job(encrypted_demo, lambda ledger, **_kw: 0)  # cannot be imported in the child
    progress: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    job = ProcessJob(
        encrypted_demo, export_workbook, ("worksummary", str(tmp_path / "w.xlsx")),
        on_progress=lambda d, t: progress.append((d, t)), on_error=lambda e, tb: errors.append(e),
    ).start()
    assert job.wait(60)
    assert not errors and (tmp_path / "w.xlsx").exists()
    assert JobFailed  # the fallback for exceptions that cannot travel back


def test_a_job_named_as_text_is_imported_in_the_child_only(encrypted_demo, tmp_path: Path) -> None:
    """The window names its import jobs (``"module:function"``) so that it does not import the
    importers on its own thread; the child imports them. Only this program's modules can be named."""
    import subprocess
    import sys

    from desktop.services.process_jobs import run_job

    out = tmp_path / "ledger.xlsx"
    n = run_job(encrypted_demo, "desktop.services.documents_io:export_workbook", "ledger", str(out))
    assert n > 0 and load_workbook(out).worksheets[0].max_row == n + 4
    for bad in ("os:system", "desktop.services.documents_io", "desktop.services.documents_io:no such",
                "subprocess:run", "desktop.services.documents_io:nope"):
        with pytest.raises((TypeError, AttributeError)):
            run_job(encrypted_demo, bad)
    # naming the job does not import its module in the caller
    probe = (
        "import sys\n"
        "from desktop.services.process_jobs import _check_importable\n"
        "_check_importable('desktop.services.imports:import_job')\n"
        "print('desktop.services.imports' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr
