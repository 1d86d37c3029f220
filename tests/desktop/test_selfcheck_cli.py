"""dengbao-cli selfcheck and calendar end to end on a real ledger file: the 第三级 self-inspection filled
from a file, its 自查报告 read back with pdftotext (the law article chosen by the report's date), the
checklist workbook read by openpyxl and LibreOffice, and hostile inputs refused with the ledger unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from calendar_samples import SAMPLE_2027
from openpyxl import load_workbook

from db.domain import holidays
from desktop.cli import main

TODAY = "2026-11-30"


@pytest.fixture(autouse=True)
def no_entered_calendars():
    holidays.install([])
    yield
    holidays.install([])


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("selfcheck")
    db = folder / "demo.db"
    assert main(["--db", str(db), "--no-encryption", "demo", "--today", TODAY]) == 0
    return db


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ledger.db"
    shutil.copy2(demo_file, target)
    return target


def _files(db: Path) -> dict[str, bytes]:
    """The ledger and its companions (the empty use-lock file left by any opening aside)."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir())
            if p.name.startswith(db.name) and not p.name.endswith(".lock")}


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    out = subprocess.run([tool, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _first_level3(capsys, db: Path) -> int:
    import json

    code, out, _ = _run(capsys, "--db", str(db), "list", "objects", "--json")
    assert code == 0
    return next(o["id"] for o in json.loads(out) if o["level"] == 3)


def test_selfcheck_of_a_third_level_object_fills_computes_and_prints(db: Path, tmp_path: Path, capsys) -> None:
    oid = str(_first_level3(capsys, db))
    base = ["--db", str(db), "selfcheck"]
    code, out, err = _run(capsys, *base, "create", "--object", oid, "--inspector", "张三", "--today", TODAY)
    assert code == 0 and "71项控制点" in out, err
    lines = [f"{n}=符合" for n in range(1, 72)]
    lines += ["2=部分符合", "2.note=门禁记录只保存三个月", "3=不符合", "3.risk=高", "3.note=未启用双因素认证", "4=不适用"]
    verdicts = tmp_path / "verdicts.txt"
    verdicts.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = _run(capsys, *base, "set", "--object", oid, "--file", str(verdicts), "--today", TODAY)
    assert code == 0, err
    # 68 符合, 1 部分符合, 1 不符合, 1 不适用: 68/70 and 68.5/70
    assert "符合率 97.14%" in out and "部分符合按0.5计：97.86%" in out and "结论：符合" in out
    code, out, err = _run(capsys, *base, "complete", "--object", oid, "--today", TODAY)
    assert code == 0 and "登记问题2项" in out and "下次自查：2027-11-30" in out, err

    pdf = tmp_path / "自查报告.pdf"
    code, out, err = _run(capsys, *base, "report", "--object", oid, "--out", str(pdf), "--today", TODAY)
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF"), err
    text = _pdf_text(pdf)
    for words in ("2026年度网络安全等级保护自查报告", "一、自查范围", "二、自查依据与方法", "三、自查结果",
                  "四、发现的问题及整改", "五、下次自查", "《中华人民共和国网络安全法》第二十三条",
                  "符合率为97.14%", "若部分符合按0.5计则为97.86%", "未启用双因素认证", "安全物理环境",
                  "自查负责人（签字）"):
        assert words in text, words
    # the same report dated in 2025 cites the article in force then
    old = tmp_path / "old.pdf"
    assert main([*base, "report", "--object", oid, "--out", str(old), "--today", "2025-12-31"]) == 0
    assert "第二十一条" in _pdf_text(old) and "第二十三条" not in _pdf_text(old)
    # and as a Word file from the same story (read back with python-docx)
    from docx import Document

    word = tmp_path / "自查报告.docx"
    code, out, err = _run(capsys, *base, "report", "--object", oid, "--out", str(word), "--today", TODAY)
    assert code == 0 and "Word" in out, err
    doc = Document(str(word))
    body = "".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    for words in ("2026年度网络安全等级保护自查报告", "第二十三条", "符合率为97.14%", "自查负责人（签字）"):
        assert words in body, words

    xlsx = tmp_path / "自查表.xlsx"
    code, out, err = _run(capsys, *base, "export", "--object", oid, "--out", str(xlsx))
    assert code == 0 and "71 行" in out, err
    ws = load_workbook(xlsx, read_only=True).active
    rows = [r for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], int)]
    assert len(rows) == 71 and rows[2][4] == "不符合" and rows[2][5] == "未启用双因素认证"
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run([soffice, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(xlsx)],
                       capture_output=True, check=True, timeout=180)
        csv = (tmp_path / "自查表.csv").read_text(encoding="utf-8", errors="replace")
        assert "符合率97.14%" in csv.replace(" ", "") or "97.14%" in csv


HOSTILE_CALENDARS = [
    b"\x89PNG\r\n\x1a\n" + bytes(500),
    b"kind = 'holidays'\nyear = 2027\n",
    SAMPLE_2027.replace("2027-02-20", "2027-02-22").encode(),
    b"a = '" + b"x" * 70000 + b"'",
    SAMPLE_2027.replace("year = 2027", "year = 2026").encode(),
]


@pytest.mark.parametrize("data", HOSTILE_CALENDARS)
def test_hostile_calendar_refused_in_one_sentence_ledger_unchanged(db: Path, tmp_path: Path, capsys,
                                                                   data: bytes) -> None:
    before = _files(db)
    bad = tmp_path / "cal.toml"
    bad.write_bytes(data)
    code, out, err = _run(capsys, "--db", str(db), "calendar", "import", str(bad))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and "Traceback" not in err, err
    assert _files(db) == before


def test_calendar_import_then_list(db: Path, tmp_path: Path, capsys) -> None:
    good = tmp_path / "2027.toml"
    good.write_text(SAMPLE_2027, encoding="utf-8")
    code, out, _ = _run(capsys, "--db", str(db), "calendar", "list", "--today", TODAY)
    assert "2027年  未录入" in out
    code, out, err = _run(capsys, "--db", str(db), "calendar", "import", str(good), "--today", TODAY)
    assert code == 0 and "已导入2027年节假日安排：节假日7天，调休上班日2天" in out, err
    code, out, _ = _run(capsys, "--db", str(db), "calendar", "list", "--today", TODAY)
    assert "2027年  已录入：测试用节假日安排（非官方数据）（2026-11-10发布）" in out
    assert main(["--db", str(db), "check"]) == 0
    code, out, _ = _run(capsys, "--db", str(db), "calendar", "remove", "2027", "--today", TODAY)
    assert code == 0 and "已删除2027年" in out


@pytest.mark.parametrize(
    ("argv", "exit_code", "words"),
    [
        (["selfcheck", "show", "--object", "999999"], 1, "找不到定级对象"),
        (["selfcheck", "create", "--object", "1", "--year", "20x6"], 2, "年度"),
        (["selfcheck", "create", "--object", "1", "--partial", "0.7"], 1, "部分符合的计分"),
        (["selfcheck", "set", "--object", "1"], 1, "没有自查记录"),
        (["selfcheck", "report", "--object", "1"], 1, "没有自查记录"),
        (["calendar", "import"], 1, "请给出文件"),
        (["calendar", "remove", "1999"], 1, "年度"),
    ],
)
def test_clumsy_commands_are_one_chinese_line(db: Path, capsys, argv: list[str], exit_code: int, words: str) -> None:
    before = _files(db)
    code, _out, err = _run(capsys, "--db", str(db), *argv)
    assert code == exit_code and words in err and "Traceback" not in err, err
    assert _files(db) == before


def test_bad_verdict_file_changes_nothing(db: Path, tmp_path: Path, capsys) -> None:
    oid = str(_first_level3(capsys, db))
    assert main(["--db", str(db), "selfcheck", "create", "--object", oid, "--today", TODAY]) == 0
    before = _files(db)
    for content in (b"1=\xff\xfe\x00bad", "1=符合\n2=也许\n".encode(), b"\x00" * 10):
        bad = tmp_path / "v.txt"
        bad.write_bytes(content)
        code, _out, err = _run(capsys, "--db", str(db), "selfcheck", "set", "--object", oid, "--file", str(bad))
        assert code == 1 and err.startswith("错误：") and err.count("\n") == 1, err
    assert _files(db) == before
