"""Backups (encrypted, rotated, due daily and on exit) and restore (verify first, replace atomically)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from ledger_helpers import add, names, sha256

from db.domain.errors import LedgerBusyError
from db.models import Organization
from db.store import keys
from db.store.backup import (
    BackupError,
    BackupInfo,
    auto_backup,
    backup_due,
    backup_folder,
    backup_name,
    backups_to_keep,
    connect_file,
    key_opens,
    latest_backup,
    list_backups,
    make_backup,
    parse_backup_name,
    prune,
    set_backup_folder,
)
from db.store.check import check_ledger
from db.store.restore import RestoreRefused, restore_backup
from db.store.storage import open_ledger
from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED_NAME = "河北省机构编制委员会办公室"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the backup-folder setting out of the real user profile."""
    monkeypatch.setenv("DENGBAO_PORTABLE_DIR", str(tmp_path / "profile"))
    monkeypatch.delenv("DENGBAO_BACKUP_DIR", raising=False)



# --- making backups ---------------------------------------------------------------------------


def test_backup_is_encrypted_complete_and_opens_with_the_ledger_key(ledger, ledger_path: Path) -> None:
    add(ledger, SEED_NAME)
    path = make_backup(ledger)
    assert path.parent == ledger_path.parent / "backups"
    info = parse_backup_name(path)
    assert info is not None and info.reason == "manual" and info.stem == "ledger"
    raw = path.read_bytes()
    assert SEED_NAME.encode() not in raw and not raw.startswith(b"SQLite format 3")
    assert not path.with_name(path.name + "-wal").exists()
    assert key_opens(path, ledger.key) and not key_opens(path, keys.new_key())
    copy = open_ledger(path, key=ledger.key, create=False)
    assert names(copy) == {SEED_NAME}
    assert check_ledger(copy).ok
    copy.close()


def test_plain_ledger_gives_a_plain_backup(tmp_path: Path) -> None:
    led = open_ledger(tmp_path / "plain.db", encryption=False)
    add(led, "甲")
    path = make_backup(led)
    assert path.read_bytes().startswith(b"SQLite format 3")
    led.close()


def test_server_ledgers_are_not_file_backed_up() -> None:
    with pytest.raises(BackupError, match="pg_dump"):
        make_backup(SimpleNamespace(path=None))  # type: ignore[arg-type]


def test_cli_backup_out_and_refusal_to_overwrite(ledger_path: Path, tmp_path: Path, capsys) -> None:
    open_ledger(ledger_path).close()  # only init and demo create a ledger
    out = tmp_path / "拷贝" / "台账备份.db"
    assert main(["--db", str(ledger_path), "backup", "--out", str(out)]) == 0
    assert "已加密" in capsys.readouterr().out and out.is_file()
    before = sha256(out)
    assert main(["--db", str(ledger_path), "backup", "--out", str(out)]) == 1
    assert "已存在" in capsys.readouterr().err
    assert sha256(out) == before
    assert main(["--db", str(ledger_path), "backup", "--out", str(out), "--force"]) == 0


def test_backup_folder_setting(ledger, ledger_path: Path, tmp_path: Path, monkeypatch) -> None:
    assert backup_folder(ledger_path) == ledger_path.parent.resolve() / "backups"
    chosen = tmp_path / "U盘" / "台账备份"
    set_backup_folder(ledger_path, chosen)
    assert backup_folder(ledger_path) == chosen.resolve()
    assert make_backup(ledger).parent == chosen.resolve()
    monkeypatch.setenv("DENGBAO_BACKUP_DIR", str(tmp_path / "env"))
    assert backup_folder(ledger_path) == tmp_path / "env"
    monkeypatch.delenv("DENGBAO_BACKUP_DIR")
    set_backup_folder(ledger_path, None)
    assert backup_folder(ledger_path) == ledger_path.parent.resolve() / "backups"


def test_cli_backup_folder_and_listing(ledger_path: Path, tmp_path: Path, capsys) -> None:
    open_ledger(ledger_path).close()  # only init and demo create a ledger
    folder = tmp_path / "elsewhere"
    assert main(["--db", str(ledger_path), "backup-folder", str(folder)]) == 0
    assert main(["--db", str(ledger_path), "backup"]) == 0
    capsys.readouterr()
    assert main(["--db", str(ledger_path), "backups"]) == 0
    out = capsys.readouterr().out
    assert str(folder.resolve()) in out and "手动" in out


# --- rotation -----------------------------------------------------------------------------------


def _infos(stamps: list[datetime], reason: str = "daily") -> list[BackupInfo]:
    return [BackupInfo(Path(backup_name("ledger", t, reason)), "ledger", t, reason) for t in stamps]


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    now = datetime(2026, 11, 21, 18, 0)
    # two automatic backups a day for 500 days
    stamps = [now - timedelta(days=d, hours=h) for d in range(500) for h in (1, 9)]
    infos = _infos(stamps)
    kept = sorted((i for i in infos if i.path in backups_to_keep(infos, now)), key=lambda i: i.taken)
    days = {i.taken.date() for i in kept}
    # the newest of each of the last 7 days
    for d in range(7):
        newest_that_day = (now - timedelta(days=d, hours=1)).date()
        assert newest_that_day in days
    weeks = {i.taken.isocalendar()[:2] for i in kept}
    months = {(i.taken.year, i.taken.month) for i in kept}
    assert len(weeks) >= 4 and len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    assert min(i.taken for i in kept) >= now - timedelta(days=366)
    # one per day at most, and it is that day's newest
    assert len(days) == len(kept)
    assert all(i.taken.hour == 17 for i in kept)  # 18:00 - 1 h is the newer of each day's two
    # deterministic
    assert backups_to_keep(list(reversed(infos)), now) == backups_to_keep(infos, now)


def test_rotation_never_deletes_manual_future_or_the_newest_safety_copies() -> None:
    now = datetime(2026, 11, 21, 12, 0)
    daily = _infos([now - timedelta(days=d) for d in range(40)])
    manual = _infos([now - timedelta(days=300)], "manual")
    future = _infos([now + timedelta(days=30)])
    safety = _infos([now - timedelta(days=d, minutes=5) for d in range(10)], "before-restore")
    keep = backups_to_keep(daily + manual + future + safety, now)
    assert manual[0].path in keep and future[0].path in keep
    assert {s.path for s in safety[:3]} <= keep


def test_prune_deletes_files_outside_the_rotation(tmp_path: Path) -> None:
    now = datetime(2026, 11, 21, 12, 0)
    for d in range(60):
        (tmp_path / backup_name("ledger", now - timedelta(days=d), "daily")).write_bytes(b"x")
    (tmp_path / backup_name("other", now - timedelta(days=59), "daily")).write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("mine")
    removed = prune(tmp_path, "ledger", now)
    left = list_backups(tmp_path, "ledger")
    assert len(removed) == 60 - len(left)
    assert len(left) == len(backups_to_keep(_infos([now - timedelta(days=d) for d in range(60)]), now))
    assert (tmp_path / "notes.txt").exists() and list_backups(tmp_path, "other")
    assert latest_backup(tmp_path, "ledger") == tmp_path / backup_name("ledger", now, "daily")


def test_backup_due_at_most_daily(tmp_path: Path) -> None:
    now = datetime(2026, 11, 21, 12, 0)
    assert backup_due(tmp_path, now)
    (tmp_path / backup_name("ledger", now - timedelta(hours=23), "daily")).write_bytes(b"x")
    assert not backup_due(tmp_path, now)
    assert backup_due(tmp_path, now + timedelta(hours=2))
    assert backup_due(tmp_path, now, stem="another-ledger")
    # a backup dated in the future (the clock was wrong) does not stop today's backup
    (tmp_path / backup_name("x", now + timedelta(days=3), "daily")).write_bytes(b"x")
    assert backup_due(tmp_path, now, stem="x")


def test_auto_backup_daily_and_on_exit_only_when_changed(ledger, ledger_path: Path) -> None:
    now = datetime(2026, 11, 21, 9, 0)
    first = auto_backup(ledger, now=now)
    assert first is not None and parse_backup_name(first).reason == "daily"  # type: ignore[union-attr]
    assert auto_backup(ledger, now=now + timedelta(hours=3)) is None
    assert auto_backup(ledger, now=now + timedelta(hours=4), on_exit=True) is None  # nothing changed
    add(ledger, "新单位")
    on_exit = auto_backup(ledger, now=now + timedelta(hours=5), on_exit=True)
    assert on_exit is not None and parse_backup_name(on_exit).reason == "exit"  # type: ignore[union-attr]
    assert auto_backup(ledger, now=now + timedelta(hours=24)) is None  # the exit backup counts
    assert auto_backup(ledger, now=now + timedelta(hours=30)) is not None


# --- restore --------------------------------------------------------------------------------------


def test_restoring_a_backup_made_before_a_change_brings_that_state_back(ledger_path: Path, capsys) -> None:
    led = open_ledger(ledger_path)
    add(led, SEED_NAME, "河北省编办")
    before_change = make_backup(led)
    with led.session() as s:
        org = s.query(Organization).filter_by(name="河北省编办").one()
        org.name = "改过的名字"
        s.add(Organization(name="误加的单位"))
    with led.session() as s:
        s.delete(s.query(Organization).filter_by(name=SEED_NAME).one())
    changed = names(led)
    led.close()

    assert main(["--db", str(ledger_path), "restore", str(before_change)]) == 0
    out = capsys.readouterr().out
    assert "检查结果：通过" in out
    assert main(["--db", str(ledger_path), "check"]) == 0
    led = open_ledger(ledger_path)
    assert names(led) == {SEED_NAME, "河北省编办"}
    led.close()
    # the state before the restore was kept
    previous = [b for b in list_backups(ledger_path.parent / "backups") if b.reason == "before-restore"]
    assert len(previous) == 1
    copy = open_ledger(previous[0].path, key=keys.load_key(ledger_path), create=False)
    assert names(copy) == changed
    copy.close()


def _tampered_copy(backup: Path, key: bytes, sql: str, target: Path) -> Path:
    shutil.copyfile(backup, target)
    conn = connect_file(target, key)
    conn.execute(sql)
    conn.close()
    return target


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        (
            "UPDATE audit_events SET new_value = replace(new_value, '甲', '乙') WHERE id = 1",
            "审计链在第 1 号",
        ),
        ("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)", "审计链"),
        ("UPDATE alembic_version SET version_num = '9999_future'", "更新版本"),
        ("DROP TABLE audit_events", "不是等保台账"),
    ],
)
def test_restore_refuses_a_candidate_that_fails_verification(
    ledger_path: Path, tmp_path: Path, sql, reason
) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    good = make_backup(led)
    add(led, "当前数据")
    key = led.key
    led.close()
    bad = _tampered_copy(good, key, sql, tmp_path / "bad.db")
    before = sha256(ledger_path)
    with pytest.raises(RestoreRefused) as err:
        restore_backup(ledger_path, bad)
    assert reason in str(err.value) and "当前台账未做任何修改" in str(err.value)
    assert sha256(ledger_path) == before
    assert not list(ledger_path.parent.glob("*.restoring*"))
    led = open_ledger(ledger_path)
    assert names(led) == {"甲", "当前数据"}
    led.close()


@pytest.mark.parametrize("damage", ["flip", "truncate", "pdf", "random"])
def test_restore_refuses_damaged_or_foreign_files(ledger_path: Path, tmp_path: Path, damage: str) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    good = make_backup(led)
    led.close()
    bad = tmp_path / "bad.db"
    data = bytearray(good.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "pdf":
        data = bytearray(b"%PDF-1.7\n" + bytes(5000))
    else:
        data = bytearray(hashlib.sha512(b"seed").digest() * 200)
    bad.write_bytes(bytes(data))
    before = sha256(ledger_path)
    with pytest.raises(RestoreRefused, match="未通过校验"):
        restore_backup(ledger_path, bad)
    assert sha256(ledger_path) == before


def test_restore_of_a_backup_under_an_older_key(ledger_path: Path, capsys, monkeypatch) -> None:
    led = open_ledger(ledger_path)
    add(led, "换密钥前")
    old_recovery = keys.recovery_key(led.key)
    old_backup = make_backup(led)
    from db.store.rekey import change_key

    new = change_key(led).key
    add(led, "换密钥后")
    led.close()
    before = sha256(ledger_path)
    assert main(["--db", str(ledger_path), "restore", str(old_backup)]) == 1
    assert "--ask-key" in capsys.readouterr().err
    assert sha256(ledger_path) == before
    monkeypatch.setattr(sys, "stdin", io.StringIO(old_recovery + "\n"))
    assert main(["--db", str(ledger_path), "restore", str(old_backup), "--ask-key"]) == 0
    assert "原恢复密钥继续有效" in capsys.readouterr().out
    assert key_opens(ledger_path, new)  # re-keyed to the current key
    led = open_ledger(ledger_path)
    assert names(led) == {"换密钥前"}
    led.close()


def test_restore_refuses_a_plain_backup_over_an_encrypted_ledger(ledger_path: Path, tmp_path: Path) -> None:
    plain = open_ledger(tmp_path / "plain.db", encryption=False)
    plain_backup = make_backup(plain)
    plain.close()
    open_ledger(ledger_path).close()
    with pytest.raises(RestoreRefused, match="未加密"):
        restore_backup(ledger_path, plain_backup)


def test_restore_refused_while_another_program_has_the_ledger_open(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    backup = make_backup(led)
    add(led, "乙")
    key = led.key
    led.close()
    env = {"DENGBAO_KEY": key.hex(), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    holder = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "support" / "crash_worker.py"), "open", str(ledger_path), "8"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(LedgerBusyError):
            restore_backup(ledger_path, backup)
    finally:
        holder.kill()
        holder.wait()
    led = open_ledger(ledger_path)
    assert names(led) == {"甲", "乙"}
    led.close()


def test_restore_over_a_corrupt_ledger_keeps_a_raw_copy(ledger_path: Path) -> None:
    led = open_ledger(ledger_path)
    add(led, "甲")
    backup = make_backup(led)
    led.close()
    data = bytearray(ledger_path.read_bytes())
    data[100:4096] = bytes(4096 - 100)
    ledger_path.write_bytes(bytes(data))
    result = restore_backup(ledger_path, backup)
    assert result.previous is not None and result.previous.name.endswith("before-restore-raw.db")
    assert result.previous.read_bytes() == bytes(data)
    led = open_ledger(ledger_path)
    assert names(led) == {"甲"} and check_ledger(led).ok
    led.close()


def test_restore_into_a_new_profile_without_a_ledger(tmp_path: Path, monkeypatch, capsys) -> None:
    """New computer: only the backup file and the recovery key are left."""
    led = open_ledger(tmp_path / "old" / "ledger.db")
    add(led, "甲")
    backup = make_backup(led, target=tmp_path / "usb" / "ledger-backup.db")
    recovery = keys.recovery_key(led.key)
    led.close()
    target = tmp_path / "new" / "ledger.db"
    monkeypatch.setattr(sys, "stdin", io.StringIO(recovery))
    assert main(["--db", str(target), "restore", str(backup), "--ask-key"]) == 0
    led = open_ledger(target)  # key now in the keyring
    assert names(led) == {"甲"}
    led.close()


def test_leftovers_of_a_killed_backup_are_removed(tmp_path: Path) -> None:
    """A killed backup leaves ``….db.partial`` and SQLite's ``….db.partial-journal``; the next rotation
    removes both once they are older than any backup takes, and leaves a fresh one alone."""
    import os as _os

    from db.store.backup import PARTIAL_MAX_AGE, prune

    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / "ledger-20261101-101010-daily.db.partial", folder / "ledger-20261101-101010-daily.db.partial-journal"]
    fresh = folder / "ledger-20261130-101010-daily.db.partial-journal"
    for f in (*old, fresh):
        f.write_bytes(b"x")
    now = datetime(2026, 11, 30, 12, 0)
    stale = (now - PARTIAL_MAX_AGE * 2).timestamp()
    for f in old:
        _os.utime(f, (stale, stale))
    recent = (now - PARTIAL_MAX_AGE / 2).timestamp()
    _os.utime(fresh, (recent, recent))
    removed = prune(folder, "ledger", now)
    assert sorted(removed) == sorted(old) and fresh.exists()
