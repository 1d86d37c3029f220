"""PDF documents checked with independent readers (poppler's pdffonts / pdftotext / pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docs_samples as samples
import pytest
import sqlalchemy as sa
from demo_day import DEMO_TODAY
from pypdf import PdfReader

from db.domain import rules
from db.domain.enums import FilingStatus
from db.models import Filing, Finding, ProtectedObject
from desktop.documents import fonts
from desktop.documents.filing_packet import render_filing_packet
from desktop.documents.grading_report import render_grading_report
from desktop.documents.pdf_base import styles
from desktop.documents.rectification_report import major_hazard_text, render_rectification_report
from desktop.documents.ticks import Choices, Opt
from desktop.services import document_data as dd


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} not installed (apt-get install poppler-utils)")
    return path


def pdf_text(path: Path, mode: str = "-layout") -> str:
    return subprocess.run(
        [_tool("pdftotext"), mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat_text(path: Path) -> str:
    """Text in content order without any spaces or line breaks, so wrapped table cells read whole."""
    return squeeze(pdf_text(path, "-raw"))


def pdf_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def assert_fonts_embedded(path: Path) -> None:
    rows = pdf_fonts(path)
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object ID: the three yes/no columns precede the object id
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), f"font not embedded as subset: {' '.join(row)}"


def squeeze(text: str) -> str:
    """pdftotext -layout pads with spaces; compare without them."""
    return re.sub(r"\s+", "", text)


# -------------------------------------------------------------------------------------------------
# demo ledger


def _filed_object(session, form: str) -> int:
    return session.scalars(
        sa.select(Filing.object_id)
        .join(ProtectedObject, ProtectedObject.id == Filing.object_id)
        .where(
            Filing.status == FilingStatus.ACCEPTED,
            Filing.form_version == form,
            ProtectedObject.current_level == 3,
        )
        .order_by(Filing.object_id)
    ).first()


def test_filing_packet_2025_from_demo(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        oid = _filed_object(s, "2025")
        data = dd.filing_packet_data(s, oid)
    out = tmp_path / "filing.pdf"
    result = render_filing_packet(data, out, form="2025")
    assert result.form == "2025"
    assert_fonts_embedded(out)
    flat = flat_text(out)
    for expected in (
        data.unit.name,
        data.obj.name,
        "网络安全等级保护",
        "备案表",
        "中华人民共和国公安部监制",
        "表一单位基本情况",
        f"表二（{data.obj.name}）定级对象情况",
        f"表三（{data.obj.name}）定级情况",
        "表四",
        "表五",
        "第三级",
        "备案证明编号",
        data.filing.certificate_no,
        "附件材料目录",
        data.unit.uscc,
        data.filing.police_organ,
    ):
        assert squeeze(expected) in flat, expected
    # the cover has no page number; the form pages are numbered 1..N
    numbered = result.form_pages - 1
    # the 2025 form prints the 2025 statements whatever rule set the grading was made under
    data.grading.matrix = rules.grading_matrix("grading-form-2025")
    # (pdftotext drops the narrow spaces of "第 1 页 共 N 页")
    assert f"第1页共{numbered}页" in flat
    assert f"第{numbered}页共{numbered}页" in flat
    # the harm statements of the grading rule set are printed in 表三
    for cell in data.grading.matrix.cells:
        assert squeeze(cell.statement) in flat


def test_filing_packet_1_0_form_from_demo(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        oid = _filed_object(s, "1.0") or _filed_object(s, "2025")
        data = dd.filing_packet_data(s, oid)
    out = tmp_path / "filing10.pdf"
    result = render_filing_packet(data, out, form="1.0")
    assert result.form == "1.0"
    assert_fonts_embedded(out)
    flat = flat_text(out)
    for expected in (
        "信息系统安全等级保护",
        "表一单位基本情况",
        "表二信息系统情况",
        "表三信息系统定级情况",
        "表四第三级以上信息系统提交材料情况",
        "01单位名称",
        data.unit.name,
        data.obj.name,
    ):
        assert expected in flat, expected


def test_grading_report_from_demo(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        oid = _filed_object(s, "2025")
        data = dd.grading_report_data(s, oid)
    out = tmp_path / "grading.pdf"
    pages = render_grading_report(data, out)
    assert pages >= 2
    assert_fonts_embedded(out)
    flat = flat_text(out)
    level = {2: "第二级", 3: "第三级", 4: "第四级"}
    for expected in (
        f"{data.obj.name}定级报告",
        "一、定级对象描述",
        "（一）责任主体",
        "（二）定级对象构成",
        "（三）承载业务",
        "（四）承载数据",
        "（五）安全责任",
        "二、安全保护等级确定",
        "业务信息安全被破坏时所侵害的客体",
        "系统服务安全被破坏时所侵害的客体",
        f"业务信息安全保护等级为{level[data.grading.business_level]}",
        f"系统服务安全保护等级为{level[data.grading.service_level]}",
        f"最终确定{data.obj.name}的安全保护等级为第三级",
        "定级对象名称",
        f"{data.unit.name}（盖章）",
    ):
        assert squeeze(expected) in flat, expected
    assert f"第1页共{pages}页" in flat


def test_rectification_report_from_demo(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        oid = s.scalars(
            sa.select(Finding.object_id).where(Finding.assessment_id.is_not(None)).order_by(Finding.object_id)
        ).first()
        data = dd.rectification_data(s, oid, today=DEMO_TODAY)
    assert data.findings and data.assessment is not None
    out = tmp_path / "rect.pdf"
    pages = render_rectification_report(data, out)
    assert_fonts_embedded(out)
    flat = flat_text(out)
    for expected in (
        "一、整改背景",
        "二、问题汇总",
        "三、逐项整改情况",
        "四、未完成整改项及原因、计划",
        "五、复测情况",
        data.assessment.institution,
        data.assessment.report_no,
        "负责人（签字）",
    ):
        assert squeeze(expected) in flat, expected
    for f in data.findings:
        assert squeeze(f.title) in flat, f.title
    assert f"第{pages}页共{pages}页" in flat


# -------------------------------------------------------------------------------------------------
# hand-built data: attachments, escaping, long tables


def test_packet_appends_pdf_attachments_and_lists_the_rest(tmp_path: Path) -> None:
    data = samples.filing_packet()
    out = tmp_path / "packet.pdf"
    result = render_filing_packet(data, out)
    assert [e.pages for e in result.appended] == [2, 1, 3]
    assert result.total_pages == result.form_pages + 6
    assert len(PdfReader(str(out)).pages) == result.total_pages
    text = pdf_text(out)
    flat = flat_text(out)
    assert "（非PDF，未附入）" in flat and "网络拓扑.vsdx" in flat
    assert "Grading report page 2" in text and "Policies page 3" in text
    # user text with markup characters is printed literally
    assert "裕华东路某号<测试&转义>" in flat
    # 表六: one sheet per data category
    assert "表六数据摸底调查表（1/2）" in flat and "表六数据摸底调查表（2/2）" in flat
    assert_fonts_embedded(out)


def test_packet_to_stream_and_unknown_form(tmp_path: Path) -> None:
    import io

    buf = io.BytesIO()
    result = render_filing_packet(samples.filing_packet("1.0"), buf, form="1.0")
    assert buf.getvalue().startswith(b"%PDF") and result.form == "1.0"
    with pytest.raises(ValueError, match="未知的备案表版本"):
        render_filing_packet(samples.filing_packet(), buf, form="3.0")


def test_long_rectification_report_splits_cleanly(tmp_path: Path) -> None:
    data = samples.rectification(findings=60)
    out = tmp_path / "long.pdf"
    pages = render_rectification_report(data, out)
    assert pages > 10
    text = pdf_text(out)
    flat = flat_text(out)
    for f in data.findings:
        assert squeeze(f.title) in flat
    assert "3（2个已整改）" in flat
    # the open-items table repeats its header on every page it spans
    open_pages = [p for p in text.split("\f") if "原因及计划" in p]
    assert len(open_pages) >= 2


def test_major_hazard_wording() -> None:
    assert major_hazard_text(10, 5) == "10（5个已整改）"
    assert major_hazard_text(0, 0) == "0"
    assert major_hazard_text(None, None) == "未统计"


def test_pages_render_to_images(tmp_path: Path) -> None:
    """Every page rasterises (a broken page would fail pdftoppm)."""
    tool = _tool("pdftoppm")
    out = tmp_path / "g.pdf"
    render_grading_report(samples.grading_report(), out)
    subprocess.run([tool, "-r", "30", "-png", str(out), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == len(PdfReader(str(out)).pages)


# -------------------------------------------------------------------------------------------------
# fonts and tick boxes


def test_bundled_fonts_used_without_system_fonts() -> None:
    f = fonts.document_fonts()
    assert f is fonts.document_fonts()  # registered once, cached
    if not fonts.system_font_dirs() and not fonts.fontconfig_fonts():
        assert all(src.startswith("bundled:") for src in f.sources.values())


def test_fontconfig_families_are_used_on_linux(tmp_path: Path) -> None:
    """Kylin/UOS: fontconfig's 仿宋 (here a copy of a bundled font listed under that family) is taken for
    the body, and a family missing or unreadable falls back to the bundled font."""
    listing = fonts.parse_fc_list(
        f"仿宋,FangSong\t{tmp_path / 'fangsong.ttf'}\t0\n"
        f"宋体,SimSun\t{tmp_path / 'broken.ttc'}\t1\n"
        "bad line without tabs\n"
    )
    assert listing["FangSong"] == (tmp_path / "fangsong.ttf", 0) and listing["宋体"][1] == 1
    shutil.copy(fonts.BUNDLED_DIR / "NotoSerifSC-Regular.ttf", tmp_path / "fangsong.ttf")
    (tmp_path / "broken.ttc").write_bytes(b"not a font")
    _name, source = fonts._pick("body", [], listing)
    assert source == f"system:{tmp_path / 'fangsong.ttf'}"
    _name, source = fonts._pick("table", [], listing)
    assert source == "bundled:NotoSerifSC-Regular.ttf"
    _name, source = fonts._pick("heading", [], listing)
    assert source == "bundled:NotoSansSC-Bold.ttf"


def test_system_fonts_preferred_when_present(tmp_path: Path) -> None:
    # a Windows font folder with 黑体 only: headings take it, the other roles fall back to Noto
    shutil.copy(fonts.BUNDLED_DIR / "NotoSansSC-Regular.ttf", tmp_path / "simhei.ttf")
    name, source = fonts._pick("heading", [tmp_path])
    assert source == f"system:{tmp_path / 'simhei.ttf'}"
    _name, source = fonts._pick("body", [tmp_path])
    assert source == "bundled:NotoSerifSC-Regular.ttf"
    # a file reportlab cannot read is skipped, not fatal
    (tmp_path / "simfang.ttf").write_bytes(b"not a font")
    _name, source = fonts._pick("body", [tmp_path])
    assert source.startswith("bundled:")


def test_choices_wrap_between_options_and_inside_long_text() -> None:
    st = styles()
    opts = [Opt(i == 1, f"选项{i}") for i in range(12)]
    flow = Choices(opts, st.cell.fontName, 10.5)
    w, h = flow.wrap(120, 1000)
    assert h > 10.5 * 2  # wrapped onto several lines
    long = Choices([Opt(True, "对国家安全或地区安全、国计民生造成特别严重损害" * 3)], st.cell.fontName, 10.5)
    _w, h2 = long.wrap(100, 1000)
    assert h2 >= 4 * long.leading
    grid = Choices(opts, st.cell.fontName, 9, columns=4)
    _w, h3 = grid.wrap(400, 1000)
    assert h3 == pytest.approx(3 * grid.leading)


def test_cli_print_commands(demo_ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    with demo_ledger.session(write=False) as s:
        oid = _filed_object(s, "2025")
    db = str(demo_ledger.path)
    for what in ("filing", "grading", "rectification"):
        out = tmp_path / f"{what}.pdf"
        assert (
            main(
                [
                    "--db",
                    db,
                    "print",
                    what,
                    "--object",
                    str(oid),
                    "--out",
                    str(out),
                    "--today",
                    DEMO_TODAY.isoformat(),
                ]
            )
            == 0
        )
        assert out.read_bytes().startswith(b"%PDF")
    assert main(["--db", db, "print", "grading", "--object", "999999", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "找不到定级对象" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert not list(tmp_path.glob(".dengbao-*"))


def test_today_is_used_for_rectification_signature(tmp_path: Path) -> None:
    data = samples.rectification(findings=2)
    data.today = date(2026, 7, 1)
    out = tmp_path / "r.pdf"
    render_rectification_report(data, out)
    assert "2026年7月1日" in squeeze(pdf_text(out))
