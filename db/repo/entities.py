"""One record per entity: everything the program knows about a kind of record, in one place.

Each :class:`db.domain.fields.Entity` holds the model, the Chinese title, the fields (label, kind,
choices, validator, required, shown on the editor or not) in the editor's sections, the list's
leading columns, whether the window may delete such a record, the checks across its fields and its
save/delete hooks (:mod:`db.repo.record_hooks`). The services (saving, deleting, checking), the
window's editors and lists (through :mod:`desktop.services.entities`) and the command line all read
these records: adding a field is one edit here.

Texts are Chinese; ``QT_TRANSLATE_NOOP`` marks those the window translates (context ``Entities``)
so that Qt's lupdate finds them.
"""

from __future__ import annotations

from db import models as m
from db.domain import addresses, catalogue, rules, validators
from db.domain import field_checks as checks
from db.domain import form_codes as fc
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    FindingSource,
    IncidentStatus,
    ObjectStatus,
    ObjectType,
    OperatorType,
    OrgStatus,
    Risk,
    TaskStatus,
)
from db.domain.fields import QT_TRANSLATE_NOOP, Entity, Field, Options, Section
from db.repo import record_hooks as hooks

F = Field
S = Section

OPENING_REVIEW = ["未申报", "审核中", "已通过", "未通过", "资格复核通过", "资格复核未通过"]
INCIDENT_CATEGORIES = ["网页篡改", "挂马", "网络攻击", "数据泄露", "勒索", "拒绝服务", "其他"]
INCIDENT_GRADES = ["特别重大", "重大", "较大", "一般"]
DRILL_KINDS = ["桌面推演", "实战"]


def _same(values: list[str]) -> Options:
    return [(v, v) for v in values]


def _schemes() -> Options:
    """The conclusion rule sets (2021: 优/良/中/差, 2025: 符合/基本符合/不符合)."""
    return [(r.id, r.name) for r in rules.rule_sets("conclusion")]


def _conclusions() -> Options:
    out: list[tuple[str, str]] = []
    for r in rules.rule_sets("conclusion"):
        out += [(c, c) for c in rules.conclusion_labels(r.id) if (c, c) not in out]
    return out


def _categories() -> Options:
    return [(c.code, f"{c.code} {c.name}") for c in catalogue.categories()]


ENTITY_LIST: tuple[Entity, ...] = (
    Entity(
        "organizations", m.Organization, QT_TRANSLATE_NOOP("Entities", "单位"),
        list_name="organizations", primary_columns=4, deletable=True,
        on_save=hooks.organization_saved, on_delete=hooks.deleting_organization,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "基本情况"), (
                F("name", QT_TRANSLATE_NOOP("Entities", "单位名称"), required=True),
                F("short_name", QT_TRANSLATE_NOOP("Entities", "简称")),
                F("uscc", QT_TRANSLATE_NOOP("Entities", "统一社会信用代码"), check=validators.uscc,
                  placeholder="11130000000000000X"),
                F("parent_id", QT_TRANSLATE_NOOP("Entities", "上级主管部门"), "fk", ref="organizations"),
                F("unit_type", QT_TRANSLATE_NOOP("Entities", "单位类型"), "choice", choices=fc.UNIT_TYPE),
                F("affiliation", QT_TRANSLATE_NOOP("Entities", "隶属关系"), "choice", choices=fc.AFFILIATION),
                F("industry", QT_TRANSLATE_NOOP("Entities", "行业类别"), choices=fc.INDUSTRY_2025),
                F("operator_type", QT_TRANSLATE_NOOP("Entities", "运营者类型"), "enum", enum=OperatorType,
                  hint=QT_TRANSLATE_NOOP("Entities", "决定安全事件报告时限")),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=OrgStatus),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "地址"), (
                F("region_code", QT_TRANSLATE_NOOP("Entities", "行政区划代码"), check=validators.region_code,
                  placeholder="130100"),
                F("province", QT_TRANSLATE_NOOP("Entities", "省")),
                F("prefecture", QT_TRANSLATE_NOOP("Entities", "地（市）")),
                F("county", QT_TRANSLATE_NOOP("Entities", "县（区）")),
                F("address", QT_TRANSLATE_NOOP("Entities", "详细地址")),
                F("postcode", QT_TRANSLATE_NOOP("Entities", "邮政编码"), check=validators.postcode),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "负责人与部门"), (
                F("leader_name", QT_TRANSLATE_NOOP("Entities", "单位负责人")),
                F("leader_title", QT_TRANSLATE_NOOP("Entities", "职务/职称")),
                F("leader_office_phone", QT_TRANSLATE_NOOP("Entities", "办公电话"), check=validators.phone,
                  placeholder="0311-87802765"),
                F("leader_email", QT_TRANSLATE_NOOP("Entities", "电子邮件"), check=validators.email),
                F("security_dept", QT_TRANSLATE_NOOP("Entities", "网络安全责任部门")),
                F("data_security_dept", QT_TRANSLATE_NOOP("Entities", "数据安全管理部门")),
                F("notes", QT_TRANSLATE_NOOP("Entities", "备注"), multiline=True),
            )),
        ),
    ),
    Entity(
        "contacts", m.Contact, QT_TRANSLATE_NOOP("Entities", "联系人"),
        deletable=True, on_delete=hooks.deleting_contact,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "联系人"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "单位"), "fk", required=True, ref="organizations"),
                F("name", QT_TRANSLATE_NOOP("Entities", "姓名"), required=True),
                F("title", QT_TRANSLATE_NOOP("Entities", "职务/职称")),
                F("department", QT_TRANSLATE_NOOP("Entities", "部门")),
                F("office_phone", QT_TRANSLATE_NOOP("Entities", "办公电话"), check=validators.phone),
                F("mobile", QT_TRANSLATE_NOOP("Entities", "移动电话"), check=validators.phone),
                F("email", QT_TRANSLATE_NOOP("Entities", "电子邮件"), check=validators.email),
                F("role", QT_TRANSLATE_NOOP("Entities", "角色"),
                  placeholder=QT_TRANSLATE_NOOP("Entities", "如：网络安全联系人")),
            )),
        ),
    ),
    Entity(
        "protected_objects", m.ProtectedObject, QT_TRANSLATE_NOOP("Entities", "网站与信息系统"),
        list_name="objects", primary_columns=4, deletable=True,
        on_save=hooks.object_saved, on_delete=hooks.deleting_object,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "标识"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "所属单位"), "fk", required=True, ref="organizations"),
                F("name", QT_TRANSLATE_NOOP("Entities", "名称"), required=True),
                F("object_type", QT_TRANSLATE_NOOP("Entities", "对象类型"), "enum", enum=ObjectType),
                F("code", QT_TRANSLATE_NOOP("Entities", "系统编号"), hint=QT_TRANSLATE_NOOP("Entities", "备案证明编号的后5位")),
                F("status", QT_TRANSLATE_NOOP("Entities", "运行状态"), "enum", enum=ObjectStatus),
                F("go_live_date", QT_TRANSLATE_NOOP("Entities", "投入运行日期"), "date"),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "网站"), (
                F("site_name", QT_TRANSLATE_NOOP("Entities", "网站名称")),
                F("domains", QT_TRANSLATE_NOOP("Entities", "域名"), "list", item_check=checks.domain_name, column=False,
                  placeholder=QT_TRANSLATE_NOOP("Entities", "每行一个，如 www.hebjgbz.gov.cn 或 河北省编办.政务")),
                F("ip_ranges", QT_TRANSLATE_NOOP("Entities", "源站IP地址"), "list", item_check=addresses.ip_range,
                  placeholder=QT_TRANSLATE_NOOP("Entities", "每行一个地址或地址段")),
                F("ports", QT_TRANSLATE_NOOP("Entities", "协议/端口"), "list", item_check=addresses.port_spec,
                  placeholder="HTTPS/443"),
                F("icp_number", QT_TRANSLATE_NOOP("Entities", "ICP备案号"), check=checks.icp,
                  placeholder="冀ICP备15003849号"),
                F("psb_number", QT_TRANSLATE_NOOP("Entities", "公安联网备案号"), check=validators.psb_number,
                  placeholder="冀公网安备 13010202002230号"),
                F("site_code", QT_TRANSLATE_NOOP("Entities", "政府网站标识码"), check=validators.site_code,
                  placeholder="1300000017"),
                F("badge_displayed", QT_TRANSLATE_NOOP("Entities", "已悬挂党政机关网站标识"), "bool"),
                F("opening_review", QT_TRANSLATE_NOOP("Entities", "开办审核"), "choice", choices=_same(OPENING_REVIEW)),
                F("website_group", QT_TRANSLATE_NOOP("Entities", "所属网站群")),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "业务与部署"), (
                F("business_type", QT_TRANSLATE_NOOP("Entities", "业务类型"), "choice", choices=fc.BUSINESS_TYPE_2025),
                F("business_desc", QT_TRANSLATE_NOOP("Entities", "业务描述"), multiline=True),
                F("service_scope", QT_TRANSLATE_NOOP("Entities", "服务范围"), "choice", choices=fc.SERVICE_SCOPE),
                F("service_objects", QT_TRANSLATE_NOOP("Entities", "服务对象"), "choice", choices=fc.SERVICE_OBJECTS),
                F("deployment_scope", QT_TRANSLATE_NOOP("Entities", "部署范围"), "choice", choices=fc.DEPLOYMENT_SCOPE),
                F("network_nature", QT_TRANSLATE_NOOP("Entities", "网络性质"), "choice", choices=fc.NETWORK_NATURE),
                F("notes", QT_TRANSLATE_NOOP("Entities", "备注"), multiline=True),
            )),
        ),
    ),
    Entity(
        "filings", m.Filing, QT_TRANSLATE_NOOP("Entities", "备案"),
        list_name="filings", primary_columns=5, cross_check=checks.filing, on_save=hooks.filing_saved,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "备案"), (
                F("object_id", QT_TRANSLATE_NOOP("Entities", "定级对象"), "fk", required=True, ref="objects"),
                F("form_version", QT_TRANSLATE_NOOP("Entities", "备案表版本"), "choice", choices=(
                    ("2025", QT_TRANSLATE_NOOP("Entities", "2025版（表一至表六）")),
                    ("1.0", QT_TRANSLATE_NOOP("Entities", "1.0版（表一至表四）")),
                )),
                F("police_organ", QT_TRANSLATE_NOOP("Entities", "受理备案的公安机关"),
                  hint=QT_TRANSLATE_NOOP("Entities", "地市级以上公安机关网安部门；跨省或全国联网运行的向省级公安机关备案")),
                F("cross_province", QT_TRANSLATE_NOOP("Entities", "跨省或全国联网运行"), "bool"),
                F("form_number", QT_TRANSLATE_NOOP("Entities", "备案表编号"), check=validators.form_number,
                  placeholder=QT_TRANSLATE_NOOP("Entities", "11位数字")),
                F("filled_by", QT_TRANSLATE_NOOP("Entities", "填表人")),
                F("filled_on", QT_TRANSLATE_NOOP("Entities", "填表日期"), "date"),
                F("submitted_on", QT_TRANSLATE_NOOP("Entities", "提交日期"), "date"),
                F("accepted_on", QT_TRANSLATE_NOOP("Entities", "受理日期"), "date"),
                F("certificate_no", QT_TRANSLATE_NOOP("Entities", "备案证明编号"), check=validators.certificate_no,
                  placeholder="13010099001-00001"),
                F("returned_reason", QT_TRANSLATE_NOOP("Entities", "退回原因"), multiline=True),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=FilingStatus),
            )),
        ),
    ),
    Entity(
        "institutions", m.Institution, QT_TRANSLATE_NOOP("Entities", "测评机构"),
        list_name="institutions", primary_columns=3,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "测评机构"), (
                F("name", QT_TRANSLATE_NOOP("Entities", "机构名称"), required=True),
                F("certificate_no", QT_TRANSLATE_NOOP("Entities", "推荐证书编号")),
                F("code", QT_TRANSLATE_NOOP("Entities", "机构代码"), placeholder=QT_TRANSLATE_NOOP("Entities", "4位")),
                F("region", QT_TRANSLATE_NOOP("Entities", "地区")),
                F("contact_name", QT_TRANSLATE_NOOP("Entities", "联系人")),
                F("phone", QT_TRANSLATE_NOOP("Entities", "电话"), check=validators.phone),
                F("email", QT_TRANSLATE_NOOP("Entities", "电子邮件"), check=validators.email),
                F("valid_until", QT_TRANSLATE_NOOP("Entities", "有效期至"), "date"),
            )),
        ),
    ),
    Entity(
        "assessments", m.Assessment, QT_TRANSLATE_NOOP("Entities", "测评"),
        list_name="assessments", primary_columns=5, cross_check=checks.assessment,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "测评"), (
                F("object_id", QT_TRANSLATE_NOOP("Entities", "定级对象"), "fk", required=True, ref="objects"),
                F("kind", QT_TRANSLATE_NOOP("Entities", "类别"), "enum", enum=AssessmentKind),
                F("institution_id", QT_TRANSLATE_NOOP("Entities", "测评机构"), "fk", ref="institutions"),
                F("planned_on", QT_TRANSLATE_NOOP("Entities", "计划日期"), "date"),
                F("started_on", QT_TRANSLATE_NOOP("Entities", "开始日期"), "date"),
                F("report_date", QT_TRANSLATE_NOOP("Entities", "报告日期"), "date"),
                F("report_no", QT_TRANSLATE_NOOP("Entities", "报告编号")),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=AssessmentStatus),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "结论"), (
                F("scheme", QT_TRANSLATE_NOOP("Entities", "结论规则"), "choice", choices=_schemes),
                F("score", QT_TRANSLATE_NOOP("Entities", "综合得分"), "float", check=checks.in_range(0, 100, "综合得分"),
                  hint=QT_TRANSLATE_NOOP("Entities", "2021版规则（优/良/中/差）使用")),
                F("compliance_rate", QT_TRANSLATE_NOOP("Entities", "符合率（%）"), "float",
                  check=checks.in_range(0, 100, "符合率"),
                  hint=QT_TRANSLATE_NOOP("Entities", "2025版规则（符合/基本符合/不符合）使用")),
                F("conclusion", QT_TRANSLATE_NOOP("Entities", "测评结论"), "choice", choices=_conclusions),
                F("major_risk_count", QT_TRANSLATE_NOOP("Entities", "重大风险隐患数"), "int", check=checks.non_negative),
                F("major_risk_fixed", QT_TRANSLATE_NOOP("Entities", "已整改的重大风险隐患数"), "int", check=checks.non_negative),
                F("retest_result", QT_TRANSLATE_NOOP("Entities", "复测结果"), multiline=True),
                F("notes", QT_TRANSLATE_NOOP("Entities", "备注"), multiline=True),
            )),
        ),
    ),
    Entity(
        "findings", m.Finding, QT_TRANSLATE_NOOP("Entities", "问题"),
        list_name="findings", primary_columns=7, deletable=True, cross_check=checks.finding,
        on_save=hooks.finding_saved, on_delete=hooks.deleting_finding,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "问题"), (
                F("object_id", QT_TRANSLATE_NOOP("Entities", "定级对象"), "fk", required=True, ref="objects"),
                F("assessment_id", QT_TRANSLATE_NOOP("Entities", "来自测评"), "fk", ref="assessments"),
                F("source", QT_TRANSLATE_NOOP("Entities", "来源"), "enum", enum=FindingSource),
                F("title", QT_TRANSLATE_NOOP("Entities", "问题描述（简述）"), required=True),
                F("category", QT_TRANSLATE_NOOP("Entities", "安全类"), "choice", check=checks.category,
                  choices=_categories),
                F("control_point", QT_TRANSLATE_NOOP("Entities", "控制点")),
                F("test_item_code", QT_TRANSLATE_NOOP("Entities", "测评项编号"), check=checks.item_code,
                  placeholder="L3-CES1-01"),
                F("risk", QT_TRANSLATE_NOOP("Entities", "风险等级"), "enum", required=True, enum=Risk),
                F("major_hazard", QT_TRANSLATE_NOOP("Entities", "重大风险隐患"), "bool"),
                F("description", QT_TRANSLATE_NOOP("Entities", "详细描述"), multiline=True),
                F("recommendation", QT_TRANSLATE_NOOP("Entities", "整改建议"), multiline=True),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "责任与期限"), (
                F("owner", QT_TRANSLATE_NOOP("Entities", "责任人")),
                F("owner_dept", QT_TRANSLATE_NOOP("Entities", "责任部门")),
                F("found_on", QT_TRANSLATE_NOOP("Entities", "发现日期"), "date"),
                F("deadline", QT_TRANSLATE_NOOP("Entities", "整改期限"), "date",
                  hint=QT_TRANSLATE_NOOP("Entities", "留空时按风险等级和规则自动计算")),
                F("deadline_note", QT_TRANSLATE_NOOP("Entities", "期限说明")),
                F("interim_measures", QT_TRANSLATE_NOOP("Entities", "临时防护措施"), multiline=True),
                F("remaining_plan", QT_TRANSLATE_NOOP("Entities", "未完成部分的计划"), multiline=True),
            )),
        ),
    ),
    Entity(
        "rectification_actions", m.RectificationAction, QT_TRANSLATE_NOOP("Entities", "整改措施"),
        deletable=True,
        hidden=(F("finding_id", kind="fk", required=True, editable=False),),
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "整改措施"), (
                F("action", QT_TRANSLATE_NOOP("Entities", "措施"), required=True, multiline=True),
                F("responsible", QT_TRANSLATE_NOOP("Entities", "负责人")),
                F("planned_on", QT_TRANSLATE_NOOP("Entities", "计划完成"), "date"),
                F("done_on", QT_TRANSLATE_NOOP("Entities", "实际完成"), "date"),
                F("evidence", QT_TRANSLATE_NOOP("Entities", "证明材料"), multiline=True,
                  hint=QT_TRANSLATE_NOOP("Entities", "如：整改前后配置截图、复测记录；文件可在“附件”中添加")),
                F("verifier", QT_TRANSLATE_NOOP("Entities", "验证人")),
                F("verified_on", QT_TRANSLATE_NOOP("Entities", "验证日期"), "date"),
            )),
        ),
    ),
    Entity(
        "emergency_plans", m.EmergencyPlan, QT_TRANSLATE_NOOP("Entities", "应急预案"),
        list_name="emergency_plans", primary_columns=4,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "应急预案"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "单位"), "fk", required=True, ref="organizations"),
                F("object_id", QT_TRANSLATE_NOOP("Entities", "适用对象"), "fk", ref="objects"),
                F("name", QT_TRANSLATE_NOOP("Entities", "预案名称"), required=True),
                F("version", QT_TRANSLATE_NOOP("Entities", "版本")),
                F("scope", QT_TRANSLATE_NOOP("Entities", "适用范围"), multiline=True),
                F("approved_on", QT_TRANSLATE_NOOP("Entities", "批准日期"), "date"),
                F("last_reviewed_on", QT_TRANSLATE_NOOP("Entities", "上次评审日期"), "date"),
                F("review_cycle_months", QT_TRANSLATE_NOOP("Entities", "评审周期（月）"), "int",
                  check=checks.in_range(1, 120, "评审周期")),
                F("notes", QT_TRANSLATE_NOOP("Entities", "备注"), multiline=True),
            )),
        ),
    ),
    Entity(
        "drills", m.Drill, QT_TRANSLATE_NOOP("Entities", "应急演练"),
        list_name="drills", primary_columns=4, cross_check=checks.drill,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "演练"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "单位"), "fk", required=True, ref="organizations"),
                F("object_id", QT_TRANSLATE_NOOP("Entities", "涉及对象"), "fk", ref="objects"),
                F("plan_id", QT_TRANSLATE_NOOP("Entities", "依据预案"), "fk", ref="emergency_plans"),
                F("name", QT_TRANSLATE_NOOP("Entities", "演练名称"), required=True),
                F("kind", QT_TRANSLATE_NOOP("Entities", "形式"), "choice", choices=_same(DRILL_KINDS)),
                F("scenario", QT_TRANSLATE_NOOP("Entities", "场景")),
                F("planned_on", QT_TRANSLATE_NOOP("Entities", "计划日期"), "date"),
                F("held_on", QT_TRANSLATE_NOOP("Entities", "实施日期"), "date"),
                F("location", QT_TRANSLATE_NOOP("Entities", "地点")),
                F("organizer", QT_TRANSLATE_NOOP("Entities", "组织部门")),
                F("participants", QT_TRANSLATE_NOOP("Entities", "参演人数"), "int", check=checks.non_negative),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=DrillStatus),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "记录与总结"), (
                F("record", QT_TRANSLATE_NOOP("Entities", "演练过程"), multiline=True),
                F("problems", QT_TRANSLATE_NOOP("Entities", "发现的问题"), multiline=True),
                F("conclusion", QT_TRANSLATE_NOOP("Entities", "结论"), multiline=True),
                F("improvements", QT_TRANSLATE_NOOP("Entities", "改进措施"), multiline=True),
                F("plan_revised", QT_TRANSLATE_NOOP("Entities", "已据此修订预案"), "bool"),
            )),
        ),
    ),
    Entity(
        "incidents", m.Incident, QT_TRANSLATE_NOOP("Entities", "安全事件"),
        list_name="incidents", primary_columns=4,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "安全事件"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "单位"), "fk", required=True, ref="organizations"),
                F("object_id", QT_TRANSLATE_NOOP("Entities", "涉及对象"), "fk", ref="objects"),
                F("title", QT_TRANSLATE_NOOP("Entities", "事件名称"), required=True),
                F("category", QT_TRANSLATE_NOOP("Entities", "事件类型"), "choice", required=True,
                  choices=_same(INCIDENT_CATEGORIES)),
                F("grade", QT_TRANSLATE_NOOP("Entities", "事件级别"), "choice", choices=_same(INCIDENT_GRADES)),
                F("occurred_at", QT_TRANSLATE_NOOP("Entities", "发生时间"), "datetime"),
                F("discovered_at", QT_TRANSLATE_NOOP("Entities", "发现时间"), "datetime", required=True,
                  hint=QT_TRANSLATE_NOOP("Entities", "报告时限从发现时起算")),
                F("description", QT_TRANSLATE_NOOP("Entities", "事件经过"), multiline=True),
                F("handling", QT_TRANSLATE_NOOP("Entities", "处置情况"), multiline=True),
                F("followup_needed", QT_TRANSLATE_NOOP("Entities", "原因或影响尚未查明，须补报"), "bool"),
                F("handling_ended_at", QT_TRANSLATE_NOOP("Entities", "处置结束时间"), "datetime",
                  hint=QT_TRANSLATE_NOOP("Entities", "处置结束后30日内报送处置总结报告")),
                F("closed_at", QT_TRANSLATE_NOOP("Entities", "结案时间"), "datetime"),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=IncidentStatus),
            )),
        ),
    ),
    Entity(
        "incident_reports", m.IncidentReport, QT_TRANSLATE_NOOP("Entities", "事件报告"),
        hidden=(F("incident_id", kind="fk", required=True, editable=False),),
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "事件报告"), (
                F("kind", QT_TRANSLATE_NOOP("Entities", "报告类型"), "choice", choices=(
                    ("initial", QT_TRANSLATE_NOOP("Entities", "首次报告")),
                    ("followup", QT_TRANSLATE_NOOP("Entities", "补报")),
                    ("summary", QT_TRANSLATE_NOOP("Entities", "处置总结报告")),
                )),
                F("reported_to", QT_TRANSLATE_NOOP("Entities", "报告对象"), required=True),
                F("reported_at", QT_TRANSLATE_NOOP("Entities", "报告时间"), "datetime", required=True),
                F("method", QT_TRANSLATE_NOOP("Entities", "方式"),
                  placeholder=QT_TRANSLATE_NOOP("Entities", "电话、书面、平台报送…")),
                F("reported_by", QT_TRANSLATE_NOOP("Entities", "报告人")),
                F("notes", QT_TRANSLATE_NOOP("Entities", "备注"), multiline=True),
            )),
        ),
    ),
    Entity(
        "notices", m.Notice, QT_TRANSLATE_NOOP("Entities", "上级通知"),
        list_name="notices", primary_columns=4,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "上级通知"), (
                F("doc_number", QT_TRANSLATE_NOOP("Entities", "文号"), placeholder="冀机编办〔2015〕204号"),
                F("title", QT_TRANSLATE_NOOP("Entities", "标题"), required=True),
                F("issuer", QT_TRANSLATE_NOOP("Entities", "发文单位")),
                F("received_on", QT_TRANSLATE_NOOP("Entities", "收文日期"), "date"),
                F("summary", QT_TRANSLATE_NOOP("Entities", "要点"), multiline=True),
            )),
        ),
    ),
    Entity(
        "data_categories", m.DataCategory, QT_TRANSLATE_NOOP("Entities", "数据类别（表六）"),
        deletable=True, cross_check=checks.data_category,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "数据（表六 数据摸底调查表，每个数据类别填一张）"), (
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "单位"), "fk", required=True, ref="organizations"),
                F("object_id", QT_TRANSLATE_NOOP("Entities", "关联的定级对象"), "fk", ref="objects",
                  hint=QT_TRANSLATE_NOOP("Entities", "可不填：表六以单位为主体填报")),
                F("name", QT_TRANSLATE_NOOP("Entities", "数据名称"), required=True),
                F("data_level", QT_TRANSLATE_NOOP("Entities", "拟定数据级别"), "choice",
                  check=checks.codes(fc.DATA_LEVEL, "拟定数据级别"), choices=fc.DATA_LEVEL,
                  hint=QT_TRANSLATE_NOOP("Entities", "按GB/T 43697-2024分级：核心数据、重要数据选“重要及以上数据”，一般数据选“一般数据”")),
                F("category", QT_TRANSLATE_NOOP("Entities", "数据类别"), required=True,
                  hint=QT_TRANSLATE_NOOP("Entities", "本单位数据分类中数据项之上的最小类别，如“金融账户”“个人交易信息”，而不是“手机号码”这样的数据项")),
                F("responsible_dept", QT_TRANSLATE_NOOP("Entities", "数据安全责任部门"), required=True),
                F("responsible_person", QT_TRANSLATE_NOOP("Entities", "数据安全负责人")),
                F("personal_info", QT_TRANSLATE_NOOP("Entities", "个人信息涉及情况"), "list", choices=fc.PERSONAL_INFO,
                  item_check=checks.codes(fc.PERSONAL_INFO, "个人信息涉及情况"), check=checks.personal_info,
                  hint=QT_TRANSLATE_NOOP("Entities", "可多选；“不涉及”与其他选项互斥")),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "数量与来源"), (
                F("total_gb", QT_TRANSLATE_NOOP("Entities", "数据总量（GB）"), "float", check=checks.non_negative,
                  hint=QT_TRANSLATE_NOOP("Entities", "按 GB 或 TB 填写其中之一")),
                F("total_tb", QT_TRANSLATE_NOOP("Entities", "数据总量（TB）"), "float", check=checks.non_negative),
                F("total_records_10k", QT_TRANSLATE_NOOP("Entities", "数据总量（万条）"), "float",
                  check=checks.non_negative, hint=QT_TRANSLATE_NOOP("Entities", "涉及个人信息时，填写个人信息的记录条数")),
                F("monthly_growth_gb", QT_TRANSLATE_NOOP("Entities", "数据月增长量（GB）"), "float",
                  check=checks.non_negative),
                F("sources", QT_TRANSLATE_NOOP("Entities", "数据来源"), "list", choices=fc.DATA_SOURCES,
                  item_check=checks.codes(fc.DATA_SOURCES, "数据来源"), hint=QT_TRANSLATE_NOOP("Entities", "可多选")),
                F("sources_other", QT_TRANSLATE_NOOP("Entities", "其他来源"),
                  placeholder=QT_TRANSLATE_NOOP("Entities", "勾选“其他”时写明")),
                F("source_units", QT_TRANSLATE_NOOP("Entities", "数据来源单位"), "list",
                  placeholder=QT_TRANSLATE_NOOP("Entities", "每行一个单位")),
                F("outflow_units", QT_TRANSLATE_NOOP("Entities", "数据流出单位"), "list",
                  placeholder=QT_TRANSLATE_NOOP("Entities", "每行一个单位")),
            )),
            S(QT_TRANSLATE_NOOP("Entities", "交互与存储"), (
                F("interactions", QT_TRANSLATE_NOOP("Entities", "与其他数据处理者的交互情况"), "dict",
                  check=checks.interactions, hint=QT_TRANSLATE_NOOP("Entities", "勾选的每一项都要填写对方名称；“无交互”与其他选项互斥")),
                F("storage", QT_TRANSLATE_NOOP("Entities", "数据存储位置（名称）"), "dict", check=checks.storage,
                  hint=QT_TRANSLATE_NOOP("Entities", "勾选的每个位置都要填写名称，可多选")),
            )),
        ),
    ),
    Entity(
        "notice_tasks", m.NoticeTask, QT_TRANSLATE_NOOP("Entities", "通知任务"),
        list_name="notice_tasks", primary_columns=4, deletable=True,
        sections=(
            S(QT_TRANSLATE_NOOP("Entities", "通知任务"), (
                F("notice_id", QT_TRANSLATE_NOOP("Entities", "所属通知"), "fk", required=True, ref="notices"),
                F("organization_id", QT_TRANSLATE_NOOP("Entities", "承办单位"), "fk", ref="organizations"),
                F("text", QT_TRANSLATE_NOOP("Entities", "任务内容"), required=True, multiline=True),
                F("due_on", QT_TRANSLATE_NOOP("Entities", "办理期限"), "date"),
                F("assignee", QT_TRANSLATE_NOOP("Entities", "承办人")),
                F("done_on", QT_TRANSLATE_NOOP("Entities", "完成日期"), "date"),
                F("status", QT_TRANSLATE_NOOP("Entities", "状态"), "enum", enum=TaskStatus),
            )),
        ),
    ),

    Entity(
        "gradings", m.Grading, QT_TRANSLATE_NOOP("Entities", "定级"), list_name="gradings", primary_columns=4,
    ),
    Entity("filing_materials", m.FilingMaterial, QT_TRANSLATE_NOOP("Entities", "备案材料")),
    Entity("domains", m.Domain, QT_TRANSLATE_NOOP("Entities", "域名"), deletable=True),
    Entity("attachments", m.Attachment, QT_TRANSLATE_NOOP("Entities", "附件")),
)

#: every entity by name (its table name)
ENTITIES: dict[str, Entity] = {e.name: e for e in ENTITY_LIST}
#: the model of each entity
MODELS = {e.name: e.model for e in ENTITY_LIST}
#: the entities the window may delete (each through the services, one audited transaction)
DELETABLE = tuple(e.name for e in ENTITY_LIST if e.deletable)


def entity(name: str) -> Entity:
    """The record of entity ``name`` (a table name); KeyError if there is none."""
    return ENTITIES[name]


def field(entity_name: str, key: str) -> Field:
    """One field of an entity; KeyError if the entity has no such field."""
    return ENTITIES[entity_name].field(key)


def for_list(list_name: str) -> Entity:
    """The entity whose records list ``list_name`` shows."""
    for e in ENTITY_LIST:
        if e.list_name == list_name:
            return e
    raise KeyError(list_name)
