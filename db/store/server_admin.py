"""A department server: set it up (``server init``) and manage its officers (PostgreSQL login roles).

``init`` is run once by the department's administrator with a privileged role (one that may create
roles, e.g. the database owner with ``CREATEROLE``): it creates or upgrades the ledger schema, the four
group roles of this database (:func:`db.store.server_sql.group_role`), the officers table, the audit
triggers and the row-level security policies, and moves the id sequences past the stored ids. Running it
again replaces what it created (after an upgrade that added tables or columns, run it again).

Each officer is a login role in one group role, with an organisation (scope: that organisation and its
subtree) recorded in ``dengbao_officers``. The server, not the program, enforces what they may see and do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from db.domain.errors import LedgerError
from db.store import server_sql as sql

ROLE_LABELS = {"unit": "单位", "supervisor": "主管部门", "auditor": "只读审计", "admin": "管理员"}
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class ServerAdminError(LedgerError):
    """A refused server administration step, with a Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def _database(conn: sa.Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_database()").scalar())


def is_department_server(conn: sa.Connection) -> bool:
    """Has ``server init`` set this database up (the database writes its own audit trail)?"""
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.exec_driver_sql(f"SELECT to_regclass('{sql.PENDING}') IS NOT NULL").scalar())


def init(engine: sa.Engine) -> dict[str, str]:
    """Set the database at ``engine`` up as a department server; returns the group roles by kind."""
    with engine.begin() as conn:
        database = _database(conn)
        can = conn.exec_driver_sql(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).scalar()
        if not can:
            raise ServerAdminError("初始化服务器需要能创建角色的数据库账户（超级用户或具有 CREATEROLE 权限）")
        # one administrator at a time: a second init waits here instead of failing half-way
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('dengbao-server-init'))")
        roles = {kind: sql.group_role(database, kind) for kind in sql.ROLE_KINDS}
        for name in roles.values():
            exists = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar()
            if not exists:
                conn.exec_driver_sql(f"CREATE ROLE {sql.q(name)} NOLOGIN")
        apply_setup(conn)
    return roles


def apply_setup(conn: sa.Connection) -> None:
    """Row-level security, the audit triggers and the group roles' grants on every ledger table,
    in ``conn``'s transaction (idempotent; the group roles exist). :func:`init` runs it, and so does
    a schema upgrade of a department server: a table a newer version adds is protected, audited
    and granted in the same transaction that creates it."""
    database = _database(conn)
    conn.exec_driver_sql(sql.OFFICER_SQL)
    for statement in sql.audit_sql():
        conn.exec_driver_sql(statement)
    for table in sql.ledger_tables():
        conn.exec_driver_sql(sql.policy_sql(table))
    conn.exec_driver_sql(sql.officer_policy_sql())
    for statement in sql.grants_sql(database):
        conn.exec_driver_sql(statement)
    for statement in sql.sequences_sql():
        conn.exec_driver_sql(statement)


def fix_sequences(engine: sa.Engine) -> None:
    """Move every id sequence past the stored ids (after a bulk load that wrote ids itself)."""
    with engine.begin() as conn:
        for statement in sql.sequences_sql():
            conn.exec_driver_sql(statement)


@dataclass(frozen=True)
class Officer:
    login: str
    role: str
    org_id: int | None
    org_name: str | None
    disabled: bool
    can_login: bool
    created_at: datetime | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def scope_label(self) -> str:
        if self.org_id is None:
            return "全部单位"
        return f"{self.org_name or '?'}（编号 {self.org_id}）及其下属单位"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ServerAdminError(
            f"账户名“{name}”无效：只能用小写英文字母、数字和下划线，以字母或下划线开头，最长 63 个字符"
        )
    return name


def add_user(engine: sa.Engine, name: str, role: str, org_id: int | None, password: str) -> Officer:
    """Create the login role ``name`` in the group of ``role``, scoped to ``org_id`` (None: everything,
    only for auditors and administrators)."""
    check_name(name)
    if role not in sql.ROLE_KINDS:
        raise ServerAdminError(f"角色“{role}”无效：应为 unit、supervisor、auditor 或 admin")
    if org_id is None and role in ("unit", "supervisor"):
        raise ServerAdminError("单位和主管部门账户必须用 --org 指定所属单位")
    if not password:
        raise ServerAdminError("密码不能为空")
    with engine.begin() as conn:
        if not is_department_server(conn):
            raise ServerAdminError("这个数据库还没有初始化为部门服务器：请先运行 dengbao-cli server init")
        if org_id is not None and conn.execute(
            sa.text("SELECT 1 FROM organizations WHERE id = :i"), {"i": org_id}
        ).scalar() is None:
            raise ServerAdminError(f"单位编号 {org_id} 不存在（dengbao-cli list orgs 可查看编号）")
        if conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar():
            raise ServerAdminError(f"数据库中已有名为“{name}”的账户")
        group = sql.group_role(_database(conn), role)
        literal = conn.execute(sa.text("SELECT quote_literal(:p)"), {"p": _verifier(conn, name, password)}).scalar()
        conn.exec_driver_sql(f"CREATE ROLE {sql.q(name)} LOGIN PASSWORD {literal} IN ROLE {sql.q(group)}")
        conn.execute(
            sa.text(f"INSERT INTO {sql.OFFICERS} (login, role, org_id) VALUES (:n, :r, :o)"),
            {"n": name, "r": role, "o": org_id},
        )
    return next(o for o in list_users(engine) if o.login == name)


def _verifier(conn: sa.Connection, name: str, password: str) -> str:
    """The password as the SCRAM-SHA-256 verifier libpq computes (``PQencryptPasswordConn``), so the
    plain password is never sent to the server or written to its statement log."""
    raw = conn.connection.driver_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # another driver: the server hashes it
        return password
    return bytes(pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256")).decode("ascii")


def list_users(engine: sa.Engine) -> list[Officer]:
    with engine.connect() as conn:
        if not is_department_server(conn):
            raise ServerAdminError("这个数据库还没有初始化为部门服务器：请先运行 dengbao-cli server init")
        rows = conn.execute(
            sa.text(
                f"SELECT f.login, f.role, f.org_id, g.name, f.disabled, coalesce(r.rolcanlogin, false), "
                f"f.created_at FROM {sql.OFFICERS} f LEFT JOIN organizations g ON g.id = f.org_id "
                f"LEFT JOIN pg_roles r ON r.rolname = f.login ORDER BY f.login"
            )
        ).all()
    return [Officer(str(r[0]), r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6]) for r in rows]


def disable_user(engine: sa.Engine, name: str) -> bool:
    """Take away the officer's login and scope, and end their open sessions (the role stays, so
    the audit trail's names keep meaning someone). A session still open sees and may change nothing
    from the commit on (the policies read the officer's entry); returns False when this role may not
    end other roles' sessions (``pg_signal_backend``), True when they were ended."""
    check_name(name)
    with engine.begin() as conn:
        if not is_department_server(conn):
            raise ServerAdminError("这个数据库还没有初始化为部门服务器：请先运行 dengbao-cli server init")
        found = conn.execute(
            sa.text(f"UPDATE {sql.OFFICERS} SET disabled = true WHERE login = :n RETURNING login"), {"n": name}
        ).scalar()
        if found is None:
            raise ServerAdminError(f"没有名为“{name}”的台账账户（dengbao-cli server users 可查看）")
        conn.exec_driver_sql(f"ALTER ROLE {sql.q(name)} NOLOGIN")
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :n"), {"n": name}
            )
    except sa.exc.ProgrammingError:
        return False
    return True


@dataclass(frozen=True)
class Whoami:
    login: str
    role: str | None
    org_id: int | None
    org_name: str | None
    orgs: int
    server_mode: bool
    tls: bool | None
    #: the tables' owner, a superuser or a role that bypasses row-level security (not an officer)
    owner: bool = False

    @property
    def read_only(self) -> bool:
        return self.server_mode and not self.owner and self.role in (None, "auditor")

    def describe(self) -> str:
        if not self.server_mode:
            return f"账户 {self.login}（未初始化为部门服务器，不分角色）"
        if self.owner and self.role is None:
            return f"账户 {self.login}：数据库所有者（不受行级安全限制，可看到和修改全部数据；日常工作请用个人账户）"
        if self.role is None:
            return f"账户 {self.login}：不是台账账户，只能查看，看不到任何单位的数据"
        label = ROLE_LABELS.get(self.role, self.role)
        scope = "全部单位" if self.org_id is None else f"{self.org_name or '?'}及其下属单位（共 {self.orgs} 个单位）"
        return f"{self.login}（{label}，范围：{scope}）"


def whoami(conn: sa.Connection) -> Whoami:
    tls = conn.exec_driver_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar()
    if not is_department_server(conn):
        login = str(conn.exec_driver_sql("SELECT session_user").scalar())
        return Whoami(login, None, None, None, 0, False, tls)
    row = conn.exec_driver_sql("SELECT login, role, org_id, org_name, orgs FROM dengbao_whoami()").one()
    owner = bool(conn.exec_driver_sql(
        "SELECT r.rolsuper OR r.rolbypassrls OR pg_has_role(session_user, t.tableowner, 'MEMBER') "
        "FROM pg_roles r, pg_tables t WHERE r.rolname = session_user "
        "AND t.schemaname = current_schema() AND t.tablename = 'audit_events'"
    ).scalar())
    return Whoami(str(row[0]), row[1], row[2], row[3], int(row[4] or 0), True, tls, owner)
