"""The 工作台 (dashboard): counts by aggregate SQL and the list of what needs attention."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import FilingStatus, FindingStatus, ObjectStatus, Risk
from db.domain.findings import OPEN_STATUSES, is_open
from db.models import Filing, Finding, ObjectDeadline, Organization, ProtectedObject
from db.repo import deadlines
from db.repo.lists import without_unit

#: findings are the one kind that can run into the tens of thousands: the attention list shows this
#: many of them (most urgent first) and says how many there are; every other kind is listed in full
FINDINGS_SHOWN = 200
#: kept for callers that pass a limit: with ``limit=None`` the list is complete
ITEMS_LIMIT: int | None = None

#: how far ahead a kind of deadline is measured: hours (an incident must be reported within hours),
#: days (findings, tasks, the 10-working-day filing), months (tests, certificates, drills, reviews)
KIND_SCALE = {
    "incident_report": 0,
    "incident_summary": 1,
    "finding_deadline": 1,
    "notice_task": 1,
    "filing_due": 1,
    "renewal_window": 2,
    "certificate_expiry": 2,
    "next_level_test": 2,
    "next_self_inspection": 2,
    "next_drill": 2,
    "plan_review": 2,
    "holiday_calendar": 2,
}
#: order of the kinds in the attention list (most urgent scale first; within a scale, this order)
KIND_ORDER = tuple(KIND_SCALE)


def urgency_key(item: deadlines.DeadlineItem) -> tuple[int, int, int, date, int]:
    """Hours before days before months; within a kind, the earliest due date first (overdue ones
    are the earliest)."""
    scale = KIND_SCALE.get(item.kind, 3)
    order = KIND_ORDER.index(item.kind) if item.kind in KIND_SCALE else len(KIND_ORDER)
    return (scale, order, 0 if item.overdue else 1, item.due, item.entity_id)


def by_urgency(items: list[deadlines.DeadlineItem]) -> list[deadlines.DeadlineItem]:
    return sorted(items, key=urgency_key)


@dataclass(frozen=True)
class Summary:
    today: date
    horizon_days: int
    #: every item needing attention, grouped by kind in urgency order (:func:`urgency_key`);
    #: findings at most :data:`FINDINGS_SHOWN` (``counts`` has their full number)
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
    #: running/planned objects without a level yet: (object id, name, unit), the first
    #: :data:`PER_KIND_SHOWN` by name; ``ungraded_count`` says how many there are
    ungraded: tuple[tuple[int, str, str], ...] = ()
    ungraded_count: int = 0
    #: how many units the ledger holds (0: the first-run path starts with creating one)
    organizations: int = 0

    def count_of(self, kind: str) -> tuple[int, int]:
        """(overdue, due soon) of one kind over the whole ledger."""
        for k, overdue, soon in self.counts:
            if k == kind:
                return overdue, soon
        return 0, 0

    @property
    def overdue_items(self) -> int:
        return sum(overdue for _k, overdue, _s in self.counts)

    @property
    def due_soon_items(self) -> int:
        return sum(soon for _k, _o, soon in self.counts)


#: the attention list shows at most this many items of one kind (most urgent first) and says how
#: many there are: a province ledger has tens of thousands of findings and drills due
PER_KIND_SHOWN = FINDINGS_SHOWN
#: the object deadlines (:class:`db.models.ObjectDeadline`) and how an item of each reads
OBJECT_KINDS = deadlines.OBJECT_ITEM_TEXT
#: the item sources of :mod:`db.repo.deadlines` with few items (incidents, tasks, plan reviews,
#: holiday calendars), called with the arguments their signatures name
_SMALL_SOURCES = ("_incident_items", "_task_items", "_plan_items", "_calendar_items")


def _object_items(
    session: Session, today: date, horizon: date, shown: int | None, kinds: tuple[str, ...] = tuple(OBJECT_KINDS)
) -> list[deadlines.DeadlineItem]:
    """The ``shown`` most urgent items of each object deadline kind (the due-date index, per kind)."""
    deadlines.ensure_fresh(session, today)
    od = ObjectDeadline
    pending = sa.select(Filing.object_id).where(Filing.status == FilingStatus.SUBMITTED)
    out: list[deadlines.DeadlineItem] = []
    for kind in kinds:
        text = OBJECT_KINDS[kind]
        stmt = (
            sa.select(od.object_id, od.due, od.rule_set, od.approximate, od.basis, ProtectedObject.name,
                      Organization.name.label("organization"))
            .join(ProtectedObject, ProtectedObject.id == od.object_id)
            .join(Organization, Organization.id == ProtectedObject.organization_id)
            .where(od.kind == kind, od.due <= horizon)
            .order_by(od.due, od.object_id)
            .limit(shown)
        )
        if kind == "filing_due":
            stmt = stmt.where(od.object_id.not_in(pending))
        for r in session.execute(stmt):
            out.append(deadlines.DeadlineItem(
                kind=kind, title=f"{r.name}：{text}", due=r.due, rule_set=r.rule_set, approximate=r.approximate,
                overdue=r.due < today, entity="protected_objects", entity_id=r.object_id, object_id=r.object_id,
                object_name=r.name, organization=r.organization, basis=r.basis or "",
            ))
    return out


def _open(session: Session, shown: int | None) -> sa.ColumnElement[bool] | sa.TextClause:
    """Open findings. For a short list on SQLite the unary ``+`` keeps the planner off the
    (status, deadline) index: it walks the deadline index in order and stops after ``shown`` rows."""
    if shown is not None and session.get_bind().dialect.name == "sqlite":
        codes = ", ".join(f"'{st.value}'" for st in OPEN_STATUSES)
        return sa.text(f"+findings.status IN ({codes})")
    return Finding.status.in_(OPEN_STATUSES)


def _finding_items(
    session: Session, today: date, horizon: date, shown: int | None
) -> list[deadlines.DeadlineItem]:
    stmt = (
        sa.select(Finding.id, Finding.title, Finding.deadline, Finding.deadline_rule, Finding.risk,
                  Finding.object_id, ProtectedObject.name.label("object_name"))
        .join(ProtectedObject, ProtectedObject.id == Finding.object_id)
        .where(_open(session, shown), Finding.deadline.is_not(None), Finding.deadline <= horizon)
        .order_by(Finding.deadline, Finding.id)
        .limit(shown)
    )
    return [
        deadlines.DeadlineItem(
            kind="finding_deadline", title=f"{r.object_name}：{r.title}", due=r.deadline,
            rule_set=r.deadline_rule or "user", approximate=False, overdue=r.deadline < today,
            entity="findings", entity_id=r.id, object_id=r.object_id, object_name=r.object_name,
            detail=f"风险：{Risk(r.risk).label}",
        )
        for r in session.execute(stmt)
    ]


def _small_items(session: Session, today: date, horizon: date) -> list[deadlines.DeadlineItem]:
    args = {"session": session, "today": today, "horizon": horizon}
    out: list[deadlines.DeadlineItem] = []
    for name in _SMALL_SOURCES:
        source = getattr(deadlines, name, None)
        if source is not None:
            wanted = inspect.signature(source).parameters
            out.extend(source(**{k: v for k, v in args.items() if k in wanted}))
    return out


def kind_items(session: Session, kind: str, *, today: date, horizon_days: int) -> list[deadlines.DeadlineItem]:
    """Every item of one kind (the dashboard's 显示全部), most urgent first."""
    horizon = today + timedelta(days=horizon_days)
    if kind in OBJECT_KINDS:
        items = _object_items(session, today, horizon, None, (kind,))
    elif kind == "finding_deadline":
        items = _finding_items(session, today, horizon, None)
    else:
        items = [i for i in _small_items(session, today, horizon) if i.kind == kind]
    return by_urgency(items)


def _all_items(session: Session, today: date, horizon_days: int, shown: int) -> list[deadlines.DeadlineItem]:
    """Every kind of dated item, at most ``shown`` of each (the most urgent), in urgency order."""
    horizon = today + timedelta(days=horizon_days)
    items = _object_items(session, today, horizon, shown) + _finding_items(session, today, horizon, shown)
    by_kind: dict[str, int] = {}
    for item in _small_items(session, today, horizon):
        by_kind[item.kind] = by_kind.get(item.kind, 0) + 1
        if by_kind[item.kind] <= shown:
            items.append(item)
    return by_urgency(items)


def summary(
    session: Session, *, today: date, horizon_days: int = 30, limit: int | None = ITEMS_LIMIT,
    findings_shown: int = PER_KIND_SHOWN,
) -> Summary:
    """Counts by aggregate SQL (the cached object dates, indexes on findings) and every item needing
    attention, most urgent kind first (findings: the ``findings_shown`` most urgent, an index scan);
    ``limit`` cuts the list (tests, benchmarks)."""
    counts = deadlines.summary(session, today=today, horizon_days=horizon_days)
    items = _all_items(session, today, horizon_days, findings_shown)
    if limit is not None:
        items = items[:limit]
    without_level = (
        ProtectedObject.status.in_([ObjectStatus.RUNNING.value, ObjectStatus.PLANNED.value]),
        ProtectedObject.current_level.is_(None),
    )
    ungraded = session.execute(
        sa.select(ProtectedObject.id, ProtectedObject.name, Organization.name)
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .where(*without_level)
        .order_by(ProtectedObject.name)
        .limit(findings_shown)
    ).all()
    n_ungraded = int(session.scalar(sa.select(sa.func.count()).select_from(ProtectedObject).where(*without_level)) or 0)
    n_orgs = int(session.scalar(sa.select(sa.func.count()).select_from(Organization)) or 0)
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
        ungraded=tuple((int(i), without_unit(str(n), str(o)), str(o)) for i, n, o in ungraded),
        ungraded_count=n_ungraded,
        organizations=n_orgs,
    )


def _code(value: object) -> str:
    return str(getattr(value, "value", value))


RISKS = tuple(r.value for r in Risk)
FINDING_STATES = tuple(s.value for s in FindingStatus)
FILING_STATES = tuple(s.value for s in FilingStatus)
