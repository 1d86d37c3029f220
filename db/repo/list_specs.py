"""Each list of the window declared once: its columns (key + SQL expression), the columns the search
box searches, its filter columns (unit, level, state, risk, overdue) and its row colouring.

The column titles are in :mod:`db.repo.columns`; the leading columns that fit the window are in the
entity records (:mod:`db.repo.entities`).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import GenericFunction

from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    FindingSource,
    FindingStatus,
    GradingStatus,
    IncidentStatus,
    ObjectStatus,
    ObjectType,
    OrgStatus,
    Risk,
    TaskStatus,
)
from db.domain.findings import DONE_STATUSES, OPEN_STATUSES
from db.models import (
    Assessment,
    Domain,
    Drill,
    EmergencyPlan,
    Filing,
    Finding,
    Grading,
    Incident,
    Institution,
    Notice,
    NoticeTask,
    Organization,
    ProtectedObject,
)
from db.repo.list_types import SOON_DAYS, AnySelect, Column, ListSpec

# --------------------------------------------------------------------------------------------------
# The lists
# --------------------------------------------------------------------------------------------------


def _soon(col: Any, today: date) -> Any:
    return sa.and_(col.is_not(None), col <= today + timedelta(days=SOON_DAYS))


def _finding_state(today: date) -> Any:
    open_ = Finding.status.in_(OPEN_STATUSES)
    return sa.case(
        (sa.and_(open_, Finding.deadline < today), "overdue"),
        (sa.and_(open_, _soon(Finding.deadline, today)), "soon"),
        (Finding.status.in_(DONE_STATUSES), "done"),
        else_=None,
    )


def _task_state(today: date) -> Any:
    open_ = NoticeTask.status == TaskStatus.OPEN.value
    return sa.case(
        (sa.and_(open_, NoticeTask.due_on < today), "overdue"),
        (sa.and_(open_, _soon(NoticeTask.due_on, today)), "soon"),
        (NoticeTask.status == TaskStatus.DONE.value, "done"),
        else_=None,
    )


def _filing_state(today: date) -> Any:
    return sa.case(
        (Filing.status.in_([FilingStatus.EXPIRED.value, FilingStatus.RETURNED.value]), "overdue"),
        (Filing.status.in_([FilingStatus.RENEWAL_DUE.value, FilingStatus.SUBMITTED.value]), "soon"),
        (Filing.status == FilingStatus.ACCEPTED.value, "done"),
        else_=None,
    )


def _drill_state(today: date) -> Any:
    planned = Drill.status == DrillStatus.PLANNED.value
    return sa.case(
        (sa.and_(planned, Drill.planned_on < today), "overdue"),
        (sa.and_(planned, _soon(Drill.planned_on, today)), "soon"),
        (Drill.status == DrillStatus.DONE.value, "done"),
        else_=None,
    )


def _incident_state(today: date) -> Any:
    return sa.case(
        (Incident.status == IncidentStatus.OPEN.value, "overdue"),
        (Incident.status == IncidentStatus.CLOSED.value, "done"),
        else_=None,
    )


class joined_text(GenericFunction[str]):  # noqa: N801 - SQL function name
    """``group_concat`` on SQLite, ``string_agg`` on PostgreSQL."""

    type = sa.String()
    inherit_cache = True


@compiles(joined_text)
def _joined_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)})"


@compiles(joined_text, "postgresql")
def _joined_pg(element: Any, compiler: Any, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)})"


def _object_domains() -> Any:
    return (
        sa.select(joined_text(Domain.name, "；"))
        .where(Domain.object_id == ProtectedObject.id)
        .correlate(ProtectedObject)
        .scalar_subquery()
    )


def _domain_search(text: str) -> Any:
    like = f"%{text}%"
    return sa.exists(
        sa.select(Domain.id).where(
            Domain.object_id == ProtectedObject.id, sa.or_(Domain.name.like(like), Domain.ascii_name.like(like))
        )
    )


def _join_object(select: AnySelect, col: Any) -> AnySelect:
    return select.join(ProtectedObject, ProtectedObject.id == col).join(
        Organization, Organization.id == ProtectedObject.organization_id
    )


def _open_tasks() -> Any:
    return (
        sa.select(sa.func.count(NoticeTask.id))
        .where(NoticeTask.notice_id == Notice.id, NoticeTask.status == TaskStatus.OPEN.value)
        .correlate(Notice)
        .scalar_subquery()
    )


def _object_count() -> Any:
    return (
        sa.select(sa.func.count(ProtectedObject.id))
        .where(ProtectedObject.organization_id == Organization.id)
        .correlate(Organization)
        .scalar_subquery()
    )


@cache
def specs() -> dict[str, ListSpec]:
    parent = aliased(Organization)
    obj_for_drill = aliased(ProtectedObject)
    obj_for_incident = aliased(ProtectedObject)
    org_for_task = aliased(Organization)
    out = [
        ListSpec(
            name="organizations",
            entity="organizations",
            id_col=Organization.id,
            columns=(
                Column("name", Organization.name, search=True),
                Column("short_name", Organization.short_name, search=True),
                Column("status", Organization.status, "enum", OrgStatus),
                Column("objects", _object_count(), "int"),
                Column("leader", Organization.leader_name, search=True),
                Column("parent", parent.name, search=True),
                Column("uscc", Organization.uscc, search=True),
                Column("region_code", Organization.region_code),
                Column("security_dept", Organization.security_dept),
            ),
            join=lambda s: s.outerjoin(parent, parent.id == Organization.parent_id),
            default_sort="name",
            org_col=Organization.id,
            status_col=Organization.status,
            status_enum=OrgStatus,
        ),
        ListSpec(
            name="objects",
            entity="protected_objects",
            id_col=ProtectedObject.id,
            columns=(
                Column("name", ProtectedObject.name, search=True),
                Column("organization", Organization.name, search=True),
                Column("level", ProtectedObject.current_level, "level"),
                Column("status", ProtectedObject.status, "enum", ObjectStatus),
                Column("object_type", ProtectedObject.object_type, "enum", ObjectType),
                Column("domains", _object_domains()),
                Column("icp_number", ProtectedObject.icp_number, search=True),
                Column("site_code", ProtectedObject.site_code, search=True),
                Column("opening_review", ProtectedObject.opening_review),
                Column("go_live_date", ProtectedObject.go_live_date, "date"),
            ),
            join=lambda s: s.join(Organization, Organization.id == ProtectedObject.organization_id),
            default_sort="name",
            org_col=ProtectedObject.organization_id,
            level_col=ProtectedObject.current_level,
            status_col=ProtectedObject.status,
            status_enum=ObjectStatus,
            object_col=ProtectedObject.id,
            extra_search=(_domain_search,),
        ),
        ListSpec(
            name="gradings",
            entity="gradings",
            id_col=Grading.id,
            columns=(
                Column("object", ProtectedObject.name, search=True),
                Column("level", Grading.level, "level"),
                Column("status", Grading.status, "enum", GradingStatus),
                Column("graded_on", Grading.graded_on, "date"),
                Column("organization", Organization.name, search=True),
                Column("business_level", Grading.business_level, "level"),
                Column("service_level", Grading.service_level, "level"),
                Column("expert_review_date", Grading.expert_review_date, "date"),
                Column("rule_set", Grading.rule_set),
            ),
            join=lambda s: _join_object(s, Grading.object_id),
            default_sort="graded_on",
            default_desc=True,
            org_col=ProtectedObject.organization_id,
            level_col=Grading.level,
            status_col=Grading.status,
            status_enum=GradingStatus,
            object_col=Grading.object_id,
            object_fk=Grading.object_id,
        ),
        ListSpec(
            name="filings",
            entity="filings",
            id_col=Filing.id,
            columns=(
                Column("object", ProtectedObject.name, search=True),
                Column("status", Filing.status, "enum", FilingStatus),
                Column("level", ProtectedObject.current_level, "level"),
                Column("submitted_on", Filing.submitted_on, "date"),
                Column("accepted_on", Filing.accepted_on, "date"),
                Column("certificate_no", Filing.certificate_no, search=True),
                Column("organization", Organization.name, search=True),
                Column("police_organ", Filing.police_organ, search=True),
                Column("form_version", Filing.form_version),
            ),
            join=lambda s: _join_object(s, Filing.object_id),
            default_sort="submitted_on",
            default_desc=True,
            org_col=ProtectedObject.organization_id,
            level_col=ProtectedObject.current_level,
            status_col=Filing.status,
            status_enum=FilingStatus,
            object_col=Filing.object_id,
            object_fk=Filing.object_id,
            overdue=lambda today: Filing.status.in_(
                [FilingStatus.EXPIRED.value, FilingStatus.RETURNED.value]
            ),
            state=_filing_state,
        ),
        ListSpec(
            name="assessments",
            entity="assessments",
            id_col=Assessment.id,
            columns=(
                Column("object", ProtectedObject.name, search=True),
                Column("kind", Assessment.kind, "enum", AssessmentKind),
                Column("report_date", Assessment.report_date, "date"),
                Column("conclusion", Assessment.conclusion),
                Column("status", Assessment.status, "enum", AssessmentStatus),
                Column("score", sa.func.coalesce(Assessment.compliance_rate, Assessment.score), "float"),
                Column("major_risk_count", Assessment.major_risk_count, "int"),
                Column("organization", Organization.name, search=True),
                Column("institution", Institution.name, search=True),
                Column("report_no", Assessment.report_no, search=True),
            ),
            join=lambda s: _join_object(s, Assessment.object_id).outerjoin(
                Institution, Institution.id == Assessment.institution_id
            ),
            default_sort="report_date",
            default_desc=True,
            org_col=ProtectedObject.organization_id,
            level_col=ProtectedObject.current_level,
            status_col=Assessment.status,
            status_enum=AssessmentStatus,
            object_col=Assessment.object_id,
            object_fk=Assessment.object_id,
        ),
        ListSpec(
            name="institutions",
            entity="institutions",
            id_col=Institution.id,
            columns=(
                Column("name", Institution.name, search=True),
                Column("valid_until", Institution.valid_until, "date"),
                Column("certificate_no", Institution.certificate_no, search=True),
                Column("region", Institution.region, search=True),
                Column("contact_name", Institution.contact_name),
                Column("phone", Institution.phone),
                Column("code", Institution.code, search=True),
            ),
            join=lambda s: s,
            default_sort="name",
        ),
        ListSpec(
            name="findings",
            entity="findings",
            id_col=Finding.id,
            columns=(
                Column("id", Finding.id, "int"),
                Column("title", Finding.title, search=True),
                Column("risk", Finding.risk, "enum", Risk),
                Column("status", Finding.status, "enum", FindingStatus),
                Column("deadline", Finding.deadline, "date"),
                Column("owner", Finding.owner, search=True),
                Column("object", ProtectedObject.name, search=True),
                Column("organization", Organization.name),
                Column("major_hazard", Finding.major_hazard, "bool"),
                Column("category", Finding.category),
                Column("control_point", Finding.control_point),
                Column("test_item_code", Finding.test_item_code, search=True),
                Column("source", Finding.source, "enum", FindingSource),
                Column("found_on", Finding.found_on, "date"),
                Column("deadline_note", Finding.deadline_note),
            ),
            join=lambda s: _join_object(s, Finding.object_id),
            default_sort="deadline",
            org_col=ProtectedObject.organization_id,
            level_col=ProtectedObject.current_level,
            status_col=Finding.status,
            status_enum=FindingStatus,
            risk_col=Finding.risk,
            object_col=Finding.object_id,
            object_fk=Finding.object_id,
            overdue=lambda today: sa.and_(Finding.status.in_(OPEN_STATUSES), Finding.deadline < today),
            state=_finding_state,
            covering_search=True,
        ),
        ListSpec(
            name="emergency_plans",
            entity="emergency_plans",
            id_col=EmergencyPlan.id,
            columns=(
                Column("name", EmergencyPlan.name, search=True),
                Column("organization", Organization.name, search=True),
                Column("version", EmergencyPlan.version),
                Column("approved_on", EmergencyPlan.approved_on, "date"),
                Column("last_reviewed_on", EmergencyPlan.last_reviewed_on, "date"),
                Column("review_cycle_months", EmergencyPlan.review_cycle_months, "int"),
            ),
            join=lambda s: s.join(Organization, Organization.id == EmergencyPlan.organization_id),
            default_sort="name",
            org_col=EmergencyPlan.organization_id,
            object_col=EmergencyPlan.object_id,
        ),
        ListSpec(
            name="drills",
            entity="drills",
            id_col=Drill.id,
            columns=(
                Column("name", Drill.name, search=True),
                Column("status", Drill.status, "enum", DrillStatus),
                Column("planned_on", Drill.planned_on, "date"),
                Column("held_on", Drill.held_on, "date"),
                Column("organization", Organization.name, search=True),
                Column("object", obj_for_drill.name, search=True),
                Column("kind", Drill.kind),
                Column("scenario", Drill.scenario, search=True),
            ),
            join=lambda s: s.join(Organization, Organization.id == Drill.organization_id).outerjoin(
                obj_for_drill, obj_for_drill.id == Drill.object_id
            ),
            default_sort="planned_on",
            default_desc=True,
            org_col=Drill.organization_id,
            status_col=Drill.status,
            status_enum=DrillStatus,
            object_col=Drill.object_id,
            overdue=lambda today: sa.and_(Drill.status == DrillStatus.PLANNED.value, Drill.planned_on < today),
            state=_drill_state,
        ),
        ListSpec(
            name="incidents",
            entity="incidents",
            id_col=Incident.id,
            columns=(
                Column("title", Incident.title, search=True),
                Column("status", Incident.status, "enum", IncidentStatus),
                Column("grade", Incident.grade),
                Column("discovered_at", Incident.discovered_at, "datetime"),
                Column("organization", Organization.name, search=True),
                Column("object", obj_for_incident.name, search=True),
                Column("category", Incident.category, search=True),
            ),
            join=lambda s: s.join(Organization, Organization.id == Incident.organization_id).outerjoin(
                obj_for_incident, obj_for_incident.id == Incident.object_id
            ),
            default_sort="discovered_at",
            default_desc=True,
            org_col=Incident.organization_id,
            status_col=Incident.status,
            status_enum=IncidentStatus,
            object_col=Incident.object_id,
            state=_incident_state,
        ),
        ListSpec(
            name="notices",
            entity="notices",
            id_col=Notice.id,
            columns=(
                Column("doc_number", Notice.doc_number, search=True),
                Column("title", Notice.title, search=True),
                Column("received_on", Notice.received_on, "date"),
                Column("open_tasks", _open_tasks(), "int"),
                Column("issuer", Notice.issuer, search=True),
            ),
            join=lambda s: s,
            default_sort="received_on",
            default_desc=True,
        ),
        ListSpec(
            name="notice_tasks",
            entity="notice_tasks",
            id_col=NoticeTask.id,
            columns=(
                Column("text", NoticeTask.text, search=True),
                Column("status", NoticeTask.status, "enum", TaskStatus),
                Column("due_on", NoticeTask.due_on, "date"),
                Column("assignee", NoticeTask.assignee, search=True),
                Column("done_on", NoticeTask.done_on, "date"),
                Column("doc_number", Notice.doc_number, search=True),
                Column("organization", org_for_task.name),
            ),
            join=lambda s: s.join(Notice, Notice.id == NoticeTask.notice_id).outerjoin(
                org_for_task, org_for_task.id == NoticeTask.organization_id
            ),
            default_sort="due_on",
            default_desc=True,
            org_col=NoticeTask.organization_id,
            status_col=NoticeTask.status,
            status_enum=TaskStatus,
            overdue=lambda today: sa.and_(NoticeTask.status == TaskStatus.OPEN.value, NoticeTask.due_on < today),
            state=_task_state,
        ),
    ]
    return {s.name: s for s in out}


def spec(name: str) -> ListSpec:
    return specs()[name]
