"""dengbao-cli commands for a department server (PostgreSQL) and moving a ledger onto it.

- ``server init --url URL``: once, by the department's administrator with a role that may create roles:
  the ledger schema, the group roles, the audit triggers and the row-level security policies.
- ``server adduser NAME --role unit|supervisor|auditor|admin [--org ID] [--password-stdin]``: a login
  role for one officer (the password is asked twice, or read from the first line of standard input).
- ``server users [--json]``, ``server disable NAME``.
- ``migrate-to URL``: copy the local ledger (records, attachments, audit history) onto the server,
  verify it there, and leave the local file as it was.

The server's address is ``--url`` after the action, else the global ``--url`` or ``DENGBAO_DB_URL``.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from db.domain.errors import LedgerError, ServerUnavailableError
from desktop.cli.support import (
    UsageError,
    check_server_url,
    hide_password,
    non_empty,
    record_id,
    server_address,
)

ROLES = ("unit", "supervisor", "auditor", "admin")


def register(sub: Any) -> None:
    p = sub.add_parser("server", help="部门服务器：初始化、添加和停用账户（由管理员运行）")
    actions = p.add_subparsers(dest="server_action", metavar="ACTION", required=True, title="操作")

    a = actions.add_parser("init", help="把服务器数据库初始化为部门台账：结构、角色、审计触发器、行级安全")
    _url_option(a)
    a.set_defaults(handler=cmd_init, needs_ledger=False)

    a = actions.add_parser("adduser", help="为一位工作人员创建数据库账户")
    a.add_argument("name", type=non_empty, help="账户名（小写英文字母、数字、下划线）")
    a.add_argument("--role", required=True, choices=ROLES,
                   help="unit 单位；supervisor 主管部门；auditor 只读审计；admin 管理员")
    a.add_argument("--org", type=record_id, metavar="ID", help="所属单位编号（单位和主管部门必填；范围含下属单位）")
    a.add_argument("--password-stdin", action="store_true", help="从标准输入的第一行读取密码（不询问）")
    _url_option(a)
    a.set_defaults(handler=cmd_adduser, needs_ledger=False)

    a = actions.add_parser("users", help="列出台账账户、角色和范围")
    a.add_argument("--json", action="store_true")
    _url_option(a)
    a.set_defaults(handler=cmd_users, needs_ledger=False)

    a = actions.add_parser("disable", help="停用一个账户（不能再登录，已打开的连接被断开）")
    a.add_argument("name", type=non_empty)
    _url_option(a)
    a.set_defaults(handler=cmd_disable, needs_ledger=False)

    p = sub.add_parser("migrate-to", help="把本机台账（含附件和审计记录）复制到部门服务器，并在服务器上核对")
    p.add_argument("target", type=server_address, metavar="URL", help="服务器地址，如 postgresql+psycopg://user@host/db")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_migrate_to, read_only=True)


def _url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", dest="server_url", type=server_address, metavar="URL",
                        help="服务器地址（默认：全局 --url 或 DENGBAO_DB_URL）")


def _server_url(args: argparse.Namespace) -> str:
    url = getattr(args, "server_url", None) or getattr(args, "url", None) or os.environ.get("DENGBAO_DB_URL")
    if not url:
        raise UsageError("需要服务器地址：--url postgresql+psycopg://user@host/db", command="server")
    check_server_url(url)
    return str(url)


def _engine(url: str) -> Any:
    import sqlalchemy as sa  # noqa: PLC0415

    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise ServerUnavailableError(" ".join(str(exc.orig).split())) from exc
    return engine


def cmd_init(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store import server_admin  # noqa: PLC0415
    from db.store.storage import open_ledger  # noqa: PLC0415

    url = _server_url(args)
    engine = _engine(url)
    try:
        ledger = open_ledger(url=url)  # creates or upgrades the schema
        ledger.close()
        roles = server_admin.init(engine)
    finally:
        engine.dispose()
    print(f"已初始化部门服务器：{hide_password(url)}")
    for kind, name in roles.items():
        print(f"  {server_admin.ROLE_LABELS[kind]}角色：{name}")
    print("下一步：dengbao-cli server adduser 账户名 --role unit --org 单位编号")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        password = getpass.getpass("新账户的密码：")
        again = getpass.getpass("再输入一次：")
        if password != again:
            raise LedgerError("两次输入的密码不一致，未创建账户")
    if len(password) < 8:
        raise LedgerError("密码至少需要 8 个字符，未创建账户")
    return password


def cmd_adduser(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store import server_admin  # noqa: PLC0415

    url = _server_url(args)
    server_admin.check_name(args.name)
    password = _password(args)
    engine = _engine(url)
    try:
        officer = server_admin.add_user(engine, args.name, args.role, args.org, password)
    finally:
        engine.dispose()
    print(f"已创建账户 {officer.login}：{officer.role_label}，范围：{officer.scope_label()}")
    return 0


def cmd_users(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store import server_admin  # noqa: PLC0415

    engine = _engine(_server_url(args))
    try:
        officers = server_admin.list_users(engine)
    finally:
        engine.dispose()
    if args.json:
        rows = [
            {"login": o.login, "role": o.role, "org_id": o.org_id, "org": o.org_name,
             "disabled": o.disabled, "can_login": o.can_login}
            for o in officers
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for o in officers:
        state = "已停用" if o.disabled or not o.can_login else "可登录"
        print(f"{o.login}\t{o.role_label}\t{o.scope_label()}\t{state}")
    if not officers:
        print("（还没有账户）")
    return 0


def cmd_disable(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store import server_admin  # noqa: PLC0415

    engine = _engine(_server_url(args))
    try:
        ended = server_admin.disable_user(engine, args.name)
    finally:
        engine.dispose()
    print(f"已停用账户 {args.name}：不能再登录，审计记录中的名字保留。")
    if not ended:
        print("注意：本账户无权断开其已打开的连接（需要 pg_signal_backend）；这些连接从现在起看不到也改不了任何数据。")
    return 0


def cmd_migrate_to(args: argparse.Namespace, ledger: Any) -> int:
    from db.store import migrate_to  # noqa: PLC0415

    if ledger.is_server:
        raise LedgerError("migrate-to 把本机台账文件复制到服务器：请用 --db 指定本机台账，而不是 --url")
    check_server_url(args.target, source="migrate-to")
    engine = _engine(args.target)
    engine.dispose()
    result = migrate_to.copy_ledger(ledger, args.target)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines():
            print(line)
    return 0 if result.ok else 1
