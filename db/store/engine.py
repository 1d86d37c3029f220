"""SQLite engines on a ledger file and the checks made when one is opened: the key, the file's
integrity, objects the program never creates, and why a file could not be opened."""


from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from db.domain.errors import (
    CorruptLedgerError,
    LedgerAccessError,
    LedgerError,
    ReadOnlyLedgerError,
    WrongKeyError,
    translate,
)
from db.store import keys, ledger_files
from db.store.paths import APP_AUTHOR as APP_AUTHOR
from db.store.paths import APP_NAME as APP_NAME
from db.store.paths import default_data_dir as default_data_dir

BUSY_TIMEOUT_MS = 5000
#: files up to this size get a full ``PRAGMA quick_check`` when opened (a few hundred ms at most);
#: larger ones rely on SQLite's own checks (page count against file size, page HMACs) as pages are read
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


#: bounded waits on a server connection: a row another officer holds locked, one statement, and a connection
#: left idle inside an open transaction (a client stalled mid-save) — the server then gives up and the client
#: shows a Chinese sentence (:class:`db.domain.errors.ServerTimeoutError`) instead of everyone waiting forever
PG_LOCK_TIMEOUT_MS = 10_000
PG_STATEMENT_TIMEOUT_MS = 300_000
PG_IDLE_IN_TRANSACTION_MS = 60_000
#: the advisory lock migrations take on a server, and how long a starting client waits for another's upgrade
MIGRATION_LOCK_KEY = 0x0DB0_0000
MIGRATION_WAIT = "10min"


def server_connect_args() -> dict[str, Any]:
    """Connection arguments of a PostgreSQL engine: the timeouts above, set per session at connect."""
    options = (
        f"-c lock_timeout={PG_LOCK_TIMEOUT_MS} -c statement_timeout={PG_STATEMENT_TIMEOUT_MS}"
        f" -c idle_in_transaction_session_timeout={PG_IDLE_IN_TRANSACTION_MS}"
    )
    return {"options": options}


def server_engine(url: str, **kwargs: Any) -> sa.Engine:
    """An engine on a ledger server with the program's connection settings (see :func:`server_connect_args`).

    The server processes serving its connections are known (:func:`own_backends`): a change
    notification sent by one of them is this program's own save."""
    connect_args = {**server_connect_args(), **kwargs.pop("connect_args", {})}
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    backends: set[int] = set()
    _BACKENDS[engine] = backends

    @event.listens_for(engine, "connect")
    def _note_backend(dbapi_conn: Any, record: Any) -> None:
        pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
        if isinstance(pid, int):
            record.info["backend_pid"] = pid
            backends.add(pid)

    @event.listens_for(engine, "close")
    def _forget_backend(_dbapi_conn: Any, record: Any) -> None:
        backends.discard(record.info.get("backend_pid", 0))

    @event.listens_for(engine, "close_detached")
    def _forget_detached(dbapi_conn: Any) -> None:
        backends.discard(getattr(getattr(dbapi_conn, "info", None), "backend_pid", 0))

    return engine


_BACKENDS: weakref.WeakKeyDictionary[sa.Engine, set[int]] = weakref.WeakKeyDictionary()


def own_backends(engine: sa.Engine) -> frozenset[int]:
    """The process ids, on the server, of ``engine``'s open connections (empty for a ledger file)."""
    return frozenset(_BACKENDS.get(engine, ()))


@contextlib.contextmanager
def migration_lock(engine: sa.Engine) -> Iterator[None]:
    """On PostgreSQL, hold a session-level advisory lock while the schema is created or upgraded (the
    migrations run in several transactions), so clients starting together take turns instead of creating the
    same tables at once. SQLite: nothing (its write lock serialises)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SET lock_timeout = '{MIGRATION_WAIT}'")
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
        conn.commit()
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
            conn.exec_driver_sql(f"SET lock_timeout = {PG_LOCK_TIMEOUT_MS}")
            conn.commit()


def sqlite_engine(path: Path, key: bytes | None) -> sa.Engine:
    """An engine on a ledger file with the program's connection settings (key, WAL, busy timeout)."""
    return _sqlite_engine(path, key)


def _sqlite_engine(path: Path, key: bytes | None, *, frozen: str = "") -> sa.Engine:
    """``frozen``: ``"immutable"`` or ``"ro"`` to open a ledger in a read-only folder without writing anything
    (:func:`db.store.ledger_files.read_only_mode`); the engine's URL then names no file the audit record follows."""
    module: ModuleType = sqlite3
    if key is not None:
        import sqlcipher3.dbapi2 as sqlcipher_dbapi  # noqa: PLC0415 - only needed for encrypted files

        module = sqlcipher_dbapi
    where = str(path)
    if frozen:
        flags = "mode=ro&immutable=1" if frozen == "immutable" else "mode=ro"
        where = f"file:{quote(str(path))}?{flags}&uri=true"
    engine = sa.create_engine(
        f"sqlite:///{where}",
        module=module,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_pre_ping=False,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_conn.cursor()
        try:
            if key is not None:
                cursor.execute("PRAGMA cipher_log_level = NONE")
                cursor.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = FULL")
            # WAL is switched on once the file is known to be a ledger we may write: _enable_wal
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


#: what the program never creates in a ledger: objects that run or reshape SQL behind its back
_ACTIVE_KINDS = {"trigger": "触发器", "view": "视图"}


def _refuse_active_schema(conn: sa.Connection, path: Path) -> None:
    """A trigger or view in the file was put there by someone else (the migrations create neither): a trigger
    could silently rewrite what the officer saves, so the ledger is not opened. ``check`` and restore compare
    the whole schema (:mod:`db.store.schema_check`); this is the cheap part every opening can afford."""
    found = conn.exec_driver_sql(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY type, name"
    ).fetchall()
    if found:
        names = "、".join(f"{_ACTIVE_KINDS[str(t)]}“{n}”" for t, n in found[:5])
        raise CorruptLedgerError(
            f"台账中有本程序不会创建的{names}，可能被人改动过；为免保存的数据被悄悄改写，不予打开",
            backup=_latest_backup(path),
        )


def _probe(engine: sa.Engine, path: Path, key: bytes | None, *, reading: bool = False) -> None:
    """Open once to check the key and the file (small files get a quick_check); never writes.

    A failure names the newest backup; when the key opens that backup, the key is right and the
    ledger file is damaged, so the error says so instead of blaming the key.
    """
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(5)").fetchall()]
                if rows != ["ok"]:
                    raise CorruptLedgerError("文件内部结构校验未通过", backup=_latest_backup(path))
            if not reading:
                _refuse_active_schema(conn, path)
            conn.rollback()
    except DBAPIError as exc:
        engine.dispose()
        backup = _latest_backup(path)
        text = str(exc.orig).lower()
        if "not a database" in text or "encrypted" in text:
            if ledger_files.is_plain_sqlite(path) or path.stat().st_size < 1024:
                raise CorruptLedgerError(str(exc.orig), backup=backup) from exc
            raise _KeyRefused(backup) from exc
        if "unable to open" in text:
            raise _unopenable(path, str(exc.orig), backup) from exc
        known = translate(exc)
        if known is None or isinstance(known, CorruptLedgerError):
            detail = "文件内容不完整或已损坏" if "malformed" in text else str(exc.orig)
            known = CorruptLedgerError(detail, backup=backup)
        raise known from exc
    except BaseException:
        engine.dispose()
        raise


class _KeyRefused(Exception):
    """The key does not open the file (which looks like an encrypted ledger); see :func:`_open_keyed`."""

    def __init__(self, backup: Path | None) -> None:
        super().__init__("key refused")
        self.backup = backup


def _open_keyed(
    path: Path, key: bytes | None, *, from_env: bool, frozen: str = "", reading: bool = False
) -> tuple[sa.Engine, bytes | None, str]:
    """An engine on ``path`` with ``key``, else with the pending key of an interrupted change of key
    (then promoted). Returns (engine, key, notice): the notice says which key opened it ("": ``key``)."""
    engine = _sqlite_engine(path, key, frozen=frozen)
    try:
        _probe(engine, path, key, reading=reading)
        return engine, key, ""
    except _KeyRefused as refused:
        first = refused
    pending = keys.load_pending_key(path)
    if pending is not None and pending != key and _key_opens(path, pending):
        engine = _sqlite_engine(path, pending, frozen=frozen)
        with contextlib.suppress(_KeyRefused):
            _probe(engine, path, pending, reading=reading)
            promoted = not frozen and keys.promote_pending_key(path, pending)
            return engine, pending, keys.pending_key_notice(pending, promoted=promoted, from_env=from_env)
    raise _refused_error(path, key, first.backup) from first.__cause__


def _refused_error(path: Path, key: bytes | None, backup: Path | None) -> LedgerError:
    """Why no key opened the file: an interrupted change of key, a damaged header, or a wrong key."""
    from db.store.backup import parse_backup_name  # noqa: PLC0415 - avoids an import cycle

    marker = keys.read_rekey_marker(path)
    if marker is not None:
        return WrongKeyError(marker.describe(), backup=backup)
    if backup is not None and key is not None and _key_opens(backup, key):
        if getattr(parse_backup_name(backup), "reason", "") == "before-rekey":  # the previous key
            return WrongKeyError("台账已更换密钥，这是更换前的密钥，只能打开更换前的备份", backup=backup)
        return CorruptLedgerError("密钥正确（能打开最近的备份），但台账文件头已损坏", backup=backup)
    return WrongKeyError(backup=backup)


def _unopenable(path: Path, detail: str, backup: Path | None) -> LedgerError:
    """Why SQLite could not open an existing file: no read access, a read-only folder, or damage."""
    if ledger_files.is_open_here(path):
        # reading it here would drop this process's SQLite locks on it
        return CorruptLedgerError(detail, backup=backup)
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError:
        return LedgerAccessError(str(path))
    try:
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError:
        # a WAL ledger needs its -wal/-shm files beside it
        return ReadOnlyLedgerError(str(path.parent))
    return CorruptLedgerError(detail, backup=backup)


def _latest_backup(path: Path) -> Path | None:
    from db.store import backup  # noqa: PLC0415 - avoids an import cycle

    try:
        return backup.latest_backup(backup.backup_folder(path), stem=path.stem)
    except OSError:
        return None


def _key_opens(path: Path, key: bytes) -> bool:
    from db.store import backup  # noqa: PLC0415

    return backup.key_opens(path, key)


def _enable_wal(engine: sa.Engine) -> None:
    """Put the file in WAL mode (a persistent property of the file) without waiting for locks.

    Done only after the migration check, so a foreign file or one from a newer program is never
    modified. On read-only media, or while another program holds a lock on a file in
    rollback-journal mode, this fails and the file stays as it is (still safe, less concurrent).
    """
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        conn.execute("PRAGMA busy_timeout = 0")
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    finally:
        raw.close()


