"""The audit chain's head, recorded outside the ledger, so that deleting the newest events shows.

The chain itself proves only that the events it holds are linked; someone who deletes the newest
events and sets ``audit_head`` back leaves a shorter but intact chain. So after every session that
wrote audit events commits, the new head (event count and last hash, plus the ledger's id from
``ledger_meta``) is written to a small JSON file outside the ledger:

- a ledger file ``…/ledger.db`` → ``…/ledger.db.audit-head.json`` beside it;
- a server (PostgreSQL) ledger → ``<per-user data folder>/audit-heads/<hash of host, port and
  database>.json``.

The record only moves forward: it is written atomically (temporary file, ``os.replace``) under a
lock file, never with a lower count than it holds, and only when the ledger still holds the
recorded event with the recorded hash (a session checks that once, inside its transaction, with
its first audited flush), so a cut chain never overwrites the evidence. ``check`` (:func:`compare`)
reports a chain that lacks the recorded event or holds a different one at that number (the tail
was cut, or the chain rewritten up to there), and a record made for another ledger id (the file
was replaced, or its id changed; a new ledger created in the same place replaces the record with
its first audited session).

Limits: the record protects against changes made through the database alone (another SQLite tool,
SQL on the server). It is a plain file: someone who can also delete or edit it, or who holds every
copy, defeats it; a missing record (first use on this machine, another computer) is reported as
such, not as an error. Restoring a backup rewinds the chain on purpose: the restore must call
:func:`forget` so the record starts again from the restored ledger. Writers that append events with
Core outside a session's flush (the province demo) move the record on the next audited session or
with :func:`record`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from db.models import AuditEvent, AuditHead, LedgerMeta
from db.store.audit import HEAD_INFO

if TYPE_CHECKING:
    from db.store.storage import Ledger

SUFFIX = ".audit-head.json"
LOCK_SUFFIX = ".lock"
SERVER_FOLDER = "audit-heads"
FORMAT = 1
#: ``session.info`` key: (record path, ledger id, may the record move on) checked once per session
_BASE_INFO = "dengbao_audit_head_base"
#: ``session.info`` key: the head as it was when each open savepoint began
_SAVED_INFO = "dengbao_audit_head_saved"
#: names SQLite uses for a ledger and its companions; the record is never written to one of them
_LEDGER_SUFFIXES = ("", "-wal", "-shm", "-journal")

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt as _msvcrt
except ImportError:
    _msvcrt = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Head:
    events: int
    last_hash: str
    ledger_id: str | None = None


def record_path(url: sa.URL | str) -> Path | None:
    """Where the head of the ledger at ``url`` is recorded; None for an in-memory database."""
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite":
        name = url.database or ""
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        ledger = Path(name)
        return ledger.with_name(ledger.name + SUFFIX)
    from db.store.paths import default_data_dir  # noqa: PLC0415

    where = f"{url.get_backend_name()}://{url.host or ''}:{url.port or ''}/{url.database or ''}"
    digest = hashlib.sha256(where.encode("utf-8")).hexdigest()[:32]
    return default_data_dir() / SERVER_FOLDER / f"{digest}.json"


def _is_ledger_name(path: Path, url: sa.URL | str | None) -> bool:
    if url is None:
        return False
    url = sa.make_url(url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return False
    ledger = Path(url.database).absolute()
    return any(path.absolute() == ledger.with_name(ledger.name + s) for s in _LEDGER_SUFFIXES)


def read(path: Path | None) -> tuple[Head | None, str]:
    """The recorded head and, when there is none, why (missing or unreadable)."""
    if path is None:
        return None, "内存中的台账没有外部记录"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        head = Head(int(data["events"]), str(data["last_hash"]), data.get("ledger_id"))
    except FileNotFoundError:
        return None, f"没有台账之外的审计链头记录（{path}），无法判断最新的审计记录是否被删除"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, f"台账之外的审计链头记录 {path} 无法读取（{exc}），未比对"
    if head.events < 0:
        return None, f"台账之外的审计链头记录 {path} 内容无效，未比对"
    return head, ""


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise writers of one record across processes (a lock file beside it)."""
    fd = os.open(path.with_name(path.name + LOCK_SUFFIX), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if _fcntl is not None:
            _fcntl.flock(fd, _fcntl.LOCK_EX)
        elif _msvcrt is not None:  # pragma: no cover - Windows
            _msvcrt.locking(fd, _msvcrt.LK_LOCK, 1)
        yield
    finally:
        os.close(fd)  # releases the lock


def _write(path: Path, head: Head) -> None:
    payload = {
        "format": FORMAT,
        "ledger_id": head.ledger_id,
        "events": head.events,
        "last_hash": head.last_hash,
        "recorded_at": datetime.now().isoformat(timespec="seconds"),
    }
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        # no fsync: the ledger's commit is durable before this starts, so after a crash the
        # record can only lag behind the ledger (or be unreadable: reported, not an error)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def advance(path: Path, head: Head, *, url: sa.URL | str | None = None) -> bool:
    """Record ``head`` unless the record already holds as many events of the same ledger.

    Returns True when written. Never lowers the recorded count of the same ledger; a record of
    another ledger (a new ledger at the same place) is replaced.
    """
    if _is_ledger_name(path, url) or path.suffix != ".json":
        raise ValueError(f"refusing to write the audit head record over {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        current, _why = read(path)
        if current is not None and current.ledger_id == head.ledger_id and current.events >= head.events:
            return False
        _write(path, head)
    return True


def forget(target: Path | str) -> None:
    """Drop the record of the ledger file ``target`` (or of a server URL given as text), after a
    restore rewound the ledger on purpose; the next audited session starts a new record."""
    text = str(target)
    path = record_path(text if "://" in text else f"sqlite:///{text}")
    if path is None:
        return
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# --- reading the ledger's side -------------------------------------------------------------------


def ledger_id(conn: sa.Connection) -> str | None:
    table = LedgerMeta.__table__
    return conn.execute(sa.select(table.c.value).where(table.c.key == "ledger_id")).scalar()


def _event_hash(conn: sa.Connection, event_id: int) -> str | None:
    table = AuditEvent.__table__
    return conn.execute(sa.select(table.c.hash).where(table.c.id == event_id)).scalar()


def _continues(conn: sa.Connection, recorded: Head | None, current_id: str | None) -> bool:
    """May the record move on from ``recorded``: the ledger still holds the recorded event."""
    if recorded is None or recorded.ledger_id != current_id or recorded.events == 0:
        return True
    return _event_hash(conn, recorded.events) == recorded.last_hash


@dataclass
class HeadReport:
    path: Path | None = None
    recorded: Head | None = None
    problems: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.problems:
            return "；".join(self.problems)
        if self.recorded is None:
            return "外部审计链头记录：" + self.note
        return f"外部审计链头记录：一致（第 {self.recorded.events} 条事件，哈希 {self.recorded.last_hash[:16]}…）"

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "record": str(self.path) if self.path else None,
            "recorded_events": self.recorded.events if self.recorded else None,
            "recorded_hash": self.recorded.last_hash if self.recorded else None,
            "problems": self.problems,
            "note": self.note,
        }


def read_for(url: sa.URL | str) -> HeadReport:
    """Read the record first (before the ledger's snapshot is taken, so anything it names was
    committed before the check reads the ledger)."""
    path = record_path(url)
    recorded, why = read(path)
    return HeadReport(path=path, recorded=recorded, note=why)


def compare(conn: sa.Connection, report: HeadReport) -> HeadReport:
    """Check that the ledger still holds the recorded newest event (see the module docstring)."""
    recorded = report.recorded
    if recorded is None:
        return report
    current_id = ledger_id(conn)
    if recorded.ledger_id != current_id:
        report.problems.append(
            f"外部审计链头记录属于编号为 {recorded.ledger_id} 的台账，而本台账编号为 {current_id}"
            "（台账文件被替换，或台账编号被改动）"
        )
        return report
    if recorded.events and _event_hash(conn, recorded.events) != recorded.last_hash:
        report.problems.append(
            f"审计记录被截断：外部记录的最新第 {recorded.events} 条事件"
            f"（哈希 {recorded.last_hash[:16]}…）在台账中不存在"
        )
    return report


def record(ledger: Ledger) -> bool:
    """Bring the record up to the ledger's current head (e.g. after a Core bulk load); never
    moves it past a cut or rewritten chain. Returns True when written. Errors are swallowed."""
    path = record_path(ledger.url)
    if path is None:
        return False
    try:
        recorded, _why = read(path)
        with ledger.connect() as conn:
            current_id = ledger_id(conn)
            ok = _continues(conn, recorded, current_id)
            table = AuditHead.__table__
            head = conn.execute(
                sa.select(table.c.last_event_id, table.c.last_hash).where(table.c.id == 1)
            ).first()
            conn.rollback()
        if not ok or head is None or not head[0]:
            return False
        return advance(path, Head(int(head[0]), str(head[1]), current_id), url=ledger.url)
    except (OSError, sa.exc.SQLAlchemyError, ValueError):
        return False


# --- keeping the record after each committed session ---------------------------------------------

_ledger_ids: weakref.WeakKeyDictionary[sa.Engine, str | None] = weakref.WeakKeyDictionary()
#: per engine, the newest audit event this process committed (the window's change watcher skips it)
_own_heads: weakref.WeakKeyDictionary[sa.Engine, int] = weakref.WeakKeyDictionary()


def own_head(engine: sa.Engine) -> int | None:
    """The id of the newest audit event this process committed through ``engine`` (None before any)."""
    return _own_heads.get(engine)


def install(session_cls: type[Session]) -> None:
    """Record the new head after every commit of a session of ``session_cls`` that wrote events.

    Costs per audited session: one file read and one indexed query (inside the transaction,
    with the first audited flush), one small file write after the commit."""

    @event.listens_for(session_cls, "after_flush")
    def _check_base(session: Session, _ctx: Any) -> None:
        if HEAD_INFO not in session.info or _BASE_INFO in session.info:
            return
        bind = session.get_bind()
        engine = bind if isinstance(bind, sa.Engine) else bind.engine
        path = record_path(engine.url)
        if path is None:
            session.info[_BASE_INFO] = (None, None, False)
            return
        conn = session.connection()
        if engine not in _ledger_ids:
            _ledger_ids[engine] = ledger_id(conn)
        current_id = _ledger_ids[engine]
        recorded, _why = read(path)
        session.info[_BASE_INFO] = (path, current_id, _continues(conn, recorded, current_id))

    @event.listens_for(session_cls, "after_transaction_create")
    def _remember_head(session: Session, transaction: SessionTransaction) -> None:
        if transaction.nested:
            session.info.setdefault(_SAVED_INFO, {})[transaction] = session.info.get(HEAD_INFO)

    @event.listens_for(session_cls, "after_soft_rollback")
    def _rewind_head(session: Session, previous: SessionTransaction) -> None:
        saved = session.info.get(_SAVED_INFO, {})
        if previous.nested and previous in saved:
            # a rolled-back savepoint took its events with it: back to the head before it
            head = saved.pop(previous)
            if head is None:
                session.info.pop(HEAD_INFO, None)
            else:
                session.info[HEAD_INFO] = head
        elif not previous.nested:
            for key in (HEAD_INFO, _BASE_INFO, _SAVED_INFO):
                session.info.pop(key, None)

    @event.listens_for(session_cls, "after_commit")
    def _record_head(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released; the outer transaction may still roll back
        head = session.info.pop(HEAD_INFO, None)
        base = session.info.pop(_BASE_INFO, None)
        session.info.pop(_SAVED_INFO, None)
        if head is None or base is None:
            return
        bind = session.get_bind()
        engine = bind if isinstance(bind, sa.Engine) else bind.engine
        _own_heads[engine] = max(int(head[0]), _own_heads.get(engine, 0))
        path, current_id, may_move = base
        if path is None or not may_move:
            return
        url = engine.url
        # the data is committed whatever happens here: a record that cannot be written only lags
        with contextlib.suppress(OSError, ValueError):
            advance(path, Head(int(head[0]), str(head[1]), current_id), url=url)
