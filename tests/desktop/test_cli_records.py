"""dengbao-cli write commands (add, edit, show, delete, attach, fields, finding, filing) on real ledger
files: every kind of record, the window's rules and messages, and hostile input refused in one Chinese
sentence with the ledger left byte-identical."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from db.models import AuditEvent
from desktop.cli import main
from desktop.services import record_commands as rc

CHINESE = re.compile(r"[\u3400-\u9fff]")


class Cli:
    """``dengbao-cli --db LEDGER …`` in this process; each run's exit code, stdout and stderr."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.folder = folder
        self.db = folder / "ledger.db"
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--db", str(self.db), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, f"{args}: {err}"
        return out

    def new(self, kind: str, *pairs: str) -> int:
        return int(json.loads(self.ok("add", kind, *pairs, "--json"))["id"])

    def record(self, kind: str, record_id: int) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.ok("show", kind, str(record_id), "--json"))
        return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("records")
    assert main(["--db", str(folder / "ledger.db"), "--no-encryption", "init"]) == 0
    return folder


@pytest.fixture
def cli(template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    folder = tmp_path / "work"
    shutil.copytree(template, folder)
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))  # the error log stays here
    return Cli(folder, capsys)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def year(cli: Cli) -> dict[str, int]:
    """A unit with an object, a finding, a notice and a filing: what the other kinds point to."""
    ids = {"org": cli.new("org", "name=测试单位")}
    ids["object"] = cli.new("object", f"organization_id={ids['org']}", "name=门户网站", "domains=www.example.gov.cn")
    ids["finding"] = cli.new("finding", f"object_id={ids['object']}", "title=弱口令", "risk=高", "found_on=2026-05-06")
    ids["notice"] = cli.new("notice", "title=关于开展等保检查的通知")
    ids["filing"] = cli.new("filing", f"object_id={ids['object']}", "form_version=2025")
    return ids


def minimal(kind: str, ids: dict[str, int]) -> list[str]:
    return {
        "org": ["name=另一单位"],
        "contact": [f"organization_id={ids['org']}", "name=张三", "mobile=13800000000"],
        "object": [f"organization_id={ids['org']}", "name=办公系统", "object_type=信息系统"],
        "grading": [f"object_id={ids['object']}", "business_object=citizen", "business_degree=严重损害",
                    "service_object=society", "service_degree=general", "graded_on=2026-01-05"],
        "filing": [f"object_id={ids['object']}"],
        "institution": ["name=某测评机构", "valid_until=2027-12-31"],
        "assessment": [f"object_id={ids['object']}", "kind=等级测评", "planned_on=2026-04-01"],
        "finding": [f"object_id={ids['object']}", "title=未启用登录失败处理", "risk=medium"],
        "action": [f"finding_id={ids['finding']}", "action=启用口令复杂度策略", "evidence=策略截图"],
        "plan": [f"organization_id={ids['org']}", "name=网络安全事件应急预案", "review_cycle_months=12"],
        "drill": [f"organization_id={ids['org']}", "name=网页篡改演练", "kind=桌面推演"],
        "incident": [f"organization_id={ids['org']}", "title=首页被篡改", "category=网页篡改",
                     "discovered_at=2026-06-01 08:30"],
        "notice": ["title=关于报送汇总表的通知", "received_on=2026-03-01"],
        "task": [f"notice_id={ids['notice']}", "text=报送开办情况汇总表", "due_on=2026-03-20"],
    }[kind]


RECORD_KINDS = [k for k in rc.KINDS if k != "attachment"]


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_kind_is_added_shown_with_every_field_and_edited(cli: Cli, year: dict[str, int], kind: str) -> None:
    new_id = cli.new(kind, *minimal(kind, year))
    record = cli.record(kind, new_id)
    fields = json.loads(cli.ok("fields", kind, "--json"))
    names = [f["field"] for f in fields]
    assert names and all(f["label"] and CHINESE.search(f["label"]) for f in fields)
    assert set(names) <= set(record), f"fields not printed by show: {set(names) - set(record)}"
    assert isinstance(record["row_version"], int)
    if kind == "grading":
        assert record["level"] == 2 and record["status"] == "draft"
        code, _out, err = cli("edit", kind, str(new_id), "filled_by=李四")
        assert code == 1 and "重新定级" in err
        return
    # one text field changed, the others kept
    text = next(f for f in fields if f["kind"] == "text" and not f["choices"] and f["field"] not in ("uscc",))
    cli.ok("edit", kind, str(new_id), f"{text['field']}=改过的内容")
    after = cli.record(kind, new_id)
    assert after[text["field"]] == "改过的内容"
    assert {k: v for k, v in after.items() if k not in (text["field"], "updated_at", "row_version")} == {
        k: v for k, v in record.items() if k not in (text["field"], "updated_at", "row_version")
    }


def test_fields_lists_chinese_labels_and_allowed_values(cli: Cli) -> None:
    out = cli.ok("fields", "finding")
    assert "risk" in out and "风险等级" in out and "high=高" in out and "*必填" in out
    grading = {f["field"]: f for f in json.loads(cli.ok("fields", "grading", "--json"))}
    assert {c["value"] for c in grading["business_degree"]["choices"]} == {"general", "serious", "very_serious"}
    assert any(c["value"] == "grading-form-2025" for c in grading["rule_set"]["choices"])


def test_choices_by_label_lists_repeated_and_a_field_emptied(cli: Cli, year: dict[str, int]) -> None:
    oid = cli.new("object", f"organization_id={year['org']}", "name=两个域名的网站", "object_type=网站",
                  "domains=a.example.gov.cn", "domains=b.example.gov.cn", "badge_displayed=是")
    record = cli.record("object", oid)
    assert record["object_type"] == "website" and record["badge_displayed"] is True
    assert record["domains"] == ["a.example.gov.cn", "b.example.gov.cn"]
    cli.ok("edit", "object", str(oid), "site_name=门户", "badge_displayed=否")
    cli.ok("edit", "object", str(oid), "site_name=")
    record = cli.record("object", oid)
    assert record["site_name"] is None and record["badge_displayed"] is False


def test_every_save_is_audited_like_the_window(cli: Cli, year: dict[str, int]) -> None:
    from db.store.storage import open_ledger

    cli.ok("edit", "finding", str(year["finding"]), "owner=王五")
    led = open_ledger(cli.db, encryption=False)
    try:
        with led.session(write=False) as s:
            events = s.query(AuditEvent).filter_by(entity="findings", entity_id=year["finding"]).all()
    finally:
        led.close()
    assert any(e.field == "owner" and "王五" in (e.new_value or "") for e in events), [(e.field, e.new_value) for e in events]
    _code, out, _err = cli("check")
    assert "审计链完整" in out and "审计覆盖：正常" in out, out


def test_a_move_refused_at_the_write_leaves_no_evidence_behind(
    cli: Cli, year: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The evidence file and the move are one transaction: when the write is refused (here another
    officer deleted the finding after the command had checked it), no attachment is left over."""
    from db.models import Attachment
    from db.store.storage import open_ledger
    from desktop.services import records

    fid = year["finding"]
    evidence = tmp_path / "整改截图.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    checked = rc.check_attachable

    def deleted_meanwhile(ledger: Any, path: str | Path) -> Path:
        real = checked(ledger, path)
        other = open_ledger(cli.db, encryption=False, create=False)
        try:
            records.delete(other, "findings", fid)
        finally:
            other.close()
        return real

    monkeypatch.setattr(rc, "check_attachable", deleted_meanwhile)
    code, _o, err = cli("finding", str(fid), "risk_accepted", "--approver", "王五", "--reason", "系统即将下线",
                        "--evidence", str(evidence))  # fmt: skip
    assert code == 1 and "问题已不存在" in err, err
    led = open_ledger(cli.db, encryption=False, create=False)
    try:
        with led.session(write=False) as s:
            assert s.query(Attachment).filter_by(entity_type="findings").count() == 0
    finally:
        led.close()


def test_a_finding_moves_only_along_the_dialog_s_rules(cli: Cli, year: dict[str, int], tmp_path: Path) -> None:
    fid = str(year["finding"])
    code, _o, err = cli("finding", fid, "fixed")
    assert code == 1 and "请先登记至少一项整改措施及其证明材料" in err
    cli.new("action", f"finding_id={fid}", "action=修改口令策略", "evidence=整改后配置截图")
    evidence = tmp_path / "整改截图.png"
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    assert "已整改" in cli.ok("finding", fid, "fixed", "--evidence", str(evidence))
    code, _o, err = cli("finding", fid, "verified")
    assert code == 1 and "验证人" in err
    code, _o, err = cli("finding", fid, "risk_accepted")
    assert code == 1 and "不能从“已整改”直接改为“风险接受”" in err
    cli.ok("finding", fid, "已验证", "--verifier", "赵六")
    record = cli.record("finding", year["finding"])
    assert record["status"] == "verified" and record["verifier"] == "赵六" and record["verified_on"]
    atts = [a for a in cli.ok("show", "attachment", "1", "--json").splitlines() if "整改截图.png" in a]
    assert atts


def test_a_filing_is_accepted_only_with_its_certificate(cli: Cli, year: dict[str, int]) -> None:
    fid = str(year["filing"])
    code, _o, err = cli("filing", fid, "accepted", "--certificate", "13010099001-00001")
    assert code == 1 and "不能从" in err  # 准备材料 → 已受理备案 is not a move the lifecycle allows
    cli.ok("filing", fid, "submitted", "--on", "2026-03-10")
    before = snapshot(cli.folder)
    code, _o, err = cli("filing", fid, "accepted", "--on", "2026-03-20")
    assert code == 1 and "备案证明编号" in err and snapshot(cli.folder) == before
    cli.ok("filing", fid, "accepted", "--on", "2026-03-20", "--certificate", "13010099001-00001")
    record = cli.record("filing", year["filing"])
    assert (record["status"], record["submitted_on"], record["accepted_on"], record["certificate_no"]) == (
        "accepted", "2026-03-10", "2026-03-20", "13010099001-00001"
    )


def test_a_stale_if_version_edit_is_refused(cli: Cli, year: dict[str, int]) -> None:
    fid = str(year["finding"])
    version = cli.record("finding", year["finding"])["row_version"]
    cli.ok("edit", "finding", fid, "owner=甲", "--if-version", str(version))
    before = snapshot(cli.folder)
    code, _o, err = cli("edit", "finding", fid, "owner=乙", "--if-version", str(version))
    assert code == 1 and "记录已被他人修改" in err, err
    assert snapshot(cli.folder) == before
    assert cli.record("finding", year["finding"])["owner"] == "甲"


def _hostile_cases(cli: Cli, year: dict[str, int], tmp: Path) -> list[tuple[list[str], int, str]]:
    fifo = tmp / "pipe"
    os.mkfifo(fifo)
    (tmp / "folder").mkdir()
    bidi = tmp / "invoice\u202egpj.exe"
    bidi.write_bytes(b"x")
    link = tmp / "看起来是证明.pdf"
    link.symlink_to(cli.db)
    org, obj, finding = str(year["org"]), str(year["object"]), str(year["finding"])
    return [
        (["add", "nosuchkind", "name=x"], 2, "无效的取值"),
        (["add", "org", "nosuchfield=x"], 2, "没有字段"),
        (["add", "org", "name"], 2, "字段=值"),
        (["edit", "finding", finding, "status=fixed"], 2, "dengbao-cli finding ID"),
        (["add", "org"], 1, "单位名称：此项必填"),
        (["add", "org", "name=甲", "name=乙"], 1, "只能给一次"),
        (["add", "org", "name=x", "uscc=123"], 1, "统一社会信用代码"),
        (["add", "org", "name=x", "status=maybe"], 1, "可选"),
        (["add", "finding", f"object_id={obj}", "title=x", "risk=超高"], 1, "风险等级不能是"),
        (["add", "finding", f"object_id={obj}", "title=x", "risk=high", "found_on=2026-13-45"], 1, "日期"),
        (["add", "finding", f"object_id={obj}", "title=x", "risk=high", "found_on=2026-05-01",
          "deadline=2026-04-01"], 1, "整改期限不能早于发现日期"),
        (["add", "finding", f"object_id={org}999", "title=x", "risk=high"], 1, "找不到编号为"),
        (["add", "action", "finding_id=424242", "action=x"], 1, "找不到编号为 424242 的问题"),
        (["add", "object", f"organization_id={org}", "name=" + "长" * 201], 1, "过长"),
        (["add", "finding", f"object_id={obj}", "title=x", "risk=high", "description=" + "x" * 100_001], 1, "过长"),
        (["add", "org", "name=单位\u202e甲"], 1, "改变文字显示方向"),
        (["add", "org", "name=单位\x00甲"], 1, "控制字符"),
        (["add", "org", "name=单位\x1b[31m甲"], 1, "控制字符"),
        (["add", "plan", f"organization_id={org}", "name=p", "review_cycle_months=9999"], 1, "评审周期"),
        (["add", "drill", f"organization_id={org}", "name=d", "participants=" + "9" * 30], 1, "超出范围"),
        (["add", "drill", "organization_id=" + "9" * 30, "name=d"], 1, "超出范围"),
        (["add", "assessment", f"object_id={obj}", "score=nan"], 1, "有限的数字"),
        (["add", "assessment", f"object_id={obj}", "compliance_rate=1e999"], 1, "有限的数字"),
        (["add", "assessment", f"object_id={obj}", "score=150"], 1, "综合得分"),
        (["add", "attachment", "name=x"], 1, "attach"),
        (["edit", "org", org], 1, "没有要修改的字段"),
        (["edit", "action", "1", f"finding_id={finding}"], 1, "不能修改"),
        (["edit", "org", "999999", "name=x"], 1, "找不到编号为 999999 的单位"),
        (["edit", "object", finding + "000", "name=x"], 1, "找不到"),
        (["show", "action", "999"], 1, "找不到编号为 999 的整改措施"),
        (["delete", "object", obj], 1, "不能删除"),
        (["delete", "filing", "1"], 1, "不能在程序中删除"),
        (["delete", "org", "999"], 1, "找不到"),
        (["attach", "finding", finding, str(cli.db)], 1, "台账文件"),
        (["attach", "finding", finding, str(cli.db) + "-wal"], 1, "附属文件"),
        (["attach", "finding", finding, str(link)], 1, "台账文件"),
        (["attach", "finding", finding, str(tmp / "work" / ".." / "work" / "ledger.db")], 1, "台账文件"),
        (["attach", "finding", finding, str(tmp / "folder")], 1, "文件夹"),
        (["attach", "finding", finding, str(fifo)], 1, "不是普通文件"),
        (["attach", "finding", finding, str(tmp / "missing.pdf")], 1, "找不到文件"),
        (["attach", "finding", finding, str(bidi)], 1, "改变文字显示方向"),
        (["attach", "finding", "999", str(bidi.with_name("x"))], 1, "找不到"),
        (["finding", finding, "done"], 1, "没有“done”这个状态"),
        (["finding", finding, "verified", "--verifier", "张\u202e三"], 1, "改变文字显示方向"),
        (["finding", "999", "fixed"], 1, "找不到编号为 999 的问题"),
        (["finding", finding, "fixed", "--evidence", str(fifo)], 1, "不是普通文件"),
        (["filing", "1", "returned"], 1, "--reason"),
        (["filing", "1", "accepted", "--certificate", "abc"], 1, "备案证明编号"),
        (["edit", "finding", finding, "owner=x", "--if-version", "0"], 2, "版本号"),
    ]


def test_hostile_input_is_one_chinese_sentence_and_the_ledger_is_untouched(
    cli: Cli, year: dict[str, int], tmp_path: Path
) -> None:
    cli.new("action", f"finding_id={year['finding']}", "action=关闭多余端口")
    cases = _hostile_cases(cli, year, tmp_path)
    before = snapshot(cli.folder)
    for argv, expected, needle in cases:
        code, out, err = cli(*argv)
        what = " ".join(a[:60] for a in argv)
        assert code == expected, f"{what}: exit {code}; {err}"
        assert err.startswith("错误：") and err.count("\n") == 1, f"{what}: {err!r}"
        assert "Traceback" not in err and "内部错误" not in err, f"{what}: {err}"
        assert needle in err, f"{what}: {needle!r} not in {err!r}"
        assert not out, f"{what}: {out!r}"
        assert snapshot(cli.folder) == before, f"{what}: the ledger changed"


def test_attach_keeps_the_file_and_delete_removes_it(cli: Cli, year: dict[str, int], tmp_path: Path) -> None:
    doc = tmp_path / "备案证明.pdf"
    doc.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    info = json.loads(cli.ok("attach", "object", str(year["object"]), str(doc), "--json"))
    assert info["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest() and info["filename"] == doc.name
    shown = cli.record("attachment", info["id"])
    assert (shown["entity_type"], shown["entity_id"], shown["size"]) == ("protected_objects", year["object"], 2009)
    cli.ok("delete", "attachment", str(info["id"]))
    code, _o, err = cli("show", "attachment", str(info["id"]))
    assert code == 1 and "找不到" in err


def test_delete_refuses_what_the_window_refuses_and_deletes_the_rest(cli: Cli, year: dict[str, int]) -> None:
    action = cli.new("action", f"finding_id={year['finding']}", "action=关闭多余端口")
    assert "已删除整改措施" in cli.ok("delete", "action", str(action))
    cli.ok("delete", "finding", str(year["finding"]))
    contact = cli.new("contact", f"organization_id={year['org']}", "name=联系人")
    cli.ok("delete", "contact", str(contact))
    code, _o, err = cli("delete", "org", str(year["org"]))
    assert code == 1 and "定级对象" in err


def test_a_huge_attachment_is_refused_before_it_is_read(cli: Cli, year: dict[str, int], tmp_path: Path) -> None:
    big = tmp_path / "录像.mp4"
    with big.open("wb") as fh:  # sparse: 51 MB that take no room
        fh.truncate(51 * 1024 * 1024)
    before = snapshot(cli.folder)
    code, _o, err = cli("attach", "object", str(year["object"]), str(big))
    assert code == 1 and "超过了允许的 50 MB" in err and snapshot(cli.folder) == before


@pytest.mark.pg
def test_write_commands_on_a_server_ledger(pg_ledger: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The same commands with --url: a value longer than its column and a stale version are refused
    in Chinese before the server could reject them, nothing written."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--url", pg_ledger.url, *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("add", "org", "name=服务器上的单位", "--json")
    assert code == 0, err
    org = json.loads(out)["id"]
    code, out, err = run("add", "object", f"organization_id={org}", "name=门户网站", "--json")
    obj = json.loads(out)["id"]
    code, out, err = run("add", "finding", f"object_id={obj}", "title=弱口令", "risk=高", "--json")
    finding = json.loads(out)
    code, _o, err = run("edit", "finding", str(finding["id"]), "owner=" + "长" * 51)
    assert code == 1 and "过长" in err
    assert run("edit", "finding", str(finding["id"]), "owner=甲", "--if-version", str(finding["row_version"]))[0] == 0
    code, _o, err = run("edit", "finding", str(finding["id"]), "owner=乙", "--if-version", str(finding["row_version"]))
    assert code == 1 and "记录已被他人修改" in err
    code, out, _e = run("show", "finding", str(finding["id"]), "--json")
    assert json.loads(out)["owner"] == "甲"


@pytest.mark.pg
def test_the_command_line_connects_with_the_password_the_window_saved(pg_ledger: Any) -> None:
    """`dengbao-cli --url` without a password takes the one 设置 → 服务器 saved in the OS keyring
    for that server (the window and the command line log in alike); one in the URL wins."""
    import keyring
    import sqlalchemy as sa

    from db.domain.identity import SERVER_KEYRING_SERVICE
    from desktop.cli import program
    from desktop.services.ledger_access import split_server_url

    bare, _none = split_server_url(sa.engine.make_url(pg_ledger.url).set(password=None).render_as_string())
    keyring.set_password(SERVER_KEYRING_SERVICE, bare, "窗口保存的口令")
    try:
        for given, expected in ((bare, "窗口保存的口令"), (sa.engine.make_url(bare).set(password="命令行口令")
                                                         .render_as_string(hide_password=False), "命令行口令")):
            led = program._open_ledger(program.build_parser().parse_args(["--url", given, "list", "orgs"]))
            try:
                assert led.engine.url.password == expected
            finally:
                led.close()
    finally:
        keyring.delete_password(SERVER_KEYRING_SERVICE, bare)
