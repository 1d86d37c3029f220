"""Shared fixtures: real ledgers (SQLite, SQLCipher, PostgreSQL) with an in-memory OS keyring."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from desktop.selftest import ThrowawayKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: benchmark scripts are run by hand (``python tests/benchmarks/run.py``), never collected
collect_ignore = ["benchmarks"]

from demo_day import DEMO_TODAY  # noqa: E402 - tests/support is on the path (pytest's pythonpath)

#: the only stand-in the tests use: the OS credential store, kept in memory (the self-test's own class)
MemoryKeyring = ThrowawayKeyring


def pytest_configure(config: pytest.Config) -> None:
    """Module- and session-scoped fixtures open ledgers before any per-test fixture runs: give the
    whole session an in-memory credential store too, so no test depends on the machine having one."""
    keyring.set_keyring(MemoryKeyring())


@pytest.fixture(autouse=True)
def memory_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("DENGBAO_KEY", raising=False)
    monkeypatch.delenv("DENGBAO_DB_URL", raising=False)
    # per-user files (outside audit-head records of server ledgers, logs) stay out of the real profile
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("xdg-state")))
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def ledger(ledger_path: Path):
    """A fresh encrypted ledger file (key in the in-memory keyring)."""
    from db.store.storage import open_ledger

    led = open_ledger(ledger_path)
    yield led
    led.close()


@pytest.fixture(scope="session")
def demo_ledger(tmp_path_factory: pytest.TempPathFactory):
    """A demonstration ledger built once per test session (unencrypted file: read-only use please)."""
    from db.demo.unit import build_demo
    from db.store.storage import open_ledger

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    led = open_ledger(path, encryption=False)
    build_demo(led, today=DEMO_TODAY)
    yield led
    led.close()


def pg_url() -> str | None:
    return os.environ.get("DENGBAO_TEST_PG_URL") or None


@pytest.fixture
def pg_ledger():
    """A ledger in a fresh PostgreSQL database; skipped (with the reason) without a server."""
    url = pg_url()
    if not url:
        pytest.skip("DENGBAO_TEST_PG_URL is not set: PostgreSQL server tests skipped")
    import sqlalchemy as sa

    from db.store.storage import open_ledger

    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"dengbao_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL at DENGBAO_TEST_PG_URL not reachable: {exc.orig}")
    test_url = sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    led = open_ledger(url=test_url)
    yield led
    led.close()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()
