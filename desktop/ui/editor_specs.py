"""What each editor shows: sections, labels (translated), choices."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.domain import rules
from desktop.documents import form_codes as fc
from desktop.ui.datacategory_widgets import CodeChecks, InteractionsEdit, StorageEdit
from desktop.ui.forms import Section, UiField

U = UiField

OPENING_REVIEW = ["未申报", "审核中", "已通过", "未通过", "资格复核通过", "资格复核未通过"]
INCIDENT_CATEGORIES = ["网页篡改", "挂马", "网络攻击", "数据泄露", "勒索", "拒绝服务", "其他"]
INCIDENT_GRADES = ["特别重大", "重大", "较大", "一般"]
DRILL_KINDS = ["桌面推演", "实战"]


def _same(values: list[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class EditorSpecs(QObject):
    """Labels live here so that lupdate finds them under one context."""

    def title(self, entity: str) -> str:
        return {
            "organizations": self.tr("单位"),
            "contacts": self.tr("联系人"),
            "protected_objects": self.tr("网站与信息系统"),
            "filings": self.tr("备案"),
            "institutions": self.tr("测评机构"),
            "assessments": self.tr("测评"),
            "findings": self.tr("问题"),
            "rectification_actions": self.tr("整改措施"),
            "emergency_plans": self.tr("应急预案"),
            "drills": self.tr("应急演练"),
            "incidents": self.tr("安全事件"),
            "incident_reports": self.tr("事件报告"),
            "notices": self.tr("上级通知"),
            "notice_tasks": self.tr("通知任务"),
            "gradings": self.tr("定级"),
            "data_categories": self.tr("数据类别（表六）"),
            "domains": self.tr("域名"),
        }.get(entity, entity)

    def sections(self, entity: str) -> list[Section]:
        return getattr(self, f"_{entity}")()

    def _organizations(self) -> list[Section]:
        return [
            Section(self.tr("基本情况"), [
                U("name", self.tr("单位名称")),
                U("short_name", self.tr("简称")),
                U("uscc", self.tr("统一社会信用代码"), placeholder="11130000000000000X"),
                U("parent_id", self.tr("上级主管部门")),
                U("unit_type", self.tr("单位类型"), fc.UNIT_TYPE),
                U("affiliation", self.tr("隶属关系"), fc.AFFILIATION),
                U("industry", self.tr("行业类别"), fc.INDUSTRY_2025),
                U("operator_type", self.tr("运营者类型"), hint=self.tr("决定安全事件报告时限")),
                U("status", self.tr("状态")),
            ]),
            Section(self.tr("地址"), [
                U("region_code", self.tr("行政区划代码"), placeholder="130100"),
                U("province", self.tr("省")),
                U("prefecture", self.tr("地（市）")),
                U("county", self.tr("县（区）")),
                U("address", self.tr("详细地址")),
                U("postcode", self.tr("邮政编码")),
            ]),
            Section(self.tr("负责人与部门"), [
                U("leader_name", self.tr("单位负责人")),
                U("leader_title", self.tr("职务/职称")),
                U("leader_office_phone", self.tr("办公电话"), placeholder="0311-87802765"),
                U("leader_email", self.tr("电子邮件")),
                U("security_dept", self.tr("网络安全责任部门")),
                U("data_security_dept", self.tr("数据安全管理部门")),
                U("notes", self.tr("备注"), multiline=True),
            ]),
        ]

    def _contacts(self) -> list[Section]:
        return [Section(self.tr("联系人"), [
            U("organization_id", self.tr("单位")),
            U("name", self.tr("姓名")),
            U("title", self.tr("职务/职称")),
            U("department", self.tr("部门")),
            U("office_phone", self.tr("办公电话")),
            U("mobile", self.tr("移动电话")),
            U("email", self.tr("电子邮件")),
            U("role", self.tr("角色"), placeholder=self.tr("如：网络安全联系人")),
        ])]

    def _protected_objects(self) -> list[Section]:
        return [
            Section(self.tr("标识"), [
                U("organization_id", self.tr("所属单位")),
                U("name", self.tr("名称")),
                U("object_type", self.tr("对象类型")),
                U("code", self.tr("系统编号"), hint=self.tr("备案证明编号的后5位")),
                U("status", self.tr("运行状态")),
                U("go_live_date", self.tr("投入运行日期")),
            ]),
            Section(self.tr("网站"), [
                U("site_name", self.tr("网站名称")),
                U("domains", self.tr("域名"), placeholder=self.tr("每行一个，如 www.hebjgbz.gov.cn 或 河北省编办.政务")),
                U("ip_ranges", self.tr("源站IP地址"), placeholder=self.tr("每行一个地址或地址段")),
                U("ports", self.tr("协议/端口"), placeholder="HTTPS/443"),
                U("icp_number", self.tr("ICP备案号"), placeholder="冀ICP备15003849号"),
                U("psb_number", self.tr("公安联网备案号"), placeholder="冀公网安备 13010202002230号"),
                U("site_code", self.tr("政府网站标识码"), placeholder="1300000017"),
                U("badge_displayed", self.tr("已悬挂党政机关网站标识")),
                U("opening_review", self.tr("开办审核"), _same(OPENING_REVIEW)),
                U("website_group", self.tr("所属网站群")),
            ]),
            Section(self.tr("业务与部署"), [
                U("business_type", self.tr("业务类型"), fc.BUSINESS_TYPE_2025),
                U("business_desc", self.tr("业务描述"), multiline=True),
                U("service_scope", self.tr("服务范围"), fc.SERVICE_SCOPE),
                U("service_objects", self.tr("服务对象"), fc.SERVICE_OBJECTS),
                U("deployment_scope", self.tr("部署范围"), fc.DEPLOYMENT_SCOPE),
                U("network_nature", self.tr("网络性质"), fc.NETWORK_NATURE),
                U("notes", self.tr("备注"), multiline=True),
            ]),
        ]

    def _filings(self) -> list[Section]:
        return [Section(self.tr("备案"), [
            U("object_id", self.tr("定级对象")),
            U("form_version", self.tr("备案表版本"), [("2025", self.tr("2025版（表一至表六）")), ("1.0", self.tr("1.0版（表一至表四）"))]),
            U("police_organ", self.tr("受理备案的公安机关")),
            U("form_number", self.tr("备案表编号"), placeholder=self.tr("11位数字")),
            U("filled_by", self.tr("填表人")),
            U("filled_on", self.tr("填表日期")),
            U("submitted_on", self.tr("提交日期")),
            U("accepted_on", self.tr("受理日期")),
            U("certificate_no", self.tr("备案证明编号"), placeholder="13010099001-00001"),
            U("returned_reason", self.tr("退回原因"), multiline=True),
            U("status", self.tr("状态")),
        ])]

    def _institutions(self) -> list[Section]:
        return [Section(self.tr("测评机构"), [
            U("name", self.tr("机构名称")),
            U("certificate_no", self.tr("推荐证书编号")),
            U("code", self.tr("机构代码"), placeholder=self.tr("4位")),
            U("region", self.tr("地区")),
            U("contact_name", self.tr("联系人")),
            U("phone", self.tr("电话")),
            U("email", self.tr("电子邮件")),
            U("valid_until", self.tr("有效期至")),
        ])]

    def _assessments(self) -> list[Section]:
        schemes = [(r.id, r.name) for r in rules.rule_sets("conclusion")]
        conclusions: list[tuple[str, str]] = []
        for r in rules.rule_sets("conclusion"):
            conclusions += [(c, c) for c in rules.conclusion_labels(r.id) if (c, c) not in conclusions]
        return [
            Section(self.tr("测评"), [
                U("object_id", self.tr("定级对象")),
                U("kind", self.tr("类别")),
                U("institution_id", self.tr("测评机构")),
                U("planned_on", self.tr("计划日期")),
                U("started_on", self.tr("开始日期")),
                U("report_date", self.tr("报告日期")),
                U("report_no", self.tr("报告编号")),
                U("status", self.tr("状态")),
            ]),
            Section(self.tr("结论"), [
                U("scheme", self.tr("结论规则"), schemes),
                U("score", self.tr("综合得分"), hint=self.tr("2021版规则（优/良/中/差）使用")),
                U("compliance_rate", self.tr("符合率（%）"), hint=self.tr("2025版规则（符合/基本符合/不符合）使用")),
                U("conclusion", self.tr("测评结论"), conclusions),
                U("major_risk_count", self.tr("重大风险隐患数")),
                U("major_risk_fixed", self.tr("已整改的重大风险隐患数")),
                U("retest_result", self.tr("复测结果"), multiline=True),
                U("notes", self.tr("备注"), multiline=True),
            ]),
        ]

    def _findings(self) -> list[Section]:
        cats = [(c.code, f"{c.code} {c.name}") for c in rules.categories()]
        return [
            Section(self.tr("问题"), [
                U("object_id", self.tr("定级对象")),
                U("assessment_id", self.tr("来自测评")),
                U("source", self.tr("来源")),
                U("title", self.tr("问题描述（简述）")),
                U("category", self.tr("安全类"), cats),
                U("control_point", self.tr("控制点")),
                U("test_item_code", self.tr("测评项编号"), placeholder="L3-CES1-01"),
                U("risk", self.tr("风险等级")),
                U("major_hazard", self.tr("重大风险隐患")),
                U("description", self.tr("详细描述"), multiline=True),
                U("recommendation", self.tr("整改建议"), multiline=True),
            ]),
            Section(self.tr("责任与期限"), [
                U("owner", self.tr("责任人")),
                U("owner_dept", self.tr("责任部门")),
                U("found_on", self.tr("发现日期")),
                U("deadline", self.tr("整改期限"), hint=self.tr("留空时按风险等级和规则自动计算")),
                U("deadline_note", self.tr("期限说明")),
                U("interim_measures", self.tr("临时防护措施"), multiline=True),
                U("remaining_plan", self.tr("未完成部分的计划"), multiline=True),
            ]),
        ]

    def _rectification_actions(self) -> list[Section]:
        return [Section(self.tr("整改措施"), [
            U("action", self.tr("措施"), multiline=True),
            U("responsible", self.tr("负责人")),
            U("planned_on", self.tr("计划完成")),
            U("done_on", self.tr("实际完成")),
            U("evidence", self.tr("证明材料"), multiline=True, hint=self.tr("如：整改前后配置截图、复测记录；文件可在“附件”中添加")),
            U("verifier", self.tr("验证人")),
            U("verified_on", self.tr("验证日期")),
        ])]

    def _emergency_plans(self) -> list[Section]:
        return [Section(self.tr("应急预案"), [
            U("organization_id", self.tr("单位")),
            U("object_id", self.tr("适用对象")),
            U("name", self.tr("预案名称")),
            U("version", self.tr("版本")),
            U("scope", self.tr("适用范围"), multiline=True),
            U("approved_on", self.tr("批准日期")),
            U("last_reviewed_on", self.tr("上次评审日期")),
            U("review_cycle_months", self.tr("评审周期（月）")),
            U("notes", self.tr("备注"), multiline=True),
        ])]

    def _drills(self) -> list[Section]:
        return [
            Section(self.tr("演练"), [
                U("organization_id", self.tr("单位")),
                U("object_id", self.tr("涉及对象")),
                U("plan_id", self.tr("依据预案")),
                U("name", self.tr("演练名称")),
                U("kind", self.tr("形式"), _same(DRILL_KINDS)),
                U("scenario", self.tr("场景")),
                U("planned_on", self.tr("计划日期")),
                U("held_on", self.tr("实施日期")),
                U("location", self.tr("地点")),
                U("organizer", self.tr("组织部门")),
                U("participants", self.tr("参演人数")),
                U("status", self.tr("状态")),
            ]),
            Section(self.tr("记录与总结"), [
                U("record", self.tr("演练过程"), multiline=True),
                U("problems", self.tr("发现的问题"), multiline=True),
                U("conclusion", self.tr("结论"), multiline=True),
                U("improvements", self.tr("改进措施"), multiline=True),
                U("plan_revised", self.tr("已据此修订预案")),
            ]),
        ]

    def _incidents(self) -> list[Section]:
        return [Section(self.tr("安全事件"), [
            U("organization_id", self.tr("单位")),
            U("object_id", self.tr("涉及对象")),
            U("title", self.tr("事件名称")),
            U("category", self.tr("事件类型"), _same(INCIDENT_CATEGORIES)),
            U("grade", self.tr("事件级别"), _same(INCIDENT_GRADES)),
            U("occurred_at", self.tr("发生时间")),
            U("discovered_at", self.tr("发现时间"), hint=self.tr("报告时限从发现时起算")),
            U("description", self.tr("事件经过"), multiline=True),
            U("handling", self.tr("处置情况"), multiline=True),
            U("closed_at", self.tr("结案时间")),
            U("status", self.tr("状态")),
        ])]

    def _incident_reports(self) -> list[Section]:
        return [Section(self.tr("事件报告"), [
            U("reported_to", self.tr("报告对象")),
            U("reported_at", self.tr("报告时间")),
            U("method", self.tr("方式"), placeholder=self.tr("电话、书面、平台报送…")),
            U("reported_by", self.tr("报告人")),
            U("notes", self.tr("备注"), multiline=True),
        ])]

    def _notices(self) -> list[Section]:
        return [Section(self.tr("上级通知"), [
            U("doc_number", self.tr("文号"), placeholder="冀机编办〔2015〕204号"),
            U("title", self.tr("标题")),
            U("issuer", self.tr("发文单位")),
            U("received_on", self.tr("收文日期")),
            U("summary", self.tr("要点"), multiline=True),
        ])]

    def _notice_tasks(self) -> list[Section]:
        return [Section(self.tr("通知任务"), [
            U("notice_id", self.tr("所属通知")),
            U("organization_id", self.tr("承办单位")),
            U("text", self.tr("任务内容"), multiline=True),
            U("due_on", self.tr("办理期限")),
            U("assignee", self.tr("承办人")),
            U("done_on", self.tr("完成日期")),
            U("status", self.tr("状态")),
        ])]

    def _data_categories(self) -> list[Section]:
        return [
            Section(self.tr("数据（表六 数据摸底调查表，每个数据类别填一张）"), [
                U("organization_id", self.tr("单位")),
                U("object_id", self.tr("关联的定级对象"), hint=self.tr("可不填：表六以单位为主体填报")),
                U("name", self.tr("数据名称")),
                U("data_level", self.tr("拟定数据级别"), fc.DATA_LEVEL),
                U("category", self.tr("数据类别"), hint=self.tr(
                    "本单位数据分类中数据项之上的最小类别，如“金融账户”“个人交易信息”，而不是“手机号码”这样的数据项")),
                U("responsible_dept", self.tr("数据安全责任部门")),
                U("responsible_person", self.tr("数据安全负责人")),
                U("personal_info", self.tr("个人信息涉及情况"), widget=lambda: CodeChecks(fc.PERSONAL_INFO, exclusive="4"),
                  hint=self.tr("可多选；“不涉及”与其他选项互斥")),
            ]),
            Section(self.tr("数量与来源"), [
                U("total_gb", self.tr("数据总量（GB）"), hint=self.tr("按 GB 或 TB 填写其中之一")),
                U("total_tb", self.tr("数据总量（TB）")),
                U("total_records_10k", self.tr("数据总量（万条）"), hint=self.tr("涉及个人信息时，填写个人信息的记录条数")),
                U("monthly_growth_gb", self.tr("数据月增长量（GB）")),
                U("sources", self.tr("数据来源"), widget=lambda: CodeChecks(fc.DATA_SOURCES, columns=3),
                  hint=self.tr("可多选")),
                U("sources_other", self.tr("其他来源"), placeholder=self.tr("勾选“其他”时写明")),
                U("source_units", self.tr("数据来源单位"), placeholder=self.tr("每行一个单位")),
                U("outflow_units", self.tr("数据流出单位"), placeholder=self.tr("每行一个单位")),
            ]),
            Section(self.tr("交互与存储"), [
                U("interactions", self.tr("与其他数据处理者的交互情况"), widget=InteractionsEdit,
                  hint=self.tr("勾选的每一项都要填写对方名称；“无交互”与其他选项互斥")),
                U("storage", self.tr("数据存储位置（名称）"), widget=StorageEdit,
                  hint=self.tr("勾选的每个位置都要填写名称，可多选")),
            ]),
        ]
