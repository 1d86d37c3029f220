"""dengbao-cli maintenance commands: keys, backups and restore.

- ``recovery-key``: print the recovery key of the open ledger.
- ``unlock``: type the recovery key (new Windows profile, lost keyring entry); opens the ledger and
  stores the key in the keyring again.
- ``rekey``: change the key (backup first), store it, print the new recovery key (once before the file
  is re-encrypted, so an interrupted change never leaves a key nobody has, and again when done).
- ``backup [--out FILE [--force]]``: back up now (into the backup folder, or to FILE; ``--force`` replaces
  only an earlier backup of this ledger, see :func:`db.store.backup.is_earlier_copy`).
- ``backups``: list the backups in the backup folder.
- ``backup-folder [DIR | --default]``: show or change the backup folder.
- ``restore FILE [--ask-key]``: back up the current ledger, verify FILE, then replace the ledger.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

from db.domain.errors import LedgerError
from db.store import keys
from desktop.cli.support import UsageError, add_passphrase_option, ledger_target, non_empty


def register(sub: Any) -> None:
    p = sub.add_parser("recovery-key", help="显示当前台账的恢复密钥（请打印或抄写后妥善保管）")
    p.set_defaults(handler=cmd_recovery_key, read_only=True)

    p = sub.add_parser("unlock", help="输入恢复密钥（或用 --passphrase-stdin 输入口令）打开台账，并把密钥保存到系统凭据管理器")
    add_passphrase_option(p)
    p.set_defaults(handler=cmd_unlock, needs_ledger=False)

    from desktop.cli.commands import passphrase as passphrase_commands  # noqa: PLC0415

    passphrase_commands.register(sub)

    p = sub.add_parser("rekey", help="更换台账密钥（先自动备份），并显示新的恢复密钥")
    p.set_defaults(handler=cmd_rekey)

    p = sub.add_parser("backup", help="立即备份台账（加密，与台账使用同一密钥）")
    p.add_argument("--out", metavar="FILE", type=non_empty, help="备份到此文件（默认：备份文件夹中按时间命名）")
    p.add_argument(
        "--force", action="store_true",
        help="--out 的文件已存在时覆盖（只覆盖本台账较早的备份；台账文件本身和其他文件不会被覆盖）",
    )
    p.set_defaults(handler=cmd_backup, read_only=True)  # reads the ledger; the backup goes elsewhere

    p = sub.add_parser("backups", help="列出备份文件夹中的备份")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backups, needs_ledger=False)

    p = sub.add_parser("backup-folder", help="显示或更改备份文件夹")
    p.add_argument("folder", nargs="?", type=non_empty, help="新的备份文件夹")
    p.add_argument("--default", action="store_true", help="恢复默认位置（台账所在文件夹下的 backups）")
    p.set_defaults(handler=cmd_backup_folder, needs_ledger=False)

    p = sub.add_parser("restore", help="从备份恢复台账（先备份当前台账并校验备份文件）")
    p.add_argument("file", type=non_empty, help="备份文件")
    p.add_argument("--ask-key", action="store_true", help="输入备份文件的恢复密钥（更换密钥前的备份需要）")
    p.set_defaults(handler=cmd_restore, needs_ledger=False)


# ---------------------------------------------------------------------------------------------


def _ledger_file(args: argparse.Namespace, *, may_be_missing: bool = False) -> Path:
    """The ledger file the arguments name; it must exist unless ``may_be_missing`` (restore)."""
    from db.store.storage import resolve_target  # noqa: PLC0415

    url, path = resolve_target(args.db, args.url)
    if url is not None:
        ledger_target(args, create=False)  # a malformed or unsupported address is a usage error first
        raise LedgerError("服务器台账（PostgreSQL）请由数据库管理员用 pg_dump / pg_restore 备份和恢复。")
    if not may_be_missing:
        ledger_target(args, create=False)  # refuses a ledger file that does not exist
    assert path is not None
    return path


def _read_key(prompt: str) -> bytes:
    if sys.stdin.isatty():
        text = getpass.getpass(prompt)
    else:
        text = sys.stdin.readline()
    return keys.parse_key(text)


def cmd_recovery_key(args: argparse.Namespace, ledger: Any) -> int:
    if ledger.path is None or not ledger.encrypted or ledger.key is None:
        print("此台账未加密（或在服务器上），没有恢复密钥。", file=sys.stderr)
        return 1
    print(f"台账：{ledger.path}")
    print("恢复密钥（请打印或抄写后妥善保管，不要与电脑放在一起）：")
    print(keys.recovery_key(ledger.key))
    return 0


def cmd_unlock(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store.storage import open_ledger  # noqa: PLC0415

    path = _ledger_file(args)
    with_passphrase = bool(getattr(args, "passphrase_stdin", False))
    how = "口令" if with_passphrase else "恢复密钥"
    # with --passphrase-stdin the passphrase unwraps the key (db.store.keys.load_key)
    key = None if with_passphrase else _read_key("恢复密钥：")
    ledger = open_ledger(path, key=key, create=False)
    try:
        key = ledger.key
        stored = key is not None and (keys.remember_key(path, key) or keys.key_in_keyring(path))
    finally:
        ledger.close()
    if stored:
        print(f"已用{how}打开台账 {path}，密钥已保存到系统凭据管理器，以后可直接打开。")
    else:
        print(f"已用{how}打开台账 {path}。系统凭据管理器不可用，密钥未保存；请继续使用{how}。")
    return 0


def cmd_rekey(args: argparse.Namespace, ledger: Any) -> int:
    from db.store.rekey import change_key  # noqa: PLC0415

    shown: list[str] = []

    def announce(recovery: str) -> None:
        # before the file is re-encrypted: where no keyring exists this is the only copy of the new key
        print("新的恢复密钥（即将启用；请立即打印或抄写后妥善保管）：")
        print(recovery, flush=True)
        shown.append(recovery)

    try:
        result = change_key(ledger, announce=announce)
    except LedgerError as exc:
        if shown:
            raise LedgerError(f"{exc}刚才显示的新恢复密钥没有启用，请作废。") from exc
        raise
    print(f"台账密钥已更换。更换前已备份到：{result.backup}（该备份只能用原来的恢复密钥打开）")
    print("新的恢复密钥（请打印或抄写后妥善保管，原恢复密钥对当前台账已失效）：")
    print(result.recovery_key)
    if not result.stored:
        print("注意：系统凭据管理器不可用，新密钥未保存；打开台账时请使用上面的恢复密钥。", file=sys.stderr)
    if result.env_key_stale:
        print("注意：环境变量 DENGBAO_KEY 仍是原密钥，请改为上面的新恢复密钥。", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace, ledger: Any) -> int:
    import sqlcipher3.dbapi2 as sqlcipher  # noqa: PLC0415

    from db.store.backup import make_backup  # noqa: PLC0415

    target = Path(args.out) if args.out else None
    try:
        path = make_backup(ledger, reason="manual", target=target, overwrite=args.force)
    except (sqlite3.Error, sqlcipher.Error) as exc:
        # e.g. "unable to open database file": a place where no file can be made
        where = target if target is not None else "备份文件夹"
        raise LedgerError(f"无法写入备份文件 {where}（{exc}）。请换一个可写的位置。") from exc
    state = "已加密，与台账使用同一密钥/恢复密钥" if ledger.encrypted else "未加密，与台账相同"
    print(f"已备份到：{path}（{state}）")
    return 0


def cmd_backups(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store.backup import backup_folder, list_backups  # noqa: PLC0415

    path = _ledger_file(args)
    folder = backup_folder(path)
    found = list_backups(folder, path.stem)
    if args.json:
        print(
            json.dumps({"folder": str(folder), "backups": [b.as_dict() for b in found]}, ensure_ascii=False)
        )
        return 0
    print(f"备份文件夹：{folder}")
    for info in found:
        size = info.path.stat().st_size / 1024 / 1024
        print(
            f"{info.taken:%Y-%m-%d %H:%M:%S}  {_reason_label(info.reason):<8} {size:8.1f} MB  {info.path.name}"
        )
    if not found:
        print("（没有备份）")
    return 0


def _reason_label(reason: str) -> str:
    labels = {
        "manual": "手动",
        "daily": "每日自动",
        "exit": "退出时",
        "before-restore": "恢复前",
        "before-restore-raw": "恢复前原样",
        "before-migration": "升级前",
        "before-rekey": "换密钥前",
    }
    return labels.get(reason, reason)


def cmd_backup_folder(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store.backup import backup_folder, set_backup_folder  # noqa: PLC0415

    if args.default and args.folder:
        raise UsageError("不能同时指定新的备份文件夹和 --default", command="backup-folder")
    path = _ledger_file(args)
    if args.default:
        set_backup_folder(path, None)
    elif args.folder:
        try:
            set_backup_folder(path, Path(args.folder))
        except OSError as exc:
            raise LedgerError(f"无法使用备份文件夹 {args.folder}：{exc.strerror or exc}") from exc
    print(f"备份文件夹：{backup_folder(path)}")
    return 0


def cmd_restore(args: argparse.Namespace, _ledger: Any) -> int:
    from db.store.check import check_ledger  # noqa: PLC0415
    from db.store.restore import restore_backup  # noqa: PLC0415
    from db.store.storage import open_ledger  # noqa: PLC0415

    # a missing ledger is allowed here: restoring a backup is how a ledger reaches a new computer
    path = _ledger_file(args, may_be_missing=True)
    key = _read_key("备份文件的恢复密钥：") if args.ask_key else None
    result = restore_backup(path, Path(args.file), key=key)
    if result.previous is not None:
        print(f"恢复前的台账已备份到：{result.previous}")
    print(f"已从 {args.file} 恢复台账 {path}（审计记录 {result.report.events} 条）。")
    if result.rekeyed:
        print("备份已改用当前台账的密钥加密，原恢复密钥继续有效。")
    ledger = open_ledger(path, key=result.key, create=False)
    try:
        report = check_ledger(ledger)
    finally:
        ledger.close()
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
