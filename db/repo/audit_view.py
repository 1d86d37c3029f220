"""The whole-ledger audit trail for the window: filtered, counted and paged, newest first.

A ledger can hold hundreds of thousands of events, so nothing here loads them all: :func:`count`
gives the number of matching events, :func:`page` one page of plain dicts (keyset on ``id`` when the
caller knows the last id of the previous page, ``OFFSET`` for a jump), and :func:`position` the row
at which one event appears in the filtered list (to select the first broken event of the chain).
Filters: table (entity), actor, a time range (UTC, as stored) and a text searched in the field name
and the old and new values (or a record/event number).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from db.models import AuditEvent

_T = AuditEvent.__table__
COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "field", "old_value", "new_value")


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    actor: str | None = None
    #: UTC, inclusive
    since: datetime | None = None
    #: UTC, exclusive
    until: datetime | None = None
    text: str = ""

    @property
    def empty(self) -> bool:
        return not (self.entity or self.actor or self.since or self.until or self.text.strip())


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _conditions(f: AuditFilter) -> list[Any]:
    where: list[Any] = []
    if f.entity:
        where.append(_T.c.entity == f.entity)
    if f.actor:
        where.append(_T.c.actor == f.actor)
    if f.since is not None:
        where.append(_T.c.at >= f.since)
    if f.until is not None:
        where.append(_T.c.at < f.until)
    text = f.text.strip()
    if text:
        number = text.lstrip("#")
        if number.isdigit():
            # a number: the record (entity_id) or the event itself
            where.append(sa.or_(_T.c.entity_id == int(number), _T.c.id == int(number)))
        else:
            pattern = _like(text)
            where.append(
                sa.or_(
                    _T.c.field.like(pattern, escape="\\"),
                    _T.c.old_value.like(pattern, escape="\\"),
                    _T.c.new_value.like(pattern, escape="\\"),
                )
            )
    return where


def count(conn: sa.Connection, f: AuditFilter = AuditFilter()) -> int:  # noqa: B008 - frozen default
    stmt = sa.select(sa.func.count()).select_from(_T)
    for cond in _conditions(f):
        stmt = stmt.where(cond)
    return int(conn.execute(stmt).scalar() or 0)


def page(
    conn: sa.Connection,
    f: AuditFilter = AuditFilter(),  # noqa: B008 - frozen default
    *,
    offset: int = 0,
    limit: int = 200,
    below_id: int | None = None,
) -> list[dict[str, Any]]:
    """Up to ``limit`` matching events, newest first: those with ``id < below_id`` (keyset), else
    from row ``offset`` of the filtered list."""
    stmt = sa.select(*[_T.c[c] for c in COLUMNS])
    for cond in _conditions(f):
        stmt = stmt.where(cond)
    if below_id is not None:
        stmt = stmt.where(_T.c.id < below_id)
    elif offset:
        stmt = stmt.offset(offset)
    stmt = stmt.order_by(_T.c.id.desc()).limit(limit)
    return [dict(r._mapping) for r in conn.execute(stmt)]


def position(conn: sa.Connection, f: AuditFilter, event_id: int) -> int | None:
    """Row index of event ``event_id`` in the filtered newest-first list, or None if it is not in it."""
    stmt = sa.select(_T.c.id).where(_T.c.id == event_id)
    for cond in _conditions(f):
        stmt = stmt.where(cond)
    if conn.execute(stmt).first() is None:
        return None
    newer = sa.select(sa.func.count()).select_from(_T).where(_T.c.id > event_id)
    for cond in _conditions(f):
        newer = newer.where(cond)
    return int(conn.execute(newer).scalar() or 0)


def event(conn: sa.Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its chain hashes (for the details line)."""
    row = conn.execute(sa.select(_T).where(_T.c.id == event_id)).first()
    return None if row is None else dict(row._mapping)


def actors(conn: sa.Connection, limit: int = 200) -> list[str]:
    """The people who changed the ledger (for the filter), in name order."""
    rows = conn.execute(sa.select(_T.c.actor).distinct().order_by(_T.c.actor).limit(limit))
    return [r[0] for r in rows if r[0]]


def entities(conn: sa.Connection) -> list[str]:
    """The tables that have events (reads the (entity, entity_id) index only)."""
    rows = conn.execute(sa.select(_T.c.entity).distinct().order_by(_T.c.entity))
    return [r[0] for r in rows if r[0]]


__all__ = ["COLUMNS", "AuditFilter", "actors", "count", "entities", "event", "page", "position"]


def history(connection: sa.Connection, entity: str, entity_id: int) -> list[dict[str, Any]]:
    """Audit events of one record, oldest first, as plain dicts."""
    table = AuditEvent.__table__
    rows = connection.execute(
        sa.select(table).where(table.c.entity == entity, table.c.entity_id == entity_id).order_by(table.c.id)
    ).mappings()
    return [dict(r) for r in rows]
