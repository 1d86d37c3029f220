"""The 历史 tab in the officer's words: one record's audit trail and its children's, readable.

The audit trail (:mod:`db.repo.audit_view`) stores table and column names and JSON values. Here each
event becomes a row a security officer reads without knowing the database: the kind of record and
which one (``问题“机房未配置备用电力”``), the field's label from the entity records
(:mod:`db.repo.entities`), values as the forms show them (enum labels, 是/否, dates, unit names for
unit ids, domain names in Unicode). Internal keys (ids, row versions, time stamps, ASCII domain forms)
are left out. An object's history includes its domains, gradings, filings, assessments, findings and
their rectification actions; a finding's its actions; a unit's its contacts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Any

import idna
import sqlalchemy as sa
from sqlalchemy.orm import Session

from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FilingStatus,
    FindingSource,
    FindingStatus,
    GradingStatus,
    HarmDegree,
    HarmedObject,
    Risk,
    level_label,
)
from db.domain.fields import Field
from db.models import (
    Assessment,
    AuditEvent,
    Contact,
    Domain,
    Filing,
    Finding,
    Grading,
    RectificationAction,
)
from db.repo import entities

ACTIONS = {"insert": "新建", "update": "修改", "delete": "删除"}
#: never shown: the program's own bookkeeping
HIDDEN_KEYS = frozenset({"id", "row_version", "created_at", "updated_at", "ascii_name", "position", "object_id",
                         "finding_id", "grading_id", "organization_id_hint", "form_version", "computed_on"})
#: labels of fields the entity records do not list (records edited by wizards, not forms)
EXTRA_LABELS = {
    "name": "名称", "title": "标题", "status": "状态", "notes": "备注", "kind": "类型",
    "business_level": "业务信息安全保护等级", "service_level": "系统服务安全保护等级",
    "business_degree": "业务信息受侵害程度", "service_degree": "系统服务受侵害程度",
    "business_object": "业务信息受侵害客体", "service_object": "系统服务受侵害客体",
    "business_desc": "业务信息描述", "service_desc": "系统服务描述", "business_summary": "业务概述",
    "business_degree_reason": "业务信息受侵害程度理由", "service_degree_reason": "系统服务受侵害程度理由",
    "business_object_reason": "业务信息受侵害客体理由", "service_object_reason": "系统服务受侵害客体理由",
    "composition": "系统构成", "proposed_level": "拟定等级", "final_level": "安全保护等级", "level": "等级",
    "graded_on": "定级日期", "reviewed_on": "评审日期", "approved_on": "审批日期", "expert_opinion": "专家评审意见",
    "rule_set": "所依规则", "is_current": "当前定级", "organization_id": "所属单位",
    "grading_report": "定级报告", "reason": "理由",
    "current_level": "安全保护等级", "interconnection": "网络互联情况", "is_subsystem": "是否为分系统",
    "parent_system_name": "上级系统名称", "parent_system_org": "上级系统所属单位", "scenario_details": "应用场景",
    "service_scope_count": "服务范围（地区数）", "technologies": "采用的新技术",
    "data_summary": "数据概述", "expert_names": "评审专家", "expert_review_date": "专家评审日期",
    "expert_review_passed": "专家评审通过", "filled_by": "填表人", "has_supervisor": "有行业主管部门",
    "responsibility": "责任说明", "security_responsibility": "安全责任", "supervisor_approval_date": "主管部门审核日期",
    "supervisor_approved": "主管部门已审核", "supervisor_name": "主管部门",
    "present": "已提供", "item_key": "材料项", "filename": "文件名", "description": "说明", "size": "大小（字节）",
    "accepted_by": "风险接受批准人", "accepted_reason": "风险接受理由", "deadline_rule": "期限依据",
    "fixed_on": "整改完成日期", "verified_on": "验证日期", "verifier": "验证人", "remaining_plan": "后续计划",
}
#: internal values never worth a row: content hashes, raw file bytes, MIME types
HIDDEN_VALUES = frozenset({"sha256", "data", "mime_type", "entity_type"})
#: a record's own name in a row (``问题“…”``): the first of these fields it has
NAME_KEYS = ("title", "name", "report_no", "certificate_no", "form_number", "text", "graded_on")
#: enum fields of records without a form (gradings are written by the wizard)
EXTRA_ENUMS: dict[str, type[Enum]] = {
    "business_degree": HarmDegree, "service_degree": HarmDegree,
    "business_object": HarmedObject, "service_object": HarmedObject,
}
ENTITY_ENUMS: dict[tuple[str, str], type[Enum]] = {
    ("gradings", "status"): GradingStatus, ("findings", "status"): FindingStatus,
    ("findings", "risk"): Risk, ("findings", "source"): FindingSource, ("filings", "status"): FilingStatus,
    ("assessments", "status"): AssessmentStatus, ("assessments", "kind"): AssessmentKind,
}
LEVEL_KEYS = frozenset({"business_level", "service_level", "proposed_level", "final_level", "level", "current_level"})


def _fields(entity: str) -> dict[str, Field]:
    try:
        return {f.key: f for f in entities.entity(entity).fields}
    except KeyError:
        return {}


def _title(entity: str) -> str:
    try:
        return entities.entity(entity).title
    except KeyError:
        return entity


def _load(text: Any) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def unicode_domain(name: str) -> str:
    """``xn--…`` labels shown as the Chinese the user typed."""
    if "xn--" not in name.lower():
        return name
    try:
        return str(idna.decode(name))
    except idna.IDNAError:
        return name


def _choice_label(f: Field, value: Any) -> str | None:
    if f.enum is not None:
        try:
            member: Any = f.enum(value)
        except ValueError:
            return None
        return str(getattr(member, "label", value))
    choices = f.choices() if callable(f.choices) else f.choices
    for code, label in choices or ():
        if code == value:
            return str(label)
    return None


class Presenter:
    """Turns stored values into form text; looks unit and institution names up once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._names: dict[str, dict[int, str]] = {}

    def _name_of(self, ref: str, ident: int) -> str:
        names = self._names.get(ref)
        if names is None:
            model: Any = entities.MODELS.get(ref)
            column = getattr(model, "name", None) if model is not None else None
            names = {} if column is None else {int(i): str(n) for i, n in self.session.execute(sa.select(model.id, column))}
            self._names[ref] = names
        return names.get(ident, f"{_title(ref)} {ident}号")

    def value(self, entity: str, key: str, raw: Any, f: Field | None = None) -> str:
        if raw is None or raw == "" or raw == [] or raw == {}:
            return ""
        if f is None:
            f = _fields(entity).get(key)
        if isinstance(raw, bool):
            return "是" if raw else "否"
        if key in LEVEL_KEYS and isinstance(raw, int):
            return level_label(raw)
        if f is not None and f.kind == "fk" and f.ref and isinstance(raw, int):
            return self._name_of(f.ref, raw)
        if key == "organization_id" and isinstance(raw, int):
            return self._name_of("organizations", raw)
        if key == "institution_id" and isinstance(raw, int):
            return self._name_of("institutions", raw)
        if isinstance(raw, list):
            return "、".join(self.value(entity, key, v, f) for v in raw if v not in (None, ""))
        if isinstance(raw, dict):
            parts = [f"{k}：{self.value(entity, k, v)}" for k, v in raw.items() if v not in (None, "", [], {})]
            return "；".join(parts)
        enum = ENTITY_ENUMS.get((entity, key)) or (EXTRA_ENUMS.get(key) if f is None else None)
        if enum is not None and isinstance(raw, str):
            try:
                return str(getattr(enum(raw), "label", raw))
            except ValueError:
                pass
        if isinstance(raw, str):
            if f is not None:
                label = _choice_label(f, raw)
                if label is not None:
                    return label
            if "xn--" in raw:
                return unicode_domain(raw)
            return _date_text(raw)
        if isinstance(raw, float):
            return f"{raw:g}"
        return str(raw.label) if isinstance(raw, Enum) and hasattr(raw, "label") else str(raw)

    def label(self, entity: str, key: str) -> str:
        f = _fields(entity).get(key)
        if f is not None and f.label:
            return f.label
        if key in EXTRA_LABELS:
            return EXTRA_LABELS[key]
        if key.endswith("_other"):
            return self.label(entity, key.removesuffix("_other")) + "（其他）"
        return key

    def shown(self, entity: str, key: str) -> bool:
        """False for bookkeeping: ids, hashes, and ids of other records the form does not show."""
        if key in HIDDEN_KEYS or key in HIDDEN_VALUES:
            return False
        return not (key.endswith("_id") and key not in _fields(entity) and key not in EXTRA_LABELS)

    def record_name(self, entity: str, values: dict[str, Any]) -> str:
        if entity == "domains" and values.get("name"):
            return unicode_domain(str(values["name"]))
        for key in NAME_KEYS:
            if values.get(key):
                return self.value(entity, key, values[key])
        return ""


def _date_text(text: str) -> str:
    """ISO date-times as the forms show them (``2024-03-10 09:30``); other text unchanged."""
    if len(text) >= 16 and text[4:5] == "-" and text[10:11] == "T":
        try:
            return datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return text
    return text


def _children(session: Session, entity: str, record_id: int) -> list[tuple[str, list[int]]]:
    def ids(column: Any, where: Any) -> list[int]:
        return list(session.scalars(sa.select(column).where(where)).all())

    if entity == "protected_objects":
        findings = ids(Finding.id, Finding.object_id == record_id)
        return [
            ("domains", ids(Domain.id, Domain.object_id == record_id)),
            ("gradings", ids(Grading.id, Grading.object_id == record_id)),
            ("filings", ids(Filing.id, Filing.object_id == record_id)),
            ("assessments", ids(Assessment.id, Assessment.object_id == record_id)),
            ("findings", findings),
            ("rectification_actions", ids(RectificationAction.id, RectificationAction.finding_id.in_(findings))),
        ]
    if entity == "findings":
        return [("rectification_actions", ids(RectificationAction.id, RectificationAction.finding_id == record_id))]
    if entity == "organizations":
        return [("contacts", ids(Contact.id, Contact.organization_id == record_id))]
    return []


def _events(session: Session, targets: Iterable[tuple[str, list[int]]]) -> list[dict[str, Any]]:
    table = AuditEvent.__table__
    out: list[dict[str, Any]] = []
    for entity, ids in targets:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = session.execute(
                sa.select(table).where(table.c.entity == entity, table.c.entity_id.in_(chunk))
            ).mappings()
            out += [dict(r) for r in rows]
    return out


def readable_history(session: Session, entity: str, record_id: int) -> list[dict[str, Any]]:
    """The audit trail of one record and its children, newest first, in the officer's words: dicts
    with ``at``, ``actor``, ``action``, ``record``, ``field``, ``old_value``, ``new_value`` (text)."""
    events = _events(session, [(entity, [record_id]), *_children(session, entity, record_id)])
    events.sort(key=lambda e: e["id"], reverse=True)
    present = Presenter(session)
    # the name each record had when last seen, for rows of its later updates
    names: dict[tuple[str, int], str] = {}
    for e in sorted(events, key=lambda e: e["id"]):
        for side in ("new_value", "old_value"):
            values = _load(e[side])
            if isinstance(values, dict):
                names[(e["entity"], e["entity_id"])] = present.record_name(e["entity"], values)
    rows: list[dict[str, Any]] = []
    for e in events:
        ent, action = e["entity"], e["action"]
        what = _title(ent)
        name = names.get((ent, e["entity_id"]), "")
        record = f"{what}“{name}”" if name and ent != entity or name and e["entity_id"] != record_id else what
        row = {"id": e["id"], "at": e["at"], "actor": e["actor"] or "", "action": ACTIONS.get(action, action),
               "record": record, "field": "", "old_value": "", "new_value": ""}
        if e["field"]:
            if not present.shown(ent, e["field"]):
                continue
            row["field"] = present.label(ent, e["field"])
            row["old_value"] = present.value(ent, e["field"], _load(e["old_value"]))
            row["new_value"] = present.value(ent, e["field"], _load(e["new_value"]))
        else:
            values = _load(e["new_value"] if action == "insert" else e["old_value"])
            summary = _summary(present, ent, values) if isinstance(values, dict) else ""
            row["new_value" if action == "insert" else "old_value"] = summary
        rows.append(row)
    return rows


def _summary(present: Presenter, entity: str, values: dict[str, Any]) -> str:
    """A new or deleted record in a line: its labelled, non-empty fields in form order."""
    fields = _fields(entity)
    order: list[str] = [k for k in fields if k in values] + sorted(k for k in values if k not in fields)
    parts = []
    for key in order:
        if not present.shown(entity, key):
            continue
        text = present.value(entity, key, values.get(key), fields.get(key))
        if text:
            parts.append(f"{present.label(entity, key)}：{text}")
    return "；".join(parts)


__all__ = ["readable_history", "unicode_domain"]

