"""Restoring a backup without risking the current ledger.

Order of work in :func:`restore_backup`:

1. back up the current ledger into the backup folder (``before-restore``; if it cannot be opened,
   a raw copy of its files, ``before-restore-raw``);
2. copy the candidate to a private staging file beside the ledger and verify that copy completely:
   it opens with the key, ``PRAGMA integrity_check``, ``PRAGMA cipher_integrity_check``, foreign
   keys, a known schema revision (not newer than this program), exactly the schema this program
   creates at that revision (no trigger, view, table or index of anyone else's:
   :mod:`db.store.schema_check`) and the audit hash chain;
3. only then make sure no other program has the ledger open, re-key the staging copy to the
   current key (so the printed recovery key stays valid), and move it over the ledger with
   ``os.replace`` (atomic on the same volume).

Any failure before step 3 leaves the ledger file exactly as it was and says why.
The caller must have closed its own connections to the ledger first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from db.domain.errors import LedgerBusyError, LedgerError, NewerLedgerError, translate
from db.store import audit_head, keys, schema_check
from db.store.audit import verify_chain
from db.store.backup import (
    BackupError,
    backup_folder,
    connect_file,
    copy_database,
    key_opens,
    prune,
)
from db.store.backup import _free_name as free_backup_name
from db.store.ledger_files import claim_sole_use, fsync_dir, fsync_file

STAGING_SUFFIX = ".restoring"
_SIDECARS = ("-wal", "-shm", "-journal")


class RestoreRefused(BackupError):
    """The candidate failed verification; the current ledger was not touched."""

    def __init__(self, candidate: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"备份文件“{candidate}”未通过校验，当前台账未做任何修改。原因：" + "；".join(problems)
        )


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    revision: str | None = None
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RestoreResult:
    ledger: Path
    #: the copy of the ledger as it was before the restore (None if there was no ledger)
    previous: Path | None
    report: VerifyReport
    #: True when the backup was re-keyed to the current key
    rekeyed: bool
    #: the key the restored ledger now has (None: plain file)
    key: bytes | None = field(default=None, repr=False)


def _is_plain(path: Path) -> bool:
    from db.store.storage import is_plain_sqlite  # noqa: PLC0415 - storage imports backup lazily

    return is_plain_sqlite(path)


def verify_file(path: Path, key: bytes | None) -> VerifyReport:
    """Check a ledger file completely. Opens it writable (WAL): pass a private copy, not the original."""
    from db.store.engine import sqlite_engine  # noqa: PLC0415
    from db.store.migrate import current_revision, head_revision, is_known_revision  # noqa: PLC0415

    report = VerifyReport()
    engine = sqlite_engine(path, key)
    try:
        with engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check(20)").fetchall()]
            if rows != ["ok"]:
                report.problems.append("文件完整性检查未通过（" + "；".join(rows[:3]) + "）")
                return report
            if key is not None:
                bad = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()]
                if bad:
                    report.problems.append("加密页校验未通过（" + "；".join(bad[:3]) + "）")
                    return report
            if conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
                report.problems.append("存在引用已不存在记录的数据（外键检查未通过）")
            tables = set(sa.inspect(conn).get_table_names())
            if "alembic_version" not in tables or "audit_events" not in tables:
                report.problems.append("文件不是等保台账（缺少数据结构版本或审计记录表）")
                return report
            report.revision = current_revision(conn)
            if report.revision is None:
                report.problems.append("文件没有数据结构版本记录")
            elif report.revision != head_revision() and not is_known_revision(report.revision):
                report.problems.append(str(NewerLedgerError(report.revision)))
            else:
                # only what this program creates: a trigger or view would change or hide data later
                report.problems += [
                    p.describe("备份中") + "，不予恢复" for p in schema_check.compare(conn, report.revision)
                ]
            chain = verify_chain(conn)
            report.events = chain.events
            if not chain.ok:
                report.problems.append(chain.message())
            conn.rollback()
    except DBAPIError as exc:
        text = str(exc.orig).lower()
        if "not a database" in text or "encrypted" in text:
            report.problems.append(
                "无法用当前密钥打开：可能是更换密钥之前做的备份（请用 --ask-key 输入当时的恢复密钥），"
                "或文件不是等保台账备份"
            )
        else:
            known = translate(exc)
            report.problems.append(str(known) if known else f"无法读取（{exc.orig}）")
    finally:
        engine.dispose()
    return report


def _remove(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + s) for s in _SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def _backup_current(ledger_path: Path, key: bytes | None, folder: Path, now: datetime) -> Path | None:
    """Copy the ledger as it is now into ``folder``; a raw file copy if it cannot be opened."""
    if not ledger_path.is_file() or ledger_path.stat().st_size == 0:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    stem = ledger_path.stem
    if key_opens(ledger_path, None if _is_plain(ledger_path) else key):
        target = free_backup_name(folder, stem, now, "before-restore")
        partial = target.with_name(target.name + ".partial")
        try:
            source = connect_file(ledger_path, None if _is_plain(ledger_path) else key)
            try:
                copy_database(source, partial, None if _is_plain(ledger_path) else key)
            finally:
                source.close()
            fsync_file(partial)
            os.replace(partial, target)
            fsync_dir(folder)
            return target
        except Exception as exc:  # noqa: BLE001 - fall back to a raw copy of a damaged file
            with contextlib.suppress(OSError):
                partial.unlink()
            if isinstance(exc, LedgerError) and not isinstance(exc, BackupError):
                raise
    target = free_backup_name(folder, stem, now, "before-restore-raw")
    shutil.copyfile(ledger_path, target)
    for suffix in ("-wal", "-journal"):
        side = ledger_path.with_name(ledger_path.name + suffix)
        if side.is_file():
            shutil.copyfile(side, target.with_name(target.name + suffix))
    fsync_file(target)
    fsync_dir(folder)
    return target


def claim_exclusive(ledger_path: Path, key: bytes | None, *, attempts: int = 10) -> None:
    """Leave WAL mode, which SQLite allows only when no other connection has the file open.

    Raises :class:`LedgerBusyError` if another program keeps the ledger open; afterwards the
    ledger is a single self-contained file (no ``-wal``).
    """
    import time  # noqa: PLC0415

    for attempt in range(attempts):
        try:
            conn = connect_file(ledger_path, key)
        except Exception:  # noqa: BLE001 - a damaged ledger: nobody can be using it
            return
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() == "delete":
                return
        except Exception as exc:  # noqa: BLE001
            text = str(exc).lower()
            if "locked" not in text and "busy" not in text:
                return  # damaged: nothing to protect, the raw copy was taken
        finally:
            conn.close()
        if attempt + 1 < attempts:
            time.sleep(0.3)
    raise LedgerBusyError()


def restore_backup(
    ledger_path: Path,
    candidate: Path,
    *,
    key: bytes | None = None,
    folder: Path | None = None,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the ledger at ``ledger_path`` with the backup ``candidate`` (see the module docstring).

    ``key`` opens the candidate (default: the current ledger's key from ``DENGBAO_KEY`` or the keyring).
    """
    ledger_path = Path(ledger_path).expanduser().resolve()
    candidate = Path(candidate).expanduser()
    now = now or datetime.now()
    if not candidate.is_file():
        raise BackupError(f"找不到备份文件：{candidate}")
    if candidate.resolve() == ledger_path:
        raise BackupError("要恢复的文件就是当前台账本身。")
    folder = folder or backup_folder(ledger_path)
    current_exists = ledger_path.is_file() and ledger_path.stat().st_size > 0
    current_plain = current_exists and _is_plain(ledger_path)
    current_key = None if current_plain else keys.load_key(ledger_path)
    candidate_plain = _is_plain(candidate)
    if candidate_plain and current_exists and not current_plain:
        raise RestoreRefused(candidate, ["备份文件未加密，而当前台账是加密的；为免数据以明文保存，不予恢复"])
    candidate_key = None if candidate_plain else (key or current_key)
    if not candidate_plain and candidate_key is None:
        raise RestoreRefused(candidate, ["备份文件已加密，但没有密钥：请用 --ask-key 输入恢复密钥"])

    # 1. the current ledger, as it is, into the backup folder
    previous = _backup_current(ledger_path, current_key, folder, now) if current_exists else None

    # 2. a private copy of the candidate, verified before anything is replaced
    staging = ledger_path.with_name(ledger_path.name + STAGING_SUFFIX)
    _remove(staging)
    rekeyed = False
    try:
        ledger_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(candidate, staging)
        candidate_wal = candidate.with_name(candidate.name + "-wal")
        if candidate_wal.is_file() and candidate_wal.stat().st_size > 0:
            shutil.copyfile(candidate_wal, staging.with_name(staging.name + "-wal"))
        report = verify_file(staging, candidate_key)
        if not report.ok:
            raise RestoreRefused(candidate, report.problems)
        final_key = candidate_key
        if candidate_key is not None and current_key is not None and current_key != candidate_key:
            final_key = current_key
            rekeyed = True
        _finish_staging(staging, candidate_key, final_key)

        # 3. nobody else may be using the ledger (the use lock every process holds while it has the
        # ledger open, then SQLite's own check); only then swap atomically
        sole = claim_sole_use(ledger_path)
        if sole is None:
            raise LedgerBusyError()
        with sole:
            if current_exists:
                claim_exclusive(ledger_path, current_key)
            for suffix in _SIDECARS:
                with contextlib.suppress(FileNotFoundError):
                    ledger_path.with_name(ledger_path.name + suffix).unlink()
            fsync_file(staging)
            os.replace(staging, ledger_path)
            fsync_dir(ledger_path.parent)
            audit_head.forget(ledger_path)  # a restore rewinds the audit chain on purpose
    except OSError as exc:
        _remove(staging)
        known = translate(exc)
        raise (known or BackupError(f"恢复失败，当前台账未被替换：{exc.strerror or exc}")) from exc
    except BaseException:
        _remove(staging)
        raise
    if final_key is not None:
        keys.remember_key(ledger_path, final_key)
    prune(folder, ledger_path.stem, now)
    return RestoreResult(ledger_path, previous, report, rekeyed, final_key)


def _finish_staging(staging: Path, key: bytes | None, final_key: bytes | None) -> None:
    """Re-key the staging copy if needed and make it one self-contained file (no -wal)."""
    conn = connect_file(staging, key)
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        if final_key is not None and final_key != key:
            conn.execute(f"PRAGMA rekey = \"x'{final_key.hex()}'\"")
    finally:
        conn.close()
    if not key_opens(staging, final_key):
        raise BackupError("备份文件换用当前密钥失败，当前台账未被替换。")
    if staging.with_name(staging.name + "-wal").exists():
        raise BackupError("备份文件未能合并其日志文件，当前台账未被替换。")
