"""Self-inspections (自查) of an object: one checklist per year, one row per control point; and the
State Council holiday calendars entered for years ``chinese_calendar`` does not know."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, Timestamped, Versioned, utcnow


class SelfInspection(Versioned, Timestamped, Base):
    """The 自查 of one object in one year (GB/T 22239-2019 checklist for its level and scenarios)."""

    __tablename__ = "self_inspections"
    __table_args__ = (sa.UniqueConstraint("object_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(sa.Integer)
    level: Mapped[int] = mapped_column(sa.SmallInteger)
    #: catalogue scenario codes, comma separated: "general,cloud"
    scenarios: Mapped[str] = mapped_column(sa.String(60), default="general")
    #: weight of a 部分符合 item in 符合率 (rule data compliance_rate.partial_weight_choices)
    partial_weight: Mapped[float] = mapped_column(sa.Float, default=0.0)
    inspector: Mapped[str | None] = mapped_column(sa.String(50))
    started_on: Mapped[date | None] = mapped_column(sa.Date)
    completed_on: Mapped[date | None] = mapped_column(sa.Date)
    major_hazards: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: the 自查 assessment record written when the inspection is completed (drives the next-date cycle)
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id", ondelete="SET NULL"))
    carried_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("self_inspections.id", ondelete="SET NULL")
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    items: Mapped[list[SelfInspectionItem]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="SelfInspectionItem.position"
    )


class SelfInspectionItem(Versioned, Base):
    """One control point of a self-inspection with its verdict (符合/部分符合/不符合/不适用)."""

    __tablename__ = "self_inspection_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        sa.ForeignKey("self_inspections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(sa.Integer)
    scenario: Mapped[str] = mapped_column(sa.String(10))
    category: Mapped[str] = mapped_column(sa.String(3))
    control_point: Mapped[str] = mapped_column(sa.String(60))
    #: conform, partial, nonconform, na; None = not yet judged
    verdict: Mapped[str | None] = mapped_column(sa.String(12))
    note: Mapped[str | None] = mapped_column(sa.Text)
    person: Mapped[str | None] = mapped_column(sa.String(50))
    checked_on: Mapped[date | None] = mapped_column(sa.Date)
    #: verdict copied from last year's inspection and not yet reviewed
    carried: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: risk of the finding this item creates (high/medium/low), default by rule data
    risk: Mapped[str | None] = mapped_column(sa.String(10))
    finding_id: Mapped[int | None] = mapped_column(sa.ForeignKey("findings.id", ondelete="SET NULL"))

    inspection: Mapped[SelfInspection] = relationship(back_populates="items")


class HolidayCalendar(Base):
    """A year's State Council holiday schedule entered or imported by the officer."""

    __tablename__ = "holiday_calendars"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.Integer, unique=True)
    source: Mapped[str] = mapped_column(sa.String(300))
    published: Mapped[date] = mapped_column(sa.Date)
    #: ISO dates, comma separated
    holidays: Mapped[str] = mapped_column(sa.Text)
    workdays: Mapped[str] = mapped_column(sa.Text, default="")
    entered_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
