"""Protected objects (定级对象): websites and information systems with their identifiers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import ObjectStatus, ObjectType
from db.models.base import Base, Timestamped, Versioned, enum_type

if TYPE_CHECKING:
    from db.models.organization import Organization


class ProtectedObject(Versioned, Timestamped, Base):
    __tablename__ = "protected_objects"
    # the dashboard's objects-by-level count reads only this index
    __table_args__ = (sa.Index("ix_protected_objects_status_level", "status", "current_level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    #: 5-digit 编号 (second segment of the 备案证明编号)
    code: Mapped[str | None] = mapped_column(sa.String(5))
    object_type: Mapped[ObjectType] = mapped_column(enum_type(ObjectType), default=ObjectType.WEBSITE)
    #: 采用技术: subset of cloud, mobile, iot, ics, big_data, other
    technologies: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    technologies_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 业务类型: 1 生产作业, 2 指挥调度, 3 内部办公, 4 公众服务, 9 其他
    business_type: Mapped[str | None] = mapped_column(sa.String(2))
    business_type_other: Mapped[str | None] = mapped_column(sa.String(100))
    business_desc: Mapped[str | None] = mapped_column(sa.Text)
    #: 服务范围: 10, 11, 20, 21, 30, 99
    service_scope: Mapped[str | None] = mapped_column(sa.String(2))
    service_scope_count: Mapped[int | None] = mapped_column(sa.Integer)
    service_scope_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 服务对象: 1 单位内部人员, 2 社会公众人员, 3 两者均包括, 9 其他
    service_objects: Mapped[str | None] = mapped_column(sa.String(2))
    service_objects_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 部署范围: 1 局域网, 2 城域网, 3 广域网, 9 其他
    deployment_scope: Mapped[str | None] = mapped_column(sa.String(2))
    deployment_scope_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 网络性质: 1 业务专网, 2 互联网, 9 其他
    network_nature: Mapped[str | None] = mapped_column(sa.String(2))
    network_nature_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 网络互联情况: subset of 1, 2, 3, 9
    interconnection: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    interconnection_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 源站IP地址范围, one range or address per entry
    ip_ranges: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: 主要协议/端口, e.g. ["HTTPS/443", "HTTP/80"]
    ports: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    go_live_date: Mapped[date | None] = mapped_column(sa.Date)
    is_subsystem: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    parent_object_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="SET NULL")
    )
    parent_system_name: Mapped[str | None] = mapped_column(sa.String(200))
    parent_system_org: Mapped[str | None] = mapped_column(sa.String(200))
    # website identifiers
    site_name: Mapped[str | None] = mapped_column(sa.String(200))
    icp_number: Mapped[str | None] = mapped_column(sa.String(40))
    psb_number: Mapped[str | None] = mapped_column(sa.String(40))
    site_code: Mapped[str | None] = mapped_column(sa.String(10))
    badge_displayed: Mapped[bool | None] = mapped_column(sa.Boolean)
    #: 开办审核/资格复核 state: 未申报, 审核中, 已通过, 未通过, 资格复核通过, 资格复核未通过
    opening_review: Mapped[str | None] = mapped_column(sa.String(20))
    website_group: Mapped[str | None] = mapped_column(sa.String(200))
    #: 表四 new-technology details: {"cloud": {...}, "mobile": {...}, ...}
    scenario_details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # indexed by ix_protected_objects_status_level (status first)
    status: Mapped[ObjectStatus] = mapped_column(enum_type(ObjectStatus), default=ObjectStatus.RUNNING)
    #: denormalised current level (of the newest non-superseded grading), kept by the grading service
    current_level: Mapped[int | None] = mapped_column(sa.SmallInteger, index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    organization: Mapped[Organization] = relationship(back_populates="objects")
    domains: Mapped[list[Domain]] = relationship(
        back_populates="object", cascade="all, delete-orphan", order_by="Domain.position"
    )


class Domain(Base):
    """One domain of an object: an English name or a Chinese ``.政务``/``.公益`` name."""

    __tablename__ = "domains"
    __table_args__ = (sa.Index("ix_domains_ascii", "ascii_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[int] = mapped_column(
        sa.ForeignKey("protected_objects.id", ondelete="CASCADE"), index=True
    )
    #: as the user wrote it, normalised (e.g. ``河北省编办.政务``)
    name: Mapped[str] = mapped_column(sa.String(255))
    #: IDNA (punycode) form, used for matching
    ascii_name: Mapped[str] = mapped_column(sa.String(255))
    #: "en" or "cn"
    kind: Mapped[str] = mapped_column(sa.String(2), default="en")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)

    object: Mapped[ProtectedObject] = relationship(back_populates="domains")
