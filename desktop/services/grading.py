"""Grading (定级): save a new grading in one transaction, superseding the previous one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from db.domain import rules
from db.domain.enums import GradingStatus, HarmDegree, HarmedObject
from db.domain.validators import ValidationError
from db.models import Grading, ProtectedObject
from db.repo.records import NotFoundError


@dataclass(frozen=True)
class GradingInput:
    object_id: int
    rule_set: str
    business_object: str
    business_degree: str
    service_object: str
    service_degree: str
    graded_on: date
    business_desc: str = ""
    business_degree_reason: str = ""
    service_desc: str = ""
    service_degree_reason: str = ""
    expert_review_date: date | None = None
    expert_names: str = ""
    expert_review_passed: bool | None = None
    expert_opinion: str = ""
    has_supervisor: bool = False
    supervisor_name: str = ""
    supervisor_approved: bool | None = None
    supervisor_approval_date: date | None = None
    filled_by: str = ""


@dataclass(frozen=True)
class GradingResult:
    grading_id: int
    level: int
    business_level: int
    service_level: int
    status: str
    superseded: tuple[int, ...]


def levels(rule_set: str, inp: GradingInput) -> tuple[int, int, int]:
    """(业务信息 level, 系统服务 level, final level) under the rule set."""
    b = rules.grade(rule_set, inp.business_object, inp.business_degree)
    s = rules.grade(rule_set, inp.service_object, inp.service_degree)
    return b, s, rules.final_level(b, s)


def status_for(inp: GradingInput) -> GradingStatus:
    if inp.has_supervisor and inp.supervisor_approved:
        return GradingStatus.APPROVED
    if not inp.has_supervisor and inp.expert_review_passed:
        return GradingStatus.APPROVED if inp.supervisor_approved else GradingStatus.REVIEWED
    if inp.expert_review_passed:
        return GradingStatus.REVIEWED
    return GradingStatus.DRAFT


def _check(inp: GradingInput) -> None:
    if inp.expert_review_passed is not None and inp.expert_review_date is None:
        raise ValidationError("请填写专家评审日期", "expert_review_date")
    if inp.expert_review_passed is not None and not inp.expert_names.strip():
        raise ValidationError("请填写评审专家", "expert_names")
    if inp.has_supervisor and not inp.supervisor_name.strip():
        raise ValidationError("请填写行业主管部门名称", "supervisor_name")
    if inp.supervisor_approved and inp.supervisor_approval_date is None:
        raise ValidationError("请填写主管部门审核日期", "supervisor_approval_date")
    if inp.graded_on > date.today():
        raise ValidationError("定级日期不能晚于今天", "graded_on")


def save_grading(ledger: Any, inp: GradingInput) -> GradingResult:
    """Add the grading, supersede every earlier non-superseded one, update the object's level."""
    _check(inp)
    business, service, final = levels(inp.rule_set, inp)
    status = status_for(inp)
    with ledger.session() as session:
        obj = session.get(ProtectedObject, inp.object_id)
        if obj is None:
            raise NotFoundError("定级对象已不存在。")
        new = Grading(
            object_id=inp.object_id,
            rule_set=inp.rule_set,
            business_object=HarmedObject(inp.business_object),
            business_degree=HarmDegree(inp.business_degree),
            business_level=business,
            service_object=HarmedObject(inp.service_object),
            service_degree=HarmDegree(inp.service_degree),
            service_level=service,
            level=final,
            graded_on=inp.graded_on,
            business_desc=inp.business_desc or None,
            business_degree_reason=inp.business_degree_reason or None,
            service_desc=inp.service_desc or None,
            service_degree_reason=inp.service_degree_reason or None,
            expert_review_date=inp.expert_review_date,
            expert_review_passed=inp.expert_review_passed,
            expert_names=inp.expert_names or None,
            expert_opinion=inp.expert_opinion or None,
            has_supervisor=inp.has_supervisor,
            supervisor_name=inp.supervisor_name or None,
            supervisor_approved=inp.supervisor_approved,
            supervisor_approval_date=inp.supervisor_approval_date,
            filled_by=inp.filled_by or None,
            status=status,
        )
        session.add(new)
        session.flush()
        older = list(
            session.scalars(
                sa.select(Grading).where(
                    Grading.object_id == inp.object_id,
                    Grading.id != new.id,
                    Grading.status != GradingStatus.SUPERSEDED,
                )
            )
        )
        for g in older:
            g.status = GradingStatus.SUPERSEDED
            g.superseded_by_id = new.id
        obj.current_level = final
        session.flush()
        return GradingResult(new.id, final, business, service, status.value, tuple(g.id for g in older))
