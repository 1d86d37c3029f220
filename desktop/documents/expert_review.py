"""《专家评审意见表》 (package item 03 of the 2025 filing), printed from :class:`ExpertReviewData`.

No national sheet is published; this follows the 市级 layout of filing-form-2025.md §11 (a two-column
table: 单位名称, 项目负责人 with 联系电话, 信息系统名称, 系统自定安全级别, 专家组成员, the opinion with its
fixed opening and numbered points, signature lines for the leader and the members, the review date).
The content decisions (opening sentence, points, names) live in the dataclass so the Word output can
reuse them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from db.domain.enums import LEVEL_LABELS
from desktop.documents.model import ExpertReviewData
from desktop.documents.pdf_base import (
    FORM_MARGINS,
    Styles,
    build_pdf,
    cn_date,
    esc,
    frame_width,
    grid_table,
    para,
    styles,
)

TITLE = "网络安全等级保护定级专家评审意见表"
SIGN_LINE = "____________________"


def rows(data: ExpertReviewData) -> list[tuple[str, str]]:
    """The label/value rows above the opinion (also what a Word writer fills)."""
    return [
        ("单位名称", data.unit_name),
        ("项目负责人", data.project_leader),
        ("联系电话", data.phone),
        ("信息系统名称", data.object_name),
        ("系统自定安全级别", LEVEL_LABELS.get(data.level or 0, "")),
        ("专家组成员", "、".join(data.experts)),
    ]


def story(data: ExpertReviewData, st: Styles, width: float) -> list[Flowable]:
    head = rows(data)
    lw = 36 * mm
    table_rows: list[list[object]] = [
        [head[0][0], head[0][1], "", ""],
        [head[1][0], head[1][1], head[2][0], head[2][1]],
        [head[3][0], head[3][1], "", ""],
        [head[4][0], head[4][1], "", ""],
        [head[5][0], head[5][1], "", ""],
    ]
    opinion: list[Flowable] = [para(data.opening(), st.cell)]
    points = data.points() or ["（评审意见未在台账中记录，请专家组手写。）"]
    opinion += [para(p, st.cell) for p in points]
    if data.passed is not None:
        opinion.append(para("评审结论：" + ("同意该定级对象定为" + LEVEL_LABELS.get(data.level or 0, "所定级别")
                                          if data.passed else "不同意所定级别，请重新定级") + "。", st.cell))
    table_rows.append(["评审意见", opinion, "", ""])
    table_rows.append(["评审专家组组长（签字）", SIGN_LINE, "", ""])
    table_rows.append(["评审专家组成员（签字）", SIGN_LINE * 2, "", ""])
    table_rows.append(["评审日期", cn_date(data.review_date), "", ""])
    spans = [((1, r), (3, r)) for r in (0, 2, 3, 4, 5, 6, 7, 8)]
    rest = width - lw
    table = grid_table(
        table_rows, [lw, rest * 0.45, 24 * mm, rest * 0.55 - 24 * mm], st, spans=spans, label_cols=(0, 2)
    )
    return [Paragraph(esc(TITLE), st.table_title), Spacer(1, 2 * mm), table]


def render_expert_review(data: ExpertReviewData, out: str | Path | BinaryIO) -> int:
    """The sheet as its own PDF; return its page count."""
    st = styles(body_size=14)
    width = frame_width(FORM_MARGINS)
    return build_pdf(story(data, st, width), out, title=f"{data.unit_name}-{data.object_name}-专家评审意见表")
