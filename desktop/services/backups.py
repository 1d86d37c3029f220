"""Backups, restore and key changes for the window: plain functions the database worker runs.

Every function takes the open :class:`db.store.storage.Ledger` first (the worker's calling convention) and
hands back plain data. :func:`restore_into` closes the ledger's connections, restores the chosen
backup with :func:`db.store.restore.restore_backup` (which verifies it completely before it replaces
anything) and reopens the file *into the same Ledger object*, so the window's worker and every open
view keep working on the restored ledger without being rebuilt. When the backup is refused, the
ledger is reopened unchanged and the refusal (a Chinese reason) is raised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from db.domain.errors import LedgerError, MissingKeyError
from db.store import backup as bk
from db.store import keys

log = logging.getLogger("dengbao")

#: how each backup reason reads in the list
REASONS = {
    "manual": "手动备份",
    "daily": "自动备份",
    "exit": "退出时备份",
    "before-restore": "恢复前的台账",
    "before-restore-raw": "恢复前的台账（原样复制）",
    "before-rekey": "更换密钥前（旧密钥）",
    "before-migration": "升级数据结构前",
}


@dataclass(frozen=True)
class BackupRow:
    path: str
    taken: datetime
    reason: str
    reason_label: str
    size: int


@dataclass(frozen=True)
class BackupState:
    """What the 备份与恢复 panel shows."""

    #: None for a server ledger (backed up by its administrator)
    folder: str | None
    default_folder: str | None
    custom: bool
    backups: tuple[BackupRow, ...]
    encrypted: bool
    server: bool


def reason_label(reason: str) -> str:
    if reason in REASONS:
        return REASONS[reason]
    if reason.startswith(bk.SAFETY_PREFIX):
        return "操作前的安全备份"
    return reason


def _require_file(ledger: Any) -> Path:
    if ledger.path is None:
        raise bk.BackupError("服务器台账（PostgreSQL）请由数据库管理员用 pg_dump 备份，本程序不做文件备份。")
    return Path(ledger.path)


def default_folder(ledger_path: Path) -> Path:
    return ledger_path.expanduser().resolve().parent / "backups"


def state(ledger: Any) -> BackupState:
    """The backup folder and its backups of this ledger, newest first."""
    if ledger.path is None:
        return BackupState(None, None, False, (), False, True)
    path = Path(ledger.path)
    folder = bk.backup_folder(path)
    default = default_folder(path)
    rows = []
    for info in bk.list_backups(folder, path.stem):
        try:
            size = info.path.stat().st_size
        except OSError:
            continue
        rows.append(BackupRow(str(info.path), info.taken, info.reason, reason_label(info.reason), size))
    return BackupState(
        str(folder), str(default), folder.resolve() != default, tuple(rows), bool(ledger.encrypted), False
    )


def backup_now(ledger: Any, **_job: Any) -> str:
    """立即备份: a ``manual`` backup into the backup folder (never rotated away)."""
    _require_file(ledger)
    return str(bk.make_backup(ledger, reason=bk.MANUAL))


def set_folder(ledger: Any, folder: str | None) -> BackupState:
    """Remember ``folder`` as this ledger's backup folder (None: back to the default)."""
    path = _require_file(ledger)
    try:
        bk.set_backup_folder(path, Path(folder) if folder else None)
    except OSError as exc:
        raise bk.BackupError(f"无法使用文件夹 {folder}：{exc.strerror or exc}") from exc
    return state(ledger)


def auto(ledger: Any, *, on_exit: bool = False) -> str | None:
    """The hourly (or on-exit) automatic backup; None when none was due. Failures are logged, not raised."""
    if getattr(ledger, "path", None) is None:
        return None
    try:
        made = bk.auto_backup(ledger, on_exit=on_exit)
    except Exception:  # noqa: BLE001 - an automatic backup must never disturb the user's work
        log.exception("automatic backup failed")
        return None
    return str(made) if made else None


def _reopen(ledger: Any, key: bytes | None) -> None:
    """Open the ledger file again and move the new connection into the existing Ledger object."""
    from db.store.storage import open_ledger  # noqa: PLC0415 - storage imports backup lazily

    path = Path(ledger.path)
    try:
        fresh = open_ledger(path, create=False)
    except MissingKeyError:
        if key is None:
            raise
        fresh = open_ledger(path, create=False, key=key)
    ledger.adopt(fresh)


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: str
    #: the ledger as it was before, kept in the backup folder
    previous: str | None
    events: int
    rekeyed: bool
    revision: str | None


def restore_into(ledger: Any, candidate: str | Path, **_job: Any) -> RestoreOutcome:
    """Replace the open ledger with the backup ``candidate``; see the module docstring."""
    from db.store.restore import restore_backup  # noqa: PLC0415

    path = _require_file(ledger)
    key = ledger.key
    ledger.close()
    try:
        result = restore_backup(path, Path(candidate))
    except BaseException:
        _reopen(ledger, key)
        raise
    _reopen(ledger, result.key if result.key is not None else key)
    return RestoreOutcome(
        restored_from=str(candidate),
        previous=str(result.previous) if result.previous else None,
        events=result.report.events,
        rekeyed=result.rekeyed,
        revision=result.report.revision,
    )


def recovery_key(ledger: Any) -> str:
    """The printable recovery key of an encrypted ledger."""
    if not getattr(ledger, "encrypted", False) or ledger.key is None:
        raise LedgerError("此台账未加密，没有恢复密钥。")
    return keys.recovery_key(ledger.key)


@dataclass(frozen=True)
class RekeyOutcome:
    recovery_key: str
    backup: str
    stored: bool
    env_key_stale: bool


def change_key(ledger: Any) -> RekeyOutcome:
    """更换密钥: a fresh random key; the backup taken first keeps the old key."""
    from db.store.rekey import change_key as rekey  # noqa: PLC0415

    result = rekey(ledger)
    return RekeyOutcome(result.recovery_key, str(result.backup), result.stored, result.env_key_stale)


__all__ = [
    "BackupRow",
    "BackupState",
    "RekeyOutcome",
    "RestoreOutcome",
    "auto",
    "backup_now",
    "change_key",
    "recovery_key",
    "restore_into",
    "set_folder",
    "state",
]
