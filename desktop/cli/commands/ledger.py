"""dengbao-cli commands on the ledger itself: create it, fill a new one with demo data, list, check.

- ``init``: create (or open and upgrade) the ledger; a new encrypted ledger shows its recovery key once.
- ``demo [--scale unit|province] [--today YYYY-MM-DD] [--json]``: demo data, into a new empty ledger only.
- ``list orgs|objects|findings|deadlines [--json] [--today …] [--days N] [--limit N]``
- ``check [--json]``: integrity, foreign keys and the audit chain.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from db.domain.errors import LedgerError
from desktop.cli.support import add_passphrase_option, count, hide_password, iso_date, today_of


class _KeyringToo(argparse.Action):
    """``init --keyring-too``: a ledger created with a passphrase keeps its key in the keyring as well."""

    def __call__(self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None) -> None:
        from db.store import keys  # noqa: PLC0415

        setattr(namespace, self.dest, True)
        keys.keep_in_keyring_too()


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="创建（或打开并升级）台账；加 --passphrase-stdin 用口令保护新台账")
    add_passphrase_option(p)
    p.add_argument(
        "--keyring-too", nargs=0, action=_KeyringToo, default=argparse.SUPPRESS,
        help="用口令新建台账时，同时把密钥保存到系统凭据管理器（本机打开不必输入口令）",
    )
    p.set_defaults(handler=cmd_init, creates_ledger=True)

    p = sub.add_parser("demo", help="写入演示数据（只用于新建的空台账）")
    p.add_argument(
        "--scale",
        choices=["unit", "province"],
        default="unit",
        help="unit：一个单位的演示；province：全省规模",
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="以此日期为“今天”生成数据")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo, creates_ledger=True)

    p = sub.add_parser("list", help="列出单位、定级对象、问题或到期事项")
    p.add_argument("what", choices=["orgs", "objects", "findings", "deadlines"])
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--today", metavar="YYYY-MM-DD", type=iso_date, help="计算到期情况所用的日期（默认今天）")
    p.add_argument("--days", type=count, default=30, metavar="N", help="deadlines：列出今后多少天内到期的事项（默认30）")
    p.add_argument("--limit", type=count, default=None, metavar="N", help="findings：最多列出多少条")
    p.set_defaults(handler=cmd_list, read_only=True)

    p = sub.add_parser("check", help="检查台账完整性、外键和审计链")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check, read_only=True)


# ---------------------------------------------------------------------------------------------


def _emit(args: argparse.Namespace, payload: Any, lines: Sequence[str]) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        for line in lines:
            print(line)


def cmd_init(args: argparse.Namespace, ledger: Any) -> int:
    from db.store.recovery import mark_recovery_key_shown, recovery_key_pending

    where = ledger.path or hide_password(ledger.url)
    state = "已加密（SQLCipher）" if ledger.encrypted else "未加密"
    print(f"台账已就绪：{where}（{state}）")
    pending = not ledger.created and recovery_key_pending(ledger)
    if pending:
        print("此台账的恢复密钥上次没有显示完毕（程序被中断），现在补显示：")
    for line in _new_ledger_notes(ledger, again=pending):
        print(line)
    for line in _passphrase_notes(args, ledger):
        print(line)
    sys.stdout.flush()
    mark_recovery_key_shown(ledger)
    return 0


def _passphrase_notes(args: argparse.Namespace, ledger: Any) -> list[str]:
    """How the key of this ledger is kept, when a passphrase was involved."""
    from db.store import keys, passphrase  # noqa: PLC0415

    if ledger.path is None or not ledger.encrypted:
        return []
    protected = passphrase.has_passphrase(ledger.path)
    if not protected:
        if getattr(args, "passphrase_stdin", False):
            return ["注意：台账已存在且未设置口令，口令未使用。设置口令请用 dengbao-cli passphrase set。"]
        return []
    where = "口令和系统凭据管理器" if keys.key_in_keyring(ledger.path) else "口令（系统凭据管理器中没有保存）"
    lines = [f"密钥由{where}保护；忘记口令时用恢复密钥打开。"]
    if ledger.created and passphrase.chosen_cost() != passphrase.DEFAULT_COST:
        lines.append(f"注意：{passphrase.ENV_TEST_COST}=1，口令使用测试用的低强度参数，请勿用于正式台账。")
    return lines


def _new_ledger_notes(ledger: Any, *, again: bool = False) -> list[str]:
    """What the user must be told about a ledger this run created (its recovery key, shown once), or
    ``again`` about one whose key was never shown to the end."""
    if not ledger.created and not again:
        return []
    if ledger.encrypted and ledger.key is not None:
        from db.store.keys import recovery_key

        return ["恢复密钥（请打印或抄写后妥善保管，只显示这一次）：", recovery_key(ledger.key)]
    if ledger.path is not None:
        return ["注意：此台账未加密，文件中的内容可被直接读取。"]
    return []


#: bookkeeping tables that a freshly created ledger already fills
_BOOKKEEPING_TABLES = frozenset({"audit_head", "ledger_meta"})


class _Verdict(Exception):
    """Carries a finding out of a transaction so that the transaction is rolled back."""

    def __init__(self, has_data: bool) -> None:
        super().__init__()
        self.has_data = has_data


def _refuse_unless_empty(ledger: Any) -> None:
    """Refuse (LedgerError) when any table other than bookkeeping has a row, audit events included.

    Looked at in a write transaction that is always rolled back, after a write of a bookkeeping row
    (also rolled back): a ledger that cannot be written is reported as such (read-only, busy) before
    its contents are, and nothing is changed either way.
    """
    import sqlalchemy as sa

    from db.models import Base

    try:
        with ledger.session() as session:
            conn = session.connection()
            # a write that is rolled back: a ledger that cannot be written says so here
            conn.exec_driver_sql("UPDATE ledger_meta SET value = value")
            found = any(
                conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None
                for table in Base.metadata.sorted_tables
                if table.name not in _BOOKKEEPING_TABLES
            )
            raise _Verdict(found)
    except _Verdict as verdict:
        if verdict.has_data:
            raise LedgerError(
                "台账中已有数据，演示数据只能写入新建的空台账（例如 dengbao-cli --db demo.db demo）。"
            ) from None


def cmd_demo(args: argparse.Namespace, ledger: Any) -> int:
    from db.demo.unit import build_demo

    _refuse_unless_empty(ledger)
    notes = _new_ledger_notes(ledger)
    summary = build_demo(ledger, scale=args.scale, today=today_of(args))
    _emit(args, summary, [f"已生成演示数据：{_fmt_counts(summary)}", *notes])
    if notes and getattr(args, "json", False):
        for line in notes:  # stdout carries the JSON; the recovery key must still be seen once
            print(line, file=sys.stderr)
    if notes:
        from db.store.recovery import mark_recovery_key_shown

        sys.stdout.flush()
        mark_recovery_key_shown(ledger)
    return 0


def _fmt_counts(counts: dict[str, int]) -> str:
    return "，".join(f"{k} {v}" for k, v in counts.items())


def cmd_list(args: argparse.Namespace, ledger: Any) -> int:
    from db.repo import listing
    from db.repo.lists import without_unit

    with ledger.session(write=False) as session:
        if args.what == "orgs":
            rows = listing.organizations(session)
            lines = [f"{r['id']:>5}  {r['name']}  {r.get('uscc') or ''}" for r in rows]
        elif args.what == "objects":
            rows = listing.objects(session)
            lines = [
                f"{r['id']:>5}  {r['level_label']:<4} {without_unit(r['name'], r['organization'])}（{r['organization']}）"
                for r in rows
            ]
        elif args.what == "findings":
            rows = listing.findings(session, today=today_of(args), limit=args.limit)
            lines = [
                f"{r['id']:>6}  {r['risk_label']}  {r['status_label']:<4} {r['deadline'] or '—'}"
                f"{' 逾期' if r['overdue'] else ''}  {r['title']}"
                for r in rows
            ]
        else:
            from db.repo.deadlines import upcoming

            items = upcoming(session, today=today_of(args), horizon_days=args.days)
            rows = [item.as_dict() for item in items]
            lines = [
                f"{r['due']}  {'逾期' if r['overdue'] else '临近'}  {r['title']}  [{r['rule_set']}"
                f"{'，按周一至周五估算' if r['approximate'] else ''}]"
                for r in rows
            ]
    _emit(args, rows, lines or ["（无）"])
    return 0


def cmd_check(args: argparse.Namespace, ledger: Any) -> int:
    from db.store.check import check_ledger

    report = check_ledger(ledger)
    _emit(args, report.as_dict(), report.lines())
    return 0 if report.ok else 1
