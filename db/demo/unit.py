"""A realistic demonstration ledger.

The four 河北 units and their websites are taken as given from the 2015 notice's
attachment tables (冀机编办〔2015〕204号, 附件2/3); around them the generator adds units,
systems, gradings, filings, assessments, findings in every state, drills, incidents and
notices, with dates relative to ``today`` so that something is always overdue or due soon.
The output is deterministic for a given ``today``.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from db.demo.compliance import grade_file_test
from db.demo.data import (
    GENERATED_UNITS,
    INSTITUTIONS,
    SEED_CONTACT,
    SEED_ROWS,
    SEED_SITE,
    SYSTEM_KINDS,
    DemoContext,
    make_uscc,
)
from db.demo.operations import data_categories, emergency, notices
from db.domain.enums import (
    ObjectStatus,
    ObjectType,
    OperatorType,
)
from db.domain.validators import domain as parse_domain
from db.models import (
    Assessment,
    Contact,
    Domain,
    Drill,
    Filing,
    Finding,
    Grading,
    Incident,
    Institution,
    Notice,
    Organization,
    ProtectedObject,
    RectificationAction,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.store.storage import Ledger


def build_demo(ledger: Ledger, *, scale: str = "unit", today: date | None = None) -> dict[str, int]:
    """Fill ``ledger`` with demonstration data; return counts of what was created."""
    if scale == "province":
        from db.demo.province import build_province

        return build_province(ledger, today=today or date.today())
    today = today or date.today()
    with ledger.session() as session:
        ctx = DemoContext(session, random.Random(2015), today, [])
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
            grade_file_test(ctx, obj, index)
        emergency(ctx, [u for u, _ in units], objects)
        notices(ctx, units[0][0])
        data_categories(ctx, units[0][0], objects[0])
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


def _seed_units(ctx: DemoContext) -> list[tuple[Organization, ProtectedObject | None]]:
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
        contact.email = "wangzhan@hebjgbz.gov.cn"
        org.security_contact = contact
        org.data_contact = contact
        ctx.session.add(org)
        ctx.session.flush()
        extra: dict[str, object] = {}
        if index in (1, 2):
            # the last seed site (object 4) keeps its origin and start date blank: 体检 contradictions
            extra = {
                "ip_ranges": [f"202.206.100.{30 + index}"],
                "ports": ["HTTPS/443"],
                "go_live_date": date(2012, 3, 1),
            }
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


def _generated_units(ctx: DemoContext) -> list[tuple[Organization, ProtectedObject | None]]:
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
        # one unit has left its contact's e-mail blank (a 体检 warning on its packets)
        contact.email = None if index == 5 else f"security@{domain.removeprefix('www.')}"
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


def _systems_for(ctx: DemoContext, org: Organization, index: int) -> list[ProtectedObject]:
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


