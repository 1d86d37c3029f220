"""Only the schema this program creates: restore refuses, and check reports, anything else (issue 12).

A trigger in a restored backup would run inside every later transaction and silently change data.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from hostile.restore import CHANGED_TABLE, DISGUISED_TRIGGER, TABLE, TRIGGER, VIEW, tampered_backup
from ledger_helpers import add, names, sha256
from sqlalchemy.pool import StaticPool

from db.domain.errors import CorruptLedgerError
from db.store import keys, schema_check
from db.store.backup import connect_file, make_backup
from db.store.check import check_ledger
from db.store.migrate import _config, head_revision
from db.store.restore import RestoreRefused, restore_backup
from db.store.storage import open_ledger
from desktop.cli import main


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))
    monkeypatch.delenv("DENGBAO_BACKUP_DIR", raising=False)



def test_the_reference_is_what_a_new_ledger_has(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "new.db", encryption=False)
    led.analyze()  # statistics tables are SQLite's own and allowed
    led.close()
    conn = sqlite3.connect(tmp_path / "new.db")
    try:
        assert schema_check.compare(conn, head_revision()) == []
    finally:
        conn.close()


def test_a_ledger_upgraded_step_by_step_matches_the_reference(tmp_path: Path) -> None:
    """A ledger made by the first release and upgraded on opening has exactly the new ledger's schema."""
    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=StaticPool)
    with engine.connect() as conn:
        from alembic import command

        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    engine.dispose()
    led = open_ledger(path, create=False)  # migrates to head
    report = check_ledger(led)
    led.close()
    assert report.schema == []


@pytest.mark.parametrize(
    ("statements", "says"),
    [
        ((TRIGGER,), "备份中有本程序不会创建的触发器“quiet_rewrite”，不予恢复"),
        ((VIEW,), "备份中有本程序不会创建的视图“organizations_shadow”，不予恢复"),
        ((TABLE,), "备份中有本程序不会创建的数据表“notes_extra”，不予恢复"),
        (("CREATE INDEX ix_extra ON organizations (name, id)",), "备份中有本程序不会创建的索引“ix_extra”"),
        ((CHANGED_TABLE,), "备份中的数据表“organizations”与本程序创建的定义不同"),
        (("DROP INDEX ix_findings_title",), "备份中缺少本程序创建的索引“ix_findings_title”"),
        (DISGUISED_TRIGGER, "备份中有本程序不会创建的触发器“sqlite_stat1”"),
    ],
    ids=["trigger", "view", "table", "index", "changed-table", "missing-index", "disguised-trigger"],
)
def test_restore_refuses_a_backup_with_a_foreign_schema(ledger_path: Path, tmp_path: Path, statements, says) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    good = make_backup(led)
    add(led, "当前数据")
    key = led.key
    led.close()
    bad = tampered_backup(good, tmp_path / "bad.db", statements, key)
    before = sha256(ledger_path)
    with pytest.raises(RestoreRefused) as err:
        restore_backup(ledger_path, bad)
    assert says in str(err.value) and "当前台账未做任何修改" in str(err.value)
    assert sha256(ledger_path) == before
    assert not list(ledger_path.parent.glob("*.restoring*"))
    led = open_ledger(ledger_path)
    assert names(led) == {"甲", "当前数据"}
    led.close()


def test_the_refused_trigger_would_have_changed_data(ledger_path: Path, tmp_path: Path, capsys) -> None:
    """What the check protects against: the same backup, opened directly, rewrites a new record."""
    led = open_ledger(ledger_path)
    add(led, "甲")
    good = make_backup(led)
    key = led.key
    led.close()
    rewrite = (
        "CREATE TRIGGER rename_all AFTER INSERT ON organizations BEGIN "
        "UPDATE organizations SET name = name || '（被改）' WHERE id = NEW.id; END"
    )
    bad = tampered_backup(good, tmp_path / "bad.db", (rewrite,), key)
    shutil.copyfile(bad, tmp_path / "opened.db")
    # the program does not open such a ledger for work at all: the trigger would rewrite every new unit
    with pytest.raises(CorruptLedgerError, match="触发器“rename_all”"):
        open_ledger(tmp_path / "opened.db", key=key, create=False)
    before = sha256(ledger_path)
    assert main(["--db", str(ledger_path), "restore", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "备份中有本程序不会创建的触发器“rename_all”，不予恢复" in err
    assert sha256(ledger_path) == before


def test_a_normal_backup_restores_and_checks_clean(ledger_path: Path, capsys) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    good = make_backup(led)
    add(led, "之后加的")
    led.close()
    assert main(["--db", str(ledger_path), "restore", str(good)]) == 0
    out = capsys.readouterr().out
    assert "数据结构：正常" in out and "检查结果：通过" in out
    led = open_ledger(ledger_path)
    assert names(led) == {"甲"}
    led.close()


def test_an_older_revision_backup_is_compared_with_that_revision(tmp_path: Path) -> None:
    """A backup at revision 0002 has 0002's indexes; a trigger in it is still refused."""
    path = tmp_path / "r2.db"
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=StaticPool)
    with engine.connect() as conn:
        from alembic import command

        cfg = _config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.commit()
    engine.dispose()
    conn2 = sqlite3.connect(path)
    try:
        assert schema_check.compare(conn2, "0002") == []
        assert schema_check.compare(conn2, head_revision()) != []  # 0003's indexes are not there yet
        conn2.execute(TRIGGER)
        problems = schema_check.compare(conn2, "0002")
    finally:
        conn2.close()
    assert [p.describe("备份中") for p in problems] == ["备份中有本程序不会创建的触发器“quiet_rewrite”"]


def test_check_reports_a_trigger_added_to_the_ledger(ledger_path: Path, capsys) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    key = led.key
    led.close()
    conn = connect_file(ledger_path, key)
    conn.execute(TRIGGER.replace("findings", "organizations").replace("risk = 'low'", "name = name"))
    conn.close()
    with pytest.raises(CorruptLedgerError, match="触发器“quiet_rewrite”"):
        open_ledger(ledger_path)  # opening for work is refused: the trigger would act on every save
    assert main(["--db", str(ledger_path), "check"]) == 1
    err = capsys.readouterr().err
    assert "触发器“quiet_rewrite”" in err
    assert keys.load_key(ledger_path) == key


def test_opening_a_ledger_with_a_foreign_trigger_is_refused(tmp_path) -> None:
    """A trigger someone slipped into the file would rewrite every save: the ledger is not opened, the
    message names the trigger, and the file is left as it was."""
    import sqlite3

    import pytest

    from db.domain.errors import CorruptLedgerError
    from db.store.storage import open_ledger

    path = tmp_path / "ledger.db"
    open_ledger(path, encryption=False).close()
    raw = sqlite3.connect(path)
    raw.execute("CREATE TRIGGER sneaky AFTER INSERT ON organizations BEGIN UPDATE organizations SET name = 'x'; END")
    raw.commit()
    raw.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(CorruptLedgerError, match="触发器“sneaky”"):
        open_ledger(path, create=False)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
