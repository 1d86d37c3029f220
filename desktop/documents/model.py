"""Plain data the documents are printed from.

The documents never see ORM objects or a Session: :mod:`desktop.services.document_data` loads
these dataclasses in one short read transaction and the renderers work on them alone (so they
can run in a worker, and tests can build them by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from db.domain.rules import GradingMatrix


@dataclass(frozen=True)
class Person:
    name: str = ""
    title: str = ""
    department: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""


@dataclass
class UnitInfo:
    """表一 单位基本情况."""

    id: int
    name: str
    uscc: str = ""
    province: str = ""
    prefecture: str = ""
    county: str = ""
    address: str = ""
    postcode: str = ""
    region_code: str = ""
    leader: Person = field(default_factory=Person)
    security_dept: str = ""
    security_contact: Person = field(default_factory=Person)
    data_security_dept: str = ""
    data_contact: Person = field(default_factory=Person)
    affiliation: str = ""
    affiliation_other: str = ""
    unit_type: str = ""
    unit_type_other: str = ""
    industry: str = ""
    industry_other: str = ""
    parent_name: str = ""


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    mime_type: str = ""
    size: int = 0
    description: str = ""
    #: the file bytes; loaded only where a document embeds them (filing packet)
    data: bytes | None = field(default=None, repr=False)

    @property
    def is_pdf(self) -> bool:
        if (self.mime_type or "").lower() == "application/pdf":
            return True
        return self.data is not None and bool(self.data) and self.data[:5] == b"%PDF-"

    @property
    def title(self) -> str:
        """The name printed on forms: the description if any, else the file name without extension."""
        if self.description:
            return self.description
        stem, _dot, _ext = self.filename.rpartition(".")
        return stem or self.filename


@dataclass
class ObjectInfo:
    """表二 定级对象情况 (and the identity lines of the other documents)."""

    id: int
    name: str
    organization_name: str = ""
    code: str = ""
    object_type: str = ""  # db.domain.enums.ObjectType value
    technologies: list[str] = field(default_factory=list)
    technologies_other: str = ""
    business_type: str = ""
    business_type_other: str = ""
    business_desc: str = ""
    service_scope: str = ""
    service_scope_count: int | None = None
    service_scope_other: str = ""
    service_objects: str = ""
    service_objects_other: str = ""
    deployment_scope: str = ""
    deployment_scope_other: str = ""
    network_nature: str = ""
    network_nature_other: str = ""
    ip_ranges: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ports: list[str] = field(default_factory=list)
    interconnection: list[str] = field(default_factory=list)
    interconnection_other: str = ""
    go_live_date: date | None = None
    is_subsystem: bool = False
    parent_system_name: str = ""
    parent_system_org: str = ""
    scenario_details: dict[str, Any] = field(default_factory=dict)
    site_name: str = ""
    level: int | None = None


@dataclass
class GradingInfo:
    id: int
    rule_set: str
    business_object: str
    business_degree: str
    business_level: int
    service_object: str
    service_degree: str
    service_level: int
    level: int
    graded_on: date | None = None
    responsibility: str = ""
    composition: str = ""
    business_summary: str = ""
    data_summary: str = ""
    security_responsibility: str = ""
    business_desc: str = ""
    business_object_reason: str = ""
    business_degree_reason: str = ""
    service_desc: str = ""
    service_object_reason: str = ""
    service_degree_reason: str = ""
    expert_review_date: date | None = None
    expert_review_passed: bool | None = None
    expert_names: str = ""
    expert_opinion: str = ""
    has_supervisor: bool = False
    supervisor_name: str = ""
    supervisor_approved: bool | None = None
    supervisor_approval_date: date | None = None
    filled_by: str = ""
    status: str = ""
    #: 表三 attachments: 定级报告, 专家评审意见表, 主管部门审核意见
    report_attachment: AttachmentInfo | None = None
    review_attachment: AttachmentInfo | None = None
    approval_attachment: AttachmentInfo | None = None
    #: the rule set's matrix (:class:`db.domain.rules.GradingMatrix`), for 表三 and the 定级报告
    matrix: GradingMatrix | None = None


@dataclass
class MaterialInfo:
    """One row of 表五 (or 1.0 表四)."""

    key: str
    title: str
    present: bool
    attachment: AttachmentInfo | None = None


@dataclass
class FilingInfo:
    id: int
    form_version: str = "2025"
    police_organ: str = ""
    form_number: str = ""
    submitted_on: date | None = None
    accepted_on: date | None = None
    certificate_no: str = ""
    filled_by: str = ""
    filled_on: date | None = None
    status: str = ""
    materials: list[MaterialInfo] = field(default_factory=list)
    #: 跨省或全国联网运行 (filed with the provincial police), where the ledger records it
    cross_province: bool | None = None


@dataclass
class DataCategoryInfo:
    """One sheet of 表六 数据摸底调查表."""

    id: int
    name: str
    data_level: str = ""
    category: str = ""
    responsible_dept: str = ""
    responsible_person: str = ""
    personal_info: list[str] = field(default_factory=list)
    total_gb: float | None = None
    total_tb: float | None = None
    total_records_10k: float | None = None
    monthly_growth_gb: float | None = None
    sources: list[str] = field(default_factory=list)
    sources_other: str = ""
    source_units: list[str] = field(default_factory=list)
    outflow_units: list[str] = field(default_factory=list)
    interactions: dict[str, Any] = field(default_factory=dict)
    storage: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExpertReviewData:
    """《专家评审意见表》 (package item 03), the 市级 layout of filing-form-2025.md §11: unit, 项目负责人 with
    phone, 信息系统名称, 系统自定安全级别, 专家组成员, the opinion (fixed opening + the recorded points),
    signature lines for the leader and the members, and the review date."""

    unit_name: str
    unit_address: str = ""
    project_leader: str = ""
    phone: str = ""
    email: str = ""
    object_name: str = ""
    level: int | None = None
    experts: list[str] = field(default_factory=list)
    opinion: str = ""
    passed: bool | None = None
    review_date: date | None = None
    #: the attachment holding the signed sheet, if one is linked to the grading
    attachment: AttachmentInfo | None = None

    def opening(self) -> str:
        """The sheet's fixed opening sentence, filled in."""
        day = f"{self.review_date.year}年{self.review_date.month}月{self.review_date.day}日" if self.review_date else "____年__月__日"
        return (
            f"{day}，{self.unit_name}组织网络安全等级保护专家对本单位拟备案的{self.object_name}进行了安全保护等级"
            "定级评审。与会专家听取了该单位对系统情况的介绍，审阅了有关材料，经过讨论质询，形成如下评审意见："
        )

    def points(self) -> list[str]:
        """The recorded opinion split into its numbered points (``1.…；2.…``)."""
        text = (self.opinion or "").strip()
        if not text:
            return []
        parts = [p.strip(" ；;。") for p in re.split(r"(?:^|[；;。\n])\s*(?=\d+[.．、])", text) if p.strip(" ；;。")]
        return [p if p.endswith("。") else p + "。" for p in parts]


def document_title(unit_name: str, object_name: str, what: str) -> str:
    """The name an attachment of the packet goes by on the form: 《单位-对象-定级报告》 (S2's rule)."""
    return f"《{unit_name}-{object_name}-{what}》"


@dataclass
class FilingPacketData:
    unit: UnitInfo
    obj: ObjectInfo
    filing: FilingInfo
    grading: GradingInfo | None
    data_categories: list[DataCategoryInfo] = field(default_factory=list)
    #: 表一 本次备案的定级对象数量 per level (2–5) and 定级对象总数（含本次备案） per level (1–5)
    counts_this: dict[int, int] = field(default_factory=dict)
    counts_total: dict[int, int] = field(default_factory=dict)
    #: 1.0 form 表二 等级测评单位名称
    test_institution: str = ""
    #: attachments appended after the materials index, in order
    appendix: list[tuple[str, AttachmentInfo]] = field(default_factory=list)
    #: the 专家评审意见表 recorded with the grading (None: no review recorded)
    expert_review: ExpertReviewData | None = None
    #: the newest reported 等级测评 of the object (for the 体检's conclusion checks)
    latest_test: AssessmentInfo | None = None
    #: 备案表 template chosen by date and rule ("2025" or "1.0"), see :func:`desktop.documents.preflight.choose_form`
    form: str = ""
    #: why that template: "按备案日期…" or "按指定"
    form_reason: str = ""


@dataclass
class GradingReportData:
    unit: UnitInfo
    obj: ObjectInfo
    grading: GradingInfo


@dataclass
class ActionInfo:
    action: str
    responsible: str = ""
    planned_on: date | None = None
    done_on: date | None = None
    evidence: str = ""
    verifier: str = ""
    verified_on: date | None = None


@dataclass
class FindingInfo:
    id: int
    title: str
    category: str = ""
    category_name: str = ""
    control_point: str = ""
    test_item_code: str = ""
    description: str = ""
    risk: str = ""  # db.domain.enums.Risk value
    major_hazard: bool = False
    recommendation: str = ""
    interim_measures: str = ""
    owner: str = ""
    owner_dept: str = ""
    found_on: date | None = None
    deadline: date | None = None
    status: str = ""  # db.domain.enums.FindingStatus value
    fixed_on: date | None = None
    verified_on: date | None = None
    verifier: str = ""
    accepted_by: str = ""
    accepted_reason: str = ""
    remaining_plan: str = ""
    source: str = ""
    object_name: str = ""
    organization_name: str = ""
    actions: list[ActionInfo] = field(default_factory=list)
    evidence_files: list[str] = field(default_factory=list)


@dataclass
class AssessmentInfo:
    id: int
    kind: str = ""
    institution: str = ""
    institution_code: str = ""
    started_on: date | None = None
    report_date: date | None = None
    report_no: str = ""
    scheme: str = ""
    score: float | None = None
    compliance_rate: float | None = None
    conclusion: str = ""
    major_risk_count: int | None = None
    major_risk_fixed: int | None = None
    retest_result: str = ""
    #: the test's findings by risk (for the 体检's conclusion checks)
    high_risks: int = 0
    medium_risks: int = 0
    #: 重大风险隐患 findings of the test not yet fixed: (finding id, title)
    open_major_hazards: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class RectificationReportData:
    unit: UnitInfo
    obj: ObjectInfo
    assessment: AssessmentInfo | None
    findings: list[FindingInfo]
    #: GB/T 22239 categories in catalogue order: (code, name)
    categories: list[tuple[str, str]] = field(default_factory=list)
    certificate_no: str = ""
    today: date | None = None
