"""Province-scale demonstration ledger: 2,000 units, 20,000 objects, 40,000 assessments, 200,000 findings.

Rows are generated in memory and written with SQLAlchemy Core bulk inserts in one
transaction; every inserted row still gets its audit event in the hash chain, so the
ledger passes ``check`` like any other. Deterministic for a given ``today``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.demo.data import FINDING_TEMPLATES, INSTITUTIONS, make_uscc
from db.domain import rules
from db.domain.enums import (
    AssessmentKind,
    AssessmentStatus,
    FilingStatus,
    FindingSource,
    FindingStatus,
    GradingStatus,
    HarmDegree,
    HarmedObject,
    ObjectStatus,
    ObjectType,
    OperatorType,
    OrgStatus,
    Risk,
)
from db.domain.findings import is_done, is_open
from db.domain.form_codes import MATERIALS_2025
from db.domain.validators import ValidationError
from db.domain.validators import domain as parse_domain
from db.models import (
    Assessment,
    Domain,
    Filing,
    FilingMaterial,
    Finding,
    Grading,
    Institution,
    Organization,
    ProtectedObject,
    RectificationAction,
)
from db.models.base import table_of, utcnow
from db.repo import deadlines as deadline_cache
from db.store import audit, audit_head
from db.store.bulk_insert import RowsWriter

if TYPE_CHECKING:
    from db.store.storage import Ledger

UNITS = 2000
OBJECTS_PER_UNIT = 10
ASSESSMENTS_PER_OBJECT = 2
FINDINGS_PER_ASSESSMENT = 5
CHUNK = 5000

CITIES = [
    ("石家庄市", "130100", "sjz"), ("唐山市", "130200", "ts"), ("秦皇岛市", "130300", "qhd"),
    ("邯郸市", "130400", "hd"), ("邢台市", "130500", "xt"), ("保定市", "130600", "bd"),
    ("张家口市", "130700", "zjk"), ("承德市", "130800", "cd"), ("沧州市", "130900", "cz"),
    ("廊坊市", "131000", "lf"), ("衡水市", "131100", "hs"),
]
DEPARTMENTS = [
    ("发展和改革委员会", "fgw", "2"), ("教育局", "jyj", "2"), ("公安局", "gaj", "2"), ("民政局", "mzj", "2"),
    ("财政局", "czj", "2"), ("人力资源和社会保障局", "rsj", "2"), ("自然资源和规划局", "zrzyj", "2"),
    ("生态环境局", "sthjj", "2"), ("住房和城乡建设局", "zjj", "2"), ("交通运输局", "jtj", "2"),
    ("水利局", "slj", "2"), ("农业农村局", "nyj", "2"), ("商务局", "swj", "2"), ("文化广电和旅游局", "wglj", "2"),
    ("卫生健康委员会", "wjw", "2"), ("应急管理局", "yjj", "2"), ("市场监督管理局", "scjgj", "2"),
    ("医疗保障局", "ybj", "2"), ("数据和政务服务局", "sjj", "2"), ("档案馆", "daj", "3"),
    ("疾病预防控制中心", "cdc", "3"), ("公共资源交易中心", "ggzy", "3"), ("不动产登记中心", "bdc", "3"),
    ("热力集团有限公司", "rl", "4"), ("水务集团有限公司", "sw", "4"),
]
COUNTIES = ["", "长安区", "桥西区", "新华区", "裕华区", "开发区", "高新区", "经济开发区", "城区", "县"]
SYSTEMS = ["门户网站", "政务服务系统", "协同办公系统", "数据共享平台", "业务管理系统", "视频会议系统", "移动办事应用",
           "档案管理系统", "财务管理系统", "监测预警平台"]
OWNERS = ["高明", "李娜", "马超", "黄丽", "何平", "宋佳", "韩冰", "冯涛", "周敏", "吴刚"]

LEVEL_WEIGHTS = [(1, 10), (2, 50), (3, 35), (4, 5)]
LEVEL_PATTERN = {
    1: (HarmedObject.CITIZEN, HarmDegree.GENERAL),
    2: (HarmedObject.SOCIETY, HarmDegree.GENERAL),
    3: (HarmedObject.SOCIETY, HarmDegree.SERIOUS),
    4: (HarmedObject.SOCIETY, HarmDegree.VERY_SERIOUS),
}
FINDING_STATES = [
    (FindingStatus.OPEN, 25), (FindingStatus.IN_PROGRESS, 20), (FindingStatus.FIXED, 15),
    (FindingStatus.VERIFIED, 35), (FindingStatus.RISK_ACCEPTED, 5),
]


class _Writer:
    """Buffers rows per table and writes them with their audit events in chunks."""

    def __init__(self, conn: sa.Connection, actor: str) -> None:
        self.conn = conn
        self.actor = actor
        self.next_ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.now = utcnow()

    def next_id(self, table: sa.Table) -> int:
        if table.name not in self.next_ids:
            current = self.conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
            self.next_ids[table.name] = current + 1
        value = self.next_ids[table.name]
        self.next_ids[table.name] = value + 1
        return value

    def write(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        # columns a row leaves out get the model's plain default (a version of 1, a flag's False…), else NULL
        defaults: dict[str, Any] = {
            c.name: getattr(c.default, "arg", None) if c.default is not None and c.default.is_scalar else None
            for c in table.columns
        }
        if "created_at" in defaults:
            defaults["created_at"] = defaults["updated_at"] = self.now
        writer = RowsWriter(self.conn, table, defaults)
        encoder = audit.RowEncoder(defaults)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            writer.insert(chunk)
            changes = [
                audit.Change("insert", table.name, row["id"], None, None, encoder.encode(row)) for row in chunk
            ]
            audit.append_events(self.conn, changes, self.actor)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)


#: the models whose rows are written here with explicit ids
WRITTEN = (Institution, Organization, ProtectedObject, Domain, Grading, Filing, FilingMaterial, Assessment, Finding,
           RectificationAction)


def advance_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    """On PostgreSQL, move each table's id sequence past the largest id (rows written with explicit ids
    leave it at its start, and the next record created in the window would collide). SQLite needs nothing."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            sa.text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE((SELECT max(id) FROM "
                + conn.dialect.identifier_preparer.format_table(table)
                + "), 0) + 1, false)"
            ),
            {"t": table.name},
        )


def _weighted(rnd: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rnd.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def build_province(ledger: Ledger, *, today: date, units: int = UNITS) -> dict[str, int]:
    """Write the province ledger; ``units`` scales everything (10 objects, 20 assessments, 100 findings per unit)."""
    rnd = random.Random(20_000)
    with ledger.session() as session:
        conn = session.connection()
        writer = _Writer(conn, ledger.actor)
        institutions = _institutions(writer)
        unit_rows = list(_units(writer, rnd, units))
        writer.write(table_of(Organization), unit_rows)
        objects, domains = _objects(writer, rnd, unit_rows, today)
        writer.write(table_of(ProtectedObject), objects)
        writer.write(table_of(Domain), domains)
        gradings, filings, materials = _gradings_and_filings(writer, rnd, objects, today)
        writer.write(table_of(Grading), gradings)
        writer.write(table_of(Filing), filings)
        writer.write(table_of(FilingMaterial), materials)
        assessments = _assessments(writer, rnd, objects, institutions, today)
        writer.write(table_of(Assessment), assessments)
        del gradings, filings, materials
        levels = {obj["id"]: obj["current_level"] for obj in objects}
        for findings, actions in _findings(writer, rnd, assessments, levels, today):
            writer.write(table_of(Finding), findings)
            writer.write(table_of(RectificationAction), actions)
        deadline_cache.refresh(session, today)
        advance_sequences(conn, [table_of(model) for model in WRITTEN])
    # the events were appended on the raw connection, past the session hook that keeps the outside record
    audit_head.record(ledger)
    ledger.analyze()
    return {
        "单位": writer.counts.get("organizations", 0),
        "定级对象": writer.counts.get("protected_objects", 0),
        "定级": writer.counts.get("gradings", 0),
        "备案": writer.counts.get("filings", 0),
        "测评": writer.counts.get("assessments", 0),
        "问题": writer.counts.get("findings", 0),
        "整改措施": writer.counts.get("rectification_actions", 0),
    }


def _institutions(writer: _Writer) -> list[int]:
    table = table_of(Institution)
    rows: list[dict[str, Any]] = [
        {"id": writer.next_id(table), "name": f"{name}（省级）", "certificate_no": cert, "code": code, "region": region}
        for name, cert, code, region in INSTITUTIONS
    ]
    writer.write(table, rows)
    return [r["id"] for r in rows]


def _units(writer: _Writer, rnd: random.Random, count: int) -> Iterator[dict[str, Any]]:
    table = table_of(Organization)
    seen: set[str] = set()
    parents: dict[str, int] = {}
    for i in range(count):
        city, region, stem = CITIES[i % len(CITIES)]
        dept, _dstem, unit_type = DEPARTMENTS[(i // len(CITIES)) % len(DEPARTMENTS)]
        county = COUNTIES[(i // (len(CITIES) * len(DEPARTMENTS))) % len(COUNTIES)]
        name = f"{city}{county}{dept}"
        if name in seen:
            name = f"{name}（{i}）"
        seen.add(name)
        uid = writer.next_id(table)
        prefix = {"2": "11", "3": "12", "4": "91"}[unit_type]
        yield {
            "id": uid,
            "name": name,
            "uscc": make_uscc(rnd, prefix, region),
            "parent_id": parents.get(f"{city}{dept}") if county else None,
            "region_code": region,
            "province": "河北省",
            "prefecture": city,
            "county": county or None,
            "address": f"{city}{county}人民路{1 + i % 300}号",
            "postcode": f"0{50000 + (i % 90) * 100:05d}",
            "affiliation": "3" if not county else "4",
            "unit_type": unit_type,
            "industry": "48",
            "operator_type": (OperatorType.CII if unit_type == "4" else OperatorType.OTHER).value,
            "leader_name": OWNERS[i % len(OWNERS)],
            "security_dept": "信息中心",
            "status": OrgStatus.ACTIVE.value,
        }
        if not county:
            parents[f"{city}{dept}"] = uid


def _objects(
    writer: _Writer, rnd: random.Random, units: list[dict[str, Any]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    otable, dtable = table_of(ProtectedObject), table_of(Domain)
    objects, domains = [], []
    for u_index, unit in enumerate(units):
        for k in range(OBJECTS_PER_UNIT):
            oid = writer.next_id(otable)
            website = k == 0
            status = _weighted(rnd, [(ObjectStatus.RUNNING, 90), (ObjectStatus.PLANNED, 5),
                                     (ObjectStatus.SUSPENDED, 3), (ObjectStatus.RETIRED, 2)])
            objects.append({
                "id": oid,
                "organization_id": unit["id"],
                "name": f"{unit['name']}{SYSTEMS[k]}",
                "object_type": (ObjectType.WEBSITE if website else ObjectType.INFO_SYSTEM).value,
                "technologies": [],
                "interconnection": ["3"],
                "ip_ranges": [f"10.{u_index % 250}.{k}.0/24"],
                "ports": ["HTTPS/443"],
                "scenario_details": {},
                "business_type": "4" if website else "3",
                "network_nature": "2" if website else "1",
                "go_live_date": today - timedelta(days=300 + rnd.randrange(3000)),
                "is_subsystem": False,
                "site_name": f"{unit['name']}门户网站" if website else None,
                "badge_displayed": website and rnd.random() < 0.9,
                "status": status.value,
                "current_level": _weighted(rnd, LEVEL_WEIGHTS),
            })
            if website:
                stem = f"u{u_index:04d}"
                domains.append({"id": writer.next_id(dtable), "object_id": oid, "name": f"www.{stem}.hebei.gov.cn",
                                "ascii_name": f"www.{stem}.hebei.gov.cn", "kind": "en", "position": 0})
                if unit["unit_type"] in ("2", "3"):
                    try:
                        cn = parse_domain(f"{unit['name']}.{'政务' if unit['unit_type'] == '2' else '公益'}")
                    except ValidationError:
                        continue  # names too long for one DNS label get no Chinese domain
                    domains.append({"id": writer.next_id(dtable), "object_id": oid, "name": cn.name,
                                    "ascii_name": cn.ascii_name, "kind": cn.kind, "position": 1})
    return objects, domains


def _gradings_and_filings(
    writer: _Writer, rnd: random.Random, objects: list[dict[str, Any]], today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    gtable, ftable, mtable = table_of(Grading), table_of(Filing), table_of(FilingMaterial)
    gradings, filings, materials = [], [], []
    for obj in objects:
        level = obj["current_level"]
        graded_on = today - timedelta(days=200 + rnd.randrange(1500))
        rule_id = rules.in_force("grading", graded_on).id
        harmed, degree = LEVEL_PATTERN[level]
        gid = writer.next_id(gtable)
        gradings.append({
            "id": gid, "object_id": obj["id"], "rule_set": rule_id,
            "business_object": harmed.value, "business_degree": degree.value, "business_level": level,
            "service_object": HarmedObject.CITIZEN.value, "service_degree": HarmDegree.GENERAL.value,
            "service_level": 1, "level": level, "graded_on": graded_on,
            "has_supervisor": False, "status": GradingStatus.APPROVED.value,
        })
        if level < 2:
            continue
        state = _weighted(rnd, [(FilingStatus.ACCEPTED, 80), (FilingStatus.SUBMITTED, 8),
                                (FilingStatus.PREPARING, 8), (FilingStatus.RETURNED, 4)])
        fid = writer.next_id(ftable)
        accepted = graded_on + timedelta(days=30 + rnd.randrange(20)) if state == FilingStatus.ACCEPTED else None
        serial = f"{130100 + obj['organization_id'] % 1000:06d}{fid % 100000:05d}"
        filings.append({
            "id": fid, "object_id": obj["id"], "grading_id": gid, "form_version": "2025",
            "police_organ": "公安局网络安全保卫支队", "form_number": serial,
            "submitted_on": graded_on + timedelta(days=25) if state != FilingStatus.PREPARING else None,
            "accepted_on": accepted, "certificate_no": f"{serial}-{obj['id'] % 100000:05d}" if accepted else None,
            "status": state.value,
        })
        for position, (key, title) in enumerate(MATERIALS_2025):
            materials.append({"id": writer.next_id(mtable), "filing_id": fid, "item_key": key, "title": title,
                              "present": position < 2, "position": position})
    return gradings, filings, materials


def _assessments(
    writer: _Writer, rnd: random.Random, objects: list[dict[str, Any]], institutions: list[int], today: date
) -> list[dict[str, Any]]:
    table = table_of(Assessment)
    out = []
    for obj in objects:
        for n in range(ASSESSMENTS_PER_OBJECT):
            report_date = today - timedelta(days=30 + 365 * (ASSESSMENTS_PER_OBJECT - 1 - n) + rnd.randrange(200))
            scheme = rules.in_force("conclusion", report_date).id
            rate = round(55 + rnd.random() * 43, 1)
            out.append({
                "id": writer.next_id(table), "object_id": obj["id"], "institution_id": rnd.choice(institutions),
                "kind": AssessmentKind.LEVEL_TEST.value, "report_date": report_date,
                "report_no": f"RPT-{obj['id']:05d}-{report_date.year % 100:02d}", "scheme": scheme,
                "compliance_rate": rate, "score": rate,
                "conclusion": rules.conclusion_for(scheme, compliance_rate=rate) if scheme == "conclusion-2025"
                else rules.conclusion_for(scheme, score=rate),
                "major_risk_count": rnd.choice([0, 0, 0, 1, 2]), "status": AssessmentStatus.REPORTED.value,
            })
    return out


def _findings(
    writer: _Writer, rnd: random.Random, assessments: list[dict[str, Any]], levels: dict[int, int], today: date
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    ftable, atable = table_of(Finding), table_of(RectificationAction)
    findings: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    for assessment in assessments:
        level = levels[assessment["object_id"]]
        found_on = assessment["report_date"]
        for k in range(FINDINGS_PER_ASSESSMENT):
            cat, point, title, risk, advice = FINDING_TEMPLATES[rnd.randrange(len(FINDING_TEMPLATES))]
            status = _weighted(rnd, FINDING_STATES)
            days = {Risk.HIGH: 30, Risk.MEDIUM: 90, Risk.LOW: 180}[risk]
            deadline = found_on + timedelta(days=days)
            if is_open(status) and rnd.random() < 0.35:
                deadline = today - timedelta(days=1 + rnd.randrange(120))
            fid = writer.next_id(ftable)
            owner = OWNERS[rnd.randrange(len(OWNERS))]
            closed = is_done(status)
            findings.append({
                "id": fid, "object_id": assessment["object_id"], "source": FindingSource.ASSESSMENT.value,
                "assessment_id": assessment["id"], "category": cat, "control_point": point,
                "test_item_code": f"L{level}-{cat}1-{k + 1:02d}", "title": title,
                "description": f"{title}（编号{fid}）", "risk": risk.value, "major_hazard": risk == Risk.HIGH and k == 0,
                "recommendation": advice, "owner": owner, "owner_dept": "信息中心", "found_on": found_on,
                "deadline": deadline, "deadline_rule": "obligations-1846-2025", "status": status.value,
                "fixed_on": found_on + timedelta(days=20) if closed else None,
                "verified_on": found_on + timedelta(days=25) if status == FindingStatus.VERIFIED else None,
                "verifier": "王工" if status == FindingStatus.VERIFIED else None,
                "accepted_by": "分管领导" if status == FindingStatus.RISK_ACCEPTED else None,
                "accepted_reason": "系统计划下线，已采取临时措施" if status == FindingStatus.RISK_ACCEPTED else None,
            })
            if status != FindingStatus.OPEN:
                actions.append({
                    "id": writer.next_id(atable), "finding_id": fid, "action": advice, "responsible": owner,
                    "planned_on": deadline, "done_on": found_on + timedelta(days=20) if closed else None,
                    "evidence": "整改截图；复测记录" if closed else None,
                    "verifier": "王工" if status == FindingStatus.VERIFIED else None,
                })
        if len(findings) >= 50_000:
            yield findings, actions
            findings, actions = [], []
    if findings:
        yield findings, actions

