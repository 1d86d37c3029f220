"""整改报告: what the test found, what was done about each finding, what is still open.

Structure (mlps-domain.md §6): 背景, 问题汇总 (GB/T 22239 category × risk), 逐项整改情况 (each
finding with its actions, evidence and status), 未完成整改项及原因、计划, 复测情况, signature/seal.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from db.domain.enums import level_label
from desktop.documents.model import AssessmentInfo, FindingInfo, RectificationReportData
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

RISK_ORDER = [("high", "高"), ("medium", "中"), ("low", "低")]
RISK_LABEL = dict(RISK_ORDER)
STATUS_LABEL = {
    "open": "未整改",
    "in_progress": "整改中",
    "fixed": "已整改",
    "verified": "已验证",
    "risk_accepted": "风险接受",
}
DONE = {"fixed", "verified"}
KIND_LABEL = {
    "level_test": "等级测评",
    "self_check": "自查",
    "supervision": "监督检查",
    "pentest": "渗透测试",
    "monitoring": "监测",
}


def major_hazard_text(count: int | None, fixed: int | None) -> str:
    """重大风险隐患数量 as the 2025 template writes it: ``10（5个已整改）``."""
    if count is None:
        return "未统计"
    if count and fixed:
        return f"{count}（{fixed}个已整改）"
    return str(count)


def _metric(a: AssessmentInfo) -> str:
    if a.compliance_rate is not None:
        return f"符合率{a.compliance_rate:g}%"
    if a.score is not None:
        return f"综合得分{a.score:g}分"
    return "未记录得分"


def background(data: RectificationReportData, st: Styles, width: float) -> list[Flowable]:
    a, o, u = data.assessment, data.obj, data.unit
    story: list[Flowable] = [Paragraph("一、整改背景", st.h1)]
    findings = data.findings
    counts = Counter(f.risk for f in findings)
    majors = sum(1 for f in findings if f.major_hazard)
    tally = (
        f"共发现安全问题{len(findings)}项，其中高风险{counts['high']}项、中风险{counts['medium']}项、"
        f"低风险{counts['low']}项"
    )
    if a is None:
        story.append(
            Paragraph(
                esc(
                    f"{u.name}对{o.name}（{level_label(o.level)}）存在的安全问题组织了整改。{tally}，"
                    f"涉及重大风险隐患{majors}项。"
                ),
                st.body,
            )
        )
        return story
    kind = KIND_LABEL.get(a.kind, a.kind or "测评")
    period = cn_date(a.report_date, "（日期未记录）")
    story.append(
        Paragraph(
            esc(
                f"{period}，{a.institution or '测评机构'}对{u.name}的{o.name}（{level_label(o.level)}）"
                f"开展了{kind}，报告编号{a.report_no or '（未记录）'}。{kind}结论为“{a.conclusion or '未记录'}”，"
                f"{_metric(a)}，重大风险隐患{major_hazard_text(a.major_risk_count, a.major_risk_fixed)}。{tally}。"
                f"根据{kind}结果，本单位制定整改方案并组织整改，现将整改情况报告如下。"
            ),
            st.body,
        )
    )
    facts = [
        ("测评（检查）机构", a.institution),
        ("测评类型", kind),
        ("测评时间", f"{cn_date(a.started_on, '—')} 至 {cn_date(a.report_date, '—')}"),
        ("报告编号", a.report_no),
        ("测评结论", a.conclusion),
        ("符合率 / 综合得分", _metric(a)),
        ("重大风险隐患数量", major_hazard_text(a.major_risk_count, a.major_risk_fixed)),
        ("备案证明编号", data.certificate_no or "—"),
    ]
    lw = 46 * mm
    story += [Spacer(1, 2 * mm), grid_table([list(f) for f in facts], [lw, width - lw], st, label_cols=(0,))]
    return story


def summary(data: RectificationReportData, st: Styles, width: float) -> list[Flowable]:
    """Counts of findings by GB/T 22239 category × risk, with how many are fixed."""
    cats = list(data.categories)
    known = {code for code, _n in cats}
    if any((f.category or "") not in known for f in data.findings):
        cats.append(("", "其他（未归类）"))
    rows: list[list[object]] = [["安全类", "高", "中", "低", "合计", "已整改", "未完成"]]
    totals: Counter[str] = Counter()
    for code, name in cats:
        items = [
            f for f in data.findings if (f.category or "") == code or (not code and f.category not in known)
        ]
        c = Counter(f.risk for f in items)
        done = sum(1 for f in items if f.status in DONE)
        row = [c["high"], c["medium"], c["low"], len(items), done, len(items) - done]
        totals.update(dict(zip(("h", "m", "l", "n", "d", "o"), row, strict=True)))
        rows.append([name, *[str(v) for v in row]])
    rows.append(["合计", *[str(totals[k]) for k in ("h", "m", "l", "n", "d", "o")]])
    w0 = 44 * mm
    table = grid_table(rows, [w0] + [(width - w0) / 6] * 6, st, header_rows=1, label_cols=(1, 2, 3, 4, 5, 6))
    return [
        Paragraph("二、问题汇总", st.h1),
        Paragraph("按GB/T 22239-2019安全类及风险等级统计如下：", st.body),
        Spacer(1, 1 * mm),
        table,
    ]


def _status_text(f: FindingInfo) -> str:
    text = STATUS_LABEL.get(f.status, f.status)
    if f.status in DONE and f.fixed_on:
        text += f"（{cn_date(f.fixed_on)}完成"
        text += (
            f"，{f.verifier}于{cn_date(f.verified_on, '')}验证）"
            if f.status == "verified" and f.verifier
            else "）"
        )
    elif f.status == "risk_accepted":
        text += f"（批准人：{f.accepted_by or '—'}）"
    return text


def finding_block(f: FindingInfo, n: int, st: Styles, width: float) -> list[Flowable]:
    code = f"[{f.test_item_code}] " if f.test_item_code else ""
    risk = RISK_LABEL.get(f.risk, f.risk) + ("（重大风险隐患）" if f.major_hazard else "")
    actions = [
        f"{i}. {a.action}（责任人：{a.responsible or '—'}；计划：{cn_date(a.planned_on, '—')}；"
        f"完成：{cn_date(a.done_on, '未完成')}"
        + (f"；验证：{a.verifier} {cn_date(a.verified_on, '')}" if a.verifier else "")
        + "）"
        for i, a in enumerate(f.actions, 1)
    ]
    evidence = [a.evidence for a in f.actions if a.evidence] + [f"附件：{name}" for name in f.evidence_files]
    full = [
        ("问题描述", f.description or f.title),
        ("整改建议", f.recommendation or "—"),
        ("临时措施", f.interim_measures),
    ]
    rows: list[list[object]] = [
        [
            "安全类 / 控制点",
            f"{f.category_name or f.category or '—'} / {f.control_point or '—'}",
            "风险等级",
            risk,
        ],
    ]
    rows += [[label, text, "", ""] for label, text in full if text]
    rows.append(
        [
            "责任部门 / 责任人",
            f"{f.owner_dept or '—'} / {f.owner or '—'}",
            "整改时限",
            cn_date(f.deadline, "—"),
        ]
    )
    rows += [
        ["整改措施", "\n".join(actions) or "（尚未登记整改措施）", "", ""],
        ["证明材料", "\n".join(evidence) or "—", "", ""],
        ["整改状态", _status_text(f), "", ""],
    ]
    spans = [((1, r), (3, r)) for r, row in enumerate(rows) if row[2] == ""]
    w0, w2, w3 = 32 * mm, 20 * mm, 30 * mm
    table = grid_table(
        rows, [w0, width - w0 - w2 - w3, w2, w3], st, label_cols=(0, 2), spans=spans, split_in_row=True
    )
    return [CondPageBreak(45 * mm), Paragraph(esc(f"{n}. {code}{f.title}"), st.h2), table, Spacer(1, 3 * mm)]


def open_items(data: RectificationReportData, st: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("四、未完成整改项及原因、计划", st.h1)]
    pending = [f for f in data.findings if f.status not in DONE]
    if not pending:
        story.append(Paragraph("全部问题均已完成整改。", st.body))
        return story
    rows: list[list[object]] = [["序号", "问题", "风险", "状态", "原因及计划", "时限"]]
    for i, f in enumerate(pending, 1):
        if f.status == "risk_accepted":
            reason = f"风险接受：{f.accepted_reason or '—'}（批准人：{f.accepted_by or '—'}）"
        else:
            reason = f.remaining_plan or "（未填写计划）"
        rows.append(
            [
                str(i),
                f.title,
                RISK_LABEL.get(f.risk, f.risk),
                STATUS_LABEL.get(f.status, f.status),
                reason,
                cn_date(f.deadline, "—"),
            ]
        )
    w = [10 * mm, 0.0, 11 * mm, 16 * mm, 0.0, 27 * mm]
    rest = width - sum(w)
    w[1], w[4] = rest * 0.45, rest * 0.55
    story.append(
        grid_table(rows, w, st, header_rows=1, label_cols=(0, 2, 3), long=True, small=True, split_in_row=True)
    )
    return story


def render_rectification_report(data: RectificationReportData, out: str | Path | BinaryIO) -> int:
    """Write the 整改报告 PDF; return its page count."""
    st = styles(body_size=14)
    width = frame_width(REPORT_MARGINS)
    o, u = data.obj, data.unit
    story: list[Flowable] = [Paragraph(esc(f"{o.name}网络安全等级保护整改报告"), st.title), Spacer(1, 2 * mm)]
    story.append(Paragraph(esc(f"单位：{u.name}　　　定级对象：{o.name}"), st.center))
    story.append(Spacer(1, 4 * mm))
    story += background(data, st, width)
    story += summary(data, st, width)
    story.append(Paragraph("三、逐项整改情况", st.h1))
    if not data.findings:
        story.append(Paragraph("本次未发现需要整改的问题。", st.body))
    for n, f in enumerate(data.findings, 1):
        story += finding_block(f, n, st, width)
    story += open_items(data, st, width)
    story.append(Paragraph("五、复测情况", st.h1))
    retest = data.assessment.retest_result if data.assessment else ""
    story.append(Paragraph(esc(retest or "整改完成后尚未复测。"), st.body))
    story.append(signature_block(st, [f"{u.name}（盖章）", "负责人（签字）：__________"], data.today))
    return build_pdf(story, out, title=f"{o.name}整改报告", margins=REPORT_MARGINS)
