"""Who is working on a server ledger, in what role and scope, and whether the connection is encrypted.

The window shows this in its status bar and in 设置 → 服务器 (:mod:`desktop.ui.serverconn`); an auditor's
window opens read-only. The server enforces the role and scope whatever the window shows
(:mod:`db.store.server_sql`); this is only what the officer is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from db.domain.errors import LedgerError


@dataclass(frozen=True)
class OfficerInfo:
    login: str
    #: "单位", "主管部门", "只读审计", "管理员", or "" on a server without roles
    role: str
    #: e.g. "某局及其下属单位（共 3 个单位）" or "全部单位"
    scope: str
    read_only: bool
    #: True: TLS; False: plain; None: the server did not say
    tls: bool | None
    department: bool
    #: the sentence shown to the officer
    summary: str


def officer(ledger: Any) -> OfficerInfo | None:
    """The officer behind the server ledger's connection; None for a ledger file or when the server
    cannot be asked (the window then says nothing rather than something wrong)."""
    if not getattr(ledger, "is_server", False):
        return None
    from db.store import server_admin  # noqa: PLC0415 - only for server ledgers

    try:
        with ledger.connect() as conn:
            who = server_admin.whoami(conn)
            conn.rollback()
    except (sa.exc.SQLAlchemyError, LedgerError):
        return None
    label = server_admin.ROLE_LABELS.get(who.role or "", "数据库所有者" if who.owner and who.server_mode else "")
    if not who.server_mode:
        scope = "不分范围（未初始化为部门服务器）"
    elif who.role is None and who.owner:
        scope = "全部（数据库所有者，不受行级安全限制）"
    elif who.role is None:
        scope = "无（不是台账账户）"
    elif who.org_id is None:
        scope = "全部单位"
    else:
        scope = f"{who.org_name or '?'}及其下属单位（共 {who.orgs} 个单位）"
    return OfficerInfo(
        login=who.login, role=label, scope=scope, read_only=who.read_only, tls=who.tls,
        department=who.server_mode, summary=who.describe(),
    )


def connection_security(tls: bool | None) -> str:
    """The status bar's words for the connection (never claims protection that is not there)."""
    if tls is True:
        return "连接已加密（TLS）"
    if tls is False:
        return "连接未加密"
    return "连接加密情况未知"


#: libpq's ``sslmode`` values, weakest first, with what the window calls them
SSL_MODES = {
    "": "默认（服务器支持时加密，不验证证书）",
    "disable": "不加密",
    "require": "必须加密（不验证证书）",
    "verify-ca": "必须加密，并用 CA 证书验证服务器",
    "verify-full": "必须加密，验证 CA 证书和服务器名称（推荐）",
}


def tls_of(url: str) -> tuple[str, str]:
    """(sslmode, CA file) written in the server URL's query ("" where absent)."""
    query = sa.engine.make_url(url).query
    mode, ca = query.get("sslmode", ""), query.get("sslrootcert", "")
    return (mode if isinstance(mode, str) else mode[0]), (ca if isinstance(ca, str) else ca[0])


def with_tls(url: str, mode: str, ca_file: str) -> str:
    """``url`` with ``sslmode`` and ``sslrootcert`` set (or removed when empty); a mode that verifies the
    server needs a CA file that exists (:class:`ValueError` with a Chinese message otherwise)."""
    from pathlib import Path  # noqa: PLC0415

    if mode not in SSL_MODES:
        raise ValueError(f"未知的加密方式：{mode}")
    ca_file = ca_file.strip()
    if mode in ("verify-ca", "verify-full"):
        if not ca_file:
            raise ValueError("验证服务器证书需要选择 CA 证书文件")
        if not Path(ca_file).is_file():
            raise ValueError(f"CA 证书文件不存在：{ca_file}")
    parsed = sa.engine.make_url(url)
    query = {k: v for k, v in parsed.query.items() if k not in ("sslmode", "sslrootcert")}
    if mode:
        query["sslmode"] = mode
    if ca_file and mode not in ("", "disable"):
        query["sslrootcert"] = ca_file
    return parsed.set(query=query).render_as_string(hide_password=False)
