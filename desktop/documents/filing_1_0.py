"""表一–表四 of the 1.0 (2007) 《信息系统安全等级保护备案表》 (mlps-domain.md §1.3–§1.6)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from db.domain import form_codes as fc
from db.domain.enums import LEVEL_LABELS
from desktop.documents.filing_2025 import harm_table, lines
from desktop.documents.filing_2025_scenarios import choose
from desktop.documents.filing_common import (
    SLASH,
    address_lines,
    attachment_label,
    blank,
    form_date,
    grading_documents,
)
from desktop.documents.model import FilingPacketData, MaterialInfo
from desktop.documents.pdf_base import Styles, esc, grid_table, spaced, ticks, yes_no

#: 2025 industry names whose 1.0 option has another wording
_INDUSTRY_ALIASES = {
    "广播电视": "广电",
    "发展和改革": "发展改革",
    "科学技术": "科技",
    "人力资源和社会保障": "人事劳动和社会保障",
    "自然资源": "国土资源",
    "交通运输": "交通",
    "市场监督管理": "工商行政管理",
    "文化和旅游": "文化",
    "卫生健康": "卫生",
    "农业农村": "农业",
    "商务": "商业贸易",
}

#: 2025 业务类型 code → 1.0 code (1.0 had 3 管理控制 between 指挥调度 and 内部办公)
_BUSINESS_TYPE_1_0 = {"1": "1", "2": "2", "3": "4", "4": "5", "9": "9"}


def industry_1_0(code: str, other: str) -> tuple[str, str]:
    """The 1.0 行业类别 code for a 2025 code (by name), else 99 with the 2025 name as text."""
    name = fc.label_of(fc.INDUSTRY_2025, code)
    if not name or code == "99":
        return ("99", other) if code == "99" else ("", "")
    wanted = _INDUSTRY_ALIASES.get(name, name)
    for c, label in fc.INDUSTRY_1_0:
        if label == wanted:
            return c, ""
    return "99", name


#: 1.0 表二 07: who provides each service
_PROVIDER_TYPES = [("1", "本行业(单位)"), ("2", "国内其他服务商"), ("3", "国外服务商")]


def _numbered(no: str, label: str) -> str:
    return f"{no} {label}"


def table_one(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    u = data.unit
    w = [32 * mm, 22 * mm, 0.0, 22 * mm, 0.0]
    rest = width - sum(w)
    w[2], w[4] = rest * 0.45, rest * 0.55
    ind_code, ind_other = industry_1_0(u.industry, u.industry_other)
    total = data.counts_total
    counts = [f"{LEVEL_LABELS[lv]}：{total.get(lv, 0)}个" for lv in range(1, 6)]
    sc = u.security_contact
    rows: list[list[object]] = [
        [_numbered("01", "单位名称"), u.name, "", "", ""],
        [
            _numbered("02", "单位地址"),
            "　".join(address_lines(u)),
            "",
            "",
            "",
        ],
        [_numbered("03", "邮政编码"), u.postcode, "", _numbered("04", "行政区划代码"), u.region_code],
        [_numbered("05", "单位负责人"), "姓名", u.leader.name, "职务/职称", u.leader.title],
        ["", "办公电话", u.leader.office_phone, "电子邮件", u.leader.email],
        [_numbered("06", "责任部门"), u.security_dept, "", "", ""],
        [_numbered("07", "责任部门联系人"), "姓名", sc.name, "职务/职称", sc.title],
        ["", "办公电话", sc.office_phone, "电子邮件", sc.email],
        ["", "移动电话", sc.mobile, "", ""],
        [
            _numbered("08", "隶属关系"),
            choose(st, fc.AFFILIATION, u.affiliation, u.affiliation_other),
            "",
            "",
            "",
        ],
        [_numbered("09", "单位类型"), choose(st, fc.UNIT_TYPE, u.unit_type, u.unit_type_other), "", "", ""],
        [
            _numbered("10", "行业类别"),
            choose(st, fc.INDUSTRY_1_0, ind_code, ind_other, small=True, columns=4),
            "",
            "",
            "",
        ],
        [
            _numbered("11", "信息系统总数"),
            spaced(f"总数：{sum(total.get(lv, 0) for lv in range(1, 6))}个", *counts, gap=3),
            "",
            "",
            "",
        ],
    ]
    spans = [((1, r), (4, r)) for r in (0, 1, 5, 9, 10, 11, 12)]
    spans += [((1, 2), (2, 2)), ((0, 3), (0, 4)), ((0, 6), (0, 8)), ((3, 7), (3, 8)), ((4, 7), (4, 8))]
    table = grid_table(rows, w, st, spans=spans, label_cols=(0,), extra=[("ALIGN", (1, 3), (1, 8), "CENTER")])
    return [Paragraph("表一　单位基本情况", st.table_title), table]


def _scope_counts(scope: str, count: int | None) -> dict[str, str]:
    """The “跨__个” of 11 跨省 and 21 跨地(市、区): the count where recorded, a blank to fill otherwise."""
    return {code: f" 跨{count if scope == code and count else '__'}个" for code in ("11", "21")}


def table_two(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    o = data.obj
    sub = o.is_subsystem
    domestic = [("all", "全部使用"), ("none", "全部未使用"), ("part", "部分使用及使用率____%")]
    products = lines(
        st,
        *[
            ticks(st, domestic, None, prefix=f"{name}：数量____", small=True)
            for name in ("安全专用产品", "网络产品", "操作系统", "数据库", "服务器", "其他")
        ],
    )
    services = lines(
        st,
        *[
            lines(
                st,
                ticks(st, [("y", "有"), ("n", "无")], None, prefix=f"{name}：", small=True),
                ticks(st, _PROVIDER_TYPES, None, prefix="服务责任方类型：", small=True),
            )
            for name in (
                "等级测评",
                "风险评估",
                "灾难恢复",
                "应急响应",
                "系统集成",
                "安全咨询",
                "安全培训",
                "其他",
            )
        ],
    )
    rows: list[list[object]] = [
        [_numbered("01", "系统名称"), o.name, "系统编号", o.code],
        [
            _numbered("02", "系统承载业务情况"),
            lines(
                st,
                choose(
                    st,
                    fc.BUSINESS_TYPE_1_0,
                    _BUSINESS_TYPE_1_0.get(o.business_type, ""),
                    o.business_type_other,
                    prefix="业务类型：",
                ),
                f"业务描述：{o.business_desc}",
            ),
            "",
            "",
        ],
        [
            _numbered("03", "系统服务情况"),
            lines(
                st,
                choose(
                    st,
                    fc.SERVICE_SCOPE,
                    o.service_scope,
                    o.service_scope_other,
                    prefix="服务范围：",
                    extra=_scope_counts(o.service_scope, o.service_scope_count),
                ),
                choose(
                    st, fc.SERVICE_OBJECTS, o.service_objects, o.service_objects_other, prefix="服务对象："
                ),
            ),
            "",
            "",
        ],
        [
            _numbered("04", "系统网络平台"),
            lines(
                st,
                choose(
                    st, fc.DEPLOYMENT_SCOPE, o.deployment_scope, o.deployment_scope_other, prefix="覆盖范围："
                ),
                choose(st, fc.NETWORK_NATURE, o.network_nature, o.network_nature_other, prefix="网络性质："),
            ),
            "",
            "",
        ],
        [
            _numbered("05", "系统互联情况"),
            choose(st, fc.INTERCONNECTION, o.interconnection, o.interconnection_other),
            "",
            "",
        ],
        [_numbered("06", "关键产品使用情况"), products, "", ""],
        [_numbered("07", "系统采用服务情况"), services, "", ""],
        [_numbered("08", "等级测评单位名称"), data.test_institution, "", ""],
        [_numbered("09", "何时投入运行使用"), form_date(o.go_live_date), "", ""],
        [
            _numbered("10", "系统是否是分系统"),
            lines(
                st,
                yes_no(st, sub),
                f"上级系统名称：{blank(o.parent_system_name, SLASH) if sub else SLASH}",
                f"上级系统所属单位名称：{blank(o.parent_system_org, SLASH) if sub else SLASH}",
            ),
            "",
            "",
        ],
    ]
    spans = [((1, r), (3, r)) for r in range(1, len(rows))]
    w0, w2, w3 = 36 * mm, 22 * mm, 26 * mm
    table = grid_table(rows, [w0, width - w0 - w2 - w3, w2, w3], st, spans=spans, label_cols=(0, 2))
    return [Paragraph("表二　信息系统情况", st.table_title), table]


def table_three(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    g = data.grading
    title = Paragraph("表三　信息系统定级情况", st.table_title)
    if g is None:
        return [title, Paragraph("（该信息系统尚无定级记录。）", st.cell)]
    supervisor = g.has_supervisor
    names = grading_documents(data)
    lw = 52 * mm
    rows: list[list[object]] = [
        [
            _numbered("03", "信息系统安全保护等级"),
            ticks(st, [(str(lv), name) for lv, name in LEVEL_LABELS.items()], str(g.level)),
        ],
        [_numbered("04", "定级时间"), form_date(g.graded_on)],
        [_numbered("05", "专家评审情况"), yes_no(st, bool(names["review"]), "已评审", "未评审")],
        [_numbered("06", "是否有主管部门"), yes_no(st, supervisor, "有", "无")],
        [_numbered("07", "主管部门名称"), blank(g.supervisor_name, SLASH) if supervisor else SLASH],
        [
            _numbered("08", "主管部门审批定级情况"),
            yes_no(st, bool(g.supervisor_approved) if supervisor else None, "已审批", "未审批"),
        ],
        [
            _numbered("09", "系统定级报告"),
            yes_no(
                st,
                bool(names["report"]),
                "有",
                "无",
                suffix=f"附件名称：{names['report'] or '________'}",
            ),
        ],
        [
            spaced(
                f"填表人：{blank(data.filing.filled_by or g.filled_by, '________')}",
                f"填表日期：{form_date(data.filing.filled_on)}",
                gap=16,
            ),
            "",
        ],
    ]
    bottom = grid_table(rows, [lw, width - lw], st, label_cols=(0,), spans=[((0, 7), (1, 7))])
    note = Paragraph("（01 确定业务信息安全保护等级、02 确定系统服务安全保护等级见上表）", st.note)
    return [title, harm_table(g, st, width, "1.0"), bottom, note]


def table_four(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    level = data.grading.level if data.grading else (data.obj.level or 0)
    title = Paragraph("表四　第三级以上信息系统提交材料情况", st.table_title)
    if level < 3:
        return [title, Paragraph(esc("（本系统为第三级以下，无需填写表四。）"), st.cell)]
    by_key = {fc.MATERIAL_KEY_ALIASES.get(m.key, m.key): m for m in data.filing.materials}
    g = data.grading
    derived: dict[str, MaterialInfo] = {}
    if g is not None:
        if g.review_attachment is not None:
            derived["expert_review"] = MaterialInfo("expert_review", "专家评审情况", True, g.review_attachment)
        if g.has_supervisor and g.approval_attachment is not None:
            derived["supervisor"] = MaterialInfo(
                "supervisor", "上级主管部门审批意见", True, g.approval_attachment
            )
    rows: list[list[object]] = [["序号", "材料名称", "有/无", "附件名称"]]
    for i, (key, title_text) in enumerate(fc.MATERIALS_1_0, 1):
        m = by_key.get(key) or derived.get(key)
        rows.append(
            [
                str(i),
                title_text,
                yes_no(st, bool(m and m.present and m.attachment is not None), "有", "无"),
                attachment_label(m.attachment) if m else "",
            ]
        )
    table = grid_table(
        rows, [12 * mm, width * 0.45, 24 * mm, width * 0.55 - 36 * mm], st, header_rows=1, label_cols=(0,)
    )
    return [title, table]


def needs_table_four(data: FilingPacketData) -> bool:
    """表四 of the 1.0 form is for 第三级 and above only: no page for a 第二级 system."""
    level = data.grading.level if data.grading else (data.obj.level or 0)
    return level >= 3


def tables(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    parts = [table_one, table_two, table_three] + ([table_four] if needs_table_four(data) else [])
    for i, part in enumerate(parts):
        if i:
            story.append(PageBreak())
        story += part(data, st, width)
    return story
