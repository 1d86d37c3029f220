"""Test institutions, assessments, findings and rectification actions."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import AssessmentKind, AssessmentStatus, FindingSource, FindingStatus, Risk
from db.models.base import Base, Timestamped, Versioned, enum_type


class Institution(Versioned, Timestamped, Base):
    """An accredited test institution (推荐目录)."""

    __tablename__ = "institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    certificate_no: Mapped[str | None] = mapped_column(sa.String(60))
    #: 4-digit 测评机构代码
    code: Mapped[str | None] = mapped_column(sa.String(4))
    region: Mapped[str | None] = mapped_column(sa.String(60))
    contact_name: Mapped[str | None] = mapped_column(sa.String(50))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(120))
    valid_until: Mapped[date | None] = mapped_column(sa.Date)


class Assessment(Versioned, Timestamped, Base):
    __tablename__ = "assessments"
    __table_args__ = (
        sa.Index("ix_assessments_object_kind_date", "object_id", "kind", "report_date"),
        # the 测评 list's default sort
        sa.Index("ix_assessments_report_date", "report_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), index=True
    )
    institution_id: Mapped[int | None] = mapped_column(sa.ForeignKey("institutions.id", ondelete="SET NULL"))
    kind: Mapped[AssessmentKind] = mapped_column(enum_type(AssessmentKind), default=AssessmentKind.LEVEL_TEST)
    planned_on: Mapped[date | None] = mapped_column(sa.Date)
    started_on: Mapped[date | None] = mapped_column(sa.Date)
    report_date: Mapped[date | None] = mapped_column(sa.Date)
    report_no: Mapped[str | None] = mapped_column(sa.String(40))
    #: conclusion scheme rule set id ("conclusion-2021" 优良中差, "conclusion-2025" 符合/基本符合/不符合)
    scheme: Mapped[str | None] = mapped_column(sa.String(60))
    score: Mapped[float | None] = mapped_column(sa.Float)
    compliance_rate: Mapped[float | None] = mapped_column(sa.Float)
    conclusion: Mapped[str | None] = mapped_column(sa.String(10))
    major_risk_count: Mapped[int | None] = mapped_column(sa.Integer)
    major_risk_fixed: Mapped[int | None] = mapped_column(sa.Integer)
    retest_result: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[AssessmentStatus] = mapped_column(
        enum_type(AssessmentStatus), default=AssessmentStatus.PLANNED, index=True
    )

    findings: Mapped[list[Finding]] = relationship(back_populates="assessment")


class Finding(Versioned, Timestamped, Base):
    """A problem to fix (问题/隐患), from a test, a drill, an incident, a notice or monitoring."""

    __tablename__ = "findings"
    __table_args__ = (
        sa.Index("ix_findings_status_deadline", "status", "deadline"),
        sa.Index("ix_findings_object_status", "object_id", "status"),
        sa.Index("ix_findings_risk_status", "risk", "status"),
        # The 问题整改 list at province scale (200,000 findings): one covering index in deadline order
        # (id included as the tie-breaker) answers the default sort, the status / overdue filters
        # and the search box's LIKE on title, owner and test item without reading the table, and
        # a short "first page" stops after 100 rows. It replaces the plain deadline index.
        sa.Index(
            "ix_findings_deadline_cover",
            "deadline", "id", "status", "risk", "title", "owner", "test_item_code", "object_id",
        ),
        sa.Index("ix_findings_risk_deadline", "risk", "deadline"),
        sa.Index("ix_findings_title", "title"),
        sa.Index("ix_findings_found_on", "found_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(sa.ForeignKey("protected_objects.id", ondelete="CASCADE"))
    source: Mapped[FindingSource] = mapped_column(enum_type(FindingSource), default=FindingSource.ASSESSMENT)
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    drill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drills.id", ondelete="SET NULL"))
    incident_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incidents.id", ondelete="SET NULL"))
    notice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("notices.id", ondelete="SET NULL"))
    #: GB/T 22239 category code: PES, CNS, ABS, CES, SMC, PSS, ORS, HRS, CMS, MMS
    category: Mapped[str | None] = mapped_column(sa.String(3))
    control_point: Mapped[str | None] = mapped_column(sa.String(60))
    test_item_code: Mapped[str | None] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    risk: Mapped[Risk] = mapped_column(enum_type(Risk), default=Risk.MEDIUM)
    major_hazard: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    recommendation: Mapped[str | None] = mapped_column(sa.Text)
    interim_measures: Mapped[str | None] = mapped_column(sa.Text)
    owner: Mapped[str | None] = mapped_column(sa.String(50), index=True)
    owner_dept: Mapped[str | None] = mapped_column(sa.String(100))
    found_on: Mapped[date | None] = mapped_column(sa.Date)
    deadline: Mapped[date | None] = mapped_column(sa.Date)
    #: rule set that computed the default deadline (None when typed by the user)
    deadline_rule: Mapped[str | None] = mapped_column(sa.String(60))
    deadline_note: Mapped[str | None] = mapped_column(sa.String(300))
    status: Mapped[FindingStatus] = mapped_column(enum_type(FindingStatus), default=FindingStatus.OPEN)
    fixed_on: Mapped[date | None] = mapped_column(sa.Date)
    verified_on: Mapped[date | None] = mapped_column(sa.Date)
    verifier: Mapped[str | None] = mapped_column(sa.String(50))
    accepted_by: Mapped[str | None] = mapped_column(sa.String(50))
    accepted_reason: Mapped[str | None] = mapped_column(sa.Text)
    remaining_plan: Mapped[str | None] = mapped_column(sa.Text)

    assessment: Mapped[Assessment | None] = relationship(back_populates="findings")
    actions: Mapped[list[RectificationAction]] = relationship(
        back_populates="finding", cascade="all, delete-orphan", order_by="RectificationAction.id"
    )


class RectificationAction(Versioned, Timestamped, Base):
    __tablename__ = "rectification_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(sa.ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(sa.Text)
    responsible: Mapped[str | None] = mapped_column(sa.String(50))
    planned_on: Mapped[date | None] = mapped_column(sa.Date)
    done_on: Mapped[date | None] = mapped_column(sa.Date)
    evidence: Mapped[str | None] = mapped_column(sa.Text)
    verifier: Mapped[str | None] = mapped_column(sa.String(50))
    verified_on: Mapped[date | None] = mapped_column(sa.Date)

    finding: Mapped[Finding] = relationship(back_populates="actions")
