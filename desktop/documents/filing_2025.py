"""表一–表六 of the 2025 《网络安全等级保护备案表》 (rows as in filing-form-2025.md §3–§8)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from db.domain import form_codes as fc
from db.domain import rules
from db.domain.enums import LEVEL_LABELS
from desktop.documents.filing_2025_scenarios import choose, form_object_type, form_technologies, table_four
from desktop.documents.filing_common import (
    SLASH,
    address_lines,
    attachment_label,
    blank,
    digit_boxes,
    form_date,
    grading_documents,
)
from desktop.documents.model import DataCategoryInfo, FilingPacketData, GradingInfo, ObjectInfo, Person
from desktop.documents.pdf_base import (
    Span,
    Styles,
    choice_flow,
    esc,
    grid_table,
    para,
    plain_table,
    spaced,
    ticks,
    yes_no,
)
from desktop.documents.preflight import FORM_MATRIX, needs_table_six
from desktop.documents.ticks import Choices, Opt


def _count(n: int | None) -> str:
    return f"{n or 0}个"


def _person_rows(label: str, p: Person, start: int) -> tuple[list[list[object]], list[Span]]:
    rows: list[list[object]] = [
        [label, "姓名", p.name, "职务/职称", p.title],
        ["", "办公电话", p.office_phone, "电子邮件", p.email],
        ["", "移动电话", p.mobile, "", ""],
    ]
    spans: list[Span] = [
        ((0, start), (0, start + 2)),
        ((3, start + 1), (3, start + 2)),
        ((4, start + 1), (4, start + 2)),
    ]
    return rows, spans


def lines(st: Styles, *items: Flowable | str) -> list[Flowable]:
    """Stack flowables and plain text lines inside one cell."""
    return [para(i, st.cell) if isinstance(i, str) else i for i in items]


# ---------------------------------------------------------------------------------------------
# 表一


def table_one(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    u = data.unit
    w = [34 * mm, 20 * mm, 0.0, 20 * mm, 0.0]
    rest = width - sum(w)
    w[2], w[4] = rest * 0.45, rest * 0.55
    address = lines(st, *address_lines(u))
    rows: list[list[object]] = [
        ["单位名称", u.name, "", "", ""],
        ["统一社会信用代码", u.uscc, "", "", ""],
        ["单位地址", address, "", "", ""],
        ["邮政编码", u.postcode, "", "行政区划代码", u.region_code],
        ["单位负责人", "姓名", u.leader.name, "职务/职称", u.leader.title],
        ["", "办公电话", u.leader.office_phone, "电子邮件", u.leader.email],
        ["网络安全责任部门", u.security_dept, "", "", ""],
    ]
    spans: list[Span] = [((1, r), (4, r)) for r in (0, 1, 2, 6)] + [((1, 3), (2, 3)), ((0, 4), (0, 5))]
    sec_rows, sec_spans = _person_rows("网络安全责任部门联系人", u.security_contact, 7)
    rows += sec_rows
    spans += sec_spans
    rows.append(["数据安全管理部门", u.data_security_dept, "", "", ""])
    spans.append(((1, 10), (4, 10)))
    data_rows, data_spans = _person_rows("数据安全管理部门联系人", u.data_contact, 11)
    rows += data_rows
    spans += data_spans
    rows.append(["隶属关系", choose(st, fc.AFFILIATION, u.affiliation, u.affiliation_other), "", "", ""])
    rows.append(["单位类型", choose(st, fc.UNIT_TYPE, u.unit_type, u.unit_type_other), "", "", ""])
    rows.append(
        [
            "行业类别",
            choose(st, fc.INDUSTRY_2025, u.industry, u.industry_other, small=True, columns=4),
            "",
            "",
            "",
        ]
    )
    spans += [((1, r), (4, r)) for r in (14, 15, 16)]
    this, total = data.counts_this, data.counts_total
    this_sum = sum(this.get(lv, 0) for lv in range(2, 6))
    total_sum = sum(total.get(lv, 0) for lv in range(1, 6))
    rows += [
        [
            "本次备案的定级对象数量",
            spaced(
                f"总数：{_count(this_sum)}",
                f"第二级：{_count(this.get(2))}",
                f"第三级：{_count(this.get(3))}",
            ),
            "",
            "",
            "",
        ],
        ["", spaced(f"第四级：{_count(this.get(4))}", f"第五级：{_count(this.get(5))}"), "", "", ""],
        [
            "定级对象总数（含本次备案）",
            spaced(
                f"总数：{_count(total_sum)}",
                f"第一级：{_count(total.get(1))}",
                f"第二级：{_count(total.get(2))}",
            ),
            "",
            "",
            "",
        ],
        ["", spaced(f"第三级：{_count(total.get(3))}", f"第四级：{_count(total.get(4))}"), "", "", ""],
        ["", f"第五级：{_count(total.get(5))}", "", "", ""],
    ]
    spans += [((1, r), (4, r)) for r in range(17, 22)] + [((0, 17), (0, 18)), ((0, 19), (0, 21))]
    table = grid_table(
        rows, w, st, spans=spans, label_cols=(0,), extra=[("ALIGN", (1, 4), (1, 13), "CENTER")], compact=True
    )
    return [Paragraph("表一　单位基本情况", st.table_title), table]


# ---------------------------------------------------------------------------------------------
# 表二


def _name_and_code(o: ObjectInfo, st: Styles, width: float) -> Table:
    boxes_w = 5 * 6 * mm
    label_w = 14 * mm
    return plain_table(
        [[para(o.name, st.cell), Paragraph("编号", st.cell_center), digit_boxes(o.code, 5, st, 6 * mm)]],
        [width - 8 - label_w - boxes_w, label_w, boxes_w],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        hAlign="LEFT",
    )


def table_two(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    o = data.obj
    w0, w1 = 34 * mm, 26 * mm
    w2 = width - w0 - w1
    ftype = form_object_type(o)
    type_cell: list[Flowable] = [ticks(st, fc.OBJECT_TYPE_2025, ftype)]
    # 采用技术 for every type: a network or data resource on a cloud still answers 云计算 = 是 in 表四
    if ftype == "info_system" or form_technologies(o):
        type_cell.append(
            choose(
                st,
                fc.TECHNOLOGIES,
                form_technologies(o),
                o.technologies_other,
                with_codes=False,
                prefix="采用技术：",
            )
        )
    if o.service_scope in ("11", "21"):
        scope_extra = {o.service_scope: f" 跨{o.service_scope_count or '__'}个"}
    else:
        scope_extra = {"11": " 跨__个", "21": " 跨__个"}
    internet = o.network_nature == "2"
    nature = lines(
        st,
        choose(st, fc.NETWORK_NATURE, o.network_nature, o.network_nature_other),
        f"源站IP地址范围：{'、'.join(o.ip_ranges) if internet else ''}",
        f"域名：{'、'.join(o.domains) if internet else ''}",
        f"主要协议/端口：{'、'.join(o.ports) if internet else ''}",
    )
    sub = o.is_subsystem
    rows: list[list[object]] = [
        ["定级对象名称", _name_and_code(o, st, w1 + w2), ""],
        ["定级对象类型", type_cell, ""],
        [
            "承载业务情况",
            "业务类型",
            choose(st, fc.BUSINESS_TYPE_2025, o.business_type, o.business_type_other),
        ],
        ["", "业务描述", o.business_desc],
        [
            "网络服务情况",
            "服务范围",
            choose(st, fc.SERVICE_SCOPE, o.service_scope, o.service_scope_other, extra=scope_extra),
        ],
        ["", "服务对象", choose(st, fc.SERVICE_OBJECTS, o.service_objects, o.service_objects_other)],
        [
            "网络平台",
            "部署范围",
            choose(st, fc.DEPLOYMENT_SCOPE, o.deployment_scope, o.deployment_scope_other),
        ],
        ["", "网络性质", nature],
        ["", "网络互联情况", choose(st, fc.INTERCONNECTION, o.interconnection, o.interconnection_other)],
        ["何时投入运行使用", form_date(o.go_live_date), ""],
        ["是否是分系统", yes_no(st, sub), ""],
        ["上级系统名称", blank(o.parent_system_name, SLASH) if sub else SLASH, ""],
        ["上级系统所属单位名称", blank(o.parent_system_org, SLASH) if sub else SLASH, ""],
    ]
    spans = [((1, r), (2, r)) for r in (0, 1, 9, 10, 11, 12)]
    spans += [((0, 2), (0, 3)), ((0, 4), (0, 5)), ((0, 6), (0, 8))]
    table = grid_table(
        rows, [w0, w1, w2], st, spans=spans, label_cols=(0,), extra=[("ALIGN", (1, 2), (1, 8), "CENTER")]
    )
    return [Paragraph(esc(f"表二（{o.name}）定级对象情况"), st.table_title), table]


# ---------------------------------------------------------------------------------------------
# 表三


def form_matrix(form: str, g: GradingInfo) -> rules.GradingMatrix | None:
    """The matrix the template prints (2025 form: the 2025 statements; 1.0 form: GB/T 22240-2020's),
    whatever rule set the grading was made under (the 体检 says when the two give different levels)."""
    rule_set = FORM_MATRIX.get(form)
    try:
        return rules.grading_matrix(rule_set) if rule_set else g.matrix
    except (ValueError, KeyError, LookupError):
        return g.matrix


def harm_table(g: GradingInfo, st: Styles, width: float, form: str = "2025") -> Table:
    """Levels 1–5 for 业务信息 and 系统服务: each row's harm statements on the form's own matrix, the
    recorded harm ticked, and the level of the row it sits in."""
    w0, w2 = 28 * mm, 26 * mm
    w1 = width - w0 - w2
    rows: list[list[object]] = [["", "损害客体及损害程度", "级别"]]
    spans: list[Span] = []
    matrix = form_matrix(form, g)
    by_level = matrix.statements_by_level() if matrix else {lv: [] for lv in range(1, 6)}
    blocks = (
        ("确定业务信息安全保护等级", g.business_object, g.business_degree, g.business_level),
        ("确定系统服务安全保护等级", g.service_object, g.service_degree, g.service_level),
    )
    for block, (label, obj_code, degree_code, level) in enumerate(blocks):
        start = 1 + block * 5
        for lv in range(1, 6):
            cells = by_level.get(lv, [])
            opts = [Opt(c.object == obj_code and c.degree == degree_code, c.statement) for c in cells]
            row_ticked = any(o.checked for o in opts) if matrix else level == lv
            statements = choice_flow(st, opts, one_per_line=True) if opts else ""
            rows.append(
                [label if lv == 1 else "", statements, choice_flow(st, [Opt(row_ticked, LEVEL_LABELS[lv])])]
            )
        spans.append(((0, start), (0, start + 4)))
    return grid_table(rows, [w0, w1, w2], st, header_rows=1, spans=spans, label_cols=(0,))


def _with_attachment(st: Styles, flag: bool | None, yes: str, no: str, name: str) -> Choices:
    return yes_no(st, flag, yes, no, suffix=f"附件名称：{name or '________'}")


def table_three(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    o, g = data.obj, data.grading
    title = Paragraph(esc(f"表三（{o.name}）定级情况"), st.table_title)
    if g is None:
        return [title, Paragraph("（该定级对象尚无定级记录。）", st.cell)]
    top = harm_table(g, st, width, data.form or "2025")
    names = grading_documents(data)
    supervisor = g.has_supervisor
    lower: list[tuple[str, object]] = [
        (
            "定级对象安全保护等级",
            ticks(st, [(str(lv), name) for lv, name in LEVEL_LABELS.items()], str(g.level)),
        ),
        ("定级时间", form_date(g.graded_on)),
        ("定级报告", _with_attachment(st, bool(names["report"]), "有", "无", names["report"])),
        ("专家评审情况", _with_attachment(st, bool(names["review"]), "已评审", "未评审", names["review"])),
        ("是否有上级行业主管部门", yes_no(st, supervisor, "有", "无")),
        ("上级行业主管部门名称", blank(g.supervisor_name, SLASH) if supervisor else SLASH),
        (
            "上级行业主管部门审核定级情况",
            # the options stay printed without a supervisor (nothing ticked), never a bare “/”
            _with_attachment(
                st, bool(g.supervisor_approved) if supervisor else None, "已审核", "未审核", names["approval"]
            ),
        ),
    ]
    lw = 52 * mm
    bottom_rows: list[list[object]] = [[label, value] for label, value in lower]
    filler = blank(data.filing.filled_by or g.filled_by, "________")
    bottom_rows.append(
        [spaced(f"填表人：{filler}", f"填表日期：{form_date(data.filing.filled_on)}", gap=16), ""]
    )
    last = len(bottom_rows) - 1
    bottom = grid_table(bottom_rows, [lw, width - lw], st, label_cols=(0,), spans=[((0, last), (1, last))])
    return [title, top, bottom]


# ---------------------------------------------------------------------------------------------
# 表四


def table_five(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    o = data.obj
    by_key = {fc.MATERIAL_KEY_ALIASES.get(m.key, m.key): m for m in data.filing.materials}
    by_title = {m.title: m for m in data.filing.materials}
    rows: list[list[object]] = [["序号", "材料名称", "有/无", "附件名称"]]
    used: set[int] = set()
    for i, (key, title) in enumerate(fc.MATERIALS_2025, 1):
        m = by_key.get(key) or by_title.get(title)
        if m is not None:
            used.add(id(m))
        # 有 only with the attachment that names it (the 体检 reports one marked present without a file)
        present = bool(m and m.present and m.attachment is not None)
        rows.append(
            [str(i), title, yes_no(st, present, "有", "无"), attachment_label(m.attachment) if present and m else ""]
        )
    n = len(fc.MATERIALS_2025)
    for m in data.filing.materials:
        if id(m) not in used:
            n += 1
            present = m.present and m.attachment is not None
            rows.append([str(n), m.title, yes_no(st, present, "有", "无"), attachment_label(m.attachment)])
    table = grid_table(
        rows, [12 * mm, width * 0.42, 24 * mm, width * 0.58 - 36 * mm], st, header_rows=1, label_cols=(0,)
    )
    return [Paragraph(esc(f"表五（{o.name}）定级对象提交材料情况"), st.table_title), table]


# ---------------------------------------------------------------------------------------------
# 表六


def _num(value: float | None) -> str:
    return "____" if value is None else f"{value:g}"


def _named(
    st: Styles, title: str, options: fc.Options, chosen: Sequence[Sequence[str]] | None
) -> list[Flowable]:
    """Storage options with names: ``[["4", "某政务云"], …]`` ticks 4 and writes its name."""
    names = {str(c[0]): (c[1] if len(c) > 1 else "") for c in (chosen or [])}
    opts = [Opt(code in names, f"{code}{label}：{names.get(code) or '____'}") for code, label in options]
    return [para(title, st.cell), choice_flow(st, opts)]


def table_six(
    dc: DataCategoryInfo, index: int, count: int, st: Styles, width: float, *, blank_form: bool = False
) -> list[Flowable]:
    inter = dc.interactions or {}
    interactions = choice_flow(
        st,
        [
            Opt(bool(inter.get("provide")), f"1对外提供给：{inter.get('provide') or '____'}"),
            Opt(bool(inter.get("entrust")), f"2委托：{inter.get('entrust') or '____'}"),
            Opt(bool(inter.get("joint")), f"3与{inter.get('joint') or '____'}共同处理"),
            Opt(bool(inter.get("none")), "4无交互"),
        ],
    )

    def units(values: list[str], word: str) -> list[Flowable]:
        vals = list(values or [])[:3]
        vals += [""] * (3 - len(vals))
        return lines(st, *[f"{word}{i}：{v or '____'}" for i, v in enumerate(vals, 1)])

    total = choice_flow(
        st,
        [
            Opt(
                dc.total_gb is not None or dc.total_tb is not None,
                f"{_num(dc.total_gb)}GB/{_num(dc.total_tb)}TB",
            ),
            Opt(dc.total_records_10k is not None, f"{_num(dc.total_records_10k)}万条"),
        ],
    )
    storage = dc.storage or {}
    rows: list[list[object]] = [
        ["数据名称", dc.name, "拟定数据级别", choose(st, fc.DATA_LEVEL, dc.data_level)],
        ["数据类别", dc.category, "", ""],
        ["数据安全责任部门", dc.responsible_dept, "数据安全负责人", dc.responsible_person],
        ["个人信息涉及情况", choose(st, fc.PERSONAL_INFO, dc.personal_info), "", ""],
        ["数据总量", total, "", ""],
        ["数据月增长量", f"{_num(dc.monthly_growth_gb)}GB", "", ""],
        ["数据来源", choose(st, fc.DATA_SOURCES, dc.sources, dc.sources_other), "", ""],
        ["单位间数据流转情况", units(dc.source_units, "数据来源单位"), "", ""],
        ["", units(dc.outflow_units, "数据流出单位"), "", ""],
        ["与其他数据处理者的交互情况", interactions, "", ""],
        ["数据存储位置（名称）", _named(st, "云平台", fc.STORAGE_CLOUD, storage.get("cloud")), "", ""],
        ["", _named(st, "机房", fc.STORAGE_ROOM, storage.get("room")), "", ""],
        ["", _named(st, "地域", fc.STORAGE_REGION, storage.get("region")), "", ""],
    ]
    spans = [((1, r), (3, r)) for r in range(1, len(rows)) if r != 2]
    spans += [((0, 7), (0, 8)), ((0, 10), (0, 12))]
    w0, w2 = 36 * mm, 30 * mm
    rest = width - w0 - w2
    table = grid_table(rows, [w0, rest * 0.45, w2, rest * 0.55], st, spans=spans, label_cols=(0, 2))
    suffix = f"（{index}/{count}）" if count > 1 else ""
    story: list[Flowable] = [Paragraph(esc(f"表六　数据摸底调查表{suffix}"), st.table_title), table]
    if blank_form:
        story.append(Paragraph(esc(BLANK_TABLE_SIX_NOTE), st.note))
    return story


#: under the blank 表六 of a unit that has recorded no data category
BLANK_TABLE_SIX_NOTE = "（本单位尚未在台账中登记数据类别，此为空白表，请按每类数据填写一张，可复印续填。）"


def tables(data: FilingPacketData, st: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = []
    for i, part in enumerate((table_one, table_two, table_three, table_four, table_five)):
        if i:
            story.append(PageBreak())
        story += part(data, st, width)
    cats = data.data_categories
    for i, dc in enumerate(cats, 1):
        story.append(PageBreak())
        story += table_six(dc, i, len(cats), st, width)
    if not cats and needs_table_six(data):
        # every 第二级+ operator files 表六: the official blank table for hand completion
        story.append(PageBreak())
        story += table_six(DataCategoryInfo(id=0, name=""), 1, 1, st, width, blank_form=True)
    return story
