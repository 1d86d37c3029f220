"""Derived data: the computed dates of each object, kept current by the ledger session."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base


class ObjectDeadline(Base):
    """One computed date of one object (filing due, certificate expiry, next test …).

    Rebuilt from the ledger's facts by :func:`db.repo.deadlines.refresh`; not audited
    because it holds nothing a user typed.
    """

    __tablename__ = "object_deadlines"
    # covering (due, kind, object_id): the dashboard's counts and most-urgent list read only the index;
    # computed_on: a server's reads find rows computed for an earlier day without reading them all
    __table_args__ = (
        sa.Index("ix_object_deadlines_due_cover", "due", "kind", "object_id"),
        sa.Index("ix_object_deadlines_computed_on", "computed_on"),
    )
    __audit__ = False

    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    due: Mapped[date] = mapped_column(sa.Date)
    rule_set: Mapped[str] = mapped_column(sa.String(60))
    approximate: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    basis: Mapped[str | None] = mapped_column(sa.String(200))
    #: the "today" the date was computed for (cycles without a previous event are due today)
    computed_on: Mapped[date] = mapped_column(sa.Date)
