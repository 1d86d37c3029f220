"""Emergency plans (预案), drills (演练) and incidents (事件)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import DrillStatus, IncidentStatus
from db.models.base import Base, Timestamped, Versioned, enum_type


class EmergencyPlan(Versioned, Timestamped, Base):
    __tablename__ = "emergency_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    version: Mapped[str | None] = mapped_column(sa.String(20))
    scope: Mapped[str | None] = mapped_column(sa.Text)
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    last_reviewed_on: Mapped[date | None] = mapped_column(sa.Date)
    review_cycle_months: Mapped[int] = mapped_column(sa.Integer, default=12)
    notes: Mapped[str | None] = mapped_column(sa.Text)


class Drill(Versioned, Timestamped, Base):
    __tablename__ = "drills"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("emergency_plans.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(200))
    #: 桌面推演 or 实战
    kind: Mapped[str | None] = mapped_column(sa.String(20))
    #: 网页篡改, DDoS, 勒索, 数据泄露 …
    scenario: Mapped[str | None] = mapped_column(sa.String(100))
    planned_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    held_on: Mapped[date | None] = mapped_column(sa.Date)
    location: Mapped[str | None] = mapped_column(sa.String(200))
    organizer: Mapped[str | None] = mapped_column(sa.String(100))
    participants: Mapped[int | None] = mapped_column(sa.Integer)
    record: Mapped[str | None] = mapped_column(sa.Text)
    problems: Mapped[str | None] = mapped_column(sa.Text)
    conclusion: Mapped[str | None] = mapped_column(sa.Text)
    improvements: Mapped[str | None] = mapped_column(sa.Text)
    plan_revised: Mapped[bool | None] = mapped_column(sa.Boolean)
    status: Mapped[DrillStatus] = mapped_column(enum_type(DrillStatus), default=DrillStatus.PLANNED)


class Incident(Versioned, Timestamped, Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    #: 网页篡改, 挂马, 网络攻击, 数据泄露, 勒索, 拒绝服务, 其他
    category: Mapped[str] = mapped_column(sa.String(20))
    #: 特别重大, 重大, 较大, 一般
    grade: Mapped[str | None] = mapped_column(sa.String(10))
    occurred_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    discovered_at: Mapped[datetime] = mapped_column(sa.DateTime, index=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    handling: Mapped[str | None] = mapped_column(sa.Text)
    #: when handling ended: the 处置总结报告 is due 30 days later (报告管理办法 第八条)
    handling_ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    #: cause, impact or trend not yet known at the first report: a 补报 is owed (第七条)
    followup_needed: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    status: Mapped[IncidentStatus] = mapped_column(enum_type(IncidentStatus), default=IncidentStatus.OPEN)

    reports: Mapped[list[IncidentReport]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentReport.reported_at"
    )


class IncidentReport(Base):
    """Who was told about an incident, and when."""

    __tablename__ = "incident_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    reported_to: Mapped[str] = mapped_column(sa.String(200))
    reported_at: Mapped[datetime] = mapped_column(sa.DateTime)
    #: initial (首次报告), followup (补报) or summary (处置总结报告)
    kind: Mapped[str] = mapped_column(sa.String(10), default="initial", server_default="initial")
    method: Mapped[str | None] = mapped_column(sa.String(50))
    reported_by: Mapped[str | None] = mapped_column(sa.String(50))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    incident: Mapped[Incident] = relationship(back_populates="reports")
