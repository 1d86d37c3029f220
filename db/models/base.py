"""Declarative base, shared column helpers and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)

    #: tables whose changes are not written to the audit trail
    __audit__ = True


def table_of(model: type[Base]) -> sa.Table:
    """The model's table as a :class:`~sqlalchemy.Table`.

    Declarative models are always mapped to a ``Table`` here, but SQLAlchemy types ``__table__`` as
    the wider ``FromClause``, which ``insert``/``update``/``delete`` do not accept.
    """
    return cast(sa.Table, model.__table__)


def enum_type(enum_cls: type[StrEnum]) -> sa.Enum:
    """Store an enum as its string code (no native database enum types)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, onupdate=utcnow, nullable=False)


class Versioned:
    """A record version, ``row_version``: 1 when created, one more on every save (optimistic locking).

    Named ``row_version`` because an emergency plan already has a ``version`` of its own (the plan's 版本号).

    SQLAlchemy adds ``WHERE version = <loaded>`` to every UPDATE and DELETE of the row, so a write based on
    a stale row fails (``StaleDataError``) instead of silently overwriting a newer one; the save path also
    compares the version the form was loaded with (``expected_version`` of :func:`desktop.services.records.save`).
    """

    #: no server default in the model (the migration gives existing rows 1): a server-side value would make
    #: SQLAlchemy read the version back after every UPDATE, which SQLite cannot do for batched updates
    row_version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]
