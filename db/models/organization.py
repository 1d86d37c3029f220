"""Units (单位) and their contacts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.domain.enums import OperatorType, OrgStatus
from db.models.base import Base, Timestamped, Versioned, enum_type

if TYPE_CHECKING:
    from db.models.protected_object import ProtectedObject


class Organization(Versioned, Timestamped, Base):
    """A unit: a 党政机关, 事业单位 or 国有企业, possibly under a 主管部门 (``parent``)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    short_name: Mapped[str | None] = mapped_column(sa.String(100))
    uscc: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    region_code: Mapped[str | None] = mapped_column(sa.String(12))
    province: Mapped[str | None] = mapped_column(sa.String(50))
    prefecture: Mapped[str | None] = mapped_column(sa.String(50))
    county: Mapped[str | None] = mapped_column(sa.String(50))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    postcode: Mapped[str | None] = mapped_column(sa.String(6))
    #: 隶属关系 code of the filing form: 1 中央, 2 省, 3 地, 4 县, 9 其他
    affiliation: Mapped[str | None] = mapped_column(sa.String(2))
    affiliation_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 单位类型: 1 党委机关, 2 政府机关, 3 事业单位, 4 企业, 9 其他
    unit_type: Mapped[str | None] = mapped_column(sa.String(2))
    unit_type_other: Mapped[str | None] = mapped_column(sa.String(100))
    #: 行业类别 code of the 2025 form (1–48, 99)
    industry: Mapped[str | None] = mapped_column(sa.String(3))
    industry_other: Mapped[str | None] = mapped_column(sa.String(100))
    operator_type: Mapped[OperatorType] = mapped_column(enum_type(OperatorType), default=OperatorType.OTHER)
    leader_name: Mapped[str | None] = mapped_column(sa.String(50))
    leader_title: Mapped[str | None] = mapped_column(sa.String(100))
    leader_office_phone: Mapped[str | None] = mapped_column(sa.String(40))
    leader_email: Mapped[str | None] = mapped_column(sa.String(120))
    security_dept: Mapped[str | None] = mapped_column(sa.String(100))
    security_contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL", use_alter=True)
    )
    data_security_dept: Mapped[str | None] = mapped_column(sa.String(100))
    data_contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL", use_alter=True)
    )
    status: Mapped[OrgStatus] = mapped_column(enum_type(OrgStatus), default=OrgStatus.ACTIVE, index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organization", foreign_keys="Contact.organization_id", cascade="all, delete-orphan"
    )
    security_contact: Mapped[Contact | None] = relationship(
        foreign_keys=[security_contact_id], post_update=True
    )
    data_contact: Mapped[Contact | None] = relationship(foreign_keys=[data_contact_id], post_update=True)
    objects: Mapped[list[ProtectedObject]] = relationship(back_populates="organization")


class Contact(Versioned, Timestamped, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(50))
    title: Mapped[str | None] = mapped_column(sa.String(100))
    department: Mapped[str | None] = mapped_column(sa.String(100))
    office_phone: Mapped[str | None] = mapped_column(sa.String(40))
    mobile: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(120))
    role: Mapped[str | None] = mapped_column(sa.String(50))

    organization: Mapped[Organization] = relationship(
        back_populates="contacts", foreign_keys=[organization_id]
    )
