"""``dengbao-cli passphrase set|remove|status``: the passphrase that unlocks an encrypted ledger file.

- ``set [--only]``: protect the key with a new passphrase (or change it); the ledger itself is not
  re-encrypted, only ``<ledger>.passphrase.json`` is rewritten. ``--only`` then removes the key from
  the keyring, so the ledger opens with the passphrase or the recovery key alone. The new passphrase
  is read from standard input (on a terminal: typed twice without echo); with the global
  ``--passphrase-stdin`` the first line is the current passphrase and the next one the new passphrase.
- ``remove``: drop the passphrase; refused unless the keyring holds the key (else only the recovery
  key would be left).
- ``status``: which ways in this ledger has.

Registered by :mod:`desktop.cli.commands.maintenance`.
"""

from __future__ import annotations

import argparse
from typing import Any

from db.domain.errors import LedgerError


def register(sub: Any) -> None:
    p = sub.add_parser("passphrase", help="设置、更改或删除台账口令（不重新加密台账）")
    p.add_argument("action", choices=["set", "remove", "status"], help="set：设置或更改；remove：删除；status：查看")
    p.add_argument(
        "--only", action="store_true",
        help="set：设置后从系统凭据管理器中删除密钥，只能用口令或恢复密钥打开",
    )
    p.set_defaults(handler=cmd_passphrase)


def _file_ledger(ledger: Any) -> Any:
    if ledger.path is None or not ledger.encrypted or ledger.key is None:
        raise LedgerError("只有加密的台账文件可以设置口令（服务器台账和未加密的台账没有密钥）。")
    if getattr(ledger, "read_only", False):
        raise LedgerError(f"台账所在的文件夹只读，无法保存口令：{ledger.path.parent}")
    return ledger


def cmd_passphrase(args: argparse.Namespace, ledger: Any) -> int:
    from db.store import keys, passphrase  # noqa: PLC0415

    ledger = _file_ledger(ledger)
    path = ledger.path
    if args.action == "status":
        protected = passphrase.has_passphrase(path)
        print(f"台账：{path}")
        print("口令：" + (f"已设置（{passphrase.describe_cost(path)}）" if protected else "未设置"))
        print("系统凭据管理器：" + ("保存有密钥" if keys.key_in_keyring(path) else "没有保存密钥"))
        print("恢复密钥：始终可以打开（dengbao-cli recovery-key 显示）")
        return 0
    if args.action == "remove":
        if not passphrase.has_passphrase(path):
            print("此台账没有设置口令，未做任何修改。")
            return 0
        if not keys.key_in_keyring(path):
            raise LedgerError(
                "系统凭据管理器中没有此台账的密钥，删除口令后只能用恢复密钥打开，已拒绝。"
                "请先运行 dengbao-cli unlock 把密钥保存到系统凭据管理器。"
            )
        passphrase.remove_wrap(path)
        print(f"已删除台账口令：{path}。以后由系统凭据管理器中的密钥打开，恢复密钥仍然有效。")
        return 0
    if getattr(args, "passphrase_stdin", False):
        keys.current_passphrase()  # the first line is the current passphrase, even if the keyring opened it
    from desktop.cli.support import read_passphrase  # noqa: PLC0415

    new = read_passphrase(True)
    passphrase.write_wrap(path, ledger.key, new)
    if passphrase.unwrap(path, new) != ledger.key:  # read back before anything else relies on it
        raise LedgerError("口令文件写入后校验失败，请重试。")
    if args.only:
        keys.forget_key(path)
    where = "只能用口令或恢复密钥打开" if not keys.key_in_keyring(path) else "也可由系统凭据管理器中的密钥直接打开"
    print(f"已设置台账口令：{path}（台账未重新加密）。此台账{where}。")
    if passphrase.chosen_cost() != passphrase.DEFAULT_COST:
        print(f"注意：{passphrase.ENV_TEST_COST}=1，口令使用测试用的低强度参数，请勿用于正式台账。")
    return 0
