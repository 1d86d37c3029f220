"""表四 of the 2025 备案表: the extension scenarios (cloud, mobile, IoT, industrial control, big data),
rows as in filing-form-2025.md §6."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from db.domain import form_codes as fc
from db.domain.enums import LEVEL_LABELS
from desktop.documents.filing_common import blank
from desktop.documents.model import FilingPacketData, ObjectInfo
from desktop.documents.pdf_base import (
    LIGHT,
    Span,
    Styles,
    choice_flow,
    esc,
    grid_table,
    yes_no,
)
from desktop.documents.ticks import Choices, Opt

_OTHER_LABELS = ("其他", "其它")


def choose(
    st: Styles,
    options: fc.Options,
    chosen: Iterable[str] | str | None,
    other: str = "",
    *,
    with_codes: bool = True,
    extra: dict[str, str] | None = None,
    prefix: str = "",
    small: bool = False,
    columns: int | None = None,
) -> Choices:
    """Tick boxes for a printed option list.

    Codes are printed before the text (``1中央``) unless ``with_codes`` is false; 其他 shows its
    written detail or a blank; ``extra`` appends text to an option (``跨3个``).
    """
    picked = {chosen} if isinstance(chosen, str) else {str(c) for c in (chosen or [])}
    opts = [Opt(None, prefix)] if prefix else []
    for code, label in options:
        text = f"{code}{label}" if with_codes else label
        if label in _OTHER_LABELS:
            text += f"：{other}" if (code in picked and other) else "____"
        if extra and code in extra:
            text += extra[code]
        opts.append(Opt(code in picked, text))
    return choice_flow(st, opts, small=small, columns=columns)


def form_object_type(obj: ObjectInfo) -> str:
    """Map the ledger's object type onto the form's three types."""
    if obj.object_type in ("network", "data"):
        return obj.object_type
    return "info_system"


def form_technologies(obj: ObjectInfo) -> list[str]:
    """采用技术: the recorded technologies plus the one an object's type implies (云计算平台 → 云计算)."""
    techs = list(obj.technologies or [])
    if obj.object_type in ("cloud", "mobile", "iot", "ics", "big_data") and obj.object_type not in techs:
        techs.append(obj.object_type)
    return techs


def match_codes(options: fc.Options, chosen: Any) -> list[str]:
    """Codes of the options named in ``chosen`` (codes or printed texts, one value or a list).

    表四 details are free-form JSON, so ``"IaaS"`` finds 基础设施即服务IaaS and ``"私有云"`` finds 私有云.
    """
    values = [chosen] if isinstance(chosen, str | int) else list(chosen or [])
    codes: list[str] = []
    for value in values:
        text = str(value).strip().lower()
        if not text:
            continue
        for code, label in options:
            if text in (code.lower(), label.lower()) or text in label.lower():
                codes.append(code)
                break
    return codes


#: other spellings of 表四 keys seen in stored details
_SCENARIO_ALIASES = {
    "role": "roles",
    "model": "service_models",
    "models": "service_models",
    "provider": "platform_provider",
    "platform_filing_no": "platform_cert_no",
    "filing_no": "platform_cert_no",
}


def normalise_scenario(d: dict[str, Any]) -> dict[str, Any]:
    out = {_SCENARIO_ALIASES.get(k, k): v for k, v in d.items()}
    level = out.get("platform_level")
    if isinstance(level, int):
        out["platform_level"] = LEVEL_LABELS.get(level, str(level))
    return out


def _opts(st: Styles, options: fc.Options, chosen: Any, other: str = "") -> Choices:
    return choose(st, options, match_codes(options, chosen), other, with_codes=False)


def _platform_line(prefix: str, d: dict[str, Any]) -> str:
    return (
        f"{prefix}{blank(d.get('platform_provider'), '____')}　平台安全等级{blank(d.get('platform_level'), '____')}　"
        f"平台名称{blank(d.get('platform_name'), '____')}　平台备案编号{blank(d.get('platform_cert_no'), '____')}"
    )


def _scenario_rows(st: Styles, tech: str, d: dict[str, Any]) -> list[tuple[str, object]]:
    """Detail rows of one 表四 block; a row with value None is a sub-heading."""
    get = d.get
    if tech == "cloud":
        roles = match_codes(fc.CLOUD_ROLES, get("roles"))
        rows: list[tuple[str, object]] = [
            ("责任主体类型", _opts(st, fc.CLOUD_ROLES, roles)),
            (
                "云计算服务模式",
                _opts(st, fc.CLOUD_SERVICE_MODELS, get("service_models"), get("service_models_other", "")),
            ),
            (
                "云计算部署模式",
                _opts(st, fc.CLOUD_DEPLOYMENT, get("deployment"), get("deployment_other", "")),
            ),
        ]
        if "provider" in roles:
            rows += [
                ("云服务商填写", None),
                ("云服务客户数量", f"{get('customers_count') or 0}个"),
                ("云平台基础设施地点", blank(get("infra_location"))),
                ("云平台运维地点", blank(get("ops_location"))),
            ]
        if "customer" in roles:
            rows += [
                ("云服务客户填写", None),
                ("所在云平台", _platform_line("云服务商为", d)),
                ("云服务客户运维地点", blank(get("customer_ops_location"))),
                ("附件", blank(get("attachment"), "云平台备案证明")),
            ]
        return rows
    if tech == "mobile":
        return [
            ("移动应用软件名称、小程序名称等", blank(get("app_names"))),
            ("无线通道情况", _opts(st, fc.MOBILE_CHANNELS, get("channels"))),
            ("移动终端情况", _opts(st, fc.MOBILE_TERMINALS, get("terminals"))),
        ]
    if tech == "iot":
        return [
            ("系统感知层", _opts(st, fc.IOT_SENSE, get("sense"), get("sense_other", ""))),
            ("系统网络传输层", _opts(st, fc.IOT_TRANSPORT, get("transport"), get("transport_other", ""))),
        ]
    if tech == "ics":
        return [
            ("系统功能层次", _opts(st, fc.ICS_LAYERS, get("layers"))),
            ("工业控制系统组成", _opts(st, fc.ICS_PARTS, get("parts"), get("parts_other", ""))),
        ]
    parts = match_codes(fc.BIG_DATA_PARTS, get("parts"))
    rows = [
        ("大数据系统组成", _opts(st, fc.BIG_DATA_PARTS, parts)),
        ("大数据出境情况", _opts(st, fc.BIG_DATA_EXPORT, get("export") or "no")),
    ]
    if "platform" in parts:
        rows += [
            ("大数据平台填写", None),
            ("大数据应用数量", f"{get('apps_count') or 0}个"),
            ("大数据平台基础设施地点", blank(get("infra_location"))),
            ("大数据平台运维地点", blank(get("ops_location"))),
        ]
    if "application" in parts or "resource" in parts:
        rows += [
            ("大数据应用、大数据资源填写", None),
            ("所在大数据平台", _platform_line("大数据平台服务商", d)),
            ("附件", blank(get("attachment"), "大数据平台备案证明")),
        ]
    return rows


SCENARIO_QUESTIONS = [
    ("cloud", "是否采用云计算技术"),
    ("mobile", "是否采用移动互联技术"),
    ("iot", "是否为物联网系统"),
    ("ics", "是否为工业控制系统"),
    ("big_data", "是否采用大数据技术"),
]


def table_four(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    o = data.obj
    techs = set(form_technologies(o))
    rows: list[list[object]] = []
    spans: list[Span] = []
    extra: list[tuple[Any, ...]] = []
    for tech, question in SCENARIO_QUESTIONS:
        used = tech in techs
        extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), LIGHT))
        rows.append([question, yes_no(st, used)])
        if not used:
            continue
        details = normalise_scenario(dict(o.scenario_details.get(tech) or {}))
        for label, value in _scenario_rows(st, tech, details):
            if value is None:
                spans.append(((0, len(rows)), (1, len(rows))))
                extra.append(("ALIGN", (0, len(rows)), (0, len(rows)), "LEFT"))
                rows.append([label, ""])
            else:
                rows.append([label, value])
    lw = 56 * mm
    table = grid_table(rows, [lw, width - lw], st, label_cols=(0,), spans=spans, extra=extra)
    return [Paragraph(esc(f"表四（{o.name}）新技术新应用场景补充信息"), st.table_title), table]


# ---------------------------------------------------------------------------------------------
# 表五
