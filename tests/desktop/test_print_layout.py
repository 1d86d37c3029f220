"""Printed pages an officer can hand in: Chinese line breaking, keep-together rules, printable workbooks.

Line breaking is checked on the rules themselves, on reportlab paragraphs (against reportlab's own
wrapping, which the test shows breaking the rules) and on rendered documents through pdftotext. The
workbooks are printed to PDF by LibreOffice, with the program's bundled CJK fonts as its only Chinese
fonts, and the words on its pages are measured with pdftotext's bounding boxes.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

import docs_samples as ds
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus import paragraph as rl_paragraph

from desktop.documents import workbooks as wb
from desktop.documents.cjk_breaks import NO_END, NO_START, can_break, line_ends
from desktop.documents.grading_report import render_grading_report
from desktop.documents.pdf_base import (
    REPORT_MARGINS,
    build_pdf,
    frame_width,
    grid_table,
    signature_block,
    styles,
)
from desktop.documents.rectification_report import render_rectification_report

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
CLOSING = "，。、：；！？）》」』】"


def _lines(text: str, width: int) -> list[str]:
    ends = line_ends(list(text), [1.0] * len(text), [float(width)])
    out, start = [], 0
    for end in ends:
        out.append(text[start:end])
        start = end
    return out


# ---------------------------------------------------------------------------------------------
# the rules


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # the mark that would start the next line takes the character before it along
        ("一二三四五六七八九，十", 9, ["一二三四五六七八", "九，十"]),
        # a date stays whole
        ("受理日期为2025年4月26日，请按期整改。", 10, ["受理日期为", "2025年4月26日，", "请按期整改。"]),
        # no single character on the last line
        ("行政区划代码", 5, ["行政区划", "代码"]),
        # an opening bracket does not end a line
        ("一二三四五六七（八）", 8, ["一二三四五六七", "（八）"]),
        # an e-mail address or number does not break inside when it fits a line
        ("邮箱abc@example.cn", 14, ["邮箱", "abc@example.cn"]),
    ],
)
def test_line_breaking_rules(text: str, width: int, expected: list[str]) -> None:
    assert _lines(text, width) == expected


def test_pairs_that_never_break() -> None:
    assert not can_break("2", "年") and not can_break("年", "4") and not can_break("—", "—")
    assert not can_break("…", "…") and not can_break("0311", "—") and not can_break("（", "一")
    assert can_break("一", "二") and can_break("。", "二")


_CJK = hs.sampled_from(list("单位网络安全等级保护备案测评整改系统数据"))
_MARK = hs.sampled_from(list("，。：；、！？）"))
_TOKENS = hs.lists(hs.one_of(_CJK, _CJK, _CJK, _MARK.map(lambda m: "一" + m)), min_size=1, max_size=120)


@settings(max_examples=200, deadline=None)
@given(_TOKENS, hs.integers(min_value=3, max_value=30))
def test_no_line_starts_with_a_closing_mark(tokens: list[str], width: int) -> None:
    text = "".join(tokens)
    lines = _lines(text, width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in NO_START, lines
    for line in lines[:-1]:
        assert line[-1] not in NO_END
        assert len(line) <= width
    if len(lines) > 1 and width >= 6:
        assert sum(1 for ch in lines[-1] if ch not in NO_START) >= 2 or len(lines[-2]) <= 2, lines


def _para_lines(p: Paragraph) -> list[str]:
    return ["".join(getattr(w, "text", "") for w in line.words) for line in p.blPara.lines]


def test_reportlab_paragraphs_follow_the_rules_where_its_own_wrapping_does_not() -> None:
    st = styles()
    text = "单位名称和统一社会信，用代码按营业执照填写：行政区划代码按2025年4月26日的区划填写。"
    width = 10 * st.cell.fontSize + 1
    p = Paragraph(text, st.cell)
    p.wrap(width, 1000)
    lines = _para_lines(p)
    assert "".join(lines) == text
    assert all(line[0] not in CLOSING for line in lines[1:]), lines
    assert any("2025年4月26日" in line for line in lines), lines
    # reportlab's own CJK splitter, on the same fragments and width, starts a line with a closing mark
    own = rl_paragraph.cjkFragSplit(p.frags, [width], False)
    own_lines = ["".join(getattr(w, "text", "") for w in line.words) for line in own.lines]
    assert any(line and line[0] in CLOSING for line in own_lines[1:]), own_lines


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


@needs_poppler
def test_rendered_reports_have_no_line_starting_with_a_closing_mark(tmp_path: Path) -> None:
    outs = []
    for n in (1, 5, 12):
        outs.append(tmp_path / f"rect{n}.pdf")
        render_rectification_report(ds.rectification(n), outs[-1])
    outs.append(tmp_path / "grading.pdf")
    render_grading_report(ds.grading_report(), outs[-1])
    for pdf in outs:
        raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        bad = [line for line in raw.splitlines() if line and line[0] in CLOSING]
        assert not bad, (pdf.name, bad[:5])


# ---------------------------------------------------------------------------------------------
# keep-together


@needs_poppler
def test_the_seal_never_stands_alone_on_the_last_page(tmp_path: Path) -> None:
    """Whatever the length of the text before it, the signature page also carries text."""
    st = styles(body_size=14)
    seen_break = False
    for n in range(14, 40):
        story = [Paragraph(f"第{i}段：整改工作按计划推进，各项措施已落实到责任人。", st.body) for i in range(n)]
        story.append(Paragraph("特此报告。", st.body))
        story.append(signature_block(st, ["某某单位（盖章）", "负责人（签字）：__________"], date(2026, 1, 5)))
        out = tmp_path / f"s{n}.pdf"
        pages = build_pdf(story, out, title="t", margins=REPORT_MARGINS)
        last = _page_texts(out)[pages - 1]
        assert "（盖章）" in last
        assert "特此报告" in last, f"{n} paragraphs: the seal is alone on page {pages}"
        seen_break = seen_break or pages > 1
    assert seen_break  # the loop did cross a page boundary


@needs_poppler
def test_a_table_title_never_ends_a_page_without_its_table(tmp_path: Path) -> None:
    st = styles(body_size=14)
    width = frame_width(REPORT_MARGINS)
    for n in range(14, 30):
        story = [Paragraph(f"第{i}段：说明文字，用于把表格推到页面底部附近。", st.body) for i in range(n)]
        story.append(Spacer(1, 2 * mm))
        story.append(Paragraph("表9　测试表格", st.table_title))
        rows = [["序号", "内容"]] + [[str(i), f"第{i}行内容"] for i in range(6)]
        story.append(grid_table(rows, [20 * mm, width - 20 * mm], st, header_rows=1))
        out = tmp_path / f"t{n}.pdf"
        build_pdf(story, out, title="t", margins=REPORT_MARGINS)
        for page in _page_texts(out):
            if "表9" in page:
                assert "第0行内容" in page, f"{n} paragraphs: the title ends its page alone"


# ---------------------------------------------------------------------------------------------
# workbooks printed by LibreOffice


LONG = "应用系统未对登录失败次数进行限制，也未在多次失败后锁定账户或延时，攻击者可以对管理员账户进行暴力破解，存在越权访问的风险。"


def _ledger_rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(n):
        rows.append([
            "河北省某某市机构编制委员会办公室（市委编办）", f"门户网站{i}", "测评", f"2025年等级测评报告（冀测-2025-{i:03d}）",
            "安全计算环境", "身份鉴别", f"L3-CES1-0{i % 9 + 1}", "登录失败处理缺失", LONG * (1 + i % 3), "中", "否",
            "配置登录失败锁定策略并启用双因素认证。", "", "信息中心", "张三", date(2025, 4, 26), date(2025, 10, 26),
            "是" if i % 2 else "否", "整改中", "1. 配置账户锁定策略（张三，2025-05-01计划）\n2. 启用双因素认证（李四，计划中）",
            "整改报告.pdf", None, "", None, "", "", "", "",
        ])
    return rows


def _sites(n: int) -> list[wb.WebsiteRow]:
    return [
        wb.WebsiteRow(
            "河北省机构编制委员会办公室", "河北省机构编制委员会办公室（省委编办）门户网站管理中心", "河北机构编制网",
            ["www.hebeibb.gov.cn", "hebeibb.gov.cn", "www.hebbb.gov.cn"], ["河北省编办.政务", "河北机构编制.政务"], True,
            "张三", "0311—87802765",
        )
        for _ in range(n)
    ]


def _to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if tool is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils not installed")
    home = outdir / "home"
    (home / ".fonts").mkdir(parents=True)
    for font in FONTS.glob("*.ttf"):  # the bundled CJK fonts, as the officer's machine has its own
        shutil.copy(font, home / ".fonts" / font.name)
    env = {**os.environ, "HOME": str(home)}
    subprocess.run(
        [tool, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        env=env, capture_output=True, timeout=600, check=True,
    )
    return [outdir / (f.stem + ".pdf") for f in files]


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">')


def _words(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([tuple(map(float, m.groups())) for m in _WORD.finditer(page)])
    return pages


def _overlaps(words: list[tuple[float, float, float, float]]) -> int:
    count = 0
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if w > 1 and h > 0.3 * min(a[3] - a[1], b[3] - b[1]):
                count += 1
    return count


def test_workbooks_print_without_overlapping_rows_and_the_ledger_at_a_readable_scale(tmp_path: Path) -> None:
    today = date(2026, 11, 30)
    files = [tmp_path / "ledger.xlsx", tmp_path / "summary.xlsx", tmp_path / "selfcheck.xlsx",
             tmp_path / "worksummary.xlsx", tmp_path / "ledger100.xlsx"]
    wb.write_rectification_ledger(iter(_ledger_rows(12)), files[0], "河北省某某市机构编制委员会办公室", today)
    wb.write_summary(iter(_sites(12)), files[1], "河北省机构编制委员会办公室")
    wb.write_selfcheck(iter(_sites(12)), files[2], "河北省机构编制委员会办公室")
    wb.write_worksummary(
        iter([wb.WorkSummaryRow("河北省某某市机构编制委员会办公室", "河北机构编制网门户网站系统", "网站", "第三级",
                                "13010043001-00001", date(2024, 1, 1), date(2027, 1, 1), date(2025, 3, 1),
                                "河北省某某信息安全测评中心有限公司", "基本符合", 1, 2, 3, 4, date(2026, 3, 1))] * 12),
        files[3], "河北省某某市机构编制委员会办公室", today,
    )
    # the same ledger printed at 100 %: the yardstick for the scale LibreOffice printed the first one at
    spec = wb.sheet_spec("ledger", "单位", today)
    spec.print_scale = 100
    from desktop.documents.streaming import write_workbook

    write_workbook(spec, wb.sheet_rows("ledger", _ledger_rows(12)), files[4])

    pdfs = _to_pdf(files, tmp_path)
    for pdf in pdfs[:4]:
        for n, page in enumerate(_words(pdf), 1):
            assert _overlaps(page) == 0, f"{pdf.name} page {n}: words drawn over each other"

    def glyph_height(pdf: Path) -> float:
        return statistics.median(w[3] - w[1] for page in _words(pdf) for w in page)

    scale = glyph_height(pdfs[0]) / glyph_height(pdfs[4])
    assert scale >= 0.6, f"the 整改台账 prints at {scale:.0%}"
    footer = _page_texts(pdfs[0])[0]
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", footer), "no page numbers"
    # the notice's attachment labels above its two tables, as in the seed
    for pdf, label in ((pdfs[1], "附件3"), (pdfs[2], "附件2")):
        first = _page_texts(pdf)[0]
        assert label in first.split("党政机关")[0], f"{pdf.name}: no {label} above the table"


@needs_poppler
def test_every_demo_report_breaks_lines_and_keeps_its_seal_with_text(demo_ledger, tmp_path: Path) -> None:
    """Each 整改报告 and 定级报告 of the demo ledger: no line starts with a closing mark, and the page
    carrying the seal also carries the report's last paragraph."""
    import sqlalchemy as sa
    from demo_day import DEMO_TODAY

    from db.models import ProtectedObject
    from desktop.services import document_data as dd
    from desktop.services import preflight

    with demo_ledger.session(write=False) as s:
        ids = s.scalars(sa.select(ProtectedObject.id).order_by(ProtectedObject.id)).all()
    rendered = 0
    for oid in ids:
        for kind, render in (("rectification", render_rectification_report), ("grading", render_grading_report)):
            try:
                data = preflight.load_checked(demo_ledger, kind, oid, today=DEMO_TODAY).data
            except dd.DocumentDataError:
                continue
            out = tmp_path / f"{kind}-{oid}.pdf"
            pages = render(data, out)
            raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
            bad = [line for line in raw.splitlines() if line and line[0] in CLOSING]
            assert not bad, (kind, oid, bad[:3])
            last = _page_texts(out)[pages - 1]
            body = [ln for ln in last.splitlines()
                    if ln.strip() and "（盖章）" not in ln and "签字" not in ln and not re.search(r"年|页", ln)]
            assert body, f"{kind} of object {oid}: the seal stands alone on its last page"
            rendered += 1
    assert rendered >= 40
