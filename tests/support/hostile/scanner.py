"""Hostile scanner results for ``dengbao-cli import findings`` (issue 16): XML entity tricks in a
``.nessus`` file (billion laughs, an external entity reading a local file, a parameter entity
fetching a URL), a file beyond the size limit, a file that is not Nessus at all, a truncated one, and
a CSV that is binary. Built here by script; each runs as a dry run and as a real import: refused
(exit code 1), one Chinese sentence, the ledger byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hostile import Case

NESSUS_HEAD = '<?xml version="1.0" ?>\n'


def _item(name: str, text: str = "x") -> str:
    return (
        f'<ReportItem port="443" svc_name="www" protocol="tcp" severity="3" pluginID="1" pluginName="{name}">'
        f"<risk_factor>High</risk_factor><description>{text}</description></ReportItem>"
    )


def _nessus(body: str, doctype: str = "") -> bytes:
    return (
        NESSUS_HEAD
        + doctype
        + '<NessusClientData_v2><Report name="r"><ReportHost name="10.0.0.1"><HostProperties>'
        + '<tag name="host-ip">10.0.0.1</tag></HostProperties>'
        + body
        + "</ReportHost></Report></NessusClientData_v2>"
    ).encode()


def _billion_laughs() -> bytes:
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return _nessus(_item("&lol9;"), f"<!DOCTYPE NessusClientData_v2 [{''.join(lol)}]>")


def _external_entity() -> bytes:
    return _nessus(_item("leak", "&xxe;"), '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')


def _parameter_entity() -> bytes:
    return _nessus(_item("p"), '<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>')


def _plain_doctype() -> bytes:
    return _nessus(_item("d"), "<!DOCTYPE NessusClientData_v2>")


def _huge(path: Path) -> None:
    """A sparse file past the 200 MB limit: refused by its size before a byte is parsed."""
    with path.open("wb") as fh:
        fh.write(_nessus(_item("big")))
        fh.truncate(201 * 1024 * 1024)


def _writes(name: str, data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda work: (work / name).write_bytes(data())


ATTACKS: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("扫描结果：十亿笑实体膨胀", "laughs.nessus", _writes("laughs.nessus", _billion_laughs), "实体"),
    ("扫描结果：外部实体读取本机文件", "xxe.nessus", _writes("xxe.nessus", _external_entity), "实体"),
    ("扫描结果：参数实体访问网络", "pe.nessus", _writes("pe.nessus", _parameter_entity), "文档类型定义"),
    ("扫描结果：任何文档类型定义", "dtd.nessus", _writes("dtd.nessus", _plain_doctype), "文档类型定义"),
    ("扫描结果：超过 200 MB", "huge.nessus", lambda work: _huge(work / "huge.nessus"), "上限"),
    ("扫描结果：不是 Nessus 的 XML", "other.nessus",
     _writes("other.nessus", lambda: b'<?xml version="1.0"?><svg><a/></svg>'), "Nessus"),
    ("扫描结果：截断的 XML", "cut.nessus", _writes("cut.nessus", lambda: _nessus(_item("c"))[:200]), "XML"),
    ("扫描结果：二进制的 CSV", "bin.csv",
     _writes("bin.csv", lambda: b"Name,Host,Risk\n\x00\x01\x02,1.2.3.4,High\n"), "CSV"),
]  # fmt: skip


def cases() -> list[Case]:
    out = []
    for name, file, build, says in ATTACKS:
        for dry in (True, False):
            argv = ["import", "findings", f"{{work}}/{file}", "--object", "1", *(["--dry-run"] if dry else [])]
            out.append(Case(f"{name}（{'试运行' if dry else '导入'}）", argv, build, 1, says))
    return out
