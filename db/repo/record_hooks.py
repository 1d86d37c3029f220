"""What saving or deleting a record does besides its own row: the entities' hooks.

The entity records of :mod:`db.repo.entities` name these functions; the services run them inside
their one write transaction. A save hook gets the record's ORM object after its checked values were
set; a delete hook runs before the row goes and may refuse (a Chinese :class:`ValidationError`).
Every row goes through the ORM so that each change leaves an audit event: rows the database would
remove or unlink silently (``ON DELETE CASCADE`` / ``SET NULL``) are handled here first.
"""

from __future__ import annotations

from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain import deadlines, validators
from db.domain.enums import GradingStatus, ObjectStatus
from db.domain.fields import FormErrors
from db.domain.form_codes import MATERIALS_2025
from db.domain.validators import ValidationError
from db.models import (
    Assessment,
    Attachment,
    DataCategory,
    Domain,
    Drill,
    EmergencyPlan,
    Filing,
    FilingMaterial,
    Finding,
    Grading,
    Incident,
    NoticeTask,
    Organization,
    ProtectedObject,
)

# --------------------------------------------------------------------------------------------------
# Saving: (session, the record, the checked values written, its id before saving: None when new)
# --------------------------------------------------------------------------------------------------


def organization_saved(_session: Session, obj: Organization, checked: dict[str, Any], record_id: int | None) -> None:
    if record_id is not None and checked.get("parent_id") == record_id:
        raise FormErrors({"parent_id": "上级单位不能是本单位"})


def object_saved(_session: Session, obj: ProtectedObject, checked: dict[str, Any], _record_id: int | None) -> None:
    """The object's domains, in the order given: kept rows keep their ids, new names are parsed."""
    if "domains" not in checked:
        return
    existing = {d.name: d for d in obj.domains}
    keep = []
    for position, name in enumerate(checked["domains"]):
        d = existing.get(name)
        if d is None:
            parsed = validators.domain(name)
            d = Domain(name=parsed.name, ascii_name=parsed.ascii_name, kind=parsed.kind)
        d.position = position
        keep.append(d)
    obj.domains[:] = keep


def finding_saved(_session: Session, finding: Finding, _checked: dict[str, Any], _record_id: int | None) -> None:
    """A finding without a deadline gets the one the rules give for its risk (rule set recorded)."""
    if finding.deadline is None and finding.found_on is not None:
        computed = deadlines.finding_deadline(
            finding.risk.value if finding.risk else "medium", finding.found_on, bool(finding.major_hazard)
        )
        finding.deadline = computed.due
        finding.deadline_rule = computed.rule_set


def filing_saved(session: Session, filing: Filing, _checked: dict[str, Any], record_id: int | None) -> None:
    """A new filing gets the 表五 material rows and, unless given, the object's current grading."""
    if record_id is not None:
        return
    for position, (key, title) in enumerate(MATERIALS_2025):
        filing.materials.append(FilingMaterial(item_key=key, title=title, position=position))
    if filing.grading_id is None:
        filing.grading_id = session.scalar(
            sa.select(Grading.id)
            .where(Grading.object_id == filing.object_id, Grading.status != GradingStatus.SUPERSEDED.value)
            .order_by(Grading.graded_on.desc(), Grading.id.desc())
        )


# --------------------------------------------------------------------------------------------------
# Deleting: (session, the record); the record's own attachments go after the hook, then the record
# --------------------------------------------------------------------------------------------------


def _count(session: Session, column: Any, value: int) -> int:
    return int(session.scalar(sa.select(sa.func.count()).where(column == value)) or 0)


def drop_attachments(session: Session, entity: str, ids: list[int]) -> None:
    """Delete the attachments of records ``ids`` of ``entity`` (each one audited)."""
    if ids:
        for att in session.scalars(
            sa.select(Attachment).where(Attachment.entity_type == entity, Attachment.entity_id.in_(ids))
        ):
            session.delete(att)


def _refuse(what: str, found: list[tuple[str, int]], advice: str) -> None:
    parts = [f"{label} {n} 条" for label, n in found if n]
    if parts:
        raise ValidationError(f"{what}还有{'、'.join(parts)}，不能删除。{advice}")


def deleting_organization(session: Session, obj: Organization) -> None:
    """Refused while the unit has objects, plans, drills or incidents; its sub-units and tasks are
    unlinked, its 表六 sheets and its contacts' attachments go with it."""
    record_id = obj.id
    n = _count(session, ProtectedObject.organization_id, record_id)
    if n:
        raise ValidationError(f"该单位下还有 {n} 个定级对象，不能删除。请先转移或删除这些对象。")
    _refuse("该单位", [
        ("应急预案", _count(session, EmergencyPlan.organization_id, record_id)),
        ("应急演练", _count(session, Drill.organization_id, record_id)),
        ("安全事件", _count(session, Incident.organization_id, record_id)),
    ], "这些记录须保留；如单位已撤销，请把状态改为“已撤销”。")
    for child in session.scalars(sa.select(Organization).where(Organization.parent_id == record_id)):
        child.parent_id = None
    for task in session.scalars(sa.select(NoticeTask).where(NoticeTask.organization_id == record_id)):
        task.organization_id = None
    for dc in session.scalars(sa.select(DataCategory).where(DataCategory.organization_id == record_id)):
        session.delete(dc)
    obj.security_contact_id = None
    obj.data_contact_id = None
    session.flush()
    drop_attachments(session, "contacts", [c.id for c in obj.contacts])


#: records that may name an object and outlive it
_ObjectLinked = TypeVar("_ObjectLinked", DataCategory, EmergencyPlan, Drill, Incident)


def _detach_from_object(session: Session, model: type[_ObjectLinked], object_id: int) -> None:
    """Clear the object link of ``model``'s rows that name ``object_id`` (the rows stay)."""
    for row in session.scalars(sa.select(model).where(model.object_id == object_id)):
        row.object_id = None


def deleting_object(session: Session, obj: ProtectedObject) -> None:
    """Refused while the object has filings, gradings, assessments or findings (they must be kept);
    the plans, drills, incidents, 表六 sheets and sub-objects that name it are unlinked."""
    record_id = obj.id
    filings = _count(session, Filing.object_id, record_id)
    if filings:
        raise ValidationError(
            f"该对象已有 {filings} 条备案记录，不能删除：备案记录须保留。"
            f"如网站或系统已停止运行，请把运行状态改为“{ObjectStatus.RETIRED.label}”。"
        )
    _refuse("该对象", [
        ("定级记录", _count(session, Grading.object_id, record_id)),
        ("测评记录", _count(session, Assessment.object_id, record_id)),
        ("问题", _count(session, Finding.object_id, record_id)),
    ], f"这些记录须保留；如已停止运行，请把运行状态改为“{ObjectStatus.RETIRED.label}”。")
    _detach_from_object(session, DataCategory, record_id)
    _detach_from_object(session, EmergencyPlan, record_id)
    _detach_from_object(session, Drill, record_id)
    _detach_from_object(session, Incident, record_id)
    for child in session.scalars(sa.select(ProtectedObject).where(ProtectedObject.parent_object_id == record_id)):
        child.parent_object_id = None


def deleting_finding(session: Session, obj: Finding) -> None:
    """The finding's actions go with it (cascade), and their attachments."""
    drop_attachments(session, "rectification_actions", [a.id for a in obj.actions])


def deleting_contact(session: Session, obj: Any) -> None:
    """A unit naming the contact as its security or data contact forgets it."""
    record_id = obj.id
    for org in session.scalars(
        sa.select(Organization).where(
            sa.or_(Organization.security_contact_id == record_id, Organization.data_contact_id == record_id)
        )
    ):
        if org.security_contact_id == record_id:
            org.security_contact_id = None
        if org.data_contact_id == record_id:
            org.data_contact_id = None
    session.flush()
