"""Opening the ledger: an encrypted SQLite file (default) or a PostgreSQL server.

``open_ledger`` resolves where the ledger lives, finds or creates its key, opens it
with foreign keys and WAL on, migrates it (after copying the file aside) and hands back
a :class:`Ledger` whose ``session()`` runs one audited transaction.
"""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

from db.domain.errors import (
    CorruptLedgerError,
    LedgerBusyError,
    LedgerError,
    LockLostError,
    MissingKeyError,
    NotALedgerFileError,
    ReadOnlyLedgerError,
    translate,
)
from db.store import keys, ledger_files, recovery, schema_version
from db.store.engine import (
    _enable_wal,
    _latest_backup,
    _open_keyed,
    _sqlite_engine,
    server_engine,
)
from db.store.paths import APP_AUTHOR as APP_AUTHOR
from db.store.paths import APP_NAME as APP_NAME
from db.store.paths import default_data_dir as default_data_dir
from db.store.paths import default_ledger_path, real_ledger_path
from db.store.session import LedgerSession

ENV_URL = "DENGBAO_DB_URL"
SQLITE_MAGIC = ledger_files.SQLITE_MAGIC


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (never reads a ledger this process has open)."""
    return ledger_files.is_plain_sqlite(path)


@dataclass
class Ledger:
    """An open ledger. ``session()`` is the only way code changes it."""

    engine: sa.Engine
    url: str
    path: Path | None
    encrypted: bool
    key: bytes | None = field(default=None, repr=False)
    created: bool = False
    actor: str = field(default_factory=lambda: _os_user())
    backup_before_migration: Path | None = None
    #: this process's claim on the file (registry entry and shared use lock), see db.store.ledger_files
    _file_id: tuple[int, int] | None = field(default=None, repr=False)
    _use_lock: ledger_files.UseLock | None = field(default=None, repr=False)
    #: how often this process found its SQLite locks stripped and reopened its connections
    relocks: int = 0
    #: set when the key that was looked up did not open the file and the pending key of an
    #: interrupted change of key did: which key opened it, and what to do
    key_notice: str = ""
    #: opened read-only in a folder that cannot be written (:func:`db.store.ledger_files.read_only_mode`):
    #: SQLite takes no file locks then, and every write is refused as read-only
    read_only: bool = False

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name != "sqlite"

    def claim_file(self) -> None:
        """Register the file as open in this process and take the shared use lock (idempotent)."""
        if self.path is None:
            return
        if self._use_lock is None:
            self._use_lock = ledger_files.UseLock(self.path).acquire()
        if self._file_id is None:  # a new file exists only once SQLite has written it
            self._file_id = ledger_files.register(self.path, plain=not self.encrypted)

    def release_file(self) -> None:
        ledger_files.unregister(self._file_id)
        self._file_id = None
        if self._use_lock is not None:
            self._use_lock.release()
            self._use_lock = None

    def adopt(self, other: Ledger) -> None:
        """Take over ``other``'s engine and file claim (after a restore reopened the file)."""
        self.release_file()
        self.engine, self.key, self.encrypted, self.url = other.engine, other.key, other.encrypted, other.url
        self.backup_before_migration = other.backup_before_migration
        self._file_id, self._use_lock = other._file_id, other._use_lock
        other._file_id, other._use_lock = None, None

    @contextmanager
    def sole_use(self) -> Iterator[None]:
        """Close every connection of this process and make sure no other process has the ledger
        open, for operations that rewrite or replace the file (re-key). Raises LedgerBusyError."""
        assert self.path is not None
        self.engine.dispose()
        self.release_file()
        claim = ledger_files.claim_sole_use(self.path)
        if claim is None:
            self.claim_file()
            raise LedgerBusyError()
        try:
            yield
        finally:
            claim.release()
            self.claim_file()

    def _locks_intact(self, session: LedgerSession) -> bool:
        """True unless the kernel says this process lost its SQLite lock on the file (Linux)."""
        if self.path is None or self.read_only:
            return True
        # a read of the header makes SQLite hold its SHARED lock for the rest of the connection
        session.connection().exec_driver_sql("PRAGMA schema_version").scalar()
        return ledger_files.locks_held(self.path) is not False

    def _begin(self, write: bool) -> LedgerSession:
        """A session with its transaction begun on a connection whose file locks are intact."""
        if write and self.read_only:
            raise ReadOnlyLedgerError(str(self.path.parent) if self.path is not None else "")
        for attempt in range(2):
            session = LedgerSession(bind=self.engine, expire_on_commit=False, info={"actor": self.actor})
            try:
                if write and not self.is_server:
                    session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                if self.is_server or self._locks_intact(session):
                    return session
            except BaseException:
                session.rollback()
                session.close()
                raise
            session.rollback()
            session.close()
            if attempt == 0:
                self._relock()
        raise LockLostError()

    def _relock(self) -> None:
        """Something in this process (a file dialog reading the ledger, say) dropped SQLite's locks:
        close every connection so the next one takes them again before anything is read or written."""
        self.relocks += 1
        self.engine.dispose()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[LedgerSession]:
        """One transaction: committed when the block ends, rolled back on any error.

        On a ledger file the transaction starts only on a connection that still holds its file lock,
        and a write commits only if the lock is still held then: otherwise another process may have
        deleted the -wal this connection writes to (see :mod:`db.store.ledger_files`), and the write is
        refused with :class:`db.domain.errors.LockLostError` instead of being lost.
        Known storage errors are re-raised as :class:`db.domain.errors.LedgerError` subclasses.
        """
        try:
            session = self._begin(write)
        except DBAPIError as exc:
            known = translate(exc)
            if known is not None:
                raise known from exc
            raise
        lost = False
        try:
            yield session
            if write and self.path is not None and ledger_files.locks_held(self.path) is False:
                lost = True
                raise LockLostError()
            session.commit()
            if write and self.path is not None and ledger_files.locks_held(self.path) is False:
                # stripped between the check and the commit (another thread read the file): if the
                # -wal this process wrote to is gone, the commit did not reach the ledger: say so
                lost = True
                if ledger_files.deleted_handles(names=(self.path.name + "-wal",)):
                    raise LockLostError(committed=True)
        except BaseException as exc:
            if not (isinstance(exc, LockLostError) and exc.committed):
                session.rollback()
            known = translate(exc) if isinstance(exc, DBAPIError | OSError) else None
            if isinstance(known, ReadOnlyLedgerError) and self.path is not None:
                known = ReadOnlyLedgerError(str(self.path))
            if known is not None:
                raise known from exc
            raise
        finally:
            session.close()
            if lost:
                self._relock()

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        """A plain read connection (for checks and streaming exports)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            known = translate(exc)
            if known is not None:
                raise known from exc
            raise

    def close(self) -> None:
        """Let SQLite refresh its planner statistics where needed, then release the file."""
        if not self.is_server:
            with contextlib.suppress(Exception), self.engine.connect() as conn:
                conn.exec_driver_sql("COMMIT") if conn.in_transaction() else None
                # never wait for another program's write lock just to refresh statistics
                conn.exec_driver_sql("PRAGMA busy_timeout = 0")
                conn.exec_driver_sql("PRAGMA optimize")
        self.engine.dispose()
        self.release_file()

    def analyze(self) -> None:
        """Gather planner statistics (after bulk loads), so list queries pick the right indexes."""
        with self.engine.connect() as conn:
            if conn.in_transaction():
                conn.exec_driver_sql("COMMIT")
            conn.exec_driver_sql("ANALYZE")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises various errors on odd systems
        return "unknown"


def _settle_interrupted_rekey(ledger: Ledger) -> None:
    """Settle what a change of key left (:func:`db.store.keys.settle_rekey`), only while this process
    really holds its shared use lock (POSIX): a change holds it exclusively from keeping its pending
    key until promoting it, so nothing left now belongs to a running change."""
    lock = ledger._use_lock  # noqa: SLF001
    if ledger.path and ledger.key and not ledger.read_only and lock is not None and lock._fd is not None:  # noqa: SLF001
        keys.settle_rekey(ledger.path, ledger.key)


def resolve_target(path: str | Path | None = None, url: str | None = None) -> tuple[str | None, Path | None]:
    """(server URL, file path): an explicit URL or path wins, then ``DENGBAO_DB_URL``, then the default file.

    A file path is the real one (symbolic links and ``..`` resolved), so that backups, restore, locks and
    the outside audit record all name the same file however the ledger was reached."""
    if url:
        return url, None
    if path:
        return None, real_ledger_path(Path(path))
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        if env.startswith("sqlite:///"):
            return None, real_ledger_path(Path(env.removeprefix("sqlite:///")))
        return env, None
    return None, real_ledger_path(default_ledger_path())


def open_ledger(
    path: str | Path | None = None,
    *,
    url: str | None = None,
    encryption: bool = True,
    key: bytes | None = None,
    create: bool = True,
    migrate: bool = True,
    read_only: bool = False,
) -> Ledger:
    """Open (and if needed create and migrate) the ledger.

    - ``path``/``url``: where; default from ``DENGBAO_DB_URL`` or the per-user data folder.
    - ``encryption``: a new file is encrypted unless False; an existing file is opened as it is
      (a plain file is detected by its header, an encrypted one needs its key).
    - ``key``: the raw key (e.g. from a recovery key); else ``DENGBAO_KEY`` or the OS keyring.
    - ``read_only``: the caller only reads (list, check, export, print, backup to elsewhere). A ledger in a
      folder that cannot be written is then opened read-only (:func:`db.store.ledger_files.read_only_mode`)
      instead of refused; it is not migrated or switched to WAL, and any write is refused as read-only.
    """
    server_url, file_path = resolve_target(path, url)
    if server_url:
        return _open_server(server_url, migrate=migrate)
    assert file_path is not None
    if file_path.is_dir():
        raise NotALedgerFileError(str(file_path))
    exists = file_path.exists() and file_path.stat().st_size > 0
    if file_path.exists() and not exists:
        # an empty file where a ledger should be: never silently start over when backups exist
        backup = _latest_backup(file_path)
        if backup is not None:
            raise CorruptLedgerError("台账文件是空的（0 字节）", backup=backup)
    if not exists and not create:
        raise LedgerError(f"找不到台账文件：{file_path}")
    created = False
    remember = False
    from_env = False
    if exists:
        if is_plain_sqlite(file_path):
            key = None
        else:
            from_env = key is None and bool(os.environ.get(keys.ENV_KEY, "").strip())
            remember = key is not None or from_env
            # the keyring may hold only the pending key of an interrupted change of key
            key = key or keys.load_key(file_path) or keys.load_pending_key(file_path)
            if key is None:
                raise MissingKeyError(str(file_path))
    else:
        try:
            file_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReadOnlyLedgerError(str(file_path.parent)) from exc
        created = True
        if encryption:
            # a key handed in by the caller (e.g. typed as a recovery key where no keyring exists)
            # or from DENGBAO_KEY is the caller's to keep; only a key made here goes to the keyring
            supplied = key is not None or bool(os.environ.get(keys.ENV_KEY, "").strip())
            key = key or keys.load_key(file_path) or keys.new_key()
            if not supplied:
                keys.store_key(file_path, key)
        else:
            key = None
    frozen = ledger_files.read_only_mode(file_path) if read_only and exists else ""
    notice = ""
    if exists:
        looked_up = key
        # a trigger acts on writes only: a file opened strictly read-only may be looked at whatever it holds
        engine, key, notice = _open_keyed(file_path, key, from_env=from_env, frozen=frozen, reading=bool(frozen))
        if remember and key is not None and key == looked_up:
            # opened with a recovery key (e.g. on a new Windows profile): keep it in the keyring again
            keys.remember_key(file_path, key)
    else:
        engine = _sqlite_engine(file_path, key, frozen=frozen)
    ledger: Ledger | None = None
    try:
        ledger = Ledger(
            engine=engine, url=f"sqlite:///{file_path}", path=file_path, encrypted=key is not None, key=key,
            read_only=bool(frozen),
        )
        ledger.created = created
        ledger.key_notice = notice
        ledger.claim_file()
        _settle_interrupted_rekey(ledger)
        if frozen and not schema_version.at_head(engine):
            raise LedgerError(
                f"台账“{file_path}”需要升级数据结构（或由更新版本的程序写入），但它所在的文件夹只读。"
                "请把台账复制到可写的位置后再打开。"
            )
        if migrate and not frozen:
            ledger.backup_before_migration = _migrate_if_needed(ledger)
            _enable_wal(engine)
        ledger.claim_file()
        if created and migrate:
            recovery.note_new_key(ledger)
    except OperationalError as exc:
        engine.dispose()
        if ledger is not None:
            ledger.release_file()
        known = translate(exc)
        raise (known or exc) from exc
    except BaseException:
        engine.dispose()
        if ledger is not None:
            ledger.release_file()
        raise
    return ledger


def attach(path: Path, key: bytes | None, *, actor: str) -> Ledger:
    """Open a ledger file that another process of this program already opened and migrated
    (the window's export/import jobs): same engine settings, same file claim, no probe or migration."""
    ledger = Ledger(
        engine=_sqlite_engine(path, key), url=f"sqlite:///{path}", path=path, encrypted=key is not None,
        key=key, actor=actor,
    )
    ledger.claim_file()
    return ledger


def _migrate_if_needed(ledger: Ledger) -> Path | None:
    """Upgrade the schema when it is not at head; a normal start only reads ``alembic_version``
    and never imports Alembic (see :mod:`db.store.schema_version`)."""
    if schema_version.at_head(ledger.engine):
        return None
    from db.store import migrate as migrations  # noqa: PLC0415 - Alembic is only needed to migrate

    return migrations.upgrade(ledger)


def _open_server(url: str, *, migrate: bool) -> Ledger:
    engine = server_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        known = translate(exc)
        raise (known or exc) from exc
    ledger = Ledger(engine=engine, url=url, path=None, encrypted=False)
    if migrate:
        _migrate_if_needed(ledger)
    return ledger
