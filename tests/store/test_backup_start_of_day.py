"""Issue 19: the day's first automatic backup is not replaced by the backup taken on exit."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from db.models import Organization
from db.store.backup import auto_backup, backup_folder, list_backups, parse_backup_name


def test_start_of_day_backup_survives_the_exit_backup(ledger, ledger_path: Path) -> None:
    morning = datetime(2026, 11, 21, 8, 30)
    first = auto_backup(ledger, now=morning)
    assert first is not None and parse_backup_name(first).reason == "daily"  # type: ignore[union-attr]
    with ledger.session() as s:
        s.add(Organization(name="上午新建的单位"))
    noon = auto_backup(ledger, now=morning + timedelta(hours=4), on_exit=True)
    with ledger.session() as s:
        s.add(Organization(name="下午新建的单位"))
    evening = auto_backup(ledger, now=morning + timedelta(hours=9), on_exit=True)
    assert noon is not None and evening is not None
    kept = {b.path for b in list_backups(backup_folder(ledger_path), ledger_path.stem)}
    # the morning's state and the evening's are both there to go back to
    assert first in kept and evening in kept
    # the day's intermediate exit backup gave way to the later one
    assert noon not in kept
