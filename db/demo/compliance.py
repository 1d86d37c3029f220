"""The demonstration ledger's 等保 work of each object: its grading, filing (with the 表五 materials),
assessments and findings in every state."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import sqlalchemy as sa

from db.demo.data import FINDING_TEMPLATES, MINIMAL_PDF, DemoContext
from db.domain import deadlines, rules
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
)
from db.domain.form_codes import MATERIALS_2025
from db.models import (
    Assessment,
    Attachment,
    Filing,
    FilingMaterial,
    Finding,
    Grading,
    ProtectedObject,
    RectificationAction,
)

#: the 1846号 letter's date: filings from then on use the 2025 template
FORM_2025_FROM = rules.rule_set("obligations-1846-2025").effective_from
#: the object whose latest test report carries a date in the future (a contradiction the 体检 reports)
REPORT_DATE_TYPO = 7
#: the object whose filing was accepted before it was made (a contradiction the 体检 reports)
ACCEPTED_TYPO = 6


def _level_choice(index: int) -> tuple[HarmedObject, HarmDegree, HarmedObject, HarmDegree]:
    patterns = [
        (HarmedObject.SOCIETY, HarmDegree.SERIOUS, HarmedObject.SOCIETY, HarmDegree.GENERAL),  # 3
        (HarmedObject.SOCIETY, HarmDegree.GENERAL, HarmedObject.CITIZEN, HarmDegree.SERIOUS),  # 2
        (HarmedObject.SOCIETY, HarmDegree.SERIOUS, HarmedObject.SOCIETY, HarmDegree.SERIOUS),  # 3
        (HarmedObject.CITIZEN, HarmDegree.SERIOUS, HarmedObject.CITIZEN, HarmDegree.GENERAL),  # 2
        (HarmedObject.SOCIETY, HarmDegree.VERY_SERIOUS, HarmedObject.SOCIETY, HarmDegree.SERIOUS),  # 4
        (HarmedObject.CITIZEN, HarmDegree.GENERAL, HarmedObject.CITIZEN, HarmDegree.GENERAL),  # 1
    ]
    return patterns[index % len(patterns)]


def grade_file_test(ctx: DemoContext, obj: ProtectedObject, index: int) -> None:
    if index % 11 == 10:
        return  # not yet graded: shows up as work to do
    today = ctx.today
    bo, bd, so, sd = _level_choice(index)
    graded_on = today - timedelta(days=400 + (index * 37) % 900)
    rule_id = rules.in_force("grading", graded_on).id
    b_level, s_level = rules.grade(rule_id, bo, bd), rules.grade(rule_id, so, sd)
    level = rules.final_level(b_level, s_level)
    grading = Grading(
        object_id=obj.id,
        rule_set=rule_id,
        business_object=bo,
        business_degree=bd,
        business_level=b_level,
        service_object=so,
        service_degree=sd,
        service_level=s_level,
        level=level,
        graded_on=graded_on,
        responsibility=f"{obj.organization.name}是{obj.name}的安全责任主体，负责其建设、运行和安全保护。",
        composition=f"{obj.name}由互联网接入区、安全防护区、应用服务区和数据存储区组成。",
        business_summary=obj.business_desc,
        data_summary="承载政务公开信息、办事材料和用户注册信息，其中含一般个人信息。",
        security_responsibility="单位主要负责人为第一责任人，信息中心负责日常安全运维。",
        business_desc="业务信息包括公开发布的政务信息、网上办事表单及用户注册信息。",
        business_object_reason="业务信息遭到破坏后，会影响政府公信力，侵害社会秩序和公共利益。",
        business_degree_reason="可能导致较大范围的不良社会影响。",
        service_desc="系统服务为社会公众提供信息查询与网上办事服务。",
        service_object_reason="系统服务中断后，群众无法在线办事，侵害社会秩序和公共利益。",
        service_degree_reason="影响范围限于本地区，造成一般或严重损害。",
        expert_review_date=graded_on + timedelta(days=10) if level >= 2 else None,
        expert_review_passed=True if level >= 2 else None,
        expert_names="赵一、钱二、孙三" if level >= 2 else None,
        expert_opinion="1.定级对象边界清晰；2.定级理由充分，同意定为该级别。" if level >= 2 else None,
        has_supervisor=obj.organization.parent_id is not None,
        supervisor_name=obj.organization.parent.name if obj.organization.parent else None,
        supervisor_approved=True if obj.organization.parent_id else None,
        supervisor_approval_date=graded_on + timedelta(days=20) if obj.organization.parent_id else None,
        filled_by="高明",
        status=GradingStatus.APPROVED,
    )
    ctx.session.add(grading)
    obj.current_level = level
    if grading.supervisor_approved:
        ctx.session.flush()
        # the supervisor's signed approval, linked to the grading (表三 附件名称)
        ctx.session.add(
            _pdf_attachment("gradings", grading.id, f"{obj.name}-主管部门审核意见.pdf", "上级行业主管部门审核意见")
        )
    if index % 7 == 3:
        # a draft re-grading in progress keeps the approved one as current
        ctx.session.add(
            Grading(
                object_id=obj.id,
                rule_set=rules.in_force("grading", today).id,
                business_object=bo,
                business_degree=bd,
                business_level=b_level,
                service_object=so,
                service_degree=sd,
                service_level=s_level,
                level=level,
                graded_on=today - timedelta(days=5),
                status=GradingStatus.DRAFT,
            )
        )
    ctx.session.flush()
    if level < 2:
        return
    _filing(ctx, obj, grading, index)
    if level >= 2:
        _assessments(ctx, obj, level, index)


def _filing(ctx: DemoContext, obj: ProtectedObject, grading: Grading, index: int) -> None:
    state = [
        FilingStatus.ACCEPTED,
        FilingStatus.ACCEPTED,
        FilingStatus.SUBMITTED,
        FilingStatus.ACCEPTED,
        FilingStatus.RETURNED,
        FilingStatus.PREPARING,
        FilingStatus.ACCEPTED,
    ][index % 7]
    submitted = grading.graded_on + timedelta(days=25)
    accepted = submitted + timedelta(days=12) if state == FilingStatus.ACCEPTED else None
    if index % 5 == 1 and accepted:
        accepted = date(2022, 5, 10)  # an old filing: its certificate approaches renewal
        if index != ACCEPTED_TYPO:
            submitted = accepted - timedelta(days=12)
        # else the acceptance date predates the filing date (a contradiction the 体检 reports)
    region = obj.organization.region_code or "130100"
    filing = Filing(
        object_id=obj.id,
        grading_id=grading.id,
        # the template by date: 2025 for filings from the 1846号 date on (公网安〔2025〕1846号)
        form_version="2025" if submitted >= FORM_2025_FROM else "1.0",
        police_organ=f"{obj.organization.prefecture or '石家庄市'}公安局网络安全保卫支队",
        # the police give the number on acceptance; a returned filing still carries the one it was given
        # by mistake (a contradiction the 体检 reports)
        form_number=f"{region}{90001 + index:05d}" if accepted or state == FilingStatus.RETURNED else None,
        submitted_on=submitted if state != FilingStatus.PREPARING else None,
        accepted_on=accepted,
        certificate_no=f"{region}{90001 + index:05d}-{10001 + index:05d}" if accepted else None,
        returned_reason="拓扑图与实际部署不一致，请补正。" if state == FilingStatus.RETURNED else None,
        filled_by="高明",
        filled_on=submitted - timedelta(days=2),
        status=state,
    )
    for position, (key, title) in enumerate(MATERIALS_2025):
        filing.materials.append(
            FilingMaterial(item_key=key, title=title, present=position < 2, position=position)
        )
    ctx.session.add(filing)
    ctx.session.flush()
    if obj.code is None and filing.certificate_no:
        obj.code = filing.certificate_no[-5:]
    topology = _pdf_attachment("filings", filing.id, f"{obj.name}-网络拓扑图.pdf")
    policies = _pdf_attachment("filings", filing.id, f"{obj.organization.name}-网络安全组织架构及管理制度清单.pdf")
    ctx.session.add_all([topology, policies])
    ctx.session.flush()
    filing.materials[0].attachment_id = topology.id
    filing.materials[1].attachment_id = policies.id


def _pdf_attachment(entity: str, entity_id: int, filename: str, description: str | None = None) -> Attachment:
    return Attachment(
        entity_type=entity,
        entity_id=entity_id,
        filename=filename,
        mime_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
        description=description,
        data=MINIMAL_PDF,
    )


def _assessments(ctx: DemoContext, obj: ProtectedObject, level: int, index: int) -> None:
    rnd, today = ctx.rnd, ctx.today
    institution = ctx.institutions[index % len(ctx.institutions)]
    years = [today.year - 2, today.year - 1] if level >= 3 else [today.year - 1]
    for n, year in enumerate(years):
        report_date = date(year, 3 + (index % 8), 10 + index % 15)
        if report_date > today:
            report_date = today - timedelta(days=30)
        if index == REPORT_DATE_TYPO and n == len(years) - 1:
            # a report date typed a week ahead: a 整改报告 printed today would predate its test (体检)
            report_date = today + timedelta(days=7)
        scheme = rules.in_force("conclusion", report_date).id
        rate = round(62 + rnd.random() * 35, 1)
        score = round(68 + rnd.random() * 28, 1)
        majors = rnd.choice([0, 0, 1, 2])
        if scheme == "conclusion-2025":
            conclusion = rules.conclusion_for(scheme, compliance_rate=rate, major_hazards=majors)
        else:
            conclusion = rules.conclusion_for(scheme, score=score, high_risks=rnd.choice([0, 0, 1]))
        cert = f"{obj.organization.region_code or '130100'}{90001 + index:05d}-{10001 + index:05d}"
        assessment = Assessment(
            object_id=obj.id,
            institution_id=institution.id,
            kind=AssessmentKind.LEVEL_TEST,
            planned_on=report_date - timedelta(days=45),
            started_on=report_date - timedelta(days=30),
            report_date=report_date,
            report_no=f"{cert}-{year % 100:02d}-{institution.code}-01",
            scheme=scheme,
            score=score if scheme != "conclusion-2025" else None,
            compliance_rate=rate if scheme == "conclusion-2025" else None,
            conclusion=conclusion,
            major_risk_count=majors if scheme == "conclusion-2025" else None,
            major_risk_fixed=min(majors, 1) if scheme == "conclusion-2025" else None,
            retest_result="复测确认高风险问题已全部整改。" if n == 0 else None,
            status=AssessmentStatus.REPORTED,
        )
        ctx.session.add(assessment)
        ctx.session.flush()
        _findings(ctx, obj, assessment, latest=n == len(years) - 1, index=index)
        _settle_conclusion(ctx, assessment, latest=n == len(years) - 1, index=index)
    if level >= 3 and index % 3 == 0:
        ctx.session.add(
            Assessment(
                object_id=obj.id,
                institution_id=institution.id,
                kind=AssessmentKind.LEVEL_TEST,
                planned_on=today + timedelta(days=20 + index),
                status=AssessmentStatus.PLANNED,
            )
        )
    ctx.session.add(
        Assessment(
            object_id=obj.id,
            kind=AssessmentKind.SELF_CHECK,
            report_date=today - timedelta(days=200 + index * 13),
            conclusion=None,
            notes="年度网络安全自查，未发现重大问题。",
            status=AssessmentStatus.REPORTED,
        )
    )


def _settle_conclusion(ctx: DemoContext, a: Assessment, *, latest: bool, index: int) -> None:
    """The conclusion the scheme gives for the test's own findings; on the latest test of one object
    each, the two contradictions of issue 13 the 体检 must find: “差” with 91.3 分 and no high risk, and
    “符合” with a 重大风险隐患 still open (objects 1 and 2 stay clean: other tests print them)."""
    ctx.session.flush()
    findings = list(ctx.session.scalars(sa.select(Finding).where(Finding.assessment_id == a.id)))
    high = sum(f.risk == Risk.HIGH for f in findings)
    medium = sum(f.risk == Risk.MEDIUM for f in findings)
    majors = [f for f in findings if f.major_hazard]
    open_majors = [f for f in majors if f.status in (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)]
    planting = latest and index >= 2
    if planting and index >= 4 and "conclusion-score" not in ctx.planted:
        # a test written on the 2021 template, no high risk found, whose conclusion contradicts its score
        ctx.planted.add("conclusion-score")
        for f in findings:
            if f.risk == Risk.HIGH:
                f.risk, f.major_hazard = Risk.MEDIUM, False
        a.scheme, a.score, a.compliance_rate, a.conclusion = "conclusion-2021", 91.3, None, "差"
        a.major_risk_count = a.major_risk_fixed = None
        return
    if a.scheme == "conclusion-2025":
        a.major_risk_count = len(majors)
        a.major_risk_fixed = len(majors) - len(open_majors)
        a.conclusion = rules.conclusion_for(a.scheme, compliance_rate=a.compliance_rate, major_hazards=len(majors))
        if planting and open_majors and "conclusion-major-open" not in ctx.planted:
            ctx.planted.add("conclusion-major-open")
            a.compliance_rate, a.conclusion = 93.5, "符合"
    elif a.score is not None and a.scheme:
        a.conclusion = rules.conclusion_for(a.scheme, score=a.score, high_risks=high, medium_risks=medium)


def _findings(ctx: DemoContext, obj: ProtectedObject, assessment: Assessment, *, latest: bool, index: int) -> None:
    rnd, today = ctx.rnd, ctx.today
    found_on = assessment.report_date or today
    picks = rnd.sample(FINDING_TEMPLATES, 4 + index % 4)
    for k, (cat, point, title, risk, advice) in enumerate(picks):
        computed = deadlines.finding_deadline(risk.value, found_on, major_hazard=k == 0 and risk == Risk.HIGH)
        finding = Finding(
            object_id=obj.id,
            source=FindingSource.ASSESSMENT,
            assessment_id=assessment.id,
            category=cat,
            control_point=point,
            test_item_code=f"L{obj.current_level or 3}-{cat}1-{k + 1:02d}",
            title=title,
            description=f"{obj.name}：{title}。",
            risk=risk,
            major_hazard=k == 0 and risk == Risk.HIGH,
            recommendation=advice,
            owner=["高明", "李娜", "马超", "黄丽"][k % 4],
            owner_dept="信息中心",
            found_on=found_on,
            deadline=computed.due,
            deadline_rule=computed.rule_set,
        )
        ctx.session.add(finding)
        if not latest:
            _close(finding, found_on + timedelta(days=20 + k), verified=True)
            continue
        state = (index + k) % 6
        if state == 0:
            finding.status = FindingStatus.OPEN
            finding.deadline = min(finding.deadline or today, today - timedelta(days=3 + k))  # overdue
        elif state == 1:
            finding.status = FindingStatus.IN_PROGRESS
            finding.deadline = today + timedelta(days=5 + k * 3)  # due soon
            finding.actions.append(
                RectificationAction(action=advice, responsible=finding.owner, planned_on=finding.deadline)
            )
        elif state == 2:
            _close(finding, min(today, found_on + timedelta(days=15)), verified=False)
        elif state == 3:
            _close(finding, min(today, found_on + timedelta(days=12)), verified=True)
        elif state == 4:
            finding.status = FindingStatus.RISK_ACCEPTED
            finding.accepted_by = "张建国"
            finding.accepted_reason = "该系统计划年内下线迁移至网站群，已采取临时防护措施。"
            finding.interim_measures = "限制管理端口仅内网访问。"
        else:
            finding.status = FindingStatus.OPEN
            finding.deadline = today + timedelta(days=40 + k)


def _close(finding: Finding, done: date, *, verified: bool) -> None:
    finding.actions.append(
        RectificationAction(
            action=finding.recommendation or "按测评建议整改",
            responsible=finding.owner,
            planned_on=done,
            done_on=done,
            evidence="整改前后配置截图；复测记录",
            verifier="王工" if verified else None,
            verified_on=done + timedelta(days=3) if verified else None,
        )
    )
    finding.status = FindingStatus.VERIFIED if verified else FindingStatus.FIXED
    finding.fixed_on = done
    if verified:
        finding.verifier = "王工"
        finding.verified_on = done + timedelta(days=3)


