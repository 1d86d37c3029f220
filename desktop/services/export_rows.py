"""Rows of the big workbooks read with plain SQL, streamed: the 整改台账 and the 等保工作汇总表.

Same rows, same order and same values as :func:`desktop.services.document_data.ledger_rows` and
:func:`~desktop.services.document_data.worksummary_rows` (tests compare them), without loading ORM
objects: at 200,000 findings the ORM version spends most of its time building objects.

- 整改台账: one query for the findings (with object, unit and test report) and one for their
  rectification actions, both in (unit, object, finding) order and merged as they stream, so memory
  stays flat however many findings there are.
- 等保工作汇总表: the computed dates come from the ``object_deadlines`` cache (refreshed daily and on
  every relevant write, by the same rules), the counts from one grouped query on findings.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FindingSource,
    FindingStatus,
    ObjectStatus,
    ObjectType,
    Risk,
    level_label,
)
from db.domain.findings import OPEN_STATUSES, is_open
from db.models import (
    Assessment,
    Filing,
    Finding,
    Institution,
    ObjectDeadline,
    Organization,
    ProtectedObject,
    RectificationAction,
)
from db.repo import deadlines as deadline_repo
from desktop.documents.workbooks import WorkSummaryRow

#: rows fetched from the cursor at a time
BATCH = 2000

Action = namedtuple(
    "Action", "finding_id action responsible planned_on done_on evidence verifier verified_on"
)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    return date.fromisoformat(str(value)[:10])


def _code(value: Any) -> str:
    return str(getattr(value, "value", value)) if value is not None else ""


def _raw_rows(session: Session, stmt: sa.Select[*tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Execute ``stmt`` (its parameters inlined: only integers and fixed codes) on the DBAPI cursor
    and yield plain tuples; column types are converted by the caller."""
    conn = session.connection()
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None  # a checked-out connection always holds its DBAPI connection
    cursor = dbapi.cursor()
    try:
        cursor.execute(sql)
        while True:
            chunk = cursor.fetchmany(BATCH)
            if not chunk:
                break
            yield from chunk
    finally:
        cursor.close()


def _scope(stmt: sa.Select[*tuple[Any, ...]], org_ids: Sequence[int] | None) -> sa.Select[*tuple[Any, ...]]:
    if org_ids is not None:
        stmt = stmt.where(ProtectedObject.organization_id.in_([int(i) for i in org_ids]))
    return stmt


# ---------------------------------------------------------------------------------------------
# 整改台账


def _actions(session: Session, org_ids: Sequence[int] | None) -> Iterator[Action]:
    a = RectificationAction
    stmt = (
        sa.select(a.finding_id, a.action, a.responsible, a.planned_on, a.done_on, a.evidence, a.verifier,
                  a.verified_on)
        .join(Finding, Finding.id == a.finding_id)
        .join(ProtectedObject, ProtectedObject.id == Finding.object_id)
        .order_by(ProtectedObject.organization_id, ProtectedObject.id, Finding.id, a.id)
    )
    for r in _raw_rows(session, _scope(stmt, org_ids)):
        yield Action(r[0], r[1], r[2], _date(r[3]), _date(r[4]), r[5], r[6], _date(r[7]))


def ledger_rows(session: Session, org_ids: Sequence[int] | None, today: date) -> Iterator[list[Any]]:
    """整改台账 rows (LEDGER_HEADERS order without 序号), streamed."""
    from desktop.services.document_data import _join_actions, category_names  # noqa: PLC0415

    cats = category_names()[1]
    sources = {s.value: s.label for s in FindingSource}
    risks = {r.value: r.label for r in Risk}
    states = {s.value: s.label for s in FindingStatus}
    f = Finding
    stmt = (
        sa.select(
            f.id, Organization.name, ProtectedObject.name, f.source, Assessment.report_no, f.category,
            f.control_point, f.test_item_code, f.title, f.description, f.risk, f.major_hazard,
            f.recommendation, f.interim_measures, f.owner_dept, f.owner, f.found_on, f.deadline, f.status,
            f.fixed_on, f.verifier, f.verified_on, f.accepted_by, f.accepted_reason, f.remaining_plan,
            f.deadline_note,
        )
        .join(ProtectedObject, ProtectedObject.id == f.object_id)
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .outerjoin(Assessment, Assessment.id == f.assessment_id)
        .order_by(Organization.id, ProtectedObject.id, f.id)
    )
    actions = _actions(session, org_ids)
    pending = next(actions, None)
    for r in _raw_rows(session, _scope(stmt, org_ids)):
        fid = r[0]
        mine: list[Action] = []
        while pending is not None and pending.finding_id == fid:
            mine.append(pending)
            pending = next(actions, None)
        steps, proofs = _join_actions(mine)  # type: ignore[arg-type]
        status = _code(r[18])
        deadline = _date(r[17])
        category = r[5]
        yield [
            r[1],
            r[2],
            sources.get(_code(r[3]), ""),
            r[4] or "",
            cats.get(category or "", category or ""),
            r[6],
            r[7],
            r[8],
            r[9],
            risks.get(_code(r[10]), ""),
            bool(r[11]),
            r[12],
            r[13],
            r[14],
            r[15],
            _date(r[16]),
            deadline,
            is_open(status) and deadline is not None and deadline < today,
            states.get(status, ""),
            steps,
            proofs,
            _date(r[19]),
            r[20],
            _date(r[21]),
            r[22],
            r[23],
            r[24],
            r[25],
        ]


# ---------------------------------------------------------------------------------------------
# 等保工作汇总表


def worksummary_rows(session: Session, org_ids: Sequence[int] | None, today: date) -> Iterator[WorkSummaryRow]:
    """One row per running or planned object, by unit then object name."""
    deadline_repo.ensure_fresh(session, today)
    types = {t.value: t.label for t in ObjectType}
    active = (ObjectStatus.RUNNING.value, ObjectStatus.PLANNED.value)
    objects = list(
        _raw_rows(
            session,
            _scope(
                sa.select(ProtectedObject.id, Organization.name, ProtectedObject.name, ProtectedObject.object_type,
                          ProtectedObject.current_level)
                .join(Organization, Organization.id == ProtectedObject.organization_id)
                .where(ProtectedObject.status.in_(active))
                .order_by(ProtectedObject.id),
                org_ids,
            ),
        )
    )
    dates: dict[int, dict[str, date | None]] = {}
    od = ObjectDeadline
    kinds = ("certificate_expiry", "next_level_test", "next_self_inspection", "next_drill")
    for oid, kind, due in _raw_rows(session, sa.select(od.object_id, od.kind, od.due).where(od.kind.in_(kinds))):
        dates.setdefault(oid, {})[kind] = _date(due)
    certs: dict[int, tuple[str, date | None]] = {}
    for oid, no, accepted in _raw_rows(
        session,
        sa.select(Filing.object_id, Filing.certificate_no, Filing.accepted_on)
        .where(Filing.certificate_no.is_not(None))
        .order_by(Filing.id),
    ):
        certs[oid] = (no, _date(accepted))
    last_tests: dict[int, tuple[str, str, date | None]] = {}
    for oid, inst, conclusion, report_date in _raw_rows(
        session,
        sa.select(Assessment.object_id, Institution.name, Assessment.conclusion, Assessment.report_date)
        .outerjoin(Institution, Institution.id == Assessment.institution_id)
        .where(Assessment.kind == AssessmentKind.LEVEL_TEST, Assessment.status == AssessmentStatus.REPORTED)
        .order_by(Assessment.report_date, Assessment.id),
    ):
        last_tests[oid] = (inst or "", conclusion or "", _date(report_date))
    counts: dict[int, dict[str, int]] = {}
    today_text = today.isoformat()
    for oid, risk, n, late in _raw_rows(
        session,
        sa.select(
            Finding.object_id,
            Finding.risk,
            sa.func.count(),
            sa.func.sum(sa.case((Finding.deadline < sa.literal(today_text, sa.String), 1), else_=0)),
        )
        .where(Finding.status.in_(OPEN_STATUSES))
        .group_by(Finding.object_id, Finding.risk),
    ):
        c = counts.setdefault(oid, {"high": 0, "medium": 0, "low": 0, "overdue": 0})
        c[_code(risk)] = c.get(_code(risk), 0) + int(n)
        c["overdue"] += int(late or 0)
    objects.sort(key=lambda r: (r[1], r[2]))
    empty: dict[str, Any] = {}
    for oid, unit, name, otype, level in objects:
        d = dates.get(oid, empty)
        cert = certs.get(oid)
        test = last_tests.get(oid)
        c = counts.get(oid, empty)
        yield WorkSummaryRow(
            unit=unit,
            object_name=name,
            object_type=types.get(_code(otype), ""),
            level=level_label(level),
            certificate_no=cert[0] if cert else "",
            accepted_on=cert[1] if cert else None,
            certificate_expiry=d.get("certificate_expiry"),
            last_test=test[2] if test else None,
            institution=test[0] if test else "",
            conclusion=test[1] if test else "",
            open_high=c.get("high", 0),
            open_medium=c.get("medium", 0),
            open_low=c.get("low", 0),
            overdue=c.get("overdue", 0),
            next_test=d.get("next_level_test"),
            next_self_inspection=d.get("next_self_inspection"),
            next_drill=d.get("next_drill"),
        )
