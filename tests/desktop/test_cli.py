"""dengbao-cli end to end on real ledger files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

TODAY = "2026-11-21"


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> str:
    key = "5a" * 32
    monkeypatch.setenv("DENGBAO_KEY", key)
    return key


def test_demo_then_check_succeeds_and_file_is_encrypted(tmp_path: Path, keyed: str, capsys) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "demo", "--today", TODAY]) == 0
    assert main(["--db", str(db), "check"]) == 0
    out = capsys.readouterr().out
    assert "审计链完整" in out and "检查结果：通过" in out
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("x.db"))
    for text in ("河北省机构编制委员会办公室", "李克强", "河北机构编制网", "弱口令"):
        assert text.encode("utf-8") not in raw, text


def test_list_deadlines_json_names_the_rule_set(tmp_path: Path, keyed: str, capsys) -> None:
    db = tmp_path / "x.db"
    main(["--db", str(db), "demo", "--today", TODAY])
    capsys.readouterr()
    assert main(["--db", str(db), "list", "deadlines", "--json", "--today", TODAY]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items, "the demonstration ledger always has something due"
    kinds = {i["kind"] for i in items}
    assert {"finding_deadline", "notice_task"} <= kinds
    for item in items:
        assert item["rule_set"], item
        assert item["due"] and item["id"] if "id" in item else item["entity_id"]
    # the holiday-calendar reminder names no rule set of its own (rule_set "holidays")
    computed = [i for i in items if i["kind"] not in ("finding_deadline", "notice_task", "holiday_calendar")]
    assert computed and all(i["rule_set"].startswith(("obligations-", "incident-")) for i in computed)


def test_list_commands_give_ids(tmp_path: Path, keyed: str, capsys) -> None:
    db = tmp_path / "x.db"
    main(["--db", str(db), "demo", "--today", TODAY])
    for what in ("orgs", "objects", "findings"):
        capsys.readouterr()
        assert main(["--db", str(db), "list", what, "--json", "--today", TODAY]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows and all(isinstance(r["id"], int) for r in rows)
    capsys.readouterr()
    main(["--db", str(db), "list", "orgs", "--json"])
    names = [r["name"] for r in json.loads(capsys.readouterr().out)]
    assert names[:4] == ["河北省机构编制委员会办公室", "河北省事业单位登记管理局", "河北省机构编制电子政务中心", "河北省机构编制研究中心"]


def test_list_objects_names_each_unit_once(tmp_path: Path, keyed: str, capsys) -> None:
    """Two units' sites share a name, so the ledger keeps 河北机构编制网（unit）: the list must not add （unit）
    a second time."""
    db = tmp_path / "x.db"
    main(["--db", str(db), "demo", "--today", TODAY])
    capsys.readouterr()
    assert main(["--db", str(db), "list", "objects"]) == 0
    lines = capsys.readouterr().out.splitlines()
    named = [line for line in lines if "河北省事业单位登记管理局" in line]
    assert named and all(line.count("河北省事业单位登记管理局") == 1 for line in named), named


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert main(["--db", str(tmp_path / "x.db"), "no-such-command"]) == 2


def test_missing_key_is_refused_with_a_message(tmp_path: Path, keyed: str, monkeypatch, capsys) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "init"]) == 0
    before = db.read_bytes()
    monkeypatch.delenv("DENGBAO_KEY")
    assert main(["--db", str(db), "list", "orgs"]) == 1
    assert "恢复密钥" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_init_shows_recovery_key_once(tmp_path: Path, capsys) -> None:
    db = tmp_path / "y.db"
    assert main(["--db", str(db), "init"]) == 0
    first = capsys.readouterr().out
    assert "恢复密钥" in first
    assert main(["--db", str(db), "init"]) == 0
    assert "恢复密钥" not in capsys.readouterr().out


def test_no_encryption_says_so(tmp_path: Path, capsys) -> None:
    db = tmp_path / "plain.db"
    assert main(["--db", str(db), "--no-encryption", "init"]) == 0
    assert "未加密" in capsys.readouterr().out
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
