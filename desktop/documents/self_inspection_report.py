"""The annual 自查报告 (PDF) and the self-inspection checklist workbook (xlsx).

Report: 一、自查范围; 二、自查依据与方法 (the law article in force on the report's date, GB/T 22239-2019,
公网安〔2025〕1846号, the 符合率 formula); 三、自查结果 (by GB/T 22239 category, 符合率 under both
部分符合 weights, the 1846号 conclusion or the 待确认 flags); 四、发现的问题及整改; 五、下次自查; signature.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from db.domain import catalogue, law
from db.domain import self_inspection as rules
from desktop.documents.pdf_base import (
    REPORT_MARGINS,
    Styles,
    build_pdf,
    cn_date,
    esc,
    frame_width,
    grid_table,
    signature_block,
    styles,
)
from desktop.documents.sheet_layout import SheetSpec, new_workbook, save, write_sheet

RISK_LABEL = {"high": "高", "medium": "中", "low": "低"}
STATUS_LABEL = {"open": "未整改", "in_progress": "整改中", "fixed": "已整改", "verified": "已验证",
                "risk_accepted": "风险接受"}
CHECKLIST_HEADERS = ["序号", "场景", "安全类", "控制点", "自查结论", "说明", "检查人", "检查日期", "证明材料（份）",
                     "沿用上年结论"]
CHECKLIST_WIDTHS = [6, 10, 14, 22, 10, 40, 10, 12, 10, 10]


def _scenario_names(view: Any) -> str:
    names = {s.code: s.name for s in catalogue.scenarios()}
    return "、".join(names.get(s, s) for s in view.scenarios)


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:g}%"


def _scope(view: Any, st: Styles, width: float) -> list[Flowable]:
    rows = [
        ["单位", view.organization],
        ["定级对象", view.object_name],
        ["安全保护等级", view.level_label],
        ["适用要求", f"GB/T 22239-2019 {_scenario_names(view)}"],
        ["自查年度", f"{view.year}年"],
        ["自查时间", f"{cn_date(view.started_on, '—')} 至 {cn_date(view.completed_on, '（未完成）')}"],
        ["自查负责人", view.inspector or "—"],
        ["检查项", f"{len(view.items)}个控制点"],
    ]
    lw = 40 * mm
    return [
        Paragraph("一、自查范围", st.h1),
        Paragraph(esc(f"本次自查对{view.organization}的{view.object_name}（{view.level_label}）开展，范围如下："), st.body),
        Spacer(1, 1 * mm),
        grid_table(rows, [lw, width - lw], st, label_cols=(0,)),
    ]


def _method(view: Any, st: Styles, today: date) -> list[Flowable]:
    carried = f"其中{view.carried_open}项沿用上一年度的结论、尚未逐项复核。" if view.carried_open else ""
    return [
        Paragraph("二、自查依据与方法", st.h1),
        Paragraph(esc(
            f"依据{law.mlps_basis(today)}；GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》；"
            "公网安〔2025〕1846号《关于对网络安全等级保护有关工作事项进一步说明的函》。"), st.body),
        Paragraph(esc(
            "自查按GB/T 22239-2019对应等级的控制点逐项对照检查，每项给出“符合”“部分符合”“不符合”或“不适用”的结论，"
            f"记录说明、检查人、检查日期和证明材料。{carried}"), st.body),
        Paragraph(esc(f"{view.formula}。"), st.body),
    ]


def _results(view: Any, st: Styles, width: float) -> list[Flowable]:
    rows: list[list[Any]] = [["安全类", "控制点数", "符合", "部分符合", "不符合", "不适用", "符合率"]]
    for cat in catalogue.categories():
        items = [i for i in view.items if i.category == cat.code]
        if not items:
            continue
        c = rules.count(i.verdict for i in items)
        rows.append([cat.name, str(len(items)), str(c.conform), str(c.partial), str(c.nonconform),
                     str(c.not_applicable), rate_text(rules.compliance_rate(c, view.partial_weight))])
    c = view.counts
    rows.append(["合计", str(len(view.items)), str(c.conform), str(c.partial), str(c.nonconform),
                 str(c.not_applicable), rate_text(view.rate)])
    w0 = 34 * mm
    table = grid_table(rows, [w0] + [(width - w0) / 6] * 6, st, header_rows=1, label_cols=(1, 2, 3, 4, 5, 6))
    both = "；".join(f"若部分符合按{w:g}计则为{rate_text(r)}" for w, r in view.rates if w != view.partial_weight)
    if view.conclusion.label:
        verdict = f"按1846号的结论规则，自查结论为“{view.conclusion.label}”。"
    else:
        verdict = "按1846号无法确定结论：" + "；".join(view.conclusion.flags) + "。请由测评机构或主管部门确认。"
    return [
        Paragraph("三、自查结果", st.h1),
        Paragraph("按GB/T 22239-2019安全类统计如下：", st.body),
        Spacer(1, 1 * mm),
        table,
        Spacer(1, 2 * mm),
        Paragraph(esc(
            f"本次自查符合率为{rate_text(view.rate)}（部分符合按{view.partial_weight:g}计；{both}），"
            f"重大风险隐患{view.major_hazards}项。{verdict}"), st.body),
    ]


def _findings(view: Any, st: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("四、发现的问题及整改", st.h1)]
    bad = [i for i in view.items if i.verdict in (rules.NONCONFORM, rules.PARTIAL)]
    if not bad:
        story.append(Paragraph("本次自查未发现不符合或部分符合的控制点。", st.body))
        return story
    by_id = {f[0]: f for f in view.findings}
    tally = Counter(i.verdict for i in bad)
    story.append(Paragraph(esc(
        f"自查发现不符合项{tally[rules.NONCONFORM]}个、部分符合项{tally[rules.PARTIAL]}个，"
        "均已登记为问题（来源：自查），按风险等级确定整改期限："), st.body))
    rows: list[list[Any]] = [["序号", "安全类 / 控制点", "结论", "说明", "风险", "整改期限", "整改状态"]]
    for n, i in enumerate(bad, start=1):
        f = by_id.get(i.finding_id or -1)
        rows.append([
            str(n), f"{i.category_name} / {i.control_point}", i.verdict_label, i.note or "",
            RISK_LABEL.get((f[2] if f else i.risk) or "", "—"),
            f[4].isoformat() if f and f[4] else "完成自查时确定",
            STATUS_LABEL.get(f[3], f[3]) if f else "未登记",
        ])
    widths = [10 * mm, 38 * mm, 18 * mm, 0.0, 12 * mm, 24 * mm, 18 * mm]
    widths[3] = width - sum(widths)
    story += [Spacer(1, 1 * mm), grid_table(rows, widths, st, header_rows=1, label_cols=(0, 2, 4), long=True,
                                            small=True, split_in_row=True)]
    return story


def render_report(view: Any, out: str | Path | BinaryIO, *, today: date) -> int:
    """Write the annual 自查报告; return the page count."""
    st = styles()
    width = frame_width(REPORT_MARGINS)
    story: list[Flowable] = [
        Paragraph(esc(f"{view.year}年度网络安全等级保护自查报告"), st.title),
        Paragraph(esc(f"{view.object_name}（{view.level_label}）"), st.subtitle),
    ]
    story += _scope(view, st, width)
    story += _method(view, st, today)
    story += _results(view, st, width)
    story += _findings(view, st, width)
    story.append(Paragraph("五、下次自查", st.h1))
    if view.next_due is not None:
        story.append(Paragraph(esc(f"下次自查应于{cn_date(view.next_due.due)}前完成（{view.next_due.basis}）。"), st.body))
    else:
        story.append(Paragraph("本次自查完成后，按等级规定的周期计算下次自查日期。", st.body))
    story.append(signature_block(st, [f"{view.organization}（盖章）", "自查负责人（签字）：__________"], today))
    return build_pdf(story, out, title=f"{view.object_name}{view.year}年度自查报告", margins=REPORT_MARGINS)


def checklist_rows(view: Any) -> list[list[Any]]:
    names = {s.code: s.name for s in catalogue.scenarios()}
    return [
        [i.position, names.get(i.scenario, i.scenario), i.category_name, i.control_point, i.verdict_label,
         i.note or "", i.person or "", i.checked_on, i.evidence, "是" if i.carried else ""]
        for i in view.items
    ]


def write_checklist(view: Any, out: str | Path | BinaryIO) -> int:
    """The checklist as one sheet (title, 公章 line, header, rows, 符合率 note); returns rows written."""
    note = (f"注：{view.formula}。符合率{rate_text(view.rate)}；"
            + "；".join(f"部分符合按{w:g}计为{rate_text(r)}" for w, r in view.rates)
            + (f"。结论：{view.conclusion.label}" if view.conclusion.label else "。结论待确认：" + "；".join(view.conclusion.flags)))
    spec = SheetSpec(
        name="自查表",
        title=f"{view.year}年度网络安全等级保护自查表（{view.object_name}，{view.level_label}）",
        headers=list(CHECKLIST_HEADERS),
        widths=list(CHECKLIST_WIDTHS),
        stamp_line=f"单位（公章）：{view.organization}",
        note=note,
        wrap_cols={3, 5},
    )
    wb = new_workbook()
    n = write_sheet(wb, spec, checklist_rows(view))
    save(wb, out)
    return n
