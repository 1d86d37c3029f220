"""``check`` on a department server: is the server still enforcing what ``server init`` set up?

- every ledger table has row-level security switched on and its policies in place;
- every audited table has its audit trigger, enabled, and the chain trigger is on the pending table;
- the grants are least-privileged: no officer group may change or empty the audit trail, none may
  ``TRUNCATE`` anything (it bypasses row triggers), auditors may write nothing, ``PUBLIC`` gets nothing,
  and no officer login may bypass row-level security or is a superuser;
- who is checking: the audit chain and its coverage of the data can only be verified by someone who sees
  every row (the administrator, a department-wide auditor, the owner); for a scoped officer ``check`` says
  it did not verify them instead of reporting a chain with gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from db.store import server_sql as sql
from db.store.audit_replay import audited_tables
from db.store.server_admin import is_department_server

_TRAIL = ("audit_events", "audit_head")


@dataclass
class ServerReport:
    department: bool = False
    #: the checking role sees every row (may verify the chain and its coverage)
    sees_all: bool = True
    login: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if not self.department:
            return [
                "服务器权限：未初始化为部门服务器（没有账户、范围和数据库自己写的审计记录；"
                "部门共用请运行 dengbao-cli server init）"
            ]
        if self.problems:
            return ["服务器权限：" + "；".join(self.problems[:8]) + (f"；等共 {len(self.problems)} 处" if len(self.problems) > 8 else "")]
        return ["服务器权限：正常（行级安全策略、审计触发器、最小授权均在）"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "department_server": self.department,
            "login": self.login,
            "sees_all": self.sees_all,
            "problems": self.problems,
        }


def _roles(conn: sa.Connection) -> dict[str, str]:
    database = str(conn.exec_driver_sql("SELECT current_database()").scalar())
    return {kind: sql.group_role(database, kind) for kind in sql.ROLE_KINDS}


def inspect(conn: sa.Connection) -> ServerReport:
    report = ServerReport(login=str(conn.exec_driver_sql("SELECT session_user").scalar()))
    if not is_department_server(conn):
        return report
    report.department = True
    owner_like = bool(
        conn.exec_driver_sql(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user"
        ).scalar()
    ) or bool(
        conn.exec_driver_sql(
            "SELECT pg_has_role(session_user, tableowner, 'MEMBER') FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = 'audit_events'"
        ).scalar()
    )
    report.sees_all = owner_like or bool(conn.exec_driver_sql("SELECT dengbao_sees_all()").scalar())
    _policies(conn, report)
    _triggers(conn, report)
    _grants(conn, report)
    return report


def _policies(conn: sa.Connection, report: ServerReport) -> None:
    rows = conn.exec_driver_sql(
        "SELECT c.relname, c.relrowsecurity, (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    ).all()
    found = {str(r[0]): (bool(r[1]), int(r[2])) for r in rows}
    for name in [*(t.name for t in sql.ledger_tables()), "alembic_version", sql.OFFICERS, sql.PENDING]:
        secured, policies = found.get(name, (False, 0))
        if name not in found:
            report.problems.append(f"表 {name} 不存在")
        elif not secured:
            report.problems.append(f"表 {name} 的行级安全已被关闭")
        elif policies == 0 and name != sql.PENDING:
            report.problems.append(f"表 {name} 缺少行级安全策略")
        elif policies and name == sql.PENDING:
            report.problems.append(f"表 {name} 不应有任何策略")


def _triggers(conn: sa.Connection, report: ServerReport) -> None:
    rows = conn.exec_driver_sql(
        "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal"
    ).all()
    triggers = {(str(r[0]), str(r[1])): str(r[2]) for r in rows}
    wanted = [(t.name, sql.AUDIT_TRIGGER) for t in audited_tables()] + [(sql.PENDING, sql.CHAIN_TRIGGER)]
    for table, name in wanted:
        state = triggers.get((table, name))
        if state is None:
            report.problems.append(f"表 {table} 缺少审计触发器 {name}")
        elif state == "D":
            report.problems.append(f"表 {table} 的审计触发器 {name} 已被停用")


def _grants(conn: sa.Connection, report: ServerReport) -> None:
    roles = _roles(conn)
    existing = set(
        conn.execute(sa.text("SELECT rolname FROM pg_roles WHERE rolname IN :r").bindparams(
            sa.bindparam("r", expanding=True)), {"r": list(roles.values())}).scalars()
    )
    tables = [t.name for t in sql.ledger_tables()]
    for kind, role in roles.items():
        if role not in existing:
            report.problems.append(f"角色 {role} 不存在")
            continue
        bad = conn.execute(
            sa.text(
                "SELECT t, p FROM unnest(CAST(:tables AS text[])) t, "
                "unnest(ARRAY['INSERT','UPDATE','DELETE','TRUNCATE']) p "
                "WHERE has_table_privilege(:role, t, p)"
            ),
            {"tables": [*tables, sql.OFFICERS, sql.PENDING], "role": role},
        ).all()
        for table, privilege in bad:
            if privilege == "TRUNCATE" or table in (*_TRAIL, sql.OFFICERS, sql.PENDING) or kind == "auditor":
                report.problems.append(f"角色 {role} 不应有表 {table} 的 {privilege} 权限")
        if conn.execute(
            sa.text("SELECT has_table_privilege(:role, :t, 'SELECT')"), {"role": role, "t": sql.PENDING}
        ).scalar():
            report.problems.append(f"角色 {role} 不应能读取 {sql.PENDING}")
    public = conn.execute(
        sa.text(
            "SELECT count(*) FROM information_schema.role_table_grants "
            "WHERE grantee = 'PUBLIC' AND table_schema = current_schema() AND table_name = ANY(CAST(:t AS text[]))"
        ),
        {"t": [*tables, sql.OFFICERS, sql.PENDING]},
    ).scalar()
    if public:
        report.problems.append(f"PUBLIC 仍有台账表的 {public} 项权限")
    strong = conn.exec_driver_sql(
        f"SELECT f.login FROM {sql.OFFICERS} f JOIN pg_roles r ON r.rolname = f.login "
        "WHERE NOT f.disabled AND (r.rolsuper OR r.rolbypassrls) ORDER BY f.login"
    ).scalars().all()
    for login in strong:
        report.problems.append(f"台账账户 {login} 是超级用户或可绕过行级安全")
