"""Backups of the ledger file: encrypted like the ledger, taken with SQLite's online backup API.

A backup is a complete, self-contained ledger file (rollback-journal mode, no ``-wal`` beside it)
encrypted with the ledger's key, so it opens with the same recovery key. Backups are named
``<ledger stem>-<YYYYMMDD>-<HHMMSS>-<reason>.db`` (``-2``, ``-3`` … if two fall in one second) and
live in the backup folder: ``<folder of the ledger>/backups`` by default (for the default ledger that
is ``<data dir>/backups``), changeable per ledger with :func:`set_backup_folder` or for all ledgers
with the ``DENGBAO_BACKUP_DIR`` environment variable.

Rotation (:func:`prune`), applied after every backup written into the folder: of the automatic and
safety backups keep the newest of each of the last 7 days, 4 ISO weeks and 12 months that have a
backup, plus the 3 newest safety copies (``before-…``); backups made on request (``manual``) and
backups dated in the future (clock changes) are never deleted.

API for the window (call from the database worker, never from the GUI thread):

- ``auto_backup(ledger)`` every hour or so while the program runs: writes a ``daily`` backup when
  none was taken in the last 24 hours (``backup_due``), otherwise does nothing; returns the new
  file or None.
- ``auto_backup(ledger, on_exit=True)`` when the program closes: also backs up when the ledger
  changed since the newest backup (audit trail moved on).
- ``make_backup(ledger, reason="manual")`` for the "立即备份" button, ``make_backup(ledger,
  target=path)`` for "备份到…"; ``list_backups(folder, stem)`` / ``latest_backup(folder, stem)``
  for the restore dialog; ``backup_folder(ledger.path)`` / ``set_backup_folder(ledger.path, dir)``
  for the settings page; ``db.store.restore.restore_backup`` to restore (after closing the ledger).

Server (PostgreSQL) ledgers are backed up by the database administrator (``pg_dump``);
``make_backup`` refuses them and ``auto_backup`` skips them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from db.domain.errors import DiskFullError, LedgerError, translate
from db.store import keys, ledger_files, output

if TYPE_CHECKING:
    from db.store.storage import Ledger

ENV_BACKUP_DIR = "DENGBAO_BACKUP_DIR"
SETTINGS_FILE = "backup-settings.json"
SUFFIX = ".db"
PARTIAL = ".partial"
#: partial files (and their journals) older than this are left over from a killed backup
PARTIAL_MAX_AGE = timedelta(hours=1)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
KEEP_SAFETY = 3
AUTO_INTERVAL = timedelta(hours=24)
#: a backup dated further ahead than this is treated as written under a wrong clock
CLOCK_SLACK = timedelta(hours=1)
#: reasons: lower-case words joined by '-' (``manual``, ``daily``, ``exit``, ``before-restore`` …)
MANUAL = "manual"
#: the automatic backup taken when the window starts (none in 24 h); ``exit`` the one taken on closing
DAILY = "daily"
SAFETY_PREFIX = "before-"
_REASON = re.compile(r"[a-z]+(?:-[a-z]+)*")
_NAME = re.compile(
    r"(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<seq>\d+))?\.db"
)


class BackupError(LedgerError):
    """A backup could not be written or used; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    stem: str
    taken: datetime
    reason: str
    seq: int = 1

    @property
    def is_safety(self) -> bool:
        return self.reason.startswith(SAFETY_PREFIX)

    def as_dict(self) -> dict[str, Any]:
        size = self.path.stat().st_size if self.path.exists() else 0
        return {
            "path": str(self.path),
            "taken": self.taken.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": size,
        }


# ---------------------------------------------------------------------------------------------
# where backups go
# ---------------------------------------------------------------------------------------------


def _settings_path() -> Path:
    from db.store.paths import default_data_dir  # noqa: PLC0415

    return default_data_dir() / SETTINGS_FILE


def _read_settings() -> dict[str, Any]:
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def backup_folder(ledger_path: Path) -> Path:
    """The backup folder of the ledger at ``ledger_path`` (not created here)."""
    env = os.environ.get(ENV_BACKUP_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    folders = _read_settings().get("folders", {})
    chosen = folders.get(keys.account_for(ledger_path)) if isinstance(folders, dict) else None
    if isinstance(chosen, str) and chosen:
        return Path(chosen)
    return ledger_path.expanduser().resolve().parent / "backups"


def set_backup_folder(ledger_path: Path, folder: Path | None) -> None:
    """Remember ``folder`` as the backup folder of ``ledger_path`` (None: back to the default)."""
    settings = _read_settings()
    folders = settings.get("folders")
    if not isinstance(folders, dict):
        folders = {}
    account = keys.account_for(ledger_path)
    if folder is None:
        folders.pop(account, None)
    else:
        folder = Path(folder).expanduser().resolve()
        folder.mkdir(parents=True, exist_ok=True)
        folders[account] = str(folder)
    settings["folders"] = folders
    path = _settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + PARTIAL)
    tmp.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# names, listing, rotation
# ---------------------------------------------------------------------------------------------


def backup_name(stem: str, taken: datetime, reason: str, seq: int = 1) -> str:
    if not _REASON.fullmatch(reason):
        raise ValueError(f"bad backup reason {reason!r}")
    tail = f"-{seq}" if seq > 1 else ""
    return f"{stem}-{taken:%Y%m%d-%H%M%S}-{reason}{tail}{SUFFIX}"


def parse_backup_name(path: Path) -> BackupInfo | None:
    match = _NAME.fullmatch(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return BackupInfo(path, match["stem"], taken, match["reason"], int(match["seq"] or 1))


def list_backups(folder: Path, stem: str | None = None) -> list[BackupInfo]:
    """Backups in ``folder`` (of the ledger named ``stem``, if given), newest first."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [info for p in entries if p.is_file() and (info := parse_backup_name(p)) is not None]
    if stem is not None:
        found = [b for b in found if b.stem == stem]
    return list_order(found)


def latest_backup(folder: Path, stem: str | None = None) -> Path | None:
    """The newest backup file in ``folder`` (for ``stem``), or None."""
    found = list_backups(folder, stem)
    return found[0].path if found else None


def _newest_per_period(
    backups: list[BackupInfo], period: Callable[[date], Hashable], count: int
) -> Iterator[Path]:
    seen: list[Hashable] = []
    for info in backups:  # newest first
        key = period(info.taken.date())
        if key in seen:
            continue
        if len(seen) >= count:
            return
        seen.append(key)
        yield info.path


def backups_to_keep(backups: list[BackupInfo], now: datetime) -> set[Path]:
    """The rotation rule (see the module docstring) applied to ``backups`` of one ledger."""
    ordered = list_order(backups)
    keep = {b.path for b in ordered if b.reason == MANUAL or b.taken > now + CLOCK_SLACK}
    rotating = [b for b in ordered if b.path not in keep]
    keep.update(_newest_per_period(rotating, lambda d: d, KEEP_DAILY))
    # the day's first automatic backup (taken at start) stays beside the day's last (taken on exit):
    # a day's work can be undone back to how the ledger was that morning
    keep.update(_newest_per_period([b for b in rotating if b.reason == DAILY], lambda d: d, KEEP_DAILY))
    keep.update(_newest_per_period(rotating, lambda d: d.isocalendar()[:2], KEEP_WEEKLY))
    keep.update(_newest_per_period(rotating, lambda d: (d.year, d.month), KEEP_MONTHLY))
    keep.update(b.path for b in [b for b in rotating if b.is_safety][:KEEP_SAFETY])
    return keep


def list_order(backups: list[BackupInfo]) -> list[BackupInfo]:
    """Newest first; names carry the second only, so two backups of one second are ordered by when
    they were written."""
    return sorted(backups, key=lambda b: (b.taken, b.seq, _mtime(b.path)), reverse=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def prune(folder: Path, stem: str, now: datetime | None = None) -> list[Path]:
    """Delete the backups of ``stem`` the rotation does not keep, and stale partial files; return them."""
    now = now or datetime.now()
    backups = list_backups(folder, stem)
    keep = backups_to_keep(backups, now)
    removed: list[Path] = []
    for info in backups:
        if info.path not in keep:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    with contextlib.suppress(OSError):
        # a killed backup leaves its partial file and SQLite's journal of it (".partial-journal");
        # an hour is far longer than any backup takes, so a backup still running is never touched
        for leftover in folder.glob(f"{stem}-*{SUFFIX}{PARTIAL}*"):
            if datetime.fromtimestamp(leftover.stat().st_mtime) < now - PARTIAL_MAX_AGE:
                leftover.unlink()
                removed.append(leftover)
    return removed


def backup_due(
    folder: Path, now: datetime, *, stem: str | None = None, interval: timedelta = AUTO_INTERVAL
) -> bool:
    """True when no backup (of ``stem``) was taken in the ``interval`` before ``now``."""
    return not any(now - interval < b.taken <= now + CLOCK_SLACK for b in list_backups(folder, stem))


# ---------------------------------------------------------------------------------------------
# writing backups
# ---------------------------------------------------------------------------------------------


def connect_file(path: Path, key: bytes | None, *, read_only: bool = False) -> Any:
    """A raw DB-API connection to a ledger file, keyed like the program's own connections
    (``read_only``: opened so that nothing, not even a journal, is written)."""
    where, uri = (f"file:{quote(str(path))}?mode=ro", True) if read_only else (str(path), False)
    if key is None:
        conn: Any = sqlite3.connect(where, isolation_level=None, timeout=5, uri=uri)
        return conn
    import sqlcipher3.dbapi2 as sqlcipher  # noqa: PLC0415

    conn = sqlcipher.connect(where, isolation_level=None, timeout=5, uri=uri)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def key_opens(path: Path, key: bytes | None) -> bool:
    """True if ``key`` (None: plain file) opens the ledger file at ``path``; opens read-only."""
    if not path.is_file():
        return False
    try:
        conn = connect_file(path, key)
    except Exception:  # noqa: BLE001 - any failure means "does not open"
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:  # noqa: BLE001
        return False
    finally:
        conn.close()
    return True


def _free_name(folder: Path, stem: str, taken: datetime, reason: str) -> Path:
    seq = 1
    while True:
        target = folder / backup_name(stem, taken, reason, seq)
        if not target.exists() and not target.with_name(target.name + PARTIAL).exists():
            return target
        seq += 1


def copy_database(source: Any, target: Path, key: bytes | None) -> None:
    """Copy the database of the open DB-API connection ``source`` into a new file ``target``.

    The online backup API reads one consistent snapshot while other connections keep working;
    the copy is keyed with ``key``, switched to rollback-journal mode (self-contained) and checked.
    """
    dest = connect_file(target, key)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE").fetchone()
        rows = [r[0] for r in dest.execute("PRAGMA quick_check(5)").fetchall()]
        if rows != ["ok"]:
            raise BackupError("备份文件校验未通过：" + "；".join(map(str, rows)))
    finally:
        dest.close()


def make_backup(
    ledger: Ledger,
    folder: Path | None = None,
    reason: str = MANUAL,
    *,
    target: Path | None = None,
    overwrite: bool = False,
    now: datetime | None = None,
) -> Path:
    """Write a backup of ``ledger`` and return its path.

    Into ``folder`` (default: :func:`backup_folder`) under a timestamped name, then rotate; or,
    with ``target``, exactly there: never the ledger, its companion files or its backup folder, and an
    existing file only with ``overwrite`` and only if it is an earlier backup of this ledger
    (:func:`is_earlier_copy`). Written through :func:`db.store.output.output_file`: the file appears
    only when complete (written beside it, checked, flushed to disk, then renamed).
    """
    if ledger.path is None:
        raise BackupError("服务器台账（PostgreSQL）请由数据库管理员用 pg_dump 备份，本程序不做文件备份。")
    if not _REASON.fullmatch(reason):
        raise ValueError(f"bad backup reason {reason!r}")
    now = now or datetime.now()
    stem = ledger.path.stem
    if target is None:
        folder = folder or backup_folder(ledger.path)
        _make_folder(folder)
        final = _free_name(folder, stem, now, reason)
    else:
        final = Path(target).expanduser()
    try:
        # the one door for files the program writes: refuses the ledger, its companions, its backup
        # folder (for a name the user chose) and any file that is not an earlier backup of this ledger
        with output.output_file(
            final,
            output.BACKUP,
            overwrite=overwrite,
            protect=output_guard(ledger.path),
            replaceable=lambda existing: is_earlier_copy(ledger, existing),
            own_name=target is None,
            partial_suffix=PARTIAL,
        ) as partial:
            raw = ledger.engine.raw_connection()
            try:
                copy_database(raw.driver_connection, partial, ledger.key)
            finally:
                raw.close()
    except BaseException as exc:
        known = translate(exc) if isinstance(exc, Exception) and not isinstance(exc, LedgerError) else None
        if known is not None:
            raise known from exc
        if isinstance(exc, OSError):
            raise BackupError(f"无法写入备份文件 {final}：{exc.strerror or exc}") from exc
        raise
    if target is None and folder is not None:
        prune(folder, stem, now)
    return final


def output_guard(ledger_path: Path) -> output.Protected:
    """What no file the program writes for the ledger at ``ledger_path`` may touch: the ledger with its
    companion files, and its backup folder (except the program's own backups)."""
    return output.Protected(ledgers=(ledger_path,), folders=(backup_folder(ledger_path),))


def is_earlier_copy(ledger: Ledger, path: Path) -> bool:
    """True when the file at ``path`` is a backup of ``ledger`` that holds nothing the ledger does not:
    a self-contained file (not in WAL mode, no ``-wal``/``-shm`` beside it, so not a ledger in use)
    that opens with this ledger's key and whose newest audit event is one of the ledger's own.
    Only such a file may be replaced by a new backup (``backup --out FILE --force``)."""
    if ledger_files.is_open_here(path) or any(
        path.with_name(path.name + side).exists() for side in ledger_files.SIDECARS
    ):
        return False
    try:
        conn = connect_file(path, ledger.key, read_only=True)
    except Exception:  # noqa: BLE001 - does not open: not ours
        return False
    try:
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        head = conn.execute("SELECT last_event_id, last_hash FROM audit_head WHERE id = 1").fetchone()
        events = int(conn.execute("SELECT count(*) FROM audit_events").fetchone()[0])
    except Exception:  # noqa: BLE001 - not a ledger file
        return False
    finally:
        conn.close()
    if mode == "wal" or head is None:
        return False
    event_id, event_hash = int(head[0]), str(head[1])
    if event_id == 0:
        return events == 0
    raw = ledger.engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert conn is not None
        row = conn.execute("SELECT hash FROM audit_events WHERE id = ?", (event_id,)).fetchone()
    finally:
        raw.close()
    return row is not None and str(row[0]) == event_hash


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if "No space" in str(exc):
            raise DiskFullError() from exc
        raise BackupError(f"无法创建备份文件夹 {folder}：{exc.strerror or exc}") from exc


def last_event_id(conn: Any) -> int | None:
    """The audit head of an open DB-API connection (None if the ledger has no audit trail yet)."""
    try:
        row = conn.execute("SELECT last_event_id FROM audit_head WHERE id = 1").fetchone()
    except Exception:  # noqa: BLE001 - older or foreign file: unknown
        return None
    return int(row[0]) if row else 0


def changed_since(ledger: Ledger, backup: Path) -> bool:
    """True unless ``backup`` holds the same audit head as the ledger (i.e. nothing changed since)."""
    raw = ledger.engine.raw_connection()
    try:
        current = last_event_id(raw.driver_connection)
    finally:
        raw.close()
    try:
        conn = connect_file(backup, ledger.key)
    except Exception:  # noqa: BLE001
        return True
    try:
        saved = last_event_id(conn)
    finally:
        conn.close()
    return current is None or saved is None or current != saved


def auto_backup(ledger: Ledger, *, now: datetime | None = None, on_exit: bool = False) -> Path | None:
    """Back up when due (none in 24 h), or on exit also when the ledger changed; else return None."""
    if ledger.path is None:
        return None
    now = now or datetime.now()
    folder = backup_folder(ledger.path)
    stem = ledger.path.stem
    due = backup_due(folder, now, stem=stem)
    if not due and on_exit:
        newest = latest_backup(folder, stem)
        due = newest is None or changed_since(ledger, newest)
    if not due:
        return None
    return make_backup(ledger, folder, "exit" if on_exit else DAILY, now=now)
