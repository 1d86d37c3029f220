"""Single records for editors and pages, as plain dicts and frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.deadlines import ComputedDate
from db.domain.enums import level_label
from db.domain.errors import StaleRecordError
from db.models import (
    Assessment,
    Attachment,
    Base,
    DataCategory,
    Domain,
    Filing,
    Finding,
    Grading,
    Incident,
    Institution,
    Notice,
    Organization,
    ProtectedObject,
    RectificationAction,
)
from db.models.base import utcnow
from db.repo import audit_view
from db.repo.deadlines import object_dates
from db.repo.entities import MODELS

_M = TypeVar("_M", bound=Base)


class NotFoundError(LookupError):
    """The record no longer exists (deleted in another window)."""


def version_of(obj: object) -> int | None:
    """The record's ``row_version`` (None for records without one)."""
    value = getattr(obj, "row_version", None)
    return int(value) if value is not None else None


def locked(
    session: Session, model: type[_M], record_id: int, *, expected_version: int | None = None, entity: str = ""
) -> _M:
    """The record read for a change, locked until the transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE`` (another officer's save of the same row waits, bounded by the
    server's lock timeout); SQLite: the caller's write transaction already holds the file's write lock. The
    row is read afresh even if the session has it. A stored version other than ``expected_version`` (the one
    the form was loaded with) raises :class:`StaleRecordError`; None skips the comparison."""
    obj = session.get(model, record_id, with_for_update=True, populate_existing=True)
    if obj is None:
        raise NotFoundError("记录已不存在，可能已被删除。")
    found = version_of(obj)
    if expected_version is not None and found is not None and found != expected_version:
        raise StaleRecordError(entity or model.__tablename__, record_id, expected=expected_version, found=found)
    return obj


def touch(session: Session, obj: object) -> None:
    """When a save changed only what belongs to the record (an object's domains, a unit's contacts), write its
    row anyway so its version counts up: a form loaded before is then stale too. A save that changed nothing
    writes nothing."""
    if not (hasattr(obj, "row_version") and hasattr(obj, "updated_at")) or session.is_modified(
        obj, include_collections=False
    ):
        return
    if any(o is not obj for o in (*session.new, *session.deleted)) or any(
        o is not obj and session.is_modified(o) for o in session.dirty
    ):
        obj.updated_at = utcnow()


def plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def row_dict(obj: Base) -> dict[str, Any]:
    """Column values of an ORM object as plain Python values (enums as codes)."""
    mapper = sa.inspect(type(obj))
    return {prop.key: plain(getattr(obj, prop.key)) for prop in mapper.column_attrs if prop.key != "data"}


def get(session: Session, entity: str, record_id: int) -> dict[str, Any]:
    """One record as a dict, with its children where an editor shows them."""
    model = MODELS[entity]
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(f"记录已不存在：{entity} #{record_id}")
    data = row_dict(obj)
    if isinstance(obj, ProtectedObject):
        data["domains"] = [d.name for d in obj.domains]
        data["organization_name"] = obj.organization.name
    elif isinstance(obj, Finding):
        data["actions"] = [row_dict(a) for a in obj.actions]
        data["object_name"] = session.scalar(
            sa.select(ProtectedObject.name).where(ProtectedObject.id == obj.object_id)
        )
    elif isinstance(obj, Filing):
        data["materials"] = [row_dict(m) for m in obj.materials]
    elif isinstance(obj, Organization):
        data["contacts"] = [row_dict(c) for c in obj.contacts]
        data["data_categories"] = data_categories(session, obj.id)
    elif isinstance(obj, Notice):
        data["tasks"] = [row_dict(t) for t in obj.tasks]
    elif isinstance(obj, Incident):
        data["reports"] = [row_dict(r) for r in obj.reports]
    return data


# --------------------------------------------------------------------------------------------------
# The object page
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateInfo:
    due: date
    basis: str
    rule_set: str
    approximate: bool


def _info(c: ComputedDate | None) -> DateInfo | None:
    return None if c is None else DateInfo(c.due, c.basis, c.rule_set, c.approximate)


@dataclass(frozen=True)
class ObjectPage:
    id: int
    name: str
    organization_id: int
    organization: str
    level: int | None
    level_label: str
    object_type: str
    status: str
    filing_status: str | None
    filing_id: int | None
    certificate_no: str | None
    accepted_on: date | None
    certificate_expiry: DateInfo | None
    renewal_window: DateInfo | None
    filing_due: DateInfo | None
    next_level_test: DateInfo | None
    next_self_inspection: DateInfo | None
    next_drill: DateInfo | None
    record: dict[str, Any]
    domains: tuple[tuple[str, str], ...]
    gradings: tuple[dict[str, Any], ...]
    filings: tuple[dict[str, Any], ...]
    materials: tuple[dict[str, Any], ...]
    assessments: tuple[dict[str, Any], ...]
    findings: tuple[dict[str, Any], ...]
    attachments: tuple[dict[str, Any], ...]


def object_page(session: Session, object_id: int, *, today: date) -> ObjectPage:
    obj = session.get(ProtectedObject, object_id)
    if obj is None:
        raise NotFoundError(f"定级对象已不存在：#{object_id}")
    record = row_dict(obj)
    gradings = [
        row_dict(g)
        for g in session.scalars(
            sa.select(Grading).where(Grading.object_id == object_id).order_by(Grading.graded_on.desc(), Grading.id.desc())
        )
    ]
    filing_objs = list(
        session.scalars(sa.select(Filing).where(Filing.object_id == object_id).order_by(Filing.id.desc()))
    )
    filings = [row_dict(f) for f in filing_objs]
    current = filing_objs[0] if filing_objs else None
    materials: list[dict[str, Any]] = []
    if current is not None:
        names = dict(
            session.execute(
                sa.select(Attachment.id, Attachment.filename).where(
                    Attachment.id.in_([m.attachment_id for m in current.materials if m.attachment_id])
                )
            ).all()
        )
        for m in current.materials:
            d = row_dict(m)
            d["attachment_name"] = names.get(m.attachment_id) if m.attachment_id is not None else None
            materials.append(d)
    inst = dict(session.execute(sa.select(Institution.id, Institution.name)).all())
    assessments = []
    for a in session.scalars(
        sa.select(Assessment).where(Assessment.object_id == object_id).order_by(Assessment.id.desc())
    ):
        d = row_dict(a)
        d["institution"] = inst.get(a.institution_id) if a.institution_id is not None else None
        assessments.append(d)
    counts = dict(
        session.execute(
            sa.select(RectificationAction.finding_id, sa.func.count())
            .join(Finding, Finding.id == RectificationAction.finding_id)
            .where(Finding.object_id == object_id)
            .group_by(RectificationAction.finding_id)
        ).all()
    )
    findings = []
    for f in session.execute(
        sa.select(
            Finding.id, Finding.title, Finding.risk, Finding.status, Finding.owner, Finding.deadline,
            Finding.major_hazard, Finding.control_point, Finding.assessment_id,
        ).where(Finding.object_id == object_id).order_by(Finding.deadline.is_(None), Finding.deadline)
    ):
        d = {k: plain(v) for k, v in f._mapping.items()}
        d["actions"] = counts.get(f.id, 0)
        findings.append(d)
    filing_ids = [f["id"] for f in filings]
    atts = attachments_for(session, "protected_objects", [object_id]) + attachments_for(
        session, "filings", filing_ids
    )
    dates = object_dates(session, object_id, today)
    return ObjectPage(
        id=obj.id,
        name=obj.name,
        organization_id=obj.organization_id,
        organization=obj.organization.name,
        level=obj.current_level,
        level_label=level_label(obj.current_level),
        object_type=plain(obj.object_type),
        status=plain(obj.status),
        filing_status=plain(current.status) if current else None,
        filing_id=current.id if current else None,
        certificate_no=current.certificate_no if current else None,
        accepted_on=current.accepted_on if current else None,
        certificate_expiry=_info(dates.certificate_expiry) if dates else None,
        renewal_window=_info(dates.renewal_window) if dates else None,
        filing_due=_info(dates.filing_due) if dates else None,
        next_level_test=_info(dates.next_level_test) if dates else None,
        next_self_inspection=_info(dates.next_self_inspection) if dates else None,
        next_drill=_info(dates.next_drill) if dates else None,
        record=record,
        domains=tuple((d.name, d.kind) for d in obj.domains),
        gradings=tuple(gradings),
        filings=tuple(filings),
        materials=tuple(materials),
        assessments=tuple(assessments),
        findings=tuple(findings),
        attachments=tuple(atts),
    )


def data_categories(session: Session, organization_id: int) -> list[dict[str, Any]]:
    """The unit's 表六 sheets (data categories), with the name of the object each is tied to."""
    rows = []
    for dc, object_name in session.execute(
        sa.select(DataCategory, ProtectedObject.name)
        .outerjoin(ProtectedObject, ProtectedObject.id == DataCategory.object_id)
        .where(DataCategory.organization_id == organization_id)
        .order_by(DataCategory.id)
    ):
        d = row_dict(dc)
        d["object_name"] = object_name
        rows.append(d)
    return rows


def unit_objects(session: Session, organization_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of the unit's own objects, by name: the choice a 表六 sheet is tied to."""
    rows = session.execute(
        sa.select(ProtectedObject.id, ProtectedObject.name)
        .where(ProtectedObject.organization_id == organization_id)
        .order_by(ProtectedObject.name)
    ).all()
    return [(i, n) for i, n in rows]


def data_category_unit(session: Session, category_id: int) -> int | None:
    """The unit a 表六 sheet (data category) belongs to; None if it is gone."""
    return session.scalar(sa.select(DataCategory.organization_id).where(DataCategory.id == category_id))


# --------------------------------------------------------------------------------------------------
# Attachments and history
# --------------------------------------------------------------------------------------------------


def attachments_for(session: Session, entity: str, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    stmt = (
        sa.select(
            Attachment.id, Attachment.entity_type, Attachment.entity_id, Attachment.filename,
            Attachment.mime_type, Attachment.size, Attachment.sha256, Attachment.description,
            Attachment.created_at,
        )
        .where(Attachment.entity_type == entity, Attachment.entity_id.in_(ids))
        .order_by(Attachment.id)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def attachment_data(session: Session, attachment_id: int) -> tuple[str, bytes]:
    row = session.execute(
        sa.select(Attachment.filename, Attachment.data).where(Attachment.id == attachment_id)
    ).first()
    if row is None:
        raise NotFoundError(f"附件已不存在：#{attachment_id}")
    return row[0], bytes(row[1] or b"")


def history(session: Session, entity: str, record_id: int) -> list[dict[str, Any]]:
    """Audit trail of one record (newest first) with the children an editor shows."""
    conn = session.connection()
    events = audit_view.history(conn, entity, record_id)
    if entity == "findings":
        ids = session.scalars(
            sa.select(RectificationAction.id).where(RectificationAction.finding_id == record_id)
        ).all()
        for action_id in ids:
            events += audit_view.history(conn, "rectification_actions", action_id)
    if entity == "protected_objects":
        ids = session.scalars(sa.select(Domain.id).where(Domain.object_id == record_id)).all()
        for domain_id in ids:
            events += audit_view.history(conn, "domains", domain_id)
    events.sort(key=lambda e: e["id"], reverse=True)
    return [
        {k: e[k] for k in ("id", "at", "actor", "action", "entity", "field", "old_value", "new_value")}
        for e in events
    ]
