"""Vulnerability scanner results (Nessus ``.nessus`` v2 XML, and CSV exports) as findings.

Results are grouped per plugin and host (one finding for "OpenSSH 版本过旧" on 10.0.0.5, whatever the
number of its ports), the scanner's severity becomes 高/中/低 by the rule data
``resources/rules/scanner-severity.toml`` (informational results are left out), and each group keeps
the host's IP address and name so that the caller can link it to a ledger object.

The XML is parsed with defusedxml: a document type declaration (the vehicle of entity expansion
such as "billion laughs" and of external entities) is refused, and so is a file larger than
:data:`MAX_FILE_BYTES` or with more than :data:`MAX_ITEMS` results, before anything is kept.
Every refusal is a :class:`ScanError` with a Chinese message. Nothing here touches the ledger.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from db.domain import rules

#: the largest scanner file read (a Nessus report of a few hundred hosts is tens of MB)
MAX_FILE_BYTES = 200 * 1024 * 1024
#: results (ReportItem elements, CSV rows) read from one file
MAX_ITEMS = 500_000
#: the longest text kept per field of a result (plugin output can be megabytes)
MAX_TEXT = 20_000
SEVERITY_RULES = "scanner-severity"

_NESSUS_DATE = "%a %b %d %H:%M:%S %Y"


class ScanError(ValueError):
    """The scanner file cannot be imported; the message says why, in Chinese."""


@dataclass
class ScanGroup:
    """One finding to be: a plugin's results on one host."""

    plugin_id: str
    name: str
    host: str
    ip: str = ""
    fqdn: str = ""
    risk: str = "medium"
    ports: list[str] = field(default_factory=list)
    synopsis: str = ""
    description: str = ""
    solution: str = ""
    cves: list[str] = field(default_factory=list)
    scanned_on: date | None = None
    #: position of the group's first result in the file (1-based): the "row" of messages
    row: int = 0

    def title(self) -> str:
        return f"{self.name}（{self.host}）"[:300]

    def details(self) -> str:
        parts = []
        if self.synopsis:
            parts.append(self.synopsis)
        if self.description and self.description != self.synopsis:
            parts.append(self.description)
        where = "、".join(self.ports) if self.ports else ""
        parts.append(f"主机：{self.host}" + (f"（{self.ip}）" if self.ip and self.ip != self.host else ""))
        if where:
            parts.append(f"端口：{where}")
        if self.cves:
            parts.append("CVE：" + "、".join(self.cves[:50]))
        parts.append(f"扫描插件：{self.plugin_id}")
        return "\n".join(parts)


@dataclass
class ScanResult:
    groups: list[ScanGroup]
    #: results left out as informational (severity 0 / None / 信息)
    skipped_info: int = 0
    source: str = ""


def severity_table() -> dict[str, dict[str, str]]:
    data = rules.rule_set(SEVERITY_RULES).data
    return {key: dict(data[key]) for key in ("severity", "risk_factor", "labels")}


def default_control_point() -> tuple[str, str]:
    default = rules.rule_set(SEVERITY_RULES).data["default"]
    return str(default["category"]), str(default["control_point"])


def map_severity(severity: str = "", risk_factor: str = "") -> str | None:
    """high / medium / low, "skip" for informational results, None when neither value is known."""
    table = severity_table()
    label = _clean(risk_factor)
    if label:
        found = table["risk_factor"].get(label.lower()) or table["labels"].get(label)
        if found:
            return found
    if _clean(severity) in table["severity"]:
        return table["severity"][_clean(severity)]
    return None


def _clean(value: Any) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return " ".join(text.split())


def _text(value: Any) -> str:
    """Multi-line text trimmed, NFKC, at most :data:`MAX_TEXT` characters, control characters dropped."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(line for line in lines if line)
    joined = "".join(ch for ch in joined if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))
    return joined[:MAX_TEXT]


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ScanError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise ScanError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    if size > MAX_FILE_BYTES:
        raise ScanError(
            f"扫描结果文件有 {size / 1024 / 1024:,.0f} MB，超过导入上限（{MAX_FILE_BYTES // 1024 // 1024} MB），"
            "已拒绝导入。请按主机分批导出后再导入。"
        )


# --------------------------------------------------------------------------------------------------
# grouping
# --------------------------------------------------------------------------------------------------


class _Groups:
    def __init__(self, source: str) -> None:
        self.by_key: dict[tuple[str, str], ScanGroup] = {}
        self.skipped = 0
        self.items = 0
        self.source = source

    def add(self, item: dict[str, Any]) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise ScanError(f"扫描结果超过 {MAX_ITEMS:,} 条，超过导入上限，已拒绝导入。请分批导出后再导入。")
        risk = map_severity(item.get("severity", ""), item.get("risk_factor", ""))
        if risk == "skip":
            self.skipped += 1
            return
        host = _clean(item.get("host")) or _clean(item.get("ip")) or _clean(item.get("fqdn"))
        plugin = _clean(item.get("plugin_id")) or _clean(item.get("name"))
        name = _clean(item.get("name"))[:200] or f"扫描插件 {plugin}"
        if not host:
            raise ScanError(f"第 {self.items} 条扫描结果（{name}）没有主机地址，文件可能不完整，已拒绝导入。")
        if risk is None:
            raise ScanError(
                f"第 {self.items} 条扫描结果（{name}）的风险等级“{item.get('risk_factor') or item.get('severity')}”"
                "无法识别（应为 Critical/High/Medium/Low/None 或 高危/中危/低危/信息）。"
            )
        key = (plugin, host)
        group = self.by_key.get(key)
        if group is None:
            group = self.by_key[key] = ScanGroup(
                plugin_id=plugin,
                name=name,
                host=host,
                ip=_clean(item.get("ip")),
                fqdn=_clean(item.get("fqdn")),
                risk=risk,
                synopsis=_text(item.get("synopsis")),
                description=_text(item.get("description")),
                solution=_text(item.get("solution")),
                scanned_on=item.get("scanned_on"),
                row=int(item.get("line") or self.items),
            )
        elif _RANK[risk] > _RANK[group.risk]:
            group.risk = risk
        port = _clean(item.get("port"))
        proto = _clean(item.get("protocol"))
        if port and port != "0":
            label = f"{port}/{proto}" if proto else port
            if label not in group.ports and len(group.ports) < 200:
                group.ports.append(label)
        for cve in _clean(item.get("cve")).replace(",", " ").split():
            if cve not in group.cves:
                group.cves.append(cve)

    def result(self) -> ScanResult:
        return ScanResult(list(self.by_key.values()), self.skipped, self.source)


_RANK = {"low": 1, "medium": 2, "high": 3}


# --------------------------------------------------------------------------------------------------
# Nessus v2
# --------------------------------------------------------------------------------------------------


def read_nessus(path: str | Path) -> ScanResult:
    """The results of a ``.nessus`` (v2) file, grouped per plugin and host."""
    p = Path(path)
    _check_size(p)
    groups = _Groups("Nessus")
    try:
        with p.open("rb") as fh:
            _walk_nessus(safe_et.iterparse(fh, events=("start", "end"), forbid_dtd=True), groups)
    except DefusedXmlException:
        raise ScanError(
            "扫描结果文件含有文档类型定义或实体声明（可用于“实体膨胀”或读取本机文件的攻击），"
            "Nessus 不会写入这种内容，已拒绝导入。"
        ) from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ScanError(
            f"扫描结果文件不是完整的 XML（第 {line} 行第 {column} 列格式错误），无法读取。请重新导出 .nessus 文件。"
        ) from None
    except OSError as exc:
        raise ScanError(f"无法读取文件：{p}（{exc.strerror or exc}）") from None
    return groups.result()


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]


def _walk_nessus(events: Iterable[tuple[str, Element]], groups: _Groups) -> None:
    root_seen = False
    host: dict[str, Any] = {}
    depth = 0
    for event, elem in events:
        if event == "start":
            depth += 1
            if depth > 64:
                raise ScanError("扫描结果文件的元素嵌套过深，不像是 Nessus 导出的文件，已拒绝导入。")
            if not root_seen:
                root_seen = True
                if _local(elem.tag) != "NessusClientData_v2":
                    raise ScanError("文件不是 Nessus v2 扫描结果（.nessus），无法导入。")
            elif _local(elem.tag) == "ReportHost":
                host = {"host": elem.get("name", "")}
            continue
        depth -= 1
        tag = _local(elem.tag)
        if tag == "tag" and elem.get("name") in ("host-ip", "host-fqdn", "HOST_START"):
            name = elem.get("name")
            value = (elem.text or "").strip()
            if name == "host-ip":
                host["ip"] = value
            elif name == "host-fqdn":
                host["fqdn"] = value
            else:
                host["scanned_on"] = _nessus_date(value)
        elif tag == "ReportItem":
            item = {
                **host,
                "plugin_id": elem.get("pluginID", ""),
                "name": elem.get("pluginName", ""),
                "severity": elem.get("severity", ""),
                "port": elem.get("port", ""),
                "protocol": elem.get("protocol", ""),
            }
            for child in elem:
                key = _local(child.tag)
                if key in ("risk_factor", "synopsis", "description", "solution"):
                    item[key] = (child.text or "")[:MAX_TEXT]
                elif key == "cve":
                    item["cve"] = f"{item.get('cve', '')} {child.text or ''}"
            groups.add(item)
            elem.clear()
        elif tag == "ReportHost":
            elem.clear()
    if not root_seen:
        raise ScanError("扫描结果文件是空的，无法导入。")


def _nessus_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, _NESSUS_DATE).date()
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------

#: CSV header (lower-cased, spaces removed) → field
CSV_HEADERS = {
    "pluginid": "plugin_id", "插件id": "plugin_id", "漏洞编号": "plugin_id", "漏洞id": "plugin_id",
    "name": "name", "漏洞名称": "name", "名称": "name", "pluginname": "name",
    "risk": "risk_factor", "riskfactor": "risk_factor", "风险等级": "risk_factor", "风险级别": "risk_factor",
    "危险程度": "risk_factor", "严重程度": "risk_factor", "severity": "severity",
    "host": "host", "主机": "host", "ip": "ip", "ip地址": "ip", "ipaddress": "ip", "主机地址": "host",
    "fqdn": "fqdn", "域名": "fqdn", "dnsname": "fqdn",
    "port": "port", "端口": "port", "protocol": "protocol", "协议": "protocol",
    "synopsis": "synopsis", "概要": "synopsis", "description": "description", "描述": "description",
    "详细描述": "description", "漏洞描述": "description",
    "solution": "solution", "解决办法": "solution", "解决方案": "solution", "修复建议": "solution",
    "cve": "cve",
}  # fmt: skip


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScanError("无法识别 CSV 文件的文字编码（应为 UTF-8 或 GBK），请另存为 UTF-8 后再导入。")


def read_scan_csv(path: str | Path) -> ScanResult:
    """A scanner's CSV export (Nessus columns, or the usual Chinese ones), grouped per plugin and host."""
    p = Path(path)
    _check_size(p)
    try:
        text = _decode(p.read_bytes())
    except OSError as exc:
        raise ScanError(f"无法读取文件：{p}（{exc.strerror or exc}）") from None
    if "\x00" in text:
        raise ScanError("文件不是文本格式的 CSV（含有二进制内容），无法导入。")
    csv.field_size_limit(MAX_TEXT * 50)
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        header = next(rows, None)
        if header is None:
            raise ScanError("CSV 文件是空的，无法导入。")
        columns = {CSV_HEADERS[k]: i for i, k in _keys(header) if k in CSV_HEADERS}
        if "name" not in columns or not ({"host", "ip", "fqdn"} & set(columns)):
            raise ScanError("CSV 文件缺少扫描结果的列：应有漏洞名称（Name）和主机（Host/IP）。")
        if not ({"risk_factor", "severity"} & set(columns)):
            raise ScanError("CSV 文件缺少风险等级列（Risk 或 风险等级）。")
        groups = _Groups("CSV")
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            item: dict[str, Any] = {key: row[i] if i < len(row) else "" for key, i in columns.items()}
            item["line"] = rows.line_num
            groups.add(item)
    except csv.Error as exc:
        raise ScanError(f"CSV 文件格式错误（{exc}），无法导入。") from None
    return groups.result()


def _keys(header: list[str]) -> Iterator[tuple[int, str]]:
    for i, cell in enumerate(header):
        yield i, "".join(unicodedata.normalize("NFKC", cell).split()).lower()


def read_scan(path: str | Path) -> ScanResult:
    """A ``.nessus`` or ``.csv`` scanner file, by its name (an XML start is read as Nessus)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        return read_scan_csv(p)
    return read_nessus(p)


def is_scan_file(path: str | Path) -> bool:
    """True for a file the findings import reads as scanner results rather than a workbook."""
    p = Path(path)
    if p.suffix.lower() in (".nessus", ".csv", ".xml"):
        return True
    try:
        with p.open("rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith(b"<?xml") or head.startswith(b"<NessusClientData")
