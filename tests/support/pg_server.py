"""A department server for tests: a throwaway database set up by ``server init``, with its own officers.

Every database and role made here has a unique name and is dropped afterwards; nothing else on the
server is touched. Skips (with the reason) when ``DENGBAO_TEST_PG_URL`` is not set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa


def admin_url() -> str:
    url = os.environ.get("DENGBAO_TEST_PG_URL")
    if not url:
        pytest.skip("DENGBAO_TEST_PG_URL is not set: PostgreSQL server tests skipped")
    return url


@dataclass
class Server:
    """A fresh database (``url``: as the privileged administrator) and the login roles made for it."""

    url: str
    database: str
    tag: str
    logins: list[str] = field(default_factory=list)

    def login_name(self, who: str) -> str:
        name = f"t{self.tag}_{who}"
        self.logins.append(name)
        return name

    def url_as(self, login: str, password: str = "pw") -> str:
        return sa.make_url(self.url).set(username=login, password=password).render_as_string(hide_password=False)

    def engine_as(self, login: str) -> sa.Engine:
        return sa.create_engine(self.url_as(login), poolclass=sa.pool.NullPool)


@contextmanager
def fresh_database() -> Iterator[Server]:
    url = admin_url()
    tag = uuid.uuid4().hex[:10]
    name = f"dengbao_test_{tag}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at DENGBAO_TEST_PG_URL not reachable: {exc.orig}")
    server = Server(sa.make_url(url).set(database=name).render_as_string(hide_password=False), name, tag)
    try:
        yield server
    finally:
        from db.store.server_sql import ROLE_KINDS, group_role

        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for login in server.logins:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
            for kind in ROLE_KINDS:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{group_role(name, kind)}"')
        admin.dispose()
