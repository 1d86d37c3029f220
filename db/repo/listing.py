"""Simple listings for the command line (the window has its own paged models)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import FindingStatus, Risk, level_label
from db.domain.findings import is_open
from db.models import Finding, Organization, ProtectedObject


def organizations(session: Session) -> list[dict[str, Any]]:
    parent = sa.orm.aliased(Organization)
    stmt = (
        sa.select(Organization.id, Organization.name, Organization.uscc, parent.name.label("parent"))
        .outerjoin(parent, parent.id == Organization.parent_id)
        .order_by(Organization.id)
    )
    return [dict(r._mapping) for r in session.execute(stmt)]


def objects(session: Session) -> list[dict[str, Any]]:
    stmt = (
        sa.select(
            ProtectedObject.id,
            ProtectedObject.name,
            ProtectedObject.current_level.label("level"),
            ProtectedObject.status,
            Organization.name.label("organization"),
        )
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .order_by(ProtectedObject.id)
    )
    rows = []
    for r in session.execute(stmt):
        d = dict(r._mapping)
        d["status"] = d["status"].value
        d["level_label"] = level_label(d["level"])
        rows.append(d)
    return rows


def findings(session: Session, *, today: date, limit: int | None = None) -> list[dict[str, Any]]:
    stmt = (
        sa.select(
            Finding.id,
            Finding.object_id,
            Finding.title,
            Finding.risk,
            Finding.status,
            Finding.deadline,
            Finding.deadline_rule,
            Finding.owner,
        )
        .order_by(Finding.deadline.is_(None), Finding.deadline, Finding.id)
        .limit(limit)
    )
    rows = []
    for r in session.execute(stmt):
        d = dict(r._mapping)
        risk, status = Risk(d["risk"]), FindingStatus(d["status"])
        d.update(
            risk=risk.value,
            risk_label=risk.label,
            status=status.value,
            status_label=status.label,
            overdue=bool(d["deadline"] and d["deadline"] < today and is_open(status)),
        )
        rows.append(d)
    return rows
