"""Load the plain data the printed documents need, in one short read transaction.

Each loader takes an open Session, reads what one document needs and returns the dataclasses of
:mod:`desktop.documents.model`; the documents never see ORM objects. Missing records raise
:class:`DocumentDataError` with a Chinese message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload, undefer

from db.domain import catalogue
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FindingStatus,
    ObjectStatus,
    ObjectType,
    Risk,
)
from db.models import (
    Assessment,
    Attachment,
    DataCategory,
    Filing,
    Finding,
    Grading,
    Institution,
    Organization,
    ProtectedObject,
    RectificationAction,
)
from desktop.documents.model import (
    ActionInfo,
    AssessmentInfo,
    AttachmentInfo,
    DataCategoryInfo,
    ExpertReviewData,
    FilingInfo,
    FilingPacketData,
    FindingInfo,
    GradingInfo,
    GradingReportData,
    MaterialInfo,
    RectificationReportData,
    UnitInfo,
)
from desktop.documents.workbooks import WebsiteRow
from desktop.services.document_parts import DocumentDataError as DocumentDataError
from desktop.services.document_parts import as_text as _s
from desktop.services.document_parts import (
    attachment_info,
    current_grading,
    grading_info,
    load_object,
    object_info,
    unit_info,
)

# ---------------------------------------------------------------------------------------------
# Filing packet


def _latest_filing(session: Session, object_id: int) -> Filing | None:
    return session.scalars(
        sa.select(Filing).where(Filing.object_id == object_id).order_by(Filing.id.desc()).limit(1)
    ).first()


def _level_counts(session: Session, org_id: int) -> dict[int, int]:
    rows = session.execute(
        sa.select(ProtectedObject.current_level, sa.func.count())
        .where(
            ProtectedObject.organization_id == org_id,
            ProtectedObject.current_level.is_not(None),
            ProtectedObject.status != ObjectStatus.RETIRED,
        )
        .group_by(ProtectedObject.current_level)
    ).all()
    return {int(level): int(n) for level, n in rows if level is not None}


def _last_test_institution(session: Session, object_id: int) -> str:
    row = session.execute(
        sa.select(Institution.name)
        .join(Assessment, Assessment.institution_id == Institution.id)
        .where(
            Assessment.object_id == object_id,
            Assessment.kind == AssessmentKind.LEVEL_TEST,
            Assessment.status == AssessmentStatus.REPORTED,
        )
        .order_by(Assessment.report_date.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    return row[0] if row else ""


def _data_category_info(dc: DataCategory) -> DataCategoryInfo:
    return DataCategoryInfo(
        id=dc.id,
        name=dc.name,
        data_level=_s(dc.data_level),
        category=_s(dc.category),
        responsible_dept=_s(dc.responsible_dept),
        responsible_person=_s(dc.responsible_person),
        personal_info=[str(x) for x in dc.personal_info or []],
        total_gb=dc.total_gb,
        total_tb=dc.total_tb,
        total_records_10k=dc.total_records_10k,
        monthly_growth_gb=dc.monthly_growth_gb,
        sources=[str(x) for x in dc.sources or []],
        sources_other=_s(dc.sources_other),
        source_units=list(dc.source_units or []),
        outflow_units=list(dc.outflow_units or []),
        interactions=dict(dc.interactions or {}),
        storage=dict(dc.storage or {}),
    )


def filing_packet_data(session: Session, object_id: int, *, filing_id: int | None = None) -> FilingPacketData:
    """Everything the 备案表 packet prints for one object, attachments with their bytes."""
    obj = load_object(session, object_id)
    filing = session.get(Filing, filing_id) if filing_id else _latest_filing(session, object_id)
    if filing is None or filing.object_id != object_id:
        raise DocumentDataError(f"定级对象“{obj.name}”还没有备案记录，请先在“备案”页建立备案。")
    grading = (
        session.get(Grading, filing.grading_id) if filing.grading_id else current_grading(session, object_id)
    )
    g_info = grading_info(session, grading, with_data=True) if grading else None

    att_ids = [m.attachment_id for m in filing.materials if m.attachment_id]
    atts: dict[int, AttachmentInfo] = {}
    if att_ids:
        q = sa.select(Attachment).where(Attachment.id.in_(att_ids)).options(undefer(Attachment.data))
        atts = {a.id: attachment_info(a, with_data=True) for a in session.scalars(q)}
    materials = [
        MaterialInfo(
            key=m.item_key,
            title=m.title,
            present=bool(m.present),
            attachment=atts.get(m.attachment_id) if m.attachment_id else None,
        )
        for m in filing.materials
    ]
    f_info = FilingInfo(
        id=filing.id,
        form_version=_s(filing.form_version) or "2025",
        police_organ=_s(filing.police_organ),
        form_number=_s(filing.form_number),
        submitted_on=filing.submitted_on,
        accepted_on=filing.accepted_on,
        certificate_no=_s(filing.certificate_no),
        filled_by=_s(filing.filled_by),
        filled_on=filing.filled_on,
        status=filing.status.value if filing.status else "",
        materials=materials,
        cross_province=getattr(filing, "cross_province", None),
    )
    org = obj.organization
    cats = session.scalars(
        sa.select(DataCategory)
        .where(
            DataCategory.organization_id == org.id,
            sa.or_(DataCategory.object_id.is_(None), DataCategory.object_id == object_id),
        )
        .order_by(DataCategory.id)
    ).all()
    appendix: list[tuple[str, AttachmentInfo]] = []
    if g_info is not None:
        for label, att in (
            ("定级报告", g_info.report_attachment),
            ("专家评审意见表", g_info.review_attachment),
            ("上级行业主管部门审核意见", g_info.approval_attachment),
        ):
            if att is not None:
                appendix.append((label, att))
    appendix += [(m.title, m.attachment) for m in materials if m.present and m.attachment is not None]
    level = (g_info.level if g_info else None) or obj.current_level
    unit = unit_info(org)
    return FilingPacketData(
        unit=unit,
        obj=object_info(obj),
        filing=f_info,
        grading=g_info,
        data_categories=[_data_category_info(c) for c in cats],
        counts_this=dict(Counter([level])) if level and level >= 2 else {},
        counts_total=_level_counts(session, org.id),
        test_institution=_last_test_institution(session, object_id),
        appendix=appendix,
        expert_review=expert_review_data(unit, obj.name, g_info),
        latest_test=latest_test(session, object_id),
    )


def expert_review_data(unit: UnitInfo, object_name: str, g: GradingInfo | None) -> ExpertReviewData | None:
    """The 专家评审意见表 of a grading: recorded (date and experts) or attached; None without a review."""
    if g is None or not (g.review_attachment is not None or (g.expert_review_date and g.expert_names.strip())):
        return None
    contact = unit.security_contact
    experts = [n.strip() for n in g.expert_names.replace("，", "、").replace(",", "、").split("、") if n.strip()]
    return ExpertReviewData(
        unit_name=unit.name,
        unit_address=unit.address,
        project_leader=contact.name,
        phone=contact.office_phone or contact.mobile,
        email=contact.email,
        object_name=object_name,
        level=g.level,
        experts=experts,
        opinion=g.expert_opinion,
        passed=g.expert_review_passed,
        review_date=g.expert_review_date,
        attachment=g.review_attachment,
    )


def expert_review_for(session: Session, object_id: int, *, grading_id: int | None = None) -> ExpertReviewData:
    """The 专家评审意见表 of the object's current (or given) grading."""
    report = grading_report_data(session, object_id, grading_id=grading_id)
    review = expert_review_data(report.unit, report.obj.name, report.grading)
    if review is None:
        raise DocumentDataError(f"定级对象“{report.obj.name}”的定级记录中没有专家评审（评审日期和专家名单）。")
    return review


def latest_test(session: Session, object_id: int) -> AssessmentInfo | None:
    """The newest reported 等级测评 with its findings counted by risk (for the 体检)."""
    a = session.scalars(
        sa.select(Assessment)
        .where(
            Assessment.object_id == object_id,
            Assessment.kind == AssessmentKind.LEVEL_TEST,
            Assessment.status == AssessmentStatus.REPORTED,
        )
        .order_by(Assessment.report_date.desc(), Assessment.id.desc())
        .limit(1)
    ).first()
    if a is None:
        return None
    institution = session.get(Institution, a.institution_id) if a.institution_id else None
    findings = session.scalars(sa.select(Finding).where(Finding.assessment_id == a.id).order_by(Finding.id)).all()
    return _with_counts(_assessment_info(a, institution), findings)


_OPEN = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)


def _with_counts(info: AssessmentInfo, findings: Sequence[Finding]) -> AssessmentInfo:
    info.high_risks = sum(f.risk == Risk.HIGH for f in findings)
    info.medium_risks = sum(f.risk == Risk.MEDIUM for f in findings)
    info.open_major_hazards = [(f.id, f.title) for f in findings if f.major_hazard and f.status in _OPEN]
    return info


def grading_report_data(
    session: Session, object_id: int, *, grading_id: int | None = None
) -> GradingReportData:
    obj = load_object(session, object_id)
    grading = session.get(Grading, grading_id) if grading_id else current_grading(session, object_id)
    if grading is None or grading.object_id != object_id:
        raise DocumentDataError(f"定级对象“{obj.name}”还没有定级记录，请先完成定级。")
    return GradingReportData(
        unit=unit_info(obj.organization), obj=object_info(obj), grading=grading_info(session, grading)
    )


# ---------------------------------------------------------------------------------------------
# Rectification report


def _assessment_info(a: Assessment, institution: Institution | None) -> AssessmentInfo:
    return AssessmentInfo(
        id=a.id,
        kind=a.kind.value if a.kind else "",
        institution=institution.name if institution else "",
        institution_code=_s(institution.code) if institution else "",
        started_on=a.started_on,
        report_date=a.report_date,
        report_no=_s(a.report_no),
        scheme=_s(a.scheme),
        score=a.score,
        compliance_rate=a.compliance_rate,
        conclusion=_s(a.conclusion),
        major_risk_count=a.major_risk_count,
        major_risk_fixed=a.major_risk_fixed,
        retest_result=_s(a.retest_result),
    )


def finding_info(
    f: Finding, category_names: dict[str, str], evidence: list[str] | None = None
) -> FindingInfo:
    return FindingInfo(
        id=f.id,
        title=f.title,
        category=_s(f.category),
        category_name=category_names.get(f.category or "", ""),
        control_point=_s(f.control_point),
        test_item_code=_s(f.test_item_code),
        description=_s(f.description),
        risk=f.risk.value if f.risk else "",
        major_hazard=bool(f.major_hazard),
        recommendation=_s(f.recommendation),
        interim_measures=_s(f.interim_measures),
        owner=_s(f.owner),
        owner_dept=_s(f.owner_dept),
        found_on=f.found_on,
        deadline=f.deadline,
        status=f.status.value if f.status else "",
        fixed_on=f.fixed_on,
        verified_on=f.verified_on,
        verifier=_s(f.verifier),
        accepted_by=_s(f.accepted_by),
        accepted_reason=_s(f.accepted_reason),
        remaining_plan=_s(f.remaining_plan),
        source=f.source.value if f.source else "",
        actions=[
            ActionInfo(
                action=a.action,
                responsible=_s(a.responsible),
                planned_on=a.planned_on,
                done_on=a.done_on,
                evidence=_s(a.evidence),
                verifier=_s(a.verifier),
                verified_on=a.verified_on,
            )
            for a in f.actions
        ],
        evidence_files=list(evidence or []),
    )


def category_names() -> tuple[list[tuple[str, str]], dict[str, str]]:
    cats = [(c.code, c.name) for c in catalogue.categories()]
    return cats, dict(cats)


def rectification_data(
    session: Session, object_id: int, *, assessment_id: int | None = None, today: date | None = None
) -> RectificationReportData:
    """The test (given, else the newest reported 等级测评 with findings) and its findings.

    Without any such test, every finding of the object is reported.
    """
    obj = load_object(session, object_id)
    assessment: Assessment | None
    if assessment_id is not None:
        assessment = session.get(Assessment, assessment_id)
        if assessment is None or assessment.object_id != object_id:
            raise DocumentDataError(f"定级对象“{obj.name}”没有编号为 {assessment_id} 的测评记录。")
    else:
        assessment = session.scalars(
            sa.select(Assessment)
            .where(
                Assessment.object_id == object_id,
                Assessment.status == AssessmentStatus.REPORTED,
                sa.exists().where(Finding.assessment_id == Assessment.id),
            )
            .order_by(Assessment.report_date.desc(), Assessment.id.desc())
            .limit(1)
        ).first()
    q = sa.select(Finding).where(Finding.object_id == object_id)
    if assessment is not None:
        q = q.where(Finding.assessment_id == assessment.id)
    findings = session.scalars(q.order_by(Finding.id)).all()
    ids = [f.id for f in findings]
    evidence: dict[int, list[str]] = {}
    if ids:
        for entity_id, filename in session.execute(
            sa.select(Attachment.entity_id, Attachment.filename)
            .where(Attachment.entity_type == "findings", Attachment.entity_id.in_(ids))
            .order_by(Attachment.id)
        ):
            evidence.setdefault(entity_id, []).append(filename)
    cats, names = category_names()
    institution = (
        session.get(Institution, assessment.institution_id)
        if assessment and assessment.institution_id
        else None
    )
    filing = session.scalars(
        sa.select(Filing)
        .where(Filing.object_id == object_id, Filing.certificate_no.is_not(None))
        .order_by(Filing.id.desc())
        .limit(1)
    ).first()
    return RectificationReportData(
        unit=unit_info(obj.organization),
        obj=object_info(obj),
        assessment=_with_counts(_assessment_info(assessment, institution), findings) if assessment else None,
        findings=[finding_info(f, names, evidence.get(f.id)) for f in findings],
        categories=cats,
        certificate_no=_s(filing.certificate_no) if filing else "",
        today=today or date.today(),
    )


# ---------------------------------------------------------------------------------------------
# Workbooks


WEBSITE_CONTACT_ROLE = "网站联系人"


def unit_scope(session: Session, org_id: int | None) -> tuple[list[int] | None, str]:
    """Organisation ids under ``org_id`` (itself and every subordinate unit) and the name for the
    公章 line; ``org_id`` None means the whole ledger (named after its only top unit, if there is one)."""
    if org_id is None:
        roots = session.scalars(
            sa.select(Organization.name).where(Organization.parent_id.is_(None)).limit(2)
        ).all()
        return None, roots[0] if len(roots) == 1 else ""
    org = session.get(Organization, org_id)
    if org is None:
        raise DocumentDataError(f"找不到单位（ID {org_id}）。")
    ids = [org.id]
    frontier = [org.id]
    while frontier:
        children = session.scalars(
            sa.select(Organization.id).where(Organization.parent_id.in_(frontier))
        ).all()
        frontier = [c for c in children if c not in ids]
        ids += frontier
    return ids, org.name


#: 单位类型 企业: the 附件2/附件3 tables are for 党政机关 and 事业单位 only (冀机编办〔2015〕204号)
ENTERPRISE = "4"


def website_rows(session: Session, org_ids: list[int] | None) -> list[WebsiteRow]:
    """One row per website (定级对象 of type 网站) of the units, ordered by unit then site; websites of
    enterprises (a state-owned company under the department) are not listed in these tables."""
    q = (
        sa.select(ProtectedObject)
        .join(Organization, Organization.id == ProtectedObject.organization_id)
        .where(
            ProtectedObject.object_type == ObjectType.WEBSITE,
            ProtectedObject.status != ObjectStatus.RETIRED,
            sa.or_(Organization.unit_type.is_(None), Organization.unit_type != ENTERPRISE),
        )
        .options(
            selectinload(ProtectedObject.domains),
            selectinload(ProtectedObject.organization).selectinload(Organization.contacts),
            selectinload(ProtectedObject.organization).selectinload(Organization.parent),
        )
        .order_by(Organization.parent_id.is_not(None), Organization.id, ProtectedObject.id)
    )
    if org_ids is not None:
        q = q.where(ProtectedObject.organization_id.in_(org_ids))
    rows: list[WebsiteRow] = []
    for obj in session.scalars(q):
        org = obj.organization
        contact = (
            next((c for c in org.contacts if c.role == WEBSITE_CONTACT_ROLE), None) or org.security_contact
        )
        rows.append(
            WebsiteRow(
                supervisor=org.parent.name if org.parent else org.name,
                unit=org.name,
                site_name=obj.site_name or obj.name,
                english=[d.name for d in obj.domains if d.kind == "en"],
                chinese=[d.name for d in obj.domains if d.kind != "en"],
                badge=obj.badge_displayed,
                contact=contact.name if contact else "",
                phone=(contact.office_phone or contact.mobile or "") if contact else "",
            )
        )
    return rows




def _join_actions(actions: list[RectificationAction]) -> tuple[str, str]:
    steps, proofs = [], []
    for i, a in enumerate(actions, 1):
        parts = [a.action]
        if a.responsible:
            parts.append(f"责任人：{a.responsible}")
        if a.planned_on:
            parts.append(f"计划：{a.planned_on.isoformat()}")
        if a.done_on:
            parts.append(f"完成：{a.done_on.isoformat()}")
        if a.verifier:
            parts.append(f"验证：{a.verifier}{' ' + a.verified_on.isoformat() if a.verified_on else ''}")
        steps.append(f"{i}. " + "；".join(parts))
        if a.evidence:
            proofs.append(f"{i}. {a.evidence}")
    return "\n".join(steps), "\n".join(proofs)
