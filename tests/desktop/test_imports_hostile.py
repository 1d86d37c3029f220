"""Hostile workbooks against the real import (issue 12): every attack of tests/support/hostile/imports.py
is refused by the dry run exactly as by the real import — exit code 1, a Chinese message that says
why, no traceback, the ledger byte-identical, the process under 500 MB — and the pieces that make it
so (the workbook's measure, the name validator, the loop finder, the command line's number types)
are checked on their own.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hostile import LAUNCHER
from hostile.imports import (
    ATTACKS,
    HEADER,
    SUMMARY_HEADER,
    Attack,
    Member,
    header_row,
    inline,
    raw_zip,
    sheet_xml,
    table,
    workbook,
)

from db.domain import validators
from db.domain.validators import ValidationError
from desktop.cli import main
from desktop.importers import extent, parts
from desktop.importers.cycles import find_cycles

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PEAK_LIMIT_MB = 500

#: Starts the command line as its own child and reports that child's peak memory. The measure is
#: taken one process away from pytest because a process forked from pytest starts out counting
#: pytest's own resident set in ru_maxrss: measured directly, ``python -c pass`` "peaks" at the size
#: of the test process.


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DENGBAO_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests" / "support")])
    return env


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain demonstration ledger (``dengbao-cli --db L --no-encryption demo``), one closed file."""
    path = tmp_path_factory.mktemp("hostile-imports") / "L.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop.cli",
            "--db",
            str(path),
            "--no-encryption",
            "demo",
            "--today",
            "2026-11-21",
        ],
        env=_env(),
        check=True,
        capture_output=True,
        timeout=600,
    )
    return path


class Run:
    def __init__(self, code: int, out: str, err: str, peak_mb: float, seconds: float) -> None:
        self.code, self.out, self.err, self.peak_mb, self.seconds = code, out, err, peak_mb, seconds


def run_cli(work: Path, args: list[str]) -> Run:
    """``dengbao-cli`` as a real process (through :data:`LAUNCHER`): exit code, output, peak memory."""
    base = work / f"run-{time.monotonic_ns()}"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(base), sys.executable, "-m", "desktop.cli", *args],
        cwd=work,
        env=_env(),
        timeout=600,
    )
    seconds = time.monotonic() - started
    read = lambda suffix: Path(f"{base}{suffix}").read_text(encoding="utf-8", errors="replace")  # noqa: E731
    return Run(proc.returncode, read(".out"), read(".err"), int(read(".rss")) / 1024, seconds)


# --------------------------------------------------------------------------------------------------
# every attack, dry run and real import
# --------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="peak memory is read with os.wait4 (POSIX)")
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "import"])
@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_is_refused_by_the_dry_run_as_by_the_import(
    attack: Attack, dry_run: bool, demo_ledger: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "L.db"
    ledger.write_bytes(demo_ledger.read_bytes())
    book = tmp_path / "attack.xlsx"
    attack.build(book)
    before = _sha(ledger)
    run = run_cli(
        tmp_path, ["--db", str(ledger), "import", attack.kind, str(book), *(["--dry-run"] if dry_run else [])]
    )
    assert run.code == 1, (run.out[-2000:], run.err)
    assert "Traceback" not in run.out + run.err
    assert CHINESE.search(run.err), run.err
    if attack.whole:
        assert attack.says in run.err, run.err
        assert len(run.err.strip().splitlines()) == 1, run.err
    else:
        assert attack.says in run.out, run.out[-3000:]
        assert "未写入任何内容" in run.err, run.err
    assert _sha(ledger) == before, "the ledger changed"
    assert run.peak_mb < PEAK_LIMIT_MB, f"peak {run.peak_mb:.0f} MB"
    assert run.seconds < 60, f"{run.seconds:.1f} s"


def test_the_dry_run_lists_the_same_errors_as_the_import(demo_ledger: Path, tmp_path: Path) -> None:
    """One path for both: the same file gives the same error lines whether or not it would be written."""
    ledger = tmp_path / "L.db"
    ledger.write_bytes(demo_ledger.read_bytes())
    book = tmp_path / "t.xlsx"
    table(
        book,
        [
            ["甲单位", "甲网站", "", "", "是", "张三", "", "91130100MA0CXYA127"],
            ["乙单位", "乙网站", "", "", "是", "", "", "91130100MA0CXYA127"],
            ["甲单位", "甲网站二", "", "", "是", "李四", "", ""],
            [True, "丙网站"],
        ],
        [*HEADER, "统一社会信用代码"],
    )
    dry = run_cli(tmp_path, ["--db", str(ledger), "import", "selfcheck", str(book), "--dry-run"])
    real = run_cli(tmp_path, ["--db", str(ledger), "import", "selfcheck", str(book)])
    assert dry.code == real.code == 1
    errors = [line for line in dry.out.splitlines() if line.startswith("  错误")]
    assert errors == [line for line in real.out.splitlines() if line.startswith("  错误")]
    assert len(errors) == 3, errors
    assert "同时填写在第2行“甲单位”和第3行“乙单位”" in errors[0]
    assert "联系人前后不一致：第2行为“张三”，第4行为“李四”" in errors[1]
    assert "A列：单位名称：应为文字，此处是逻辑值（TRUE）" in errors[2]


# --------------------------------------------------------------------------------------------------
# sheets: only the visible ones are read, and the plan says which
# --------------------------------------------------------------------------------------------------


def test_hidden_sheets_are_never_read_and_the_sheet_read_is_named(demo_ledger: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "L.db"
    ledger.write_bytes(demo_ledger.read_bytes())
    hidden = sheet_xml(
        header_row() + f'<row r="2">{inline("A2", "隐藏的单位")}{inline("B2", "隐藏的网站")}</row>'
    )
    visible = sheet_xml(
        header_row() + f'<row r="2">{inline("A2", "看得见的单位")}{inline("B2", "看得见的网站")}</row>'
    )
    book = tmp_path / "t.xlsx"
    book.write_bytes(
        workbook([("旧数据", hidden, "hidden"), ("再藏", hidden, "veryHidden"), ("摸底自查表", visible)])
    )
    run = run_cli(tmp_path, ["--db", str(ledger), "import", "selfcheck", str(book), "--dry-run"])
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "读取工作表“摸底自查表”（未读取隐藏的工作表“旧数据”、“再藏”）。"
    assert "看得见的单位" in run.out and "隐藏" not in run.out.split("\n", 1)[1]


def test_the_preview_names_the_sheet(ledger, tmp_path: Path) -> None:
    from desktop.services.imports import import_job

    book = tmp_path / "t.xlsx"
    note = sheet_xml(f'<row r="1">{inline("A1", "填表说明")}</row>')
    data = sheet_xml(header_row() + f'<row r="2">{inline("A2", "某单位")}{inline("B2", "某网站")}</row>')
    book.write_bytes(workbook([("说明", note), ("数据", data)]))
    preview = import_job(ledger, book, "selfcheck", dry_run=True)
    assert preview.ok and preview.sheet == "数据"


# --------------------------------------------------------------------------------------------------
# the measure
# --------------------------------------------------------------------------------------------------


def _measure(data: bytes, tmp_path: Path) -> extent.WorkbookExtent:
    path = tmp_path / "m.xlsx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as zf:
        return extent.measure(path, zf)


def test_measure_follows_calamine_positions(tmp_path: Path) -> None:
    """Cells without ``r`` take the next column, rows without ``r`` the next row; formatted empty
    cells (no value) do not count; a shared string counts its length at every use."""
    rows = (
        '<row r="1"><c t="inlineStr"><is><t>ab</t></is></c><c t="inlineStr"><is><t>c</t></is></c></row>'
        '<row><c r="D2" t="s"><v>0</v></c><c t="s"><v>0</v></c></row>'
        '<row r="9"><c r="XFD9" s="1"/><c r="Z9" s="2"></c></row>'
    )
    measured = _measure(workbook([("S", sheet_xml(rows))], shared=["四个字符"]), tmp_path)
    [sheet] = measured.sheets
    assert (sheet.rows, sheet.columns, sheet.cells, sheet.chars) == (2, 5, 4, 2 + 1 + 4 + 4)


def test_a_template_bordered_down_to_row_65536_is_read(tmp_path: Path) -> None:
    """The declared dimension may count formatted empty rows (an old template bordered down to row
    65,536): it is held to a looser bound than the cells with content, which calamine reads."""
    styled = "".join(f'<row r="{r}"><c r="A{r}" s="1"/><c r="H{r}" s="1"/></row>' for r in range(3, 65537))
    body = header_row() + f'<row r="2">{inline("A2", "某单位")}{inline("B2", "某网站")}</row>' + styled
    [sheet] = _measure(workbook([("S", sheet_xml(body, dimension="A1:H65536"))]), tmp_path).sheets
    assert (sheet.rows, sheet.columns, sheet.cells) == (2, 7, 9)


def test_a_realistic_table_is_measured_quickly(tmp_path: Path) -> None:
    book = tmp_path / "t.xlsx"
    rows = [
        [f"第{i}单位", f"网站{i}", f"www.u{i}.gov.cn", f"单位{i}.政务", "是", "张三", "0311-87802765"]
        for i in range(5000)
    ]
    table(book, rows)
    started = time.monotonic()
    with zipfile.ZipFile(book) as zf:
        measured = extent.measure(book, zf)
    assert time.monotonic() - started < 2
    [sheet] = measured.sheets
    assert (sheet.rows, sheet.columns, sheet.cells) == (5001, 7, 5001 * 7)


@pytest.mark.parametrize(
    ("declared_size", "declared_crc", "stored"),
    [(100, None, False), (10_000, None, False), (None, 1234, False), (100, None, True)],
    ids=["smaller", "larger", "bad-crc", "stored-smaller"],
)
def test_a_member_that_lies_about_itself_is_refused(
    tmp_path: Path, declared_size: int | None, declared_crc: int | None, stored: bool
) -> None:
    data = b"<a>" + b"x" * 5000 + b"</a>"
    path = tmp_path / "z.zip"
    if stored:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
            zf.writestr("a.xml", data)
        raw = bytearray(path.read_bytes())
        raw[raw.find(b"PK\x01\x02") + 24 : raw.find(b"PK\x01\x02") + 28] = (100).to_bytes(4, "little")
        path.write_bytes(bytes(raw))
    else:
        path.write_bytes(raw_zip([Member("a.xml", data, declared_size, declared_crc)]))
    with zipfile.ZipFile(path) as zf, path.open("rb") as fh:
        info = zf.getinfo("a.xml")
        with pytest.raises(parts.PartError, match="损坏"):
            for _chunk in parts.member_chunks(fh, info, 1 << 20):
                pass


def test_an_honest_member_reads_back_whole(tmp_path: Path) -> None:
    data = os.urandom(300_000) + b"\x00" * 300_000
    path = tmp_path / "z.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a", data)
    with zipfile.ZipFile(path) as zf, path.open("rb") as fh:
        assert b"".join(parts.member_chunks(fh, zf.getinfo("a"), 1 << 20)) == data
        with pytest.raises(parts.PartError, match="超过上限"):
            next(parts.member_chunks(fh, zf.getinfo("a"), 1000))


def test_the_limits_are_above_real_use() -> None:
    """A province's 摸底自查表: tens of thousands of rows, 7–9 columns."""
    assert extent.MAX_ROWS >= 50_000 and extent.MAX_CELLS >= 50_000 * 12 and extent.MAX_AREA >= 50_000 * 25
    assert extent.MAX_CELL_CHARS == 32_767  # Excel's own limit
    assert extent.MAX_TEXT_CHARS >= 50_000 * 200


# --------------------------------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("单位\x00名称", "控制字符 U+0000"),
        ("单位\x07", "控制字符 U+0007"),
        ("单位\x7f", "控制字符 U+007F"),
        ("单位\u202egpj.exe", "U+202E"),
        ("\u2066单位\u2069", "U+2066"),
        ("单位\u200f", "U+200F"),
        ("单位\ud800", "无效的字符"),
        (True, "逻辑值（TRUE）"),
        (12345, "数字（12345）"),
        (float("nan"), "数字（nan）"),
        (float("inf"), "数字（inf）"),
        (1e308, "数字"),
        (10**308, "共309位"),
        (date(2024, 1, 1), "日期（2024-01-01）"),
        ("nan", "不能是“nan”"),
        ("None", "不能是“None”"),
        ("#N/A", "不能是“#N/A”"),
        ("单" * 201, "过长"),
        ("  ", "不能为空"),
    ],
)
def test_names_refuse_what_is_not_a_plain_name(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validators.name(value, label="单位名称")
    assert fragment in caught.value.message and caught.value.message.startswith("单位名称")


def test_names_are_normalised() -> None:
    assert validators.name("  河北省\u3000机构编制\n委员会\t办公室 ") == "河北省 机构编制 委员会 办公室"
    assert validators.name("ＡＢＣ网站") == "ABC网站"
    assert validators.name("True Love 网站") == "True Love 网站"  # a placeholder only when alone
    assert validators.name("张三", max_length=2) == "张三"


# --------------------------------------------------------------------------------------------------
# 主管部门 loops and conflicting rows, in process
# --------------------------------------------------------------------------------------------------


def test_find_cycles() -> None:
    assert find_cycles({1: 2, 2: 3, 3: None}) == []
    assert find_cycles({1: 2, 2: 1}) == [[1, 2]]
    assert find_cycles({1: 1}) == [[1]]
    assert find_cycles({5: 1, 1: 2, 2: 3, 3: 1, 7: 8}) == [[1, 2, 3]]
    chain = {i: i + 1 for i in range(100_000)}
    assert find_cycles(chain) == []
    chain[100_000] = 0
    assert [len(c) for c in find_cycles(chain)] == [100_001]


def test_a_loop_through_the_ledger_is_refused_and_a_deep_new_chain_is_written(ledger, tmp_path: Path) -> None:
    from desktop.services.imports import import_file

    first = tmp_path / "a.xlsx"
    table(first, [["上级", "甲", "甲网站"], ["甲", "乙", "乙网站"]], SUMMARY_HEADER)
    assert import_file(ledger, first, "summary").written
    loop = tmp_path / "b.xlsx"
    table(loop, [["乙", "上级", "上级网站"]], SUMMARY_HEADER)
    result = import_file(ledger, loop, "summary", dry_run=True)
    [error] = result.plan.errors
    assert "主管部门形成循环：上级 → 乙 → 甲 → 上级" in error.message and error.column == "A"
    chain = tmp_path / "c.xlsx"
    table(chain, [[f"级{i + 1}", f"级{i}", f"网站{i}"] for i in range(1200)], SUMMARY_HEADER)
    assert import_file(ledger, chain, "summary").written


def test_a_unit_on_several_rows_may_repeat_itself(ledger, tmp_path: Path) -> None:
    from desktop.services.imports import import_file

    book = tmp_path / "t.xlsx"
    table(
        book,
        [
            ["甲单位", "甲网站", "", "", "是", "张三", "0311-87802765"],
            ["甲单位", "甲网站二", "", "", "是", "张三", ""],
            ["甲单位", "甲网站三", "", "", "是", "", "0311-87802765"],
        ],
    )
    result = import_file(ledger, book, "selfcheck")
    assert result.plan.ok and result.written, result.plan.errors


def test_errors_are_listed_up_to_a_limit_and_counted_beyond(ledger, tmp_path: Path) -> None:
    from desktop.importers.plan import MAX_ERRORS
    from desktop.services.imports import import_file

    book = tmp_path / "t.xlsx"
    table(book, [[f"单位{i}", "", "", "", "也许"] for i in range(MAX_ERRORS)])
    result = import_file(ledger, book, "selfcheck", dry_run=True)
    assert len(result.plan.errors) == MAX_ERRORS and result.plan.more_errors == MAX_ERRORS
    assert not result.plan.ok
    assert result.plan.lines()[-1] == f"  另有 {MAX_ERRORS:,} 项错误未列出（最多列出 {MAX_ERRORS:,} 项）。"
    assert result.plan.as_dict()["errors"][-1]["message"].startswith("另有")
    skipped = import_file(
        ledger, book, "selfcheck", dry_run=True, skip_rows=[("摸底自查表", r) for r in range(2, 502)]
    )
    assert (
        len(skipped.skipped) == 500
        and len(skipped.plan.errors) == MAX_ERRORS
        and skipped.plan.more_errors == 0
    )


# --------------------------------------------------------------------------------------------------
# the command line's numbers (issue 12, item 8)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["print", "filing", "--object", "99999999999999999999999", "--out", "x.pdf"], "编号超出范围"),
        (
            ["print", "filing", "--object", "9223372036854775808", "--out", "x.pdf"],
            "最大 9223372036854775807",
        ),
        (["print", "filing", "--object", "1" * 5000, "--out", "x.pdf"], "编号应为正整数"),
        (["list", "deadlines", "--days", "1e11"], "0 至 36,500 之间的整数"),
        (["list", "deadlines", "--days", "99999999999"], "0 至 36,500 之间的整数"),
        (["list", "findings", "--limit", "36501"], "0 至 36,500 之间的整数"),
        (["list", "deadlines", "--today", "9999-12-31"], "1990-01-01 至 2100-12-31"),
        (["list", "deadlines", "--today", "0001-01-01"], "日期超出范围"),
    ],
)
def test_numbers_out_of_range_are_usage_errors(
    argv: list[str], fragment: str, demo_ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "L.db"
    ledger.write_bytes(demo_ledger.read_bytes())
    assert main(["--db", str(ledger), *argv]) == 2
    err = capsys.readouterr().err
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err, err


def test_numbers_at_the_limits_work(
    demo_ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = tmp_path / "L.db"
    ledger.write_bytes(demo_ledger.read_bytes())
    db = ["--db", str(ledger)]
    assert main([*db, "list", "deadlines", "--days", "36500", "--today", "2100-12-31"]) == 0
    assert main([*db, "list", "deadlines", "--today", "1990-01-01"]) == 0
    assert main([*db, "print", "filing", "--object", str(2**63 - 1), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "找不到" in capsys.readouterr().err


def test_a_write_the_ledger_refuses_is_reported_not_raised(ledger, tmp_path: Path, monkeypatch) -> None:
    """The last line of defence: a constraint the plan did not foresee ends as a Chinese message
    and nothing written, not a traceback."""
    import sqlalchemy as sa

    from db.models import Organization
    from desktop.importers.xlsx_reader import WorkbookError
    from desktop.services import imports

    header = [*HEADER, "统一社会信用代码"]
    first = tmp_path / "a.xlsx"
    table(first, [["甲单位", "甲网站", "", "", "", "", "", "12130000509814098P"]], header)
    assert imports.import_file(ledger, first, "selfcheck").written
    planner_init = imports._Planner.__init__

    def forgetful(self, session, parsed) -> None:  # a plan that no longer knows the codes in the ledger
        planner_init(self, session, parsed)
        self.by_uscc = {}

    monkeypatch.setattr(imports._Planner, "__init__", forgetful)
    second = tmp_path / "b.xlsx"
    table(second, [["乙单位", "乙网站", "", "", "", "", "", "12130000509814098P"]], header)
    with pytest.raises(WorkbookError, match="台账拒绝写入.*未写入任何内容"):
        imports.import_file(ledger, second, "selfcheck")
    with ledger.session(write=False) as session:
        assert session.scalars(sa.select(Organization.name)).all() == ["甲单位"]


def test_a_damaged_deflate_stream_is_refused(tmp_path: Path) -> None:
    data = b"<a>" + os.urandom(20_000).hex().encode() + b"</a>"
    raw = bytearray(raw_zip([Member("a", data)]))
    start = 30 + 1
    for i in range(start + 100, start + 400):
        raw[i] ^= 0x5A
    path = tmp_path / "z.zip"
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as zf, path.open("rb") as fh, pytest.raises(parts.PartError, match="损坏"):
        b"".join(parts.member_chunks(fh, zf.getinfo("a"), 1 << 20))
