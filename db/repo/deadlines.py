"""Everything dated that needs attention: overdue and due-soon items across the ledger.

Dates are computed by :mod:`db.domain.deadlines` from facts in the ledger (grading date, filing
acceptance, completed tests, last drill …); each item carries the rule set that produced it.
Queries aggregate in SQL and return one row per object, so this stays fast on large ledgers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain import deadlines, incidents, workdays
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    GradingStatus,
    IncidentStatus,
    ObjectStatus,
    Risk,
    TaskStatus,
)
from db.domain.findings import OPEN_STATUSES
from db.models import (
    Assessment,
    Drill,
    EmergencyPlan,
    Filing,
    Finding,
    Grading,
    Incident,
    IncidentReport,
    LedgerMeta,
    Notice,
    NoticeTask,
    ObjectDeadline,
    Organization,
    ProtectedObject,
)
from db.models.base import table_of
from db.repo import cache_access, cache_locks, holiday_calendars

KIND_LABELS = {
    "filing_due": "备案",
    "certificate_expiry": "备案证明到期",
    "renewal_window": "备案证明延续",
    "next_level_test": "等级测评",
    "next_self_inspection": "自查",
    "next_drill": "应急演练",
    "plan_review": "预案评审",
    "finding_deadline": "问题整改",
    "incident_report": "事件报告",
    "incident_summary": "事件总结报告",
    "holiday_calendar": "节假日安排",
    "notice_task": "通知任务",
}


@dataclass(frozen=True)
class DeadlineItem:
    kind: str
    title: str
    due: date
    rule_set: str
    approximate: bool
    overdue: bool
    entity: str
    entity_id: int
    object_id: int | None = None
    object_name: str | None = None
    organization: str | None = None
    basis: str = ""
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["kind_label"] = self.kind_label
        return data


@dataclass(frozen=True)
class ObjectDates:
    """The computed dates of one object, for its page header."""

    object_id: int
    level: int | None
    filing_due: deadlines.ComputedDate | None
    certificate_expiry: deadlines.ComputedDate | None
    renewal_window: deadlines.ComputedDate | None
    next_level_test: deadlines.ComputedDate | None
    next_self_inspection: deadlines.ComputedDate | None
    next_drill: deadlines.ComputedDate | None


def _object_facts(session: Session, object_ids: Iterable[int] | None = None) -> Iterator[dict[str, Any]]:
    """One row per running/planned object with the facts its deadlines depend on."""
    graded = (
        sa.select(Grading.object_id, sa.func.max(Grading.graded_on).label("graded_on"))
        .where(Grading.status.in_([GradingStatus.APPROVED, GradingStatus.REVIEWED]))
        .group_by(Grading.object_id)
        .subquery()
    )
    accepted = (
        sa.select(Filing.object_id, sa.func.max(Filing.accepted_on).label("accepted_on"))
        .where(Filing.status.in_([FilingStatus.ACCEPTED, FilingStatus.RENEWAL_DUE, FilingStatus.EXPIRED]))
        .group_by(Filing.object_id)
        .subquery()
    )
    pending_filing = (
        sa.select(Filing.object_id, sa.func.count().label("n"))
        .where(Filing.status.in_([FilingStatus.SUBMITTED]))
        .group_by(Filing.object_id)
        .subquery()
    )
    tests = (
        sa.select(Assessment.object_id, sa.func.max(Assessment.report_date).label("last_test"))
        .where(Assessment.kind == AssessmentKind.LEVEL_TEST, Assessment.status == AssessmentStatus.REPORTED)
        .group_by(Assessment.object_id)
        .subquery()
    )
    checks = (
        sa.select(Assessment.object_id, sa.func.max(Assessment.report_date).label("last_check"))
        .where(Assessment.kind == AssessmentKind.SELF_CHECK, Assessment.status == AssessmentStatus.REPORTED)
        .group_by(Assessment.object_id)
        .subquery()
    )
    drills_obj = (
        sa.select(Drill.object_id, sa.func.max(Drill.held_on).label("last_drill"))
        .where(Drill.status == DrillStatus.DONE, Drill.object_id.is_not(None))
        .group_by(Drill.object_id)
        .subquery()
    )
    drills_org = (
        sa.select(Drill.organization_id, sa.func.max(Drill.held_on).label("last_org_drill"))
        .where(Drill.status == DrillStatus.DONE, Drill.object_id.is_(None))
        .group_by(Drill.organization_id)
        .subquery()
    )
    stmt = (
        sa.select(
            ProtectedObject.id,
            ProtectedObject.name,
            ProtectedObject.current_level,
            ProtectedObject.go_live_date,
            Organization.name.label("organization"),
            graded.c.graded_on,
            accepted.c.accepted_on,
            pending_filing.c.n.label("pending_filings"),
            tests.c.last_test,
            checks.c.last_check,
            sa.func.coalesce(drills_obj.c.last_drill, drills_org.c.last_org_drill).label("last_drill"),
        )
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .outerjoin(graded, graded.c.object_id == ProtectedObject.id)
        .outerjoin(accepted, accepted.c.object_id == ProtectedObject.id)
        .outerjoin(pending_filing, pending_filing.c.object_id == ProtectedObject.id)
        .outerjoin(tests, tests.c.object_id == ProtectedObject.id)
        .outerjoin(checks, checks.c.object_id == ProtectedObject.id)
        .outerjoin(drills_obj, drills_obj.c.object_id == ProtectedObject.id)
        .outerjoin(drills_org, drills_org.c.organization_id == ProtectedObject.organization_id)
        .where(ProtectedObject.status.in_([ObjectStatus.RUNNING, ObjectStatus.PLANNED]))
    )
    if object_ids is not None:
        stmt = stmt.where(ProtectedObject.id.in_(list(object_ids)))
    for row in session.execute(stmt):
        yield dict(row._mapping)


def _completed_tests_since(session: Session, object_ids: list[int]) -> dict[int, list[date]]:
    if not object_ids:
        return {}
    out: dict[int, list[date]] = {}
    stmt = sa.select(Assessment.object_id, Assessment.report_date).where(
        Assessment.kind == AssessmentKind.LEVEL_TEST,
        Assessment.status == AssessmentStatus.REPORTED,
        Assessment.report_date.is_not(None),
    )
    if len(object_ids) < 900:
        stmt = stmt.where(Assessment.object_id.in_(object_ids))
    for object_id, report_date in session.execute(stmt):
        if report_date is not None:  # excluded by the query; narrows the type
            out.setdefault(object_id, []).append(report_date)
    return out


def dates_for_facts(facts: dict[str, Any], tests: list[date], today: date) -> ObjectDates:
    level = facts["current_level"]
    filing_due = cert = renewal = next_test = next_check = next_drill = None
    if level:
        if level >= 2 and facts["accepted_on"] is None and facts["graded_on"] is not None:
            filing_due = deadlines.filing_due(level, facts["graded_on"], facts["go_live_date"])
        if facts["accepted_on"] is not None:
            after = [t for t in tests if t >= facts["accepted_on"]]
            cert = deadlines.certificate_expiry(facts["accepted_on"], after)
            renewal = deadlines.renewal_window_start(cert)
        next_test = deadlines.next_level_test(level, facts["last_test"], today)
        next_check = deadlines.next_self_inspection(level, facts["last_check"], today)
        next_drill = deadlines.next_drill(level, facts["last_drill"], today)
    return ObjectDates(facts["id"], level, filing_due, cert, renewal, next_test, next_check, next_drill)


def object_dates(session: Session, object_id: int, today: date) -> ObjectDates | None:
    rows = list(_object_facts(session, [object_id]))
    if not rows:
        return None
    tests = _completed_tests_since(session, [object_id]).get(object_id, [])
    return dates_for_facts(rows[0], tests, today)


def upcoming(
    session: Session, *, today: date, horizon_days: int = 30, limit: int | None = None
) -> list[DeadlineItem]:
    """Overdue items and items due within ``horizon_days``, most urgent first.

    With ``limit`` only the most urgent ``limit`` items are built (findings are limited in SQL),
    which keeps a province-scale dashboard fast; :func:`summary` gives the full counts.
    """
    horizon = today + timedelta(days=horizon_days)
    items: list[DeadlineItem] = []
    items.extend(_object_items(session, today, horizon, limit))
    items.extend(_finding_items(session, today, horizon, limit))
    items.extend(_incident_items(session, today))
    items.extend(_task_items(session, today, horizon))
    items.extend(_plan_items(session, today, horizon))
    items.extend(_calendar_items(session, today))
    items.sort(key=lambda i: (not i.overdue, i.due, i.kind, i.entity_id))
    return items if limit is None else items[:limit]


def summary(session: Session, *, today: date, horizon_days: int = 30) -> dict[str, dict[str, int]]:
    """Counts per kind: ``{"finding_deadline": {"overdue": n, "soon": m}, …}`` (aggregated in SQL)."""
    horizon = today + timedelta(days=horizon_days)
    ensure_fresh(session, today)
    out: dict[str, dict[str, int]] = {}

    def add(kind: str, overdue: int, soon: int) -> None:
        entry = out.setdefault(kind, {"overdue": 0, "soon": 0})
        entry["overdue"] += overdue or 0
        entry["soon"] += soon or 0

    od = ObjectDeadline
    pending = sa.select(Filing.object_id).where(Filing.status == FilingStatus.SUBMITTED)
    overdue_expr = sa.func.sum(sa.case((od.due < today, 1), else_=0))
    soon_expr = sa.func.sum(sa.case((od.due >= today, 1), else_=0))
    stmt = (
        sa.select(od.kind, overdue_expr, soon_expr)
        .where(od.due <= horizon, sa.or_(od.kind != "filing_due", od.object_id.not_in(pending)))
        .group_by(od.kind)
    )
    for kind, overdue, soon in session.execute(stmt):
        add(kind, overdue, soon)
    f_over = sa.func.sum(sa.case((Finding.deadline < today, 1), else_=0))
    f_soon = sa.func.sum(sa.case((Finding.deadline >= today, 1), else_=0))
    row = session.execute(
        sa.select(f_over, f_soon).where(
            Finding.status.in_(OPEN_STATUSES),
            Finding.deadline.is_not(None),
            Finding.deadline <= horizon,
        )
    ).one()
    add("finding_deadline", row[0], row[1])
    for item in [
        *_incident_items(session, today),
        *_task_items(session, today, horizon),
        *_plan_items(session, today, horizon),
        *_calendar_items(session, today),
    ]:
        add(item.kind, int(item.overdue), int(not item.overdue))
    return out


META_KEY = "dates_computed_on"
_DATE_FIELDS = (
    "filing_due",
    "certificate_expiry",
    "renewal_window",
    "next_level_test",
    "next_self_inspection",
    "next_drill",
)
#: how an item of each cached object date reads (the dashboard groups by these kinds too)
OBJECT_ITEM_TEXT = {
    "filing_due": "待备案",
    "renewal_window": "备案证明进入延续办理期",
    "certificate_expiry": "备案证明到期",
    "next_level_test": "应开展等级测评",
    "next_self_inspection": "应开展自查",
    "next_drill": "应开展应急演练",
}


def cache_date(session: Session) -> date | None:
    value = session.scalar(sa.select(LedgerMeta.value).where(LedgerMeta.key == META_KEY))
    return date.fromisoformat(value) if value else None


def refresh(session: Session, today: date, object_ids: Iterable[int] | None = None) -> int:
    """Recompute the cached dates of ``object_ids`` (all objects when None); return rows written."""
    ids = None if object_ids is None else sorted(set(object_ids))
    if ids is not None:
        cache_locks.serialise_objects(session, ids)
    holiday_calendars.install_from(session)  # working days of years chinese_calendar does not know
    table = table_of(ObjectDeadline)
    facts = list(_object_facts(session, ids))
    tests = _completed_tests_since(session, [f["id"] for f in facts])
    rows = []
    for f in facts:
        dates = dates_for_facts(f, tests.get(f["id"], []), today)
        for name in _DATE_FIELDS:
            computed: deadlines.ComputedDate | None = getattr(dates, name)
            if computed is None:
                continue
            rows.append(
                {
                    "object_id": f["id"],
                    "kind": name,
                    "due": computed.due,
                    "rule_set": computed.rule_set,
                    "approximate": computed.approximate,
                    "basis": (computed.basis or "")[:200],
                    "computed_on": today,
                }
            )
    if ids is None:
        session.execute(sa.delete(table))
        meta = table_of(LedgerMeta)
        session.execute(sa.delete(meta).where(meta.c.key == META_KEY))
        session.execute(sa.insert(meta).values(key=META_KEY, value=today.isoformat()))
    else:
        for start in range(0, len(ids), 500):
            session.execute(sa.delete(table).where(table.c.object_id.in_(ids[start : start + 500])))
    for start in range(0, len(rows), 5000):
        session.execute(sa.insert(table), rows[start : start + 5000])
    return len(rows)


def ensure_fresh(session: Session, today: date) -> None:
    """Rebuild the cache when it was computed for another day (the ledger's holiday calendars are
    installed first, so every date computed afterwards uses them)."""
    holiday_calendars.install_from(session)
    if not cache_access.may_rebuild(session):  # an auditor only reads
        return
    # on a server, wait for a rebuild another client may be running, then look again
    stale = cache_date(session) != today
    if stale and (not cache_locks.serialise_rebuild(session) or cache_date(session) != today):
        refresh(session, today)
    elif session.get_bind().dialect.name == "postgresql":
        # a unit officer's rebuild rewrites only the rows their scope shows, yet marks the day: the rows
        # of other units it could not see are brought up to date by the next officer who sees them
        behind = session.scalars(
            sa.select(ObjectDeadline.object_id).where(ObjectDeadline.computed_on < today).distinct()
        ).all()
        if behind:
            refresh(session, today, behind)



def _object_items(
    session: Session, today: date, horizon: date, limit: int | None = None
) -> Iterator[DeadlineItem]:
    ensure_fresh(session, today)
    od = ObjectDeadline
    pending = sa.select(Filing.object_id).where(Filing.status == FilingStatus.SUBMITTED)
    stmt = (
        sa.select(
            od.object_id,
            od.kind,
            od.due,
            od.rule_set,
            od.approximate,
            od.basis,
            ProtectedObject.name,
            Organization.name.label("organization"),
        )
        .join(ProtectedObject, ProtectedObject.id == od.object_id)
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .where(od.due <= horizon)
        .where(sa.or_(od.kind != "filing_due", od.object_id.not_in(pending)))
        .order_by(od.due, od.object_id)
        .limit(limit)
    )
    for cached in session.execute(stmt):
        name, organization = cached.name, cached.organization
        yield DeadlineItem(
            kind=cached.kind,
            title=f"{name}：{OBJECT_ITEM_TEXT.get(cached.kind, cached.kind)}",
            due=cached.due,
            rule_set=cached.rule_set,
            approximate=cached.approximate,
            overdue=cached.due < today,
            entity="protected_objects",
            entity_id=cached.object_id,
            object_id=cached.object_id,
            object_name=name,
            organization=organization,
            basis=cached.basis or "",
        )


def _open_status(session: Session, limit: int | None) -> sa.ColumnElement[bool] | sa.TextClause:
    """Open/in-progress findings. For a short most-urgent list on SQLite, the unary ``+`` keeps the
    planner from the (status, deadline) index so it walks the deadline index and stops early."""
    if limit is not None and session.get_bind().dialect.name == "sqlite":
        codes = ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)
        return sa.text(f"+findings.status IN ({codes})")
    return Finding.status.in_(OPEN_STATUSES)


def _finding_items(
    session: Session, today: date, horizon: date, limit: int | None = None
) -> Iterator[DeadlineItem]:
    stmt = (
        sa.select(
            Finding.id,
            Finding.title,
            Finding.deadline,
            Finding.deadline_rule,
            Finding.risk,
            Finding.object_id,
            ProtectedObject.name.label("object_name"),
        )
        .join(ProtectedObject, ProtectedObject.id == Finding.object_id)
        .where(
            _open_status(session, limit),
            Finding.deadline.is_not(None),
            Finding.deadline <= horizon,
        )
        .order_by(Finding.deadline, Finding.id)
        .limit(limit)
    )
    for row in session.execute(stmt):
        yield DeadlineItem(
            kind="finding_deadline",
            title=f"{row.object_name}：{row.title}",
            due=row.deadline,
            rule_set=row.deadline_rule or "user",
            approximate=False,
            overdue=row.deadline < today,
            entity="findings",
            entity_id=row.id,
            object_id=row.object_id,
            object_name=row.object_name,
            detail=f"风险：{Risk(row.risk).label}",
        )


def _incident_items(session: Session, today: date) -> Iterator[DeadlineItem]:
    """The reporting deadline of each unreported 较大+ (or not yet graded) incident and the 处置总结报告
    due date of each incident whose handling has ended (:func:`db.domain.incidents.incident_dates`)."""
    kinds: dict[int, set[str]] = {}
    for incident_id, kind in session.execute(sa.select(IncidentReport.incident_id, IncidentReport.kind)):
        kinds.setdefault(incident_id, set()).add(kind or incidents.REPORT_INITIAL)
    stmt = (
        sa.select(
            Incident.id,
            Incident.title,
            Incident.grade,
            Incident.discovered_at,
            Incident.handling_ended_at,
            Incident.followup_needed,
            Incident.object_id,
            Organization.operator_type,
        )
        .join(Organization, Organization.id == Incident.organization_id)
        .where(Incident.status != IncidentStatus.CLOSED)
    )
    now = (
        datetime.combine(today, datetime.now().time())
        if today == date.today()
        else datetime.combine(today, datetime.max.time())
    )
    for row in session.execute(stmt):
        sent = kinds.get(row.id, set())
        try:
            dates = incidents.incident_dates(
                grade=row.grade,
                operator_type=row.operator_type,
                discovered_at=row.discovered_at,
                handling_ended_at=row.handling_ended_at,
                initial_reported=bool(sent),
                followup_needed=bool(row.followup_needed),
                followup_reported=incidents.REPORT_FOLLOWUP in sent,
                summary_reported=incidents.REPORT_SUMMARY in sent,
            )
        except ValueError:  # a grade the rules do not know: shown as not graded
            dates = incidents.incident_dates(
                grade=None, operator_type=row.operator_type, discovered_at=row.discovered_at,
                initial_reported=bool(sent),
            )
        due = dates.report_deadline
        if due is not None:
            yield DeadlineItem(
                kind="incident_report",
                title=f"事件“{row.title}”须在 {due.due:%m-%d %H:%M} 前报告",
                due=due.due.date(),
                rule_set=due.rule_set,
                approximate=False,
                overdue=due.due < now,
                entity="incidents",
                entity_id=row.id,
                object_id=row.object_id,
                basis=due.basis,
                detail="；".join(dates.notes),
            )
        summary_due = dates.summary_due
        if summary_due is not None:
            yield DeadlineItem(
                kind="incident_summary",
                title=f"事件“{row.title}”：报送处置总结报告",
                due=summary_due.due,
                rule_set=summary_due.rule_set,
                approximate=False,
                overdue=summary_due.due < today,
                entity="incidents",
                entity_id=row.id,
                object_id=row.object_id,
                basis=summary_due.basis,
            )


def _calendar_items(session: Session, today: date) -> Iterator[DeadlineItem]:
    """A reminder when this year's or (from November) next year's holiday calendar is missing, in a
    ledger that has objects whose dates depend on it."""
    year = workdays.missing_calendar_year(today)
    if year is None or session.scalar(sa.select(ProtectedObject.id).limit(1)) is None:
        return
    yield DeadlineItem(
        kind="holiday_calendar",
        title=f"{year}年节假日安排尚未录入：该年的工作日期限按周一至周五估算",
        due=date(year, 1, 1),
        rule_set="holidays",
        approximate=True,
        overdue=year <= today.year,
        entity="holiday_calendars",
        entity_id=year,
        basis="国务院办公厅每年公布下一年的部分节假日安排；请在“设置”中录入或用 dengbao-cli calendar import 导入",
    )


def _task_items(session: Session, today: date, horizon: date) -> Iterator[DeadlineItem]:
    stmt = (
        sa.select(NoticeTask.id, NoticeTask.text, NoticeTask.due_on, Notice.doc_number)
        .join(Notice, Notice.id == NoticeTask.notice_id)
        .where(
            NoticeTask.status == TaskStatus.OPEN, NoticeTask.due_on.is_not(None), NoticeTask.due_on <= horizon
        )
    )
    for row in session.execute(stmt):
        yield DeadlineItem(
            kind="notice_task",
            title=f"{row.doc_number or '上级通知'}：{row.text}",
            due=row.due_on,
            rule_set="notice",
            approximate=False,
            overdue=row.due_on < today,
            entity="notice_tasks",
            entity_id=row.id,
        )


def _plan_items(session: Session, today: date, horizon: date) -> Iterator[DeadlineItem]:
    stmt = sa.select(
        EmergencyPlan.id,
        EmergencyPlan.name,
        EmergencyPlan.last_reviewed_on,
        EmergencyPlan.review_cycle_months,
    ).where(EmergencyPlan.last_reviewed_on.is_not(None))
    for row in session.execute(stmt):
        computed = deadlines.plan_review_due(row.last_reviewed_on, row.review_cycle_months)
        if computed.due <= horizon:
            yield DeadlineItem(
                kind="plan_review",
                title=f"{row.name}：应评审修订",
                due=computed.due,
                rule_set=computed.rule_set,
                approximate=computed.approximate,
                overdue=computed.due < today,
                entity="emergency_plans",
                entity_id=row.id,
                basis=computed.basis,
            )
