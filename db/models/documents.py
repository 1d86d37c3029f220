"""Records about printed documents: a print made despite blocking 体检 problems."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, utcnow


class PrintOverride(Base):
    """The officer printed or exported a document although the pre-print check (体检) found blocking
    problems. Audited like every other row: the audit event names who did it and when."""

    __tablename__ = "print_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    printed_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
    #: filing, grading, rectification, expert_review
    document: Mapped[str] = mapped_column(sa.String(20))
    object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL"), index=True
    )
    #: the 备案表 template printed ("2025" or "1.0"), for filings
    form: Mapped[str | None] = mapped_column(sa.String(8))
    blocking: Mapped[int] = mapped_column(sa.Integer, default=0)
    warnings: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: the blocking rule ids, comma separated (the messages are in the rule file)
    rules: Mapped[str | None] = mapped_column(sa.Text)
    #: file name written (no folder), or "预览" for the window's preview
    output: Mapped[str | None] = mapped_column(sa.String(255))
