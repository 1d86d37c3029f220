"""Packets the police accept (issue 13): every demo object's 2025 packet complete (表一–表六, the
专家评审意见表 where reviewed), 附件名称 wherever 有 is ticked, 表三 by the form, the small items of 9."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import docs_samples as samples
import pytest
import sqlalchemy as sa
from demo_day import DEMO_TODAY

from db.domain import rules
from db.models import Filing, Organization, ProtectedObject
from desktop.documents.expert_review import render_expert_review
from desktop.documents.filing_1_0 import needs_table_four
from desktop.documents.filing_2025 import BLANK_TABLE_SIX_NOTE
from desktop.documents.filing_common import grading_documents, region_part
from desktop.documents.filing_packet import render_filing_packet
from desktop.services import document_data as dd
from desktop.services import preflight as pre

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


def flat_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def _filed(ledger) -> list[int]:
    with ledger.session(write=False) as s:
        return sorted(set(s.scalars(sa.select(Filing.object_id))))


def test_every_demo_packet_is_complete_and_names_its_attachments(demo_ledger, tmp_path: Path) -> None:
    objects = _filed(demo_ledger)
    assert len(objects) >= 20
    reviewed = 0
    for oid in objects:
        checked = pre.load_checked(demo_ledger, "filing", oid, today=DEMO_TODAY, form="2025")
        data = checked.data
        out = tmp_path / f"{oid}.pdf"
        result = render_filing_packet(data, out)
        flat = flat_text(out)
        for table in ("表一单位基本情况", "表二（", "表三（", "表四（", "表五（", "表六数据摸底调查表"):
            assert table in flat, (oid, table)
        names = grading_documents(data)
        # 定级报告 有 only with a document, and then its name is printed (and the report appended)
        assert names["report"] and re.sub(r"\s+", "", names["report"]) in flat
        assert "定级报告" in result.generated
        if data.expert_review is not None:
            reviewed += 1
            assert "网络安全等级保护定级专家评审意见表" in flat and "专家评审意见表" in result.generated
            assert re.sub(r"\s+", "", names["review"]) in flat
        g = data.grading
        if g.has_supervisor and g.supervisor_approved:
            assert names["approval"] and re.sub(r"\s+", "", names["approval"]) in flat
        # 表五: every row ticked 有 carries its file's name
        for m in data.filing.materials:
            if m.present:
                assert m.attachment is not None, (oid, m.title)
                assert re.sub(r"\s+", "", m.attachment.title) in flat
        # the only blank 附件名称 left is the unticked supervisor row of a unit without a supervisor
        assert flat.count("附件名称：________") == (0 if g.has_supervisor else 1), oid
        if not data.data_categories:
            assert re.sub(r"\s+", "", BLANK_TABLE_SIX_NOTE) in flat
        assert "跨__个" in flat
        assert "省省(自治区" not in flat and "市地(区" not in flat
        # Chinese line breaking: no line of the packet (form, 定级报告, 专家评审意见表) starts with a closing mark
        raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        bad = [line for line in raw.splitlines() if line and line[0] in "，。、：；！？）》」』】"]
        assert not bad, (oid, bad[:3])
    assert reviewed == len(objects)  # every filed demo object is 第二级+ and was reviewed


def test_table_three_wording_follows_the_form(demo_ledger, tmp_path: Path) -> None:
    oid = _filed(demo_ledger)[0]
    for form, own, other in (
        ("2025", "grading-form-2025", "grading-gbt22240-2020"),
        ("1.0", "grading-gbt22240-2020", "grading-form-2025"),
    ):
        data = pre.load_checked(demo_ledger, "filing", oid, today=DEMO_TODAY, form=form).data
        out = tmp_path / f"{form}.pdf"
        render_filing_packet(data, out)
        flat = flat_text(out)
        for cell in rules.grading_matrix(own).cells:
            assert re.sub(r"\s+", "", cell.statement) in flat, (form, cell.statement)
        foreign = {c.statement for c in rules.grading_matrix(other).cells} - {
            c.statement for c in rules.grading_matrix(own).cells
        }
        assert foreign and not any(re.sub(r"\s+", "", s) in flat for s in foreign), form


def test_one_zero_form_small_items(demo_ledger, tmp_path: Path) -> None:
    with demo_ledger.session(write=False) as s:
        level2 = s.scalars(
            sa.select(Filing.object_id)
            .join(ProtectedObject, ProtectedObject.id == Filing.object_id)
            .where(ProtectedObject.current_level == 2)
            .order_by(Filing.object_id)
        ).first()
    data = pre.load_checked(demo_ledger, "filing", level2, today=DEMO_TODAY, form="1.0").data
    assert not needs_table_four(data)
    out = tmp_path / "one.pdf"
    render_filing_packet(data, out)
    flat = flat_text(out)
    assert "备案单位（盖章）" in flat
    assert "服务责任方类型" in flat and "本行业(单位)" in flat and "国外服务商" in flat
    assert "跨__个" in flat
    assert "表四第三级以上信息系统提交材料情况" not in flat  # no 表四 page for a 第二级 system
    assert "表三信息系统定级情况" in flat


def test_empty_dates_keep_room_to_write_and_numbers_wait_for_acceptance(tmp_path: Path) -> None:
    data = samples.filing_packet()
    data.obj.go_live_date = None
    data.filing = replace(data.filing, filled_on=None, accepted_on=None, certificate_no="", form_number="13010099001")
    out = tmp_path / "p.pdf"
    render_filing_packet(data, out, form="2025")
    flat = flat_text(out)
    assert flat.count("______年____月____日") >= 2
    assert "13010099001" not in flat  # no 备案表编号 before the police accepted the filing


def test_address_suffixes_are_not_doubled() -> None:
    assert region_part("河北省", "province") == "河北"
    assert region_part("内蒙古自治区", "province") == "内蒙古"
    assert region_part("石家庄市", "prefecture") == "石家庄"
    assert region_part("长安区", "county") == "长安"
    assert region_part("省", "province") == "省"  # nothing but the ending: kept as typed


def test_technologies_printed_for_every_object_type(tmp_path: Path) -> None:
    data = samples.filing_packet()
    data.obj.object_type = "network"
    data.obj.technologies = ["cloud"]
    out = tmp_path / "n.pdf"
    render_filing_packet(data, out, form="2025")
    assert "采用技术" in flat_text(out)


def test_expert_review_sheet_on_its_own(demo_ledger, tmp_path: Path, capsys) -> None:
    from desktop.cli import main

    oid = _filed(demo_ledger)[0]
    with demo_ledger.session(write=False) as s:
        review = dd.expert_review_for(s, oid)
    out = tmp_path / "r.pdf"
    assert render_expert_review(review, out) == 1
    flat = flat_text(out)
    for label in ("单位名称", "项目负责人", "联系电话", "信息系统名称", "系统自定安全级别", "专家组成员",
                  "评审专家组组长（签字）", "评审专家组成员（签字）"):
        assert label in flat
    assert "赵一、钱二、孙三" in flat and "1.定级对象边界清晰。" in flat
    cli_out = tmp_path / "cli.pdf"
    argv = ["--db", str(demo_ledger.path), "print", "review", "--object", str(oid), "--out", str(cli_out)]
    assert main(argv) == 0 and cli_out.read_bytes().startswith(b"%PDF")
    assert "专家评审意见表 1 页" in capsys.readouterr().out


def test_enterprise_websites_are_not_in_the_government_tables(demo_ledger) -> None:
    with demo_ledger.session(write=False) as s:
        rows = dd.website_rows(s, None)
        enterprises = set(s.scalars(sa.select(Organization.name).where(Organization.unit_type == "4")))
    assert enterprises and rows
    assert not {r.unit for r in rows} & enterprises


def test_form_chosen_by_date_for_the_demo(demo_ledger) -> None:
    start = rules.rule_set("obligations-1846-2025").effective_from
    for oid in _filed(demo_ledger):
        checked = pre.load_checked(demo_ledger, "filing", oid, today=DEMO_TODAY)
        f = checked.data.filing
        day = f.submitted_on or f.filled_on or DEMO_TODAY
        assert checked.form == ("2025" if day >= start else "1.0"), (oid, day)
    assert date(2025, 4, 27) == start
