"""Grading (定级) and police filing (备案)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import FilingStatus, GradingStatus, HarmDegree, HarmedObject
from db.models.base import Base, Timestamped, Versioned, enum_type


class Grading(Versioned, Timestamped, Base):
    """One grading of an object. Re-grading adds a new row and supersedes the old one."""

    __tablename__ = "gradings"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), index=True
    )
    #: id of the grading rule set (resources/rules) that produced the levels
    rule_set: Mapped[str] = mapped_column(sa.String(60))
    business_object: Mapped[HarmedObject] = mapped_column(enum_type(HarmedObject))
    business_degree: Mapped[HarmDegree] = mapped_column(enum_type(HarmDegree))
    business_level: Mapped[int] = mapped_column(sa.SmallInteger)
    service_object: Mapped[HarmedObject] = mapped_column(enum_type(HarmedObject))
    service_degree: Mapped[HarmDegree] = mapped_column(enum_type(HarmDegree))
    service_level: Mapped[int] = mapped_column(sa.SmallInteger)
    level: Mapped[int] = mapped_column(sa.SmallInteger, index=True)
    graded_on: Mapped[date] = mapped_column(sa.Date, index=True)
    # 定级报告 sections
    responsibility: Mapped[str | None] = mapped_column(sa.Text)
    composition: Mapped[str | None] = mapped_column(sa.Text)
    business_summary: Mapped[str | None] = mapped_column(sa.Text)
    data_summary: Mapped[str | None] = mapped_column(sa.Text)
    security_responsibility: Mapped[str | None] = mapped_column(sa.Text)
    business_desc: Mapped[str | None] = mapped_column(sa.Text)
    business_object_reason: Mapped[str | None] = mapped_column(sa.Text)
    business_degree_reason: Mapped[str | None] = mapped_column(sa.Text)
    service_desc: Mapped[str | None] = mapped_column(sa.Text)
    service_object_reason: Mapped[str | None] = mapped_column(sa.Text)
    service_degree_reason: Mapped[str | None] = mapped_column(sa.Text)
    # expert review and supervisor approval
    expert_review_date: Mapped[date | None] = mapped_column(sa.Date)
    expert_review_passed: Mapped[bool | None] = mapped_column(sa.Boolean)
    expert_names: Mapped[str | None] = mapped_column(sa.String(300))
    expert_opinion: Mapped[str | None] = mapped_column(sa.Text)
    has_supervisor: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    supervisor_name: Mapped[str | None] = mapped_column(sa.String(200))
    supervisor_approved: Mapped[bool | None] = mapped_column(sa.Boolean)
    supervisor_approval_date: Mapped[date | None] = mapped_column(sa.Date)
    filled_by: Mapped[str | None] = mapped_column(sa.String(50))
    status: Mapped[GradingStatus] = mapped_column(
        enum_type(GradingStatus), default=GradingStatus.DRAFT, index=True
    )
    superseded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gradings.id", ondelete="SET NULL"))


class Filing(Versioned, Timestamped, Base):
    """A filing with the police (备案) of one object, based on one grading."""

    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), index=True
    )
    grading_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gradings.id", ondelete="SET NULL"))
    #: "2025" (表一–表六) or "1.0" (表一–表四)
    form_version: Mapped[str] = mapped_column(sa.String(8), default="2025")
    police_organ: Mapped[str | None] = mapped_column(sa.String(200))
    #: 跨省或全国联网运行: filed with the provincial police (1846号 第3至5问)
    cross_province: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    form_number: Mapped[str | None] = mapped_column(sa.String(11))
    submitted_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    accepted_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    certificate_no: Mapped[str | None] = mapped_column(sa.String(17), index=True)
    returned_reason: Mapped[str | None] = mapped_column(sa.Text)
    filled_by: Mapped[str | None] = mapped_column(sa.String(50))
    filled_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[FilingStatus] = mapped_column(
        enum_type(FilingStatus), default=FilingStatus.PREPARING, index=True
    )

    materials: Mapped[list[FilingMaterial]] = relationship(
        back_populates="filing", cascade="all, delete-orphan", order_by="FilingMaterial.position"
    )


class FilingMaterial(Versioned, Base):
    """One row of 表五 (materials checklist): present or not, with its attachment."""

    __tablename__ = "filing_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    filing_id: Mapped[int] = mapped_column(sa.ForeignKey("filings.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200))
    present: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    attachment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("attachments.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    filing: Mapped[Filing] = relationship(back_populates="materials")
