"""The 工作台 (dashboard): counts by aggregate SQL and the list of what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.enums import FilingStatus, FindingStatus, ObjectStatus, Risk
from db.models import Filing, Finding, ProtectedObject
from db.repo import deadlines
from db.repo.lists import OPEN_FINDINGS


@dataclass(frozen=True)
class Summary:
    today: date
    horizon_days: int
    items: tuple[deadlines.DeadlineItem, ...]
    #: level (None = 未定级) → number of running/planned objects
    objects_by_level: tuple[tuple[int | None, int], ...]
    objects_by_status: tuple[tuple[str, int], ...]
    #: (risk code, status code) → count
    findings_by_risk_status: tuple[tuple[str, str, int], ...]
    filings_by_status: tuple[tuple[str, int], ...]
    findings_overdue: int
    findings_due_soon: int
    findings_open: int

    @property
    def overdue_items(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def due_soon_items(self) -> int:
        return sum(1 for i in self.items if not i.overdue)


def summary(session: Session, *, today: date, horizon_days: int = 30) -> Summary:
    active = ProtectedObject.status.in_([ObjectStatus.RUNNING.value, ObjectStatus.PLANNED.value])
    by_level = session.execute(
        sa.select(ProtectedObject.current_level, sa.func.count())
        .where(active)
        .group_by(ProtectedObject.current_level)
        .order_by(ProtectedObject.current_level)
    ).all()
    by_status = session.execute(
        sa.select(ProtectedObject.status, sa.func.count()).group_by(ProtectedObject.status)
    ).all()
    by_risk = session.execute(
        sa.select(Finding.risk, Finding.status, sa.func.count()).group_by(Finding.risk, Finding.status)
    ).all()
    filings = session.execute(sa.select(Filing.status, sa.func.count()).group_by(Filing.status)).all()
    open_ = Finding.status.in_(OPEN_FINDINGS)
    overdue = session.scalar(sa.select(sa.func.count()).where(open_, Finding.deadline < today)) or 0
    soon = (
        session.scalar(
            sa.select(sa.func.count()).where(
                open_, Finding.deadline >= today, Finding.deadline <= today + timedelta(days=horizon_days)
            )
        )
        or 0
    )
    open_count = session.scalar(sa.select(sa.func.count()).where(open_)) or 0
    items = deadlines.upcoming(session, today=today, horizon_days=horizon_days)
    return Summary(
        today=today,
        horizon_days=horizon_days,
        items=tuple(items),
        objects_by_level=tuple((lvl, int(n)) for lvl, n in by_level),
        objects_by_status=tuple((_code(s), int(n)) for s, n in by_status),
        findings_by_risk_status=tuple((_code(r), _code(s), int(n)) for r, s, n in by_risk),
        filings_by_status=tuple((_code(s), int(n)) for s, n in filings),
        findings_overdue=int(overdue),
        findings_due_soon=int(soon),
        findings_open=int(open_count),
    )


def _code(value: object) -> str:
    return str(getattr(value, "value", value))


RISKS = tuple(r.value for r in Risk)
FINDING_STATES = tuple(s.value for s in FindingStatus)
FILING_STATES = tuple(s.value for s in FilingStatus)
