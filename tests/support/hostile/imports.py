"""Hostile workbooks for ``dengbao-cli import`` (issue 12): cells far away, huge or amplified text,
zip and XML tricks, and tables the ledger would refuse after a clean dry run. Every workbook is
built here by script — hand-written zip and XML for the ones no spreadsheet program would write,
openpyxl for the rest — never checked in.

:data:`ATTACKS` lists them; :func:`cases` runs each as a dry run and as a real import (both must be
refused, exit code 1, ledger unchanged, under 500 MB); tests/desktop/test_imports_hostile.py checks
the messages in detail. ``whole`` attacks are refused before the file is read (the reason is on
stderr); the others are refused by the plan (the reasons are on stdout, stderr says nothing was
written). A few careless command-line numbers close the list (issue 12, item 8).
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from hostile import Case

HEADER = ["单位名称", "网站名称", "英文域名", "中文域名", "是否挂标", "联系人", "联系电话"]
SUMMARY_HEADER = ["主管部门", *HEADER]
#: units of the demonstration ledger: 事业单位登记管理局 is under 机构编制委员会办公室 there
TOP = "河北省机构编制委员会办公室"
BELOW_TOP = "河北省事业单位登记管理局"
NOT_WRITTEN = "未写入任何内容"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


# --------------------------------------------------------------------------------------------------
# a zip written by hand (sizes and CRCs may lie) and the parts of a minimal workbook
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes
    #: what the zip declares instead of the truth (a lying member)
    declared_size: int | None = None
    declared_crc: int | None = None


def raw_zip(members: Iterable[Member]) -> bytes:
    out, central, count = io.BytesIO(), [], 0
    for m in members:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        comp = packer.compress(m.data) + packer.flush()
        crc = zlib.crc32(m.data) if m.declared_crc is None else m.declared_crc
        size = len(m.data) if m.declared_size is None else m.declared_size
        name, offset = m.name.encode(), out.tell()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0, crc, len(comp), size, len(name), 0)
        )
        out.write(name + comp)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                *(0x02014B50, 20, 20, 0x800, 8, 0, 0, crc, len(comp), size, len(name), 0, 0, 0, 0, 0, offset),
            )
            + name
        )
        count += 1
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, out.tell() - start, start, 0))
    return out.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def header_row(header: Sequence[str] = HEADER, row: int = 1) -> str:
    return (
        f'<row r="{row}">'
        + "".join(inline(f"{chr(65 + i)}{row}", h) for i, h in enumerate(header))
        + "</row>"
    )


def sheet_xml(body: str | bytes, *, dimension: str = "", before: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    data = body.encode() if isinstance(body, str) else body
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">{before}{dim}'
            "<sheetData>"
        ).encode()
        + data
        + b"</sheetData></worksheet>"
    )


def workbook(
    sheets: Sequence[tuple[str, bytes]] | Sequence[tuple[str, bytes, str]],
    *,
    shared: Sequence[str] | bytes | None = None,
    extra: Sequence[Member] = (),
    replace: dict[str, Member] | None = None,
) -> bytes:
    """A minimal .xlsx: ``sheets`` as (name, sheet XML[, state]); ``shared`` the shared strings (or
    the raw sharedStrings.xml); ``replace`` swaps a standard part for a hand-made member."""
    entries, rels = [], []
    members: list[Member] = []
    for i, sheet in enumerate(sheets, 1):
        name, xml = sheet[0], sheet[1]
        state = f' state="{sheet[2]}"' if len(sheet) > 2 else ""
        entries.append(f'<sheet name="{escape(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        members.append(Member(f"xl/worksheets/sheet{i}.xml", xml))
    if shared is not None:
        n = len(sheets) + 1
        rels.append(f'<Relationship Id="rId{n}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>')
        if isinstance(shared, bytes):
            members.append(Member("xl/sharedStrings.xml", shared))
        else:
            items = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared)
            members.append(Member("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">{items}</sst>'.encode()))
    standard = [
        Member(
            "[Content_Types].xml",
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
        ),
        Member(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'.encode(),
        ),
        Member(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{"".join(entries)}</sheets></workbook>'.encode(),
        ),
        Member(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>'.encode(),
        ),
    ]
    parts = {m.name: m for m in [*standard, *members]}
    parts.update(replace or {})
    return raw_zip([*parts.values(), *extra])


def table(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> None:
    """A normal workbook written by openpyxl: the header, then ``rows``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "摸底自查表"
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)


# --------------------------------------------------------------------------------------------------
# the attacks
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    #: the attack in a few words
    name: str
    #: writes the workbook at the given path
    build: Callable[[Path], None]
    #: a fragment of the message that explains the refusal
    says: str
    kind: str = "selfcheck"
    #: refused before anything is read (the reason on stderr); else refused by the plan (stdout)
    whole: bool = True


def _writes(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data())


def _far_cell(ref: str) -> bytes:
    row = "".join(ch for ch in ref if ch.isdigit())
    return workbook([("Sheet1", sheet_xml(header_row() + f'<row r="{row}">{inline(ref, "x")}</row>'))])


def _domains_in_one_cell(count: int) -> bytes:
    cell = "、".join(f"d{i}.gov.cn" for i in range(count))
    return workbook([("Sheet1", sheet_xml(header_row() + f'<row r="2">{inline("A2", "某单位")}'
                                          f'{inline("B2", "某网站")}{inline("C2", cell)}</row>'))])  # fmt: skip


def _cells_without_positions(count: int) -> bytes:
    cells = '<c t="inlineStr"><is><t>x</t></is></c>' * count
    return workbook([("Sheet1", sheet_xml(header_row() + f"<row>{cells}</row>"))])


def _amplified_shared_string(rows: int, length: int) -> bytes:
    body = header_row() + "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}" t="s"><v>0</v></c></row>'
        for r in range(2, rows + 2)
    )
    return workbook([("Sheet1", sheet_xml(body))], shared=["单" * length])


def _too_many_cells() -> bytes:
    # 754,007 cells with content (over MAX_CELLS, 750,000): 58,000 data rows of 13 short numbers,
    # within the row, column and area limits
    parts = [header_row().encode()]
    row = b"".join(b'<c r="%s%%d"><v>1</v></c>' % chr(65 + c).encode() for c in range(13))
    for r in range(2, 58_002):
        parts.append(b'<row r="%d">' % r + row.replace(b"%d", str(r).encode()) + b"</row>")
    return workbook([("Sheet1", sheet_xml(b"".join(parts)))])


def _deep_nesting() -> bytes:
    deep = "<x>" * 200 + "</x>" * 200
    return workbook([("Sheet1", sheet_xml(header_row(), before=f"<extLst>{deep}</extLst>"))])


def _huge_attribute() -> bytes:
    # hex digits: they compress only about 2:1, so the zip-bomb check does not refuse the file first
    value = hashlib.shake_128(b"attribute").hexdigest(3 << 20)
    return workbook([("Sheet1", sheet_xml(header_row(), before=f'<sheetPr codeName="{value}"/>'))])


def _entity_expansion() -> bytes:
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY e0 "aaaaaaaaaa">{levels}]>'
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&e9;</t></is></c></row>'
    xml = sheet_xml(header_row() + row).replace(b"?>", b"?>" + dtd.encode(), 1)
    return workbook([("Sheet1", xml)])


def _lying_styles() -> bytes:
    """styles.xml declares 1 KB (with the CRC of its first 1 KB) but inflates to 64 MB."""
    styles = (
        f'<styleSheet xmlns="{_MAIN}"><cellXfs>'.encode()
        + b"<xf/>" * ((64 << 20) // 5)
        + b"</cellXfs></styleSheet>"
    )
    lie = Member("xl/styles.xml", styles, declared_size=1024, declared_crc=zlib.crc32(styles[:1024]))
    return workbook([("Sheet1", sheet_xml(header_row()))], extra=[lie])


def _same_part_twice() -> bytes:
    bomb = Member(
        "XL/Worksheets/Sheet1.xml",
        sheet_xml(header_row() + f'<row r="20000">{inline("XFD20000", "x")}</row>'),
    )
    return workbook([("Sheet1", sheet_xml(header_row()))], extra=[bomb])


def _only_hidden_table() -> bytes:
    visible = sheet_xml(f'<row r="1">{inline("A1", "说明：本表由各单位填写")}</row>')
    hidden = sheet_xml(
        header_row() + f'<row r="2">{inline("A2", "隐藏的单位")}{inline("B2", "隐藏的网站")}</row>'
    )
    return workbook([("数据", hidden, "hidden"), ("说明", visible)])


def _rows(*rows: Sequence[object], header: Sequence[str] = HEADER) -> Callable[[Path], None]:
    return lambda path: table(path, rows, header)


def _control_character() -> bytes:
    row = f'<row r="2">{inline("A2", "某单位_x0000_名称")}{inline("B2", "某网站")}</row>'
    return workbook([("Sheet1", sheet_xml(header_row() + row))])


def _number_cell(value: str, kind: str = "n") -> Callable[[Path], None]:
    row = f'<row r="2"><c r="A2" t="{kind}"><v>{value}</v></c>{inline("B2", "某网站")}</row>'
    return _writes(lambda: workbook([("Sheet1", sheet_xml(header_row() + row))]))


ATTACKS: list[Attack] = [
    Attack("一个单元格在 XFD20000（1.5 KB 的文件）", _writes(lambda: _far_cell("XFD20000")), "列数超过上限"),
    Attack("一个单元格在 XFD3000", _writes(lambda: _far_cell("XFD3000")), "XFD3000"),
    Attack("一个单元格在第 60,001 行", _writes(lambda: _far_cell("A60001")), "行数超过上限"),
    Attack(
        "一个单元格在 AZ60000（展开 312 万个单元格）", _writes(lambda: _far_cell("AZ60000")), "使用区域过大"
    ),
    Attack(
        "声明的使用区域为 A1:XFD1048576",
        _writes(lambda: workbook([("Sheet1", sheet_xml(header_row(), dimension="A1:XFD1048576"))])),
        "行数超过上限",
    ),
    Attack(
        "一个单元格里 700,000 个域名", _writes(lambda: _domains_in_one_cell(700_000)), "C2 超过 32,767 个字符"
    ),
    Attack(
        "一个单元格里 2,000 个域名",
        _writes(lambda: _domains_in_one_cell(2_000)),
        "最多填写 100 个域名",
        whole=False,
    ),
    Attack(
        "一行 20,000 个不写位置的单元格", _writes(lambda: _cells_without_positions(20_000)), "列数超过上限"
    ),
    Attack(
        "一条 30,000 字的共享文字被 100,000 个单元格引用",
        _writes(lambda: _amplified_shared_string(50_000, 30_000)),
        "文字总量超过上限",
    ),
    Attack(
        "一条 40,000 字的共享文字",
        _writes(lambda: workbook([("Sheet1", sheet_xml(header_row()))], shared=["字" * 40_000])),
        "共享文字表的第 1 条文字超过",
    ),
    Attack("754,007 个有内容的单元格", _writes(_too_many_cells), "有内容的单元格超过上限"),
    Attack("XML 嵌套 200 层", _writes(_deep_nesting), "嵌套超过"),
    Attack("一个 6 MB 的 XML 属性", _writes(_huge_attribute), "的标记"),
    Attack("XML 实体展开（DTD）", _writes(_entity_expansion), "文档类型定义"),
    Attack("styles.xml 谎报大小（声明 1 KB，实际 64 MB）", _writes(_lying_styles), "损坏"),
    Attack("同一部件以大小写不同的名字出现两次", _writes(_same_part_twice), "重名的部件"),
    Attack("表格只在隐藏的工作表里", _writes(_only_hidden_table), "没有找到", whole=False),
    Attack(
        "两个单位名称用同一个统一社会信用代码",
        _rows(
            ["甲单位", "甲网站", "", "", "是", "", "", "91130100MA0CXYA127"],
            ["乙单位", "乙网站", "", "", "是", "", "", "91130100MA0CXYA127"],
            header=[*HEADER, "统一社会信用代码"],
        ),
        "同时填写在第2行“甲单位”和第3行“乙单位”",
        whole=False,
    ),
    Attack("单位名称含 NUL（_x0000_）", _writes(_control_character), "控制字符 U+0000", whole=False),
    Attack(
        "单位名称含从右向左覆盖字符 U+202E", _rows(["某单位\u202egpj.exe", "某网站"]), "U+202E", whole=False
    ),
    Attack("单位名称是逻辑值 TRUE", _number_cell("1", "b"), "逻辑值（TRUE）", whole=False),
    Attack("单位名称是 nan", _number_cell("nan"), "数字（nan）", whole=False),
    Attack("单位名称是 inf", _number_cell("inf"), "数字（inf）", whole=False),
    Attack("单位名称是 309 位数字", _number_cell("1" + "0" * 308), "应为文字", whole=False),
    Attack("单位名称是文字“nan”", _rows(["nan", "某网站"]), "不能是“nan”", whole=False),
    Attack(
        "主管部门互为上下级（文件内）",
        _rows(["乙单位", "甲单位", "甲网站"], ["甲单位", "乙单位", "乙网站"], header=SUMMARY_HEADER),
        "主管部门形成循环",
        kind="summary",
        whole=False,
    ),
    Attack(
        "把上级单位设为其下级的下级（经由台账中的记录）",
        _rows([BELOW_TOP, TOP, "某网站"], header=SUMMARY_HEADER),
        "主管部门形成循环",
        kind="summary",
        whole=False,
    ),
    Attack(
        "同一单位两行的联系人不同",
        _rows(
            ["甲单位", "甲网站", "", "", "是", "张三", "0311-87802765"],
            ["甲单位", "甲网站二", "", "", "是", "李四", "0311-87802766"],
        ),  # fmt: skip
        "联系人前后不一致",
        whole=False,
    ),
]


def cases() -> list[Case]:
    found: list[Case] = []
    for i, attack in enumerate(ATTACKS):
        file = f"attack{i}.xlsx"
        for dry in (True, False):
            found.append(
                Case(
                    f"导入{'（试运行）' if dry else ''}：{attack.name}",
                    ["import", attack.kind, f"{{work}}/{file}", *(["--dry-run"] if dry else [])],
                    build=lambda work, attack=attack, file=file: attack.build(work / file),
                    says=attack.says if attack.whole else NOT_WRITTEN,
                )
            )
    found += [
        Case(
            "编号 99999999999999999999999",
            ["print", "filing", "--object", "99999999999999999999999", "--out", "{work}/x.pdf"],
            exit_code=2,
            says="编号",
        ),  # fmt: skip
        Case("--days 1e11", ["list", "deadlines", "--days", "1e11"], exit_code=2, says="之间的整数"),
        Case(
            "--days 99999999999", ["list", "deadlines", "--days", "99999999999"], exit_code=2, says="36,500"
        ),
        Case("--today 9999-12-31", ["list", "deadlines", "--today", "9999-12-31"], exit_code=2, says="1990"),
    ]
    return found
