"""Importing the seed's 摸底自查表 / 开办情况汇总表 into a fresh ledger (real .xlsx files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from docs_seed_tables import (
    SELFCHECK_HEADER,
    SELFCHECK_ROWS,
    SUMMARY_HEADER,
    SUMMARY_ROWS,
    SUPERVISOR,
    selfcheck_file,
    shuffled,
    summary_file,
)
from openpyxl import Workbook

from db.domain.enums import ObjectType
from db.models import AuditEvent, Contact, Domain, Organization, ProtectedObject
from desktop.importers.website_tables import parse_table
from desktop.importers.xlsx_reader import WorkbookError, read_workbook
from desktop.services.imports import import_file


def counts(ledger) -> dict[str, int]:
    with ledger.session(write=False) as s:
        return {
            model.__name__: s.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (Organization, ProtectedObject, Domain, Contact, AuditEvent)
        }


def test_selfcheck_seed_import(ledger, tmp_path: Path) -> None:
    path = selfcheck_file(tmp_path / "附件2.xlsx")
    result = import_file(ledger, path, "selfcheck")
    assert result.plan.ok and result.written, result.plan.errors
    with ledger.session(write=False) as s:
        orgs = {o.name: o for o in s.scalars(sa.select(Organization))}
        assert set(orgs) == {row[0] for row in SELFCHECK_ROWS}
        parent = orgs[SUPERVISOR]
        assert parent.parent_id is None
        assert {o.parent_id for n, o in orgs.items() if n != SUPERVISOR} == {parent.id}
        sites = s.scalars(sa.select(ProtectedObject).order_by(ProtectedObject.id)).all()
        assert len(sites) == 4
        assert {o.object_type for o in sites} == {ObjectType.WEBSITE}
        assert {o.site_name for o in sites} == {"河北机构编制网"}
        assert all(o.badge_displayed for o in sites)
        first = next(o for o in sites if o.organization_id == parent.id)
        assert [d.name for d in first.domains if d.kind == "cn"] == [
            "河北省机构编制委员会办公室.政务",
            "河北省编办.政务",
            "河北机构编制网.政务",
        ]
        assert [d.name for d in first.domains if d.kind == "en"] == ["www.hebjgbz.gov.cn"]
        others = [o for o in sites if o is not first]
        assert all(len(o.domains) == 1 and o.domains[0].kind == "cn" for o in others)
        contact = s.scalars(sa.select(Contact).where(Contact.organization_id == parent.id)).one()
        assert (contact.name, contact.office_phone, contact.role) == ("李克强", "0311—87802765", "网站联系人")


def test_second_import_changes_nothing(ledger, tmp_path: Path) -> None:
    path = selfcheck_file(tmp_path / "附件2.xlsx")
    assert import_file(ledger, path, "selfcheck").written
    before = counts(ledger)
    again = import_file(ledger, path, "selfcheck")
    assert again.plan.ok and not again.written
    assert again.plan.created == [] and again.plan.updated == []
    assert len(again.plan.unchanged) == 12  # 4 units, 4 contacts, 4 websites
    assert counts(ledger) == before  # not even an audit event
    # the 汇总表 carries the same facts: also unchanged
    summary = import_file(ledger, summary_file(tmp_path / "附件3.xlsx"), "summary")
    assert summary.plan.ok and not summary.plan.created and not summary.plan.updated
    assert counts(ledger) == before


def test_summary_seed_import_sets_parent(ledger, tmp_path: Path) -> None:
    result = import_file(ledger, summary_file(tmp_path / "附件3.xlsx"), "summary")
    assert result.plan.ok and result.written
    with ledger.session(write=False) as s:
        rows = s.execute(sa.select(Organization.name, Organization.parent_id)).all()
        parent_id = s.scalar(sa.select(Organization.id).where(Organization.name == SUPERVISOR))
    assert len(rows) == 4
    assert sorted(p or 0 for _n, p in rows) == [0, parent_id, parent_id, parent_id]


def test_update_is_reported_and_applied(ledger, tmp_path: Path) -> None:
    import_file(ledger, selfcheck_file(tmp_path / "a.xlsx"), "selfcheck")
    rows = [list(r) for r in SELFCHECK_ROWS]
    rows[1][4] = "否"
    rows[1][3] = "1. 河北省事业单位登记管理局·政务 2. 河北事业单位·政务"
    result = import_file(ledger, selfcheck_file(tmp_path / "b.xlsx", rows), "selfcheck")
    assert result.plan.ok and result.written
    [site] = [e for e in result.plan.updated if e.type == "网站"]
    assert {c.field for c in site.changes} == {"是否挂标", "域名"}
    with ledger.session(write=False) as s:
        obj = s.get(ProtectedObject, site.id)
        assert obj.badge_displayed is False
        assert [d.name for d in obj.domains] == ["河北省事业单位登记管理局.政务", "河北事业单位.政务"]
    assert not import_file(ledger, selfcheck_file(tmp_path / "b.xlsx", rows), "selfcheck").written


@pytest.mark.parametrize(
    ("column", "value", "letter", "fragment"),
    [
        (6, "12345", "G", "电话号码无效"),
        (3, "1. 河北新域名·政务 2. bad_domain!.gov.cn", "D", "域名"),
        (4, "也许", "E", "是否挂标"),
    ],
)
def test_bad_cells_reject_the_whole_file(ledger, tmp_path: Path, column, value, letter, fragment) -> None:
    rows = [list(r) for r in SELFCHECK_ROWS]
    rows[2][column] = value
    result = import_file(ledger, selfcheck_file(tmp_path / "bad.xlsx", rows), "selfcheck")
    assert not result.plan.ok and not result.written
    [err] = result.plan.errors
    assert (err.sheet, err.row, err.column) == (
        "Sheet1",
        6,
        letter,
    )  # title, stamp, header, row 1, row 2, row 3
    assert fragment in err.message
    assert counts(ledger)["Organization"] == 0


def test_shuffled_columns_and_full_width_headers(ledger, tmp_path: Path) -> None:
    header, rows = shuffled(SUMMARY_HEADER, SUMMARY_ROWS, [7, 3, 1, 0, 6, 2, 5, 4])
    header = [f" {h[0]}\u3000{h[1:]} " for h in header]  # stray and ideographic spaces inside the names
    rows[0][0] = "０３１１—８７８０２７６５"  # full-width digits in the phone column (moved to A)
    result = import_file(ledger, summary_file(tmp_path / "x.xlsx", rows, header), "summary")
    assert result.plan.ok, result.plan.errors
    assert result.written
    with ledger.session(write=False) as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Organization)) == 4
        assert s.scalar(sa.select(sa.func.count()).select_from(Domain).where(Domain.kind == "cn")) == 6
        assert set(s.scalars(sa.select(Contact.office_phone))) == {"0311—87802765"}


def test_dry_run_writes_nothing(ledger, tmp_path: Path) -> None:
    before = counts(ledger)
    result = import_file(ledger, selfcheck_file(tmp_path / "a.xlsx"), "selfcheck", dry_run=True)
    assert result.plan.ok and len(result.plan.created) == 12 and not result.written
    assert counts(ledger) == before


def test_header_is_found_below_title_lines(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for _ in range(4):
        ws.append([])
    ws.append(["党政机关、事业单位网站摸底自查表"])
    ws.append(["主管部门（公章）：某厅"])
    ws.append(SELFCHECK_HEADER)
    ws.append(SELFCHECK_ROWS[1])
    wb.save(tmp_path / "t.xlsx")
    parsed = parse_table(read_workbook(tmp_path / "t.xlsx"), "selfcheck")
    assert parsed.header_row == 7 and not parsed.errors
    [rec] = parsed.records
    assert rec.row == 8 and rec.supervisor == "某厅" and rec.phone == "0311—87802765"


def test_missing_header_is_an_error(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["名称", "地址"])
    wb.save(tmp_path / "t.xlsx")
    parsed = parse_table(read_workbook(tmp_path / "t.xlsx"), "summary")
    assert parsed.errors and "表头" in parsed.errors[0].message


def test_unreadable_files_are_refused_plainly(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("单位名称,网站名称\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        read_workbook(text)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted = tmp_path / "locked.xlsx"
    encrypted.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100)
    with pytest.raises(WorkbookError, match="已加密"):
        read_workbook(encrypted)
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(ole + b"\0" * 100)
    with pytest.raises(WorkbookError, match=r"\.xls"):
        read_workbook(legacy)
    with pytest.raises(WorkbookError, match="找不到文件"):
        read_workbook(tmp_path / "missing.xlsx")


def test_row_limit(tmp_path: Path) -> None:
    path = selfcheck_file(tmp_path / "a.xlsx", SELFCHECK_ROWS * 5)
    with pytest.raises(WorkbookError, match="行数超过上限"):
        read_workbook(path, max_rows=10)


def test_cli_import(ledger, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    db = str(ledger.path)  # the CLI finds the key in the (in-memory) keyring
    ledger.close()
    path = selfcheck_file(tmp_path / "附件2.xlsx")
    assert main(["--db", db, "import", "selfcheck", str(path), "--dry-run", "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert set(plan) == {"created", "updated", "unchanged", "errors"}
    assert len(plan["created"]) == 12 and plan["errors"] == []
    assert main(["--db", db, "import", "selfcheck", str(path)]) == 0
    assert "已导入" in capsys.readouterr().out
    assert main(["--db", db, "import", "selfcheck", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["created"] == [] and again["updated"] == [] and len(again["unchanged"]) == 12

    rows = [list(r) for r in SELFCHECK_ROWS]
    rows[0][6] = "电话待定"
    bad = selfcheck_file(tmp_path / "bad.xlsx", rows)
    assert main(["--db", db, "import", "selfcheck", str(bad), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["errors"][0] == {
        "sheet": "Sheet1",
        "row": 4,
        "column": "G",
        "message": out["errors"][0]["message"],
    }
    assert "电话" in out["errors"][0]["message"]

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01 not a workbook")
    assert main(["--db", db, "import", "summary", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "不是 Excel 工作簿" in err and "Traceback" not in err


def test_domain_of_another_unit_is_an_error(ledger, tmp_path: Path) -> None:
    import_file(ledger, selfcheck_file(tmp_path / "a.xlsx"), "selfcheck")
    rows = [list(r) for r in SELFCHECK_ROWS]
    rows[3][3] = "河北省编办·政务"  # belongs to the first unit's website
    result = import_file(ledger, selfcheck_file(tmp_path / "b.xlsx", rows), "selfcheck")
    assert not result.written
    assert any("已登记在单位" in e.message and e.row == 7 for e in result.plan.errors)


def test_units_match_by_uscc_and_renames_are_reported(ledger, tmp_path: Path) -> None:
    import random

    from db.demo.data import make_uscc

    code = make_uscc(random.Random(7), "12", "130000")
    header = [*SELFCHECK_HEADER, "统一社会信用代码"]
    rows = [[*SELFCHECK_ROWS[1], code]]
    assert import_file(ledger, selfcheck_file(tmp_path / "a.xlsx", rows, header), "selfcheck").written
    renamed = [["河北省事业单位登记管理中心", *rows[0][1:]]]
    result = import_file(ledger, selfcheck_file(tmp_path / "b.xlsx", renamed, header), "selfcheck")
    assert result.plan.ok and result.written
    [unit] = [e for e in result.plan.updated if e.type == "单位"]
    assert unit.changes[0].field == "单位名称"
    with ledger.session(write=False) as s:
        assert (
            s.scalar(sa.select(Organization.name).where(Organization.uscc == code))
            == "河北省事业单位登记管理中心"
        )
        assert (
            s.scalar(sa.select(sa.func.count()).select_from(Organization)) == 2
        )  # + the 主管部门 from the stamp


# --------------------------------------------------------------------------------------------------
# issue 19: placeholders, .xls, contacts of the program's own export


@pytest.mark.parametrize("placeholder", ["—", "-", "/", "暂无", "无", "－"])
def test_placeholder_in_optional_cells_is_empty(ledger, tmp_path: Path, placeholder: str) -> None:
    row = ["河北省测试局", "测试网", "www.test.gov.cn", placeholder, placeholder, placeholder, placeholder]
    result = import_file(ledger, selfcheck_file(tmp_path / "a.xlsx", [row]), "selfcheck")
    assert result.plan.ok and result.written, result.plan.errors
    with ledger.session(write=False) as s:
        site = s.scalars(sa.select(ProtectedObject)).one()
        assert [d.name for d in site.domains] == ["www.test.gov.cn"] and site.badge_displayed is None
        assert s.scalar(sa.select(sa.func.count()).select_from(Contact)) == 0


def test_own_export_reimport_adds_no_contact_and_keeps_the_units_contact(ledger, tmp_path: Path) -> None:
    from desktop.services import records
    from desktop.services.documents_io import export_workbook

    org = records.save(ledger, "organizations", None, {"name": "河北省测试局"})
    records.save(ledger, "contacts", None, {"organization_id": org, "name": "王芳", "mobile": "13912345678",
                                            "role": "安全负责人"})  # fmt: skip
    records.save(ledger, "protected_objects", None, {"organization_id": org, "name": "测试网", "site_name": "测试网",
                                                     "domains": ["www.test.gov.cn"]})  # fmt: skip
    out = tmp_path / "自查表.xlsx"
    export_workbook(ledger, "selfcheck", out)
    before = counts(ledger)
    result = import_file(ledger, out, "selfcheck")
    assert result.plan.ok and not result.plan.created and not result.plan.updated, result.plan.lines()
    assert counts(ledger) == before
    # a website row naming someone else adds a website contact and leaves the unit's contact alone
    row = ["河北省测试局", "测试网", "www.test.gov.cn", "", "", "李伟", "0311-87654321"]
    result = import_file(ledger, selfcheck_file(tmp_path / "b.xlsx", [row]), "selfcheck")
    assert result.written and [e.type for e in result.plan.created].count("联系人") == 1
    with ledger.session(write=False) as s:
        people = {c.name: (c.role, c.mobile, c.office_phone) for c in s.scalars(sa.select(Contact))}
    assert people == {"王芳": ("安全负责人", "139 1234 5678", None), "李伟": ("网站联系人", None, "0311-87654321")}


def test_legacy_xls_is_read(ledger, tmp_path: Path) -> None:
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls can be made here")
    source = selfcheck_file(tmp_path / "附件2.xlsx")
    subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    result = import_file(ledger, tmp_path / "附件2.xls", "selfcheck")
    assert result.plan.ok and result.written, result.plan.errors
    assert counts(ledger)["ProtectedObject"] == len(SELFCHECK_ROWS)


def test_quick_measure_agrees_with_the_careful_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick measure of an ordinary sheet (desktop.importers.fastscan) finds the same last row and
    column and the same cells as the event-by-event one; its characters are never fewer."""
    import zipfile

    from desktop.documents import workbooks
    from desktop.importers import extent

    made = [selfcheck_file(tmp_path / "seed.xlsx"), summary_file(tmp_path / "summary.xlsx")]
    wb = Workbook()
    wb.active.append(["单位名称", "网站名称", "数量", "备注"])
    for i in range(50):
        wb.active.append([f"单位{i % 7}", f"网站{i}", i, "a&b<c>" if i % 5 == 0 else None])
    wb.active["F60"] = "远处的单元格"
    wb.save(tmp_path / "shared.xlsx")  # openpyxl writes shared strings (t="s")
    made.append(tmp_path / "shared.xlsx")
    with open(tmp_path / "streamed.xlsx", "wb") as fh:  # the program's own streamed export (inline strings)
        workbooks.write_summary([], fh, "某单位")
    made.append(tmp_path / "streamed.xlsx")

    def measured(path: Path) -> list[extent.SheetExtent]:
        with zipfile.ZipFile(path) as zf:
            return extent.measure(path, zf).sheets

    quick_ones = []
    real = extent.fastscan.measure_regular

    def spy(*args: object, **kwargs: object) -> object:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        quick_ones.append(found is not None)
        return found

    monkeypatch.setattr(extent.fastscan, "measure_regular", spy)
    for path in made:
        quick = measured(path)
        with monkeypatch.context() as m:
            m.setattr(extent, "FAST_SCAN_BYTES", -1)
            careful = measured(path)
        assert [(s.rows, s.columns, s.cells) for s in quick] == [(s.rows, s.columns, s.cells) for s in careful], path
        assert all(q.chars >= c.chars for q, c in zip(quick, careful, strict=True)), path
    assert all(quick_ones) and len(quick_ones) == len(made)  # every one of them measured the quick way


def test_bulk_import_on_a_server_ledger(pg_ledger, tmp_path: Path) -> None:
    """On PostgreSQL the rows written with their own ids move the id sequences on (a record created
    afterwards does not collide), and the audit trail and the stored rows agree."""
    from db.store.check import check_ledger
    from desktop.services import records
    from desktop.services.findings_import import import_findings

    result = import_file(pg_ledger, summary_file(tmp_path / "附件3.xlsx"), "summary")
    assert result.written, result.plan.errors
    with pg_ledger.session(write=False) as s:
        obj = s.scalar(sa.select(sa.func.min(ProtectedObject.id)))
    org = records.save(pg_ledger, "organizations", None, {"name": "导入之后新建的单位"})
    site = records.save(pg_ledger, "protected_objects", None, {"organization_id": org, "name": "之后新建的网站",
                                                               "domains": ["later.example.gov.cn"]})  # fmt: skip
    assert org and site
    book = Workbook()
    book.active.append(["风险等级", "安全问题"])
    book.active.append(["高", "管理员使用弱口令"])
    book.save(tmp_path / "问题.xlsx")
    assert import_findings(pg_ledger, tmp_path / "问题.xlsx", object_id=obj).written
    report = check_ledger(pg_ledger)
    assert report.ok, report.lines()


def test_server_import_ids_do_not_collide_with_another_officers_save(pg_ledger) -> None:
    """An import running on the server takes its ids from the sequences: an officer saving a unit on
    another connection while it runs gets another id, and both commit (with max(id) + 1 the two
    took the same id and the import failed on the key)."""
    from db.models import Organization
    from desktop.services import records
    from desktop.services.import_writer import BulkInserter

    records.save(pg_ledger, "organizations", None, {"name": "已有的单位"})
    with pg_ledger.session() as s:
        writer = BulkInserter(s)
        imported = writer.next_id(Organization)
        # meanwhile, on another connection, an officer saves a new unit and commits
        other = records.save(pg_ledger, "organizations", None, {"name": "同时新建的单位"})
        assert other != imported
        writer.insert(Organization, [{"id": imported, "name": "导入的单位"}])
    later = records.save(pg_ledger, "organizations", None, {"name": "导入之后新建的单位"})
    with pg_ledger.session(write=False) as s:
        names = dict(s.execute(sa.select(Organization.id, Organization.name)).all())
    assert names[imported] == "导入的单位" and names[other] == "同时新建的单位"
    assert names[later] == "导入之后新建的单位" and len(names) == 4


def test_moving_sequences_on_never_hands_out_ids_an_import_has_taken(pg_ledger) -> None:
    """``server init`` (and every schema upgrade of a department server) moves the id sequences past
    the stored ids; it must not move one back below ids a running import took and has not written."""
    from db.models import Organization
    from db.store import server_admin
    from desktop.services import records
    from desktop.services.import_writer import ID_BLOCK, BulkInserter

    with pg_ledger.session() as s:
        taken = BulkInserter(s).next_id(Organization)  # the block taken, nothing written yet
        server_admin.fix_sequences(pg_ledger.engine)  # another connection moves the sequences on
        later = records.save(pg_ledger, "organizations", None, {"name": "之后新建的单位"})
        assert later >= taken + ID_BLOCK
