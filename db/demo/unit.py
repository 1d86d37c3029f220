"""A realistic demonstration ledger.

The four 河北 units and their websites are taken as given from the 2015 notice's
attachment tables (冀机编办〔2015〕204号, 附件2/3); around them the generator adds units,
systems, gradings, filings, assessments, findings in every state, drills, incidents and
notices, with dates relative to ``today`` so that something is always overdue or due soon.
The output is deterministic for a given ``today``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from stdnum.cn import uscc as uscc_mod

from db.domain import deadlines, rules
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    DrillStatus,
    FilingStatus,
    FindingSource,
    FindingStatus,
    GradingStatus,
    HarmDegree,
    HarmedObject,
    IncidentStatus,
    ObjectStatus,
    ObjectType,
    OperatorType,
    Risk,
    TaskStatus,
)
from db.domain.validators import domain as parse_domain
from db.models import (
    Assessment,
    Attachment,
    Contact,
    DataCategory,
    Domain,
    Drill,
    EmergencyPlan,
    Filing,
    FilingMaterial,
    Finding,
    Grading,
    Incident,
    IncidentReport,
    Institution,
    Notice,
    NoticeTask,
    Organization,
    ProtectedObject,
    RectificationAction,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.store.storage import Ledger

SEED_PARENT = "河北省机构编制委员会办公室"
SEED_SITE = "河北机构编制网"
SEED_CONTACT = ("李克强", "0311-87802765")
#: (unit, English domain or None, Chinese domains) — 附件2/附件3 rows as given
SEED_ROWS: list[tuple[str, str | None, list[str]]] = [
    (
        SEED_PARENT,
        "www.hebjgbz.gov.cn",
        ["河北省机构编制委员会办公室.政务", "河北省编办.政务", "河北机构编制网.政务"],
    ),
    ("河北省事业单位登记管理局", None, ["河北省事业单位登记管理局.政务"]),
    ("河北省机构编制电子政务中心", None, ["河北省机构编制电子政务中心.政务"]),
    ("河北省机构编制研究中心", None, ["河北省机构编制研究中心.公益"]),
]

#: 表五 materials (2025 form)
MATERIALS_2025 = [
    ("topology", "网络拓扑结构及说明"),
    ("organization", "网络安全组织架构及管理制度清单"),
    ("design", "网络安全建设设计方案或整改设计方案"),
    ("products", "网络安全专用产品清单及相关证明"),
    ("services", "使用的安全服务清单"),
    ("guidance", "行业主管部门指导定级文件"),
]

GENERATED_UNITS = [
    # name, unit type, industry (2025 code), region code, city, short domain stem
    ("石家庄市数据和政务服务局", "2", "48", "130100", "石家庄市", "sjz"),
    ("保定市水利局", "2", "28", "130600", "保定市", "slj.bd"),
    ("唐山市卫生健康委员会", "2", "32", "130200", "唐山市", "wsjkw.tangshan"),
    ("河北省人力资源和社会保障厅", "2", "23", "130000", "石家庄市", "rst.hebei"),
    ("邯郸市教育局", "2", "14", "130400", "邯郸市", "jyj.hd"),
    ("河北省气象服务中心", "3", "42", "130000", "石家庄市", "qxfw.hebei"),
    ("廊坊市不动产登记中心", "3", "24", "131000", "廊坊市", "bdc.lf"),
    ("河北冀能热力集团有限公司", "4", "45", "130100", "石家庄市", "jnrl"),
]

SYSTEM_KINDS = [
    ("门户网站", ObjectType.WEBSITE, "4", "公众服务"),
    ("政务服务平台", ObjectType.INFO_SYSTEM, "4", "网上办事"),
    ("协同办公系统", ObjectType.INFO_SYSTEM, "3", "内部办公"),
    ("数据共享交换平台", ObjectType.DATA, "1", "数据汇聚"),
    ("视频会议系统", ObjectType.NETWORK, "2", "指挥调度"),
]

INSTITUTIONS = [
    ("河北冀安网络安全测评有限公司", "DJCP2025130001", "1301", "河北"),
    ("北方信安等级测评中心", "DJCP2025110012", "1112", "北京"),
    ("燕赵数安检测技术有限公司", "DJCP2025130007", "1307", "河北"),
]

FINDING_TEMPLATES = [
    (
        "CES",
        "身份鉴别",
        "管理员账户使用弱口令，未启用登录失败处理",
        Risk.HIGH,
        "启用复杂度策略与登录失败锁定",
    ),
    ("CES", "身份鉴别", "未采用两种或两种以上组合的鉴别技术", Risk.MEDIUM, "为运维账户启用双因素认证"),
    ("CES", "入侵防范", "Web中间件存在可被利用的高危漏洞", Risk.HIGH, "升级中间件至安全版本并复测"),
    ("CES", "数据备份恢复", "重要数据未进行异地备份", Risk.MEDIUM, "建立异地备份并定期恢复演练"),
    ("CES", "安全审计", "数据库审计记录保存不足六个月", Risk.MEDIUM, "部署日志审计并保存六个月以上"),
    ("ABS", "访问控制", "互联网边界访问控制策略过于宽松", Risk.MEDIUM, "收敛端口，按最小化原则配置策略"),
    ("ABS", "入侵防范", "未部署针对网页篡改的防护措施", Risk.HIGH, "部署网页防篡改系统"),
    ("CNS", "通信传输", "后台管理采用明文HTTP传输", Risk.HIGH, "启用HTTPS并禁用明文管理"),
    ("PES", "电力供应", "机房未配置短期备用电力", Risk.LOW, "配置UPS并定期巡检"),
    ("SMC", "集中管控", "未对网络链路和设备运行状况进行集中监测", Risk.LOW, "建设集中监控平台"),
    ("PSS", "管理制度", "安全管理制度未定期评审修订", Risk.LOW, "每年评审修订管理制度"),
    ("MMS", "应急预案管理", "未定期开展应急预案培训和演练", Risk.MEDIUM, "制定年度演练计划并实施"),
    ("MMS", "漏洞和风险管理", "未定期开展漏洞扫描", Risk.MEDIUM, "每季度开展漏洞扫描并跟踪整改"),
    ("HRS", "安全意识教育和培训", "未对岗位人员开展网络安全培训", Risk.LOW, "组织年度网络安全培训"),
]

def minimal_pdf() -> bytes:
    """A one-page PDF with a vector network-topology sketch (boxes and links, no fonts) and a correct
    cross-reference table: the demonstration ledger's attachment."""
    boxes = [(247, 700), (247, 560), (97, 420), (397, 420), (247, 280)]
    drawing = ["1.5 w 0.2 0.3 0.5 RG"]
    drawing += [f"{x} {y} 100 50 re S" for x, y in boxes]
    links = [(0, 1), (1, 2), (1, 3), (2, 4), (3, 4)]
    for a, b in links:
        (xa, ya), (xb, yb) = boxes[a], boxes[b]
        drawing.append(f"{xa + 50} {ya} m {xb + 50} {yb + 50} l S")
    stream = "\n".join(drawing).encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


MINIMAL_PDF = minimal_pdf()


@dataclass
class _Ctx:
    session: Session
    rnd: random.Random
    today: date
    institutions: list[Institution]


def make_uscc(rnd: random.Random, prefix: str, region: str) -> str:
    """A USCC with a correct check character (GB 32100-2015), for demonstration data."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + region + "".join(rnd.choice("0123456789") for _ in range(8)) + rnd.choice(alphabet[:10])
    return body + uscc_mod.calc_check_digit(body)


def build_demo(ledger: Ledger, *, scale: str = "unit", today: date | None = None) -> dict[str, int]:
    """Fill ``ledger`` with demonstration data; return counts of what was created."""
    if scale == "province":
        from db.demo.province import build_province

        return build_province(ledger, today=today or date.today())
    today = today or date.today()
    with ledger.session() as session:
        ctx = _Ctx(session, random.Random(2015), today, [])
        ctx.institutions = [
            Institution(
                name=n, certificate_no=c, code=code, region=r, contact_name="王工", phone="0311-66001234"
            )
            for n, c, code, r in INSTITUTIONS
        ]
        session.add_all(ctx.institutions)
        units = _seed_units(ctx)
        session.flush()  # the seed units keep the first ids, in the order of the notice's tables
        units += _generated_units(ctx)
        session.flush()
        objects: list[ProtectedObject] = []
        for index, (org, website) in enumerate(units):
            if website is not None:
                objects.append(website)
            if index >= len(SEED_ROWS):
                objects.extend(_systems_for(ctx, org, index))
        session.flush()
        for index, obj in enumerate(objects):
            _grade_file_test(ctx, obj, index)
        _emergency(ctx, [u for u, _ in units], objects)
        _notices(ctx, units[0][0])
        _data_categories(ctx, units[0][0], objects[0])
        session.flush()
        counts = _counts(session)
    return counts


def _counts(session: Session) -> dict[str, int]:
    import sqlalchemy as sa

    out = {}
    for label, model in [
        ("单位", Organization),
        ("定级对象", ProtectedObject),
        ("定级", Grading),
        ("备案", Filing),
        ("测评", Assessment),
        ("问题", Finding),
        ("整改措施", RectificationAction),
        ("演练", Drill),
        ("事件", Incident),
        ("通知", Notice),
    ]:
        out[label] = session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
    return out


def _contact(
    org: Organization, name: str, phone: str, role: str, title: str = "", mobile: str = ""
) -> Contact:
    contact = Contact(
        name=name, office_phone=phone, role=role, title=title or None, mobile=mobile or None, department=None
    )
    org.contacts.append(contact)
    return contact


def _website(
    org: Organization, site_name: str, english: str | None, chinese: list[str], **extra: object
) -> ProtectedObject:
    obj = ProtectedObject(
        organization=org,
        name=f"{site_name}（{org.name}）" if english is None else site_name,
        site_name=site_name,
        object_type=ObjectType.WEBSITE,
        business_type="4",
        business_desc=f"{org.name}门户网站，发布政务信息、提供办事指南和互动交流。",
        service_scope="20",
        service_objects="3",
        deployment_scope="3",
        network_nature="2",
        interconnection=["3"],
        badge_displayed=True,
        opening_review="资格复核通过",
        status=ObjectStatus.RUNNING,
        **extra,
    )
    names = ([english] if english else []) + chinese
    for position, text in enumerate(names):
        parsed = parse_domain(text)
        obj.domains.append(
            Domain(name=parsed.name, ascii_name=parsed.ascii_name, kind=parsed.kind, position=position)
        )
    return obj


def _seed_units(ctx: _Ctx) -> list[tuple[Organization, ProtectedObject | None]]:
    out: list[tuple[Organization, ProtectedObject | None]] = []
    parent: Organization | None = None
    for index, (name, english, chinese) in enumerate(SEED_ROWS):
        org = Organization(
            name=name,
            uscc=make_uscc(ctx.rnd, "11" if index == 0 else "12", "130000"),
            parent=parent,
            region_code="130100",
            province="河北省",
            prefecture="石家庄市",
            county="长安区",
            address="石家庄市维明南大街46号",
            postcode="050051",
            affiliation="2",
            unit_type="1" if index == 0 else "3",
            industry="48",
            leader_name="张建国",
            leader_title="副主任",
            leader_office_phone="0311-87802700",
            leader_email="zhangjg@hebjgbz.gov.cn",
            security_dept="信息中心",
            data_security_dept="信息中心",
            operator_type=OperatorType.OTHER,
        )
        contact = _contact(org, SEED_CONTACT[0], SEED_CONTACT[1], "网站联系人", "科长", "13903110001")
        org.security_contact = contact
        org.data_contact = contact
        ctx.session.add(org)
        ctx.session.flush()
        extra = {}
        if index == 0:
            extra = {
                "icp_number": "冀ICP备15003849号",
                "psb_number": "冀公网安备 13010202002230号",
                "site_code": "1300000017",
                "ip_ranges": ["202.206.100.10-202.206.100.20"],
                "ports": ["HTTPS/443", "HTTP/80"],
                "website_group": "河北省机构编制网站群",
                "go_live_date": date(2009, 6, 1),
            }
        website = _website(org, SEED_SITE, english, chinese, **extra)
        ctx.session.add(website)
        out.append((org, website))
        parent = parent or org
    return out


def _generated_units(ctx: _Ctx) -> list[tuple[Organization, ProtectedObject | None]]:
    out: list[tuple[Organization, ProtectedObject | None]] = []
    for index, (name, unit_type, industry, region, city, stem) in enumerate(GENERATED_UNITS):
        prefix = {"2": "11", "3": "12", "4": "91"}[unit_type]
        org = Organization(
            name=name,
            uscc=make_uscc(ctx.rnd, prefix, region),
            region_code=region,
            province="河北省",
            prefecture=city,
            address=f"{city}{['裕华路', '东风路', '建设大街', '和平路'][index % 4]}{10 + index * 7}号",
            postcode=f"0{50000 + index * 1000 + 11}"[:6],
            affiliation="2" if region.endswith("0000") else "3",
            unit_type=unit_type,
            industry=industry,
            leader_name=["刘洋", "陈静", "赵磊", "孙伟", "周敏", "吴刚", "郑丽", "王强"][index],
            leader_title="分管副职",
            leader_office_phone=f"0311-8{6000000 + index * 1111:07d}",
            security_dept="信息科" if unit_type != "4" else "数字化管理部",
            data_security_dept="信息科" if unit_type != "4" else "数据管理部",
            operator_type=OperatorType.CII if unit_type == "4" else OperatorType.OTHER,
        )
        contact = _contact(
            org,
            ["高明", "李娜", "马超", "黄丽", "何平", "宋佳", "韩冰", "冯涛"][index],
            f"0311-8{7000000 + index:07d}",
            "网络安全联系人",
            "工程师",
            f"139{31100000 + index * 17:08d}",
        )
        org.security_contact = contact
        org.data_contact = contact
        ctx.session.add(org)
        domain = f"www.{stem}.gov.cn" if unit_type != "4" else f"www.{stem}.com.cn"
        chinese = [f"{name}.政务"] if unit_type == "2" else ([f"{name}.公益"] if unit_type == "3" else [])
        website = _website(
            org,
            f"{name}门户网站",
            domain,
            chinese,
            icp_number=f"冀ICP备{15000000 + index * 3719}号",
            psb_number=f"冀公网安备 {region[:6]}02{100000 + index * 271:06d}号",
            site_code=f"{region[:6]}{index + 1:04d}" if unit_type == "2" else None,
            ip_ranges=[f"10.{index}.1.10"],
            ports=["HTTPS/443"],
            go_live_date=date(2012 + index % 8, 1 + index % 12, 1),
        )
        website.name = f"{name}门户网站"
        ctx.session.add(website)
        out.append((org, website))
    return out


def _systems_for(ctx: _Ctx, org: Organization, index: int) -> list[ProtectedObject]:
    systems = []
    count = 1 + index % 3
    for k in range(count):
        label, otype, business, desc = SYSTEM_KINDS[1 + (index + k) % (len(SYSTEM_KINDS) - 1)]
        obj = ProtectedObject(
            organization=org,
            name=f"{org.name}{label}",
            object_type=otype,
            technologies=["cloud"] if k == 0 and index % 2 == 0 else [],
            business_type=business,
            business_desc=f"{desc}业务，服务{['本单位干部职工', '全省群众和企业'][k % 2]}。",
            service_scope="20" if k % 2 else "30",
            service_objects="3" if k % 2 else "1",
            deployment_scope="3",
            network_nature="2" if k % 2 else "1",
            interconnection=["2", "3"],
            ip_ranges=[f"172.{16 + index}.{k}.0/24"],
            ports=["HTTPS/443"],
            go_live_date=date(2016 + (index + k) % 8, 3, 1),
            status=ObjectStatus.RUNNING if (index + k) % 9 else ObjectStatus.PLANNED,
            scenario_details={
                "cloud": {
                    "role": ["customer"],
                    "model": ["IaaS"],
                    "deployment": "私有云",
                    "provider": "河北政务云服务商",
                    "platform_level": 3,
                    "platform_name": "河北省政务云平台",
                    "platform_filing_no": "13010013001-00002",
                    "customer_ops_location": "石家庄",
                }
            }
            if k == 0 and index % 2 == 0
            else {},
        )
        ctx.session.add(obj)
        systems.append(obj)
    return systems


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


def _grade_file_test(ctx: _Ctx, obj: ProtectedObject, index: int) -> None:
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


def _filing(ctx: _Ctx, obj: ProtectedObject, grading: Grading, index: int) -> None:
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
    region = obj.organization.region_code or "130100"
    filing = Filing(
        object_id=obj.id,
        grading_id=grading.id,
        form_version="2025" if index % 6 else "1.0",
        police_organ=f"{obj.organization.prefecture or '石家庄市'}公安局网络安全保卫支队",
        form_number=f"{region}{90001 + index:05d}" if state != FilingStatus.PREPARING else None,
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
    topology = Attachment(
        entity_type="filings",
        entity_id=filing.id,
        filename=f"{obj.name}-网络拓扑图.pdf",
        mime_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256=__import__("hashlib").sha256(MINIMAL_PDF).hexdigest(),
        data=MINIMAL_PDF,
    )
    ctx.session.add(topology)
    ctx.session.flush()
    filing.materials[0].attachment_id = topology.id


def _assessments(ctx: _Ctx, obj: ProtectedObject, level: int, index: int) -> None:
    rnd, today = ctx.rnd, ctx.today
    institution = ctx.institutions[index % len(ctx.institutions)]
    years = [today.year - 2, today.year - 1] if level >= 3 else [today.year - 1]
    for n, year in enumerate(years):
        report_date = date(year, 3 + (index % 8), 10 + index % 15)
        if report_date > today:
            report_date = today - timedelta(days=30)
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


def _findings(ctx: _Ctx, obj: ProtectedObject, assessment: Assessment, *, latest: bool, index: int) -> None:
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


def _emergency(ctx: _Ctx, orgs: list[Organization], objects: list[ProtectedObject]) -> None:
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


def _notices(ctx: _Ctx, org: Organization) -> None:
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


def _data_categories(ctx: _Ctx, org: Organization, obj: ProtectedObject) -> None:
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
