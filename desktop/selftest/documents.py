"""Self-test steps on documents: a Chinese PDF through the document builders (read back with pypdf),
and a workbook written with openpyxl and read back with python-calamine."""

from __future__ import annotations

from desktop.selftest.context import SAMPLE_TEXT, Context


def step_pdf(ctx: Context) -> str:
    from pypdf import PdfReader

    from desktop.documents import pdf_base

    out = ctx.tmp / "selftest.pdf"
    st = pdf_base.styles()
    story = [pdf_base.para(SAMPLE_TEXT, st.title), pdf_base.para("这是等保台账自检生成的页面。", st.body)]
    if pdf_base.build_pdf(story, out, title=SAMPLE_TEXT, margins=pdf_base.REPORT_MARGINS) < 1:
        raise RuntimeError("desktop.documents produced no page")
    reader = PdfReader(str(out))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    if SAMPLE_TEXT.split()[0] not in text.replace(" ", ""):
        raise RuntimeError(f"the Chinese sample text did not come back out of the PDF ({text[:40]!r})")
    fonts = sorted(
        {
            str(f.get_object()["/BaseFont"])
            for page in reader.pages
            for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
        }
    )
    ctx.pdf = out
    return (
        f"desktop.documents: {len(reader.pages)} page(s), {out.stat().st_size // 1024} KiB, "
        f"fonts {', '.join(fonts)}"
    )


def step_workbook(ctx: Context) -> str:
    import openpyxl
    from python_calamine import CalamineWorkbook

    out = ctx.tmp / "selftest.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "摸底自查表"
    ws.append(["序号", "网站名称", "备案证明编号"])
    ws.append([1, "河北机构编制网", "13010099001-26003"])
    wb.save(out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("摸底自查表").to_python()
    if rows[1][1] != "河北机构编制网":
        raise RuntimeError(f"read back {rows!r}")
    return f"openpyxl wrote, python-calamine read back {len(rows)} rows"
