"""Hand-built document data (plain dataclasses) and small files for the document tests."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from db.domain.rules import GradingMatrix, grading_matrix
from desktop.documents.fonts import document_fonts
from desktop.documents.model import (
    ActionInfo,
    AssessmentInfo,
    AttachmentInfo,
    DataCategoryInfo,
    FilingInfo,
    FilingPacketData,
    FindingInfo,
    GradingInfo,
    GradingReportData,
    MaterialInfo,
    ObjectInfo,
    Person,
    RectificationReportData,
    UnitInfo,
)

UNIT_NAME = "河北省机构编制委员会办公室"
OBJECT_NAME = "河北机构编制网"
CERT_NO = "13010099001-26003"


def tiny_pdf(text: str, pages: int = 1) -> bytes:
    """A small real PDF to append as an attachment (its font embedded, like a scanned or printed file)."""
    fonts = document_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, initialFontName=fonts.body)
    for i in range(pages):
        c.setFont(fonts.body, 14)
        c.drawString(72, 760, f"{text} page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def matrix() -> GradingMatrix:
    return grading_matrix("grading-form-2025")


def unit() -> UnitInfo:
    return UnitInfo(
        id=1,
        name=UNIT_NAME,
        uscc="11130000000000000X",
        province="河北省",
        prefecture="石家庄市",
        county="长安区",
        address="裕华东路某号<测试&转义>",
        postcode="050000",
        region_code="130100",
        leader=Person(name="张三", title="主任", office_phone="0311-87802765", email="zs@example.gov.cn"),
        security_dept="信息中心",
        security_contact=Person(
            name="李四",
            title="科长",
            office_phone="0311-87802766",
            mobile="13800000000",
            email="ls@example.gov.cn",
        ),
        data_security_dept="信息中心",
        data_contact=Person(
            name="王五",
            title="副科长",
            office_phone="0311-87802767",
            mobile="13900000000",
            email="ww@example.gov.cn",
        ),
        affiliation="2",
        unit_type="2",
        industry="48",
    )


def obj() -> ObjectInfo:
    return ObjectInfo(
        id=7,
        name=OBJECT_NAME,
        organization_name=UNIT_NAME,
        code="26003",
        object_type="website",
        technologies=["cloud"],
        business_type="4",
        business_desc="发布机构编制政策、办事指南，提供网上办事服务。",
        service_scope="20",
        service_objects="3",
        deployment_scope="3",
        network_nature="2",
        ip_ranges=["203.0.113.10-203.0.113.20"],
        domains=["www.hebjgbz.gov.cn", "河北机构编制网.政务"],
        ports=["HTTPS/443", "HTTP/80"],
        interconnection=["3"],
        go_live_date=date(2015, 6, 1),
        scenario_details={
            "cloud": {
                "roles": ["customer"],
                "service_models": ["iaas"],
                "deployment": ["private"],
                "platform_provider": "某政务云服务商",
                "platform_level": "第三级",
                "platform_name": "河北省政务云",
                "platform_cert_no": "13010099002-00001",
                "customer_ops_location": "石家庄市",
            }
        },
        site_name=OBJECT_NAME,
        level=3,
    )


def attachments() -> dict[str, AttachmentInfo]:
    return {
        "report": AttachmentInfo(
            1,
            "定级报告.pdf",
            "application/pdf",
            100,
            "河北省编办-河北机构编制网-定级报告",
            tiny_pdf("Grading report", 2),
        ),
        "review": AttachmentInfo(
            2, "专家评审意见表.pdf", "application/pdf", 100, "", tiny_pdf("Expert review")
        ),
        "topology": AttachmentInfo(
            3, "网络拓扑.vsdx", "application/octet-stream", 100, "网络拓扑结构及说明", b"PK\x03\x04not a pdf"
        ),
        "org": AttachmentInfo(4, "制度清单.pdf", "", 100, "", tiny_pdf("Policies", 3)),
    }


def grading(atts: dict[str, AttachmentInfo] | None = None) -> GradingInfo:
    atts = atts or attachments()
    return GradingInfo(
        id=3,
        rule_set="grading-form-2025",
        business_object="society",
        business_degree="serious",
        business_level=3,
        service_object="society",
        service_degree="general",
        service_level=2,
        level=3,
        graded_on=date(2025, 5, 20),
        responsibility="河北省机构编制委员会办公室是河北机构编制网的运营使用单位，对其安全负总责。",
        composition="由门户网站、内容管理系统和数据库组成，部署在省政务云。",
        business_summary="政策发布、办事指南、互动交流。",
        data_summary="公开政策文件、机构编制信息、用户留言。",
        security_responsibility="信息中心负责日常安全运维。",
        business_desc="业务信息为公开发布的机构编制信息。",
        business_object_reason="遭到破坏后影响社会秩序和公共利益。",
        business_degree_reason="可能造成较大范围的社会不良影响，属严重损害。",
        service_desc="系统服务为面向公众的网站访问服务。",
        service_object_reason="服务中断影响社会公众获取信息。",
        service_degree_reason="影响有限，属一般损害。",
        expert_review_date=date(2025, 5, 28),
        expert_review_passed=True,
        expert_names="甲、乙、丙",
        has_supervisor=True,
        supervisor_name="中央机构编制委员会办公室",
        supervisor_approved=True,
        supervisor_approval_date=date(2025, 6, 5),
        filled_by="李四",
        report_attachment=atts["report"],
        review_attachment=atts["review"],
        matrix=matrix(),
    )


def filing_packet(form_version: str = "2025") -> FilingPacketData:
    atts = attachments()
    g = grading(atts)
    materials = [
        MaterialInfo("topology", "网络拓扑结构及说明", True, atts["topology"]),
        MaterialInfo("organization", "网络安全组织架构及管理制度清单", True, atts["org"]),
        MaterialInfo("design", "网络安全建设设计方案或整改设计方案", False),
    ]
    filing = FilingInfo(
        id=5,
        form_version=form_version,
        police_organ="河北省公安厅网络安全保卫总队",
        form_number="13010099001",
        submitted_on=date(2025, 6, 10),
        accepted_on=date(2025, 6, 20),
        certificate_no=CERT_NO,
        filled_by="李四",
        filled_on=date(2025, 6, 8),
        materials=materials,
    )
    categories = [
        DataCategoryInfo(
            id=1,
            name="机构编制信息",
            data_level="1",
            category="机构编制管理数据",
            responsible_dept="信息中心",
            responsible_person="王五",
            personal_info=["3"],
            total_gb=12.5,
            total_records_10k=3,
            monthly_growth_gb=0.2,
            sources=["2", "3"],
            source_units=["各市编办"],
            outflow_units=[],
            interactions={"none": True},
            storage={
                "cloud": [["4", "河北省政务云"]],
                "room": [["3", "某数据中心"]],
                "region": [["1", "河北省石家庄市"]],
            },
        ),
        DataCategoryInfo(
            id=2,
            name="网站用户留言",
            data_level="1",
            category="公众互动数据",
            responsible_dept="信息中心",
            responsible_person="王五",
            personal_info=["1", "3"],
            total_records_10k=1.2,
            sources=["3"],
            interactions={"provide": "省政务服务管理办公室"},
        ),
    ]
    appendix = [
        ("定级报告", atts["report"]),
        ("专家评审意见表", atts["review"]),
        ("网络拓扑结构及说明", atts["topology"]),
        ("网络安全组织架构及管理制度清单", atts["org"]),
    ]
    return FilingPacketData(
        unit=unit(),
        obj=obj(),
        filing=filing,
        grading=g,
        data_categories=categories,
        counts_this={3: 1},
        counts_total={2: 2, 3: 1},
        test_institution="河北某测评中心",
        appendix=appendix,
    )


def grading_report() -> GradingReportData:
    return GradingReportData(unit=unit(), obj=obj(), grading=grading())


def rectification(findings: int = 12) -> RectificationReportData:
    cats = [
        ("PES", "安全物理环境"),
        ("CNS", "安全通信网络"),
        ("ABS", "安全区域边界"),
        ("CES", "安全计算环境"),
        ("SMC", "安全管理中心"),
        ("PSS", "安全管理制度"),
        ("ORS", "安全管理机构"),
        ("HRS", "安全管理人员"),
        ("CMS", "安全建设管理"),
        ("MMS", "安全运维管理"),
    ]
    risks = ["high", "medium", "low"]
    statuses = ["verified", "fixed", "in_progress", "open", "risk_accepted"]
    items = []
    for i in range(findings):
        code, name = cats[i % len(cats)]
        status = statuses[i % len(statuses)]
        items.append(
            FindingInfo(
                id=100 + i,
                title=f"测试问题{i + 1}：未启用登录失败处理功能" if i else "数据库未开启审计功能",
                category=code,
                category_name=name,
                control_point="安全审计",
                test_item_code=f"L3-{code}1-{i % 30 + 1:02d}",
                description="应启用安全审计功能，审计覆盖到每个用户，对重要的用户行为和重要安全事件进行审计。"
                * (3 if i == 2 else 1),
                risk=risks[i % 3],
                major_hazard=i % 5 == 0,
                recommendation="开启审计并保存日志不少于6个月。",
                owner="李四",
                owner_dept="信息中心",
                found_on=date(2026, 3, 1),
                deadline=date(2026, 6, 30),
                status=status,
                fixed_on=date(2026, 5, 1) if status in ("fixed", "verified") else None,
                verified_on=date(2026, 5, 10) if status == "verified" else None,
                verifier="王五" if status == "verified" else "",
                accepted_by="张三" if status == "risk_accepted" else "",
                accepted_reason="业务需要，已采取补偿措施" if status == "risk_accepted" else "",
                remaining_plan="采购日志审计系统，预计2026年第四季度完成"
                if status in ("open", "in_progress")
                else "",
                actions=[
                    ActionInfo(
                        "开启数据库审计功能并配置日志外发",
                        "李四",
                        date(2026, 4, 1),
                        date(2026, 4, 20),
                        "审计配置截图；日志服务器接收记录",
                        "王五",
                        date(2026, 5, 10),
                    )
                ]
                if status in ("fixed", "verified")
                else [],
                evidence_files=["审计配置截图.png"] if status in ("fixed", "verified") else [],
            )
        )
    assessment = AssessmentInfo(
        id=9,
        kind="level_test",
        institution="河北某测评中心",
        institution_code="1301",
        started_on=date(2026, 2, 20),
        report_date=date(2026, 3, 1),
        report_no="13010099001-26003-26-1301-01",
        scheme="conclusion-2025",
        compliance_rate=82.5,
        conclusion="基本符合",
        major_risk_count=3,
        major_risk_fixed=2,
        retest_result="2026年6月复测，符合率提升至91.2%。",
    )
    return RectificationReportData(
        unit=unit(),
        obj=obj(),
        assessment=assessment,
        findings=items,
        categories=cats,
        certificate_no=CERT_NO,
        today=date(2026, 7, 1),
    )
