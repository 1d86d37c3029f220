"""《网络安全等级保护定级报告》 (headings per filing-form-2025.md §10)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from db.domain.enums import LEVEL_LABELS
from db.domain.rules import GradingMatrix
from desktop.documents.model import GradingInfo, GradingReportData
from desktop.documents.pdf_base import (
    REPORT_MARGINS,
    Styles,
    build_pdf,
    esc,
    frame_width,
    grid_table,
    signature_block,
    styles,
)

_NOT_FILLED = "（未填写）"


def _paragraphs(text: str, st: Styles) -> list[Flowable]:
    """Body paragraphs from free text: one per non-empty line, first-line indented."""
    parts = [p.strip() for p in (text or "").splitlines() if p.strip()]
    return [Paragraph(esc(p), st.body) for p in parts] or [Paragraph(_NOT_FILLED, st.body)]


def matrix_table(
    matrix: GradingMatrix | None, kind: str, object_code: str, degree_code: str, st: Styles, width: float
) -> Table:
    """The 4×4 grading matrix with the chosen object row, degree column and cross cell shaded."""
    head = f"{kind}安全被破坏时所侵害的客体"
    objects = matrix.objects if matrix else []
    degrees = matrix.degrees if matrix else []
    rows: list[list[object]] = [
        [head, "对相应客体的侵害程度", "", ""],
        ["", *[label for _c, label in degrees]],
    ]
    shade: list[tuple[int, int]] = []
    for r, (ocode, olabel) in enumerate(objects, start=2):
        row: list[object] = [olabel]
        for c, (dcode, _dl) in enumerate(degrees, start=1):
            cell = matrix.find(ocode, dcode) if matrix else None
            row.append(LEVEL_LABELS.get(cell.level, "") if cell else "")
            if ocode == object_code and dcode == degree_code:
                shade += [(0, r), (c, 1), (c, r)]
        rows.append(row)
    w0 = width * 0.34
    return grid_table(
        rows,
        [w0] + [(width - w0) / 3] * 3,
        st,
        header_rows=2,
        shade=shade,
        label_cols=(1, 2, 3),
        spans=[((0, 0), (0, 1)), ((1, 0), (3, 0))],
    )


def _block(
    g: GradingInfo,
    st: Styles,
    width: float,
    number: str,
    kind: str,
    desc: str,
    obj_reason: str,
    degree_reason: str,
    object_code: str,
    degree_code: str,
    level: int,
) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(esc(f"（{number}）{kind}安全保护等级的确定"), st.h2)]
    story += [Paragraph(esc(f"1、{kind}描述"), st.h2), *_paragraphs(desc, st)]
    story += [Paragraph(esc(f"2、{kind}受到破坏时所侵害客体的确定"), st.h2), *_paragraphs(obj_reason, st)]
    story += [
        Paragraph(esc(f"3、{kind}受到破坏时对侵害客体的侵害程度的确定"), st.h2),
        *_paragraphs(degree_reason, st),
    ]
    caption = Paragraph(esc(f"表{'1' if number == '一' else '2'}　{kind}安全保护等级矩阵表"), st.table_title)
    story.append(KeepTogether([caption, matrix_table(g.matrix, kind, object_code, degree_code, st, width)]))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(esc(f"{kind}安全保护等级为{LEVEL_LABELS.get(level, '')}。"), st.body))
    return story


def render_grading_report(data: GradingReportData, out: str | Path | BinaryIO) -> int:
    """Write the 定级报告 PDF; return its page count."""
    st = styles(body_size=14)
    width = frame_width(REPORT_MARGINS)
    g, o, u = data.grading, data.obj, data.unit
    level = LEVEL_LABELS.get(g.level, "")
    story: list[Flowable] = [Paragraph(esc(f"{o.name}定级报告"), st.title), Spacer(1, 4 * mm)]
    story.append(Paragraph("一、定级对象描述", st.h1))
    sections = [
        ("（一）责任主体", g.responsibility or f"{u.name}是{o.name}的运营使用单位，对其网络安全负主体责任。"),
        ("（二）定级对象构成", g.composition),
        ("（三）承载业务", g.business_summary or o.business_desc),
        ("（四）承载数据", g.data_summary),
        ("（五）安全责任", g.security_responsibility),
    ]
    for heading, text in sections:
        story += [Paragraph(esc(heading), st.h2), *_paragraphs(text, st)]
    story.append(Paragraph("二、安全保护等级确定", st.h1))
    story += _block(
        g,
        st,
        width,
        "一",
        "业务信息",
        g.business_desc,
        g.business_object_reason,
        g.business_degree_reason,
        g.business_object,
        g.business_degree,
        g.business_level,
    )
    story += _block(
        g,
        st,
        width,
        "二",
        "系统服务",
        g.service_desc,
        g.service_object_reason,
        g.service_degree_reason,
        g.service_object,
        g.service_degree,
        g.service_level,
    )
    story.append(Paragraph("（三）安全保护等级的确定", st.h2))
    story.append(
        Paragraph(
            esc(
                f"定级对象的安全保护等级由业务信息安全保护等级和系统服务安全保护等级的较高者决定，"
                f"最终确定{o.name}的安全保护等级为{level}。"
            ),
            st.body,
        )
    )
    summary = grid_table(
        [
            ["定级对象名称", "安全保护等级", "业务信息安全保护等级", "系统服务安全保护等级"],
            [o.name, level, LEVEL_LABELS.get(g.business_level, ""), LEVEL_LABELS.get(g.service_level, "")],
        ],
        [width * 0.34, width * 0.2, width * 0.23, width * 0.23],
        st,
        header_rows=1,
        label_cols=(1, 2, 3),
    )
    story += [Spacer(1, 3 * mm), KeepTogether([Paragraph("表3　定级结果", st.table_title), summary])]
    story.append(signature_block(st, [f"{u.name}（盖章）"], g.graded_on))
    return build_pdf(story, out, title=f"{o.name}定级报告", margins=REPORT_MARGINS)
