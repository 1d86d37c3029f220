"""The parts every printed document shares, as plain data: the unit, the object, its current
grading (with its matrix and 表三 attachments) and attachments. Missing records raise
:class:`DocumentDataError` with a Chinese message.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, undefer

from db.domain import rules
from db.domain.enums import GradingStatus
from db.models import (
    Attachment,
    Contact,
    Grading,
    Organization,
    ProtectedObject,
)
from desktop.documents.model import (
    AttachmentInfo,
    GradingInfo,
    ObjectInfo,
    Person,
    UnitInfo,
)


class DocumentDataError(ValueError):
    """The record a document needs is missing; the message is for the user."""


def as_text(value: object) -> str:
    """The value as text; None as empty."""
    return "" if value is None else str(value)


def _person(contact: Contact | None) -> Person:
    if contact is None:
        return Person()
    return Person(
        name=as_text(contact.name),
        title=as_text(contact.title),
        department=as_text(contact.department),
        office_phone=as_text(contact.office_phone),
        mobile=as_text(contact.mobile),
        email=as_text(contact.email),
    )


def unit_info(org: Organization) -> UnitInfo:
    return UnitInfo(
        id=org.id,
        name=org.name,
        uscc=as_text(org.uscc),
        province=as_text(org.province),
        prefecture=as_text(org.prefecture),
        county=as_text(org.county),
        address=as_text(org.address),
        postcode=as_text(org.postcode),
        region_code=as_text(org.region_code),
        leader=Person(
            name=as_text(org.leader_name),
            title=as_text(org.leader_title),
            office_phone=as_text(org.leader_office_phone),
            email=as_text(org.leader_email),
        ),
        security_dept=as_text(org.security_dept),
        security_contact=_person(org.security_contact),
        data_security_dept=as_text(org.data_security_dept),
        data_contact=_person(org.data_contact),
        affiliation=as_text(org.affiliation),
        affiliation_other=as_text(org.affiliation_other),
        unit_type=as_text(org.unit_type),
        unit_type_other=as_text(org.unit_type_other),
        industry=as_text(org.industry),
        industry_other=as_text(org.industry_other),
        parent_name=org.parent.name if org.parent else "",
    )


def object_info(obj: ProtectedObject) -> ObjectInfo:
    return ObjectInfo(
        id=obj.id,
        name=obj.name,
        organization_name=obj.organization.name,
        code=as_text(obj.code),
        object_type=obj.object_type.value if obj.object_type else "",
        technologies=list(obj.technologies or []),
        technologies_other=as_text(obj.technologies_other),
        business_type=as_text(obj.business_type),
        business_type_other=as_text(obj.business_type_other),
        business_desc=as_text(obj.business_desc),
        service_scope=as_text(obj.service_scope),
        service_scope_count=obj.service_scope_count,
        service_scope_other=as_text(obj.service_scope_other),
        service_objects=as_text(obj.service_objects),
        service_objects_other=as_text(obj.service_objects_other),
        deployment_scope=as_text(obj.deployment_scope),
        deployment_scope_other=as_text(obj.deployment_scope_other),
        network_nature=as_text(obj.network_nature),
        network_nature_other=as_text(obj.network_nature_other),
        ip_ranges=list(obj.ip_ranges or []),
        domains=[d.name for d in obj.domains],
        ports=list(obj.ports or []),
        interconnection=[str(c) for c in obj.interconnection or []],
        interconnection_other=as_text(obj.interconnection_other),
        go_live_date=obj.go_live_date,
        is_subsystem=bool(obj.is_subsystem),
        parent_system_name=as_text(obj.parent_system_name),
        parent_system_org=as_text(obj.parent_system_org),
        scenario_details=dict(obj.scenario_details or {}),
        site_name=as_text(obj.site_name),
        level=obj.current_level,
    )


def attachment_info(att: Attachment, *, with_data: bool = False) -> AttachmentInfo:
    return AttachmentInfo(
        id=att.id,
        filename=att.filename,
        mime_type=as_text(att.mime_type),
        size=att.size or 0,
        description=as_text(att.description),
        data=att.data if with_data else None,
    )


def grading_matrix(rule_set_id: str) -> rules.GradingMatrix | None:
    """The matrix of a grading rule set; None when the rule set is unknown or not a grading one."""
    try:
        return rules.grading_matrix(rule_set_id)
    except (ValueError, KeyError, LookupError):
        return None


def load_object(session: Session, object_id: int) -> ProtectedObject:
    obj = session.get(ProtectedObject, object_id)
    if obj is None:
        raise DocumentDataError(f"找不到定级对象（ID {object_id}）。")
    return obj


def current_grading(session: Session, object_id: int) -> Grading | None:
    """The newest grading that is not superseded, preferring approved/reviewed over drafts."""
    rows = session.scalars(
        sa.select(Grading)
        .where(Grading.object_id == object_id, Grading.status != GradingStatus.SUPERSEDED)
        .order_by(Grading.graded_on.desc(), Grading.id.desc())
    ).all()
    for status in (GradingStatus.APPROVED, GradingStatus.REVIEWED, GradingStatus.DRAFT):
        for g in rows:
            if g.status == status:
                return g
    return None


# keywords in an attachment's description or file name that say which 表三 slot it fills
_GRADING_SLOTS = {
    "report": ("定级报告",),
    "review": ("专家评审", "评审意见"),
    "approval": ("审核", "审批", "主管部门"),
}


def _grading_attachments(session: Session, grading: Grading, with_data: bool) -> dict[str, AttachmentInfo]:
    q = sa.select(Attachment).where(Attachment.entity_type == "gradings", Attachment.entity_id == grading.id)
    if with_data:
        q = q.options(undefer(Attachment.data))
    found: dict[str, AttachmentInfo] = {}
    for att in session.scalars(q.order_by(Attachment.id)):
        text = f"{att.description or ''} {att.filename}"
        for slot, words in _GRADING_SLOTS.items():
            if slot not in found and any(w in text for w in words):
                found[slot] = attachment_info(att, with_data=with_data)
                break
    return found


def grading_info(session: Session, grading: Grading, *, with_data: bool = False) -> GradingInfo:
    atts = _grading_attachments(session, grading, with_data)
    return GradingInfo(
        id=grading.id,
        rule_set=grading.rule_set,
        business_object=grading.business_object.value,
        business_degree=grading.business_degree.value,
        business_level=grading.business_level,
        service_object=grading.service_object.value,
        service_degree=grading.service_degree.value,
        service_level=grading.service_level,
        level=grading.level,
        graded_on=grading.graded_on,
        responsibility=as_text(grading.responsibility),
        composition=as_text(grading.composition),
        business_summary=as_text(grading.business_summary),
        data_summary=as_text(grading.data_summary),
        security_responsibility=as_text(grading.security_responsibility),
        business_desc=as_text(grading.business_desc),
        business_object_reason=as_text(grading.business_object_reason),
        business_degree_reason=as_text(grading.business_degree_reason),
        service_desc=as_text(grading.service_desc),
        service_object_reason=as_text(grading.service_object_reason),
        service_degree_reason=as_text(grading.service_degree_reason),
        expert_review_date=grading.expert_review_date,
        expert_review_passed=grading.expert_review_passed,
        expert_names=as_text(grading.expert_names),
        expert_opinion=as_text(grading.expert_opinion),
        has_supervisor=bool(grading.has_supervisor),
        supervisor_name=as_text(grading.supervisor_name),
        supervisor_approved=grading.supervisor_approved,
        supervisor_approval_date=grading.supervisor_approval_date,
        filled_by=as_text(grading.filled_by),
        status=grading.status.value if grading.status else "",
        report_attachment=atts.get("report"),
        review_attachment=atts.get("review"),
        approval_attachment=atts.get("approval"),
        matrix=grading_matrix(grading.rule_set),
    )
