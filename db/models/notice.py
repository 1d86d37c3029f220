"""Supervising department notices (上级通知) and their tasks; 表六 data categories."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import TaskStatus
from db.models.base import Base, Timestamped, Versioned, enum_type


class Notice(Versioned, Timestamped, Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 文号, e.g. 冀机编办〔2015〕204号
    doc_number: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    issuer: Mapped[str | None] = mapped_column(sa.String(200))
    received_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str | None] = mapped_column(sa.Text)

    tasks: Mapped[list[NoticeTask]] = relationship(
        back_populates="notice", cascade="all, delete-orphan", order_by="NoticeTask.due_on"
    )


class NoticeTask(Versioned, Timestamped, Base):
    __tablename__ = "notice_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(sa.ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(sa.Text)
    due_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    assignee: Mapped[str | None] = mapped_column(sa.String(50))
    done_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[TaskStatus] = mapped_column(enum_type(TaskStatus), default=TaskStatus.OPEN)

    notice: Mapped[Notice] = relationship(back_populates="tasks")


class DataCategory(Versioned, Timestamped, Base):
    """One sheet of 表六 数据摸底调查表: a data category of a unit, optionally tied to an object."""

    __tablename__ = "data_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    #: 1 一般数据, 2 重要及以上数据
    data_level: Mapped[str | None] = mapped_column(sa.String(2))
    category: Mapped[str | None] = mapped_column(sa.String(100))
    responsible_dept: Mapped[str | None] = mapped_column(sa.String(100))
    responsible_person: Mapped[str | None] = mapped_column(sa.String(50))
    #: subset of 1 敏感, 2 未成年人, 3 一般, 4 不涉及
    personal_info: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    total_gb: Mapped[float | None] = mapped_column(sa.Float)
    total_tb: Mapped[float | None] = mapped_column(sa.Float)
    total_records_10k: Mapped[float | None] = mapped_column(sa.Float)
    monthly_growth_gb: Mapped[float | None] = mapped_column(sa.Float)
    sources: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sources_other: Mapped[str | None] = mapped_column(sa.String(100))
    source_units: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    outflow_units: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: {"provide": "…", "entrust": "…", "joint": "…"} or {"none": true}
    interactions: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    #: {"cloud": [["4", "某政务云"]], "room": [["1", "本单位机房"]], "region": [["1", "河北省石家庄市"]]}
    storage: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
