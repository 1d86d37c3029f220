"""Saving records: plain data in, plain data out, one short transaction each.

Every editable field of every entity is declared once in :data:`FIELDS` (kind, required, validator).
The window checks a field as the user types with :func:`check_field` (pure, no database), and
:func:`save` checks them all again before writing, so the command line, imports and the window share
the same rules. Errors are :class:`db.domain.validators.ValidationError` (Chinese message, field name),
:class:`db.domain.lifecycle.TransitionError` or :class:`db.domain.errors.LedgerError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from db.domain import deadlines, rules, validators
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    FindingSource,
    FindingStatus,
    IncidentStatus,
    ObjectStatus,
    ObjectType,
    OperatorType,
    OrgStatus,
    Risk,
    TaskStatus,
)
from db.domain.lifecycle import TransitionError, allowed_next
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
from db.repo.records import MODELS, NotFoundError
from desktop.documents import form_codes as fc
from desktop.documents.form_codes import MATERIALS_2025

Check = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    """One editable field: ``kind`` is text, int, float, date, datetime, bool, enum, list, dict, fk or choice.

    ``check`` validates the whole value (for a list: after each entry passed ``item_check``)."""

    key: str
    kind: str = "text"
    required: bool = False
    check: Check | None = None
    enum: type[StrEnum] | None = None
    #: fk: the lookup name (db.repo.lists.lookup)
    ref: str | None = None
    #: list: validator for each entry
    item_check: Check | None = None


def _icp(v: Any) -> str:
    return validators.icp_number(v)


def _test_item(v: Any) -> str:
    return str(validators_test_item(v))


def validators_test_item(v: Any) -> Any:
    try:
        return rules.parse_test_item_code(str(v))
    except ValueError as exc:
        raise ValidationError(str(exc), "test_item_code", v) from None


def _domain(v: Any) -> str:
    return validators.domain(v).name


def _category(v: Any) -> str:
    try:
        return rules.category(str(v)).code
    except ValueError as exc:
        raise ValidationError(str(exc), "category", v) from None


def _range(lo: float, hi: float, label: str) -> Check:
    def check(v: Any) -> float:
        if v < lo or v > hi:
            raise ValidationError(f"{label}应在{lo:g}至{hi:g}之间")
        return v

    return check


def _non_negative(v: Any) -> Any:
    if v < 0:
        raise ValidationError("不能为负数")
    return v


def _codes(options: fc.Options, label: str) -> Check:
    allowed = {code for code, _l in options}

    def check(v: Any) -> str:
        code = str(v).split(" ", 1)[0].strip()
        if code not in allowed:
            raise ValidationError(f"{label}取值无效：{v}")
        return code

    return check


def _personal_info(codes: list[str]) -> list[str]:
    if "4" in codes and len(codes) > 1:
        raise ValidationError("“不涉及”不能与其他个人信息选项同时勾选")
    return sorted(codes)


INTERACTIONS = ("provide", "entrust", "joint")
STORAGE_GROUPS: dict[str, tuple[fc.Options, str]] = {
    "cloud": (fc.STORAGE_CLOUD, "云平台"),
    "room": (fc.STORAGE_ROOM, "机房"),
    "region": (fc.STORAGE_REGION, "地域"),
}


def _interactions(v: dict[str, Any]) -> dict[str, Any]:
    """``{"provide": 对方, "entrust": 受托方, "joint": 共同处理方}`` or ``{"none": True}`` (无交互)."""
    unknown = set(v) - {*INTERACTIONS, "none"}
    if unknown:
        raise ValidationError(f"交互情况取值无效：{'、'.join(sorted(unknown))}")
    chosen = {k: str(v[k] or "").strip() for k in INTERACTIONS if k in v and v[k] is not None}
    if v.get("none"):
        if chosen:
            raise ValidationError("“无交互”不能与其他交互情况同时勾选")
        return {"none": True}
    labels = {"provide": "对外提供给", "entrust": "委托", "joint": "共同处理"}
    for key, name in chosen.items():
        if not name:
            raise ValidationError(f"勾选“{labels[key]}”时请填写对方单位名称")
    return chosen


def _storage(v: dict[str, Any]) -> dict[str, Any]:
    """``{"cloud": [["4", "某政务云"]], "room": [...], "region": [...]}``: each chosen option needs its name."""
    out: dict[str, Any] = {}
    for group, entries in v.items():
        if group not in STORAGE_GROUPS:
            raise ValidationError(f"存储位置分组无效：{group}")
        options, label = STORAGE_GROUPS[group]
        names = dict(options)
        seen: list[list[str]] = []
        for entry in entries or []:
            code = str(entry[0]).strip() if entry else ""
            name = str(entry[1]).strip() if len(entry) > 1 and entry[1] is not None else ""
            if code not in names:
                raise ValidationError(f"{label}选项无效：{code}")
            if not name:
                raise ValidationError(f"勾选{label}“{names[code]}”时请填写名称")
            if any(s[0] == code for s in seen):
                raise ValidationError(f"{label}“{names[code]}”重复")
            seen.append([code, name])
        if seen:
            out[group] = seen
    return out


F = Field
FIELDS: dict[str, tuple[Field, ...]] = {
    "organizations": (
        F("name", required=True),
        F("short_name"),
        F("uscc", check=validators.uscc),
        F("parent_id", "fk", ref="organizations"),
        F("region_code", check=validators.region_code),
        F("province"),
        F("prefecture"),
        F("county"),
        F("address"),
        F("postcode", check=validators.postcode),
        F("affiliation", "choice"),
        F("unit_type", "choice"),
        F("industry"),
        F("operator_type", "enum", enum=OperatorType),
        F("leader_name"),
        F("leader_title"),
        F("leader_office_phone", check=validators.phone),
        F("leader_email", check=validators.email),
        F("security_dept"),
        F("data_security_dept"),
        F("status", "enum", enum=OrgStatus),
        F("notes"),
    ),
    "contacts": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("name", required=True),
        F("title"),
        F("department"),
        F("office_phone", check=validators.phone),
        F("mobile", check=validators.phone),
        F("email", check=validators.email),
        F("role"),
    ),
    "protected_objects": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("name", required=True),
        F("object_type", "enum", enum=ObjectType),
        F("site_name"),
        F("domains", "list", item_check=_domain),
        F("ip_ranges", "list"),
        F("ports", "list"),
        F("icp_number", check=_icp),
        F("psb_number", check=validators.psb_number),
        F("site_code", check=validators.site_code),
        F("badge_displayed", "bool"),
        F("opening_review", "choice"),
        F("website_group"),
        F("business_type", "choice"),
        F("business_desc"),
        F("service_scope", "choice"),
        F("service_objects", "choice"),
        F("deployment_scope", "choice"),
        F("network_nature", "choice"),
        F("go_live_date", "date"),
        F("code"),
        F("status", "enum", enum=ObjectStatus),
        F("notes"),
    ),
    "filings": (
        F("object_id", "fk", required=True, ref="objects"),
        F("form_version", "choice"),
        F("police_organ"),
        F("form_number", check=validators.form_number),
        F("filled_by"),
        F("filled_on", "date"),
        F("submitted_on", "date"),
        F("accepted_on", "date"),
        F("certificate_no", check=validators.certificate_no),
        F("returned_reason"),
        F("status", "enum", enum=FilingStatus),
    ),
    "institutions": (
        F("name", required=True),
        F("certificate_no"),
        F("code"),
        F("region"),
        F("contact_name"),
        F("phone", check=validators.phone),
        F("email", check=validators.email),
        F("valid_until", "date"),
    ),
    "assessments": (
        F("object_id", "fk", required=True, ref="objects"),
        F("kind", "enum", enum=AssessmentKind),
        F("institution_id", "fk", ref="institutions"),
        F("planned_on", "date"),
        F("started_on", "date"),
        F("report_date", "date"),
        F("report_no"),
        F("scheme", "choice"),
        F("score", "float", check=_range(0, 100, "综合得分")),
        F("compliance_rate", "float", check=_range(0, 100, "符合率")),
        F("conclusion", "choice"),
        F("major_risk_count", "int", check=_non_negative),
        F("major_risk_fixed", "int", check=_non_negative),
        F("retest_result"),
        F("notes"),
        F("status", "enum", enum=AssessmentStatus),
    ),
    "findings": (
        F("object_id", "fk", required=True, ref="objects"),
        F("assessment_id", "fk", ref="assessments"),
        F("source", "enum", enum=FindingSource),
        F("title", required=True),
        F("category", "choice", check=_category),
        F("control_point"),
        F("test_item_code", check=_test_item),
        F("risk", "enum", required=True, enum=Risk),
        F("major_hazard", "bool"),
        F("description"),
        F("recommendation"),
        F("interim_measures"),
        F("owner"),
        F("owner_dept"),
        F("found_on", "date"),
        F("deadline", "date"),
        F("deadline_note"),
        F("remaining_plan"),
    ),
    "rectification_actions": (
        F("finding_id", "fk", required=True),
        F("action", required=True),
        F("responsible"),
        F("planned_on", "date"),
        F("done_on", "date"),
        F("evidence"),
        F("verifier"),
        F("verified_on", "date"),
    ),
    "emergency_plans": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("object_id", "fk", ref="objects"),
        F("name", required=True),
        F("version"),
        F("scope"),
        F("approved_on", "date"),
        F("last_reviewed_on", "date"),
        F("review_cycle_months", "int", check=_range(1, 120, "评审周期")),
        F("notes"),
    ),
    "drills": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("object_id", "fk", ref="objects"),
        F("plan_id", "fk", ref="emergency_plans"),
        F("name", required=True),
        F("kind", "choice"),
        F("scenario"),
        F("planned_on", "date"),
        F("held_on", "date"),
        F("location"),
        F("organizer"),
        F("participants", "int", check=_non_negative),
        F("record"),
        F("problems"),
        F("conclusion"),
        F("improvements"),
        F("plan_revised", "bool"),
        F("status", "enum", enum=DrillStatus),
    ),
    "incidents": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("object_id", "fk", ref="objects"),
        F("title", required=True),
        F("category", "choice", required=True),
        F("grade", "choice"),
        F("occurred_at", "datetime"),
        F("discovered_at", "datetime", required=True),
        F("description"),
        F("handling"),
        F("closed_at", "datetime"),
        F("status", "enum", enum=IncidentStatus),
    ),
    "incident_reports": (
        F("incident_id", "fk", required=True),
        F("reported_to", required=True),
        F("reported_at", "datetime", required=True),
        F("method"),
        F("reported_by"),
        F("notes"),
    ),
    "notices": (
        F("doc_number"),
        F("issuer"),
        F("received_on", "date"),
        F("title", required=True),
        F("summary"),
    ),
    "data_categories": (
        F("organization_id", "fk", required=True, ref="organizations"),
        F("object_id", "fk", ref="objects"),
        F("name", required=True),
        F("data_level", "choice", check=_codes(fc.DATA_LEVEL, "拟定数据级别")),
        F("category", required=True),
        F("responsible_dept", required=True),
        F("responsible_person"),
        F("personal_info", "list", item_check=_codes(fc.PERSONAL_INFO, "个人信息涉及情况"), check=_personal_info),
        F("total_gb", "float", check=_non_negative),
        F("total_tb", "float", check=_non_negative),
        F("total_records_10k", "float", check=_non_negative),
        F("monthly_growth_gb", "float", check=_non_negative),
        F("sources", "list", item_check=_codes(fc.DATA_SOURCES, "数据来源")),
        F("sources_other"),
        F("source_units", "list"),
        F("outflow_units", "list"),
        F("interactions", "dict", check=_interactions),
        F("storage", "dict", check=_storage),
    ),
    "notice_tasks": (
        F("notice_id", "fk", required=True, ref="notices"),
        F("organization_id", "fk", ref="organizations"),
        F("text", required=True),
        F("due_on", "date"),
        F("assignee"),
        F("done_on", "date"),
        F("status", "enum", enum=TaskStatus),
    ),
}


def field(entity: str, key: str) -> Field:
    for f in FIELDS[entity]:
        if f.key == key:
            return f
    raise KeyError(f"{entity}.{key}")


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _datetime(value: Any, key: str) -> datetime:
    if isinstance(value, datetime):
        return value
    text = str(value).strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValidationError(f"时间格式不正确：{value}（应如 2025-06-01 08:30）", key, value)


def check_field(entity: str, key: str, value: Any) -> Any:
    """The value to store for one field, or :class:`ValidationError` with a Chinese message."""
    f = field(entity, key)
    if f.kind == "list":
        items = value if isinstance(value, list | tuple) else str(value or "").splitlines()
        items = [str(i).strip() for i in items if str(i).strip()]
        if f.required and not items:
            raise ValidationError("此项必填", key, value)
        if f.item_check is None:
            out = items
        else:
            out = []
            for item in items:
                try:
                    normalised = f.item_check(item)
                except ValidationError as exc:
                    raise ValidationError(exc.message, key, item) from None
                if normalised not in out:
                    out.append(normalised)
        if f.check is not None:
            try:
                out = f.check(out)
            except ValidationError as exc:
                raise ValidationError(exc.message, key, value) from None
        return out
    if f.kind == "dict":
        if value is None or value == "":
            value = {}
        if not isinstance(value, dict):
            raise ValidationError(f"取值无效：{value}", key, value)
        if f.check is None:
            return dict(value)
        try:
            return f.check(dict(value))
        except ValidationError as exc:
            raise ValidationError(exc.message, key, value) from None
    if f.kind == "bool":
        return None if value is None else bool(value)
    if _empty(value):
        if f.required:
            raise ValidationError("此项必填", key, value)
        return None
    try:
        if f.kind == "int" or f.kind == "fk":
            try:
                result: Any = int(str(value).strip())
            except ValueError:
                raise ValidationError(f"应为整数：{value}", key, value) from None
        elif f.kind == "float":
            try:
                result = float(str(value).strip().rstrip("%"))
            except ValueError:
                raise ValidationError(f"应为数字：{value}", key, value) from None
        elif f.kind == "date":
            result = validators.parse_date(value, field=key)
        elif f.kind == "datetime":
            result = _datetime(value, key)
        elif f.kind == "enum" and f.enum is not None:
            try:
                result = f.enum(str(value)).value
            except ValueError:
                raise ValidationError(f"取值无效：{value}", key, value) from None
        else:
            result = str(value).strip()
        if f.check is not None:
            result = f.check(result)
    except ValidationError as exc:
        raise ValidationError(exc.message, key, value) from None
    return result


class FormErrors(ValidationError):
    """Several fields are wrong; ``errors`` maps field key → Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors.items()))
        super().__init__(first[1], first[0])
        self.errors = errors


def check_all(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every declared field in ``values`` checked; raise :class:`FormErrors` listing all problems."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in FIELDS[entity]:
        if f.key not in values:
            continue
        try:
            out[f.key] = check_field(entity, f.key, values[f.key])
        except ValidationError as exc:
            errors[f.key] = exc.message
    if errors:
        raise FormErrors(errors)
    return out


def _cross_checks(entity: str, v: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if entity == "filings":
        if v.get("accepted_on") and v.get("submitted_on") and v["accepted_on"] < v["submitted_on"]:
            errors["accepted_on"] = "受理日期不能早于提交日期"
        if v.get("status") == FilingStatus.ACCEPTED.value:
            if not v.get("accepted_on"):
                errors["accepted_on"] = "已受理备案时请填写受理日期"
            if not v.get("certificate_no"):
                errors["certificate_no"] = "已受理备案时请填写备案证明编号"
    if entity == "assessments" and v.get("status") == AssessmentStatus.REPORTED.value and not v.get("report_date"):
        errors["report_date"] = "已出报告时请填写报告日期"
    if entity == "drills" and v.get("status") == DrillStatus.DONE.value and not v.get("held_on"):
        errors["held_on"] = "已完成的演练请填写实施日期"
    if entity == "findings" and v.get("deadline") and v.get("found_on") and v["deadline"] < v["found_on"]:
        errors["deadline"] = "整改期限不能早于发现日期"
    if entity == "data_categories":
        sources = v.get("sources") or []
        other = (v.get("sources_other") or "").strip()
        if "9" in sources and not other:
            errors["sources_other"] = "数据来源勾选了“其他”，请写明来源"
        elif other and "9" not in sources:
            errors["sources_other"] = "填写了其他来源时，请同时勾选“其他”"
        if v.get("total_gb") is not None and v.get("total_tb") is not None:
            errors["total_tb"] = "数据总量按 GB 或 TB 填写其中之一，不要同时填写"
    if errors:
        raise FormErrors(errors)


def save(ledger: Any, entity: str, record_id: int | None, values: dict[str, Any]) -> int:
    """Create (``record_id`` None) or update one record; return its id."""
    checked = check_all(entity, values)
    model = MODELS[entity]
    with ledger.session() as session:
        if record_id is None:
            obj = model()
            session.add(obj)
            merged = checked
        else:
            obj = session.get(model, record_id)
            if obj is None:
                raise NotFoundError("记录已不存在，可能已被删除。")
            current = {f.key: _current(obj, f.key) for f in FIELDS[entity] if f.kind != "list"}
            merged = {**current, **checked}
        _cross_checks(entity, merged)
        for key, value in checked.items():
            f = field(entity, key)
            if key == "domains":
                continue
            if f.kind == "enum" and f.enum is not None and value is not None:
                value = f.enum(value)
            elif f.kind == "list":
                value = list(value)
            elif f.kind == "dict":
                value = dict(value)
            setattr(obj, key, value)
        if entity == "protected_objects" and "domains" in checked:
            _set_domains(obj, checked["domains"])
        if entity == "organizations" and record_id is not None and checked.get("parent_id") == record_id:
            raise FormErrors({"parent_id": "上级单位不能是本单位"})
        if entity == "findings":
            _default_deadline(obj)
        if entity == "filings" and record_id is None:
            for position, (key, title) in enumerate(MATERIALS_2025):
                obj.materials.append(FilingMaterial(item_key=key, title=title, position=position))
            if obj.grading_id is None:
                from db.repo.records import current_grading

                g = current_grading(session, obj.object_id)
                obj.grading_id = g["id"] if g else None
        session.flush()
        return int(obj.id)


def _current(obj: Any, key: str) -> Any:
    value = getattr(obj, key, None)
    return getattr(value, "value", value)


def _set_domains(obj: ProtectedObject, names: list[str]) -> None:
    existing = {d.name: d for d in obj.domains}
    keep = []
    for position, name in enumerate(names):
        d = existing.get(name)
        if d is None:
            parsed = validators.domain(name)
            d = Domain(name=parsed.name, ascii_name=parsed.ascii_name, kind=parsed.kind)
        d.position = position
        keep.append(d)
    obj.domains[:] = keep


def _default_deadline(finding: Finding) -> None:
    """A finding without a deadline gets the one the rules give for its risk (rule set recorded)."""
    if finding.deadline is None and finding.found_on is not None:
        computed = deadlines.finding_deadline(
            finding.risk.value if finding.risk else "medium", finding.found_on, bool(finding.major_hazard)
        )
        finding.deadline = computed.due
        finding.deadline_rule = computed.rule_set


#: records the window may delete (each through :func:`delete`, one audited transaction)
DELETABLE = (
    "organizations",
    "contacts",
    "protected_objects",
    "domains",
    "findings",
    "rectification_actions",
    "notice_tasks",
    "data_categories",
)


def _count(session: Any, column: Any, value: int) -> int:
    return int(session.scalar(sa.select(sa.func.count()).where(column == value)) or 0)


def _drop_attachments(session: Any, entity: str, ids: list[int]) -> None:
    if ids:
        for att in session.scalars(
            sa.select(Attachment).where(Attachment.entity_type == entity, Attachment.entity_id.in_(ids))
        ):
            session.delete(att)


def _refuse(what: str, found: list[tuple[str, int]], advice: str) -> None:
    parts = [f"{label} {n} 条" for label, n in found if n]
    if parts:
        raise ValidationError(f"{what}还有{'、'.join(parts)}，不能删除。{advice}")


def delete(ledger: Any, entity: str, record_id: int) -> None:
    """Delete one record and what belongs only to it, in one audited transaction.

    Every row goes through the ORM (so each one leaves an audit event); rows the database would
    remove or unlink silently (``ON DELETE CASCADE`` / ``SET NULL``) are handled here first. A record
    whose removal would lose other work is refused with a Chinese reason: a unit with objects,
    plans, drills or incidents; an object with filings, gradings, assessments or findings.
    """
    if entity not in DELETABLE:
        raise ValidationError("此类记录不能在程序中删除。")
    model = MODELS[entity]
    with ledger.session() as session:
        obj = session.get(model, record_id)
        if obj is None:
            return
        if entity == "organizations":
            n = _count(session, ProtectedObject.organization_id, record_id)
            if n:
                raise ValidationError(
                    f"该单位下还有 {n} 个定级对象，不能删除。请先转移或删除这些对象。"
                )
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
            _drop_attachments(session, "contacts", [c.id for c in obj.contacts])
            _drop_attachments(session, entity, [record_id])
        elif entity == "protected_objects":
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
            for model_ in (DataCategory, EmergencyPlan, Drill, Incident):
                for row in session.scalars(sa.select(model_).where(model_.object_id == record_id)):
                    row.object_id = None
            for child in session.scalars(
                sa.select(ProtectedObject).where(ProtectedObject.parent_object_id == record_id)
            ):
                child.parent_object_id = None
            _drop_attachments(session, entity, [record_id])
        elif entity == "findings":
            _drop_attachments(session, "rectification_actions", [a.id for a in obj.actions])
            _drop_attachments(session, entity, [record_id])
        elif entity == "contacts":
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
            _drop_attachments(session, entity, [record_id])
        else:
            _drop_attachments(session, entity, [record_id])
        session.delete(obj)


def describe(ledger: Any, entity: str, record_id: int) -> str:
    """A short name of the record for the 删除 question (e.g. the unit's name)."""
    model = MODELS[entity]
    with ledger.session(write=False) as session:
        obj = session.get(model, record_id)
        if obj is None:
            return ""
        for attr in ("name", "title", "action", "text"):
            value = getattr(obj, attr, None)
            if value:
                text = str(value).strip().splitlines()[0]
                return text if len(text) <= 40 else text[:39] + "…"
    return ""


# --------------------------------------------------------------------------------------------------
# Finding workflow
# --------------------------------------------------------------------------------------------------


def transition_blockers(finding: dict[str, Any]) -> dict[str, str | None]:
    """For each state the finding could move to: None if allowed now, else why not (Chinese)."""
    current = FindingStatus(finding["status"])
    proven = any(
        (a.get("action") or "").strip() and (a.get("evidence") or "").strip() for a in finding.get("actions", [])
    )
    out: dict[str, str | None] = {}
    for state in FindingStatus:
        if state == current:
            continue
        if state.value not in allowed_next(current):
            out[state.value] = f"不能从“{current.label}”直接改为“{state.label}”"
        elif state in (FindingStatus.FIXED, FindingStatus.VERIFIED) and not proven:
            out[state.value] = "请先登记至少一项整改措施并填写证明材料"
        else:
            out[state.value] = None
    return out


def change_finding_status(
    ledger: Any,
    finding_id: int,
    new_status: str,
    *,
    verifier: str | None = None,
    accepted_by: str | None = None,
    accepted_reason: str | None = None,
    today: date | None = None,
) -> None:
    today = today or date.today()
    state = FindingStatus(new_status)
    if state == FindingStatus.RISK_ACCEPTED and not ((accepted_by or "").strip() and (accepted_reason or "").strip()):
        raise TransitionError("风险接受需要填写批准人和理由。")
    if state == FindingStatus.VERIFIED and not (verifier or "").strip():
        raise TransitionError("标记为已验证前，请填写验证人。")
    with ledger.session() as session:
        finding = session.get(Finding, finding_id)
        if finding is None:
            raise NotFoundError("问题已不存在。")
        finding.status = state
        if state == FindingStatus.FIXED:
            finding.fixed_on = finding.fixed_on or today
        elif state == FindingStatus.VERIFIED:
            finding.fixed_on = finding.fixed_on or today
            finding.verified_on = today
            finding.verifier = (verifier or "").strip()
        elif state == FindingStatus.RISK_ACCEPTED:
            finding.accepted_by = (accepted_by or "").strip()
            finding.accepted_reason = (accepted_reason or "").strip()


def bulk_assign(ledger: Any, finding_ids: Iterable[int], owner: str) -> int:
    owner = owner.strip()
    if not owner:
        raise ValidationError("请填写责任人", "owner")
    ids = list(finding_ids)
    with ledger.session() as session:
        for f in session.scalars(sa.select(Finding).where(Finding.id.in_(ids))):
            f.owner = owner
    return len(ids)


def bulk_move_deadline(ledger: Any, finding_ids: Iterable[int], new_deadline: Any, reason: str) -> int:
    due = validators.parse_date(new_deadline, field="deadline")
    reason = reason.strip()
    if not reason:
        raise ValidationError("调整整改期限须说明理由", "deadline_note")
    ids = list(finding_ids)
    with ledger.session() as session:
        for f in session.scalars(sa.select(Finding).where(Finding.id.in_(ids))):
            old = f.deadline.isoformat() if f.deadline else "无"
            f.deadline = due
            f.deadline_rule = None
            f.deadline_note = f"{old}→{due.isoformat()}：{reason}"[:300]
    return len(ids)


def set_material(ledger: Any, material_id: int, *, present: bool, attachment_id: int | None = None) -> None:
    with ledger.session() as session:
        m = session.get(FilingMaterial, material_id)
        if m is None:
            raise NotFoundError("材料项已不存在。")
        m.present = present
        if attachment_id is not None:
            m.attachment_id = attachment_id


def latest_filing_id(ledger: Any, object_id: int) -> int | None:
    with ledger.session(write=False) as session:
        return session.scalar(sa.select(Filing.id).where(Filing.object_id == object_id).order_by(Filing.id.desc()))


def organization_exists(ledger: Any, name: str) -> int | None:
    with ledger.session(write=False) as session:
        return session.scalar(sa.select(Organization.id).where(Organization.name == name.strip()))
