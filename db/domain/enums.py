"""Enumerations of the ledger: lifecycle states and coded choices.

Values are stable English codes stored in the database; ``label`` gives the Chinese text
shown to users. The allowed lifecycle transitions live in :mod:`db.domain.lifecycle`.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese label: ``MEMBER = ("code", "标签")``."""

    label: str

    def __new__(cls, value: str, label: str = "") -> LabelledEnum:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        return obj

    @classmethod
    def from_label(cls, text: str) -> LabelledEnum:
        text = text.strip()
        for member in cls:
            if text in (member.label, member.value):
                return member
        raise ValueError(f"未知的取值：{text}")

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class OrgStatus(LabelledEnum):
    ACTIVE = ("active", "存续")
    DISSOLVED = ("dissolved", "已撤销")


class ObjectStatus(LabelledEnum):
    PLANNED = ("planned", "规划建设")
    RUNNING = ("running", "运行中")
    SUSPENDED = ("suspended", "暂停")
    RETIRED = ("retired", "已下线")


class ObjectType(LabelledEnum):
    WEBSITE = ("website", "网站")
    INFO_SYSTEM = ("info_system", "信息系统")
    NETWORK = ("network", "通信网络设施")
    DATA = ("data", "数据资源")
    CLOUD = ("cloud", "云计算平台")
    IOT = ("iot", "物联网")
    ICS = ("ics", "工业控制系统")
    MOBILE = ("mobile", "移动互联")
    BIG_DATA = ("big_data", "大数据平台")


class GradingStatus(LabelledEnum):
    DRAFT = ("draft", "草稿")
    REVIEWED = ("reviewed", "已专家评审")
    APPROVED = ("approved", "已审核批准")
    SUPERSEDED = ("superseded", "已被重新定级取代")


class FilingStatus(LabelledEnum):
    PREPARING = ("preparing", "准备材料")
    SUBMITTED = ("submitted", "已提交")
    ACCEPTED = ("accepted", "已受理备案")
    RETURNED = ("returned", "退回补正")
    RENEWAL_DUE = ("renewal_due", "待延续")
    EXPIRED = ("expired", "已过期")


class AssessmentKind(LabelledEnum):
    LEVEL_TEST = ("level_test", "等级测评")
    SELF_CHECK = ("self_check", "自查")
    SUPERVISION = ("supervision", "监督检查")
    PENTEST = ("pentest", "渗透测试")
    MONITORING = ("monitoring", "监测")


class AssessmentStatus(LabelledEnum):
    PLANNED = ("planned", "计划中")
    IN_PROGRESS = ("in_progress", "进行中")
    REPORTED = ("reported", "已出报告")
    CANCELLED = ("cancelled", "已取消")


class FindingSource(LabelledEnum):
    ASSESSMENT = ("assessment", "测评/检查")
    DRILL = ("drill", "应急演练")
    INCIDENT = ("incident", "安全事件")
    NOTICE = ("notice", "上级通报")
    MONITORING = ("monitoring", "监测发现")
    SELF_INSPECTION = ("self_inspection", "自查")


class Risk(LabelledEnum):
    HIGH = ("high", "高")
    MEDIUM = ("medium", "中")
    LOW = ("low", "低")


class FindingStatus(LabelledEnum):
    OPEN = ("open", "未整改")
    IN_PROGRESS = ("in_progress", "整改中")
    FIXED = ("fixed", "已整改")
    VERIFIED = ("verified", "已验证")
    RISK_ACCEPTED = ("risk_accepted", "风险接受")


class DrillStatus(LabelledEnum):
    PLANNED = ("planned", "计划中")
    DONE = ("done", "已完成")
    CANCELLED = ("cancelled", "已取消")


class IncidentStatus(LabelledEnum):
    OPEN = ("open", "处置中")
    REPORTED = ("reported", "已报告")
    CLOSED = ("closed", "已结案")


class OperatorType(LabelledEnum):
    """Who operates the system; decides the incident reporting clock."""

    CII = ("cii", "关键信息基础设施运营者")
    CENTRAL = ("central", "中央和国家机关及其直属单位")
    OTHER = ("other", "其他网络运营者")


class TaskStatus(LabelledEnum):
    OPEN = ("open", "办理中")
    DONE = ("done", "已完成")
    CANCELLED = ("cancelled", "已取消")


class HarmedObject(LabelledEnum):
    """受侵害的客体 (GB/T 22240)."""

    CITIZEN = ("citizen", "公民、法人和其他组织的合法权益")
    SOCIETY = ("society", "社会秩序、公共利益")
    NATION = ("nation", "国家安全")


class HarmDegree(LabelledEnum):
    """侵害程度."""

    GENERAL = ("general", "一般损害")
    SERIOUS = ("serious", "严重损害")
    VERY_SERIOUS = ("very_serious", "特别严重损害")


LEVEL_LABELS = {1: "第一级", 2: "第二级", 3: "第三级", 4: "第四级", 5: "第五级"}


def level_label(level: int | None) -> str:
    return LEVEL_LABELS.get(level or 0, "未定级")
