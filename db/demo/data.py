"""The demonstration ledger's fixed data: the 河北 seed units of the 2015 notice, the generated units,
system kinds, testing institutions, finding templates and the attachment PDF; and the context every
generator step works with.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from stdnum.cn import uscc as uscc_mod

from db.domain.enums import (
    ObjectType,
    Risk,
)
from db.models import (
    Institution,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
class DemoContext:
    """What every step of the generator works with: the session, the seeded random numbers, the day."""

    session: Session
    rnd: random.Random
    today: date
    institutions: list[Institution]
    #: the contradictions the pre-print check (体检) must find, each planted once on some object
    planted: set[str] = field(default_factory=set)


def make_uscc(rnd: random.Random, prefix: str, region: str) -> str:
    """A USCC with a correct check character (GB 32100-2015), for demonstration data."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = prefix + region + "".join(rnd.choice("0123456789") for _ in range(8)) + rnd.choice(alphabet[:10])
    return body + uscc_mod.calc_check_digit(body)
