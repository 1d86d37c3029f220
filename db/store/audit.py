"""Append-only audit trail linked in a SHA-256 hash chain.

Every insert, update and delete of ledger data flushed through a ledger session adds
audit events in the same transaction (see :func:`install`). Each event's hash covers
its own fields and the previous event's hash, so changing, removing or reordering a
stored event breaks the chain at that event, which :func:`verify_chain` reports.

An insert event carries the whole new row, an update event the new value of each changed
column (``updated_at`` excepted), a delete event the whole old row. Two further checks build
on that (both run by ``dengbao-cli check``, :mod:`db.store.check`):

- :mod:`db.store.audit_replay` replays the events of every audited table and compares the result
  with the rows actually stored: a row changed, added or removed without its audit event, or
  an audited change that was lost or overwritten, is named by table, record id and field.
- :mod:`db.store.audit_head` keeps the chain's head (event count and last hash) outside the ledger
  file, so deleting the newest events (and fixing ``audit_head``) is noticed too.

On a department server (``dengbao-cli server init``) the database writes the events itself, with
the officer's login and the server's clock, in the same encoding and chain
(:mod:`db.store.server_sql`); the session hook here then writes nothing (:func:`server_writes_trail`).

What none of this can do: the chain carries no secret, so someone who can write the database
(for an encrypted file: holds its key) can rewrite the rows *and* recompute every event and
hash consistently; only the outside head record notices that, and only while it was not
altered as well. An attacker holding the key and every copy (ledger, backups, head record)
is not detectable from the ledger alone.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, object_mapper
from sqlalchemy.orm.attributes import get_history
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from db.models import AuditEvent, AuditHead, Base
from db.models.base import table_of, utcnow
from db.store.bulk_insert import RowsWriter

GENESIS = "0" * 64
#: ``session.info`` key: (last event id, last hash) written by the session's latest audited flush
HEAD_INFO = "dengbao_audit_head"



def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


#: the canonical JSON of every event value (``json.dumps`` with these settings builds one per call)
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)
#: types stored as they are (an Enum subclassing ``str`` is not one of them: its class differs)
_AS_IS = frozenset({str, int, float, bool, type(None)})


def encode(value: Any) -> str | None:
    """Canonical JSON text of a stored value (None stays None)."""
    if value is None:
        return None
    return _JSON.encode(_plain(value))


def encode_row(values: Mapping[str, Any]) -> str:
    return _JSON.encode({k: v if v.__class__ in _AS_IS else _plain(v) for k, v in values.items()})


class RowEncoder:
    """:func:`encode_row` of many rows of one table that leave most columns at ``common`` values:
    each row's own values are converted, the common ones once. ``encode(row)`` equals
    ``encode_row({**common, **row})``."""

    def __init__(self, common: Mapping[str, Any]) -> None:
        self._base = {k: v if v.__class__ in _AS_IS else _plain(v) for k, v in common.items()}

    def encode(self, row: Mapping[str, Any]) -> str:
        values = self._base.copy()
        for k, v in row.items():
            values[k] = v if v.__class__ in _AS_IS else _plain(v)
        return _JSON.encode(values)


def link_hash(
    prev_hash: str,
    event_id: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    field: str | None,
    old_value: str | None,
    new_value: str | None,
) -> str:
    parts = [
        prev_hash,
        str(event_id),
        at.isoformat(),
        actor,
        action,
        entity,
        "" if entity_id is None else str(entity_id),
    ]
    parts += [
        field or "",
        "\x00" if old_value is None else old_value,
        "\x00" if new_value is None else new_value,
    ]
    payload = "\x1f".join(parts).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def _link(prev_hash: str, event_id: int, at_text: str, actor: str, change: Change) -> str:
    """:func:`link_hash` of ``change`` with the timestamp already in its ISO text (one per batch)."""
    payload = "\x1f".join(
        (
            prev_hash,
            str(event_id),
            at_text,
            actor,
            change.action,
            change.entity,
            "" if change.entity_id is None else str(change.entity_id),
            change.field or "",
            "\x00" if change.old_value is None else change.old_value,
            "\x00" if change.new_value is None else change.new_value,
        )
    ).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Change:
    action: str
    entity: str
    entity_id: int | None
    field: str | None
    old_value: str | None
    new_value: str | None


def _audited(obj: object) -> bool:
    return isinstance(obj, Base) and getattr(type(obj), "__audit__", True)


def _columns(obj: Base) -> Iterator[tuple[str, str]]:
    """(attribute key, column name) for each column of the object's table."""
    for prop in object_mapper(obj).column_attrs:
        yield prop.key, prop.columns[0].name


def _row_values(obj: Base, *, committed: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, column in _columns(obj):
        if committed:
            hist = get_history(obj, key, passive=PASSIVE_NO_INITIALIZE)
            if hist.deleted:
                values[column] = hist.deleted[0]
                continue
        values[column] = obj.__dict__.get(key)
    return values


def _changes_for(session: Session, flush_deleted: Iterable[Base] = ()) -> list[Change]:
    changes: list[Change] = []
    for obj in session.new:
        if _audited(obj):
            changes.append(
                Change("insert", obj.__tablename__, _pk(obj), None, None, encode_row(_row_values(obj)))
            )
    for obj in session.dirty:
        if not _audited(obj) or not session.is_modified(obj, include_collections=False):
            continue
        for key, column in _columns(obj):
            if column == "updated_at":
                continue
            hist = get_history(obj, key, passive=PASSIVE_NO_INITIALIZE)
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _plain(old) == _plain(new):
                continue
            changes.append(Change("update", obj.__tablename__, _pk(obj), column, encode(old), encode(new)))
    deleted = list(session.deleted)
    deleted += [obj for obj in flush_deleted if obj not in session.deleted]
    for obj in deleted:
        if _audited(obj):
            changes.append(
                Change(
                    "delete",
                    obj.__tablename__,
                    _pk(obj),
                    None,
                    encode_row(_row_values(obj, committed=True)),
                    None,
                )
            )
    return changes


def _deleted_by_flush(flush_context: Any) -> list[Base]:
    """Every row the flush deleted, including those the unit of work decided on itself: a child removed
    from a ``delete-orphan`` collection (a website's domain dropped in its form) is never in
    ``session.deleted``, yet its row is gone."""
    out: list[Base] = []
    for state, (is_delete, list_only) in getattr(flush_context, "states", {}).items():
        obj = state.obj()
        if is_delete and not list_only and obj is not None:
            out.append(obj)
    return out


def _pk(obj: Base) -> int | None:
    """The row's id; for rows inserted in this flush it is read from the instance, not the identity map."""
    state = sa.inspect(obj)
    ident = state.identity or state.mapper.primary_key_from_instance(obj)
    if ident and len(ident) == 1 and isinstance(ident[0], int):
        return ident[0]
    return None


def append_events(connection: sa.Connection, changes: Iterable[Change], actor: str) -> int:
    """Append ``changes`` to the chain within the caller's transaction; return how many were written.

    On a department server nothing is written here: the rows' own triggers have recorded them."""
    changes = list(changes)
    if not changes or server_writes_trail(connection):
        return 0
    _append(connection, changes, actor)
    return len(changes)


def _append(connection: sa.Connection, changes: list[Change], actor: str) -> tuple[int, str]:
    """Write ``changes`` (not empty) after the current head; return the new head (event id, hash)."""
    head_table = table_of(AuditHead)
    head = connection.execute(
        sa.select(head_table.c.last_event_id, head_table.c.last_hash)
        .where(head_table.c.id == 1)
        .with_for_update()
    ).first()
    if head is None:
        connection.execute(sa.insert(head_table).values(id=1, last_event_id=0, last_hash=GENESIS))
        last_id, last_hash = 0, GENESIS
    else:
        last_id, last_hash = head
    at = utcnow()
    at_text = at.isoformat()
    rows = []
    for change in changes:
        last_id += 1
        digest = _link(last_hash, last_id, at_text, actor, change)
        rows.append(
            {
                "id": last_id,
                "action": change.action,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "field": change.field,
                "old_value": change.old_value,
                "new_value": change.new_value,
                "prev_hash": last_hash,
                "hash": digest,
            }
        )
        last_hash = digest
    RowsWriter(connection, table_of(AuditEvent), {"at": at, "actor": actor}).insert(rows)
    connection.execute(
        sa.update(head_table).where(head_table.c.id == 1).values(last_event_id=last_id, last_hash=last_hash)
    )
    return last_id, last_hash


_server_trail: weakref.WeakKeyDictionary[sa.Engine, bool] = weakref.WeakKeyDictionary()


def server_writes_trail(connection: sa.Connection) -> bool:
    """True on a department server (``dengbao-cli server init``), whose triggers write the trail
    with the officer's login and the server's clock (:mod:`db.store.server_sql`); asked once per engine."""
    if connection.dialect.name != "postgresql":
        return False
    engine = connection.engine
    known = _server_trail.get(engine)
    if known is None:
        known = bool(connection.exec_driver_sql("SELECT to_regclass('dengbao_audit_pending') IS NOT NULL").scalar())
        _server_trail[engine] = known
    return known


def install(session_cls: type[Session]) -> None:
    """Record audit events for every flush of sessions of ``session_cls``."""

    @event.listens_for(session_cls, "after_flush")
    def _after_flush(session: Session, flush_context: Any) -> None:
        if server_writes_trail(session.connection()):
            return  # the database's own triggers write the events (and must not get them twice)
        changes = _changes_for(session, _deleted_by_flush(flush_context))
        if changes:
            actor = session.info.get("actor") or "unknown"
            # the new head, for the record kept outside the ledger once the session commits
            session.info[HEAD_INFO] = _append(session.connection(), changes, actor)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_broken_id: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"审计链完整：共 {self.events} 条记录。"
        return f"审计链在第 {self.first_broken_id} 号记录处断开：{self.reason}"


def verify_chain(connection: sa.Connection, *, batch: int = 20000) -> ChainReport:
    """Walk the whole chain in id order and report the first broken link."""
    table = AuditEvent.__table__
    expected_prev = GENESIS
    expected_id = 0
    count = 0
    last_seen = 0
    while True:
        rows = (
            connection.execute(
                sa.select(table).where(table.c.id > last_seen).order_by(table.c.id).limit(batch)
            )
            .mappings()
            .all()
        )
        if not rows:
            break
        for row in rows:
            count += 1
            expected_id += 1
            if row["id"] != expected_id:
                return ChainReport(
                    False, count, expected_id, f"缺少编号为 {expected_id} 的记录（记录被删除）"
                )
            if row["prev_hash"] != expected_prev:
                return ChainReport(False, count, row["id"], "前一条记录的哈希不符（记录被改动或删除）")
            digest = link_hash(
                row["prev_hash"],
                row["id"],
                row["at"],
                row["actor"],
                row["action"],
                row["entity"],
                row["entity_id"],
                row["field"],
                row["old_value"],
                row["new_value"],
            )
            if digest != row["hash"]:
                return ChainReport(False, count, row["id"], "记录内容与其哈希不符（记录被篡改）")
            expected_prev = row["hash"]
        last_seen = rows[-1]["id"]
    head = (
        connection.execute(sa.select(AuditHead.__table__).where(AuditHead.__table__.c.id == 1))
        .mappings()
        .first()
    )
    if head is not None and (head["last_event_id"] != expected_id or head["last_hash"] != expected_prev):
        return ChainReport(False, count, expected_id + 1, "链尾记录缺失（最新的记录被删除）")
    return ChainReport(True, count)

