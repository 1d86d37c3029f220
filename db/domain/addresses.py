"""Network addresses and ports an officer types: 源站IP地址 (an address, a network or a range) and
协议/端口 (``HTTPS/443``); they raise :class:`db.domain.validators.ValidationError`."""

from __future__ import annotations

import ipaddress
import re

from db.domain.validators import _DASHES, ValidationError, _text

_RANGE_SEPARATORS = re.compile(r"\s*(?:-|~|至|到)\s*")


def _ip(text: str, field: str, whole: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise ValidationError(
            f"“{whole}”不是有效的IP地址：IPv4 地址是 0-255 之间的四个数，如 10.1.1.30", field, whole
        ) from None


def ip_range(value: object, *, field: str = "ip_ranges") -> str:
    """One address, a network (``10.1.1.0/24``) or a range (``10.1.1.10-10.1.1.20`` or ``10.1.1.10-20``),
    IPv4 or IPv6; returned in its usual written form. ``10.1.1.300`` or ``99.1.1`` is refused."""
    text = _text(value, field, "IP地址").translate(_DASHES).replace(" ", "")
    if "/" in text:
        try:
            return str(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValidationError(
                f"“{text}”不是有效的地址段：应写作 网络地址/前缀长度，如 10.1.1.0/24", field, text
            ) from None
    parts = _RANGE_SEPARATORS.split(text)
    if len(parts) == 1:
        return str(_ip(text, field, text))
    if len(parts) != 2:
        raise ValidationError(f"“{text}”不是有效的地址范围：应写作 起始地址-结束地址", field, text)
    start = _ip(parts[0], field, text)
    end_text = parts[1]
    if start.version == 4 and end_text.isdigit():  # 10.1.1.10-20: the last number only
        end_text = parts[0].rsplit(".", 1)[0] + "." + end_text
    end = _ip(end_text, field, text)
    if end.version != start.version or int(end) < int(start):
        raise ValidationError(f"“{text}”不是有效的地址范围：结束地址应不小于起始地址", field, text)
    return f"{start}-{end}"


_PORT_SPEC = re.compile(r"^(?:(?P<proto>[A-Za-z][A-Za-z0-9+.\-]*)\s*[/:：]\s*)?(?P<lo>\d+)(?:\s*-\s*(?P<hi>\d+))?$")


def port_spec(value: object, *, field: str = "ports") -> str:
    """A protocol and port (``HTTPS/443``), a bare port (``443``) or a range (``TCP/8000-8010``);
    ports are 1-65535. Returned as ``PROTO/PORT`` with the protocol in capitals."""
    text = _text(value, field, "端口").translate(_DASHES)
    m = _PORT_SPEC.match(text)
    if m is None:
        raise ValidationError(f"“{text}”不是有效的协议/端口：应写作 协议/端口号，如 HTTPS/443", field, text)
    lo = int(m["lo"])
    hi = int(m["hi"]) if m["hi"] else lo
    for port in (lo, hi):
        if not 1 <= port <= 65535:
            raise ValidationError(f"“{text}”中的端口号 {port} 超出范围：端口号应在 1-65535 之间", field, text)
    if hi < lo:
        raise ValidationError(f"“{text}”不是有效的端口范围：结束端口应不小于起始端口", field, text)
    ports = str(lo) if hi == lo else f"{lo}-{hi}"
    return f"{m['proto'].upper()}/{ports}" if m["proto"] else ports
