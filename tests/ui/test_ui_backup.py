"""设置 → 备份与恢复 driven through its widgets on a real encrypted ledger; the start-up restore."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings

from db.models import Organization
from db.store import keys
from db.store.backup import list_backups
from db.store.check import check_ledger
from desktop.services import backups
from desktop.services import records as svc
from desktop.ui import backuppanel, messages
from desktop.ui.backuppanel import BackupPanel
from desktop.ui.worker import Database

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    # backup-settings.json lives in the data folder: keep it in the test's folder
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "portable"))
    monkeypatch.delenv("DENGBAO_BACKUP_DIR", raising=False)
    asked: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(messages, "ask", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(messages, "warn", lambda _p, _t, text: warned.append(text))
    monkeypatch.setattr(backuppanel.RecoveryKeyView, "open", lambda self: None)
    yield {"asked": asked, "warned": warned}


@pytest.fixture
def panel(qtbot, ledger):
    db = Database(ledger)
    p = BackupPanel(db)
    qtbot.addWidget(p)
    p.resize(900, 700)
    p.show()
    p.activate()
    qtbot.waitUntil(lambda: p.loaded and db.pending == 0)
    yield p
    db.shutdown()


def org_name(ledger, org_id: int) -> str:
    with ledger.session(write=False) as s:
        return s.scalar(sa.select(Organization.name).where(Organization.id == org_id))


def wait_last(qtbot, p: BackupPanel, what: str) -> object:
    qtbot.waitUntil(lambda: p.last is not None and p.last[0] == what and p.db.pending == 0, timeout=20000)
    return p.last[1]


def test_backup_now_then_restore_undoes_a_change(qtbot, panel, ledger, isolated) -> None:
    org = svc.save(ledger, "organizations", None, {"name": "备份时的单位名称"})
    assert panel.model.rowCount() == 0
    panel.backup_button.click()
    made = wait_last(qtbot, panel, "backup")
    assert Path(made).is_file() and Path(made).parent == ledger.path.parent / "backups"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    row = panel.model.row_dict(0)
    assert row["reason"] == "manual" and row["reason_label"] == "手动备份" and row["size"] > 0
    assert "已备份到" in panel.status.text()

    svc.save(ledger, "organizations", org, {"name": "备份之后改的名称"})
    assert org_name(ledger, org) == "备份之后改的名称"
    changed = []
    panel.db.ledger_changed.connect(lambda: changed.append(1))
    panel.view.selectRow(0)
    assert panel.restore_button.isEnabled()
    panel.restore_button.click()
    outcome = wait_last(qtbot, panel, "restore")
    assert isinstance(outcome, backups.RestoreOutcome) and outcome.events > 0
    assert "替换当前台账" in isolated["asked"][-1]
    # the same Ledger object now reads the restored file
    assert org_name(ledger, org) == "备份时的单位名称"
    assert check_ledger(ledger).ok
    qtbot.waitUntil(lambda: bool(changed))  # every open view is told to refresh
    # the ledger as it was before the restore is kept, and listed
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert {panel.model.row_dict(r)["reason"] for r in range(2)} == {"manual", "before-restore"}
    assert "已从备份恢复" in panel.status.text()
    # the restored ledger keeps working through the window's worker
    done = []
    panel.db.write(svc.save, "organizations", org, {"name": "恢复后再改"}, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert org_name(ledger, org) == "恢复后再改"


def test_a_damaged_backup_is_refused_and_the_ledger_is_unchanged(qtbot, panel, ledger, isolated, tmp_path) -> None:
    org = svc.save(ledger, "organizations", None, {"name": "原来的单位"})
    good = backups.backup_now(ledger)
    bad = tmp_path / "damaged-backup.db"
    data = bytearray(Path(good).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in an encrypted page
    bad.write_bytes(bytes(data))
    svc.save(ledger, "organizations", org, {"name": "恢复失败也不能丢的修改"})
    panel.restore(str(bad))
    exc = wait_last(qtbot, panel, "restore")
    assert isinstance(exc, Exception)
    message = panel.status.text()
    assert "未通过校验" in message and "当前台账未做任何修改" in message
    assert isolated["warned"] and "当前台账" in isolated["warned"][-1]
    assert org_name(ledger, org) == "恢复失败也不能丢的修改"
    assert check_ledger(ledger).ok


def test_backup_folder_change_and_reset(qtbot, panel, ledger, tmp_path) -> None:
    elsewhere = tmp_path / "U盘" / "台账备份"
    panel.set_folder(str(elsewhere))
    qtbot.waitUntil(lambda: panel.state is not None and panel.state.custom)
    assert Path(panel.state.folder) == elsewhere.resolve()
    assert panel.default_folder_button.isEnabled()
    panel.backup_button.click()
    made = wait_last(qtbot, panel, "backup")
    assert Path(made).parent == elsewhere.resolve()
    panel.default_folder_button.click()
    qtbot.waitUntil(lambda: panel.state is not None and not panel.state.custom and panel.db.pending == 0)
    assert Path(panel.state.folder) == ledger.path.parent / "backups"
    assert "（默认）" in panel.folder_label.text()


def test_recovery_key_and_key_change(qtbot, panel, ledger, memory_keyring) -> None:
    org = svc.save(ledger, "organizations", None, {"name": "换密钥的单位"})
    old_key = ledger.key
    panel.show_key_button.click()
    shown = wait_last(qtbot, panel, "recovery_key")
    assert shown == keys.recovery_key(old_key)
    panel.rekey_button.click()
    outcome = wait_last(qtbot, panel, "rekey")
    assert isinstance(outcome, backups.RekeyOutcome) and outcome.stored
    assert ledger.key != old_key and keys.load_key(ledger.path) == ledger.key
    assert outcome.recovery_key == keys.recovery_key(ledger.key)
    assert org_name(ledger, org) == "换密钥的单位"
    assert "密钥已更换" in panel.status.text()
    # the backup taken first opens with the old key only
    before = [b for b in list_backups(ledger.path.parent / "backups") if b.reason == "before-rekey"]
    assert before


def test_recovery_key_view_saves_a_file(qtbot, tmp_path) -> None:
    view = backuppanel.RecoveryKeyView("ABCD-EFGH", "/x/ledger.db")
    qtbot.addWidget(view)
    target = tmp_path / "key.txt"
    view.save_to(str(target))
    assert "ABCD-EFGH" in target.read_text(encoding="utf-8")


def test_automatic_backups(qtbot, ledger) -> None:
    svc.save(ledger, "organizations", None, {"name": "自动备份"})
    first = backups.auto(ledger)
    assert first is not None and first.endswith("-daily.db")
    assert backups.auto(ledger) is None  # one a day
    assert backuppanel.backup_on_exit(ledger) is None  # nothing changed since
    svc.save(ledger, "organizations", None, {"name": "退出前的修改"})
    on_exit = backuppanel.backup_on_exit(ledger)
    assert on_exit is not None and on_exit.endswith("-exit.db")
    db = Database(ledger)
    try:
        timer = backuppanel.start_auto_backup(db, db)
        assert timer.isActive() and timer.interval() == backuppanel.AUTO_INTERVAL_MS
    finally:
        db.shutdown()


def test_server_ledger_has_no_file_backups(qtbot, demo_ledger) -> None:
    st = backups.state(demo_ledger)
    assert not st.server and st.folder
    fake = type("L", (), {"path": None, "encrypted": False, "is_server": True})()
    assert backups.state(fake).server
    with pytest.raises(Exception, match="pg_dump"):
        backups.backup_now(fake)


def test_corrupt_ledger_at_start_offers_the_latest_backup(qtbot, ledger_path, monkeypatch) -> None:
    from db.domain.errors import CorruptLedgerError
    from db.store.storage import open_ledger
    from desktop.ui import unlock

    led = open_ledger(ledger_path)
    org = svc.save(led, "organizations", None, {"name": "损坏前备份的单位"})
    backups.backup_now(led)
    led.close()
    data = bytearray(ledger_path.read_bytes())
    data[4096:8192] = b"\0" * 4096  # a page overwritten
    ledger_path.write_bytes(bytes(data))
    with pytest.raises(CorruptLedgerError) as caught:
        open_ledger(ledger_path, create=False)
    assert caught.value.backup is not None
    monkeypatch.setattr(unlock, "ask_restore", lambda _p, message, backup: True)
    opened = unlock.recover_at_start(caught.value, ledger_path)
    assert opened is not None
    try:
        assert org_name(opened, org) == "损坏前备份的单位"
        assert check_ledger(opened).ok
    finally:
        opened.close()
    # declined, or nothing to restore: None
    monkeypatch.setattr(unlock, "ask_restore", lambda *_a: False)
    assert unlock.recover_at_start(caught.value, ledger_path) is None
    assert unlock.recover_at_start(ValueError("x"), ledger_path) is None


def test_server_connection_is_saved_without_its_password(qtbot, memory_keyring, ledger, monkeypatch) -> None:
    import keyring

    from desktop.ui import serverconn, settings

    with pytest.raises(serverconn.ServerUrlError, match="PostgreSQL"):
        serverconn.clean_url("mysql://u@h/db")
    with pytest.raises(serverconn.ServerUrlError, match="数据库名"):
        serverconn.clean_url("postgresql://u@h")
    assert serverconn.clean_url("postgresql://officer:s3cret@db.example/dengbao") == (
        "postgresql+psycopg://officer@db.example/dengbao", "s3cret")

    panel = serverconn.ServerPanel(ledger)
    qtbot.addWidget(panel)
    panel.url.setText("postgresql+psycopg://officer@db.example:5432/dengbao")
    monkeypatch.setattr(serverconn, "ask_password", lambda _p, url: "口令123")
    panel.save_button.click()
    url = "postgresql+psycopg://officer@db.example:5432/dengbao"
    assert settings.get("ledger/server_url") == url
    assert keyring.get_password(serverconn.SERVICE, url) == "口令123"
    assert "口令123" not in str(QSettings().allKeys()) + str(settings.get("ledger/server_url"))
    assert "重启程序后" in panel.status.text()
    # at start-up: --url wins, then --db, then the saved server with the password from the keyring
    started = serverconn.startup_url(None, None)
    assert started is not None and started.startswith("postgresql+psycopg://officer:")
    assert "db.example:5432/dengbao" in started
    import sqlalchemy as sa

    assert sa.engine.make_url(started).password == "口令123"
    assert serverconn.startup_url(None, "/x/ledger.db") is None
    assert serverconn.startup_url("postgresql://other@h2/db2", None) == "postgresql+psycopg://other@h2/db2"
    panel.clear_button.click()
    assert settings.get("ledger/server_url") == ""
    assert keyring.get_password(serverconn.SERVICE, url) is None
    assert serverconn.startup_url(None, None) is None


def test_window_program_takes_a_server_url() -> None:
    from desktop.app import build_parser

    args = build_parser().parse_args(["--url", "postgresql+psycopg://officer@db.example/dengbao"])
    assert args.url == "postgresql+psycopg://officer@db.example/dengbao" and args.db is None
