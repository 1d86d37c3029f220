"""The 工作台 (dashboard): counts by aggregate SQL and the list of what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import FilingStatus, FindingStatus, ObjectStatus, Risk
from db.domain.findings import is_open
from db.models import Filing, Finding, ProtectedObject
from db.repo import deadlines

#: the attention list shows the most urgent items; the counts above it cover all of them
ITEMS_LIMIT = 50


@dataclass(frozen=True)
class Summary:
    today: date
    horizon_days: int
    #: the most urgent items (at most :data:`ITEMS_LIMIT`), most urgent first
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
    #: kind → {"overdue": n, "soon": m} over every dated item (:func:`db.repo.deadlines.summary`)
    counts: tuple[tuple[str, int, int], ...] = ()

    @property
    def overdue_items(self) -> int:
        return sum(overdue for _k, overdue, _s in self.counts)

    @property
    def due_soon_items(self) -> int:
        return sum(soon for _k, _o, soon in self.counts)


def summary(session: Session, *, today: date, horizon_days: int = 30, limit: int = ITEMS_LIMIT) -> Summary:
    """Counts by aggregate SQL (the cached object dates, indexes on findings) and the ``limit`` most
    urgent items; nothing here grows with the number of findings beyond an index scan."""
    counts = deadlines.summary(session, today=today, horizon_days=horizon_days)
    items = deadlines.upcoming(session, today=today, horizon_days=horizon_days, limit=limit)
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
    findings = counts.get("finding_deadline", {"overdue": 0, "soon": 0})
    open_count = sum(int(n) for _r, st, n in by_risk if is_open(_code(st)))
    return Summary(
        today=today,
        horizon_days=horizon_days,
        items=tuple(items),
        objects_by_level=tuple((lvl, int(n)) for lvl, n in by_level),
        objects_by_status=tuple((_code(s), int(n)) for s, n in by_status),
        findings_by_risk_status=tuple((_code(r), _code(s), int(n)) for r, s, n in by_risk),
        filings_by_status=tuple((_code(s), int(n)) for s, n in filings),
        findings_overdue=int(findings["overdue"]),
        findings_due_soon=int(findings["soon"]),
        findings_open=open_count,
        counts=tuple(sorted((k, int(v["overdue"]), int(v["soon"])) for k, v in counts.items())),
    )


def _code(value: object) -> str:
    return str(getattr(value, "value", value))


RISKS = tuple(r.value for r in Risk)
FINDING_STATES = tuple(s.value for s in FindingStatus)
FILING_STATES = tuple(s.value for s in FilingStatus)
