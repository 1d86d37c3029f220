"""The demonstration ledger's operations: emergency plans, drills, incidents, notices with their tasks,
and the 表六 data categories of the first unit."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from db.demo.data import DemoContext
from db.domain.enums import (
    DrillStatus,
    FindingSource,
    FindingStatus,
    IncidentStatus,
    Risk,
    TaskStatus,
)
from db.models import (
    DataCategory,
    Drill,
    EmergencyPlan,
    Finding,
    Incident,
    IncidentReport,
    Notice,
    NoticeTask,
    Organization,
    ProtectedObject,
)


def emergency(ctx: DemoContext, orgs: list[Organization], objects: list[ProtectedObject]) -> None:
    today = ctx.today
    for i, org in enumerate(orgs[:6]):
        plan = EmergencyPlan(
            organization_id=org.id,
            name=f"{org.name}网络安全事件应急预案",
            version=f"V{2 + i % 2}.0",
            scope="网站篡改、挂马、数据泄露、拒绝服务等网络安全事件",
            approved_on=today - timedelta(days=500 + i * 40),
            last_reviewed_on=today - timedelta(days=300 + i * 45),
            review_cycle_months=12,
        )
        ctx.session.add(plan)
        ctx.session.flush()
        held = today - timedelta(days=250 + i * 60)
        ctx.session.add(
            Drill(
                organization_id=org.id,
                object_id=objects[i].id if i < len(objects) else None,
                plan_id=plan.id,
                name=f"{org.name}网页篡改应急演练",
                kind="实战" if i % 2 else "桌面推演",
                scenario="网页篡改",
                planned_on=held - timedelta(days=10),
                held_on=held,
                location="信息中心会议室",
                organizer="信息中心",
                participants=12 + i,
                record="模拟首页被篡改，按预案完成发现、报告、处置、恢复。",
                problems="值班电话未及时接通；备份恢复耗时超过预期。",
                conclusion="演练达到预期目标。",
                improvements="完善值班制度，缩短恢复时间。",
                plan_revised=i % 2 == 0,
                status=DrillStatus.DONE,
            )
        )
    ctx.session.add(
        Drill(
            organization_id=orgs[0].id,
            name="年度数据泄露应急演练",
            kind="桌面推演",
            scenario="数据泄露",
            planned_on=today + timedelta(days=18),
            status=DrillStatus.PLANNED,
        )
    )
    defaced = Incident(
        organization_id=orgs[4].id,
        object_id=objects[4].id,
        title="门户网站首页被篡改",
        category="网页篡改",
        grade="一般",
        occurred_at=datetime.combine(today - timedelta(days=90), time(2, 10)),
        discovered_at=datetime.combine(today - timedelta(days=90), time(7, 40)),
        description="监测发现首页被植入非法链接。",
        handling="断网、恢复页面、修补漏洞、取证。",
        closed_at=datetime.combine(today - timedelta(days=88), time(18, 0)),
        status=IncidentStatus.CLOSED,
    )
    defaced.reports.append(
        IncidentReport(
            reported_to="市公安局网安支队",
            reported_by="马超",
            method="电话",
            reported_at=datetime.combine(today - timedelta(days=90), time(9, 5)),
        )
    )
    ctx.session.add(defaced)
    open_incident = Incident(
        organization_id=orgs[8].id,
        object_id=objects[8].id if len(objects) > 8 else None,
        title="门户网站遭受DDoS攻击",
        category="拒绝服务",
        grade="较大",
        discovered_at=datetime.combine(today, time(6, 30)),
        description="流量异常，网站间歇性无法访问。",
        status=IncidentStatus.OPEN,
    )
    ctx.session.add(open_incident)
    ctx.session.flush()
    ctx.session.add(
        Finding(
            object_id=objects[4].id,
            source=FindingSource.INCIDENT,
            incident_id=defaced.id,
            category="ABS",
            control_point="入侵防范",
            title="网站未部署防篡改措施导致被篡改",
            risk=Risk.HIGH,
            major_hazard=True,
            owner="马超",
            found_on=today - timedelta(days=88),
            deadline=today - timedelta(days=58),
            status=FindingStatus.IN_PROGRESS,
        )
    )


def notices(ctx: DemoContext, org: Organization) -> None:
    today = ctx.today
    n2015 = Notice(
        doc_number="冀机编办〔2015〕204号",
        issuer="河北省机构编制委员会办公室",
        received_on=date(2015, 10, 20),
        title="关于转发《党政机关、事业单位和国有企业互联网网站安全专项整治行动方案》的通知",
        summary="摸清底数；开展网站审核、统一网站标识；加强组织领导。",
    )
    n2015.tasks.extend(
        [
            NoticeTask(
                organization_id=org.id,
                text="填写《党政机关、事业单位网站摸底自查表》并报送省编办",
                due_on=date(2015, 11, 15),
                done_on=date(2015, 11, 12),
                status=TaskStatus.DONE,
                assignee="李克强",
            ),
            NoticeTask(
                organization_id=org.id,
                text="通过党政机关审核管理平台完成网站审核材料申报和网站标识申领、悬挂",
                due_on=date(2015, 12, 15),
                done_on=date(2015, 12, 10),
                status=TaskStatus.DONE,
                assignee="李克强",
            ),
            NoticeTask(
                organization_id=org.id,
                text="报送《党政机关、事业单位网站开办情况汇总表》",
                due_on=date(2015, 12, 25),
                done_on=date(2015, 12, 22),
                status=TaskStatus.DONE,
                assignee="李克强",
            ),
        ]
    )
    n2025 = Notice(
        doc_number="公网安〔2025〕1001号",
        issuer="公安部网络安全保卫局",
        received_on=date(2025, 3, 20),
        title="关于开展网络安全等级保护备案动态更新和数据摸底等工作的通知",
        summary="系统备案动态更新、数据资源摸底、风险隐患排查、问题隐患整改。",
    )
    n2025.tasks.extend(
        [
            NoticeTask(
                organization_id=org.id,
                text="按2025版模板完成第二级以上系统备案动态更新",
                due_on=date(2025, 11, 30),
                done_on=date(2025, 11, 20),
                status=TaskStatus.DONE,
                assignee="高明",
            ),
            NoticeTask(
                organization_id=org.id,
                text="填报数据摸底调查表（表六）",
                due_on=date(2025, 11, 30),
                status=TaskStatus.OPEN,
                assignee="高明",
            ),
        ]
    )
    recent = Notice(
        doc_number=f"冀网安〔{today.year}〕57号",
        issuer="河北省公安厅网络安全保卫总队",
        received_on=today - timedelta(days=10),
        title="关于报送年度网络安全等级保护工作情况的通知",
        summary="报送等保工作汇总表和整改台账。",
    )
    recent.tasks.append(
        NoticeTask(
            organization_id=org.id,
            text="报送等保工作汇总表和整改台账",
            due_on=today + timedelta(days=12),
            status=TaskStatus.OPEN,
            assignee="高明",
        )
    )
    ctx.session.add_all([n2015, n2025, recent])


def data_categories(ctx: DemoContext, org: Organization, obj: ProtectedObject) -> None:
    ctx.session.add_all(
        [
            DataCategory(
                organization_id=org.id,
                object_id=obj.id,
                name="网站注册用户信息",
                data_level="1",
                category="个人基本信息",
                responsible_dept="信息中心",
                responsible_person="李克强",
                personal_info=["3"],
                total_records_10k=12.5,
                monthly_growth_gb=0.2,
                sources=["3"],
                source_units=["本单位"],
                outflow_units=[],
                interactions={"none": True},
                storage={"cloud": [["4", "河北省政务云平台"]], "region": [["1", "河北省石家庄市"]]},
            ),
            DataCategory(
                organization_id=org.id,
                object_id=None,
                name="机构编制实名制数据",
                data_level="2",
                category="机构编制管理数据",
                responsible_dept="信息中心",
                responsible_person="李克强",
                personal_info=["1", "3"],
                total_gb=35.0,
                total_records_10k=86.0,
                monthly_growth_gb=0.8,
                sources=["2", "5"],
                source_units=["各设区市编委办"],
                outflow_units=["河北省数据和政务服务局"],
                interactions={"provide": "河北省数据和政务服务局"},
                storage={"room": [["1", "本单位机房"]], "region": [["1", "河北省石家庄市"]]},
            ),
        ]
    )
