"""Attachments (bytes in the ledger), the audit trail and ledger metadata."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from db.models.base import Base, utcnow


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (sa.Index("ix_attachments_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: table name of the record the file belongs to, e.g. "findings"
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int] = mapped_column(sa.Integer)
    filename: Mapped[str] = mapped_column(sa.String(255))
    mime_type: Mapped[str | None] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    description: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))


class AuditEvent(Base):
    """One change of ledger data; events form a SHA-256 hash chain in ``id`` order."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_entity", "entity", "entity_id"),)
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(sa.DateTime)
    actor: Mapped[str] = mapped_column(sa.String(100))
    #: insert, update or delete
    action: Mapped[str] = mapped_column(sa.String(8))
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None] = mapped_column(sa.Integer)
    #: column name for updates; None for inserts and deletes (whole row in the value)
    field: Mapped[str | None] = mapped_column(sa.String(60))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(Base):
    """Single row holding the newest chain link; writers lock it to keep the chain linear."""

    __tablename__ = "audit_head"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(sa.Integer, default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64))


class LedgerMeta(Base):
    """Key/value facts about the ledger file (id, creating version, settings shared by all users)."""

    __tablename__ = "ledger_meta"
    __audit__ = False

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)
